"""The task list's line above its table (how many parts, the export links) and its column headings with
their sort links, written in Python.

The template wrote them with some thirty nodes (a plural sentence, two reversed addresses, four sort links
each copying the query string, eight translated labels) on every view of the list. These functions write the
same markup, to the byte; `tests/directives/test_list_head.py` keeps the template they replace and compares.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

# The sortable columns: what the query string's `ordering` names, and the heading.
SORTED_COLUMNS = (
    ("number", gettext_noop("Task")),
    ("agency", gettext_noop("Lead agency")),
    ("deadline", gettext_noop("Deadline")),
    ("status", gettext_noop("Status")),
)


def count_and_exports_html(paginator, query: str) -> SafeString:
    """How many parts the list has (or more than how many) and the links that export it (`query`: the
    list's query string without its page)."""
    if paginator.count_is_exact:
        count = paginator.count
        # A translated sentence around a number, as `{% blocktranslate %}` writes it (the number escaped).
        counted = ngettext("%(counter)s task part", "%(counter)s task parts", count) % {
            "counter": escape(localize(count))
        }
    else:
        counted = gettext("more than %(floor)s task parts") % {
            "floor": escape(localize(intcomma(paginator.count_floor)))
        }
    query = escape(query)
    xlsx, csv = reverse("directives:directive_export_xlsx"), reverse("directives:directive_export")
    return mark_safe(
        f'<p class="actions">\n  <span id="task-count">{counted}</span>\n'
        f'  <a class="button" href="{escape(xlsx)}?{query}" id="export-xlsx">'
        f"{escape(gettext('Download as Excel (.xlsx)'))}</a>\n"
        f'  <a class="button secondary" href="{escape(csv)}?{query}">{escape(gettext("CSV"))}</a>\n</p>'
    )


def column_headings_html(query_dict) -> SafeString:
    """The table's `<thead>`: each sortable column links to the list (from its first page) sorted by it, or
    by it reversed when it is already sorted by it (`query_dict`: the request's GET)."""
    current = query_dict.get("ordering", "")
    query = query_dict.copy()
    query.pop("page", None)
    cells = []
    for field, heading in SORTED_COLUMNS:
        query["ordering"] = f"-{field}" if current == field else field
        link = escape("?" + query.urlencode())
        cells.append(f'    <th scope="col"><a href="{link}">{escape(gettext(heading))}</a></th>\n')
    timeliness = escape(gettext("Timeliness"))
    return mark_safe(f'<thead><tr>\n{"".join(cells)}    <th scope="col">{timeliness}</th>\n  </tr></thead>')
