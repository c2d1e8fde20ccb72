"""The session store: Django's database sessions, read with a prepared statement, with the same rules."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tasktracker.sessions import SessionStore

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-dung-2024"
PAGE = "notifications:list"


@pytest.fixture
def person(agency_staff):
    agency_staff.set_password(PASSWORD)
    agency_staff.save()
    return agency_staff


def signed_in(client, user):
    """The page answers the person rather than sending them to the login page."""
    response = client.get(reverse(PAGE))
    return response.status_code == 200 and response.wsgi_request.user == user


def test_the_site_uses_this_store():
    assert settings.SESSION_ENGINE == "tasktracker.sessions"


def test_a_session_is_read_back_as_saved_in_one_query():
    store = SessionStore()
    store["answer"] = {"kind": "progress", "ids": [1, 2]}
    store.save()
    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(store.session_key)
        assert loaded["answer"] == {"kind": "progress", "ids": [1, 2]}
        assert loaded.session_key == store.session_key
    assert len(queries) == 1
    assert '"django_session"' in queries[0]["sql"]


@pytest.mark.parametrize("key", ["notakeyofanysession1", "short"])
def test_an_unknown_key_gives_an_empty_session_saved_under_a_new_key(key):
    store = SessionStore(key)
    assert store.load() == {}
    store["seen"] = True
    store.save()
    assert store.session_key not in (key, None)
    assert SessionStore(store.session_key)["seen"] is True
    assert not Session.objects.filter(session_key=key).exists()


def test_an_expired_session_is_empty_and_not_written_over():
    store = SessionStore()
    store["mine"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    # Just before its end it is still read.
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert SessionStore(store.session_key)["mine"] == 1


def test_a_session_past_its_idle_end_signs_the_person_out(client, person):
    client.force_login(person)
    assert signed_in(client, person)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not signed_in(client, person)


def test_login_gives_a_new_key_and_logout_ends_the_session(client, person):
    client.get(reverse("login"))
    client.session["before_login"] = True  # an anonymous session exists before signing in
    anonymous = client.session
    anonymous.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = anonymous.session_key
    response = client.post(reverse("login"), {"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key != anonymous.session_key
    assert not Session.objects.filter(session_key=anonymous.session_key).exists()
    assert signed_in(client, person)

    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie signs no one in any more.
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    assert not signed_in(client, person)


def test_clearsessions_deletes_the_expired_ones_only():
    kept, expired = SessionStore(), SessionStore()
    kept.save()
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept.session_key]
