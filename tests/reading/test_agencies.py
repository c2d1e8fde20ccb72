import unicodedata

import pytest

from reading.agencies import (
    AgencyMatcher,
    AgencyRun,
    KnownAgency,
    agency_key,
    is_unnamed_agency,
    province_of,
    read_agency_run,
    spelled_out,
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
        ("UBND các địa phương: Hạ Long, Quảng Yên", ["UBND Hạ Long", "UBND Quảng Yên"]),
        (
            "Các sở: GTVT, TC, KH&ĐT, XD, TN&MT",
            [
                "Sở Giao thông vận tải",
                "Sở Tài chính",
                "Sở Kế hoạch và Đầu tư",
                "Sở Xây dựng",
                "Sở Tài nguyên và Môi trường",
            ],
        ),
        (
            "Các sở: NV, CT, NN&PTNT, LĐ-TB&XH, YT, GD&ĐT, VH,TT&DL, TTTT, KHCN, TP",
            [
                "Sở Nội vụ",
                "Sở Công Thương",
                "Sở Nông nghiệp và Phát triển nông thôn",
                "Sở Lao động - Thương binh và Xã hội",
                "Sở Y tế",
                "Sở Giáo dục và Đào tạo",
                "Sở Văn hóa, Thể thao và Du lịch",
                "Sở Thông tin và Truyền thông",
                "Sở Khoa học và Công nghệ",
                "Sở Tư pháp",
            ],
        ),
        ("các sở, ban, ngành tỉnh", []),
        ("UBND các địa phương", []),
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
        (
            "Các sở: Tài chính, Xây dựng, Công Thương theo chức năng",
            ("Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"),
            False,
            "theo chức năng",
        ),
        (
            "các cơ quan: Công an tỉnh, TN&MT và Xây dựng phối hợp",
            ("Công an tỉnh", "Sở Tài nguyên và Môi trường", "Sở Xây dựng"),
            False,
            "phối hợp",
        ),
        (
            "Các sở, ban, ngành, UBND các huyện, thị xã, thành phố căn cứ chức năng",
            (),
            True,
            "căn cứ chức năng",
        ),
        ("Giám đốc Sở Y tế chỉ đạo", ("Sở Y tế",), False, "chỉ đạo"),
        ("Cần cập nhật xu thế phát triển", (), False, "Cần cập nhật xu thế phát triển"),
        ("Tổ chức xây dựng hệ thống kết nối", (), False, "Tổ chức xây dựng hệ thống kết nối"),
        ("Ban hành kế hoạch", (), False, "Ban hành kế hoạch"),
    ],
)
def test_read_agency_run(text, names, unnamed, rest):
    run = read_agency_run(text)
    assert (run.names, run.unnamed, run.rest) == (names, unnamed, rest)


def test_read_agency_run_takes_the_longest_name_the_matcher_knows():
    matcher = AgencyMatcher([KnownAgency(1, "Ban Quản lý dự án"), KnownAgency(2, "Sở Y tế")])

    # The shorter known name is no name here: the words after it go on with the name.
    assert read_agency_run("Ban Quản lý dự án đầu tư xây dựng tỉnh chủ trì", matcher).names == (
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    )
    # A known name ends before a verb no list holds.
    assert read_agency_run("Sở Y tế nâng cấp trạm y tế xã", matcher).names == ("Sở Y tế",)


@pytest.mark.parametrize(
    ("text", "name", "rest"),
    [
        # Words of a name that elsewhere start a predicate (`xây dựng`, `trình`, `giao`) stay in it.
        (
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh hoàn thành hồ sơ",
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
            "hoàn thành hồ sơ",
        ),
        (
            "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh chủ trì",
            "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
            "chủ trì",
        ),
        (
            "Trung tâm Dịch vụ việc làm tỉnh mở phiên giao dịch",
            "Trung tâm Dịch vụ việc làm tỉnh",
            "mở phiên giao dịch",
        ),
        # A place ends a name; `xã hội` is no commune, `Tỉnh ủy` no province.
        ("Công an tỉnh tăng cường tuần tra", "Công an tỉnh", "tăng cường tuần tra"),
        ("Bảo hiểm xã hội tỉnh nâng cao chất lượng", "Bảo hiểm xã hội tỉnh", "nâng cao chất lượng"),
        ("UBND tỉnh Quảng Ninh chỉ đạo", "UBND tỉnh Quảng Ninh", "chỉ đạo"),
        ("UBND thành phố Hạ Long đẩy nhanh", "UBND thành phố Hạ Long", "đẩy nhanh"),
        ("UBND TP. Hạ Long chủ trì", "UBND TP. Hạ Long", "chủ trì"),  # `TP.` ends no sentence
        # A department every province has ends where its name does, whatever verb follows.
        ("Sở Giao thông vận tải nâng cấp tuyến đường", "Sở Giao thông vận tải", "nâng cấp tuyến đường"),
        ("Sở Tài chính tỉnh Hà Tĩnh thẩm định", "Sở Tài chính tỉnh Hà Tĩnh", "thẩm định"),
        ("Sở Văn hóa, Thể thao và Du lịch nâng cấp", "Sở Văn hóa, Thể thao và Du lịch", "nâng cấp"),
    ],
)
def test_read_agency_run_ends_the_name_where_the_predicate_starts(text, name, rest):
    assert read_agency_run(text) == AgencyRun((name,), False, rest)


