"""The rows of a table of task parts, worked out and written in Python (directives.rows), print what the
templates printed, to the byte, in both languages: the template that looked everything up itself, and the
one that printed the rows' dicts."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.template import engines
from django.template.defaultfilters import truncatewords
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from directives.choices import TaskStatus, Timeliness
from directives.models import Notice, Part
from directives.rows import (
    NOTICE_TITLE_WORDS,
    days_overdue,
    is_due_soon,
    part_rows_html,
    truncated_words,
)
from tasktracker.links import Place, current_place, link_by_pk
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 27)

# The table as the template wrote it before the rows were worked out in Python: every lookup in the template.
LOOKED_UP_IN_THE_TEMPLATE = """{% load i18n directives_tags %}{% translate "Task" as task_label %}{% translate "Lead agency" as agency_label %}{% translate "Deadline" as deadline_label %}{% translate "Status" as status_label %}{% translate "Timeliness" as timeliness_label %}{% translate "(no number)" as no_number %}{% translate "Due soon" as due_soon_text %}{% for part in parts %}{% with task=part.directive %}
<tr>
  <td data-label="{{ task_label }}"><a href="{% url 'directives:directive_detail' task.pk %}"><strong>{{ task.number }}.</strong> {{ task.title }}</a>
    <div class="muted">{{ task.notice.number|default:no_number }} · {{ task.notice.title|truncatewords:12 }}</div></td>
  {% if show_agency %}<td data-label="{{ agency_label }}">{{ part.agency.name }}</td>{% endif %}
  <td data-label="{{ deadline_label }}"><span class="nowrap">{% if part.effective_deadline %}{{ part.effective_deadline|date:"SHORT_DATE_FORMAT" }}{% else %}—{% endif %}</span>
    {% if task.deadline_text %}<div class="muted">“{{ task.deadline_text }}”</div>{% endif %}</td>
  <td data-label="{{ status_label }}">{{ part.get_status_display }}</td>
  <td data-label="{{ timeliness_label }}"><span class="badge {{ part.timeliness }}">{{ part.timeliness_label }}</span>
    {% if part.timeliness == "in_progress_on_time" and part.effective_deadline|days_overdue:today >= -7 %}<div class="due-soon">{{ due_soon_text }}</div>{% endif %}
    {% if part.timeliness == "overdue" %}<div class="muted">{% blocktranslate trimmed count days=part.effective_deadline|days_overdue:today %}{{ days }} day overdue{% plural %}{{ days }} days overdue{% endblocktranslate %}</div>{% endif %}</td>
</tr>
{% endwith %}{% endfor %}"""  # noqa: E501 (the template as it was, lines and all)


# The table as the template wrote it from the rows' dicts (`part_rows`, given as `rows`), before they were
# written in Python.
PRINTED_FROM_THE_ROWS = """{% load i18n directives_tags %}{% translate "Task" as task_label %}{% translate "Lead agency" as agency_label %}{% translate "Deadline" as deadline_label %}{% translate "Status" as status_label %}{% translate "Timeliness" as timeliness_label %}{% translate "Due soon" as due_soon_text %}{% for row in rows %}
<tr>
  <td data-label="{{ task_label }}"><a href="{{ row.url }}"><strong>{{ row.number }}.</strong> {{ row.title }}</a>
    <div class="muted">{{ row.notice_number }} · {{ row.notice_title }}</div></td>
  {% if show_agency %}<td data-label="{{ agency_label }}">{{ row.agency }}</td>{% endif %}
  <td data-label="{{ deadline_label }}"><span class="nowrap">{{ row.deadline }}</span>
    {% if row.deadline_text %}<div class="muted">“{{ row.deadline_text }}”</div>{% endif %}</td>
  <td data-label="{{ status_label }}">{{ row.status }}</td>
  <td data-label="{{ timeliness_label }}"><span class="badge {{ row.timeliness }}">{{ row.timeliness_label }}</span>
    {% if row.due_soon %}<div class="due-soon">{{ due_soon_text }}</div>{% endif %}
    {% if row.overdue %}<div class="muted">{{ row.overdue }}</div>{% endif %}</td>
