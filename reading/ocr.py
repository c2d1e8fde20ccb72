"""Reading a scan or a photo by OCR: Tesseract with its Vietnamese model, pdftoppm for PDF pages.

Both are Debian packages (`tesseract-ocr`, `tesseract-ocr-vie`, `poppler-utils`), called as programs with a
time limit per page. Django-free.
"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from reading.pdf import join_wrapped_text, pdf_page_count

OCR_LANGUAGE = "vie"
OCR_DPI = 300
MAX_OCR_PAGES = 20
PAGE_TIMEOUT_SECONDS = 180

Progress = Callable[[int, int], None]


class OcrUnavailable(RuntimeError):
    """Tesseract, its Vietnamese model, or pdftoppm is not installed on this machine."""


class OcrFailed(RuntimeError):
    """A program failed or ran past its time on a page."""


@lru_cache(maxsize=1)
def missing_ocr_tools() -> tuple[str, ...]:
    """The Debian packages OCR still needs here; empty when it can run."""
    missing = []
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        missing += ["tesseract-ocr", "tesseract-ocr-vie"]
    else:
        try:
            languages = subprocess.run(
                [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
            ).stdout.split()
        except (OSError, subprocess.TimeoutExpired):
            languages = []
        if OCR_LANGUAGE not in languages:
            missing.append("tesseract-ocr-vie")
    if shutil.which("pdftoppm") is None:
        missing.append("poppler-utils")
    return tuple(missing)


def ocr_image(content: bytes, suffix: str, progress: Progress | None = None) -> str:
    """The text of a photo or a scanned page (.png, .jpg)."""
    _require_tools()
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        image = Path(folder) / f"page{suffix}"
        image.write_bytes(content)
        text = _tesseract(image)
    if progress:
        progress(1, 1)
    return join_wrapped_text(text)


def ocr_pdf(content: bytes, progress: Progress | None = None, max_pages: int = MAX_OCR_PAGES) -> str:
    """The text of a scanned PDF, page by page; `progress(done, total)` after each page."""
    _require_tools()
    pages = pdf_page_count(content, max_pages)
    texts = []
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(content)
        for number in range(1, pages + 1):
            stem = Path(folder) / f"page-{number}"
            _run(
                ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile", "-f", str(number), "-l",
                 str(number), str(source), str(stem)]
            )  # fmt: skip
            texts.append(_tesseract(stem.with_suffix(".png")))
            stem.with_suffix(".png").unlink()
            if progress:
                progress(number, pages)
    return join_wrapped_text("\n\n".join(texts))


def _require_tools() -> None:
    if missing_ocr_tools():
        raise OcrUnavailable(", ".join(missing_ocr_tools()))


def _tesseract(image: Path) -> str:
    # One thread: Tesseract's OpenMP threads fight each other on a busy server (four times slower,
    # measured on 2 loaded cores); workers, not threads, read pages side by side.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return _run(["tesseract", str(image), "stdout", "-l", OCR_LANGUAGE, "--psm", "3"], environment)


def _run(command: list[str], environment: dict[str, str] | None = None) -> str:
    try:
        finished = subprocess.run(
            command,
            capture_output=True,
            timeout=PAGE_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
            env=environment,
        )
    except subprocess.TimeoutExpired as error:
        raise OcrFailed(f"{command[0]} ran past {PAGE_TIMEOUT_SECONDS} s") from error
    except OSError as error:
        raise OcrUnavailable(command[0]) from error
    if finished.returncode != 0:
        raise OcrFailed(f"{command[0]}: {finished.stderr.decode('utf-8', 'replace').strip()[-300:]}")
    return finished.stdout.decode("utf-8", "replace")
