"""Forms with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS allows, read with a limit of their own."""

from functools import wraps
from urllib.parse import parse_qsl

from django.http import HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

URLENCODED = "application/x-www-form-urlencoded"


def reads_many_fields(max_fields: int):
    """Read a POSTed urlencoded form of up to `max_fields` fields, then check CSRF as the middleware would.

    The global limit (1,000 fields) protects every other page. Place this decorator under the one that
    decides who may post (allowed_if), so that only those users' forms are read with the higher limit; the
    body stays capped by DATA_UPLOAD_MAX_MEMORY_SIZE and the parsing is linear in it.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def reading(request, *args, **kwargs):
            if request.method == "POST" and request.content_type == URLENCODED:
                try:
                    pairs = parse_qsl(
                        request.body.decode(request.encoding or "utf-8", errors="replace"),
                        keep_blank_values=True,
                        max_num_fields=max_fields,
                    )
                except ValueError:
                    message = _("The form has more than %(count)d fields.") % {"count": max_fields}
                    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
                post = QueryDict(mutable=True)
                for key, value in pairs:
                    post.appendlist(key, value)
                request.POST = post
            return protected(request, *args, **kwargs)

        # The middleware would read the body with the global limit first; CSRF is checked above instead.
        reading.csrf_exempt = True
        return reading

    return decorator
