"""The history's timestamps (`tasktracker.dates.timestamp_writer`) are what `dateformat.format` writes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, translation
from django.utils.formats import get_format
from django.utils.timezone import localtime

from tasktracker.dates import DateWriter, timestamp_writer

FORMATS = [
    "H:i d/m/Y",
    "d.m.Y H:i:s",
    r"j/n/Y G\h i \{0} {}",
    "Y-m-d",
    "Y",
    "Y: 100% \\d\\o\\n\\e",
    "\\d\\o\\n\\e",
    "m/d/Y P",  # not only fields: written by DateWriter
    "D, j M Y H:i T",
]
MOMENTS = [
    datetime(2026, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("UTC")),
    datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("UTC")),
    datetime(987, 6, 7, 0, 0, tzinfo=ZoneInfo("UTC")),
    datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Paris")),  # a day the clocks change
]


@pytest.mark.parametrize("format_string", FORMATS)
@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "Europe/Paris", "UTC"])
def test_a_timestamp_is_written_as_dateformat_writes_it(format_string, zone):
    write = timestamp_writer(format_string)
    for moment in MOMENTS:
        for step in range(0, 48 * 60, 97):
            value = localtime(moment + timedelta(minutes=step), ZoneInfo(zone))
            assert write(value) == dateformat.format(value, format_string), (format_string, value)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_languages_formats_are_written_without_dateformat(language):
    with translation.override(language):
        format_string = get_format("SHORT_DATETIME_FORMAT")
        assert not isinstance(timestamp_writer(format_string), DateWriter)
    assert isinstance(timestamp_writer("m/d/Y P"), DateWriter)
