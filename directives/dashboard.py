"""The office's dashboard: counts in the reporting categories, per agency, overdue, charts."""

from datetime import date, timedelta

from django import forms
from django.db.models import Count, Q
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
    """Everything the dashboard shows, in a fixed number of queries whatever the number of tasks."""
    parts = Assignment.objects.from_notices_dated(*date_range).with_timeliness(today)
    counts = parts.timeliness_counts(today)
    period_query = _period_query(*date_range)
    per_agency = per_agency_counts(parts)
    for row in per_agency:
        row["cells"] = [
            (
                category.label,
                row[category.value],
                _list_url(period_query, agency=row["agency_id"], timeliness=category),
            )
            for category in CATEGORIES
        ]
        row["url"] = _list_url(period_query, agency=row["agency_id"])
    overdue = (
        parts.filter(timeliness=Timeliness.OVERDUE)
        .select_related("directive__notice", "agency")
        .order_by("effective_deadline", "directive__position")[:OVERDUE_SHOWN]
    )
    return {
        "counts": [
            (category.value, category.label, counts[category], _list_url(period_query, timeliness=category))
            for category in CATEGORIES
        ],
        "total": sum(counts[category] for category in CATEGORIES),
        "per_agency": per_agency,
        "categories": [(category.value, category.label) for category in CATEGORIES],
        "overdue": overdue,
        "overdue_count": counts[Timeliness.OVERDUE],
        "overdue_url": _list_url(period_query, timeliness=Timeliness.OVERDUE),
        "bars": stacked_bars(per_agency[:AGENCIES_IN_CHART]),
        "trend": overdue_trend(Assignment.objects.from_notices_dated(*date_range).with_deadline(), today),
        "today": today,
    }


def per_agency_counts(parts) -> list[dict]:
    """Per lead agency: its parts in each reporting category and in all, most overdue first.

    `parts` must carry `timeliness` (AssignmentQuerySet.with_timeliness).
    """
    return list(
        parts.exclude(timeliness=Timeliness.CANCELLED)
        .values("agency_id", "agency__name")
        .annotate(
            total=Count("id"),
            **{category.value: Count("id", filter=Q(timeliness=category)) for category in CATEGORIES},
        )
        .order_by("-overdue", "-total", "agency__name")
    )


def statistics(date_range: tuple[date | None, date | None], today: date) -> dict:
    """The dashboard's numbers for the API: overall and per agency, in the reporting categories."""
    parts = Assignment.objects.from_notices_dated(*date_range).with_timeliness(today)
    counts = parts.timeliness_counts(today)
    return {
        "as_of": today,
        "start": date_range[0],
        "end": date_range[1],
        "overall": {category.value: counts[category] for category in CATEGORIES},
        "by_agency": [
            {
                "agency": {"id": row["agency_id"], "name": row["agency__name"]},
                "total": row["total"],
                **{category.value: row[category.value] for category in CATEGORIES},
            }
            for row in per_agency_counts(parts)
        ],
    }


def _period_query(start: date | None, end: date | None) -> dict:
    """The directive list's filter for the same period, so the dashboard's links show what it counted."""
    query = {}
    if start:
        query["notice_date_after"] = start.strftime("%d/%m/%Y")
    if end:
        query["notice_date_before"] = end.strftime("%d/%m/%Y")
    return query


def _list_url(period_query: dict, **filters) -> str:
    return reverse("directives:directive_list") + "?" + urlencode({**filters, **period_query})


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


def overdue_trend(parts, today: date) -> list[dict]:
    """How many parts were overdue at the end of each of the last months (one query for all months).

    A part was overdue on a day if its notice was out, its deadline had passed and it was not yet
    completed then; extensions count as granted from the start, and cancelled parts are left out.
    """
    month_ends = [
        _month_end(_add_months(date(today.year, today.month, 1), -back)) for back in range(TREND_MONTHS)
    ]
    month_ends = sorted(min(day, today) for day in month_ends)
    counts = parts.exclude(status="cancelled").aggregate(
        **{
            f"d{index}": Count(
                "id",
                filter=Q(effective_deadline__lt=day)
                & (Q(notice_date__lte=day) | Q(notice_date__isnull=True, created_at__date__lte=day))
                & (Q(completed_on__isnull=True) | Q(completed_on__gt=day)),
            )
            for index, day in enumerate(month_ends)
        }
    )
    values = [counts[f"d{index}"] for index in range(len(month_ends))]
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
