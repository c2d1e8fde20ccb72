"""The rows of the dashboard's per-agency table and of its bar chart, written as HTML in Python.

The table shows 50 agencies (500 with `?agencies=all`), each with a link and a share per category, the chart
15 bars of up to five segments: as template loops they were most of the time of the first view after a
change, when the figures' sections are rendered again. This writes the same markup, to the byte, as the loops
of `reporting/dashboard.html` did; `tests/reporting/test_dashboard_rows.py` renders both ways, in both
languages, and compares them. Each share is written once per language (`floatformat`, as the template's
filter): a province's shares repeat.
"""

from django.template.defaultfilters import floatformat
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reporting.dashboard import CATEGORIES, share
from tasktracker.escaping import escape as _escape
from tasktracker.numbers import whole_number_writer

# (language, share) → the share as `{{ share|floatformat:1 }}` writes it; at most 1,001 shares per language.
_SHARES: dict[tuple[str | None, float], str] = {}


def agency_table_rows_html(rows: list[dict], links) -> SafeString:
    """The `<tr>` of each agency of `rows` (`reporting.dashboard.agency_rows`): its name linking to its parts,
    its count and share in each of CATEGORIES linking to those parts, its total. `links` makes the task
    list's links for the dashboard's period (`reporting.dashboard._ListLinks`)."""
    language = get_language()
    # `{% translate %}` of a literal writes the translation as it is; a category's label is escaped.
    agency_label, total_label = _("Agency"), _("Total")
    columns = [
        (category.value, _escape(category.label), urlencode({"timeliness": category}))
        for category in CATEGORIES
    ]
    number = whole_number_writer()
    written = []
    for row in rows:
        agency = urlencode({"agency": row["agency_id"]})
        total = row["total"]
        cells = []
        for value, label, only in columns:
            count = row[value]
            if count:
                shown = share(count, total)
                key = (language, shown)
                if key not in _SHARES:
                    _SHARES[key] = floatformat(shown, 1)
                link = _escape(links.joined(agency, only))
                cells.append(
                    f'<td data-label="{label}"><a href="{link}">{number(count)}</a> '
                    f'<span class="muted">({_SHARES[key]} %)</span></td>'
                )
            else:
                cells.append(f'<td data-label="{label}">0</td>')
        link = _escape(links.joined(agency))
        written.append(
            f'\n      <tr>\n        <td data-label="{agency_label}"><a href="{link}">'
            f"{_escape(row['agency__name'])}</a></td>\n        {''.join(cells)}\n"
            f'        <td data-label="{total_label}">{number(total)}</td>\n      </tr>\n    '
        )
    return mark_safe("".join(written))


def bar_rows_html(bars: list[dict]) -> SafeString:
    """The `<div>` of each bar of the chart (`reporting.dashboard.stacked_bars`): the agency's name linking to
    its parts, a segment per category it has parts in, its total."""
    number = whole_number_writer()
    written = []
    for bar in bars:
        name, total = _escape(bar["name"]), number(bar["total"])
        segments = "".join(
            [
                f'<rect x="{segment["x"]:f}" y="0" width="{segment["width"]:f}" '
                f'height="6" fill="{_escape(segment["colour"])}"><title>{_escape(segment["label"])}: '
                f"{number(segment['count'])}</title></rect>"
                for segment in bar["segments"]
            ]
        )
        link = _escape(bar["url"])
        written.append(
            f'\n    <div class="bar-row">\n      <a class="bar-name" href="{link}">{name}</a>\n'
            f'      <svg class="bar-svg" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
            f'aria-label="{name}: {total}">\n        {segments}\n      </svg>\n'
            f'      <span class="bar-total">{total}</span>\n    </div>\n    '
        )
    return mark_safe("".join(written))
