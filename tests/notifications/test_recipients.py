"""The recipients read the office's rules from accounts: a superuser is office staff here as in the
permissions, so hears what the office hears, and is never one of the leaders."""

from datetime import date

import pytest

from accounts.permissions import manages_directives
from notifications.recipients import RecipientDirectory
from notifications.services import run_digest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(cast):
    return UserFactory(
        username="quantri", role=None, agency=None, is_superuser=True, email="QuanTri@bacgiang.example"
    )


def test_a_superuser_is_office_staff_and_not_a_leader(superuser):
    directory = RecipientDirectory()
    assert manages_directives(superuser)
    assert {recipient.email for recipient in directory.office_staff()} == {
        "vanphong@bacgiang.example",
        "quantri@bacgiang.example",
    }
    assert [recipient.email for recipient in directory.leaders()] == ["lanhdao@bacgiang.example"]
    # The office has a head on record (chanhvanphong): its leadership is the head alone.
    assert [recipient.email for recipient in directory.office_leadership()] == [
        "chanhvanphong@bacgiang.example"
    ]


def test_a_superuser_receives_the_province_digest_like_the_office(superuser, make_part, policy):
    make_part(date(2024, 3, 20))
    report = run_digest(date(2024, 3, 25))
    province = {entry["recipient"] for entry in report.notifications if entry["agency"] is None}
    assert province == {
        "vanphong@bacgiang.example",
        "quantri@bacgiang.example",
        "chanhvanphong@bacgiang.example",
        "lanhdao@bacgiang.example",
        "vpubnd@bacgiang.example",
    }
