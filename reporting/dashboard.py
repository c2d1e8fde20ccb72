"""The office's dashboard: counts in the reporting categories, per agency, overdue, charts."""

import functools
import hashlib
import pickle
from datetime import date
from operator import itemgetter

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import router
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property, lazy
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from directives import counts
from directives.choices import OVERDUE_AGEING, TaskStatus, Timeliness
from directives.forms import DayFirstDateInput
from directives.models import ExtensionRequest, Part
from directives.querysets import SEES_EVERY_AGENCY, SEES_OWN_AGENCY, overdue_ageing_bands, visibility_of
from notifications.escalation_rows import QUEUE_ROW_VALUES
from notifications.models import Escalation
from tasktracker.pagination import without_parallel_workers
from tasktracker.statements import PLACEHOLDER_KEY, PreparedQuery, PreparedValues

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
AGENCIES_SHOWN = 50
TREND_MONTHS = 12
OVERDUE_SHOWN = 20
ESCALATIONS_SHOWN = 30
FIGURES_KEPT_FOR = 6 * 60 * 60  # seconds; a new count version or a new day counts afresh anyway
# With a cache of the process's own, another process's change cannot raise this process's counts version.
FIGURES_KEPT_LOCALLY_FOR = 60


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


def counted_parts(date_range: tuple[date | None, date | None], today: date, agency_id: int | None = None):
    """The parts a dashboard counts: of the notices dated in the period, only `agency_id`'s when given
    (an agency's own dashboard), every agency's otherwise; with their timeliness as of `today`."""
    parts = Part.objects.from_notices_dated(*date_range).with_timeliness(today)
    return parts if agency_id is None else parts.filter(agency_id=agency_id)


def build(
    date_range: tuple[date | None, date | None],
    today: date,
    agencies_shown: int | None = None,
    agency_id: int | None = None,
) -> dict:
    """Everything the dashboard shows, in a fixed number of queries whatever the number of tasks;
    the per-agency table has the `agencies_shown` agencies with the most overdue (None: all of them).
    With `agency_id`, an agency's own dashboard: its parts alone.

    The overall counts are the sums of the per-agency rows (every part has exactly one agency).

    What the figures' sections alone show (kept rendered under `figures_key`) is worked out when the template
    first reads it (`SimpleLazyObject`, `lazy`): on most views it reads those sections from the cache, and
    neither unpickles the agencies' rows nor reads the overdue parts nor draws the charts.
    """
    figures = figures_as_counted(date_range, today, agency_id)
    counts = dict(zip(CATEGORIES, figures.sums, strict=True))
    total = sum(counts.values())
    links = SimpleLazyObject(lambda: _ListLinks(_period_query(*date_range)))
    agencies_listed = (
        figures.agency_count if agencies_shown is None else min(figures.agency_count, agencies_shown)
    )

    def bars() -> list[dict]:
        per_agency = figures.rows[0]
        for row in per_agency[:AGENCIES_IN_CHART]:
            row["url"] = links.joined(urlencode({"agency": row["agency_id"]}))
        return stacked_bars(per_agency[:AGENCIES_IN_CHART])

    return {
        "counts": SimpleLazyObject(
            lambda: [
                (
                    category.value,
                    category.label,
                    counts[category],
                    links.to(timeliness=category),
                    share(counts[category], total),
                )
                for category in CATEGORIES
            ]
        ),
        "total": total,
        "per_agency": SimpleLazyObject(lambda: figures.rows[0][:agencies_listed]),
        "agencies_listed": agencies_listed,
        "links": links,
        "agency_count": figures.agency_count,
        "categories": [(category.value, category.label) for category in CATEGORIES],
        "overdue": SimpleLazyObject(
            lambda: overdue_parts(counted_parts(date_range, today, agency_id), today)
        ),
        "overdue_count": counts[Timeliness.OVERDUE],
        "overdue_url": lazy(links.to, str)(timeliness=Timeliness.OVERDUE),
        "ageing": SimpleLazyObject(lambda: ageing_bands(figures.rows[2])),
        "bars": SimpleLazyObject(bars),
        "trend": SimpleLazyObject(lambda: trend_points(trend_days(today), figures.rows[1])),
        "today": today,
        # What the figures' sections of the page (the overdue list's too: its parts, their tasks, notices and
        # agencies are counted under the same versions) are rendered from, so they are kept rendered under it.
        "figures_key": ":".join(
            str(value)
            for value in (agency_id, today, *date_range, agencies_shown, get_language(), figures.state)
        ),
        "figures_kept_for": figures_kept_for(),
    }


