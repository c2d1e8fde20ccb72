"""The form renderer writes Django's widget templates in Python: the same HTML as the templates, to the byte,
for every kind of widget and for every form the pages show."""

from datetime import date, timedelta

import django_filters
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from directives.choices import TaskStatus
from directives.extensions import request_extension
from tasktracker.filters import DayFirstDateRangeWidget
from tasktracker.form_renderer import WRITERS, TemplatelessWidgets
from tests.factories import DirectiveFactory, PartFactory
from workdays.calendar import add_working_days

RANGE = "django_filters/widgets/multiwidget.html"
TEMPLATES = DjangoTemplates()
WRITTEN = TemplatelessWidgets()

CHOICES = [("", "---------"), ("a", "Đang thực hiện <b>"), (3, 1234567), ("x&y", gettext_lazy("Tasks"))]
GROUPED = [("Nhóm <1>", [("a", "A"), ("b", "B")]), ("c", "C"), ("Nhóm 2", [("d", "D & E")])]
ATTRS = {"id": "id_f", "class": "wide", "required": True, "disabled": False, "data-x": mark_safe("<i>")}
ATTRS["n"] = 5


class StoredFile(str):
    """An uploaded file already stored, as a model's file field gives it to a form (`url` and its name)."""

    @property
    def url(self):
        return "/media/" + self + "?a=1&b=2"


class RequiredClearableFileInput(forms.ClearableFileInput):
    is_required = True


WIDGETS = [
    (forms.TextInput(), 'Giải phóng <mặt bằng> & "đất"'),
    (forms.TextInput(attrs=ATTRS), None),
    (forms.TextInput(), ""),
    (forms.NumberInput(), 1234567),
    (forms.EmailInput(), "a@b.vn"),
    (forms.URLInput(), "https://x.vn/?a=1&b=2"),
    (forms.PasswordInput(render_value=True), "bí mật"),
    (forms.HiddenInput(), 7),
    (forms.DateInput(), date(2026, 3, 31)),
    (forms.DateInput(format="%d/%m/%Y"), date(2026, 3, 31)),
    (forms.DateTimeInput(), timezone.now()),
    (forms.TimeInput(), None),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"id": "id_c"}), False),
    (forms.FileInput(), None),
    (forms.Textarea(), "Dòng 1\n<script>alert(1)</script>"),
    (forms.Textarea(attrs={"rows": 3}), ""),
    (forms.Textarea(), mark_safe("<b>an toàn</b>")),
    (forms.Select(choices=CHOICES), "a"),
    (forms.Select(choices=CHOICES, attrs=ATTRS), 3),
    (forms.Select(choices=GROUPED), "d"),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=CHOICES), ["a", "x&y"]),
    (forms.NullBooleanSelect(), True),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["a"]),
    (forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"id": "id_g", "class": "checks"}), ["b", "d"]),
    (forms.CheckboxSelectMultiple(choices=CHOICES, attrs={"class": "no-id"}), []),
    (forms.RadioSelect(choices=CHOICES, attrs={"id": "id_r"}), "x&y"),
    (forms.RadioSelect(choices=GROUPED), None),
    (forms.SplitDateTimeWidget(), timezone.now()),
    (forms.ClearableFileInput(), None),
    (forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}), None),
    (forms.ClearableFileInput(), StoredFile("evidence/2026/11/bien ban <1>&2.pdf")),
    (forms.ClearableFileInput(attrs={"disabled": True}), StoredFile("evidence/a.pdf")),
    (RequiredClearableFileInput(), StoredFile("evidence/a.pdf")),
    (DayFirstDateRangeWidget(), None),
    (DayFirstDateRangeWidget(attrs={"id": "id_d"}), slice(date(2026, 3, 1), date(2026, 3, 31))),
    (DayFirstDateRangeWidget(), ["01/03/2026", '<"x">']),  # as typed, refused by the form
    (django_filters.widgets.RangeWidget(), slice(1, 2000)),
    (django_filters.widgets.RangeWidget(), slice(None, 5)),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_widget_renders_as_its_template(widget, value, language):
    with override_settings(LANGUAGE_CODE=language), timezone.override("Asia/Ho_Chi_Minh"):
        written = widget.render("field", value, attrs={"aria-describedby": "x"}, renderer=WRITTEN)
        templated = widget.render("field", value, attrs={"aria-describedby": "x"}, renderer=TEMPLATES)
    assert written == templated


