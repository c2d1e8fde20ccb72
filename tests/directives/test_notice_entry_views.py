"""Entering a notice by hand on the review page, and the page's answer to any data posted to it."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Directive, Notice, Part
from tests.directives.test_import_views import form_data, task_index

pytestmark = pytest.mark.django_db

NEW_URL = "/notices/new/"
CONFIRM_URL = "/notices/import/confirm/"
IMPORT_URL = "/notices/import/"

# Real task sentences of the seed notice (Bắc Giang, 2024), with the lead each names.
SEED_TASKS = [
    (
        "Sở Công Thương chủ trì, phối hợp với cơ quan liên quan tích cực tham mưu các giải pháp trước mắt và "
        "lâu dài đảm bảo cung cấp điện phục vụ cho các khu công nghiệp trên địa bàn tỉnh.",
        "Sở Công Thương",
    ),
    (
        "Sở Tài nguyên và Môi trường rà soát những nội dung liên quan đến lĩnh vực tài nguyên và môi trường, "
        "có văn bản gửi Ban Quản lý các khu công nghiệp tỉnh trong tháng 3/2024.",
        "Sở Tài nguyên và Môi trường",
    ),
    (
        "Sở Tài chính chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông thôn hướng dẫn thực hiện "
        "nhiệm vụ đặt hàng, lập dự toán, sử dụng kinh phí cho việc tiêu thoát nước các khu công nghiệp.",
        "Sở Tài chính",
    ),
]


@pytest.fixture
def office_client(client, office_staff):
    client.force_login(office_staff)
    return client


def header(**values):
    data = {
        "notice-number": "25/TB-UBND",
        "notice-kind": "conclusion_notice",
        "notice-title": "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về đất đai",
        "notice-issuing_authority": "",
        "notice-place": "Bắc Giang",
        "notice-issued_on": "02/04/2024",
        "notice-meeting_on": "28/03/2024",
        "notice-chaired_by": "Lê Ánh Dương",
        "notice-signed_by": "Phạm Văn Đà",
        "notice-signer_title": "",
        "notice-source_text": "",
    }
    return {**data, **values}


def entry(tasks, **header_values):
    """What the entry page posts without JavaScript: the header, then one row per item."""
    data = {
        **header(**header_values),
        "task-TOTAL_FORMS": str(len(tasks)),
        "task-INITIAL_FORMS": "0",
        "task-MIN_NUM_FORMS": "0",
        "task-MAX_NUM_FORMS": "1000",
        "agency-TOTAL_FORMS": "0",
        "action": "confirm",
    }
    for index, task in enumerate(tasks):
        row = {
            "number": "",
            "parent": "",
            "title": "",
            "text": "",
            "lead": "",
            "support": "",
            "deadline": "",
            "deadline_text": "",
            "recurrence": "none",
            "flags": "",
            "ORDER": str(index + 1),
            **task,
        }
        if row.pop("is_heading", False):
            row["is_heading"] = "on"
        data.update({f"task-{index}-{name}": value for name, value in row.items()})
    return data


THREE_TASKS = [
    {"number": "1", "is_heading": True, "title": "Về công tác giải phóng mặt bằng"},
    {
        "number": "1.1",
        "parent": "1",
        "text": "UBND huyện Hiệp Hòa chủ trì hoàn thành giải phóng mặt bằng khu công nghiệp Hòa Phú mở rộng.",
        "lead": "UBND huyện Hiệp Hòa",
        "support": "Sở TN&MT",
        "deadline": "30/06/2024",
        "deadline_text": "xong trong tháng 6/2024",
    },
    {"number": "2", "title": "Rà soát quy hoạch sử dụng đất", "lead": "sở xây dựng"},
    {"number": "3", "title": "Báo cáo tiến độ giải ngân", "lead": "Sở Tài chính", "recurrence": "monthly"},
]


def test_the_entry_page_is_the_review_page_blank(registry, office_client):
    response = office_client.get(NEW_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập thông báo thủ công" in page
    review = response.context["review"]
    assert review.manual and len(review.tasks.forms) == 1
    # The registry is in the page once, for the picker; each task carries only its own agencies.
    assert page.count('<option value="Sở Tài chính"') == 1
    assert 'src="/static/js/notice_review.js"' in page
    assert "<script>" not in page and " onclick=" not in page and " onchange=" not in page


def test_a_notice_entered_by_hand_is_saved_with_its_heading_and_nested_task(registry, office_client):
    response = office_client.post(CONFIRM_URL, entry(THREE_TASKS))
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/notices/{notice.pk}/"
    assert notice.source_text == "" and notice.issued_on == date(2024, 4, 2)
    assert list(notice.directives.order_by("position").values_list("number", "parent__number")) == [
        ("1", None),
        ("1.1", "1"),
        ("2", None),
        ("3", None),
    ]
    nested = notice.directives.get(number="1.1")
    # A task typed without a title takes the first line of its text.
    assert nested.title.startswith("UBND huyện Hiệp Hòa chủ trì")
    # Names are matched to the registry like a notice's: abbreviations and lower case too.
    assert [agency.name for agency in nested.supporting_agencies.all()] == ["Sở Tài nguyên và Môi trường"]
    assert notice.directives.get(number="2").parts.get().agency.name == "Sở Xây dựng"
    assert notice.directives.get(number="3").recurrence == "monthly"
    assert Part.objects.count() == 3
    page = office_client.get(response["Location"]).content.decode()
    assert "Đã lưu thông báo với 3 nhiệm vụ." in page


def test_rows_are_saved_in_the_order_set_and_empty_or_left_out_rows_are_not(registry, office_client):
    tasks = [
        {**THREE_TASKS[2], "ORDER": "3"},
        {**THREE_TASKS[3], "ORDER": "2"},
        {"number": "9", "title": "Bỏ mục này", "lead": "Sở Tài chính", "DELETE": "on"},
        {"number": "10"},
    ]
    assert office_client.post(CONFIRM_URL, entry(tasks)).status_code == 302
    assert list(Directive.objects.order_by("position").values_list("number", flat=True)) == ["3", "2"]


def test_adding_a_row_without_javascript_keeps_everything_typed(registry, office_client):
    data = entry(THREE_TASKS[:2], **{"notice-title": "Tiêu đề đang gõ"})
    data["action"] = "add_task"
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    review = response.context["review"]
    assert len(review.tasks.forms) == 3
    assert review.tasks.forms[2]["number"].value() == "2"
    page = response.content.decode()
    assert "Tiêu đề đang gõ" in page and "xong trong tháng 6/2024" in page
    # Nothing is checked yet: the new row is not an error.
    assert "field-errors" not in page
    assert not Notice.objects.exists()


def test_errors_name_their_item_and_keep_what_was_typed(registry, office_client):
    tasks = [
        {"number": "1", "title": "Không có cơ quan chủ trì"},
        {"number": "2", "title": "Số trùng", "lead": "Sở Tài chính"},
        {"number": "2", "title": "Số trùng lần hai", "lead": "Sở Tài chính", "parent": "7"},
        {"number": "3", "lead": "Sở Tài chính", "deadline": "31/02/2024"},
    ]
    response = office_client.post(CONFIRM_URL, entry(tasks, **{"notice-title": ""}))
    assert response.status_code == 400
    summary = {label: messages for _anchor, label, messages in response.context["review"].error_summary()}
    assert "Trích yếu" in " ".join(summary["Thông báo"])
    assert "cơ quan chủ trì" in " ".join(summary["Mục 1"])
    assert "Đã có mục khác mang số 2." in " ".join(summary["Mục 2"])
    assert "Không có mục nào mang số 7." in " ".join(summary["Mục 2"])
    assert any("Thời hạn" in message for message in summary["Mục 3"])
    assert any("nội dung" in message for message in summary["Mục 3"])
    page = response.content.decode()
    assert 'href="#task-0"' in page and 'id="task-0"' in page
    assert "Số trùng lần hai" in page and "31/02/2024" in page
    assert not Notice.objects.exists()


def test_a_name_the_registry_does_not_know_is_asked_about_then_created_as_corrected(registry, office_client):
    tasks = [{"number": "1", "title": "Kiểm tra an toàn thực phẩm", "lead": "Sở Y tê tỉnh Bắc Giang"}]
    response = office_client.post(CONFIRM_URL, entry(tasks))
    assert response.status_code == 400
    [agency] = response.context["review"].agencies
    assert agency["original"].value() == "Sở Y tê tỉnh Bắc Giang"
    assert "Sở Y tê tỉnh Bắc Giang" in response.content.decode()

    data = entry(tasks)
    data.update(
        {
            "agency-TOTAL_FORMS": "1",
            "agency-0-original": "Sở Y tê tỉnh Bắc Giang",
            "agency-0-name": "Sở Y tế",
            "agency-0-resolution": "create",
            "agency-0-kind": "department",
        }
    )
    assert office_client.post(CONFIRM_URL, data).status_code == 302
    assert Directive.objects.get().parts.get().agency.name == "Sở Y tế"
    assert not Agency.objects.filter(name="Sở Y tê tỉnh Bắc Giang").exists()


def test_a_corrected_name_the_registry_knows_means_that_agency(registry, office_client):
    misread = DEMO_NOTICE_FILE.read_text("utf-8").replace("- Sở Tài chính chủ trì", "- Sở Tài chímh chủ trì")
    response = office_client.post(IMPORT_URL, {"document": SimpleUploadedFile("tb.txt", misread.encode())})
    review = response.context["review"]
    assert [form["original"].value() for form in review.agencies] == ["Sở Tài chímh"]
    data = form_data(review)
    data["agency-0-name"] = "Sở Tài chính"
    agencies = Agency.objects.count()
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 302
    assert Directive.objects.get(number="6.4").parts.get().agency.name == "Sở Tài chính"
    assert Agency.objects.count() == agencies


def test_a_task_of_the_import_shows_its_source_sentence(registry, office_client):
    response = office_client.post(
        IMPORT_URL, {"document": SimpleUploadedFile("tb.txt", DEMO_NOTICE_FILE.read_bytes())}
    )
    page = response.content.decode()
    assert page.count('class="source-sentence"') == 19
    assert "Nguyên văn trong văn bản" in page


def post_form(client, url, data):
    """Post as the page's form does: urlencoded (the test client's default is multipart)."""
    body = urlencode(data, doseq=True)
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def test_a_notice_of_300_tasks_is_confirmed(registry, office_client):
    tasks = [
        {"number": str(index + 1), "text": text, "lead": lead, "deadline_text": "trong tháng 3/2024"}
        for index, (text, lead) in enumerate(SEED_TASKS[index % 3] for index in range(300))
    ]
    data = entry(tasks)
    assert len(data) > 3 * settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    response = post_form(office_client, CONFIRM_URL, data)
    assert response.status_code == 302, response.context["review"].error_summary()[:3]
    assert Directive.objects.count() == 300
    assert Part.objects.filter(agency__name="Sở Tài chính").count() == 100


def test_a_notice_of_300_uploaded_items_comes_back_whole_after_an_error(registry, office_client):
    tasks = [{"number": str(index + 1), "text": SEED_TASKS[0][0], "lead": ""} for index in range(300)]
    response = post_form(office_client, CONFIRM_URL, entry(tasks))
    assert response.status_code == 400
    assert len(response.context["review"].error_summary()) == 300


def test_the_review_refuses_more_fields_than_its_own_limit(office_client):
    data = {f"field-{index}": "x" for index in range(40_000)}
    response = post_form(office_client, CONFIRM_URL, data)
    assert response.status_code == 400
    assert "Biểu mẫu có hơn" in response.content.decode()


def test_other_pages_keep_the_global_field_limit(office_client):
    data = {f"field-{index}": "x" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}
    assert office_client.post(IMPORT_URL, data).status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"task-TOTAL_FORMS": None},
        {"task-TOTAL_FORMS": "abc"},
        {"task-TOTAL_FORMS": "99999999999"},
        {"task-TOTAL_FORMS": "-3"},
        {"task-INITIAL_FORMS": "5"},
        {"agency-TOTAL_FORMS": "x"},
        {"agency-TOTAL_FORMS": "10000000"},
    ],
)
def test_a_damaged_management_form_answers_400_with_a_message(registry, office_client, change):
    data = entry(THREE_TASKS)
    for key, value in change.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 400
    assert "Biểu mẫu rà soát gửi lên bị thiếu hoặc hỏng" in response.content.decode() or (
        "Một thông báo có tối đa 1000 mục." in response.content.decode()
    )
    assert not Notice.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"task-1-lead": "x" * 300},
        {"task-1-lead": "\n".join(f"Cơ quan {index}" for index in range(100))},
        {"task-1-number": "1" * 50},
        {"task-1-recurrence": "hourly"},
        {"task-1-deadline": "2024-13-45"},
        {"task-1-flags": "{not json"},
        {"task-1-ORDER": "first"},
        {"task-1-text": "chứa \x00 ký tự rỗng"},
        {"notice-kind": "forged"},
        {"notice-source_text": "x" * 10},
        {"agency-TOTAL_FORMS": "1", "agency-0-original": "Sở Y tế", "agency-0-resolution": "999999"},
        {"agency-TOTAL_FORMS": "3"},
        {"task-2-parent": "2"},
    ],
)
def test_forged_fields_answer_400_never_500(registry, office_client, change):
    data = entry(THREE_TASKS)
    data.update(change)
    if "agency-0-original" in data:
        data["task-1-lead"] = "Sở Y tế"
    response = office_client.post(CONFIRM_URL, data)
    if response.status_code == 302:
        # Harmless: a flag not in JSON is dropped, a source text kept, agency rows nobody needs ignored.
        assert next(iter(change)) in ("task-1-flags", "notice-source_text", "agency-TOTAL_FORMS")
        return
    assert response.status_code == 400
    assert response.context["review"].error_summary()


def test_duplicated_fields_take_the_last_value(registry, office_client):
    data = [*entry(THREE_TASKS).items(), ("task-1-deadline", "15/07/2024"), ("task-1-number", "1.1")]
    response = office_client.post(
        CONFIRM_URL, urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert Directive.objects.get(number="1.1").deadline == date(2024, 7, 15)


def test_the_confirmation_still_checks_csrf(registry, office_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office_staff)
    assert client.post(CONFIRM_URL, entry(THREE_TASKS)).status_code == 403
    page = client.get(NEW_URL)
    token = page.context["csrf_token"]
    response = client.post(CONFIRM_URL, {**entry(THREE_TASKS), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert Notice.objects.count() == 1


def test_only_the_office_enters_or_confirms(registry, client, agency_staff):
    client.force_login(agency_staff)
    assert client.get(NEW_URL).status_code == 403
    assert client.post(CONFIRM_URL, entry(THREE_TASKS)).status_code == 403
    assert not Notice.objects.exists()


def test_links_to_manual_entry(registry, office_client):
    assert 'href="/notices/new/"' in office_client.get("/notices/").content.decode()
    assert 'href="/notices/new/"' in office_client.get(IMPORT_URL).content.decode()


def test_a_document_that_assigns_nothing_offers_manual_entry(registry, office_client):
    letter = "Kính gửi các sở. Đề nghị báo cáo tình hình.".encode()
    response = office_client.post(IMPORT_URL, {"document": SimpleUploadedFile("letter.txt", letter)})
    assert response.context["form"].assigns_nothing
    page = response.content.decode()
    errors = page[page.index('class="errors"') :]
    assert 'href="/notices/new/"' in errors[: errors.index("</div>")]


def test_the_seed_review_posts_back_and_an_item_can_be_moved(registry, office_client):
    review = office_client.post(
        IMPORT_URL, {"document": SimpleUploadedFile("tb.txt", DEMO_NOTICE_FILE.read_bytes())}
    ).context["review"]
    data = form_data(review)
    # The person moves item 2 to the end.
    data[f"task-{task_index(data, '2')}-ORDER"] = "99"
    assert office_client.post(CONFIRM_URL, data).status_code == 302
    numbers = list(Directive.objects.order_by("position").values_list("number", flat=True))
    assert numbers[-1] == "2" and numbers[:4] == ["1", "1.1", "1.2", "1.3"]
