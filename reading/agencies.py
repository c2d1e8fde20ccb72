"""Recognising agencies in the words notices use for them. Pure: no Django.

`AgencyMatcher.match` compares names in a canonical form (`agency_key`): folded (case and diacritics
ignored, `Hòa`/`Hoà` alike), abbreviations spelled out (UBND, BQL, KCN, KH&ĐT, TN&MT, …, and after `Sở`
the short forms of distribution lists: `Sở TC` is `Sở Tài chính`), `các` and the trailing `tỉnh`/
`tỉnh Bắc Giang` dropped (a tracker serves one province). It never guesses: a name that fits two agencies
matches none.

It never gives a task to the wrong body either:
- a bare `UBND`/`Ủy ban nhân dân` names no committee and matches nothing; `UBND tỉnh` keeps its `tỉnh`
  (it is the committee's level) and matches the one provincial committee;
- a name that writes its province (`UBND tỉnh Quảng Ninh`, `Công an tỉnh Hà Tĩnh`) matches only an agency of
  that province: one whose names write the same province, or, when its names write none, one of a
  registry whose names write that province or none at all.

People's Committees are also found by place: `UBND Việt Yên` matches the one known committee of
Việt Yên, whether it is a huyện or a thị xã. That is how lists such as
`UBND các huyện, thị xã (Hiệp Hòa, …, Việt Yên)` are resolved: the text cannot say which place is a
huyện and which a thị xã, so `split_agency_list` writes `UBND Hiệp Hòa`, … when a list mixes kinds,
and `UBND huyện Hiệp Hòa`, … when it names one kind only.

`read_agency_run` reads the agencies a clause starts with (`Sở A, Sở B, cơ quan liên quan rà soát …`
gives Sở A, Sở B and notes that unnamed ones were mentioned); `split_agency_list` splits a list that
holds nothing but agencies (a line of the distribution list: `UBND các địa phương: A, B` gives `UBND A`,
`UBND B`; `Các sở: TC, XD` gives `Sở Tài chính`, `Sở Xây dựng`). In running text, places of one kind named
after it are each a committee (`các huyện Chương Mỹ, Đan Phượng và Thanh Trì` gives `UBND huyện Chương Mỹ`,
…), and `một số` quantifies unnamed ones as `các` does (`một số sở, ngành liên quan`).

Where a name ends in running text (`_leading_name`), in this order:
1. the longest run of words the matcher knows, or that names a department every province has
   (`Sở Giao thông vận tải`), unless the next words carry the name on (a capitalised word, a place, a
   phrase of names: `UBND tỉnh` is not all of `UBND tỉnh Quảng Ninh`);
2. a place: `… tỉnh`, `… tỉnh Quảng Ninh`, `… huyện Yên Thế` (the kind in lower case, the place capitalised);
3. the first verb or preposition in lower case (`chủ trì`, `hoàn thành`, `xây dựng`, …) that is not inside
   a phrase of names (`đầu tư xây dựng`, `công trình`, `giao thông`), or `và <another agency>`.
"""

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

from tasktracker.vietnamese import fold


