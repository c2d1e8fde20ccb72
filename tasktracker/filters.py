"""Filters the FilterSets of several apps share (pages and API alike)."""

from html import escape as escape_text

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class RecordIdField(forms.ModelChoiceField):
    """A choice among records that filters by id: an id with no record simply matches nothing."""

    # Ids beyond what the database stores match nothing, like any other id without a record.
    largest_id = 2**63 - 1

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            record_id = int(value)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None
        return record_id if 0 < record_id <= self.largest_id else 0

    def validate(self, value):
        forms.Field.validate(self, value)


class RecordIdFilter(django_filters.ModelChoiceFilter):
    """Filter by a related record's id, offering the records as choices in forms."""

    field_class = RecordIdField


class LongSelect(forms.Select):
    """A select among hundreds of records (agencies), written directly rather than through a template
    per option, which costs more than the rest of the page. Labels are the records' `label_field` (text,
    escaped as `django.utils.html.escape` escapes it, without its lazy and safe-string wrapping per label)."""

    def __init__(self, attrs=None, label_field="name"):
        super().__init__(attrs)
        self.label_field = label_field

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)} - {""}
        field = self.choices.field
        nothing = "" if chosen else " selected"
        options = [f'<option value=""{nothing}>{escape(field.empty_label or "")}</option>']
        for pk, label in self.choices.queryset.values_list("pk", self.label_field):
            selected = " selected" if str(pk) in chosen else ""
            options.append(f'<option value="{pk}"{selected}>{escape_text(label)}</option>')
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # every label is escaped above
        )


class ChosenRecordSelect(forms.Select):
    """A select that offers only the record already chosen, and none: for a choice among thousands that
    is made elsewhere (a link from the record's page), where listing every record would cost more than the
    page itself. The query string can still name any record by id.
    """

    def optgroups(self, name, value, attrs=None):
        every_record = self.choices
        field = every_record.field
        chosen_ids = []
        for chosen in value:
            try:
                record_id = field.to_python(chosen)
            except forms.ValidationError:
                continue  # the form says what is wrong with it
            if record_id is not None:
                chosen_ids.append(record_id)
        # Nothing chosen (the usual case): no queryset of the records the person may see is built.
        records = every_record.queryset.filter(pk__in=chosen_ids) if chosen_ids else []
        self.choices = [("", field.empty_label or "")] + [
            (record.pk, field.label_from_instance(record)) for record in records
        ]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = every_record


class WordsField(forms.CharField):
    """Search words; characters that cannot be in a task's text (NUL) are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class WordsFilter(django_filters.CharFilter):
    field_class = WordsField


class DayFirstDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two dates typed dd/mm/yyyy: from and to."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})})


class StrictBooleanField(forms.Field):
    """true or false (also 1 or 0); anything else is an error rather than "no filter"."""

    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.values[str(value).lower()]
        except KeyError:
            raise forms.ValidationError(_("Write true or false."), code="invalid") from None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """An OrderingFilter that breaks ties by primary key: rows that sort alike (the parts of one agency,
    of one status) come in the same order on every query, so paging through them neither repeats nor
    skips a row, whatever plan the database chooses."""

    def filter(self, qs, value):
        ordered = super().filter(qs, value)
        if ordered is qs or not ordered.query.order_by:
            return ordered
        return ordered.order_by(*ordered.query.order_by, "pk")
