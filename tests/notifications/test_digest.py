"""The weekly digest: each agency's overdue and upcoming tasks to its heads, the summary to the office."""

import re
from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directives.choices import TaskStatus
from notifications import digest
from notifications.choices import NotificationKind
from notifications.models import Notification, NotificationPreference, OutboxMessage
from notifications.services import build_email, run_digest

pytestmark = pytest.mark.django_db

MONDAY = date(2024, 3, 25)


@pytest.fixture
def tasks(cast, make_part, agency, other_agency):
    """The agency's tasks around Monday 25 March 2024, and one of another agency."""
    return {
        "overdue": make_part(date(2024, 3, 20), title="Báo cáo quy hoạch đã quá hạn"),
        "due_today": make_part(MONDAY, title="Rà soát hạ tầng đến hạn hôm nay"),
        "due_in_14_days": make_part(date(2024, 4, 8), title="Đề án tiêu thoát nước"),
        "due_in_15_days": make_part(date(2024, 4, 9), title="Kế hoạch còn xa"),
        "done_late": make_part(
            date(2024, 3, 1), title="Việc đã xong", status=TaskStatus.DONE, completed_on=date(2024, 3, 5)
        ),
        "cancelled": make_part(date(2024, 3, 1), title="Việc đã hủy", status=TaskStatus.CANCELLED),
        "no_deadline": make_part(None, title="Việc thường xuyên"),
        "other_agency": make_part(date(2024, 3, 20), lead=other_agency, title="Việc của Sở Tài chính"),
    }


def digest_to(address):
    return OutboxMessage.objects.get(kind=NotificationKind.DIGEST, recipient_email=address)


def test_an_agency_head_gets_exactly_the_agencys_overdue_and_upcoming_tasks(tasks, policy):
    report = run_digest(MONDAY)
    message = digest_to("truongban@bacgiang.example")
    listed = {"Báo cáo quy hoạch đã quá hạn", "Rà soát hạ tầng đến hạn hôm nay", "Đề án tiêu thoát nước"}
    left_out = {
        "Kế hoạch còn xa",
        "Việc đã xong",
        "Việc đã hủy",
        "Việc thường xuyên",
        "Việc của Sở Tài chính",
    }
    for body in (message.content.body_text, message.content.body_html):
        assert all(title in body for title in listed)
        assert not any(title in body for title in left_out)
    entry = next(e for e in report.notifications if e["recipient"] == "truongban@bacgiang.example")
    assert entry["overdue"] == [tasks["overdue"].directive.number]
    assert entry["upcoming"] == [
        tasks["due_today"].directive.number,
        tasks["due_in_14_days"].directive.number,
    ]
    assert "/directives/" in message.content.body_text  # links into the app
    assert "20/03/2024" in message.content.body_text  # dates as people read them


def test_the_digest_goes_to_heads_not_staff_and_is_multipart(tasks, policy):
    run_digest(MONDAY)
    agency_digests = OutboxMessage.objects.filter(subject__startswith="agency:")
    assert set(agency_digests.values_list("recipient_email", flat=True)) == {
        "truongban@bacgiang.example",
        "giamdoc@bacgiang.example",
    }
    email = build_email(digest_to("truongban@bacgiang.example"))
    message = email.message()
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.get_payload()] == ["text/plain", "text/html"]
    assert not Notification.objects.exists()  # the digest is an email


def test_the_office_and_leaders_get_the_province_summary_by_agency(tasks, policy, agency, other_agency):
    report = run_digest(MONDAY)
    summary = OutboxMessage.objects.filter(subject="province")
    assert set(summary.values_list("recipient_email", flat=True)) == {
        "vanphong@bacgiang.example",
        "chanhvanphong@bacgiang.example",
        "lanhdao@bacgiang.example",
        "vpubnd@bacgiang.example",
    }
    body = summary.first().content.body_text
    assert f"{agency.name}: " in body and f"{other_agency.name}: " in body
    province = [e for e in report.notifications if e["agency"] is None]
    assert province[0]["overdue"] == 2 and province[0]["upcoming"] == 2


def test_an_agency_with_nothing_to_report_gets_no_email(cast, make_part, policy, other_agency):
    make_part(date(2024, 4, 30))  # too far ahead
    make_part(None)
    report = run_digest(MONDAY)
    assert report.notifications == []
    assert not OutboxMessage.objects.exists()


