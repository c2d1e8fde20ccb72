"""Links to many objects of one kind, for lists: the address is looked up once, not once per row."""

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

# Numbers no object has, one per argument, to find where each argument goes in the address (of one length,
# so none is part of another).
_PLACEHOLDERS = (987654321, 876543219, 765432198)
# Small numbers that stand for the arguments once more, to check that each is written as it is (no padding).
_CHECKS = (3, 5, 7)


class Place(NamedTuple):
    """Where `reverse` writes addresses now: the URL configuration and the script prefix of the request."""

    urlconf: str
    script_prefix: str


def current_place() -> Place:
    """The request's URL configuration and script prefix, as `reverse` reads them: each is a look-up in the
    thread's and task's own locals, which costs more than the rest of `link_by_pk`. A page that writes
    several kinds of links reads them once and gives them to each."""
    return Place(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def link_by_pk(viewname: str, *leading_args, place: Place | None = None) -> Callable[[int], str]:
    """A function giving `reverse(viewname, args=[*leading_args, pk])` for any object's number `pk`, for a
    view whose arguments are `<int:...>` numbers (`leading_args` the same for the whole list, e.g. the task
    of its parts): `reverse` matches the view's patterns on each call, a cost a list pays on every row. The
    address with its numbers left out is kept per view, number of arguments, URL configuration and script
    prefix (reversed once per process); arguments other than numbers are reversed once per call of this.
    `place`, `current_place()` read by the caller during the same request, saves reading it again."""
    pieces = None
    if len(leading_args) < len(_PLACEHOLDERS) and all(type(arg) is int for arg in leading_args):
        urlconf, script_prefix = place or current_place()
        pieces = _address_pieces(
            viewname, len(leading_args) + 1, urlconf=urlconf, script_prefix=script_prefix
        )
    if pieces is None:
        address = reverse(viewname, args=[*leading_args, _PLACEHOLDERS[0]])
        before, found, after = address.partition(str(_PLACEHOLDERS[0]))
        if not found or str(_PLACEHOLDERS[0]) in after:
            return lambda pk: reverse(viewname, args=[*leading_args, pk])
    else:
        before = "".join(f"{piece}{arg}" for piece, arg in zip(pieces, leading_args, strict=False))
        before += pieces[len(leading_args)]
        after = pieces[-1]
    return lambda pk: f"{before}{pk}{after}"


@lru_cache(maxsize=256)
def _address_pieces(viewname: str, arguments: int, *, urlconf: str, script_prefix: str) -> tuple | None:
    """The address of `viewname` cut where its `arguments` numbers go, or None when they do not go in as
    they are written (each once, in order, unchanged). The script prefix only shapes the key: reverse()
    reads the thread's own, which is this one."""
    placeholders = [str(number) for number in _PLACEHOLDERS[:arguments]]
    rest = reverse(viewname, args=placeholders, urlconf=urlconf)
    if any(rest.count(placeholder) != 1 for placeholder in placeholders):
        return None
    pieces = []
    for placeholder in placeholders:
        piece, _found, rest = rest.partition(placeholder)
        pieces.append(piece)
    pieces.append(rest)
    checks = _CHECKS[:arguments]
    written = "".join(f"{piece}{check}" for piece, check in zip(pieces, checks, strict=False)) + pieces[-1]
    if written != reverse(viewname, args=list(checks), urlconf=urlconf):
        return None
    return tuple(pieces)


def _forget_addresses(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"):
        _address_pieces.cache_clear()


setting_changed.connect(_forget_addresses, dispatch_uid="tasktracker.links.forget_addresses")
