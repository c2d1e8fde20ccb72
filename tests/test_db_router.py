"""The read replica: which database each read goes to, and a person's own change seen on the next page.

The first tests check the router and the middleware's decisions without a database. The last ones run
against a real streaming replica (`scripts/start_replica.sh`, which `.ci/run` starts; set
DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<name> with DATABASE_URL on the same cluster's
port 5432). The test database is created on the primary and streamed to the replica with the rest of the
cluster, so the replica connection is pointed at the same `test_…` database on the replica's port, and
the tests are transactional: the replica sees only what the primary committed.
"""

import os
import time
from datetime import timedelta

import dj_database_url
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from directives import counts
from directives.choices import TaskStatus
from directives.models import Part
from tasktracker import db_router
from tasktracker.middleware import PRIMARY_PIN_COOKIE, ReadReplicaMiddleware
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory, UserFactory
from tests.faults.conftest import free_port

router = db_router.PrimaryReplicaRouter()


@pytest.fixture
def replicas(settings, monkeypatch):
    """A replica named, and answering (the decisions are tested here, not the connection: see the last
    tests, against a real replica)."""
    settings.DATABASE_READ_REPLICAS = ["replica"]
    settings.DATABASE_PRIMARY_PIN_SECONDS = 10
    monkeypatch.setattr(db_router, "answering_replicas", db_router.read_replicas)


def reading_during(method, cookies=None, writes=False):
    """Where reads went while a view ran behind the middleware, and the response."""
    seen = {}

    def view(request):
        seen["before"] = db_router.reading_from()
        if writes:
            router.db_for_write(Part)
        seen["after"] = db_router.reading_from()
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())("/directives/")
    request.COOKIES.update(cookies or {})
    response = ReadReplicaMiddleware(view)(request)
    return seen, response


def test_without_a_replica_everything_reads_from_the_primary(settings):
    settings.DATABASE_READ_REPLICAS = []
    seen, response = reading_during("GET")
    assert seen == {"before": "default", "after": "default"}
    assert PRIMARY_PIN_COOKIE not in response.cookies
    assert router.db_for_read(Part) == "default"


def test_a_page_that_only_reads_reads_from_the_replica(replicas):
    seen, response = reading_during("GET")
    assert seen == {"before": "replica", "after": "replica"}
    assert PRIMARY_PIN_COOKIE not in response.cookies
    # After the request, reads are back on the primary (a worker thread's next job, a command).
    assert db_router.reading_from() == "default"


def test_a_submitted_form_reads_from_the_primary_and_pins_the_person_there(replicas):
    seen, response = reading_during("POST")
    assert seen == {"before": "default", "after": "default"}
    cookie = response.cookies[PRIMARY_PIN_COOKIE]
    assert cookie["max-age"] == 10
    assert float(cookie.value) == pytest.approx(time.time(), abs=2)


def test_a_read_that_writes_moves_to_the_primary_for_the_rest_of_the_request(replicas):
    seen, response = reading_during("GET", writes=True)
    assert seen == {"before": "replica", "after": "default"}
    assert PRIMARY_PIN_COOKIE in response.cookies


def test_the_next_requests_read_from_the_primary_until_the_pin_runs_out(replicas):
    pinned, response = reading_during("GET", cookies={PRIMARY_PIN_COOKIE: f"{time.time() - 5}"})
    assert pinned["before"] == "default"
    # The pin is not extended by reading.
    assert PRIMARY_PIN_COOKIE not in response.cookies
    expired, _ = reading_during("GET", cookies={PRIMARY_PIN_COOKIE: f"{time.time() - 11}"})
    assert expired["before"] == "replica"
    garbled, _ = reading_during("GET", cookies={PRIMARY_PIN_COOKIE: "tomorrow"})
    assert garbled["before"] == "replica"


def test_writes_migrations_sessions_and_tokens_stay_on_the_primary(replicas):
    from django.contrib.sessions.models import Session

    from accounts.models import ApiToken

    token = db_router.read_from_replica("replica")
    try:
        assert router.db_for_read(Part) == "replica"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(ApiToken) == "default"
        assert router.db_for_write(Part) == "default"
        # Having written, the request reads its own rows back from the primary.
        assert router.db_for_read(Part) == "default"
    finally:
        db_router.restore(token)
    assert router.allow_migrate("default", "directives")
    assert not router.allow_migrate("replica", "directives")


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there(replicas):
    token = db_router.read_from_replica("replica")
    try:
        with transaction.atomic():
            assert router.db_for_read(Part) == "default"
    finally:
        db_router.restore(token)


def test_background_jobs_read_from_the_primary(replicas):
    """A Celery task or command runs outside any request: nothing opts it in to the replica."""

    assert db_router.reading_from() == "default"
    assert router.db_for_read(Part) == "default"


