from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directives import views as directive_views
from tasktracker.views import health

handler404 = "tasktracker.views.page_not_found"
handler500 = "tasktracker.views.server_error"

urlpatterns = [
    path("", directive_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/", include("accounts.urls")),
    # Before the pages' includes at "": an API request then skips their forty-odd patterns.
    path("api/v1/", include("tasktracker.api.urls")),
    path("", include("directives.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("reporting.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", health, name="health"),
]
# Uploaded files are never served from MEDIA_URL, not even under `make run`: each is sent by a view that
# checks who asks (directives.views.evidence_download, notice_source_download).
