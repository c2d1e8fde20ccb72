from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.admin import AgencyAdmin
from agencies.models import Agency
from directives.choices import Recurrence
from directives.models import (
    Directive,
    ExtensionPolicy,
    ExtensionRequest,
    Notice,
    Part,
    ProgressUpdate,
)
from directives.reorganisation import hand_over_to_successor
from directives.services import CORRECTABLE_FIELDS, correct_directive
from tasktracker.exceptions import DomainError
from tasktracker.vietnamese import fold


class DirectiveInline(admin.TabularInline):
    model = Directive
    fields = ["number", "title", "is_heading", "deadline", "deadline_text", "recurrence"]
    # A task's deadline changes through correct_directive (the action on the task list), with history.
    readonly_fields = ["deadline"]
    extra = 0
    show_change_link = True


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "issued_on", "meeting_on", "signed_by", "created_at"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["number", "title", "issuing_authority", "chaired_by", "signed_by"]
    date_hierarchy = "issued_on"
    # The source file is sent by a view that checks who asks, never linked from MEDIA_URL.
    readonly_fields = ["source_file_download", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["number", "kind", "title", "issuing_authority", "place", "issued_on"]}),
        (_("Meeting"), {"fields": ["meeting_on", "chaired_by"]}),
        (_("Signature"), {"fields": ["signed_by", "signer_title"]}),
        (_("Source"), {"fields": ["source_text", "source_file_download"], "classes": ["collapse"]}),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [DirectiveInline]

    @admin.display(description=_("Source file"))
    def source_file_download(self, notice):
        if not notice.source_file:
            return "—"
        url = reverse("directives:notice_source_download", args=[notice.pk])
        return format_html('<a href="{}">{}</a>', url, notice.source_filename)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# A lead agency's part as the task's admin page shows it, for reading only.
_PART_FIELDS = ("agency", "status", "extended_deadline", "completed_on")


