"""The task page's extension requests: the lead agency asks, the office approves or refuses. Each view
posts one form to one service (`directives.extensions`) and answers with the task page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import allowed_if
from accounts.permissions import decides_extensions, requests_extension_for, signed_in
from directives.exceptions import DirectiveError, EditConflict
from directives.extensions import approve_extension, refuse_extension, request_extension
from directives.forms import ExtensionApprovalForm, ExtensionRefusalForm, ExtensionRequestForm
from directives.models import ExtensionRequest, Part
from directives.views import directive_context, visible_directive


def _refused(form, error, part_id) -> None:
    """Show why the form was refused; after a concurrent change, keep what the person wrote and let them
    send it again on top of the change the page now shows (the latest version)."""
    form.add_error(None, error.message)
    if isinstance(error, EditConflict):
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = Part.objects.get(pk=part_id).version


def _task_page_with(request, directive, key, form):
    """The task page again, with the refused form and its errors in place (nothing was saved)."""
    context = directive_context(request, directive, forms_by_part={key: form})
    return render(request, "directives/directive_detail.html", context, status=400)


@allowed_if(signed_in)
@require_POST
def part_extension_request(request, pk, part_pk):
    """The lead agency asks for more time on its part, with a reason, a date and evidence."""
    directive = visible_directive(request, pk)
    part = get_object_or_404(directive.parts, pk=part_pk)
    if not requests_extension_for(request.user, part.agency_id):
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST, request.FILES, prefix=f"ask{part.pk}")
    if form.is_valid():
        try:
            request_extension(
                part_id=part.pk,
                user=request.user,
                reason=form.cleaned_data["reason"],
                proposed_deadline=form.cleaned_data["proposed_deadline"],
                evidence=form.cleaned_data["evidence"],
                expected_version=form.cleaned_data["version"],
            )
        except DirectiveError as error:
            _refused(form, error, part.pk)
        else:
            messages.success(request, _("Your request for more time was sent to the office."))
            return redirect("directives:directive_detail", pk=directive.pk)
    return _task_page_with(request, directive, ("request", part.pk), form)


def _pending_request(request, pk):
    """A request on a task the office member sees (every task), with its task."""
    extension_request = get_object_or_404(
        ExtensionRequest.objects.visible_to(request.user).select_related("part"), pk=pk
    )
    return extension_request, visible_directive(request, extension_request.part.directive_id)


@allowed_if(decides_extensions)
@require_POST
def extension_approve(request, pk):
    """The office approves a request, until the date it decides."""
    return _decide(
        request,
        pk,
        "approve",
        ExtensionApprovalForm,
        lambda extension_request, data: approve_extension(
            request_id=extension_request.pk,
            user=request.user,
            granted_deadline=data["granted_deadline"],
            note=data["note"],
            expected_version=data["version"],
        ),
        _("The extension was approved."),
    )


@allowed_if(decides_extensions)
@require_POST
def extension_refuse(request, pk):
    """The office refuses a request, with its reason."""
    return _decide(
        request,
        pk,
        "refuse",
        ExtensionRefusalForm,
        lambda extension_request, data: refuse_extension(
            request_id=extension_request.pk,
            user=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        _("The request for more time was refused."),
    )


def _decide(request, pk, decision, form_class, decide, done):
    """The office's decision on a request: its form (named after the decision and the request, as the task
    page renders it), then `decide(extension_request, cleaned_data)`; back to the task page with `done`, or
    the task page again with the form and what was wrong."""
    extension_request, directive = _pending_request(request, pk)
    form = form_class(request.POST, prefix=f"{decision}{extension_request.pk}")
    if form.is_valid():
        try:
            decide(extension_request, form.cleaned_data)
        except DirectiveError as error:
            _refused(form, error, extension_request.part_id)
        else:
            messages.success(request, done)
            return redirect("directives:directive_detail", pk=directive.pk)
    return _task_page_with(request, directive, (decision, extension_request.part_id), form)
