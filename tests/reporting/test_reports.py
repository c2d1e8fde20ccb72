"""The period report by agency: counts that match the task list, ranking, rating bands, scoping, .xlsx."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from directives.choices import TaskStatus
from reporting.models import RatingBand
from tests.factories import AgencyFactory, DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + timedelta(days=n)


def period(start, end):
    return {"from": start.strftime("%d/%m/%Y"), "to": end.strftime("%d/%m/%Y")}


@pytest.fixture
def parts(agency, other_agency):
    """BQL KCN: due in the period 4 (2 on time, 1 late, 1 overdue) and one due after it; Sở Tài chính:
    due in the period 2 (1 on time, 1 in progress within its deadline) and one with no deadline."""
    notice = NoticeFactory(number="75/TB-UBND")
    made = {}
    for key, agency_, deadline, status, completed_on in [
        ("on_time_1", agency, days(-20), TaskStatus.DONE, days(-25)),
        ("on_time_2", agency, days(-15), TaskStatus.DONE, days(-15)),
        ("late", agency, days(-12), TaskStatus.DONE, days(-3)),
        ("overdue", agency, days(-5), TaskStatus.IN_PROGRESS, None),
        ("after_period", agency, days(60), TaskStatus.NOT_STARTED, None),
        ("finance_on_time", other_agency, days(-8), TaskStatus.DONE, days(-9)),
        ("finance_open", other_agency, days(4), TaskStatus.IN_PROGRESS, None),
        ("finance_ongoing", other_agency, None, TaskStatus.IN_PROGRESS, None),
        ("cancelled", other_agency, days(-4), TaskStatus.CANCELLED, None),
    ]:
        directive = DirectiveFactory(notice=notice, title=key, text=key, deadline=deadline)
        made[key] = PartFactory(directive=directive, agency=agency_, status=status, completed_on=completed_on)
    return made


def test_the_report_counts_each_agency_ranked_by_share_on_time(client, office_staff, parts, agency):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:agency_report"), period(days(-30), days(30)))
    assert response.status_code == 200
    rows = response.context["rows"]
    # Both have half on time: the one with more due comes first.
    assert [row.name for row in rows] == ["Ban Quản lý các khu công nghiệp tỉnh", "Sở Tài chính"]
    board, finance = rows
    assert (finance.due, finance.share_on_time) == (2, 50.0)
    assert board.counts == {
        "completed_on_time": 2,
        "completed_late": 1,
        "overdue": 1,
        "in_progress_on_time": 0,
    }
    assert (board.due, board.share_on_time) == (4, 50.0)
    assert board.band.label == "Hoàn thành"
    totals = response.context["totals"]
    assert (totals.due, totals.counts["completed_on_time"]) == (6, 3)


def test_every_count_of_the_report_is_what_the_filtered_task_list_shows(client, office_staff, parts):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:agency_report"), period(days(-30), days(30)))
    for row in response.context["rows"]:
        assert client.get(row.links["due"]).context["page"].paginator.count == row.due
        for code, _label, count, url in row.cells:
            assert client.get(url).context["page"].paginator.count == count, code


def test_rating_bands_are_the_offices_to_edit(client, office_staff, parts):
    RatingBand.objects.filter(minimum_share=50).update(minimum_share=60)
    client.force_login(office_staff)
    response = client.get(reverse("reporting:agency_report"), period(days(-30), days(30)))
    assert {row.band.label for row in response.context["rows"]} == {"Không hoàn thành"}
    page = response.content.decode()
    assert "Không hoàn thành" in page


def test_an_agency_sees_only_its_own_line_in_the_report_and_its_export(client, agency_head, parts):
    client.force_login(agency_head)
    response = client.get(reverse("reporting:agency_report"), period(days(-30), days(30)))
    assert [row.agency_id for row in response.context["rows"]] == [agency_head.agency_id]
    export = client.get(reverse("reporting:agency_report_export"), period(days(-30), days(30)))
    sheet = load_workbook(BytesIO(export.content)).active
    agencies = [sheet.cell(row=row, column=2).value for row in range(2, sheet.max_row + 1)]
    assert agencies == ["Ban Quản lý các khu công nghiệp tỉnh", "Tất cả cơ quan"]


def test_without_a_period_the_report_covers_this_year_so_far(client, office_staff, parts):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:agency_report"))
    assert (response.context["start"], response.context["end"]) == (TODAY.replace(month=1, day=1), TODAY)


@pytest.mark.parametrize(
    "query",
    [
        {"from": "31/12/2025", "to": "01/01/2025"},
        {"from": "2025-13-45", "to": "01/01/2025"},
        {"from": "", "to": "01/02/2025"},
        {"from": "01/01/2025\x00", "to": "x" * 5000},
    ],
)
def test_a_bad_period_is_explained_not_a_server_error(client, office_staff, parts, query):
    client.force_login(office_staff)
    for name in ("reporting:agency_report", "reporting:agency_report_export"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert response.context["form"].errors


def test_the_report_runs_a_fixed_number_of_queries(client, office_staff, parts, other_agency):
    client.force_login(office_staff)
    url = reverse("reporting:agency_report")
    with CaptureQueriesContext(connection) as few:
        client.get(url, period(days(-30), days(30)))
    for n in range(5):
        PartFactory(agency=AgencyFactory(), directive=DirectiveFactory(deadline=days(-n)))
    with CaptureQueriesContext(connection) as many:
        client.get(url, period(days(-30), days(30)))
    assert len(many) == len(few)


def test_the_report_export_is_a_workbook_people_open(client, office_staff, parts):
    client.force_login(office_staff)
    response = client.get(reverse("reporting:agency_report_export"), period(days(-30), days(30)))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [
        "Hạng",
        "Cơ quan",
        "Đến hạn trong kỳ",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Quá hạn",
        "Đang thực hiện trong hạn",
        "Tỷ lệ đúng hạn",
        "Xếp loại",
    ]
    assert [cell.value for cell in sheet[2]] == [
        1,
        "Ban Quản lý các khu công nghiệp tỉnh",
        4,
        2,
        1,
        1,
        0,
        0.5,
        "Hoàn thành",
    ]
    assert [cell.value for cell in sheet[4]][1:3] == ["Tất cả cơ quan", 6]
    assert sheet["H2"].number_format == "0.0%"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 48


def test_the_task_list_exports_to_xlsx_with_real_dates_and_inert_text(client, office_staff, parts, agency):
    DirectiveFactory(notice=parts["late"].directive.notice)
    formula = parts["overdue"].directive
    formula.title = '=HYPERLINK("http://example.com","bấm")'
    formula.save()
    client.force_login(office_staff)
    response = client.get(
        reverse("directives:directive_export_xlsx"), {"agency": agency.pk, "ordering": "deadline"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet[1][0].value == "Thông báo" and sheet[1][5].value == "Thời hạn"
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    first = sheet[2]
    assert first[5].value.date() == days(-20)
    assert first[5].number_format == "DD/MM/YYYY"
    assert first[9].value.date() == days(-25)
    injected = next(row for row in sheet.iter_rows(min_row=2) if str(row[2].value).startswith("=HYPERLINK"))
    assert injected[2].data_type == "s"
    assert injected[2].quotePrefix