@dataclass(frozen=True)
class KnownAgency:
    """An agency the matcher can recognise, under its name, short name or other names."""

    key: Hashable
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the agency is known by."""
        return tuple(name for name in (self.name, self.short_name, *self.aliases) if name and name.strip())


@dataclass(frozen=True)
class AgencyRun:
    """The agencies a clause starts with: those named, whether unnamed ones were mentioned too, and
    the rest of the clause after them."""

    names: tuple[str, ...] = ()
    unnamed: bool = False
    rest: str = ""
    # Unnamed bodies of the state as written (`các sở, ngành tỉnh`, `UBND các huyện, thành phố`, `các Phó
    # Chủ tịch UBND tỉnh`): a task given to them keeps them as leads for a person to expand.
    groups: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names) or self.unnamed


# ---------------------------------------------------------------------------------------------------
# Canonical form

# Abbreviations as folded text writes them (spaces around & - , removed), and what they stand for.
_ABBREVIATIONS = (
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("mttq", "mat tran to quoc"),
    ("bql", "ban quan ly"),
    ("kcn", "khu cong nghiep"),
    ("kkt", "khu kinh te"),
    ("ccn", "cum cong nghiep"),
    ("vp", "van phong"),
    ("ca", "cong an"),
    ("kh&dt|khdt|kh-dt", "ke hoach va dau tu"),
    ("tn&mt|tnmt|tn-mt", "tai nguyen va moi truong"),
    ("nn&ptnt|nnptnt|nn-ptnt", "nong nghiep va phat trien nong thon"),
    ("nn&mt|nnmt|nn-mt", "nong nghiep va moi truong"),
    ("ld-tb&xh|ldtb&xh|ld-tbxh|ldtbxh|ld,tb&xh|ld-tb-xh", "lao dong thuong binh va xa hoi"),
    ("gtvt|gt-vt|gt&vt", "giao thong van tai"),
    ("vh,tt&dl|vh-tt&dl|vhtt&dl|vh,tt-dl|vhttdl", "van hoa the thao va du lich"),
    ("tt&tt|tttt|tt-tt", "thong tin va truyen thong"),
    ("gd&dt|gddt|gd-dt", "giao duc va dao tao"),
    ("kh&cn|khcn|kh-cn", "khoa hoc va cong nghe"),
    ("ktct", "khai thac cong trinh"),
    ("qlda", "quan ly du an"),
    ("dtxd", "dau tu xay dung"),
    ("kbnn", "kho bac nha nuoc"),
    ("bchqs", "bo chi huy quan su"),
    ("chqs", "chi huy quan su"),
    ("kttv", "khi tuong thuy van"),
    ("ptnt", "phat trien nong thon"),
    ("pvhcc", "phuc vu hanh chinh cong"),
    ("ubmttq", "uy ban mat tran to quoc"),
    ("bqlda", "ban quan ly du an"),
    ("bhxh", "bao hiem xa hoi"),
    ("nhnn", "ngan hang nha nuoc"),
    ("cty", "cong ty"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
)
_ABBREVIATION_PATTERNS = tuple(
    (re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])"), spelled_out) for pattern, spelled_out in _ABBREVIATIONS
)
# The short forms distribution lists give departments (`Các sở: TC, XD, KH&ĐT`), folded as above, and
# the department each stands for. Short ones (`TC`, `CT`, `TP`) mean a department only after `Sở` or in a
# list of departments: elsewhere `CT` is the Chairman and `TP` a city.
DEPARTMENT_SHORT_FORMS = {
    "tc": "Tài chính",
    "xd": "Xây dựng",
    "nv": "Nội vụ",
    "ct": "Công Thương",
    "yt": "Y tế",
    "tp": "Tư pháp",
    "dl": "Du lịch",
    "ngv": "Ngoại vụ",
    "gtvt|gt-vt|gt&vt": "Giao thông vận tải",
    "kh&dt|khdt|kh-dt": "Kế hoạch và Đầu tư",
    "tn&mt|tnmt|tn-mt": "Tài nguyên và Môi trường",
    "nn&ptnt|nnptnt|nn-ptnt": "Nông nghiệp và Phát triển nông thôn",
    "nn&mt|nnmt|nn-mt": "Nông nghiệp và Môi trường",
    "ld-tb&xh|ldtb&xh|ld-tbxh|ldtbxh|ld,tb&xh|ld-tb-xh": "Lao động - Thương binh và Xã hội",
    "gd&dt|gddt|gd-dt": "Giáo dục và Đào tạo",
    "vh,tt&dl|vh-tt&dl|vhtt&dl|vh,tt-dl|vhttdl": "Văn hóa, Thể thao và Du lịch",
    "tt&tt|tttt|tt-tt": "Thông tin và Truyền thông",
    "kh&cn|khcn|kh-cn": "Khoa học và Công nghệ",
    "dt&tg|dttg|dt-tg": "Dân tộc và Tôn giáo",
}
_DEPARTMENT_SHORT_FORM_PATTERNS = tuple(
    (re.compile(rf"^(?:{pattern})$"), name) for pattern, name in DEPARTMENT_SHORT_FORMS.items()
)
_AFTER_SO = re.compile(r"(?<![\w&])so (?P<short>\w[\w&\-]*(?:,\w[\w&\-]*)*)")
_JOINERS = re.compile(r"\s*([&,\-–—])\s*")
_PUNCTUATION = re.compile(r"[,\-–—.:;()/\"'“”‘’!?\[\]]+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_SPACES = re.compile(r"\s+")

_COMMITTEE = "uy ban nhan dan"
# The heads of the people's bodies: alone, they name no body at all.
_PEOPLES_BODIES = (_COMMITTEE, "hoi dong nhan dan")
# The kinds of People's Committee, folded, longest first; and the level each belongs to.
_COMMITTEE_KINDS = {
    "thi xa": "district",
    "thanh pho": "district",
    "huyen": "district",
    "quan": "district",
    "thi tran": "commune",
    "phuong": "commune",
    "xa": "commune",
}


def clean_text(text: str) -> str:
    """NFC text without markdown emphasis (`*`) and with single spaces."""
    text = unicodedata.normalize("NFC", text or "").replace("*", "")
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def agency_key(name: str) -> str:
    """The canonical form that matching compares (see the module docstring); '' for no name."""
    text = _PARENTHESES.sub(" ", clean_text(name))
    text = _JOINERS.sub(r"\1", fold(_split_province(text)[0]))
    text = _AFTER_SO.sub(_spell_out_department, text)
    for pattern, spelled_out in _ABBREVIATION_PATTERNS:
        text = pattern.sub(spelled_out, text)
    text = _PUNCTUATION.sub(" ", text.replace("&", " va "))
    words = [word for word in text.split() if word != "cac"]
    while len(words) > 1 and words[-1] == "tinh" and not _names_a_peoples_body(words[:-1]):
        words.pop()
    return " ".join(words)


def department_of_short_form(text: str) -> str | None:
    """`TC` → `Tài chính`, `KH&ĐT` → `Kế hoạch và Đầu tư`: the department a short form stands for."""
    folded = _JOINERS.sub(r"\1", fold(clean_text(text)))
    return next((name for pattern, name in _DEPARTMENT_SHORT_FORM_PATTERNS if pattern.match(folded)), None)


_DEPARTMENT_BY_SHORT_FORM = re.compile(r"\s*Sở\s+(?P<short>\S.*?)\s*", re.IGNORECASE)


def spelled_out(name: str) -> str:
    """`Sở KH&ĐT` → `Sở Kế hoạch và Đầu tư`: a department written by its short form, written in full; so is
    one whose halves are joined by a dash (`Sở Kế hoạch - Đầu tư`, `Sở Nông nghiệp - PTNT`, `Sở Giao
    thông-Vận tải`), and a committee of a city or town written `UBND TP X`/`UBND TX X`. A trailing ellipsis of
    a quotation with cuts (`Sở TNMT…`) is no part of the name."""
    name = _TRAILING_ELLIPSIS.sub("", name)
    name = _COMMITTEE_OF_TOWN.sub(
        lambda match: f"{match.group(1)} {_TOWN_KINDS[fold(match.group(2))]} ", name
    )
    match = _DEPARTMENT_BY_SHORT_FORM.fullmatch(name)
    department = None
    if match:
        department = department_of_short_form(match.group("short")) or _department_of_dashed(
            match.group("short")
        )
    return f"Sở {department}" if department else name


_TRAILING_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)+\s*$")
_TOWN_KINDS = {"tp": "thành phố", "tx": "thị xã"}
_COMMITTEE_OF_TOWN = re.compile(
    r"^((?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân))\s+(TP|TX|Tp|Tx)\.?\s+(?=[A-ZĐÀ-Ỹ])"
)
# The joints of a department's halves: a dash, or `và` before the second half written by its initials
# (`Sở Nông nghiệp và PTNT`).
_DASH = re.compile(r"\s*[-–—]\s*|\s+và\s+")


def _department_of_dashed(written: str) -> str | None:
    """`Kế hoạch - Đầu tư` → `Kế hoạch và Đầu tư`, `Nông nghiệp - PTNT` and `Nông nghiệp và PTNT` → `Nông
    nghiệp và Phát triển nông thôn`, `Giao thông-Vận tải` → `Giao thông vận tải`: the department whose name
    the halves write (the second half in full or by its initials)."""
    halves = _DASH.split(written.strip())
    if len(halves) != 2:
        return None
    left, right = (fold(half) for half in halves)
    for department in DEPARTMENT_SHORT_FORMS.values():
        folded = fold(department)
        if folded == f"{left} {right}":
            return department
        first, joiner, second = folded.partition(" va ")
        initials = "".join(word[0] for word in second.split())
        if joiner and first == left and right in (second, initials):
            return department
    return None


def _spell_out_department(match: re.Match[str]) -> str:
    """`so tc` → `so tai chinh`: a short form after `Sở` is the department's name."""
    department = department_of_short_form(match.group("short"))
    return f"so {fold(department)}" if department else match.group()


def _names_a_peoples_body(words: list[str]) -> bool:
    """Whether `words` end with `Ủy ban nhân dân`/`Hội đồng nhân dân`: a `tỉnh` after them is their level."""
    return " ".join(words).endswith(_PEOPLES_BODIES)


def province_of(name: str) -> str:
    """The province a name writes (`Công an tỉnh Hà Tĩnh` → `ha tinh`), folded; '' when it writes none."""
    return _split_province(_PARENTHESES.sub(" ", clean_text(name)))[1]


def _split_province(name: str) -> tuple[str, str]:
    """`Công an tỉnh Bắc Giang` → (`Công an tỉnh`, `bac giang`): the province taken off, `tỉnh` kept."""
    words = name.split()
    for index in range(len(words) - 1, 0, -1):
        if fold(words[index]) == "tinh" and (words[index].islower() or name.isupper()):
            following = words[index + 1 :]
            if (
                following
                and len(following) <= 5
                and all(word[:1].isupper() or word in "-–" for word in following)
            ):
                return " ".join(words[: index + 1]), fold(" ".join(following))
            break
    return name, ""


