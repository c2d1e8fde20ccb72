"""Agencies are merged and abolished: their open tasks pass to the successor, with the history kept."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from agencies.exceptions import AgencyError
from agencies.models import Agency
from agencies.services import load_registry
from directives.choices import TaskStatus, UpdateKind
from directives.models import Part
from directives.reorganisation import hand_over_to_successor
from directives.services import record_progress
from tests.factories import AgencyFactory, DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db


def test_open_tasks_pass_to_the_successor_and_history_shows_the_former_holder(agency_staff):
    planning = agency_staff.agency
    finance = AgencyFactory(name="Sở Tài chính (mới)")
    open_part = PartFactory(agency=planning)
    record_progress(part_id=open_part.pk, user=agency_staff, status=TaskStatus.IN_PROGRESS, note="Đang làm")
    finished = PartFactory(agency=planning, status=TaskStatus.DONE, completed_on=date(2024, 3, 1))
    both_lead = DirectiveFactory()
    PartFactory(directive=both_lead, agency=planning)
    PartFactory(directive=both_lead, agency=finance)
    supported = DirectiveFactory()
    supported.supporting_agencies.add(planning)

    moved = hand_over_to_successor(agency_id=planning.pk, successor_id=finance.pk, on=date(2025, 3, 1))

    assert moved == 2
    planning.refresh_from_db()
    assert (planning.is_active, planning.successor, planning.dissolved_on) == (
        False,
        finance,
        date(2025, 3, 1),
    )
    open_part.refresh_from_db()
    assert open_part.agency == finance
    assert open_part.status == TaskStatus.IN_PROGRESS
    transfer = open_part.updates.get(kind=UpdateKind.TRANSFERRED)
    assert transfer.agency == planning
    assert planning.name in transfer.note
    assert open_part.updates.filter(kind=UpdateKind.PROGRESS, agency=planning).exists()
    finished.refresh_from_db()
    assert finished.agency == planning
    assert Part.objects.get(directive=both_lead, agency=planning).status == TaskStatus.CANCELLED
    assert finance in supported.supporting_agencies.all()
    assert planning.current_successor() == finance


def test_a_successor_must_be_active_and_not_the_agency_itself(agency):
    retired = AgencyFactory(is_active=False)
    with pytest.raises(AgencyError):
        hand_over_to_successor(agency_id=agency.pk, successor_id=agency.pk, on=date(2025, 7, 1))
    with pytest.raises(AgencyError):
        hand_over_to_successor(agency_id=agency.pk, successor_id=retired.pk, on=date(2025, 7, 1))
    agency.refresh_from_db()
    assert agency.is_active


def test_loading_the_registry_twice_changes_nothing():
    registry = Path(settings.BASE_DIR) / "agencies" / "data" / "bac_giang_2024.json"
    rows = json.loads(registry.read_text(encoding="utf-8"))
    assert load_registry(rows) == (len(rows), 0)
    assert load_registry(rows) == (0, 0)
    board = Agency.objects.get(short_name="BQL KCN")
    assert "BQL các KCN" in board.alias_list
    assert Agency.objects.get(name="Văn phòng UBND tỉnh").parent.name == "Ủy ban nhân dân tỉnh Bắc Giang"
