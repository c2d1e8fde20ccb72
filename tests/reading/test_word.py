"""Word files as offices make them: automatic numbering, tables of tasks, text boxes, and zip bombs."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from reading.documents import UnreadableDocument, read_notice_document
from reading.parser import parse_notice
from reading.word import MAX_UNCOMPRESSED_BYTES, docx_lines
from tests.reading.word_builder import WordNotice, as_word_with_automatic_numbering

# A real notice (the seed: Bắc Giang, March 2024), its numbers typed; Word numbers them itself below.
REAL_NOTICE = Path(__file__).resolve().parents[2] / "directives" / "data" / "bac_giang_2024_bql_kcn.txt"


def unreadable_message(filename: str, content: bytes) -> str:
    with translation.override("en"), pytest.raises(UnreadableDocument) as caught:
        read_notice_document(filename, content)
    return caught.value.message


def test_a_real_notice_numbered_by_word_reads_as_its_typed_text():
    text = REAL_NOTICE.read_text(encoding="utf-8")
    document = as_word_with_automatic_numbering(text)
    body = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode("utf-8")
    assert "Giao các sở, ngành, địa phương" in body and "(6)" not in body  # the numbers are Word's, not typed

    lines = read_notice_document("thong-bao.docx", document).splitlines()

    assert [line.strip() for line in lines] == [line.strip() for line in text.splitlines() if line.strip()]
    assert parse_notice("\n".join(lines)).directives == parse_notice(text).directives


def test_number_formats_levels_and_restarts():
    word = WordNotice()
    outline = word.define_list(
        [
            ("upperRoman", "%1.", 1),
            ("decimal", "%1.%2.", 1),
            ("lowerLetter", "%3)", 1),
            ("bullet", "\uf0b7", 1),
        ]
    )
    word.numbered("NHIỆM VỤ CHUNG", outline, 0)
    word.numbered("Sở Tài chính rà soát", outline, 1)
    word.numbered("Sở Xây dựng hướng dẫn", outline, 1)
    word.numbered("lập danh mục", outline, 2)
    word.numbered("đề xuất phương án", outline, 2)
    word.numbered("một ý", outline, 3)
    word.numbered("NHIỆM VỤ CỤ THỂ", outline, 0)
    word.numbered("Sở Nội vụ", outline, 1)
    word.numbered("trình phương án", outline, 2)
    decimal = word.define_list([("decimal", "(%1)", 3)])
    word.numbered("Bắt đầu từ ba", decimal, 0)
    word.numbered("Tiếp theo", decimal, 0)
    again = word.instance(word.abstract_of(decimal), restart_at={0: 1})
    word.numbered("Đánh số lại", again, 0)
    legal = word.define_list([("decimalZero", "%1.", 9), ("lowerRoman", "%1.%2", 4)])
    word.numbered("Số có số 0", legal, 0)
    word.numbered("Số La Mã nhỏ", legal, 1)
    word.numbered("Số La Mã nhỏ tiếp", legal, 1)
    word.numbered("Số mười", legal, 0)

    assert docx_lines(word.bytes()) == [
        "I. NHIỆM VỤ CHUNG",
        "I.1. Sở Tài chính rà soát",
        "I.2. Sở Xây dựng hướng dẫn",
        "a) lập danh mục",
        "b) đề xuất phương án",
        "• một ý",  # Word's Symbol-font bullet
        "II. NHIỆM VỤ CỤ THỂ",
        "II.1. Sở Nội vụ",  # numbers under a new section start again
        "a) trình phương án",
        "(3) Bắt đầu từ ba",
        "(4) Tiếp theo",
        "(1) Đánh số lại",  # "Restart numbering": a new instance with w:startOverride
        "09. Số có số 0",
        "09.iv Số La Mã nhỏ",
        "09.v Số La Mã nhỏ tiếp",
        "10. Số mười",
    ]


def test_headings_numbered_through_their_style():
    """A multi-level list linked to the heading styles (Heading 1 → `1.`, Heading 2 → `1.1.`)."""
    word = WordNotice()
    outline = word.define_list(
        [("decimal", "%1.", 1), ("decimal", "%1.%2.", 1)], style_links={0: "Heading1", 1: "Heading2"}
    )
    for style_id, level in (("Heading1", 0), ("Heading2", 1)):
        style = word.document.styles.element.get_by_id(style_id)
        style.get_or_add_pPr()._insert_numPr(
            __import__("docx.oxml", fromlist=["parse_xml"]).parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="{outline}"/></w:numPr>'
            )
        )
    word.paragraph("Sở Xây dựng", style="Heading 1")
    word.paragraph("Rà soát quy hoạch", style="Heading 2")
    word.paragraph("Lập danh mục dự án", style="Heading 2")
    word.paragraph("Sở Tài chính", style="Heading 1")

    assert docx_lines(word.bytes()) == [
        "1. Sở Xây dựng",
        "1.1. Rà soát quy hoạch",
        "1.2. Lập danh mục dự án",
        "2. Sở Tài chính",
    ]


def plan_with_annex() -> WordNotice:
    """A plan (Kế hoạch) whose tasks are in the annex table after the signature, as provinces write them."""
    word = WordNotice()
    header = word.document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 1556/KH-UBND"
    header.cell(1, 1).text = "Lai Châu, ngày 25 tháng 4 năm 2024"
    word.paragraph("KẾ HOẠCH")
    word.paragraph("Thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) trên địa bàn tỉnh năm 2024")
    sections = word.define_list([("upperRoman", "%1.", 1)])
    word.numbered("MỤC ĐÍCH, YÊU CẦU", sections, 0)
    word.paragraph("Nâng cao chất lượng sản phẩm OCOP của tỉnh.")
    word.numbered("TỔ CHỨC THỰC HIỆN", sections, 0)
    word.paragraph("Các sở, ngành, địa phương thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này./.")
    signature = word.document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    signature.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTống Thanh Hải"
    word.paragraph("PHỤ LỤC")
    word.paragraph("DANH MỤC NHIỆM VỤ THỰC HIỆN CHƯƠNG TRÌNH OCOP NĂM 2024")
    word.paragraph("(Kèm theo Kế hoạch số 1556/KH-UBND ngày 25/4/2024 của UBND tỉnh)")
    rows = [
        ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"),
        ("(1)", "(2)", "(3)", "(4)", "(5)"),
        ("I", "Nhóm nhiệm vụ tuyên truyền", None, None, None),
        ("1", "Tuyên truyền về Chương trình OCOP", "Sở Thông tin và Truyền thông", "Sở Tài chính",
         "Quý II/2024"),
        ("2", "Tổ chức tập huấn cho các chủ thể OCOP", "Sở Nông nghiệp và Phát triển nông thôn",
         "Sở Công Thương\nSở Khoa học và Công nghệ", "Tháng 9/2024"),
        ("II", "Nhóm nhiệm vụ đánh giá sản phẩm", None, None, None),
        ("1", "Đánh giá, phân hạng sản phẩm OCOP cấp tỉnh", "Sở Nông nghiệp và Phát triển nông thôn", "",
         "Trước 30/11/2024"),
    ]  # fmt: skip
    table = word.document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        if values[2] is None:  # a group's title merged across the row
            merged = table.cell(r, 1).merge(table.cell(r, 4))
            table.cell(r, 0).text, merged.text = values[0], values[1]
            continue
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return word


def test_an_annex_table_of_tasks_becomes_one_task_per_row():
    lines = docx_lines(plan_with_annex().bytes())
    annex = lines[lines.index("PHỤ LỤC") :]
    assert annex[3:] == [
        "I. Nhóm nhiệm vụ tuyên truyền.",
        "1. Tuyên truyền về Chương trình OCOP. Sở Thông tin và Truyền thông chủ trì, phối hợp với"
        " Sở Tài chính. Thời gian hoàn thành: Quý II/2024.",
        "2. Tổ chức tập huấn cho các chủ thể OCOP. Sở Nông nghiệp và Phát triển nông thôn chủ trì,"
        " phối hợp với Sở Công Thương, Sở Khoa học và Công nghệ. Thời gian hoàn thành: Tháng 9/2024.",
        "II. Nhóm nhiệm vụ đánh giá sản phẩm.",
        "1. Đánh giá, phân hạng sản phẩm OCOP cấp tỉnh. Sở Nông nghiệp và Phát triển nông thôn chủ trì."
        " Thời gian hoàn thành: Trước 30/11/2024.",
    ]

    notice = parse_notice("\n".join(lines))
    assert (notice.number, notice.kind, notice.signed_by) == ("1556/KH-UBND", "plan", "Tống Thanh Hải")
    # The annex's tasks, numbered under `PL` so that none clashes with the body's numbers. (The body's
    # `I. MỤC ĐÍCH, YÊU CẦU` is the parser's to leave out as context.)
    annex_tasks = [task for task in notice.tasks if task.number.startswith("PL.")]
    assert [(task.number, task.lead, task.support, task.deadline) for task in annex_tasks] == [
        ("PL.I.1", ["Sở Thông tin và Truyền thông"], ["Sở Tài chính"], date(2024, 6, 30)),
        (
            "PL.I.2",
            ["Sở Nông nghiệp và Phát triển nông thôn"],
            ["Sở Công Thương", "Sở Khoa học và Công nghệ"],
            date(2024, 9, 30),
        ),
        ("PL.II.1", ["Sở Nông nghiệp và Phát triển nông thôn"], [], date(2024, 11, 30)),
    ]


def test_header_words_are_recognised_without_accents_and_other_tables_read_cell_by_cell():
    word = WordNotice()
    word.paragraph("Các nhiệm vụ:")
    tasks = word.document.add_table(rows=2, cols=4)
    for c, value in enumerate(["TT", "NOI DUNG", "DON VI CHU TRI", "THOI HAN"]):
        tasks.cell(0, c).text = value
    for c, value in enumerate(["3", "Rà soát quỹ đất", "Sở Xây dựng", "30/6/2025"]):
        tasks.cell(1, c).text = value
    other = word.document.add_table(rows=2, cols=2)
    other.cell(0, 0).text, other.cell(0, 1).text = "Chỉ tiêu", "Kết quả"
    other.cell(1, 0).text, other.cell(1, 1).text = "Nhà ở xã hội", "2.150 căn"
    word.text_box("Đoạn có hộp văn bản", ["DỰ THẢO", "Lần 2"])

    assert docx_lines(word.bytes()) == [
        "Các nhiệm vụ:",
        "3. Rà soát quỹ đất. Sở Xây dựng chủ trì. Thời gian hoàn thành: 30/6/2025.",
        "Chỉ tiêu",
        "Kết quả",
        "Nhà ở xã hội",
        "2.150 căn",
        "Đoạn có hộp văn bản",
        "DỰ THẢO",  # the text box once: not again from Word's fallback copy
        "Lần 2",
    ]


def test_a_content_control_is_read_as_text_and_one_without_content_shows_nothing():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    word = WordNotice()
    word.paragraph("Trước")
    body = word.document.element.body
    body.insert(
        len(body) - 1,  # before the section properties, the body's last child
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>"
            "<w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
    )
    body.insert(len(body) - 1, parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/></w:sdt>"))
    word.paragraph("Sau")

    assert docx_lines(word.bytes()) == ["Trước", "Trong ô nội dung", "Sau"]


# ---------------------------------------------------------------------------------------------------
# Zip bombs and damaged files


def zip_bomb(member_bytes: int) -> bytes:
    """A .docx-shaped zip whose document.xml unpacks to `member_bytes` of zeros, deflated."""
    buffer = io.BytesIO()
    chunk = b"0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        with bomb.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize("unpacked", [MAX_UNCOMPRESSED_BYTES + 1024 * 1024, 8 * 1024 * 1024])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(unpacked, monkeypatch):
    bomb = zip_bomb(unpacked)
    assert len(bomb) < unpacked / 500
    unpacked_bytes = []
    read = zipfile.ZipExtFile.read

    def counted_read(member, *args):
        data = read(member, *args)
        unpacked_bytes.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counted_read)
    message = unreadable_message("notice.docx", bomb)

    assert message == "The Word file unpacks to more data than a notice holds (over 100 MB): it was refused."
    assert sum(unpacked_bytes) == 0  # refused from the archive's directory, before any member is unpacked


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"plain text", b"\x00" * 64])
def test_a_damaged_word_file_is_refused(content):
    assert unreadable_message("notice.docx", content) == "The Word file is damaged or is not a .docx file."
