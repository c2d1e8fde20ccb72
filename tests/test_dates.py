"""`DateWriter` writes what `django.utils.dateformat.format` writes, for every format character."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
from django.utils.formats import get_format
from django.utils.timezone import localtime, override

from tasktracker.dates import DateWriter

CHARACTERS = "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ"
FORMATS = [
    *CHARACTERS,
    "H:i d/m/Y",
    r"\N\g\à\y j \t\h\á\n\g n, Y",  # escaped letters are written as they are
    "jS F Y, P (e, T, O)",
    "",
    # Day, month and year alone: written from the fields by one `%` formatting.
    "d/m/Y",
    r"j/n/Y \n\g\à\y",
    "Y-m-d 100%",
]
HOLD_ON = ZoneInfo("Asia/Ho_Chi_Minh")
SWITCHING = ZoneInfo("Europe/Paris")  # 2026-10-25 02:30 happens twice there
MOMENTS = [
    datetime(2026, 12, 1, 6, 5, 9, 120, tzinfo=UTC),
    datetime(2026, 1, 1, 0, 0, tzinfo=HOLD_ON),
    datetime(2024, 2, 29, 23, 59, 59, tzinfo=HOLD_ON),
    datetime(2026, 10, 25, 2, 30, tzinfo=SWITCHING),
    datetime(2026, 3, 29, 2, 30, tzinfo=SWITCHING),  # does not exist there
    datetime(2026, 7, 4, 12, 0),  # naive: in the default time zone
]
DAYS = [date(2026, 12, 1), date(2024, 2, 29), date(1999, 1, 7)]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("format_string", FORMATS)
def test_a_moment_is_written_as_django_writes_it(language, format_string):
    writer = DateWriter(format_string)
    with translation.override(language):
        for moment in MOMENTS:
            for zone in (HOLD_ON, SWITCHING):
                shown = localtime(moment, zone) if moment.tzinfo else moment
                assert writer(shown) == dateformat.format(shown, format_string), (moment, zone)


@pytest.mark.parametrize(
    "format_string", ["d/m/Y", "j/n/Y", "Y-m-d 100%", r"\d\a\y", "jS F Y", r"l \t\h\e jS", "N y z W L t"]
)
def test_a_day_is_written_as_django_writes_it(format_string):
    writer = DateWriter(format_string)
    for day in DAYS + [DAYS[0] + timedelta(days=n) for n in range(40)]:
        assert writer(day) == dateformat.format(day, format_string)


@pytest.mark.parametrize("format_string", ["H:i d/m/Y", "P", "d/m/Y a"])
def test_a_time_of_day_asked_of_a_day_is_refused_as_django_refuses_it(format_string):
    with pytest.raises(TypeError, match="time-related format specifiers"):
        DateWriter(format_string)(DAYS[0])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_formats_of_each_language(language):
    with translation.override(language), override(HOLD_ON):
        for name in ("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT"):
            writer = DateWriter(get_format(name))
            for moment in MOMENTS[:3]:
                value = localtime(moment) if name.endswith("DATETIME_FORMAT") else moment.date()
                assert writer(value) == dateformat.format(value, get_format(name))
