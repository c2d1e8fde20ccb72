"""The office's tools in real Chromium: the period report and its exports, a merger, a calendar feed."""

import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook
from playwright.sync_api import expect

from agencies.models import Agency
from directives.choices import TaskStatus
from directives.models import Part
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]
PASSWORD = "demo12345"
TODAY = timezone.localdate()


@pytest.fixture
def demo(roles):
    call_command("seed_demo")


def test_the_period_report_counts_what_the_filtered_list_shows_and_exports_it(page, demo):
    log_in(page, "vanphong", PASSWORD)
    page.get_by_role("link", name="Báo cáo").first.click()
    start, end = TODAY.replace(year=TODAY.year - 5, month=1, day=1), TODAY.replace(year=TODAY.year + 5)
    page.get_by_label("Thời hạn từ ngày").fill(start.strftime("%d/%m/%Y"))
    page.get_by_label("đến ngày").fill(end.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Xem").click()
    rows = page.locator("#agency-report tbody tr")
    expect(rows.first).to_be_visible()
    first = rows.first
    due = int(first.locator('[data-count="due"]').inner_text())
    first.locator('[data-count="due"]').click()
    expect(page.get_by_role("heading", name="Nhiệm vụ")).to_be_visible()
    listed = int(re.search(r"(\d+)", page.locator("p.actions span").first.inner_text()).group(1))
    assert listed == due

    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet["A1"].value == "Thông báo"
    assert sheet.max_row - 1 == listed
    deadlines = [row[5].value for row in sheet.iter_rows(min_row=2)]
    assert all(value is None or value.year >= start.year for value in deadlines)

    page.go_back()
    expect(page.locator("#agency-report")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#report-export").click()
    report = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    assert report["A1"].value == "Hạng" and report["C2"].value == due
    page.screenshot(path=str(ARTIFACTS / "office-period-report.png"), full_page=True)


def test_the_office_merges_an_agency_after_seeing_what_moves(page, demo):
    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    open_parts = list(Part.objects.filter(agency=planning).exclude(status=TaskStatus.DONE))
    assert open_parts
    log_in(page, "vanphong", PASSWORD)
    page.goto("/agencies/")
    page.locator("#agencies tr", has_text="Sở Kế hoạch và Đầu tư").get_by_role(
        "link", name="Sắp xếp lại"
    ).click()
    page.get_by_label("Sáp nhập vào cơ quan khác, cơ quan đó tiếp nhận mọi nhiệm vụ đang mở").check()
    page.get_by_label("Sáp nhập vào", exact=True).select_option(label="Sở Tài chính")
    page.get_by_label("Có hiệu lực từ ngày").fill("01/03/2025")
    page.get_by_role("button", name="Xem những gì thay đổi").click()
    preview = page.locator("#reorganisation-preview")
    expect(preview).to_contain_text(open_parts[0].directive.title[:30])
    assert Part.objects.get(pk=open_parts[0].pk).agency == planning
    page.screenshot(path=str(ARTIFACTS / "office-merger-preview.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận thay đổi").click()
    expect(page.get_by_role("status")).to_contain_text("đã thôi hoạt động")
    assert {part.agency.name for part in Part.objects.filter(pk__in=[p.pk for p in open_parts])} == {
        "Sở Tài chính"
    }
    page.goto(f"/directives/{open_parts[0].directive_id}/")
    expect(page.locator("#history")).to_contain_text("Sở Kế hoạch và Đầu tư")


def test_an_agency_head_subscribes_to_a_calendar_of_deadlines(page, demo, live_server):
    head = Agency.objects.get(short_name="BQL KCN")
    part = Part.objects.filter(agency=head).exclude(status=TaskStatus.DONE).first()
    part.directive.deadline = TODAY + timedelta(days=12)
    part.directive.save()
    log_in(page, "bqlkcn", PASSWORD)
    page.get_by_role("link", name="Lịch của tôi").click()
    page.get_by_role("button", name="Tạo địa chỉ lịch của tôi").click()
    address = page.locator("#calendar-address").input_value()
    assert address.endswith(".ics")
    path = "/" + address.split("://", 1)[1].split("/", 1)[1]
    with urlopen(live_server.url + path, timeout=30) as response:
        calendar = Calendar.from_ical(response.read())
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert events[f"part-{part.pk}@tasktracker"].decoded("dtstart") == TODAY + timedelta(days=12)
    assert all(
        Part.objects.get(pk=int(uid.split("-")[1].split("@")[0])).agency_id == head.pk for uid in events
    )
