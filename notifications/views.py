from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import allowed_if
from accounts.permissions import manages_directives, signed_in
from notifications.exceptions import NotificationError
from notifications.forms import AcknowledgementForm, ReminderPreferenceForm
from notifications.models import DeliveryAddress, Notification
from notifications.services import (
    acknowledge_escalation,
    mark_all_read,
    receives_reminder_emails,
    set_reminder_emails,
)

NOTIFICATIONS_PER_PAGE = 30
UNDELIVERABLE_SHOWN = 20


@allowed_if(signed_in)
def notification_list(request):
    """The user's notifications, newest first; for the office, also the addresses mail cannot reach."""
    notifications = Notification.objects.for_user(request.user).order_by("-created_at", "-id")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    undeliverable = (
        DeliveryAddress.objects.undeliverable()[:UNDELIVERABLE_SHOWN]
        if manages_directives(request.user)
        else None
    )
    context = {
        "page": page,
        "email_reminders": receives_reminder_emails(request.user),
        "undeliverable": undeliverable,
    }
    return render(request, "notifications/notification_list.html", context)


@allowed_if(signed_in)
@require_POST
def notification_mark_all_read(request):
    """Mark every notification of the user read (the bell's count goes to zero)."""
    count = mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@allowed_if(signed_in)
@require_POST
def notification_preferences(request):
    """Turn reminder emails on or off for the user."""
    form = ReminderPreferenceForm(request.POST)
    enabled = form.is_valid() and form.cleaned_data["email_reminders"]
    set_reminder_emails(request.user, enabled)
    if enabled:
        messages.success(request, _("You will receive deadline reminders by email."))
    else:
        messages.success(
            request,
            _("Reminders will only appear in your notification list. Escalations still come by email."),
        )
    return redirect("notifications:list")


@allowed_if(manages_directives)
@require_POST
def escalation_acknowledge(request, pk):
    """The office acknowledges an escalation with a note (from the dashboard's queue)."""
    form = AcknowledgementForm(request.POST)
    form.is_valid()
    try:
        acknowledge_escalation(pk, request.user, form.cleaned_data.get("note", ""))
    except NotificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The escalation was acknowledged."))
    return redirect(_next_page(request, form.cleaned_data.get("next", "")))


def _next_page(request, target: str) -> str:
    """Back where the form was (the dashboard), if that is a page of this site; else the list."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "notifications:list"
