from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def allowed_if(decision):
    """Let a view run only for users for whom `decision(user)` (a function of accounts.permissions) holds.

    Anonymous visitors are sent to log in; signed-in users who may not are answered 403.
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not decision(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.permission_decision = decision
        return guarded

    return decorator
