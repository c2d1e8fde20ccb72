"""The top of the task page written in Python (`directives.task_summary`) is the HTML its template wrote, to
the byte: with and without a heading, a deadline, its words as written, a target, supporting agencies and
points to review, for the office and for others, in both languages."""

from datetime import date

import pytest
from django.template import engines
from django.utils import timezone, translation

from accounts.models import User
from directives import task_reads
from directives.choices import Recurrence
from directives.models import Directive
from directives.task_summary import task_summary_html
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

# The top of templates/directives/directive_detail.html that task_summary_html replaces, as it was.
TEMPLATE = engines["django"].from_string(
    """{% load i18n directives_tags %}<p class="muted"><a href="{% url 'directives:notice_detail' notice.pk %}#item-{{ directive.number }}">{{ notice.number|default:_("(no number)") }} · {{ notice.title|truncatewords:16 }}</a></p>
<h1>{{ directive.number }}. {{ directive.title }}</h1>
<section class="card">
  {% if directive.parent %}<p class="muted"><strong>{{ directive.parent.number }}.</strong> {{ directive.parent.text }}</p>{% endif %}
  <blockquote class="task-text">{{ directive.text|linebreaksbr }}</blockquote>
  <dl class="facts">
    <dt>{% translate "Deadline" %}</dt>
    <dd>{% if directive.deadline %}{{ directive.deadline|date:"SHORT_DATE_FORMAT" }}{% else %}{% translate "none" %}{% endif %}{% if directive.deadline_text %} <span class="muted">(“{{ directive.deadline_text }}”)</span>{% endif %}</dd>
    <dt>{% translate "Recurrence" %}</dt><dd>{{ directive.get_recurrence_display }}</dd>
    {% if directive.target %}<dt>{% translate "Target" %}</dt><dd>{{ directive.target }}</dd>{% endif %}
    <dt>{% translate "Lead" %}</dt><dd>{% for part in parts %}{{ part.agency.name }}{% if not forloop.last %}; {% endif %}{% endfor %}</dd>
    <dt>{% translate "Supporting" %}</dt><dd>{% for agency in supporting %}{{ agency.name }}{% if not forloop.last %}; {% endif %}{% empty %}—{% endfor %}</dd>
    {% if can_correct and directive.review_flags %}<dt>{% translate "Points to review" %}</dt><dd>{% for flag in directive.review_flags %}<span class="badge flag">{{ flag|flag_label }}</span> {% endfor %}</dd>{% endif %}
  </dl>
  {% if can_correct %}<p class="actions"><a class="button" href="{% url 'directives:directive_edit' directive.pk %}">{% translate "Correct the task" %}</a></p>{% endif %}
</section>"""  # noqa: E501 (the template's own lines)
)
WRITTEN = engines["django"].from_string(
    "{% load directives_tags %}{% task_summary directive parts supporting can_correct %}"
)
LONG_TITLE = " ".join(f"từ<{n}>&" for n in range(20))


@pytest.fixture
def tasks(agency, other_agency):
    """A task with everything a summary shows (markup in its words), and one with as little as possible."""
    heading = DirectiveFactory(number="II", text="Về <hạ tầng> & đô thị", is_heading=True)
    full = DirectiveFactory(
        notice=heading.notice,
        parent=heading,
        number="2.1<b>",
        title='Tiêu đề "một" & <hai>',
        text="Dòng 1 <i>\r\nDòng 2\n\nĐoạn 3 & 'bốn'",
        deadline=date(2027, 3, 31),
        deadline_text="trước <quý II> & năm",
        recurrence=Recurrence.MONTHLY,
        target="≥ 90% & <đạt>",
        review_flags=["vague_deadline", "unknown-flag <x>"],
    )
    PartFactory(directive=full, agency=agency)
    PartFactory(directive=full, agency=AgencyFactory(name='Sở <Xây dựng> & "GT"'))
    full.supporting_agencies.set([other_agency, AgencyFactory(name="Công an tỉnh & <PCCC>")])
    bare = DirectiveFactory(notice=NoticeFactory(number="", title=LONG_TITLE), deadline=None, text="")
    PartFactory(directive=bare, agency=other_agency)
    return [full, bare]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("can_correct", [True, False])
def test_the_summary_is_written_as_the_template_wrote_it(tasks, office_staff, language, can_correct):
    user = User.objects.select_related("role", "agency").get(pk=office_staff.pk)
    for task in tasks:
        shown = task_reads.shown_task(user, task.pk)
        assert shown is not None
        parts = task_reads.parts_shown(shown, timezone.localdate())
        supporting = task_reads.supporting_agencies(shown)
        context = {
            "directive": shown,
            "notice": shown.notice,
            "parts": parts,
            "supporting": supporting,
            "can_correct": can_correct,
        }
        with translation.override(language):
            written = WRITTEN.render(context)
            assert written == TEMPLATE.render(context)
            assert written == task_summary_html(shown, parts, supporting(), can_correct)
        assert ("Points to review" in written or "Điểm cần rà soát" in written) == (
            can_correct and task == tasks[0]
        )


def test_each_language_keeps_its_own_words_and_a_recurrence_not_offered_is_shown_as_it_is(
    tasks, office_staff
):
    user = User.objects.select_related("role", "agency").get(pk=office_staff.pk)
    Directive.objects.filter(pk=tasks[0].pk).update(recurrence="every <leap> year")
    shown = task_reads.shown_task(user, tasks[0].pk)
    parts = task_reads.parts_shown(shown, timezone.localdate())
    supporting = task_reads.supporting_agencies(shown)
    context = {"directive": shown, "notice": shown.notice, "parts": parts, "supporting": supporting}
    for language in ("vi", "en", "vi", "en"):
        with translation.override(language):
            written = task_summary_html(shown, parts, supporting(), True)
            assert written == TEMPLATE.render({**context, "can_correct": True})
        assert "<dd>every &lt;leap&gt; year</dd>" in written