# The demo registry (agencies/data/bac_giang_2024.json), as the importer's matcher sees it.
DEMO_REGISTRY = [
    KnownAgency(
        "ubnd",
        "Ủy ban nhân dân tỉnh Bắc Giang",
        "UBND tỉnh",
        ("UBND tỉnh Bắc Giang", "Chủ tịch, các PCT UBND tỉnh"),
    ),
    KnownAgency("vp", "Văn phòng UBND tỉnh", "VP UBND", ("Văn phòng Ủy ban nhân dân tỉnh",)),
    KnownAgency(
        "bql",
        "Ban Quản lý các khu công nghiệp tỉnh",
        "BQL KCN",
        ("Ban Quản lý các KCN tỉnh", "BQL các KCN", "BQL các khu công nghiệp tỉnh"),
    ),
    KnownAgency("khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ("Sở KHĐT", "Kế hoạch và Đầu tư")),
    KnownAgency("xd", "Sở Xây dựng", "SXD"),
    KnownAgency("tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT", ("Sở TNMT",)),
    KnownAgency("ct", "Sở Công Thương", "SCT"),
    KnownAgency("tc", "Sở Tài chính", "STC"),
    KnownAgency("nv", "Sở Nội vụ", "SNV"),
    KnownAgency("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", ("Sở NNPTNT",)),
    KnownAgency("ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", ("Sở LĐTBXH",)),
    KnownAgency("ca", "Công an tỉnh", "CA tỉnh", ("Công an tỉnh Bắc Giang",)),
    KnownAgency("hiep-hoa", "UBND huyện Hiệp Hòa", "UBND Hiệp Hòa", ("Ủy ban nhân dân huyện Hiệp Hòa",)),
    KnownAgency("tan-yen", "UBND huyện Tân Yên", "UBND Tân Yên", ("Ủy ban nhân dân huyện Tân Yên",)),
    KnownAgency("yen-dung", "UBND huyện Yên Dũng", "UBND Yên Dũng", ("Ủy ban nhân dân huyện Yên Dũng",)),
    KnownAgency("viet-yen", "UBND thị xã Việt Yên", "UBND Việt Yên", ("Ủy ban nhân dân thị xã Việt Yên",)),
    KnownAgency(
        "nam-song-thuong",
        "Công ty TNHH MTV Khai thác công trình thủy lợi Nam Sông Thương",
        "Cty KTCTTL Nam Sông Thương",
        ("Công ty TNHH MTV KTCT thủy lợi Nam Sông Thương",),
    ),
    KnownAgency(
        "bac-song-thuong",
        "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương",
        "Cty KTCTTL Bắc Sông Thương",
        ("Công ty TNHH MTV KTCT thủy lợi Bắc Sông Thương",),
    ),
]


@pytest.fixture(scope="module")
def demo_matcher():
    return AgencyMatcher(DEMO_REGISTRY)


@pytest.mark.parametrize(
    "written",
    [
        "UBND",
        "Ủy ban nhân dân",
        "HĐND",
        "UBND tỉnh Quảng Ninh",
        "Ủy ban nhân dân tỉnh Hà Tĩnh",
        "Công an tỉnh Quảng Ninh",
        "Văn phòng UBND tỉnh Quảng Ninh",
        "UBND thành phố Hạ Long",
        "CT, các PCT UBND tỉnh",  # people, and `CT` is no Sở Công Thương outside a list of departments
    ],
)
def test_match_never_gives_a_name_to_another_body(demo_matcher, written):
    assert demo_matcher.match(written) is None


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("UBND tỉnh", "ubnd"),  # the registry's one provincial committee
        ("Ủy ban nhân dân tỉnh Bắc Giang", "ubnd"),
        ("Công an tỉnh Bắc Giang", "ca"),
        ("Văn phòng UBND tỉnh Bắc Giang", "vp"),
        ("Sở TC", "tc"),  # short forms of distribution lists, after `Sở`
        ("Sở XD", "xd"),
        ("Sở CT", "ct"),
        ("Sở NN&PTNT", "nnptnt"),
    ],
)
def test_match_in_the_registrys_own_province(demo_matcher, written, key):
    assert demo_matcher.match(written).key == key


