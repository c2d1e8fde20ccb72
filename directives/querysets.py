from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Case, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When

from accounts.permissions import sees_all_directives
from directives import counts
from directives.choices import (
    FINISHED_STATUSES,
    OVERDUE_AGEING,
    ExtensionRequestStatus,
    TaskStatus,
    Timeliness,
)
from tasktracker.vietnamese import fold

# Whether a part is finished (FINISHED_STATUSES): what `open()` excludes, and the first key of the urgency
# order and of the index that serves it (`part_urgency_idx`), which must be the same expression.
FINISHED = Q(status__in=list(FINISHED_STATUSES))
IS_FINISHED = ExpressionWrapper(FINISHED, output_field=models.BooleanField())


def timeliness_table(today: date) -> list[tuple[Q, dict[str, Q]]]:
    """The timeliness categories as of `today`, the one definition from which `with_timeliness` builds its
    CASE and `in_timeliness` its filter: for each group of statuses, each category's condition on the
    deadline and completion date (a part's own columns).

    The categories exclude each other and cover every part (a done part has its completion date): done parts
    are on time when completed on or before the deadline (or when there was none); open parts are within the
    deadline up to and including its day, overdue from the day after.
    """
    return [
        (Q(status=TaskStatus.CANCELLED), {Timeliness.CANCELLED: Q()}),
        (
            Q(status=TaskStatus.DONE),
            {
                Timeliness.COMPLETED_ON_TIME: Q(effective_deadline__isnull=True)
                | Q(completed_on__lte=F("effective_deadline")),
                Timeliness.COMPLETED_LATE: Q(completed_on__gt=F("effective_deadline")),
            },
        ),
        (
            ~FINISHED,
            {
                Timeliness.NO_DEADLINE: Q(effective_deadline__isnull=True),
                Timeliness.IN_PROGRESS_ON_TIME: Q(effective_deadline__gte=today),
                Timeliness.OVERDUE: Q(effective_deadline__lt=today),
            },
        ),
    ]


def timeliness_conditions(today: date) -> dict[str, Q]:
    """Each category's whole condition: its statuses and its dates (`timeliness_table`)."""
    return {
        category: statuses & dates
        for statuses, categories in timeliness_table(today)
        for category, dates in categories.items()
    }


def _timeliness_case(today: date) -> Case:
    """The CASE of `timeliness_table`: the statuses first, then the dates within them, so a part's status
    is not compared again for every category."""
    output_field: models.CharField[str, str] = models.CharField(choices=Timeliness.choices)

    def within(categories: dict[str, Q]):
        if list(categories.values()) == [Q()]:  # a group of one category, whatever the dates
            return Value(next(iter(categories)))
        whens = [When(dates, then=Value(category)) for category, dates in categories.items()]
        return Case(*whens, output_field=output_field)

    *groups, (_the_rest, last) = timeliness_table(today)
    # The groups cover every status, so the last one is what the others leave (one comparison fewer).
    whens = [When(statuses, then=within(categories)) for statuses, categories in groups]
    return Case(*whens, default=within(last), output_field=output_field)


# Past this many parts, an update raises every agency's counts version rather than looking up theirs.
MOST_UPDATED_ONE_BY_ONE = 5000

# An agency's roles in a task, as "my tasks" lists them (the page's two lists, the API's `role`).
LEAD, SUPPORT = "lead", "support"
AGENCY_ROLES = (LEAD, SUPPORT)


def differing(field: str, value) -> Q:
    """Rows whose `field` is not `value`, an empty field included (SQL's `<>` never matches one)."""
    if value is None:
        return Q(**{f"{field}__isnull": False})
    return ~Q(**{field: value}) | Q(**{f"{field}__isnull": True})


def containing_words(words: str, search_text_path: str) -> Q:
    """The condition that a task's folded search text contains `words`, folded the same way."""
    folded = fold(words)
    return Q(**{f"{search_text_path}__contains": folded}) if folded else Q()


# The shapes of what `visible_to(user)` adds to a query (`visibility_of`).
SEES_EVERY_AGENCY, SEES_OWN_AGENCY, SEES_NOTHING = "every agency", "own agency", "nothing"


