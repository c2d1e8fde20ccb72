"""The year's working-day calendar for a page, and the open task parts a change to it touches.

What a change to the calendar does to tasks, and so what the office is shown:

- A stored deadline is a date and is never moved when the calendar changes: it is what the issuer set, and
  moving it silently would move parts between the reporting categories. A deadline was counted from the
  calendar only when the notice gave it in working days (`trong 05 ngày làm việc`, counted from the
  notice's date). For such a part, the deadline counted again with the calendar in force and counted
  without the changed day are compared; the part is listed when they differ and the stored deadline is
  still the one counted without the change, i.e. the office has not yet decided about it. (A task
  imported after the change already has the new count; one whose deadline a person set is left alone.)
- A part whose deadline falls on the changed day itself is listed too: a deadline on a new day off (or on
  a Saturday now worked) is worth a look, though nothing about it moved.
- Reminders and escalation levels are not listed: they are never stored, each sweep counts them again in
  the calendar in force, so they follow the change by themselves from the next sweep (a reminder due on a
  new day off goes out the working day before; a worked Saturday counts towards a late part's level).
  Listing them would list every task due in the coming weeks with nothing for anyone to decide.
"""

from calendar import Calendar
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from directives.models import Part
from reading.deadlines import read_deadline
from tasktracker.vietnamese import fold
from workdays import WorkCalendar, calendar_for, using
from workdays import calendar as workdays_calendar
from workdays.current import current_calendar, load_exceptions
from workdays.models import CalendarException

# The years a calendar page is shown for: those the `holidays` package knows.
FIRST_YEAR, LAST_YEAR = 1901, 2100
# The folded words of a deadline given in working days.
_IN_WORKING_DAYS = "ngay lam viec"

# The kinds of day the page lists: every day off and every make-up working day.
_MARKED = {
    workdays_calendar.PUBLIC_HOLIDAY,
    workdays_calendar.ANNOUNCED_DAY_OFF,
    workdays_calendar.MAKE_UP_DAY,
    workdays_calendar.ANNOUNCED_WORKING_DAY,
}


@dataclass(frozen=True)
class DayCell:
    """One day of a month's grid."""

    day: date
    kind: str
    note: str = ""


@dataclass(frozen=True)
class MarkedDay:
    """A day off or a make-up working day of the year, with where it comes from."""

    day: date
    kind: str
    name: str
    legal_basis: str = ""
    exception: CalendarException | None = None


@dataclass(frozen=True)
class AffectedPart:
    """An open task part a change to the calendar touches, and why."""

    part: Part
    counted_now: date | None = None  # the working-day deadline counted again with the calendar in force
    due_on_the_day: bool = False


@dataclass
class ChangeWithParts:
    """One office exception and the open parts it touches."""

    exception: CalendarException
    parts: list[AffectedPart] = field(default_factory=list)


def year_calendar(year: int, calendar: WorkCalendar | None = None) -> dict:
    """The months of `year` as week rows of day cells, and the list of its days off and make-up days."""
    calendar = calendar or current_calendar()
    exceptions = {row.day: row for row in CalendarException.objects.filter(day__year=year)}
    months, marked = [], []
    weeks_of = Calendar(firstweekday=0).monthdatescalendar  # Monday first, as Vietnamese calendars
    for month in range(1, 13):
        weeks = [
            [_cell(day, calendar, exceptions) if day.month == month else None for day in week]
            for week in weeks_of(year, month)
        ]
        months.append({"month": month, "weeks": weeks})
        for cell in (cell for week in weeks for cell in week if cell and cell.kind in _MARKED):
            exception = exceptions.get(cell.day)
            legal_basis = exception.legal_basis if exception else ""
            marked.append(MarkedDay(cell.day, cell.kind, cell.note, legal_basis, exception))
    return {"months": months, "marked": marked}


def _cell(day: date, calendar: WorkCalendar, exceptions: dict) -> DayCell:
    kind = calendar.kind_of_day(day)
    if day in exceptions:
        note = exceptions[day].reason
    elif kind == workdays_calendar.PUBLIC_HOLIDAY:
        note = calendar.day_off_name(day) or ""
    elif kind == workdays_calendar.MAKE_UP_DAY:
        note = _("Worked in return for a day off in lieu")
    else:
        note = ""
    return DayCell(day, kind, note)


def changes_with_affected_parts(year: int, parts) -> list[ChangeWithParts]:
    """The office's exceptions of `year`, each with the open parts among `parts` it touches (see above)."""
    changes = [ChangeWithParts(exception) for exception in CalendarException.objects.filter(day__year=year)]
    if not changes:
        return []
    now = current_calendar()
    open_parts = (
        parts.open()
        .filter(directive__is_heading=False)
        .select_related("directive__notice", "agency")
        .defer("directive__search_text", "directive__notice__source_text")
    )
    for change in changes:
        change.parts = affected_parts(change.exception, open_parts, now)
    return changes


def affected_parts(exception: CalendarException, open_parts, now: WorkCalendar) -> list[AffectedPart]:
    """The open parts the exception touches: a working-day deadline it changes, or a deadline on its day."""
    day = exception.day
    without = calendar_for(load_exceptions(excluding_pk=exception.pk))
    found: dict[int, AffectedPart] = {}
    # A count from the notice's date changes only if the day lies between that date and the deadline
    # counted without the change (the stored one, for the parts listed).
    counted_across = open_parts.filter(
        directive__notice__issued_on__lt=day,
        directive__deadline__gte=day,
        directive__search_text__contains=_IN_WORKING_DAYS,  # folded words, deadline's included
    )
    for part in counted_across.order_by("directive__deadline", "pk"):
        directive = part.directive
        if _IN_WORKING_DAYS not in fold(directive.deadline_text):
            continue
        counted_now = _count(directive, now)
        counted_without = _count(directive, without)
        if counted_now != counted_without and directive.deadline == counted_without:
            found[part.pk] = AffectedPart(part, counted_now=counted_now)
    for part in open_parts.filter(effective_deadline=day).order_by("pk"):
        previous = found.get(part.pk)
        found[part.pk] = AffectedPart(part, previous.counted_now if previous else None, due_on_the_day=True)
    return sorted(
        found.values(), key=lambda affected: (affected.part.effective_deadline or day, affected.part.pk)
    )


def _count(directive, calendar: WorkCalendar) -> date | None:
    """The deadline the task's words give when counted in `calendar` from its notice's date."""
    with using(calendar):
        return read_deadline(directive.deadline_text, directive.notice.issued_on).due_on


def kind_labels() -> dict[str, str]:
    """What each kind of day is called on the page."""
    return {
        workdays_calendar.PUBLIC_HOLIDAY: _("Public holiday"),
        workdays_calendar.MAKE_UP_DAY: _("Make-up working day"),
        workdays_calendar.ANNOUNCED_DAY_OFF: _("Day off announced"),
        workdays_calendar.ANNOUNCED_WORKING_DAY: _("Make-up working day announced"),
        workdays_calendar.WEEKEND: _("Weekend"),
        workdays_calendar.WORKING_DAY: _("Working day"),
    }