def test_a_recent_change_sends_the_dashboard_counts_to_the_primary(replicas, settings):
    counts._raise()
    token = db_router.read_from_replica("replica")
    try:
        counts.current()
        assert db_router.reading_from() == "default"
    finally:
        db_router.restore(token)
    settings.DATABASE_PRIMARY_PIN_SECONDS = 0
    token = db_router.read_from_replica("replica")
    try:
        counts.current()
        assert db_router.reading_from() == "replica"
    finally:
        db_router.restore(token)


def test_a_recent_change_to_one_agency_sends_the_dashboard_counts_to_the_primary(replicas, settings):
    counts._raise_agencies([1])
    token = db_router.read_from_replica("replica")
    try:
        counts.versions([1, 2])
        assert db_router.reading_from() == "default"
    finally:
        db_router.restore(token)
    settings.DATABASE_PRIMARY_PIN_SECONDS = 0
    token = db_router.read_from_replica("replica")
    try:
        counts.versions([1, 2])
        assert db_router.reading_from() == "replica"
    finally:
        db_router.restore(token)


def test_right_after_a_change_the_dashboard_reads_nothing_from_the_replica(replicas, transactional_db):
    """Its figures are filed under the new versions, agencies' names included, so all of them come from the
    primary, which has the change (outside a transaction, where reads would go to the replica)."""
    from django.utils import timezone

    from reporting.dashboard import counted_figures
    from tests.factories import PartFactory

    part = PartFactory()
    counts._raise_agencies([part.agency_id])
    token = db_router.read_from_replica("replica")
    try:
        rows, _trend, _ageing = counted_figures((None, None), timezone.localdate())
        assert db_router.reading_from() == "default"
    finally:
        db_router.restore(token)
    assert [row["agency_id"] for row in rows] == [part.agency_id]


# ---- Against a real streaming replica ----

REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
HAS_REPLICA = "replica" in django_settings.DATABASES
ON_POSTGRESQL = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
real_replica_db = pytest.mark.django_db(
    transaction=True,
    databases=["default", "replica"] if HAS_REPLICA else ["default"],
    # Every app, named so that the flush after each test truncates with CASCADE: knox's own token table
    # (swapped out for accounts.ApiToken, so unknown to the flush) still refers to the users.
    available_apps=[app.name for app in apps.get_app_configs()],
)


@pytest.fixture
def real_replica(settings):
    """The `replica` connection on the real replica's port, reading the test database streamed there."""
    if not (HAS_REPLICA and ON_POSTGRESQL):
        reason = (
            "No streaming replica: run scripts/start_replica.sh and set DATABASE_REPLICA_URL "
            "(postgres://postgres@127.0.0.1:5433/NAME) with a PostgreSQL DATABASE_URL."
        )
        if os.environ.get("CI", "").lower() in {"1", "true"} and ON_POSTGRESQL:
            pytest.fail(reason)
        pytest.skip(reason)
    replica = connections["replica"]
    mirrored = replica.settings_dict
    real = dj_database_url.parse(REPLICA_URL)
    replica.close()
    replica.settings_dict = {
        **connections[DEFAULT_DB_ALIAS].settings_dict,
        "HOST": real["HOST"],
        "PORT": real["PORT"],
        "CONN_MAX_AGE": 0,
    }
    settings.DATABASE_READ_REPLICAS = ["replica"]
    settings.DATABASE_PRIMARY_PIN_SECONDS = 10
    try:
        wait_for_replica()
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
            assert cursor.fetchone() == (True, int(real["PORT"]))
        yield replica
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        replica.close()
        replica.settings_dict = mirrored


def wait_for_replica(seconds=30):
    """Until the replica has replayed everything the primary has committed so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    deadline = time.monotonic() + seconds
    while True:
        try:
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
                if cursor.fetchone()[0]:
                    return
        except Exception:  # the test database may not have reached the replica yet
            connections["replica"].close()
        if time.monotonic() > deadline:
            raise AssertionError(f"The replica did not replay up to {position} within {seconds} s")
        time.sleep(0.05)


def queries_per_database(client, url):
    """The response to GET `url`, and the SQL it ran on the primary and on the replica."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return (
        response,
        [query["sql"] for query in primary.captured_queries],
        [query["sql"] for query in replica.captured_queries],
    )


@pytest.fixture
def province(db):
    from accounts.roles import ensure_standard_roles

    ensure_standard_roles(Role)
    office = AgencyFactory(name="Văn phòng UBND tỉnh", kind="office")
    board = AgencyFactory(name="Ban Quản lý các khu công nghiệp tỉnh", kind="board")
    roles = {role.code: role for role in Role.objects.all()}
    people = {
        "office": UserFactory(username="vanphong", agency=office, role=roles[Role.OFFICE_STAFF]),
        "leader": UserFactory(username="lanhdao", agency=office, role=roles[Role.LEADER]),
        "staff": UserFactory(username="chuyenvien", agency=board, role=roles[Role.AGENCY_STAFF]),
    }
    notice = NoticeFactory(number="12/TB-UBND", title="Kết luận về khu công nghiệp")
    directive = DirectiveFactory(
        notice=notice,
        title="Hệ thống kết nối thông tin",
        text="Hệ thống kết nối thông tin",
        deadline=timezone.localdate() + timedelta(days=3),
    )
    part = PartFactory(directive=directive, agency=board, status=TaskStatus.IN_PROGRESS)
    return people, part


