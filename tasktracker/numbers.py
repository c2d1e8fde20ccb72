"""Whole numbers as templates write them, for HTML written in Python."""

from collections.abc import Callable

from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format


def whole_number_writer() -> Callable[[int], str]:
    """What `{{ number }}` writes of a whole number in the active language (`localize`), with the language's
    separators looked up once, not three times a number; without thousands separators (the default), a
    whole number is written as `str` writes it, and this is `str`."""
    decimal, grouping, thousands = (
        get_format(name) for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )
    if not settings.USE_THOUSAND_SEPARATOR or grouping == 0:
        return str
    return lambda value: numberformat.format(value, decimal, None, grouping, thousands, use_l10n=True)
