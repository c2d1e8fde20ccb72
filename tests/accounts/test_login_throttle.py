"""Login throttling (django-axes): five wrong passwords are answered as such; the sixth locks for a while."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-dung-2024"
LOCKED_MESSAGE = "Tạm khóa đăng nhập"


@pytest.fixture
def person(agency_staff):
    agency_staff.set_password(PASSWORD)
    agency_staff.save()
    return agency_staff


def log_in(client, username, password, url=None, address="10.0.0.1"):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_the_sixth_wrong_password_locks_out_with_a_clear_message(client, person, office_staff, url_name):
    user = office_staff if url_name == "admin:login" else person
    user.set_password(PASSWORD)
    user.save()
    url = reverse(url_name)
    for _attempt in range(5):
        response = log_in(client, user.username, "sai-mat-khau", url)
        assert response.status_code == 200
        assert LOCKED_MESSAGE not in response.content.decode()
    # The sixth wrong password locks, and the page says why and for how long.
    response = log_in(client, user.username, "sai-mat-khau", url)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_MESSAGE in page
    assert "15 phút" in page
    # Meanwhile even the right password is refused.
    assert log_in(client, user.username, PASSWORD, url).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_person_from_any_address(client, person):
    for attempt in range(6):
        log_in(client, person.username, "sai-mat-khau", address=f"10.0.0.{attempt + 1}")
    assert log_in(client, person.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_the_lock_is_per_address_for_any_username(client, person):
    for attempt in range(6):
        log_in(client, f"khong-co-{attempt}", "sai-mat-khau", address="10.0.0.7")
    assert log_in(client, person.username, PASSWORD, address="10.0.0.7").status_code == 429
    # Another person at another address still signs in.
    other = UserFactory(username="nguoikhac")
    other.set_password(PASSWORD)
    other.save()
    assert log_in(client, other.username, PASSWORD, address="10.0.0.8").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, person):
    for _attempt in range(6):
        log_in(client, person.username, "sai-mat-khau")
    assert log_in(client, person.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = log_in(client, person.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_right_password_before_the_limit_starts_the_count_again(client, person):
    for _attempt in range(5):
        log_in(client, person.username, "sai-mat-khau")
    assert log_in(client, person.username, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(5):
        assert log_in(client, person.username, "sai-mat-khau").status_code == 200
    assert log_in(client, person.username, PASSWORD).status_code == 302
