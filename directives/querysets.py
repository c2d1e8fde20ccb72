from datetime import date
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from accounts.permissions import sees_all_directives
from directives.choices import TaskStatus, Timeliness
from tasktracker.vietnamese import fold

# Whether a part is finished (done or cancelled): what `open()` excludes, and the first key of the urgency
# order and of the index that serves it (`assignment_urgency_idx`), which must be the same expression.
FINISHED = Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
IS_FINISHED = ExpressionWrapper(FINISHED, output_field=models.BooleanField())


def timeliness_condition(category: str, today: date) -> Q:
    """The condition that a part is of the timeliness `category` as of `today`, as
    `AssignmentQuerySet.with_timeliness` decides it."""
    done = Q(status=TaskStatus.DONE)
    done_on_time = done & (Q(effective_deadline__isnull=True) | Q(completed_on__lte=F("effective_deadline")))
    done_late = done & Q(completed_on__gt=F("effective_deadline"))  # a done part has its completion date
    return {
        Timeliness.CANCELLED: Q(status=TaskStatus.CANCELLED),
        Timeliness.COMPLETED_ON_TIME: done_on_time,
        Timeliness.COMPLETED_LATE: done_late,
        Timeliness.NO_DEADLINE: ~FINISHED & Q(effective_deadline__isnull=True),
        Timeliness.IN_PROGRESS_ON_TIME: ~FINISHED & Q(effective_deadline__gte=today),
        Timeliness.OVERDUE: ~FINISHED & Q(effective_deadline__lt=today),
    }[Timeliness(category)]


def containing_words(words: str, search_text_path: str) -> Q:
    """The condition that a task's folded search text contains `words`, folded the same way."""
    folded = fold(words)
    return Q(**{f"{search_text_path}__contains": folded}) if folded else Q()


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every notice for those who see all; otherwise the notices that give the user's agency a task."""
        if sees_all_directives(user):
            return self.all()
        agency_id = getattr(user, "agency_id", None)
        if agency_id is None:
            return self.none()
        from directives.models import Directive

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
        if sees_all_directives(user):
            return self.all()
        agency_id = getattr(user, "agency_id", None)
        if agency_id is None:
            return self.none()
        from directives.models import Assignment, Directive

        supporting = Directive.supporting_agencies.through.objects.filter(
            directive=OuterRef("pk"), agency=agency_id
        )
        leading = Assignment.objects.filter(directive=OuterRef("pk"), agency=agency_id)
        return self.filter(Exists(leading) | Exists(supporting))

    def tasks(self):
        """Items that are tracked themselves (not headings that only group others)."""
        return self.filter(is_heading=False)

    def search(self, words: str):
        """Tasks whose words contain `words`, ignoring case and diacritics."""
        return self.filter(containing_words(words, "search_text"))


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The lead agencies' parts of the tasks the user may see."""
        from directives.models import Directive

        if sees_all_directives(user):
            return self.all()
        return self.filter(directive__in=Directive.objects.visible_to(user))

    def search(self, words: str):
        """Parts of the tasks whose words contain `words`, ignoring case and diacritics."""
        return self.filter(containing_words(words, "directive__search_text"))

    def of_tasks_supported_by(self, agency_id: int):
        """Parts of the tasks the agency supports (looked up by task, without joining the tasks)."""
        from directives.models import Directive

        supported = Directive.supporting_agencies.through.objects.filter(agency_id=agency_id)
        return self.filter(directive_id__in=supported.values("directive_id"))

    def open(self):
        """Parts still to be finished: neither done nor cancelled."""
        return self.exclude(FINISHED)

    def bulk_create(self, objs, *args, **kwargs):
        """Create parts as save() would: each with its `effective_deadline` (its task must be set), and
        the dashboard's counts version raised."""
        from directives.models import CountsVersion

        parts = list(objs)
        for part in parts:
            part.effective_deadline = part.deadline
        created = super().bulk_create(parts, *args, **kwargs)
        CountsVersion.raise_number()
        return created

    def with_timeliness(self, today: date):
        """Annotate `timeliness` (a Timeliness value), evaluated by the database as of `today`.

        Done parts count on time when completed on or before the deadline (or when there was none);
        open parts are within the deadline up to and including its day, overdue from the day after.
        """
        return self.annotate(
            timeliness=Case(
                When(status=TaskStatus.CANCELLED, then=Value(Timeliness.CANCELLED)),
                When(
                    Q(status=TaskStatus.DONE)
                    & (Q(effective_deadline__isnull=True) | Q(completed_on__lte=F("effective_deadline"))),
                    then=Value(Timeliness.COMPLETED_ON_TIME),
                ),
                When(status=TaskStatus.DONE, then=Value(Timeliness.COMPLETED_LATE)),
                When(effective_deadline__isnull=True, then=Value(Timeliness.NO_DEADLINE)),
                When(effective_deadline__gte=today, then=Value(Timeliness.IN_PROGRESS_ON_TIME)),
                default=Value(Timeliness.OVERDUE),
                output_field=models.CharField(choices=Timeliness.choices),
            )
        )

    def in_timeliness(self, categories, today: date):
        """Parts of any of the timeliness `categories` as of `today`: the same parts as filtering
        `with_timeliness` by them, through conditions on the parts' own columns, which the urgency index
        (`assignment_urgency_idx`) serves where the CASE of `with_timeliness` would be worked out for every
        part ("overdue" is unfinished with a deadline before today)."""
        conditions = (timeliness_condition(category, today) for category in categories)
        return self.filter(reduce(or_, conditions, Q()))

    def from_notices_dated(self, start: date | None, end: date | None):
        """Parts of tasks from notices dated in the range; None leaves that end of the range open.

        A draft has no issue date: its meeting date stands in.
        """
        if not start and not end:
            return self
        parts = self.annotate(
            notice_date=Coalesce("directive__notice__issued_on", "directive__notice__meeting_on")
        )
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


class ProgressUpdateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Progress updates are append-only.")

    def delete(self):
        raise TypeError("Progress updates are append-only.")
