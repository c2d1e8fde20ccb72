import csv
from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.decorators import allowed_if
from accounts.permissions import (
    decides_extensions,
    landing_url_name,
    manages_directives,
    requests_extension_for,
    signed_in,
)
from agencies.exceptions import AgencyError
from agencies.models import Agency
from directives import counts, list_reads, task_reads
from directives.choices import OPEN_STATUSES, ReadingState, TaskStatus
from directives.exceptions import DirectiveError, DuplicateNotice, EditConflict, ImportRejected
from directives.exports import TASK_COLUMNS, task_rows
from directives.feeds import calendar_ics, feed_for_secret, issue_calendar_feed, revoke_calendar_feed
from directives.filtersets import PartFilterSet
from directives.forms import (
    ADD_TASK,
    MAX_REVIEW_TASKS,
    MAX_UNMATCHED_AGENCIES,
    CompletionsForm,
    DirectiveCorrectionForm,
    ExtensionApprovalForm,
    ExtensionForm,
    ExtensionRefusalForm,
    ExtensionRequestForm,
    NoticeReview,
    NoticeSourceForm,
    ProgressForm,
    ReorganisationForm,
    SavedFilterForm,
    SuccessorsByTaskForm,
    blank_form,
    blank_progress_form,
)
from directives.importing import agency_matcher
from directives.list_filters import TaskListFilters
from directives.list_reads import AgencyTasks, TaskList
from directives.models import (
    CalendarFeed,
    Directive,
    DocumentReading,
    Notice,
    Part,
    ProgressUpdate,
    SavedFilter,
)
from directives.querysets import LEAD, SUPPORT, visibility_of
from directives.readings import confirm_document_reading, queue_document_reading, send_waiting_to_reader
from directives.reorganisation import (
    divide_agency,
    hand_over_to_successor,
    preview_reorganisation,
    rename_agency,
)
from directives.rows import notice_rows_html
from directives.services import (
    CORRECTABLE_FIELDS,
    accept_completions,
    correct_directive,
    extend_deadline,
    import_notice,
)
from directives.timeline import task_history
from reading.parser import NotANotice, parse_notice
from tasktracker.htmx import render_page_or_fragment
from tasktracker.large_forms import reads_many_fields
from tasktracker.pagination import (
    CappedCountPaginator,
    IdsFirstPaginator,
    ListPaginator,
    without_parallel_workers,
)
from tasktracker.spreadsheets import inert_cell, workbook, xlsx_response

NOTICES_PER_PAGE = 25
TASKS_PER_PAGE = 25
HISTORY_SHOWN = 50


@allowed_if(signed_in)
def home(request):
    return redirect(landing_url_name(request.user))


@allowed_if(signed_in)
def notice_list(request):
    # The columns the list shows: a notice's full text (kilobytes) would be carried through the sort.
    notices = (
        Notice.objects.visible_to(request.user)
        .only("number", "title", "issued_on")
        .order_by("-issued_on", "-created_at")
    )
    page = CappedCountPaginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    list_reads.count_tasks_per_notice(page.object_list)
    return render(
        request, "directives/notice_list.html", {"page": page, "rows": notice_rows_html(page.object_list)}
    )


@allowed_if(signed_in)
def notice_detail(request, pk):
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    parts = Part.objects.with_timeliness(timezone.localdate()).select_related("agency")
    # Headings stay as context even where the user sees only some of the tasks under them.
    directives = (
        (notice.directives.visible_to(request.user) | notice.directives.filter(is_heading=True))
        .order_by("position")
        .prefetch_related(Prefetch("parts", queryset=parts), "supporting_agencies")
    )
    return render(
        request, "directives/notice_detail.html", {"notice": notice, "items": group_under_parents(directives)}
    )


def group_under_parents(directives):
    """Top-level items in order, each with `.sub_items`: the tasks numbered under it."""
    directives = list(directives)
    by_parent: dict[int | None, list[Directive]] = {}
    for directive in directives:
        by_parent.setdefault(directive.parent_id, []).append(directive)
    for directive in directives:
        directive.sub_items = by_parent.get(directive.pk, [])
    known = {directive.pk for directive in directives}
    return [d for d in directives if d.parent_id is None or d.parent_id not in known]


