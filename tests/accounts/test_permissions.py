"""Who may do what follows from the role's flags, decided in accounts.permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.backends import role_permissions
from accounts.models import Role
from accounts.permissions import can_use_admin, manages_directives, reports_progress_for, sees_all_directives
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("user_fixture", "sees_all", "manages", "reports_own", "reports_other", "admin"),
    [
        ("office_staff", True, True, True, True, True),
        ("leader", True, False, False, False, True),
        ("agency_head", False, False, True, False, False),
        ("agency_staff", False, False, True, False, False),
    ],
)
def test_role_decisions(
    request, agency, other_agency, user_fixture, sees_all, manages, reports_own, reports_other, admin
):
    user = request.getfixturevalue(user_fixture)
    assert sees_all_directives(user) is sees_all
    assert manages_directives(user) is manages
    assert reports_progress_for(user, agency.pk) is reports_own
    assert reports_progress_for(user, other_agency.pk) is reports_other
    assert can_use_admin(user) is admin


def test_anonymous_and_roleless_users_may_do_nothing(agency):
    roleless = UserFactory(role=None, agency=agency)
    for user in (AnonymousUser(), roleless):
        assert not sees_all_directives(user)
        assert not manages_directives(user)
        assert not reports_progress_for(user, agency.pk)
        assert not can_use_admin(user)


def test_roles_are_data_a_new_role_works_without_code(agency):
    auditor = Role.objects.create(code="auditor", name="Thanh tra", sees_all_directives=True)
    user = UserFactory(role=auditor, agency=agency)
    assert sees_all_directives(user)
    assert not manages_directives(user)


def test_office_staff_get_the_office_apps_but_not_role_editing(office_staff, leader, agency_head):
    office_permissions = role_permissions(office_staff)
    assert {"directives.change_directive", "agencies.add_agency", "accounts.add_user"} <= office_permissions
    assert "accounts.change_role" not in office_permissions
    leader_permissions = role_permissions(leader)
    assert "directives.view_directive" in leader_permissions
    assert not any(
        name.split(".")[1].startswith(("add_", "change_", "delete_")) for name in leader_permissions
    )
    assert role_permissions(agency_head) == set()
