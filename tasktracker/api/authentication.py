from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's, giving the signed-in user itself rather than the lazy `request.user` it was read through (see
    `tasktracker.middleware.AuthenticationMiddleware`): the view's `request.user` is then no proxy either."""

    def authenticate(self, request):
        user_and_auth = super().authenticate(request)
        if user_and_auth is None:
            return None
        return request._request.user, user_and_auth[1]


class SessionAuthenticationScheme(SessionScheme):
    """The OpenAPI schema describes it as DRF's (drf-spectacular matches the class itself, not subclasses)."""

    target_class = SessionAuthentication
