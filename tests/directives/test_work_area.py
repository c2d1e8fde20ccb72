"""The task page's work area written in Python (`directives.work_area`) is what its template wrote, and the
page and the htmx fragment after a progress update write the same one."""

import re
from datetime import date

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from directives import part_sections, timeline
from directives.choices import TaskStatus, UpdateKind
from directives.models import ProgressUpdate
from directives.views import directive_context
from directives.work_area import work_area_html
from tests.factories import DirectiveFactory, PartFactory

pytestmark = pytest.mark.django_db

# templates/directives/includes/directive_work.html as it was, its tags' output given as variables.
TEMPLATE = engines["django"].from_string(
    """{% load i18n %}
<h2>{% translate "Lead agencies" %}</h2>
{{ sections }}

<h2>{% translate "History" %}{{ shown }}</h2>
<ol class="timeline card" id="history">
{{ entries }}
</ol>
{{ whole }}
"""
)


def as_the_template_wrote_it(context, csrf_token) -> str:
    history, parts, directive = context["history"], context["parts"], context["directive"]
    return TEMPLATE.render(
        {
            "sections": part_sections.part_sections_html(parts, directive, csrf_token),
            "shown": timeline.history_shown_html(history),
            "entries": timeline.history_html(history.entries, timeline.lead_names(parts)),
            "whole": timeline.whole_history_html(history, directive.pk),
        }
    )


def task_led_by(*agencies):
    task = DirectiveFactory(deadline=date(2026, 6, 30))
    for agency_ in agencies:
        part = PartFactory(directive=task, agency=agency_, status=TaskStatus.IN_PROGRESS)
        for number in range(3):
            ProgressUpdate.objects.create(
                part=part,
                kind=UpdateKind.PROGRESS,
                status_before=part.status,
                status_after=part.status,
                note=f"Lần {number} <b>&</b>",
            )
    return task


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("history", ["", "all"])
@pytest.mark.parametrize("leads", [1, 2])
def test_the_work_area_is_written_as_the_template_wrote_it(
    agency, other_agency, office_staff, agency_head, language, history, leads, monkeypatch
):
    monkeypatch.setattr("directives.views.HISTORY_SHOWN", 2)  # fewer than the task's entries: a link to all
    task = task_led_by(*(agency, other_agency)[:leads])
    for user in (office_staff, agency_head):
        request = RequestFactory().get("/", {"history": history} if history else {})
        request.user = user
        with translation.override(language):
            context = directive_context(request, task)
            written = work_area_html(context["parts"], task, context["history"], "token")
            assert f"{written}\n" == as_the_template_wrote_it(context, "token")
            assert ("whole-history" in written) is (history == "")


def test_the_page_and_the_fragment_after_an_update_write_the_same_work_area(
    client, agency, other_agency, agency_head
):
    task = task_led_by(agency, other_agency)
    part = task.parts.get(agency=agency_head.agency)
    client.force_login(agency_head)
    data = {
        f"part{part.pk}-status": "keep",
        f"part{part.pk}-note": "Ghi chú",
        f"part{part.pk}-version": part.version,
    }
    fragment = client.post(
        reverse("directives:part_progress", args=[task.pk, part.pk]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    page = client.get(reverse("directives:directive_detail", args=[task.pk])).content.decode()

    def unmasked(html):  # each response masks the CSRF token anew
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert "Ghi chú" in fragment and "change-meanwhile" not in fragment  # saved
    assert f'<div id="directive-work">\n{unmasked(fragment)}\n</div>' in unmasked(page)