REVIEW_TEMPLATE = "directives/notice_import_review.html"
# The review of a notice of MAX_REVIEW_TASKS items: about a dozen fields per item, a few per agency name.
REVIEW_MAX_FIELDS = 16 * MAX_REVIEW_TASKS + 4 * MAX_UNMATCHED_AGENCIES + 100


@allowed_if(manages_directives)
def notice_import(request):
    """Step 1: the office uploads a notice (or pastes it) and gets the review page of what was read."""
    bound = request.method == "POST"
    form = NoticeSourceForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        if form.scan:  # a scan or a photo: read by OCR in the background, on a page that shows progress
            reading = queue_document_reading(request.user, *form.scan)
            return redirect("directives:notice_import_reading", pk=reading.pk)
        existing = form.existing_notice()
        if existing is None:
            review = NoticeReview(parsed=form.parsed, source_text=form.source_text)
            return render(request, REVIEW_TEMPLATE, {"review": review})
        return render(request, "directives/notice_import.html", {"form": form, "existing": existing})
    return render(request, "directives/notice_import.html", {"form": form})


@allowed_if(manages_directives)
def notice_new(request):
    """A notice entered by hand: the review page, blank, saved by the same confirmation."""
    return render(request, REVIEW_TEMPLATE, {"review": NoticeReview()})


@allowed_if(manages_directives)
@require_POST
@reads_many_fields(REVIEW_MAX_FIELDS)
def notice_import_confirm(request):
    """Step 2: the reviewed notice is saved whole, or the review comes back with what to correct."""
    if request.POST.get("action") == ADD_TASK:
        review = NoticeReview.with_added_task(request.POST)
        if not review.problem:
            return render(request, REVIEW_TEMPLATE, {"review": review})
    else:
        review = NoticeReview(request.POST)
    if review.problem:
        messages.error(request, review.problem)
        return render(request, "directives/notice_import.html", {"form": NoticeSourceForm()}, status=400)
    if review.is_valid():
        try:
            notice = import_notice(review.reviewed_notice(), request.user)
        except DuplicateNotice as error:
            messages.warning(request, error.message)
            return redirect("directives:notice_detail", pk=error.existing.pk)
        except ImportRejected as error:
            messages.error(request, error.message)
        else:
            confirm_document_reading(review.header.cleaned_data["reading"], request.user)
            count = notice.directives.filter(is_heading=False).count()
            saved = _("The notice was saved with %(count)d tasks.")
            imported = _("The notice was imported with %(count)d tasks.")
            messages.success(request, (saved if review.manual else imported) % {"count": count})
            return redirect("directives:notice_detail", pk=notice.pk)
    return render(request, REVIEW_TEMPLATE, {"review": review}, status=400)


def _query_without(request, name: str) -> str:
    """The request's query string without `name`, for links that set it."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@allowed_if(signed_in)
def my_tasks(request):
    """The tasks the user's agency leads, most urgent first, then those it supports."""
    today = timezone.localdate()
    show_finished = request.GET.get("show") == "all"
    led_pages, supported_pages = (
        _agency_tasks_pages(request.user.agency_id, role, show_finished, today) for role in (LEAD, SUPPORT)
    )
    context = {
        "led": led_pages.get_page(request.GET.get("page")),
        "led_query": _query_without(request, "page"),
        "supported": supported_pages.get_page(request.GET.get("supported_page")),
        "supported_query": _query_without(request, "supported_page"),
        "show_finished": show_finished,
        "today": today,
    }
    return render(request, "directives/my_tasks.html", context)


def _agency_tasks_pages(agency_id: int | None, role: str, show_finished: bool, today: date):
    """The pages of one of My tasks' lists; a person of no agency has none."""
    if agency_id is None:
        return CappedCountPaginator([], TASKS_PER_PAGE)
    tasks = AgencyTasks(agency_id, role, show_finished, today, counts.kept_counts())
    return ListPaginator(tasks, TASKS_PER_PAGE)