def _committee_place(key: str) -> tuple[str | None, str] | None:
    """For a People's Committee key, its level (None when no kind is written) and its place name."""
    if not key.startswith(_COMMITTEE + " "):
        return None
    rest = key[len(_COMMITTEE) + 1 :]
    for kind, level in _COMMITTEE_KINDS.items():
        if rest.startswith(kind + " "):
            return level, rest[len(kind) + 1 :]
    return None, rest


class AgencyMatcher:
    """Finds the known agency a name as written refers to, or None when there is none or several."""

    def __init__(self, known_agencies: Iterable[KnownAgency]):
        self._agencies: dict[Hashable, KnownAgency] = {}
        self._by_key: dict[str, set[Hashable]] = defaultdict(set)
        self._committees_by_place: dict[tuple[str | None, str], set[Hashable]] = defaultdict(set)
        self._provinces: dict[Hashable, set[str]] = defaultdict(set)
        for agency in known_agencies:
            self._add(agency)
        self._registry_provinces = set().union(*self._provinces.values())

    def _add(self, agency: KnownAgency) -> None:
        """Index an agency under each of its names, and a People's Committee under its place."""
        self._agencies[agency.key] = agency
        for name in agency.names:
            key = agency_key(name)
            if not key or key in _PEOPLES_BODIES:
                continue
            self._by_key[key].add(agency.key)
            if province := province_of(name):
                self._provinces[agency.key].add(province)
            committee = _committee_place(key)
            if committee and committee[0]:
                level, place = committee
                self._committees_by_place[(level, place)].add(agency.key)
                self._committees_by_place[(None, place)].add(agency.key)

    def match(self, name_as_written: str, *, province: str = "") -> KnownAgency | None:
        """The one known agency `name_as_written` refers to; None when unknown or ambiguous.

        `province` is where the name is read (the province of the notice that writes it), for a name that
        writes none itself: `Sở Xây dựng` in a notice of another province is not this registry's.
        """
        key = agency_key(name_as_written)
        if not key or key in _PEOPLES_BODIES:
            return None
        found = self._by_key.get(key)
        if not found:
            committee = _committee_place(key)
            found = self._committees_by_place.get(committee) if committee else None
        province = province_of(name_as_written) or fold(province)
        candidates = [candidate for candidate in found or () if self._serves(candidate, province)]
        if len(candidates) == 1:
            return self._agencies[candidates[0]]
        return None

    def _serves(self, key: Hashable, province: str) -> bool:
        """Whether the agency may be the one of `province` (any agency when no province is written)."""
        known = self._provinces.get(key) or self._registry_provinces
        return not province or not known or province in known


# ---------------------------------------------------------------------------------------------------
# Telling agencies from other words

# Words that start an agency's name whatever follows them (compared folded).
_AGENCY_OPENINGS = tuple(
    tuple(opening.split())
    for opening in (
        "ubnd",
        "uy ban nhan dan",
        "hdnd",
        "hoi dong nhan dan",
        "bql",
        "ban quan ly",
        "vp",
        "van phong",
        "cong an",
        "bao hiem xa hoi",
        "bhxh",
        "kbnn",
        "tinh uy",
        "tinh doan",
        "bo chi huy",
        "cong ty",
        "tong cong ty",
        "cty",
        "mat tran",
        "uy ban mat tran",
        "uy ban mttq",
        "ubmttq",
        "mttq",
        "ban chi huy",
        "ban chi dao",
    )
)
# Words that start an agency's name only when a capitalised name follows (`Ban Dân tộc`, not
# `Ban hành`); compared as written, lower-cased, so that `Sở` is not `Số` and `Báo` is not `Bảo`.
_NAMED_AGENCY_OPENINGS = tuple(
    tuple(opening.split())
    for opening in (
        "sở",
        "ban",
        "cục",
        "chi cục",
        "tổng cục",
        "trung tâm",
        "đài",
        "báo",
        "hội",
        "hiệp hội",
        "trường",
        "bệnh viện",
        "viện",
        "học viện",
        "quỹ",
        "đoàn",
        "bộ",
        "ngân hàng",
        "điện lực",
        "thanh tra",
        "liên đoàn",
        "cảng vụ",
        "hải quan",
        "kho bạc",
        "vườn quốc gia",
    )
)
_LOCALITY_WORDS = {"tinh", "huyen", "thi xa", "thanh pho", "xa", "phuong", "thi tran", "quan"}
# The same as written in lower case (`quận`, not `quan tâm`), as word sequences.
_PLACE_KINDS = tuple(
    tuple(kind.split())
    for kind in ("tỉnh", "huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn")
)
# Titles of people put before an agency (`Giám đốc Sở Tài chính`): the agency is meant.
_PERSON_TITLES = re.compile(
    r"^(?:(?:phó\s+)?(?:giám đốc|chủ tịch|trưởng ban|thủ trưởng|chánh văn phòng)|lãnh đạo)\s+(?=\S)",
    re.IGNORECASE,
)
# What unnamed agencies are called (`các sở, ngành`, `cơ quan, địa phương liên quan`), as written in
# lower case so that `sở` is not `số`.
_GENERIC_HEADS = tuple(
    tuple(head.split())
    for head in (
        "cơ quan",
        "đơn vị",
        "địa phương",
        "sở ngành",
        "ban ngành",
        "sở",
        "ban",
        "ngành",
        "tổ chức",
        "cá nhân",
        "doanh nghiệp",
        "chủ đầu tư",
        "nhà đầu tư",
        "công ty",
        "đoàn thể",
        "cấp",
        "huyện",
        "thị xã",
        "thành phố",
        "quận",
        "thị trấn",
        "phường",
        "xã",
    )
)
# Heads that are also ordinary words (`Ban hành`, `Tổ chức hội nghị`): unnamed agencies only in a list.
_AMBIGUOUS_HEADS = {
    ("sở",),
    ("ban",),
    ("ngành",),
    ("tổ", "chức"),
    ("cấp",),
    ("huyện",),
    ("thị", "xã"),
    ("thành", "phố"),
    ("quận",),
    ("thị", "trấn"),
    ("phường",),
    ("xã",),
    ("công", "ty"),
}
_GENERIC_QUANTIFIERS = ("các", "những", "mọi", "từng")
# Quantifiers of two words: `một số sở, ngành liên quan` (some of them, unnamed).
_GENERIC_QUANTIFIER_PAIRS = (("một", "số"),)


def _quantifier_length(words: list[str]) -> int:
    """How many of `words` (lower case) quantify unnamed agencies at their start (`các`, `một số`); 0 if
    none."""
    if words and words[0] in _GENERIC_QUANTIFIERS:
        return 1
    return 2 if tuple(words[:2]) in _GENERIC_QUANTIFIER_PAIRS else 0


