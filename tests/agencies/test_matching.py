import unicodedata

import pytest

from agencies.matching import (
    AgencyMatcher,
    AgencyRun,
    KnownAgency,
    agency_key,
    is_unnamed_agency,
    read_agency_run,
    split_agency_list,
    starts_like_agency,
)

BAC_GIANG = [
    KnownAgency("bql", "Ban Quản lý các khu công nghiệp tỉnh", "BQL KCN"),
    KnownAgency("khdt", "Sở Kế hoạch và Đầu tư"),
    KnownAgency("xd", "Sở Xây dựng"),
    KnownAgency("tnmt", "Sở Tài nguyên và Môi trường"),
    KnownAgency("ct", "Sở Công Thương"),
    KnownAgency("tc", "Sở Tài chính"),
    KnownAgency("nv", "Sở Nội vụ"),
    KnownAgency("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn"),
    KnownAgency("ldtbxh", "Sở Lao động - Thương binh và Xã hội"),
    KnownAgency("ca", "Công an tỉnh"),
    KnownAgency("vp", "Văn phòng UBND tỉnh"),
    KnownAgency("hiep-hoa", "UBND huyện Hiệp Hòa"),
    KnownAgency("tan-yen", "UBND huyện Tân Yên"),
    KnownAgency("yen-dung", "UBND huyện Yên Dũng"),
    KnownAgency("viet-yen", "UBND thị xã Việt Yên"),
    KnownAgency("nam-song-thuong", "Công ty TNHH MTV Khai thác công trình thủy lợi Nam Sông Thương"),
    KnownAgency("bac-song-thuong", "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương"),
]


@pytest.fixture(scope="module")
def matcher():
    return AgencyMatcher(BAC_GIANG)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Ban Quản lý các khu công nghiệp tỉnh", "bql"),
        ("BQL các KCN", "bql"),
        ("Ban Quản lý các KCN tỉnh", "bql"),
        ("Ban quản lý các khu công nghiệp tỉnh Bắc Giang", "bql"),
        ("BQL KCN", "bql"),
        ("Sở KH&ĐT", "khdt"),
        ("Sở KH & ĐT", "khdt"),
        ("Sở KHĐT", "khdt"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BẮC GIANG", "khdt"),
        ("sở  kế hoạch   và đầu tư", "khdt"),
        ("Sở TN&MT", "tnmt"),
        ("Sở TNMT", "tnmt"),
        ("Sở NN&PTNT", "nnptnt"),
        ("Sở LĐ-TB&XH", "ldtbxh"),
        ("Sở LĐTBXH", "ldtbxh"),
        ("Sở Lao động, Thương binh và Xã hội", "ldtbxh"),
        ("Công an tỉnh Bắc Giang", "ca"),
        ("Công an tỉnh", "ca"),
        ("VP UBND tỉnh", "vp"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "vp"),
        ("Văn phòng Uỷ ban nhân dân tỉnh Bắc Giang", "vp"),
        ("Ủy ban nhân dân huyện Hiệp Hoà", "hiep-hoa"),
        ("UBND huyện Hiệp Hòa", "hiep-hoa"),
        ("Công ty TNHH MTV KTCT thủy lợi Nam Sông Thương", "nam-song-thuong"),
        ("Công ty TNHH MTV KTCT thuỷ lợi Bắc Sông Thương", "bac-song-thuong"),
        ("**Sở Tài chính**", "tc"),
    ],
)
def test_match_finds_the_agency_however_it_is_written(matcher, written, key):
    assert matcher.match(written).key == key


def test_match_ignores_the_unicode_normal_form(matcher):
    assert matcher.match(unicodedata.normalize("NFD", "Sở Tài nguyên và Môi trường")).key == "tnmt"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("UBND Việt Yên", "viet-yen"),
        ("Ủy ban nhân dân Việt Yên", "viet-yen"),
        ("UBND huyện Việt Yên", "viet-yen"),  # a district-level committee under its former kind
        ("UBND Tân Yên", "tan-yen"),
    ],
)
def test_a_peoples_committee_is_found_by_its_place(matcher, written, key):
    assert matcher.match(written).key == key


