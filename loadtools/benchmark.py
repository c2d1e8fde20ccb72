"""How fast the app answers on the current database: pages through Django's full request path, the
reminder and escalation sweep, and the weekly digest, each timed several times with its SQL query count.

Used by `manage.py benchmark` and described in docs/performance.md. Pages are requested with Django's test
client (middleware, sessions, templates: everything but the network and the WSGI server) as a signed-in
user of the role that uses them. Each page's SQL is measured apart: the statements of one request are
recorded with their parameters and replayed through the same connection, so a page's time splits into
what the database takes and what Python takes. Nothing is written: the whole run happens in one
transaction that is rolled back at the end (the logins' sessions included, and the extensions granted to
measure the dashboard right after a change), and the sweep and the digest run in their own dry-run mode on
top of that.
"""

import resource
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from directives import counts
from directives.models import Directive, Notice, Part, ProgressUpdate
from directives.services import extend_deadline
from notifications.models import Escalation
from notifications.services import run_digest, run_sweep

PAGES = ("dashboard", "directive_list", "my_tasks", "directive_detail", "api_list", "notice_list")
JOBS = ("sweep", "digest")
MEASUREMENTS = PAGES + JOBS
# A phrase an office searches for often; with a filter on what is overdue, the list's typical use.
SEARCH_WORDS = "giải phóng mặt bằng"


class BenchmarkError(Exception):
    """The database lacks what a measurement needs (the message says what)."""


@dataclass
class Measurement:
    """The timings of one measurement (milliseconds) and the SQL queries one run of it makes."""

    name: str
    samples_ms: list[float] = field(default_factory=list)
    queries: int = 0
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        ordered = sorted(self.samples_ms)
        return {
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(percentile(ordered, 95), 1),
            "queries": self.queries,
            "runs": len(ordered),
            "min_ms": round(ordered[0], 1),
            "max_ms": round(ordered[-1], 1),
            **self.extra,
        }