def test_match_reads_a_name_in_the_province_it_is_written_in(demo_matcher):
    assert demo_matcher.match("Sở Xây dựng", province="Bắc Giang").key == "xd"
    assert demo_matcher.match("Sở Xây dựng", province="Quảng Ninh") is None
    assert demo_matcher.match("Sở Xây dựng tỉnh Bắc Giang", province="Quảng Ninh").key == "xd"
    # A registry whose names write no province matches whatever the notice's province.
    assert AgencyMatcher([KnownAgency(1, "Sở Xây dựng")]).match("Sở Xây dựng", province="Quảng Ninh").key == 1


def test_a_province_written_in_the_name_picks_among_committees():
    matcher = AgencyMatcher(
        [KnownAgency("bg", "UBND tỉnh Bắc Giang"), KnownAgency("bn", "UBND tỉnh Bắc Ninh")]
    )

    assert matcher.match("Ủy ban nhân dân tỉnh Bắc Ninh").key == "bn"
    assert matcher.match("UBND tỉnh") is None  # two provincial committees: no guess
    assert matcher.match("UBND tỉnh Lạng Sơn") is None


def test_province_of():
    assert province_of("Công an tỉnh Hà Tĩnh") == "ha tinh"
    assert province_of("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH") == "quang ninh"
    assert province_of("UBND tỉnh Bà Rịa - Vũng Tàu") == "ba ria - vung tau"
    assert province_of("Văn phòng Tỉnh ủy") == ""
    assert province_of("Sở Xây dựng") == ""


def test_read_agency_run_with_the_demo_registry_reads_committees_it_does_not_know(demo_matcher):
    run = read_agency_run("UBND thành phố Hạ Long, UBND thị xã Quảng Yên đẩy nhanh công tác …", demo_matcher)

    assert run == AgencyRun(
        ("UBND thành phố Hạ Long", "UBND thị xã Quảng Yên"), False, "đẩy nhanh công tác …"
    )
    assert [demo_matcher.match(name) for name in run.names] == [None, None]


def test_read_agency_run_does_not_stop_at_a_known_prefix_of_a_longer_name(demo_matcher):
    assert read_agency_run("UBND tỉnh Quảng Ninh chủ trì", demo_matcher).names == ("UBND tỉnh Quảng Ninh",)
    assert read_agency_run("Công an tỉnh Quảng Ninh chủ trì", demo_matcher).names == (
        "Công an tỉnh Quảng Ninh",
    )
    assert read_agency_run("UBND tỉnh chỉ đạo", demo_matcher).names == ("UBND tỉnh",)


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


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Tài chính", "Sở Tài chính"),
        ("UBND huyện Yên Thế", "UBND huyện Yên Thế"),
        # halves joined by a dash, the second in full or by its initials (held-out 17, 20, 21)
        ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư"),
        ("Sở Nông nghiệp - PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở Giao thông-Vận tải", "Sở Giao thông vận tải"),
        # a quotation's cut is no part of the name; a city's committee written `UBND TP X`
        ("Sở TNMT…", "Sở Tài nguyên và Môi trường"),
        ("UBND TP Thái Nguyên", "UBND thành phố Thái Nguyên"),
    ],
)
def test_short_department_names_are_spelled_out(written, expected):
    assert spelled_out(written) == expected


@pytest.mark.parametrize(
    ("text", "group", "rest"),
    [
        # Kinds without `các`, several of them and no place after them: every such committee (real 08).
        (
            "Uỷ ban nhân dân thành phố và các huyện tổ chức đánh giá",
            "Uỷ ban nhân dân thành phố và các huyện",
            "tổ chức đánh giá",
        ),
        ("UBND huyện, thành phố rà soát các dự án", "UBND huyện, thành phố", "rà soát các dự án"),
        # `thành`, `thị` short for `thành phố`, `thị xã` after the first kind (real 21).
        (
            "UBND các huyện, thành, thị cần xây dựng kế hoạch",
            "UBND các huyện, thành, thị",
            "cần xây dựng kế hoạch",
        ),
    ],
)
def test_committees_of_every_place_of_some_kinds_are_one_group(text, group, rest):
    run = read_agency_run(text)

    assert (run.names, run.groups, run.rest) == ((), (group,), rest)


def test_a_committee_of_one_kind_and_place_is_no_group():
    # One kind and no `các` is one committee; several kinds followed by a place name are not a group either.
    assert read_agency_run("UBND huyện Yên Thế rà soát").names == ("UBND huyện Yên Thế",)
    assert (
        read_agency_run("UBND thành phố Lai Châu và các huyện rà soát").names[0] == "UBND thành phố Lai Châu"
    )


