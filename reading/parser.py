"""Reading a conclusion notice (Thông báo kết luận) into its header and its directives. Pure: no Django.

The text is read as paragraphs (one per line; a line that starts in lower case continues the one before
it, which mends sentences broken by a page break). Markdown emphasis (`**`, `*`) is dropped.

Numbered items and their numbers:
- `I.`, `II.` (roman sections), `(1)`, `1.`, `1)`, `1/`, `1.2.` (arabic items), `a)`, `(a)`, `a.`, `a/`
  (lettered sub-items) and bullets (`-`, `+`, `•`, an en dash, …) form a tree. A bullet symbol met under
  another bullet nests under it (`+` under `-`).
- A directive's number is its parent's number, a dot, and its own part: the roman or arabic numeral,
  the letter, or for a bullet its position among its parent's bullets. So bullets of `(4)` are `4.1`,
  `4.2`; `b)` under `2.` is `2.b`; a bullet under it `2.b.1`; `1.` under `II.` is `II.1`.
- An item with children is a heading (`is_heading`); an item without is a task. A task's title is its
  first sentence (for a section that is a task, `III. TỔ CHỨC THỰC HIỆN`, the first of its words).
- A section or top-level item whose title is an assessment (`Đánh giá chung`, `Kết quả đạt được`,
  `Tình hình …`) is context, as is a roman section with no items and no assignment: neither is kept.
- The preamble (before the first numbered item, bullets there included) and the closing (from
  `Yêu cầu …`/`… thông báo để …`, a paragraph ending in `./.`, `Nơi nhận`, or the signature) are not tasks.

Who leads: `X chủ trì` (also `giao X chủ trì`); else the agencies a task starts with (`Sở X rà soát …`,
`Giao X …`, `Đề nghị X …`, `UBND các huyện (A, B): …`); else the addressee of the heading above it, up to
the addressee of the whole list (the last sentence of the lead-in: `…, Ban Quản lý … phải tập trung thực
hiện các nhiệm vụ sau:`). A later sentence that gives a part of the work to a named agency (`…. Giao Sở
Tài chính thẩm định …`) adds it as a lead: each is accountable for its own part, as the committees of
`UBND các huyện (A, B)` are (one task, several leads; its supports stay the task's). With no other
addressee, a later clause does the same (`Đồng ý chủ trương …; giao X …`). A task that gives itself to
unnamed agencies (`Giao các sở, ngành …`, `Yêu cầu UBND các huyện, thành phố: …`) inherits
no lead and keeps them as written (see below): no agency is invented. Who supports: those after `phối hợp
với`, or, for a task that names no agency, those of its heading; unnamed ones (`cơ quan liên quan`) are
flagged, not listed.

Letters (công văn) without numbered items are read paragraph by paragraph (`¶1`, `¶2`, …): a paragraph is
a task when it gives work to an agency other than the committee itself (`Giao Sở X …`, `Sở X có trách
nhiệm …`, `Yêu cầu …`, `Chủ tịch UBND tỉnh (vừa có văn bản) chỉ đạo X …`), and a later sentence of it that
opens by giving work to another agency is a task of its own; the rest is context, and so are the addressees
(`Kính gửi: …`) and the closing formula (`Yêu cầu các sở, ngành … nghiêm túc thực hiện./.`). A text that
gives work to nobody is refused (NotANotice, saying so). `Điều N.` of a resolution or decision is a section
whose items keep their own numbers; one that says who carries the document out is context, and so is one
titled `Tổ chức thực hiện`/`Trách nhiệm …` unless its items give work (`1. Giao Sở X chủ trì …`, `Sở Y có
trách nhiệm chủ trì …`); an item that only names who executes the document (`… chịu trách nhiệm thi hành
Quyết định này`) or when it takes effect is never a task. A report of a letter gives the work to those the
issuer directs inside a sentence (`…, tỉnh Tuyên Quang đã chỉ đạo Sở Y tế, UBND các huyện …`, `Phó Chủ tịch
UBND tỉnh … vừa có công văn chỉ đạo đến …`), and a lead-in addressed to agencies (`UBND tỉnh yêu cầu Thủ
trưởng các sở … tập trung chỉ đạo:`) gives them the paragraphs after it that name no agency of their own.

Unnamed bodies of the state that lead (`các sở, ngành tỉnh`, `UBND các huyện, thành phố`, `thủ trưởng các
sở, ban ngành, …`, `các Phó Chủ tịch UBND tỉnh`) are kept as written among the leads (`unnamed_leads`),
flagged `unnamed_lead_agencies` for a person to name the agencies; unnamed supporters are only flagged. The
agency a report is sent to (`gửi báo cáo về Sở X`) is a recipient: neither lead nor supporter. A task whose
works have dates of their own (`…trong Quý IV năm 2017; … xong trước ngày 30/8/2017`) is one task per work,
`N(a)`, `N(b)`, each with the task's agencies. Agencies, clauses and deadlines are read in windows, so a long
paragraph costs time in proportion to its length.

Names are resolved by the matcher in the province of the notice (from its issuer, `UBND TỈNH QUẢNG NINH`):
a notice of another province than the registry's gives none of its tasks to the registry's agencies.
The distribution list leaves out people (`CT, các PCT UBND tỉnh`, `Lãnh đạo VP`) and the archive (`Lưu`).
"""

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _

from reading.agencies import (
    RUN_WINDOW,
    AgencyMatcher,
    AgencyRun,
    KnownAgency,
    agency_key,
    province_of,
    read_agency_run,
    spelled_out,
    split_agency_list,
    starts_like_agency,
    starts_with_a_predicate,
)
from reading.deadlines import (
    MULTIPLE_DEADLINES,
    NO_RECURRENCE,
    DeadlineReading,
    fold_with_offsets,
    read_deadline,
)
from reading.word import task_table_lines
from tasktracker.vietnamese import fold

NO_LEAD_AGENCY = "no_lead_agency"
UNMATCHED_AGENCY = "unmatched_agency"
UNNAMED_SUPPORTING_AGENCIES = "unnamed_supporting_agencies"
UNNAMED_LEAD_AGENCIES = "unnamed_lead_agencies"

TITLE_MAX_LENGTH = 120


class NotANotice(ValueError):
    """The text holds no numbered directives: it is not a notice this parser can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedDirective:
    """A numbered item of the notice: a task, or a heading over tasks."""

    number: str
    parent: str | None
    title: str
    text: str
    is_heading: bool = False
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""
    recurrence: str = NO_RECURRENCE
    flags: list[str] = field(default_factory=list)
    # The leads (among `lead`) that are unnamed bodies as written (`các sở, ngành tỉnh`): no registry agency.
    unnamed_leads: list[str] = field(default_factory=list)


@dataclass
class ParsedNotice:
    """What a notice says: its header, its directives in order, and who receives it."""

    number: str = ""
    kind: str = "other"
    issuing_authority: str = ""
    place: str = ""
    issued_on: date | None = None
    title: str = ""
    meeting_on: date | None = None
    chaired_by: str = ""
    signed_by: str = ""
    signer_title: str = ""
    directives: list[ParsedDirective] = field(default_factory=list)
    distribution_list: list[str] = field(default_factory=list)
    unmatched_agencies: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[ParsedDirective]:
        """The directives to track: every item that is not a heading."""
        return [directive for directive in self.directives if not directive.is_heading]


# ---------------------------------------------------------------------------------------------------
# Paragraphs

_EMPHASIS = re.compile(r"\*+(?=\S)|(?<=\S)\*+|__(?=\S)|(?<=\S)__")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_SEPARATOR_LINE = re.compile(r"^[-_=–—.*~…\s]{3,}$")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


# `cácsở`, `cácđơn vị`: `các` glued to the kind of body after it (text copied from web pages loses spaces).
_GLUED_QUANTIFIER = re.compile(
    r"(?<!\w)(các|Các)(?=(?:sở|ban|ngành|cơ quan|đơn vị|địa phương|huyện|xã|phường|cấp)(?!\w))"
)


def _paragraphs(text: str) -> list[str]:
    """The notice's paragraphs: NFC, markup and noise removed, page-break fragments joined."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u00a0", " ")
    text = _GLUED_QUANTIFIER.sub(r"\1 ", text)
    paragraphs: list[str] = []
    for raw_line in _with_task_tables_read(re.split(r"\r\n|\r|\n", text)):
        line = " ".join(_MARKDOWN_HEADING.sub("", _EMPHASIS.sub("", raw_line)).split())
        if not line or _SEPARATOR_LINE.match(line) or _PAGE_NUMBER.match(line):
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return [_without_defined_acronyms(paragraph) for paragraph in paragraphs]


# An acronym defined in parentheses after the words it stands for, as the press writes (`Chủ tịch Ủy ban nhân
# dân (UBND) tỉnh`, `nông thôn mới (NTM)`): it would cut the name it sits in.
_DEFINED_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-ZĐ][A-ZĐ&]{1,9})\)")


def _without_defined_acronyms(paragraph: str) -> str:
    """`paragraph` without the acronyms written in parentheses after the words whose initials they are."""

    def drop_if_defined(match: re.Match[str]) -> str:
        letters = fold(match.group("acronym").replace("&", ""))
        words = paragraph[max(0, match.start() - 20 * len(letters)) : match.start()].split()[-len(letters) :]
        initials = "".join(fold(word)[:1] for word in words)
        return "" if len(words) == len(letters) and initials == letters else match.group()

    return _DEFINED_ACRONYM.sub(drop_if_defined, paragraph)


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^[\s|:\-–—]+$")


def _with_task_tables_read(lines: list[str]) -> list[str]:
    """The lines of a text, each table of tasks written with pipes (a plan's annex copied as Markdown: `| STT
    | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |`) turned into one line per row in
    the words of a notice, as a Word file's table is (`reading.word.task_table_lines`). Others are kept."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not _TABLE_ROW.match(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and _TABLE_ROW.match(lines[end]):
            end += 1
        rows = [
            [[cell.strip()] for cell in line.strip().strip("|").split("|")]
            for line in lines[index:end]
            if not _TABLE_RULE.match(line)
        ]
        read = task_table_lines(rows)
        out.extend(read if read is not None else lines[index:end])
        index = end
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the rest of `previous`, cut by a page break: it starts in lower case, or it goes on
    with the end of a range cut after its start (`… giai đoạn 2016` / `- 2020; …`), which is no bullet."""
    if _RANGE_END.match(line) and previous[-1:].isdigit():
        return True
    if _BARE_MARKER.match(previous):
        return True  # `Điều` / `1. Phê duyệt …`, `1.` / `Mục tiêu:`: a web copy's line breaks
    if (previous.endswith(",") or _ENDS_MID_SENTENCE.search(previous)) and _marker(line) is None:
        return True  # `… phối hợp với` or `… HĐND tỉnh,` / `Sở Xây dựng …`: a line wrapped before a name
    return line[0].islower() and not _LETTER.match(line) and not previous.endswith((".", ":"))


# The words a sentence cannot end with (a preposition, a conjunction, a quantifier): a line that ends with
# one was wrapped, whatever the next line starts with.
_ENDS_MID_SENTENCE = re.compile(
    r"(?<!\w)(?:với|và|của|cho|tại|về|các|những|để|theo|từ|đến|trong|thuộc|gồm|là|được|giao|đề nghị"
    r"|yêu cầu|phối hợp|chủ trì|ngày)$"  # as written in lower case: an upper-case `VỀ` is a title's line
)


_RANGE_END = re.compile(r"^[-–]\s*\d{1,4}(?!\d)(?:[\s,;.)]|$)")
# A marker alone on its line, its words on the next: `Điều`, `Điều 2.`, `1.`, `1.2.`, `(3)`, `II.`.
_BARE_MARKER = re.compile(
    r"^(?:(?:Điều|ĐIỀU)(?:\s+\d{1,2}\s*[.:])?|\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\)|[IVX]{1,4}\.)$"
)


# ---------------------------------------------------------------------------------------------------
# Item markers

