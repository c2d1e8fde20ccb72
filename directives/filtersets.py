import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from agencies.models import Agency
from directives import counts
from directives.choices import Recurrence, TaskStatus, Timeliness
from directives.models import Directive, Notice, Part
from tasktracker.filters import (
    ChosenRecordSelect,
    DayFirstDateRangeWidget,
    FilterSet,
    LongSelect,
    RecordIdFilter,
    StableOrderingFilter,
    WordsFilter,
)


def visible_notices(request):
    """The notices a person may filter by: those they can see."""
    if request is None:
        return Notice.objects.none()
    return Notice.objects.visible_to(request.user).order_by("-issued_on", "-created_at")


def agencies_by_name(request):
    """The agencies a list can be filtered by, with just what their choices show."""
    return Agency.objects.only("id", "name").order_by("name")


class PartFilterSet(FilterSet):
    """Filters over lead agencies' parts of tasks: the directive list, its export and the API share it.

    Filters on `effective_deadline` and on timeliness through the parts' own columns
    (`PartQuerySet.in_timeliness`): the queryset need not carry `timeliness`.
    """

    q = WordsFilter(
        label=_("Search"), method="filter_words", help_text=_("Words of the task, with or without accents.")
    )
    notice = RecordIdFilter(
        label=_("Notice"),
        field_name="directive__notice",
        queryset=visible_notices,
        widget=ChosenRecordSelect,
        empty_label=_("All notices"),
        help_text=_("Chosen from a notice's page; to find one here, use its number below."),
    )
    notice_number = WordsFilter(
        label=_("Notice number"),
        method="filter_notice_number",
        help_text=_("All or part of it, e.g. 75/TB-UBND."),
    )
    agency = RecordIdFilter(
        label=_("Lead agency"), field_name="agency", queryset=agencies_by_name, widget=LongSelect
    )
    supporting_agency = RecordIdFilter(
        label=_("Supporting agency"),
        method="filter_supporting_agency",
        queryset=agencies_by_name,
        widget=LongSelect,
    )
    # A part has one status, timeliness and recurrence: no DISTINCT needed (it would make counting slow).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=TaskStatus.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    timeliness = django_filters.MultipleChoiceFilter(
        label=_("Timeliness"),
        choices=Timeliness.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_timeliness",
    )
    deadline = django_filters.DateFromToRangeFilter(
        label=_("Deadline between"), field_name="effective_deadline", widget=DayFirstDateRangeWidget
    )
    notice_date = django_filters.DateFromToRangeFilter(
        label=_("Notice dated between"), method="filter_notice_date", widget=DayFirstDateRangeWidget
    )
    recurrence = django_filters.MultipleChoiceFilter(
        label=_("Recurrence"),
        field_name="directive__recurrence",
        choices=Recurrence.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("effective_deadline", "deadline"),
            ("directive__notice__issued_on", "notice"),
            ("directive__position", "number"),
            ("agency__name", "agency"),
            ("status", "status"),
        ),
        field_labels={
            "effective_deadline": _("Deadline"),
            "directive__notice__issued_on": _("Notice"),
            "directive__position": _("Number"),
            "agency__name": _("Lead agency"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Part
        fields = [
            "q",
            "notice",
            "notice_number",
            "agency",
            "supporting_agency",
            "status",
            "timeliness",
            "deadline",
            "notice_date",
            "recurrence",
        ]

    def kept_record_rows(self, records, queryset, label_field):
        """The agencies of the two agency selects, kept until any change is committed (`counts.kept_counts`:
        saving or deleting an agency raises the changes version they are filed under)."""
        if records is not agencies_by_name:
            return None
        kept = counts.kept_counts()
        return lambda read: kept.by_key(queryset.db, ("agencies by name", label_field), read)

    def filters_html(self):
        """The filter form's fields (`fields_html`), but the sort, which the table's headings choose."""
        return self.fields_html(leave_out={"ordering"})

    def filter_words(self, queryset, name, value):
        return queryset.search(value)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_supporting_agency(self, queryset, name, value):
        return queryset.of_tasks_supported_by(value)

    def filter_notice_number(self, queryset, name, value):
        return queryset.filter(directive__notice__number__icontains=value.strip())

    def filter_timeliness(self, queryset, name, value):
        return queryset.in_timeliness(value, timezone.localdate())

    def filter_notice_date(self, queryset, name, value):
        return queryset.from_notices_dated(value.start, value.stop)


class DirectiveFilterSet(FilterSet):
    """Filters over the items of notices (the API's directives; the pages list lead agencies' parts)."""

    q = WordsFilter(label=_("Search"), method="filter_words")
    notice = RecordIdFilter(label=_("Notice"), queryset=visible_notices)
    recurrence = django_filters.MultipleChoiceFilter(label=_("Recurrence"), choices=Recurrence.choices)
    deadline = django_filters.DateFromToRangeFilter(label=_("Deadline between"))

    class Meta:
        model = Directive
        fields = ["q", "notice", "recurrence", "deadline"]

    def filter_words(self, queryset, name, value):
        return queryset.search(value)