def test_only_django_s_own_widget_templates_and_django_filter_s_range_are_written_and_each_exists():
    for template_name in WRITERS:
        assert template_name.startswith("django/forms/widgets/") or template_name == RANGE
        TEMPLATES.get_template(template_name)  # raises if there is no such template


def test_a_range_of_a_custom_part_goes_through_the_templates():
    class Custom(django_filters.widgets.RangeWidget):
        def __init__(self):
            super().__init__()
            self.widgets[1].template_name = "django/forms/widgets/attrs.html"

    html = Custom().render("f", slice(1, 2), renderer=WRITTEN)
    assert html == Custom().render("f", slice(1, 2), renderer=TEMPLATES)
    assert html.startswith("<input") and "-" in html


def test_a_custom_option_template_goes_through_the_templates():
    class Custom(forms.RadioSelect):
        option_template_name = "django/forms/widgets/attrs.html"

    html = Custom(choices=[("a", "A")]).render("f", "a", renderer=WRITTEN)
    assert html == Custom(choices=[("a", "A")]).render("f", "a", renderer=TEMPLATES)


class ComparingRenderer(TemplatelessWidgets):
    """Renders every widget both ways and keeps what it saw, for the pages below."""

    seen: list[str] = []

    def render(self, template_name, context, request=None):
        written = super().render(template_name, context, request=request)
        templated = DjangoTemplates.render(self, template_name, context, request=request)
        assert written == templated, template_name
        self.seen.append(template_name)
        return written


@pytest.mark.django_db
def test_every_form_of_the_pages_renders_as_its_templates(
    client, office_staff, agency_head, other_agency_head, agency, other_agency
):
    deadline = add_working_days(timezone.localdate(), 12)
    task = DirectiveFactory(deadline=deadline, deadline_text="trong tháng 3")
    part = PartFactory(directive=task, agency=agency, status=TaskStatus.IN_PROGRESS)
    other = PartFactory(directive=task, agency=other_agency, status=TaskStatus.NOT_STARTED)
    request_extension(
        part_id=other.pk,
        user=other_agency_head,
        reason="Vướng mặt bằng",
        proposed_deadline=task.deadline + timedelta(days=30),
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4"),
    )
    pages = {
        office_staff: [
            reverse("directives:directive_list") + "?q=mặt+bằng&status=in_progress&timeliness=overdue",
            reverse("directives:directive_list") + "?deadline_after=xx",  # a form with errors
            reverse("directives:directive_detail", args=[task.pk]),
            reverse("directives:directive_edit", args=[task.pk]),
            reverse("reporting:dashboard"),
            reverse("reporting:agency_report"),
            reverse("directives:notice_new"),
            reverse("directives:notice_import"),
            reverse("directives:agency_reorganise", args=[agency.pk]),
            reverse("directives:completions_to_accept"),
            reverse("accounts:token_list"),
            reverse("password_change"),
        ],
        agency_head: [
            reverse("directives:directive_detail", args=[task.pk]),
            reverse("directives:my_tasks"),
            reverse("reporting:dashboard"),
        ],
    }
    ComparingRenderer.seen = []
    with override_settings(FORM_RENDERER="tests.test_form_renderer.ComparingRenderer"):
        for user, urls in pages.items():
            client.force_login(user)
            for url in urls:
                assert client.get(url).status_code == 200, url
    assert part.pk and set(ComparingRenderer.seen) >= {
        "django/forms/widgets/select.html",
        "django/forms/widgets/text.html",
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/hidden.html",
        "django/forms/widgets/checkbox_select.html",
        RANGE,
    }


class EveryKindOfField(forms.Form):
    """Labels, help and attributes of every shape the field template meets."""

    text = forms.CharField(label="Tên <cơ quan>", help_text='Ví dụ: "Sở Tài chính" & <b>UBND</b>')
    safe = forms.CharField(label=mark_safe("<em>Ngày</em>"), help_text=mark_safe("<i>dd/mm/yyyy</i>"))
    optional = forms.IntegerField(required=False, label=gettext_lazy("Note"), show_hidden_initial=True)
    own_id = forms.CharField(widget=forms.TextInput(attrs={"id": "rieng"}), required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=GROUPED, widget=forms.CheckboxSelectMultiple)
    upload = forms.FileField(required=False, help_text="PDF")
    when = forms.SplitDateTimeField(required=False)


