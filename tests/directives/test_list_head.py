"""The task list's count, export links and column headings written in Python (`directives.list_head`) print
what the template printed, to the byte, in both languages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from directives.list_head import column_headings_html, count_and_exports_html
from tasktracker.pagination import CappedCountPaginator

# The template's markup before it was written in Python (with the sort links' former tag, `url_with`).
TEMPLATE = """{% load humanize i18n directives_tags %}<p class="actions">
  <span id="task-count">{% if page.paginator.count_is_exact %}{% blocktranslate trimmed count counter=page.paginator.count %}{{ counter }} task part{% plural %}{{ counter }} task parts{% endblocktranslate %}{% else %}{% blocktranslate trimmed with floor=page.paginator.count_floor|intcomma %}more than {{ floor }} task parts{% endblocktranslate %}{% endif %}</span>
  <a class="button" href="{% url 'directives:directive_export_xlsx' %}?{{ query }}" id="export-xlsx">{% translate "Download as Excel (.xlsx)" %}</a>
  <a class="button secondary" href="{% url 'directives:directive_export' %}?{{ query }}">{% translate "CSV" %}</a>
</p>
  <thead><tr>
    <th scope="col"><a href="{% if request.GET.ordering == 'number' %}{% url_with ordering='-number' %}{% else %}{% url_with ordering='number' %}{% endif %}">{% translate "Task" %}</a></th>
    <th scope="col"><a href="{% if request.GET.ordering == 'agency' %}{% url_with ordering='-agency' %}{% else %}{% url_with ordering='agency' %}{% endif %}">{% translate "Lead agency" %}</a></th>
    <th scope="col"><a href="{% if request.GET.ordering == 'deadline' %}{% url_with ordering='-deadline' %}{% else %}{% url_with ordering='deadline' %}{% endif %}">{% translate "Deadline" %}</a></th>
    <th scope="col"><a href="{% if request.GET.ordering == 'status' %}{% url_with ordering='-status' %}{% else %}{% url_with ordering='status' %}{% endif %}">{% translate "Status" %}</a></th>
    <th scope="col">{% translate "Timeliness" %}</th>
  </tr></thead>"""  # noqa: E501 (the template's lines as they were)

QUERIES = [
    "",
    "page=3",
    "ordering=number",
    "ordering=-number&page=2",
    "q=gi%E1%BA%A3i+ph%C3%B3ng+m%E1%BA%B7t+b%E1%BA%B1ng&timeliness=overdue&timeliness=no_deadline",
    "ordering=status&q=%3Cscript%3E%26%22%27",
    "ordering=deadline&status=new&page=9",
    "ordering=agency&ordering=number",
]


def _query_without_page(get: QueryDict) -> str:
    query = get.copy()
    query.pop("page", None)
    return query.urlencode()


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query_string", QUERIES)
@pytest.mark.parametrize("rows", [0, 1, 2, 1234, 1_000_001])
@pytest.mark.parametrize("cap", [1000, 10_000_000])
def test_the_head_prints_what_the_template_printed(language, query_string, rows, cap):
    request = RequestFactory().get("/directives/?" + query_string)
    request.user = AnonymousUser()
    paginator = CappedCountPaginator(range(rows), 25, count_cap=cap)
    paginator.count_floor = min(rows, cap)  # as a capped count of a queryset leaves it
    paginator.__dict__["count"] = min(rows, cap + 1)
    page = paginator.get_page(1)
    query = _query_without_page(request.GET)
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE).render({"page": page, "query": query}, request)
        written = count_and_exports_html(paginator, query) + "\n  " + column_headings_html(request.GET)
    assert written == expected
