"""The sweep at scale: a run repeated the same day stores and writes nothing, its candidates are narrowed in
the database without losing a reminder, and its query count does not grow with what was sent before."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directives.models import Part
from loadtools.load import LoadPlan, generate_load
from notifications import outbox, services, texts
from notifications.choices import NotificationKind, OutboxStatus
from notifications.models import EmailContent, Notification, NotificationPolicy, OutboxMessage
from notifications.services import reminder_candidates, reminder_due, run_sweep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AFTER_TET = date(2024, 2, 20)  # a Tuesday, four working days after Tết 2024
LEAD = {"truongban@bacgiang.example", "chuyenvien@bacgiang.example", "bqlkcn@bacgiang.example"}


@pytest.fixture
def texts_stored(monkeypatch):
    """The messages whose text the sweep stores to be rendered (one per message, whatever its number of
    recipients)."""
    stored = []

    def counting(rendered):
        stored.append(rendered.renderer)
        return content_row(rendered)

    content_row = outbox.content_row
    monkeypatch.setattr(outbox, "content_row", counting)
    return stored


def inserts(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("INSERT")]


def test_a_repeated_sweep_stores_and_writes_nothing(cast, make_part, policy, supporting_agency, texts_stored):
    make_part(AFTER_TET, supporting=[supporting_agency])
    make_part(None, recurrence="monthly", issued_on=date(2023, 12, 1))  # 7 working days before 29 February
    make_part(date(2024, 2, 1))  # overdue since before Tết: levels 1 and 2
    first = run_sweep(AFTER_TET)
    assert first.reminders > 0 and first.escalations > 0
    assert sorted(texts_stored) == ["escalation", "escalation", "reminder", "reminder"]
    written = (OutboxMessage.objects.count(), Notification.objects.count(), EmailContent.objects.count())

    texts_stored.clear()
    with CaptureQueriesContext(connection) as captured:
        again = run_sweep(AFTER_TET)
    assert (again.reminders, again.escalations) == (0, 0)
    assert texts_stored == []
    assert inserts(captured.captured_queries) == []
    assert (
        OutboxMessage.objects.count(),
        Notification.objects.count(),
        EmailContent.objects.count(),
    ) == written


def test_rows_another_run_wrote_after_the_look_up_are_skipped_not_doubled(
    cast, make_part, policy, supporting_agency, monkeypatch
):
    make_part(AFTER_TET, supporting=[supporting_agency])
    make_part(date(2024, 2, 1))
    first = run_sweep(AFTER_TET)
    written = (OutboxMessage.objects.count(), Notification.objects.count(), EmailContent.objects.count())
    assert first.written > 0
    # As if a concurrent sweep wrote them all between this run's look-up and its inserts.
    monkeypatch.setattr(outbox.OutboxWriter, "_look_up", lambda self, kind, keys: None)
    again = run_sweep(AFTER_TET)
    assert (again.reminders, again.escalations) == (0, 0)
    assert (
        OutboxMessage.objects.count(),
        Notification.objects.count(),
        EmailContent.objects.count(),
    ) == written


def test_each_message_is_stored_once_for_all_its_recipients(cast, make_part, policy, supporting_agency):
    part = make_part(AFTER_TET, supporting=[supporting_agency])
    run_sweep(date(2024, 2, 19))
    rows = OutboxMessage.objects.filter(part=part)
    assert rows.count() == len(LEAD) + 2
    assert rows.values("content").distinct().count() == 1
    assert EmailContent.objects.count() == 1


def test_only_a_recipient_who_lacks_the_notification_gets_it_later(
    cast, make_part, policy, roles, texts_stored
):
    part = make_part(AFTER_TET)
    run_sweep(date(2024, 2, 19))
    newcomer = UserFactory(
        username="chuyenvienmoi",
        agency=part.agency,
        role=cast["agency_staff"].role,
        email="moi@bacgiang.example",
    )
    texts_stored.clear()
    report = run_sweep(date(2024, 2, 19), itemized=True)
    assert texts_stored == ["reminder"]
    assert [entry["recipient"] for entry in report.notifications] == ["moi@bacgiang.example"]
    assert OutboxMessage.objects.filter(part=part).count() == len(LEAD) + 1
    assert Notification.objects.filter(part=part, recipient=newcomer).count() == 1


def test_a_repeated_dry_run_reports_what_the_first_would_write(cast, make_part, policy):
    make_part(AFTER_TET)
    dry = run_sweep(date(2024, 2, 19), dry_run=True)
    assert dry.written == len(LEAD)
    assert run_sweep(date(2024, 2, 19)).written == len(LEAD)
    assert run_sweep(date(2024, 2, 19), dry_run=True).written == 0


def test_the_report_counts_without_listing_unless_asked(cast, make_part, policy):
    make_part(AFTER_TET)
    make_part(date(2024, 2, 16))
    report = run_sweep(date(2024, 2, 19))
    assert (report.reminders, report.escalations, report.notifications) == (len(LEAD), 2, [])
    assert report.as_json() == {
        "as_of": "2024-02-19",
        "reminders": len(LEAD),
        "grouped_reminders": 0,
        "escalations": 2,
        "closed_escalations": 0,
        "extension_notices": 0,
        "notifications": [],
    }


def test_the_query_count_does_not_grow_with_the_reminders_sent_before(
    cast, make_part, policy, supporting_agency, django_assert_max_num_queries
):
    def repeated_sweep_queries(tasks):
        for _ in range(tasks):
            make_part(AFTER_TET, supporting=[supporting_agency])
            make_part(None, recurrence="monthly", issued_on=date(2023, 6, 1))
            make_part(date(2024, 2, 16))
        # Every reminder of the monthly tasks since July, and today's, are in the outbox already.
        for day in (
            date(2023, 7, 31),
            date(2023, 8, 31),
            date(2023, 9, 29),
            date(2024, 1, 31),
            date(2024, 2, 19),
        ):
            run_sweep(day)
        with django_assert_max_num_queries(32) as captured:
            assert run_sweep(date(2024, 2, 19)).written == 0
        return len(captured.captured_queries)

    few = repeated_sweep_queries(2)
    assert OutboxMessage.objects.filter(kind=NotificationKind.REMINDER).count() > 0
    many = repeated_sweep_queries(20)
    assert many == few


# ---------------------------------------------------------------------------------------------------
# The text of a reminder or an escalation is rendered by the sender, once for all its recipients


def test_the_sweep_leaves_the_text_to_the_sender_which_renders_it_once(
    cast, make_part, policy, supporting_agency, monkeypatch
):
    part = make_part(AFTER_TET, supporting=[supporting_agency])
    make_part(date(2024, 2, 1))
    rendered = []
    render_email = texts.render_email
    monkeypatch.setattr(
        texts,
        "render_email",
        lambda template, *args: rendered.append(template) or render_email(template, *args),
    )
    run_sweep(date(2024, 2, 19))
    assert rendered == []
    reminder = EmailContent.objects.distinct().get(
        messages__part=part, messages__kind=NotificationKind.REMINDER
    )
    assert reminder.to_render["renderer"] == "reminder" and reminder.body_text == ""
    assert reminder.email_subject.startswith("Nhắc hạn")

    report = services.send_due_messages()
    assert report.sent == len(mail.outbox) == OutboxMessage.objects.count() > len(LEAD) + 2
    assert sorted(rendered) == ["escalation", "escalation", "reminder"]
    reminder.refresh_from_db()
    assert reminder.to_render is None and "20/02/2024" in reminder.body_text
    sent = next(email for email in mail.outbox if email.subject == reminder.email_subject)
    assert sent.body == reminder.body_text
    # The supporting agencies by name, in the text as in the HTML (not the list of agencies printed).
    assert f"Cơ quan phối hợp: {supporting_agency.name}\n" in sent.body and "<Agency" not in sent.body
    assert f"{supporting_agency.name}</td>" in sent.alternatives[0].content
    assert sent.alternatives[0].content == reminder.body_html


def test_an_email_whose_text_cannot_be_rendered_fails_alone_with_the_reason(
    cast, make_part, policy, monkeypatch, caplog
):
    make_part(AFTER_TET)
    make_part(date(2024, 2, 1))

    def broken(*args, **kwargs):
        raise ValueError("mẫu thư hỏng")

    monkeypatch.setitem(texts.RENDERERS, ("escalation", 1), broken)
    run_sweep(date(2024, 2, 19))
    escalations = OutboxMessage.objects.filter(kind=NotificationKind.ESCALATION)
    report = services.send_due_messages()
    assert report.failed == escalations.count() > 0
    assert report.sent == len(mail.outbox) == len(LEAD)
    assert {message.status for message in escalations} == {OutboxStatus.FAILED}
    assert "mẫu thư hỏng" in escalations.first().last_error
    assert "Could not render email content" in caplog.text
    # Once the fault is mended, the office queues them again and they go out.
    monkeypatch.undo()
    assert services.retry_failed_messages(message_ids=list(escalations.values_list("pk", flat=True)))
    assert services.send_due_messages().sent == escalations.count()


# ---------------------------------------------------------------------------------------------------
# The candidates narrowed in SQL keep every part `reminder_due` keeps


LOAD_AS_OF = date(2025, 11, 20)
# Month, quarter and year ends, Tết 2026 (14 to 22 February), 30 April and 1 May, 2 September, make-up days.
SWEEP_DAYS = [
    *(date(2025, 11, 20) + timedelta(days=n) for n in range(110)),
    *(date(2026, 4, 1) + timedelta(days=n) for n in range(40)),
    *(date(2025, 8, 20) + timedelta(days=n) for n in range(45)),
]


def test_the_narrowed_candidates_keep_exactly_the_parts_reminder_due_keeps(db):
    generate_load(LoadPlan(notices=30, tasks=1000, agencies=20, users=30, seed=3, as_of=LOAD_AS_OF))
    every_open_part = list(
        Part.objects.open().filter(directive__is_heading=False).select_related("directive__notice")
    )
    recurring = [
        part for part in every_open_part if part.directive.recurrence in ("monthly", "quarterly", "yearly")
    ]
    assert len(recurring) > 50
    recurring_ids = {part.pk for part in recurring}
    kept_at_all, fewest_recurring_candidates = set(), len(recurring)
    for offsets in ([7, 3, 1, 0], [2], [15, 0]):
        for day in SWEEP_DAYS:
            expected = {part.pk for part in every_open_part if reminder_due(part, day, offsets)}
            candidates = list(reminder_candidates(day, offsets))
            narrowed = {part.pk for part in candidates if reminder_due(part, day, offsets)}
            assert narrowed == expected, (day, offsets)
            kept_at_all |= expected
            recurring_candidates = recurring_ids & {part.pk for part in candidates}
            fewest_recurring_candidates = min(fewest_recurring_candidates, len(recurring_candidates))
    assert recurring_ids & kept_at_all
    # Narrowed indeed: on ordinary days the recurring parts are not candidates.
    assert fewest_recurring_candidates == 0


def test_recurring_parts_are_candidates_only_when_their_period_ends_soon(db, make_part, policy):
    monthly = make_part(None, recurrence="monthly", issued_on=date(2023, 6, 1))
    yearly = make_part(None, recurrence="yearly", issued_on=date(2023, 6, 1))
    offsets = NotificationPolicy.current().offsets

    def candidates(day):
        return set(reminder_candidates(day, offsets).values_list("pk", flat=True))

    assert candidates(date(2024, 3, 12)) == set()  # an ordinary day
    assert candidates(date(2024, 3, 25)) == {monthly.pk}  # the last 7 working days of March
    assert candidates(date(2024, 12, 24)) == {monthly.pk, yearly.pk}
