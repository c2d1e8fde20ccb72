from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from accounts.permissions import manages_directives, sees_all_directives
from tasktracker.statements import PreparedQuery

# The apps whose records the office administers; accounts are listed so office staff can add users.
OFFICE_APPS = (
    "accounts",
    "agencies",
    "directives",
    "notifications",
    "workdays",
    "reporting",
    "django_celery_beat",
)
# What office staff may not change even so: roles are set up by the system administrator, and API tokens
# act as their owners, so other people's are the system administrator's alone (not even to view).
SYSTEM_ADMIN_ONLY = {
    "accounts.add_role",
    "accounts.change_role",
    "accounts.delete_role",
    "accounts.add_apitoken",
    "accounts.change_apitoken",
    "accounts.delete_apitoken",
    "accounts.view_apitoken",
}


# Read on every signed-in request: compiled once (see PreparedQuery).
_user_with_role_and_agency = PreparedQuery(
    get_user_model(),
    lambda pk: get_user_model()._default_manager.select_related("role", "agency").filter(pk=pk).order_by(),
)


class RoleBackend(ModelBackend):
    """Django's model permissions, plus those that follow from the user's role."""

    def get_user(self, user_id):
        """The signed-in user with their role and agency in one query: every page reads all three (the
        permissions read the role, the header shows the agency)."""
        user = _user_with_role_and_agency.first(get_user_model()._meta.pk.to_python(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        permissions = super().get_all_permissions(user_obj, obj)
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return permissions
        if not hasattr(user_obj, "_role_permission_cache"):
            user_obj._role_permission_cache = role_permissions(user_obj)
        return permissions | user_obj._role_permission_cache


def role_permissions(user) -> set[str]:
    """The `app_label.codename` permissions the user's role grants in the admin."""
    if manages_directives(user):
        codenames = _permission_names(OFFICE_APPS) - SYSTEM_ADMIN_ONLY
    elif sees_all_directives(user):
        codenames = {
            name
            for name in _permission_names(OFFICE_APPS) - SYSTEM_ADMIN_ONLY
            if name.split(".")[1].startswith("view_")
        }
    else:
        return set()
    return codenames


def _permission_names(app_labels) -> set[str]:
    rows = Permission.objects.filter(content_type__app_label__in=app_labels).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}
