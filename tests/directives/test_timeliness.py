"""Timeliness is computed by the database from deadline, completion date and today."""

from datetime import date

import pytest

from directives.choices import TaskStatus, Timeliness
from directives.models import Part
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

# Deadline at a month end (31/3/2024), seen from around it.
MONTH_END = date(2024, 3, 31)


def timeliness_of(part, today):
    return Part.objects.with_timeliness(today).get(pk=part.pk).timeliness


def categories_filtering_in(part, today):
    """The categories whose filter (`in_timeliness`) finds the part: exactly one, the one shown."""
    parts = Part.objects.filter(pk=part.pk)
    return [category for category in Timeliness if parts.in_timeliness([category], today).exists()]


def part(deadline=None, status=TaskStatus.NOT_STARTED, completed_on=None, extended_deadline=None):
    return PartFactory(
        directive=DirectiveFactory(deadline=deadline),
        status=status,
        completed_on=completed_on,
        extended_deadline=extended_deadline,
    )


@pytest.mark.parametrize(
    ("deadline", "status", "completed_on", "today", "expected"),
    [
        # Open, within the deadline: the day before, and the deadline day itself (not yet overdue).
        (MONTH_END, TaskStatus.IN_PROGRESS, None, date(2024, 3, 30), Timeliness.IN_PROGRESS_ON_TIME),
        (MONTH_END, TaskStatus.NOT_STARTED, None, MONTH_END, Timeliness.IN_PROGRESS_ON_TIME),
        (MONTH_END, TaskStatus.REPORTED_DONE, None, MONTH_END, Timeliness.IN_PROGRESS_ON_TIME),
        # Overdue from the first day of the next month on, in any open status.
        (MONTH_END, TaskStatus.IN_PROGRESS, None, date(2024, 4, 1), Timeliness.OVERDUE),
        (MONTH_END, TaskStatus.NOT_STARTED, None, date(2025, 1, 1), Timeliness.OVERDUE),
        (MONTH_END, TaskStatus.REPORTED_DONE, None, date(2024, 4, 1), Timeliness.OVERDUE),
        # Done: on time up to the deadline day, late from the day after, whatever today is.
        (MONTH_END, TaskStatus.DONE, MONTH_END, date(2024, 5, 1), Timeliness.COMPLETED_ON_TIME),
        (MONTH_END, TaskStatus.DONE, date(2024, 3, 1), date(2024, 3, 2), Timeliness.COMPLETED_ON_TIME),
        (MONTH_END, TaskStatus.DONE, date(2024, 4, 1), date(2024, 4, 1), Timeliness.COMPLETED_LATE),
        # No deadline: ongoing while open, on time once done.
        (None, TaskStatus.IN_PROGRESS, None, date(2030, 1, 1), Timeliness.NO_DEADLINE),
        (None, TaskStatus.NOT_STARTED, None, date(2024, 1, 1), Timeliness.NO_DEADLINE),
        (None, TaskStatus.DONE, date(2024, 6, 1), date(2024, 6, 2), Timeliness.COMPLETED_ON_TIME),
        # Cancelled parts are outside every reporting category.
        (MONTH_END, TaskStatus.CANCELLED, None, date(2024, 5, 1), Timeliness.CANCELLED),
    ],
)
def test_timeliness_categories(deadline, status, completed_on, today, expected):
    subject = part(deadline, status, completed_on)
    assert timeliness_of(subject, today) == expected
    assert categories_filtering_in(subject, today) == [expected]


def test_deadline_today_is_within_the_deadline_and_tomorrow_is_overdue():
    today = date(2024, 2, 29)  # a leap-year month end
    open_part = part(deadline=today, status=TaskStatus.IN_PROGRESS)
    assert timeliness_of(open_part, today) == Timeliness.IN_PROGRESS_ON_TIME
    assert timeliness_of(open_part, date(2024, 3, 1)) == Timeliness.OVERDUE
    assert categories_filtering_in(open_part, today) == [Timeliness.IN_PROGRESS_ON_TIME]
    assert categories_filtering_in(open_part, date(2024, 3, 1)) == [Timeliness.OVERDUE]


def test_an_extension_replaces_the_deadline():
    extended = part(deadline=MONTH_END, status=TaskStatus.IN_PROGRESS, extended_deadline=date(2024, 4, 30))
    assert timeliness_of(extended, date(2024, 4, 15)) == Timeliness.IN_PROGRESS_ON_TIME
    assert timeliness_of(extended, date(2024, 5, 1)) == Timeliness.OVERDUE
    done_in_extension = part(
        deadline=MONTH_END,
        status=TaskStatus.DONE,
        completed_on=date(2024, 4, 20),
        extended_deadline=date(2024, 4, 30),
    )
    assert timeliness_of(done_in_extension, date(2024, 5, 1)) == Timeliness.COMPLETED_ON_TIME
    assert categories_filtering_in(extended, date(2024, 5, 1)) == [Timeliness.OVERDUE]
    assert categories_filtering_in(done_in_extension, date(2024, 5, 1)) == [Timeliness.COMPLETED_ON_TIME]


def test_filtering_and_counting_by_timeliness_happen_in_one_query(django_assert_num_queries):
    today = date(2024, 4, 1)
    part(MONTH_END, TaskStatus.IN_PROGRESS)  # overdue
    part(MONTH_END, TaskStatus.IN_PROGRESS)  # overdue
    part(date(2024, 4, 30), TaskStatus.NOT_STARTED)  # within
    part(MONTH_END, TaskStatus.DONE, date(2024, 3, 20))  # on time
    part(MONTH_END, TaskStatus.DONE, date(2024, 4, 1))  # late
    part(None, TaskStatus.IN_PROGRESS)  # no deadline
    part(MONTH_END, TaskStatus.CANCELLED)

    with django_assert_num_queries(1):
        counts = Part.objects.timeliness_counts(today)
    assert counts == {
        Timeliness.COMPLETED_ON_TIME: 1,
        Timeliness.COMPLETED_LATE: 1,
        Timeliness.IN_PROGRESS_ON_TIME: 1,
        Timeliness.OVERDUE: 2,
        Timeliness.NO_DEADLINE: 1,
        Timeliness.CANCELLED: 1,
    }
    overdue = Part.objects.with_timeliness(today).filter(timeliness=Timeliness.OVERDUE)
    assert overdue.count() == 2


def test_each_lead_agency_of_a_task_is_counted_on_its_own():
    directive = DirectiveFactory(deadline=MONTH_END)
    PartFactory(directive=directive, status=TaskStatus.DONE, completed_on=date(2024, 3, 10))
    PartFactory(directive=directive, status=TaskStatus.IN_PROGRESS)
    counts = Part.objects.timeliness_counts(date(2024, 4, 2))
    assert counts[Timeliness.COMPLETED_ON_TIME] == 1
    assert counts[Timeliness.OVERDUE] == 1