def test_a_bare_committee_shares_the_places_of_the_body_after_it():
    # Real 19 (Quảng Nam): `… và UBND, ban an toàn giao thông các huyện, thị xã, thành phố theo chức năng …`.
    run = read_agency_run(
        "Công an tỉnh và UBND, ban an toàn giao thông các huyện, thị xã, thành phố theo chức năng khẩn trương"
    )

    assert run.names == ("Công an tỉnh",)
    assert run.groups == (
        "UBND các huyện, thị xã, thành phố",
        "Ban an toàn giao thông các huyện, thị xã, thành phố",
    )
    assert run.rest == "theo chức năng khẩn trương"


def test_a_bare_committee_before_work_on_places_shares_nothing():
    # `rà soát các xã` is the work, not the places of a group.
    assert read_agency_run("UBND, Sở Tài chính rà soát các xã").groups == ()


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),  # real 01 (Hà Giang)
        ("Sở Tài nguyên và MT", "Sở Tài nguyên và Môi trường"),
        ("Sở Giáo dục và ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ],
)
def test_a_department_whose_second_half_is_written_by_its_initials_after_va_is_spelled_out(written, full):
    assert spelled_out(written) == full


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        # Real 20 (Gia Lai): departments and localities joined by `và` are two groups, the quantifier shared.
        ("các sở, ban, ngành và địa phương theo chức năng", ("các sở, ban, ngành", "các địa phương")),
        ("Các sở, ngành tỉnh và các huyện thực hiện", ("Các sở, ngành tỉnh", "các huyện")),
        # Kinds of one family stay one group.
        ("các sở, ban, ngành, đoàn thể cấp tỉnh thực hiện", ("các sở, ban, ngành, đoàn thể cấp tỉnh",)),
    ],
)
def test_departments_and_localities_joined_by_va_are_two_groups(text, groups):
    assert read_agency_run(text).groups == groups


def test_each_quantified_item_of_a_list_of_addressees_is_a_group_of_its_own():
    # Real 23 (Thanh Hóa): the boards of two kinds are one group; the investors, beside the state's groups,
    # are addressees too.
    run = read_agency_run(
        "các sở, ban, ngành, đơn vị cấp tỉnh, UBND các huyện, thị xã, thành phố, các Ban Quản lý dự án "
        "chuyên ngành, khu vực, các chủ đầu tư, khẩn trương đánh giá"
    )

    assert run.groups == (
        "các sở, ban, ngành, đơn vị cấp tỉnh",
        "UBND các huyện, thị xã, thành phố",
        "các Ban Quản lý dự án chuyên ngành, khu vực",
        "các chủ đầu tư",
    )
    assert run.rest == "khẩn trương đánh giá"


def test_investors_alone_are_no_group_of_the_state():
    # An agency above asks them for something; they lead nothing of the state's.
    assert read_agency_run("các chủ đầu tư khẩn trương hoàn thiện hồ sơ").groups == ()


@pytest.mark.parametrize(
    ("text", "group", "rest"),
    [
        (
            "Các cơ quan truyền thông đẩy mạnh tuyên truyền",
            "Các cơ quan truyền thông",
            "đẩy mạnh tuyên truyền",
        ),
        ("Các địa phương tăng cường kiểm tra", "Các địa phương", "tăng cường kiểm tra"),
        # More than three words before a verb: the qualifier is not read (the group stops at its head).
        ("các đơn vị y tế cơ sở tăng cường kiểm tra", "các đơn vị", "y tế cơ sở tăng cường kiểm tra"),
    ],
)
def test_a_groups_lower_case_qualifier_runs_to_its_verb(text, group, rest):
    run = read_agency_run(text)

    assert (run.groups, run.rest) == ((group,), rest)


@pytest.mark.parametrize(
    ("text", "group", "rest"),
    [
        # Real 22 (Ninh Thuận): the committee for women's advancement of every department and district.
        (
            "Ban vì sự tiến bộ phụ nữ các sở, ban, ngành, huyện, thị xã căn cứ Kế hoạch",
            "Ban vì sự tiến bộ phụ nữ các sở, ban, ngành, huyện, thị xã",
            "căn cứ Kế hoạch",
        ),
        ("Phòng Tài chính - Kế hoạch các huyện rà soát", "Phòng Tài chính - Kế hoạch các huyện", "rà soát"),
    ],
)
def test_a_body_that_every_unit_of_a_group_has_is_a_group(text, group, rest):
    run = read_agency_run(text)

    assert (run.names, run.groups, run.rest) == ((), (group,), rest)


@pytest.mark.parametrize(
    "text", ["Ban hành các văn bản hướng dẫn", "Phòng chống dịch các huyện", "Tổ chức các hội nghị"]
)
def test_a_verb_that_looks_like_a_bodys_head_is_no_group(text):
    assert read_agency_run(text).groups == ()
