"""The task page's work area (the lead parts' sections, then the history), written as HTML in Python.

The page included it as a template of its own (`{% include %}`: the template looked up, the context pushed,
two `{% translate %}` and four tags resolving their arguments), and htmx swaps it in place after a progress
update: `templates/directives/includes/directive_work.html` is now this one function, which both the page and
the fragment write. `tests/directives/test_work_area.py` compares it with the template it replaces.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from directives.part_sections import part_sections_html
from directives.timeline import History, history_html, history_shown_html, lead_names, whole_history_html
from tasktracker.escaping import escape
from tasktracker.links import current_place


def work_area_html(parts, directive, history: History, csrf_token) -> SafeString:
    """The parts' sections and the history (as `directive_context` gives them; `csrf_token` as the template
    context holds it); without the line break the template's file ends with."""
    place = current_place()  # read once for the links of the sections and the history
    sections = part_sections_html(parts, directive, csrf_token, place)
    entries = history_html(history.entries, lead_names(parts), place)
    return mark_safe(
        f"\n<h2>{escape(_('Lead agencies'))}</h2>\n{sections}\n\n"
        f"<h2>{escape(_('History'))}{history_shown_html(history)}</h2>\n"
        f'<ol class="timeline card" id="history">\n{entries}\n</ol>\n'
        f"{whole_history_html(history, directive.pk, place)}"
    )
