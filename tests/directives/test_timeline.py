"""The task page's history written in Python (`directives.timeline`) is the HTML the template loop wrote,
to the byte, for entries of every kind, in both languages."""

from datetime import UTC, date, datetime

import pytest
from django.template import engines
from django.template.defaultfilters import linebreaksbr
from django.test import override_settings
from django.utils import dateformat, timezone, translation
from django.utils.html import escape
from django.utils.timezone import localtime

from directives import task_reads, timeline
from directives.choices import TaskStatus, UpdateKind
from directives.models import ProgressUpdate
from directives.timeline import history_html, lead_names, task_history, written_at
from tests.factories import DirectiveFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db

# The loop of templates/directives/includes/directive_work.html that history_html replaces, as it was.
TEMPLATE_LOOP = engines["django"].from_string(
    """{% load i18n %}{% for update in history %}
  <li class="timeline-entry">
    <div class="muted">{{ update.created_at|date:"SHORT_DATETIME_FORMAT" }} · {{ update.author|default:_("system") }}{% if update.agency %} ({{ update.agency.short_name|default:update.agency.name }}){% endif %}{% if parts|length > 1 %} · {{ update.part.agency.name }}{% endif %}</div>
    <div><strong>{{ update.get_kind_display }}</strong>{% if update.status_before != update.status_after %}: {{ update.get_status_before_display }} → {{ update.get_status_after_display }}{% endif %}
      {% if update.kind == "extension_requested" %} · {% translate "proposed deadline" %} {{ update.deadline_after|date:"SHORT_DATE_FORMAT" }}{% elif update.deadline_after %} · {% translate "deadline" %} {{ update.deadline_before|date:"SHORT_DATE_FORMAT"|default:"—" }} → {{ update.deadline_after|date:"SHORT_DATE_FORMAT" }}{% endif %}</div>
    {% if update.note %}<div class="note">{{ update.note|linebreaksbr }}</div>{% endif %}
    {% if update.evidence %}<div><a href="{% url 'directives:evidence_download' update.pk %}">{% translate "Evidence" %}: {{ update.evidence_filename }}</a></div>{% endif %}
  </li>
{% empty %}
  <li>{% translate "No updates yet." %}</li>
{% endfor %}"""  # noqa: E501 (the template's own lines)
)


def entry(part, **fields):
    values = {"status_before": part.status, "status_after": part.status, "kind": UpdateKind.PROGRESS}
    return ProgressUpdate.objects.create(part=part, **{**values, **fields})


@pytest.fixture
def parts(agency, other_agency, agency_head):
    """A task with two leads, and a history of every kind of entry."""
    task = DirectiveFactory(deadline=date(2026, 6, 30))
    first = PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)
    second = PartFactory(directive=task, agency=other_agency, status=TaskStatus.NOT_STARTED)
    nameless = UserFactory(username="khong-ten", full_name="", agency=other_agency)
    move = {"status_before": TaskStatus.NOT_STARTED, "status_after": TaskStatus.IN_PROGRESS}
    entry(
        first, author=agency_head, agency=agency, note="Đã họp <b>\"các sở\"</b> & 'ban'\r\nDòng 2\n\nĐoạn 3"
    )
    entry(second, author=nameless, agency=other_agency, **move)
    entry(second, author=None, agency=None, kind=UpdateKind.TASK_CORRECTED, note="")
    requested = {"deadline_before": date(2026, 6, 30), "deadline_after": date(2026, 8, 31)}
    entry(
        first,
        kind=UpdateKind.EXTENSION_REQUESTED,
        evidence="evidence/2026/11/ab/bien-ban <1>&2.pdf",
        **requested,
    )
    entry(first, kind=UpdateKind.EXTENSION_REQUESTED, deadline_after=None, author=agency_head)
    entry(first, kind=UpdateKind.DEADLINE_EXTENDED, deadline_before=None, deadline_after=date(2027, 1, 15))
    accepted = {"status_before": TaskStatus.REPORTED_DONE, "status_after": TaskStatus.DONE}
    extended = {"deadline_before": date(2026, 6, 30), "deadline_after": date(2026, 7, 1)}
    entry(second, kind=UpdateKind.DEADLINE_EXTENDED, evidence="evidence/x/a.docx", **accepted, **extended)
    entry(second, status_before="retired", status_after=TaskStatus.CANCELLED, kind="unknown-kind")
    return [first, second]


def leads_of(parts):
    """`lead_names` of `parts` as the task page reads them (`task_reads.parts_shown`)."""
    shown = task_reads.parts_shown(parts[0].directive, timezone.localdate())
    return lead_names([part for part in shown if part in parts])


def as_the_template_wrote_it(parts, limit=None) -> str:
    updates = (
        ProgressUpdate.objects.filter(part__in=parts)
        .select_related("author", "agency", "part__agency")
        .order_by("-created_at", "-id")
    )
    return TEMPLATE_LOOP.render({"history": updates[:limit] if limit else updates, "parts": parts})


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("leads", [1, 2])
def test_the_history_is_written_as_the_template_wrote_it(parts, language, leads):
    shown = parts[:leads]
    history = task_history(shown, None)
    with override_settings(LANGUAGE_CODE=language), translation.override(language):
        written = history_html(history.entries, leads_of(shown))
        assert written == as_the_template_wrote_it(shown)
    assert "&lt;b&gt;&quot;các sở&quot;&lt;/b&gt; &amp; &#x27;ban&#x27;<br>Dòng 2<br><br>Đoạn 3" in written
    assert (" · Sở Tài chính" in written) == (leads == 2)