_ROMAN = re.compile(r"^(?P<label>X{0,3}(?:IX|IV|V?I{0,3}))\s*[.)]\s+(?P<content>\S.*)$")
# `Điều 2. …` of a resolution or a decision: a section whose items are numbered on their own.
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<label>\d{1,2})\s*[.:]\s*(?P<content>.*)$")
_NUMBER_IN_PARENTHESES = re.compile(r"^\(\s*(?P<label>\d{1,2})\s*\)\s*(?P<content>.*)$")
_DOTTED_NUMBER = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<content>\S.*)$")
_NUMBER = re.compile(r"^(?P<label>\d{1,2})\s*[.)/]\s+(?P<content>\S.*)$")
_LETTER = re.compile(r"^(?:\((?P<label>[a-zđ])\)|(?P<label2>[a-zđ])[)./])\s+(?P<content>\S.*)$")
_BULLET = re.compile(r"^(?P<symbol>[-–—+•●○◦▪■□➢➤✓*·])\s*(?P<content>\S.*)$")

_ROMAN_RANK = 0
_LETTER_RANK = 10
_BULLET_RANK = 20


@dataclass
class _Node:
    """An item of the notice while the tree is built."""

    kind: str  # "root", "roman", "number", "letter" or "bullet"
    label: str = ""
    rank: int = -1
    symbol: str = ""
    paragraphs: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    parent: "_Node | None" = None
    number: str = ""

    @property
    def text(self) -> str:
        """The item's own words (without its marker and its children)."""
        return "\n".join(self.paragraphs)


def _marker(paragraph: str) -> tuple[str, str, str] | None:
    """The kind, label and content of a paragraph that starts a numbered item or a bullet."""
    match = _ROMAN.match(paragraph)
    if match and match.group("label"):
        return "roman", match.group("label"), match.group("content")
    match = _ARTICLE.match(paragraph)
    if match:
        return "article", match.group("label"), match.group("content")
    for pattern in (_NUMBER_IN_PARENTHESES, _DOTTED_NUMBER, _NUMBER):
        match = pattern.match(paragraph)
        if match:
            return "number", match.group("label"), match.group("content")
    match = _LETTER.match(paragraph)
    if match:
        return "letter", match.group("label") or match.group("label2"), match.group("content")
    match = _BULLET.match(paragraph)
    if match:
        return "bullet", match.group("symbol"), match.group("content")
    return None


def _is_numbered(paragraph: str) -> bool:
    """Whether `paragraph` starts a numbered (not bulleted) item."""
    marker = _marker(paragraph)
    return marker is not None and marker[0] != "bullet"


# ---------------------------------------------------------------------------------------------------
# The parts of a notice

_KINDS = (
    ("thong bao", "conclusion_notice"),
    ("ket luan", "conclusion_notice"),
    ("chi thi", "directive"),
    ("ke hoach", "plan"),
    ("quyet dinh", "decision"),
    ("cong van", "official_letter"),
)
_BODY_OPENINGS = re.compile(
    r"^(?:ngay \d|sang ngay|chieu ngay|toi ngay|sang \d|chieu \d|vao ngay|hom nay|can cu|thuc hien|tai )"
)
_CLOSING = re.compile(
    r"^(?:yeu cau|de nghi cac (?:co quan|so|don vi|dia phuong)|van phong .{0,40}thong bao)"
    r"|thong bao (?:de|y kien|ket luan)[^.]*(?:biet|thuc hien)"
)
_RECIPIENTS = re.compile(r"^noi nhan\b")
_SIGNATURE_LINE = re.compile(
    r"^(?:(?:tl|kt|tm|q|ttl)\s*\.?\s*)?(?:pho )?(?:chu tich|chanh van phong|giam doc|truong ban|"
    r"uy ban nhan dan|ubnd|van phong)\b"
)
_AUTHORITY_PREFIX = re.compile(r"^(?:tl|kt|tm|q|ttl)\s*\.")


@dataclass
class _Parts:
    """The paragraphs of a notice, sorted into header, title, preamble, body and closing."""

    header: list[str]
    kind_line: str
    title: list[str]
    preamble: list[str]
    body: list[str]
    closing: list[str]
    # A letter without numbered items: every paragraph that gives work to an agency is a task.
    by_paragraph: bool = False
    annex: list[str] = field(default_factory=list)


def _split_parts(paragraphs: list[str]) -> _Parts:
    """Find where the title, the numbered items and the closing begin."""
    kind_index = next((i for i, p in enumerate(paragraphs[:30]) if _kind_of(p)), None)
    if kind_index is None:
        header_end = _letter_header_end(paragraphs)
        subject = [index for index in range(header_end) if _SUBJECT_LINE.match(fold(paragraphs[index]))]
        if subject:  # a letter's subject (`V/v …`) is its title
            title_start, title_end = subject[0], subject[0] + 1
        else:
            header_end = title_start = title_end = max(header_end, _body_start(paragraphs))
    else:
        header_end, title_start = kind_index, kind_index + 1
        title_end = title_start
        while title_end < len(paragraphs) and _is_title_line(paragraphs, title_start, title_end):
            title_end += 1
    content_start = max(title_end, header_end)  # a letter's date may follow its subject line
    first_item = next((i for i in range(content_start, len(paragraphs)) if _is_numbered(paragraphs[i])), None)
    # A letter's subject line may stand among its header lines (`Số: …`, `V/v …`, then the date).
    header = [paragraph for index, paragraph in enumerate(paragraphs[:header_end]) if index != title_start]
    if first_item is None:
        end = next(
            (index for index in range(content_start, len(paragraphs)) if _ends_the_body(paragraphs[index])),
            None,
        )
        end = len(paragraphs) if end is None else end + paragraphs[end].endswith("./.")
        return _Parts(
            header=header,
            kind_line=paragraphs[kind_index] if kind_index is not None else "",
            title=paragraphs[title_start:title_end],
            preamble=[],
            body=paragraphs[content_start:end],
            closing=paragraphs[end:],
            by_paragraph=True,
        )
    closing_start = _closing_start(paragraphs, first_item)
    annex_start = _annex_start(paragraphs, closing_start)
    return _Parts(
        header=header,
        kind_line=paragraphs[kind_index] if kind_index is not None else "",
        title=paragraphs[title_start:title_end],
        preamble=paragraphs[content_start:first_item],
        body=paragraphs[first_item:closing_start],
        closing=paragraphs[closing_start:annex_start],
        annex=paragraphs[annex_start:],
    )


# The lines a letter opens with before its body: the issuer and the national motto (upper case), its number,
# place and date, and its subject (`V/v …`).
_LETTER_HEADER_LINE = re.compile(
    r"^(?:so\s*:|(?:v/v|ve viec)\b|cong hoa xa hoi|doc lap\s*[-–]|\S.{0,40}, ngay\b.{0,20}\bnam \d{4}\s*$)"
)
_SUBJECT_LINE = re.compile(r"^(?:v/v|ve viec)\b")
_LETTER_HEADER_LINES = 12


def _is_a_letter(header: list[str]) -> bool:
    """Whether a header without a kind line is a letter's (công văn): its subject line, or a number of the
    committee's or its office's letters (`Số: 1234/UBND-KT`, `Số: 56/VP-TH`)."""
    return any(
        _SUBJECT_LINE.match(fold(line)) or re.match(r"^so\s*:?\s*\S*/(?:ubnd|vp|vpubnd)-", fold(line))
        for line in header
    )


def _letter_header_end(paragraphs: list[str]) -> int:
    """Where the header of a text without a kind line (`THÔNG BÁO`, …) ends: after its last header line
    among the first few (`ỦY BAN NHÂN DÂN TỈNH …`, `Số: 12/UBND-KT`, `Hà Nam, ngày …`, `V/v …`); 0 for a
    text that opens with its body. The issuer's name is no signature there, and ends nothing."""
    end = 0
    for index, paragraph in enumerate(paragraphs[:_LETTER_HEADER_LINES]):
        if len(paragraph) > 120 or _marker(paragraph) or paragraph.rstrip().endswith(":"):
            break
        if _LETTER_HEADER_LINE.match(fold(paragraph)) or (paragraph.isupper() and len(paragraph) <= 80):
            end = index + 1
    return end


def _body_start(paragraphs: list[str]) -> int:
    """Where the body begins in a text without a kind line: the first paragraph that opens a body."""
    for index, paragraph in enumerate(paragraphs):
        if _BODY_OPENINGS.match(fold(paragraph)) or _is_numbered(paragraph) or len(paragraph) > 300:
            return index
    return 0


def _is_signature_line(paragraph: str) -> bool:
    """Whether `paragraph` is a line of the signature block (`TL. CHỦ TỊCH`, `PHÓ CHÁNH VĂN PHÒNG`)."""
    return paragraph.isupper() and len(paragraph) <= 40 and bool(_SIGNATURE_LINE.match(fold(paragraph)))


def _kind_of(paragraph: str) -> str:
    """The kind of document a heading line such as `THÔNG BÁO` announces; '' for other lines."""
    if not paragraph.isupper():
        return ""
    folded = fold(paragraph)
    return next((kind for opening, kind in _KINDS if folded.startswith(opening)), "")


def _is_title_line(paragraphs: list[str], title_start: int, index: int) -> bool:
    """Whether paragraph `index` still belongs to the title under the kind line."""
    paragraph = paragraphs[index]
    return (
        index - title_start < 3
        and len(paragraph) <= 400
        and not _BODY_OPENINGS.match(fold(paragraph))
        and not _is_numbered(paragraph)
        and not (paragraph.isupper() and _ENACTING_AUTHORITY.match(fold(paragraph)))
    )


# The authority that enacts a decision, on its own line under the title (`ỦY BAN NHÂN DÂN TỈNH NINH THUẬN`,
# `CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH`): no part of the title.
_ENACTING_AUTHORITY = re.compile(r"^(?:chu tich )?(?:uy ban nhan dan|ubnd)\b")


def _closing_start(paragraphs: list[str], first_item: int) -> int:
    """The index of the first paragraph after the directives.

    `Nơi nhận`, the signature and a paragraph ending in `./.` end them wherever they stand; a closing
    sentence (`Yêu cầu các cơ quan …`) only after the last numbered item, since one between items is theirs.
    """
    end = next(
        (index for index in range(first_item, len(paragraphs)) if _ends_the_body(paragraphs[index])), None
    )
    end = len(paragraphs) if end is None else end + paragraphs[end].endswith("./.")
    last_item = max(index for index in range(first_item, end) if _is_numbered(paragraphs[index]))
    return next(
        (
            index
            for index in range(last_item + 1, end)
            if _marker(paragraphs[index]) is None and _CLOSING.search(fold(paragraphs[index]))
        ),
        end,
    )


def _ends_the_body(paragraph: str) -> bool:
    """Whether `paragraph` is `Nơi nhận`, a line of the signature, or the last of the text (`./.`)."""
    return (
        bool(_RECIPIENTS.match(fold(paragraph))) or _is_signature_line(paragraph) or paragraph.endswith("./.")
    )


# ---------------------------------------------------------------------------------------------------
# An annex of tasks after the signature (a plan's `PHỤ LỤC`: its table, one numbered line per row)

_ANNEX_HEADING = re.compile(r"^(?:phu luc|danh muc)\b")
ANNEX_NUMBER = "PL"


def _annex_start(paragraphs: list[str], closing_start: int) -> int:
    """Where an annex with numbered items begins in the closing (its `PHỤ LỤC` heading); else the end."""
    for index in range(closing_start, len(paragraphs)):
        paragraph = paragraphs[index]
        folded = fold(paragraph)
        if (
            _ANNEX_HEADING.match(folded)
            and (paragraph.isupper() or folded.startswith("phu luc"))
            and any(_is_numbered(later) for later in paragraphs[index + 1 :])
        ):
            return index
    return len(paragraphs)


def _attach_annex(root: _Node, annex: list[str]) -> None:
    """The annex's items as one heading after the body's (numbered `PL`, `PL.1`, … so none clashes)."""
    if not annex:
        return
    first_item = next(index for index, paragraph in enumerate(annex) if _is_numbered(paragraph))
    titles = [paragraph for paragraph in annex[:first_item] if paragraph.isupper()] or annex[:1]
    node = _Node("annex", ANNEX_NUMBER, _ROMAN_RANK, paragraphs=[" ".join(titles)], parent=root)
    node.children = _build_tree(annex[first_item:]).children
    for child in node.children:
        child.parent = node
    root.children.append(node)


