"""Reading a Word (.docx) file into the lines a person sees, in reading order. Django-free.

- Automatic numbering (`w:numPr`, directly or through the paragraph's style) is rebuilt from the
  document's numbering definitions: the formats (decimal, letters, roman, bullets), multi-level texts
  (`%1.%2.`), start values, restarts (a numbering instance with `w:startOverride`) and deeper levels
  starting again under a new item. `1.`, `a)`, `(1)`, `-` then reach the parser as if typed.
- A table of tasks (a plan's annex: `STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn
  thành`, its header recognised by its words, accents ignored) becomes one line per row in the words the
  parser reads: `<STT>. <Nội dung>. <chủ trì> chủ trì, phối hợp với <phối hợp>. Thời gian hoàn thành: …`.
- Other tables are read cell by cell, row by row (a merged cell once); text boxes (`w:txbxContent`) after
  the paragraph that anchors them; content controls and tracked insertions as text, deletions not.
- Before anything is parsed, the zip's declared uncompressed sizes are checked (a zip bomb is refused).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, cast

from tasktracker.vietnamese import fold

if TYPE_CHECKING:  # python-docx is imported when a .docx is read, not with this module
    from docx.oxml.table import CT_Tbl
    from docx.types import ProvidesStoryPart

# The most a .docx may unpack to, and how much more than its compressed size one member may unpack to
# (Word's XML compresses about 5 to 30 times; a zip bomb a thousand times and more).
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_MEMBERS = 5000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = _w("p"), _w("tbl"), _w("sdt"), _w("sdtContent"), _w("customXml")
_TXBX_CONTENT = _w("txbxContent")
_FALLBACK = f"{{{MC}}}Fallback"
# Run content that is not read as the paragraph's text: deletions, moved-away text, field codes, text boxes
# (read on their own), and the fallback copy of a drawing that Word writes next to the real one.
_SKIPPED = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), _TXBX_CONTENT, _FALLBACK, _w("pPr")}
_VAL = _w("val")


class _Xml(Protocol):
    """What the reader uses of an lxml element (python-docx's elements are lxml's; lxml has no types)."""

    @property
    def tag(self) -> object: ...  # a name, or a function for comments and processing instructions

    @property
    def text(self) -> str | None: ...

    def __iter__(self) -> Iterator[_Xml]: ...

    def find(self, path: str) -> _Xml | None: ...

    def iterfind(self, path: str) -> Iterator[_Xml]: ...

    def get(self, key: str, default: str | None = None) -> str | None: ...


class DocxTooLarge(ValueError):
    """The .docx would unpack to more than the limits allow (a zip bomb, or a far too large file)."""


class NotADocx(ValueError):
    """The bytes are not a readable .docx."""


def check_unpacked_size(content: bytes) -> None:
    """Refuse a .docx whose zip declares too much data, before anything is unpacked."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise NotADocx(str(error)) from error
    if len(members) > MAX_MEMBERS:
        raise DocxTooLarge(f"{len(members)} files in the zip")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_CHECKED_FROM_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise DocxTooLarge(
                f"{member.filename} unpacks {member.file_size // max(member.compress_size, 1)}×"
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DocxTooLarge(f"{total} bytes unpacked")


def docx_lines(content: bytes) -> list[str]:
    """The lines of a .docx as a person reads them (see the module docstring)."""
    check_unpacked_size(content)
    from docx import Document  # imported here: reading plain text does not load python-docx and lxml

    try:
        document = Document(io.BytesIO(content))
    except Exception as error:  # zipfile, lxml and python-docx each fail with errors of their own
        raise NotADocx(str(error)) from error
    reader = _WordReader(_Numbering(document.part.numbering_part.element, document.styles.element), document)
    return reader.blocks(document.element.body)


# ---------------------------------------------------------------------------------------------------
# Automatic numbering


@dataclass
class _Level:
    """One level of a numbering definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart_after: int | None = None  # None: under any shallower level; 0: never
    legal: bool = False  # `w:isLgl`: every level shown as a decimal number
    style: str = ""


@dataclass
class _Instance:
    """A `w:num`: a numbering definition, the counters it shares, and the levels it starts anew."""

    abstract_id: str
    levels: dict[int, _Level]
    counter_key: str
    overrides: dict[int, int] = field(default_factory=dict)


def _int(element: _Xml | None, default: int | None = None) -> int | None:
    value = element.get(_VAL) if element is not None else None
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _level(lvl: _Xml, base: _Level | None = None) -> _Level:
    level = _Level(**(base.__dict__ if base else {}))
    if (start := _int(lvl.find(_w("start")))) is not None:
        level.start = start
    if (fmt := lvl.find(_w("numFmt"))) is not None:
        level.fmt = fmt.get(_VAL) or "decimal"
    if (text := lvl.find(_w("lvlText"))) is not None:
        level.text = text.get(_VAL) or ""
    if (restart := lvl.find(_w("lvlRestart"))) is not None:
        level.restart_after = _int(restart)
    if (legal := lvl.find(_w("isLgl"))) is not None:
        level.legal = legal.get(_VAL, "true") not in ("0", "false", "off")
    if (style := lvl.find(_w("pStyle"))) is not None:
        level.style = style.get(_VAL) or ""
    return level


class _Numbering:
    """The document's numbering definitions and the counters of the lists read so far."""

    def __init__(self, numbering: _Xml, styles: _Xml) -> None:
        self.style_numbering = self._style_numbering(styles)
        abstracts = {
            element.get(_w("abstractNumId")): element for element in numbering.iterfind(_w("abstractNum"))
        }
        nums = {element.get(_w("numId")): element for element in numbering.iterfind(_w("num"))}
        self.instances: dict[str | None, _Instance] = {}
        for num_id, num in nums.items():
            abstract_id = _attr_val(num, "abstractNumId")
            abstract = self._definition(abstracts.get(abstract_id), abstracts, nums)
            if abstract is None:
                continue
            levels = {_int_attr(lvl, _w("ilvl")): _level(lvl) for lvl in abstract.iterfind(_w("lvl"))}
            overrides = {}
            for override in num.iterfind(_w("lvlOverride")):
                ilvl = _int_attr(override, _w("ilvl"))
                if (lvl := override.find(_w("lvl"))) is not None:
                    levels[ilvl] = _level(lvl, levels.get(ilvl))
                if (start := _int(override.find(_w("startOverride")))) is not None:
                    overrides[ilvl] = start
            # Word continues a list across instances of one definition, unless an instance restarts it.
            key = f"num:{num_id}" if overrides else f"abstract:{abstract.get(_w('abstractNumId'))}"
            self.instances[num_id] = _Instance(abstract_id or "", levels, key, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str | None] = set()

    def _style_numbering(self, styles: _Xml) -> dict[str | None, tuple[str | None, int | None]]:
        """Each paragraph style's numbering (`w:numPr` in it or in the styles it is based on)."""
        own, based_on = {}, {}
        for style in styles.iterfind(_w("style")):
            style_id = style.get(_w("styleId"))
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                own[style_id] = (_attr_val(num_pr, "numId"), _int(num_pr.find(_w("ilvl"))))
            if (base := style.find(_w("basedOn"))) is not None:
                based_on[style_id] = base.get(_VAL)
        resolved = {}
        for style_id in set(own) | set(based_on):
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own:
                resolved[style_id] = own[current]
        return resolved

    def _definition(
        self, abstract: _Xml | None, abstracts: dict[str | None, _Xml], nums: dict[str | None, _Xml]
    ) -> _Xml | None:
        """The definition with the levels: a list style's (`w:numStyleLink`) where it points to one."""
        link = abstract.find(_w("numStyleLink")) if abstract is not None else None
        if link is None:
            return abstract
        num_id, _ilvl = self.style_numbering.get(link.get(_VAL), (None, None))
        num = nums.get(num_id)
        target = num.find(_w("abstractNumId")) if num is not None else None
        linked = abstracts.get(target.get(_VAL)) if target is not None else None
        return linked if linked is not None and linked.find(_w("numStyleLink")) is None else None

    def label(self, paragraph: _Xml) -> str:
        """The number or bullet Word shows before `paragraph`, counting it; '' for an unnumbered one."""
        ppr = paragraph.find(_w("pPr"))
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        style_id = _attr_val(ppr.find(_w("pStyle")), None) if ppr is not None else None
        num_id, ilvl = (None, None)
        if num_pr is not None:
            num_id, ilvl = _attr_val(num_pr, "numId"), _int(num_pr.find(_w("ilvl")))
        if num_id is None and style_id in self.style_numbering:
            num_id, style_ilvl = self.style_numbering[style_id]
            ilvl = ilvl if ilvl is not None else style_ilvl
        instance = self.instances.get(num_id or "")
        if instance is None:  # numId 0 (numbering removed) or a definition that is missing
            return ""
        if ilvl is None:  # a style linked to a level of a multi-level list (Heading 2 → `1.1.`)
            ilvl = next(
                (i for i, level in instance.levels.items() if style_id and level.style == style_id), 0
            )
        ilvl = min(max(ilvl, 0), 8)
        level = instance.levels.get(ilvl, _Level())
        counters = self.counters.setdefault(instance.counter_key, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for overridden in instance.overrides:
                counters.pop(overridden, None)
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = instance.overrides.get(ilvl, level.start)
        for deeper in [number for number in counters if number > ilvl]:
            restart_after = instance.levels.get(deeper, _Level()).restart_after
            if restart_after is None or (restart_after and ilvl < restart_after):
                del counters[deeper]
        return self._render(instance, level, counters)

    def _render(self, instance: _Instance, level: _Level, counters: dict[int, int]) -> str:
        if level.fmt == "bullet":
            return _bullet(level.text)
        if level.fmt == "none":
            return level.text.strip()

        def number(match: re.Match[str]) -> str:
            referred = int(match.group(1)) - 1
            shown = instance.levels.get(referred, _Level())
            value = counters.get(referred, instance.overrides.get(referred, shown.start))
            return _formatted(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()


def _int_attr(element: _Xml, name: str) -> int:
    value = element.get(name)
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        return 0


def _attr_val(element: _Xml | None, child: str | None) -> str | None:
    if element is None:
        return None
    if child is not None:
        element = element.find(_w(child))
    return element.get(_VAL) if element is not None else None


def _formatted(value: int, fmt: str) -> str:
    """`value` in a Word number format."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else str(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal, and the formats Vietnamese documents do not use


def _roman(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    numerals = []
    for amount, symbol in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, value = divmod(value, amount)
        numerals.append(symbol * count)
    return "".join(numerals)


# Bullets drawn with a symbol font (Symbol, Wingdings, Courier's `o`) as the characters they show.
_BULLET_SHOWN = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "§": "▪",
    "o": "◦",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
}
_BULLETS_READ = set("-–—+•●○◦▪■□➢➤✓*·")


def _bullet(text: str) -> str:
    symbol = text.strip()[:1]
    symbol = _BULLET_SHOWN.get(symbol, symbol)
    return symbol if symbol in _BULLETS_READ else "•"


# ---------------------------------------------------------------------------------------------------
# Paragraphs, tables, text boxes


class _WordReader:
    """Walks the body in reading order with the numbering's counters."""

    def __init__(self, numbering: _Numbering, story: ProvidesStoryPart) -> None:
        self.numbering = numbering
        self.story = story  # the document: what python-docx's Table asks its parts of

    def blocks(self, container: _Xml) -> list[str]:
        """The lines of a body, table cell or text box: paragraphs and tables in order."""
        lines: list[str] = []
        for child in container:
            if child.tag == _P:
                lines.extend(self.paragraph(child))
            elif child.tag == _TBL:
                lines.extend(self.table(child))
            elif child.tag in (_SDT, _CUSTOM_XML, _SDT_CONTENT):
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:  # a content control without content (`w:sdtContent`) shows nothing
                    lines.extend(self.blocks(content))
        return lines

    def paragraph(self, paragraph: _Xml) -> list[str]:
        """The paragraph's line (its number first), then the lines of the text boxes it anchors."""
        label = self.numbering.label(paragraph)
        # A line break inside the paragraph (Shift+Enter) starts a line of its own.
        lines = [" ".join(line.split()) for line in "".join(_run_text(paragraph)).split("\n")]
        lines = [line for line in lines if line]
        if lines and label:
            lines[0] = f"{label} {lines[0]}"
        for box in _text_boxes(paragraph):
            lines.extend(self.blocks(box))
        return lines

    def table(self, tbl: _Xml) -> list[str]:
        from docx.table import Table

        # A merged cell appears once per grid column or row it spans: it is read (and counted) once.
        read: dict[_Xml, list[str]] = {}
        table = Table(cast("CT_Tbl", tbl), self.story)  # python-docx parses every `w:tbl` as a CT_Tbl
        grid: list[list[_Xml]] = [[cell._tc for cell in row.cells] for row in table.rows]
        for row in grid:
            for tc in row:
                if tc not in read:
                    read[tc] = self.blocks(tc)
        task_lines = task_table_lines([[read[tc] for tc in row] for row in grid])
        if task_lines is not None:
            return task_lines
        return [line for lines in read.values() for line in lines]


def _run_text(element: _Xml) -> list[str]:
    """The text of a paragraph's runs (hyperlinks, fields, insertions included), in order."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _w("t"):
            parts.append(child.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            parts.append("\t")
        elif tag in (_w("br"), _w("cr")):
            parts.append("\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        else:
            parts.extend(_run_text(child))
    return parts


def _text_boxes(paragraph: _Xml) -> list[_Xml]:
    """The outermost text boxes anchored in `paragraph` (not the fallback copies Word adds)."""
    boxes: list[_Xml] = []

    def walk(element: _Xml) -> None:
        for child in element:
            if not isinstance(child.tag, str) or child.tag == _FALLBACK:
                continue
            if child.tag == _TXBX_CONTENT:
                boxes.append(child)
            else:
                walk(child)

    walk(paragraph)
    return boxes


# ---------------------------------------------------------------------------------------------------
# Tables of tasks

_COLUMNS = (  # (column, words its header starts with or holds), tried in this order
    ("lead", ("chu tri",)),
    ("support", ("phoi hop",)),
    ("deadline", ("thoi gian", "thoi han", "tien do", "hoan thanh")),
    ("number", ("stt", "tt", "so tt", "so thu tu")),
    ("content", ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec", "ten de an", "nhiem vu, giai phap")),
)
_COLUMN_NUMBERS = re.compile(r"^\(?\s*(?:\d{1,2}|[a-z])\s*\)?$")
_ROMAN_NUMBER = re.compile(r"^[IVX]{1,5}$")
_GROUP_LETTER = re.compile(r"^[A-Z]$")
_ARABIC_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*$")
_LEADING_BULLET = re.compile(r"^[-–—+•]\s*")


def _columns(header: list[list[str]]) -> dict[str, int] | None:
    """Which column holds what, from a header row's words; None when it is not a table of tasks."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        words = fold(" ".join(cell)).strip(" :.")
        for column, openings in _COLUMNS:
            if column in found:
                continue
            exact = column == "number"
            if (words in openings) if exact else any(opening in words for opening in openings):
                found[column] = index
                break
    return found if {"content", "lead"} <= found.keys() else None


def task_table_lines(rows: list[list[list[str]]]) -> list[str] | None:
    """A table of tasks as lines the parser reads, one per row; None for any other table."""
    found = next(((index, columns) for index, row in enumerate(rows[:3]) if (columns := _columns(row))), None)
    if found is None:
        return None
    header_index, columns = found
    lines: list[str] = []
    for row in rows[header_index + 1 :]:
        cells = {column: row[index] if index < len(row) else [] for column, index in columns.items()}
        if all(_COLUMN_NUMBERS.match(fold(" ".join(cell)).strip()) for cell in row if " ".join(cell).strip()):
            continue  # the row that numbers the columns: (1) (2) (3) …
        line = _task_line(cells)
        if line:
            lines.append(line)
    return lines


def _task_line(cells: dict[str, list[str]]) -> str:
    """One row of a table of tasks in the words of a notice."""
    number = " ".join(cells.get("number", [])).strip().rstrip(".")
    content = " ".join(" ".join(cells.get("content", [])).split()).rstrip(" .;,:")
    lead = _agency_list(cells.get("lead", []))
    support = _agency_list(cells.get("support", []))
    deadline = " ".join(" ".join(cells.get("deadline", [])).split()).rstrip(" .;")
    if not content:
        return ""
    if lead == content:  # a group's title merged across the row
        lead = support = deadline = ""
    if number == content:
        number = ""
    sentence = f"{content}."
    if lead:
        sentence += f" {lead} chủ trì" + (f", phối hợp với {support}." if support else ".")
    elif support:
        sentence += f" Phối hợp với {support}."
    if deadline:
        sentence += f" Thời gian hoàn thành: {deadline}."
    if _ARABIC_NUMBER.match(number) or _ROMAN_NUMBER.match(number):
        return f"{number}. {sentence}"
    if _GROUP_LETTER.match(number):  # `A`, `B`: groups of sections, read as roman sections
        return f"{_roman(ord(number) - ord('A') + 1)}. {sentence}"
    if re.fullmatch(r"[a-zđ]", number):
        return f"{number}) {sentence}"
    return f"- {sentence}"


def _agency_list(lines: list[str]) -> str:
    """The agencies of a cell, one per line or already listed with commas, as one list."""
    names = [_LEADING_BULLET.sub("", line).strip().rstrip(" .;,") for line in lines]
    return ", ".join(name for name in names if name)
