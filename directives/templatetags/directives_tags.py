from django import template

from directives import list_head, rows
from directives.importing import flag_label as importer_flag_label
from directives.task_summary import task_summary_html
from directives.work_area import work_area_html
from tasktracker.form_renderer import field_html

register = template.Library()


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters changed (None removes one), e.g. for sorting links."""
    query = context["request"].GET.copy()
    query.pop("page", None)  # another sort or filter starts again from the first page
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


@register.simple_tag
def task_count_and_exports(paginator, query):
    """The task list's count and export links (`directives.list_head.count_and_exports_html`)."""
    return list_head.count_and_exports_html(paginator, query)


@register.simple_tag(takes_context=True)
def task_column_headings(context):
    """The task list's column headings and sort links (`directives.list_head.column_headings_html`)."""
    return list_head.column_headings_html(context["request"].GET)


@register.filter
def days_overdue(deadline, today):
    """Whole days since the deadline passed."""
    return rows.days_overdue(deadline, today)


@register.simple_tag
def part_rows(parts, today, *, show_agency):
    """The rows of a table of task parts, written in Python (`directives.rows.part_rows_html`):
    `<tbody>{% part_rows page.object_list today show_agency=True %}</tbody>`."""
    return rows.part_rows_html(parts, today, show_agency)


@register.filter
def flag_label(code):
    """An importer flag in the reviewer's words."""
    return importer_flag_label(code)


@register.simple_tag(takes_context=True)
def task_work_area(context):
    """The task page's work area, the parts' sections and the history (`directives.work_area`), from the
    context `directive_context` gives."""
    return work_area_html(
        context["parts"], context["directive"], context["history"], context.get("csrf_token")
    )


@register.simple_tag
def form_field(field):
    """`{% include "includes/field.html" with field=field %}`, written in Python (`field_html`)."""
    return field_html(field)


@register.simple_tag
def task_summary(directive, parts, supporting, can_correct):
    """The top of the task page: the task in its notice and its facts (`directives.task_summary`);
    `supporting`, the agencies, as the template resolves `task_reads.supporting_agencies` (by calling it)."""
    return task_summary_html(directive, parts, supporting, can_correct)
