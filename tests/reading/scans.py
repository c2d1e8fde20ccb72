"""Scanned pages made by the tests: known Vietnamese text drawn with a Debian font (fonts-dejavu-core)."""

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DPI = 200
A4 = (int(8.27 * DPI), int(11.69 * DPI))
MARGIN = int(0.9 * DPI)
FONT_SIZE = 36  # 13 pt at 200 dpi, as offices print
WRAP = 72  # characters a line holds at that size


def scanned_pages(text: str) -> list[Image.Image]:
    """`text` printed on greyscale A4 pages, its paragraphs wrapped."""
    font = ImageFont.truetype(str(FONT), FONT_SIZE)
    line_height = int(FONT_SIZE * 1.5)
    lines = []
    for paragraph in text.splitlines():
        lines.extend(textwrap.wrap(paragraph, WRAP) or [""])
    pages, page, y = [], None, A4[1]
    for line in lines:
        if y + line_height > A4[1] - MARGIN:
            page = Image.new("L", A4, 255)
            pages.append(page)
            y = MARGIN
        ImageDraw.Draw(page).text((MARGIN, y), line, font=font, fill=0)
        y += line_height
    return pages


def scanned_png(text: str) -> bytes:
    """A photo of the first page, as .png."""
    buffer = io.BytesIO()
    scanned_pages(text)[0].save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def scanned_pdf(text: str) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes it."""
    pages = scanned_pages(text)
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def seed_excerpt() -> str:
    """One printed page of the demo province's real notice (directives/data): its header, the item that
    hands tasks to two departments, its closing and signature."""
    from directives.management.commands.seed_demo import DEMO_NOTICE_FILE

    lines = [
        line.replace("*", "").strip() for line in DEMO_NOTICE_FILE.read_text(encoding="utf-8").splitlines()
    ]
    lines = [line for line in lines if line]
    start = lines.index("THÔNG BÁO")
    intro = next(line for line in lines if line.startswith("Ngày 12/3/2024"))
    item = next(line for line in lines if line.startswith("(6) Giao"))
    tasks = [
        next(line for line in lines if line.startswith(opening))
        for opening in ("- Sở Công Thương chủ trì", "- Sở Tài chính chủ trì")
    ]
    closing = lines[lines.index(next(line for line in lines if line.startswith("Yêu cầu cơ quan"))) :]
    closing = [
        line for line in closing if not line.startswith(("- Các cơ quan", "- Công ty", "- UBND", "- +"))
    ]
    header = ["UBND TỈNH BẮC GIANG", "Số: 125/TB-UBND", "Bắc Giang, ngày 15 tháng 3 năm 2024"]
    lead_in = intro.split(". ")[0] + ". Chủ tịch UBND tỉnh kết luận như sau:"
    return "\n".join([*header, *lines[start : start + 2], lead_in, item, *tasks, *closing])
