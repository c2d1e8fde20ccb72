"""Uploaded files behind permission checks, under unguessable names, validated; exports that run nothing."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.choices import TaskStatus, UpdateKind
from directives.models import ProgressUpdate
from tasktracker.spreadsheets import inert_cell
from tests.factories import DirectiveFactory, NoticeFactory, PartFactory

pytestmark = pytest.mark.django_db
RANDOM_FOLDER = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}/bao-cao-quy-1.pdf$")


def record_evidence(part, name="bao-cao-quy-1.pdf", content=b"%PDF-1.4 bao cao"):
    return ProgressUpdate.objects.create(
        part=part,
        kind=UpdateKind.PROGRESS,
        status_before=TaskStatus.NOT_STARTED,
        status_after=TaskStatus.IN_PROGRESS,
        note="Đã gửi báo cáo",
        evidence=ContentFile(content, name=name),
    )


def test_evidence_is_stored_under_a_random_folder_and_keeps_its_name(agency):
    part = PartFactory(agency=agency)
    first, second = record_evidence(part), record_evidence(part)
    assert RANDOM_FOLDER.match(first.evidence.name), first.evidence.name
    assert RANDOM_FOLDER.match(second.evidence.name)
    assert first.evidence.name != second.evidence.name
    assert first.evidence_filename == "bao-cao-quy-1.pdf"


def test_a_long_or_odd_file_name_is_made_safe_and_short(agency):
    update = record_evidence(PartFactory(agency=agency), name="../../Báo cáo " + "rất dài " * 20 + ".pdf")
    assert len(update.evidence.name) <= 100
    assert ".." not in update.evidence.name
    assert update.evidence_filename.endswith(".pdf")


@pytest.mark.parametrize(
    ("field", "name", "accepted"),
    [
        ("source_file", "thong-bao.docx", True),
        ("source_file", "thong-bao.pdf", True),
        ("source_file", "thong-bao.svg", False),
        ("source_file", "thong-bao.html", False),
        ("evidence", "bao-cao.xlsx", True),
        ("evidence", "anh.svg", False),
        ("evidence", "trang.htm", False),
    ],
)
def test_every_file_field_validates_what_is_uploaded(agency, field, name, accepted):
    """The model fields carry the validators, so the admin and every model form check the same."""
    upload = SimpleUploadedFile(name, b"<svg onload=alert(1)>")
    if field == "source_file":
        record = NoticeFactory.build(source_file=upload)
        exclude = []
    else:
        record = ProgressUpdate(part=PartFactory(agency=agency), evidence=upload)
        exclude = ["status_before", "status_after"]
    if accepted:
        record.full_clean(exclude=exclude)
    else:
        with pytest.raises(ValidationError) as refused:
            record.full_clean(exclude=exclude)
        assert field in refused.value.message_dict


def test_an_oversized_evidence_file_is_refused(agency):
    upload = SimpleUploadedFile("bao-cao.pdf", b"x")
    upload.size = 10 * 1024 * 1024 + 1
    update = ProgressUpdate(part=PartFactory(agency=agency), evidence=upload)
    with pytest.raises(ValidationError) as refused:
        update.full_clean(exclude=["status_before", "status_after"])
    assert "10 MB" in str(refused.value)


def test_files_are_sent_as_downloads_that_never_run_in_the_app(client, agency_staff, agency):
    part = PartFactory(agency=agency)
    update = record_evidence(part)
    notice = part.directive.notice
    notice.source_file.save("thong-bao.txt", ContentFile("THÔNG BÁO".encode()), save=True)
    client.force_login(agency_staff)
    for url in [
        reverse("directives:evidence_download", args=[update.pk]),
        reverse("directives:notice_source_download", args=[notice.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
    page = client.get(reverse("directives:notice_detail", args=[notice.pk])).content.decode()
    assert reverse("directives:notice_source_download", args=[notice.pk]) in page
    assert "/media/" not in page


def test_another_agency_cannot_fetch_the_files(client, other_agency_head, agency):
    part = PartFactory(agency=agency)
    update = record_evidence(part)
    notice = part.directive.notice
    notice.source_file.save("thong-bao.txt", ContentFile(b"TB"), save=True)
    client.force_login(other_agency_head)
    assert client.get(reverse("directives:evidence_download", args=[update.pk])).status_code == 404
    assert client.get(reverse("directives:notice_source_download", args=[notice.pk])).status_code == 404


def test_media_is_not_served_even_with_debug_on(settings):
    """Under `make run` (DEBUG on) the old URLconf served MEDIA_URL to anyone."""
    import importlib

    from django.urls import Resolver404, clear_url_caches, resolve

    import tasktracker.urls

    settings.DEBUG = True
    try:
        clear_url_caches()
        importlib.reload(tasktracker.urls)
        with pytest.raises(Resolver404):
            resolve("/media/evidence/2024/03/bao-cao.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(tasktracker.urls)
        clear_url_caches()


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","Bấm")', '\'=HYPERLINK("http://x","Bấm")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("31/12/2025", "31/12/2025"),
        ("", ""),
        (None, ""),
    ],
)
def test_cells_that_start_like_a_formula_are_made_inert(value, written):
    assert inert_cell(value) == written


def test_the_export_writes_a_formula_cell_inert(client, office_staff, agency):
    notice = NoticeFactory(number="=1+1")
    directive = DirectiveFactory(
        notice=notice, title='=HYPERLINK("http://evil.example","Xem")', deadline_text="-hết năm 2025"
    )
    PartFactory(directive=directive, agency=agency)
    client.force_login(office_staff)
    response = client.get(reverse("directives:directive_export"))
    content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[0] == "'=1+1"
    assert row[2] == '\'=HYPERLINK("http://evil.example","Xem")'
    assert row[6] == "'-hết năm 2025"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
