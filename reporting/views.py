from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import allowed_if
from accounts.permissions import (
    dashboard_agency_of,
    manages_directives,
    sees_dashboard,
    sees_province_dashboard,
    sees_reports,
    signed_in,
)
from agencies.models import Agency
from directives.models import Part
from notifications.services import undeliverable_addresses
from reporting import dashboard as dashboard_data
from reporting import workday_calendar as calendar_data
from reporting.reports import (
    REPORTED,
    ReportPeriodForm,
    agency_report,
    default_period,
    report_totals,
    reported_parts,
)
from tasktracker.spreadsheets import PERCENT_FORMAT, Column, workbook, xlsx_response

UNDELIVERABLE_SHOWN = 10


@allowed_if(sees_dashboard)
def dashboard(request):
    """The province's dashboard for the office and leaders; an agency's own (its parts alone) for its
    people."""
    period = dashboard_data.PeriodForm(request.GET or None)
    all_agencies = request.GET.get("agencies") == "all"
    agency_id = dashboard_agency_of(request.user)
    context = dashboard_data.build(
        period.date_range(),
        timezone.localdate(),
        agencies_shown=None if all_agencies else dashboard_data.AGENCIES_SHOWN,
        agency_id=agency_id,
    )
    province = sees_province_dashboard(request.user)
    escalations = dashboard_data.escalation_queue() if province else None
    extension_requests = dashboard_data.extension_requests_to_decide(request.user)
    # Addresses mail cannot reach, for the office to correct (it edits users and agencies).
    undeliverable = undeliverable_addresses(UNDELIVERABLE_SHOWN) if manages_directives(request.user) else None
    return render(
        request,
        "reporting/dashboard.html",
        {
            "period": period,
            "escalations": escalations,
            "extension_requests": extension_requests,
            "undeliverable": undeliverable,
            "own_agency": None if province else Agency.objects.get(pk=agency_id),
            **context,
        },
    )


@allowed_if(sees_dashboard)
def dashboard_export(request):
    """The dashboard's per-agency table as .xlsx: every agency of it, for the period asked for."""
    period = dashboard_data.PeriodForm(request.GET or None)
    if period.is_bound and not period.is_valid():
        page = dashboard(request)  # the dashboard, with what is wrong with the period
        page.status_code = 400
        return page
    today = timezone.localdate()
    start, end = period.date_range(today)
    rows = dashboard_data.agency_table((start, end), today, dashboard_agency_of(request.user))
    categories = dashboard_data.CATEGORIES
    columns = [
        Column(_("Agency"), 48),
        *(Column(category.label, 14) for category in categories),
        Column(_("Total"), 10),
        *(
            Column(_("%(category)s (share)") % {"category": category.label}, 14, PERCENT_FORMAT)
            for category in categories
        ),
    ]
    lines = [
        [
            row["agency__name"],
            *(row[category.value] for category in categories),
            row["total"],
            *(None if value is None else value / 100 for value in row["shares"]),
        ]
        for row in rows
    ]
    span = f"{start:%Y%m%d}-{end:%Y%m%d}" if start and end else f"{today:%Y%m%d}"
    return xlsx_response(f"bang-dieu-hanh-{span}.xlsx", workbook(_("Dashboard"), columns, lines))


@allowed_if(signed_in)
def workday_calendar(request, year=None):
    """The year's working days: every day off and make-up day, and the open tasks a change touches."""
    year = timezone.localdate().year if year is None else year
    if not calendar_data.FIRST_YEAR <= year <= calendar_data.LAST_YEAR:
        raise Http404(_("The calendar is kept for the years 1901 to 2100."))
    context = calendar_data.year_calendar(year)
    changes = calendar_data.changes_with_affected_parts(year, Part.objects.visible_to(request.user))
    return render(
        request,
        "reporting/workday_calendar.html",
        {
            "year": year,
            "changes": changes,
            "kind_labels": calendar_data.kind_labels(),
            "may_edit": manages_directives(request.user),
            "weekday_initials": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            **context,
        },
    )


def _report(request):
    """The period asked for (this year so far when none was) and the report's rows, or the form's errors."""
    today = timezone.localdate()
    start, end = default_period(today)
    asked = "from" in request.GET or "to" in request.GET
    form = ReportPeriodForm(request.GET if asked else None, initial={"from": start, "to": end})
    if asked:
        if not form.is_valid():
            return form, None, None, (start, end)
        start, end = form.period()
    rows = agency_report(reported_parts(request.user), start, end, today)
    return form, rows, report_totals(rows), (start, end)


@allowed_if(sees_reports)
def agency_report_page(request):
    form, rows, totals, (start, end) = _report(request)
    context = {
        "form": form,
        "rows": rows,
        "totals": totals,
        "start": start,
        "end": end,
        "categories": REPORTED,
        "today": timezone.localdate(),
    }
    return render(request, "reporting/agency_report.html", context, status=200 if rows is not None else 400)


@allowed_if(sees_reports)
def agency_report_export(request):
    form, rows, totals, (start, end) = _report(request)
    if rows is None:
        return render(
            request,
            "reporting/agency_report.html",
            {"form": form, "rows": None, "categories": REPORTED},
            status=400,
        )
    columns = [
        Column(_("Rank"), 7),
        Column(_("Agency"), 48),
        Column(_("Due in the period"), 12),
        *(Column(category.label, 14) for category in REPORTED),
        Column(_("Share on time"), 12, PERCENT_FORMAT),
        Column(_("Rating"), 18),
    ]

    def line(rank, row):
        share = None if row.share_on_time is None else row.share_on_time / 100
        return [
            rank,
            row.name,
            row.due,
            *(row.counts[category.value] for category in REPORTED),
            share,
            row.band.label if row.band else "",
        ]

    lines = [line(rank, row) for rank, row in enumerate(rows, start=1)] + [line(None, totals)]
    title = _("Report %(start)s–%(end)s") % {"start": f"{start:%d.%m.%Y}", "end": f"{end:%d.%m.%Y}"}
    filename = f"bao-cao-co-quan-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return xlsx_response(filename, workbook(title, columns, lines))