class PartInline(admin.TabularInline):
    """The lead agencies' parts, for reading: who leads a task is fixed once imported (a merger moves it
    with hand_over_to_successor), and status, completion and extensions change through the services."""

    model = Part
    fields = _PART_FIELDS
    readonly_fields = _PART_FIELDS
    extra = 0
    verbose_name = _("lead agency")
    verbose_name_plural = _("lead agencies")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeadlineCorrectionForm(forms.Form):
    """The new deadline of the selected tasks, as the correction service takes it."""

    deadline = forms.DateField(
        label=_("New deadline"), required=False, widget=forms.DateInput(format="%d/%m/%Y")
    )
    deadline_text = forms.CharField(label=_("Deadline as written"), max_length=255, required=False)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices, initial=Recurrence.NONE)


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "notice", "deadline", "deadline_text", "recurrence", "is_heading"]
    list_filter = ["recurrence", "is_heading", "deadline", "notice"]
    list_select_related = ["notice"]
    search_fields = ["search_text"]
    autocomplete_fields = ["notice", "parent", "supporting_agencies"]
    # What the correction service owns (the deadline, with a history entry on every part) is read-only
    # here: it changes with the "Correct the deadline" action. Other corrections go through it on save.
    readonly_fields = [
        "deadline",
        "deadline_text",
        "recurrence",
        "version",
        "review_flags",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["notice", "number", "parent", "position", "is_heading", "title", "text"]}),
        (_("Deadline"), {"fields": ["deadline", "deadline_text", "recurrence"]}),
        (_("Target"), {"fields": ["target", "target_quantity"]}),
        (_("Agencies"), {"fields": ["supporting_agencies"]}),
        (_("Review"), {"fields": ["review_flags", "version", "created_at", "updated_at"]}),
    ]
    inlines = [PartInline]
    actions = ["correct_deadline"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Once imported, a task stays in its notice, under its number.
        return [*self.readonly_fields, "notice", "number", "parent"]

    def get_search_results(self, request, queryset, search_term):
        # The stored search text has its diacritics folded: fold the query the same way.
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        # A correction of an existing task goes through the service: version raised, history kept.
        try:
            correct_directive(
                directive_id=obj.pk,
                user=request.user,
                changes={
                    name: form.cleaned_data[name] for name in CORRECTABLE_FIELDS if name in form.cleaned_data
                },
                supporting_agencies=form.cleaned_data.get("supporting_agencies"),
            )
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            return
        # On a change the supporting agencies were set by correct_directive; the parts are read-only, so
        # their formset saves nothing (it is still "saved" for the admin's change message).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Correct the deadline of the selected tasks"), permissions=["change"])
    def correct_deadline(self, request, queryset):
        """Set a new deadline on the selected tasks through correct_directive, which records it in the
        history of every lead agency's part."""
        form = DeadlineCorrectionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            corrected, refused = 0, []
            for directive in queryset.tasks():
                try:
                    correct_directive(directive_id=directive.pk, user=request.user, changes=form.cleaned_data)
                except DomainError as error:
                    refused.append(f"{directive}: {error.message}")
                else:
                    corrected += 1
            self.message_user(
                request, _("Tasks corrected: %(count)d.") % {"count": corrected}, messages.SUCCESS
            )
            for message in refused:
                self.message_user(request, message, messages.ERROR)
            return None
        return action_page(
            self,
            request,
            queryset,
            form,
            action="correct_deadline",
            title=_("Correct the deadline"),
            explanation=_(
                "The new deadline is recorded in the history of every lead agency's part of each task. "
                "Headings are left as they are."
            ),
        )


class HandOverForm(forms.Form):
    """To whom a merged or abolished agency's open tasks pass, and from when."""

    successor = forms.ModelChoiceField(label=_("Successor"), queryset=Agency.objects.filter(is_active=True))
    on = forms.DateField(
        label=_("Dissolved on"), initial=timezone.localdate, widget=forms.DateInput(format="%d/%m/%Y")
    )


class ReorganisingAgencyAdmin(AgencyAdmin):
    """The registry, where an agency's successor and active flag change only by handing its open tasks over
    (`hand_over_to_successor`, the action on the list), so no task is left with an agency that is gone.

    Registered here rather than in agencies/ because agencies must not import directives."""

    actions = ["hand_over"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "is_active", "dissolved_on", "successor"]

    @admin.action(description=_("Merge into a successor (hand over the open tasks)"), permissions=["change"])
    def hand_over(self, request, queryset):
        form = HandOverForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for agency in queryset.filter(is_active=True):
                try:
                    moved = hand_over_to_successor(
                        agency_id=agency.pk,
                        successor_id=form.cleaned_data["successor"].pk,
                        on=form.cleaned_data["on"],
                        user=request.user,
                    )
                except DomainError as error:
                    self.message_user(request, f"{agency}: {error.message}", messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("%(agency)s: %(count)d open tasks handed over.")
                        % {"agency": agency, "count": moved},
                        messages.SUCCESS,
                    )
            return None
        return action_page(
            self,
            request,
            queryset,
            form,
            action="hand_over",
            title=_("Merge into a successor"),
            explanation=_(
                "Each selected agency becomes inactive; its open tasks pass to the successor, with a history "
                "entry naming the former holder, and its supporting roles move too."
            ),
        )


def action_page(model_admin, request, queryset, form, *, action, title, explanation):
    """The page between choosing an admin action and applying it: its form and the selected records."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "explanation": explanation,
        "form": form,
        "action": action,
        "objects": queryset,
        "selected_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


admin.site.unregister(Agency)
admin.site.register(Agency, ReorganisingAgencyAdmin)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """The task history, for reading: it is append-only and written by the services."""

    list_display = ["created_at", "part", "kind", "status_before", "status_after", "author", "agency"]
    list_filter = ["kind", "status_after", "created_at"]
    list_select_related = ["part__directive", "part__agency", "author", "agency"]
    search_fields = ["note", "part__directive__search_text"]
    date_hierarchy = "created_at"
    exclude = ["evidence"]
    readonly_fields = ["evidence_download"]

    @admin.display(description=_("evidence"))
    def evidence_download(self, update):
        if not update.evidence:
            return "—"
        url = reverse("directives:evidence_download", args=[update.pk])
        return format_html('<a href="{}">{}</a>', url, update.evidence_filename)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtensionPolicy)
class ExtensionPolicyAdmin(admin.ModelAdmin):
    """The one row of the office's rule for extension requests (how early they must be asked)."""

    list_display = ["__str__", "min_working_days_before", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ExtensionPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    """Extension requests for reading: asked on the task page or the API, decided there by the office
    (through the services that move the deadline and write the history)."""

    list_display = ["part", "status", "proposed_deadline", "granted_deadline", "created_at"]
    list_filter = ["status"]
    list_select_related = ["part__directive", "part__agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
