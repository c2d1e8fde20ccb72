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


# Unnamed bodies of the state, kept as leads as the notices write them.
UNNAMED_BODIES = ["Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"]
DISTRICTS = ["UBND các huyện, thị xã, thành phố"]


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
        # Unnamed bodies lead as written, for a person to name the agencies (no agency is invented).
        "1": (
            None,
            False,
            ["Các sở, ngành, địa phương, chủ đầu tư"],
            [],
            "trong năm 2025",
            date(2025, 12, 31),
            "none",
            ["unnamed_lead_agencies"],
        ),
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


# ---------------------------------------------------------------------------------------------------
# Quảng Ninh, April 2024: a notice of another province read against the demo registry (Bắc Giang)

QUANG_NINH_NOTICE = "quang_ninh_2024_giao_thong.txt"
GTVT = "Sở Giao thông vận tải"
KH_DT = "Sở Kế hoạch và Đầu tư"
BAN_QLDA_GIAO_THONG = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
HA_LONG_QUANG_YEN = ["UBND thành phố Hạ Long", "UBND thị xã Quảng Yên"]
QUANG_NINH_DISTRIBUTION = [
    GTVT,
    "Sở Tài chính",
    KH_DT,
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
]


def quang_ninh_rows(flags: list[str]) -> dict[str, tuple]:
    """The directives of the Quảng Ninh notice, each with `flags` (what its agencies' matching adds)."""
    return {
        "1": (
            None,
            False,
            [GTVT],
            ["Sở Tài chính", KH_DT],
            "trước ngày 30/5/2024",
            date(2024, 5, 30),
            "none",
            flags,
        ),
        "2": (None, False, HA_LONG_QUANG_YEN, [], "trong quý II/2024", date(2024, 6, 30), "none", flags),
        "3": (None, True, ["Sở Xây dựng"], [], "", None, "none", flags),
        "3.a": ("3", False, ["Sở Xây dựng"], [], "trong tháng 5/2024", date(2024, 5, 31), "none", flags),
        "3.b": ("3", False, ["Sở Xây dựng"], [], "Định kỳ hằng quý", None, "quarterly", flags),
        "4": (None, False, ["Sở Tài nguyên và Môi trường"], [], "thường xuyên", None, "ongoing", flags),
        # 10 working days from Thursday 18/4: 29/4 (in lieu), 30/4 and 1/5 off, Saturday 4/5 worked.
        "5": (
            None,
            False,
            [BAN_QLDA_GIAO_THONG],
            [],
            "trong 10 ngày làm việc",
            date(2024, 5, 6),
            "none",
            flags,
        ),
    }


@pytest.fixture(scope="module")
def quang_ninh_with_the_demo_registry():
    return parse_notice(read_notice(QUANG_NINH_NOTICE), AgencyMatcher(DEMO_REGISTRY))


def test_quang_ninh_header(quang_ninh_with_the_demo_registry):
    notice = quang_ninh_with_the_demo_registry

    assert (notice.number, notice.kind, notice.place, notice.issued_on) == (
        "245/TB-UBND",
        "conclusion_notice",
        "Quảng Ninh",
        date(2024, 4, 18),
    )
    assert notice.issuing_authority == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH"
    assert notice.title == (
        "Kết luận của đồng chí Phó Chủ tịch UBND tỉnh Nguyễn Văn Thành tại cuộc họp về tiến độ các dự án "
        "giao thông trọng điểm"
    )
    assert (notice.meeting_on, notice.chaired_by) == (
        date(2024, 4, 15),
        "Phó Chủ tịch UBND tỉnh Nguyễn Văn Thành",
    )
    assert (notice.signed_by, notice.signer_title) == ("Trần Văn Lâm", "Phó Chánh Văn phòng")


