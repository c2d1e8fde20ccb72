import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from directives.choices import Recurrence, TaskStatus, Timeliness
from directives.models import Assignment, Notice
from tasktracker.vietnamese import fold


def visible_notices(request):
    """The notices a person may filter by: those they can see."""
    if request is None:
        return Notice.objects.none()
    return Notice.objects.visible_to(request.user).order_by("-issued_on", "-created_at")


class DayFirstDateRangeWidget(django_filters.widgets.DateRangeWidget):
    """Two dates typed dd/mm/yyyy: from and to."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})})


class AssignmentFilterSet(django_filters.FilterSet):
    """Filters over lead agencies' parts of tasks: the directive list, its export and the API share it.

    The queryset must carry `timeliness` and `effective_deadline` (AssignmentQuerySet.with_timeliness).
    """

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_words", help_text=_("Words of the task, with or without accents.")
    )
    notice = django_filters.ModelChoiceFilter(
        label=_("Notice"), field_name="directive__notice", queryset=visible_notices
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Lead agency"), field_name="agency", queryset=Agency.objects.order_by("name")
    )
    supporting_agency = django_filters.ModelChoiceFilter(
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
        folded = fold(value)
        return queryset.filter(directive__search_text__contains=folded) if folded else queryset

    def filter_notice_date(self, queryset, name, value):
        return queryset.from_notices_dated(value.start, value.stop)
