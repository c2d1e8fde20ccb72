import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyKind
from agencies.models import Agency
from tasktracker.filters import FilterSet, StrictBooleanFilter, WordsFilter


class AgencyFilterSet(FilterSet):
    """Filters over the agency registry."""

    q = WordsFilter(label=_("Name"), method="filter_name")
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=AgencyKind.choices)
    is_active = StrictBooleanFilter(label=_("Active"))

    class Meta:
        model = Agency
        fields = ["q", "kind", "is_active"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(aliases__icontains=value)
        )
