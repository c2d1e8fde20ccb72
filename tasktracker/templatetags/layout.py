"""Pieces of the page layout (templates/base.html) that are the same for many people, rendered once.

Every page shows the header: the main menu (a dozen links, each a reversed URL and a translated word), the
bell, the user menu and the language form. Each piece's HTML depends only on what its tag passes to its
template, so it is rendered once per process for each combination and reused; the template sees nothing
else (not the request, not the user), so it cannot come to depend on something the combination leaves out.
What differs from one request to the next (the CSRF token, the page's path, the person's name) is put in
the kept text on each request.

The rest of base.html that is the same for everyone (the head, the skip link, the scripts) is written
between `{% keep %}` and `{% endkeep %}`: rendered once per language, script prefix and URL configuration.
Those three are read once per rendering of a page (see `layout_key`): each is read from a context-local
store (asgiref's `Local`), some 20,000 instructions a read, and the layout's tags read them a dozen times.
"""

import weakref
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tasktracker.escaping import csrf_input, escape

register = template.Library()

# Where a rendering keeps its layout key (see layout_key): the template engine's per-rendering store.
_LAYOUT_KEY = "tasktracker.layout.key"


def layout_key(context) -> tuple[str, str, str]:
    """The language, script prefix and URL configuration the layout's kept pieces are kept under: read when
    the rendering first asks, and kept for the rest of it (they do not change while a page is written; a
    `{% language %}` block would change the language, and the layout's tags are not used inside one)."""
    key = context.render_context.get(_LAYOUT_KEY)
    if key is None:
        key = context.render_context[_LAYOUT_KEY] = (
            get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,
        )
    return key


class KeptNode(template.Node):
    """What `{% keep %}` encloses, rendered once per layout key (see layout_key) with no variables of the
    page's (so it cannot come to depend on the request or the person) and kept."""

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.kept: dict[tuple[str, str, str], SafeString] = {}
        _kept_nodes.add(self)

    def render(self, context):
        key = layout_key(context)
        text = self.kept.get(key)
        if text is None:
            if len(self.kept) >= 64:  # a few languages and prefixes; never more than a bounded few
                self.kept.clear()
            # Rendered in the thread's own language, prefix and URL configuration: those of the key.
            text = self.kept[key] = self.nodelist.render(context.new())
        return text


@register.tag
def keep(parser, token):
    """`{% keep %}…{% endkeep %}`: text the same for every page and person, rendered once per language,
    script prefix and URL configuration (the head's links and words, the scripts)."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% keep %} takes no arguments.")
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeptNode(nodelist)


_kept_nodes: "weakref.WeakSet[KeptNode]" = weakref.WeakSet()

# The header's parts that differ per request, given to its template as placeholders (see _site_header).
_HEADER_FILLED = ("main_nav", "bell", "user_label", "csrf_input", "next_path")
_PLACEHOLDER_EDGE = "\x00"  # PostgreSQL text and translations never hold a NUL: it cannot come from elsewhere


@register.simple_tag(takes_context=True)
def site_header(context):
    """includes/site_header.html for this request: its text kept per language and URL prefix, with the
    person's menu, bell and name, the CSRF token and the page's path put in."""
    request, user = context["request"], context["user"]
    language, script_prefix, urlconf = layout_key(context)
    filled = {
        "csrf_input": csrf_input(context.get("csrf_token")),
        "next_path": escape(request.get_full_path()),
    }
    authenticated = user.is_authenticated
    if authenticated:
        match = request.resolver_match
        agency = user.agency
        filled["main_nav"] = _main_nav_of(context, language, script_prefix, urlconf)
        filled["bell"] = _bell(
            language=language,
            script_prefix=script_prefix,
            urlconf=urlconf,
            app_name=match.app_name if match else None,
            # The count out of its lazy wrapper (the context processor's), to be a key.
            unread=0 + (context.get("unread_notifications") or 0),
        )
        # As format_html("{} · {}", …) writes them.
        filled["user_label"] = (
            f"{escape(user)} · {escape(agency.short_name or agency.name)}" if agency else escape(user)
        )
    pieces = _site_header(
        language=language,
        script_prefix=script_prefix,
        urlconf=urlconf,
        authenticated=authenticated,
    )
    # Even places hold the kept text, odd ones the name of what this request puts there.
    return mark_safe("".join(filled[piece] if place % 2 else piece for place, piece in enumerate(pieces)))


@lru_cache(maxsize=16)
def _site_header(*, language, script_prefix, urlconf, authenticated) -> tuple[str, ...]:
    # Like _main_nav: language, script prefix and urlconf only shape the key (the thread's own are in effect).
    edge = _PLACEHOLDER_EDGE
    placeholders = {name: SafeString(f"{edge}{name}{edge}") for name in _HEADER_FILLED}
    text = get_template("includes/site_header.html").render({"authenticated": authenticated, **placeholders})
    # The template file's last line break is base.html's, after `{% site_header %}`.
    pieces = tuple(text.removesuffix("\n").split(_PLACEHOLDER_EDGE))
    if not all(piece in _HEADER_FILLED for piece in pieces[1::2]):
        raise ValueError("includes/site_header.html wrote a placeholder's edge of its own.")
    return pieces


# Bounded by the apps (the bell is marked on the notifications' pages) times the counts shown times the
# languages; a count beyond those kept is rendered again, as every bell was.
@lru_cache(maxsize=1024)
def _bell(*, language, script_prefix, urlconf, app_name, unread):
    # What notifications/includes/bell.html reads of the user and the request: the header shows the bell to
    # a signed-in person only.
    return get_template("notifications/includes/bell.html").render(
        {
            "user": {"is_authenticated": True},
            "request": {"resolver_match": {"app_name": app_name}},
            "unread_notifications": unread,
        }
    )


@register.simple_tag(takes_context=True)
def main_nav(context):
    """includes/main_nav.html for the page's user and the page being shown (marked aria-current)."""
    return _main_nav_of(context, *layout_key(context))


