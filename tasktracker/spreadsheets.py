"""Spreadsheets people open: CSV cells and .xlsx workbooks that Excel or LibreOffice never run as formulas,
with real dates shown dd/mm/yyyy, a frozen header row and column widths."""

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import TYPE_CHECKING

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

# A cell beginning with one of these is read as a formula (or hides one after a tab or line break).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value) -> str:
    """The value as text a spreadsheet shows as it is: a leading apostrophe stops a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header as people read it, its width in characters, its number format."""

    header: "str | StrPromise"  # a lazy translation too: written as str() in the language in force
    width: int = 14
    number_format: str | None = None


def _inert(cell) -> None:
    """Text is kept as text: a value beginning with = + - @ is never read as a formula."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def workbook(title: str, columns: list[Column], rows) -> bytes:
    """An .xlsx of one sheet: the columns' headers frozen on top, then a row per item of `rows`."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append([_cell_value(value) for value in values])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            if isinstance(cell.value, str):
                _inert(cell)
            elif isinstance(cell.value, date | datetime):
                cell.number_format = DATE_FORMAT
            elif column.number_format:
                cell.number_format = column.number_format
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _cell_value(value):
    if value is None or isinstance(value, int | float | date | datetime):
        return value
    return str(value)


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