# ---------------------------------------------------------------------------------------------------
# The tree of items


def _build_tree(body: list[str]) -> _Node:
    """Arrange the body's paragraphs into items nested by their markers."""
    root = _Node("root")
    stack = [root]
    for paragraph in body:
        marker = _marker(paragraph)
        if marker is None:  # more words of the item above (or the text of a marker written alone)
            stack[-1].paragraphs.append(paragraph)
            continue
        kind, label, content = marker
        rank = _rank(kind, label, stack, symbol=label if kind == "bullet" else "")
        while stack[-1].rank >= rank:
            stack.pop()
        node = _Node(kind, label, rank, label if kind == "bullet" else "", parent=stack[-1])
        if content:
            node.paragraphs.append(content)
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _split_paragraphs_that_give_work(node: _Node, matcher: AgencyMatcher | None) -> None:
    """An item without sub-items whose paragraphs each give work to an agency (`II. NHIỆM VỤ …` / `Giao Sở Y
    tế …` / `Sở Tài chính …` / `UBND các huyện …`) is a heading over one task per such paragraph, numbered as
    bullets are; a paragraph that gives no work stays with the one before it."""
    for child in node.children:
        _split_paragraphs_that_give_work(child, matcher)
    if node.children or node.kind == "root" or len(node.paragraphs) < 2:
        return
    giving = [
        _gives_work(_Node("paragraph", paragraphs=[paragraph]), matcher) and not paragraph.isupper()
        for paragraph in node.paragraphs
    ]
    if sum(giving) < 2:
        return
    first = giving.index(True)
    own, tasks = node.paragraphs[:first], []
    for paragraph, gives in zip(node.paragraphs[first:], giving[first:], strict=True):
        if gives:
            tasks.append(_Node("bullet", "¶", _BULLET_RANK, "¶", [paragraph], parent=node))
        else:
            tasks[-1].paragraphs.append(paragraph)
    node.paragraphs = own or [tasks[0].paragraphs[0]]
    node.children = tasks


_ADDRESSEES = re.compile(r"^(?:kinh gui|dong kinh gui)\b")
# The office's closing formula: it notifies the letter to those who carry it out (`… thông báo để Sở X, các cơ
# quan liên quan thực hiện./.`, `… thông báo cho các cơ quan biết, thực hiện.`).
_NOTIFYING_CLOSING = re.compile(r"^thong bao (?:de|cho)\s+(?=.{0,300}(?:thuc hien|biet)\s*[./]*$)")
_LETTER_CLOSING = re.compile(
    r"^(?:yeu cau|de nghi)\b.{0,120}(?:thuc hien nghiem|nghiem tuc thuc hien|trien khai thuc hien)"
    r"(?: nghiem tuc| nghiem)?(?: (?:cac )?(?:noi dung|y kien chi dao)[^.;]{0,40})?\s*[./]*$"
)


def _paragraph_tree(body: list[str], matcher: AgencyMatcher | None = None) -> _Node:
    """The items of a letter without numbers: one per paragraph (and per bullet under a paragraph that ends
    with `:`), the addressees' block (`Kính gửi: …`, then its lines that only name agencies) left out."""
    root = _Node("root")
    heading: _Node | None = None
    in_addressees = False
    for paragraph in body:
        marker = _marker(paragraph)
        if _ADDRESSEES.match(fold(paragraph)):
            in_addressees = True
            continue
        if in_addressees and _only_names_agencies(marker[2] if marker else paragraph, matcher):
            continue
        in_addressees = False
        if marker is not None and marker[0] == "bullet":
            node = _Node("bullet", marker[1], _BULLET_RANK, marker[1], [marker[2]])
            parent = heading or root
        else:
            node = _Node("paragraph", "", 1, paragraphs=[paragraph])
            parent = root
            heading = node if paragraph.rstrip().endswith(":") else None
        node.parent = parent
        parent.children.append(node)
    return root


def _only_names_agencies(line: str, matcher: AgencyMatcher | None) -> bool:
    """Whether a line of the addressees' block names agencies and nothing else (`Sở Tài chính;`, `UBND các
    huyện, thị xã, thành phố.`, `Các sở, ban, ngành tỉnh;`): a sentence after them is the letter's body."""
    run = read_agency_run(line, matcher)
    return bool(run.names or run.groups or run.unnamed) and not run.rest.strip(" .;:,")


def _number_paragraphs(root: _Node) -> None:
    """`¶1`, `¶2`, …: the paragraphs that are kept, in order; their bullets `¶1.1`, …"""
    for index, child in enumerate(root.children, start=1):
        child.label = f"¶{index}"
    _number_items(root)


def _paragraph_directives(root: _Node, setting: "_Setting") -> list[ParsedDirective]:
    """The tasks of a letter: the paragraphs (split at each sentence that gives work to another agency)
    that give work to an agency other than the committee itself; the others are context."""
    kept = _Node("root")
    leads_so_far: set[str] = set()
    for child in _after_the_announcement(root.children, setting.matcher):
        pieces = _split_at_assignments(child, setting.matcher) if not child.children else [child]
        for piece in pieces:
            if _is_a_closing_formula(piece, leads_so_far, setting.matcher):
                continue  # `Yêu cầu các sở, ngành … nghiêm túc thực hiện./.`: the closing formula
            if _gives_work(piece, setting.matcher) or any(
                _gives_work(grandchild, setting.matcher, _assignment_of(piece.text, setting.matcher))
                for grandchild in piece.children
            ):
                piece.parent = kept
                kept.children.append(piece)
                leads_so_far.update(map(agency_key, _assignment_of(piece.text, setting.matcher).leads))
    _number_paragraphs(kept)
    directives: list[ParsedDirective] = []
    for child in kept.children:
        _collect(child, _Assignment(), setting, directives)
    return directives


# The paragraph after which a letter gives its directions (`Sau khi xem xét, Chủ tịch UBND tỉnh có ý kiến chỉ
# đạo:`, `UBND tỉnh có ý kiến như sau:`, `… chỉ đạo như sau:`): what comes before it is background.
_ANNOUNCEMENT = re.compile(r"(?:co y kien(?: chi dao)?|chi dao|yeu cau)(?: nhu sau)?\s*:$")


def _after_the_announcement(paragraphs: list[_Node], matcher: AgencyMatcher | None) -> list[_Node]:
    """The paragraphs of a letter from the one that announces its directions on (`… có ý kiến chỉ đạo:`),
    when one does and work follows it: before it a news item's summary (`Chủ tịch UBND tỉnh yêu cầu Sở X …`,
    which the directions then give in full) or the background is told, not assigned. All of them otherwise."""
    paragraphs = _lead_ins_with_their_directions(paragraphs, matcher)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.children or not _ANNOUNCEMENT.search(fold(paragraph.text.rstrip())):
            continue
        after = paragraphs[index + 1 :]
        if any(_gives_work(later, matcher) for later in after):
            return after
    return paragraphs


def _lead_ins_with_their_directions(paragraphs: list[_Node], matcher: AgencyMatcher | None) -> list[_Node]:
    """Each lead-in (a paragraph ending with `:`) addressed to agencies other than the committee heads the
    paragraphs after it that are its addressees' work (see `_with_its_directions`)."""
    kept: list[_Node] = []
    index = 0
    while index < len(paragraphs):
        paragraph = paragraphs[index]
        index += 1
        if (
            not paragraph.children
            and paragraph.text.rstrip().endswith(":")
            and _gives_work(paragraph, matcher)
            and not _is_the_committee_speaking(paragraph, matcher)
        ):
            _with_its_directions(paragraph, paragraphs[index:], matcher)
            index += len(paragraph.children)
        kept.append(paragraph)
    return kept


def _is_the_committee_speaking(paragraph: _Node, matcher: AgencyMatcher | None) -> bool:
    """Whether the lead-in's only addressee is the committee itself (`UBND tỉnh có ý kiến chỉ đạo như
    sau:`)."""
    leads = _assignment_of(paragraph.text, matcher).leads
    return all(agency_key(name) in _ISSUERS for name in leads)


def _with_its_directions(lead_in: _Node, after: list[_Node], matcher: AgencyMatcher | None) -> None:
    """A lead-in that gives the directions to its addressees (`UBND tỉnh yêu cầu Thủ trưởng các Sở, ban,
    ngành …, Chủ tịch UBND các huyện … tập trung chỉ đạo:`) heads the paragraphs after it that name no agency
    of their own (`Tiếp tục kéo dài thời gian thực hiện …`): they become its items, its addressees' work. The
    paragraphs from the first that names its own addressee, or is the closing formula, stay as they are."""
    directions = 0
    for paragraph in after:
        if paragraph.children or _assignment_of(paragraph.text, matcher).explicit:
            break
        if _is_a_closing_formula(paragraph, set(), matcher):
            break
        directions += 1
    for paragraph in after[:directions]:
        paragraph.kind, paragraph.rank, paragraph.parent = "bullet", _BULLET_RANK, lead_in
        lead_in.children.append(paragraph)


def _is_a_closing_formula(piece: _Node, leads_so_far: set[str], matcher: AgencyMatcher | None) -> bool:
    """Whether a letter's paragraph only asks for the letter to be carried out (`Yêu cầu các sở, ngành …
    nghiêm túc thực hiện./.`): it names no agency of its own, or only agencies the letter gave work to
    already (`Căn cứ nội dung này, Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở X triển khai thực hiện.`)."""
    if piece.children:  # a lead-in over its directions
        return False
    text = piece.text
    lead_in = _LEAD_IN.match(text)
    text = text[lead_in.end() :] if lead_in else text
    committee = read_agency_run(text, matcher)
    if _is_the_provincial_committee(committee) or _is_the_committees_office(committee):
        text = committee.rest
    notifying = _NOTIFYING_CLOSING.match(fold(text))
    if notifying:  # `Văn phòng UBND tỉnh thông báo để Sở X, các cơ quan liên quan thực hiện./.`
        addressed = read_agency_run(text[notifying.end() :], matcher).names
        for_information = "thuc hien" not in fold(text)  # `… thông báo để các cơ quan biết.`
        return for_information or all(agency_key(name) in leads_so_far for name in addressed)
    if not _LETTER_CLOSING.search(fold(text)):
        return False
    if not _names_a_lead(piece, matcher):
        return True
    leads = _assignment_of(piece.text, matcher).leads
    return bool(leads_so_far) and all(agency_key(name) in leads_so_far for name in leads)


def _gives_work(node: _Node, matcher: AgencyMatcher | None, above: "_Assignment | None" = None) -> bool:
    """Whether the item gives work to an agency (or unnamed bodies) other than the committee itself."""
    assignment = _inherit(_assignment_of(node.text, matcher), above or _Assignment())
    leads = [name for name in assignment.leads if agency_key(name) not in _ISSUERS]
    after = _after_the_names(node.text, matcher)
    return bool(leads) and bool(after) and not _only_tells_of_them(node.text, after)


# After the agencies an item opens with, words that tell what they did or are (`Ban Thường vụ Tỉnh ủy vừa ban
# hành Chỉ thị …`, `Sở X đã hoàn thành …`, `… được giao …`).
_TOLD_OF = re.compile(r"^(?:da|vua|dang|duoc|bi|la|rat)(?!\w)")


def _only_tells_of_them(text: str, after_the_names: str) -> bool:
    """Whether an item that opens with agencies only tells of them (news of what they did), giving no work
    in any of its words (`giao`, `chủ trì`, `có trách nhiệm`, `đề nghị`, `yêu cầu`)."""
    return bool(_TOLD_OF.match(fold(after_the_names))) and not _ASSIGNMENT_WORDS.search(fold(text))


def _names_a_lead(node: _Node, matcher: AgencyMatcher | None) -> bool:
    """Whether the item names an agency (not only unnamed bodies) as its lead."""
    assignment = _assignment_of(node.text, matcher)
    return any(name not in assignment.group_leads for name in assignment.leads)


