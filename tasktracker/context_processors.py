"""Context for every template rendered with a request."""

import os
from operator import add

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.safestring import SafeString

from tasktracker.escaping import escape

# A CSRF token is worked on as bytes, each character as its place in CSRF_ALLOWED_CHARS (0-61), so that
# every step is one of Python's own loops over bytes rather than a Python loop over characters.
_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)
_PLACE_OF_CHAR = bytes(_CHARS.index(chr(byte)) if chr(byte) in _CHARS else 0 for byte in range(256))
_NOT_CHARS = bytes(byte for byte in range(256) if chr(byte) not in _CHARS)
# The character of a place, or of the sum of two places (the cipher's addition modulo the characters).
_CHAR_OF_PLACE = bytes(ord(_CHARS[value % _COUNT]) for value in range(256))
# A random byte stands for the place of its remainder by 62 (four bytes each) when it is below 248; the
# bytes above would make the first eight places likelier, so they are left out and more are drawn.
_PLACE_OF_RANDOM_BYTE = bytes(byte % _COUNT for byte in range(256))
_UNEVEN_BYTES = bytes(range(_COUNT * (256 // _COUNT), 256))


def csrf(request):
    """`csrf_token` as Django's own csrf context processor gives it (that one runs first, and this one's
    replaces it), masked with one read of the system's random source instead of 32."""
    return {"csrf_token": MaskedCsrfToken(request)}


class MaskedCsrfToken:
    """The page's CSRF token, masked when first written, as Django's lazy `csrf_token` is (a page that shows
    none masks none and does not renew the cookie); then the same text every time.

    Django's is a SimpleLazyObject: each `isinstance`, attribute and escape on it goes through the proxy's
    Python methods, and `{{ csrf_token }}` alone cost about 60,000 instructions. This one is written by
    `str()` and, in templates, by `__html__` (its characters are letters and digits); it compares, hashes
    and is true as its text is, and gives the text's other attributes.
    """

    __slots__ = ("_request", "_token")

    def __init__(self, request):
        self._request = request
        self._token: str | None = None

    def __str__(self) -> str:
        if self._token is None:
            self._token = masked_csrf_token(self._request)
        return self._token

    def __html__(self) -> SafeString:
        return SafeString(escape(str(self)))

    def __eq__(self, other) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))

    def __bool__(self) -> bool:
        return bool(str(self))

    def __len__(self) -> int:
        return len(str(self))

    def __getattr__(self, name):
        return getattr(str(self), name)


def masked_csrf_token(request) -> str:
    """What django.middleware.csrf.get_token(request) returns: the request's CSRF secret under a new mask.

    Django draws the mask's 32 characters one at a time, each through `secrets.choice` and its own read of
    os.urandom (about 300,000 instructions, an eighth of what the layout of a signed-in page costs); here
    they come from one read, each character as likely as with Django's. A request without a secret yet (a
    first visit) is left to Django, which makes one.
    """
    meta = request.META
    if "CSRF_COOKIE" not in meta:
        return get_token(request)
    # As get_token does: the cookie is sent again, so its expiry is renewed.
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask_secret(meta["CSRF_COOKIE"])


def mask_secret(secret: str) -> str:
    """Django's `_mask_cipher_secret`: a random mask of CSRF_SECRET_LENGTH characters, then each character
    of the secret moved on by its mask character's place (modulo the characters)."""
    encoded = secret.encode("ascii")
    if len(encoded) != CSRF_SECRET_LENGTH or encoded.translate(None, _NOT_CHARS) != encoded:
        raise ValueError("Not a CSRF secret.")
    secret_places = encoded.translate(_PLACE_OF_CHAR)
    mask_places = b""
    while len(mask_places) < CSRF_SECRET_LENGTH:
        mask_places += os.urandom(CSRF_SECRET_LENGTH).translate(_PLACE_OF_RANDOM_BYTE, _UNEVEN_BYTES)
    mask_places = mask_places[:CSRF_SECRET_LENGTH]
    cipher_sums = bytes(map(add, secret_places, mask_places))
    return (mask_places + cipher_sums).translate(_CHAR_OF_PLACE).decode("ascii")
