import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document

from reading.documents import MAX_NOTICE_BYTES, MAX_TEXT_CHARACTERS, UnreadableDocument, read_notice_document
from reading.parser import parse_notice

NOTICE = (
    "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n\n1. Sở Xây dựng rà soát quy hoạch trong tháng 3/2025.\n"
)


def unreadable_message(filename: str, content: bytes) -> str:
    """The English message of the error reading `content` raises."""
    with translation.override("en"), pytest.raises(UnreadableDocument) as caught:
        read_notice_document(filename, content)
    return caught.value.message


# ---------------------------------------------------------------------------------------------------
# Text files


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("notice.txt", NOTICE.encode("utf-8")),
        ("notice.TXT", NOTICE.encode("utf-8")),
        ("notice.md", NOTICE.encode("utf-8")),
        ("notice.txt", b"\xef\xbb\xbf" + NOTICE.encode("utf-8")),
        ("notice.txt", NOTICE.encode("utf-16")),  # with its BOM, little-endian here
        ("notice.txt", b"\xfe\xff" + NOTICE.encode("utf-16-be")),
        ("notice.txt", NOTICE.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_text_files_are_read_in_their_encoding(filename, content):
    assert read_notice_document(filename, content) == NOTICE


def test_a_text_file_that_is_not_utf8_is_refused():
    message = unreadable_message("notice.txt", "Thông báo".encode("cp1258"))  # Windows Vietnamese

    assert message == "The file's characters cannot be read: save it as UTF-8 text."


def test_a_binary_file_named_txt_is_refused():
    assert unreadable_message("notice.txt", b"\x00\x01\x02binary") == "The file is not a text file."


@pytest.mark.parametrize(
    ("filename", "content"), [("notice.txt", b""), ("notice.txt", b" \n\t\n"), ("a.md", b"\xef\xbb\xbf")]
)
def test_an_empty_file_is_refused(filename, content):
    assert unreadable_message(filename, content) == "The file is empty."


@pytest.mark.parametrize("filename", ["notice", "notice.odt", "notice.xlsx", ""])
def test_other_kinds_of_file_are_refused(filename):
    assert unreadable_message(filename, b"PK\x03\x04") == (
        "Only .docx, .pdf, .png, .jpg, .txt and .md files can be imported."
    )


def test_an_old_word_file_is_refused_with_advice():
    assert unreadable_message("notice.doc", b"\xd0\xcf\x11\xe0") == (
        "Old Word files (.doc) cannot be read: save the notice as .docx first."
    )


def test_a_file_over_the_limit_is_refused():
    assert unreadable_message("notice.txt", b"a" * (MAX_NOTICE_BYTES + 1)) == "The file is larger than 10 MB."


def test_a_text_at_the_character_limit_is_read_and_one_over_it_refused():
    assert len(read_notice_document("notice.txt", b"a" * MAX_TEXT_CHARACTERS)) == MAX_TEXT_CHARACTERS
    assert unreadable_message("notice.txt", b"a" * (MAX_TEXT_CHARACTERS + 1)) == (
        "The document holds more than 500.000 characters of text: it is not a single notice."
    )


# ---------------------------------------------------------------------------------------------------
# Word files


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_as_word() -> bytes:
    """A notice laid out as offices write them: the header in a two-column table."""
    document = Document()
    header = document.add_table(rows=3, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 123/TB-UBND"
    header.cell(1, 1).text = "Nghệ An, ngày 05 tháng 3 năm 2025"
    merged = header.cell(2, 0).merge(header.cell(2, 1))
    merged.text = "THÔNG BÁO"
    document.add_paragraph("Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về nhà ở xã hội")
    document.add_paragraph(
        "Ngày 28/02/2025, Phó Chủ tịch UBND tỉnh Hoàng Minh Tuấn chủ trì cuộc họp. Kết luận:"
    )
    document.add_paragraph("1. Sở Xây dựng rà soát nhu cầu nhà ở xã hội, báo cáo trước ngày 15/4/2025.")
    document.add_paragraph("2. Sở Tài nguyên và Môi trường hoàn thiện hồ sơ giao đất trong 05 ngày làm việc.")
    document.add_paragraph("Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.")
    return docx_bytes(document)


def test_a_word_file_is_read_in_order_with_its_tables():
    lines = read_notice_document("notice.docx", notice_as_word()).splitlines()

    assert lines[:7] == [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 123/TB-UBND",
        "Nghệ An, ngày 05 tháng 3 năm 2025",
        "THÔNG BÁO",  # a merged cell, read once
        "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về nhà ở xã hội",
    ]
    assert lines.count("THÔNG BÁO") == 1


def test_a_word_file_parses_as_a_notice():
    notice = parse_notice(read_notice_document("Thông báo.DOCX", notice_as_word()))

    assert (notice.number, notice.issued_on, notice.kind) == (
        "123/TB-UBND",
        date(2025, 3, 5),
        "conclusion_notice",
    )
    assert [(task.number, task.lead, task.deadline) for task in notice.tasks] == [
        ("1", ["Sở Xây dựng"], date(2025, 4, 15)),
        ("2", ["Sở Tài nguyên và Môi trường"], date(2025, 3, 12)),
    ]


def test_an_empty_word_file_is_refused():
    assert unreadable_message("notice.docx", docx_bytes(Document())) == "The file is empty."


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 this zip is cut short",
        b"not a zip at all",
        NOTICE.encode("utf-8"),
    ],
)
def test_a_broken_word_file_is_refused(content):
    assert unreadable_message("notice.docx", content) == "The Word file is damaged or is not a .docx file."


def test_a_zip_that_is_no_word_document_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")

    assert (
        unreadable_message("notice.docx", buffer.getvalue())
        == "The Word file is damaged or is not a .docx file."
    )


def test_a_file_named_as_a_picture_that_is_none_is_refused_before_any_ocr(monkeypatch):
    from reading import documents

    monkeypatch.setattr(documents.ocr, "missing_ocr_tools", lambda: ())
    assert unreadable_message("anh.jpg", b"Thong bao so 12") == "The file is not a .png or .jpg picture."
    assert (
        unreadable_message("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
        == "The file is not a .png or .jpg picture."
    )
