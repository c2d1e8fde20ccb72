"""What keeps the lists and the dashboard fast at a province's scale (docs/performance.md) without changing
what they show: the stored deadline of each part, the urgency order, paging by id, the filter form, the
dashboard's counts, trend and table."""

import random
import re
from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives.choices import TaskStatus, Timeliness
from directives.models import Directive, Part
from directives.services import correct_directive, extend_deadline
from reporting import dashboard
from tasktracker.pagination import IdsFirstPaginator, rows_by_ids_first
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + timedelta(days=n)


def stored_deadline(part):
    return Part.objects.values_list("effective_deadline", flat=True).get(pk=part.pk)


# ---------------------------------------------------------------------------------------------------
# Each part's deadline, stored


def test_a_part_carries_its_task_deadline_until_an_extension_replaces_it(office_staff, agency, other_agency):
    directive = DirectiveFactory(deadline=days(10))
    plain = PartFactory(directive=directive, agency=agency)
    extended = PartFactory(directive=directive, agency=other_agency)
    assert stored_deadline(plain) == stored_deadline(extended) == days(10)

    extend_deadline(part_id=extended.pk, user=office_staff, new_deadline=days(40), note="Gia hạn")
    assert stored_deadline(extended) == days(40)

    correct_directive(directive_id=directive.pk, user=office_staff, changes={"deadline": days(20)})
    assert stored_deadline(plain) == days(20)
    assert stored_deadline(extended) == days(40)

    directive.refresh_from_db()
    directive.deadline = None
    directive.save()
    assert stored_deadline(plain) is None
    assert stored_deadline(extended) == days(40)


def test_parts_created_in_bulk_carry_their_deadline(agency, other_agency):
    directive = DirectiveFactory(deadline=days(5))
    created = Part.objects.bulk_create(
        [
            Part(directive=directive, agency=agency),
            Part(directive=directive, agency=other_agency, extended_deadline=days(9)),
        ]
    )
    assert sorted(stored_deadline(part) for part in created) == [days(5), days(9)]


def values_across_migration(before: str, after: str, write, model: str, field: str) -> list:
    """Write rows with `write(apps)` (their models as of the directives migration `before`, returning the rows
    to read), migrate to `after`, read `field` of each through `model` as it was there, then migrate to the
    latest again."""
    executor = MigrationExecutor(connection)
    executor.migrate([("directives", before)])
    rows = write(executor.loader.project_state([("directives", before)]).apps)
    executor = MigrationExecutor(connection)
    executor.migrate([("directives", after)])
    stored = (
        executor.loader.project_state([("directives", after)]).apps.get_model("directives", model).objects
    )
    values = [getattr(stored.get(pk=row.pk), field) for row in rows]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return values


def test_the_migration_gives_existing_parts_their_deadline(transactional_db, agency, other_agency):
    def write(apps):
        Notice = apps.get_model("directives", "Notice")
        OldDirective = apps.get_model("directives", "Directive")
        OldPart = apps.get_model("directives", "Assignment")
        notice = Notice.objects.create(title="Thông báo cũ")
        dated = OldDirective.objects.create(
            notice=notice, number="1", title="a", text="a", deadline=date(2024, 5, 1)
        )
        undated = OldDirective.objects.create(notice=notice, number="2", title="b", text="b")
        return [
            OldPart.objects.create(directive=dated, agency_id=agency.pk),
            OldPart.objects.create(
                directive=dated, agency_id=other_agency.pk, extended_deadline=date(2024, 9, 1)
            ),
            OldPart.objects.create(directive=undated, agency_id=agency.pk),
        ]

    # Read through the model as it was at that migration (the table was renamed later, in 0015).
    deadlines = values_across_migration(
        "0004_listing_indexes", "0005_stored_effective_deadline", write, "Assignment", "effective_deadline"
    )
    assert deadlines == [date(2024, 5, 1), date(2024, 9, 1), None]