_GENERIC_TAILS = tuple(
    tuple(tail.split())
    for tail in (
        "có liên quan",
        "liên quan",
        "trên địa bàn tỉnh",
        "trên địa bàn",
        "thuộc ubnd tỉnh",
        "thuộc ủy ban nhân dân tỉnh",
        "thuộc uỷ ban nhân dân tỉnh",
        "thuộc tỉnh",
        "trực thuộc",
        "của tỉnh",
        "tỉnh",
    )
)
# Words that end an agency's name in running text when no known name settles it: verbs and
# prepositions, as written in lower case (an agency's own words are capitalised: `Sở Xây dựng`).
_NAME_ENDINGS = tuple(
    tuple(words.split())
    for words in (
        "chủ trì",
        "phối hợp",
        "có",
        "chịu trách nhiệm",
        "rà soát",
        "tham mưu",
        "chủ động",
        "tiếp tục",
        "khẩn trương",
        "tập trung",
        "thực hiện",
        "hướng dẫn",
        "chỉ đạo",
        "xây dựng",
        "tổ chức",
        "kiểm tra",
        "báo cáo",
        "đôn đốc",
        "nghiên cứu",
        "đề xuất",
        "triển khai",
        "hoàn thành",
        "hoàn thiện",
        "cung cấp",
        "lập",
        "bố trí",
        "đẩy nhanh",
        "đẩy mạnh",
        "tăng cường",
        "giải quyết",
        "cập nhật",
        "theo dõi",
        "là",
        "được",
        "cần",
        "phải",
        "sớm",
        "kịp thời",
        "thường xuyên",
        "trình",
        "ban hành",
        "quyết liệt",
        "đảm bảo",
        "bảo đảm",
        "làm việc",
        "hỗ trợ",
        "thẩm định",
        "xem xét",
        "cân đối",
        "bổ sung",
        "điều chỉnh",
        "gửi",
        "căn cứ",
        "nắm bắt",
        "tuyên truyền",
        "thu hút",
        "giám sát",
        "phê duyệt",
        "tiếp nhận",
        "xử lý",
        "khảo sát",
        "đánh giá",
        "thống nhất",
        "trao đổi",
        "tổng hợp",
        "đề nghị",
        "yêu cầu",
        "khắc phục",
        "tháo gỡ",
        "nâng cao",
        "quan tâm",
        "ưu tiên",
        "huy động",
        "phân bổ",
        "bàn giao",
        "giao",
        "với",
        "cùng",
        "để",
        "trong",
        "theo",
        "khi",
        "nhằm",
        "tại",
        "về",
        "trên",
        "đã",
        "đang",
        "sẽ",
        "vừa",
        "cũng",
        "vẫn",
        "rất",
        "tham gia",
        "chuẩn bị",
        "kiên quyết",
        "đối với",
        "trước",
        "chậm nhất",
        "hằng",
        "hàng",
        "định kỳ",
        "kiện toàn",
        "tích cực",
        "duy trì",
        "tiến hành",
        "kiểm soát",
        "khẩn",
        "làm",
        "vận động",
        "phát động",
        "quán triệt",
        "phổ biến",
        "chấn chỉnh",
        "thẩm tra",
        "xác định",
        "thống kê",
        "điều tra",
    )
)

# Verbs that a careless capital does not make part of a name (`Sở Nội vụ Chủ trì, phối hợp …`).
_CAPITALISED_VERBS = tuple(
    tuple(words.split())
    for words in ("chủ trì", "phối hợp", "có trách nhiệm", "chịu trách nhiệm", "tham mưu")
)

# Phrases of agencies' names that hold a word which elsewhere starts the predicate (`xây dựng`): read
# whole, they keep `Ban Quản lý dự án đầu tư xây dựng …` in one piece, while `Sở Xây dựng xây dựng kế
# hoạch` still ends before its second `xây dựng`. Compared as written in lower case.
_NAME_PHRASES = tuple(
    tuple(phrase.split())
    for phrase in (
        "đầu tư xây dựng",
        "dự án xây dựng",
        "công trình xây dựng",
        "chất lượng xây dựng",
        "vật liệu xây dựng",
        "kiểm định xây dựng",
        "quy hoạch xây dựng",
        "tư vấn xây dựng",
        "kinh tế xây dựng",
        "hoạt động xây dựng",
        # Words whose second syllable is a verb elsewhere (`trình`, `giao`, `làm`, `hàng`).
        "công trình",
        "giao thông",
        "việc làm",
        "ngân hàng",
        "sự nghiệp công lập",
        "công lập",
    )
)

# The departments every province has, whatever it calls them for short (their names are set by the
# Government's decrees, before and after the 2025 reorganisation), as keys of `Sở …`.
_DEPARTMENTS = frozenset(
    agency_key(f"Sở {name}")
    for name in (*DEPARTMENT_SHORT_FORMS.values(), "Văn hóa và Thể thao", "Quy hoạch - Kiến trúc")
)

_KIND_WORDS = r"(?:huyện|thị xã|thành phố|quận|xã|phường|thị trấn)"
# `UBND các địa phương: A, B` lists committees without saying of which kind.
_ANY_KIND = "địa phương"
_GROUP_KIND_WORDS = rf"(?:{_KIND_WORDS}|{_ANY_KIND})"
# After the first kind of a list, `thị` and `thành` are short for `thị xã` and `thành phố` (`UBND các huyện,
# thị, thành phố`, `UBND các huyện, thành, thị`).
_LATER_GROUP_KIND = rf"(?:các\s+)?(?:{_GROUP_KIND_WORDS}|thị|thành)(?!\w)"
_COMMITTEE_GROUP = re.compile(
    r"(?P<head>(?:chủ tịch\s+)?(?:UBND|(?:Ủy|Uỷ|Uy)\s+ban\s+nhân\s+dân))\s+"
    # `UBND các huyện, thị xã`, or kinds without `các` when there are several and no place follows them
    # (`UBND thành phố và các huyện`, `UBND huyện, thành phố`): the committees of every such place.
    rf"(?P<kinds>các\s+{_GROUP_KIND_WORDS}(?:\s*(?:,|và)\s*{_LATER_GROUP_KIND})*"
    rf"|{_GROUP_KIND_WORDS}(?:\s*(?:,|và)\s*{_LATER_GROUP_KIND})+(?!(?-i:\s+[A-ZĐÀ-Ỹ])))"
    r"(?:\s*\((?P<paren>[^()]*)\)|\s*:\s*(?P<colon>[^;]*))?",
    re.IGNORECASE,
)
_DEPARTMENT_WORDS = r"(?:sở|cơ quan|ban|ngành|đơn vị)"
_DEPARTMENT_GROUP = re.compile(
    r"(?:(?:giám đốc|thủ trưởng)\s+)?các\s+"
    rf"(?P<kinds>{_DEPARTMENT_WORDS}(?:\s*(?:,|và)\s*{_DEPARTMENT_WORDS})*)"
    r"(?:\s*\((?P<paren>[^()]*)\)|\s*:\s*(?P<colon>[^;]*))",
    re.IGNORECASE,
)
# Where the clause holding a name ends; a period after `TP`/`TX` (thành phố, thị xã) abbreviates.
_CLAUSE_END = re.compile(r"[,;:(]|(?<!\bTP)(?<!\bTX)(?<!\bTp)(?<!\bTx)\.(?:\s|$)")
_KIND_AT_START = re.compile(rf"{_KIND_WORDS}\s", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:,|\s(?:và|cùng|hoặc)\s)\s*", re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\s*\([^()]*\)")
# A semicolon between the items of a list of addressees (`các sở, ngành tỉnh; UBND các huyện, thành phố`).
_LIST_BREAK = re.compile(r"\s*;\s*")
# People who lead as a body: `các Phó Chủ tịch UBND tỉnh`.
_LEADERS = re.compile(
    r"các\s+(?:đồng\s+chí\s+)?(?:phó\s+)?chủ\s+tịch\s+(?:UBND|(?:Ủy|Uỷ|Uy)\s+ban\s+nhân\s+dân)(?:\s+tỉnh)?",
    re.IGNORECASE,
)
# Groups that are bodies of the state (and so may lead), not those an agency deals with (`các doanh
# nghiệp`, `chủ đầu tư`, `đơn vị thi công`).
_STATE_GROUP = re.compile(
    r"(?<!\w)(?:sở|ban|ngành|cơ quan|đơn vị(?! thi công| tư vấn)|địa phương|ubnd|ủy ban|uỷ ban|huyện|thị xã|"
    r"thành phố|chủ tịch)(?!\w)",
    re.IGNORECASE,
)
_TRIM = " ,.;:-–—+•"


