"""Links to many objects of one kind, for lists: the address is looked up once per list, not once per row."""

from collections.abc import Callable

from django.urls import reverse

# A number no object has, to find where the object's number goes in the address.
_PLACEHOLDER = 987654321


def link_by_pk(viewname: str, *leading_args) -> Callable[[int], str]:
    """A function giving `reverse(viewname, args=[*leading_args, pk])` for any object's number `pk`, for a
    view whose last argument is an `<int:...>` number (`leading_args` the same for the whole list, e.g. the
    task of its parts): `reverse` matches the view's patterns on each call, a cost a list pays on every row.
    Made per request (the address starts with the request's script prefix)."""
    address = reverse(viewname, args=[*leading_args, _PLACEHOLDER])
    before, found, after = address.partition(str(_PLACEHOLDER))
    if not found or str(_PLACEHOLDER) in after:
        return lambda pk: reverse(viewname, args=[*leading_args, pk])
    return lambda pk: f"{before}{pk}{after}"
