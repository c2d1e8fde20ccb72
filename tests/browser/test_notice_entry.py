"""Office staff enter a notice by hand, and correct a misread agency name on the review page of an upload."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Directive, Notice
from tests.browser.conftest import ARTIFACTS, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def office_user(roles, registry):
    return UserFactory(
        username="vanphong",
        agency=Agency.objects.get(name="Văn phòng UBND tỉnh"),
        role=roles[Role.OFFICE_STAFF],
        password="mat-khau-2024",
    )


def review_ready(page):
    """The page's script has run (it is deferred): the pickers and row buttons are in place."""
    expect(page.locator("#review-form.enhanced")).to_have_count(1)


def row(page, number):
    return page.locator(f'[data-task-row][data-item="{number}"]')


def pick_agency(row_locator, label, typed, name):
    """Type part of a name (without accents) into a task's picker and choose the agency it offers."""
    search = row_locator.get_by_label(label, exact=True)
    search.fill(typed)
    row_locator.get_by_role("option", name=name, exact=True).click()
    expect(row_locator.locator(".chip", has_text=name)).to_be_visible()


def test_enter_a_notice_with_three_tasks_by_hand_and_find_them(page, office_user):
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/")
    page.get_by_role("link", name="Nhập thông báo thủ công").click()
    expect(page.get_by_role("heading", name="Nhập thông báo thủ công")).to_be_visible()
    review_ready(page)

    header = page.locator("#notice-header")
    header.get_by_label("Số hiệu", exact=True).fill("25/TB-UBND")
    header.get_by_label("Địa danh").fill("Bắc Giang")
    header.get_by_label("Ngày ban hành").fill("02/04/2024")
    header.get_by_label("Trích yếu").fill("Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về đất đai")
    header.get_by_label("Ngày họp").fill("28/03/2024")
    header.get_by_label("Người chủ trì cuộc họp").fill("Lê Ánh Dương")
    header.get_by_label("Người ký", exact=True).fill("Phạm Văn Đà")

    # Item 1: a heading over a task.
    heading = row(page, "1")
    heading.get_by_label("Chỉ là đề mục").check()
    heading.get_by_label("Trích yếu").fill("Về công tác giải phóng mặt bằng")
    expect(heading.get_by_label("Cơ quan chủ trì", exact=True)).to_be_hidden()

    # Item 2, added, becomes 1.1 under the heading.
    page.get_by_role("button", name="Thêm mục").click()
    task = row(page, "2")
    task.get_by_label("Số hiệu").fill("1.1")
    task = row(page, "1.1")
    task.get_by_label("Thuộc mục").fill("1")
    task.get_by_label("Nội dung nguyên văn").fill(
        "UBND huyện Hiệp Hòa chủ trì, phối hợp với Sở Tài nguyên và Môi trường hoàn thành bồi thường, "
        "giải phóng mặt bằng khu công nghiệp Hòa Phú mở rộng."
    )
    pick_agency(task, "Cơ quan chủ trì", "hiep hoa", "UBND huyện Hiệp Hòa")
    pick_agency(task, "Cơ quan phối hợp", "tai nguyen", "Sở Tài nguyên và Môi trường")
    task.get_by_label("Thời hạn", exact=True).fill("30/06/2024")
    task.get_by_label("Thời hạn theo văn bản").fill("xong trong tháng 6/2024")

    # Two more tasks, added in the wrong order and put right with the arrows.
    page.get_by_role("button", name="Thêm mục").click()
    third = row(page, "2")
    third.get_by_label("Số hiệu").fill("3")
    third = row(page, "3")
    third.get_by_label("Trích yếu").fill("Báo cáo tiến độ giải ngân vốn đầu tư công")
    pick_agency(third, "Cơ quan chủ trì", "tai chinh", "Sở Tài chính")
    third.get_by_label("Tính định kỳ").select_option(label="Hằng tháng")
    third.get_by_label("Thời hạn theo văn bản").fill("Hằng tháng")

    page.get_by_role("button", name="Thêm mục").click()
    second = row(page, "4")
    second.get_by_label("Số hiệu").fill("2")
    second = row(page, "2")
    second.get_by_label("Trích yếu").fill("Rà soát quy hoạch sử dụng đất các khu công nghiệp")
    pick_agency(second, "Cơ quan chủ trì", "xay dung", "Sở Xây dựng")
    second.get_by_role("button", name="Chuyển lên").click()
    numbers = page.locator("[data-task-row]").evaluate_all("rows => rows.map(row => row.dataset.item)")
    assert numbers == ["1", "1.1", "2", "3"]
    page.screenshot(path=str(ARTIFACTS / "notice-entry-filled.png"), full_page=True)

    page.get_by_role("button", name="Lưu thông báo").click()
    expect(page.get_by_text("Đã lưu thông báo với 3 nhiệm vụ.")).to_be_visible()
    notice = Notice.objects.get()
    assert notice.number == "25/TB-UBND" and notice.issued_on == date(2024, 4, 2)
    assert notice.source_text == ""
    items = list(notice.directives.order_by("position").values_list("number", "parent__number", "is_heading"))
    assert items == [("1", None, True), ("1.1", "1", False), ("2", None, False), ("3", None, False)]
    nested = notice.directives.get(number="1.1")
    assert [part.agency.name for part in nested.parts.all()] == ["UBND huyện Hiệp Hòa"]
    assert [agency.name for agency in nested.supporting_agencies.all()] == ["Sở Tài nguyên và Môi trường"]
    assert nested.deadline == date(2024, 6, 30)
    assert nested.title.startswith("UBND huyện Hiệp Hòa chủ trì")
    assert notice.directives.get(number="3").recurrence == "monthly"

    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Nhiệm vụ").click()
    task_list = page.locator("#task-list")
    for title in (
        "UBND huyện Hiệp Hòa chủ trì",
        "Rà soát quy hoạch sử dụng đất",
        "Báo cáo tiến độ giải ngân",
    ):
        expect(task_list.get_by_role("link", name=title, exact=False)).to_be_visible()
    page.get_by_text("Bộ lọc", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("hoa phu mo rong")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(task_list.get_by_role("link", name="UBND huyện Hiệp Hòa chủ trì", exact=False)).to_be_visible()
    expect(task_list.get_by_text("Rà soát quy hoạch sử dụng đất")).to_have_count(0)


def test_a_misread_agency_name_is_corrected_then_mapped(page, office_user, tmp_path):
    # The seed notice as a poor scan reads it: one letter of an agency's name is wrong.
    misread = DEMO_NOTICE_FILE.read_text("utf-8").replace("- Sở Tài chính chủ trì", "- Sở Tài chímh chủ trì")
    assert "Sở Tài chímh" in misread
    document = tmp_path / "thong-bao-quet.txt"
    document.write_text(misread, encoding="utf-8")

    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(document))
    page.get_by_role("button", name="Đọc thông báo").click()
    expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible()
    review_ready(page)

    # Each task shows the sentence it was read from.
    expect(row(page, "6.4").locator(".source-sentence")).to_contain_text("Sở Tài chímh chủ trì")
    unknown = page.locator("[data-agency-row]", has_text="Sở Tài chímh")
    expect(unknown).to_have_count(1)
    unknown.get_by_label("Tên").fill("Sở Tài chính")
    picker = unknown.get_by_label("Xử lý", exact=True)
    # The corrected name filters the registry: the agency it means is left to choose.
    visible = picker.locator("optgroup option:not([hidden])")
    expect(visible).to_have_text(["Sở Tài chính"])
    picker.select_option(label="Sở Tài chính")
    unknown.screenshot(path=str(ARTIFACTS / "notice-review-misread-agency.png"))
    page.get_by_role("button", name="Lưu thông báo").click()

    expect(page.get_by_text("Đã nhập thông báo với 15 nhiệm vụ.")).to_be_visible()
    task = Notice.objects.get().directives.get(number="6.4")
    assert [part.agency.name for part in task.parts.all()] == ["Sở Tài chính"]
    assert not Agency.objects.filter(name="Sở Tài chímh").exists()