@pytest.mark.parametrize(
    "written",
    [
        "UBND xã Việt Yên",  # a commune is never taken for the district-level committee
        "Sở Y tế",
        "Sở",
        "",
        "cơ quan liên quan",
        "UBND Sông Thương",
    ],
)
def test_match_returns_none_for_what_it_does_not_know(matcher, written):
    assert matcher.match(written) is None


def test_match_never_guesses_between_two_agencies():
    matcher = AgencyMatcher(
        [
            KnownAgency(1, "Sở Tài chính"),
            KnownAgency(2, "Sở Tài chính tỉnh Bắc Giang", aliases=("STC",)),
            KnownAgency(3, "UBND huyện Yên Thế"),
            KnownAgency(4, "UBND xã Yên Thế"),
        ]
    )

    assert matcher.match("Sở Tài chính") is None
    assert matcher.match("STC").key == 2
    assert matcher.match("UBND Yên Thế") is None
    assert matcher.match("UBND huyện Yên Thế").key == 3
    assert matcher.match("Ủy ban nhân dân xã Yên Thế").key == 4


@pytest.mark.parametrize(
    ("known", "written"),
    [
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở VHTTDL", "Sở Văn hoá, Thể thao và Du lịch"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("BQL KKT", "Ban Quản lý Khu kinh tế"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh Nghệ An"),
        (
            "Ban QLDA ĐTXD các công trình giao thông",
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông",
        ),
    ],
)
def test_abbreviations_match_both_ways(known, written):
    assert AgencyMatcher([KnownAgency("a", known)]).match(written).key == "a"
    assert AgencyMatcher([KnownAgency("a", written)]).match(known).key == "a"


def test_agency_key_is_the_compared_form():
    assert agency_key("UBND thị xã Việt Yên") == "uy ban nhan dan thi xa viet yen"
    assert agency_key("Ban Quản lý các KCN tỉnh") == agency_key("BQL khu công nghiệp")
    assert agency_key("Văn phòng Tỉnh ủy") == "van phong tinh uy"  # `Tỉnh ủy` is no province suffix


# ---------------------------------------------------------------------------------------------------
# Lists


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "UBND các huyện, thị xã (Hiệp Hòa, Tân Yên, Yên Dũng, Việt Yên)",
            ["UBND Hiệp Hòa", "UBND Tân Yên", "UBND Yên Dũng", "UBND Việt Yên"],
        ),
        ("UBND các huyện, thị xã: Hiệp Hòa, Tân Yên", ["UBND Hiệp Hòa", "UBND Tân Yên"]),
        (
            "UBND các huyện: Lục Nam, Lạng Giang và Yên Thế",
            ["UBND huyện Lục Nam", "UBND huyện Lạng Giang", "UBND huyện Yên Thế"],
        ),
        (
            "UBND các huyện: Hiệp Hòa, Tân Yên và thị xã Việt Yên",
            ["UBND huyện Hiệp Hòa", "UBND huyện Tân Yên", "UBND thị xã Việt Yên"],
        ),
        ("UBND các phường (*Việt Yên, Nếnh*)", ["UBND phường Việt Yên", "UBND phường Nếnh"]),
        ("Sở Tài chính, Sở Xây dựng và Sở Công Thương", ["Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"]),
        (
            "Sở Kế hoạch và Đầu tư, Sở Nông nghiệp và Phát triển nông thôn",
            ["Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn"],
        ),
        ("các Sở: Tài chính, Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        (
            "Các cơ quan: Kế hoạch và Đầu tư, Xây dựng, Công an tỉnh, Ban Quản lý các KCN tỉnh",
            ["Sở Kế hoạch và Đầu tư", "Sở Xây dựng", "Công an tỉnh", "Ban Quản lý các KCN tỉnh"],
        ),
        ("Các sở: Văn hóa, Thể thao và Du lịch, Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
        ("Sở Văn hóa, Thể thao và Du lịch; Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
        ("Công ty A; Công ty B;", ["Công ty A", "Công ty B"]),
        ("Sở Xây dựng và các cơ quan liên quan", ["Sở Xây dựng"]),
        ("Sở Tài chính cùng Sở Xây dựng", ["Sở Tài chính", "Sở Xây dựng"]),
        ("UBND các huyện, thành phố", []),
        ("các sở, ban, ngành, địa phương liên quan", []),
        ("", []),
    ],
)
def test_split_agency_list(text, names):
    assert split_agency_list(text) == names


