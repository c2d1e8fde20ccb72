"""Turning an uploaded notice file into text the notice parser reads, with errors a user can act on.

.txt/.md are decoded, .docx read by `reading.word` (numbering, tables, text boxes), a PDF's text layer by
`reading.pdf`; a scanned PDF or a photo (.png, .jpg) is read by OCR (`reading.ocr`), which takes a while:
callers that cannot wait ask with `ocr=False` and get `NeedsOcr`, then run it as a background job.
"""

import codecs
from pathlib import PurePath

from django.utils.translation import gettext as _

from reading import ocr, pdf, word
from reading.ocr import Progress

MAX_NOTICE_BYTES = 10 * 1024 * 1024
# A notice is some ten thousand characters, a long plan a hundred thousand: more than this is not one.
MAX_TEXT_CHARACTERS = 500_000
TEXT_EXTENSIONS = (".txt", ".md")
WORD_EXTENSIONS = (".docx",)
PDF_EXTENSIONS = (".pdf",)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
ACCEPTED_EXTENSIONS = WORD_EXTENSIONS + PDF_EXTENSIONS + IMAGE_EXTENSIONS + TEXT_EXTENSIONS


class UnreadableDocument(ValueError):
    """An uploaded file that cannot be read as a notice; its message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NeedsOcr(Exception):
    """The file is a scan or a photo: its text comes from OCR, which the caller chose to run later."""


def read_notice_document(
    filename: str, content: bytes, *, ocr: bool = True, progress: Progress | None = None
) -> str:
    """The text of an uploaded notice, or UnreadableDocument saying (in the user's language) why not.

    A scan or a photo is read by OCR when `ocr` is true (`progress(done, total)` after each page), else
    NeedsOcr is raised once it is known that OCR can run here.
    """
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
    elif extension in PDF_EXTENSIONS:
        text = _pdf_text(content) or _scan_text(content, extension, ocr, progress)
    elif extension in IMAGE_EXTENSIONS:
        text = _scan_text(content, extension, ocr, progress)
    elif extension == ".doc":
        raise UnreadableDocument(_("Old Word files (.doc) cannot be read: save the notice as .docx first."))
    else:
        raise UnreadableDocument(_("Only .docx, .pdf, .png, .jpg, .txt and .md files can be imported."))
    if len(text) > MAX_TEXT_CHARACTERS:
        raise _too_much_text()
    if not text.strip():
        raise UnreadableDocument(
            _("No text was found in the scan.")
            if extension in PDF_EXTENSIONS + IMAGE_EXTENSIONS
            else _("The file is empty.")
        )
    return text


def _too_much_text() -> UnreadableDocument:
    return UnreadableDocument(
        _("The document holds more than %(limit)s characters of text: it is not a single notice.")
        % {"limit": f"{MAX_TEXT_CHARACTERS:,}".replace(",", ".")}
    )


def ocr_unavailable_message() -> str:
    """What the user is told when a scan cannot be read on this machine."""
    return _(
        "This file is a scan or a photo, and reading it needs Tesseract OCR with its Vietnamese model, "
        "which is not installed on the server (Debian packages: %(packages)s). Ask the administrator to "
        "install it, or upload the notice as .docx or as a PDF with text."
    ) % {"packages": ", ".join(ocr.missing_ocr_tools())}


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
    """The lines of a Word document in reading order (see reading.word)."""
    try:
        return "\n".join(word.docx_lines(content))
    except word.DocxTooLarge as error:
        raise UnreadableDocument(
            _("The Word file unpacks to more data than a notice holds (over %(limit)s MB): it was refused.")
            % {"limit": word.MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        ) from error
    # A damaged file fails in zipfile, lxml or python-docx, each with errors of its own.
    except Exception as error:
        raise UnreadableDocument(_("The Word file is damaged or is not a .docx file.")) from error


def _pdf_text(content: bytes) -> str:
    """The PDF's text layer; '' for a scan."""
    try:
        return pdf.pdf_text(content, max_characters=MAX_TEXT_CHARACTERS)
    except pdf.PdfTooLarge as error:
        raise _pdf_too_large(error) from error
    except pdf.NotAPdf as error:
        raise UnreadableDocument(
            _("The PDF file is damaged or protected by a password: it cannot be read.")
        ) from error


def _pdf_too_large(error: pdf.PdfTooLarge) -> UnreadableDocument:
    if error.what == "pages":
        return UnreadableDocument(
            _("The PDF has more than %(limit)s pages: it is not a single notice.") % {"limit": error.limit}
        )
    return _too_much_text()


def _scan_text(content: bytes, extension: str, run_ocr: bool, progress: Progress | None) -> str:
    """The text of a scanned PDF or a photo, by OCR (or NeedsOcr when the caller runs it later)."""
    if ocr.missing_ocr_tools():
        raise UnreadableDocument(ocr_unavailable_message())
    if extension in IMAGE_EXTENSIONS and not _is_picture(content):
        raise UnreadableDocument(_("The file is not a .png or .jpg picture."))
    try:
        if extension in PDF_EXTENSIONS:
            pdf.pdf_page_count(content, ocr.MAX_OCR_PAGES)  # a scan too long to read is refused at once
        if not run_ocr:
            raise NeedsOcr()
        if extension in PDF_EXTENSIONS:
            return ocr.ocr_pdf(content, progress)
        return ocr.ocr_image(content, extension, progress)
    except pdf.PdfTooLarge as error:
        raise _pdf_too_large(error) from error
    except pdf.NotAPdf as error:
        raise UnreadableDocument(
            _("The PDF file is damaged or protected by a password: it cannot be read.")
        ) from error
    except ocr.OcrUnavailable as error:
        raise UnreadableDocument(ocr_unavailable_message()) from error
    except ocr.OcrFailed as error:
        raise UnreadableDocument(
            _("The scan could not be read by OCR: the image may be damaged or not a picture of a page.")
        ) from error


def _is_picture(content: bytes) -> bool:
    """Whether `content` starts as a PNG (signature, then its header chunk) or a JPEG does."""
    return (content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR") or content.startswith(
        b"\xff\xd8\xff"
    )