def percentile(ordered: list[float], percent: float) -> float:
    """The nearest-rank percentile of sorted samples (the 95th of 20 is the 19th)."""
    rank = max(1, -(-len(ordered) * percent // 100))
    return ordered[int(rank) - 1]


class QueryCounter:
    """Counts the SQL statements run on the default connection and the time spent in them, without keeping
    their text (a sweep's bulk inserts would otherwise be held in memory and distort its memory figure)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class StatementRecorder:
    """Keeps every SQL statement one request runs, with its parameters, to replay them."""

    def __init__(self):
        self.statements: list[tuple[str, object, bool]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params, many))
        return execute(sql, params, many, context)


@contextmanager
def counting_queries():
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def dataset_counts() -> dict:
    """How big the data is: what the measurements run over."""
    return {
        "database": connection.vendor,
        "notices": Notice.objects.count(),
        "tasks": Directive.objects.filter(is_heading=False).count(),
        "headings": Directive.objects.filter(is_heading=True).count(),
        "parts": Part.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "open_escalations": Escalation.objects.open().count(),
    }


@dataclass
class Subjects:
    """Who requests each page, and which records the pages show."""

    office_user: User
    agency_user: User
    busy_agency: Agency
    busy_agency_parts: int
    long_history_directive: int
    long_history_entries: int


def choose_subjects() -> Subjects:
    """An office user; the agency that leads the most parts, through one of its people who report
    progress; the task with the longest history."""
    office_user = (
        User.objects.filter(is_active=True, role__manages_directives=True, role__sees_all_directives=True)
        .order_by("pk")
        .first()
    )
    if office_user is None:
        raise BenchmarkError("No active office staff user: run generate_load (or seed_demo) first.")
    has_reporter = User.objects.filter(
        agency=OuterRef("agency"),
        is_active=True,
        role__reports_progress=True,
        role__sees_all_directives=False,
    )
    busiest = (
        Part.objects.filter(Exists(has_reporter))
        .values("agency")
        .annotate(part_count=Count("id"))
        .order_by("-part_count", "agency")
        .first()
    )
    if busiest is None:
        raise BenchmarkError("No agency with tasks has a user who reports progress.")
    agency_user = (
        User.objects.filter(
            agency=busiest["agency"],
            is_active=True,
            role__reports_progress=True,
            role__sees_all_directives=False,
        )
        .select_related("agency")
        .order_by("-role__heads_agency", "pk")
        .first()
    )
    longest = (
        ProgressUpdate.objects.values("part__directive")
        .annotate(entries=Count("id"))
        .order_by("-entries", "part__directive")
        .first()
    )
    if longest is None:
        raise BenchmarkError("No task has any history.")
    return Subjects(
        office_user=office_user,
        agency_user=agency_user,
        busy_agency=agency_user.agency,
        busy_agency_parts=busiest["part_count"],
        long_history_directive=longest["part__directive"],
        long_history_entries=longest["entries"],
    )


def page_requests(subjects: Subjects) -> dict[str, tuple[User, str, dict]]:
    """Each page measured: (who asks, the URL, what it shows)."""
    list_query = urlencode({"q": SEARCH_WORDS, "timeliness": "overdue"})
    return {
        "dashboard": (subjects.office_user, reverse("reporting:dashboard"), {}),
        "directive_list": (
            subjects.office_user,
            reverse("directives:directive_list") + "?" + list_query,
            {"search": SEARCH_WORDS, "filter": "timeliness=overdue"},
        ),
        "my_tasks": (
            subjects.agency_user,
            reverse("directives:my_tasks"),
            {"agency": subjects.busy_agency.name, "agency_parts": subjects.busy_agency_parts},
        ),
        "directive_detail": (
            subjects.office_user,
            reverse("directives:directive_detail", args=[subjects.long_history_directive]),
            {"history_entries": subjects.long_history_entries},
        ),
        "api_list": (subjects.office_user, reverse("api:part-list"), {"page_size": 50}),
        # An agency sees the notices of its tasks: the list that depends on the tasks, not on the notices.
        "notice_list": (
            subjects.agency_user,
            reverse("directives:notice_list"),
            {"agency": subjects.busy_agency.name},
        ),
    }


def run_benchmark(
    *,
    repeat: int = 20,
    job_repeat: int = 5,
    as_of: date | None = None,
    only: tuple[str, ...] = MEASUREMENTS,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Measure everything in `only`: one warm-up run each, then `repeat` timed runs of each page and
    `job_repeat` of the sweep and the digest. Returns the benchmark's JSON shape."""
    progress = progress or (lambda message: None)
    as_of = as_of or timezone.localdate()
    changed_agencies = []
    try:
        with _measuring_settings() as static_note, transaction.atomic():
            dataset = dataset_counts()
            subjects = choose_subjects()
            results = {}
            for name, (user, url, extra) in page_requests(subjects).items():
                if name in only:
                    progress(f"{name}: {url}")
                    results[name] = _measure_page(name, user, url, repeat, extra).as_json()
            if "dashboard" in only:
                # The dashboard's figures are cached per agency and change: measured too right after a change
                # to one part, as the office makes all day (only its agency is counted again), and with the
                # cache emptied before each request (every agency counted again, as on the day's first view).
                user, url, extra = page_requests(subjects)["dashboard"]
                changed_agencies.append(subjects.busy_agency.pk)
                for prefix, before_each in (
                    ("after_change", lambda: _change_one_part(subjects)),
                    ("recounted", cache.clear),
                ):
                    measured = _measure_page("dashboard", user, url, repeat, extra, before_each).as_json()
                    results["dashboard"].update(
                        {
                            f"{prefix}_p50_ms": measured["p50_ms"],
                            f"{prefix}_p95_ms": measured["p95_ms"],
                            f"{prefix}_queries": measured["queries"],
                            f"{prefix}_sql_p50_ms": measured["sql_p50_ms"],
                            f"{prefix}_ratio": measured["ratio"],
                        }
                    )
                results["dashboard"]["changed_agency"] = subjects.busy_agency.name
            if "sweep" in only:
                progress("sweep")
                results["sweep"] = _measure_job(
                    "sweep", lambda: run_sweep(as_of, dry_run=True).written, job_repeat
                ).as_json()
            if "digest" in only:
                progress("digest")
                results["digest"] = _measure_job(
                    "digest", lambda: len(run_digest(as_of, dry_run=True).notifications), job_repeat
                ).as_json()
            transaction.set_rollback(True)
    finally:
        # The dashboard's figures counted with the changes that were just rolled back are filed under the
        # counts version the changes raised: raised once more, no reader takes them for current ones.
        counts.raise_agencies_after_commit(changed_agencies)
    return {
        "dataset": dataset,
        "results": results,
        "run": {
            "as_of": as_of.isoformat(),
            "repeat": repeat,
            "job_repeat": job_repeat,
            "writes": "none: one transaction, rolled back (the dashboard's changes too); sweep and digest in "
            "dry-run mode",
            "debug": False,
            "static_files": static_note,
            "sql": "each page's statements recorded in one request and replayed through the same connection, "
            "every row fetched, once after each timed request (sql_p50_ms) and --repeat times one after "
            "another (sql_back_to_back_p50_ms); python_ms = p50_ms - sql_p50_ms, ratio = p50_ms / sql_p50_ms",
        },
    }


@contextmanager
def _measuring_settings():
    """DEBUG off (no query log, no template debugging), the test client's host allowed, and static file
    URLs that work without `collectstatic` when no manifest was built."""
    overrides = {"DEBUG": False, "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"]}
    note = "as configured"
    storage = storages["staticfiles"]
    if isinstance(storage, ManifestFilesMixin) and not storage.exists(storage.manifest_name):
        overrides["STORAGES"] = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        note = "plain storage: no collectstatic manifest"
    with override_settings(**overrides), warnings.catch_warnings():
        # WhiteNoise warns when STATIC_ROOT was never collected; pages do not need it to be measured.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        yield note


def _change_one_part(subjects: Subjects) -> None:
    """What the office does many times a day, inside the benchmark's transaction: grant the busiest
    agency's most overdue open part 30 more days (`extend_deadline`), then run what its commit would run
    (the dashboard's counts version of that agency raised), as if it had committed."""
    today = timezone.localdate()
    part = (
        Part.objects.filter(agency=subjects.busy_agency)
        .open()
        .order_by(F("effective_deadline").asc(nulls_last=True), "pk")
        .first()
    )
    if part is None:
        raise BenchmarkError(f"{subjects.busy_agency} has no open part to change.")
    deadline = max(part.effective_deadline or today, today) + timedelta(days=30)
    with _as_if_committed():
        extend_deadline(part_id=part.pk, user=subjects.office_user, new_deadline=deadline, note="Benchmark.")


@contextmanager
def _as_if_committed():
    """Run the on-commit callbacks queued inside the block now, as its commit would (the benchmark's own
    transaction is rolled back, so they would never run)."""
    queued = len(connection.run_on_commit)
    yield
    callbacks = connection.run_on_commit[queued:]
    del connection.run_on_commit[queued:]
    for _savepoints, callback, _robust in callbacks:
        callback()


def _measure_page(
    name: str, user: User, url: str, repeat: int, extra: dict, before_each: Callable[[], object] | None = None
) -> Measurement:
    """Time `repeat` requests of a page after a warm-up, each followed by a replay of the statements one
    request runs (recorded once, after the warm-up): the SQL time of the page (see `replay_statements`).
    Requests and replays alternate so that both halves of the ratio are sampled under the same conditions: a
    shared machine's speed drifts over seconds, and timing every request before every replay let the
    drift show as a change of the ratio."""
    client = Client()
    client.force_login(user)
    measurement = Measurement(name, extra={"url": url, "user": user.username, **extra})
    if before_each:
        before_each()
    _check_answer(client.get(url, secure=True), url, user)  # the warm-up fills caches the others read
    statements = _record_request(client, url, user, before_each)
    in_request_sql_ms, cpu_ms, replayed_ms = [], [], []
    for _run in range(repeat):
        if before_each:
            before_each()
        with counting_queries() as counter:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - started_cpu) * 1000
        _check_answer(response, url, user)
        measurement.samples_ms.append(elapsed)
        in_request_sql_ms.append(counter.seconds * 1000)
        cpu_ms.append(cpu)
        measurement.queries = max(measurement.queries, counter.count)
        replayed_ms.append(replay_statements(statements))
    # The same replays one after another, as this benchmark measured them before it alternated: the
    # database and the processor stay warm between them, so this figure is lower than what a request meets.
    back_to_back_ms = [replay_statements(statements) for _run in range(repeat)]
    p50 = statistics.median(measurement.samples_ms)
    sql_p50 = statistics.median(replayed_ms)
    measurement.extra.update(
        {
            "sql_p50_ms": round(sql_p50, 1),
            "sql_back_to_back_p50_ms": round(statistics.median(back_to_back_ms), 1),
            "sql_statements": len(statements),
            "sql_in_request_p50_ms": round(statistics.median(in_request_sql_ms), 1),
            "python_ms": round(p50 - sql_p50, 1),
            # The CPU time of this process per request: the Python side alone, which other programs on a
            # shared machine slow down far less than they slow down the wall clock.
            "cpu_p50_ms": round(statistics.median(cpu_ms), 1),
            "ratio": round(p50 / sql_p50, 2) if sql_p50 else None,
        }
    )
    return measurement


