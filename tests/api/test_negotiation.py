"""The API's content negotiation answers a request with no Accept header (or `*/*`) and no `?format=`
without parsing it, with what DRF's negotiation chooses; anything else is DRF's."""

import pytest
from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from tasktracker.api.negotiation import ContentNegotiation
from tasktracker.api.renderers import JSONRenderer


class WithParameters(renderers.JSONRenderer):
    media_type = "application/json; version=2"


RENDERER_LISTS = [
    [JSONRenderer(), renderers.BrowsableAPIRenderer()],
    [renderers.BrowsableAPIRenderer(), JSONRenderer()],
    [WithParameters(), JSONRenderer()],
]
ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "text/html",
    "application/*",
    "*/*;q=0.5, text/html",
    "*/*; indent=4",
]
QUERIES = ["", "?format=json", "?format=api", "?format=", "?page=2"]


def chosen(negotiation, url, accept, renderer_list, format_suffix=None):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get(url, **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderer_list, format_suffix)
    except Exception as refused:  # a refusal (404, 406) is compared too
        return type(refused).__name__
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("renderer_list", RENDERER_LISTS)
def test_the_renderer_chosen_is_drf_s(renderer_list):
    for accept in ACCEPTS:
        for query in QUERIES:
            for suffix in (None, "json"):
                expected = chosen(
                    DefaultContentNegotiation(), f"/api/v1/parts/{query}", accept, renderer_list, suffix
                )
                assert (
                    chosen(ContentNegotiation(), f"/api/v1/parts/{query}", accept, renderer_list, suffix)
                    == expected
                )
