"""The dashboard's figures, cached per agency and counted again only for the agencies a change touched: after
every kind of change the next view shows what a full recount gives, in a fixed number of queries."""

import random
import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from directives import counts
from directives.choices import TaskStatus, Timeliness
from directives.importing import ReviewedNotice, ReviewedTask
from directives.models import Directive, Notice, Part
from directives.reorganisation import hand_over_to_successor, rename_agency
from directives.services import (
    accept_completions,
    correct_directive,
    extend_deadline,
    import_notice,
    record_progress,
)
from reporting import dashboard
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ALL_TIME = (None, None)
THIS_YEAR = (date(TODAY.year, 1, 1), date(TODAY.year, 12, 31))
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def days(n):
    return TODAY + timedelta(days=n)


def figures(date_range=ALL_TIME, agency_id=None):
    """What the dashboard shows (cached where it can be): the per-agency rows, the trend, the ageing."""
    return dashboard.counted_figures(date_range, TODAY, agency_id)


def recounted(date_range=ALL_TIME, agency_id=None):
    """The same figures counted from nothing: with a cache of their own, empty, leaving the other as it is."""
    with override_settings(CACHES={"default": {"BACKEND": LOCMEM, "LOCATION": "full-recount"}}):
        caches["default"].clear()
        return dashboard.counted_figures(date_range, TODAY, agency_id)


def naive_categories(date_range=ALL_TIME):
    """Each agency's parts per reporting category, worked out in Python part by part."""
    counted = {}
    for part in Part.objects.select_related("directive__notice"):
        notice = part.directive.notice
        issued = notice.issued_on or notice.meeting_on
        if date_range[0] and (issued is None or issued < date_range[0]):
            continue
        if date_range[1] and (issued is None or issued > date_range[1]):
            continue
        deadline = part.extended_deadline or part.directive.deadline
        if part.status == TaskStatus.CANCELLED:
            continue
        if part.status == TaskStatus.DONE:
            late = deadline is not None and part.completed_on > deadline
            category = Timeliness.COMPLETED_LATE if late else Timeliness.COMPLETED_ON_TIME
        elif deadline is None:
            category = Timeliness.NO_DEADLINE
        else:
            category = Timeliness.OVERDUE if deadline < TODAY else Timeliness.IN_PROGRESS_ON_TIME
        row = counted.setdefault(part.agency_id, dict.fromkeys(dashboard.CATEGORIES, 0))
        row[category] += 1
    return counted


def categories_of(rows):
    return {
        row["agency_id"]: {category: row[category.value] for category in dashboard.CATEGORIES} for row in rows
    }


@pytest.fixture
def province(agency, other_agency):
    """Two agencies with parts in every category, from notices of this year and of years ago."""
    old_notice = NoticeFactory(issued_on=date(TODAY.year - 3, 5, 1))
    for late in (1, 30, 31, 61, 200):
        PartFactory(directive=DirectiveFactory(deadline=days(-late)), agency=agency)
    PartFactory(directive=DirectiveFactory(deadline=days(9)), agency=agency)
    PartFactory(directive=DirectiveFactory(deadline=None), agency=agency)
    PartFactory(
        directive=DirectiveFactory(deadline=days(-20)),
        agency=agency,
        status=TaskStatus.DONE,
        completed_on=days(-25),
    )
    PartFactory(directive=DirectiveFactory(deadline=days(-400), notice=old_notice), agency=other_agency)
    PartFactory(
        directive=DirectiveFactory(deadline=days(-40), notice=old_notice),
        agency=other_agency,
        status=TaskStatus.REPORTED_DONE,
    )
    PartFactory(directive=DirectiveFactory(deadline=days(-3)), agency=other_agency, status="cancelled")


def shown_after(change, committed, date_range=ALL_TIME):
    """Look at the dashboard (its figures cached), make the change as committed, look again: what it shows
    then, and what a full recount gives."""
    figures(date_range)
    committed(change)
    return figures(date_range), recounted(date_range)


# ---------------------------------------------------------------------------------------------------
# Every kind of change shows on the next view


