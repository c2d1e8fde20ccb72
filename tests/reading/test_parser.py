from datetime import date
from pathlib import Path

import pytest

from reading.agencies import AgencyMatcher, KnownAgency
from reading.parser import NotANotice, ParsedNotice, parse_notice, short_title
from tasktracker.vietnamese import fold
from tests.reading.test_agencies import DEMO_REGISTRY

NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
# The notice the project was born from lives with the app, which imports it as demo data.
SEED_NOTICE = Path(__file__).resolve().parents[2] / "directives" / "data" / "bac_giang_2024_bql_kcn.txt"


def read_notice(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def matcher_for(*names: str) -> AgencyMatcher:
    return AgencyMatcher([KnownAgency(name, name) for name in names])


def rows(notice: ParsedNotice) -> dict[str, tuple]:
    """Each directive as (parent, heading?, lead, support, deadline text, deadline, recurrence, flags)."""
    return {
        d.number: (
            d.parent,
            d.is_heading,
            d.lead,
            d.support,
            d.deadline_text,
            d.deadline,
            d.recurrence,
            d.flags,
        )
        for d in notice.directives
    }


# ---------------------------------------------------------------------------------------------------
# The seed: Bắc Giang, March 2024 (the table at the end of domain.md)

BQL = "Ban Quản lý các khu công nghiệp tỉnh"
BAC_GIANG = [
    KnownAgency("bql", BQL, "BQL KCN"),
    *(
        KnownAgency(name, name)
        for name in (
            "Sở Kế hoạch và Đầu tư",
            "Sở Xây dựng",
            "Sở Tài nguyên và Môi trường",
            "Sở Công Thương",
            "Sở Tài chính",
            "Sở Nội vụ",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Lao động - Thương binh và Xã hội",
            "Công an tỉnh",
            "Văn phòng UBND tỉnh",
            "UBND huyện Hiệp Hòa",
            "UBND huyện Tân Yên",
            "UBND huyện Yên Dũng",
            "UBND thị xã Việt Yên",
            "Công ty TNHH MTV Khai thác công trình thủy lợi Nam Sông Thương",
            "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương",
        )
    ),
]
SEED_TASKS = [
    # task, lead, supporting, deadline as written, deadline, repeats
    ("1.1", [BQL], [], "", None, "none"),
    ("1.2", [BQL], [], "", None, "none"),
    ("1.3", [BQL], [], "", None, "none"),
    ("2", [BQL], [], "hết năm 2025", date(2025, 12, 31), "none"),
    ("3.1", [BQL], [], "", None, "none"),
    ("3.2", [BQL], [], "", None, "none"),
    ("3.3", [BQL], [], "Hằng tháng", None, "monthly"),
    ("4.1", [BQL], [], "", None, "none"),
    ("4.2", [BQL], [], "xong trong tháng 6/2024", date(2024, 6, 30), "none"),
    ("5", [BQL], [], "", None, "none"),
    ("6.1", ["Sở Kế hoạch và Đầu tư"], [BQL, "Sở Xây dựng"], "", None, "none"),
    ("6.2", ["Sở Công Thương"], [], "mùa hè năm 2024", None, "none"),
    ("6.3", ["Sở Tài nguyên và Môi trường"], [], "trong tháng 3/2024", date(2024, 3, 31), "none"),
    (
        "6.4",
        ["Sở Tài chính"],
        ["Sở Nông nghiệp và Phát triển nông thôn"],
        "xong trong tháng 3/2024",
        date(2024, 3, 31),
        "none",
    ),
    (
        "6.5",
        ["UBND huyện Hiệp Hòa", "UBND huyện Tân Yên", "UBND huyện Yên Dũng", "UBND thị xã Việt Yên"],
        [],
        "",
        None,
        "none",
    ),
]


@pytest.fixture(scope="module")
def seed():
    return parse_notice(SEED_NOTICE.read_text(encoding="utf-8"), AgencyMatcher(BAC_GIANG))


@pytest.mark.parametrize(("number", "lead", "support", "deadline_text", "deadline", "recurrence"), SEED_TASKS)
def test_seed_task(seed, number, lead, support, deadline_text, deadline, recurrence):
    task = next(directive for directive in seed.directives if directive.number == number)

    assert not task.is_heading
    assert (task.lead, task.support) == (lead, support)
    assert (task.deadline_text, task.deadline, task.recurrence) == (deadline_text, deadline, recurrence)


def test_seed_has_exactly_the_tasks_of_the_table(seed):
    assert [task.number for task in seed.tasks] == [row[0] for row in SEED_TASKS]


def test_seed_headings_group_their_bullets(seed):
    headings = [(d.number, d.parent) for d in seed.directives if d.is_heading]

    assert headings == [("1", None), ("3", None), ("4", None), ("6", None)]
    assert {d.number: d.parent for d in seed.tasks}["4.2"] == "4"
    assert {d.number: d.parent for d in seed.tasks}["5"] is None


def test_seed_flags(seed):
    flags = {task.number: task.flags for task in seed.tasks if task.flags}

    assert flags == {
        "5": ["unnamed_supporting_agencies"],
        "6.1": ["unnamed_supporting_agencies"],
        "6.2": ["vague_deadline", "unnamed_supporting_agencies"],
        "6.4": ["unnamed_supporting_agencies"],
    }


def test_seed_header(seed):
    assert (seed.number, seed.kind, seed.place, seed.issued_on) == (
        "",
        "conclusion_notice",
        "Bắc Giang",
        None,
    )
    assert seed.title == (
        "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Quản lý các khu công nghiệp tỉnh về tình "
        "hình, kết quả thực hiện nhiệm vụ 02 tháng đầu năm, nhiệm vụ trọng tâm đến hết năm 2024"
    )
    assert seed.meeting_on == date(2024, 3, 12)
    assert seed.chaired_by == "Chủ tịch UBND tỉnh Lê Ánh Dương"
    assert (seed.signed_by, seed.signer_title) == ("Phạm Văn Đà", "Phó Chánh Văn phòng")


def test_seed_distribution_list(seed):
    assert seed.distribution_list == [
        "Sở Kế hoạch và Đầu tư",
        "Sở Xây dựng",
        "Sở Tài nguyên và Môi trường",
        "Sở Công Thương",
        "Sở Tài chính",
        "Sở Nội vụ",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở Lao động - Thương binh và Xã hội",
        "Công an tỉnh",
        BQL,
        "UBND huyện Hiệp Hòa",
        "UBND huyện Tân Yên",
        "UBND huyện Yên Dũng",
        "UBND thị xã Việt Yên",
        "Công ty TNHH MTV Khai thác công trình thủy lợi Nam Sông Thương",
        "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương",
        "Văn phòng UBND tỉnh",
    ]
    assert seed.unmatched_agencies == []


def test_seed_text_is_verbatim_without_markup_and_page_breaks(seed):
    texts = {d.number: d.text for d in seed.directives}

    assert texts["6.3"].startswith("Sở Tài nguyên và Môi trường rà soát những nội dung")
    assert "gửi Ban Quản lý các khu công nghiệp tỉnh trong tháng 3/2024 để trao đổi" in texts["6.3"]
    assert "khi cần thiết; thường xuyên đôn đốc, hướng dẫn" in texts["6.3"]
    assert texts["2"].endswith("(hết năm 2025 đảm bảo có từ 05 người đáp ứng yêu cầu).")
    assert texts["6.5"].startswith("UBND các huyện, thị xã (Hiệp Hòa, Tân Yên, Yên Dũng, Việt Yên): Tiếp tục")
    assert not any("*" in d.text or "*" in d.title for d in seed.directives)


def test_seed_titles(seed):
    titles = {d.number: d.title for d in seed.directives}

    assert titles["1"] == "Nâng cao năng lực, tầm nhìn trong công tác tham mưu chiến lược"
    assert titles["1.1"] == "Cần cập nhật xu thế phát triển các khu công nghiệp - dịch vụ"
    assert titles["3.1"] == (
        "Kịp thời hướng dẫn, giải quyết, tháo gỡ những khó khăn, vướng mắc trong quá trình triển khai thực "
        "hiện dự án đầu tư"
    )
    assert all(len(title) <= 120 for title in titles.values())


def test_seed_without_a_matcher_keeps_names_as_written():
    notice = parse_notice(SEED_NOTICE.read_text(encoding="utf-8"))
    tasks = {task.number: task for task in notice.tasks}

    assert tasks["6.5"].lead == ["UBND Hiệp Hòa", "UBND Tân Yên", "UBND Yên Dũng", "UBND Việt Yên"]
    assert tasks["6.1"].support == [BQL, "Sở Xây dựng"]
    assert "Ban Quản lý các KCN tỉnh" in notice.distribution_list
    assert notice.unmatched_agencies == []
    assert not any("unmatched_agency" in task.flags for task in notice.tasks)


def test_unknown_agencies_are_listed_and_flagged():
    notice = parse_notice(SEED_NOTICE.read_text(encoding="utf-8"), matcher_for(BQL, "Sở Xây dựng"))
    tasks = {task.number: task for task in notice.tasks}

    assert tasks["6.3"].lead == ["Sở Tài nguyên và Môi trường"]
    assert "unmatched_agency" in tasks["6.3"].flags
    assert "unmatched_agency" not in tasks["1.1"].flags
    assert "UBND Việt Yên" in notice.unmatched_agencies
    assert notice.unmatched_agencies == sorted(set(notice.unmatched_agencies), key=fold)
    assert BQL not in notice.unmatched_agencies


# ---------------------------------------------------------------------------------------------------
# Real documents (tests/data/notices, source address on each first line): what they show beyond their score

HA_GIANG = "01_hagiang-nq-hdnd-chat-van-2017.txt"  # a resolution: `Điều`, `1.`, `a.`, `-` and `+`, deadlines
BINH_DINH = "14_binhdinh-qd1528-ctxh-2021-partial.txt"  # a decision: full header, a date cut over two lines
NINH_THUAN = "22_ninhthuan-qd55-2007-ke-hoach-vstbpn-partial.txt"  # a decision: full header, `Điều 2` items
NN_PTNT = "Sở Nông nghiệp và Phát triển nông thôn"


@pytest.fixture(scope="module")
def ha_giang():
    return parse_notice(read_notice(HA_GIANG))


def test_a_decisions_header_is_read_number_place_date_issuer_and_title():
    ninh_thuan = parse_notice(read_notice(NINH_THUAN))
    binh_dinh = parse_notice(read_notice(BINH_DINH))

    assert (ninh_thuan.number, ninh_thuan.kind, ninh_thuan.place, ninh_thuan.issued_on) == (
        "55/2007/CT-UBND",
        "decision",
        "Phan Rang-Tháp Chàm",
        date(2007, 3, 5),
    )
    assert ninh_thuan.issuing_authority == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    # The enacting authority on its own line under the title is no part of it (the copy glues `BANHÀNH`).
    assert (
        ninh_thuan.title
        == "BANHÀNH KẾ HOẠCH HÀNH ĐỘNG VÌ SỰ TIẾN BỘ PHỤ NỮ TỈNH NINH THUẬN GIAI ĐOẠN 2006 -2010"
    )
    # `Bình Định, ngày` / `29 tháng 04 năm 2021`: the date line cut by the page's layout is joined back.
    assert (binh_dinh.number, binh_dinh.place, binh_dinh.issued_on) == (
        "1528/QĐ-UBND",
        "Bình Định",
        date(2021, 4, 29),
    )
    # A decision held no meeting: the dates of its legal bases (`Căn cứ Luật … ngày 19/6/2015`) are not one.
    assert (ninh_thuan.meeting_on, binh_dinh.meeting_on) == (None, None)


def test_a_resolution_nests_articles_numbers_letters_and_two_kinds_of_bullets(ha_giang):
    assert [(d.number, d.parent, d.is_heading) for d in ha_giang.directives] == [
        # `Điều 1` (praise) and `Điều 3`, `Điều 4` (who carries the resolution out) are context.
        ("Điều 2", None, True),
        ("1", "Điều 2", True),
        ("1.1", "1", False),
        ("1.2", "1", False),
        ("2", "Điều 2", False),  # an item without bullets is a task itself
        ("3", "Điều 2", True),
        ("3.a", "3", False),
        ("3.b", "3", True),
        # One bullet with works of different dates is one task per work.
        ("3.b.1(a)", "3.b", False),
        ("3.b.1(b)", "3.b", False),
        ("3.b.2", "3.b", True),  # `-` over `+`
        ("3.b.2.1", "3.b.2", False),
        ("3.b.2.2", "3.b.2", False),
        ("3.b.2.3(a)", "3.b.2", False),
        ("3.b.2.3(b)", "3.b.2", False),
        ("3.b.2.3(c)", "3.b.2", False),
        ("3.b.2.4", "3.b.2", False),
        ("3'", "Điều 2", False),  # the source numbers two sections `3.`: the second is told apart
        ("4", "Điều 2", True),
        ("4.1", "4", False),
        ("4.2", "4", False),
        ("4.3", "4", False),
    ]


def test_a_resolutions_leads_come_from_its_headings_and_its_requests(ha_giang):
    items = {d.number: d for d in ha_giang.directives}

    # `Chỉ đạo Sở Nông nghiệp và PTNT:` leads its `+` bullets, spelled out in full.
    assert {items[n].lead[0] for n in ("3.b.2", "3.b.2.1", "3.b.2.3(c)", "3.b.2.4")} == {NN_PTNT}
    assert items["3.b.2.4"].support == ["UBND huyện Vị Xuyên"]  # `Chủ động phối hợp với UBND huyện …`
    # `Đề nghị UBND tỉnh chỉ đạo Công an tỉnh:`: the council asks the committee, the police do the work.
    assert {tuple(items[n].lead) for n in ("4", "4.1", "4.2", "4.3")} == {("Công an tỉnh",)}
    assert (items["3.b.1(a)"].lead, items["3.b.1(a)"].support) == (
        ["Ban Dân tộc tỉnh"],
        ["UBND huyện Hoàng Su Phì"],
    )
    assert (items["3'"].lead, items["3'"].support) == (
        ["Bộ Chỉ huy Quân sự tỉnh"],
        ["Sở Tài chính", "Sở Tài nguyên và Môi trường"],
    )
    # No department named: the addressee of the request (the committee) leads.
    assert items["1.2"].lead == ["Ủy ban nhân dân tỉnh"]


def test_a_resolutions_deadline_phrases(ha_giang):
    assert {
        d.number: (d.deadline_text, d.deadline, d.recurrence) for d in ha_giang.tasks if d.deadline_text
    } == {
        "1.1": ("Thường xuyên", None, "ongoing"),
        "3.b.1(a)": ("trong giai đoạn 2018 - 2020", date(2020, 12, 31), "none"),
        "3.b.1(b)": ("trong Quý IV năm 2018", date(2018, 12, 31), "none"),
        "3.b.2.1": ("trong tháng 7/2017", date(2017, 7, 31), "none"),
        "3.b.2.2": ("trong Quý 4 năm 2017", date(2017, 12, 31), "none"),
        "3.b.2.3(a)": ("trong Quý 4 năm 2017", date(2017, 12, 31), "none"),
        "3.b.2.3(b)": ("trong tháng 3 năm 2018", date(2018, 3, 31), "none"),
        "3.b.2.3(c)": ("xong trước ngày 30/8/2017", date(2017, 8, 30), "none"),
        "3.b.2.4": ("trong quý IV năm 2017", date(2017, 12, 31), "none"),
        "4.1": ("Thường xuyên", None, "ongoing"),
    }
    # `Kế hoạch sử dụng đất năm 2018`, `giai đoạn 2016 - 2020` in 1.1 and 1.2 name plans, not deadlines.


def test_an_article_gives_its_items_to_the_bodies_they_open_with():
    notice = parse_notice(read_notice(NINH_THUAN))

    assert [(t.number, t.lead, t.deadline_text, t.recurrence, t.flags) for t in notice.tasks] == [
        ("1", ["Sở Kế hoạch và Đầu tư"], "hằng năm", "yearly", []),
        (
            "2",
            ["Ban vì sự tiến bộ phụ nữ các sở, ban, ngành, huyện, thị xã"],
            "",
            "none",
            ["unnamed_lead_agencies"],
        ),
    ]


def test_a_document_of_another_province_gives_no_task_to_the_registrys_agencies():
    text = read_notice(NINH_THUAN)
    # The demo registry is Bắc Giang's: its Sở Kế hoạch và Đầu tư is not Ninh Thuận's, though named alike.
    demo = parse_notice(text, AgencyMatcher(DEMO_REGISTRY))
    own = parse_notice(
        text,
        AgencyMatcher(
            [
                KnownAgency("ubnd", "Ủy ban nhân dân tỉnh Ninh Thuận", "UBND tỉnh"),
                KnownAgency("khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
            ]
        ),
    )

    assert (demo.tasks[0].lead, demo.tasks[0].flags) == (["Sở Kế hoạch và Đầu tư"], ["unmatched_agency"])
    assert "Sở Kế hoạch và Đầu tư" in demo.unmatched_agencies
    assert (own.tasks[0].lead, own.tasks[0].flags, own.unmatched_agencies) == (
        ["Sở Kế hoạch và Đầu tư"],
        [],
        [],
    )


def test_short_department_names_are_written_in_full_even_when_not_in_the_registry():
    # Real 19 (Quảng Nam) writes `Sở NN&PTNT`, real 21 (Thái Nguyên) `Sở Kế hoạch - Đầu tư` and `Sở Nông
    # nghiệp - PTNT`; read against an empty registry, each is the department's full name.
    quang_nam = parse_notice(
        read_notice("19_quangnam-cv3018-ubnd-ktn-attgt-duong-thuy-2020.txt"), AgencyMatcher([])
    )
    thai_nguyen = parse_notice(
        read_notice("21_thainguyen-phuong-an-san-xuat-nong-nghiep-2020.txt"), AgencyMatcher([])
    )

    assert NN_PTNT in quang_nam.tasks[0].lead
    assert (thai_nguyen.tasks[0].lead, thai_nguyen.tasks[0].support) == (
        ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
        [NN_PTNT],
    )
    assert {NN_PTNT, "Sở Kế hoạch và Đầu tư"} <= set(thai_nguyen.unmatched_agencies)


def test_a_letters_report_goes_to_a_recipient_and_its_hour_is_part_of_the_deadline():
    # Real 20 (Gia Lai): `Sở Giao thông-Vận tải, Công an tỉnh, UBND các huyện … báo cáo … về Ban An toàn Giao
    # thông tỉnh trước 14 giờ ngày 3-5-2020 để tổng hợp báo cáo …`.
    notice = parse_notice(read_notice("20_gialai-cv926-ubnd-nc-attgt-le-2020.txt"))
    report = notice.tasks[1]

    assert report.lead == ["Sở Giao thông vận tải", "Công an tỉnh", "UBND các huyện, thị xã, thành phố"]
    assert report.support == []  # the Board the report is sent to is a recipient
    assert (report.deadline_text, report.deadline) == ("trước 14 giờ ngày 3-5-2020", date(2020, 5, 3))


# ---------------------------------------------------------------------------------------------------
# A notice's header and closing as the office writes them: what no real document in the repository shows yet
# (the ones collected are portal copies without their distribution list). A short text made for each rule.

OFFICE_NOTICE = """UBND TỈNH HÀ NAM
VĂN PHÒNG
Số: 98/TB-VP
Hà Nam, ngày 18 tháng 4 năm 2024
THÔNG BÁO
Ý kiến kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về tiến độ giải ngân vốn đầu tư công
Ngày 15/4/2024, đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo giải ngân chủ trì \
cuộc họp. Phó Chủ tịch UBND tỉnh kết luận như sau:
1. Nhiệm vụ về giải ngân:
1.1. Sở Tài chính rà soát kế hoạch vốn trong 10 ngày làm việc. Giao Sở Xây dựng thẩm định dự án.
1.2. Sở Khoa học và Công nghệ xây dựng Đề án chuyển đổi số, trước mùa mưa lũ, xong trong tháng 6/2024.
2. Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì, phối hợp với UBND huyện Kim Bảng và các cơ quan liên quan:
- Hằng tháng báo cáo tiến độ giải phóng mặt bằng (trước ngày 05 hằng tháng);
- Hoàn thành bàn giao mặt bằng, xong trước 15/6/2024.
3. TỔ CHỨC THỰC HIỆN
Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện các nội dung trên, định kỳ hằng quý báo cáo.
Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- TT Tỉnh ủy, TT HĐND tỉnh (b/c);
- CT, các PCT UBND tỉnh;
- Các sở: TC, XD, KH&CN;
- UBND các địa phương: Kim Bảng, Duy Tiên;
- Ban QLDA ĐTXD tỉnh;
- Lưu: VT, TH.
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Thị Thu
"""
KH_CN = "Sở Khoa học và Công nghệ"
BAN_QLDA_TINH = "Ban Quản lý dự án đầu tư xây dựng tỉnh"


@pytest.fixture(scope="module")
def office_notice():
    return parse_notice(OFFICE_NOTICE)


def test_a_notice_issued_by_the_office_under_its_committees_name(office_notice):
    assert (office_notice.number, office_notice.kind, office_notice.place, office_notice.issued_on) == (
        "98/TB-VP",
        "conclusion_notice",
        "Hà Nam",
        date(2024, 4, 18),
    )
    # `UBND TỈNH HÀ NAM` above `VĂN PHÒNG`: the office of that committee.
    assert office_notice.issuing_authority == "VĂN PHÒNG UBND TỈNH HÀ NAM"
    # `đồng chí A, Phó Chủ tịch UBND tỉnh, Trưởng Ban …`: the first title after the name is the chair's.
    assert (office_notice.meeting_on, office_notice.chaired_by) == (
        date(2024, 4, 15),
        "Phó Chủ tịch UBND tỉnh Nguyễn Văn An",
    )
    assert (office_notice.signed_by, office_notice.signer_title) == ("Trần Thị Thu", "Phó Chánh Văn phòng")


def test_a_distribution_list_expands_its_groups_and_leaves_out_people_and_the_archive(office_notice):
    # `Các sở: TC, XD, KH&CN` are departments by their short forms; `UBND các địa phương: A, B` names
    # committees of places whose kind it does not say; `CT, các PCT UBND tỉnh` are people, `Lưu` the archive;
    # `(b/c)` is a note.
    assert office_notice.distribution_list == [
        "TT Tỉnh ủy",
        "TT HĐND tỉnh",
        "Sở Tài chính",
        "Sở Xây dựng",
        KH_CN,
        "UBND Kim Bảng",
        "UBND Duy Tiên",
        "Ban QLDA ĐTXD tỉnh",
    ]


def test_a_notices_items_numbered_1_1_under_1_with_a_heading_that_passes_its_agencies_down(office_notice):
    rows_of = rows(office_notice)
    unnamed = ["unnamed_supporting_agencies"]
    kim_bang = ["UBND huyện Kim Bảng"]

    assert rows_of == {
        "1": (None, True, [], [], "", None, "none", []),
        # 10 working days from Thursday 18/4/2024: 29/4 (in lieu), 30/4 and 1/5 are days off. A later sentence
        # gives a part of the work to another department: both lead.
        "1.1": (
            "1",
            False,
            ["Sở Tài chính", "Sở Xây dựng"],
            [],
            "trong 10 ngày làm việc",
            date(2024, 5, 6),
            "none",
            [],
        ),
        # The name ends before its verb (`… Công nghệ xây dựng Đề án`); `trước mùa mưa lũ` beside a date
        # describes, it does not compete.
        "1.2": ("1", False, [KH_CN], [], "xong trong tháng 6/2024", date(2024, 6, 30), "none", []),
        "2": (None, True, [BAN_QLDA_TINH], kim_bang, "", None, "none", unnamed),
        # `(trước ngày 05 hằng tháng)` says the same as `Hằng tháng`: no competition.
        "2.1": ("2", False, [BAN_QLDA_TINH], kim_bang, "Hằng tháng", None, "monthly", unnamed),
        "2.2": (
            "2",
            False,
            [BAN_QLDA_TINH],
            kim_bang,
            "xong trước 15/6/2024",
            date(2024, 6, 15),
            "none",
            unnamed,
        ),
        # A section that is a task takes its title from its words, not from its heading.
        "3": (None, False, ["Văn phòng UBND tỉnh"], [], "định kỳ hằng quý", None, "quarterly", []),
    }
    assert office_notice.directives[-1].title == (
        "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện các nội dung trên, "
        "định kỳ hằng quý báo cáo"
    )


def test_a_draft_counts_no_relative_deadline_and_a_yearless_one_takes_the_notices_year():
    draft = OFFICE_NOTICE.replace("Số: 98/TB-VP", "Số: /TB-VP").replace("ngày 18 tháng 4", "ngày    tháng 4")
    notice = parse_notice(draft.replace("xong trước 15/6/2024", "xong trước ngày 15/6"))
    items = {d.number: d for d in notice.directives}

    assert (notice.number, notice.issued_on) == ("", None)
    assert (items["1.1"].deadline, items["1.1"].flags) == (None, ["relative_deadline_without_issue_date"])
    assert items["2.2"].deadline == date(2024, 6, 15)


def test_a_chairman_signs_for_the_committee():
    notice = parse_notice(
        OFFICE_NOTICE.replace(
            "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nTrần Thị Thu",
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An",
        )
    )

    assert (notice.signed_by, notice.signer_title) == ("Nguyễn Văn An", "Chủ tịch")


# ---------------------------------------------------------------------------------------------------
# Rules of the genre


MIXED_MARKERS = """
THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác y tế, giáo dục

Chủ tịch UBND tỉnh kết luận như sau:

1) Sở Y tế:
– Rà soát nhu cầu trang thiết bị y tế tuyến xã, trước ngày 15/4/2025:
+ Lập danh mục trang thiết bị còn thiếu;
+ Đề xuất nguồn kinh phí mua sắm.
– Tổng hợp kết quả, báo cáo UBND tỉnh.
2) Giao Sở Giáo dục và Đào tạo:
(a) Hoàn thành sắp xếp mạng lưới trường học trong tháng 7/2025.
(b) Tổ chức kỳ thi tuyển sinh lớp 10 an toàn, nghiêm túc.
"""


def test_markers_nest_and_number():
    notice = parse_notice(MIXED_MARKERS)

    assert [(d.number, d.parent, d.is_heading) for d in notice.directives] == [
        ("1", None, True),
        ("1.1", "1", True),
        ("1.1.1", "1.1", False),
        ("1.1.2", "1.1", False),
        ("1.2", "1", False),
        ("2", None, True),
        ("2.a", "2", False),
        ("2.b", "2", False),
    ]
    assert {d.number: d.lead for d in notice.tasks} == {
        "1.1.1": ["Sở Y tế"],
        "1.1.2": ["Sở Y tế"],
        "1.2": ["Sở Y tế"],
        "2.a": ["Sở Giáo dục và Đào tạo"],
        "2.b": ["Sở Giáo dục và Đào tạo"],
    }
    assert {d.number: d.deadline for d in notice.directives if d.deadline} == {
        "1.1": date(2025, 4, 15),
        "2.a": date(2025, 7, 31),
    }
    assert (notice.kind, notice.number, notice.place, notice.signed_by) == ("conclusion_notice", "", "", "")


COMPACT = """ỦY BAN NHÂN DÂN TỈNH BẮC GIANG
Số: 45/TB-UBND Bắc Giang, ngày 12 tháng 3 năm 2024
THÔNG BÁO
Ý kiến chỉ đạo của Chủ tịch UBND tỉnh tại buổi kiểm tra tiến độ Dự án đường vành đai IV
Sáng 10/3/2024, đồng chí Lê Ánh Dương, Chủ tịch UBND tỉnh đã kiểm tra tiến độ Dự án. Chủ tịch UBND tỉnh có ý
kiến như sau:
1. Về công tác giải phóng mặt bằng:
- Đề nghị UBND thành phố Bắc Giang khẩn trương hoàn thành trước ngày 30/4/2024.
- Sở Xây dựng (cơ quan thường trực) chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan thẩm định.
2. Đồng ý chủ trương điều chỉnh quy hoạch. Giao Sở Kế hoạch và Đầu tư hướng dẫn nhà đầu tư theo quy định./.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Mai Sơn
"""


def test_a_compact_header_a_later_assignment_and_a_vice_chairmans_signature():
    notice = parse_notice(COMPACT)

    assert (notice.number, notice.place, notice.issued_on) == ("45/TB-UBND", "Bắc Giang", date(2024, 3, 12))
    assert (notice.meeting_on, notice.chaired_by) == (date(2024, 3, 10), "Chủ tịch UBND tỉnh Lê Ánh Dương")
    assert (notice.signed_by, notice.signer_title) == ("Mai Sơn", "Phó Chủ tịch")
    assert notice.distribution_list == []
    assert [(task.number, task.lead, task.support, task.flags) for task in notice.tasks] == [
        ("1.1", ["UBND thành phố Bắc Giang"], [], []),
        ("1.2", ["Sở Xây dựng"], ["Sở Tài chính"], ["unnamed_supporting_agencies"]),
        ("2", ["Sở Kế hoạch và Đầu tư"], [], []),
    ]


def test_an_item_written_alone_takes_the_next_paragraph_as_its_text():
    notice = parse_notice(
        "Kết luận như sau:\n\n(1)\n\nSở Y tế rà soát trang thiết bị, trước ngày 15/4/2025.\n"
    )

    assert [(d.number, d.text, d.lead) for d in notice.directives] == [
        ("1", "Sở Y tế rà soát trang thiết bị, trước ngày 15/4/2025.", ["Sở Y tế"])
    ]


def test_the_closing_sentence_ends_the_directives():
    text = "1. Sở Xây dựng rà soát quy hoạch.\n\nYêu cầu các cơ quan, đơn vị triển khai thực hiện nghiêm./.\n"

    assert [d.number for d in parse_notice(text).directives] == ["1"]


def test_a_paragraph_ending_the_body_ends_the_directives():
    text = "1. Sở Xây dựng rà soát quy hoạch./.\n\n2. Nội dung khác trong phần ký\n"

    assert [d.number for d in parse_notice(text).directives] == ["1"]


def test_a_task_without_any_addressee_is_flagged():
    notice = parse_notice("Kết luận như sau:\n1. Rà soát quy hoạch các khu công nghiệp.\n")

    assert notice.tasks[0].lead == []
    assert notice.tasks[0].flags == ["no_lead_agency"]


def test_short_title_cuts_at_a_word():
    title = short_title("Sở Kế hoạch và Đầu tư có trách nhiệm chủ trì, phối hợp với " + "các cơ quan " * 20)

    assert len(title) <= 120
    assert title.endswith("các cơ quan…")
    assert short_title("Rà soát quy hoạch. Báo cáo UBND tỉnh.") == "Rà soát quy hoạch"
    assert short_title("Rà soát quy hoạch 2.252 ha; báo cáo UBND tỉnh.") == "Rà soát quy hoạch 2.252 ha"


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_not_a_notice(text):
    with pytest.raises(NotANotice):
        parse_notice(text)


def test_text_without_numbered_items_is_not_a_notice():
    text = "THÔNG BÁO\nVề việc nghỉ Tết\n\nCác cơ quan nghỉ Tết theo quy định.\n- Trực cơ quan theo lịch.\n"

    with pytest.raises(NotANotice):
        parse_notice(text)


def test_a_yearless_deadline_is_flagged_only_when_no_year_is_written_anywhere():
    without_a_year = "Kết luận như sau:\n1. Sở Xây dựng rà soát quy hoạch, trước 31/12.\n"
    with_a_meeting_year = "Ngày 12/3/2024, Chủ tịch UBND tỉnh kết luận như sau:\n" + without_a_year

    assert parse_notice(without_a_year).tasks[0].flags == ["deadline_year_unknown"]
    assert (
        parse_notice(with_a_meeting_year).tasks[0].deadline,
        parse_notice(with_a_meeting_year).tasks[0].flags,
    ) == (
        date(2024, 12, 31),
        [],
    )


def test_the_provincial_committee_gives_its_work_to_the_agency_it_names():
    notice = parse_notice(
        "Kết luận như sau:\n"
        "1. Chủ tịch UBND tỉnh giao Sở Tài chính rà soát nguồn vốn.\n"
        "2. UBND tỉnh yêu cầu các sở, ngành khẩn trương triển khai.\n"
    )

    assert [(task.lead, task.flags) for task in notice.tasks] == [
        (["Sở Tài chính"], []),
        (["các sở, ngành"], ["unnamed_lead_agencies"]),  # the committee hands the work on, unnamed
    ]


LEAD_IN_TO_THE_BOARD = """THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh
Ngày 12/3/2024, Chủ tịch UBND tỉnh chủ trì buổi làm việc. Ban Quản lý các khu công nghiệp tỉnh phải tập \
trung thực hiện các nhiệm vụ sau:
1/ Rà soát quy hoạch các khu công nghiệp.
2/ Yêu cầu UBND các huyện, thành phố rà soát quỹ đất, trước ngày 30/6/2024.
3/ Yêu cầu các chủ đầu tư hạ tầng đẩy nhanh tiến độ.
Yêu cầu các cơ quan, đơn vị tạo điều kiện cho nhà đầu tư.
4/ Sở Xây dựng hướng dẫn thủ tục.
Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện.
Nơi nhận:
- Như Mục 4;
- Các thành viên Tổ công tác;
- Các PCVP UBND tỉnh;
- Sở Xây dựng.
"""


def test_a_request_to_unnamed_bodies_of_the_state_is_theirs_not_the_addressee_of_the_list():
    notice = parse_notice(LEAD_IN_TO_THE_BOARD)

    assert [(task.number, task.lead, task.flags) for task in notice.tasks] == [
        ("1", [BQL], []),
        # the districts, unnamed: kept as written, never the Board
        ("2", ["UBND các huyện, thành phố"], ["unnamed_lead_agencies"]),
        ("3", [BQL], []),  # the Board asks the investors and answers for it
        ("4", ["Sở Xây dựng"], []),
    ]
    # A closing-like sentence between items belongs to the item above; the one after the last ends them.
    assert notice.tasks[2].text.endswith("Yêu cầu các cơ quan, đơn vị tạo điều kiện cho nhà đầu tư.")
    assert notice.tasks[3].text == "Sở Xây dựng hướng dẫn thủ tục."
    # `Như Mục 4`, members, and the office's deputies are not agencies.
    assert notice.distribution_list == ["Sở Xây dựng"]


def test_context_sections_are_skipped_whatever_they_are_called():
    text = (
        "Kết luận như sau:\nI. KHÓ KHĂN, VƯỚNG MẮC\n1. Giải phóng mặt bằng chậm.\n"
        "II. MỘT SỐ KẾT QUẢ\n1. Hoàn thành 3 dự án.\nIII. NHIỆM VỤ\n1. Sở Xây dựng rà soát quy hoạch.\n"
    )

    assert [d.number for d in parse_notice(text).directives] == ["III", "III.1"]


# ---------------------------------------------------------------------------------------------------
# Letters without numbers, grouped items, names that end at a verb


def test_a_letter_without_numbers_has_a_task_per_paragraph_that_gives_work():
    notice = parse_notice(
        "Số: 846/UBND-TH\n"
        "Kính gửi:\n- Sở Tài chính;\n- Sở Xây dựng.\n"
        "UBND tỉnh nhận được Công văn số 3145/BKHĐT ngày 15/5/2019 của Bộ Kế hoạch và Đầu tư. "
        "UBND tỉnh có ý kiến chỉ đạo như sau:\n"
        "Giao Sở Tài chính chủ trì, phối hợp Sở Xây dựng rà soát, gửi báo cáo về Sở Kế hoạch và Đầu tư "
        "trước ngày 23/5/2019. Sở Xây dựng có trách nhiệm hướng dẫn các huyện định kỳ 02 tuần/lần.\n"
        "Yêu cầu các sở, ngành tỉnh nghiêm túc thực hiện./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )

    assert [(t.number, t.lead, t.support, t.deadline, t.recurrence) for t in notice.tasks] == [
        ("¶1", ["Sở Tài chính"], ["Sở Xây dựng"], date(2019, 5, 23), "none"),  # the recipient is no supporter
        ("¶2", ["Sở Xây dựng"], [], None, "biweekly"),
    ]


def test_a_text_that_gives_nobody_anything_is_refused_saying_so():
    with pytest.raises(NotANotice, match=r"(?:no task to any agency|không giao nhiệm vụ cho cơ quan nào)"):
        parse_notice("Tình hình kinh tế của tỉnh ổn định. Các chỉ tiêu cơ bản đạt kế hoạch năm 2024.\n")


def test_an_agency_alone_on_its_line_and_giao_x_colon_lead_their_items():
    notice = parse_notice(
        "Kết luận như sau:\n"
        "1. Giao Sở Tư pháp:\na) Rà soát văn bản quy phạm pháp luật.\nb) Hướng dẫn các xã.\n"
        "2. Sở Xây dựng:\nTập trung hướng dẫn thủ tục cấp phép xây dựng.\n"
        "3. Sở Nội vụ Chủ trì, phối hợp Sở Tài chính đến 30/5/2026 phải hoàn thành việc sắp xếp.\n"
    )

    assert [(t.number, t.lead, t.support, t.deadline) for t in notice.tasks] == [
        ("1.a", ["Sở Tư pháp"], [], None),
        ("1.b", ["Sở Tư pháp"], [], None),
        ("2", ["Sở Xây dựng"], [], None),
        ("3", ["Sở Nội vụ"], ["Sở Tài chính"], date(2026, 5, 30)),
    ]


def test_a_bullet_with_works_of_different_dates_is_one_task_per_work():
    notice = parse_notice(
        "Kết luận như sau:\n"
        "1. Sở Nông nghiệp và PTNT hoàn thành kè bờ sông trong Quý 4 năm 2024; sửa chữa hồ thủy lợi "
        "xong trước ngày 30/8/2024.\n"
    )

    assert [(t.number, t.lead, t.deadline) for t in notice.tasks] == [
        # No matcher here: the department is spelled out all the same (`và PTNT` is its initials).
        ("1(a)", ["Sở Nông nghiệp và Phát triển nông thôn"], date(2024, 12, 31)),
        ("1(b)", ["Sở Nông nghiệp và Phát triển nông thôn"], date(2024, 8, 30)),
    ]


def test_a_sentence_opened_by_theo_do_gives_the_work_to_the_bodies_the_committee_asks():
    # as in Báo Bình Dương's report of the committee's letter on Nghị quyết 35/NQ-CP (tests/data/notices/11_…)
    text = (
        "UBND tỉnh vừa ban hành văn bản về việc hỗ trợ doanh nghiệp. Theo đó, UBND tỉnh yêu cầu các sở, ban, "
        "ngành của tỉnh và UBND các huyện, thị, thành phố tiếp tục chỉ đạo thực hiện nghiêm túc kế hoạch.\n"
        "Sở Kế hoạch và Đầu tư phối hợp với Sở Ngoại vụ tổ chức đối thoại định kỳ ít nhất 2 lần/năm."
    )

    tasks = parse_notice(text).tasks

    assert [(task.lead, task.support, task.recurrence) for task in tasks] == [
        (["các sở, ban, ngành của tỉnh", "UBND các huyện, thị, thành phố"], [], "none"),
        (["Sở Kế hoạch và Đầu tư"], ["Sở Ngoại vụ"], "semiannual"),
    ]


def test_the_committee_opening_a_sentence_hands_the_work_to_whom_it_gives_it_after_the_colon():
    # as in Lai Châu's Công văn 2221/UBND-TH (tests/data/notices/09_…)
    text = (
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau: Giao các sở, ngành theo chức năng, "
        "nhiệm vụ được giao, giải trình các nội dung. Báo cáo gửi về Văn phòng UBND tỉnh trước 14 giờ, "
        "ngày 05/12/2017."
    )

    [task] = parse_notice(text).tasks

    assert (task.lead, str(task.deadline)) == (["các sở, ngành"], "2017-12-05")


def test_titles_inside_a_list_of_addressees_stay_with_their_groups():
    text = (
        "Theo đó, Chủ tịch UBND tỉnh đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Thủ trưởng các sở, ban, "
        "ngành, đoàn thể tỉnh, Chủ tịch UBND các huyện, thị xã, thành phố triển khai thực hiện và báo cáo "
        "Chủ tịch UBND tỉnh (qua Sở Nội vụ)."
    )

    [task] = parse_notice(text).tasks

    assert task.lead == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Thủ trưởng các sở, ban, ngành, đoàn thể tỉnh",
        "Chủ tịch UBND các huyện, thị xã, thành phố",
    ]
    assert task.support == []  # Sở Nội vụ is where the report goes, not a supporter


def test_a_section_titled_as_an_assessment_that_asks_agencies_for_work_is_a_task_not_a_refusal():
    # as in Thanh Hóa's Chỉ thị 15/CT-UBND (tests/data/notices/23_…): the range `2016` / `- 2020` cut at a
    # line's end is no bullet either
    text = (
        "CHỈ THỊ\nVỀ LẬP KẾ HOẠCH ĐẦU TƯ CÔNG TRUNG HẠN\n"
        "I. ĐÁNH GIÁ\nTÌNH HÌNH THỰC HIỆN KẾ HOẠCH ĐẦU TƯ CÔNG TRUNG HẠN GIAI ĐOẠN 2016-2020\n"
        "Căn cứ kế hoạch phát triển kinh tế - xã hội của tỉnh; các nghị quyết về kế hoạch giai đoạn 2016\n"
        "- 2020; tình hình thực hiện năm 2019, yêu cầu các sở, ban, ngành, đơn vị cấp tỉnh, UBND các huyện, "
        "thị xã, thành phố khẩn trương đánh giá tình hình thực hiện kế hoạch.\n"
    )

    [task] = parse_notice(text).tasks

    assert (task.number, task.lead) == (
        "I",
        ["các sở, ban, ngành, đơn vị cấp tỉnh", "UBND các huyện, thị xã, thành phố"],
    )


def test_clauses_that_each_give_work_to_another_agency_are_tasks_of_their_own():
    # as in Thái Nguyên's Thông báo 81/TB-UBND quoted with cuts (tests/data/notices/17_…) and the letter on
    # the 2020 exams (18_…)
    text = (
        "Đồng chí Chủ tịch chỉ đạo rõ: “Giao cho Sở Kế hoạch - Đầu tư phối hợp với UBND huyện "
        "Võ Nhai làm rõ… giao cho Sở NNPTNT chủ trì, phối hợp với Sở TNMT… làm rõ các nội dung, "
        "báo cáo UBND tỉnh trước ngày 30-8-2011; giao cho UBND TP Thái Nguyên làm rõ việc ở HTX… "
        "báo cáo UBND tỉnh trước ngày 15-9-2011…\n"
        "Giao Sở Tài chính thẩm định các phương án tài chính; Sở Giáo dục và Đào tạo tập huấn tốt "
        "đội ngũ cán bộ làm công tác thi.\n"
    )

    tasks = parse_notice(text).tasks

    assert [(t.lead, t.support, str(t.deadline)) for t in tasks] == [
        (["Sở Kế hoạch và Đầu tư"], ["UBND huyện Võ Nhai"], "None"),
        (["Sở Nông nghiệp và Phát triển nông thôn"], ["Sở Tài nguyên và Môi trường"], "2011-08-30"),
        (["UBND thành phố Thái Nguyên"], [], "2011-09-15"),
        (["Sở Tài chính"], [], "None"),
        (["Sở Giáo dục và Đào tạo"], [], "None"),
    ]


def test_a_news_summary_before_the_directions_is_told_not_assigned():
    # Portals publish a letter as a news item: a summary sentence, the background, then the directions.
    notice = parse_notice(
        "Chủ tịch UBND tỉnh yêu cầu Sở Y tế và các đơn vị liên quan phối hợp triển khai tiêm chủng mở rộng.\n"
        "Ngày 02/3/2024, UBND tỉnh nhận được Công văn số 120/BYT-DP của Bộ Y tế về việc tiêm chủng mở rộng.\n"
        "Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:\n"
        "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch tiêm chủng, trình UBND tỉnh "
        "trước ngày 20/3/2024.\n"
    )

    assert [(t.number, t.lead, t.support, t.deadline) for t in notice.tasks] == [
        ("¶1", ["Sở Y tế"], ["Sở Tài chính"], date(2024, 3, 20)),
    ]


def test_without_an_announcement_every_paragraph_that_gives_work_is_a_task():
    notice = parse_notice(
        "Chủ tịch UBND tỉnh yêu cầu Sở Y tế rà soát danh sách cơ sở tiêm chủng trước ngày 10/3/2024.\n"
        "Giao Sở Tài chính bố trí kinh phí tiêm chủng.\n"
    )

    assert [(t.number, t.lead) for t in notice.tasks] == [("¶1", ["Sở Y tế"]), ("¶2", ["Sở Tài chính"])]


def test_a_closing_that_asks_an_agency_already_given_work_to_carry_it_out_is_no_task():
    notice = parse_notice(
        "UBND tỉnh có ý kiến như sau:\n"
        "Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính rà soát các cụm công nghiệp.\n"
        "Căn cứ nội dung này, Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Công Thương triển khai thực hiện.\n"
        "Yêu cầu Sở Xây dựng triển khai thực hiện.\n"
    )

    # The third paragraph asks the one agency not given work before: that is a task of its own.
    assert [(t.number, t.lead) for t in notice.tasks] == [
        ("¶1", ["Sở Công Thương"]),
        ("¶2", ["Sở Xây dựng"]),
    ]


def test_a_sentence_opened_by_unnamed_bodies_and_their_verb_is_a_task_of_its_own():
    # Real 18 (Thái Nguyên) has `… Các cơ quan truyền thông đẩy mạnh tuyên truyền …` after another's work.
    notice = parse_notice(
        "Giao Sở Giáo dục và Đào tạo chuẩn bị cơ sở vật chất cho kỳ thi. "
        "Các địa phương tăng cường kiểm tra an toàn thực phẩm tại các điểm thi.\n"
    )

    assert [(t.number, t.lead) for t in notice.tasks] == [
        ("¶1", ["Sở Giáo dục và Đào tạo"]),
        ("¶2", ["Các địa phương"]),
    ]
    assert "unnamed_lead_agencies" in notice.tasks[1].flags


def test_unnamed_bodies_told_of_are_no_task():
    notice = parse_notice(
        "Giao Sở Y tế kiểm tra an toàn thực phẩm. Các cơ quan báo chí đã đưa tin về kết quả kiểm tra.\n"
    )

    assert [(t.number, t.lead) for t in notice.tasks] == [("¶1", ["Sở Y tế"])]


def test_a_quantifier_glued_to_the_kind_after_it_is_read_apart():
    # Text copied from web pages loses spaces (`cácsở`, real 22).
    notice = parse_notice("Giao cácsở, ngành tỉnh rà soát các thủ tục hành chính trước ngày 30/6/2024.\n")

    assert [(t.lead, t.deadline) for t in notice.tasks] == [(["các sở, ngành tỉnh"], date(2024, 6, 30))]


# ---------------------------------------------------------------------------------------------------
# The genre's rules (domain primer) on short texts: letters, grouped items, plans written out of their table

LETTER_HEADER = "Số: 12/UBND-KT\nHà Nam, ngày 02 tháng 4 năm 2026\n"


def tasks_of(text: str) -> list[tuple]:
    return [(t.number, t.lead, t.support, t.deadline, t.recurrence) for t in parse_notice(text).tasks]


def test_de_nghi_gives_the_work_to_the_agency_it_names_and_the_report_goes_to_a_recipient():
    assert tasks_of(
        LETTER_HEADER
        + "Đề nghị Sở Xây dựng rà soát các dự án nhà ở xã hội, báo cáo UBND tỉnh (qua Sở Tài chính) "
        "trước ngày 20/4/2026.\n"
    ) == [("¶1", ["Sở Xây dựng"], [], date(2026, 4, 20), "none")]


def test_giao_unnamed_committees_colon_gives_every_bullet_to_them():
    assert tasks_of(
        LETTER_HEADER + "Giao UBND các huyện, thị xã, thành phố:\n"
        "- Rà soát quỹ đất nhà ở xã hội, xong trong tháng 5/2026.\n"
        "- Báo cáo kết quả về Sở Xây dựng trước ngày 15 hằng tháng.\n"
    ) == [
        ("¶1.1", ["UBND các huyện, thị xã, thành phố"], [], date(2026, 5, 31), "none"),
        ("¶1.2", ["UBND các huyện, thị xã, thành phố"], [], None, "monthly"),  # Sở Xây dựng receives it
    ]


def test_phoi_hop_without_voi_names_the_supporters_and_chậm_nhất_ngày_is_a_deadline():
    assert tasks_of(
        LETTER_HEADER
        + "Sở Tài chính chủ trì, phối hợp Sở Xây dựng, Sở Nội vụ rà soát định mức chi, gửi báo cáo "
        "về Văn phòng UBND tỉnh chậm nhất ngày 10/5/2026.\n"
    ) == [("¶1", ["Sở Tài chính"], ["Sở Xây dựng", "Sở Nội vụ"], date(2026, 5, 10), "none")]


@pytest.mark.parametrize(
    ("sentence", "deadline", "recurrence"),
    [
        ("Sở Y tế: đến 30/5/2026 phải hoàn thành tiêm chủng.", date(2026, 5, 30), "none"),
        ("Sở Công Thương kiểm tra thị trường, định kỳ 02 tuần/lần báo cáo UBND tỉnh.", None, "biweekly"),
        ("Sở Nội vụ định kỳ 06 tháng báo cáo kết quả.", None, "semiannual"),
        ("Sở Xây dựng báo cáo 6 tháng một lần.", None, "semiannual"),
        ("Sở Tư pháp định kỳ hằng quý tổng hợp kết quả.", None, "quarterly"),
    ],
)
def test_deadline_and_recurrence_phrases_of_real_notices(sentence, deadline, recurrence):
    notice = parse_notice(f"THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n1. {sentence}\n")

    assert [(t.deadline, t.recurrence) for t in notice.tasks] == [(deadline, recurrence)]


PLAN = (
    "KẾ HOẠCH\nTriển khai chuyển đổi số năm 2026\nI. MỤC ĐÍCH\nNâng cao hiệu quả quản lý.\nII. NHIỆM VỤ\n"
    "1. Tổ chức tập huấn chuyển đổi số cho cán bộ trong năm 2026. Cơ quan chủ trì: Sở Khoa học và Công nghệ. "
    "Cơ quan phối hợp: Sở Nội vụ, Sở Tài chính. Thời gian hoàn thành: Quý II/2026.\n"
    "2. Xây dựng kho dữ liệu dùng chung. Đơn vị chủ trì: Văn phòng UBND tỉnh; "
    "đơn vị phối hợp: các sở, ngành. Thời gian thực hiện: năm 2026.\n"
    "3. Sở Nội vụ tổ chức hội thi chuyển đổi số trong năm 2026.\n"
)


def test_a_plans_task_written_with_labels_has_its_lead_support_and_deadline():
    notice = parse_notice(PLAN)

    assert [(t.number, t.lead, t.support, t.deadline) for t in notice.tasks] == [
        ("II.1", ["Sở Khoa học và Công nghệ"], ["Sở Nội vụ", "Sở Tài chính"], date(2026, 6, 30)),
        ("II.2", ["Văn phòng UBND tỉnh"], [], None),
        ("II.3", ["Sở Nội vụ"], [], None),
    ]
    # The plan's own year competes with no real deadline, and is kept as written where it is the only one.
    assert notice.tasks[0].flags == []
    assert notice.tasks[2].deadline_text == "trong năm 2026"


def test_trong_nam_is_a_deadline_outside_a_plan_for_that_year():
    plan_for_a_period = PLAN.replace("năm 2026\nI.", "giai đoạn 2026 - 2030\nI.", 1)
    notice_text = "THÔNG BÁO\nKết luận\n1. Sở Nội vụ tổ chức hội thi chuyển đổi số trong năm 2026.\n"

    assert parse_notice(plan_for_a_period).tasks[2].deadline == date(2026, 12, 31)
    assert parse_notice(notice_text).tasks[0].deadline == date(2026, 12, 31)


LETTER = """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/UBND-KT
Hà Nam, ngày 02 tháng 4 năm 2026
V/v triển khai thực hiện Chỉ thị số 05/CT-TTg của Thủ tướng Chính phủ
Kính gửi:
- Sở Tài chính;
- UBND các huyện, thị xã, thành phố.
Thực hiện Chỉ thị số 05/CT-TTg ngày 10/3/2026 của Thủ tướng Chính phủ, Chủ tịch UBND tỉnh có ý kiến như sau:
Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát kế hoạch vốn, báo cáo trước ngày 20/4/2026.
UBND các huyện, thị xã, thành phố đẩy nhanh giải phóng mặt bằng, báo cáo trước ngày 25 hằng tháng.
Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, KT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""


@pytest.mark.parametrize(
    "text",
    [
        LETTER,
        # The subject line on the left before the date on the right, as a PDF's text layer may give them.
        LETTER.replace("Hà Nam, ngày 02 tháng 4 năm 2026\nV/v", "V/v").replace(
            "Chính phủ\nKính gửi", "Chính phủ\nHà Nam, ngày 02 tháng 4 năm 2026\nKính gửi"
        ),
    ],
)
def test_a_letter_under_its_issuers_name_is_read_not_refused(text):
    # The issuer's name at the top (`ỦY BAN NHÂN DÂN`) looks like the signature's: it must not end the body.
    notice = parse_notice(text)

    assert (notice.number, notice.kind, notice.place, notice.issued_on) == (
        "1234/UBND-KT",
        "official_letter",
        "Hà Nam",
        date(2026, 4, 2),
    )
    assert notice.title == "V/v triển khai thực hiện Chỉ thị số 05/CT-TTg của Thủ tướng Chính phủ"
    assert notice.meeting_on is None  # the date in its first sentence is the cited directive's
    assert notice.signed_by == "Nguyễn Văn Bình"
    assert [(t.number, t.lead, t.support, t.deadline, t.recurrence) for t in notice.tasks] == [
        ("¶1", ["Sở Tài chính"], ["Sở Xây dựng"], date(2026, 4, 20), "none"),
        ("¶2", ["UBND các huyện, thị xã, thành phố"], [], None, "monthly"),
    ]


def test_a_day_within_each_year_is_a_yearly_recurrence_not_a_deadline():
    notice = parse_notice(LETTER_HEADER + "Sở Nội vụ báo cáo kết quả trước ngày 15/12 hằng năm.\n")

    assert [(t.deadline, t.deadline_text, t.recurrence, t.flags) for t in notice.tasks] == [
        (None, "trước ngày 15/12 hằng năm", "yearly", [])
    ]


def test_a_line_wrapped_before_a_name_is_joined_back():
    # Copied text keeps the layout's line breaks: `… phối hợp với` ends no sentence.
    notice = parse_notice(
        LETTER_HEADER
        + "Giao Sở Tài chính chủ trì, phối hợp với\nSở Xây dựng, Sở Nội vụ rà soát định mức chi.\n"
    )

    assert [(t.number, t.lead, t.support) for t in notice.tasks] == [
        ("¶1", ["Sở Tài chính"], ["Sở Xây dựng", "Sở Nội vụ"])
    ]


def test_agencies_that_open_a_later_clause_with_their_own_work_lead_beside_the_first():
    notice = parse_notice(
        "THÔNG BÁO\nKết luận\n1. Sở Y tế hướng dẫn các cơ sở khám chữa bệnh; Sở Giáo dục và Đào tạo "
        "chỉ đạo các trường học tăng cường phòng dịch.\n"
        "2. Sở Tài chính bố trí kinh phí; Sở Xây dựng đã có ý kiến thống nhất.\n"
    )

    assert [(t.number, t.lead) for t in notice.tasks] == [
        ("1", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("2", ["Sở Tài chính"]),  # what Sở Xây dựng did is told, not given
    ]


def test_who_chaired_the_meeting_is_not_the_addressee_of_the_directives():
    notice = parse_notice(
        "THÔNG BÁO\nKết luận của Chủ tịch UBND tỉnh\n"
        "Ngày 10/3/2026, Chủ tịch UBND tỉnh chủ trì cuộc họp, kết luận như sau:\n"
        "1. Ủy ban MTTQ Việt Nam tỉnh, Tỉnh đoàn vận động nhân dân tham gia.\n"
        "2. Tăng cường công tác tuyên truyền.\n"
    )

    assert [(t.number, t.lead, t.flags) for t in notice.tasks] == [
        ("1", ["Ủy ban MTTQ Việt Nam tỉnh", "Tỉnh đoàn"], []),
        ("2", [], ["no_lead_agency"]),
    ]


PLAN_WITH_ITS_ANNEX_AS_TEXT = """ỦY BAN NHÂN DÂN TỈNH HÀ NAM
Số: 45/KH-UBND
Hà Nam, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Triển khai Đề án 06 năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Triển khai hiệu quả Đề án, giao nhiệm vụ cụ thể cho từng cơ quan.
II. NHIỆM VỤ
Chi tiết tại Phụ lục kèm theo.
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành, địa phương căn cứ nhiệm vụ được giao tại Phụ lục triển khai thực hiện.
Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
PHỤ LỤC
PHÂN CÔNG NHIỆM VỤ
| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Xây dựng cơ sở dữ liệu dân cư | Công an tỉnh | Sở Tư pháp, Sở Khoa học và Công nghệ | Quý II/2026 |
| 2 | Tuyên truyền về Đề án 06 | Sở Văn hóa, Thể thao và Du lịch | Các sở, ngành | Thường xuyên |
| 3 | Bố trí kinh phí thực hiện | Sở Tài chính | | Tháng 4/2026 |
"""


def test_a_plans_annex_copied_as_a_text_table_is_one_task_per_row():
    notice = parse_notice(PLAN_WITH_ITS_ANNEX_AS_TEXT)

    # Its purposes are context, and the section that sends the reader to the annex gives no task of its own.
    assert [(t.number, t.lead, t.support, t.deadline, t.recurrence) for t in notice.tasks] == [
        ("PL.1", ["Công an tỉnh"], ["Sở Tư pháp", "Sở Khoa học và Công nghệ"], date(2026, 6, 30), "none"),
        ("PL.2", ["Sở Văn hóa, Thể thao và Du lịch"], [], None, "ongoing"),
        ("PL.3", ["Sở Tài chính"], [], date(2026, 4, 30), "none"),
    ]
    assert (notice.kind, notice.number) == ("plan", "45/KH-UBND")


def test_a_text_table_that_is_no_table_of_tasks_is_kept_as_it_is():
    notice = parse_notice(
        "THÔNG BÁO\nKết luận\n1. Sở Tài chính tổng hợp số liệu sau:\n"
        "| Huyện | Vốn giao |\n| Kim Bảng | 10 tỷ |\n"
    )

    assert "| Kim Bảng | 10 tỷ |" in notice.tasks[0].text


def test_under_an_upper_case_heading_the_sections_words_name_its_lead():
    notice = parse_notice(
        "KẾ HOẠCH\nPhòng chống thiên tai năm 2026\nI. TỔ CHỨC THỰC HIỆN\n"
        "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các địa phương triển khai Kế hoạch này.\n"
    )

    assert [(t.number, t.lead) for t in notice.tasks] == [("I", ["Sở Nông nghiệp và Môi trường"])]


def test_a_sections_paragraphs_that_each_give_work_are_a_task_each():
    notice = parse_notice(
        "THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh\n"
        "I. ĐÁNH GIÁ CHUNG\nCông tác phòng dịch đạt kết quả.\n"
        "II. NHIỆM VỤ TRONG THỜI GIAN TỚI\n"
        "Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính giám sát dịch, xong trước ngày 15/5/2026.\n"
        "Sở Tài chính tham mưu bố trí kinh phí. Kinh phí lấy từ nguồn dự phòng ngân sách.\n"
        "UBND các huyện, thành phố chỉ đạo các xã tổ chức tiêm chủng.\n"
    )

    assert [(d.number, d.is_heading, d.lead, d.deadline) for d in notice.directives] == [
        ("II", True, [], None),
        ("II.1", False, ["Sở Y tế"], date(2026, 5, 15)),
        ("II.2", False, ["Sở Tài chính"], None),
        ("II.3", False, ["UBND các huyện, thành phố"], None),
    ]


def test_a_topic_that_names_agencies_addresses_the_items_under_it():
    notice = parse_notice(
        "CHỈ THỊ\nVề tăng cường kỷ luật hành chính\n1. Đối với các sở, ban, ngành:\n"
        "- Quán triệt Chỉ thị này đến cán bộ, công chức.\n"
        "- Báo cáo kết quả về Sở Nội vụ trước ngày 20 tháng 12 hằng năm.\n"
        "2. Về lĩnh vực y tế:\n- Sở Y tế kiểm tra các cơ sở khám chữa bệnh.\n"
    )

    assert [(t.number, t.lead, t.deadline, t.recurrence) for t in notice.tasks] == [
        ("1.1", ["các sở, ban, ngành"], None, "none"),
        ("1.2", ["các sở, ban, ngành"], None, "yearly"),  # Sở Nội vụ receives the report
        ("2.1", ["Sở Y tế"], None, "none"),  # a subject matter names no addressee
    ]
