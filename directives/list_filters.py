"""The task list's filters as its page shows them, kept for a query string met again (another page of the
same list, a saved filter, the list with no filter at all) instead of the filter set built, cleaned and
written for every request.

What the panel shows (each field with the values typed and any error, the agencies of the two selects) and
what the list is filtered by (`FilterSet.values_key`) follow from the query string, the language (labels,
messages, the date formats read) and the agencies, which are kept under the changes version
(`PartFilterSet.kept_record_rows`): kept under those. Not kept: a list of a chosen notice (its select shows
the notice's title only to those who may see it), and while a read replica may lag behind a change (as the
agencies are not).
"""

from functools import cached_property
from typing import NamedTuple

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from directives.filtersets import PartFilterSet
from directives.models import Part
from tasktracker.kept import LatestKept

# The query string's parameters the panel does not depend on; and one that makes it read the database.
PAGE = "page"
CHOSEN_NOTICE = "notice"


class _Written(NamedTuple):
    non_field_errors: SafeString
    filters_html: SafeString
    values_key: tuple


_written = LatestKept(64)


class TaskListFilters:
    """The task list's `PartFilterSet` for a request: what its page reads of it (`is_bound`,
    `non_field_errors`, `filters_html`) and `values_key`, kept as the module says; anything else asked of it
    is asked of the filter set, built then (`filterset`)."""

    def __init__(self, request, kept_counts):
        self.request = request
        self.is_bound = bool(request.GET)
        query = request.GET
        key = (
            get_language(),
            kept_counts.version,
            self.is_bound,
            tuple(sorted((name, tuple(query.getlist(name))) for name in query if name != PAGE)),
        )
        keep = CHOSEN_NOTICE not in query and not kept_counts.replica_may_lag
        self._written_now = _written.get(key, self._write, keep=keep)

    @cached_property
    def filterset(self) -> PartFilterSet:
        request = self.request
        return PartFilterSet(
            request.GET or None, queryset=Part.objects.visible_to(request.user), request=request
        )

    def _write(self) -> _Written:
        filterset = self.filterset
        errors = filterset.form.non_field_errors() if filterset.is_bound else None
        return _Written(
            mark_safe(str(errors)) if errors else SafeString(""),
            filterset.filters_html(),
            filterset.values_key(),
        )

    @property
    def non_field_errors(self) -> SafeString:
        return self._written_now.non_field_errors

    def filters_html(self) -> SafeString:
        return self._written_now.filters_html

    def values_key(self) -> tuple:
        return self._written_now.values_key

    def __getattr__(self, name):
        if name.startswith("__") or name in ("request", "_written_now", "filterset"):
            raise AttributeError(name)
        return getattr(self.filterset, name)
