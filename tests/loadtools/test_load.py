"""The synthetic load (`generate_load`) and the benchmark (`benchmark`): the data is consistent, realistic and
reproducible, and the benchmark reports every measurement on it without writing anything.

No timing is asserted here: speed is measured by `manage.py benchmark`, never in tests.
"""

import io
import json
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from agencies.models import Agency
from directives.choices import OPEN_STATUSES, TaskStatus, UpdateKind
from directives.models import Directive, Notice, Part, ProgressUpdate
from loadtools.benchmark import MEASUREMENTS, PAGES, StatementRecorder, replay_statements
from loadtools.load import LoadPlan, data_fingerprint, generate_load
from notifications.models import Escalation, Notification, OutboxMessage
from reading.deadlines import read_deadline
from reporting.dashboard import CATEGORIES
from tests.factories import parts_off_their_notice_date

pytestmark = pytest.mark.django_db

AS_OF = date(2025, 6, 18)
PLAN = LoadPlan(notices=3, tasks=60, agencies=12, users=10, seed=7, as_of=AS_OF)


@pytest.fixture
def load(db):
    return generate_load(PLAN)


def test_it_writes_what_was_asked(load):
    assert Notice.objects.count() == 3
    assert Directive.objects.filter(is_heading=False).count() == 60
    assert Agency.objects.count() == 12
    assert User.objects.count() == 10
    assert load.counts["tasks"] == 60
    assert load.counts["parts"] == Part.objects.count() >= 60
    assert load.counts["progress_updates"] == ProgressUpdate.objects.count() > 0
    assert load.counts["escalations"] == Escalation.objects.count()
    # Every task has a lead agency's part, headings have none, some tasks have several leads.
    assert not Directive.objects.filter(is_heading=False, parts__isnull=True).exists()
    assert not Part.objects.filter(directive__is_heading=True).exists()
    assert load.counts["multi_lead_tasks"] > 0
    assert Directive.supporting_agencies.through.objects.count() == load.counts["supporting_links"] > 0
    assert Part.objects.exclude(notice_date=None).exists()
    assert parts_off_their_notice_date() == []


def test_everyone_has_an_agency_and_a_role(load):
    assert not User.objects.filter(agency__isnull=True).exists()
    assert not User.objects.filter(role__isnull=True).exists()
    roles = set(User.objects.values_list("role__code", flat=True))
    assert {Role.OFFICE_STAFF, Role.LEADER, Role.AGENCY_HEAD} <= roles
    office_staff = User.objects.get(username="vp.chuyenvien1")
    assert office_staff.agency.kind == "office"
    assert office_staff.check_password("taithu12345")