def filtered_parts(request):
    """The parts the user may see, filtered and sorted as the request's query string says."""
    return _filtered(request, Part.objects.visible_to(request.user).for_listing(timezone.localdate()))


def _filtered(request, parts):
    """`filtered_parts` of `parts` (the parts the user may see)."""
    filterset = PartFilterSet(request.GET or None, queryset=parts, request=request)
    return filterset, _ordered(request, filterset)


def _ordered(request, filterset):
    """The filter set's parts, filtered when it is bound, most urgent first unless the query string says."""
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    if not request.GET.get("ordering"):
        queryset = queryset.by_urgency()
    return queryset


def _task_list(request, today: date):
    """The task list's filters (`list_filters.TaskListFilters`) and its parts: `filtered_parts` as
    `list_reads.TaskList` reads them (the ids and count need no row's columns; rows are read by their ids)."""
    kept_counts = counts.kept_counts()
    filters = TaskListFilters(request, kept_counts)
    # All that `_ordered` builds the list from: whose tasks, the filters' values, the order, the day (which
    # the timeliness filter compares deadlines with).
    key = (visibility_of(request.user), filters.values_key(), bool(request.GET.get("ordering")), today)
    return filters, TaskList(key, lambda: _ordered(request, filters.filterset), today, kept_counts)


@allowed_if(signed_in)
def directive_list(request):
    today = timezone.localdate()
    filterset, tasks = _task_list(request, today)
    with without_parallel_workers(tasks.alias):
        page = ListPaginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {
        "filter": filterset,
        "page": page,
        "query": query,
        "today": today,
        "saved_filters": list_reads.saved_filters_of(request.user.pk),
        "save_form": SavedFilterForm(initial={"query": query}),
    }
    return render(request, "directives/directive_list.html", context)


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


