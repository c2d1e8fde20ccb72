"""The page layout's shared pieces: the main menu rendered once per combination, the bell's count."""

import re

import pytest
from django.db.models import Count
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from notifications.context_processors import _unread_count
from notifications.models import Notification
from tasktracker.statements import PreparedCount, PreparedValues
from tasktracker.templatetags.layout import _main_nav
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def menu_of(client, user, url):
    client.force_login(user)
    page = client.get(url).content.decode()
    return page[page.index('<nav class="main-nav"') : page.index("</nav>")]


def test_the_menu_is_each_persons_own_and_marks_the_page_shown(client, office_staff, agency_head):
    _main_nav.cache_clear()
    office_menu = menu_of(client, office_staff, reverse("notifications:list"))
    assert reverse("directives:notice_import") in office_menu
    assert reverse("directives:my_tasks") not in office_menu
    head_menu = menu_of(client, agency_head, reverse("directives:notice_list"))
    assert reverse("directives:notice_import") not in head_menu
    assert f'<a href="{reverse("directives:notice_list")}" aria-current="page">' in head_menu
    assert menu_of(client, agency_head, reverse("directives:notice_list")) == head_menu
    assert _main_nav.cache_info().hits == 1


def test_the_menu_is_rendered_again_in_the_other_language(client, agency_head):
    vietnamese = menu_of(client, agency_head, reverse("directives:directive_list"))
    client.cookies["django_language"] = "en"
    english = menu_of(client, agency_head, reverse("directives:directive_list"))
    with translation.override("en"):
        assert ">Notices</a>" in english
    assert ">Notices</a>" not in vietnamese


def test_the_cached_menu_is_the_menu_template_rendered(client, office_staff):
    _main_nav.cache_clear()
    menu = menu_of(client, office_staff, reverse("reporting:dashboard"))
    can = {"manage_directives": True, "see_dashboard": True, "see_reports": True, "use_admin": True}
    with translation.override("vi"):
        expected = get_template("includes/main_nav.html").render(
            {"current": "dashboard", "can": can, "agency_member": True}
        )
    assert expected in menu


def test_the_bell_counts_the_users_unread_notifications(client, agency_head, agency_staff):
    NotificationFactory.create_batch(2, recipient=agency_head)
    NotificationFactory(recipient=agency_head, read_at="2024-03-01T08:00:00+07:00")
    NotificationFactory(recipient=agency_staff)
    assert _unread_count(agency_head.pk) == 2
    assert _unread_count(agency_staff.pk) == 1
    assert _unread_count(agency_head.pk + agency_staff.pk + 1000) == 0


def test_a_prepared_count_counts_what_its_queryset_counts(agency_head, django_assert_num_queries):
    NotificationFactory.create_batch(3, recipient=agency_head, kind="reminder")
    NotificationFactory(recipient=agency_head, kind="digest")
    count = PreparedCount(
        Notification, lambda pk: Notification.objects.filter(recipient_id=pk, kind="reminder")
    )
    with django_assert_num_queries(1):
        assert count(agency_head.pk) == 3


def test_a_prepared_count_refuses_a_queryset_that_ignores_its_key():
    count = PreparedCount(Notification, lambda pk: Notification.objects.filter(kind="reminder"))
    with pytest.raises(ValueError):
        count(1)


def test_the_layout_links_are_the_reversed_urls_for_each_script_prefix(client, office_staff):
    from django.template import engines
    from django.urls import reverse, set_script_prefix

    links = engines["django"].from_string(
        "{% load layout %}{% layout_url 'home' %} {% layout_url 'notifications:list' %}"
    )
    try:
        for prefix in ("/", "/tinh-bac-giang/", "/"):
            set_script_prefix(prefix)
            assert links.render({}) == f"{reverse('home')} {reverse('notifications:list')}"
            assert reverse("home") == prefix
    finally:
        set_script_prefix("/")
    client.force_login(office_staff)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'<a class="notification-bell" href="{reverse("notifications:list")}" aria-current="page">' in page
    assert f'<form method="post" action="{reverse("logout")}">' in page


def test_prepared_values_are_the_querysets_rows_for_each_key_and_kind(agency_head, office_staff):
    NotificationFactory.create_batch(3, recipient=agency_head, kind="reminder")
    NotificationFactory(recipient=agency_head, kind="digest")
    NotificationFactory(recipient=office_staff, kind="digest")

    def per_kind(pk, kind):
        return (
            Notification.objects.filter(recipient_id=pk, kind=kind)
            .order_by()
            .values("recipient_id")
            .annotate(count=Count("id"))
        )

    rows = PreparedValues(Notification, per_kind)
    rows.KEPT = 1  # each kind compiled anew: the statement of another kind is never reused
    for pk, kind in [(agency_head.pk, "reminder"), (office_staff.pk, "digest"), (agency_head.pk, "digest")]:
        assert rows(pk, kind) == list(per_kind(pk, kind)) != []
    assert rows(office_staff.pk, "reminder") == []
    with pytest.raises(ValueError):
        PreparedValues(Notification, lambda pk: Notification.objects.filter(recipient_id=pk))(1)


