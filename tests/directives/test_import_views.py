"""Importing in the browser: upload, review every task, confirm (all or nothing)."""

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Directive, Notice, Part

pytestmark = pytest.mark.django_db

SEED = DEMO_NOTICE_FILE
IMPORT_URL = "/notices/import/"
CONFIRM_URL = "/notices/import/confirm/"


@pytest.fixture
def office_client(client, office_staff):
    client.force_login(office_staff)
    return client


def upload(client, name, content):
    return client.post(IMPORT_URL, {"document": SimpleUploadedFile(name, content)})


def form_data(review):
    """What the browser would post back from the review page, unchanged."""
    data = {}
    header = review.header
    for name in header.fields:
        data[header.add_prefix(name)] = header[name].value() or ""
    data["agency-TOTAL_FORMS"] = len(review.agencies)
    management = review.tasks.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = management[name].value()
    for form in [*review.agencies, *review.tasks.forms]:
        for name in form.fields:
            value = form[name].value()
            if name in ("is_heading", "DELETE"):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if hasattr(value, "strftime"):
                value = value.strftime("%d/%m/%Y")
            data[form.add_prefix(name)] = form.fields[name].prepare_value(value) if value is not None else ""
    return data


def task_index(data, number):
    return next(
        key.split("-")[1] for key, value in data.items() if key.endswith("-number") and value == number
    )


def test_upload_review_edit_and_confirm_the_seed_notice(registry, office_client):
    response = upload(office_client, "thong-bao.txt", SEED.read_bytes())
    assert response.status_code == 200
    assert response.templates[0].name == "directives/notice_import_review.html"
    review = response.context["review"]
    assert len(review.tasks.forms) == 19
    assert not Notice.objects.exists()

    data = form_data(review)
    index = task_index(data, "6.2")
    data[f"task-{index}-deadline"] = "30/06/2024"
    response = office_client.post(CONFIRM_URL, data)

    notice = Notice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:notice_detail", args=[notice.pk])
    assert notice.directives.get(number="6.2").deadline == date(2024, 6, 30)
    assert notice.directives.get(number="6.2").deadline_text == "mùa hè năm 2024"
    assert notice.directives.tasks().count() == 15
    assert Part.objects.filter(directive__notice=notice).count() == 18
    page = office_client.get(response["Location"])
    assert "30/06/2024" in page.content.decode()
    assert "UBND thị xã Việt Yên" in page.content.decode() or "UBND Việt Yên" in page.content.decode()


def test_unknown_agencies_are_mapped_or_confirmed_never_created_silently(office_client):
    Agency.objects.create(name="Ban Quản lý các khu công nghiệp tỉnh", short_name="BQL KCN")
    finance = Agency.objects.create(name="Sở Tài chính")
    agencies_before = Agency.objects.count()
    review = upload(office_client, "tb.txt", SEED.read_bytes()).context["review"]
    names = [form["name"].value() for form in review.agencies]
    assert "Sở Công Thương" in names

    data = form_data(review)
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 400
    assert not Notice.objects.exists()
    assert Agency.objects.count() == agencies_before

    for form in review.agencies:
        key = form.add_prefix("resolution")
        data[key] = str(finance.pk) if form["name"].value() == "Sở Kế hoạch và Đầu tư" else "create"
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 302
    assert Notice.objects.get().directives.get(number="6.1").parts.get().agency == finance
    assert Agency.objects.filter(name="Sở Công Thương", kind="department").exists()
    assert not Agency.objects.filter(name="Sở Kế hoạch và Đầu tư").exists()


def test_an_invalid_review_comes_back_with_what_was_typed(registry, office_client):
    review = upload(office_client, "tb.txt", SEED.read_bytes()).context["review"]
    data = form_data(review)
    index = task_index(data, "6.3")
    data[f"task-{index}-lead"] = []
    data[f"task-{index}-deadline"] = "31/02/2024"
    data[f"task-{index}-title"] = "Tiêu đề đã sửa"
    response = office_client.post(CONFIRM_URL, data)
    assert response.status_code == 400
    form = response.context["review"].tasks.forms[int(index)]
    assert "lead" in form.errors and "deadline" in form.errors
    assert 'value="Tiêu đề đã sửa"' in response.content.decode()
    assert not Notice.objects.exists()


def test_a_notice_imported_before_is_recognised_at_upload(registry, office_client):
    review = upload(office_client, "tb.txt", SEED.read_bytes()).context["review"]
    office_client.post(CONFIRM_URL, form_data(review))
    response = upload(office_client, "again.txt", SEED.read_bytes())
    assert response.status_code == 200
    assert response.context["existing"] == Notice.objects.get()
    assert Directive.objects.count() == 19


def docx_bytes(paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_file_is_read(registry, office_client):
    content = docx_bytes(SEED.read_text("utf-8").split("\n\n"))
    response = upload(office_client, "thong-bao.docx", content)
    assert response.status_code == 200
    assert len(response.context["review"].tasks.forms) == 19


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        ("letter.txt", "Kính gửi các sở. Đề nghị báo cáo tình hình.".encode()),
        ("broken.docx", b"PK\x03\x04 this is not a real Word file"),
        ("latin1.txt", "Th\xf4ng b\xe1o".encode("latin-1") + b"\xff\xfe\x00"),
    ],
)
def test_bad_files_get_a_message_and_nothing_is_written(office_client, name, content):
    response = upload(office_client, name, content)
    assert response.status_code == 200
    assert response.templates[0].name == "directives/notice_import.html"
    assert response.context["form"].errors
    assert not Notice.objects.exists()


def test_an_oversized_file_is_refused(office_client):
    response = upload(office_client, "big.txt", b"(1) " + b"x" * (10 * 1024 * 1024 + 1))
    assert response.context["form"].non_field_errors()
    assert not Notice.objects.exists()


def test_pasted_text_works_and_both_or_neither_are_refused(registry, office_client):
    response = office_client.post(IMPORT_URL, {"text": SEED.read_text("utf-8")})
    assert response.templates[0].name == "directives/notice_import_review.html"
    assert office_client.post(IMPORT_URL, {}).context["form"].non_field_errors()
    both = office_client.post(
        IMPORT_URL, {"text": "(1) Việc", "document": SimpleUploadedFile("a.txt", b"(1) Viec")}
    )
    assert both.context["form"].non_field_errors()


def test_the_upload_page_is_in_vietnamese(office_client):
    page = office_client.get(IMPORT_URL).content.decode()
    assert "Nhập thông báo" in page or "thông báo" in page
