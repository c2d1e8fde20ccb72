"""Word files built in the tests with python-docx and real numbering definitions (numbering.xml)."""

import io
import re

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

LEVEL = (
    '<w:lvl {ns} w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
    '<w:lvlText w:val="{text}"/>{extra}<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
)


class WordNotice:
    """A python-docx Document with helpers to define lists and add numbered paragraphs."""

    def __init__(self):
        self.document = Document()
        self.numbering = self.document.part.numbering_part.element
        self._next_id = 100

    def define_list(self, levels, *, style_links=None) -> int:
        """A numbering definition (abstractNum) from (format, text, start) per level; returns its numId.

        `style_links` maps a level to a paragraph style id (as Heading 1 → level 0 in a multi-level list).
        """
        self._next_id += 1
        abstract_id = self._next_id
        xml = [f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">']
        xml.append('<w:multiLevelType w:val="hybridMultilevel"/>')
        for ilvl, (fmt, text, start) in enumerate(levels):
            style = (style_links or {}).get(ilvl)
            extra = f'<w:pStyle w:val="{style}"/>' if style else ""
            xml.append(
                LEVEL.format(
                    ns="", ilvl=ilvl, start=start, fmt=fmt, text=text, extra=extra, indent=720 * (ilvl + 1)
                )
            )
        xml.append("</w:abstractNum>")
        abstract = parse_xml("".join(xml))
        # abstractNum elements come before every num element (the schema's order).
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        return self.instance(abstract_id)

    def instance(self, abstract_id: int, *, restart_at: dict | None = None) -> int:
        """A numbering instance (num) of a definition; `restart_at` {level: start} restarts it."""
        self._next_id += 1
        num_id = self._next_id
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for ilvl, start in (restart_at or {}).items()
        )
        self.numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                f"{overrides}</w:num>"
            )
        )
        return num_id

    def abstract_of(self, num_id: int) -> int:
        for num in self.numbering.iterfind(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                return int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
        raise KeyError(num_id)

    def numbered(self, text: str, num_id: int, level: int = 0, style: str | None = None):
        """A paragraph numbered by Word (w:numPr), its number not typed."""
        paragraph = self.document.add_paragraph(text, style=style)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
        return paragraph

    def paragraph(self, text: str, style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def text_box(self, anchor_text: str, box_lines: list[str]):
        """A paragraph anchoring a text box (DrawingML in mc:AlternateContent, with Word's VML fallback)."""
        paragraph = self.document.add_paragraph(anchor_text)
        inner = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in box_lines)
        run = parse_xml(
            f"<w:r {nsdecls('w')} "
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
            'xmlns:v="urn:schemas-microsoft-com:vml">'
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
            f"<w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent>"
            "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        )
        paragraph._p.append(run)
        return paragraph

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# How Word numbers the items of the real notice: roman sections, numbers under them, letters, two bullets.
TYPED_MARKER = re.compile(
    r"^(?:(?P<roman>[IVX]+)\.|(?P<number>\d+)\.|(?P<parenthesised>\(\d+\))|(?P<letter>[a-z])\)|(?P<bullet>[-+]))\s+"
)


def as_word_with_automatic_numbering(text: str) -> bytes:
    """The notice's lines as Word paragraphs, every typed number and bullet replaced by Word's numbering."""
    word = WordNotice()
    items = word.define_list([("upperRoman", "%1.", 1), ("decimal", "%2.", 1), ("lowerLetter", "%3)", 1)])
    bullets = word.define_list([("bullet", "-", 1), ("bullet", "+", 1)])
    parenthesised = word.define_list([("decimal", "(%1)", 1)])
    for line in text.splitlines():
        if not line.strip():
            continue
        marker = TYPED_MARKER.match(line)
        if marker is None:
            word.paragraph(line)
            continue
        words = line[marker.end() :]
        if marker["roman"]:
            word.numbered(words, items, 0)
        elif marker["parenthesised"]:
            word.numbered(words, parenthesised, 0)
        elif marker["number"]:
            word.numbered(words, items, 1)
        elif marker["letter"]:
            word.numbered(words, items, 2)
        else:
            word.numbered(words, bullets, 0 if marker["bullet"] == "-" else 1)
    return word.bytes()
