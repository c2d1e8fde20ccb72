"""The page layout's shared pieces: the main menu rendered once per combination, the bell's count."""

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
