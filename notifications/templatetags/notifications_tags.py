from django import template
from django.template.defaulttags import CsrfTokenNode

from notifications.escalation_rows import escalation_rows_html

register = template.Library()


@register.simple_tag(takes_context=True)
def escalation_rows(context, escalations, today):
    """The escalation queue's rows (`notifications.escalation_rows`), with the acknowledge form for those who
    may acknowledge, as `notifications/includes/acknowledge_form.html` decides."""
    request = context.get("request")
    return escalation_rows_html(
        escalations,
        today,
        may_acknowledge=bool(context.get("can", {}).get("manage_directives")),
        csrf_input=CsrfTokenNode().render(context),
        next_path=request.get_full_path() if request else "",
    )
