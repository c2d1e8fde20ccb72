"""PDFs with a text layer: read in order, wrapped lines joined, limits checked before the text is parsed."""

import io
from pathlib import Path

import pytest
from django.utils import translation
from reportlab.pdfgen import canvas

from reading import documents
from reading.documents import UnreadableDocument, read_notice_document
from reading.parser import parse_notice
from tests.reading.pdfs import text_pdf

# A real notice (the seed: Bắc Giang, March 2024): numbered items, bullets, distribution list, signature.
REAL_NOTICE = Path(__file__).resolve().parents[2] / "directives" / "data" / "bac_giang_2024_bql_kcn.txt"


def unreadable_message(filename: str, content: bytes) -> str:
    with translation.override("en"), pytest.raises(UnreadableDocument) as caught:
        read_notice_document(filename, content)
    return caught.value.message


def test_a_printed_real_notice_reads_back_line_for_line():
    """Every paragraph wraps over several lines (justified, first-line indent) and crosses a page break."""
    text = REAL_NOTICE.read_text(encoding="utf-8")
    pdf = text_pdf(text)

    read = read_notice_document("Thông báo 123.PDF", pdf)

    # Line for line, but for the indentation a line had in the text file.
    assert [line.strip() for line in read.splitlines()] == [
        line.strip() for line in text.splitlines() if line.strip()
    ]
    parsed = parse_notice(read)
    assert parsed.directives == parse_notice(text).directives
    assert (parsed.number, parsed.signed_by, len(parsed.tasks)) == ("", "Phạm Văn Đà", 15)


def blank_pages(count: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for number in range(count):
        pdf.drawString(72, 720, f"Trang {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_pdf_with_too_many_pages_is_refused_before_its_text_is_read():
    assert unreadable_message("notice.pdf", blank_pages(101)) == (
        "The PDF has more than 100 pages: it is not a single notice."
    )


def test_a_pdf_with_too_much_text_is_refused(monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARACTERS", 1000)
    assert unreadable_message("notice.pdf", text_pdf(REAL_NOTICE.read_text(encoding="utf-8"))) == (
        "The document holds more than 1.000 characters of text: it is not a single notice."
    )


@pytest.mark.parametrize("content", [b"%PDF-1.7\nnot really a pdf", b"\x00" * 100])
def test_a_damaged_pdf_is_refused(content):
    assert unreadable_message("notice.pdf", content) == (
        "The PDF file is damaged or protected by a password: it cannot be read."
    )


def test_a_scan_without_ocr_on_the_machine_is_refused_with_what_to_install(monkeypatch):
    monkeypatch.setattr(documents.ocr, "missing_ocr_tools", lambda: ("tesseract-ocr", "tesseract-ocr-vie"))
    message = unreadable_message("scan.pdf", blank_pages(1))
    assert "needs Tesseract OCR with its Vietnamese model" in message
    assert "tesseract-ocr, tesseract-ocr-vie" in message
    with translation.override("vi"), pytest.raises(UnreadableDocument) as caught:
        read_notice_document("anh.png", b"\x89PNG\r\n")
    assert "Tesseract" in caught.value.message and "chưa" in caught.value.message
