"""Grouped reminders: whoever would receive more reminders in one run than the policy's
`group_reminders_above` receives one email and one in-app entry listing them; everyone else gets each
alone."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from notifications import outbox, texts
from notifications.choices import NotificationKind
from notifications.models import (
    EmailContent,
    Notification,
    NotificationPreference,
    OutboxMessage,
    PartReminder,
    ReminderAudience,
)
from notifications.services import run_sweep, send_due_messages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AFTER_TET = date(2024, 2, 20)  # a Tuesday, four working days after Tết 2024
ON = date(2024, 2, 19)  # the Monday before: the 1-day reminder of a task due on AFTER_TET
LEAD = {"truongban@bacgiang.example", "chuyenvien@bacgiang.example", "bqlkcn@bacgiang.example"}


@pytest.fixture
def three_allowed(policy):
    policy.group_reminders_above = 3
    policy.save()
    return policy


def grouped_emails():
    return OutboxMessage.objects.filter(kind=NotificationKind.REMINDER, subject__startswith="reminders:")


def alone_emails():
    return OutboxMessage.objects.filter(kind=NotificationKind.REMINDER, part__isnull=False)


def test_at_the_threshold_each_reminder_goes_alone_as_before(cast, make_part, three_allowed):
    parts = [make_part(AFTER_TET) for _ in range(3)]
    report = run_sweep(ON)
    assert (report.reminders, report.grouped_reminders) == (3 * len(LEAD), 0)
    assert not grouped_emails().exists()
    assert {(row.part_id, row.recipient_email) for row in alone_emails()} == {
        (part.pk, email) for part in parts for email in LEAD
    }
    assert Notification.objects.filter(part__isnull=False).count() == 3 * 2
    assert set(PartReminder.objects.values_list("part_id", "grouped")) == {(part.pk, False) for part in parts}


def test_above_it_one_email_and_one_entry_list_the_tasks_by_due_date(cast, make_part, three_allowed):
    later = make_part(date(2024, 2, 23))  # its 3-day reminder is due on the 19th too
    parts = [make_part(AFTER_TET) for _ in range(3)]
    report = run_sweep(ON, itemized=True)
    assert not alone_emails().exists()
    assert {row.recipient_email for row in grouped_emails()} == LEAD
    assert (report.reminders, report.grouped_reminders) == (len(LEAD), len(LEAD))
    assert {entry["tasks"] for entry in report.notifications} == {4}
    # The agency's people share one text: the sender renders it once.
    content = EmailContent.objects.get()
    listed = content.to_render["arguments"]["reminders"]
    assert [part_id for part_id, _period, _due_on, _step in listed] == [*(p.pk for p in parts), later.pk]
    assert [step for *_rest, step in listed] == [1, 1, 1, 7]

    entries = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert {entry.recipient for entry in entries} == {cast["agency_head"], cast["agency_staff"]}
    assert {entry.link for entry in entries} == {reverse("directives:my_tasks")}
    assert all(" 4 " in entry.title and entry.part_id is None for entry in entries)
    assert set(PartReminder.objects.values_list("part_id", "grouped")) == {
        (part.pk, True) for part in [*parts, later]
    }


def test_the_grouped_email_lists_each_task_with_its_notice_agency_due_date_step_and_link(
    cast, make_part, three_allowed, settings
):
    parts = [make_part(AFTER_TET, title=f"Báo cáo số {n}") for n in range(4)]
    run_sweep(ON)
    assert send_due_messages().sent == len(LEAD) == len(mail.outbox)
    body, html = mail.outbox[0].body, mail.outbox[0].alternatives[0].content
    for part in parts:
        directive = part.directive
        url = settings.SITE_URL.rstrip("/") + reverse("directives:directive_detail", args=[directive.pk])
        for text in (body, html):
            assert f"{directive.number}. {directive.title}" in text
            assert url in text and directive.notice.number in text
    assert part.agency.name in body and "20/02/2024" in body
    assert body.index(parts[0].directive.title) < body.index(parts[3].directive.title)
    assert reverse("directives:my_tasks") in body
    assert len({email.body for email in mail.outbox}) == 1


def test_a_long_list_shows_its_first_tasks_and_counts_the_rest(cast, make_part, three_allowed, monkeypatch):
    monkeypatch.setattr(texts, "LISTED_IN_EMAIL", 2)
    parts = [make_part(AFTER_TET, title=f"Báo cáo số {n}") for n in range(5)]
    run_sweep(ON)
    assert send_due_messages().sent == len(LEAD)
    body, html = mail.outbox[0].body, mail.outbox[0].alternatives[0].content
    assert "5 nhiệm vụ" in mail.outbox[0].subject
    for text in (body, html):
        assert "5 nhiệm vụ" in text and "… và 3 nhiệm vụ khác, đến hạn muộn hơn." in text
        assert [part.directive.title in text for part in parts] == [True, True, False, False, False]
    assert reverse("directives:my_tasks") in body


def test_a_person_who_opted_out_gets_the_grouped_entry_and_no_email(cast, make_part, three_allowed):
    NotificationPreference.objects.create(user=cast["agency_staff"], email_reminders=False)
    for _ in range(4):
        make_part(AFTER_TET)
    run_sweep(ON)
    assert {row.recipient_email for row in grouped_emails()} == LEAD - {"chuyenvien@bacgiang.example"}
    assert not alone_emails().exists()
    assert Notification.objects.filter(recipient=cast["agency_staff"]).count() == 1


def test_only_those_above_the_threshold_are_grouped(cast, make_part, three_allowed, supporting_agency):
    """The lead agency has four reminders; the supporting agency is copied on one of them only."""
    supported = make_part(AFTER_TET, supporting=[supporting_agency])
    for _ in range(3):
        make_part(AFTER_TET)
    run_sweep(ON)
    assert {row.recipient_email for row in grouped_emails()} == LEAD
    assert {(row.part_id, row.recipient_email) for row in alone_emails()} == {
        (supported.pk, "sxd@bacgiang.example"),
        (supported.pk, "gdsxd@bacgiang.example"),
    }
    assert PartReminder.objects.get(part=supported).grouped


def test_a_repeated_run_writes_nothing(cast, make_part, three_allowed):
    for _ in range(4):
        make_part(AFTER_TET)
    first = run_sweep(ON)
    rows = (OutboxMessage.objects.count(), Notification.objects.count(), EmailContent.objects.count())
    assert first.grouped_reminders == len(LEAD)
    assert run_sweep(ON).written == 0
    assert run_sweep(ON, dry_run=True).written == 0
    assert (OutboxMessage.objects.count(), Notification.objects.count(), EmailContent.objects.count()) == rows


def test_a_part_reminded_in_a_grouped_email_is_not_reminded_again(cast, make_part, three_allowed):
    grouped = [make_part(AFTER_TET) for _ in range(4)]
    run_sweep(ON)
    # The office raises the threshold; a task is added the same day: only it is reminded, alone.
    three_allowed.group_reminders_above = 10
    three_allowed.save()
    added = make_part(AFTER_TET)
    report = run_sweep(ON)
    assert report.reminders == len(LEAD) and report.grouped_reminders == 0
    assert {row.part_id for row in alone_emails()} == {added.pk}
    assert not Notification.objects.filter(part__in=grouped).exists()


def test_new_reminders_of_a_later_run_are_grouped_in_a_new_email(cast, make_part, three_allowed):
    for _ in range(4):
        make_part(AFTER_TET)
    run_sweep(ON)
    for _ in range(4):
        make_part(AFTER_TET)
    assert run_sweep(ON).grouped_reminders == len(LEAD)
    assert grouped_emails().count() == 2 * len(LEAD)
    assert [len(content.to_render["arguments"]["reminders"]) for content in EmailContent.objects.all()] == [
        4,
        4,
    ]


def test_a_reminder_sent_alone_is_not_listed_later_but_reaches_a_newcomer(
    cast, make_part, three_allowed, roles
):
    first = [make_part(AFTER_TET) for _ in range(3)]
    run_sweep(ON)
    newcomer = UserFactory(
        username="moi", agency=first[0].agency, role=cast["agency_staff"].role, email="moi@bacgiang.example"
    )
    added = make_part(AFTER_TET)
    run_sweep(ON)
    # Only the added task is fresh: one reminder each, alone; the newcomer also gets the three earlier ones.
    assert not grouped_emails().exists()
    assert set(alone_emails().filter(part=added).values_list("recipient_email", flat=True)) == LEAD | {
        "moi@bacgiang.example"
    }
    assert alone_emails().filter(recipient_email="moi@bacgiang.example").count() == 4
    assert Notification.objects.filter(recipient=newcomer).count() == 4


def join(agency, role, username):
    """A person who joins `agency` after a run."""
    return UserFactory(username=username, agency=agency, role=role, email=f"{username}@bacgiang.example")


def test_a_newcomer_receives_what_the_agency_had_grouped_grouped_in_turn(cast, make_part, three_allowed):
    parts = [make_part(AFTER_TET) for _ in range(4)]
    run_sweep(ON)
    newcomer = join(parts[0].agency, cast["agency_staff"].role, "moi")
    report = run_sweep(ON, itemized=True)
    # Four earlier reminders, above the threshold: one grouped email and one entry, to the newcomer only.
    assert (report.reminders, report.grouped_reminders) == (1, 1)
    assert [entry["tasks"] for entry in report.notifications] == [4]
    assert {row.recipient_email for row in grouped_emails()} == LEAD | {"moi@bacgiang.example"}
    assert Notification.objects.filter(recipient=newcomer).count() == 1
    assert not alone_emails().exists()
    newest = grouped_emails().get(recipient_email="moi@bacgiang.example").content
    assert [listed[0] for listed in newest.to_render["arguments"]["reminders"]] == [part.pk for part in parts]
    assert run_sweep(ON).written == 0


def test_on_the_days_after_only_a_newcomer_hears_of_a_step_still_due(cast, make_part, three_allowed):
    """Due on Thursday 29 February 2024: its 7-day reminder is due from the 20th until the 23rd."""
    parts = [make_part(date(2024, 2, 29)) for _ in range(4)]
    assert run_sweep(date(2024, 2, 20)).grouped_reminders == len(LEAD)
    assert run_sweep(date(2024, 2, 21)).written == 0
    join(parts[0].agency, cast["agency_staff"].role, "moi")
    report = run_sweep(date(2024, 2, 22))
    assert (report.reminders, report.grouped_reminders) == (1, 1)
    assert run_sweep(date(2024, 2, 23)).written == 0
    assert grouped_emails().count() == len(LEAD) + 1


def test_a_newcomer_with_few_of_them_receives_each_alone(cast, make_part, three_allowed):
    parts = [make_part(AFTER_TET) for _ in range(4)]
    run_sweep(ON)
    three_allowed.group_reminders_above = 10
    three_allowed.save()
    newcomer = join(parts[0].agency, cast["agency_head"].role, "truongban2")
    report = run_sweep(ON)
    assert (report.reminders, report.grouped_reminders) == (4, 0)
    assert set(alone_emails().values_list("part_id", "recipient_email")) == {
        (part.pk, "truongban2@bacgiang.example") for part in parts
    }
    assert Notification.objects.filter(recipient=newcomer, part__in=parts).count() == 4
    assert set(PartReminder.objects.values_list("part_id", "grouped")) == {(part.pk, True) for part in parts}
    assert run_sweep(ON).written == 0


def test_who_had_them_grouped_is_not_a_newcomer_by_a_new_address(cast, make_part, three_allowed):
    for _ in range(4):
        make_part(AFTER_TET)
    run_sweep(ON)
    staff = cast["agency_staff"]
    staff.email = "chuyenvien.moi@bacgiang.example"
    staff.save(update_fields=["email"])
    assert run_sweep(ON).written == 0


def test_a_newcomer_of_a_supporting_agency_receives_only_its_copies(
    cast, make_part, three_allowed, supporting_agency
):
    """Grouped for the lead agency, the supported task went alone to the supporting agency's people."""
    supported = make_part(AFTER_TET, supporting=[supporting_agency])
    for _ in range(3):
        make_part(AFTER_TET)
    run_sweep(ON)
    join(supporting_agency, cast["agency_head"].role, "phogiamdoc")
    report = run_sweep(ON)
    assert (report.reminders, report.grouped_reminders) == (1, 0)
    assert alone_emails().filter(recipient_email="phogiamdoc@bacgiang.example").get().part_id == supported.pk


def test_reminders_grouped_before_the_audiences_were_kept_go_to_no_one(cast, make_part, three_allowed, roles):
    parts = [make_part(AFTER_TET) for _ in range(4)]
    run_sweep(ON)
    ReminderAudience.objects.all().delete()
    join(parts[0].agency, cast["agency_staff"].role, "moi")
    assert run_sweep(ON).written == 0


def test_the_row_by_row_writer_groups_as_the_database_does(cast, make_part, three_allowed, monkeypatch):
    for _ in range(4):
        make_part(AFTER_TET)
    make_part(date(2024, 2, 23))
    fanned = run_sweep(ON, dry_run=True, itemized=True)
    monkeypatch.setattr(outbox, "fans_out", lambda: False)
    row_by_row = run_sweep(ON, itemized=True)
    assert fanned.as_json() == row_by_row.as_json()
    assert row_by_row.grouped_reminders == len(LEAD)
    assert run_sweep(ON).written == 0
