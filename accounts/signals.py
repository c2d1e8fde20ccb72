"""Derived data kept by signals (connected in AccountsConfig.ready)."""

from tasktracker.middleware import mark_session_refreshed


def start_idle_clock(sender, request, user, **kwargs):
    """A new sign-in starts the session's idle clock (see tasktracker.middleware.IdleSessionMiddleware)."""
    if request is not None and hasattr(request, "session"):
        mark_session_refreshed(request.session)