# ---------------------------------------------------------------------------------------------------
# Each part's notice date, stored


def stored_notice_date(part):
    return Part.objects.values_list("notice_date", flat=True).get(pk=part.pk)


def test_a_part_carries_its_notice_date_the_issue_else_the_meeting(agency):
    issued = NoticeFactory(issued_on=date(2026, 3, 2), meeting_on=date(2026, 2, 27))
    draft = NoticeFactory(issued_on=None, meeting_on=date(2026, 2, 27))
    undated = NoticeFactory(issued_on=None, meeting_on=None)
    parts = [PartFactory(directive__notice=notice, agency=agency) for notice in (issued, draft, undated)]
    assert [stored_notice_date(part) for part in parts] == [date(2026, 3, 2), date(2026, 2, 27), None]


def test_parts_created_in_bulk_carry_their_notice_date(agency, other_agency):
    directive = DirectiveFactory(notice=NoticeFactory(issued_on=None, meeting_on=date(2026, 5, 4)))
    created = Part.objects.bulk_create([Part(directive=directive, agency=agency)])
    created += Part.objects.bulk_create(
        [
            Part(
                directive=DirectiveFactory(notice=NoticeFactory(issued_on=date(2026, 6, 1))),
                agency=other_agency,
            )
        ]
    )
    assert [stored_notice_date(part) for part in created] == [date(2026, 5, 4), date(2026, 6, 1)]


def test_a_notice_dated_again_dates_its_tasks_parts_and_no_others(agency, other_agency):
    notice = NoticeFactory(issued_on=None, meeting_on=date(2026, 2, 27))
    parts = [
        PartFactory(directive=directive, agency=lead)
        for directive in (DirectiveFactory(notice=notice), DirectiveFactory(notice=notice))
        for lead in (agency, other_agency)
    ]
    elsewhere = PartFactory(directive__notice=NoticeFactory(issued_on=date(2026, 1, 5)), agency=agency)

    notice.issued_on = date(2026, 3, 2)
    notice.save()
    assert {stored_notice_date(part) for part in parts} == {date(2026, 3, 2)}
    notice.issued_on = notice.meeting_on = None
    notice.save()
    assert {stored_notice_date(part) for part in parts} == {None}
    notice.meeting_on = date(2026, 2, 28)
    notice.save()
    assert {stored_notice_date(part) for part in parts} == {date(2026, 2, 28)}
    assert stored_notice_date(elsewhere) == date(2026, 1, 5)


def test_a_notice_saved_with_its_dates_unchanged_writes_no_part(agency, django_assert_num_queries):
    notice = NoticeFactory(issued_on=date(2026, 3, 2))
    PartFactory(directive__notice=notice, agency=agency)
    notice.title = "Kết luận đã sửa"
    # The notice written, its parts' agencies read (the dashboard's counts), its parts of another date looked
    # for: none, so none is written.
    with django_assert_num_queries(3):
        notice.save()
    # Saved without its dates: its parts are not looked at.
    with django_assert_num_queries(2):
        notice.save(update_fields=["title"])


def test_a_task_moved_to_another_notice_takes_its_date(agency, other_agency):
    directive = DirectiveFactory(notice=NoticeFactory(issued_on=date(2026, 1, 5)))
    parts = [PartFactory(directive=directive, agency=lead) for lead in (agency, other_agency)]
    later = NoticeFactory(issued_on=None, meeting_on=date(2026, 4, 9))

    directive.notice = later
    directive.save()
    assert {stored_notice_date(part) for part in parts} == {date(2026, 4, 9)}
    # Read again from the database, then moved back.
    directive = Directive.objects.get(pk=directive.pk)
    directive.notice_id = parts[0].directive.notice_id = NoticeFactory(issued_on=date(2026, 1, 5)).pk
    directive.save()
    assert {stored_notice_date(part) for part in parts} == {date(2026, 1, 5)}


