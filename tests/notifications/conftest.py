"""People with addresses, agencies with mailboxes, and task parts due on given days."""

from datetime import date

import pytest

from accounts.models import Role
from notifications.models import NotificationPolicy
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory, UserFactory


@pytest.fixture
def cast(
    roles, office, agency, other_agency, office_staff, leader, agency_head, agency_staff, other_agency_head
):
    """Everyone who may hear of a task, each with an address; the agencies with their mailboxes."""
    office_head = UserFactory(username="chanhvanphong", agency=office, role=roles[Role.AGENCY_HEAD])
    addresses = {
        office_staff: "vanphong@bacgiang.example",
        leader: "lanhdao@bacgiang.example",
        agency_head: "truongban@bacgiang.example",
        agency_staff: "chuyenvien@bacgiang.example",
        other_agency_head: "giamdoc@bacgiang.example",
        office_head: "chanhvanphong@bacgiang.example",
    }
    for user, email in addresses.items():
        user.email = email
        user.save(update_fields=["email"])
    for each, email in [
        (agency, "bqlkcn@bacgiang.example"),
        (other_agency, "stc@bacgiang.example"),
        (office, "vpubnd@bacgiang.example"),
    ]:
        each.email = email
        each.save(update_fields=["email"])
    return {
        "office_staff": office_staff,
        "leader": leader,
        "agency_head": agency_head,
        "agency_staff": agency_staff,
        "other_agency_head": other_agency_head,
        "office_head": office_head,
    }


@pytest.fixture
def policy(db):
    return NotificationPolicy.current()


@pytest.fixture
def make_part(agency):
    """A task part of `agency` (or the one given), due on `deadline`, from a notice issued on 2 Jan 2024."""

    def make(
        deadline=None,
        *,
        lead=None,
        recurrence="none",
        supporting=(),
        issued_on=date(2024, 1, 2),
        status="not_started",
        completed_on=None,
        **directive_fields,
    ):
        notice = NoticeFactory(issued_on=issued_on)
        directive = DirectiveFactory(
            notice=notice, deadline=deadline, recurrence=recurrence, **directive_fields
        )
        directive.supporting_agencies.set(supporting)
        return PartFactory(
            directive=directive, agency=lead or agency, status=status, completed_on=completed_on
        )

    return make


@pytest.fixture
def supporting_agency(roles):
    """A supporting agency with a head and a mailbox."""
    supporter = AgencyFactory(name="Sở Xây dựng", email="sxd@bacgiang.example")
    UserFactory(
        username="soxaydung", agency=supporter, role=roles[Role.AGENCY_HEAD], email="gdsxd@bacgiang.example"
    )
    return supporter