def visibility_of(user) -> tuple[str, tuple[int, ...]]:
    """All that `visible_to(user)` reads of a user: the shape of its filter (every agency's tasks, the
    user's agency's, none) and the keys it is run with (the agency's id), so a query compiled once for a
    shape (`tasktracker.statements.PreparedQuery`) serves every user of that shape with their own keys."""
    if sees_all_directives(user):
        return SEES_EVERY_AGENCY, ()
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return SEES_NOTHING, ()
    return SEES_OWN_AGENCY, (agency_id,)


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every notice for those who see all; otherwise the notices of the tasks the user may see."""
        from directives.models import Directive

        if sees_all_directives(user):
            return self.all()
        return self.filter(Exists(Directive.objects.visible_to(user).filter(notice=OuterRef("pk"))))

    def same_as(self, *, number: str, issuing_authority: str, place: str, issued_on, source_text: str):
        """Notices already entered that are this one: the same text, or the same number from the same
        issuer in the same year (a draft has no number, so only its text can recognise it)."""
        from directives.models import Notice

        fingerprint = Notice.fingerprint_of(source_text)
        same = Q(source_fingerprint=fingerprint) if fingerprint else Q(pk__in=[])
        if number.strip():
            same_number = Q(number__iexact=number.strip())
            if issuing_authority:
                same_number &= Q(issuing_authority__iexact=issuing_authority)
            elif place:
                same_number &= Q(place__iexact=place)
            if issued_on:
                same_number &= Q(issued_on__year=issued_on.year) | Q(issued_on__isnull=True)
            same |= same_number
        return self.filter(same)


class DirectiveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every task for those who see all; otherwise the tasks the user's agency leads or supports."""
        return self.visible_in(*visibility_of(user))

    def visible_in(self, shape: str, keys: tuple[int, ...]):
        """`visible_to` a user of this `visibility_of`."""
        if shape == SEES_EVERY_AGENCY:
            return self.all()
        if shape == SEES_NOTHING:
            return self.none()
        (agency_id,) = keys
        from directives.models import Directive, Part

        supporting = Directive.supporting_agencies.through.objects.filter(
            directive=OuterRef("pk"), agency=agency_id
        )
        leading = Part.objects.filter(directive=OuterRef("pk"), agency=agency_id)
        return self.filter(Exists(leading) | Exists(supporting))

    def tasks(self):
        """Items that are tracked themselves (not headings that only group others)."""
        return self.filter(is_heading=False)

    def search(self, words: str):
        """Tasks whose words contain `words`, ignoring case and diacritics."""
        return self.filter(containing_words(words, "search_text"))

    def count_per_notice(self, notices) -> None:
        """Set `task_count` on each of `notices` (a page of them): counted for those alone, in one query."""
        counts = {row["notice"]: row["count"] for row in self.tasks_per_notice(notices)}
        for notice in notices:
            notice.task_count = counts.get(notice.pk, 0)

    def tasks_per_notice(self, notices):
        """How many tasks each of `notices` (or their ids) has, as dicts of `notice` and `count`; a notice
        without tasks is left out."""
        return self.tasks().filter(notice__in=notices).order_by().values("notice").annotate(count=Count("id"))


# What a row of a task list reads (`PartQuerySet.only_row_columns`).
ROW_COLUMNS = (
    "status",
    "effective_deadline",
    "directive__number",
    "directive__title",
    "directive__deadline_text",
    "directive__notice__number",
    "directive__notice__title",
    "agency__name",
)

# The same, as `PartQuerySet.row_values` reads it: the part's id, its task's id and its notice's id too.
ROW_VALUES = (
    "id",
    "status",
    "effective_deadline",
    "timeliness",
    "directive_id",
    "directive__number",
    "directive__title",
    "directive__deadline_text",
    "directive__notice_id",
    "directive__notice__number",
    "directive__notice__title",
    "agency__name",
)


class PartQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The lead agencies' parts of the tasks the user may see."""
        return self.visible_in(*visibility_of(user))

    def visible_in(self, shape: str, keys: tuple[int, ...]):
        """`visible_to` a user of this `visibility_of`."""
        from directives.models import Directive

        if shape == SEES_EVERY_AGENCY:
            return self.all()
        return self.filter(directive__in=Directive.objects.visible_in(shape, keys))

    def search(self, words: str):
        """Parts of the tasks whose words contain `words`, ignoring case and diacritics."""
        return self.filter(containing_words(words, "directive__search_text"))

    def of_tasks_supported_by(self, agency_id: int):
        """Parts of the tasks the agency supports (looked up by task, without joining the tasks)."""
        from directives.models import Directive

        supported = Directive.supporting_agencies.through.objects.filter(agency_id=agency_id)
        return self.filter(directive_id__in=supported.values("directive_id"))

    def of_agency(self, agency_id: int | None, role: str = LEAD):
        """An agency's tasks ("my tasks"): its own parts (`LEAD`), or the other lead agencies' parts of the
        tasks it supports (`SUPPORT`); none for a user without an agency."""
        if agency_id is None:
            return self.none()
        if role == SUPPORT:
            return self.of_tasks_supported_by(agency_id).exclude(agency_id=agency_id)
        return self.filter(agency_id=agency_id)

    def open(self):
        """Parts still to be finished: neither done nor cancelled."""
        return self.exclude(FINISHED)

    def bulk_create(self, objs, *args, **kwargs):
        """Create parts as save() would: each with its `effective_deadline` and `notice_date` (its task and
        the task's notice must be set), and the dashboard's counts versions of their agencies raised on
        commit."""
        parts = list(objs)
        for part in parts:
            part.effective_deadline = part.deadline
            part.notice_date = part.directive.notice.dated_on
        created = super().bulk_create(parts, *args, **kwargs)
        counts.raise_agencies_after_commit({part.agency_id for part in parts}, self.db)
        return created

    def take_notice_date(self, notice_date: date | None) -> int:
        """Give these parts their notice's date (`Part.notice_date`) where they have another; how many
        changed."""
        return self.filter(differing("notice_date", notice_date)).update(notice_date=notice_date)

    def update(self, **kwargs):
        """Update as QuerySet.update does (`bulk_update` goes through here too), raising on commit the
        counts versions of the agencies of the parts changed: those they had, and those they have after.

        The parts are looked up first and the update is kept to them, so no part that another transaction
        makes match meanwhile changes unseen; past MOST_UPDATED_ONE_BY_ONE parts, every agency's version
        is raised instead."""
        held = dict(self.order_by().values_list("pk", "agency_id")[: MOST_UPDATED_ONE_BY_ONE + 1])
        if len(held) > MOST_UPDATED_ONE_BY_ONE:
            counts.raise_after_commit(self.db)
            return super().update(**kwargs)
        updated = models.QuerySet.update(self.filter(pk__in=list(held)), **kwargs)
        agencies = set(held.values())
        if "agency" in kwargs or "agency_id" in kwargs:
            moved = self.model._base_manager.using(self.db).filter(pk__in=list(held)).order_by()
            agencies.update(moved.values_list("agency_id", flat=True).distinct())
        counts.raise_agencies_after_commit(agencies, self.db)
        return updated

    def with_timeliness(self, today: date):
        """Annotate `timeliness` (a Timeliness value), evaluated by the database as of `today` from the
        categories' conditions (`timeliness_table`)."""
        return self.annotate(timeliness=_timeliness_case(today))

    def in_timeliness(self, categories, today: date):
        """Parts of any of the timeliness `categories` as of `today`: the same parts as filtering
        `with_timeliness` by them, through the same conditions on the parts' own columns, which the urgency
        index (`part_urgency_idx`) serves where the CASE of `with_timeliness` would be worked out for
        every part ("overdue" is unfinished with a deadline before today)."""
        conditions = timeliness_conditions(today)
        return self.filter(reduce(or_, (conditions[category] for category in categories), Q()))

    def from_notices_dated(self, start: date | None, end: date | None):
        """Parts of tasks from notices dated in the range; None leaves that end of the range open.

        A draft has no issue date: its meeting date stands in (`Notice.dated_on`, which each part keeps a
        copy of: `Part.notice_date`).
        """
        parts = self
        if start:
            parts = parts.filter(notice_date__gte=start)
        if end:
            parts = parts.filter(notice_date__lte=end)
        return parts

    def for_listing(self, today: date):
        """Parts ready to show in a list: timeliness as of `today`, their task, notice and agency joined
        (without the words kept only for search and the notice's full text, which lists never show)."""
        return (
            self.with_timeliness(today)
            .select_related("directive__notice", "agency")
            .defer("directive__search_text", "directive__notice__source_text")
        )

    def only_row_columns(self):
        """Only the columns a row of a task list shows (`directives.rows`): the part's
        status and deadline, its task's number, title and deadline as written, the notice's number and
        title, the agency's name. A task's text and a notice's dates are not read for every row."""
        return self.only(*ROW_COLUMNS)

    def row_values(self):
        """What a row of a task list shows (`directives.rows`), as dicts of ROW_VALUES rather than a part,
        task, notice and agency built as model instances for each row. Needs `timeliness` (`with_timeliness`).
        """
        return self.values(*ROW_VALUES)

    def by_urgency(self):
        """Most urgent first: longest overdue, then due soonest, then without deadline, then finished.

        Open parts by their deadline, earliest first and none last, put the overdue before those still
        within it whatever the day; so the order needs no `timeliness`, which would be worked out for
        every part just to sort them.
        """
        return self.order_by(
            IS_FINISHED.asc(),
            F("effective_deadline").asc(nulls_last=True),
            "directive__notice_id",
            "directive__position",
            "pk",
        )

    def timeliness_counts(self, today: date) -> dict[str, int]:
        """How many parts fall in each timeliness category, counted in one query."""
        rows = self.with_timeliness(today).order_by().values("timeliness").annotate(count=models.Count("id"))
        counts = dict.fromkeys(Timeliness.values, 0)
        counts.update({row["timeliness"]: row["count"] for row in rows})
        return counts

    def overdue_ageing(self, today: date, by: str | None = None):
        """How many of these parts are overdue as of `today` in each band of OVERDUE_AGEING (days past the
        deadline), counted in one query: a list of counts in the bands' order, or with `by` (a field, e.g.
        "agency_id") such a list for each of its values. The one bucketing of the dashboard and digests."""
        bands = overdue_ageing_bands(today)
        overdue = self.in_timeliness([Timeliness.OVERDUE], today).order_by()
        if by is None:
            counted = overdue.aggregate(**bands)
            return [counted[band] for band in bands]
        return {row[by]: [row[band] for band in bands] for row in overdue.values(by).annotate(**bands)}