def test_a_task_saved_in_its_own_notice_does_not_look_at_its_parts_dates(django_assert_num_queries):
    directive = Directive.objects.get(pk=PartFactory().directive_id)
    directive.title = "Việc đã sửa"
    # Its parts of another deadline looked for, the task written, its parts' agencies read (the dashboard's
    # counts): neither its notice nor its parts' dates are looked up.
    with django_assert_num_queries(3):
        directive.save()


def test_the_migration_gives_existing_parts_their_notice_date(transactional_db, agency):
    def write(apps):
        OldNotice = apps.get_model("directives", "Notice")
        OldDirective = apps.get_model("directives", "Directive")
        OldPart = apps.get_model("directives", "Part")
        notices = [
            OldNotice.objects.create(
                title="Đã ban hành", issued_on=date(2024, 5, 1), meeting_on=date(2024, 4, 2)
            ),
            OldNotice.objects.create(title="Dự thảo", meeting_on=date(2024, 4, 2)),
            OldNotice.objects.create(title="Chưa có ngày"),
        ]
        return [
            OldPart.objects.create(
                directive=OldDirective.objects.create(notice=notice, number="1", title="a", text="a"),
                agency_id=agency.pk,
            )
            for notice in notices
        ]

    dates = values_across_migration(
        "0019_notice_newest_first_index", "0020_part_notice_date", write, "Part", "notice_date"
    )
    assert dates == [date(2024, 5, 1), date(2024, 4, 2), None]


# ---------------------------------------------------------------------------------------------------
# Lists: the urgency order and paging by id


@pytest.fixture
def mixed_parts(agency, other_agency):
    """Sixty tasks with every kind of deadline and status, a third with two leads, ties included."""
    rng = random.Random(7)
    agencies = [agency, other_agency, AgencyFactory(name="UBND huyện Yên Thế")]
    notices = [NoticeFactory(), NoticeFactory()]
    for index in range(60):
        deadline = rng.choice([None, days(-30), days(-1), days(0), days(1), days(rng.randint(-90, 90))])
        directive = DirectiveFactory(notice=rng.choice(notices), position=index, deadline=deadline)
        for lead in rng.sample(agencies, 2 if index % 3 == 0 else 1):
            status = rng.choice(list(TaskStatus.values))
            PartFactory(
                directive=directive,
                agency=lead,
                status=status,
                completed_on=days(rng.randint(-60, 0)) if status == TaskStatus.DONE else None,
                extended_deadline=days(rng.randint(-10, 60)) if rng.random() < 0.15 else None,
            )


def urgency_as_defined(part):
    """The urgency order as the users know it: overdue, within the deadline, without one, finished."""
    rank = {
        Timeliness.OVERDUE: 0,
        Timeliness.IN_PROGRESS_ON_TIME: 1,
        Timeliness.NO_DEADLINE: 2,
    }.get(part.timeliness, 3)
    deadline = part.extended_deadline or part.directive.deadline
    return (
        rank,
        deadline is None,
        deadline or date.min,
        part.directive.notice_id,
        part.directive.position,
        part.pk,
    )


def test_the_urgency_order_is_overdue_then_due_soonest_then_open_ended_then_finished(mixed_parts):
    parts = Part.objects.with_timeliness(TODAY).select_related("directive")
    expected = [part.pk for part in sorted(parts, key=urgency_as_defined)]
    assert [part.pk for part in parts.by_urgency()] == expected


def test_the_timeliness_filter_finds_the_parts_of_each_category_as_it_is_shown(mixed_parts, agency):
    PartFactory(
        directive=DirectiveFactory(deadline=None), agency=agency, status=TaskStatus.DONE, completed_on=TODAY
    )
    shown = {part.pk: part.timeliness for part in Part.objects.with_timeliness(TODAY)}
    assert set(shown.values()) == set(Timeliness.values)  # every part in a category, every category shown
    for category in Timeliness.values:
        found = set(Part.objects.in_timeliness([category], TODAY).values_list("pk", flat=True))
        assert found == {pk for pk, timeliness in shown.items() if timeliness == category}, category
        assert found, category
    either = Part.objects.in_timeliness([Timeliness.OVERDUE, Timeliness.NO_DEADLINE], TODAY)
    assert set(either.values_list("pk", flat=True)) == {
        pk for pk, timeliness in shown.items() if timeliness in (Timeliness.OVERDUE, Timeliness.NO_DEADLINE)
    }