def _main_nav_of(context, language, script_prefix, urlconf):
    match = context["request"].resolver_match
    return _main_nav(
        language=language,
        script_prefix=script_prefix,
        urlconf=urlconf,
        current=match.url_name if match else None,
        can=tuple(sorted(context["can"].items())),
        agency_member=bool(context["user"].agency_id),
    )


# Bounded by the pages (url names) times the roles' menus times the languages: a few hundred entries.
@lru_cache(maxsize=2048)
def _main_nav(*, language, script_prefix, urlconf, current, can, agency_member):
    # The arguments that only shape the cache key (language, script prefix, urlconf) are the state of the
    # thread the menu is rendered in, so they are already in effect here.
    return get_template("includes/main_nav.html").render(
        {"current": current, "can": dict(can), "agency_member": agency_member}
    )


@register.simple_tag
def layout_url(name):
    """`{% url name %}` for the layout's links, which take no arguments: each reversed once per URL
    configuration and script prefix (the layout has seven, on every page)."""
    return _reversed(name, urlconf=get_urlconf() or settings.ROOT_URLCONF, script_prefix=get_script_prefix())


@lru_cache(maxsize=256)
def _reversed(name, *, urlconf, script_prefix):
    # The script prefix only shapes the key: reverse() reads the thread's own, which is this one.
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def layout_static(path):
    """`{% static path %}` for the layout's files (its stylesheet, icon and two scripts, on every page): each
    address worked out once per script prefix, where the storage builds it anew each time."""
    return _static_url(path, script_prefix=get_script_prefix())


@lru_cache(maxsize=64)
def _static_url(path, *, script_prefix):
    # The script prefix only shapes the key: a relative STATIC_URL is read with the thread's own, this one.
    return static(path)


def _forget_rendered_pieces(*, setting, **kwargs):
    # What a kept piece was rendered from besides its key: its templates, the languages offered, the catalogs.
    if setting in ("TEMPLATES", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"):
        for rendered in (_main_nav, _site_header, _bell):
            rendered.cache_clear()
        for node in _kept_nodes:
            node.kept.clear()
    # What a static file's address is made from: the storage and its manifest of hashed names (not used in
    # DEBUG), STATIC_URL, and whether staticfiles is installed.
    if setting in ("STORAGES", "STATIC_URL", "STATIC_ROOT", "DEBUG", "INSTALLED_APPS"):
        _static_url.cache_clear()
        for node in _kept_nodes:  # the kept head and scripts hold the addresses
            node.kept.clear()


setting_changed.connect(_forget_rendered_pieces, dispatch_uid="tasktracker.layout.forget_rendered_pieces")
