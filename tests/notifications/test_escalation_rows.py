"""The escalation queue's rows written in Python (`notifications.escalation_rows`) are the HTML the template
loop with the acknowledge form included wrote, to the byte, from the queue's escalations read as values
(QUEUE_ROW_VALUES) where the template read model instances: acknowledged and not, for those who may
acknowledge and those who may not, in both languages."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.test import RequestFactory
from django.test.utils import override_settings
from django.utils import translation

from notifications.escalation_rows import QUEUE_ROW_VALUES
from notifications.models import Escalation
from tests.factories import UserFactory
from tests.notifications.factories import EscalationFactory

pytestmark = pytest.mark.django_db

# The loop of templates/notifications/includes/escalation_queue.html that escalation_rows replaces, as it was,
# and the acknowledge form it included (templates/notifications/includes/acknowledge_form.html, unchanged).
TEMPLATE_LOOP = engines["django"].from_string(
    """{% load i18n directives_tags %}{% translate "Task" as task_label %}{% translate "Lead agency" as agency_label %}{% translate "Level" as level_label %}{% translate "Days overdue" as days_label %}{% translate "Office's action" as action_label %}{% translate "(no number)" as no_number %}<tbody>
  {% for escalation in escalations %}
    {% with part=escalation.part %}
    <tr>
      <td data-label="{{ task_label }}"><a href="{% url 'directives:directive_detail' part.directive_id %}"><strong>{{ part.directive.number }}.</strong> {{ part.directive.title }}</a>
        <div class="muted">{{ part.directive.notice.number|default:no_number }}</div></td>
      <td data-label="{{ agency_label }}">{{ part.agency.name }}</td>
      <td data-label="{{ level_label }}"><span class="badge overdue">{{ escalation.get_level_display }}</span></td>
      <td data-label="{{ days_label }}">{{ escalation.missed_deadline|days_overdue:today }}</td>
      <td data-label="{{ action_label }}">{% include "notifications/includes/acknowledge_form.html" %}</td>
    </tr>
    {% endwith %}
  {% endfor %}
  </tbody>"""  # noqa: E501 (the template's own lines)
)
WRITTEN = engines["django"].from_string(
    """{% load notifications_tags %}<tbody>
  {% escalation_rows escalations today %}
  </tbody>"""
)
TODAY = date(2024, 4, 15)


@pytest.fixture
def queue(office_staff):
    """Escalations of every kind the queue shows: plain; a task of a draft notice (no number) with markup in
    its words; acknowledged, by someone with a full name and by someone without."""
    plain = EscalationFactory(level=2)
    odd = EscalationFactory(
        level=3,
        part__directive__title="Giải phóng <b>\"mặt bằng\"</b> & 'tái định cư'",
        part__directive__notice__number="",
        part__agency__name="Sở <Tài chính> & Kế hoạch",
    )
    nameless = UserFactory(username="khong-ten", full_name="")
    for escalation, who in ((EscalationFactory(), office_staff), (EscalationFactory(level=2), nameless)):
        escalation.acknowledged_at = datetime(2024, 4, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 2 April in Hà Nội
        escalation.acknowledged_by = who
        escalation.acknowledgement_note = 'Đã gọi <i>"điện"</i> & nhắc'
        escalation.save()
    assert plain and odd
    return list(Escalation.objects.queue())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("may_acknowledge", [True, False])
def test_the_rows_are_the_templates_to_the_byte(queue, office_staff, language, may_acknowledge):
    request = RequestFactory().get("/dashboard/?period=this_year&x=<1>")
    request.user = office_staff
    request.META["CSRF_COOKIE"] = "a" * 32
    context = {
        "escalations": queue,
        "today": TODAY,
        "can": {"manage_directives": may_acknowledge},
        "request": request,
        "csrf_token": "token-of-the-page",
    }
    with translation.override(language):
        expected = TEMPLATE_LOOP.render(context, request)
        rows = list(Escalation.objects.queue().values(*QUEUE_ROW_VALUES))
        written = WRITTEN.render({**context, "escalations": rows}, request)
    assert len(queue) == 4 and written.count("<tr>") == 4 and written.count('class="muted">') == 4 + 2
    assert ("<form" in written) is may_acknowledge
    assert "khong-ten" in written and "&lt;Tài chính&gt;" in written and "02/04/2024" in written
    assert written == expected


def test_no_escalation_writes_no_row():
    assert WRITTEN.render({"escalations": [], "today": TODAY}) == "<tbody>\n  \n  </tbody>"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_words_kept_per_language_are_forgotten_when_settings_change(office_staff, language):
    """The rows' words and number writer are kept per language (`_words`); with thousands separators turned on
    the days overdue of an escalation 1,566 days old are written as the template writes them."""
    EscalationFactory(level=3, missed_deadline=date(2020, 1, 1))
    request = RequestFactory().get("/dashboard/")
    request.user = office_staff
    context = {"today": TODAY, "can": {"manage_directives": False}, "request": request}
    rows = list(Escalation.objects.queue().values(*QUEUE_ROW_VALUES))
    with translation.override(language):
        plain = WRITTEN.render({**context, "escalations": rows}, request)
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            expected = TEMPLATE_LOOP.render(
                {**context, "escalations": list(Escalation.objects.queue())}, request
            )
            grouped = WRITTEN.render({**context, "escalations": rows}, request)
        assert WRITTEN.render({**context, "escalations": rows}, request) == plain
    assert ">1566</td>" in plain and ">1566</td>" not in grouped and grouped == expected
