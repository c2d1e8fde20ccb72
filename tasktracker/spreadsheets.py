"""Cells written for spreadsheets (CSV exports) that Excel or LibreOffice will not run as formulas."""

# A cell beginning with one of these is read as a formula (or hides one after a tab or line break).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value) -> str:
    """The value as text a spreadsheet shows as it is: a leading apostrophe stops a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
