"""Scans and photos read by Tesseract's Vietnamese model: pages the tests print themselves from known text."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from reading import ocr
from tests.reading.scans import DPI, scanned_pdf, scanned_png, seed_excerpt

pytestmark = pytest.mark.skipif(
    bool(ocr.missing_ocr_tools()),
    reason="OCR needs Debian's tesseract-ocr, tesseract-ocr-vie and poppler-utils (.ci/run installs them)",
)


@pytest.fixture(autouse=True)
def scans_at_their_own_resolution(monkeypatch):
    """The test pages are printed at 200 dpi: pdftoppm renders them at that, not enlarged to 300."""
    monkeypatch.setattr(ocr, "OCR_DPI", DPI)


def dry_run(path) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("import_notice", str(path), "--dry-run", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def tasks_of(result: dict) -> list:
    return [
        (item["number"], item["lead"], item["support"], item["deadline"])
        for item in result["directives"]
        if not item["is_heading"]
    ]


EXPECTED_TASKS = [
    ("6.1", ["Sở Công Thương"], [], None),  # `mùa hè năm 2024` is vague: no date, flagged
    ("6.2", ["Sở Tài chính"], ["Sở Nông nghiệp và Phát triển nông thôn"], date(2024, 3, 31).isoformat()),
]


@pytest.mark.django_db
def test_import_notice_reads_a_scanned_pdf_by_ocr(tmp_path, registry):
    scan = tmp_path / "thong-bao-scan.pdf"
    scan.write_bytes(scanned_pdf(seed_excerpt()))

    result = dry_run(scan)

    assert result["notice"]["number"] == "125/TB-UBND"
    assert result["notice"]["issued_on"] == "2024-03-15"
    assert result["notice"]["signed_by"] == "Phạm Văn Đà"
    assert tasks_of(result) == EXPECTED_TASKS
    assert result["unmatched_agencies"] == []
    assert set(result) == {"notice", "directives", "unmatched_agencies"}  # the shape of every import


@pytest.mark.django_db
def test_import_notice_reads_a_photo_by_ocr(tmp_path, registry):
    photo = tmp_path / "anh-chup.png"
    photo.write_bytes(scanned_png(seed_excerpt()))

    assert tasks_of(dry_run(photo)) == EXPECTED_TASKS
