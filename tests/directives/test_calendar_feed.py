"""Personal calendar feeds: the deadlines a person may see, parsed back with the icalendar library."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directives.choices import TaskStatus
from directives.models import CalendarFeed
from directives.services import extend_deadline
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def parts(agency, other_agency):
    own = PartFactory(
        agency=agency,
        directive=DirectiveFactory(title="Quy hoạch phân khu", deadline=TODAY + timedelta(days=10)),
    )
    done = PartFactory(
        agency=agency,
        directive=DirectiveFactory(title="Đã xong", deadline=TODAY + timedelta(days=3)),
        status=TaskStatus.DONE,
        completed_on=TODAY,
    )
    others = PartFactory(
        agency=other_agency, directive=DirectiveFactory(title="Dự toán", deadline=TODAY + timedelta(days=5))
    )
    return {"own": own, "done": done, "others": others}


def make_address(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("directives:my_calendar"), {"action": "issue"})
    assert response.status_code == 200
    return response.context["address"].split("://", 1)[1].split("/", 1)[1]


def events(client, path):
    response = client.get("/" + path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_an_agency_subscribes_to_the_deadlines_of_its_own_open_tasks(client, agency_head, parts):
    path = make_address(client, agency_head)
    client.logout()
    found = events(client, path)
    assert set(found) == {f"part-{parts['own'].pk}@tasktracker"}
    event = found[f"part-{parts['own'].pk}@tasktracker"]
    assert event.decoded("dtstart") == TODAY + timedelta(days=10)
    assert event.decoded("dtend") == TODAY + timedelta(days=11)
    assert "Quy hoạch phân khu" in str(event["summary"])
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(days=1)


def test_the_feed_follows_a_deadline_that_moves(client, agency_head, office_staff, parts):
    path = make_address(client, agency_head)
    part = parts["own"]
    extend_deadline(
        part_id=part.pk, user=office_staff, new_deadline=TODAY + timedelta(days=40), note="Gia hạn"
    )
    event = events(client, path)[f"part-{part.pk}@tasktracker"]
    assert event.decoded("dtstart") == TODAY + timedelta(days=40)


def test_the_office_sees_every_agency_in_its_feed(client, office_staff, parts):
    path = make_address(client, office_staff)
    assert set(events(client, path)) == {
        f"part-{parts['own'].pk}@tasktracker",
        f"part-{parts['others'].pk}@tasktracker",
    }


def test_a_new_address_ends_the_old_one_and_revoking_ends_both(client, agency_head, parts):
    first = make_address(client, agency_head)
    second = make_address(client, agency_head)
    assert client.get("/" + first).status_code == 404
    assert client.get("/" + second).status_code == 200
    client.post(reverse("directives:my_calendar"), {"action": "revoke"})
    assert client.get("/" + second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_only_a_digest_of_the_address_is_kept_and_it_is_not_shown_again(client, agency_head, parts):
    path = make_address(client, agency_head)
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert secret not in CalendarFeed.objects.get().secret_digest
    page = client.get(reverse("directives:my_calendar"))
    assert secret not in page.content.decode()


def test_a_deactivated_person_s_feed_stops(client, agency_head, parts):
    path = make_address(client, agency_head)
    agency_head.is_active = False
    agency_head.save()
    assert client.get("/" + path).status_code == 404


@pytest.mark.parametrize("secret", ["nope", "x" * 500, "%00", "../../etc/passwd"])
def test_an_unknown_address_is_not_found(client, secret):
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
