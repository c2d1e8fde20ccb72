"""A session's data checked and decoded once per process for each signed text: the same dicts as Django's."""

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore

from tasktracker import sessions
from tasktracker.sessions import SessionStore

SESSIONS: list[dict[str, Any]] = [
    {
        "_auth_user_id": "7",
        "_auth_user_backend": "accounts.backends.RoleBackend",
        "_refreshed_at": 1764547200,
    },
    {"answer": {"kind": "tiến độ", "ids": [1, 2.5, None, True]}, "chữ": 'Sở <Tài chính> & "Kế hoạch"'},
    {"nested": [{"a": []}, {}], "number": -3},
]


@pytest.fixture(autouse=True)
def nothing_kept():
    sessions._decoded.clear()
    yield
    sessions._decoded.clear()


@pytest.mark.parametrize("session", SESSIONS)
def test_decoding_again_gives_djangos_dict_a_new_one_each_time(session):
    store = SessionStore()
    data = store.encode(session)
    first = store.decode(data)
    assert data in sessions._decoded
    second = SessionStore().decode(data)
    assert first == second == DjangoSessionStore().decode(data) == session
    assert list(second) == list(session)  # in the same order
    first["answer"] = "changed"
    first.get("nested", [{}])[0]["a"] = "changed"
    assert SessionStore().decode(data) == session  # what one request changes is not the next one's


def test_data_that_fails_its_check_is_refused_every_time_and_not_kept(caplog):
    data = SessionStore().encode(SESSIONS[0])
    tampered = data[:-3] + ("aaa" if not data.endswith("aaa") else "bbb")
    for _ in range(2):
        assert SessionStore().decode(tampered) == {}
        assert SessionStore().decode("not a session") == {}
    assert tampered not in sessions._decoded and "not a session" not in sessions._decoded
    assert caplog.text.count("Session data corrupted") == 4


def test_what_was_kept_is_forgotten_when_the_secret_key_changes(settings):
    data = SessionStore().encode(SESSIONS[0])
    assert SessionStore().decode(data) == SESSIONS[0]
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert sessions._decoded == {}
    assert SessionStore().decode(data) == {}  # signed with the old key: refused, as Django refuses it


def test_the_kept_data_is_bounded():
    store = SessionStore()
    for number in range(sessions.DECODED_KEPT + 5):
        store.decode(store.encode({"n": number}))
    assert len(sessions._decoded) <= sessions.DECODED_KEPT