# The office's escalation queue as its rows show it (`notifications.escalation_rows`): the same statement for
# every view, its SQL compiled once.
escalation_queue = PreparedQuery(
    Escalation,
    lambda: Escalation.objects.queue().values(*QUEUE_ROW_VALUES)[:ESCALATIONS_SHOWN],
    placeholders=(),
)


def _extension_requests_to_decide(shape: str, *agency_keys: int):
    """The pending extension requests on the tasks seen by a person of this shape of `visibility_of`."""
    return ExtensionRequest.objects.visible_in(shape, agency_keys).queue()[:ESCALATIONS_SHOWN]


# One statement per shape of whose tasks a person sees, run with the person's agency: its SQL compiled once.
_extension_queue = {
    SEES_EVERY_AGENCY: PreparedQuery(
        ExtensionRequest, functools.partial(_extension_requests_to_decide, SEES_EVERY_AGENCY), placeholders=()
    ),
    SEES_OWN_AGENCY: PreparedQuery(
        ExtensionRequest,
        functools.partial(_extension_requests_to_decide, SEES_OWN_AGENCY),
        (PLACEHOLDER_KEY,),
    ),
}


def extension_requests_to_decide(user) -> list:
    """The first ESCALATIONS_SHOWN pending extension requests on the tasks `user` may see, nearest deadline
    first, with their parts, tasks, notices and agencies."""
    shape, keys = visibility_of(user)
    queue = _extension_queue.get(shape)
    return [] if queue is None else queue(*keys)


def share(count: int, total: int) -> float | None:
    """`count` as a percentage of `total`, to one decimal (None when there is nothing to share)."""
    return round(100 * count / total, 1) if total else None


def ageing_bands(counts: list[int]) -> list[dict]:
    """The overdue ageing bands (OVERDUE_AGEING) with their counts and shares of the overdue."""
    overdue = sum(counts)
    return [
        {"label": label, "count": count, "share": share(count, overdue)}
        for (_first, _last, label), count in zip(OVERDUE_AGEING, counts, strict=True)
    ]


def counted_figures(
    date_range: tuple[date | None, date | None], today: date, agency_id: int | None = None
) -> tuple[list, list, list]:
    """The per-agency rows, the trend and the ageing (`figures_as_counted`, without their state)."""
    return figures_as_counted(date_range, today, agency_id).rows


class CountedFigures:
    """A dashboard's figures as counted (`figures_as_counted`): the state they were counted in, the sums in
    each of CATEGORIES, how many agencies have parts counted, and `rows`: the per-agency rows, the trend and
    the ageing, unpickled when first read."""

    def __init__(self, state: str, sums: tuple[int, ...], agency_count: int, packed_rows: bytes):
        self.state = state
        self.sums = sums
        self.agency_count = agency_count
        self.packed_rows = packed_rows

    @classmethod
    def of(cls, state: str, rows: tuple[list, list, list]) -> "CountedFigures":
        per_agency = rows[0]
        sums = tuple(sum(map(itemgetter(category.value), per_agency)) for category in CATEGORIES)
        figures = cls(state, sums, len(per_agency), pickle.dumps(rows, pickle.HIGHEST_PROTOCOL))
        figures.__dict__["rows"] = rows
        return figures

    @cached_property
    def rows(self) -> tuple[list, list, list]:
        return pickle.loads(self.packed_rows)

    def __reduce__(self):
        return (CountedFigures, (self.state, self.sums, self.agency_count, self.packed_rows))


