"""The dashboard's queues read through statements compiled once (`reporting.dashboard`) are what their
querysets give: the extension requests for every shape of whose tasks a person sees, the escalations as
values."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directives.models import ExtensionRequest, ProgressUpdate
from notifications.escalation_rows import QUEUE_ROW_VALUES
from notifications.models import Escalation
from reporting import dashboard
from tests.factories import DirectiveFactory, PartFactory, UserFactory
from tests.notifications.factories import EscalationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def pending_request(part, user, days_left):
    """A pending request on `part`, its deadline `days_left` days away (the queue's order)."""
    deadline = TODAY + timedelta(days=days_left)
    entry = ProgressUpdate.objects.create(
        part=part, author=user, agency=part.agency, status_before=part.status, status_after=part.status
    )
    return ExtensionRequest.objects.create(
        part=part,
        requested_by=user,
        reason="Vướng giải phóng mặt bằng",
        proposed_deadline=deadline + timedelta(days=30),
        deadline_when_requested=deadline,
        request_entry=entry,
    )


def shown(requests):
    """Each request with what its row shows of its task, notice and agency."""
    rows = []
    for request in requests:
        task = request.part.directive
        rows.append((request.pk, task.number, task.title, task.notice.number, request.part.agency.name))
    return rows


def test_each_person_s_extension_requests_are_those_of_the_tasks_they_may_see(
    agency, other_agency, office_staff, leader, agency_head, agency_staff, other_agency_head
):
    own = PartFactory(agency=agency)
    others = PartFactory(agency=other_agency)
    supported = PartFactory(agency=other_agency, directive=DirectiveFactory())
    supported.directive.supporting_agencies.add(agency)
    for days_left, part in enumerate((others, own, supported, PartFactory(agency=other_agency))):
        pending_request(part, office_staff, days_left)
    nobody = UserFactory(role=agency_staff.role, agency=None)
    for person in (office_staff, leader, agency_head, agency_staff, other_agency_head, nobody):
        expected = ExtensionRequest.objects.visible_to(person).queue()[: dashboard.ESCALATIONS_SHOWN]
        assert shown(dashboard.extension_requests_to_decide(person)) == shown(expected)
    assert len(dashboard.extension_requests_to_decide(office_staff)) == 4
    assert len(dashboard.extension_requests_to_decide(agency_head)) == 2  # its part's, the task it supports
    assert dashboard.extension_requests_to_decide(nobody) == []


def test_no_more_extension_requests_than_the_queue_shows(agency, office_staff, monkeypatch):
    for days_left in range(dashboard.ESCALATIONS_SHOWN + 2):
        pending_request(PartFactory(agency=agency), office_staff, days_left)
    requests = dashboard.extension_requests_to_decide(office_staff)
    assert shown(requests) == shown(ExtensionRequest.objects.queue()[: dashboard.ESCALATIONS_SHOWN])
    assert len(requests) == dashboard.ESCALATIONS_SHOWN


def test_the_escalation_queue_is_the_queue_s_first_rows_as_values(office_staff):
    for level in (1, 2, 3) * 11:
        EscalationFactory(level=level)
    acknowledged = Escalation.objects.first()
    acknowledged.acknowledged_at, acknowledged.acknowledged_by = timezone.now(), office_staff
    acknowledged.save()
    expected = list(Escalation.objects.queue().values(*QUEUE_ROW_VALUES)[: dashboard.ESCALATIONS_SHOWN])
    assert dashboard.escalation_queue() == expected
    assert len(expected) == dashboard.ESCALATIONS_SHOWN
