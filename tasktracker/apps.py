from django.contrib.admin.apps import AdminConfig


class TaskTrackerAdminConfig(AdminConfig):
    """The Django admin, with our site that lets roles (not the is_staff flag alone) decide entry."""

    default_site = "tasktracker.admin.TaskTrackerAdminSite"
