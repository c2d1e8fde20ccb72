"""Who is office staff, who is a leader and who leads the office: one rule each, read alike by the
permissions and by the notifications' recipients, superusers included (as office staff, never leaders)."""

from itertools import product

import pytest

from accounts.models import Role, User
from accounts.permissions import manages_directives, sees_all_directives
from accounts.querysets import OFFICE_AGENCY_KIND, is_leader, is_office_staff
from agencies.choices import AgencyKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FLAGS = ("sees_all_directives", "manages_directives", "reports_progress", "heads_agency")


def test_the_office_kind_is_the_agencies_one():
    assert OFFICE_AGENCY_KIND == AgencyKind.OFFICE


def test_querysets_and_permissions_agree_for_every_role_and_superuser(agency):
    users = [UserFactory(username="khongvaitro", role=None, agency=agency)]
    users.append(UserFactory(username="quantri", role=None, agency=None, is_superuser=True))
    for number, values in enumerate(product([False, True], repeat=len(FLAGS))):
        role = Role.objects.create(
            code=f"role{number}", name=f"Vai trò {number}", **dict(zip(FLAGS, values, strict=True))
        )
        for superuser in (False, True):
            users.append(
                UserFactory(
                    username=f"u{number}{superuser:d}", role=role, agency=agency, is_superuser=superuser
                )
            )
    office_staff = set(User.objects.office_staff().values_list("pk", flat=True))
    leaders = set(User.objects.leaders().values_list("pk", flat=True))
    for user in users:
        user = User.objects.select_related("role").get(pk=user.pk)
        assert (user.pk in office_staff) is manages_directives(user) is is_office_staff(user), user
        assert (user.pk in leaders) is is_leader(user), user
        assert is_leader(user) is (sees_all_directives(user) and not manages_directives(user)), user
        if user.is_superuser:
            assert user.pk in office_staff and user.pk not in leaders


def test_inactive_people_hear_nothing(roles, office):
    UserFactory(username="nghihuu", role=roles[Role.OFFICE_STAFF], agency=office, is_active=False)
    UserFactory(username="quantri", role=None, is_superuser=True, is_active=False)
    assert not User.objects.office_staff().exists()
    assert not User.objects.office_leadership().exists()


def test_the_office_is_led_by_its_heads_else_by_all_its_staff(roles, office, agency, office_staff, leader):
    superuser = UserFactory(username="quantri", role=None, agency=None, is_superuser=True)
    UserFactory(username="truongban", role=roles[Role.AGENCY_HEAD], agency=agency)  # heads another agency
    assert set(User.objects.office_leadership()) == {office_staff, superuser}
    chief = UserFactory(username="chanhvanphong", role=roles[Role.AGENCY_HEAD], agency=office)
    assert list(User.objects.office_leadership()) == [chief]
    assert list(User.objects.leaders()) == [leader]