@allowed_if(signed_in)
def directive_export(request):
    """The filtered list as CSV that Excel opens with its Vietnamese letters intact (UTF-8 with BOM)."""
    _filterset, parts = filtered_parts(request)
    parts = parts.prefetch_related("directive__supporting_agencies")
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow([str(column.header) for column in TASK_COLUMNS])
        # Every cell is made inert: a task's words come from imported documents, and Excel would run a
        # cell such as =HYPERLINK(…) as a formula.
        for values in task_rows(parts):
            yield writer.writerow(inert_cell(_csv_value(value)) for value in values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhiem-vu.csv"'
    return response


def directive_context(request, directive, forms_by_part=None, correction_form=None):
    """What the task page shows: the task in its notice, each lead's part with its forms, the history."""
    today = timezone.localdate()
    parts = task_reads.parts_shown(directive, today)
    forms_by_part = forms_by_part or {}
    manages = manages_directives(request.user)  # the office: extension forms, corrections
    for part in parts:
        progress_form = forms_by_part.get(("progress", part.pk))
        if progress_form is None:
            part.progress_form = blank_progress_form(request.user, part)
        else:
            part.progress_form = progress_form if progress_form.statuses else None
        # Someone else's change that made this person's report stale, shown beside what they wrote.
        part.change_meanwhile = forms_by_part.get(("change_meanwhile", part.pk))
        part.extension_form = (
            forms_by_part.get(("extension", part.pk))
            or blank_form(ExtensionForm, f"extend{part.pk}", part.version)
            if manages and not part.is_finished
            else None
        )
    attach_extension_forms(request.user, parts, forms_by_part)
    whole_history = request.GET.get("history") == "all"
    return {
        "directive": directive,
        "notice": directive.notice,
        "parts": parts,
        "history": task_history(parts, None if whole_history else HISTORY_SHOWN),
        "supporting": task_reads.supporting_agencies(directive),
        "today": today,
        "can_correct": manages,
        "correction_form": correction_form,
    }


def attach_extension_forms(user, parts, forms_by_part) -> None:
    """Give each part its pending extension request (one query for all, none when no part has one: the parts
    come annotated with `has_pending_request`) and the forms the user may use: the lead agency's request
    form, or the office's approval and refusal forms."""
    pending = task_reads.pending_requests([part.pk for part in parts if part.has_pending_request])
    for part in parts:
        part.pending_request = pending.get(part.pk)
        part.request_form = part.approval_form = part.refusal_form = None
        if part.is_finished or part.effective_deadline is None:
            continue
        if part.pending_request is None and requests_extension_for(user, part.agency_id):
            part.request_form = forms_by_part.get(("request", part.pk)) or blank_form(
                ExtensionRequestForm, f"ask{part.pk}", part.version
            )
        elif part.pending_request is not None and decides_extensions(user):
            request_pk = part.pending_request.pk
            part.approval_form = forms_by_part.get(("approve", part.pk)) or ExtensionApprovalForm(
                initial={"version": part.version, "granted_deadline": part.pending_request.proposed_deadline},
                prefix=f"approve{request_pk}",
            )
            part.refusal_form = forms_by_part.get(("refuse", part.pk)) or blank_form(
                ExtensionRefusalForm, f"refuse{request_pk}", part.version
            )


def visible_directive(request, pk):
    """The task `pk` if the user may see it, with its notice and heading."""
    directives = Directive.objects.visible_to(request.user).tasks().select_related("notice", "parent")
    return get_object_or_404(directives, pk=pk)


@allowed_if(signed_in)
def directive_detail(request, pk):
    directive = task_reads.shown_task(request.user, pk)
    if directive is None:
        raise Http404
    return render(request, "directives/directive_detail.html", directive_context(request, directive))


@allowed_if(signed_in)
@require_POST
def part_progress(request, pk, part_pk):
    """A lead agency (or the office) updates its part; htmx swaps the parts and history in place."""
    directive = visible_directive(request, pk)
    part = get_object_or_404(directive.parts, pk=part_pk)
    form = ProgressForm(request.POST, request.FILES, part=part, user=request.user, prefix=f"part{part.pk}")
    if not form.statuses:
        raise PermissionDenied
    change_meanwhile = None
    if form.is_valid():
        try:
            form.save()
        except EditConflict as error:
            part = get_object_or_404(directive.parts, pk=part_pk)
            form = form.on_top_of(part, error.message)
            # The change may have left no history entry (an administrator's edit): then there is none to show.
            change_meanwhile = (
                part.updates.select_related("author", "agency").order_by("-created_at", "-id").first()
            )
        except DirectiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The update was saved."))
            if not request.htmx:
                return redirect("directives:directive_detail", pk=directive.pk)
            return render(
                request, "directives/includes/directive_work.html", directive_context(request, directive)
            )
    forms_by_part = {("progress", part.pk): form, ("change_meanwhile", part.pk): change_meanwhile}
    context = directive_context(request, directive, forms_by_part=forms_by_part)
    return render_page_or_fragment(
        request,
        "directives/directive_detail.html",
        "directives/includes/directive_work.html",
        context,
        status=400,
    )


@allowed_if(manages_directives)
@require_POST
def part_extend(request, pk, part_pk):
    """The office records an extension of one lead agency's deadline."""
    directive = visible_directive(request, pk)
    part = get_object_or_404(directive.parts, pk=part_pk)
    form = ExtensionForm(request.POST, prefix=f"extend{part.pk}")
    if form.is_valid():
        try:
            extend_deadline(
                part_id=part.pk,
                user=request.user,
                new_deadline=form.cleaned_data["new_deadline"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except DirectiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The extension was recorded."))
            return redirect("directives:directive_detail", pk=directive.pk)
    context = directive_context(request, directive, forms_by_part={("extension", part.pk): form})
    return render(request, "directives/directive_detail.html", context, status=400)


@allowed_if(manages_directives)
def directive_edit(request, pk):
    """The office corrects the task's words, deadline and supporting agencies."""
    directive = visible_directive(request, pk)
    form = DirectiveCorrectionForm(request.POST or None, instance=directive)
    differences = None
    if request.method == "POST" and form.is_valid():
        try:
            correct_directive(
                directive_id=directive.pk,
                user=request.user,
                changes={name: form.cleaned_data[name] for name in CORRECTABLE_FIELDS},
                supporting_agencies=form.cleaned_data["supporting_agencies"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            differences = form.differences_from(visible_directive(request, pk))  # as saved now
            form = form.on_top_of(visible_directive(request, pk), error.message)
        except DirectiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The task was corrected."))
            return redirect("directives:directive_detail", pk=directive.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "directive": directive, "differences": differences}
    return render(request, "directives/directive_edit.html", context, status=status)


@allowed_if(signed_in)
def evidence_download(request, update_pk):
    """An evidence file, for those who may see its task (evidence is not public like static files)."""
    update = get_object_or_404(
        ProgressUpdate.objects.visible_to(request.user).exclude(evidence=""),
        pk=update_pk,
    )
    return attachment(update.evidence)


@allowed_if(signed_in)
def notice_source_download(request, pk):
    """A notice's own file (as uploaded), for those who may see the notice."""
    notice = get_object_or_404(Notice.objects.visible_to(request.user).exclude(source_file=""), pk=pk)
    return attachment(notice.source_file)


def attachment(stored_file):
    """Send an uploaded file as a download, never as a page the browser would render in our origin."""
    response = FileResponse(
        stored_file.open("rb"), as_attachment=True, filename=PurePath(stored_file.name).name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@allowed_if(manages_directives)
def notice_import_reading(request, pk):
    """Step 1 for a scan: its reading by OCR as it goes (htmx polls), then the review of what was read."""
    reading = get_object_or_404(DocumentReading.objects.of(request.user).defer("content"), pk=pk)
    context = {"reading": reading}
    send_waiting_to_reader(reading)
    if reading.state != ReadingState.DONE:
        return render_page_or_fragment(
            request,
            "directives/notice_import_reading.html",
            "directives/includes/notice_import_reading_progress.html",
            context,
        )
    if request.htmx:  # read: the whole page is loaded again, as the review
        return HttpResponseClientRedirect(request.get_full_path())
    try:
        parsed = parse_notice(reading.text, agency_matcher())
    except NotANotice as refusal:
        context["error"] = str(refusal)
        context["assigns_nothing"] = True
        return render(request, "directives/notice_import_reading.html", context)
    existing = Notice.objects.same_as(
        number=parsed.number,
        issuing_authority=parsed.issuing_authority,
        place=parsed.place,
        issued_on=parsed.issued_on,
        source_text=reading.text,
    ).first()
    if existing is not None:
        return render(
            request, "directives/notice_import.html", {"form": NoticeSourceForm(), "existing": existing}
        )
    review = NoticeReview(parsed=parsed, source_text=reading.text, reading_id=reading.pk)
    return render(request, "directives/notice_import_review.html", {"review": review})


@allowed_if(signed_in)
def directive_export_xlsx(request):
    """The filtered list as an Excel workbook: real dates shown dd/mm/yyyy, header frozen, text inert."""
    _filterset, parts = filtered_parts(request)
    parts = parts.prefetch_related("directive__supporting_agencies")
    content = workbook(str(_("Tasks")), TASK_COLUMNS, task_rows(parts))
    return xlsx_response("nhiem-vu.xlsx", content)


def calendar_feed(request, secret):
    """A person's deadlines for their calendar app; the address itself is the key (no session)."""
    feed = feed_for_secret(secret)
    if feed is None:
        raise Http404
    content = calendar_ics(feed, settings.SITE_URL, timezone.localdate())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nhiem-vu.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@allowed_if(signed_in)
def my_calendar(request):
    """Where a person makes, renews or ends their calendar address; it is shown once, when made."""
    address = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if revoke_calendar_feed(request.user):
                messages.success(
                    request, _("Your calendar address was ended; calendars using it stop updating.")
                )
            return redirect("directives:my_calendar")
        secret = issue_calendar_feed(request.user)
        address = settings.SITE_URL + reverse("directives:calendar_feed", args=[secret])
    has_feed = CalendarFeed.objects.filter(user=request.user).exists()
    return render(request, "directives/my_calendar.html", {"address": address, "has_feed": has_feed})


@allowed_if(manages_directives)
def completions_to_accept(request):
    """Reported completions waiting for the office, oldest report first, to accept several at once."""
    form = CompletionsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            count = accept_completions(versions=form.chosen(), user=request.user)
        except DirectiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(count)d completions were accepted.") % {"count": count})
            return redirect("directives:completions_to_accept")
    parts = (
        Part.objects.filter(status=TaskStatus.REPORTED_DONE)
        .with_timeliness(timezone.localdate())
        .select_related("directive__notice", "agency")
        .order_by("updated_at", "pk")
    )
    page = IdsFirstPaginator(parts, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    context = {"form": form, "page": page, "today": timezone.localdate(), "query": ""}
    return render(request, "directives/completions_to_accept.html", context, status=status)


@allowed_if(signed_in)
@require_POST
def saved_filter_save(request):
    form = SavedFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the filter a name of at most 80 characters."))
        return redirect(reverse("directives:directive_list") + "?" + request.POST.get("query", "")[:2000])
    SavedFilter.objects.update_or_create(
        user=request.user, name=form.cleaned_data["name"], defaults={"query": form.cleaned_data["query"]}
    )
    messages.success(request, _("The filter “%(name)s” was saved.") % {"name": form.cleaned_data["name"]})
    return redirect(reverse("directives:directive_list") + "?" + form.cleaned_data["query"])


@allowed_if(signed_in)
@require_POST
def saved_filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("The filter “%(name)s” was removed.") % {"name": saved.name})
    return redirect("directives:directive_list")


@allowed_if(manages_directives)
def agency_list(request):
    """The registry as the office reorganises it: each agency with its open parts, active ones first."""
    open_counts = dict(
        Part.objects.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("agency_id")
        .annotate(count=Count("id"))
    )
    agencies = Agency.objects.order_by("-is_active", "name").select_related("successor")
    rows = [(agency, open_counts.get(agency.pk, 0)) for agency in agencies]
    return render(request, "directives/agency_list.html", {"rows": rows})


@allowed_if(manages_directives)
def agency_reorganise(request, pk):
    """Merge, rename, split or abolish an agency: a preview of what moves, then all of it at once."""
    agency = get_object_or_404(Agency, pk=pk, is_active=True)
    posted = request.method == "POST"
    form = ReorganisationForm(request.POST if posted else None, agency=agency)
    preview = successors = None
    if posted and form.is_valid():
        change = form.cleaned_data["change"]
        preview = preview_reorganisation(agency.pk)
        if change in (form.SPLIT, form.ABOLISH):
            tasks = {part.directive for part in preview.open_parts} | set(preview.supported)
            directives = sorted(tasks, key=lambda directive: (directive.notice_id, directive.position))
            confirming = request.POST.get("step") == "confirm"
            successors = SuccessorsByTaskForm(
                request.POST if confirming else None, directives=directives, agency=agency
            )
        if request.POST.get("step") == "confirm" and (successors is None or successors.is_valid()):
            try:
                done = _reorganise(request, agency, form, successors)
            except AgencyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, done)
                return redirect("directives:agency_list")
    context = {"agency": agency, "form": form, "preview": preview, "successors": successors}
    refused = form.errors or (successors is not None and successors.is_bound and successors.errors)
    return render(request, "directives/agency_reorganise.html", context, status=400 if refused else 200)


def _reorganise(request, agency, form, successors) -> str:
    """Carry out the confirmed change; returns what to tell the office."""
    data, user = form.cleaned_data, request.user
    if data["change"] == form.RENAME:
        renamed = rename_agency(agency_id=agency.pk, name=data["name"], short_name=data["short_name"])
        return _("The agency is now called %(name)s.") % {"name": renamed.name}
    if data["change"] == form.MERGE:
        moved = hand_over_to_successor(
            agency_id=agency.pk, successor_id=data["successor"].pk, on=data["on"], user=user
        )
    else:
        moved = divide_agency(
            agency_id=agency.pk, successors_by_task=successors.successors_by_task(), on=data["on"], user=user
        )
    return _("%(agency)s was retired; %(count)d open tasks passed on.") % {
        "agency": agency.name,
        "count": moved,
    }