def test_an_empty_history_says_so(agency):
    part = PartFactory(agency=agency)
    history = task_history([part], 50)
    assert (history.entries, history.total, history.shown) == ([], 0, 0)
    with translation.override("vi"):
        assert history_html(history.entries, None) == as_the_template_wrote_it([part])


def test_the_latest_entries_are_shown_and_all_of_them_counted(parts):
    history = task_history(parts, 3)
    assert ProgressUpdate.objects.filter(part__in=parts).count() == 8
    assert (history.shown, history.total) == (3, 8)
    newest = ProgressUpdate.objects.filter(part__in=parts).order_by("-created_at", "-id")[:3]
    assert [row.pk for row in history.entries] == [update.pk for update in newest]
    with translation.override("vi"):
        assert history_html(history.entries, leads_of(parts)) == as_the_template_wrote_it(parts, limit=3)


def test_each_language_keeps_its_own_words_and_formats(parts):
    history = task_history(parts, None)
    for language in ("vi", "en", "vi", "en"):
        with translation.override(language):
            assert history_html(history.entries, leads_of(parts)) == as_the_template_wrote_it(parts)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-11-27 03:04:05.123456+00", datetime(2026, 11, 27, 3, 4, 5, 123456, tzinfo=UTC)),
        ("2026-11-27 03:04:05.12+00", datetime(2026, 11, 27, 3, 4, 5, 120000, tzinfo=UTC)),
        ("2026-11-27 10:04:05+07", datetime(2026, 11, 27, 3, 4, 5, tzinfo=UTC)),
        ("2026-11-27 08:34:05+05:30", datetime(2026, 11, 27, 3, 4, 5, tzinfo=UTC)),
        ("2026-11-27 03:04:05.5", datetime(2026, 11, 27, 3, 4, 5, 500000, tzinfo=UTC)),  # SQLite's, in UTC
        ("2026-11-27 03:04:05", datetime(2026, 11, 27, 3, 4, 5, tzinfo=UTC)),
    ],
)
def test_an_entry_time_is_read_from_the_databases_text(text, moment):
    assert written_at(text) == moment
    assert written_at(text).utcoffset() is not None


def test_the_entry_time_read_as_text_is_the_stored_time(parts):
    history = task_history(parts, None)
    stored = dict(ProgressUpdate.objects.filter(part__in=parts).values_list("pk", "created_at"))
    assert {row.pk: written_at(row.created_at_text) for row in history.entries} == stored


def test_a_date_format_with_text_to_escape_is_escaped(parts, monkeypatch):
    formats = {"SHORT_DATETIME_FORMAT": 'H:i "d/m" & Y', "SHORT_DATE_FORMAT": "d/m/Y"}
    monkeypatch.setattr(timeline, "get_format", formats.__getitem__)
    timeline._words.cache_clear()
    try:
        history = task_history(parts, 1)
        with translation.override("vi"):
            written = history_html(history.entries, None)
        update = ProgressUpdate.objects.get(pk=history.entries[0].pk)
        expected = escape(dateformat.format(localtime(update.created_at), formats["SHORT_DATETIME_FORMAT"]))
        assert "&quot;" in expected
        assert f'<div class="muted">{expected} · ' in written
    finally:
        timeline._words.cache_clear()


# The history's heading and its link to the whole history as templates/directives/includes/directive_work.html
# wrote them before `history_shown_html` and `whole_history_html`.
TEMPLATE_HEADING = engines["django"].from_string(
    """{% load i18n %}{% if history.shown < history.total %} <span class="muted">· {% blocktranslate trimmed count counter=history.shown %}the latest entry{% plural %}the latest {{ counter }} entries{% endblocktranslate %}</span>{% endif %}|{% if history.shown < history.total %}<p><a href="{% url 'directives:directive_detail' pk %}?history=all#history" id="whole-history">{% blocktranslate trimmed count counter=history.total %}The whole history ({{ counter }} entry){% plural %}The whole history ({{ counter }} entries){% endblocktranslate %}</a></p>{% endif %}"""  # noqa: E501 (the template's own lines)
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("shown", "total"), [(0, 0), (1, 1), (1, 2), (2, 3), (50, 1234), (50, 50)])
@pytest.mark.parametrize("grouped", [False, True])
def test_the_history_heading_and_its_link_are_written_as_the_template_wrote_them(
    language, shown, total, grouped
):
    history = timeline.History([{}] * shown, total)
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=grouped):
        written = f"{timeline.history_shown_html(history)}|{timeline.whole_history_html(history, 4321)}"
        assert written == TEMPLATE_HEADING.render({"history": history, "pk": 4321})
    assert ("/4321/?history=all" in written) == (shown < total)


@pytest.mark.parametrize(
    "text",
    ["Đã họp", "a\nb", "a\r\nb\rc\n", "<b>&</b> \"x\" 'y'\nz", "\n", "&amp;", "Sở > Ban\r\n\r\n"],
)
def test_lines_are_written_as_the_linebreaksbr_filter_writes_them(text):
    assert timeline.lines_html(text) == linebreaksbr(text, autoescape=True)