@pytest.mark.parametrize("orphans", [0, 3])
def test_pages_read_by_id_first_are_the_pages_of_the_list(mixed_parts, orphans):
    parts = Part.objects.for_listing(TODAY).by_urgency()
    plain = Paginator(parts, 7, orphans=orphans)
    by_id = IdsFirstPaginator(parts, 7, orphans=orphans)
    assert by_id.num_pages == plain.num_pages > 5
    for number in plain.page_range:
        assert [part.pk for part in by_id.page(number)] == [part.pk for part in plain.page(number)]
    assert by_id.get_page(999).number == plain.num_pages
    assert rows_by_ids_first(parts.filter(pk=-1), 0, 10) == []


def test_pages_read_as_values_are_the_same_rows_and_count_without_their_joins(mixed_parts):
    parts = Part.objects.for_listing(TODAY).by_urgency()
    plain = Paginator(parts, 7)
    as_values = IdsFirstPaginator(parts, 7, read_rows=lambda rows: rows.values("id", "agency__name"))
    with CaptureQueriesContext(connection) as queries:
        first = as_values.page(1)
    for number in plain.page_range:
        expected = [{"id": part.pk, "agency__name": part.agency.name} for part in plain.page(number)]
        assert list(as_values.page(number)) == expected
    count, ids, rows = (query["sql"] for query in queries.captured_queries)
    assert "agencies_agency" not in count and "agencies_agency" not in ids and "agencies_agency" in rows
    assert len(first) == 7


# ---------------------------------------------------------------------------------------------------
# The task list's filter form


def test_the_notice_filter_offers_only_the_chosen_notice_and_finds_one_by_its_number(
    client, office_staff, agency
):
    wanted = NoticeFactory(number="75/TB-VPUBND")  # the factory's are n/TB-UBND, and one may be 175/TB-UBND
    for _ in range(5):
        PartFactory(directive=DirectiveFactory(notice=NoticeFactory()), agency=agency)
    part = PartFactory(directive=DirectiveFactory(notice=wanted), agency=agency)
    client.force_login(office_staff)

    page = client.get(reverse("directives:directive_list")).content.decode()
    notice_select = re.search(r'<select name="notice".*?</select>', page, re.S).group(0)
    assert notice_select.count("<option") == 1

    chosen = client.get(reverse("directives:directive_list"), {"notice": wanted.pk})
    notice_select = re.search(r'<select name="notice".*?</select>', chosen.content.decode(), re.S).group(0)
    assert notice_select.count("<option") == 2
    assert f'value="{wanted.pk}" selected' in notice_select
    assert [row["id"] for row in chosen.context["page"]] == [part.pk]

    by_number = client.get(reverse("directives:directive_list"), {"notice_number": "75/tb-vp"})
    assert [row["id"] for row in by_number.context["page"]] == [part.pk]


def test_the_agency_filters_list_every_agency_escaped_with_the_chosen_one_selected(client, office_staff):
    chosen = AgencyFactory(name='Sở "Xây dựng" & <Giao thông>')
    PartFactory(agency=chosen)
    client.force_login(office_staff)
    page = client.get(reverse("directives:directive_list"), {"agency": chosen.pk}).content.decode()
    lead_select = re.search(r'<select name="agency".*?</select>', page, re.S).group(0)
    assert (
        f'<option value="{chosen.pk}" selected>Sở &quot;Xây dựng&quot; &amp; &lt;Giao thông&gt;</option>'
        in (lead_select)
    )
    assert 'id="id_agency"' in lead_select


# ---------------------------------------------------------------------------------------------------
# The dashboard


