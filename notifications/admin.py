from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import (
    DeliveryAddress,
    Escalation,
    Notification,
    NotificationPolicy,
    NotificationPreference,
    OutboxMessage,
)
from notifications.services import retry_failed_messages


@admin.register(NotificationPolicy)
class NotificationPolicyAdmin(admin.ModelAdmin):
    """The one row of the office's reminder and escalation rules."""

    list_display = [
        "__str__",
        "reminder_offsets",
        "copy_supporting_agencies",
        "escalation_level_2_after",
        "escalation_level_3_after",
        "digest_horizon_days",
        "group_reminders_above",
    ]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not NotificationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Escalations for reading: the sweep opens and closes them, the office acknowledges on the dashboard."""

    list_display = [
        "part",
        "level",
        "missed_deadline",
        "opened_on",
        "acknowledged_at",
        "acknowledged_by",
        "closed_at",
        "close_reason",
    ]
    list_filter = ["level", "close_reason", "opened_on"]
    list_select_related = ["part__directive", "part__agency", "acknowledged_by"]
    search_fields = ["part__directive__search_text", "part__agency__name", "acknowledgement_note"]
    date_hierarchy = "opened_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Every email written for sending, with its state: what went out, what waits, what failed and why."""

    list_display = [
        "created_at",
        "kind",
        "recipient_email",
        "content__email_subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "created_at"]
    list_select_related = ["content"]
    search_fields = ["recipient_email", "content__email_subject"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        *(
            field.name
            for field in OutboxMessage._meta.fields
            if field.name not in ("claim_token", "sweep_id")
        ),
        "body_text",
    ]

    @admin.display(description=_("text"))
    def body_text(self, message):
        if message.content.to_render:
            return _("Written when the email is sent.")
        return message.content.body_text

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = retry_failed_messages(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(DeliveryAddress)
class DeliveryAddressAdmin(admin.ModelAdmin):
    """Addresses mail could not reach; those marked undeliverable need the office to correct them."""

    list_display = ["address", "undeliverable_since", "consecutive_failures", "last_failed_at", "last_error"]
    list_filter = [("undeliverable_since", admin.EmptyFieldListFilter)]
    search_fields = ["address"]
    readonly_fields = [
        "address",
        "consecutive_failures",
        "last_error",
        "last_failed_at",
        "undeliverable_since",
    ]
    actions = ["clear_and_retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Clear the mark and send their failed emails again"), permissions=["change"])
    def clear_and_retry(self, request, queryset):
        count = retry_failed_messages(addresses=list(queryset.values_list("address", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username", "recipient__full_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_reminders"]
    list_filter = ["email_reminders"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]
