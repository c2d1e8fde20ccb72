from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, Role, User
from accounts.permissions import administers_account_of
from accounts.services import TOKEN_LIFETIMES, issue_token


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "sees_all_directives",
        "manages_directives",
        "reports_progress",
        "heads_agency",
    ]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "agency", "role", "email", "is_active"]
    list_filter = ["role", "is_active", "agency__kind"]
    list_select_related = ["agency", "role"]
    search_fields = ["username", "full_name", "email", "agency__name"]
    autocomplete_fields = ["agency"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["full_name", "job_title", "email"]}),
        (_("Work"), {"fields": ["agency", "role"]}),
        (_("Access"), {"fields": ["is_active", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Person"), {"fields": ["full_name", "job_title", "email"]}),
        (_("Work"), {"fields": ["agency", "role"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Office staff add agency accounts; granting system-wide powers is the system administrator's.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in self.SUPERUSER_FIELDS]})
            for name, options in fieldsets
        ]

    SUPERUSER_FIELDS = {"is_superuser", "groups", "user_permissions"}

    def has_change_permission(self, request, obj=None):
        # Changing an account includes setting its password (user_change_password asks this too).
        if obj is not None and not administers_account_of(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not administers_account_of(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)


class ApiTokenAddForm(forms.ModelForm):
    """A superuser issues a token to someone: whose, what for, and for how long."""

    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(days, _("%(days)d days") % {"days": days}) for days in TOKEN_LIFETIMES],
        initial=90,
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Everyone's API tokens, for superusers only: a token acts as its owner, so no one else may see the
    list, and the token itself is shown once, on the page after it is created, then never again."""

    list_display = ["name", "user", "token_key", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__full_name"]
    list_filter = ["expiry"]
    readonly_fields = ["user", "token_key", "created", "expiry"]
    fields = ["name", "user", "token_key", "created", "expiry"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
            kwargs["fields"] = ["user", "name", "days"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.fields if obj is not None else ["user", "name", "days"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = issue_token(
            owner=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            by=request.user,
        )
        obj.pk, obj.token_key, obj.created, obj.expiry = (
            token.pk,
            token.token_key,
            token.created,
            token.expiry,
        )
        request.issued_api_token = raw

    def response_add(self, request, obj, post_url_continue=None):
        # Shown on this response only (never through messages, which would keep it in a cookie).
        response = TemplateResponse(
            request,
            "admin/accounts/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("The new API token"),
                "token": request.issued_api_token,
                "record": obj,
            },
        )
        response["Cache-Control"] = "no-store"
        return response