def _after_the_names(text: str, matcher: AgencyMatcher | None) -> str:
    """The words after the agencies an item opens with: '' for a line that only names agencies."""
    topic = _TOPIC.match(text)
    text = text[topic.end() :] if topic else text
    lead_in = _LEAD_IN.match(text)
    text = _without_opening_quote(text[lead_in.end() :] if lead_in else text)
    opening = _ASSIGNING.match(text)
    run = _delegated(read_agency_run(text[opening.end() :] if opening else text, matcher), matcher)
    return run.rest.strip(" .;:,") if (run.names or run.groups) else text


def _split_at_assignments(node: _Node, matcher: AgencyMatcher | None) -> list[_Node]:
    """A paragraph cut before each later sentence that opens by giving work to a named agency
    (`Giao Sở X …`, `Sở Y có trách nhiệm …`): each is a task of its own."""
    text = node.text
    cuts: list[int] = []
    sentence_starts = set(_sentence_starts(text))
    for start in sorted({*sentence_starts, *_named_clause_starts(text)}):
        sentence = text[start : start + RUN_WINDOW]
        lead_in = _LEAD_IN.match(sentence)
        sentence = sentence[lead_in.end() :] if lead_in else sentence
        opening = _ASSIGNING.match(sentence)
        addressed = sentence[opening.end() :] if opening else sentence
        run = _delegated(read_agency_run(addressed, matcher), matcher)
        if start not in sentence_starts and not _clause_of_its_own(text, cuts, start, run, matcher):
            continue
        if (run.names or run.groups) and (opening or _does_work(run)):
            cuts.append(start)
    cuts = sorted({*cuts, *_clauses_given_to_other_agencies(text, matcher)})
    if not cuts:
        return [node]
    bounds = [0, *cuts, len(text)]
    return [
        _Node("paragraph", "", 1, paragraphs=[text[a:b].strip()], parent=node.parent)
        for a, b in itertools.pairwise(bounds)
        if text[a:b].strip()
    ]


# After the agencies a sentence opens with, words that tell of them rather than give them work: what they
# did, are, or receive (`Sở X đã …`, `Sở X là …`, `Báo … rất hoan nghênh`), or their part beside another.
_NOT_WORK = re.compile(
    r"^(?:da|vua|dang|duoc|bi|la|cua|cung|rat|se|va|voi|cho|ve|tai|trong|tu|nay|do|thi|phoi hop|tham gia"
    r"|co y kien|bao cao ket qua|hoan nghenh)(?!\w)"
)


def _does_work(run: AgencyRun) -> bool:
    """Whether the words after a sentence's opening agencies are work they are to do (a verb: `Sở X tập huấn
    …`, `Ban Y thường xuyên báo cáo …`, `Sở Z, Công an tỉnh báo cáo … trước ngày …`), not what they did."""
    rest = fold(run.rest)
    if rest.startswith(_DUTY_WORDS):
        return True
    if run.names:
        return bool(rest) and not _NOT_WORK.match(rest)
    # Unnamed bodies of the state that open the sentence, then their verb: `Các cơ quan truyền thông đẩy
    # mạnh tuyên truyền …`, `Các địa phương tăng cường …`.
    return (
        bool(run.groups)
        and fold(run.groups[0]).startswith(("cac ", "thu truong cac ", "chu tich ubnd cac "))
        and starts_with_a_predicate(run.rest)
        and not _NOT_WORK.match(rest)
    )


def _clause_of_its_own(
    text: str, cuts: list[int], start: int, run: AgencyRun, matcher: AgencyMatcher | None
) -> bool:
    """Whether a clause after `;` or an ellipsis that opens with agencies is a task apart: they are all
    named (no unnamed bodies beside them), and the words before it already give work of their own — not a
    list of addressees cut by `;` (`… chỉ đạo thủ trưởng các sở, ngành …; Chủ tịch UBND các huyện khẩn
    trương …`)."""
    if not run.names or run.unnamed or run.groups:
        return False
    before = text[max([0, *cuts]) : start].strip(" ;…")
    return (
        bool(before)
        and bool(_after_the_names(before, matcher))
        and _gives_work(_Node("paragraph", paragraphs=[before]), matcher)
    )


# `…; Sở Y tập huấn …`, `…phòng, chống dịch…Ban Chỉ đạo kỳ thi cần …`: where a clause that may open with
# its own agency begins inside a sentence (after `;` or an ellipsis).
_NAMED_CLAUSE_BOUNDARY = re.compile(r"(?:;|…|\.\.\.)\s*(?=[A-ZĐÀ-Ỹ])")


def _named_clause_starts(text: str) -> list[int]:
    """Where clauses after `;` or an ellipsis begin with a capital (an agency's name may open them)."""
    return [boundary.end() for boundary in _NAMED_CLAUSE_BOUNDARY.finditer(text)]


# Where a clause inside a sentence may begin: after `;`, `:`, an ellipsis, or an opening quote.
_INNER_CLAUSE_BOUNDARY = re.compile(r"(?:[;:…]|\.\.\.)\s*[“\"]?\s*|[“\"]\s*")
_GIVING = re.compile(r"giao (?:nhiệm vụ )?cho\s+|giao\s+", re.IGNORECASE)


def _clauses_given_to_other_agencies(text: str, matcher: AgencyMatcher | None) -> list[int]:
    """Where clauses that each give their own work to a named agency begin (`…: “Giao cho Sở X phối hợp …
    làm rõ …; giao cho Sở Y chủ trì … báo cáo trước ngày …; giao cho UBND TP Z …`): cut there when two or more
    such clauses give the work to different agencies, so each agency's work is a task of its own. One
    `…; giao X …` after work for nobody (`Đồng ý chủ trương …; giao X …`) stays one task."""
    given: list[tuple[int, tuple[str, ...]]] = []
    for boundary in _INNER_CLAUSE_BOUNDARY.finditer(text):
        opening = _GIVING.match(text, boundary.end())
        if not opening:
            continue
        run = read_agency_run(text[opening.end() : opening.end() + RUN_WINDOW], matcher)
        if run.names and run.rest.strip(" .;:,…"):
            given.append((boundary.end(), tuple(agency_key(name) for name in run.names)))
    if len(given) < 2 or len({names for _start, names in given}) < 2:
        return []
    return [start for start, _names in given]


def _rank(kind: str, label: str, stack: list[_Node], symbol: str) -> int:
    """How deep an item sits: sections, then numbers by their parts, letters, then bullets."""
    if kind in ("roman", "article"):
        return _ROMAN_RANK
    if kind == "number":
        return label.count(".") + 1
    if kind == "letter":
        return _LETTER_RANK
    bullets = [node for node in stack if node.kind == "bullet"]
    for node in bullets:
        if node.symbol == symbol:
            return node.rank
    return bullets[-1].rank + 1 if bullets else _BULLET_RANK


def _number_items(node: _Node, used: set[str] | None = None) -> None:
    """Give every item below `node` its number (see the module docstring).

    A number the text repeats (two items `3.`, or the items of two articles) is told apart by a prime
    (`3'`), since a notice's numbers must be unique.
    """
    used = set() if used is None else used
    bullet_count = 0
    for child in node.children:
        if child.kind == "bullet":
            bullet_count += 1
            own = str(bullet_count)
        elif child.kind == "number" and node.kind == "number" and child.label.startswith(node.label + "."):
            own = child.label[len(node.label) + 1 :]
        elif child.kind == "paragraph":
            own = child.label
        else:
            own = child.label
        if child.kind == "article":
            own = f"Điều {own}"
        number = f"{node.number}.{own}" if node.number and node.kind != "article" else own
        while number in used:
            number += "'"
        used.add(number)
        child.number = number
        _number_items(child, used)


_ASSESSMENT_TITLES = re.compile(
    r"^(?:ve )?(?:(?:nhung|mot so) )?(?:danh gia|ket qua|tinh hinh|khai quat|thuc trang|ton tai|han che|"
    r"boi canh|y kien danh gia|kho khan|vuong mac|uu diem|nhan xet|muc dich|muc tieu|quan diem|can cu)"
)
_ASSIGNMENT_WORDS = re.compile(r"(?<!\w)(?:giao|chu tri|co trach nhiem|de nghi|yeu cau)(?!\w)")


# Articles that say who carries out or watches over the document, not what is to be done.
_STANDING_ARTICLES = re.compile(r"^(?:trach nhiem|hieu luc|dieu khoan thi hanh|to chuc thuc hien)")


def _is_context(node: _Node) -> bool:
    """Whether a top-level item is assessment, or an empty section, rather than directives."""
    if _ASSESSMENT_TITLES.match(fold(node.paragraphs[0] if node.paragraphs else "")):
        return True
    if node.kind == "article" and _STANDING_ARTICLES.match(fold(node.text)):
        return True
    if node.kind == "article" and "chiu trach nhiem thi hanh" in fold(node.text):
        return True
    return (
        node.kind in ("roman", "article")
        and not node.children
        and not _ASSIGNMENT_WORDS.search(fold(node.text))
    )


# ---------------------------------------------------------------------------------------------------
# Who leads, who supports

_CHU_TRI = re.compile(r"(?<!\w)chu tri(?!\w)")
_LEAD_LABEL = re.compile(r"(?<!\w)(?:co quan|don vi)(?: (?:thuc hien|duoc giao))? chu tri ?: ?")
# `phối hợp với X`, also written without `với` (`chủ trì, phối hợp Sở Y`).
_PHOI_HOP = re.compile(r"(?<!\w)phoi hop(?: chat che| tot| thuong xuyen)?(?: voi| cung)?(?!\w)")
_ASSIGNING = re.compile(
    r"(?:^|(?<=[\s,;:(]))(?:giao (?:nhiệm vụ )?cho|giao|đề nghị|yêu cầu|đối với|về phía|chỉ đạo|phân công)"
    r"\s+(?=\S)",
    re.IGNORECASE,
)
# The provincial committee hands the work on: `UBND tỉnh giao X`, `Chủ tịch UBND tỉnh vừa có văn bản chỉ
# đạo X`, `Đề nghị UBND tỉnh chỉ đạo X` (X leads, not the committee).
# A direction may be sent *to* them: `… vừa có công văn chỉ đạo đến một số sở, ngành …`.
_DELEGATING = re.compile(
    r"^(?:[^\s,;.:]+\s+){0,5}?(?:giao (?:nhiệm vụ )?cho|giao|chỉ đạo|yêu cầu|đề nghị|phân công|thông báo để)"
    r"(?:\s+(?:đến|tới))?\s+(?=\S)",
    re.IGNORECASE,
)
# A topic that opens an item before its directive (`Về lĩnh vực Văn hóa - Xã hội:`, `Đối với các nội dung
# kiến nghị của tỉnh:`).
_TOPIC = re.compile(r"^(?:về|đối với|lĩnh vực)\s[^:\n]{0,200}:\s*", re.IGNORECASE)
# Words that open a sentence before its subject (`Theo đó, UBND tỉnh yêu cầu …`, `Sau khi xem xét, Chủ tịch
# UBND tỉnh …`, `Căn cứ vào các nguồn kinh phí …, UBND tỉnh yêu cầu …`): the subject comes after them.
_LEAD_IN = re.compile(
    r"^(?:theo đó|đồng thời|bên cạnh đó|cùng với đó|song song (?:với )?đó|ngoài ra|mặt khác|sau khi xem xét"
    r"|tiếp thu ý kiến(?: cử tri)?"
    r"|căn cứ (?:vào )?[^,;.:\n]{1,160}?)"
    r"\s*,\s*",
    re.IGNORECASE,
)
_PROVINCIAL_COMMITTEE = agency_key("UBND tỉnh")
# The bodies that issue the documents: they hand work on, they do not take it (`HĐND tỉnh đề nghị UBND tỉnh
# chỉ đạo Sở X …` is Sở X's; a letter of the committee gives the committee nothing).
# The province's party committee and its standing bodies stand above the People's Committee: its documents
# report what they issued (`Tỉnh ủy ban hành Đề án …`) and give them no work.
_ISSUERS = frozenset(
    {
        _PROVINCIAL_COMMITTEE,
        agency_key("HĐND tỉnh"),
        agency_key("Tỉnh ủy"),
        agency_key("Ban Thường vụ Tỉnh ủy"),
        agency_key("Thường trực Tỉnh ủy"),
    }
)
# How unnamed bodies of the state are called (`UBND các huyện`, `Thủ trưởng các sở, ngành`), as opposed to
# those an agency deals with (`các chủ đầu tư`, `doanh nghiệp`).
_STATE_BODIES = re.compile(
    r"(?:(?:thủ trưởng|giám đốc|chủ tịch|lãnh đạo)\s+)?(?:các\s+)?"
    r"(?:sở|ban|ngành|cơ quan|đơn vị(?! thi công| tư vấn)|địa phương|ubnd|ủy ban|uỷ ban|huyện|thị xã|"
    r"thành phố|xã|phường)(?!\w)",
    re.IGNORECASE,
)
# A period after `TP`/`TX` (thành phố, thị xã) abbreviates: it ends no sentence.
_FULL_STOP = r"(?<!\bTP)(?<!\bTX)(?<!\bTp)(?<!\bTx)\."
# Where the agencies after a label end: the next clause (`Đơn vị chủ trì: X; đơn vị phối hợp: …`).
_LABELLED_UP_TO = re.compile(rf"(?:;|{_FULL_STOP})\s|\n")
_CLAUSE_BOUNDARY = re.compile(rf"(?:{_FULL_STOP}|[;:!?])\s|\n")
_SENTENCE_BOUNDARY = re.compile(rf"(?:{_FULL_STOP}|[!?])\s+|\n")
_DUTY_WORDS = (
    "phai",
    "can ",
    "co trach nhiem",
    "tap trung",
    "tiep tuc",
    "thuc hien",
    "chu dong",
    "khan truong",
    "trien khai",
    "quan tam",
    "chu tri",
    "nghiem tuc",
    "to chuc thuc hien",
    "lam tot",
)