def test_a_status_change_and_a_completion_show_on_the_next_view(province, agency, agency_staff, committed):
    overdue = Part.objects.filter(agency=agency, effective_deadline=days(-1)).get()
    before = categories_of(figures()[0])[agency.pk]

    shown, full = shown_after(
        lambda: record_progress(
            part_id=overdue.pk, user=agency_staff, status=TaskStatus.REPORTED_DONE, note="Xong."
        ),
        committed,
    )
    assert shown == full
    shown, full = shown_after(
        lambda: record_progress(
            part_id=overdue.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Tiếp."
        ),
        committed,
    )
    assert shown == full
    assert categories_of(shown[0])[agency.pk] == before == naive_categories()[agency.pk]


def test_an_accepted_completion_shows_on_the_next_view(province, other_agency, office_staff, committed):
    reported = Part.objects.get(agency=other_agency, status=TaskStatus.REPORTED_DONE)
    before = categories_of(figures()[0])[other_agency.pk][Timeliness.OVERDUE]

    shown, full = shown_after(
        lambda: accept_completions(versions={reported.pk: reported.version}, user=office_staff), committed
    )

    assert shown == full
    assert categories_of(shown[0])[other_agency.pk][Timeliness.OVERDUE] == before - 1
    assert categories_of(shown[0])[other_agency.pk][Timeliness.COMPLETED_LATE] == 1
    assert categories_of(shown[0]) == naive_categories()


def test_an_extension_and_a_corrected_deadline_show_on_the_next_view(
    province, agency, office_staff, committed
):
    overdue = Part.objects.filter(agency=agency, effective_deadline=days(-30)).get()
    shown, full = shown_after(
        lambda: extend_deadline(part_id=overdue.pk, user=office_staff, new_deadline=days(30), note="QĐ"),
        committed,
    )
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()

    task = Part.objects.get(agency=agency, effective_deadline=days(9)).directive
    shown, full = shown_after(
        lambda: correct_directive(directive_id=task.pk, user=office_staff, changes={"deadline": days(-2)}),
        committed,
    )
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()
    assert categories_of(shown[0])[agency.pk][Timeliness.OVERDUE] == 5  # one extended, one now late


def test_an_imported_notice_shows_on_the_next_view(province, agency, other_agency, office_staff, committed):
    reviewed = ReviewedNotice(
        title="Kết luận",
        place="Bắc Giang",
        issued_on=TODAY - timedelta(days=40),
        source_text="THÔNG BÁO\n(1) Việc một\n(2) Việc hai",
        tasks=[
            ReviewedTask(number="1", title="Việc một", text="Việc một", lead=[agency.pk], deadline=days(-5)),
            ReviewedTask(
                number="2",
                title="Việc hai",
                text="Việc hai",
                lead=[other_agency.pk, "Sở Mới"],
                deadline=days(5),
            ),
        ],
        new_agencies={"Sở Mới": "department"},
    )
    shown, full = shown_after(lambda: import_notice(reviewed, office_staff), committed, THIS_YEAR)

    assert shown == full
    assert "Sở Mới" in {row["agency__name"] for row in shown[0]}
    assert categories_of(shown[0]) == naive_categories(THIS_YEAR)


def test_a_notice_redated_moves_its_tasks_between_periods_on_the_next_view(province, other_agency, committed):
    old_notice = Notice.objects.get(issued_on=date(TODAY.year - 3, 5, 1))
    before = figures(THIS_YEAR)
    assert other_agency.pk not in {row["agency_id"] for row in before[0] if row[Timeliness.OVERDUE]}

    def redate():
        old_notice.issued_on = date(TODAY.year, 1, 2)
        old_notice.save()

    shown, full = shown_after(redate, committed, THIS_YEAR)

    assert shown == full
    assert categories_of(shown[0]) == naive_categories(THIS_YEAR)
    assert categories_of(shown[0])[other_agency.pk][Timeliness.OVERDUE] == 2


def test_a_merger_moves_the_open_tasks_figures_on_the_next_view(province, agency, office_staff, committed):
    successor = AgencyFactory(name="Sở Nông nghiệp và Môi trường")
    shown, full = shown_after(
        lambda: hand_over_to_successor(
            agency_id=agency.pk, successor_id=successor.pk, on=TODAY, user=office_staff
        ),
        committed,
    )

    assert shown == full
    counted = categories_of(shown[0])
    assert counted == naive_categories()
    assert counted[successor.pk][Timeliness.OVERDUE] == 5
    assert counted[agency.pk] == dict.fromkeys(dashboard.CATEGORIES, 0) | {Timeliness.COMPLETED_ON_TIME: 1}