def overdue_at_the_end_of(day, parts):
    """Whether each part was overdue at the end of `day`, worked out one part at a time."""
    count = 0
    for part in parts:
        notice = part.directive.notice
        out_on = notice.issued_on or notice.meeting_on or timezone.localtime(part.created_at).date()
        deadline = part.extended_deadline or part.directive.deadline
        if part.status == TaskStatus.CANCELLED or deadline is None:
            continue
        if deadline < day and out_on <= day and (part.completed_on is None or part.completed_on > day):
            count += 1
    return count


def test_the_trend_counts_what_was_overdue_at_each_month_end(mixed_parts):
    month_ends = dashboard.trend_days(TODAY)
    parts = list(Part.objects.select_related("directive__notice"))
    expected = [overdue_at_the_end_of(day, parts) for day in month_ends]
    assert dashboard.overdue_at(Part.objects.with_timeliness(TODAY), month_ends) == expected
    assert max(expected) > 0


def test_the_longest_overdue_come_first_on_the_dashboard(mixed_parts):
    parts = Part.objects.with_timeliness(TODAY).select_related("directive")
    overdue = sorted(
        (part for part in parts if part.timeliness == Timeliness.OVERDUE), key=urgency_as_defined
    )
    shown = dashboard.overdue_parts(Part.objects.with_timeliness(TODAY), TODAY, limit=5)
    assert [part.pk for part in shown] == [part.pk for part in overdue[:5]]


def test_the_dashboard_table_shows_the_most_overdue_agencies_and_links_to_all(
    client, office_staff, monkeypatch
):
    monkeypatch.setattr(dashboard, "AGENCIES_SHOWN", 3)
    for index in range(5):
        lead = AgencyFactory(name=f"UBND huyện {index}")
        for _ in range(index + 1):
            PartFactory(
                directive=DirectiveFactory(notice=NoticeFactory(issued_on=TODAY), deadline=days(-3)),
                agency=lead,
            )
    client.force_login(office_staff)

    response = client.get(reverse("reporting:dashboard"), {"period": "this_year"})
    shown = [row["agency__name"] for row in response.context["per_agency"]]
    assert shown == ["UBND huyện 4", "UBND huyện 3", "UBND huyện 2"]
    assert response.context["agency_count"] == 5
    link = re.search(r'<a href="\?([^"]+)" id="all-agencies">', response.content.decode()).group(1)
    assert "agencies=all" in link and "period=this_year" in link

    everything = client.get(reverse("reporting:dashboard"), {"period": "this_year", "agencies": "all"})
    assert len(everything.context["per_agency"]) == 5
    assert 'id="all-agencies"' not in everything.content.decode()
    assert sum(row["total"] for row in everything.context["per_agency"]) == everything.context["total"] == 15


def test_an_agency_is_counted_again_from_its_parts_alone_whatever_the_period():
    """Counting one agency again after a change reads the agency's index of parts, which carries what the
    categories, the ageing, the trend and the period need: no task or notice is joined."""
    for date_range in ((None, None), (date(2026, 1, 1), date(2026, 6, 30))):
        parts = dashboard._one_agency_parts(7, date_range, TODAY)
        for query in (
            dashboard._category_groups(parts, TODAY),
            dashboard._overdue_groups(parts, dashboard.trend_days(TODAY), "agency_id"),
        ):
            sql = str(query.query)
            assert "directives_directive" not in sql and "directives_notice" not in sql


# ---------------------------------------------------------------------------------------------------
# The dashboard's figures, counted once per change


# Which agencies' counts versions each change raises: tests/reporting/test_dashboard_figures.py.


