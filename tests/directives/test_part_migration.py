"""The rename of Assignment to Part (directives 0015, notifications 0008) keeps every row, link and grant."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from directives.choices import ExtensionRequestStatus, TaskStatus
from directives.extensions import request_extension
from directives.models import ExtensionRequest, Part, ProgressUpdate
from directives.services import record_progress
from notifications.models import Escalation, Notification, OutboxMessage
from tests.factories import DirectiveFactory, PartFactory, UserFactory
from tests.notifications.factories import EscalationFactory, NotificationFactory, OutboxMessageFactory
from workdays.calendar import add_working_days

BEFORE = [("directives", "0014_extension_requests"), ("notifications", "0007_extension_request_kinds")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def stored(transactional_db, agency, agency_head):
    """A part with its history, a pending extension request, an escalation, an email and a notification."""
    today = timezone.localdate()
    part = PartFactory(
        agency=agency,
        directive=DirectiveFactory(deadline=add_working_days(today, 20)),
        status=TaskStatus.IN_PROGRESS,
    )
    other = PartFactory(agency=agency, directive=DirectiveFactory(deadline=today - timedelta(days=3)))
    record_progress(part_id=part.pk, user=agency_head, status=TaskStatus.IN_PROGRESS, note="Đã khảo sát")
    extension_request = request_extension(
        part_id=part.pk,
        user=agency_head,
        reason="Chờ ý kiến thẩm định của Bộ Xây dựng.",
        proposed_deadline=part.directive.deadline + timedelta(days=30),
        evidence=ContentFile(b"%PDF-1.4 Cong van", name="cong-van.pdf"),
        expected_version=Part.objects.get(pk=part.pk).version,
    )
    escalation = EscalationFactory(part=other)
    message = OutboxMessageFactory(part=other, subject=f"assignment:{other.pk}")
    notification = NotificationFactory(part=other, subject=f"assignment:{other.pk}")
    editors = Group.objects.create(name="Biên tập")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="directives", codename="change_part")
    )
    viewer = UserFactory(username="xem")
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="directives", codename="view_part")
    )
    return {
        "part": part,
        "other": other,
        "request": extension_request,
        "escalation": escalation,
        "message": message,
        "notification": notification,
        "group": editors,
        "viewer": viewer,
    }


def test_the_rename_goes_back_and_forth_keeping_every_row(stored):
    part, other = stored["part"], stored["other"]
    try:
        old = migrate(BEFORE)
        # At main's schema the rows are Assignments, linked by `assignment`; the grants name them so.
        Assignment = old.get_model("directives", "Assignment")
        assert set(Assignment.objects.values_list("pk", flat=True)) == {part.pk, other.pk}
        old_updates = old.get_model("directives", "ProgressUpdate").objects
        assert set(old_updates.values_list("assignment_id", flat=True)) == {part.pk}
        old_escalation = old.get_model("notifications", "Escalation").objects.get()
        assert old_escalation.assignment_id == other.pk
        old_permissions = old.get_model("auth", "Permission").objects.filter(
            content_type__app_label="directives"
        )
        assert old_permissions.filter(codename="change_assignment").exists()
        assert not old_permissions.filter(codename__endswith="_part").exists()
        # Written at the old schema, as the app on main would write it.
        Assignment.objects.filter(pk=other.pk).update(status=TaskStatus.REPORTED_DONE)
    finally:
        migrate(latest())

    assert set(Part.objects.values_list("pk", flat=True)) == {part.pk, other.pk}
    assert Part.objects.get(pk=other.pk).status == TaskStatus.REPORTED_DONE
    assert [update.part_id for update in ProgressUpdate.objects.all()] == [
        part.pk
    ] * ProgressUpdate.objects.count()
    assert ExtensionRequest.objects.get().part_id == part.pk
    assert Escalation.objects.get().part_id == other.pk
    assert OutboxMessage.objects.get().part_id == other.pk
    assert Notification.objects.get().part_id == other.pk
    assert OutboxMessage.objects.get().subject == f"assignment:{other.pk}"  # the stored key, unchanged
    # The grants follow the model's new name, and no permission keeps the old one.
    assert stored["group"].permissions.get().codename == "change_part"
    viewer = type(stored["viewer"]).objects.get(pk=stored["viewer"].pk)
    assert viewer.has_perm("directives.view_part")
    assert not Permission.objects.filter(codename__endswith="_assignment").exists()


def test_the_constraints_still_hold_after_the_rename(stored):
    migrate(BEFORE)
    migrate(latest())
    part = stored["part"]
    # One pending request per part (the partial unique constraint was put back on the renamed column).
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtensionRequest.objects.create(
            part=part,
            status=ExtensionRequestStatus.PENDING,
            reason="Lần hai",
            proposed_deadline=part.directive.deadline + timedelta(days=40),
            deadline_when_requested=part.directive.deadline,
            requested_by=stored["request"].requested_by,
            # Another history entry, so only the one-pending rule can refuse it.
            request_entry=ProgressUpdate.objects.exclude(pk=stored["request"].request_entry_id).first(),
        )
    # One open escalation per part and level.
    with pytest.raises(IntegrityError), transaction.atomic():
        EscalationFactory(part=stored["other"], level=1)
    # A part once per agency and task, and a completion date only when done (renamed constraints).
    with pytest.raises(IntegrityError), transaction.atomic():
        Part.objects.create(directive=part.directive, agency=part.agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Part.objects.filter(pk=part.pk).update(completed_on=timezone.localdate())