def test_an_error_names_its_item_and_comes_into_view(page, office_user):
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(DEMO_NOTICE_FILE))
    page.get_by_role("button", name="Đọc thông báo").click()
    review_ready(page)
    task = row(page, "6.3")
    task.locator(".chip-remove").first.click()
    task.get_by_label("Trích yếu").fill("Tiêu đề đã sửa")
    page.get_by_role("button", name="Lưu thông báo").click()
    review_ready(page)

    summary = page.locator("#review-errors")
    expect(summary).to_contain_text("Mục 6.3")
    expect(summary).to_contain_text("Cơ quan chủ trì")
    task = row(page, "6.3")
    expect(task.locator(".field-errors")).to_contain_text("chọn ít nhất một cơ quan chủ trì")
    expect(task.get_by_label("Trích yếu")).to_have_value("Tiêu đề đã sửa")
    # The page opened on the item to correct, not at its top.
    assert page.evaluate("window.scrollY") > 1000
    box = task.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    page.screenshot(path=str(ARTIFACTS / "notice-review-error.png"))
    assert Directive.objects.count() == 0


def twenty_five_items() -> str:
    """The seed notice with item (6)'s bullets said again (one of them thrice): 25 items, real sentences."""
    text = DEMO_NOTICE_FILE.read_text("utf-8")
    closing = "Yêu cầu cơ quan, đơn vị, địa phương triển khai"
    body = text[: text.index(closing)]
    bullets = [line for line in body.splitlines() if line.startswith(("- Sở ", "- UBND các huyện"))]
    assert len(bullets) == 5
    bullets = (bullets + bullets)[:6]
    return text.replace(closing, "\n\n".join(bullets) + "\n\n" + closing, 1)