def task_page_forms(part, user, data=None):
    """The forms of the task page, unbound or bound to `data` (with its errors)."""
    from directives.forms import (
        ExtensionApprovalForm,
        ExtensionForm,
        ExtensionRefusalForm,
        ExtensionRequestForm,
        ProgressForm,
    )

    return [
        ProgressForm(data, part=part, user=user, prefix="part1"),
        ExtensionForm(data, prefix="extend1"),
        ExtensionRequestForm(data, prefix="ask1"),
        ExtensionApprovalForm(data, prefix="approve1"),
        ExtensionRefusalForm(data, prefix="refuse1"),
        EveryKindOfField(data),
        EveryKindOfField(data, auto_id=False),
        EveryKindOfField(data, auto_id="f_%s_id", prefix="p"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "data", [None, {"text": "x", "part1-status": "???", "ask1-proposed_deadline": "31/2"}]
)
def test_a_field_is_written_as_its_template_writes_it(office_staff, agency, language, data):
    from django.template.loader import render_to_string

    from tasktracker.form_renderer import field_html

    part = PartFactory(agency=agency, status=TaskStatus.IN_PROGRESS)
    with override_settings(LANGUAGE_CODE=language), timezone.override("Asia/Ho_Chi_Minh"):
        fields = [field for form in task_page_forms(part, office_staff, data) for field in form]
        for field in fields:
            assert field_html(field) == render_to_string("includes/field.html", {"field": field}), field.name
    assert any(field.errors for field in fields) == (data is not None)


class UnchangingFields(forms.Form):
    """A form whose `__init__` changes a field it declares unchanging: the renderer cannot know, so such a
    declaration would be wrong; the tests below use it to show what the cache keys on."""

    note = forms.CharField(label=gettext_lazy("Note"), help_text="Ghi <chú>", required=False)
    when = forms.DateField(label="Ngày")
    unchanging_fields: tuple[str, ...] = ("note", "when")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_unchanging_field_of_a_blank_form_is_written_as_anew(office_staff, agency_head, agency, language):
    from tasktracker.form_renderer import blank_field_html, field_html

    statuses = (TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE)
    parts = [PartFactory(agency=agency, status=status) for status in statuses]
    with override_settings(LANGUAGE_CODE=language), timezone.override("Asia/Ho_Chi_Minh"):
        for user in (office_staff, agency_head):
            for part in parts:
                for form in task_page_forms(part, user):
                    if form.prefix:
                        form.prefix = f"{form.prefix}{part.pk}"  # each part's own names and ids
                    for name in form.fields:
                        assert blank_field_html(form, name) == field_html(form[name]), (form, name)
                        assert f'name="{form.add_prefix(name)}' in blank_field_html(form, name)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_blank_field_is_kept_per_language_and_written_with_each_form_s_names(language):
    from tasktracker.form_renderer import blank_field_html, field_html

    with override_settings(LANGUAGE_CODE=language):
        first = blank_field_html(UnchangingFields(prefix="a1"), "note")
        second = blank_field_html(UnchangingFields(prefix="a22"), "note")
        with override_settings(LANGUAGE_CODE="en" if language == "vi" else "vi"):
            other_language = blank_field_html(UnchangingFields(prefix="a1"), "note")
            assert other_language == field_html(UnchangingFields(prefix="a1")["note"])
        assert first == field_html(UnchangingFields(prefix="a1")["note"])
        assert second == field_html(UnchangingFields(prefix="a22")["note"])
        assert ("Note" in first) == (language == "en") and ("Note" in other_language) == (language == "vi")
        assert 'id="id_a22-note"' in second and "a1-" not in second
        own_ids = UnchangingFields(prefix="a1", auto_id="f_%s")
        assert blank_field_html(own_ids, "note") == field_html(own_ids["note"])


def test_a_bound_form_an_initial_value_a_changed_field_or_no_prefix_is_written_afresh():
    from tasktracker.form_renderer import blank_field_html, field_html

    blank_field_html(UnchangingFields(prefix="b1"), "when")
    bound = UnchangingFields({"b2-when": "31/02"}, prefix="b2")
    assert blank_field_html(bound, "when") == field_html(bound["when"])
    assert "has-error" in blank_field_html(bound, "when")
    with_initial = UnchangingFields(initial={"when": date(2027, 1, 5)}, prefix="b3")
    assert blank_field_html(with_initial, "when") == field_html(with_initial["when"])
    assert "2027" in blank_field_html(with_initial, "when")
    unprefixed = UnchangingFields()
    unprefixed.fields["note"].help_text = "Khác"
    assert "Khác" in blank_field_html(unprefixed, "note")
    not_declared = UnchangingFields(prefix="b4")
    not_declared.unchanging_fields = ("when",)
    not_declared.fields["note"].label = "Ghi chú riêng"
    assert "Ghi chú riêng" in blank_field_html(not_declared, "note")