def _check_answer(response, url: str, user: User) -> None:
    if response.status_code != 200:
        raise BenchmarkError(f"{url} answered {response.status_code} to {user.username}.")


def _record_request(
    client: Client, url: str, user: User, before_each: Callable[[], object] | None
) -> list[tuple[str, object, bool]]:
    """The statements of one request, with their parameters, in order. The request runs in a savepoint
    that is rolled back, so every replay starts from the state the request started from."""
    if before_each:
        before_each()
    recorder = StatementRecorder()
    savepoint = transaction.savepoint()
    try:
        with connection.execute_wrapper(recorder):
            response = client.get(url, secure=True)
    finally:
        transaction.savepoint_rollback(savepoint)
    _check_answer(response, url, user)
    return recorder.statements


def replay_statements(statements: list[tuple[str, object, bool]]) -> float:
    """Milliseconds to run `statements` again through the same connection and fetch every row they
    return, as the request did; in a savepoint rolled back afterwards (a request may write its session)."""
    savepoint = transaction.savepoint()
    try:
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor  # the driver's own cursor: no Django wrappers in the timing
            started = time.perf_counter()
            for sql, params, many in statements:
                if many:
                    cursor.executemany(sql, params)
                else:
                    cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
            return (time.perf_counter() - started) * 1000
    finally:
        transaction.savepoint_rollback(savepoint)


def _measure_job(name: str, job: Callable[[], int], repeat: int) -> Measurement:
    """Time a background job; then run it once more under tracemalloc for its peak Python memory."""
    measurement = Measurement(name)
    for run in range(repeat + 1):
        with counting_queries() as counter:
            started = time.perf_counter()
            written = job()
            elapsed = (time.perf_counter() - started) * 1000
        if run:
            measurement.samples_ms.append(elapsed)
        measurement.queries = counter.count
    tracemalloc.start()
    try:
        job()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    measurement.extra = {
        "notifications": written,
        "peak_python_mb": round(peak / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    return measurement
