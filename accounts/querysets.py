"""Who the office is and who leads: each rule written once, as a filter for querysets and as a test of
one user, so that the permissions (`accounts.permissions`) and the recipients of notifications
(`notifications.recipients`) cannot drift apart.

Superusers act for the office: they may do everything the office does (the permissions always said so),
and so they are office staff everywhere, also when the sweep decides who hears what: a superuser with an
address receives what the office receives (the province-wide digest; level-2 escalations when the office
has no head on record). A superuser is never a leader: leaders see every task but manage none.
"""

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q

# agencies.choices.AgencyKind.OFFICE: a floor above accounts, so its value (tests/accounts check they agree).
OFFICE_AGENCY_KIND = "office"

OFFICE_STAFF = Q(is_superuser=True) | Q(role__manages_directives=True)
SEES_ALL = Q(is_superuser=True) | Q(role__sees_all_directives=True)
LEADERS = Q(role__sees_all_directives=True, role__manages_directives=False, is_superuser=False)
OFFICE_HEADS = Q(role__heads_agency=True, agency__kind=OFFICE_AGENCY_KIND)


def role_of(user):
    """The user's role, None for anonymous users and users without one."""
    return getattr(user, "role", None) if user.is_authenticated else None


def is_office_staff(user) -> bool:
    """`OFFICE_STAFF` for one user: a superuser, or a role that manages the tasks."""
    role = role_of(user)
    return user.is_authenticated and (user.is_superuser or bool(role and role.manages_directives))


def sees_everything(user) -> bool:
    """`SEES_ALL` for one user: a superuser, or a role that sees every agency's tasks."""
    role = role_of(user)
    return user.is_authenticated and (user.is_superuser or bool(role and role.sees_all_directives))


def is_leader(user) -> bool:
    """`LEADERS` for one user: sees every task and is not office staff (so never a superuser)."""
    role = role_of(user)
    return bool(role and role.sees_all_directives) and not is_office_staff(user)


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def office_staff(self):
        """Active office staff (who manage the tasks), superusers included."""
        return self.active().filter(OFFICE_STAFF)

    def leaders(self):
        """The province's active leaders: they see every task but manage none."""
        return self.active().filter(LEADERS)

    def office_leadership(self):
        """Who leads the office: the active heads of an office agency; all office staff when it has none
        on record."""
        heads = self.active().filter(OFFICE_HEADS)
        return heads if heads.exists() else self.office_staff()


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager (create_user, create_superuser) with the office's queries."""