def _word_sequence(text: str, limit: int = 4) -> list[str]:
    """The first words of `text`, without the punctuation around them."""
    return [word.strip(_TRIM + "()") for word in text.split(maxsplit=limit)[:limit]]


def _starts_with(words: list[str], opening: tuple[str, ...]) -> bool:
    """Whether `words` begin with the words of `opening`."""
    return tuple(words[: len(opening)]) == opening


def starts_like_agency(text: str) -> bool:
    """Whether `text` (NFC) begins with an agency's name rather than an ordinary word."""
    text = _PERSON_TITLES.sub("", text.strip(_TRIM))
    words = _word_sequence(text, 6)
    folded = [fold(word) for word in words]
    if any(_starts_with(folded, opening) for opening in _AGENCY_OPENINGS):
        return True
    lowered = [word.lower() for word in words]
    for opening in _NAMED_AGENCY_OPENINGS:
        if _starts_with(lowered, opening) and len(words) > len(opening):
            following = words[len(opening)]
            if following[:1].isupper() or fold(following) in _LOCALITY_WORDS:
                return True
    return False


def _generic_length(text: str, continuing: bool = False) -> int:
    """How many words at the start of `text` name unnamed agencies (`các sở, ngành`); 0 if none.

    `continuing`: `text` goes on with a list of unnamed agencies (`các sở, ban, ngành, huyện, thị xã …`),
    where a word that is also an ordinary one (`thị xã`, `ban`) is one more of them."""
    raw_words = text.split(maxsplit=12)[:12]
    words = [word.lower() for word in _word_sequence(text, 12)]
    position = _quantifier_length(words)
    quantified = position > 0
    heads = []
    while head := next((head for head in _GENERIC_HEADS if _starts_with(words[position:], head)), None):
        heads.append(head)
        position += len(head)
        if _ends_a_list_item(raw_words[position - 1]):
            break
    if not heads:
        return 0
    tail = next((tail for tail in _GENERIC_TAILS if _starts_with(words[position:], tail)), ())
    position += len(tail)
    in_a_list = position >= len(words) or _ends_a_list_item(raw_words[position - 1])
    if (
        heads == [heads[0]]
        and heads[0] in _AMBIGUOUS_HEADS
        and not (quantified or tail or in_a_list or continuing)
    ):
        return 0
    return position


def _ends_a_list_item(word: str) -> bool:
    """Whether `word` is followed by a comma, semicolon or colon."""
    return word.endswith((",", ";", ":"))


def is_unnamed_agency(text: str) -> bool:
    """Whether `text` speaks of agencies without naming them (`cơ quan liên quan`, `các sở, ngành`)."""
    text = clean_text(text)
    return not starts_like_agency(text) and _generic_length(text) > 0


# ---------------------------------------------------------------------------------------------------
# Groups: `UBND các huyện, thị xã (A, B)`, `Các sở: Tài chính, Xây dựng`


