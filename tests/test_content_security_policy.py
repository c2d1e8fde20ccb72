"""The Content-Security-Policy header: built once for the site, exactly as django-csp builds it."""

import pytest
from csp.decorators import csp_exempt, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from tasktracker.middleware import ContentSecurityPolicyMiddleware

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def headers_from(middleware_class, view, path="/directives/"):
    """The policy headers the middleware gives the view's response, and the request it answered."""
    request = RequestFactory().get(path)
    response = middleware_class(view)(request)
    return {header: response.get(header) for header in HEADERS}, request


def page(request):
    return HttpResponse("ok")


def page_using_a_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


@csp_update({"style-src": ["'unsafe-inline'"]})
def documentation(request):
    return HttpResponse("ok")


@csp_exempt()
def exempt(request):
    return HttpResponse("ok")


@pytest.mark.parametrize("view", [page, page_using_a_nonce, documentation, exempt])
def test_each_response_gets_the_header_django_csp_gives_it(view):
    ours, _request = headers_from(ContentSecurityPolicyMiddleware, view)
    theirs, _request = headers_from(CSPMiddleware, view)
    assert ours == theirs
    assert (ours[HEADERS[0]] is None) == (view is exempt)


def test_the_header_follows_a_changed_setting(settings):
    before, _request = headers_from(ContentSecurityPolicyMiddleware, page)
    assert "img-src 'self' data:" in before[HEADERS[0]]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    after, _request = headers_from(ContentSecurityPolicyMiddleware, page)
    assert after[HEADERS[0]] == "default-src 'none'"
    assert "img-src 'self'" in after[HEADERS[1]]
    assert after == headers_from(CSPMiddleware, page)[0]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"]},
        "EXCLUDE_URL_PREFIXES": ["/x"],
    }
    excluded, _request = headers_from(ContentSecurityPolicyMiddleware, page, path="/x/y")
    assert excluded[HEADERS[0]] is None


def test_a_nonce_asked_for_after_the_header_is_written_is_refused():
    _headers, request = headers_from(ContentSecurityPolicyMiddleware, page)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
