from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread_notifications(request):
    """`unread_notifications`: the signed-in user's unread count for the bell, counted (one query) only
    when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(lambda: Notification.objects.for_user(user).unread().count())
    }