def test_a_digest_goes_once_a_week(tasks, policy):
    first = run_digest(MONDAY)
    assert run_digest(MONDAY).notifications == []
    assert run_digest(date(2024, 3, 27)).notifications == []  # later the same week
    assert len(run_digest(date(2024, 4, 1)).notifications) == len(first.notifications)


def test_a_digest_repeated_the_same_week_is_not_rendered_again(tasks, policy, monkeypatch):
    run_digest(MONDAY)
    rendered = []
    monkeypatch.setattr(digest, "render_email", lambda *args: rendered.append(args))
    assert run_digest(date(2024, 3, 27)).notifications == []
    assert rendered == []


def test_one_agencys_digest_only(tasks, policy, other_agency):
    report = run_digest(MONDAY, agency_id=other_agency.pk)
    assert [entry["recipient"] for entry in report.notifications] == ["giamdoc@bacgiang.example"]


def test_an_agency_without_a_head_on_record_gets_it_at_its_mailbox(tasks, policy, cast):
    cast["agency_head"].delete()
    run_digest(MONDAY)
    assert digest_to("bqlkcn@bacgiang.example").agency.name == tasks["overdue"].agency.name


def test_digests_cannot_be_opted_out_of(tasks, policy, cast):
    NotificationPreference.objects.create(user=cast["agency_head"], email_reminders=False)
    run_digest(MONDAY)
    assert digest_to("truongban@bacgiang.example")


def test_a_dry_run_writes_nothing(tasks, policy):
    assert run_digest(MONDAY, dry_run=True).notifications
    assert not OutboxMessage.objects.exists()


def test_the_digests_show_how_long_the_overdue_have_been_overdue(tasks, make_part, policy):
    make_part(date(2024, 2, 9), title="Quá hạn 45 ngày")
    make_part(date(2023, 9, 7), title="Quá hạn 200 ngày")
    run_digest(MONDAY)
    # The agency's: 5, 45 and 200 days overdue; the province's: the other agency's 5 days too.
    agency_body = digest_to("truongban@bacgiang.example").content
    province_body = OutboxMessage.objects.filter(subject="province").first().content
    for content, bands in [
        (agency_body, "1 · 31–60 ngày: 1 · 61–120 ngày: 0 · > 120 ngày: 1"),
        (province_body, "2 · 31–60 ngày: 1 · 61–120 ngày: 0 · > 120 ngày: 1"),
    ]:
        assert f"Thời gian quá hạn: ≤ 30 ngày: {bands}" in content.body_text
        assert "Thời gian quá hạn" in content.body_html


# ---------------------------------------------------------------------------------------------------
# Streamed per agency, in bounded memory: the same emails, a bounded number of queries


@pytest.fixture
def province(cast, make_part, roles, agency, other_agency):
    """Five agencies with a head and a mailbox each, 1 to 6 overdue and upcoming parts each."""
    from accounts.models import Role
    from tests.factories import AgencyFactory, UserFactory

    agencies = [agency, other_agency]
    for index in range(3):
        extra = AgencyFactory(name=f"UBND xã Thử {index}", email=f"xa{index}@bacgiang.example")
        UserFactory(agency=extra, role=roles[Role.AGENCY_HEAD], email=f"chutich{index}@bacgiang.example")
        agencies.append(extra)
    for number, lead in enumerate(agencies):
        for day in range(1 + number):
            make_part(date(2024, 3, 11 + 5 * day), lead=lead, title=f"Việc {number}.{day} của {lead.name}")
    return agencies


def written_digests() -> dict:
    """Every digest email written: (key, recipient) → its subject, text and HTML, byte for byte."""
    return {
        (message.subject, message.recipient_email): (
            message.content.email_subject,
            message.content.body_text,
            message.content.body_html,
        )
        for message in OutboxMessage.objects.filter(kind=NotificationKind.DIGEST).select_related("content")
    }


def test_the_digest_written_as_it_streams_is_the_digest_written_all_at_once(
    province, policy, settings, monkeypatch
):
    # All at once, as before: every part held until one write at the end, every column read.
    settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE = 10_000
    monkeypatch.setattr(digest, "UNUSED_IN_DIGESTS", ())
    run_digest(MONDAY)
    whole = written_digests()
    assert len({key for key, _recipient in whole}) == 6  # five agencies and the province
    for chunk in (1, 2, 5):  # written after every agency, or every few parts
        OutboxMessage.objects.all().delete()
        settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE = chunk
        monkeypatch.undo()
        run_digest(MONDAY)
        assert written_digests() == whole, chunk


