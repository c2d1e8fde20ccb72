from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers and container health checks: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    """404: the JSON error shape under /api/, the app's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_error(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: the JSON error shape under /api/, the app's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_error(500, "error", _("The server met an error; the request was not carried out."))
    return defaults.server_error(request)


def api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"status": status, "code": code, "message": str(message), "fields": {}}}, status=status
    )
