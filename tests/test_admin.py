"""The admin: every page an office administrator uses, and who may enter it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from directives.choices import TaskStatus
from tests.factories import DirectiveFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "agencies", "directives", "django_celery_beat"}
# API tokens act as their owners: only superusers see other people's (tests/accounts/test_tokens.py).
SUPERUSERS_ONLY = {"apitoken"}


def changelist_urls():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
        if model._meta.app_label in OUR_APPS and model._meta.model_name not in SUPERUSERS_ONLY
    ]


@pytest.fixture
def some_tasks(agency, other_agency):
    directive = DirectiveFactory(title="Tiêu thoát nước các khu công nghiệp")
    PartFactory(directive=directive, agency=agency, status=TaskStatus.IN_PROGRESS)
    PartFactory(directive=directive, agency=other_agency)
    return directive


def test_office_staff_open_every_list_and_add_page(client, office_staff, some_tasks):
    client.force_login(office_staff)
    for url in changelist_urls():
        assert client.get(url).status_code == 200, url
    for name in ["directives_notice", "directives_directive", "agencies_agency", "accounts_user"]:
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200, name
    assert client.get(reverse("admin:directives_directive_change", args=[some_tasks.pk])).status_code == 200


def test_admin_search_ignores_diacritics(client, office_staff, some_tasks):
    client.force_login(office_staff)
    response = client.get(reverse("admin:directives_directive_changelist"), {"q": "tieu thoat NUOC"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [some_tasks]


def test_leaders_read_but_do_not_change(client, leader, some_tasks):
    client.force_login(leader)
    assert client.get(reverse("admin:directives_directive_changelist")).status_code == 200
    assert client.get(reverse("admin:directives_directive_add")).status_code == 403
    response = client.post(
        reverse("admin:directives_directive_change", args=[some_tasks.pk]), {"title": "Sửa trái phép"}
    )
    assert response.status_code == 403
    some_tasks.refresh_from_db()
    assert some_tasks.title == "Tiêu thoát nước các khu công nghiệp"


@pytest.mark.parametrize("user_fixture", ["agency_head", "agency_staff"])
def test_agency_users_are_kept_out_of_the_admin(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("admin:directives_directive_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in [reverse("admin:index"), *changelist_urls()]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("admin:login") in response["Location"]


def test_history_is_read_only_in_the_admin(client, office_staff):
    client.force_login(office_staff)
    assert client.get(reverse("admin:directives_progressupdate_add")).status_code == 403


def test_office_staff_cannot_grant_superuser_powers(client, office_staff, agency):
    target = UserFactory(agency=agency)
    client.force_login(office_staff)
    response = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
    assert response.status_code == 200
    assert "is_superuser" not in response.context["adminform"].form.fields
    superuser = UserFactory(is_superuser=True, role=None, agency=None)
    response = client.post(reverse("admin:accounts_user_change", args=[superuser.pk]), {"username": "taken"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.username != "taken"


def test_the_admin_lists_run_a_constant_number_of_queries(
    client, office_staff, agency, django_assert_max_num_queries
):
    client.force_login(office_staff)
    for _ in range(3):
        PartFactory(agency=agency)
    url = reverse("admin:directives_directive_changelist")
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(20):
        PartFactory(agency=agency)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