def _split_top_level(text: str, separators: str = ",;") -> list[str]:
    """Split `text` at `separators` that are not inside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for character in text:
        depth += (character == "(") - (character == ")")
        if character in separators and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return [part.strip(_TRIM) for part in parts if part.strip(_TRIM)]


def _place_names(listing: str) -> list[str]:
    """The place names of a list such as `Hiệp Hòa, Tân Yên và Việt Yên`."""
    names: list[str] = []
    for part in _split_top_level(listing):
        names.extend(piece.strip(_TRIM) for piece in re.split(r"\s+và\s+", part, flags=re.IGNORECASE))
    return [name for name in names if name]


def _committee_names(match: re.Match[str], listing: str) -> list[str]:
    """`UBND các huyện, thị xã (A, B)` → `UBND A`, `UBND B` (kind written only when there is one)."""
    head = re.sub(r"^chủ tịch\s+", "", match.group("head"), flags=re.IGNORECASE)
    kinds = [
        re.sub(r"^các\s+", "", kind, flags=re.IGNORECASE)
        for kind in re.split(r"\s*(?:,|\s và\s)\s*", match.group("kinds"), flags=re.IGNORECASE)
    ]
    prefix = f"{head} {kinds[0]}" if len(kinds) == 1 and kinds[0].lower() != _ANY_KIND else head
    return [
        f"{head} {place}" if _KIND_AT_START.match(place) else f"{prefix} {place}"
        for place in _place_names(listing)
    ]


def _department_names(listing: str) -> list[str]:
    """`Các sở: Tài chính, XD, Công an tỉnh` → `Sở Tài chính`, `Sở Xây dựng`, `Công an tỉnh`."""
    return [
        name if starts_like_agency(name) else f"Sở {department_of_short_form(name) or name}"
        for name in _split_top_level(_protect_commas(listing))
        for name in [_restore_commas(name)]
    ]


# Official names that hold a comma themselves, which a list must not split (`VH,TT&DL` is one).
_NAMES_WITH_COMMAS = re.compile(r"(Văn\s+h\w+|VH)\s*,\s*(Thể\s+thao|TT\b)", re.IGNORECASE)
_COMMA_STANDIN = "\u2063"


def _protect_commas(text: str) -> str:
    """Hide the commas inside names such as `Văn hóa, Thể thao và Du lịch`."""
    return _NAMES_WITH_COMMAS.sub(rf"\1{_COMMA_STANDIN} \2", text)


def _restore_commas(text: str) -> str:
    """Bring back the commas `_protect_commas` hid."""
    return text.replace(_COMMA_STANDIN, ",")


# ---------------------------------------------------------------------------------------------------
# Lists and runs


def split_agency_list(text: str) -> list[str]:
    """The agencies a list names, groups expanded, unnamed ones left out (see the module docstring)."""
    names: list[str] = []
    for part in _split_top_level(_protect_commas(clean_text(text)), ";"):
        names.extend(_names_in_list_part(part))
    return [_restore_commas(name) for name in names]


def _names_in_list_part(part: str) -> list[str]:
    """The agencies of one `;`-separated part of a list."""
    committee = _COMMITTEE_GROUP.match(part)
    if committee and (committee.group("paren") or committee.group("colon")):
        return _committee_names(committee, committee.group("paren") or committee.group("colon"))
    departments = _DEPARTMENT_GROUP.match(part)
    if departments:
        return _department_names(departments.group("paren") or departments.group("colon"))
    names = []
    for item in _split_top_level(part, ","):
        for piece in _split_before_agencies(item):
            piece = piece.strip(_TRIM)
            if piece and not is_unnamed_agency(piece) and not _COMMITTEE_GROUP.fullmatch(piece):
                names.append(piece)
    return names


def _split_before_agencies(item: str) -> list[str]:
    """Split `Sở A và Sở B` (but not `Sở Kế hoạch và Đầu tư`) where `và`/`cùng` starts another agency."""
    pieces, start = [], 0
    for match in re.finditer(r"\s(?:và|cùng|hoặc)\s", item, flags=re.IGNORECASE):
        following = item[match.end() :]
        if starts_like_agency(following) or _generic_length(following):
            pieces.append(item[start : match.start()])
            start = match.end()
    pieces.append(item[start:])
    return pieces


# A run of agencies is never longer than this: reading stops there, so that reading every clause of a long
# paragraph stays linear in its length.
RUN_WINDOW = 800


def read_agency_run(text: str, matcher: AgencyMatcher | None = None) -> AgencyRun:
    """The agencies `text` starts with, up to the first word that is no agency's (e.g. a verb).

    Unnamed bodies of the state are kept as written in `groups`, one per list item (`các sở, ngành tỉnh`;
    `UBND các huyện, thành phố`), with the title before them (`thủ trưởng các sở, ban ngành`).
    """
    text = _protect_commas(clean_text(text[:RUN_WINDOW]))
    title = _PERSON_TITLES.match(text)
    title_text = title.group() if title else ""
    text = text[title.end() :] if title else text
    names: list[str] = []
    groups: list[str] = []
    group_start: int | None = None
    unnamed = False
    position = 0
    while position < len(text):
        rest = text[position:]
        # `…, Thủ trưởng các sở, ngành, Chủ tịch UBND các huyện …`: a title inside the list, kept with its
        # group
        inner_title = _PERSON_TITLES.match(rest) if position else None
        titled_at = None
        if inner_title and _read_one(rest[inner_title.end() :], matcher)[0]:
            titled_at = position
            position += inner_title.end()
            rest = text[position:]
        places = _committees_of_named_places(rest)
        if places:  # `các huyện Chương Mỹ, Đan Phượng và Thanh Trì`: the committee of each place named
            _close_group(text, group_start, titled_at or position, groups)
            group_start = None
            names.extend(places[1])
            position += places[0]
            separator = _SEPARATOR.match(text, position)
            if not separator or _goes_on(text, position):
                break
            position = separator.end()
            continue
        shared = _shared_locality_groups(rest)
        if shared:  # `UBND, Ban ATGT các huyện, thị xã`: each body of every such place, a group of its own
            _close_group(text, group_start, titled_at or position, groups)
            group_start = None
            groups.extend(shared[1])
            unnamed = True
            position += shared[0]
            separator = _SEPARATOR.match(text, position)
            if not separator or _goes_on(text, position):
                break
            position = separator.end()
            continue
        consumed, found, stop = _read_one(rest, matcher, continuing=group_start is not None)
        qualifier = _group_tail(rest) if not consumed and group_start is not None else 0
        if qualifier and not _goes_on(rest, qualifier):
            # `các Ban Quản lý dự án chuyên ngành, khu vực`: a list item of nothing but the words that carry
            # a group on names the same bodies of another kind: the group goes on
            consumed, stop = qualifier, False
            end = position + consumed
            position += consumed
            separator = _SEPARATOR.match(text, position)
            if not separator:
                break
            position = separator.end()
            continue
        if not consumed:
            break
        names.extend(_restore_commas(name) for name in found)
        if found:
            _close_group(text, group_start, titled_at or position, groups)
            group_start = None
        elif _COMMITTEE_GROUP.match(rest) or _LEADERS.match(rest):
            _close_group(text, group_start, titled_at or position, groups)
            group_start = None
            groups.append(_restore_commas(text[titled_at or position : position + consumed]).strip(_TRIM))
        else:
            if titled_at is not None:
                _close_group(text, group_start, titled_at, groups)
                group_start = titled_at
            elif group_start is not None and fold(rest).startswith("cac "):
                # `…, các Ban Quản lý dự án …, các chủ đầu tư`: another quantified list item, another group
                _close_group(text, group_start, end, groups, beside=bool(groups))
                group_start = None
            if stop:  # `đơn vị sự nghiệp công lập trực thuộc UBND tỉnh`: the group runs to its list's end
                consumed += _group_tail(rest[consumed:])
                stop = _goes_on(rest, consumed)
            group_start = position if group_start is None else group_start
            end = position + consumed
        unnamed = unnamed or not found
        position += consumed
        parenthetical = _PARENTHETICAL.match(text, position)
        if parenthetical:
            position = parenthetical.end()
        separator = _SEPARATOR.match(text, position)
        list_break = _LIST_BREAK.match(text, position)
        if list_break and not stop and _starts_a_group_or_agency(text[list_break.end() :]):
            _close_group(text, group_start, end if group_start is not None else 0, groups)
            group_start = None
            position = list_break.end()
            continue
        if stop or not separator:
            break
        position = separator.end()
    if group_start is not None:
        _close_group(text, group_start, end, groups, beside=bool(groups))
    if title_text and groups and text.startswith(groups[0]):
        groups[0] = f"{title_text}{groups[0]}"
    return AgencyRun(
        tuple(dict.fromkeys(names)),
        unnamed,
        _restore_commas(text[position:]).strip(_TRIM),
        tuple(dict.fromkeys(part for group in groups for part in _departments_apart_from_localities(group))),
    )


_DEPARTMENT_KINDS = r"(?:sở|ban|ngành|cơ quan|đơn vị|đoàn thể)"
_DEPARTMENTS_AND_LOCALITIES = re.compile(
    rf"^(?P<departments>các\s+{_DEPARTMENT_KINDS}(?:\s*,\s*{_DEPARTMENT_KINDS})*(?:\s+(?:cấp\s+)?tỉnh)?)"
    rf"\s+và\s+(?:các\s+)?(?P<localities>(?:địa phương|{_KIND_WORDS})(?!\w).*)$",
    re.IGNORECASE,
)


def _departments_apart_from_localities(group: str) -> list[str]:
    """`các sở, ban, ngành và địa phương` → `các sở, ban, ngành`, `các địa phương`: the departments and the
    localities are two groups of leads (each its own kind of body to name), the quantifier shared."""
    match = _DEPARTMENTS_AND_LOCALITIES.match(group)
    if not match:
        return [group]
    quantifier = group.split(None, 1)[0]
    return [match.group("departments"), f"{quantifier} {match.group('localities')}"]


# `UBND, ban an toàn giao thông các huyện, thị xã, thành phố`: a bare committee or council, then another
# body, share the places written after the second (`các huyện, thị xã, thành phố`).
_SHARED_LOCALITY_TAIL = re.compile(
    r"(?P<bare>UBND|HĐND|(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân)\s*(?:,|\svà)\s*"
    r"(?P<other>[^\W\d][^,;.:()\n]{1,80}?)\s+"
    rf"(?P<places>các\s+{_KIND_WORDS}(?:\s*(?:,|và)\s*{_LATER_GROUP_KIND})*)(?!\w)",
    re.IGNORECASE,
)


_PLACES_OF_A_KIND = re.compile(rf"các\s+(?P<kind>{_KIND_WORDS})\s+(?=[^\W\d_])", re.IGNORECASE)
_PLACE_SEPARATOR = re.compile(r"\s*,\s*|\s+và\s+")


def _committees_of_named_places(rest: str) -> tuple[int, list[str]] | None:
    """For `các huyện Chương Mỹ, Đan Phượng, Sóc Sơn và Thanh Trì …`: the characters read and the committee of
    each place (`UBND huyện Chương Mỹ`, …); None unless `rest` opens with the places (two or more, each in
    capitalised words) of one kind."""
    opening = _PLACES_OF_A_KIND.match(rest)
    if not opening:
        return None
    kind = opening.group("kind").lower()
    places: list[str] = []
    position = end = opening.end()
    while True:
        words: list[str] = []
        for word in re.finditer(r"\S+", rest[position : position + 80]):
            bare = word.group().rstrip(",;.:")
            if not bare[:1].isupper() or (not words and starts_like_agency(rest[position + word.start() :])):
                break
            words.append(bare)
            end = position + word.start() + len(bare)
            if bare != word.group():
                break
        if not words:
            break
        places.append(" ".join(words))
        separator = _PLACE_SEPARATOR.match(rest, end)
        if not separator:
            break
        position = separator.end()
    if len(places) < 2:
        return None
    return end, [f"UBND {kind} {place}" for place in places]


def _shared_locality_groups(rest: str) -> tuple[int, list[str]] | None:
    """For `UBND, Ban X các huyện, thị xã …`: the characters read and the two groups (`UBND các huyện, thị
    xã`, `Ban X các huyện, thị xã`); None when `rest` does not open so, or the second body's words hold a verb
    (`UBND, Sở Y rà soát các xã` gives the work of reviewing the communes, it names no group)."""
    match = _SHARED_LOCALITY_TAIL.match(rest)
    if not match:
        return None
    body, places = match.group("other"), match.group("places")
    spans = [word.span() for word in re.finditer(r"\S+", body)]
    words = [body[start:end] for start, end in spans]
    if _name_length(words, body, spans) < len(words):
        return None
    return match.end(), [f"{match.group('bare')} {places}", f"{body[:1].upper()}{body[1:]} {places}"]


def _close_group(text: str, start: int | None, end: int, groups: list[str], *, beside: bool = False) -> None:
    """Keep the group written from `start` to `end` (if one was open and it is a body of the state: not
    `đơn vị thi công`; or any, `beside` groups of the state in one list of addressees: `…, UBND các huyện,
    các chủ đầu tư`); the caller then closes it (no group is open)."""
    if start is not None and end > start and (beside or _STATE_GROUP.search(text[start : end + 12])):
        group = _restore_commas(text[start:end]).strip(_TRIM)
        groups.append(re.sub(r"\s+(?:và|cùng)$", "", group))  # `các sở, ngành của tỉnh và UBND …`
    return None


# Lower-case words that carry an unnamed group on (`đơn vị sự nghiệp công lập trực thuộc UBND tỉnh`,
# `các Ban QLDA chuyên ngành tỉnh`, `các cơ quan chuyên môn`); capitalised words do too.
_GROUP_TAIL_WORDS = frozenset(
    word
    for words in (
        "chuyên ngành chức năng sự nghiệp công lập trực thuộc cấp tỉnh huyện xã liên quan có môn nhà nước",
        "đoàn thể chính trị hội thành viên địa bàn trên của quản lý dự án khu vực",
    )
    for word in words.split()
)


def _group_tail(after: str) -> int:
    """The words that carry an unnamed group on, up to the end of its list item or its verb (at most ten):
    capitalised words and the words of `_GROUP_TAIL_WORDS`; 0 when another word comes first."""
    length = 0
    for index, match in enumerate(re.finditer(r"\S+", after)):
        word = match.group()
        bare = word.strip(_TRIM + "()")
        if index >= 10 or word[:1] in "(,;:." or not bare:
            break
        if not (bare[:1].isupper() or bare.lower() in _GROUP_TAIL_WORDS):
            break
        length = match.end()
        if word[-1:] in ",;:.)":
            length -= 1
            break
    while length and after[:length].split()[-1].lower() in ("có", "trên", "của", "và"):
        length = len(after[:length].rsplit(None, 1)[0].rstrip()) if " " in after[:length].strip() else 0
    return length or _qualifier_before_a_predicate(after)


def _qualifier_before_a_predicate(after: str) -> int:
    """The characters of a few lower-case words that qualify a group and are followed by its predicate (`Các
    cơ quan truyền thông đẩy mạnh …`, `các đơn vị y tế tăng cường …`): at most three words, no punctuation
    between; 0 when no predicate follows them."""
    matches = list(itertools.islice(re.finditer(r"\S+", after), 4))
    words = [match.group() for match in matches]
    for count in range(1, len(matches)):
        word = words[count - 1]
        if not (word.islower() and word.isalpha()) or starts_with_a_predicate(" ".join(words[count - 1 :])):
            return 0
        if starts_with_a_predicate(after[matches[count].start() :]):
            return matches[count - 1].end()
    return 0


def starts_with_a_predicate(text: str) -> bool:
    """Whether `text` opens with a verb or preposition that ends an agency's name (`đẩy mạnh`, `chủ trì`)."""
    words = [word.lower() for word in _word_sequence(text, 4)]
    return any(_starts_with(words, ending) for ending in _NAME_ENDINGS)


