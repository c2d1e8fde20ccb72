"""Reading the text layer of a PDF (pdfminer.six) into paragraphs, in reading order. Django-free.

The lines pdfminer finds are read page by page, text box after text box; lines a paragraph was wrapped
into are joined again, so a task reaches the parser as one line: a line starts a new paragraph when it is
indented from the page's left margin (a first-line indent, a centred or right-hand block), when it starts
like a numbered item or a bullet, when a blank space lies above it, or when the line before it ended a
sentence short of the right margin.

Limits are checked while reading: the page count first, then the characters read so far.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pdfminer is imported when a PDF is read, not with this module
    from pdfminer.layout import LTTextBox
    from pdfminer.pdfpage import PDFPage

MAX_PDF_PAGES = 100
# A scan has no text layer, or only a few stray characters (a stamp, a page number).
MIN_TEXT_LAYER_LETTERS = 40
_ITEM_START = re.compile(
    r"^(?:[-–—+•●○◦▪■□➢➤✓*·]\s*|\(?\d{1,2}(?:\.\d{1,2})*\s*[.)/]\s|[a-zđ][).]\s|[IVX]+\.\s)"
)
_SENTENCE_END = (".", ":", ";", "!", "?", "./.")
_INDENT_POINTS = 8
_SHORT_LINE_SHARE = 0.85
_BLANK_LINE_SHARE = 1.0  # a gap above a line as high as a line: a new block


class PdfTooLarge(ValueError):
    """The PDF has more pages, or more text, than a notice can have."""

    def __init__(self, what: str, limit: int):
        super().__init__(f"{what} over {limit}")
        self.what, self.limit = what, limit


class NotAPdf(ValueError):
    """The bytes are not a PDF pdfminer can read (damaged, or encrypted with a password)."""


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0


def pdf_page_count(content: bytes, max_pages: int = MAX_PDF_PAGES) -> int:
    """The number of pages, walking the page tree only; PdfTooLarge past `max_pages`."""
    pages = 0
    for _page in _pages(content):
        pages += 1
        if pages > max_pages:
            raise PdfTooLarge("pages", max_pages)
    return pages


def pdf_text(content: bytes, max_characters: int, max_pages: int = MAX_PDF_PAGES) -> str:
    """The text layer as paragraphs, one per line; '' for a scan (a PDF without a text layer)."""
    pdf_page_count(content, max_pages)
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    paragraphs: list[str] = []
    characters = 0
    try:
        for page in _pages(content):
            interpreter.process_page(page)
            boxes = [box for box in device.get_result() if isinstance(box, LTTextBox)]
            lines = [line for box in boxes for line in _lines(box)]
            if not lines:
                continue
            left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
            for index, paragraph in enumerate(join_wrapped_lines(lines, left, right)):
                characters += len(paragraph) + 1
                if characters > max_characters:
                    raise PdfTooLarge("characters", max_characters)
                if index == 0 and paragraphs and _continues(paragraphs[-1], paragraph):
                    paragraphs[-1] = f"{paragraphs[-1]} {paragraph}"  # a sentence the page break cut
                else:
                    paragraphs.append(paragraph)
    except PdfTooLarge:
        raise
    except Exception as error:  # pdfminer fails on damaged files with errors of many kinds
        raise NotAPdf(str(error)) from error
    text = unicodedata.normalize("NFC", "\n".join(paragraphs))
    letters = sum(character.isalpha() for character in text.replace("(cid:", ""))
    if letters < MIN_TEXT_LAYER_LETTERS or text.count("(cid:") * 5 > letters:  # no usable text layer
        return ""
    return text


def _continues(previous: str, line: str) -> bool:
    return line[:1].islower() and not previous.endswith(_SENTENCE_END) and not _ITEM_START.match(line)


def _pages(content: bytes) -> Iterator[PDFPage]:
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(content)))
        yield from PDFPage.create_pages(document)
    except PDFPasswordIncorrect as error:
        raise NotAPdf("encrypted") from error
    except PdfTooLarge:
        raise
    except Exception as error:
        raise NotAPdf(str(error)) from error


def _lines(box: LTTextBox) -> list[_Line]:
    """The lines of one pdfminer text box, with where they stand."""
    from pdfminer.layout import LTTextLine

    return [
        _Line(" ".join(line.get_text().split()), line.x0, line.x1, line.y1, line.y0)
        for line in box
        if isinstance(line, LTTextLine) and line.get_text().strip()
    ]


def join_wrapped_lines(lines: list[_Line], left: float, right: float) -> list[str]:
    """Lines of running text, with the lines a paragraph was wrapped into joined again."""
    paragraphs: list[str] = []
    previous: _Line | None = None
    width = max(right - left, 1.0)
    for line in lines:
        if previous is None:
            paragraphs.append(line.text)
            previous = line
            continue
        ended = previous.text.endswith(_SENTENCE_END)
        short = previous.x1 - left < _SHORT_LINE_SHARE * width
        item = _ITEM_START.match(line.text)
        starts_new = (
            line.x0 > left + _INDENT_POINTS
            # A dash starting the line after a full one is a hyphen wrapped (`công nghiệp - dịch vụ`).
            or bool(item and (line.text[0].isalnum() or line.text[0] == "(" or ended or short))
            or (ended and short)
            or previous.bottom - line.top > _BLANK_LINE_SHARE * (previous.top - previous.bottom)
            or line.top > previous.top  # back up the page: another column
        )
        if starts_new:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        previous = line
    return paragraphs


def join_wrapped_text(text: str) -> str:
    """The same for text without positions (OCR): a block's lines are joined unless one starts an item,
    or the one before it ended a sentence or is in capitals (a heading, a signature's title)."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        previous = ""
        for raw in block.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            if (
                not previous
                or _ITEM_START.match(line)
                or previous.endswith(_SENTENCE_END)
                or previous.isupper()
            ):
                paragraphs.append(line)
            else:
                paragraphs[-1] = f"{paragraphs[-1]} {line}"
            previous = line
    return "\n".join(paragraphs)