def test_a_25_item_review_is_compact(page, office_user, tmp_path):
    """Each item is one compact row with its source sentence beside it: 25 of them stay under 15,000 px."""
    document = tmp_path / "thong-bao-25.txt"
    document.write_text(twenty_five_items(), encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "vanphong", "mat-khau-2024")
    page.goto("/notices/import/")
    page.get_by_label("Tệp thông báo").set_input_files(str(document))
    page.get_by_role("button", name="Đọc thông báo").click()
    expect(page.get_by_role("heading", name="Rà soát thông báo nhập vào")).to_be_visible()
    review_ready(page)
    rows = page.locator("[data-task-row]").count()
    assert rows >= 25
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 15_000 * rows / 25, height
    page.screenshot(path=str(ARTIFACTS / "notice-review-25-items.png"), full_page=True)


def test_the_entry_page_works_without_javascript(browser, live_server, office_user):
    """Without the page's script: agencies typed one per line, an item added by the server, then saved."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "vanphong", "mat-khau-2024")
        page.goto("/notices/new/")
        page.locator("#notice-header").get_by_label("Trích yếu").fill("Kết luận về cải cách hành chính")
        first = row(page, "1")
        first.get_by_label("Trích yếu").fill("Rà soát thủ tục hành chính")
        first.get_by_label("Cơ quan chủ trì").fill("Sở Tài chính\nSở Nội vụ")
        page.get_by_role("button", name="Thêm mục").click()
        second = row(page, "2")
        expect(first.get_by_label("Trích yếu")).to_have_value("Rà soát thủ tục hành chính")
        second.get_by_label("Trích yếu").fill("Báo cáo kết quả hằng quý")
        second.get_by_label("Cơ quan chủ trì").fill("Văn phòng UBND tỉnh")
        second.get_by_label("Tính định kỳ").select_option(label="Hằng quý")
        page.screenshot(path=str(ARTIFACTS / "notice-entry-without-javascript.png"), full_page=True)
        page.get_by_role("button", name="Lưu thông báo").click()
        expect(page.get_by_text("Đã lưu thông báo với 2 nhiệm vụ.")).to_be_visible()
    finally:
        context.close()
    first = Directive.objects.get(number="1")
    assert sorted(part.agency.name for part in first.parts.all()) == ["Sở Nội vụ", "Sở Tài chính"]
    assert Directive.objects.get(number="2").recurrence == "quarterly"
