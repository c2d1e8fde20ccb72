from accounts.permissions import can_use_admin, manages_directives, sees_dashboard, sees_reports


def permissions(request):
    """What the signed-in user may do, for menus and buttons (the views decide again on each request)."""
    user = request.user
    return {
        "can": {
            "manage_directives": manages_directives(user),
            "see_dashboard": sees_dashboard(user),
            "see_reports": sees_reports(user),
            "use_admin": can_use_admin(user),
        }
    }