def test_a_part_saved_writes_no_row_that_every_writer_shares(agency_staff, agency):
    """What a progress report writes in its transaction: its own part and its history entry, nothing that
    another writer's transaction would have to wait for."""
    from directives.services import record_progress

    part = PartFactory(directive=DirectiveFactory(deadline=days(3)), agency=agency)
    with CaptureQueriesContext(connection) as queries:
        record_progress(part_id=part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="x")
    writes = [
        query["sql"] for query in queries.captured_queries if query["sql"].startswith(("INSERT", "UPDATE"))
    ]
    assert [sql.split()[0:3] for sql in writes] == [
        ["UPDATE", '"directives_part"', "SET"],
        ["INSERT", "INTO", '"directives_progressupdate"'],
    ]
    assert f'WHERE "directives_part"."id" = {part.pk}' in writes[0]


def overdue_on_dashboard(client) -> int:
    response = client.get(reverse("reporting:dashboard"))
    return {code: count for code, _label, count, _url, _share in response.context["counts"]}["overdue"]


def test_the_dashboard_counts_once_per_change_and_shows_a_change_at_once(
    transactional_db, client, office_staff, agency
):
    from directives.services import record_progress

    late = PartFactory(directive=DirectiveFactory(deadline=days(-5)), agency=agency)
    client.force_login(office_staff)
    cancel = {"status": TaskStatus.CANCELLED, "note": "Không còn phù hợp"}

    def overdue_shown():
        with CaptureQueriesContext(connection) as queries:
            overdue = overdue_on_dashboard(client)
        return overdue, len(queries.captured_queries)

    first, counted_queries = overdue_shown()
    again, cached_queries = overdue_shown()
    assert first == again == 1
    assert cached_queries < counted_queries

    record_progress(part_id=late.pk, user=office_staff, **cancel)  # committed when it returns
    after, recounted_queries = overdue_shown()
    assert after == 0
    assert recounted_queries > cached_queries


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer at a time whatever rows it writes"
)
def test_two_writers_saving_different_parts_do_not_wait_for_each_other(
    transactional_db, client, office_staff, agency, other_agency
):
    """One transaction has saved a part and is still open; another saves a different part (of another
    agency, or of the same) without waiting for it, and the dashboard shows each change once committed."""
    import threading

    from django.db import transaction

    from directives.services import record_progress

    first, second, third = (
        PartFactory(directive=DirectiveFactory(deadline=days(-5)), agency=holder)
        for holder in (agency, other_agency, agency)
    )
    cancel = {"status": TaskStatus.CANCELLED, "note": "Không còn phù hợp", "user": office_staff}
    client.force_login(office_staff)
    assert overdue_on_dashboard(client) == 3
    saved, finish, failures = threading.Event(), threading.Event(), []

    def first_writer():
        try:
            with transaction.atomic():
                record_progress(part_id=first.pk, **cancel)
                saved.set()
                finish.wait(30)
        except Exception as error:  # the main thread reports it
            failures.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=first_writer)
    writer.start()
    try:
        assert saved.wait(30)
        for part in (second, third):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")  # waiting for the first would fail
                record_progress(part_id=part.pk, **cancel)
            assert overdue_on_dashboard(client) == (2 if part == second else 1)  # the first: uncommitted
    finally:
        finish.set()
        writer.join(30)
    assert not failures
    assert overdue_on_dashboard(client) == 0


def test_a_notice_page_links_to_its_tasks_in_the_list(client, office_staff, agency):
    part = PartFactory(agency=agency)
    PartFactory(agency=agency)
    client.force_login(office_staff)
    page = client.get(reverse("directives:notice_detail", args=[part.directive.notice_id])).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)" id="notice-task-list">', page).group(1)
    assert [row["id"] for row in client.get(link.replace("&amp;", "&")).context["page"]] == [part.pk]


@pytest.mark.parametrize("notice", ["99999999999999999999999", "-1", "abc"])
def test_a_notice_filter_that_names_no_notice_is_answered_not_an_error(client, office_staff, notice):
    PartFactory()
    client.force_login(office_staff)
    response = client.get(reverse("directives:directive_list"), {"notice": notice})
    assert response.status_code == 200
    assert response.context["filter"].form.errors or not response.context["page"].object_list
