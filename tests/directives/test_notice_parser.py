from datetime import date
from pathlib import Path

import pytest

from agencies.matching import AgencyMatcher, KnownAgency
from directives.notice_parser import NotANotice, ParsedNotice, parse_notice, short_title
from tasktracker.vietnamese import fold

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
# Nghệ An, March 2025: number and date filled in, roman sections, `1.`, `a)`, `-` and `+`

NGHE_AN = matcher_for(
    "Sở Xây dựng",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Tài nguyên và Môi trường",
    "Văn phòng UBND tỉnh",
    "UBND thành phố Vinh",
    "UBND thị xã Cửa Lò",
    "UBND thị xã Hoàng Mai",
)
NGHE_AN_COMMITTEES = ["UBND thành phố Vinh", "UBND thị xã Cửa Lò", "UBND thị xã Hoàng Mai"]
NGHE_AN_PLANNING = ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]


def test_nghe_an_header():
    notice = parse_notice(read_notice("nghe_an_2025_nha_o_xa_hoi.txt"), NGHE_AN)

    assert notice.number == "123/TB-UBND"
    assert (notice.place, notice.issued_on) == ("Nghệ An", date(2025, 3, 5))
    assert notice.issuing_authority == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert notice.title == (
        "Kết luận của Phó Chủ tịch UBND tỉnh Hoàng Minh Tuấn tại cuộc họp về tiến độ thực hiện các dự án "
        "nhà ở xã hội trên địa bàn tỉnh"
    )
    assert notice.meeting_on == date(2025, 2, 28)
    assert notice.chaired_by == "Phó Chủ tịch UBND tỉnh Hoàng Minh Tuấn"
    assert (notice.signed_by, notice.signer_title) == ("Trần Thị Thu Hà", "Phó Chánh Văn phòng")
    assert notice.distribution_list == [
        "Sở Xây dựng",
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài chính",
        "Sở Tài nguyên và Môi trường",
        *NGHE_AN_COMMITTEES,
    ]
    assert notice.unmatched_agencies == []


def test_nghe_an_directives():
    notice = parse_notice(read_notice("nghe_an_2025_nha_o_xa_hoi.txt"), NGHE_AN)
    xd = ["Sở Xây dựng"]

    assert rows(notice) == {
        # The assessment section I and its bullets are context, not tasks.
        "II": (None, True, [], [], "", None, "none", []),
        "II.1": ("II", True, xd, [], "", None, "none", []),
        "II.1.a": (
            "II.1",
            False,
            xd,
            ["Sở Tài chính", "Sở Tài nguyên và Môi trường"],
            "trước ngày 15/4/2025",
            date(2025, 4, 15),
            "none",
            [],
        ),
        "II.1.b": ("II.1", False, xd, [], "Hằng quý", None, "quarterly", []),
        "II.1.c": ("II.1", False, xd, [], "trong quý II/2025", date(2025, 6, 30), "none", []),
        "II.2": (
            "II",
            False,
            ["Sở Tài nguyên và Môi trường"],
            ["UBND thành phố Vinh"],
            "trong 05 ngày làm việc",
            date(2025, 3, 12),
            "none",
            [],
        ),
        "II.3": ("II", True, NGHE_AN_PLANNING, [], "", None, "none", []),
        "II.3.1": ("II.3", False, NGHE_AN_PLANNING, [], "trong năm 2025", date(2025, 12, 31), "none", []),
        "II.3.2": (
            "II.3",
            False,
            NGHE_AN_PLANNING,
            [],
            "xong trước 30/6/2025",
            date(2025, 6, 30),
            "none",
            [],
        ),
        "II.4": ("II", True, NGHE_AN_COMMITTEES, [], "", None, "none", []),
        "II.4.1": ("II.4", False, NGHE_AN_COMMITTEES, [], "thường xuyên", None, "ongoing", []),
        "II.4.2": ("II.4", True, NGHE_AN_COMMITTEES, [], "", None, "none", []),
        "II.4.2.1": (
            "II.4.2",
            False,
            NGHE_AN_COMMITTEES,
            [],
            "trước ngày 31 tháng 3 năm 2025",
            date(2025, 3, 31),
            "none",
            [],
        ),
        "II.4.2.2": (
            "II.4.2",
            False,
            NGHE_AN_COMMITTEES,
            [],
            "trong tháng 4/2025",
            date(2025, 4, 30),
            "none",
            [],
        ),
        "II.5": ("II", False, ["Văn phòng UBND tỉnh"], [], "định kỳ hằng tháng", None, "monthly", []),
    }


# ---------------------------------------------------------------------------------------------------
# Bắc Ninh, August 2025 (after the merger): a draft, `1.1.` numbers, unnamed addressees

BAC_NINH = matcher_for(
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Công an tỉnh",
    BQL,
    "UBND phường Việt Yên",
    "UBND phường Nếnh",
    "UBND phường Vân Hà",
    "Văn phòng UBND tỉnh",
)
NN_MT = "Sở Nông nghiệp và Môi trường"
BAC_NINH_WARDS = ["UBND phường Việt Yên", "UBND phường Nếnh", "UBND phường Vân Hà"]


