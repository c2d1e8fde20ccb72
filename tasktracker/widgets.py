"""Form widgets written out in Python: a page of hundreds of rows (a long notice's review) renders in a
fraction of the time Django's widget templates take, with the same HTML."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class RenderedInPython:
    """Renders `<input>`, `<textarea>` or `<select>` from the widget's context, without a template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(self.html(widget))

    def html(self, widget) -> str:
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            format_html(' value="{}"', value) if value not in (None, "") else "",
            flatatt(widget["attrs"]),
        )


class TextInput(RenderedInPython, forms.TextInput):
    pass


class HiddenInput(RenderedInPython, forms.HiddenInput):
    pass


class NumberInput(RenderedInPython, forms.NumberInput):
    pass


class CheckboxInput(RenderedInPython, forms.CheckboxInput):
    pass


class DateInput(RenderedInPython, forms.DateInput):
    pass


class Textarea(RenderedInPython, forms.Textarea):
    def html(self, widget) -> str:
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )


class Select(RenderedInPython, forms.Select):
    def html(self, widget) -> str:
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),
        )
