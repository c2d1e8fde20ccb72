"""Pieces of the page layout (templates/base.html) that are the same for many people, rendered once.

Every page shows the main menu: a dozen links, each a reversed URL and a translated word. Its HTML depends
only on what the tag passes to the template, so it is rendered once per process for each combination and
reused; the template sees nothing else (not the request, not the user), so it cannot come to depend on
something the combination leaves out.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def main_nav(context):
    """includes/main_nav.html for the page's user and the page being shown (marked aria-current)."""
    match = context["request"].resolver_match
    can = context["can"]
    return _main_nav(
        language=get_language(),
        script_prefix=get_script_prefix(),
        urlconf=get_urlconf(),
        current=match.url_name if match else None,
        can=tuple(sorted(can.items())),
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
