"""The notification list, the bell's count, marking read, choosing reminder emails, and the admin."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from notifications.context_processors import unread_notifications
from notifications.models import DeliveryAddress, NotificationPolicy, NotificationPreference
from notifications.services import receives_reminder_emails
from tests.notifications.factories import EscalationFactory, NotificationFactory, OutboxMessageFactory

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def test_a_user_sees_only_their_own_notifications(client, agency_head, agency_staff):
    NotificationFactory(recipient=agency_head, title="Nhắc hạn: nhiệm vụ 6.3")
    NotificationFactory(recipient=agency_staff, title="Nhắc hạn: nhiệm vụ của người khác")
    client.force_login(agency_head)
    page = client.get(LIST).content.decode()
    assert "Nhắc hạn: nhiệm vụ 6.3" in page
    assert "người khác" not in page


def test_the_list_runs_a_constant_number_of_queries(client, agency_head, django_assert_max_num_queries):
    client.force_login(agency_head)
    NotificationFactory(recipient=agency_head)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST)
    NotificationFactory.create_batch(25, recipient=agency_head)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_mark_all_read(client, agency_head, agency_staff):
    NotificationFactory.create_batch(3, recipient=agency_head)
    theirs = NotificationFactory(recipient=agency_staff)
    client.force_login(agency_head)
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not agency_head.notifications.filter(read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_bell_counts_unread_in_one_query(agency_head, django_assert_num_queries):
    NotificationFactory.create_batch(2, recipient=agency_head)
    NotificationFactory(recipient=agency_head, read_at="2024-03-01T08:00:00+07:00")
    request = RequestFactory().get("/")
    request.user = agency_head
    context = unread_notifications(request)
    with django_assert_num_queries(1):
        html = render_to_string("notifications/includes/bell.html", {**context, "user": agency_head})
    assert LIST in html
    assert ">2<" in html


def test_the_bell_is_empty_for_anonymous_visitors(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert unread_notifications(request) == {}


def test_a_user_turns_reminder_emails_off_and_on(client, agency_staff):
    client.force_login(agency_staff)
    assert receives_reminder_emails(agency_staff)
    client.post(reverse("notifications:preferences"), {})
    assert not receives_reminder_emails(agency_staff)
    assert 'name="email_reminders">' in client.get(LIST).content.decode().replace(" checked", "")
    client.post(reverse("notifications:preferences"), {"email_reminders": "on"})
    assert NotificationPreference.objects.get(user=agency_staff).email_reminders


def test_undeliverable_addresses_are_shown_to_the_office_only(client, office_staff, agency_head):
    DeliveryAddress.objects.create(
        address="hong@bacgiang.example", undeliverable_since="2024-03-01T08:00:00+07:00"
    )
    client.force_login(agency_head)
    assert "hong@bacgiang.example" not in client.get(LIST).content.decode()
    client.force_login(office_staff)
    assert "hong@bacgiang.example" in client.get(LIST).content.decode()


def test_the_office_opens_every_notifications_admin_list(client, office_staff, agency):
    EscalationFactory()
    OutboxMessageFactory()
    NotificationFactory()
    DeliveryAddress.objects.create(address="hong@bacgiang.example")
    client.force_login(office_staff)
    for model in [
        "notificationpolicy",
        "escalation",
        "outboxmessage",
        "notification",
        "deliveryaddress",
        "notificationpreference",
    ]:
        assert client.get(reverse(f"admin:notifications_{model}_changelist")).status_code == 200, model
    response = client.get(reverse("admin:notifications_notificationpolicy_change", args=[1]))
    assert response.status_code == 200


def test_the_office_changes_the_policy_in_the_admin(client, office_staff):
    client.force_login(office_staff)
    url = reverse("admin:notifications_notificationpolicy_change", args=[1])
    data = {
        "reminder_offsets": "5,2,0",
        "copy_supporting_agencies": "",
        "escalation_level_2_after": 3,
        "escalation_level_3_after": 8,
        "digest_horizon_days": 7,
        "group_reminders_above": 25,
    }
    assert client.post(url, data).status_code == 302
    policy = NotificationPolicy.current()
    assert policy.offsets == [5, 2, 0] and not policy.copy_supporting_agencies
    assert policy.group_reminders_above == 25
    bad = client.post(
        url, {**data, "reminder_offsets": "năm", "escalation_level_3_after": 2, "group_reminders_above": 0}
    )
    assert bad.status_code == 200
    assert set(bad.context["adminform"].form.errors) == {
        "reminder_offsets",
        "escalation_level_3_after",
        "group_reminders_above",
    }


def test_the_acknowledge_form_for_the_dashboard(rf, office_staff, leader):
    escalation = EscalationFactory()
    request = rf.get("/dashboard/")
    form = render_to_string(
        "notifications/includes/acknowledge_form.html",
        {"escalation": escalation, "can": {"manage_directives": True}, "request": request},
    )
    assert reverse("notifications:escalation_acknowledge", args=[escalation.pk]) in form
    assert 'value="/dashboard/"' in form
    escalation.acknowledged_by, escalation.acknowledgement_note = office_staff, "Đã gọi điện"
    escalation.acknowledged_at = "2024-04-01T08:00:00+07:00"
    shown = render_to_string("notifications/includes/acknowledge_form.html", {"escalation": escalation})
    assert "Đã gọi điện" in shown and "<form" not in shown