def test_a_renamed_agency_shows_its_new_name_on_the_next_view(province, agency, committed):
    shown, _full = shown_after(lambda: rename_agency(agency_id=agency.pk, name="Sở Tài chính mới"), committed)
    assert "Sở Tài chính mới" in {row["agency__name"] for row in shown[0]}


def test_deleted_tasks_and_notices_leave_the_next_view(province, agency, committed):
    task = Part.objects.get(agency=agency, effective_deadline=days(-200)).directive
    shown, full = shown_after(lambda: Directive.objects.filter(pk=task.pk).delete(), committed)
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()

    notice = Notice.objects.get(issued_on=date(TODAY.year - 3, 5, 1))
    shown, full = shown_after(lambda: notice.delete(), committed)
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()


def test_bulk_updates_of_parts_show_on_the_next_view(province, agency, other_agency, committed):
    """Writes that send no signal: `update` and `bulk_update` (which goes through it)."""
    shown, full = shown_after(
        lambda: Part.objects.filter(agency=agency, status=TaskStatus.IN_PROGRESS).update(
            status=TaskStatus.NOT_STARTED, effective_deadline=days(-90)
        ),
        committed,
    )
    assert shown == full

    moved = list(Part.objects.filter(agency=agency).exclude(status=TaskStatus.DONE))
    for part in moved:
        part.agency = other_agency
    shown, full = shown_after(lambda: Part.objects.bulk_update(moved, ["agency"]), committed)
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()
    assert categories_of(shown[0])[agency.pk][Timeliness.OVERDUE] == 0


def test_a_part_moved_to_another_agency_by_save_raises_both(province, agency, other_agency, committed):
    part = Part.objects.filter(agency=agency, effective_deadline=days(-61)).get()

    def move():
        part.agency = other_agency
        part.save()

    shown, full = shown_after(move, committed)
    assert shown == full
    assert categories_of(shown[0]) == naive_categories()


def test_the_admin_s_deadline_correction_shows_on_the_next_view(province, agency, client, committed):
    from accounts.models import User

    admin = User.objects.create_superuser("quantri", "quantri@example.invalid", "x")
    client.force_login(admin)
    tasks = list(Directive.objects.filter(parts__agency=agency).values_list("pk", flat=True))
    shown, full = shown_after(
        lambda: client.post(
            reverse("admin:directives_directive_changelist"),
            {
                "action": "correct_deadline",
                ACTION_CHECKBOX_NAME: tasks,
                "apply": "1",
                "deadline": days(-1).strftime("%d/%m/%Y"),
                "deadline_text": "",
                "recurrence": "none",
            },
        ),
        committed,
    )
    assert shown == full
    assert categories_of(shown[0])[agency.pk][Timeliness.OVERDUE] == 7  # the done part stays done


def test_a_later_day_counts_again_as_of_that_day(province, agency):
    assert categories_of(figures()[0])[agency.pk][Timeliness.OVERDUE] == 5
    later = dashboard.counted_figures(ALL_TIME, TODAY + timedelta(days=10))
    # Nothing changed, but the part due in 9 days is overdue ten days from now.
    assert categories_of(later[0])[agency.pk][Timeliness.OVERDUE] == 6


# ---------------------------------------------------------------------------------------------------
# Only the agencies a change touched are counted again, in a fixed number of queries


def many_agencies(count):
    agencies = [AgencyFactory() for _ in range(count)]
    for index, agency in enumerate(agencies):
        PartFactory(directive=DirectiveFactory(deadline=days(-index - 1)), agency=agency)
        PartFactory(directive=DirectiveFactory(deadline=days(index + 1)), agency=agency)
    return agencies


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reporting:dashboard")).status_code == 200
    return captured.captured_queries


