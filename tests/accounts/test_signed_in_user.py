"""The signed-in user is read once per request, with the role and agency every page needs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["office_staff", "agency_head"])
def test_a_page_reads_the_user_role_and_agency_in_one_query(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("directives:notice_list"))
    assert response.status_code == 200
    agency = user.agency
    assert (agency.short_name or agency.name) in response.content.decode()  # the header names it
    statements = [query["sql"] for query in queries]
    reading_users = [sql for sql in statements if 'FROM "accounts_user"' in sql]
    assert len(reading_users) == 1
    assert '"accounts_role"' in reading_users[0] and '"agencies_agency"' in reading_users[0]
    assert not [sql for sql in statements if sql.startswith('SELECT "accounts_role"')]
    assert not [sql for sql in statements if sql.startswith('SELECT "agencies_agency"')]


def test_an_inactive_user_is_signed_out(client, office_staff):
    client.force_login(office_staff)
    office_staff.is_active = False
    office_staff.save()
    assert client.get(reverse("directives:notice_list")).status_code == 302


def test_request_user_is_the_user_itself_once_read(client, office_staff):
    from django.utils.functional import SimpleLazyObject

    client.force_login(office_staff)
    response = client.get(reverse("directives:notice_list"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert not isinstance(user, SimpleLazyObject)
    assert user == office_staff and user.role_id == office_staff.role_id
    # Not read at all by a request that does not ask (the health check): no query for the user, still lazy.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("health"))
    assert not [query for query in queries if 'FROM "accounts_user"' in query["sql"]]
    assert isinstance(response.wsgi_request.user, SimpleLazyObject)


def test_the_api_s_request_user_is_the_user_itself(client, office_staff):
    from django.utils.functional import SimpleLazyObject

    client.force_login(office_staff)
    response = client.get("/api/v1/parts/")
    assert response.status_code == 200
    assert not isinstance(response.wsgi_request.user, SimpleLazyObject)
    assert response.wsgi_request.user == office_staff


def test_signing_in_keeps_the_user_it_signed_in(client, office_staff):
    """A lazy user read after another was set (signing in sets one) does not take its place again."""
    from django.contrib.auth import login
    from django.test import RequestFactory

    from tasktracker.middleware import AuthenticationMiddleware

    request = RequestFactory().get("/")
    request.session = client.session
    AuthenticationMiddleware(lambda request: None).process_request(request)
    lazy = request.user
    login(request, office_staff, backend="accounts.backends.RoleBackend")
    assert request.user is office_staff
    assert lazy.is_authenticated  # read after: the proxy held elsewhere is read, request.user stays
    assert request.user is office_staff
