"""The dashboard for agencies (their own parts), its shares, its overdue ageing and its export."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.permissions import dashboard_agency_of, landing_url_name, sees_dashboard
from directives.choices import TaskStatus
from directives.models import Part
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + timedelta(days=n)


def part(agency, deadline, status=TaskStatus.IN_PROGRESS, completed_on=None):
    return PartFactory(
        directive=DirectiveFactory(deadline=deadline), agency=agency, status=status, completed_on=completed_on
    )


@pytest.fixture
def province(agency, other_agency):
    """The agency's parts overdue 1, 30, 31, 60, 61, 120, 121 days, one on time, one done; another's two."""
    for late in (1, 30, 31, 60, 61, 120, 121):
        part(agency, days(-late))
    part(agency, days(5))
    part(agency, days(-10), TaskStatus.DONE, days(-12))
    part(other_agency, days(-400))
    part(other_agency, days(-3), TaskStatus.CANCELLED)


def test_ageing_buckets_the_overdue_by_days_past_the_deadline(province, agency, other_agency):
    assert Part.objects.overdue_ageing(TODAY) == [2, 2, 2, 2]
    assert Part.objects.overdue_ageing(TODAY, by="agency_id") == {
        agency.pk: [2, 2, 2, 1],
        other_agency.pk: [0, 0, 0, 1],
    }
    # The day before, each part was overdue one day less: the one due yesterday was not yet overdue.
    assert Part.objects.overdue_ageing(days(-1)) == [2, 2, 2, 1]


def test_agency_people_open_their_own_dashboard_and_the_office_the_province(
    agency_head, agency_staff, office_staff, leader
):
    for person in (agency_head, agency_staff):
        assert sees_dashboard(person)
        assert dashboard_agency_of(person) == person.agency_id
        assert landing_url_name(person) == "directives:my_tasks"
    for person in (office_staff, leader):
        assert dashboard_agency_of(person) is None
        assert landing_url_name(person) == "reporting:dashboard"


def test_an_agency_head_s_dashboard_counts_their_agency_s_parts_alone(client, province, agency, agency_head):
    client.force_login(agency_head)
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    counts = {code: (count, share) for code, _label, count, _url, share in response.context["counts"]}
    assert counts["overdue"] == (7, 77.8)
    assert counts["in_progress_on_time"] == (1, 11.1)
    assert counts["completed_on_time"] == (1, 11.1)
    assert [row["agency_id"] for row in response.context["per_agency"]] == [agency.pk]
    assert {part.agency_id for part in response.context["overdue"]} == {agency.pk}
    assert [band["count"] for band in response.context["ageing"]] == [2, 2, 2, 1]
    assert response.context["escalations"] is None
    page = response.content.decode()
    assert agency.name in page and "Sở Tài chính" not in page
    assert 'id="escalation-heading"' not in page


def test_the_office_s_dashboard_shows_shares_and_ageing_of_the_province(client, province, office_staff):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:dashboard"))
    counts = {code: (count, share) for code, _label, count, _url, share in response.context["counts"]}
    assert counts["overdue"] == (8, 80.0)
    assert [band["count"] for band in response.context["ageing"]] == [2, 2, 2, 2]
    assert [band["share"] for band in response.context["ageing"]] == [25.0, 25.0, 25.0, 25.0]
    assert 'id="overdue-ageing"' in response.content.decode()
    assert response.context["escalations"] is not None


def test_an_agency_s_dashboard_runs_a_constant_number_of_queries(client, agency, other_agency, agency_head):
    from django.core.cache import cache

    client.force_login(agency_head)
    url = reverse("reporting:dashboard")

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    part(agency, days(-3))
    few = queries()
    for late in range(1, 40, 3):
        part(agency, days(-late))
        part(other_agency, days(-late))
    assert queries() == few


def read_sheet(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def test_the_dashboard_table_exports_to_xlsx_scoped_and_formula_safe(
    client, agency, other_agency, office_staff, agency_head
):
    other_agency.name = '=HYPERLINK("http://example.invalid")'
    other_agency.save()
    part(agency, days(-5))
    part(agency, days(5))
    part(other_agency, days(-5))
    client.force_login(office_staff)
    rows, sheet = read_sheet(client.get(reverse("reporting:dashboard_export")))
    assert sheet.freeze_panes == "A2"
    assert rows[0][:2] == ["Cơ quan", "Hoàn thành đúng hạn"]  # Vietnamese headers
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {agency.name, other_agency.name}
    mine = by_name[agency.name]
    # Agency, five categories, total, five shares (fractions shown as percentages).
    assert mine[1:7] == [0, 0, 1, 1, 0, 2]
    assert mine[7:] == [0, 0, 0.5, 0.5, 0]
    cell = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == other_agency.name)[0]
    assert cell.data_type == "s" and cell.quotePrefix  # shown as text, never run as a formula
    assert sheet.cell(row=2, column=8).number_format == "0.0%"

    client.force_login(agency_head)
    rows, _sheet = read_sheet(client.get(reverse("reporting:dashboard_export")))
    assert [row[0] for row in rows[1:]] == [agency.name]


def test_a_bad_period_refuses_the_export_with_a_message(client, office_staff):
    client.force_login(office_staff)
    response = client.get(
        reverse("reporting:dashboard_export"),
        {"period": "custom", "start": "31/12/2024", "end": "01/01/2024"},
    )
    assert response.status_code == 400
    assert "Ngày bắt đầu sau ngày kết thúc." in response.content.decode()
