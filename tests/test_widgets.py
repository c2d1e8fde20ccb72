"""The widgets written in Python (`tasktracker.widgets`) escape and order attributes as Django does."""

import pytest
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from tasktracker.widgets import DateInput, HiddenInput, TextInput, attributes_html, escaped

VALUES = [
    "Sở <Xây dựng> & \"Giao thông\" 'x'",
    mark_safe("<i>an toàn</i>"),
    12,
    0,
    3.5,
    gettext_lazy("Tasks"),
]
ATTRS = [
    {},
    {"id": "id_x", "class": "wide <b>", "required": True, "disabled": False, "data-n": 5, "title": None},
    {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "inputmode": "numeric", "z": mark_safe("<i>")},
    {"b": True, "a": True, "c": "&", "aria-describedby": gettext_lazy("Tasks")},
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_value_is_escaped_as_conditional_escape_escapes_it(language):
    with override(language):
        for value in VALUES:
            assert escaped(value) == conditional_escape(value)


@pytest.mark.parametrize("attrs", ATTRS)
def test_attributes_are_written_as_flatatt_writes_them(attrs):
    assert attributes_html(attrs) == flatatt(attrs)


def previous_input_html(widget) -> str:
    """What `RenderedInPython.html` wrote through `format_html` and `flatatt`."""
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        format_html(' value="{}"', value) if value not in (None, "") else "",
        flatatt(widget["attrs"]),
    )


@pytest.mark.parametrize("widget_class", [TextInput, HiddenInput, DateInput])
@pytest.mark.parametrize("value", [None, "", "31/12/2026", "<script>&", 42])
@pytest.mark.parametrize("attrs", ATTRS)
def test_an_input_is_written_as_before(widget_class, value, attrs):
    widget = widget_class(attrs=dict(attrs))
    context = widget.get_context("part12-note <x>", value, {"id": "id_part12"})["widget"]
    assert widget.render("part12-note <x>", value, {"id": "id_part12"}) == previous_input_html(context)