@dataclass(frozen=True)
class _Assignment:
    """Who an item's own words give it to: leads as written, supports as written."""

    leads: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    explicit: bool = False  # the item names its own addressee (an agency, or unnamed ones)
    unnamed_support: bool = False
    # Agencies a later sentence gives a part of the work to (`…. Giao Sở Tài chính thẩm định …`): they
    # lead beside the item's addressee, its own or the one it inherits.
    later_leads: tuple[str, ...] = ()
    # Leads that are unnamed bodies kept as written (`các sở, ngành tỉnh`): a person names the agencies.
    group_leads: tuple[str, ...] = ()


def _assignment_of(text: str, matcher: AgencyMatcher | None) -> _Assignment:
    """Read the lead and supporting agencies an item's text names (see the module docstring)."""
    folded, offsets = fold_with_offsets(text)
    boundaries = [match.end() for match in _CLAUSE_BOUNDARY.finditer(text)]
    labels = list(_LEAD_LABEL.finditer(folded))
    # `Cơ quan chủ trì: Sở X` (a plan's task written out of its table): the agencies after the label lead.
    lead_runs = [
        read_agency_run(_LABELLED_UP_TO.split(text[start : start + RUN_WINDOW], 1)[0], matcher)
        for label in labels
        for start in [offsets[label.end() - 1] + 1]
    ]
    lead_runs += [
        _lead_before(text[_clause_start(boundaries, end) : end], matcher)
        for match in _CHU_TRI.finditer(folded)
        if not any(label.start() <= match.start() < label.end() for label in labels)
        for end in [offsets[match.start()]]
    ]
    lead_runs = [run for run in lead_runs if run]
    if not lead_runs:
        lead_runs = [run for run in (_subject_at_start(text, matcher),) if run]
    later_runs = _assigned_later(text, _sentence_starts(text), matcher) + _working_subjects_later(
        text, matcher
    )
    # `Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau: Giao X …`: the committee opens, X is given the work.
    committee_only = bool(lead_runs) and all(_is_the_provincial_committee(run) for run in lead_runs)
    if (not lead_runs or committee_only) and not later_runs:
        later_runs = _assigned_later(text, _clause_starts(text), matcher)[:1]  # `…; giao X …`
        if later_runs and (committee_only or not later_runs[0].names):
            # `…: Giao các sở, ngành …`: the clause's addressee leads (unnamed bodies kept as written)
            lead_runs, later_runs = later_runs, []
    if not lead_runs and not later_runs:
        lead_runs = _subject_after_colon(text, boundaries, matcher)
    if not lead_runs and not later_runs:  # `Căn cứ …; …, yêu cầu các sở, ngành … khẩn trương đánh giá …`
        lead_runs = _asked_inside_a_clause(text, matcher)[:1]
    committee_only = bool(lead_runs) and all(_is_the_provincial_committee(run) for run in lead_runs)
    if (not lead_runs or committee_only) and not later_runs:
        # `…, tỉnh Tuyên Quang đã chỉ đạo Sở Y tế, UBND các huyện … tiếp tục …`; `Theo đó, Chủ tịch UBND tỉnh
        # đồng ý …. Vì …, nên UBND tỉnh giao Giám đốc Sở Y tế: …`
        lead_runs = (
            _reported_directions(text, matcher)[:1]
            or _given_inside_a_sentence(text, matcher)[:1]
            or lead_runs
        )
    if not lead_runs and not later_runs and text.rstrip().endswith(":"):
        lead_runs = [run for run in (_addressee_of_lead_in(text.splitlines()[-1], matcher),) if run]
    support_runs = [
        read_agency_run(text[start : start + RUN_WINDOW].lstrip(" :"), matcher)
        for match in _PHOI_HOP.finditer(folded)
        for start in [offsets[match.end() - 1] + 1]
    ]
    return _Assignment(
        leads=tuple(name for run in lead_runs for name in (*run.names, *run.groups)),
        supports=tuple(name for run in support_runs for name in run.names),
        explicit=bool(lead_runs),
        unnamed_support=any(run.unnamed for run in support_runs),
        later_leads=tuple(name for run in later_runs for name in run.names),
        group_leads=tuple(name for run in lead_runs for name in run.groups),
    )


# `…, yêu cầu X …` inside a sentence: the committee (named before, or not at all) asks X for the work.
_ASKED_AFTER_COMMA = re.compile(r",\s+(?=(?:giao|yêu cầu|đề nghị)\s)", re.IGNORECASE)


