"""Turning an uploaded notice file (.txt, .md, .docx) into text the notice parser reads."""

import codecs
import io
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from docx.blkcntnr import BlockItemContainer
    from docx.document import Document
    from docx.table import Table

MAX_NOTICE_BYTES = 10 * 1024 * 1024
TEXT_EXTENSIONS = (".txt", ".md")
WORD_EXTENSIONS = (".docx",)


class UnreadableDocument(ValueError):
    """An uploaded file that cannot be read as a notice; its message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_notice_document(filename: str, content: bytes) -> str:
    """The text of an uploaded notice, or UnreadableDocument saying (in the user's language) why not."""
    if len(content) > MAX_NOTICE_BYTES:
        raise UnreadableDocument(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_NOTICE_BYTES // (1024 * 1024)}
        )
    if not content:
        raise UnreadableDocument(_("The file is empty."))
    extension = PurePath(filename or "").suffix.lower()
    if extension in TEXT_EXTENSIONS:
        text = _decode_text(content)
    elif extension in WORD_EXTENSIONS:
        text = _docx_text(content)
    elif extension == ".doc":
        raise UnreadableDocument(_("Old Word files (.doc) cannot be read: save the notice as .docx first."))
    else:
        raise UnreadableDocument(_("Only .docx, .txt and .md files can be imported."))
    if not text.strip():
        raise UnreadableDocument(_("The file is empty."))
    return text


def _decode_text(content: bytes) -> str:
    """Text from bytes in UTF-8 (with or without a BOM) or UTF-16 with a BOM; newlines made \\n."""
    if content.startswith(codecs.BOM_UTF8):
        encoding, content = "utf-8", content[len(codecs.BOM_UTF8) :]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in content:  # UTF-8 text never holds NUL bytes; binary files and BOM-less UTF-16 do
            raise UnreadableDocument(_("The file is not a text file."))
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableDocument(_("The file's characters cannot be read: save it as UTF-8 text.")) from error
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(content: bytes) -> str:
    """The paragraphs of a Word document in reading order, those in tables included."""
    # Imported here so that reading plain text does not load python-docx and lxml.
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
        return "\n".join(_block_lines(document))
    # A damaged file fails in zipfile, lxml or python-docx, each with errors of its own.
    except Exception as error:
        raise UnreadableDocument(_("The Word file is damaged or is not a .docx file.")) from error


def _block_lines(container: "Document | BlockItemContainer") -> list[str]:
    """The lines of a document body or table cell: paragraphs and tables, in order."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def _table_lines(table: "Table") -> list[str]:
    """The lines of a table, cell by cell, row by row; a merged cell is read once."""
    lines: list[str] = []
    seen = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(cell._tc)
            lines.extend(_block_lines(cell))
    return lines
