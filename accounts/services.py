"""API tokens: issued to a person (shown once), revoked by that person or a superuser."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied

from accounts.models import ApiToken
from accounts.permissions import manages_tokens_of

# How long a new token may live, in days; a token that never expires is not offered.
TOKEN_LIFETIMES = (30, 90, 180, 365)


def issue_token(*, owner, name: str, days: int, by) -> tuple[ApiToken, str]:
    """A new token for `owner`: the record (which keeps only a hash) and the token itself, to show once."""
    if not manages_tokens_of(by, owner):
        raise PermissionDenied
    if days not in TOKEN_LIFETIMES:
        raise ValueError(f"a token lives one of {TOKEN_LIFETIMES} days, not {days}")
    return ApiToken.objects.create(user=owner, expiry=timedelta(days=days), name=name.strip())


def revoke_token(*, token: ApiToken, by) -> None:
    """Delete the token: the next request that presents it is refused."""
    if not manages_tokens_of(by, token.user):
        raise PermissionDenied
    token.delete()
