"""Every page of the app, for every role, against one declared table: a page without a rule fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from directives.models import Notice
from tests.factories import AssignmentFactory, DirectiveFactory, NoticeFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office_staff", "leader", "agency_head", "agency_staff", "other_agency_head"]
# Outside the table: the admin (tests/test_admin.py), the language switch and the health check.
UNLISTED_PREFIXES = ("admin/", "i18n/", "healthz", "media/", "static/")

# url name → (how to build its URL from the scenario, {role: expected status of a GET}).
OK, LOGIN, DENIED, MISSING = 200, "login", 403, 404
PAGES = {
    "home": (lambda s: reverse("home"), dict.fromkeys(ROLES, 302)),
    "login": (lambda s: reverse("login"), {"anonymous": OK, **dict.fromkeys(ROLES[1:], 302)}),
    "logout": (lambda s: reverse("logout"), dict.fromkeys(ROLES, 405)),
    "directives:notice_list": (
        lambda s: reverse("directives:notice_list"),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], OK)},
    ),
    "directives:notice_detail": (
        lambda s: reverse("directives:notice_detail", args=[s["notice"].pk]),
        {
            "anonymous": LOGIN,
            "office_staff": OK,
            "leader": OK,
            "agency_head": OK,
            "agency_staff": OK,
            "other_agency_head": MISSING,
        },
    ),
    "directives:notice_import": (
        lambda s: reverse("directives:notice_import"),
        {
            "anonymous": LOGIN,
            "office_staff": OK,
            "leader": DENIED,
            "agency_head": DENIED,
            "agency_staff": DENIED,
            "other_agency_head": DENIED,
        },
    ),
    "directives:notice_import_confirm": (
        lambda s: reverse("directives:notice_import_confirm"),
        {
            "anonymous": LOGIN,
            "office_staff": 405,
            "leader": DENIED,
            "agency_head": DENIED,
            "agency_staff": DENIED,
            "other_agency_head": DENIED,
        },
    ),
}


def app_url_names():
    """The names of every URL pattern of the app, outside the unlisted prefixes."""
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(UNLISTED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_every_page_has_a_declared_rule():
    assert app_url_names() == set(PAGES)


@pytest.fixture
def scenario(agency):
    notice = NoticeFactory()
    AssignmentFactory(directive=DirectiveFactory(notice=notice), agency=agency)
    return {"notice": notice}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client, request, scenario, role, name):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    build_url, expected_by_role = PAGES[name]
    expected = expected_by_role[role]
    response = client.get(build_url(scenario))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, (name, role)
    assert Notice.objects.count() == 1