def test_quang_ninh_gives_no_task_to_an_agency_of_the_demo_province(quang_ninh_with_the_demo_registry):
    notice = quang_ninh_with_the_demo_registry

    # Quảng Ninh's departments are not Bắc Giang's, though they share their names: all are unmatched.
    assert rows(notice) == quang_ninh_rows(["unmatched_agency"])
    # `UBND các địa phương: Hạ Long, Quảng Yên` gives two committees, the ones task 2 names in full;
    # `Các sở: GTVT, TC, …` the departments in full; `CT, các PCT UBND tỉnh` (people) and `Lưu` are left out.
    assert notice.distribution_list == [*QUANG_NINH_DISTRIBUTION, *HA_LONG_QUANG_YEN]
    assert notice.unmatched_agencies == [
        BAN_QLDA_GIAO_THONG,
        GTVT,
        KH_DT,
        "Sở Tài chính",
        "Sở Tài nguyên và Môi trường",
        "Sở Xây dựng",
        *HA_LONG_QUANG_YEN,
    ]


def test_quang_ninh_with_its_own_registry():
    matcher = AgencyMatcher(
        [
            KnownAgency("ubnd", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh"),
            KnownAgency("gtvt", GTVT, "Sở GTVT"),
            KnownAgency("tc", "Sở Tài chính", "STC"),
            KnownAgency("khdt", KH_DT, "Sở KH&ĐT"),
            KnownAgency("xd", "Sở Xây dựng", "SXD"),
            KnownAgency("tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
            KnownAgency("bqlda", BAN_QLDA_GIAO_THONG, "Ban QLDA ĐTXD các công trình giao thông"),
            KnownAgency("ha-long", "UBND thành phố Hạ Long", "UBND TP Hạ Long"),
            KnownAgency("quang-yen", "UBND thị xã Quảng Yên", "UBND TX Quảng Yên"),
        ]
    )
    notice = parse_notice(read_notice(QUANG_NINH_NOTICE), matcher)

    assert rows(notice) == quang_ninh_rows([])
    assert notice.distribution_list == [*QUANG_NINH_DISTRIBUTION, *HA_LONG_QUANG_YEN]
    assert notice.unmatched_agencies == []


# ---------------------------------------------------------------------------------------------------
# Lào Cai, June 2024: upper-case sections, unnamed addressees, `Đề nghị`, a second sentence's agency,
# yearless and weekly and half-yearly deadlines, a section that is a task

LAO_CAI = matcher_for(
    "Ủy ban nhân dân tỉnh Lào Cai",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Đài Khí tượng thủy văn tỉnh",
    "Văn phòng UBND tỉnh",
)
NN_PTNT = "Sở Nông nghiệp và Phát triển nông thôn"
NN_PTNT_SUPPORT = ["Sở Tài nguyên và Môi trường", "Đài Khí tượng thủy văn tỉnh"]


@pytest.fixture(scope="module")
def lao_cai():
    return parse_notice(read_notice("lao_cai_2024_phong_chong_thien_tai.txt"), LAO_CAI)


def test_lao_cai_header(lao_cai):
    assert (lao_cai.number, lao_cai.place, lao_cai.issued_on) == ("312/TB-UBND", "Lào Cai", date(2024, 6, 5))
    assert lao_cai.issuing_authority == "UBND TỈNH LÀO CAI"
    assert lao_cai.title == (
        "Kết luận của Chủ tịch UBND tỉnh tại Hội nghị triển khai nhiệm vụ phòng, chống thiên tai và tìm kiếm "
        "cứu nạn năm 2024"
    )
    # `đồng chí A, Chủ tịch UBND tỉnh, Trưởng Ban …`: the first title after the name.
    assert (lao_cai.meeting_on, lao_cai.chaired_by) == (
        date(2024, 6, 3),
        "Chủ tịch UBND tỉnh Trịnh Xuân Trường",
    )
    assert (lao_cai.signed_by, lao_cai.signer_title) == ("Hoàng Quốc Khánh", "Phó Chủ tịch")


def test_lao_cai_directives(lao_cai):
    assert rows(lao_cai) == {
        # `I. ĐÁNH GIÁ CHUNG` and its bullets are context.
        "II": (None, True, [], [], "", None, "none", []),
        # `Các sở, ban, ngành, UBND các huyện, …`: kept as written, flagged; 15/6 is of the notice's year.
        "II.1": (
            "II",
            False,
            UNNAMED_BODIES,
            [],
            "xong trước ngày 15/6",
            date(2024, 6, 15),
            "none",
            ["unnamed_lead_agencies"],
        ),
        "II.2": ("II", True, [NN_PTNT], NN_PTNT_SUPPORT, "", None, "none", []),
        "II.2.a": (
            "II.2",
            False,
            [NN_PTNT],
            NN_PTNT_SUPPORT,
            "trước ngày 30 tháng 6 năm 2024",
            date(2024, 6, 30),
            "none",
            [],
        ),
        # `trước mùa mưa lũ` beside a date describes, it does not compete.
        "II.2.b": (
            "II.2",
            False,
            [NN_PTNT],
            NN_PTNT_SUPPORT,
            "trong tháng 6/2024",
            date(2024, 6, 30),
            "none",
            [],
        ),
        "II.2.c": (
            "II.2",
            False,
            [NN_PTNT],
            NN_PTNT_SUPPORT,
            "Hằng tuần",
            None,
            "weekly",
            [],
        ),
        "II.3": (
            "II",
            False,
            ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"],
            [],
            "thường xuyên",
            None,
            "ongoing",
            ["unnamed_supporting_agencies"],
        ),
        "II.4": ("II", True, [], [], "", None, "none", []),
        "II.4.1": (
            "II.4",
            False,
            DISTRICTS,
            [],
            "chậm nhất là ngày 10/10/2024",
            date(2024, 10, 10),
            "none",
            ["unnamed_lead_agencies"],
        ),
        "II.4.2": (
            "II.4",
            False,
            DISTRICTS,
            [],
            "Định kỳ 6 tháng",
            None,
            "semiannual",
            ["unnamed_lead_agencies"],
        ),
        # A second sentence gives a part to another department: both lead. `kế hoạch năm 2025` sets nothing.
        "II.5": (
            "II",
            False,
            ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"],
            [],
            "trong tháng 9 năm 2024",
            date(2024, 9, 30),
            "none",
            [],
        ),
        "III": (None, False, ["Văn phòng UBND tỉnh"], [], "định kỳ hằng quý", None, "quarterly", []),
    }
    assert {d.number: d.title for d in lao_cai.directives}["III"] == (
        "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện các nội dung trên"
    )


def test_lao_cai_distribution_list(lao_cai):
    assert lao_cai.distribution_list == [
        "Bộ Nông nghiệp và PTNT",
        "TT Tỉnh ủy",
        "TT HĐND tỉnh",
        NN_PTNT,
        "Sở Tài nguyên và Môi trường",
        "Sở Tài chính",
        "Sở Kế hoạch và Đầu tư",
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Đài Khí tượng thủy văn tỉnh",
    ]
    assert lao_cai.unmatched_agencies == ["Bộ Nông nghiệp và PTNT", "TT HĐND tỉnh", "TT Tỉnh ủy"]


# ---------------------------------------------------------------------------------------------------
# Hải Dương, October 2024: issued by the office, `1.1.` items under `1.` headings, `Đề nghị`, a bullet
# whose second sentence gives a part to another agency, a deadline counted from another day

HAI_DUONG = matcher_for(
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Kho bạc Nhà nước Hải Dương",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Văn phòng UBND tỉnh",
)
KBNN_HAI_DUONG = "Kho bạc Nhà nước Hải Dương"
BAN_QLDA_TINH = "Ban Quản lý dự án đầu tư xây dựng tỉnh"


@pytest.fixture(scope="module")
def hai_duong():
    return parse_notice(read_notice("hai_duong_2024_giai_ngan_von.txt"), HAI_DUONG)


def test_hai_duong_header(hai_duong):
    assert (hai_duong.number, hai_duong.place, hai_duong.issued_on) == (
        "98/TB-VP",
        "Hải Dương",
        date(2024, 10, 22),
    )
    assert hai_duong.issuing_authority == "VĂN PHÒNG UBND TỈNH HẢI DƯƠNG"
    assert hai_duong.title.startswith("Ý kiến kết luận của Phó Chủ tịch Thường trực UBND tỉnh Lưu Văn Bản")
    assert (hai_duong.meeting_on, hai_duong.chaired_by) == (
        date(2024, 10, 18),
        "Phó Chủ tịch Thường trực UBND tỉnh Lưu Văn Bản",
    )
    assert (hai_duong.signed_by, hai_duong.signer_title) == ("Nguyễn Thị Thu Hương", "Phó Chánh Văn phòng")
    assert hai_duong.distribution_list == [
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài chính",
        "Sở Xây dựng",
        KBNN_HAI_DUONG,
        BAN_QLDA_TINH,
    ]
    assert hai_duong.unmatched_agencies == []


def test_hai_duong_directives(hai_duong):
    kh_dt, tc = ["Sở Kế hoạch và Đầu tư"], ["Sở Tài chính"]

    assert rows(hai_duong) == {
        "1": (None, True, [], [], "", None, "none", []),
        # `Các chủ đầu tư …`: unnamed; `trước 31/12` in the notice's year.
        "1.1": ("1", False, [], [], "trước 31/12", date(2024, 12, 31), "none", ["no_lead_agency"]),
        "1.2": (
            "1",
            False,
            kh_dt,
            ["Sở Tài chính", KBNN_HAI_DUONG],
            "xong trước ngày 15/11",
            date(2024, 11, 15),
            "none",
            [],
        ),
        "1.3": ("1", False, tc, [], "hằng tuần", None, "weekly", []),
        "1.4": ("1", False, [KBNN_HAI_DUONG], [], "", None, "none", []),
        "2": (None, True, [], [], "", None, "none", []),
        # `kế hoạch đầu tư công năm 2025` is what is planned, not when.
        "2.1": ("2", False, kh_dt, [], "trong tháng 11 năm 2024", date(2024, 11, 30), "none", []),
        "2.2": ("2", True, [BAN_QLDA_TINH], [], "", None, "none", []),
        # The Board leads its bullet; `Giao Sở Xây dựng thẩm định …` adds the department as a lead, with a
        # deadline counted from another day: two deadlines, flagged.
        "2.2.1": (
            "2.2",
            False,
            [BAN_QLDA_TINH, "Sở Xây dựng"],
            [],
            "xong trong quý I/2025",
            date(2025, 3, 31),
            "none",
            ["multiple_deadlines"],
        ),
        "2.2.2": ("2.2", False, [BAN_QLDA_TINH], [], "trong năm 2025", date(2025, 12, 31), "none", []),
        # `Thủ trưởng các sở, ngành, Chủ tịch UBND các huyện, …`: unnamed, kept as written.
        "3": (
            None,
            False,
            ["Thủ trưởng các sở, ngành", "Chủ tịch UBND các huyện, thị xã, thành phố"],
            [],
            "",
            None,
            "none",
            ["unnamed_lead_agencies"],
        ),
    }


# ---------------------------------------------------------------------------------------------------
# Bình Định, May 2024: assessment sections with items of their own, a heading addressed to unnamed
# agencies, `Giao X chủ trì, phối hợp`, department short forms in the distribution list

BINH_DINH = matcher_for(
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Sở Tài nguyên và Môi trường",
    "Công an tỉnh",
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Văn phòng UBND tỉnh",
    "UBND thị xã An Nhơn",
    "UBND huyện Tuy Phước",
)
TT_TT = "Sở Thông tin và Truyền thông"


@pytest.fixture(scope="module")
def binh_dinh():
    return parse_notice(read_notice("binh_dinh_2024_cai_cach_hanh_chinh.txt"), BINH_DINH)


def test_binh_dinh_header(binh_dinh):
    assert (binh_dinh.number, binh_dinh.place, binh_dinh.issued_on) == (
        "156/TB-UBND",
        "Bình Định",
        date(2024, 5, 24),
    )
    assert binh_dinh.issuing_authority == "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"
    assert (binh_dinh.meeting_on, binh_dinh.chaired_by) == (
        date(2024, 5, 20),
        "Chủ tịch UBND tỉnh Phạm Anh Tuấn",
    )
    assert (binh_dinh.signed_by, binh_dinh.signer_title) == ("Phạm Anh Tuấn", "Chủ tịch")
    assert binh_dinh.distribution_list == [
        "Bộ Nội vụ",
        "TT Tỉnh ủy",
        "TT HĐND tỉnh",
        "Sở Nội vụ",
        "Sở Tư pháp",
        TT_TT,
        "Sở Khoa học và Công nghệ",
        "Sở Tài nguyên và Môi trường",
        "Công an tỉnh",
        "Trung tâm Phục vụ hành chính công tỉnh",
        "Văn phòng UBND tỉnh",
    ]
    assert binh_dinh.unmatched_agencies == ["Bộ Nội vụ", "TT HĐND tỉnh", "TT Tỉnh ủy"]


def test_binh_dinh_directives(binh_dinh):
    assert rows(binh_dinh) == {
        # Sections I (`KẾT QUẢ ĐẠT ĐƯỢC`) and II (`TỒN TẠI, HẠN CHẾ`, with items) are context; the intro's
        # `Chủ tịch UBND tỉnh … chủ trì Hội nghị` addresses no directive.
        "III": (None, True, [], [], "", None, "none", []),
        "III.1": ("III", True, [], [], "", None, "none", []),
        "III.1.1": (
            "III.1",
            False,
            UNNAMED_BODIES,
            [],
            "trong quý III/2024",
            date(2024, 9, 30),
            "none",
            ["unnamed_lead_agencies"],
        ),
        "III.1.2": (
            "III.1",
            False,
            UNNAMED_BODIES,
            [],
            "thường xuyên",
            None,
            "ongoing",
            ["unnamed_lead_agencies"],
        ),
        "III.2": (
            "III",
            False,
            ["Sở Nội vụ"],
            ["Sở Tư pháp", "Văn phòng UBND tỉnh"],
            "trước ngày 15/12/2024",
            date(2024, 12, 15),
            "none",
            [],
        ),
        "III.3": ("III", True, [TT_TT], [], "", None, "none", []),
        "III.3.a": (
            "III.3",
            False,
            [TT_TT],
            [],
            "trước ngày 30 tháng 6 năm 2024",
            date(2024, 6, 30),
            "none",
            [],
        ),
        # `(trước ngày 05 hằng tháng)` says the same as `Hằng tháng`: no competition.
        "III.3.b": ("III.3", False, [TT_TT], [], "Hằng tháng", None, "monthly", []),
        # `Sở Khoa học và Công nghệ xây dựng Đề án`: the name ends before the verb `xây dựng`.
        "III.3.c": (
            "III.3",
            False,
            [TT_TT],
            ["Sở Khoa học và Công nghệ"],
            "trong năm 2024",
            date(2024, 12, 31),
            "none",
            [],
        ),
        "III.4": (
            "III",
            False,
            ["Công an tỉnh"],
            [],
            "chậm nhất là ngày 30/9/2024",
            date(2024, 9, 30),
            "none",
            [],
        ),
        "III.5": (
            "III",
            False,
            ["Trung tâm Phục vụ hành chính công tỉnh"],
            [],
            "hằng năm",
            None,
            "yearly",
            [],
        ),
        "III.6": (
            "III",
            False,
            ["UBND thị xã An Nhơn", "UBND huyện Tuy Phước"],
            ["Sở Tài nguyên và Môi trường"],
            "trong tháng 8 năm 2024",
            date(2024, 8, 31),
            "none",
            [],
        ),
    }


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


def test_short_department_names_are_written_in_full_even_when_not_in_the_registry():
    notice = parse_notice(read_notice("thanh_hoa_2025_giai_ngan_dau_tu_cong.txt"), AgencyMatcher([]))
    items = {item.number: item for item in notice.directives}
    assert items["1"].lead == ["Sở Kế hoạch và Đầu tư"]
    assert items["1"].support == ["Sở Tài chính", "Kho bạc Nhà nước tỉnh"]
    assert (items["1"].deadline_text, items["1"].recurrence) == ("trước ngày 10 hằng tháng", "monthly")
    assert items["2"].is_heading
    assert items["2.a"].lead == [] and "no_lead_agency" in items["2.a"].flags
    assert items["2.a"].deadline == date(2025, 6, 30)
    assert items["3"].lead == ["Sở Tài nguyên và Môi trường"]
    assert items["3"].support == ["UBND huyện Thọ Xuân", "UBND huyện Triệu Sơn"]
    assert items["3"].deadline == date(2025, 9, 30)
    # 15 working days from Tuesday 20/5/2025.
    assert (items["4"].lead, items["4"].deadline) == (["UBND thành phố Thanh Hóa"], date(2025, 6, 10))
    assert (notice.number, notice.issued_on, notice.meeting_on) == (
        "58/TB-UBND",
        date(2025, 5, 20),
        date(2025, 5, 16),
    )


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
