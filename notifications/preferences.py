"""What people do with their own notifications: read them, and choose whether reminders come by email."""

from django.utils import timezone

from notifications.models import Notification, NotificationPreference


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def receives_reminder_emails(user) -> bool:
    """Whether the user gets reminders by email (the default) or only in the notification list."""
    return not NotificationPreference.objects.filter(user=user, email_reminders=False).exists()


def set_reminder_emails(user, enabled: bool) -> NotificationPreference:
    """Turn reminder emails on or off for the user. Escalations and digests cannot be turned off."""
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_reminders": enabled}
    )
    return preference