</tr>
{% endfor %}"""  # noqa: E501


def part_rows(parts, today: date) -> list[dict]:
    """What each row shows of `parts` (dicts of `PartQuerySet.row_values`), as the pages worked it out before
    the rows were written in Python: the dicts `PRINTED_FROM_THE_ROWS` prints."""
    task_link = link_by_pk("directives:directive_detail")
    no_number = gettext("(no number)")
    statuses = {value: str(label) for value, label in TaskStatus.choices}
    timeliness_labels = {value: str(label) for value, label in Timeliness.choices}
    # Deadlines repeat (month ends), and so do notices (a notice's tasks): each written out once per table.
    dates: dict[date, str] = {}
    overdue_by_deadline: dict[date, str] = {}
    notice_titles: dict[int, str] = {}
    rows = []
    for part in parts:
        deadline, timeliness = part["effective_deadline"], part["timeliness"]
        if deadline is not None and deadline not in dates:
            dates[deadline] = date_format(deadline, "SHORT_DATE_FORMAT")
        overdue = ""
        if timeliness == Timeliness.OVERDUE:
            overdue = overdue_by_deadline.get(deadline, "")
            if not overdue:
                days = days_overdue(deadline, today)
                # A translated sentence around a number, as `{% blocktranslate %}` writes it.
                overdue = overdue_by_deadline[deadline] = mark_safe(
                    ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": localize(days)}
                )
        notice_title = notice_titles.get(part["directive__notice_id"])
        if notice_title is None:
            notice_title = truncatewords(part["directive__notice__title"], NOTICE_TITLE_WORDS)
            notice_titles[part["directive__notice_id"]] = notice_title
        rows.append(
            {
                "url": task_link(part["directive_id"]),
                "number": part["directive__number"],
                "title": part["directive__title"],
                "notice_number": part["directive__notice__number"] or no_number,
                "notice_title": notice_title,
                "agency": part["agency__name"],
                "deadline": dates[deadline] if deadline is not None else "—",
                "deadline_text": part["directive__deadline_text"],
                "status": statuses.get(part["status"], part["status"]),
                "timeliness": timeliness,
                "timeliness_label": timeliness_labels[timeliness],
                "due_soon": is_due_soon(timeliness, deadline, today),
                "overdue": overdue,
            }
        )
    return rows


@pytest.fixture
def parts(agency, other_agency):
    """Parts of every kind a row shows differently: overdue by one day and by many, due soon and not, without
    a deadline, finished on time and late, cancelled; a notice without a number, a long title, a deadline as
    written, and text that must be escaped."""
    draft = NoticeFactory(number="", title="Dự thảo " + " ".join(f"từ{n}" for n in range(20)))
    tricky = NoticeFactory(title='Giao "A" & <B> cho Sở\'s')
    made = []
    for days, status, notice, extra in [
        (-1, TaskStatus.IN_PROGRESS, draft, {}),
        (-400, TaskStatus.NOT_STARTED, tricky, {"deadline_text": "trước ngày 15/4/2025"}),
        (3, TaskStatus.IN_PROGRESS, tricky, {"title": "Báo cáo <b>ngay</b> & đầy đủ"}),
        (7, TaskStatus.REPORTED_DONE, draft, {}),
        (8, TaskStatus.NOT_STARTED, draft, {}),
        (None, TaskStatus.IN_PROGRESS, tricky, {"deadline_text": "thường xuyên"}),
        (-30, TaskStatus.DONE, draft, {}),
        (30, TaskStatus.DONE, tricky, {}),
        (-5, TaskStatus.CANCELLED, draft, {}),
    ]:
        deadline = None if days is None else TODAY + timedelta(days=days)
        task = DirectiveFactory(notice=notice, deadline=deadline, **extra)
        completed_on = TODAY - timedelta(days=10) if status == TaskStatus.DONE else None
        agency_of_part = agency if len(made) % 2 else other_agency
        part = PartFactory(directive=task, agency=agency_of_part, status=status, completed_on=completed_on)
        made.append(part.pk)
    return list(Part.objects.for_listing(TODAY).filter(pk__in=made).order_by("pk"))


def as_read_for_rows(parts) -> list[dict]:
    """The same parts as a list page reads them for its rows (`row_values`), in the same order."""
    values = Part.objects.for_listing(TODAY).filter(pk__in=[part.pk for part in parts]).row_values()
    by_id = {row["id"]: row for row in values}
    return [by_id[part.pk] for part in parts]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("show_agency", [True, False])
def test_the_rows_print_what_the_template_looked_up(parts, language, show_agency):
    context = {"parts": parts, "today": TODAY, "show_agency": show_agency}
    with translation.override(language):
        rows = part_rows_html(as_read_for_rows(parts), TODAY, show_agency)
        looked_up = engines["django"].from_string(LOOKED_UP_IN_THE_TEMPLATE).render(context)
        printed = (
            engines["django"]
            .from_string(PRINTED_FROM_THE_ROWS)
            .render({**context, "rows": part_rows(as_read_for_rows(parts), TODAY)})
        )
    assert rows == looked_up == printed
    assert rows.count("<tr>") == len(parts)
    assert "&lt;b&gt;ngay&lt;/b&gt; &amp;" in rows and "<b>" not in rows
    assert rows.count('class="due-soon"') == 2  # 3 and 7 days left, not 8
    assert ("quá hạn 400 ngày" if language == "vi" else "400 days overdue") in rows
    assert ("quá hạn 1 ngày" if language == "vi" else "1 day overdue") in rows


def test_rows_kept_are_the_rows_written_afresh(parts):
    from directives import rows

    values = as_read_for_rows(parts)
    with translation.override("vi"):
        first = part_rows_html(values, TODAY, True)
        assert len(rows._written_rows) >= len(parts)
        assert part_rows_html(values, TODAY, True) == first
        changed = [{**values[0], "status": TaskStatus.DONE, "timeliness": Timeliness.COMPLETED_ON_TIME}]
        rows._written_rows.clear()
        afresh = part_rows_html(changed, TODAY, True)
        part_rows_html(values, TODAY, True)
        assert part_rows_html(changed, TODAY, True) == afresh != part_rows_html(values[:1], TODAY, True)
        tomorrow = part_rows_html(values, TODAY + timedelta(days=1), True)
    with translation.override("en"):
        english = part_rows_html(values, TODAY, True)
    rows._written_rows.clear()
    with translation.override("vi"):
        assert part_rows_html(values, TODAY + timedelta(days=1), True) == tomorrow != first
    with translation.override("en"):
        assert part_rows_html(values, TODAY, True) == english != first
    with override_settings(FORCE_SCRIPT_NAME="/nhiemvu/"):  # a change of settings forgets what was kept
        assert not rows._written_rows


def test_a_notice_renamed_is_shown_by_its_new_title_when_rows_are_written_again(parts):
    first = part_rows_html(as_read_for_rows(parts), TODAY, True)
    assert part_rows_html(as_read_for_rows(parts), TODAY, True) == first
    assert "từ0" in first
    Notice.objects.filter(number="").update(title="Dự thảo đã đổi tên")
    again = part_rows_html(as_read_for_rows(parts), TODAY, True)
    assert "Dự thảo đã đổi tên" in again and "từ0" not in again


def test_a_link_by_number_is_the_address_reverse_gives():
    link = link_by_pk("directives:directive_detail")
    for pk in [1, 42, 987654321, 2**40]:
        assert link(pk) == reverse("directives:directive_detail", args=[pk])
    with override_settings(FORCE_SCRIPT_NAME="/nhiemvu/"):
        from django.urls import set_script_prefix

        set_script_prefix("/nhiemvu/")
        try:
            assert link_by_pk("directives:directive_detail")(7) == "/nhiemvu/directives/7/"
            place = current_place()  # read once by a page, given to each of its links
            assert place == Place(settings.ROOT_URLCONF, "/nhiemvu/")
            assert link_by_pk("directives:directive_detail", place=place)(7) == "/nhiemvu/directives/7/"
            assert link_by_pk("directives:part_progress", 7, place=place)(8) == reverse(
                "directives:part_progress", args=[7, 8]
            )
        finally:
            set_script_prefix("/")
    assert link_by_pk("directives:directive_detail", place=current_place())(7) == "/directives/7/"


def test_a_link_by_number_after_fixed_arguments_is_the_address_reverse_gives():

    link = link_by_pk("directives:part_progress", 12)
    for pk in [1, 12, 987654321]:
        assert link(pk) == reverse("directives:part_progress", args=[12, pk])
    # The address kept for the view serves every task; a leading argument that is not a number is reversed.
    for task in [1, 876543219, 987654321]:
        assert link_by_pk("directives:part_progress", task)(5) == reverse(
            "directives:part_progress", args=[task, 5]
        )
    assert link_by_pk("directives:part_progress", "12")(5) == reverse(
        "directives:part_progress", args=[12, 5]
    )


def test_a_link_by_number_follows_the_script_prefix_after_it_was_kept():
    from django.urls import reverse, set_script_prefix

    assert link_by_pk("directives:part_extend", 3)(4) == reverse("directives:part_extend", args=[3, 4])
    set_script_prefix("/tinh/")
    try:
        link = link_by_pk("directives:part_extend", 3)(4)
        assert link == reverse("directives:part_extend", args=[3, 4])
        assert link.startswith("/tinh/")
    finally:
        set_script_prefix("/")


# The notice list's rows as its template's loop wrote them.
NOTICE_LIST_LOOP = """{% load i18n %}{% for notice in notices %}
    <tr>
      <td>{{ notice.number|default:_("(no number)") }}</td>
      <td><a href="{% url 'directives:notice_detail' notice.pk %}">{{ notice.title }}</a></td>
      <td>{{ notice.issued_on|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
      <td>{{ notice.task_count }}</td>
    </tr>
  {% endfor %}"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_notice_rows_print_what_the_template_printed(language):
    from directives.list_reads import count_tasks_per_notice
    from directives.models import Notice
    from directives.rows import notice_rows_html

    made = [
        NoticeFactory(number="", title="Dự thảo <b>kết luận</b> & “trích yếu”", issued_on=None),
        NoticeFactory(number="75/TB-UBND", title="Thông báo kết luận", issued_on=date(2026, 3, 9)),
        NoticeFactory(number='1<2 & "3"', title="Không có nhiệm vụ", issued_on=date(2025, 12, 31)),
    ]
    for count, notice in zip([3, 1, 0], made, strict=True):
        for _ in range(count):
            DirectiveFactory(notice=notice)
    DirectiveFactory(notice=made[1], is_heading=True)  # a heading is no task
    notices = list(Notice.objects.filter(pk__in=[notice.pk for notice in made]).order_by("pk"))
    count_tasks_per_notice(notices)
    assert [notice.task_count for notice in notices] == [3, 1, 0]
    notices[0].task_count = 12345  # numbers written as the template localizes them
    with translation.override(language):
        rows = notice_rows_html(notices)
        looped = engines["django"].from_string(NOTICE_LIST_LOOP).render({"notices": notices})
    assert rows == looped
    assert rows.count("<tr>") == 3 and "&lt;b&gt;kết luận&lt;/b&gt; &amp;" in rows


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Một",
        "Kết luận của Chủ tịch UBND tỉnh tại hội nghị giao ban kinh tế - xã hội quý I 2022",
        "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai",
        "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba",
        "a\tb\nc  d\u00a0e \u2003f g h i j k … l m",
        "a b c d e f g h i j k … l m",
        "<b>một</b> & hai " * 8,
    ],
)
@pytest.mark.parametrize("most", [1, 2, 11, 12, 13])
def test_truncated_words_are_what_the_filter_gives(text, most):
    assert truncated_words(text, most) == truncatewords(text, most)