def test_after_a_change_only_its_agency_is_counted_again_in_the_same_queries_whatever_the_agencies(
    client, office_staff, agency_staff, agency, committed
):
    client.force_login(office_staff)
    PartFactory(directive=DirectiveFactory(deadline=days(3)), agency=agency)
    costs = []
    for more in (3, 15):
        others = many_agencies(more)
        cache.clear()
        full = len(dashboard_queries(client))
        cached = dashboard_queries(client)
        part = Part.objects.filter(agency=agency).first()
        committed(
            lambda part=part: record_progress(
                part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="x"
            )
        )
        after_change = dashboard_queries(client)
        counting = [query["sql"] for query in after_change if "GROUP BY" in query["sql"]]
        costs.append((full, len(cached), len(after_change)))
        assert len(counting) == 2
        assert all(f'"directives_part"."agency_id" IN ({agency.pk})' in sql for sql in counting)
        assert not any(f"IN ({others[0].pk})" in sql for sql in counting)
    # Counting one agency again costs the two queries of a count (per category with the ageing, the trend),
    # the agencies' names and the overdue list, kept rendered with the figures (a view after which nothing
    # changed reads none of them), and neither that nor the cached view grows with the number of agencies.
    # On PostgreSQL the two counts of one agency are run without parallel workers (a SET and a RESET).
    assert costs[0] == costs[1]
    full, cached, after_change = costs[0]
    serially = 2 if connection.vendor == "postgresql" else 0
    assert after_change == cached + 4 + serially == full + serially


def test_one_agency_counted_from_sql_compiled_once_has_the_figures_the_orm_counts(
    province, agency, other_agency, django_assert_num_queries
):
    serially = 2 if connection.vendor == "postgresql" else 0  # without parallel workers: a SET, a RESET
    for period in (ALL_TIME, THIS_YEAR, (days(-2000), days(-900))):
        for day in (TODAY, TODAY + timedelta(days=10)):
            for counted in (agency, other_agency):
                with django_assert_num_queries(2 + serially):
                    prepared = dashboard.count_agencies(period, day, [counted.pk])
                # Two agencies (one with no parts) go through the ORM, as several changed agencies do.
                assert prepared == dashboard.count_agencies(period, day, [counted.pk, -1])
                assert set(prepared) <= {counted.pk}
    assert dashboard.count_agencies(ALL_TIME, TODAY, [agency.pk])[agency.pk][0][3] == 5  # overdue


def test_many_agencies_changed_at_once_are_counted_in_the_same_two_queries(client, office_staff, committed):
    client.force_login(office_staff)
    agencies = many_agencies(10)
    dashboard_queries(client)
    cached = len(dashboard_queries(client))
    committed(lambda: Part.objects.filter(agency__in=agencies[:6]).update(status=TaskStatus.REPORTED_DONE))
    # The names, the count's two queries, and the overdue list (kept rendered with the figures).
    assert len(dashboard_queries(client)) == cached + 4
    assert dashboard.counted_figures(ALL_TIME, TODAY) == recounted()


def test_an_agency_s_own_dashboard_shares_its_figures_with_the_province_s(
    province, agency, agency_staff, committed
):
    province_rows = figures()[0]
    own = figures(agency_id=agency.pk)
    assert own[0] == [row for row in province_rows if row["agency_id"] == agency.pk]
    part = Part.objects.filter(agency=agency, effective_deadline=days(-31)).get()
    committed(
        lambda: record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.REPORTED_DONE, note="x")
    )
    assert figures(agency_id=agency.pk) == recounted(agency_id=agency.pk)


# ---------------------------------------------------------------------------------------------------
# The versions


def test_each_change_raises_the_versions_of_the_agencies_it_touches_once_committed(
    province, agency, other_agency, office_staff, agency_staff, django_capture_on_commit_callbacks
):
    bystander = AgencyFactory(name="Sở Y tế")
    PartFactory(agency=bystander)
    part = Part.objects.filter(agency=agency, effective_deadline=days(-1)).get()
    shared = DirectiveFactory(deadline=days(4))
    PartFactory(directive=shared, agency=agency)
    PartFactory(directive=shared, agency=other_agency)
    doomed = DirectiveFactory(deadline=days(-4))
    PartFactory(directive=doomed, agency=agency)
    PartFactory(directive=doomed, agency=bystander)
    changes = [
        (
            {agency.pk},
            lambda: record_progress(
                part_id=part.pk, user=agency_staff, status=TaskStatus.REPORTED_DONE, note="x"
            ),
        ),
        (
            {agency.pk},
            lambda: extend_deadline(part_id=part.pk, user=office_staff, new_deadline=days(30), note="y"),
        ),
        (
            {agency.pk, other_agency.pk},
            lambda: correct_directive(
                directive_id=shared.pk, user=office_staff, changes={"deadline": days(9)}
            ),
        ),
        ({agency.pk, other_agency.pk}, lambda: Notice.objects.get(pk=shared.notice_id).save()),
        (
            {other_agency.pk},
            lambda: Part.objects.bulk_create([Part(directive=part.directive, agency=other_agency)]),
        ),
        ({agency.pk}, lambda: rename_agency(agency_id=agency.pk, name="Sở mới")),
        ({agency.pk, bystander.pk}, lambda: Directive.objects.filter(pk=doomed.pk).delete()),
    ]
    everyone = [agency.pk, other_agency.pk, bystander.pk]
    for raised, change in changes:
        number, before = counts.versions(everyone)
        with django_capture_on_commit_callbacks() as on_commit:
            change()
        assert counts.versions(everyone) == (number, before)  # nothing while uncommitted: no reader sees it
        for callback in on_commit:
            callback()
        global_number, after = counts.versions(everyone)
        assert global_number == number
        assert {agency_id for agency_id in everyone if after[agency_id] != before[agency_id]} == raised


