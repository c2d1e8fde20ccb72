"""The CSRF token every page carries: masked as Django masks it, accepted as Django's is."""

import re
from collections import Counter

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _check_token_format,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client
from django.urls import reverse

from tasktracker.context_processors import mask_secret, masked_csrf_token

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def test_a_masked_secret_is_a_token_of_django_s_format_that_unmasks_to_the_secret():
    for _ in range(500):
        secret = _get_new_csrf_string()
        token = mask_secret(secret)
        _check_token_format(token)
        assert _unmask_cipher_token(token) == secret
        assert token[:32] != mask_secret(secret)[:32]  # a new mask each time


def test_the_masks_characters_are_all_as_likely():
    counts = Counter("".join(mask_secret(_get_new_csrf_string())[:32] for _ in range(3000)))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 3000 * 32 / len(CSRF_ALLOWED_CHARS)  # 1,548; one standard deviation is about 39
    assert all(abs(count - expected) < expected / 4 for count in counts.values())


def test_what_is_not_a_secret_is_refused():
    for wrong in ("", "a" * 31, "a" * 33, "a" * 31 + "-", "a" * 31 + "é"):
        with pytest.raises(ValueError):
            mask_secret(wrong)


def test_the_token_renews_the_cookie_and_a_first_visit_gets_django_s_new_secret(rf):
    request = rf.get("/")
    request.META["CSRF_COOKIE"] = secret = _get_new_csrf_string()
    assert _unmask_cipher_token(masked_csrf_token(request)) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    first_visit = rf.get("/")
    token = masked_csrf_token(first_visit)
    assert _unmask_cipher_token(token) == first_visit.META["CSRF_COOKIE"]
    assert first_visit.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_the_page_s_tokens_are_accepted_by_django_s_csrf_check(agency_head):
    client = Client(enforce_csrf_checks=True)
    login_page = client.get(reverse("login")).content.decode()  # a first visit: Django's new secret
    (login_token,) = set(FORM_TOKEN.findall(login_page))
    signed_in = client.post(
        reverse("login"),
        {"username": agency_head.username, "password": "secret-pass-123", "csrfmiddlewaretoken": login_token},
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")
    page = client.get(reverse("notifications:list")).content.decode()
    (header_token,) = HEADER_TOKEN.findall(page)
    form_tokens = FORM_TOKEN.findall(page)
    assert form_tokens and all(token == header_token for token in form_tokens)
    cookie_secret = client.cookies["csrftoken"].value
    assert _unmask_cipher_token(header_token) == cookie_secret
    # The form's field and htmx's header are each accepted; a token of another secret is not.
    assert (
        client.post(reverse("notifications:mark_all_read"), {"csrfmiddlewaretoken": header_token}).status_code
        == 302
    )
    assert (
        client.post(reverse("notifications:mark_all_read"), HTTP_X_CSRFTOKEN=header_token).status_code == 302
    )
    other = mask_secret(_get_new_csrf_string())
    assert (
        client.post(reverse("notifications:mark_all_read"), {"csrfmiddlewaretoken": other}).status_code == 403
    )


def test_the_token_is_masked_when_first_written_and_written_as_django_s_lazy_one(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import CsrfViewMiddleware
    from django.template import engines
    from django.utils.functional import SimpleLazyObject

    from tasktracker.context_processors import MaskedCsrfToken

    request = rf.get("/")
    CsrfViewMiddleware(lambda request: HttpResponse()).process_request(request)
    request.META["CSRF_COOKIE"] = _get_new_csrf_string()
    token = MaskedCsrfToken(request)
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META  # nothing masked or renewed until written
    text = str(token)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(text) == request.META["CSRF_COOKIE"]
    assert str(token) == text and token == text and text == token and token != "NOTPROVIDED"
    assert hash(token) == hash(text) and len(token) == 64 and bool(token)
    assert token.startswith(text[:5]) and token.upper() == text.upper()
    page = engines["django"].from_string("{% csrf_token %}|{{ csrf_token }}|{% if csrf_token %}y{% endif %}")
    assert page.render({"csrf_token": token}) == page.render({"csrf_token": SimpleLazyObject(lambda: text)})
