from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_use_admin


class TaskTrackerAdminSite(admin.AdminSite):
    """The office's administration site."""

    site_header = _("Directive tracking: administration")
    site_title = _("Directive tracking")
    index_title = _("Administration")
    site_url = "/"

    def has_permission(self, request):
        return request.user.is_active and can_use_admin(request.user)