def test_a_bulk_load_raises_the_global_version(committed):
    from loadtools.load import LoadPlan, generate_load

    before = counts.current()
    committed(lambda: generate_load(LoadPlan(notices=2, tasks=10, agencies=5, users=3, seed=3, as_of=TODAY)))
    assert counts.current() > before


def test_a_lost_version_starts_from_a_number_never_used(agency):
    _global, first = counts.versions([agency.pk])
    counts._raise_agencies([agency.pk])
    cache.delete(counts.AGENCY_KEY.format(agency.pk))
    _global, again = counts.versions([agency.pk])
    assert again[agency.pk] > first[agency.pk] + 1


def test_a_view_after_which_nothing_changed_reads_neither_the_agencies_nor_their_versions(
    province, monkeypatch
):
    first = figures()
    with monkeypatch.context() as patched, CaptureQueriesContext(connection) as captured:
        patched.setattr(counts, "versions", lambda *args: pytest.fail("the agencies' versions were read"))
        again = figures()
    assert captured.captured_queries == []
    assert again == first == recounted()


def test_the_changes_version_is_raised_after_the_agencies_versions(agency, monkeypatch):
    """A view reads the changes version before the agencies' versions: figures it counts are at least as new
    as the changes version it files them under, as long as that one is raised last."""
    counts.changes(), counts.versions([agency.pk])
    raised = []
    increment = cache.incr
    monkeypatch.setattr(cache, "incr", lambda key, *args: raised.append(key) or increment(key, *args))
    counts._raise_agencies([agency.pk])
    counts._raise()
    assert raised == [counts.AGENCY_KEY.format(agency.pk), counts.CHANGES_KEY, counts.KEY, counts.CHANGES_KEY]


def test_the_sums_are_not_served_once_the_changes_version_moved_or_was_lost(province, agency):
    first = figures()
    stale = ([{**row, "total": 10**6} for row in first[0]], first[1], first[2])
    key = f"dashboard-figures-2:None:{TODAY}:None:None"
    seen, kept = cache.get(key)
    cache.set(key, (seen, dashboard.CountedFigures.of(kept.state, stale)))
    assert figures() == stale  # what is kept under the versions read is what is shown ...
    counts._raise_agencies([agency.pk])
    assert figures() == first  # ... until any version moves
    cache.set(key, (cache.get(key)[0], dashboard.CountedFigures.of(kept.state, stale)))
    cache.delete(counts.CHANGES_KEY)  # evicted: a number never used before
    assert figures() == first


def test_figures_an_earlier_release_left_in_the_cache_are_not_read(province):
    """Before CountedFigures, the entry held (state, rows) under another key: a shared cache may still hold
    one during a deploy, under the versions now current."""
    first = figures()
    seen, kept = cache.get(f"dashboard-figures-2:None:{TODAY}:None:None")
    cache.delete(f"dashboard-figures-2:None:{TODAY}:None:None")
    cache.set(f"dashboard-figures:None:{TODAY}:None:None", (seen, (kept.state, kept.rows)))
    assert figures() == first


def test_the_kept_sums_are_the_rows_sums_and_the_rows_are_unpickled_only_when_read(province, monkeypatch):
    first = figures()
    kept = dashboard.figures_as_counted(ALL_TIME, TODAY)
    assert "rows" not in kept.__dict__  # read from the cache: still pickled
    assert kept.sums == tuple(
        sum(row[category.value] for row in first[0]) for category in dashboard.CATEGORIES
    )
    assert kept.agency_count == len(first[0]) > 1
    assert kept.rows == first and "rows" in kept.__dict__
    kept.rows[0][0]["shares"] = "changed by one reader"  # as the export does: never seen by the next
    assert figures() == first == recounted()


