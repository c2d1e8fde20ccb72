import re

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from tasktracker.api.filters import check_query_parameters
from tasktracker.pagination import CappedCountPaginator, IdsFirstPaginator, ListPaginator, in_order_of

# ASCII digits only: str.isdigit() also takes "¹", which int() refuses.
WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


class StandardPagination(PageNumberPagination):
    """Pages of 50 (1 to 200 with ?page_size=); a page or size that is not a whole number is refused.

    Rows are counted only up to `LIST_COUNT_CAP` (or as far as the page asked for): past it `count` is the
    rows counted and `count_is_exact` is false (`tasktracker.pagination.CappedCountPaginator`).
    """

    django_paginator_class = CappedCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    max_page = 10**9

    def paginate_queryset(self, queryset, request, view=None):
        check_query_parameters(request.query_params, ("page", "page_size"))
        for name, limit in (("page", self.max_page), ("page_size", self.max_page_size)):
            value = request.query_params.get(name)
            if value is not None and not (WHOLE_NUMBER.fullmatch(value) and 1 <= int(value) <= limit):
                raise ValidationError(
                    {name: [_("Give a whole number from 1 to %(limit)s.") % {"limit": limit}]}
                )
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_exact": paginator.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = (
            "How many rows the list has; when `count_is_exact` is false, how many were counted: the list "
            f"has at least that many (rows are counted up to {settings.LIST_COUNT_CAP}, or as far as the "
            "page asked for)."
        )
        response["properties"] = {
            "count": properties.pop("count"),
            "count_is_exact": {
                "type": "boolean",
                "description": "Whether `count` is the number of rows in the list, or only a lower bound.",
            },
            **properties,
        }
        response["required"] = [*response["required"], "count_is_exact"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else self.max_page
            )
        return parameters


class IdsFirstPagination(StandardPagination):
    """Pages of long lists of wide rows, read by id first (see `tasktracker.pagination`); a view with
    `read_page_rows` (a function of the page's ids, in the list's order) has its pages' rows read through it,
    and one with `page_row_counter` (giving, per request, a function that counts a queryset) has them counted
    by it. A list that reads itself (`ListPaginator`'s: its count, its pages of ids, their rows) in place of
    a queryset is paged as it reads itself."""

    read_rows = None
    count_rows = None

    def paginate_queryset(self, queryset, request, view=None):
        self.read_rows = getattr(view, "read_page_rows", None)
        counter = getattr(view, "page_row_counter", None)
        self.count_rows = counter() if counter is not None and isinstance(queryset, QuerySet) else None
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        if not isinstance(queryset, QuerySet):
            return ListPaginator(queryset, page_size)
        if self.read_rows is not None:
            return PagesReadByIds(queryset, page_size, read_rows=self.read_rows, count_rows=self.count_rows)
        return IdsFirstPaginator(queryset, page_size, count_rows=self.count_rows)


class PagesReadByIds(IdsFirstPaginator):
    """An `IdsFirstPaginator` whose pages' rows are read by their ids alone (`read_rows`, a function of the
    ids giving dicts with an "id"), not through the list's queryset filtered to those ids: a statement
    compiled once can read them, where the list's filters and search would be compiled again for every page.
    The ids are those of the list as the person may see it, filtered and ordered, read from the queryset."""

    def page(self, number):
        number, bottom, top = self.page_bounds(number)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = in_order_of(ids, self.read_rows(ids)) if ids else []
        return self._get_page(rows, number, self)