def _starts_a_group_or_agency(text: str) -> bool:
    """Whether `text` (after a `;`) goes on with another agency or group of a list."""
    return bool(
        starts_like_agency(text)
        or _COMMITTEE_GROUP.match(text)
        or _LEADERS.match(text)
        or _generic_length(text)
    )


def _read_one(
    rest: str, matcher: AgencyMatcher | None, continuing: bool = False
) -> tuple[int, list[str], bool]:
    """Read one agency (or group, or unnamed mention) at the start of `rest`.

    Returns the characters consumed (0 when `rest` does not start with one), the names found, and
    whether the run ends here because the clause goes on with other words. `continuing`: a list of unnamed
    agencies is being read (see `_generic_length`).
    """
    leaders = _LEADERS.match(rest)
    if leaders:
        return leaders.end(), [], _goes_on(rest, leaders.end())
    committee = _COMMITTEE_GROUP.match(rest)
    if committee:
        if committee.group("paren"):
            return committee.end(), _committee_names(committee, committee.group("paren")), False
        if committee.group("colon"):
            return _read_committee_listing(rest, committee)
        return committee.end(), [], False
    departments = _DEPARTMENT_GROUP.match(rest)
    if departments and departments.group("paren"):
        return departments.end(), _department_names(departments.group("paren")), False
    if departments and departments.group("colon"):
        return _read_department_listing(rest, departments.start("colon"), matcher)
    if starts_like_agency(rest):
        name, consumed = _leading_name(rest, matcher)
        return consumed, [name], _goes_on(rest, consumed)
    body = _body_in_each(rest)
    if body:
        return body, [], _goes_on(rest, body)
    generic_words = _generic_length(rest, continuing)
    if generic_words:
        consumed = _length_of_words(rest, generic_words)
        return consumed, [], _goes_on(rest, consumed)
    return 0, [], True