def overdue_ageing_bands(today: date) -> dict[str, Count]:
    """The counts of overdue parts in each band of OVERDUE_AGEING as of `today` (`aged_0`, `aged_1`, …), to
    aggregate over parts that are overdue: the one bucketing, which `overdue_ageing` counts."""
    return {
        f"aged_{index}": Count("id", filter=_overdue_for(today, first, last))
        for index, (first, last, _label) in enumerate(OVERDUE_AGEING)
    }


def _overdue_for(today: date, first: int, last: int | None) -> Q:
    """Overdue for `first` to `last` days (no end: None) as of `today`: the deadline that many days before."""
    condition = Q(effective_deadline__lte=today - timedelta(days=first))
    if last is None:
        return condition
    return condition & Q(effective_deadline__gte=today - timedelta(days=last))


class ProgressUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The history entries of the tasks the user may see (their evidence files too)."""
        from directives.models import Directive

        if sees_all_directives(user):
            return self.all()
        return self.filter(part__directive__in=Directive.objects.visible_to(user))

    def update(self, **kwargs):
        raise TypeError("Progress updates are append-only.")

    def delete(self):
        raise TypeError("Progress updates are append-only.")


class DocumentReadingQuerySet(models.QuerySet):
    def of(self, user):
        """The readings `user` started: nobody else sees an uploaded file or its text."""
        return self.filter(uploaded_by=user)

    def never_confirmed_since(self, moment):
        """The readings uploaded before `moment` from which no notice was ever saved."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class ExtensionRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The requests on the tasks the user may see (as their history shows them)."""
        return self.visible_in(*visibility_of(user))

    def visible_in(self, shape: str, keys: tuple[int, ...]):
        """`visible_to` a user of this `visibility_of`."""
        from directives.models import Directive

        if shape == SEES_EVERY_AGENCY:
            return self.all()
        return self.filter(part__directive__in=Directive.objects.visible_in(shape, keys))

    def pending(self):
        """The requests waiting for the office's decision."""
        return self.filter(status=ExtensionRequestStatus.PENDING)

    def queue(self):
        """The office's queue: the pending requests, the nearest deadline first, ready to list."""
        return (
            self.pending()
            .select_related("part__agency", "part__directive__notice", "requested_by")
            .order_by("deadline_when_requested", "created_at", "pk")
        )
