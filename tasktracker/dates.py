"""Many dates written in one Django date format ("d/m/Y", "H:i d/m/Y"), the format read once for all of them.

`django.utils.dateformat.format` splits its format string with a regular expression on every call; a page
that writes fifty timestamps (the task page's history) spent more on that than on the dates.
`tests/test_dates.py` compares `DateWriter` with `dateformat.format` for every format character, and
`tests/test_timestamps.py` `timestamp_writer` for the formats it writes itself.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter

from django.utils import dateformat

# Django's own patterns (its format characters, and a backslash-escaped character), compiled here once.
_FORMAT_CHARACTERS = re.compile(dateformat.re_formatchars.pattern)
_ESCAPED = re.compile(dateformat.re_escaped.pattern)


class DateWriter:
    """`dateformat.format(value, format_string)`, with the format string split into its format characters
    and literal text once. A format of only the day, month and year (the languages' SHORT_DATE_FORMAT) is
    written by one `%` formatting of the fields, as `timestamp_writer` writes a moment, not by a
    `DateFormat` per value."""

    def __init__(self, format_string):
        self.format_string = str(format_string)
        self._pieces: list[tuple[bool, str]] = []  # (is a format character, the character or the text)
        for position, piece in enumerate(_FORMAT_CHARACTERS.split(self.format_string)):
            if position % 2:
                self._pieces.append((True, piece))
            elif piece:
                self._pieces.append((False, _ESCAPED.sub(r"\1", piece)))
        self._has_time = any(
            is_character and hasattr(dateformat.TimeFormat, piece) for is_character, piece in self._pieces
        )
        self._of_fields = None
        if all(piece in _DAY_FIELDS for is_character, piece in self._pieces if is_character):
            self._of_fields = _fields_writer(self.format_string)

    def __call__(self, value) -> str:
        if self._of_fields is not None:
            return self._of_fields(value)
        if self._has_time and type(value) is date:
            return dateformat.format(value, self.format_string)  # raises Django's TypeError
        formatter = dateformat.DateFormat(value)
        return "".join(
            [str(getattr(formatter, piece)()) if is_char else piece for is_char, piece in self._pieces]
        )


# Format characters of Django's date formats written from a datetime's own fields alone, as
# `django.utils.dateformat` writes them: a `%` conversion and the field it writes.
_FIELDS = {
    "d": ("%02d", "day"),
    "j": ("%d", "day"),
    "m": ("%02d", "month"),
    "n": ("%d", "month"),
    "Y": ("%04d", "year"),
    "H": ("%02d", "hour"),
    "G": ("%d", "hour"),
    "i": ("%02d", "minute"),
    "s": ("%02d", "second"),
}


# Those of a day alone: a date has them as a datetime does.
_DAY_FIELDS = {
    character for character, (_conversion, field) in _FIELDS.items() if field in ("day", "month", "year")
}


def timestamp_writer(format_string) -> Callable[[datetime], str]:
    """`DateWriter(format_string)` for datetimes: a format of only day, month, year, hour, minute and second
    (the languages' SHORT_DATETIME_FORMAT) is written by one `%` formatting of the fields read together (a
    `str.format` template read each field by its name on every call), not a `DateFormat` per value (which
    works out the time zone's name and offset for each); any other by `DateWriter`."""
    return _fields_writer(format_string) or DateWriter(format_string)


def _fields_writer(format_string) -> Callable[[datetime], str] | None:
    """The `%` formatting of a format of only the characters of _FIELDS; None for any other format."""
    template, fields = [], []
    for position, piece in enumerate(_FORMAT_CHARACTERS.split(str(format_string))):
        if position % 2 == 0:
            template.append(_ESCAPED.sub(r"\1", piece).replace("%", "%%"))
        elif piece in _FIELDS:
            conversion, field = _FIELDS[piece]
            template.append(conversion)
            fields.append(field)
        else:
            return None
    text = "".join(template)
    if not fields:
        written = text % ()
        return lambda value: written
    read_fields = attrgetter(*fields)  # one field alone is read as itself, which `%` takes as well
    return lambda value: text % read_fields(value)
