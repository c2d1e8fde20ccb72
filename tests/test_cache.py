"""The shared cache (Redis, `tasktracker.cache`) failing: pages are counted from the database instead of
failing, and a counts version that could not be raised is raised once Redis answers again, so figures kept
before the outage are not shown as current after it. Against a real redis-server of the test's own, made
unreachable by stopping its process (SIGSTOP, as a network partition would) and by killing it."""

import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from directives import counts
from directives.services import extend_deadline
from reporting import dashboard
from tasktracker import cache as resilient_cache
from tests.factories import DirectiveFactory, PartFactory
from tests.faults.conftest import free_port
from tests.reporting.test_dashboard_figures import categories_of, days, recounted

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(60)]


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "tasktracker.cache.ResilientRedisCache", "LOCATION": url}}


@pytest.fixture
def shared_cache(own_redis, settings, monkeypatch):
    """The default cache on the test's redis-server, retried 0.2 s after a failure."""
    monkeypatch.setattr(resilient_cache, "RETRY_AFTER", 0.2)
    monkeypatch.setattr(resilient_cache._outage, "skipped_until", 0.0)
    monkeypatch.setattr(counts, "_unraised", set())
    settings.CACHES = redis_cache(own_redis.url)
    yield caches["default"]
    caches["default"].clear()


def test_an_unreachable_redis_answers_as_an_empty_cache(settings, monkeypatch):
    monkeypatch.setattr(resilient_cache._outage, "skipped_until", 0.0)
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    cache, failures = caches["default"], resilient_cache.failures()
    assert cache.get("a", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    cache.set("a", 1)
    cache.set_many({"a": 1})
    with pytest.raises(ValueError):
        cache.incr("a")
    assert resilient_cache.failures() == failures + 6
    # Left alone after a failure: no connection is tried, so nothing waits for a timeout.
    started = time.monotonic()
    for _ in range(100):
        cache.get("a")
    assert time.monotonic() - started < 0.5


def test_pages_are_served_while_redis_is_down(client, shared_cache, own_redis, office_staff, agency):
    PartFactory(directive=DirectiveFactory(deadline=days(-3)), agency=agency)
    client.force_login(office_staff)
    own_redis.stop()
    for name in ("reporting:dashboard", "directives:directive_list", "directives:my_tasks", "api:part-list"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_change_made_while_redis_is_unreachable_shows_once_it_answers_again(
    shared_cache, own_redis, agency, office_staff, committed
):
    overdue = PartFactory(directive=DirectiveFactory(deadline=days(-3)), agency=agency)
    PartFactory(directive=DirectiveFactory(deadline=days(-5)), agency=agency)
    before = dashboard.counted_figures((None, None), days(0), None)  # kept in Redis under the versions
    assert shared_cache.get_many([counts.CHANGES_KEY])

    own_redis.freeze()  # the connection times out
    committed(
        lambda: extend_deadline(part_id=overdue.pk, user=office_staff, new_deadline=days(30), note="Gia hạn.")
    )
    assert counts._unraised
    during = dashboard.counted_figures((None, None), days(0), None)

    own_redis.thaw()  # Redis answers again, with what it held before
    time.sleep(0.3)
    after = dashboard.counted_figures((None, None), days(0), None)
    assert not counts._unraised
    full = recounted()
    assert categories_of(during[0]) == categories_of(after[0]) == categories_of(full[0])
    assert categories_of(after[0]) != categories_of(before[0])