def test_a_view_whose_sections_are_kept_rendered_does_not_unpickle_the_agencies_rows(
    client, province, office_staff, monkeypatch
):
    client.force_login(office_staff)
    first = dashboard_page(client)
    read = []
    rows = dashboard.CountedFigures.rows.func
    monkeypatch.setattr(
        dashboard.CountedFigures, "rows", property(lambda kept: read.append(kept) or rows(kept))
    )
    assert dashboard_page(client) == first and read == []
    for key in [key for key in cache._cache if '"dashboard-agency-table"' in key]:
        del cache._cache[key], cache._expire_info[key]  # the table's section alone evicted
    assert dashboard_page(client) == first and read  # the table rendered again from the rows
    assert first.count("<tr>") > 4 and first == rendered_afresh(client)


def test_an_agency_s_people_never_get_another_agency_s_rows(
    client, province, agency, other_agency, office_staff, agency_head, committed
):
    client.force_login(office_staff)
    assert other_agency.name in dashboard_page(client) and agency.name in dashboard_page(client, None, "en")
    part = Part.objects.filter(agency=other_agency, effective_deadline=days(-400)).get()
    committed(lambda: extend_deadline(part_id=part.pk, user=office_staff, new_deadline=days(90), note="QĐ"))
    for query in ({}, {"period": "this_year"}, {"agencies": "all"}):
        for language in ("vi", "en"):
            client.force_login(office_staff)
            assert other_agency.name in dashboard_page(client, query, language) or query
            client.force_login(agency_head)
            own = dashboard_page(client, query, language)
            assert other_agency.name not in own
            assert own == rendered_afresh(client, query, language)


# ---------------------------------------------------------------------------------------------------
# Property: whatever the changes, the figures shown are those of a full recount


def test_after_random_changes_the_cached_figures_equal_a_full_recount(
    agency, other_agency, office_staff, agency_staff, other_agency_head, committed
):
    rng = random.Random(19)
    third = AgencyFactory(name="UBND xã Hiệp Hòa")
    agencies = [agency, other_agency, third]
    notices = [NoticeFactory(issued_on=days(-rng.randrange(10, 900))) for _ in range(4)]
    for _ in range(24):
        PartFactory(
            directive=DirectiveFactory(
                notice=rng.choice(notices), deadline=rng.choice([None, days(rng.randrange(-300, 60))])
            ),
            agency=rng.choice(agencies),
        )
    reporters = {agency.pk: agency_staff, other_agency.pk: other_agency_head}

    def report():
        part = rng.choice(list(Part.objects.open().filter(agency__in=[agency, other_agency])) or [None])
        if part is not None:
            status = rng.choice([TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE])
            if part.status != status:
                record_progress(part_id=part.pk, user=reporters[part.agency_id], status=status, note="x")

    def accept():
        waiting = list(Part.objects.filter(status=TaskStatus.REPORTED_DONE))
        if waiting:
            part = rng.choice(waiting)
            accept_completions(versions={part.pk: part.version}, user=office_staff)

    def extend():
        part = rng.choice(list(Part.objects.open()) or [None])
        if part is not None:
            deadline = max(part.effective_deadline or TODAY, TODAY) + timedelta(days=rng.randrange(1, 40))
            extend_deadline(part_id=part.pk, user=office_staff, new_deadline=deadline, note="QĐ")

    def correct():
        task = rng.choice(list(Directive.objects.filter(parts__isnull=False).distinct()))
        correct_directive(
            directive_id=task.pk, user=office_staff, changes={"deadline": days(rng.randrange(-200, 40))}
        )

    def add():
        PartFactory(
            directive=DirectiveFactory(notice=rng.choice(notices), deadline=days(rng.randrange(-100, 100))),
            agency=rng.choice(agencies),
        )

    def redate():
        notice = rng.choice(notices)
        notice.refresh_from_db()
        notice.issued_on = days(-rng.randrange(0, 900))
        notice.save()

    def move():
        part = rng.choice(list(Part.objects.all()))
        part.agency = rng.choice(agencies)
        if not Part.objects.filter(directive=part.directive_id, agency=part.agency).exists():
            part.save()

    def cancel():
        Part.objects.filter(pk=rng.choice(list(Part.objects.values_list("pk", flat=True)))).update(
            status=TaskStatus.CANCELLED, completed_on=None
        )

    changes = [report, accept, extend, correct, add, redate, move, cancel]
    periods = [ALL_TIME, THIS_YEAR, (days(-400), days(-100))]
    for step in range(40):
        for period in rng.sample(periods, rng.randrange(1, 3)):
            figures(period)  # some figures cached, some not, as views come
        change = rng.choice(changes)
        committed(change)
        period = rng.choice(periods)
        shown = figures(period)
        assert categories_of(shown[0]) == naive_categories(period), (step, change.__name__)
        assert shown == recounted(period), (step, change.__name__)


