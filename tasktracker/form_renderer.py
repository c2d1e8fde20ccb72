"""The form renderer of every form: Django's own widget templates written out in Python, to the byte.

A widget rendered through Django's templates costs a template render per widget, per option and per set of
attributes (a task page with four lead agencies renders about forty of them, the task list's filters about
fifty). `TemplatelessWidgets` writes the same HTML directly for the widget templates Django ships and for
django-filter's range widget (two on the task list), and hands any other template (a form or field layout,
an error list, another package's widget) to the templates as before. `tests/test_form_renderer.py` renders
every form and filter of the app both ways and compares them. `field_html` writes the project's own field
layout (templates/includes/field.html) for pages with many fields; `blank_field_html` writes the fields that
are the same in every blank form of a class once per language (the task page's forms, one set per lead part).
"""

import html as html_escaping
from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language

WIDGETS = "django/forms/widgets/"
# Rendering a value as `{{ value }}` does: localized, escaped unless marked safe. The form renderer's
# templates get a plain Context (autoescape on, localization and time zones as configured).
_CONTEXT = Context()


def _text(value) -> str:
    """`{{ value }}`. Text (most of what a widget writes: names, ids, labels) is escaped here as Django's
    `escape` does; anything else (numbers and dates to localize, error lists) goes through the template
    engine's own function."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else html_escaping.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, anything else is escaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html_escaping.escape(text)


def _attrs(widget) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_stringformat(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{_stringformat(value)}"' if value != None else ""  # noqa: E711 (as the template compares)
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget)}>\n'


def _textarea(widget) -> str:
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget)}>\n{value}</textarea>\n'


def _select_option(widget) -> str:
    """django/forms/widgets/select_option.html"""
    value, label = _stringformat(widget["value"]), _text(widget["label"])
    return f'<option value="{value}"{_attrs(widget)}>{label}</option>\n'


def _input_option(widget) -> str:
    """django/forms/widgets/input_option.html"""
    if not widget["wrap_label"]:
        return _input(widget) + "\n"
    label_for = f' for="{_text(widget["attrs"]["id"])}"' if widget["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(widget)} {_text(widget['label'])}</label>\n"


def _select(widget) -> str:
    """django/forms/widgets/select.html"""
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget)}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_text(group_name)}">')
        html.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>\n")
    return "".join(html)


def _multiple_input(widget) -> str:
    """django/forms/widgets/multiple_input.html"""
    attrs = widget["attrs"]
    html = ["<div"]
    if attrs.get("id"):
        html.append(f' id="{_text(attrs["id"])}"')
    if attrs.get("class"):
        html.append(f' class="{_text(attrs["class"])}"')
    html.append(">")
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        html.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            html.append("\n  </div>")
    html.append("\n</div>\n")
    return "".join(html)


def _clearable_file_input(widget) -> str:
    """django/forms/widgets/clearable_file_input.html"""
    html = []
    if widget["is_initial"]:
        value = widget["value"]
        html.append(f'{_text(widget["initial_text"])}: <a href="{_text(value.url)}">{_text(value)}</a>')
        if not widget["required"]:
            checkbox_id, attrs = _text(widget["checkbox_id"]), widget["attrs"]
            html.append(
                f'\n<input type="checkbox" name="{_text(widget["checkbox_name"])}" id="{checkbox_id}"'
            )
            html.append(" disabled" if attrs.get("disabled") else "")
            html.append(" checked" if attrs.get("checked") else "")
            label = _text(widget["clear_checkbox_label"])
            html.append(f'>\n<label for="{checkbox_id}">{label}</label>')
        html.append(f"<br>\n{_text(widget['input_text'])}:")
    html.append(f'\n<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{_attrs(widget)}>\n')
    return "".join(html)


def _range(widget) -> str:
    """django_filters/widgets/multiwidget.html: a range's two inputs, "from-to" (the filters' date ranges)."""
    first, *others = widget["subwidgets"]
    return "".join([_option(first), "-", *(_option(other) for other in others)]) + "\n"


def _included(write: Callable[[dict], str]) -> Callable[[dict], str]:
    """A template that only includes another one: its output and the template file's own newline."""
    return lambda widget: write(widget) + "\n"


# The widget templates that only include input.html.
INPUT_KINDS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password")
INPUT_KINDS += ("search", "tel", "text", "time", "url")

WRITERS: dict[str, Callable[[dict], str]] = {
    WIDGETS + "input.html": _input,
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
    WIDGETS + "select_option.html": _select_option,
    WIDGETS + "input_option.html": _input_option,
    WIDGETS + "checkbox_option.html": _included(_input_option),
    WIDGETS + "radio_option.html": _included(_input_option),
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "clearable_file_input.html": _clearable_file_input,
    WIDGETS + "checkbox_select.html": _included(_multiple_input),
    WIDGETS + "radio.html": _included(_multiple_input),
    **{f"{WIDGETS}{kind}.html": _included(_input) for kind in INPUT_KINDS},
    # Not Django's own: django-filter's range widget (`DateFromToRangeFilter`), on the task list's filters.
    "django_filters/widgets/multiwidget.html": _range,
}


