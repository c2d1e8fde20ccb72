"""Personal calendar feeds (.ics): the deadlines of the tasks a person may see, as all-day events."""

import hashlib
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from directives.models import CalendarFeed, Part

# How far back and how many deadlines a feed carries: enough for a year's work, small enough for any app.
FEED_PAST_DAYS = 90
FEED_EVENTS = 2000
REMINDER_BEFORE = timedelta(days=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_calendar_feed(user) -> str:
    """Make the user's feed address, replacing (and so ending) any earlier one; returns its secret."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user, secret_digest=_digest(secret))
    return secret


def revoke_calendar_feed(user) -> bool:
    """End the user's feed address; True when there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed of an address's secret, or None: unknown, revoked, or its owner cannot sign in."""
    feed = CalendarFeed.objects.select_related("user__role").filter(secret_digest=_digest(secret)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def feed_parts(user, today: date):
    """The open parts with a deadline that the user may see, from a while back, soonest first."""
    return (
        Part.objects.visible_to(user)
        .open()
        .filter(effective_deadline__gte=today - timedelta(days=FEED_PAST_DAYS))
        .select_related("directive__notice", "agency")
        .order_by("effective_deadline", "pk")[:FEED_EVENTS]
    )


def calendar_ics(feed: CalendarFeed, site_url: str, today: date) -> bytes:
    """The feed as iCalendar: one all-day event per part on its deadline, with a reminder the day before."""
    calendar = Calendar()
    calendar.add("prodid", "-//Theo doi nhiem vu//tasktracker//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Task deadlines"))
    stamp = timezone.now()
    for part in feed_parts(feed.user, today):
        directive = part.directive
        event = Event()
        event.add("uid", f"part-{part.pk}@tasktracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", part.effective_deadline)
        event.add("dtend", part.effective_deadline + timedelta(days=1))
        event.add("summary", f"{directive.number}. {directive.title} — {part.agency.name}")
        event.add("description", f"{directive.notice}\n{directive.text}")
        event.add("url", site_url + reverse("directives:directive_detail", args=[directive.pk]))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", directive.title)
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=stamp)
    return calendar.to_ical()