def test_the_same_seed_writes_the_same_data(db):
    fingerprints = []
    for plan in [PLAN, PLAN, replace(PLAN, seed=8)]:
        with transaction.atomic():
            generate_load(plan)
            fingerprints.append(data_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[2] != fingerprints[0]


def test_the_mix_of_timeliness_is_realistic(load):
    counts = Part.objects.timeliness_counts(AS_OF)
    assert all(counts[category] > 0 for category in CATEGORIES), counts
    # Most of the work of past years is done, and done on time; some of it late or still overdue.
    assert counts["completed_on_time"] > counts["completed_late"]
    assert counts["completed_on_time"] > counts["overdue"]


def test_deadlines_read_as_the_importer_reads_their_words(load):
    for task in Directive.objects.filter(is_heading=False).select_related("notice"):
        notice_day = task.notice.issued_on or task.notice.meeting_on
        assert task.deadline is None or task.deadline > notice_day
        reading = read_deadline(task.text, issued_on=task.notice.issued_on, default_year=notice_day.year)
        assert (reading.due_on, reading.recurrence, reading.text or "") == (
            task.deadline,
            task.recurrence,
            task.deadline_text,
        ), task.text
        assert task.search_text == task.build_search_text()


def test_every_row_is_valid_and_the_constraints_hold(load):
    for model in (Notice, Directive, Part):
        for row in model.objects.all():
            row.full_clean()
    assert not Part.objects.filter(status=TaskStatus.DONE, completed_on__isnull=True).exists()
    assert not Part.objects.exclude(status=TaskStatus.DONE).filter(completed_on__isnull=False).exists()
    for task in Directive.objects.filter(is_heading=False).prefetch_related("parts"):
        leads = {part.agency_id for part in task.parts.all()}
        assert not leads & set(task.supporting_agencies.values_list("pk", flat=True))
    extended = Part.objects.filter(extended_deadline__isnull=False).select_related("directive")
    assert all(part.extended_deadline > part.directive.deadline for part in extended)


def test_each_history_is_a_chain_that_ends_in_the_part_status(load):
    updates = ProgressUpdate.objects.select_related("part__directive__notice", "part__agency").order_by(
        "part", "created_at", "id"
    )
    histories = {}
    for update in updates:
        histories.setdefault(update.part, []).append(update)
    for part in Part.objects.filter(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]):
        assert part in histories, "a finished part has a history"
    for part, history in histories.items():
        notice = part.directive.notice
        assert history[0].status_before == TaskStatus.NOT_STARTED
        for before, after in pairwise(history):
            assert after.status_before == before.status_after
        assert history[-1].status_after == part.status
        assert part.version == len(history)
        first_day = notice.issued_on or notice.meeting_on
        assert all(first_day < update.created_at.date() < AS_OF for update in history)
        extensions = [update for update in history if update.kind == UpdateKind.DEADLINE_EXTENDED]
        if extensions:
            assert extensions[-1].deadline_after == part.extended_deadline
        if part.status == TaskStatus.DONE:
            reported = [update for update in history if update.kind == UpdateKind.COMPLETION_REPORTED]
            assert part.completed_on == timezone.localdate(reported[-1].created_at)
            assert history[-1].kind == UpdateKind.COMPLETION_ACCEPTED


def test_escalations_are_those_the_daily_sweep_would_have_opened(load):
    parts = Part.objects.all()
    for escalation in Escalation.objects.select_related("part"):
        part = parts.get(pk=escalation.part_id)
        assert escalation.missed_deadline == part.effective_deadline < escalation.opened_on < AS_OF
        if escalation.closed_at is None:
            assert part.status in OPEN_STATUSES
        else:
            assert part.status == TaskStatus.DONE and part.completed_on > part.effective_deadline
    overdue = Part.objects.with_timeliness(AS_OF - timedelta(days=1)).filter(timeliness="overdue")
    assert set(overdue.values_list("pk", flat=True)) == set(
        Escalation.objects.open().filter(level=1).values_list("part_id", flat=True)
    )


