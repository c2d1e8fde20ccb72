"""Extension requests in real Chromium: an agency head asks for more time with evidence, the office finds
the request in the dashboard's queue and approves it with the date it decides; another is refused."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Agency
from directives.choices import ExtensionRequestStatus, TaskStatus
from directives.models import ExtensionRequest, Part
from tests.browser.conftest import log_in
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory
from workdays.calendar import add_working_days

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]
PASSWORD = "demo12345"
# The Board's official letter asking for more time (its text, as the evidence the head attaches).
LETTER = (
    "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH\nSố: 245/BQL-QHXD\n"
    "V/v đề nghị gia hạn thời gian thực hiện nhiệm vụ\n"
)


@pytest.fixture
def board_tasks(roles):
    """The demo province, and two tasks of the Board due in 20 working days."""
    call_command("seed_demo")
    board = Agency.objects.get(name="Ban Quản lý các khu công nghiệp tỉnh")
    notice = NoticeFactory(
        number="58/TB-UBND", title="Kết luận của Chủ tịch UBND tỉnh về các khu công nghiệp"
    )
    due = add_working_days(timezone.localdate(), 20)
    parts = [
        PartFactory(
            directive=DirectiveFactory(notice=notice, number=number, title=title, deadline=due),
            agency=board,
            status=TaskStatus.IN_PROGRESS,
        )
        for number, title in [
            ("4.2", "Hoàn thành thủ tục mở rộng KCN Yên Lư"),
            ("3.2", "Đẩy nhanh giải phóng mặt bằng KCN Việt Hàn mở rộng"),
        ]
    ]
    return parts


def ask_for_more_time(page, part, proposed, reason, evidence_path):
    page.goto(f"/directives/{part.directive_id}/")
    page.get_by_text("Đề nghị gia hạn", exact=True).click()
    form = page.locator("form.extension-request-form")
    form.get_by_label("Thời hạn đề nghị").fill(proposed.strftime("%d/%m/%Y"))
    form.get_by_label("Lý do").fill(reason)
    form.get_by_label("Tệp minh chứng").set_input_files(str(evidence_path))
    form.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_text("Đề nghị gia hạn đã được gửi tới Văn phòng.")).to_be_visible()


def test_a_request_approved_and_another_refused(page, board_tasks, tmp_path):
    approved_part, refused_part = board_tasks
    due = approved_part.directive.deadline
    letter = tmp_path / "cong-van-245-bql-qhxd.pdf"
    letter.write_bytes(b"%PDF-1.4\n" + LETTER.encode())

    log_in(page, "bqlkcn", PASSWORD)
    ask_for_more_time(
        page, approved_part, due + timedelta(days=30), "Chờ Bộ Xây dựng thẩm định quy hoạch phân khu.", letter
    )
    history = page.locator("#history")
    expect(history).to_contain_text("Đề nghị gia hạn")
    expect(history).to_contain_text((due + timedelta(days=30)).strftime("%d/%m/%Y"))
    expect(history.get_by_role("link", name="cong-van-245-bql-qhxd.pdf")).to_be_visible()
    ask_for_more_time(page, refused_part, due + timedelta(days=60), "Thiếu kinh phí bồi thường.", letter)
    page.get_by_role("button", name="Đăng xuất").click()

    log_in(page, "vanphong", PASSWORD)
    page.goto("/dashboard/")
    queue = page.locator("#extension-queue")
    expect(queue.locator("tbody tr")).to_have_count(2)
    expect(queue).to_contain_text("Chờ Bộ Xây dựng thẩm định")
    queue.get_by_role("link", name="Hoàn thành thủ tục mở rộng KCN Yên Lư").click()

    granted = due + timedelta(days=20)  # the office decides less than was asked
    approval = page.locator("form.extension-approve")
    approval.get_by_label("Thời hạn được gia hạn").fill(granted.strftime("%d/%m/%Y"))
    approval.get_by_label("Quyết định").fill("Văn bản số 1234/UBND-KTN ngày 10/4/2024")
    approval.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page.get_by_text("Đã đồng ý gia hạn.")).to_be_visible()
    part_card = page.locator(f"#part-{approved_part.pk}")
    expect(part_card).to_contain_text(f"Thời hạn: {granted:%d/%m/%Y}")
    expect(page.locator("#history")).to_contain_text("Văn bản số 1234/UBND-KTN")
    expect(page.locator("form.extension-approve")).to_have_count(0)

    page.goto("/dashboard/")
    queue = page.locator("#extension-queue")
    expect(queue.locator("tbody tr")).to_have_count(1)
    queue.get_by_role("link", name="Đẩy nhanh giải phóng mặt bằng KCN Việt Hàn mở rộng").click()
    refusal = page.locator("form.extension-refuse")
    refusal.get_by_role("button", name="Không đồng ý").click()  # no reason yet: explained, nothing saved
    expect(page.locator("form.extension-refuse .field-errors")).to_be_visible()
    assert ExtensionRequest.objects.get(part=refused_part).is_pending
    refusal = page.locator("form.extension-refuse")
    refusal.get_by_label("Lý do không đồng ý").fill("Đề nghị bố trí kinh phí để hoàn thành đúng hạn.")
    refusal.get_by_role("button", name="Không đồng ý").click()
    expect(page.get_by_text("Đã không đồng ý đề nghị gia hạn.")).to_be_visible()
    expect(page.locator("#history")).to_contain_text("Không đồng ý gia hạn")
    expect(page.locator(f"#part-{refused_part.pk}")).to_contain_text(f"Thời hạn: {due:%d/%m/%Y}")

    page.goto("/dashboard/")
    expect(page.get_by_text("Không có đề nghị gia hạn nào đang chờ.")).to_be_visible()
    statuses = dict(ExtensionRequest.objects.values_list("part_id", "status"))
    assert statuses == {
        approved_part.pk: ExtensionRequestStatus.APPROVED,
        refused_part.pk: ExtensionRequestStatus.REFUSED,
    }
    assert Part.objects.get(pk=approved_part.pk).effective_deadline == granted
    assert Part.objects.get(pk=refused_part.pk).effective_deadline == due
