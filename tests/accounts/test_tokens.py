"""API tokens: shown once, stored hashed, expiring and revocable; no one reads or uses another's token."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.factories import PartFactory, UserFactory

pytestmark = pytest.mark.django_db


def create_token(client, name="Hệ thống một cửa", days="90"):
    response = client.post(reverse("accounts:token_list"), {"name": name, "days": days})
    assert response.status_code == 200
    return response, response.context["issued_value"]


def api_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_token_is_shown_once_and_only_its_hash_is_kept(client, agency_staff):
    client.force_login(agency_staff)
    response, token = create_token(client)
    assert token in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    record = ApiToken.objects.get(user=agency_staff)
    assert record.name == "Hệ thống một cửa"
    # Nothing stored is the token: only a 15-character beginning (to recognise it) and a SHA-512 digest.
    assert token not in {record.digest, record.token_key} and len(token) > 60
    assert token.startswith(record.token_key)
    assert timedelta(days=89) < record.expiry - timezone.now() <= timedelta(days=90)
    listing = client.get(reverse("accounts:token_list")).content.decode()
    assert token not in listing
    assert record.token_key in listing


def test_a_token_works_until_revoked_or_expired(client, agency_staff, agency):
    client.force_login(agency_staff)
    _response, token = create_token(client)
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 200

    record = ApiToken.objects.get(user=agency_staff)
    response = client.post(reverse("accounts:token_revoke", args=[record.token_key]))
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 401

    _response, token = create_token(client, name="Báo cáo tháng", days="30")
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 200
    ApiToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 401


def test_an_unknown_lifetime_is_refused_and_nothing_is_created(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("accounts:token_list"), {"name": "Mãi mãi", "days": "100000"})
    assert response.status_code == 400
    assert "days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_drf_plain_tokens_are_gone():
    assert "rest_framework.authtoken" not in {config.name for config in apps.get_app_configs()}
    with pytest.raises(NoReverseMatch):
        reverse("admin:authtoken_tokenproxy_changelist")


@pytest.mark.parametrize("role", ["leader", "office_staff"])
def test_the_leader_and_the_office_cannot_read_or_use_anyone_s_token(client, request, role, agency_staff):
    """The hole of issue 15: a read-only leader copied office staff's key from the admin's token list."""
    owner = UserFactory(username="quantri", is_superuser=True, role=None, agency=None)
    record, token = ApiToken.objects.create(user=owner, name="Tích hợp")
    ApiToken.objects.create(user=agency_staff, name="Của cơ quan")
    viewer = request.getfixturevalue(role)
    client.force_login(viewer)
    # Not in the admin: neither the list, nor a token's page, nor the admin's menu.
    assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_apitoken_change", args=[record.pk])).status_code == 403
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    assert "apitoken" not in client.get(reverse("admin:index")).content.decode()
    assert not {p for p in viewer.get_all_permissions() if p.endswith("token")}
    # Not anywhere the viewer may look: every admin list they may open, their token page, the API.
    pages = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    pages += [reverse("accounts:token_list"), "/api/v1/", "/api/v1/schema/"]
    for url in pages:
        response = client.get(url)
        assert token not in response.content.decode(), url
        assert record.token_key not in response.content.decode(), url
    # Not theirs to revoke either; and the only token they could use is one of their own.
    assert client.post(reverse("accounts:token_revoke", args=[record.token_key])).status_code == 404
    assert ApiToken.objects.filter(pk=record.pk).exists()


def test_the_leader_s_own_token_acts_as_the_leader_read_only(client, leader, agency):
    client.force_login(leader)
    _response, token = create_token(client)
    part = PartFactory(agency=agency)
    response = api_with(token).post(
        "/api/v1/progress-updates/",
        {"task": part.pk, "status": "in_progress", "note": "Thử", "version": part.version},
        format="json",
    )
    assert response.status_code == 403
    assert part.updates.count() == 0


def test_superusers_manage_everyone_s_tokens_in_the_admin_and_see_a_new_one_once(client, agency_staff):
    superuser = UserFactory(username="quantri", is_superuser=True, role=None, agency=None)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {"user": agency_staff.pk, "name": "Cổng dữ liệu", "days": "30"},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = response.context["token"]
    record = ApiToken.objects.get(user=agency_staff)
    assert token.startswith(record.token_key) and token in response.content.decode()
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 200
    changelist = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert "Cổng dữ liệu" in changelist and token not in changelist
    change = client.get(reverse("admin:accounts_apitoken_change", args=[record.pk])).content.decode()
    assert token not in change
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert api_with(token).get("/api/v1/me/tasks/").status_code == 401
