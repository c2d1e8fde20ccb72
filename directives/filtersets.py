import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from directives.choices import Recurrence, TaskStatus, Timeliness
from directives.models import Assignment, Directive, Notice
from tasktracker.filters import DayFirstDateRangeWidget, RecordIdFilter, WordsFilter


def visible_notices(request):
    """The notices a person may filter by: those they can see."""
    if request is None:
        return Notice.objects.none()
    return Notice.objects.visible_to(request.user).order_by("-issued_on", "-created_at")


class AssignmentFilterSet(django_filters.FilterSet):
    """Filters over lead agencies' parts of tasks: the directive list, its export and the API share it.

    The queryset must carry `timeliness` and `effective_deadline` (AssignmentQuerySet.with_timeliness).
    """

    q = WordsFilter(
        label=_("Search"), method="filter_words", help_text=_("Words of the task, with or without accents.")
    )
    notice = RecordIdFilter(label=_("Notice"), field_name="directive__notice", queryset=visible_notices)
    agency = RecordIdFilter(
        label=_("Lead agency"), field_name="agency", queryset=Agency.objects.order_by("name")
    )
    supporting_agency = RecordIdFilter(
        label=_("Supporting agency"),
        field_name="directive__supporting_agencies",
        queryset=Agency.objects.order_by("name"),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=TaskStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    timeliness = django_filters.MultipleChoiceFilter(
        label=_("Timeliness"), choices=Timeliness.choices, widget=forms.CheckboxSelectMultiple
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
    )
    ordering = django_filters.OrderingFilter(
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
        model = Assignment
        fields = [
            "q",
            "notice",
            "agency",
            "supporting_agency",
            "status",
            "timeliness",
            "deadline",
            "notice_date",
            "recurrence",
        ]

    def filter_words(self, queryset, name, value):
        return queryset.search(value)

    def filter_notice_date(self, queryset, name, value):
        return queryset.from_notices_dated(value.start, value.stop)


class DirectiveFilterSet(django_filters.FilterSet):
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
