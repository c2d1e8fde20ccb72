from rest_framework.routers import DefaultRouter


class ApiRouter(DefaultRouter):
    """Any id in a detail URL reaches its view, so a malformed one (`/tasks/0.5/`) is the API's JSON 404."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        return f"(?P<{lookup_prefix}{lookup_field}>[^/]+)"
