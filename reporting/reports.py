"""The period report: per agency, the tasks due in a period and how they stand, ranked by share on time."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.permissions import sees_all_directives
from agencies.models import Agency
from directives.choices import TaskStatus, Timeliness
from directives.forms import DayFirstDateInput
from directives.models import Part
from reporting.models import RatingBand

# What a period report counts of the parts due in the period (a part with no deadline is never due).
REPORTED = [
    Timeliness.COMPLETED_ON_TIME,
    Timeliness.COMPLETED_LATE,
    Timeliness.OVERDUE,
    Timeliness.IN_PROGRESS_ON_TIME,
]


class ReportPeriodForm(forms.Form):
    """The period of deadlines a report covers, typed dd/mm/yyyy: `?from=…&to=…`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword: the fields are named as the address writes them.
        self.fields["from"] = forms.DateField(label=_("Deadlines from"), widget=DayFirstDateInput())
        self.fields["to"] = forms.DateField(label=_("to"), widget=DayFirstDateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]


def default_period(today: date) -> tuple[date, date]:
    """This year so far: from 1 January to today."""
    return date(today.year, 1, 1), today


def reported_parts(user):
    """The parts a person's report covers: every agency's for the office and leaders, else their agency's."""
    parts = Part.objects.exclude(status=TaskStatus.CANCELLED)
    if sees_all_directives(user):
        return parts
    return parts.filter(agency_id=user.agency_id) if user.agency_id else parts.none()


@dataclass
class AgencyRow:
    """One agency's line of the report."""

    agency_id: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    band: RatingBand | None = None
    links: dict[str, str] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[str, str, int, str | None]]:
        """(category, its label, count, link to those parts in the task list) in the report's column order."""
        return [
            (category.value, category.label, self.counts[category.value], self.links.get(category.value))
            for category in REPORTED
        ]

    @property
    def due(self) -> int:
        return sum(self.counts.values())

    @property
    def share_on_time(self) -> float | None:
        """Completed on time, in per cent of the parts due in the period (None when none were due)."""
        if not self.due:
            return None
        return round(100 * self.counts[Timeliness.COMPLETED_ON_TIME] / self.due, 1)


def agency_report(parts, start: date, end: date, today: date) -> list[AgencyRow]:
    """Per lead agency, its parts due between `start` and `end` in each timeliness category as of
    `today`, ranked by the share completed on time (then by how many were due).

    Counted in one grouped query; the same parts are what the task list shows when filtered by agency,
    deadline between `start` and `end`, and timeliness: each count links there.
    """
    groups = (
        parts.filter(effective_deadline__range=(start, end))
        .with_timeliness(today)
        .order_by()
        .values_list("agency_id", "timeliness")
        .annotate(count=Count("id"))
    )
    rows: dict[int, AgencyRow] = {}
    for agency_id, timeliness, count in groups:
        row = rows.setdefault(
            agency_id, AgencyRow(agency_id, "", {category.value: 0 for category in REPORTED})
        )
        row.counts[timeliness] = row.counts.get(timeliness, 0) + count
    names = dict(Agency.objects.filter(pk__in=rows).values_list("pk", "name"))
    bands = list(RatingBand.objects.order_by("-minimum_share"))
    period = {"deadline_after": start.strftime("%d/%m/%Y"), "deadline_before": end.strftime("%d/%m/%Y")}
    task_list = reverse("directives:directive_list")
    counted = [status for status in TaskStatus.values if status != TaskStatus.CANCELLED]
    for row in rows.values():
        row.name = names[row.agency_id]
        row.band = RatingBand.objects.band_for(row.share_on_time, bands)
        query = {"agency": row.agency_id, **period}
        row.links = {"due": f"{task_list}?{urlencode({**query, 'status': counted}, doseq=True)}"} | {
            category.value: f"{task_list}?{urlencode({**query, 'timeliness': category.value})}"
            for category in REPORTED
        }
    return sorted(rows.values(), key=lambda row: (-(row.share_on_time or 0), -row.due, row.name))


def report_totals(rows: list[AgencyRow]) -> AgencyRow:
    """The whole report's line: the sums of the agencies' counts."""
    total = AgencyRow(0, str(_("All agencies")), {category.value: 0 for category in REPORTED})
    for row in rows:
        for category, count in row.counts.items():
            total.counts[category] += count
    total.band = RatingBand.objects.band_for(total.share_on_time)
    return total
