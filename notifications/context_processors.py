from django.contrib.auth import get_user_model
from django.utils.functional import SimpleLazyObject

from notifications.models import Notification
from tasktracker.statements import PreparedCount

# The bell's count is on every page: its SQL is compiled once (see PreparedCount), from the same filters.
_unread_count = PreparedCount(
    Notification, lambda user_id: Notification.objects.for_user(get_user_model()(pk=user_id)).unread()
)


def unread_notifications(request):
    """`unread_notifications`: the signed-in user's unread count for the bell, counted (one query) only
    when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: _unread_count(user.pk))}