# The header as base.html wrote it before {% site_header %}: the naive version the kept one is checked
# against (a backslash joins a line too long for the code to the next).
NAIVE_HEADER = """{% load i18n layout %}<header class="site-header">
    <div class="bar">
      <a class="brand" href="{% layout_url 'home' %}">{% translate "Directive tracking" %}</a>
      {% if user.is_authenticated %}
      <nav class="main-nav" aria-label="{% translate 'Main menu' %}">
        {% main_nav %}
      </nav>
      <div class="user-menu">
        {% include "notifications/includes/bell.html" %}
        <a class="user-name" href="{% layout_url 'password_change' %}" \
title="{% translate 'Change password' %}">{{ user }}\
{% if user.agency %} · {{ user.agency.short_name|default:user.agency.name }}{% endif %}</a>
        <a class="calendar-link" href="{% layout_url 'directives:my_calendar' %}">\
{% translate "My calendar" %}</a>
        <a href="{% layout_url 'accounts:token_list' %}">{% translate "API tokens" %}</a>
        <form method="post" action="{% layout_url 'logout' %}">{% csrf_token %}\
<button type="submit" class="link-button">{% translate "Log out" %}</button></form>
      </div>
      {% endif %}
      <form class="language-switch" action="{% layout_url 'set_language' %}" method="post">
        {% csrf_token %}
        <input name="next" type="hidden" value="{{ request.get_full_path }}">
        <label for="language" class="visually-hidden">{% translate "Language" %}</label>
        {% get_available_languages as LANGUAGES %}
        <select id="language" name="language" data-autosubmit>
          {% for code, name in LANGUAGES %}<option value="{{ code }}"\
{% if code == LANGUAGE_CODE %} selected{% endif %}>{{ name }}</option>{% endfor %}
        </select>
        <noscript><button type="submit">{% translate "Change" %}</button></noscript>
      </form>
    </div>
  </header>"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_kept_header_is_the_naive_header_for_each_person_page_and_count(
    rf, language, office_staff, agency_head, roles
):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.urls import resolve

    from tests.factories import UserFactory

    both = engines["django"].from_string(
        "{% load layout i18n %}{% get_current_language as LANGUAGE_CODE %}{% site_header %}\n@@\n"
        + NAIVE_HEADER.split("%}", 1)[1]
    )
    no_agency = UserFactory(username="quantri", full_name="", agency=None, role=None, is_superuser=True)
    agency_head.full_name = 'Trần <b>"Bình"</b> & Co'
    agency_head.agency.short_name = ""
    agency_head.agency.name = "Sở <Tài chính> & Kế hoạch"
    NotificationFactory.create_batch(2, recipient=agency_head)
    searched = reverse("directives:directive_list") + '?q=<a>&x="y"'
    pages = [reverse("notifications:list"), searched, "/nowhere/"]
    with translation.override(language):
        for user in (office_staff, agency_head, no_agency, AnonymousUser()):
            for path in pages:
                request = rf.get(path)
                request.user = user
                request.resolver_match = resolve(request.path) if path != "/nowhere/" else None
                request.session = {}
                kept, naive = both.render({}, request).split("\n@@\n")
                assert kept == naive
                assert ("notification-bell" in kept) == (not isinstance(user, AnonymousUser))


def test_the_kept_header_shows_a_changed_name_agency_and_count_at_once(client, agency_head):
    client.force_login(agency_head)
    before = client.get(reverse("directives:notice_list")).content.decode()
    assert "truongban" not in before and agency_head.full_name in before
    agency_head.full_name = ""
    agency_head.save()
    agency_head.agency.short_name = "BQL <KCN>"
    agency_head.agency.save()
    NotificationFactory.create_batch(3, recipient=agency_head)
    after = client.get(reverse("directives:notice_list")).content.decode()
    assert ">truongban · BQL &lt;KCN&gt;</a>" in after
    assert '<span class="badge overdue" aria-hidden="true">3</span>' in after


def test_the_kept_header_follows_the_languages_offered(client, agency_head, settings):
    client.force_login(agency_head)
    assert 'value="fr"' not in client.get(reverse("directives:notice_list")).content.decode()
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    page = client.get(reverse("directives:notice_list")).content.decode()
    assert '<option value="fr">Français</option>' in page


def test_the_layout_static_addresses_are_static_s_for_each_script_prefix_and_setting(settings):
    from django.template import engines
    from django.templatetags.static import static
    from django.urls import set_script_prefix

    files = engines["django"].from_string(
        "{% load layout %}{% layout_static 'css/app.css' %} {% layout_static 'img/favicon.svg' %}"
    )

    def both():
        return f"{static('css/app.css')} {static('img/favicon.svg')}"

    assert files.render({}) == both() == "/static/css/app.css /static/img/favicon.svg"
    try:
        set_script_prefix("/tinh-bac-giang/")
        assert files.render({}) == both()  # the storage reads STATIC_URL (and its prefix) once
    finally:
        set_script_prefix("/")
    settings.STATIC_URL = "https://cdn.example/s/"
    assert (
        files.render({})
        == both()
        == "https://cdn.example/s/css/app.css https://cdn.example/s/img/favicon.svg"
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "OPTIONS": {"base_url": "/elsewhere/"},
        },
    }
    assert files.render({}) == both() == "/elsewhere/css/app.css /elsewhere/img/favicon.svg"


# base.html as it was written before its fixed parts were kept (`{% keep %}`), the page's blocks empty.
NAIVE_BASE = """{% load i18n layout %}<!DOCTYPE html>
{% get_current_language as LANGUAGE_CODE %}
<html lang="{{ LANGUAGE_CODE }}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% translate "Directive tracking" %} · {% translate "Directive tracking" %}</title>
  <link rel="icon" href="{% layout_static 'img/favicon.svg' %}" type="image/svg+xml">
  <link rel="stylesheet" href="{% layout_static 'css/app.css' %}">
  {# htmx swaps a form sent back with errors (400) like a success, so what was typed and the messages show. #}
  {# Its indicator styles are in app.css: the Content-Security-Policy refuses the ones htmx would inject. #}
  <meta name="htmx-config" content='{"includeIndicatorStyles": false, "responseHandling": \
[{"code": "204", "swap": false}, {"code": "[23]..", "swap": true}, {"code": "400", "swap": true}, \
{"code": "[45]..", "swap": false, "error": true}]}'>
  \n</head>
<body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>
  <a class="skip-link" href="#main">{% translate "Skip to content" %}</a>
  {% site_header %}
  <main id="main" class="content">
    {% if messages %}
    <ul class="messages" role="status">
      {% for message in messages %}<li class="message {{ message.tags }}">{{ message }}</li>{% endfor %}
    </ul>
    {% endif %}
    \n  </main>
  <script src="{% layout_static 'django_htmx/htmx-2.min.js' %}" defer></script>
  <script src="{% layout_static 'js/app.js' %}" defer></script>
</body>
</html>
"""


def without_tokens(page: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+', r"\1…", page)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_kept_layout_is_the_naive_layout_for_each_person_and_prefix(
    rf, language, office_staff, agency_head
):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template import engines
    from django.template.loader import render_to_string
    from django.urls import resolve, set_script_prefix

    naive = engines["django"].from_string(NAIVE_BASE)
    try:
        for prefix in ("/", "/tinh-bac-giang/", "/"):
            set_script_prefix(prefix)
            for user in (office_staff, agency_head, AnonymousUser()):
                with translation.override(language):
                    request = rf.get(reverse("notifications:list") + "?q=<a>")
                    request.user = user
                    request.resolver_match = resolve("/notifications/")
                    request.session = {}
                    request._messages = FallbackStorage(request)
                    request._messages.add(25, 'Đã lưu <b>"x"</b> & xong')
                    kept = render_to_string("base.html", request=request)
                    assert without_tokens(kept) == without_tokens(naive.render({}, request))
                    assert f'<html lang="{language}">' in kept and "Đã lưu &lt;b&gt;" in kept
    finally:
        set_script_prefix("/")


def test_a_kept_part_is_rendered_once_per_language_and_sees_no_page_variable():
    from django.template import Context, Template, engines

    from tasktracker.templatetags.layout import KeptNode

    page = Template(
        "{% load i18n layout %}{% keep %}{% translate 'Log out' %} [{{ secret }}]{% endkeep %} {{ secret }}"
    )
    (kept,) = [node for node in page.nodelist if isinstance(node, KeptNode)]
    with translation.override("en"):
        assert page.render(Context({"secret": "x"})) == "Log out [] x"
        assert page.render(Context({"secret": "y"})) == "Log out [] y"
    with translation.override("vi"):
        vietnamese = page.render(Context({"secret": "z"}))
        assert vietnamese.endswith(" [] z") and not vietnamese.startswith("Log out")
    assert len(kept.kept) == 2
    with pytest.raises(Exception, match="no arguments"):
        engines["django"].from_string("{% load layout %}{% keep now %}{% endkeep %}")


def test_the_kept_layout_follows_the_static_settings(client, office_staff, settings):
    client.force_login(office_staff)
    assert 'href="/static/css/app.css"' in client.get(reverse("notifications:list")).content.decode()
    settings.STATIC_URL = "https://cdn.example/s/"
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'href="https://cdn.example/s/css/app.css"' in page
    assert '<script src="https://cdn.example/s/js/app.js" defer></script>' in page
