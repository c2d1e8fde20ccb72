from django import template

from reporting.dashboard_rows import agency_table_rows_html, bar_rows_html

register = template.Library()


@register.simple_tag
def agency_table_rows(rows, links):
    """The dashboard's per-agency table rows (`reporting.dashboard_rows`)."""
    return agency_table_rows_html(rows, links)


@register.simple_tag
def bar_rows(bars):
    """The dashboard's bar chart rows (`reporting.dashboard_rows`)."""
    return bar_rows_html(bars)
