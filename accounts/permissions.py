"""Who may do what, decided from the user's role: one function per decision, used everywhere.

Who is office staff and who sees everything is defined once in `accounts.querysets`, for these functions
and for the querysets the notifications read alike (superusers count as office staff in both).
"""

from accounts.querysets import is_office_staff, role_of, sees_everything


def sees_all_directives(user) -> bool:
    """Office staff and leaders see every agency's tasks; others see their own agency's."""
    return sees_everything(user)


def manages_directives(user) -> bool:
    """Office staff (superusers included) enter notices, correct tasks, accept completion and decide
    extensions."""
    return is_office_staff(user)


def reports_progress_for(user, agency_id) -> bool:
    """Whether the user may report progress on a task part that `agency_id` leads."""
    if manages_directives(user):
        return True
    role = role_of(user)
    return bool(role and role.reports_progress and agency_id is not None and user.agency_id == agency_id)


def requests_extension_for(user, agency_id) -> bool:
    """Whether the user may ask for more time on a task part that `agency_id` leads: its own people who
    report progress (the office decides extensions, it does not ask for them)."""
    return not manages_directives(user) and reports_progress_for(user, agency_id)


def decides_extensions(user) -> bool:
    """The office approves or refuses the lead agencies' extension requests."""
    return manages_directives(user)


def can_use_admin(user) -> bool:
    """The admin site is for the office (editing) and leaders (reading); superusers manage accounts."""
    return (
        user.is_authenticated and user.is_active and (sees_all_directives(user) or manages_directives(user))
    )


def signed_in(user) -> bool:
    """Pages every signed-in user may open; what they show is scoped by `visible_to(user)`."""
    return user.is_authenticated and user.is_active


def sees_dashboard(user) -> bool:
    """The dashboard: the province's for office staff and leaders, an agency's own for its heads and staff
    (`dashboard_agency_of`)."""
    return signed_in(user) and (sees_all_directives(user) or bool(getattr(user, "agency_id", None)))


def sees_province_dashboard(user) -> bool:
    """The province-wide dashboard, its statistics in the API and its escalation queue: for those who see
    every agency (office staff and leaders)."""
    return sees_all_directives(user)


def dashboard_agency_of(user) -> int | None:
    """Whose parts the user's dashboard counts: every agency's (None) for the province dashboard, else
    only the parts the user's own agency leads."""
    return None if sees_province_dashboard(user) else getattr(user, "agency_id", None)


def landing_url_name(user) -> str:
    """Where a person's work is: the dashboard for the office and leaders, My tasks for agencies."""
    if sees_province_dashboard(user):
        return "reporting:dashboard"
    if getattr(user, "agency_id", None):
        return "directives:my_tasks"
    return "directives:notice_list"


def sees_reports(user) -> bool:
    """Period reports: every agency's for the office and leaders, an agency's own for its people."""
    return signed_in(user) and (sees_all_directives(user) or bool(getattr(user, "agency_id", None)))


def manages_tokens_of(user, owner) -> bool:
    """A person manages their own API tokens; only superusers manage other people's (never the office or
    a leader: a token acts with its owner's rights, so reading one would mean acting as its owner)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.pk == owner.pk


def administers_account_of(user, target) -> bool:
    """Who may change someone's account (and so set their password) in the admin: the office administers
    agency accounts; an account that sees every agency's tasks (the office, a leader, a superuser) only a
    superuser does, so no one can sign in as a person who sees more than they do."""
    if not can_use_admin(user):
        return False
    if user.is_superuser:
        return True
    return manages_directives(user) and not (target.is_superuser or sees_all_directives(target))
