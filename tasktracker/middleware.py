import random
import time

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from tasktracker import db_router


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose English with the language menu.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office computers run
    English browsers; here only the choice saved by the language menu (a cookie) counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_BODY_MAX_BYTES, before it is read.

    Django spools a multipart upload to disk while parsing it, and CSRF and login checks come after that
    parsing: without this, anyone could make the server write hundreds of megabytes per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest(_("The request's Content-Length is not a number."))
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(
                _("The request is too large (at most %(size)d MB).")
                % {"size": settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


# The time the session's expiry was last moved forward (seconds since the epoch).
SESSION_REFRESHED_KEY = "_refreshed_at"


def mark_session_refreshed(session) -> None:
    """Note that the session's expiry was (re)set now; done at sign-in and by IdleSessionMiddleware."""
    session[SESSION_REFRESHED_KEY] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after the person's last request, not after the first.

    Saving a session sets its expiry to now + SESSION_COOKIE_AGE; saving on every request would write to
    the database each time, so the expiry is moved forward at most every SESSION_REFRESH_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key and session.get("_auth_user_id"):
            refreshed_at = session.get(SESSION_REFRESHED_KEY, 0)
            if time.time() - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
                mark_session_refreshed(session)
        return self.get_response(request)


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` the user itself once it has been read.

    Django's `request.user` is a SimpleLazyObject, so that a request that never asks who is signed in does
    not read the user; but every attribute read through it afterwards goes through the proxy (two Python
    calls and a caught AttributeError each), and a task page reads the person's role and agency about 150
    times. The user is still read only when first asked for; from then on `request.user` is the user (unless
    something, such as signing in, has set another meanwhile).
    """

    def process_request(self, request):
        super().process_request(request)

        def signed_in_user():
            user = auth_middleware.get_user(request)
            if request.__dict__.get("user") is proxy:
                request.user = user
            return user

        proxy = request.user = SimpleLazyObject(signed_in_user)


def client_address(request) -> str | None:
    """The client's IP address: REMOTE_ADDR, or the header a trusted proxy sets (CLIENT_ADDRESS_HEADER)."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


# The cookie that keeps a person's reads on the primary after they wrote: when they last wrote (seconds
# since the epoch). Not a secret: forging it only sends one's own reads to the primary.
PRIMARY_PIN_COOKIE = "wrote_at"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadReplicaMiddleware:
    """Send a request's reads to a read replica, unless the person wrote within the last few seconds.

    A request that submits something (POST, PUT, PATCH, DELETE) reads from the primary throughout; one
    that writes anyway moves to the primary from its first write (tasktracker.db_router). Either sets a
    cookie that keeps the person's next requests on the primary for DATABASE_PRIMARY_PIN_SECONDS, longer
    than the replica lags, so they see their own change on the pages that follow. A replica that cannot be
    reached is passed over (`db_router.answering_replicas`). Without replicas (DATABASE_REPLICA_URL unset)
    it does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = db_router.read_replicas()
        if not replicas:
            return self.get_response(request)
        submits = request.method not in SAFE_METHODS
        seconds = settings.DATABASE_PRIMARY_PIN_SECONDS
        pinned = submits or time.time() - _wrote_at(request) < seconds
        answering = [] if pinned else db_router.answering_replicas()
        replica = random.choice(answering) if answering else None
        token = db_router.read_from_replica(replica)
        try:
            response = self.get_response(request)
            wrote = replica is not None and db_router.reading_from() != replica
        finally:
            db_router.restore(token)
        if submits or wrote:
            response.set_cookie(
                PRIMARY_PIN_COOKIE,
                f"{time.time():.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _wrote_at(request) -> float:
    try:
        return float(request.COOKIES.get(PRIMARY_PIN_COOKIE, 0))
    except ValueError:
        return 0.0


# What a view sets on its response to change or drop the policy (django-csp's decorators).
_POLICY_CHANGES = tuple(
    f"_csp_{change}{suffix}" for change in ("config", "update", "replace", "exempt") for suffix in ("", "_ro")
)
# The site's policies as headers, by report-only or not: built from the settings alone.
_site_policies: dict[bool, str] = {}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once instead of on every response.

    Building the two headers from CONTENT_SECURITY_POLICY (and …_REPORT_ONLY) took about 0.1 ms a response,
    for the same text every time. A response whose view changes the policy (csp_update, csp_replace,
    csp_exempt …) or a request that used a nonce goes through django-csp unchanged.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, change) for change in _POLICY_CHANGES
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        for report_only, header, setting in (
            (False, HEADER, "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _site_policies.get(report_only)
            if policy is None:
                policy = _site_policies[report_only] = build_policy(report_only=report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if policy and header not in response and not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written would be in no policy.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _forget_site_policies(*, setting, **kwargs):
    if setting in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        _site_policies.clear()


setting_changed.connect(_forget_site_policies, dispatch_uid="tasktracker.forget_site_policies")