@pytest.mark.parametrize(
    ("text", "names", "unnamed", "rest"),
    [
        (
            "Ban Quản lý các khu công nghiệp tỉnh, Sở Xây dựng, cơ quan, địa phương liên quan rà soát, lập",
            ("Ban Quản lý các khu công nghiệp tỉnh", "Sở Xây dựng"),
            True,
            "rà soát, lập",
        ),
        ("các sở, ngành, địa phương thực hiện tốt chức năng", (), True, "thực hiện tốt chức năng"),
        ("cơ quan liên quan tích cực tham mưu", (), True, "tích cực tham mưu"),
        ("cơ quan, Sở Xây dựng rà soát", ("Sở Xây dựng",), True, "rà soát"),
        (
            "UBND các huyện, thị xã (Hiệp Hòa, Việt Yên): Tiếp tục tập trung",
            ("UBND Hiệp Hòa", "UBND Việt Yên"),
            False,
            "Tiếp tục tập trung",
        ),
        (
            "UBND các huyện: Hiệp Hòa, Tân Yên tiếp tục chỉ đạo",
            ("UBND huyện Hiệp Hòa", "UBND huyện Tân Yên"),
            False,
            "tiếp tục chỉ đạo",
        ),
        (
            "Sở Tài nguyên và Môi trường rà soát những nội dung",
            ("Sở Tài nguyên và Môi trường",),
            False,
            "rà soát những nội dung",
        ),
        (
            "Sở Kế hoạch và Đầu tư có trách nhiệm chủ trì",
            ("Sở Kế hoạch và Đầu tư",),
            False,
            "có trách nhiệm chủ trì",
        ),
        ("Sở Xây dựng xây dựng kế hoạch", ("Sở Xây dựng",), False, "xây dựng kế hoạch"),
        ("Sở Tài chính và Sở Xây dựng chủ trì", ("Sở Tài chính", "Sở Xây dựng"), False, "chủ trì"),
        ("Giám đốc Sở Y tế chỉ đạo", ("Sở Y tế",), False, "chỉ đạo"),
        ("Cần cập nhật xu thế phát triển", (), False, "Cần cập nhật xu thế phát triển"),
        ("Tổ chức xây dựng hệ thống kết nối", (), False, "Tổ chức xây dựng hệ thống kết nối"),
        ("Ban hành kế hoạch", (), False, "Ban hành kế hoạch"),
    ],
)
def test_read_agency_run(text, names, unnamed, rest):
    assert read_agency_run(text) == AgencyRun(names, unnamed, rest)


def test_read_agency_run_takes_the_longest_name_the_matcher_knows():
    matcher = AgencyMatcher(
        [KnownAgency(1, "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh")]
    )
    text = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chủ trì"

    assert read_agency_run(text).names == ("Ban Quản lý dự án đầu tư",)  # without it: cut at a verb
    assert read_agency_run(text, matcher).names == (
        "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Y tế", True),
        ("Sở Xây dựng rà soát", True),
        ("Ban Dân tộc", True),
        ("Ban Quản lý các khu công nghiệp", True),
        ("UBND các huyện", True),
        ("Công an tỉnh", True),
        ("Thanh tra tỉnh", True),
        ("Kho bạc Nhà nước khu vực VI", True),
        ("Ban hành kế hoạch", False),
        ("Bảo đảm an toàn", False),
        ("Bố trí vốn", False),
        ("Số liệu thống kê", False),
        ("Thanh tra việc sử dụng đất", False),
        ("Trường hợp cần thiết", False),
        ("Tổ chức hội nghị", False),
    ],
)
def test_starts_like_agency(text, expected):
    assert starts_like_agency(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cơ quan liên quan", True),
        ("các sở, ngành", True),
        ("địa phương", True),
        ("các đơn vị có liên quan", True),
        ("Sở Xây dựng", False),
        ("Tổ chức xây dựng", False),
        ("Ban hành", False),
    ],
)
def test_is_unnamed_agency(text, expected):
    assert is_unnamed_agency(text) is expected
