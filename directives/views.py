from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import allowed_if
from accounts.permissions import manages_directives, signed_in
from directives.exceptions import DuplicateNotice, ImportRejected
from directives.forms import NoticeReview, NoticeSourceForm
from directives.models import Assignment, Notice
from directives.services import import_notice

NOTICES_PER_PAGE = 25


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
    by_parent = {}
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