# ---------------------------------------------------------------------------------------------------
# The day's figures counted ahead of its first view


def test_the_days_figures_counted_ahead_leave_the_first_view_nothing_to_count(
    client, office_staff, province, committed
):
    from reporting.tasks import count_dashboard_day

    client.force_login(office_staff)

    def counting(queries):
        return [
            query["sql"]
            for query in queries
            if "GROUP BY" in query["sql"] and "directives_part" in query["sql"]
        ]

    caches["default"].clear()
    assert len(counting(dashboard_queries(client))) == 2  # the day's first view counts every agency

    caches["default"].clear()
    count_dashboard_day()
    first_view = dashboard_queries(client)
    assert counting(first_view) == []
    # As cheap as any later view, but for the overdue list, then kept rendered with the figures.
    assert len(first_view) == len(dashboard_queries(client)) + 1
    assert figures() == recounted()


def test_the_day_ahead_is_counted_once_a_day_on_the_sweep_queue_by_beat():
    import importlib

    from django.apps import apps as django_apps
    from django.conf import settings
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("reporting.migrations.0003_count_dashboard_day_schedule")
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)  # and again: nothing twice
    entry = PeriodicTask.objects.get(task="reporting.count_dashboard_day")
    assert (entry.crontab.minute, entry.crontab.hour, entry.crontab.day_of_week) == ("2", "0", "*")
    assert settings.CELERY_TASK_ROUTES["reporting.count_dashboard_day"] == {"queue": "sweep"}


# ---------------------------------------------------------------------------------------------------
# The page's figures kept rendered under the versions they show


def dashboard_page(client, query=None, language="vi"):
    """The dashboard's HTML, without the form tokens that differ on every request."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("reporting:dashboard"), query or {})
    assert response.status_code == 200
    return re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+"', r'\1"', response.content.decode()
    )


def rendered_afresh(client, query=None, language="vi"):
    """The same page with nothing kept: every figure counted and every section rendered again."""
    caches["default"].clear()
    return dashboard_page(client, query, language)


@pytest.mark.parametrize("who", ["office_staff", "agency_head"])
def test_the_page_kept_rendered_shows_each_change_on_the_next_view(
    client, request, who, province, agency, other_agency, office_staff, committed
):
    client.force_login(request.getfixturevalue(who))
    pages = [({}, "vi"), ({}, "en"), ({"period": "this_year"}, "vi"), ({"agencies": "all"}, "vi")]
    before = {(str(query), language): dashboard_page(client, query, language) for query, language in pages}
    assert len(set(before.values())) == len(pages)  # each language and period rendered apart
    for query, language in pages:
        assert dashboard_page(client, query, language) == before[str(query), language]  # kept, the same

    overdue = Part.objects.filter(agency=agency, effective_deadline=days(-30)).get()
    committed(
        lambda: extend_deadline(part_id=overdue.pk, user=office_staff, new_deadline=days(30), note="QĐ")
    )
    after = {(str(query), language): dashboard_page(client, query, language) for query, language in pages}
    for query, language in pages:
        # The part's notice has no date: the change shows in every period but this year's, which omits it.
        assert (after[str(query), language] != before[str(query), language]) == ("period" not in query)
        assert after[str(query), language] == rendered_afresh(client, query, language)


def test_the_overdue_list_kept_rendered_shows_a_renamed_task_on_the_next_view(
    client, province, agency, office_staff, committed
):
    client.force_login(office_staff)
    task = Part.objects.filter(agency=agency, effective_deadline=days(-30)).get().directive
    assert task.title in dashboard_page(client)
    dashboard_page(client)  # the overdue list read from the cache
    task.title = "Rà soát quy hoạch (đổi tên)"
    committed(task.save)
    page = dashboard_page(client)
    assert "Rà soát quy hoạch (đổi tên)" in page and page == rendered_afresh(client)