# `Ban vì sự tiến bộ phụ nữ các sở, ban, ngành`, `Phòng Tài chính - Kế hoạch các huyện`: a body that every
# such unit has, named with the units (a group: a person names the bodies).
_BODY_IN_EACH = re.compile(
    r"(?:Ban|Phòng|Hội đồng|Tổ|Đội)\s+(?!hành\b|chống\b|ngừa\b)(?:[^\s,;.:()\d]+\s+){1,8}?(?=các\s)"
)


def _body_in_each(rest: str) -> int:
    """The characters of `rest` that name a body of every unit of a group (`Ban vì sự tiến bộ phụ nữ các sở,
    …`), up to the first unit's kind; 0 when `rest` does not open so or a verb comes before `các`."""
    match = _BODY_IN_EACH.match(rest)
    if not match:
        return 0
    words = match.group().split()
    if any(starts_with_a_predicate(" ".join(words[index:])) for index in range(1, len(words))):
        return 0
    units = _generic_length(rest[match.end() :])
    if not units or not _STATE_GROUP.match(rest, match.end() + len("các ")):
        return 0
    return match.end() + _length_of_words(rest[match.end() :], units)


def _read_committee_listing(rest: str, committee: re.Match[str]) -> tuple[int, list[str], bool]:
    """`UBND các huyện: Hiệp Hòa, Tân Yên tiếp tục …`: the places, up to the first lower-case word."""
    offset = committee.start("colon")
    places: list[str] = []
    current: list[str] = []
    end = offset
    for token in re.finditer(r"[^\s,]+|,", committee.group("colon")):
        word = token.group()
        if word == "," or word.lower() == "và":
            places.extend([" ".join(current)] if current else [])
            current = []
            continue
        if not word[:1].isupper():
            break
        current.append(word.strip(_TRIM))
        end = offset + token.end()
    places.extend([" ".join(current)] if current else [])
    return end, _committee_names(committee, ", ".join(places)), True


def _read_department_listing(
    rest: str, start: int, matcher: AgencyMatcher | None
) -> tuple[int, list[str], bool]:
    """`Các sở: Tài chính, XD theo chức năng …`: the departments from `start`, up to the words after them."""
    names: list[str] = []
    position = start
    while position < len(rest) and rest[position].isupper():  # the names a list gives are capitalised
        item = rest[position:]
        prefix = "" if starts_like_agency(item) else "Sở "
        name, consumed = _leading_name(prefix + item, matcher)
        consumed -= len(prefix)
        if consumed <= 0:
            break
        short_form = department_of_short_form(name[len(prefix) :]) if prefix else None
        names.append(f"Sở {short_form}" if short_form else name)
        position += consumed
        separator = _SEPARATOR.match(rest, position)
        if _goes_on(item, consumed) or not separator:
            break
        position = separator.end()
    return position, names, True


def _leading_name(rest: str, matcher: AgencyMatcher | None) -> tuple[str, int]:
    """The agency name `rest` starts with, and how many characters it takes.

    The longest run of words that the matcher knows, or that names one of the departments every province
    has, wins, unless the words after it go on with the name (a capitalised word, a place, a phrase of
    names: `UBND tỉnh` is not all of `UBND tỉnh Quảng Ninh`). Otherwise `_name_length` reads the name.
    """
    clause_end = _CLAUSE_END.search(rest)
    clause = rest[: clause_end.start()] if clause_end else rest
    spans = [match.span() for match in re.finditer(r"\S+", clause)]
    words = [clause[start:end] for start, end in spans]
    count = _known_name_length(words, matcher) or _name_length(words, clause, spans)
    end = spans[count - 1][1] if count else len(clause)
    return clause[:end].strip(_TRIM), end


def _known_name_length(words: list[str], matcher: AgencyMatcher | None) -> int:
    """How many of `words` make the longest known name that can end there; 0 for none."""
    for count in range(min(len(words), 16), 0, -1):
        if _continues_a_name(words[count:]):
            continue
        candidate = _restore_commas(" ".join(words[:count])).strip(_TRIM)
        if agency_key(candidate) in _DEPARTMENTS or (matcher is not None and matcher.match(candidate)):
            return count
    return 0


def _name_length(words: list[str], clause: str, spans: list[tuple[int, int]]) -> int:
    """How many of `words` make up the agency's name when no known name settles it.

    A place ends the name (`… tỉnh`, `… huyện Yên Thế`); else the first verb or preposition written in
    lower case that is not part of a phrase of names, or `và <another agency>`.
    """
    index = 1
    while index < len(words):
        place = _place_length(words[index:])
        if place:
            return index + place
        phrase = _name_phrase_at(words[index:]) if index >= 2 else ()
        if phrase:
            index += len(phrase)
            continue
        if index >= 2 and any(_starts_with(words[index:], ending) for ending in _NAME_ENDINGS):
            return index
        if index >= 2 and words[index].lower() in ("và", "cùng", "hoặc") and index + 1 < len(words):
            following = clause[spans[index + 1][0] :]
            if starts_like_agency(following) or _generic_length(following):
                return index
        index += 1
    return len(words)


def _place_length(words: list[str]) -> int:
    """The words of the place `words` start with: `tỉnh`, `tỉnh Quảng Ninh`, `huyện Yên Thế`; 0 if none.

    Kinds are written in lower case (`Tỉnh ủy` is a name), and besides `tỉnh` take a capitalised place
    name (`xã hội` is no commune).
    """
    kind = next((kind for kind in _PLACE_KINDS if _starts_with(words, kind)), ())
    if not kind:
        return 0
    place = len(list(takewhile(lambda word: word[:1].isupper(), words[len(kind) :])))
    if place:
        return len(kind) + place
    return len(kind) if kind == ("tỉnh",) else 0


def _name_phrase_at(words: list[str]) -> tuple[str, ...]:
    """The phrase of names (`đầu tư xây dựng`) that `words` start with; () for none."""
    return next((phrase for phrase in _NAME_PHRASES if _starts_with(words, phrase)), ())


def _continues_a_name(words: list[str]) -> bool:
    """Whether `words` go on with an agency's name: a capitalised word, a place's kind, a phrase of names."""
    if not words:
        return False
    lowered = [word.lower() for word in words]
    if any(_starts_with(lowered, verb) for verb in _CAPITALISED_VERBS):  # `Sở Nội vụ Chủ trì, …`
        return False
    return (
        words[0][:1].isupper()
        or any(_starts_with(lowered, kind) for kind in _PLACE_KINDS)
        or bool(_name_phrase_at(words))
    )


def _length_of_words(text: str, count: int) -> int:
    """The characters the first `count` words of `text` take, without the punctuation after them."""
    spans = [match.span() for match in re.finditer(r"\S+", text)]
    return len(text[: spans[count - 1][1]].rstrip(",;:.")) if spans else 0


def _goes_on(text: str, consumed: int) -> bool:
    """Whether the clause goes on with other words after the agency read (the run ends there)."""
    after = text[consumed:]
    return not (
        _SEPARATOR.match(after)
        or _LIST_BREAK.match(after)
        or _PARENTHETICAL.match(after)
        or not after.strip()
    )
