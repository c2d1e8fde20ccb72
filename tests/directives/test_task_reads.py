"""The task page's prepared reads: the rows of the querysets, and whose tasks each person sees kept apart."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from directives import task_reads
from directives.choices import TaskStatus
from directives.extensions import request_extension
from directives.models import Directive
from directives.querysets import SEES_EVERY_AGENCY, SEES_OWN_AGENCY, visibility_of
from tasktracker.statements import PLACEHOLDER_KEYS
from tests.factories import DirectiveFactory, PartFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_statements(monkeypatch):
    """The task reads with nothing compiled yet (each test starts from an empty process)."""
    for prepared in task_reads._shown_task.values():
        monkeypatch.setattr(prepared, "_statements", {})


def test_each_person_reads_exactly_the_tasks_visible_to_them_whoever_compiled_first(
    fresh_statements, office_staff, leader, agency_head, agency_staff, other_agency_head, agency, other_agency
):
    mine = PartFactory(agency=agency).directive
    theirs = PartFactory(agency=other_agency).directive
    supported_by_me = PartFactory(agency=other_agency).directive
    supported_by_me.supporting_agencies.add(agency)
    heading = DirectiveFactory(is_heading=True)
    without_agency = UserFactory(username="khongdonvi", agency=None, role=agency_head.role)
    tasks = [mine, theirs, supported_by_me, heading]
    # The agency's statement is compiled first, for the other agency; the office's after it.
    people = [other_agency_head, agency_head, office_staff, agency_staff, leader, without_agency]
    for person in people:
        for task in tasks:
            expected = Directive.objects.visible_to(person).tasks().filter(pk=task.pk).first()
            shown = task_reads.shown_task(person, task.pk)
            assert (shown and shown.pk) == (expected and expected.pk), (person.username, task)
    assert [task_reads.shown_task(agency_staff, task.pk) is not None for task in tasks] == [
        True,
        False,
        True,
        False,
    ]
    # One statement per shape: the agency's takes the agency as a parameter, never a real agency's id.
    own = task_reads._shown_task[SEES_OWN_AGENCY]._statements[(DEFAULT_DB_ALIAS,)]
    every = task_reads._shown_task[SEES_EVERY_AGENCY]._statements[(DEFAULT_DB_ALIAS,)]
    assert own.sql != every.sql
    assert PLACEHOLDER_KEYS[1] in own.params
    assert agency.pk not in own.params and other_agency.pk not in own.params
    assert visibility_of(office_staff) == visibility_of(leader) == (SEES_EVERY_AGENCY, ())
    assert visibility_of(agency_head) == (SEES_OWN_AGENCY, (agency.pk,))


def test_the_parts_their_timeliness_and_pending_requests_are_those_of_the_querysets(
    agency, other_agency, agency_head
):
    today = timezone.localdate()
    task = DirectiveFactory(deadline=today + timedelta(days=40))
    late = PartFactory(directive=task, agency=other_agency, status=TaskStatus.IN_PROGRESS)
    on_time = PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)
    task.parts.filter(pk=late.pk).update(effective_deadline=today - timedelta(days=1))
    PartFactory(agency=agency)  # another task's part
    request_extension(
        part_id=on_time.pk,
        user=agency_head,
        reason="Chờ vốn",
        proposed_deadline=today + timedelta(days=60),
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
    )
    parts = task_reads.parts_shown(task, today)
    assert sorted(parts, key=lambda part: part.agency_name) == parts
    assert {part.pk: part.agency_name for part in parts} == {
        late.pk: late.agency.name,
        on_time.pk: on_time.agency.name,
    }
    assert {part.pk: part.timeliness for part in parts} == {
        late.pk: "overdue",
        on_time.pk: "in_progress_on_time",
    }
    assert {part.pk: part.has_pending_request for part in parts} == {late.pk: False, on_time.pk: True}
    assert all(part.directive is task for part in parts)
    tomorrow = {part.pk: part.timeliness for part in task_reads.parts_shown(task, today + timedelta(days=41))}
    assert tomorrow[on_time.pk] == "overdue"
    pending = task_reads.pending_requests([part.pk for part in parts if part.has_pending_request])
    assert list(pending) == [on_time.pk] and pending[on_time.pk].reason == "Chờ vốn"
    assert task_reads.pending_requests([]) == {}


def test_the_supporting_agencies_are_read_when_shown(agency, other_agency, django_assert_num_queries):
    task = DirectiveFactory()
    task.supporting_agencies.add(other_agency, agency)
    with django_assert_num_queries(0):
        supporting = task_reads.supporting_agencies(task)
    with django_assert_num_queries(1):
        names = [found.name for found in supporting()]
    assert names == [found.name for found in task.supporting_agencies.only("name")]
    assert names == sorted(names)
