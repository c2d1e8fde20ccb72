from functools import cache

from django.utils.translation import gettext as _
from django_filters import filters as django_filters_filters
from django_filters.filters import CharFilter, OrderingFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter for the API, refusing what the browser's forms send but a client should not:
    an empty value (`?agency=`) and a repeated parameter that takes one value (`?agency=1&agency=2`)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            filters = filterset_class.base_filters
            multiple = {
                name
                for name, query_filter in filters.items()
                if isinstance(query_filter, django_filters_filters.MultipleChoiceFilter)
            }
            names = filter_parameter_names(filters)
            # Empty words search for everything and an empty ordering is the default; empty ids, dates
            # and choices mean nothing.
            may_be_empty = {
                name
                for name, query_filter in filters.items()
                if isinstance(query_filter, (CharFilter, OrderingFilter))
            }
            check_query_parameters(request.query_params, names, multiple, may_be_empty)
            if names.isdisjoint(request.query_params):
                # No filter is asked for: each would leave the queryset as it is, so the filter set, its
                # form and the copies of its filters are not built (a tenth of an unfiltered list's time).
                return queryset
        return super().filter_queryset(request, queryset, view)


def filter_parameter_names(filters) -> set[str]:
    """The query parameters a filter set's `filters` read (a range's as `_after` and `_before`)."""
    return set(filters) | {f"{name}_{end}" for name in filters for end in ("after", "before")}


def asks_for_no_filter(request, filterset_class) -> bool:
    """Whether the request gives none of the filter set's parameters (its ordering included)."""
    return _parameter_names_of(filterset_class).isdisjoint(request.query_params)


@cache
def _parameter_names_of(filterset_class) -> frozenset[str]:
    # A filter set's filters are declared with its class: their parameters are the same for every request.
    return frozenset(filter_parameter_names(filterset_class.base_filters))


def check_query_parameters(query_params, names, multiple=frozenset(), may_be_empty=frozenset()) -> None:
    """Refuse empty values and repeats of single-valued parameters among `names`, naming each one."""
    problems = {}
    for name in names:
        values = query_params.getlist(name)
        if name not in may_be_empty and any(value == "" for value in values):
            problems[name] = [_("This parameter, when given, must not be empty.")]
        elif len(values) > 1 and name not in multiple:
            problems[name] = [_("Give this parameter once.")]
    if problems:
        raise ValidationError(problems)
