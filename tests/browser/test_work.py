"""The three kinds of users at work in real Chromium: an agency head, office staff, a leader."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from directives.models import Part, ProgressUpdate
from tests.browser.conftest import ARTIFACTS, PHONE, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]
PASSWORD = "demo12345"
CATEGORIES = ["completed_on_time", "completed_late", "in_progress_on_time", "overdue", "no_deadline"]


@pytest.fixture
def demo(roles):
    """The demo province: agencies, one user per role, the seed notice with some progress."""
    call_command("seed_demo")


def count_on_dashboard(page, category):
    return int(page.locator(f'[data-category="{category}"] .count-number').inner_text())


def test_an_agency_head_sees_only_their_tasks_and_updates_one(page, demo):
    log_in(page, "bqlkcn", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Nhiệm vụ của tôi"))).to_be_visible()
    led = page.locator("#led-tasks tbody tr")
    expect(led).to_have_count(
        Part.objects.filter(agency__short_name="BQL KCN").exclude(status="done").count()
    )
    expect(page.locator("#led-tasks")).not_to_contain_text("Sở Công Thương chủ trì")

    page.locator("#led-tasks").get_by_role("link", name=re.compile(r"^4\.2\.")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^4\.2\."))).to_be_visible()
    # The update happens in place (htmx): a value set on the page survives it.
    page.evaluate("window.stillHere = true")
    # The status stays by default: a note alone, and an empty one is refused.
    page.get_by_role("button", name="Lưu cập nhật").click()
    expect(page.get_by_role("alert")).to_contain_text("Hãy ghi rõ đã làm gì hoặc lý do.")
    page.get_by_label("Trạng thái mới").select_option(label="Đã báo cáo hoàn thành")
    page.get_by_label("Ghi chú").fill("Đã trình UBND tỉnh đề án tiêu thoát nước.")
    page.get_by_role("button", name="Lưu cập nhật").click()

    history = page.locator("#history")
    expect(history).to_contain_text("Đã trình UBND tỉnh đề án tiêu thoát nước.")
    expect(history).to_contain_text("Báo cáo hoàn thành")
    assert page.evaluate("window.stillHere") is True
    page.screenshot(path=str(ARTIFACTS / "agency-head-updated-task.png"), full_page=True)
    assert ProgressUpdate.objects.filter(note="Đã trình UBND tỉnh đề án tiêu thoát nước.").exists()

    # Their own agency's dashboard: its parts alone, no other agency's, no escalation queue.
    response = page.goto("/dashboard/")
    assert response.status == 200
    expect(page.get_by_role("heading", name=re.compile("Bảng điều hành của Ban Quản lý"))).to_be_visible()
    own = Part.objects.filter(agency__short_name="BQL KCN").exclude(status="cancelled").count()
    assert sum(count_on_dashboard(page, code) for code in CATEGORIES) == own
    expect(page.locator("#per-agency tbody tr")).to_have_count(1)
    expect(page.locator("#per-agency")).not_to_contain_text("Sở Công Thương")
    leads = page.locator("#overdue-list tbody tr td:nth-child(2)")
    expect(leads.filter(has_not_text="Ban Quản lý các khu công nghiệp")).to_have_count(0)
    expect(page.get_by_role("heading", name="Cảnh báo cần xử lý")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "agency-head-dashboard.png"), full_page=True)


def test_an_agency_head_adds_a_note_to_reported_and_completed_tasks_that_keep_their_status(page, demo):
    from accounts.models import User
    from directives.services import record_progress

    head, office = User.objects.get(username="bqlkcn"), User.objects.get(username="vanphong")
    reported, completed = Part.objects.filter(agency=head.agency, status="not_started").order_by("pk")[:2]
    record_progress(part_id=reported.pk, user=head, status="reported_done", note="Đã xong")
    record_progress(part_id=completed.pk, user=head, status="reported_done", note="Đã xong")
    record_progress(part_id=completed.pk, user=office, status="done")
    log_in(page, "bqlkcn", PASSWORD)
    for part, status, label in [
        (reported, "reported_done", "Đã báo cáo hoàn thành"),
        (completed, "done", "Hoàn thành"),
    ]:
        page.goto(f"/directives/{part.directive_id}/")
        status_field = page.get_by_label("Trạng thái mới")
        expect(status_field.locator("option:checked")).to_have_text(
            f"Giữ nguyên trạng thái (“{label}”): chỉ ghi chú"
        )
        note = f"Bổ sung biên bản nghiệm thu nhiệm vụ {part.directive.number}."
        page.get_by_label("Ghi chú").fill(note)
        page.get_by_role("button", name="Lưu cập nhật").click()
        expect(page.locator("#history")).to_contain_text(note)
        expect(page.locator(f"#part-{part.pk} .badge").first).to_have_text(label)
        part.refresh_from_db()
        assert part.status == status
        assert part.updates.latest("created_at", "id").kind == "progress"
    page.screenshot(path=str(ARTIFACTS / "agency-head-note-on-completed-task.png"), full_page=True)


def test_office_staff_see_the_dashboard_count_change(page, demo):
    log_in(page, "vanphong", PASSWORD)
    expect(page.get_by_role("heading", name="Bảng điều hành")).to_be_visible()
    overdue_before = count_on_dashboard(page, "overdue")
    late_before = count_on_dashboard(page, "completed_late")

    page.locator("#overdue-list").get_by_role("link", name=re.compile(r"^6\.3\.")).click()
    page.get_by_label("Trạng thái mới").select_option(label="Hoàn thành")
    page.get_by_label("Ghi chú").fill("Sở đã gửi văn bản; Văn phòng xác nhận.")
    page.get_by_role("button", name="Lưu cập nhật").click()
    expect(page.locator("#history")).to_contain_text("Văn phòng xác nhận")

    page.get_by_role("link", name="Bảng điều hành").click()
    assert count_on_dashboard(page, "overdue") == overdue_before - 1
    assert count_on_dashboard(page, "completed_late") == late_before + 1
    page.screenshot(path=str(ARTIFACTS / "office-dashboard.png"), full_page=True)


def test_a_leader_reads_everything_and_edits_nothing(page, demo):
    log_in(page, "lanhdao", PASSWORD)
    expect(page.get_by_role("heading", name="Bảng điều hành")).to_be_visible()
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.locator("#task-list").get_by_role("link", name=re.compile(r"^6\.2\.")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^6\.2\."))).to_be_visible()
    expect(page.get_by_role("button", name="Lưu cập nhật")).to_have_count(0)
    expect(page.get_by_role("link", name="Điều chỉnh nhiệm vụ")).to_have_count(0)
    response = page.goto(page.url + "edit/")
    assert response.status == 403


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("bqlkcn", "/my-tasks/"),
        ("vanphong", "/dashboard/"),
        ("vanphong", "/directives/?timeliness=overdue"),
        ("bqlkcn", "/notices/"),
    ],
)
def test_phone_width_pages_do_not_scroll_sideways(page, demo, username, path):
    page.set_viewport_size(PHONE)
    log_in(page, username, PASSWORD)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    link = page.locator("main a[href^='/directives/']").first
    if link.count():
        with page.expect_navigation(wait_until="load"):
            link.click()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_office_staff_list_a_notice_s_tasks_from_its_page_and_by_its_number(page, demo):
    from directives.models import Notice

    notice = Notice.objects.get()
    notice.number = "75/TB-UBND"  # the seed notice is a draft, without a number yet
    notice.save()
    tasks = Part.objects.filter(directive__notice=notice).count()
    log_in(page, "vanphong", PASSWORD)
    page.goto(f"/notices/{notice.pk}/")
    page.get_by_role("link", name=re.compile("Xem các nhiệm vụ này trong danh sách")).click()
    expect(page.locator("#id_notice")).to_have_value(str(notice.pk))
    expect(page.locator("#task-list tbody tr")).to_have_count(min(tasks, 25))

    page.goto("/directives/")
    page.get_by_text("Bộ lọc").click()
    page.get_by_label("Số hiệu thông báo").fill("75/tb")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.locator("#task-list tbody tr")).to_have_count(min(tasks, 25))
    page.get_by_label("Số hiệu thông báo").fill("không có số này")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(page.get_by_text("Không có nhiệm vụ nào phù hợp bộ lọc.")).to_be_visible()


def test_office_staff_open_the_overdue_tasks_and_a_task_s_whole_long_history(page, demo):
    from accounts.models import User
    from directives.services import record_progress

    part = Part.objects.filter(status="in_progress").order_by("pk").first()
    office = User.objects.get(username="vanphong")
    for report in range(1, 56):
        record_progress(
            part_id=part.pk, user=office, status="in_progress", note=f"Báo cáo tiến độ lần {report}"
        )
    entries = ProgressUpdate.objects.filter(part__directive=part.directive).count()
    log_in(page, "vanphong", PASSWORD)
    overdue = count_on_dashboard(page, "overdue")
    assert overdue > 0
    page.locator('[data-category="overdue"]').click()
    rows = page.locator("#task-list tbody tr")
    expect(rows).to_have_count(min(overdue, 25))
    expect(rows.filter(has_not_text="Quá hạn")).to_have_count(0)

    page.goto(f"/directives/{part.directive_id}/")
    history = page.locator("#history > li")
    expect(history).to_have_count(50)
    expect(history.first).to_contain_text("Báo cáo tiến độ lần 55")
    page.locator("#whole-history").click()
    expect(history).to_have_count(entries)
    expect(history.last).not_to_contain_text("Báo cáo tiến độ lần")
