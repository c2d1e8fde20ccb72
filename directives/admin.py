from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directives.models import Assignment, Directive, Notice, ProgressUpdate
from tasktracker.vietnamese import fold


class DirectiveInline(admin.TabularInline):
    model = Directive
    fields = ["number", "title", "is_heading", "deadline", "deadline_text", "recurrence"]
    extra = 0
    show_change_link = True


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "issued_on", "meeting_on", "signed_by", "created_at"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["number", "title", "issuing_authority", "chaired_by", "signed_by"]
    date_hierarchy = "issued_on"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["number", "kind", "title", "issuing_authority", "place", "issued_on"]}),
        (_("Meeting"), {"fields": ["meeting_on", "chaired_by"]}),
        (_("Signature"), {"fields": ["signed_by", "signer_title"]}),
        (_("Source"), {"fields": ["source_text", "source_file"], "classes": ["collapse"]}),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [DirectiveInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ["agency", "status", "extended_deadline", "completed_on"]
    # Status, completion and extensions change only through the services, which keep the history.
    readonly_fields = ["status", "extended_deadline", "completed_on"]
    autocomplete_fields = ["agency"]
    extra = 0
    verbose_name = _("lead agency")
    verbose_name_plural = _("lead agencies")


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "notice", "deadline", "deadline_text", "recurrence", "is_heading"]
    list_filter = ["recurrence", "is_heading", "deadline", "notice"]
    list_select_related = ["notice"]
    search_fields = ["search_text"]
    autocomplete_fields = ["notice", "parent", "supporting_agencies"]
    readonly_fields = ["review_flags", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["notice", "number", "parent", "position", "is_heading", "title", "text"]}),
        (_("Deadline"), {"fields": ["deadline", "deadline_text", "recurrence"]}),
        (_("Target"), {"fields": ["target", "target_quantity"]}),
        (_("Agencies"), {"fields": ["supporting_agencies"]}),
        (_("Review"), {"fields": ["review_flags", "created_at", "updated_at"]}),
    ]
    inlines = [AssignmentInline]

    def get_search_results(self, request, queryset, search_term):
        # The stored search text has its diacritics folded: fold the query the same way.
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """The task history, for reading: it is append-only and written by the services."""

    list_display = ["created_at", "assignment", "kind", "status_before", "status_after", "author", "agency"]
    list_filter = ["kind", "status_after", "created_at"]
    list_select_related = ["assignment__directive", "assignment__agency", "author", "agency"]
    search_fields = ["note", "assignment__directive__search_text"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
