"""Uploaded files: where they are stored (unguessable paths) and what may be uploaded.

Files are never served from MEDIA_URL: each is sent by a view that checks who asks
(`evidence_download`, `notice_source_download`), so a stored path is not a key to the file.
"""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from reading.documents import MAX_NOTICE_BYTES

EVIDENCE_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
NOTICE_SOURCE_EXTENSIONS = {".docx", ".pdf", ".txt", ".md"}
# The file's own name is kept (people download it under that name) but shortened, so the whole stored
# path stays within a FileField's 100 characters.
KEPT_NAME_LENGTH = 40


def random_path(folder: str, filename: str) -> str:
    """`folder/yyyy/mm/<128 random bits>/<the file's name, made safe>`: no one can guess another's file."""
    name = get_valid_filename(PurePath(filename or "file").name) or "file"
    suffix = PurePath(name).suffix[:10]
    name = (
        name[: KEPT_NAME_LENGTH - len(suffix)].rstrip(".") + suffix if len(name) > KEPT_NAME_LENGTH else name
    )
    return f"{folder}/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}/{name}"


def stored_file_name(stored_path: str) -> str:
    """A stored file's own name, without the folders it is stored in ("" for no file)."""
    return PurePath(stored_path).name if stored_path else ""


def evidence_path(instance, filename: str) -> str:
    return random_path("evidence", filename)


def notice_source_path(instance, filename: str) -> str:
    return random_path("notices", filename)


def _validate(file, extensions, max_bytes, kinds_message):
    if PurePath(file.name).suffix.lower() not in extensions:
        raise ValidationError(kinds_message)
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)}
        )


def validate_evidence_file(evidence):
    """Evidence is a document, a sheet, an image or an archive, of at most 10 MB (pages, API, admin)."""
    _validate(
        evidence,
        EVIDENCE_EXTENSIONS,
        MAX_EVIDENCE_BYTES,
        _("This kind of file cannot be attached: use PDF, Word, Excel, an image or ZIP."),
    )


def validate_notice_source_file(source):
    """A notice's own file is a .docx, .pdf, .txt or .md document of at most 10 MB (never an SVG or HTML
    page that a browser would run)."""
    _validate(
        source,
        NOTICE_SOURCE_EXTENSIONS,
        MAX_NOTICE_BYTES,
        _("A notice's file must be a .docx, .pdf, .txt or .md document."),
    )