@pytest.mark.timeout(120)
@real_replica_db
def test_list_pages_and_api_reads_go_to_the_replica(real_replica, province, client):
    people, _part = province
    client.force_login(people["office"])
    wait_for_replica()
    for url in (reverse("directives:directive_list"), "/api/v1/parts/"):
        response, on_primary, on_replica = queries_per_database(client, url)
        assert "Hệ thống kết nối thông tin" in response.content.decode()
        assert any("directives_" in sql for sql in on_replica), url
        # The primary only answers for the session (written by the person, read back where it was written).
        assert all("django_session" in sql for sql in on_primary), (url, on_primary)


@pytest.mark.timeout(120)
@real_replica_db
def test_a_persons_own_change_is_on_the_next_page_while_others_may_read_the_replica(
    real_replica, province, client, settings
):
    people, part = province
    from django.test import Client

    writer, reader = client, Client()
    writer.force_login(people["staff"])
    reader.force_login(people["leader"])
    wait_for_replica()
    page = reverse("directives:directive_detail", args=[part.directive_id])
    note = "Đã họp với các sở, bản đọc lại từ máy chủ chính"

    # The replica stops replaying: what is written now exists on the primary only.
    with real_replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    response = writer.post(
        reverse("directives:part_progress", args=[part.directive_id, part.pk]),
        {
            f"part{part.pk}-status": TaskStatus.REPORTED_DONE,
            f"part{part.pk}-note": note,
            f"part{part.pk}-version": part.version,
        },
    )
    assert response.status_code == 302
    assert PRIMARY_PIN_COOKIE in response.cookies

    # The writer's next page reads from the primary and shows the change.
    response, _, on_replica = queries_per_database(writer, page)
    assert note in response.content.decode()
    assert on_replica == []

    # Someone else reads the replica, which has not replayed it yet.
    response, _, on_replica = queries_per_database(reader, page)
    assert any("directives_" in sql for sql in on_replica)
    assert note not in response.content.decode()

    # Once replayed, they see it too.
    with real_replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replica()
    response, _, on_replica = queries_per_database(reader, page)
    assert note in response.content.decode()
    assert on_replica

    # When the pin has run out, the writer reads from the replica again.
    settings.DATABASE_PRIMARY_PIN_SECONDS = 0
    response, _, on_replica = queries_per_database(writer, page)
    assert note in response.content.decode()
    assert any("directives_" in sql for sql in on_replica)


@pytest.mark.timeout(120)
@real_replica_db
def test_the_task_list_counts_on_the_replica_and_keeps_no_count_the_replica_may_not_have_replayed(
    real_replica, province, client, settings
):
    people, _part = province
    client.force_login(people["office"])
    wait_for_replica()
    url = reverse("directives:directive_list")

    def counted_on_replica():
        response, _on_primary, on_replica = queries_per_database(client, url)
        assert "Hệ thống kết nối thông tin" in response.content.decode()
        return sum(sql.startswith("SELECT COUNT(*)") and "directives_part" in sql for sql in on_replica)

    # A change was just committed: the list still reads the replica, and counts again on every view.
    counts._raise()
    assert counted_on_replica() == 1
    assert counted_on_replica() == 1
    # Once the replica has had the time to replay it, a count read there is kept for the next views.
    settings.DATABASE_PRIMARY_PIN_SECONDS = 0
    assert counted_on_replica() == 1
    assert counted_on_replica() == 0


@pytest.mark.timeout(120)
@real_replica_db
def test_while_the_replica_cannot_be_reached_pages_read_from_the_primary(
    real_replica, province, client, monkeypatch
):
    people, _part = province
    client.force_login(people["office"])
    wait_for_replica()
    page = reverse("directives:directive_list")
    port = real_replica.settings_dict["PORT"]
    real_replica.settings_dict["PORT"] = free_port()  # nothing listens there: the replica is down
    real_replica.close()
    monkeypatch.setattr(db_router, "_replica_down_until", {})
    try:
        for _ in range(2):  # the first request finds it down, the next does not try it
            with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
                response = client.get(page)
            assert response.status_code == 200
            assert "Hệ thống kết nối thông tin" in response.content.decode()
            assert any("directives_" in query["sql"] for query in primary.captured_queries)
            assert real_replica.connection is None
    finally:
        real_replica.settings_dict["PORT"] = port

    # It is back: tried again once REPLICA_RETRY_AFTER has passed.
    monkeypatch.setattr(db_router, "_replica_down_until", {})
    _response, _on_primary, on_replica = queries_per_database(client, page)
    assert any("directives_" in sql for sql in on_replica)
