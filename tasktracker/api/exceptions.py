"""One JSON shape for every API error: {"error": {"status", "code", "message", "fields"}}."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from tasktracker.exceptions import DomainError, NotPermitted


class DomainConflict(exceptions.APIException):
    """What the task's current state does not allow (a status it cannot move to, a stale version)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def api_exception_handler(exc, context):
    """DRF's handler, with domain refusals as 409s (403s when refused for who asks) and every error body
    in the same shape."""
    if isinstance(exc, NotPermitted):
        exc = exceptions.PermissionDenied(exc.message)
    elif isinstance(exc, DomainError):
        exc = DomainConflict(exc.message)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"error": error_body(exc, response.status_code)}
    return response


def form_errors(form) -> exceptions.ValidationError:
    """A Django form's errors as the API's 400: by field, the form-wide ones as the message."""
    return exceptions.ValidationError(
        {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): list(messages)
            for name, messages in form.errors.items()
        }
    )


def error_body(exc, status_code: int) -> dict:
    fields = {}
    message = ""
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        for name, messages in exc.detail.items():
            texts = [str(text) for text in (messages if isinstance(messages, list) else [messages])]
            if name in ("non_field_errors", "detail"):
                message = " ".join(texts)
            else:
                fields[name] = texts
        message = message or _("Some fields are not valid.")
    elif isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, list) else [exc.detail]
        message = " ".join(str(text) for text in details)
    else:
        message = str(getattr(exc, "detail", exc))
    code = getattr(exc, "default_code", "error")
    return {"status": status_code, "code": code, "message": message, "fields": fields}
