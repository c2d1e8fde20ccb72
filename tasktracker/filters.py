"""Filters the FilterSets of several apps share (pages and API alike)."""

import django_filters
from django import forms
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