def figures_as_counted(
    date_range: tuple[date | None, date | None], today: date, agency_id: int | None = None
) -> CountedFigures:
    """The figures with the state they were counted in: the per-agency rows (`agency_rows`), how many parts
    were overdue at each of `trend_days(today)` and the overdue ageing (`OVERDUE_AGEING`), of every agency's
    parts or of `agency_id`'s alone, each the sum of the agencies' own figures (`agency_figures`), every part
    having exactly one agency. The state is the counts versions of every agency counted (and the global
    one): it changes whenever the figures may, so what is made of them alone can be kept under it.

    The sums are kept too, filed under the global and the changes versions (`counts.changes`), so a view after
    which nothing changed reads two cache entries: neither the agencies (names) nor their 500 versions. The
    rows are kept pickled inside that entry (`CountedFigures`): a view whose sections are kept rendered reads
    the sums and the state without unpickling 500 agencies' rows."""
    number, changed = counts.changes()  # first: whether a version moved lately (then reads go to the primary)
    # One entry per dashboard and period, replaced as versions move (not one kept for each state). The "2"
    # is the entry's shape (CountedFigures): entries an earlier release left in a shared cache are not read.
    key = f"dashboard-figures-2:{agency_id}:{today}:{date_range[0]}:{date_range[1]}"
    seen, kept = cache.get(key, (None, None))
    if seen == (number, changed):
        return kept
    # The agencies' names go into the figures kept under their versions.
    agencies = Agency.objects.order_by()
    if agency_id is not None:
        agencies = agencies.filter(pk=agency_id)
    names = dict(agencies.values_list("pk", "name"))
    number_now, versions = counts.versions(names)
    all_versions = hashlib.blake2b(repr(sorted(versions.items())).encode(), digest_size=16).hexdigest()
    figures = agency_figures(versions, number_now, date_range, today, agency_id)
    trend = [sum(column) for column in zip(*(own[1] for own in figures.values()), strict=True)]
    ageing = [sum(column) for column in zip(*(own[2] for own in figures.values()), strict=True)]
    counted = CountedFigures.of(
        f"{number_now}:{all_versions}",
        (
            agency_rows(figures, names),
            trend or [0] * len(trend_days(today)),
            ageing or [0] * len(OVERDUE_AGEING),
        ),
    )
    # Filed under the versions read before the agencies' own: figures at least as new as they promise.
    cache.set(key, ((number, changed), counted), figures_kept_for())
    return counted


def count_the_day(today: date) -> None:
    """Count the province dashboard's figures for `today` (every period's default: all time) ahead of the
    day's first view: the date is in every figure's key, so otherwise the first person to open the dashboard
    each day waits for every agency to be counted (741 ms at 1M tasks). Of use with a cache every process
    shares (Redis in production); a process's own cache keeps them for this process alone."""
    counted_figures((None, None), today)


