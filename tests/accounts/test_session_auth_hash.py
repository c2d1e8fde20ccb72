"""The HMAC a session is checked against, worked out once per password hash: always Django's."""

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse

from accounts import models

pytestmark = pytest.mark.django_db


def djangos(user) -> str:
    return AbstractBaseUser.get_session_auth_hash(user)  # Django's own, worked out each time


def test_the_kept_hash_is_django_s_for_each_password_and_secret_key(agency_staff, office_staff, settings):
    models._session_auth_hashes.clear()
    for user in (agency_staff, office_staff, agency_staff):
        assert user.get_session_auth_hash() == djangos(user)
    assert len(models._session_auth_hashes) == 2
    before = agency_staff.get_session_auth_hash()
    agency_staff.set_password("mot-mat-khau-moi-2026")
    assert agency_staff.get_session_auth_hash() == djangos(agency_staff) != before
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert models._session_auth_hashes == {}
    assert agency_staff.get_session_auth_hash() == djangos(agency_staff)


def test_a_password_changed_elsewhere_still_signs_the_session_out(client, agency_staff):
    agency_staff.set_password("mat-khau-cu-2026")
    agency_staff.save()
    client.force_login(agency_staff)
    assert client.get(reverse("notifications:list")).status_code == 200
    agency_staff.set_password("mat-khau-moi-2026")
    agency_staff.save()
    assert client.get(reverse("notifications:list")).status_code == 302


def test_the_kept_hashes_are_bounded(agency_staff):
    for number in range(models.SESSION_AUTH_HASHES_KEPT + 5):
        agency_staff.password = f"pbkdf2_sha256$1$salt${number}"
        assert agency_staff.get_session_auth_hash() == djangos(agency_staff)
    assert len(models._session_auth_hashes) <= models.SESSION_AUTH_HASHES_KEPT
