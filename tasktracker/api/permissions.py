from rest_framework.permissions import BasePermission


def allowed_if(decision):
    """A DRF permission from one of accounts.permissions' decisions: the API decides as the pages do."""

    class Allowed(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and decision(request.user))

    Allowed.__name__ = f"AllowedIf_{decision.__name__}"
    return Allowed
