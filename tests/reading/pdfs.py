"""Text PDFs made by the tests with reportlab, laid out as offices print notices (A4, 13 pt, indents)."""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def text_pdf(text: str) -> bytes:
    """`text` as a PDF with a text layer: each line a justified paragraph with a first-line indent."""
    if "DejaVuSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSerif", FONT))
    style = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=13, leading=18, firstLineIndent=1 * cm,
                           alignment=4, spaceAfter=6)  # fmt: skip
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm)
    document.build([Paragraph(escape(line), style) for line in text.splitlines() if line.strip()])
    return buffer.getvalue()
