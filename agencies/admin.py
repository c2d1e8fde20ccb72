from django.contrib import admin

from agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "email", "is_active", "successor"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent", "successor"]
    search_fields = ["name", "short_name", "aliases"]
    autocomplete_fields = ["parent", "successor"]
    fields = [
        "name",
        "short_name",
        "aliases",
        "kind",
        "parent",
        "email",
        ("is_active", "dissolved_on"),
        "successor",
    ]