def test_the_digests_queries_grow_by_a_constant_per_written_chunk_not_per_part(
    province, policy, settings, make_part, django_assert_max_num_queries
):
    settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE = 10_000
    with CaptureQueriesContext(connection) as all_at_once:
        run_digest(MONDAY, dry_run=True)
    for lead in province:  # twice the parts: no more queries
        make_part(date(2024, 3, 12), lead=lead, title="Thêm một việc")
    with django_assert_max_num_queries(len(all_at_once.captured_queries)):
        run_digest(MONDAY, dry_run=True)
    # Written after each agency: a few queries per write (look up what exists, insert), none per part.
    settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE = 1
    with django_assert_max_num_queries(len(all_at_once.captured_queries) + 8 * len(province)):
        run_digest(MONDAY, dry_run=True)


def test_a_long_digest_lists_the_most_urgent_and_counts_the_rest(tasks, make_part, policy, monkeypatch):
    """An agency with thousands of open tasks gets an email a mail reader can show: the most overdue and
    the soonest due are listed, the rest counted, with a link to My tasks; the headings count them all."""
    monkeypatch.setattr(digest, "LISTED_IN_EMAIL", 1)
    make_part(date(2024, 3, 1), title="Quá hạn lâu nhất")
    make_part(date(2024, 4, 1), title="Đến hạn sau cùng")
    report = run_digest(MONDAY)
    message = digest_to("truongban@bacgiang.example")
    text, html = message.content.body_text, message.content.body_html
    for body in (text, html):
        assert "Quá hạn lâu nhất" in body and "Báo cáo quy hoạch đã quá hạn" not in body
        assert "Rà soát hạ tầng đến hạn hôm nay" in body
        assert "Đề án tiêu thoát nước" not in body and "Đến hạn sau cùng" not in body
        assert "… và 1 nhiệm vụ quá hạn khác." in body
        assert "… và 2 nhiệm vụ khác, đến hạn muộn hơn." in body
        assert "Xem tất cả trong Nhiệm vụ của tôi" in body and "/my-tasks/" in body
    assert "(2)" in text and "(3)" in text  # the headings: 2 overdue, 3 due soon
    assert "2 quá hạn, 3 sắp đến hạn" in message.content.email_subject
    entry = next(e for e in report.notifications if e["recipient"] == "truongban@bacgiang.example")
    assert len(entry["overdue"]) == 2 and len(entry["upcoming"]) == 3  # the run's report names them all


def test_a_short_digest_lists_everything_without_a_count_of_the_rest(tasks, policy):
    run_digest(MONDAY)
    message = digest_to("truongban@bacgiang.example")
    for body in (message.content.body_text, message.content.body_html):
        assert "…" not in body and "Nhiệm vụ của tôi" not in body


def test_the_digest_reads_whole_only_the_parts_its_emails_list(
    tasks, make_part, policy, monkeypatch, settings
):
    """At 1,000,000 tasks an agency has thousands: each streams by as a few values, and only the parts an
    email lists are read whole, in one query per batch of agencies."""
    monkeypatch.setattr(digest, "LISTED_IN_EMAIL", 1)
    settings.NOTIFICATIONS_SWEEP_CHUNK_SIZE = 1000

    def whole_part_reads(extra_overdue: int) -> list[str]:
        for _ in range(extra_overdue):
            make_part(date(2024, 3, 4), title="Quá hạn thêm")
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            run_digest(MONDAY)
            transaction.set_rollback(True)
        return [query["sql"] for query in queries if '"directives_directive"."title"' in query["sql"]]

    few, many = whole_part_reads(0), whole_part_reads(5)
    assert len(few) == len(many) == 1
    listed = re.compile(r'"directives_part"\."id" IN \(([^)]*)\)')
    # Each run lists the same three: the agency's most overdue and soonest due, the other agency's one.
    assert (
        len(listed.search(few[0]).group(1).split(",")) == len(listed.search(many[0]).group(1).split(",")) == 3
    )
