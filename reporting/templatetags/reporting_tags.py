from django import template

from reporting.agency_table import agency_table_rows_html

register = template.Library()


@register.simple_tag
def agency_table_rows(rows, links):
    """The dashboard's per-agency table rows (`reporting.agency_table`)."""
    return agency_table_rows_html(rows, links)
