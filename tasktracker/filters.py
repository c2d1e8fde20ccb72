"""Filters the FilterSets of several apps share (pages and API alike)."""

from functools import cached_property, lru_cache
from html import escape as escape_text
from typing import NamedTuple

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tasktracker.form_renderer import field_html


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


class RecordOptions:
    """The options of a select among hundreds of records (agencies), each record written once: read with one
    query when first needed, and shared by every select of a form that lists the same records (the task list's
    lead and supporting agency)."""

    def __init__(self, queryset, label_field: str, kept_rows=None):
        self.queryset = queryset
        self.label_field = label_field
        # Where the rows are kept between requests, if anywhere (`FilterSet.kept_record_rows`).
        self.kept_rows = kept_rows

    @cached_property
    def _written(self) -> "WrittenOptions":
        def read() -> tuple:
            return tuple(self.queryset.values_list("pk", self.label_field))

        return written_options(read() if self.kept_rows is None else self.kept_rows(read))

    def html(self, chosen: set[str]) -> str:
        """Every record's option, those whose id is in `chosen` selected."""
        written = self._written
        picked = [written.position[value] for value in chosen if value in written.position]
        if not picked:
            return written.joined
        options = list(written.options)
        for index in picked:
            options[index] = options[index].replace('">', '" selected>', 1)
        return "".join(options)


class WrittenOptions(NamedTuple):
    options: tuple[str, ...]
    joined: str
    # Each option's index, by the record's id as the query string gives it.
    position: dict[str, int]


@lru_cache(maxsize=8)
def written_options(rows: tuple[tuple[int, str], ...]) -> WrittenOptions:
    """The options of `rows` (id, label), none selected. Kept by the rows themselves: a record renamed, merged
    or added reads as other rows, written anew, so what is kept can never be out of date."""
    options = tuple(f'<option value="{pk}">{escape_text(label)}</option>' for pk, label in rows)
    return WrittenOptions(options, "".join(options), {str(pk): index for index, (pk, _) in enumerate(rows)})


class LongSelect(forms.Select):
    """A select among hundreds of records (agencies), written directly rather than through a template
    per option, which costs more than the rest of the page. Labels are the records' `label_field` (text,
    escaped as `django.utils.html.escape` escapes it, without its lazy and safe-string wrapping per label).
    A select of the same records in the same form may lend it its options (`share_options`)."""

    def __init__(self, attrs=None, label_field="name"):
        super().__init__(attrs)
        self.label_field = label_field
        self.shared: tuple[QuerySet, RecordOptions] | None = None

    def share_options(self, options: RecordOptions) -> None:
        """List `options` (the same records as this select's own queryset), for as long as the field keeps
        the queryset it has now."""
        self.shared = (self.choices.queryset, options)

    def own_options(self) -> RecordOptions:
        queryset = self.choices.queryset
        if self.shared is not None and self.shared[0] is queryset:
            return self.shared[1]
        return RecordOptions(queryset, self.label_field)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)} - {""}
        nothing = "" if chosen else " selected"
        empty = f'<option value=""{nothing}>{escape(self.choices.field.empty_label or "")}</option>'
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(empty + self.own_options().html(chosen)),  # every label is escaped (written_options)
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


# The HTML of filter sets' fields left empty, by filter set class, form prefix, field name, language and
# boundness (`FilterSet.fields_html`).
_EMPTY_FIELDS: dict[tuple, str] = {}


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, its form built with less copying and its long selects reading their records
    once.

    django-filter copies the declared filters for each filter set (each request), and each copy makes its
    field; the form class it builds from those fields then copies them all again, as a form copies its
    class's fields for each form. Here the form takes the fields as they are: they were made for this filter
    set and no other form has them. And long selects whose filters take their records from the same function
    (called with the same request: `agencies_by_name` for both agencies of the task list) share one read.
    """

    @property
    def form(self):
        if not hasattr(self, "_form"):
            if self._meta.form is not forms.Form:  # a form with fields of its own: as django-filter does
                return super().form
            form = forms.Form(self.data if self.is_bound else None, prefix=self.form_prefix)
            form.fields = {name: query_filter.field for name, query_filter in self.filters.items()}
            self._share_record_options(form)
            self._form = form
        return self._form

    def values_key(self) -> tuple:
        """What `qs` filters by, as a key: the filter set's class and, when it is bound, the values its form
        cleaned (those `filter_queryset` applies, in its order). Filter sets of one class with the same key
        give the same `qs` of the same queryset, unless a filter reads something else (the clock, the
        request), which the caller must then key too."""
        if not self.is_bound:
            return (type(self), False)
        self.form.is_valid()  # cleans the form, as `qs` does
        return (type(self), True, repr(list(self.form.cleaned_data.items())))

    def fields_html(self, leave_out=()) -> SafeString:
        """The form's fields but those named in `leave_out`, each written as `field_html` writes it
        (templates/includes/field.html).

        A field the query string leaves out (no parameter of its name) and without an error is written the
        same for every request of a language: its label, help and choices come from the filter set's class.
        It is written once per class, form prefix, language and boundness, and kept (`_EMPTY_FIELDS`: a few
        dozen entries). Not a long select: its records (the agencies) can change.
        """
        form = self.form
        given = list(form.data) if form.is_bound else []
        language = translation.get_language()
        html = []
        for name in form.fields:
            if name in leave_out:
                continue
            field = form[name]
            prefixed = form.add_prefix(name)
            if (
                isinstance(field.field.widget, LongSelect)
                or any(key == prefixed or key.startswith(prefixed + "_") for key in given)
                or field.errors
            ):
                html.append(field_html(field))
                continue
            key = (type(self), self.form_prefix, name, language, form.is_bound)
            written = _EMPTY_FIELDS.get(key)
            if written is None:
                written = _EMPTY_FIELDS[key] = field_html(field)
            html.append(written)
        return mark_safe("".join(html))

    def kept_record_rows(self, records, queryset, label_field: str):
        """Where the (id, label) rows of a long select whose filter takes its records from `records` (a
        function of the request, giving `queryset`) are kept between requests: a function that, given the
        function reading them from the database, returns them. None (here): read on every request."""
        return None

    def _share_record_options(self, form) -> None:
        shared: dict[tuple, RecordOptions] = {}
        for name, query_filter in self.filters.items():
            field = form.fields[name]
            records = getattr(query_filter, "queryset", None)
            if isinstance(field.widget, LongSelect) and callable(records):
                label_field = field.widget.label_field
                key = (records, label_field)
                if key not in shared:
                    kept_rows = self.kept_record_rows(records, field.queryset, label_field)
                    shared[key] = RecordOptions(field.queryset, label_field, kept_rows)
                field.widget.share_options(shared[key])
