import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import allowed_if
from accounts.permissions import landing_url_name, manages_directives, signed_in
from directives.exceptions import DirectiveError, DuplicateNotice, ImportRejected
from directives.filtersets import AssignmentFilterSet
from directives.forms import (
    DirectiveCorrectionForm,
    ExtensionForm,
    NoticeReview,
    NoticeSourceForm,
    ProgressForm,
)
from directives.models import Assignment, Directive, Notice, ProgressUpdate
from directives.services import (
    CORRECTABLE_FIELDS,
    allowed_statuses,
    correct_directive,
    extend_deadline,
    import_notice,
    record_progress,
)
from tasktracker.htmx import render_page_or_fragment
from tasktracker.pagination import IdsFirstPaginator

NOTICES_PER_PAGE = 25
TASKS_PER_PAGE = 25
HISTORY_SHOWN = 50


@allowed_if(signed_in)
def home(request):
    return redirect(landing_url_name(request.user))


@allowed_if(signed_in)
def notice_list(request):
    notices = (
        Notice.objects.visible_to(request.user)
        .annotate(task_count=Count("directives", distinct=True))
        .order_by("-issued_on", "-created_at")
    )
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directives/notice_list.html", {"page": page})


@allowed_if(signed_in)
def notice_detail(request, pk):
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    parts = Assignment.objects.with_timeliness(timezone.localdate()).select_related("agency")
    # Headings stay as context even where the user sees only some of the tasks under them.
    directives = (
        (notice.directives.visible_to(request.user) | notice.directives.filter(is_heading=True))
        .order_by("position")
        .prefetch_related(Prefetch("assignments", queryset=parts), "supporting_agencies")
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


@allowed_if(manages_directives)
def notice_import(request):
    """Step 1: the office uploads a notice (or pastes it) and gets the review page of what was read."""
    bound = request.method == "POST"
    form = NoticeSourceForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        existing = form.existing_notice()
        if existing is None:
            review = NoticeReview(parsed=form.parsed, source_text=form.source_text)
            return render(request, "directives/notice_import_review.html", {"review": review})
        return render(request, "directives/notice_import.html", {"form": form, "existing": existing})
    return render(request, "directives/notice_import.html", {"form": form})


@allowed_if(manages_directives)
@require_POST
def notice_import_confirm(request):
    """Step 2: the reviewed notice is saved whole, or the review comes back with what to correct."""
    review = NoticeReview(request.POST)
    if review.is_valid():
        try:
            notice = import_notice(review.reviewed_notice(), request.user)
        except DuplicateNotice as error:
            messages.warning(request, error.message)
            return redirect("directives:notice_detail", pk=error.existing.pk)
        except ImportRejected as error:
            messages.error(request, error.message)
        else:
            count = notice.directives.filter(is_heading=False).count()
            messages.success(request, _("The notice was imported with %(count)d tasks.") % {"count": count})
            return redirect("directives:notice_detail", pk=notice.pk)
    return render(request, "directives/notice_import_review.html", {"review": review}, status=400)


def _query_without(request, name: str) -> str:
    """The request's query string without `name`, for links that set it."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


@allowed_if(signed_in)
def my_tasks(request):
    """The tasks the user's agency leads, most urgent first, then those it supports."""
    today = timezone.localdate()
    agency_id = request.user.agency_id
    parts = Assignment.objects.for_listing(today).by_urgency()
    show_finished = request.GET.get("show") == "all"
    if not show_finished:
        parts = parts.open()
    led = parts.filter(agency_id=agency_id) if agency_id else parts.none()
    supported = (
        parts.of_tasks_supported_by(agency_id).exclude(agency_id=agency_id) if agency_id else parts.none()
    )
    context = {
        "led": IdsFirstPaginator(led, TASKS_PER_PAGE).get_page(request.GET.get("page")),
        "led_query": _query_without(request, "page"),
        "supported": IdsFirstPaginator(supported, TASKS_PER_PAGE).get_page(request.GET.get("supported_page")),
        "supported_query": _query_without(request, "supported_page"),
        "show_finished": show_finished,
        "today": today,
    }
    return render(request, "directives/my_tasks.html", context)


def filtered_parts(request):
    """The parts the user may see, filtered and sorted as the request's query string says."""
    parts = Assignment.objects.visible_to(request.user).for_listing(timezone.localdate())
    filterset = AssignmentFilterSet(request.GET or None, queryset=parts, request=request)
    queryset = filterset.qs if filterset.is_bound else parts
    if not request.GET.get("ordering"):
        queryset = queryset.by_urgency()
    return filterset, queryset


@allowed_if(signed_in)
def directive_list(request):
    filterset, parts = filtered_parts(request)
    page = IdsFirstPaginator(parts, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    query = _query_without(request, "page")
    context = {"filter": filterset, "page": page, "query": query, "today": timezone.localdate()}
    return render(request, "directives/directive_list.html", context)


class _Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = [
    ("notice", _("Notice")),
    ("number", _("Number")),
    ("title", _("Task")),
    ("agency", _("Lead agency")),
    ("supporting", _("Supporting agencies")),
    ("deadline", _("Deadline")),
    ("deadline_text", _("Deadline as written")),
    ("status", _("Status")),
    ("timeliness", _("Timeliness")),
    ("completed_on", _("Completed on")),
]


@allowed_if(signed_in)
def directive_export(request):
    """The filtered list as CSV that Excel opens with its Vietnamese letters intact (UTF-8 with BOM)."""
    _filterset, parts = filtered_parts(request)
    parts = parts.prefetch_related("directive__supporting_agencies")
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow([str(label) for _, label in EXPORT_COLUMNS])
        for part in parts.iterator(chunk_size=500):
            directive = part.directive
            yield writer.writerow(
                [
                    directive.notice.number or directive.notice.title[:80],
                    directive.number,
                    directive.title,
                    part.agency.name,
                    "; ".join(agency.name for agency in directive.supporting_agencies.all()),
                    part.effective_deadline.strftime("%d/%m/%Y") if part.effective_deadline else "",
                    directive.deadline_text,
                    part.get_status_display(),
                    part.timeliness_label,
                    part.completed_on.strftime("%d/%m/%Y") if part.completed_on else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhiem-vu.csv"'
    return response


def directive_context(request, directive, forms_by_part=None, correction_form=None):
    """What the task page shows: the task in its notice, each lead's part with its forms, the history."""
    today = timezone.localdate()
    parts = list(directive.assignments.with_timeliness(today).select_related("agency"))
    forms_by_part = forms_by_part or {}
    for part in parts:
        statuses = allowed_statuses(request.user, part)
        part.progress_form = forms_by_part.get(("progress", part.pk)) or (
            ProgressForm(
                initial={"version": part.version, "status": statuses[0]},
                statuses=statuses,
                show_completed_on=manages_directives(request.user),
                prefix=f"part{part.pk}",
            )
            if statuses
            else None
        )
        part.extension_form = (
            forms_by_part.get(("extension", part.pk))
            or ExtensionForm(initial={"version": part.version}, prefix=f"extend{part.pk}")
            if manages_directives(request.user) and part.status not in ("done", "cancelled")
            else None
        )
    history = (
        ProgressUpdate.objects.filter(assignment__directive=directive)
        .select_related("author", "agency", "assignment__agency")
        .order_by("-created_at", "-id")
    )
    whole_history = request.GET.get("history") == "all"
    return {
        "directive": directive,
        "notice": directive.notice,
        "parts": parts,
        "history": history if whole_history else history[:HISTORY_SHOWN],
        "history_count": history.count(),
        "supporting": directive.supporting_agencies.all(),
        "today": today,
        "can_correct": manages_directives(request.user),
        "correction_form": correction_form,
    }


def visible_directive(request, pk):
    return get_object_or_404(
        Directive.objects.visible_to(request.user).tasks().select_related("notice", "parent"), pk=pk
    )


@allowed_if(signed_in)
def directive_detail(request, pk):
    directive = visible_directive(request, pk)
    return render(request, "directives/directive_detail.html", directive_context(request, directive))


@allowed_if(signed_in)
@require_POST
def part_progress(request, pk, part_pk):
    """A lead agency (or the office) updates its part; htmx swaps the parts and history in place."""
    directive = visible_directive(request, pk)
    part = get_object_or_404(directive.assignments, pk=part_pk)
    statuses = allowed_statuses(request.user, part)
    if not statuses:
        raise PermissionDenied
    form = ProgressForm(
        request.POST,
        request.FILES,
        statuses=statuses,
        show_completed_on=manages_directives(request.user),
        prefix=f"part{part.pk}",
    )
    if form.is_valid():
        try:
            record_progress(
                assignment_id=part.pk,
                user=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
                completed_on=form.cleaned_data.get("completed_on"),
                expected_version=form.cleaned_data["version"],
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
    context = directive_context(request, directive, forms_by_part={("progress", part.pk): form})
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
    part = get_object_or_404(directive.assignments, pk=part_pk)
    form = ExtensionForm(request.POST, prefix=f"extend{part.pk}")
    if form.is_valid():
        try:
            extend_deadline(
                assignment_id=part.pk,
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
    if request.method == "POST" and form.is_valid():
        try:
            correct_directive(
                directive_id=directive.pk,
                user=request.user,
                changes={name: form.cleaned_data[name] for name in CORRECTABLE_FIELDS},
                supporting_agencies=form.cleaned_data["supporting_agencies"],
                expected_version=form.cleaned_data["version"],
            )
        except DirectiveError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The task was corrected."))
            return redirect("directives:directive_detail", pk=directive.pk)
    status = 400 if form.is_bound else 200
    return render(
        request, "directives/directive_edit.html", {"form": form, "directive": directive}, status=status
    )


@allowed_if(signed_in)
def evidence_download(request, update_pk):
    """An evidence file, for those who may see its task (evidence is not public like static files)."""
    update = get_object_or_404(
        ProgressUpdate.objects.filter(
            assignment__directive__in=Directive.objects.visible_to(request.user)
        ).exclude(evidence=""),
        pk=update_pk,
    )
    return FileResponse(
        update.evidence.open("rb"), as_attachment=True, filename=update.evidence.name.rsplit("/", 1)[-1]
    )
