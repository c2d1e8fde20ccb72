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
