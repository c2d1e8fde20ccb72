"""The office sees on its dashboard the addresses mail cannot reach, each with a link to correct it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.delivery import undeliverable_addresses
from notifications.models import DeliveryAddress

pytestmark = pytest.mark.django_db


@pytest.fixture
def undeliverable(agency_head, agency):
    agency_head.email = "TruongBan@bacgiang.example"
    agency_head.save(update_fields=["email"])
    agency.email = "bqlkcn@bacgiang.example"
    agency.save(update_fields=["email"])
    for address in ("truongban@bacgiang.example", "bqlkcn@bacgiang.example"):
        DeliveryAddress.objects.create(
            address=address,
            consecutive_failures=5,
            last_error="550 5.1.1 No such mailbox",
            undeliverable_since=timezone.now(),
        )
    return agency_head, agency


def test_the_office_sees_undeliverable_addresses_with_a_link_to_correct_each(
    client, office_staff, undeliverable
):
    head, agency = undeliverable
    client.force_login(office_staff)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert "truongban@bacgiang.example" in page and "550 5.1.1 No such mailbox" in page
    assert reverse("admin:accounts_user_change", args=[head.pk]) in page
    assert reverse("admin:agencies_agency_change", args=[agency.pk]) in page
    assert reverse("admin:notifications_deliveryaddress_changelist") in page


def test_leaders_do_not_get_the_list_they_cannot_act_on(client, leader, undeliverable):
    client.force_login(leader)
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200 and response.context["undeliverable"] is None
    assert "bqlkcn@bacgiang.example" not in response.content.decode()


def test_the_list_read_by_its_statement_compiled_once_is_the_querysets(django_assert_num_queries):
    """`undeliverable_addresses` reads the addresses through a statement compiled once (`PreparedQuery`): the
    same rows, in the same order, cut at the same number, as the queryset; and one query when none is."""
    with django_assert_num_queries(1):
        assert undeliverable_addresses(10) == []
    since = timezone.now()
    for number in range(12):
        DeliveryAddress.objects.create(
            address=f"hop{number % 5}-{number}@example.invalid",
            last_error=f"550 <{number}>",
            undeliverable_since=since - timedelta(days=number % 4),
        )
    DeliveryAddress.objects.create(address="ok@example.invalid", last_error="451")  # not marked
    for limit in (0, 1, 10, 20):
        expected = list(DeliveryAddress.objects.undeliverable()[:limit])
        listed = undeliverable_addresses(limit)
        assert [row.address for row in listed] == [row.address for row in expected]
        assert [(row.since, row.last_error) for row in listed] == [
            (row.undeliverable_since, row.last_error) for row in expected
        ]
    assert len(undeliverable_addresses(20)) == 12