def test_bac_ninh_header():
    notice = parse_notice(read_notice("bac_ninh_2025_moi_truong_kcn.txt"), BAC_NINH)

    assert (notice.number, notice.place, notice.issued_on) == ("", "Bắc Ninh", None)
    assert notice.issuing_authority == "UBND TỈNH BẮC NINH"
    assert notice.title.startswith(
        "Ý kiến kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về công tác bảo vệ"
    )
    assert notice.meeting_on == date(2025, 8, 14)
    assert notice.chaired_by == "Phó Chủ tịch UBND tỉnh Ngô Thành Trung"
    assert (notice.signed_by, notice.signer_title) == ("Nguyễn Thị Mai", "Chánh Văn phòng")
    assert notice.distribution_list == [
        "TT Tỉnh ủy",
        "TT HĐND tỉnh",
        NN_MT,
        "Sở Tài chính",
        "Sở Xây dựng",
        "Sở Công Thương",
        "Công an tỉnh",
        BQL,
        *BAC_NINH_WARDS,
        "Văn phòng UBND tỉnh",
    ]
    assert notice.unmatched_agencies == ["TT HĐND tỉnh", "TT Tỉnh ủy"]


def test_bac_ninh_directives():
    notice = parse_notice(read_notice("bac_ninh_2025_moi_truong_kcn.txt"), BAC_NINH)

    assert rows(notice) == {
        "1": (None, True, [NN_MT], [], "", None, "none", []),
        "1.1": ("1", False, [NN_MT], [BQL], "trước 30/9/2025", date(2025, 9, 30), "none", []),
        "1.2": ("1", False, [NN_MT], [], "trong tháng 10/2025", date(2025, 10, 31), "none", []),
        "1.3": ("1", False, [NN_MT], [], "Định kỳ hằng quý", None, "quarterly", []),
        "2": (None, True, [BQL], [], "", None, "none", []),
        # `Yêu cầu các chủ đầu tư …` under the Board: the Board asks them, the Board leads.
        "2.1": ("2", False, [BQL], [], "trước ngày 31/12/2025", date(2025, 12, 31), "none", []),
        "2.2": ("2", False, [BQL], ["Công an tỉnh", NN_MT], "thường xuyên", None, "ongoing", []),
        "3": (
            None,
            False,
            ["Sở Tài chính"],
            ["Sở Xây dựng", NN_MT],
            "trong 10 ngày",
            None,
            "none",
            ["relative_deadline_without_issue_date"],
        ),
        "4": (None, False, BAC_NINH_WARDS, [], "trước quý IV/2025", date(2025, 9, 30), "none", []),
        "5": (
            None,
            False,
            ["Công an tỉnh"],
            [],
            "trong 6 tháng cuối năm 2025",
            date(2025, 12, 31),
            "none",
            [],
        ),
        "6": (
            None,
            False,
            ["Sở Công Thương", "Sở Xây dựng"],
            [],
            "vào cuối năm 2025",
            None,
            "none",
            ["vague_deadline"],
        ),
    }


# ---------------------------------------------------------------------------------------------------
# Thái Nguyên, April 2025: `1)`, `a)` and `•`, a heading's supports passed down, an unnamed addressee

THAI_NGUYEN = matcher_for(
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Kho bạc Nhà nước khu vực VI",
    "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
    "UBND thành phố Phổ Yên",
    "UBND huyện Phú Bình",
    "Văn phòng UBND tỉnh",
)
BAN_QLDA = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
PHU_BINH_PHO_YEN = ["UBND huyện Phú Bình", "UBND thành phố Phổ Yên"]
UNNAMED = ["unnamed_supporting_agencies"]


def test_thai_nguyen_header():
    notice = parse_notice(read_notice("thai_nguyen_2025_dau_tu_cong.txt"), THAI_NGUYEN)

    assert (notice.number, notice.place, notice.issued_on) == ("87/TB-UBND", "Thái Nguyên", date(2025, 4, 10))
    assert notice.meeting_on == date(2025, 4, 7)
    assert notice.chaired_by == "Chủ tịch UBND tỉnh Phạm Quang Vinh"
    assert (notice.signed_by, notice.signer_title) == ("Lương Văn Khánh", "Phó Chánh Văn phòng")
    assert notice.distribution_list == [
        "Sở Tài chính",
        "Sở Xây dựng",
        NN_MT,
        "Kho bạc Nhà nước khu vực VI",
        BAN_QLDA,
    ]
    assert notice.unmatched_agencies == []


def test_thai_nguyen_directives():
    notice = parse_notice(read_notice("thai_nguyen_2025_dau_tu_cong.txt"), THAI_NGUYEN)
    tc = ["Sở Tài chính"]

    assert rows(notice) == {
        "1": (None, False, [], [], "trong năm 2025", date(2025, 12, 31), "none", ["no_lead_agency"]),
        "2": (None, True, tc, [], "", None, "none", []),
        "2.a": ("2", False, tc, [], "chậm nhất ngày 20/5/2025", date(2025, 5, 20), "none", []),
        "2.b": ("2", False, tc, [], "Định kỳ hằng tháng", None, "monthly", []),
        "3": (
            None,
            False,
            [NN_MT, "UBND thành phố Phổ Yên"],
            [],
            "trong quý 2 năm 2025",
            date(2025, 6, 30),
            "none",
            [],
        ),
        "4": (None, True, [BAN_QLDA], PHU_BINH_PHO_YEN, "", None, "none", UNNAMED),
        "4.1": ("4", False, [BAN_QLDA], PHU_BINH_PHO_YEN, "Thường xuyên", None, "ongoing", UNNAMED),
        "4.2": (
            "4",
            False,
            [BAN_QLDA],
            PHU_BINH_PHO_YEN,
            "xong trước 15/6/2025",
            date(2025, 6, 15),
            "none",
            UNNAMED,
        ),
        "5": (
            None,
            False,
            ["Văn phòng UBND tỉnh"],
            [],
            "vào cuối năm 2025",
            None,
            "none",
            ["vague_deadline"],
        ),
    }


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