def agency_figures(
    versions: dict[int, int],
    number: int,
    date_range: tuple[date | None, date | None],
    today: date,
    agency_id: int | None = None,
) -> dict[int, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """Each agency's figures as of `today` for the period: its parts in each of CATEGORIES, overdue at each
    of `trend_days(today)`, and overdue in each band of OVERDUE_AGEING; for each agency of `versions` (its
    counts version, and `number` the global one, read before counting: `directives.counts.versions`), of the
    dashboard of `agency_id` (None: the province's).

    Counting goes over every part (the slow part of the dashboard), so each agency's figures are kept with
    the counts version they were counted under, which every change to its parts, their tasks and notices, or
    the agency raises once committed: a reader never gets figures older than the data it can see, and after
    a change only the agencies whose versions moved are counted again, in one grouped pass over their parts.
    The versions are read before counting, so figures are never filed under a version older than the data
    they count. The figures of every agency of a dashboard are kept in one entry (one read, not 500)."""
    key = f"dashboard-agency-figures:{agency_id}:{today}:{date_range[0]}:{date_range[1]}"
    kept_number, kept_versions, kept = cache.get(key, (None, {}, {}))
    figures = {
        agency: kept[agency]
        for agency, version in versions.items()
        if kept_number == number and kept_versions.get(agency) == version and agency in kept
    }
    stale = [agency for agency in versions if agency not in figures]
    if stale:
        # Counting some agencies costs a pass over their parts; past half of them, one over every part.
        counted = count_agencies(date_range, today, None if 2 * len(stale) > len(versions) else stale)
        nothing = ((0,) * len(CATEGORIES), (0,) * len(trend_days(today)), (0,) * len(OVERDUE_AGEING))
        figures.update({agency: counted.get(agency, nothing) for agency in stale})
        cache.set(key, (number, versions, figures), figures_kept_for())
    return figures


def count_agencies(
    date_range: tuple[date | None, date | None], today: date, agency_ids: list[int] | None
) -> dict[int, tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """The figures of `agency_ids` (None: every agency with parts) counted afresh, in two queries whatever
    the number of agencies: per agency and category with the ageing, and the trend."""
    days = trend_days(today)
    if agency_ids is not None and len(agency_ids) == 1:
        # One agency changed, as after most changes: the same two queries, their SQL compiled once a day.
        # Serially: each is a walk of one agency's stretch of an index, which PostgreSQL plans in parallel
        # for a busy agency at a million tasks and then spends longer starting its workers (the trend: 29 to
        # 37 ms against 7.5 ms serially, 46,428 parts).
        with without_parallel_workers(router.db_for_read(Part)):
            groups = _one_agency_category_groups(agency_ids[0], date_range, today)
            trend_groups = _one_agency_overdue_groups(agency_ids[0], date_range, today)
    else:
        parts = counted_parts(date_range, today)
        if agency_ids is not None:
            parts = parts.filter(agency_id__in=agency_ids)
        groups = _category_groups(parts, today)
        trend_groups = _overdue_groups(parts, days, "agency_id")
    categories, ageing = _tally_categories(groups, today)
    trend = {row["agency_id"]: [row[f"d{index}"] for index in range(len(days))] for row in trend_groups}
    no_trend, no_ageing = (0,) * len(days), (0,) * len(OVERDUE_AGEING)
    return {
        agency_id: (
            tuple(categories.get(agency_id, {}).get(category.value, 0) for category in CATEGORIES),
            tuple(trend.get(agency_id, no_trend)),
            tuple(ageing.get(agency_id, no_ageing)),
        )
        for agency_id in {*categories, *trend, *ageing}
    }


def _one_agency_parts(agency_id: int, date_range: tuple[date | None, date | None], today: date):
    return counted_parts(date_range, today).filter(agency_id__in=[agency_id])


_one_agency_category_groups = PreparedValues(
    Part,
    lambda agency_id, date_range, today: _category_groups(
        _one_agency_parts(agency_id, date_range, today), today
    ),
)
_one_agency_overdue_groups = PreparedValues(
    Part,
    lambda agency_id, date_range, today: _overdue_groups(
        _one_agency_parts(agency_id, date_range, today), trend_days(today), "agency_id"
    ),
)


def agency_rows(figures: dict, names: dict[int, str]) -> list[dict]:
    """Per agency with parts counted: its parts in each reporting category and in all, most overdue first."""
    rows = []
    for agency_id, (counted, _trend, _ageing) in figures.items():
        total = sum(counted)
        if total:
            rows.append(
                {
                    "agency_id": agency_id,
                    "agency__name": names[agency_id],
                    "total": total,
                    **{category.value: count for category, count in zip(CATEGORIES, counted, strict=True)},
                }
            )
    return sorted(rows, key=lambda row: (-row[Timeliness.OVERDUE], -row["total"], row["agency__name"]))


def agency_table(date_range: tuple[date | None, date | None], today: date, agency_id: int | None = None):
    """The dashboard's per-agency table, every agency of it (for its export): each row's counts and shares."""
    per_agency, _trend, _ageing = counted_figures(date_range, today, agency_id)
    for row in per_agency:
        row["shares"] = [share(row[category.value], row["total"]) for category in CATEGORIES]
    return per_agency


def figures_kept_for() -> int:
    """How long counted figures are kept: hours with a cache shared by every process (Redis), whose
    counts versions every process raises; a minute with the default cache of each process's own."""
    return FIGURES_KEPT_LOCALLY_FOR if isinstance(caches["default"], LocMemCache) else FIGURES_KEPT_FOR


def per_agency_counts(parts, today: date) -> tuple[dict[int, dict[str, int]], dict[int, list[int]]]:
    """Per lead agency: how many of its parts are in each reporting category (those it has any in), and how
    many of its overdue parts are in each band of OVERDUE_AGEING (those with any overdue).

    `parts` must carry `timeliness` (PartQuerySet.with_timeliness) as of `today`. Cancelled parts are
    not counted. Counted per agency and category in one pass over the parts alone, so the timeliness of a
    part is worked out once and no other table is joined to every part; the ageing bands are counted in
    the same pass, and read in the overdue group alone.
    """
    return _tally_categories(_category_groups(parts, today), today)


def _category_groups(parts, today: date):
    """`per_agency_counts`' query: a row per agency and category, with the ageing bands."""
    return (
        parts.exclude(status=TaskStatus.CANCELLED)
        .order_by()
        .values("agency_id", "timeliness")
        .annotate(count=Count("id"), **overdue_ageing_bands(today))
    )


def _tally_categories(groups, today: date) -> tuple[dict[int, dict[str, int]], dict[int, list[int]]]:
    bands = overdue_ageing_bands(today)
    counted: dict[int, dict[str, int]] = {}
    ageing: dict[int, list[int]] = {}
    for group in groups:
        counted.setdefault(group["agency_id"], {})[group["timeliness"]] = group["count"]
        if group["timeliness"] == Timeliness.OVERDUE:
            ageing[group["agency_id"]] = [group[band] for band in bands]
    return counted, ageing


def statistics(date_range: tuple[date | None, date | None], today: date) -> dict:
    """The dashboard's numbers for the API: overall and per agency, in the reporting categories."""
    rows, _trend, _ageing = counted_figures(date_range, today)
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
    """The `limit` parts overdue the longest, oldest deadline first (the urgency order, which the
    database reads along an index and stops at `limit`)."""
    overdue = parts.in_timeliness([Timeliness.OVERDUE], today)
    return list(overdue.by_urgency().select_related("directive__notice", "agency").only_row_columns()[:limit])


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


def overdue_at(parts, days: list[date], by: str | None = None):
    """How many of `parts` were overdue at the end of each of `days`: the task's notice was out, the
    deadline had passed and the part was not yet completed then. Extensions count as granted from the
    start; cancelled parts are not counted. A list of counts in the order of `days`, or with `by` (a field,
    e.g. "agency_id") such a list for each of its values that has any candidate part.

    Only parts whose deadline has passed and that were still open on the first day can count, so the
    conditions are evaluated on those alone.
    """
    if not days:
        return [] if by is None else {}
    if by is None:
        counted = _overdue_candidates(parts, days).aggregate(**_overdue_on_days(days))
        return [counted[f"d{index}"] for index in range(len(days))]
    return {
        row[by]: [row[f"d{index}"] for index in range(len(days))] for row in _overdue_groups(parts, days, by)
    }


def _overdue_candidates(parts, days: list[date]):
    """The parts that can have been overdue on any of `days` (see `overdue_at`)."""
    return (
        parts.exclude(status=TaskStatus.CANCELLED)
        .filter(effective_deadline__lt=days[-1])
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=days[0]))
        .order_by()
    )


def _overdue_on_days(days: list[date]) -> dict:
    return {f"d{index}": Count("id", filter=_overdue_on(day)) for index, day in enumerate(days)}


def _overdue_groups(parts, days: list[date], by: str):
    """`overdue_at`'s query by `by`: a row per value, with its count on each day as d0, d1, …"""
    return _overdue_candidates(parts, days).values(by).annotate(**_overdue_on_days(days))


def _overdue_on(day: date) -> Q:
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
    return day + relativedelta(day=31)


def _add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s."""
    return day + relativedelta(months=months, day=1)
