from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's, answering the commonest request without parsing its Accept header: no `?format=` and an Accept
    header that is absent or `*/*` take the first renderer with its own media type (a bare type: one with
    parameters would not match `*/*` as DRF matches them), as DRF's negotiation does for them."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if (
            format_suffix is None
            and request.META.get("HTTP_ACCEPT", "*/*") == "*/*"
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            and renderers
            and ";" not in renderers[0].media_type
        ):
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