def _asked_inside_a_clause(text: str, matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """The agencies (named or unnamed bodies of the state) that a clause asks for work after a comma, when
    what follows them is the work (a verb), not only their names."""
    runs = []
    for comma in _ASKED_AFTER_COMMA.finditer(text):
        for run in _assigned_later(text, [comma.end()], matcher):
            if run.rest.strip(" .;:,") and (
                run.names or _STATE_BODIES.match(run.groups[0] if run.groups else "")
            ):
                runs.append(run)
    return runs


# The issuer reported as giving a direction inside a sentence: `Phó Chủ tịch UBND tỉnh Nguyễn Hồng Hải vừa có
# công văn chỉ đạo đến …`, `UBND TP vừa ban hành công văn số 9992/UBND-NN yêu cầu …`, `…, Ngày 03/5/2021,
# UBND tỉnh Tuyên Quang ban hành Văn bản chỉ đạo …`, `…, tỉnh Tuyên Quang đã chỉ đạo …`, `… đã nêu rõ, UBND
# tỉnh yêu cầu …`.
# The committee (or its chairman, or the province) comes first, then at most a few words of the same clause
# (how it gave the direction: `vừa có công văn`, `ban hành Văn bản`), then the verb.
_ISSUER_DIRECTING = re.compile(
    r"(?<!\w)(?:(?:(?:[Pp]hó\s+)?[Cc]hủ\s+tịch\s+)?(?:UBND|[ỦUủu][ỷy]\s+ban\s+nhân\s+dân)\s+(?:tỉnh|thành\s+phố|TP)"
    r"|(?:tỉnh|thành\s+phố)(?=\s+[A-ZĐÀ-Ỹ]))"
    # `… ban hành văn bản số 4672/UBND-VX về việc giao Sở Y tế …`: the document's subject, which the report
    # then gives in full, is no direction of its own
    r"(?:\s+(?!(?:về\s+việc|V/v|v/v)(?!\w))[^\s,;.:!?]+){0,10}?"
    r"\s+(?:chỉ\s+đạo|yêu\s+cầu|đề\s+nghị|giao)(?:\s+(?:đến|tới|cho))?\s+(?=\S)"
)


def _reported_directions(text: str, matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """The agencies the issuer is reported inside a sentence to direct or ask for work."""
    return _directed_after(_ISSUER_DIRECTING, text, matcher)


# `giao X` anywhere in a sentence gives X the work (`…, UBND tỉnh ban hành Quyết định số 600/QĐ-UBND điều
# chuyển … và giao UBND các huyện, thành phố, thị xã, Tỉnh đoàn tiếp nhận tài sản …`); not `được giao` (work
# received) nor `bàn giao` (handing over), nor a document's subject (`văn bản … về việc giao Sở Y tế …`).
_GIVEN_INSIDE = re.compile(
    r"(?<!được )(?<!Được )(?<!bàn )(?<!về việc )(?<!V/v )(?<!v/v )(?<!\w)giao(?: nhiệm vụ)?(?: cho)?\s+(?=\S)"
)


def _given_inside_a_sentence(text: str, matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """The agencies given work by a `giao` inside a sentence (`_GIVEN_INSIDE`)."""
    return _directed_after(_GIVEN_INSIDE, text, matcher)


def _directed_after(words: re.Pattern[str], text: str, matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """The agencies (named, or unnamed bodies of the state) right after each match of `words` in `text`,
    when words follow them (the work) and they are not the committee itself."""
    runs = []
    for match in words.finditer(text):
        run = _delegated(read_agency_run(text[match.end() : match.end() + RUN_WINDOW], matcher), matcher)
        state_bodies = [group for group in run.groups if _STATE_BODIES.search(group)]
        if (run.names or state_bodies) and run.rest.strip(" .;:,") and not _is_the_provincial_committee(run):
            runs.append(run)
    return runs


def _clause_start(boundaries: list[int], end: int) -> int:
    """Where the clause that ends at `end` begins: after the last of the `boundaries` before it."""
    index = bisect.bisect_right(boundaries, end) - 1
    return boundaries[index] if index >= 0 else 0


def _subject_after_colon(text: str, boundaries: list[int], matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """The agencies a clause after a topic opens with (`Đối với …: Các sở, ban, ngành, UBND các huyện …
    căn cứ …`), when nothing else names the addressee."""
    for start in boundaries[:3]:
        if text[start - 2 : start].strip() != ":" and text[start - 1 : start] != ":":
            continue
        run = _delegated(read_agency_run(text[start:], matcher), matcher)
        if (run.names or run.groups) and run.rest and not _is_the_provincial_committee(run):
            return [run]
    return []


# The committee's office hands on the committee's work as the committee does (`Văn phòng UBND tỉnh đề nghị
# Sở X khẩn trương trình …`), though it may lead work of its own (`Giao Văn phòng UBND tỉnh theo dõi …`).
_COMMITTEE_OFFICE = agency_key("Văn phòng UBND tỉnh")


def _delegated(run: AgencyRun, matcher: AgencyMatcher | None) -> AgencyRun:
    """For `UBND tỉnh (vừa có văn bản) giao/chỉ đạo X …` (or its office's `đề nghị X …`), the run of X; else
    `run` itself."""
    if not _is_the_provincial_committee(run) and not _is_the_committees_office(run):
        return run
    delegation = _DELEGATING.match(run.rest)
    if delegation:
        handed_on = read_agency_run(run.rest[delegation.end() :], matcher)
        if handed_on.names or handed_on.groups:
            return _delegated(handed_on, matcher)
    return run


def _lead_before(segment: str, matcher: AgencyMatcher | None) -> AgencyRun:
    """The agencies that lead in `… X chủ trì`: after `giao`, else the first that the clause names."""
    assigning = [match.end() for match in _ASSIGNING.finditer(segment)]
    for start in reversed(assigning):
        run = _delegated(read_agency_run(segment[start:], matcher), matcher)
        if run:
            return run
    starts = [0] + [match.end() for match in re.finditer(r",\s*", segment)]
    for start in starts:
        run = read_agency_run(segment[start:], matcher)
        if run.names:
            return run
    return AgencyRun()


def _subject_at_start(text: str, matcher: AgencyMatcher | None) -> AgencyRun:
    """The agencies a task opens with (`Sở X rà soát …`, `Giao X …`, `UBND các huyện (A, B): …`).

    Unnamed ones count as the addressee when the item opens with them, gives them the task (`Giao các sở,
    ngành …`) or asks it of unnamed bodies of the state (`Yêu cầu UBND các huyện, thành phố …`), not when
    an agency above asks others for something (`Yêu cầu các chủ đầu tư …`).
    """
    topic = _TOPIC.match(text)
    if topic and (addressed_topic := _topic_naming_agencies(topic.group(), matcher)):
        return addressed_topic  # `Đối với các sở, ban, ngành:` addresses them, it is no subject matter
    text = text[topic.end() :] if topic else text
    lead_in = _LEAD_IN.match(text)
    text = _without_opening_quote(text[lead_in.end() :] if lead_in else text)
    starts = _sentence_starts(text)
    if starts and text.rstrip().endswith(":"):  # `… . HĐND tỉnh đề nghị UBND tỉnh chỉ đạo thực hiện … sau:`
        addressee = _addressee_of_lead_in(text[starts[-1] :], matcher)
        if addressee:
            return addressee
    opening = _ASSIGNING.match(text)
    addressed = text[opening.end() :] if opening else text
    run = read_agency_run(addressed, matcher)
    handed_on = _delegated(run, matcher)
    if handed_on is not run:  # the committee gives no work to itself: `Chủ tịch UBND tỉnh giao X …` is X's
        return handed_on
    chair_directing = _CHAIR.match(text) and _ISSUER_DIRECTING.match(text)
    if chair_directing:  # `Phó Chủ tịch UBND TP Nguyễn Văn Khôi yêu cầu Sở X …`: the chair hands the work on
        directed = read_agency_run(text[chair_directing.end() : chair_directing.end() + RUN_WINDOW], matcher)
        if directed.names or directed.groups:
            return directed
    if run.names or run.groups or opening is None or fold(opening.group()).startswith("giao"):
        return run
    if run.unnamed and _STATE_BODIES.match(addressed):
        return run
    return AgencyRun()


# A direction quoted as the committee gave it (`“Sở Nông nghiệp và Phát triển nông thôn phối hợp với … tập
# trung chỉ đạo …”. Đó là chỉ đạo của UBND tỉnh …`): the quote opens the sentence, its subject comes after it.
_OPENING_QUOTE = re.compile(r"^[“\"‘'«]\s*")


def _without_opening_quote(text: str) -> str:
    """`text` without the quotation mark it opens with."""
    quote = _OPENING_QUOTE.match(text)
    return text[quote.end() :] if quote else text


# A chairman of a committee speaking (`Chủ tịch UBND tỉnh …`, `Phó Chủ tịch UBND TP Nguyễn Văn Khôi …`): a
# person, who hands work on and takes none.
_CHAIR = re.compile(r"^(?:[Pp]hó\s+)?[Cc]hủ\s+tịch\s+(?:UBND|[ỦUủu][ỷy]\s+ban\s+nhân\s+dân)\s")


def _is_the_committees_office(run: AgencyRun) -> bool:
    """Whether `run` names the provincial committee's office alone (`Văn phòng UBND tỉnh`)."""
    return len(run.names) == 1 and not run.groups and agency_key(run.names[0]) == _COMMITTEE_OFFICE


def _topic_naming_agencies(topic: str, matcher: AgencyMatcher | None) -> AgencyRun | None:
    """The agencies a topic names and nothing else (`Đối với các sở, ban, ngành:`, `Về phía Sở Y tế:`); None
    for a subject matter (`Về lĩnh vực Văn hóa - Xã hội:`)."""
    words = re.sub(r"^(?:về phía|về|đối với|lĩnh vực)\s+", "", topic.strip(" :"), flags=re.IGNORECASE)
    run = read_agency_run(words, matcher)
    return run if (run.names or run.groups) and not run.rest.strip(" .:;,") else None


def _is_the_provincial_committee(run: AgencyRun) -> bool:
    """Whether `run` names the provincial committee alone (`UBND tỉnh`, `Chủ tịch UBND tỉnh`)."""
    return len(run.names) == 1 and not run.groups and agency_key(run.names[0]) in _ISSUERS


def _assigned_later(text: str, starts: list[int], matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """Named agencies of the clauses at `starts` that open with `Giao`, `Đề nghị`, `Yêu cầu`."""
    runs = []
    for start in starts:
        opening = _ASSIGNING.match(text, start)
        if opening:
            window = text[opening.end() : opening.end() + RUN_WINDOW]
            run = _delegated(read_agency_run(window, matcher), matcher)
            runs.extend([run] if run.names or run.groups else [])
    return runs


def _working_subjects_later(text: str, matcher: AgencyMatcher | None) -> list[AgencyRun]:
    """Named agencies that open a later sentence or clause (after `;`) with work of their own (`Sở Y tế hướng
    dẫn …; Sở Giáo dục và Đào tạo chỉ đạo …`): each leads its part, beside the item's first agency."""
    runs = []
    for start in sorted({*_sentence_starts(text), *_named_clause_starts(text)}):
        window = text[start : start + RUN_WINDOW]
        if _ASSIGNING.match(window) or _LEAD_IN.match(window):
            continue  # `Giao X …` is read by `_assigned_later`; `Theo đó, …` opens no subject here
        run = read_agency_run(window, matcher)
        issuer = any(agency_key(name) in _ISSUERS for name in run.names)  # the issuer hands work on
        if run.names and not (run.groups or run.unnamed or issuer) and _does_work(run):
            runs.append(run)
    return runs


def _clause_starts(text: str) -> list[int]:
    """Where the clauses after the first begin (after `.`, `;`, `:` or a line break)."""
    return [boundary.end() for boundary in _CLAUSE_BOUNDARY.finditer(text)]


def _sentence_starts(text: str) -> list[int]:
    """Where the sentences after the first begin: a capital after `.`, `!` or `?`, or a new paragraph."""
    return [
        boundary.end()
        for boundary in _SENTENCE_BOUNDARY.finditer(text)
        if boundary.group() == "\n" or text[boundary.end() : boundary.end() + 1].isupper()
    ]


# `Chủ tịch UBND tỉnh chủ trì cuộc họp, kết luận như sau:`: who chaired the meeting addresses no directive.
_CHAIRS_A_MEETING = re.compile(r"^chu tri (?:cuoc hop|hoi nghi|buoi|phien|cuoc)")


def _addressee_of_lead_in(paragraph: str, matcher: AgencyMatcher | None) -> AgencyRun:
    """The agency a lead-in such as `…, Ban Quản lý … phải thực hiện các nhiệm vụ sau:` addresses.

    Only the sentence that opens the list counts: those before it tell of the meeting (`… chủ trì Hội nghị`).
    """
    paragraph = paragraph[max([0, *_sentence_starts(paragraph)]) :]
    assigned = [
        run
        for match in _ASSIGNING.finditer(paragraph)
        for run in [read_agency_run(paragraph[match.end() :], matcher)]
        if run.names
    ]
    if assigned:
        return assigned[-1]
    starts = [0] + [match.end() for match in re.finditer(r"[,;]\s*", paragraph)]
    subjects = [
        run
        for start in starts
        for run in [read_agency_run(paragraph[start:], matcher)]
        if run.names
        and fold(run.rest).startswith(_DUTY_WORDS)
        and not _CHAIRS_A_MEETING.match(fold(run.rest))
    ]
    return subjects[-1] if subjects else AgencyRun()


# ---------------------------------------------------------------------------------------------------
# Directives


class _Resolver:
    """Turns names as written into the matcher's canonical names, remembering those it cannot match.

    Names are read in the notice's province: a notice of another province names none of this registry's
    agencies (see `AgencyMatcher.match`).
    """

    def __init__(self, matcher: AgencyMatcher | None, province: str = ""):
        self.matcher = matcher
        self.province = province
        self.unmatched: set[str] = set()

    def known(self, name: str) -> str | None:
        """The canonical name of the agency `name` refers to; None when unknown (or without a matcher)."""
        agency = self.matcher.match(name, province=self.province) if self.matcher else None
        return agency.name if agency else None

    def resolve(self, names: tuple[str, ...] | list[str]) -> tuple[list[str], bool]:
        """The canonical names (as written when unknown), and whether any was unknown."""
        resolved, any_unmatched = [], False
        for name in map(spelled_out, names):
            canonical = self.known(name)
            if self.matcher and canonical is None:
                canonical = self._unmatched_before(name)
                self.unmatched.add(canonical)
                any_unmatched = True
            resolved.append(canonical or name)
        return list(dict.fromkeys(resolved)), any_unmatched

    def _unmatched_before(self, name: str) -> str:
        """The unknown name met earlier in the notice that `name` is another way of writing, else `name`.

        `UBND Hạ Long` in the distribution list is the `UBND thành phố Hạ Long` of a task: one body to review.
        """
        earlier = AgencyMatcher(KnownAgency(written, written) for written in sorted(self.unmatched))
        agency = earlier.match(name)
        return agency.name if agency else name


@dataclass(frozen=True)
class _Setting:
    """What the directives are read against: the issue date, the year, and the matcher."""

    issued_on: date | None
    year: int | None
    resolver: _Resolver
    matcher: AgencyMatcher | None
    # The year a plan is for (`Kế hoạch … năm 2026`): its activities `trong năm 2026` have no deadline of
    # their own. None for other documents.
    plan_year: int | None = None


def _directives(root: _Node, main_subject: AgencyRun, setting: _Setting) -> list[ParsedDirective]:
    """Every kept item of the tree, in reading order."""
    directives: list[ParsedDirective] = []
    addressee = _Assignment(leads=main_subject.names, explicit=bool(main_subject))
    _drop_objectives(root)
    has_annex = any(child.kind == "annex" for child in root.children)
    for child in root.children:
        _drop_execution_clauses(child)
        if (
            child.kind in ("roman", "article", "number")
            and _is_context(child)
            and not _asks_for_work(child, setting)
            and not _article_gives_work(child, setting)
        ):
            continue
        if (
            has_annex
            and child.kind != "annex"
            and not child.children
            and _REFERS_TO_THE_ANNEX.search(fold(child.text))
        ):
            continue  # `… căn cứ nhiệm vụ được giao tại Phụ lục …`: the annex's rows are the tasks
        _collect(child, addressee, setting, directives)
    return directives


# Who carries a document out or when it takes effect (`Chánh Văn phòng UBND tỉnh, Giám đốc các sở … chịu
# trách nhiệm thi hành Quyết định này`, `Quyết định này có hiệu lực kể từ ngày ký`): formulas, not tasks.
# A resolution's own words: its committee `có trách nhiệm thực hiện Nghị quyết.`, its council `giám sát việc
# thực hiện Nghị quyết`.
_DOCUMENTS = r"(?:quyet dinh|chi thi|ke hoach|van ban|thong bao|nghi quyet)"
_EXECUTION_CLAUSE = re.compile(
    rf"(?:chiu|co) trach nhiem (?:thi hanh|thuc hien) {_DOCUMENTS}(?: nay)?\s*(?:[./]+\s*)?$"
    rf"|(?:chiu|co) trach nhiem thi hanh {_DOCUMENTS} nay"
    rf"|^{_DOCUMENTS} nay co hieu luc"
    rf"|giam sat (?:viec )?(?:thuc hien|trien khai) {_DOCUMENTS}"
)


def _is_execution_clause(text: str) -> bool:
    """Whether `text` only says who carries the document out, or when it takes effect."""
    return bool(_EXECUTION_CLAUSE.search(fold(text)))


def _drop_execution_clauses(node: _Node) -> None:
    """Remove the items below `node` that only say who carries the document out (`2. Chánh Văn phòng …
    chịu trách nhiệm thi hành Quyết định này./.` under `Điều 4. Tổ chức thực hiện`), and such paragraphs
    beside an item's work (`Điều 2. Quyết định này có hiệu lực sau 10 ngày …` / `Giao Giám đốc Sở X …`),
    whose dates are no deadline."""
    node.paragraphs = [
        paragraph for paragraph in node.paragraphs if not _is_execution_clause(paragraph)
    ] or node.paragraphs
    node.children = [
        child for child in node.children if child.children or not _is_execution_clause(child.text)
    ]
    for child in node.children:
        _drop_execution_clauses(child)


# A plan's or programme's aims (`I. MỤC ĐÍCH, YÊU CẦU`, `1. Mục tiêu:`, `1.2. Các mục tiêu cụ thể:`, `Quan
# điểm`): what the tasks are for, not tasks.
_OBJECTIVES_TITLE = re.compile(r"^(?:cac |nhung )?(?:muc dich|muc tieu|quan diem)(?!\w)")


def _drop_objectives(node: _Node) -> None:
    """Remove the items below `node` titled as aims that give no work in their words or their items'."""
    node.children = [
        child
        for child in node.children
        if not (_OBJECTIVES_TITLE.match(fold(child.paragraphs[0] if child.paragraphs else "")))
        or _assigns_anywhere(child)
    ]
    for child in node.children:
        _drop_objectives(child)


def _assigns_anywhere(node: _Node) -> bool:
    """Whether `node` or an item below it uses words that give work (`giao`, `chủ trì`, `yêu cầu` …)."""
    return bool(_ASSIGNMENT_WORDS.search(fold(node.text))) or any(map(_assigns_anywhere, node.children))


def _article_gives_work(node: _Node, setting: _Setting) -> bool:
    """Whether an article titled as one that carries the decision out (`Điều 3. Tổ chức thực hiện`, `Điều 4.
    Trách nhiệm …`) gives work to agencies in its items (`1. Giao Sở X chủ trì …`, `Sở Y có trách nhiệm chủ
    trì …`): then those items are tasks."""
    return (
        node.kind == "article"
        and not _is_execution_clause(node.text)
        and any(_gives_work(child, setting.matcher) for child in node.children)
    )


_REFERS_TO_THE_ANNEX = re.compile(r"(?:tai|theo|o) phu luc|phu luc (?:kem theo|dinh kem)")


def _asks_for_work(node: _Node, setting: _Setting) -> bool:
    """Whether an item titled as an assessment (`I. ĐÁNH GIÁ TÌNH HÌNH …`) still asks agencies for work in
    its own words (`…, yêu cầu các sở, ngành … khẩn trương đánh giá …`): then it is a task, not context."""
    return not node.children and bool(_asked_inside_a_clause(node.text, setting.matcher))


def _collect(node: _Node, above: _Assignment, setting: _Setting, out: list[ParsedDirective]) -> None:
    """Append `node` and the items below it, each with the agencies it names or inherits."""
    # Under an upper-case heading (`III. TỔ CHỨC THỰC HIỆN` / `Các sở, ngành … căn cứ …`), the words are read.
    assignment = _inherit(_assignment_of(_titled_text(node), setting.matcher), above)
    if not node.children and not assignment.leads and _only_approves(node.text):
        return
    pieces = [] if node.children else _works_with_their_own_deadlines(node.text, setting)
    if len(pieces) < 2:
        out.append(_directive(node, assignment, setting))
    for letter, piece in zip("abcdefghijklmnopqrstuvwxyz", pieces if len(pieces) >= 2 else [], strict=False):
        part = _Node(node.kind, node.label, node.rank, node.symbol, [piece], parent=node.parent)
        part.number = f"{node.number}({letter})"
        out.append(_directive(part, assignment, setting))
    for child in node.children:
        _collect(child, assignment, setting, out)


# The issuer agrees to or approves something (`Để đảm bảo an toàn …, đồng ý về chủ trương bổ sung …`,
# `Chấp thuận đề xuất của …`): a decision taken, no work for an agency.
_APPROVAL = re.compile(r"^(?:[^.;:]{0,200},\s*)?(?:dong y|chap thuan|thong nhat|nhat tri)(?!\w)")


def _only_approves(text: str) -> bool:
    """Whether an item that names no lead only approves (and gives no work in any of its words)."""
    folded = fold(text)
    asked_for = _PROPOSAL.sub("", folded)  # `theo đề nghị của Ban X`: what was proposed, not work asked for
    return bool(_APPROVAL.match(folded)) and not _ASSIGNMENT_WORDS.search(asked_for)


_PROPOSAL = re.compile(r"(?:theo|xet|tai) (?:de nghi|to trinh) cua")


_CLAUSE_END = re.compile(rf"(?:;|{_FULL_STOP}(?=\s+[A-ZĐÀ-Ỹ]))\s+")


def _works_with_their_own_deadlines(text: str, setting: "_Setting") -> list[str]:
    """A task's text cut into the works it holds when they have different dates (`… trong Quý IV năm 2017;
    … trong tháng 3 năm 2018; … xong trước ngày 30/8/2017`): each piece ends with its date; words after the
    last date stay with it. One piece (or none) when the task has one date or none."""
    pieces: list[str] = []
    dates = []
    current = clause_start = 0
    for boundary in _CLAUSE_END.finditer(text):
        clause = text[clause_start : boundary.start() + 1]
        clause_start = boundary.end()
        due_on = _deadline_in(clause, setting).due_on
        if due_on:
            pieces.append(text[current : boundary.start() + 1].strip())
            dates.append(due_on)
            current = boundary.end()
    rest = text[current:].strip()
    if rest:
        last = _deadline_in(text[clause_start:], setting).due_on
        if last or not pieces:
            pieces.append(rest)
            dates.extend([last] if last else [])
        else:
            pieces[-1] = f"{pieces[-1]} {rest}"
    if len(pieces) < 2 or len(set(dates)) < 2:
        return []
    return pieces


def _inherit(own: _Assignment, above: _Assignment) -> _Assignment:
    """An item that names no addressee takes the one above; supports too, unless it names its own.

    Agencies a later sentence gives work to join the leads either way.
    """
    if own.explicit:
        return replace(own, leads=own.leads + own.later_leads, later_leads=())
    explicit = above.explicit or bool(own.later_leads)
    leads = above.leads + own.later_leads
    groups = above.group_leads + own.group_leads
    if own.supports or own.unnamed_support:
        return _Assignment(leads, own.supports, explicit, own.unnamed_support, group_leads=groups)
    return _Assignment(leads, above.supports, explicit, above.unnamed_support, group_leads=groups)


def _directive(node: _Node, assignment: _Assignment, setting: _Setting) -> ParsedDirective:
    """The parsed form of one item."""
    text = node.text
    is_heading = bool(node.children)
    groups = [name for name in assignment.leads if name in assignment.group_leads]
    lead, lead_unmatched = setting.resolver.resolve(
        [name for name in assignment.leads if name not in assignment.group_leads]
    )
    # A heading's unnamed addressees pass to its tasks; on the heading they would be one more name to map.
    groups = [] if is_heading else groups
    lead = list(dict.fromkeys(lead + groups))
    support, support_unmatched = setting.resolver.resolve(assignment.supports)
    support = [name for name in support if name not in lead]
    reading = _deadline_in(text, setting)
    flags = list(reading.flags)
    if assignment.unnamed_support:
        flags.append(UNNAMED_SUPPORTING_AGENCIES)
    if lead_unmatched or support_unmatched:
        flags.append(UNMATCHED_AGENCY)
    if not lead and not is_heading:
        flags.append(NO_LEAD_AGENCY)
    if assignment.group_leads and not is_heading:
        flags.append(UNNAMED_LEAD_AGENCIES)
    return ParsedDirective(
        number=node.number,
        parent=node.parent.number if node.parent and node.parent.kind != "root" else None,
        title=short_title(_titled_text(node)),
        text=text,
        is_heading=is_heading,
        lead=lead,
        support=support,
        deadline=reading.due_on,
        deadline_text=reading.text or "",
        recurrence=reading.recurrence,
        flags=flags,
        unnamed_leads=groups,
    )


# `trong năm 2026`, `Thời gian thực hiện: năm 2026`: when, within the plan, not by when.
_THE_PLANS_YEAR = re.compile(r"^(?:trong|thoi gian(?: thuc hien)?:?) nam \d{4}$")
_PLAN_TITLE_YEAR = re.compile(r"(?<!\w)nam (\d{4})(?!\d)(?! ?[-–] ?\d)")


def _plan_year(parts: "_Parts") -> int | None:
    """The one year a plan's title names (`Kế hoạch chuyển đổi số năm 2026`); None for other documents, and
    for a plan of several years (`giai đoạn 2026-2030`)."""
    if _kind_of(parts.kind_line) != "plan":
        return None
    years = {int(year) for year in _PLAN_TITLE_YEAR.findall(fold(" ".join(parts.title)))}
    return years.pop() if len(years) == 1 else None


def _deadline_in(text: str, setting: _Setting) -> DeadlineReading:
    """The deadline `text` gives, read against the notice (its date, its year, a plan's own year)."""
    reading = read_deadline(text, setting.issued_on, default_year=setting.year)
    if setting.plan_year and MULTIPLE_DEADLINES in reading.flags:
        # `… trong năm 2026. Thời gian hoàn thành: Quý II/2026`: the plan's year competes with no deadline.
        without = _PLAN_YEAR_PHRASE.sub(lambda match: " " * len(match.group()), text)
        alone = read_deadline(without, setting.issued_on, default_year=setting.year)
        if alone.due_on == reading.due_on and str(setting.plan_year) in text:
            reading = alone
    return _without_the_plans_own_year(reading, setting)


_PLAN_YEAR_PHRASE = re.compile(r"(?<!\w)trong năm \d{4}(?!\d)", re.IGNORECASE)


def _without_the_plans_own_year(reading: DeadlineReading, setting: _Setting) -> DeadlineReading:
    """A plan's activity `trong năm 2026` in the plan for 2026 says when it happens, within the plan: it has
    no deadline by itself (the words are kept). Any other reading is left as it is."""
    if (
        setting.plan_year
        and reading.due_on == date(setting.plan_year, 12, 31)
        and _THE_PLANS_YEAR.match(fold(reading.text or ""))
    ):
        return replace(reading, due_on=None, flags=())
    return reading


def _titled_text(node: _Node) -> str:
    """The words a task's title comes from: under an upper-case section heading, the words of the task."""
    if not node.children and len(node.paragraphs) > 1 and node.paragraphs[0].isupper():
        return "\n".join(node.paragraphs[1:])
    return node.text


def short_title(text: str) -> str:
    """The first sentence of `text`, cut at a word to at most TITLE_MAX_LENGTH characters."""
    first = text.split("\n", 1)[0].strip()
    for boundary in re.finditer(r"[.;!?]\s+(?=\S)", first):
        if boundary.group().startswith(";") or first[boundary.end()].isupper():
            first = first[: boundary.start()]
            break
    first = first.rstrip(" .;:,/")
    if len(first) <= TITLE_MAX_LENGTH:
        return first
    cut = first[: TITLE_MAX_LENGTH - 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:-–") + "…"


# ---------------------------------------------------------------------------------------------------
# The header

_NUMBER_LINE = re.compile(r"^(?:Số|SỐ|số)\s*:?\s*(?P<value>\S*)")
_BLANK = r"[\s.…_]{0,40}"  # a day or month left blank in a draft: spaces, dots or underscores
_DATE_LINE = re.compile(
    rf",?\s*ngay{_BLANK}(?P<day>\d{{1,2}})?{_BLANK}thang{_BLANK}(?P<month>\d{{1,2}})?{_BLANK}"
    r"nam\s*(?P<year>\d{4})"
)
_ANY_DATE = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"
    r"|ngay (?P<day2>\d{1,2}) thang (?P<month2>\d{1,2}) nam (?P<year2>\d{4})"
)


def _notice_number(header: list[str]) -> str:
    """The number from `Số: 45/TB-UBND`; '' when the number is left blank (`Số: /TB-UBND`)."""
    for paragraph in header:
        match = _NUMBER_LINE.match(paragraph)
        if match:
            value = match.group("value").strip(".,;")
            return value if re.match(r"^\d", value) else ""
    return ""


def _place_and_date(header: list[str]) -> tuple[str, date | None, int | None]:
    """The place and date of `Bắc Giang, ngày 12 tháng 3 năm 2024` (date None when a part is blank)."""
    for paragraph in header:
        folded, offsets = fold_with_offsets(paragraph)
        match = _DATE_LINE.search(folded)
        if not match:
            continue
        place = _place_before(paragraph[: offsets[match.start()]])
        year = int(match.group("year"))
        if match.group("day") and match.group("month"):
            return place, _safe_date(year, int(match.group("month")), int(match.group("day"))), year
        return place, None, year
    return "", None, None


def _place_before(text: str) -> str:
    """The capitalised words that end `text` (the place before `, ngày`)."""
    words = text.strip(" ,").split()
    place: list[str] = []
    for word in reversed(words):
        if not word[:1].isupper() or any(character.isdigit() or character in "/:" for character in word):
            break
        place.insert(0, word)
    return " ".join(place[-4:])


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when the numbers do not make one."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _issuing_authority(header: list[str]) -> str:
    """The issuer's name at the top (`ỦY BAN NHÂN DÂN TỈNH NGHỆ AN`, `VĂN PHÒNG UBND TỈNH HẢI DƯƠNG`), or ''.

    The office writes its committee's name above its own (`UBND TỈNH HẢI DƯƠNG` / `VĂN PHÒNG`).
    """
    for index, paragraph in enumerate(header):
        folded = fold(paragraph)
        if paragraph.isupper() and folded.startswith(("uy ban nhan dan", "ubnd", "van phong")):
            following = header[index + 1 : index + 3]
            if following and following[0].isupper() and fold(following[0]).startswith(("tinh", "thanh pho")):
                paragraph = f"{paragraph} {following.pop(0)}"
            if following and fold(following[0]) == "van phong" and not folded.startswith("van phong"):
                paragraph = f"{following[0]} {paragraph}"
            return paragraph
    return ""


def _first_date(paragraph: str) -> date | None:
    """The first full date written in `paragraph`."""
    match = _ANY_DATE.search(fold(paragraph))
    if not match:
        return None
    day, month, year = (match.group(name) or match.group(name + "2") for name in ("day", "month", "year"))
    return _safe_date(int(year), int(month), int(day))


_CHAIRING = re.compile(
    r"(?<!\w)(?:da )?(?:chu tri|to chuc|co buoi|lam viec|hop|di kiem tra|kiem tra|tiep|dan dau|du)(?!\w)"
)
_CHAIR_TITLES = ("chu tich", "pho chu tich", "bi thu", "giam doc", "truong ban", "lanh dao")
_HONORIFICS = re.compile(r"^(?:đồng chí|đ/c|ông|bà)\s+", re.IGNORECASE)


def _chaired_by(intro: str) -> str:
    """Who chaired the meeting, from `Ngày 12/3/2024, Chủ tịch UBND tỉnh Lê Ánh Dương tổ chức …`."""
    folded, offsets = fold_with_offsets(intro)
    date_match = _ANY_DATE.search(folded)
    if not date_match:
        return ""
    verb = _CHAIRING.search(folded, date_match.end())
    if not verb:
        return ""
    segment = intro[offsets[date_match.end() - 1] + 1 : offsets[verb.start()]]
    clauses = [clause.strip(" ,-–") for clause in segment.split(",") if clause.strip(" ,-–")]
    if not clauses:
        return ""
    # `đồng chí A, Phó Chủ tịch UBND tỉnh[, Trưởng Ban …]`: the first title after the name is the chair's.
    titled = (
        index
        for index in range(1, len(clauses))
        if _HONORIFICS.match(clauses[index - 1]) and fold(clauses[index]).startswith(_CHAIR_TITLES)
    )
    index = next(titled, len(clauses) - 1)
    chair = _HONORIFICS.sub("", clauses[index])
    if index and fold(chair).startswith(_CHAIR_TITLES) and _HONORIFICS.match(clauses[index - 1]):
        chair = f"{chair} {_HONORIFICS.sub('', clauses[index - 1])}"
    name_and_title = re.match(r"^(?P<name>[^-–]+?)\s+[-–]\s+(?P<title>.+)$", chair)
    if name_and_title:  # `A - Phó Chủ tịch UBND tỉnh` → `Phó Chủ tịch UBND tỉnh A`
        chair = f"{name_and_title.group('title')} {name_and_title.group('name')}"
    return chair if fold(chair).startswith(_CHAIR_TITLES) or _contains_title(chair) else ""


def _contains_title(text: str) -> bool:
    """Whether `text` mentions the title of a leader."""
    folded = fold(text)
    return any(title in folded for title in _CHAIR_TITLES)


# ---------------------------------------------------------------------------------------------------
# The closing: distribution list and signature

_SIGNER_TITLES = {
    "chu tich": "Chủ tịch",
    "pho chu tich": "Phó Chủ tịch",
    "chanh van phong": "Chánh Văn phòng",
    "pho chanh van phong": "Phó Chánh Văn phòng",
    "giam doc": "Giám đốc",
    "pho giam doc": "Phó Giám đốc",
    "truong ban": "Trưởng Ban",
    "pho truong ban": "Phó Trưởng Ban",
}
_NOT_SIGNATURES = re.compile(r"^[(\[]?\s*(?:đã ký|ký|daky)", re.IGNORECASE)
# Lines of `Nơi nhận` that are people, the archive, or those named above (`Như trên`, `Như Mục 2`).
_PEOPLE = re.compile(
    r"^(?:như\b|lưu\b|(?:các\s+)?(?:(?:phó )?chủ tịch|pct|ct\b|lãnh đạo|lđvp|(?:phó )?chánh|cvp|pcvp|pvp|"
    r"thành viên|đại biểu))",
    re.IGNORECASE,
)
# Notes after a recipient: `(b/c)` for information, `(t/h)` to carry out, …
_RECIPIENT_NOTE = re.compile(
    r"\s*\((?:để\s+)?(?:b/c|t/h|p/h|biết|báo cáo|thực hiện|phối hợp|chỉ đạo)\)", re.I
)
_LIST_BULLET = re.compile(r"^[-–—•·*]\s*")


def _signature(closing: list[str]) -> tuple[str, str]:
    """The signer's name and title from the signature block (`KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH …`)."""
    title_indexes = [index for index, paragraph in enumerate(closing) if _is_signature_line(paragraph)]
    if not title_indexes:
        return "", ""
    titles = [closing[index] for index in title_indexes if not _AUTHORITY_PREFIX.match(fold(closing[index]))]
    signer_title = _title_case(titles[-1]) if titles else ""
    name = next(
        (paragraph for paragraph in closing[title_indexes[-1] + 1 :] if _looks_like_a_name(paragraph)),
        "",
    )
    return name, signer_title


def _title_case(title: str) -> str:
    """`PHÓ CHÁNH VĂN PHÒNG` → `Phó Chánh Văn phòng` (known titles), else `Phó chánh …`."""
    return _SIGNER_TITLES.get(fold(title), title[:1] + title[1:].lower())


def _looks_like_a_name(paragraph: str) -> bool:
    """Whether `paragraph` is a person's name: two to six capitalised words, nothing else."""
    words = paragraph.split()
    return (
        2 <= len(words) <= 6
        and all(word[:1].isupper() for word in words)
        and not any(character.isdigit() or character in ":;()/[]" for character in paragraph)
        and not _NOT_SIGNATURES.match(paragraph)
    )


def _distribution_lines(closing: list[str]) -> list[str]:
    """The lines of `Nơi nhận`, bullets removed, lines broken after a comma joined back."""
    start = next((i for i, paragraph in enumerate(closing) if _RECIPIENTS.match(fold(paragraph))), None)
    if start is None:
        return []
    lines: list[str] = []
    inline = closing[start].split(":", 1)[1].strip() if ":" in closing[start] else ""
    for paragraph in ([inline] if inline else []) + closing[start + 1 :]:
        if _is_signature_line(paragraph):
            break
        has_bullet = bool(_LIST_BULLET.match(paragraph))
        content = _LIST_BULLET.sub("", paragraph).strip()
        if not content or content.startswith("+"):
            continue
        if lines and not has_bullet and lines[-1].endswith(","):
            lines[-1] = f"{lines[-1]} {content}"
        else:
            lines.append(content)
    return lines


def _distribution_names(closing: list[str], resolver: _Resolver) -> list[str]:
    """The agencies of `Nơi nhận`, as written (groups expanded); people and archives left out."""
    names: list[str] = []
    for line in _distribution_lines(closing):
        line = _RECIPIENT_NOTE.sub("", line).rstrip(" ;.:")
        if resolver.known(line):
            names.append(line)
        elif not _PEOPLE.match(line):
            names.extend(split_agency_list(_without_internal_units(line)))
    return names


def _without_internal_units(line: str) -> str:
    """`VP UBND tỉnh: CVP, các PCVP, TH` → `VP UBND tỉnh`: the units after the colon are its own."""
    head, colon, _units = line.partition(":")
    is_group = re.search(r"(?<!\w)các\s", head, flags=re.IGNORECASE)
    return head if colon and starts_like_agency(head) and not is_group else line


# ---------------------------------------------------------------------------------------------------
# Putting it together


def parse_notice(text: str, matcher: AgencyMatcher | None = None) -> ParsedNotice:
    """Read a notice's text into its header, directives and distribution list.

    Agency names are the matcher's canonical names where it knows them, else as written; without a
    matcher they are all as written and `unmatched_agencies` stays empty.
    """
    if not text or not text.strip():
        raise NotANotice(_("The text is empty."))
    parts = _split_parts(_paragraphs(text))
    header = parts.header
    place, issued_on, year = _place_and_date(header)
    intro = parts.preamble[0] if parts.preamble else ""
    intro_date = _first_date(intro)
    # A meeting's date is the first date of a notice's introduction; a letter's cites other documents.
    is_a_letter = not parts.kind_line and _is_a_letter(header)
    # Nor is the date of a law or decision a document is based on (`Căn cứ Luật … ngày 19/6/2015`).
    cites_only = (is_a_letter and not _chaired_by(intro)) or fold(intro).startswith("can cu")
    meeting_on = None if cites_only else intro_date
    issuing_authority = _issuing_authority(header)
    resolver = _Resolver(matcher, province_of(issuing_authority))
    setting = _Setting(
        issued_on,
        year or (intro_date.year if intro_date else None),
        resolver,
        matcher,
        plan_year=_plan_year(parts),
    )
    if parts.by_paragraph:
        directives = _paragraph_directives(_paragraph_tree(parts.body, matcher), setting)
    else:
        root = _build_tree(parts.body)
        _split_paragraphs_that_give_work(root, matcher)
        _attach_annex(root, parts.annex)
        _number_items(root)
        directives = _directives(root, _main_subject(parts.preamble, matcher), setting)
    if not any(not directive.is_heading for directive in directives):
        raise NotANotice(
            _(
                "This text gives no task to any agency (no “Giao …”, “… chủ trì”, “Sở … có trách nhiệm …” or "
                "numbered directives were found): there is nothing to import. Enter the notice and its "
                "tasks by hand instead."
            )
        )
    signed_by, signer_title = _signature(parts.closing)
    distribution, _unmatched = resolver.resolve(_distribution_names(parts.closing, resolver))
    return ParsedNotice(
        number=_notice_number(header),
        kind=_kind_of(parts.kind_line) or ("official_letter" if is_a_letter else "other"),
        issuing_authority=issuing_authority,
        place=place,
        issued_on=issued_on,
        title=" ".join(parts.title),
        meeting_on=meeting_on,
        chaired_by=_chaired_by(intro),
        signed_by=signed_by,
        signer_title=signer_title,
        directives=directives,
        distribution_list=distribution,
        unmatched_agencies=sorted(resolver.unmatched, key=lambda name: (fold(name), name)),
    )


def _main_subject(preamble: list[str], matcher: AgencyMatcher | None) -> AgencyRun:
    """The agency the list of directives is addressed to, from the lead-in that ends with `:`."""
    if preamble and preamble[-1].rstrip().endswith(":"):
        return _addressee_of_lead_in(preamble[-1], matcher)
    return AgencyRun()
