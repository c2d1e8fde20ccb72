"""The task page's blank forms, written without being built (`tasktracker.form_renderer.BlankForm`): the same
HTML as the forms built afresh, for every status of a part, each role and both languages."""

from datetime import date

import pytest
from django.test import override_settings

from directives.choices import TaskStatus
from directives.forms import (
    ExtensionForm,
    ExtensionRefusalForm,
    ExtensionRequestForm,
    ProgressForm,
    blank_form,
    blank_progress_form,
    progress_statuses,
)
from tasktracker.form_renderer import field_html
from tests.factories import PartFactory

pytestmark = pytest.mark.django_db

ROLES = ["office_staff", "leader", "agency_head", "agency_staff", "other_agency_head"]


def written_afresh(form, name) -> str:
    """What the page wrote of a field of a form built afresh ("" for a field it leaves out)."""
    if name not in form.fields:
        return ""
    return str(form[name]) if name == "version" else field_html(form[name])


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("who", ROLES)
def test_a_blank_progress_form_is_the_form_built_afresh(request, agency, who, language):
    user = request.getfixturevalue(who)
    with override_settings(LANGUAGE_CODE=language):
        for status in TaskStatus.values:
            # Two parts of each status, so the second is written from what the first left.
            for version in (3, 41):
                done = status == TaskStatus.DONE
                part = PartFactory(
                    agency=agency,
                    status=status,
                    version=version,
                    completed_on=date(2026, 3, 2) if done else None,
                )
                fresh = ProgressForm(part=part, user=user, prefix=f"part{part.pk}")
                blank = blank_progress_form(user, part)
                assert progress_statuses(user, part) == fresh.statuses
                if not fresh.statuses:
                    assert blank is None
                    continue
                for name in ("version", "status", "completed_on", "note", "evidence"):
                    assert blank.html(name) == written_afresh(fresh, name), (status, name)
                assert f'name="part{part.pk}-version" value="{version}"' in blank.html("version")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_other_blank_forms_are_the_forms_built_afresh(agency, language):
    forms = {
        ExtensionForm: ("version", "new_deadline", "note"),
        ExtensionRequestForm: ("version", "proposed_deadline", "reason", "evidence"),
        ExtensionRefusalForm: ("version", "reason"),
    }
    with override_settings(LANGUAGE_CODE=language):
        for form_class, names in forms.items():
            for prefix, version in (("x12", 1), ("x3456", 987)):
                fresh = form_class(initial={"version": version}, prefix=prefix)
                blank = blank_form(form_class, prefix, version)
                for name in names:
                    assert blank.html(name) == written_afresh(fresh, name), (form_class, name)


def test_a_blank_form_asked_anything_else_is_built_then(agency, agency_head):
    part = PartFactory(agency=agency, status=TaskStatus.IN_PROGRESS)
    blank = blank_progress_form(agency_head, part)
    blank.html("status")
    assert "form" not in vars(blank)  # writing it built none for this part
    assert not blank.errors and blank.prefix == f"part{part.pk}"
    assert blank["version"].value() == part.version
    assert blank.statuses == progress_statuses(agency_head, part)
    assert isinstance(blank.form, ProgressForm) and not blank.form.is_bound


def test_a_blank_form_of_another_shape_is_written_anew(agency, office_staff, agency_head):
    """The statuses offered, the part's status and the completion date make the progress form's shape."""
    part = PartFactory(agency=agency, status=TaskStatus.REPORTED_DONE)
    as_lead = blank_progress_form(agency_head, part).html("status")
    as_office = blank_progress_form(office_staff, part).html("status")
    assert as_lead != as_office
    assert blank_progress_form(agency_head, part).html("completed_on") == ""
    completed_on = blank_progress_form(office_staff, part).html("completed_on")
    assert f'name="part{part.pk}-completed_on"' in completed_on


def test_a_blank_form_is_written_in_the_language_given(agency, agency_head):
    part = PartFactory(agency=agency, status=TaskStatus.IN_PROGRESS)
    blank = blank_progress_form(agency_head, part)
    for language in ("vi", "en"):
        with override_settings(LANGUAGE_CODE=language):
            in_language = blank.html("note")
        assert ("Note" in in_language) == (language == "en")
        with override_settings(LANGUAGE_CODE="en" if language == "vi" else "vi"):
            assert blank.html("note", language) == in_language
