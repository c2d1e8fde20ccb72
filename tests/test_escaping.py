"""`tasktracker.escaping.escape` writes what Django's `escape` writes, for every kind of value."""

import pytest
from django.utils import html, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from tasktracker.escaping import escape


@pytest.mark.parametrize("language", ["vi", "en"])
def test_escape_writes_what_django_s_escape_writes(language):
    values = [
        "plain",
        "<b>\"Sở\" & 'Ban'</b>",
        "Nghị quyết 12/NQ-HĐND — tháng ⅓",
        mark_safe("<i>safe</i> & already"),
        gettext_lazy("Deadline"),
        42,
        None,
        "",
        *("&", "<", ">", '"', "'", "a & b", "Sở <", "> Sở", 'Sở "x"', "Sở 'x'", "&amp;"),
        mark_safe("safe, nothing to escape"),
    ]
    with translation.override(language):
        for value in values:
            assert escape(value) == html.escape(value)
            assert type(escape(value)) is str  # never a safe string: a template would not escape it again