def _option(option) -> str:
    """`{% include option.template_name with widget=option %}`"""
    write = WRITERS.get(option["template_name"])
    if write is None:
        raise LookupError(option["template_name"])
    return write(option)


class TemplatelessWidgets(DjangoTemplates):
    """Django's form renderer, writing Django's own widget templates in Python (see the module)."""

    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        if write is None or not self._writes_options_of(context.get("widget")):
            return super().render(template_name, context, request=request)
        return mark_safe(write(context["widget"]).strip())

    @staticmethod
    def _writes_options_of(widget) -> bool:
        """Whether every option of a choice widget, and every part of a range, uses a template written here
        (a custom one goes through the templates, with its widget)."""
        if not widget:
            return True
        if "subwidgets" in widget:
            return all(part["template_name"] in WRITERS for part in widget["subwidgets"])
        if "optgroups" not in widget:
            return True
        return all(
            option["template_name"] in WRITERS
            for _g, options, _i in widget["optgroups"]
            for option in options
        )


def field_html(field) -> str:
    """templates/includes/field.html (a form field with its label, help and errors), written in Python: the
    same HTML, for a page that renders many fields (`tests/test_form_renderer.py` compares the two)."""
    errors = field.errors
    html = [f'<div class="field{" has-error" if errors else ""}">\n']
    required = ' <span class="required" aria-hidden="true">*</span>' if field.field.required else ""
    html.append(f'  <label for="{_text(field.id_for_label)}">{_text(field.label)}{required}</label>\n')
    html.append(f"  {field}\n  ")
    if field.help_text:
        html.append(f'<p class="help" id="{_text(field.auto_id)}_helptext">{_text(field.help_text)}</p>')
    html.append("\n  ")
    if errors:
        html.append(f'<div class="field-errors" role="alert">{errors}</div>')
    html.append("\n</div>\n")
    return mark_safe("".join(html))


# The HTML of a blank form's unchanging field, cut where the field's name goes (`blank_field_html`), by form
# class, field, language and the form's `auto_id`.
_blank_fields: dict[tuple, list[str]] = {}


def blank_field_html(form, name: str) -> str:
    """`field_html(form[name])`, written once per process for each form class, field and language when the
    field is one of the form's `unchanging_fields` (declared by the form: fields its `__init__` leaves as
    the class declares them) and the form is blank (unbound, no initial value for the field, a prefix):
    then nothing in its HTML depends on the form but its prefixed name (in the name, id and help's id),
    which is put in. Any other field is written afresh."""
    if (
        form.is_bound
        or not form.prefix
        or name not in getattr(form, "unchanging_fields", ())
        or name in form.initial
    ):
        return field_html(form[name])
    html_name = form.add_prefix(name)
    key = (type(form), name, get_language(), form.auto_id)
    pieces = _blank_fields.get(key)
    if pieces is None:
        pieces = _blank_fields[key] = field_html(form[name]).split(html_name)
    return mark_safe(html_name.join(pieces))


# Stand-ins for a blank form's prefix and version while its HTML is written once (`BlankForm`): text found
# nowhere else in a form's HTML, where the part's own are put in.
_PREFIX = "prefix7f3a9c"
_VERSION = 987654321
# The HTML of each field of a blank form, cut where the prefix and then the version go, by form shape, field
# and language.
_blank_forms: dict[tuple, list[list[str]]] = {}


class BlankForm:
    """A blank form of a page that shows one per record (the task page: one set per lead part), written
    without being built. `build(prefix, version)` builds it; `shape` is everything else its HTML depends on
    (its class first, then what its `__init__` takes from the record and the person: `build` must give the
    same form for the same shape). `html(name)` writes a field (the version as its hidden input, any
    other field as `field_html`, "" for a field the form leaves out) from HTML written once per process,
    shape and language, the prefix and version put in. Anything else asked of it (a template's
    `form.errors`, `form.status`) is asked of the form, built then."""

    def __init__(self, build: Callable[[str, int], Any], shape: tuple, prefix: str, version: int):
        self.build, self.shape, self.prefix, self.version = build, shape, prefix, version

    @cached_property
    def form(self):
        return self.build(self.prefix, self.version)

    def __getattr__(self, name):
        if name.startswith("__") or name in ("build", "shape", "prefix", "version"):
            raise AttributeError(name)
        return getattr(self.form, name)

    def __getitem__(self, name):
        return self.form[name]

    def html(self, name: str, language: str | None = None) -> SafeString:
        """The field `name` in `language` (the active language, which a page writing many forms looks up
        once and gives)."""
        key = (self.shape, name, language or get_language())
        pieces = _blank_forms.get(key)
        if pieces is None:
            form = self.build(_PREFIX, _VERSION)
            if name not in form.fields:
                text = ""
            elif name == "version":
                text = str(form[name])
            else:
                text = field_html(form[name])
            pieces = _blank_forms[key] = [piece.split(str(_VERSION)) for piece in text.split(_PREFIX)]
        version = str(self.version)
        return SafeString(self.prefix.join([version.join(piece) for piece in pieces]))
