"""Mail queued before a deploy is rendered after it: the stored text names its renderer and version, the
form written before versions still reads as version 1, and a form nobody can render fails alone."""

from datetime import date

import pytest
from django.core import mail

from notifications import texts
from notifications.choices import OutboxStatus
from notifications.models import EmailContent, OutboxMessage
from notifications.rendering import Rendered
from notifications.services import send_due_messages
from notifications.sweep import run_sweep
from tests.notifications.factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db

DUE = date(2024, 2, 20)  # a Tuesday, four working days after Tết 2024


def queued(part, to_render: dict, address: str) -> OutboxMessage:
    """A reminder waiting in the outbox with its text still to render, stored as `to_render`."""
    content = EmailContent.objects.create(
        email_subject="Nhắc hạn: nhiệm vụ", body_text="", body_html="", to_render=to_render
    )
    return OutboxMessageFactory(
        content=content, part=part, subject=f"assignment:{part.pk}", recipient_email=address
    )


@pytest.fixture
def changed_reminder(monkeypatch):
    """A deploy that changed the reminder's arguments: version 2 takes other ones and is now current."""
    calls = []

    def reminder_v2(part, deadline: str, days_left: int) -> Rendered:
        calls.append((part.pk, deadline, days_left))
        text = f"Nhiệm vụ {part.directive.number} còn {days_left} ngày làm việc (hạn {deadline})."
        return Rendered(subject="Nhắc hạn", text=text, html=f"<p>{text}</p>")

    monkeypatch.setitem(texts.RENDERERS, ("reminder", 2), reminder_v2)
    monkeypatch.setitem(texts.CURRENT_VERSIONS, "reminder", 2)
    return calls


def test_a_reminder_queued_in_the_first_form_renders_after_its_renderer_changed(
    cast, make_part, policy, changed_reminder
):
    part = make_part(DUE, text="Báo cáo rà soát quy hoạch khu công nghiệp Quang Châu")
    # As the sweep wrote it before versions existed: the arguments at the top, no version.
    old = queued(
        part,
        {
            "template": "reminder",
            "part": part.pk,
            "period": "2024-02-20",
            "due_on": "2024-02-20",
            "as_of": "2024-02-19",
        },
        "truongban@bacgiang.example",
    )
    new = queued(
        part,
        texts.to_render("reminder", "Nhắc hạn", part.pk, deadline="2024-02-20", days_left=1).stored(),
        "chuyenvien@bacgiang.example",
    )
    assert new.content.to_render["version"] == 2

    report = send_due_messages()

    assert (report.sent, report.failed) == (2, 0)
    by_address = {email.to[0]: email for email in mail.outbox}
    first_form = by_address["truongban@bacgiang.example"].body
    assert "Báo cáo rà soát quy hoạch" in first_form and "20/02/2024" in first_form  # version 1's template
    assert by_address["chuyenvien@bacgiang.example"].body.endswith("còn 1 ngày làm việc (hạn 2024-02-20).")
    assert changed_reminder == [(part.pk, "2024-02-20", 1)]
    assert set(EmailContent.objects.values_list("to_render", flat=True)) == {None}
    assert {old.pk, new.pk} == set(
        OutboxMessage.objects.filter(status=OutboxStatus.SENT).values_list("pk", flat=True)
    )


def test_the_sweep_stores_its_texts_in_the_current_version(cast, make_part, policy):
    part = make_part(DUE)
    run_sweep(date(2024, 2, 19))
    stored = EmailContent.objects.distinct().get(messages__part=part).to_render
    assert stored == {
        "renderer": "reminder",
        "version": texts.CURRENT_VERSIONS["reminder"],
        "part": part.pk,
        "arguments": {"period": "2024-02-20", "due_on": "2024-02-20", "as_of": "2024-02-19"},
    }
    assert texts.read_stored(stored).arguments == stored["arguments"]


def test_a_text_in_a_form_no_renderer_takes_fails_alone_with_the_reason(cast, make_part, policy):
    part = make_part(DUE)
    unknown = queued(
        part,
        {"renderer": "reminder", "version": 9, "part": part.pk, "arguments": {"weeks": 2}},
        "truongban@bacgiang.example",
    )
    known = queued(
        part,
        {
            "renderer": "reminder",
            "version": 1,
            "part": part.pk,
            "arguments": {"period": "2024-02-20", "due_on": "2024-02-20", "as_of": "2024-02-19"},
        },
        "chuyenvien@bacgiang.example",
    )

    report = send_due_messages()

    assert (report.sent, report.failed) == (1, 1)
    assert [email.to for email in mail.outbox] == [["chuyenvien@bacgiang.example"]]
    unknown.refresh_from_db()
    known.refresh_from_db()
    assert unknown.status == OutboxStatus.FAILED and unknown.attempts == 0
    assert "reminder" in unknown.last_error and "9" in unknown.last_error
    assert unknown.content.to_render["version"] == 9  # kept, to be rendered once a release knows it
    assert known.status == OutboxStatus.SENT