def test_the_command_prints_counts_and_the_fingerprint_and_refuses_a_second_load(db):
    out = io.StringIO()
    arguments = ["--notices", "3", "--directives", "60", "--agencies", "12", "--users", "10", "--seed", "7"]
    call_command(
        "generate_load", *arguments, "--as-of", "2025-06-18", "--format", "json", "--fingerprint", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["counts"]["tasks"] == 60
    assert result["as_of"] == "2025-06-18"
    assert result["fingerprint"] == data_fingerprint()
    with pytest.raises(CommandError, match="already holds generated users"):
        call_command("generate_load", *arguments, stdout=io.StringIO())
    with pytest.raises(CommandError, match="at least one task per notice"):
        call_command("generate_load", "--notices", "5", "--directives", "2", stdout=io.StringIO())


def test_the_benchmark_reports_every_measurement_and_writes_nothing(load):
    written = [model.objects.count() for model in (OutboxMessage, Notification, Escalation, ProgressUpdate)]
    out = io.StringIO()
    call_command("benchmark", "--repeat", "2", "--as-of", AS_OF.isoformat(), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) >= {"dataset", "results"}
    assert report["dataset"]["tasks"] == 60
    assert set(report["results"]) == set(MEASUREMENTS)
    for name, result in report["results"].items():
        assert isinstance(result["p50_ms"], float | int), name
        assert isinstance(result["p95_ms"], float | int), name
        assert isinstance(result["queries"], int) and result["queries"] > 0, name
        assert result["p50_ms"] <= result["p95_ms"]
    assert isinstance(report["results"]["sweep"]["notifications"], int)
    for name in PAGES:
        result = report["results"][name]
        # The SQL of a page is the statements of one of its requests, every one of them replayed.
        assert result["sql_statements"] == result["queries"], name
        assert result["sql_p50_ms"] > 0, name
        assert result["sql_back_to_back_p50_ms"] > 0, name
        assert result["python_ms"] == pytest.approx(result["p50_ms"] - result["sql_p50_ms"], abs=0.11), name
        assert result["ratio"] > 0, name  # p50 over the unrounded SQL time
        assert result["sql_in_request_p50_ms"] > 0, name
        assert result["cpu_p50_ms"] > 0, name
    assert report["results"]["dashboard"]["recounted_sql_p50_ms"] > 0
    assert written == [
        model.objects.count() for model in (OutboxMessage, Notification, Escalation, ProgressUpdate)
    ]
    dashboard = report["results"]["dashboard"]
    assert dashboard["after_change_p50_ms"] <= dashboard["after_change_p95_ms"]
    assert dashboard["recounted_p50_ms"] <= dashboard["recounted_p95_ms"]
    # After a change only its agency is counted again (on PostgreSQL without parallel workers: a SET and a
    # RESET more); with the cache emptied, every agency.
    serially = 2 if connection.vendor == "postgresql" else 0
    assert dashboard["after_change_queries"] == dashboard["recounted_queries"] + serially


def test_the_benchmark_leaves_no_figures_of_its_rolled_back_changes(load, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from reporting.dashboard import counted_figures

    today = timezone.localdate()
    before = counted_figures((None, None), today)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "benchmark", "--repeat", "2", "--only", "dashboard", "--format", "json", stdout=io.StringIO()
        )
    # The extensions it granted were rolled back: the figures shown are those of the data, not of them.
    assert counted_figures((None, None), today) == before
    cache.clear()
    assert counted_figures((None, None), today) == before


def test_the_benchmark_table_shows_each_page_sql_and_python_time(load):
    out = io.StringIO()
    call_command("benchmark", "--repeat", "1", "--only", "notice_list", "api_list", stdout=out)
    lines = out.getvalue().splitlines()
    header = next(line for line in lines if line.startswith("measurement"))
    assert header.split()[-7:] == ["SQL", "ms", "Python", "ms", "p50/SQL", "CPU", "ms"]
    rows = [line.split() for line in lines if line.startswith(("api_list", "notice_list"))]
    assert [row[0] for row in rows] == ["api_list", "notice_list"]
    for row in rows:
        p50, sql, python = float(row[1]), float(row[5]), float(row[6])
        assert python == pytest.approx(p50 - sql, abs=0.11)


def test_a_replay_runs_the_recorded_statements_and_undoes_their_writes(load):
    agency = Agency.objects.order_by("pk").first()
    recorder = StatementRecorder()
    with transaction.atomic(), connection.execute_wrapper(recorder):
        list(Notice.objects.all())
        Agency.objects.filter(pk=agency.pk).update(name="Đổi tên")
        transaction.set_rollback(True)
    recorded = [sql for sql, _params, _many in recorder.statements if "SAVEPOINT" not in sql]
    assert len(recorded) == 2 and recorded[1].startswith("UPDATE")
    seen_by_django = []

    def watch(execute, sql, params, many, context):
        seen_by_django.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert replay_statements(recorder.statements) > 0
    # Replayed below Django's wrappers (only the replay's own savepoint shows) and its writes undone.
    assert all("SAVEPOINT" in sql for sql in seen_by_django)
    agency.refresh_from_db()
    assert agency.name != "Đổi tên"


def test_the_benchmark_says_what_is_missing_on_an_empty_database(db):
    with pytest.raises(CommandError, match="No active office staff user"):
        call_command("benchmark", "--repeat", "1", stdout=io.StringIO())
