"""The office's dashboard: counts in the reporting categories, per agency, overdue, charts."""

from datetime import date, timedelta

from django import forms
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from directives.choices import Timeliness
from directives.forms import DayFirstDateInput
from directives.models import Assignment

# The five categories the office reports in, in their usual order; cancelled parts are not counted.
CATEGORIES = [
    Timeliness.COMPLETED_ON_TIME,
    Timeliness.COMPLETED_LATE,
    Timeliness.IN_PROGRESS_ON_TIME,
    Timeliness.OVERDUE,
    Timeliness.NO_DEADLINE,
]
CATEGORY_COLOURS = {
    Timeliness.COMPLETED_ON_TIME: "#2e7d32",
    Timeliness.COMPLETED_LATE: "#f9a825",
    Timeliness.IN_PROGRESS_ON_TIME: "#1565c0",
    Timeliness.OVERDUE: "#c62828",
    Timeliness.NO_DEADLINE: "#78909c",
}
AGENCIES_IN_CHART = 15
TREND_MONTHS = 12
OVERDUE_SHOWN = 20
ESCALATIONS_SHOWN = 30


class PeriodForm(forms.Form):
    """Which notices the dashboard counts: by the date they were issued (or the meeting, for drafts)."""

    PRESETS = [
        ("", _("All time")),
        ("this_year", _("This year")),
        ("last_year", _("Last year")),
        ("this_quarter", _("This quarter")),
        ("custom", _("From … to …")),
    ]
    period = forms.ChoiceField(label=_("Period"), choices=PRESETS, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DayFirstDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DayFirstDateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return cleaned

    def date_range(self, today: date | None = None) -> tuple[date | None, date | None]:
        """The first and last day of the chosen period (None: open-ended)."""
        if not self.is_bound or not self.is_valid():
            return None, None
        today = today or date.today()
        period = self.cleaned_data.get("period")
        if period == "this_year":
            return date(today.year, 1, 1), date(today.year, 12, 31)
        if period == "last_year":
            return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        if period == "this_quarter":
            first_month = 3 * ((today.month - 1) // 3) + 1
            return date(today.year, first_month, 1), _month_end(date(today.year, first_month + 2, 1))
        if period == "custom":
            return self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return None, None


def build(date_range: tuple[date | None, date | None], today: date) -> dict:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of tasks.

    One pass over the parts counts them per agency in each category and at each month-end of the trend;
    the overall counts and the trend are the sums of those rows (every part has exactly one agency).
    """
    parts = Assignment.objects.from_notices_dated(*date_range).with_timeliness(today)
    month_ends = trend_days(today)
    per_agency = per_agency_counts(parts, month_ends)
    counts = {category: sum(row[category.value] for row in per_agency) for category in CATEGORIES}
    links = _ListLinks(_period_query(*date_range))
    cells = [(category, str(category.label), urlencode({"timeliness": category})) for category in CATEGORIES]
    for row in per_agency:
        agency = urlencode({"agency": row["agency_id"]})
        row["url"] = links.joined(agency)
        row["cells"] = [
            (label, row[category.value], links.joined(agency, only)) for category, label, only in cells
        ]
    return {
        "counts": [
            (category.value, category.label, counts[category], links.to(timeliness=category))
            for category in CATEGORIES
        ],
        "total": sum(counts.values()),
        "per_agency": per_agency,
        "categories": [(category.value, category.label) for category in CATEGORIES],
        "overdue": overdue_parts(parts, today),
        "overdue_count": counts[Timeliness.OVERDUE],
        "overdue_url": links.to(timeliness=Timeliness.OVERDUE),
        "bars": stacked_bars(per_agency[:AGENCIES_IN_CHART]),
        "trend": trend_points(
            month_ends, [sum(row[f"d{index}"] for row in per_agency) for index in range(len(month_ends))]
        ),
        "today": today,
    }


def per_agency_counts(parts, month_ends: list[date] = ()) -> list[dict]:
    """Per lead agency: its parts in each reporting category and in all, most overdue first; with
    `month_ends`, also `d0`, `d1`, … how many were overdue at the end of each (see `trend_points`).

    `parts` must carry `timeliness` (AssignmentQuerySet.with_timeliness) and `notice_date`
    (`from_notices_dated`) when `month_ends` are asked for. Cancelled parts are not counted.
    """
    rows = list(
        parts.exclude(timeliness=Timeliness.CANCELLED)
        .values("agency_id")
        .annotate(
            # Grouped by the id alone: with the name in the key too, PostgreSQL expects a group per row and
            # sorts them all on disk instead of hashing a few hundred groups.
            agency_name=Min("agency__name"),
            total=Count("id"),
            **{category.value: Count("id", filter=Q(timeliness=category)) for category in CATEGORIES},
            **{f"d{index}": Count("id", filter=_overdue_on(day)) for index, day in enumerate(month_ends)},
        )
        .order_by("-overdue", "-total", "agency_name")
    )
    for row in rows:
        row["agency__name"] = row.pop("agency_name")
    return rows


def statistics(date_range: tuple[date | None, date | None], today: date) -> dict:
    """The dashboard's numbers for the API: overall and per agency, in the reporting categories."""
    parts = Assignment.objects.from_notices_dated(*date_range).with_timeliness(today)
    rows = per_agency_counts(parts)
    return {
        "as_of": today,
        "start": date_range[0],
        "end": date_range[1],
        "overall": {category.value: sum(row[category.value] for row in rows) for category in CATEGORIES},
        "by_agency": [
            {
                "agency": {"id": row["agency_id"], "name": row["agency__name"]},
                "total": row["total"],
                **{category.value: row[category.value] for category in CATEGORIES},
            }
            for row in rows
        ],
    }


def overdue_parts(parts, today: date, limit: int = OVERDUE_SHOWN) -> list:
    """The `limit` parts overdue the longest, oldest deadline first.

    Sorting every part by its effective deadline (an extension, else the task's deadline) cannot use an
    index, since the two dates live in two tables. So parts without an extension are read along the
    task deadline index and parts with one along their own, each query stopping at `limit`, and the two
    short lists are merged. The deadline conditions only narrow the search: `timeliness` decides.
    """
    overdue = parts.filter(timeliness=Timeliness.OVERDUE).select_related("directive__notice", "agency")
    on_task_deadline = overdue.filter(extended_deadline__isnull=True, directive__deadline__lt=today).order_by(
        "directive__deadline", "directive__position", "pk"
    )
    on_extension = overdue.filter(extended_deadline__lt=today).order_by(
        "extended_deadline", "directive__position", "pk"
    )
    merged = [*on_task_deadline[:limit], *on_extension[:limit]]
    merged.sort(key=lambda part: (part.effective_deadline, part.directive.position, part.pk))
    return merged[:limit]


def _period_query(start: date | None, end: date | None) -> dict:
    """The directive list's filter for the same period, so the dashboard's links show what it counted."""
    query = {}
    if start:
        query["notice_date_after"] = start.strftime("%d/%m/%Y")
    if end:
        query["notice_date_before"] = end.strftime("%d/%m/%Y")
    return query


class _ListLinks:
    """Links to the task list filtered as a dashboard figure counts: the filters, then the same period.

    The dashboard links each agency and category (thousands of links for a province), so the list's
    address is looked up once and encoded filters are joined as text.
    """

    def __init__(self, period_query: dict):
        self.base = reverse("directives:directive_list")
        self.period = "&" + urlencode(period_query) if period_query else ""

    def to(self, **filters) -> str:
        return self.joined(urlencode(filters))

    def joined(self, *encoded: str) -> str:
        """The link with these encoded filters (`urlencode` output), in this order."""
        return f"{self.base}?{'&'.join(encoded)}{self.period}"


def stacked_bars(rows: list[dict], width: int = 100) -> list[dict]:
    """Per-agency horizontal bars, each split into the categories, as percentages of the largest bar."""
    largest = max((row["total"] for row in rows), default=0) or 1
    bars = []
    for row in rows:
        x, segments = 0.0, []
        for category in CATEGORIES:
            count = row[category.value]
            if count:
                share = width * count / largest
                segments.append(
                    {
                        "x": round(x, 2),
                        "width": round(share, 2),
                        "count": count,
                        "label": category.label,
                        "colour": CATEGORY_COLOURS[category],
                    }
                )
                x += share
        bars.append(
            {"url": row["url"], "name": row["agency__name"], "total": row["total"], "segments": segments}
        )
    return bars


def trend_days(today: date) -> list[date]:
    """The last day of each of the last months (today for the current one), oldest first."""
    month_ends = [
        _month_end(_add_months(date(today.year, today.month, 1), -back)) for back in range(TREND_MONTHS)
    ]
    return sorted(min(day, today) for day in month_ends)


def _overdue_on(day: date) -> Q:
    """Whether a part was overdue at the end of `day`: its notice was out, its deadline had passed and it
    was not yet completed then. Extensions count as granted from the start.
    """
    return (
        Q(effective_deadline__lt=day)
        & (Q(notice_date__lte=day) | Q(notice_date__isnull=True, created_at__date__lte=day))
        & (Q(completed_on__isnull=True) | Q(completed_on__gt=day))
    )


def trend_points(month_ends: list[date], values: list[int]) -> list[dict]:
    """The trend chart's bars: how many parts were overdue at each month-end, scaled to the highest."""
    highest = max(values, default=0) or 1
    return [
        {
            "day": day,
            "count": count,
            "height": round(100 * count / highest),
            "y": 100 - round(100 * count / highest),
        }
        for day, count in zip(month_ends, values, strict=True)
    ]


def _month_end(day: date) -> date:
    next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return next_month - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
