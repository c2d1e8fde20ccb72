import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from tasktracker.api.filters import check_query_parameters
from tasktracker.pagination import IdsFirstPaginator

# ASCII digits only: str.isdigit() also takes "¹", which int() refuses.
WHOLE_NUMBER = re.compile(r"[0-9]{1,12}")


class StandardPagination(PageNumberPagination):
    """Pages of 50 (1 to 200 with ?page_size=); a page or size that is not a whole number is refused."""

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

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = (
                self.max_page_size if parameter["name"] == self.page_size_query_param else self.max_page
            )
        return parameters


class IdsFirstPagination(StandardPagination):
    """Pages of long lists of wide rows, read by id first (see `tasktracker.pagination`)."""

    django_paginator_class = IdsFirstPaginator
