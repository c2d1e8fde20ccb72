from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from agencies.api.views import AgencyViewSet
from directives.api.views import (
    DirectiveViewSet,
    ExtensionRequestViewSet,
    MyTaskListView,
    NoticeViewSet,
    PartViewSet,
    ProgressUpdateViewSet,
    TaskViewSet,
)
from reporting.api.views import DashboardView
from tasktracker.api.routers import ApiRouter

app_name = "api"

# Swagger UI and ReDoc set style attributes and ReDoc runs a web worker from a blob: their pages allow
# those; no inline script anywhere (the Swagger page loads its start-up script from the same view).
documentation_page = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

router = ApiRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("notices", NoticeViewSet, basename="notice")
router.register("directives", DirectiveViewSet, basename="directive")
router.register("parts", PartViewSet, basename="part")
# The parts' endpoint before issue #16 named it after them: the same answers, marked deprecated.
router.register("tasks", TaskViewSet, basename="task")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("extension-requests", ExtensionRequestViewSet, basename="extension-request")

urlpatterns = [
    path("me/tasks/", MyTaskListView.as_view(), name="my-tasks"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/", documentation_page(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"
    ),
    path("redoc/", documentation_page(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
    *router.urls,
]
