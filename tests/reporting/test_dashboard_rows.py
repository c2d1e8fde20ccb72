"""The dashboard's per-agency table and bar chart rows written in Python (`reporting.dashboard_rows`) are the
HTML the template loops wrote, to the byte, in both languages, for any period."""

from datetime import date

import pytest
from django.template import engines
from django.utils import translation

from reporting.dashboard import CATEGORIES, _ListLinks, _period_query, share, stacked_bars

# The loop of templates/reporting/dashboard.html that agency_table_rows replaces, as it was, with the cells
# build() made for it.
TEMPLATE_LOOP = engines["django"].from_string(
    """{% load i18n %}<tbody>{% translate "Agency" as agency_label %}{% translate "Total" as total_label %}
    {% for row in per_agency %}
      <tr>
        <td data-label="{{ agency_label }}"><a href="{{ row.url }}">{{ row.agency__name }}</a></td>
        {% for label, count, url, share in row.cells %}<td data-label="{{ label }}">{% if count %}<a href="{{ url }}">{{ count }}</a> <span class="muted">({{ share|floatformat:1 }} %)</span>{% else %}0{% endif %}</td>{% endfor %}
        <td data-label="{{ total_label }}">{{ row.total }}</td>
      </tr>
    {% empty %}
      <tr><td colspan="7">{% translate "No tasks in this period." %}</td></tr>
    {% endfor %}
    </tbody>"""  # noqa: E501 (the template's own lines)
)
WRITTEN = engines["django"].from_string(
    """{% load i18n reporting_tags %}<tbody>
    {% if per_agency %}{% agency_table_rows per_agency links %}{% else %}
      <tr><td colspan="7">{% translate "No tasks in this period." %}</td></tr>
    {% endif %}
    </tbody>"""
)


def with_cells(rows, links):
    """The rows as build() prepared them for the template loop."""
    from django.utils.http import urlencode

    for row in rows:
        agency = urlencode({"agency": row["agency_id"]})
        row["url"] = links.joined(agency)
        row["cells"] = [
            (
                str(category.label),
                row[category.value],
                links.joined(agency, urlencode({"timeliness": category})),
                share(row[category.value], row["total"]),
            )
            for category in CATEGORIES
        ]
    return rows


def agency_row(agency_id, name, *counted):
    return {
        "agency_id": agency_id,
        "agency__name": name,
        "total": sum(counted),
        **{category.value: count for category, count in zip(CATEGORIES, counted, strict=True)},
    }


ROWS = [
    agency_row(7, 'Sở <Tài chính> & "Kế hoạch"', 1200, 3, 0, 4567, 1),
    agency_row(12, "UBND xã Hiệp Hòa", 1, 1, 1, 0, 0),
    agency_row(3, "Ban Quản lý các khu công nghiệp tỉnh", 0, 0, 0, 0, 2),
    agency_row(9, "Sở Y tế", 2, 1, 0, 3, 0),  # thirds: shares that round
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("period", [(None, None), (date(2026, 1, 1), date(2026, 12, 31))])
@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "none"])
def test_the_rows_are_the_templates_to_the_byte(language, period, rows):
    links = _ListLinks(_period_query(*period))
    with translation.override(language):
        expected = TEMPLATE_LOOP.render({"per_agency": with_cells([dict(row) for row in rows], links)})
        written = WRITTEN.render({"per_agency": [dict(row) for row in rows], "links": links})
        again = WRITTEN.render({"per_agency": [dict(row) for row in rows], "links": links})  # shares kept
    assert written == expected == again
    if rows:
        assert written.count("<tr>") == len(rows)
        assert "&lt;Tài chính&gt; &amp; &quot;Kế hoạch&quot;" in written
        assert ("(33,3 %)" if language == "vi" else "(33.3 %)") in written
        assert ("&amp;notice_date_after=01%2F01%2F2026" in written) is (period[0] is not None)


# The loop of the bar chart in templates/reporting/dashboard.html that bar_rows replaces, as it was.
BARS_LOOP = engines["django"].from_string(
    """<div class="bar-chart">
    {% for bar in bars %}
    <div class="bar-row">
      <a class="bar-name" href="{{ bar.url }}">{{ bar.name }}</a>
      <svg class="bar-svg" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="{{ bar.name }}: {{ bar.total }}">
        {% for segment in bar.segments %}<rect x="{{ segment.x|stringformat:'f' }}" y="0" width="{{ segment.width|stringformat:'f' }}" height="6" fill="{{ segment.colour }}"><title>{{ segment.label }}: {{ segment.count }}</title></rect>{% endfor %}
      </svg>
      <span class="bar-total">{{ bar.total }}</span>
    </div>
    {% endfor %}
  </div>"""  # noqa: E501 (the template's own lines)
)
BARS_WRITTEN = engines["django"].from_string(
    """{% load reporting_tags %}<div class="bar-chart">
    {% bar_rows bars %}
  </div>"""
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("rows", [ROWS, ROWS[1:2], []], ids=["rows", "one", "none"])
def test_the_bars_are_the_templates_to_the_byte(language, rows):
    links = _ListLinks(_period_query(date(2026, 1, 1), None))
    bars = stacked_bars(with_cells([dict(row) for row in rows], links))
    with translation.override(language):
        expected = BARS_LOOP.render({"bars": bars})
        written = BARS_WRITTEN.render({"bars": bars})
    assert written == expected
    assert written.count("<rect") == sum(len(bar["segments"]) for bar in bars)
