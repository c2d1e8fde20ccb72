from django.contrib.admin.apps import AdminConfig


class TaskTrackerAdminConfig(AdminConfig):
    """The Django admin, with our site that lets roles (not the is_staff flag alone) decide entry."""

    default_site = "tasktracker.admin.TaskTrackerAdminSite"

    def ready(self):
        super().ready()
        # The project's own deployment checks (this config is the one piece of tasktracker Django loads).
        from tasktracker import checks  # noqa: F401 (registers the checks)
