"""The task page's lead parts written in Python (`directives.part_sections`) are the HTML the template loop
wrote, to the byte: every kind of section, for each role, with blank and refused forms, in both languages."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation

from agencies.models import Agency
from directives import part_sections, task_reads
from directives.choices import TaskStatus, UpdateKind
from directives.extensions import request_extension
from directives.forms import (
    ExtensionApprovalForm,
    ExtensionForm,
    ExtensionRefusalForm,
    ExtensionRequestForm,
    ProgressForm,
)
from directives.models import Part, ProgressUpdate
from directives.part_sections import part_sections_html
from directives.views import directive_context
from tests.factories import DirectiveFactory, PartFactory, UserFactory
from workdays.calendar import add_working_days

pytestmark = pytest.mark.django_db

# The loop of templates/directives/includes/directive_work.html that part_sections_html replaces, as it was.
TEMPLATE_LOOP = engines["django"].from_string(
    """{% load i18n directives_tags %}{% for part in parts %}
<section class="card part" id="part-{{ part.pk }}">
  <h3>{{ part.agency.name }}</h3>
  <p>
    <span class="badge">{{ part.get_status_display }}</span>
    <span class="badge {{ part.timeliness }}">{{ part.timeliness_label }}</span>
    {% if part.effective_deadline %}<span>{% translate "Deadline" %}: {{ part.effective_deadline|date:"SHORT_DATE_FORMAT" }}</span>{% if part.extended_deadline %} <span class="muted">({% translate "extended" %})</span>{% endif %}{% endif %}
    {% if part.completed_on %}<span>{% translate "Completed on" %}: {{ part.completed_on|date:"SHORT_DATE_FORMAT" }}</span>{% endif %}
  </p>
  {% if part.progress_form %}
  {% with form=part.progress_form %}{% url 'directives:part_progress' directive.pk part.pk as progress_url %}
  <form method="post" enctype="multipart/form-data" action="{{ progress_url }}"
        hx-post="{{ progress_url }}" hx-encoding="multipart/form-data"
        hx-target="#directive-work" hx-swap="innerHTML" class="progress-form" novalidate>
    {% csrf_token %}
    {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
    {% if part.change_meanwhile %}{% with update=part.change_meanwhile %}
    <div class="change-meanwhile" id="change-meanwhile-{{ part.pk }}">
      <h4>{% translate "Saved meanwhile by someone else" %}</h4>
      <p class="muted">{{ update.created_at|date:"SHORT_DATETIME_FORMAT" }} · {{ update.author|default:_("system") }}{% if update.agency %} ({{ update.agency.short_name|default:update.agency.name }}){% endif %}</p>
      <p><strong>{{ update.get_kind_display }}</strong>{% if update.status_before != update.status_after %}: {{ update.get_status_before_display }} → {{ update.get_status_after_display }}{% endif %}{% if update.deadline_after %} · {% translate "deadline" %} {{ update.deadline_before|date:"SHORT_DATE_FORMAT"|default:"—" }} → {{ update.deadline_after|date:"SHORT_DATE_FORMAT" }}{% endif %}</p>
      {% if update.note %}<div class="note">{{ update.note|linebreaksbr }}</div>{% endif %}
      <p>{% translate "Your report is kept below: check it against this change and save it again." %}</p>
    </div>
    {% endwith %}{% endif %}
    {{ form.version }}
    <div class="review-grid">
      {% form_field form.status %}
      {% if form.completed_on %}{% form_field form.completed_on %}{% endif %}
      <div class="wide">{% form_field form.note %}</div>
      <div class="wide">{% form_field form.evidence %}</div>
    </div>
    <button type="submit" class="button primary">{% translate "Save the update" %}</button>
  </form>
  {% endwith %}
  {% endif %}
  {% if part.extension_form %}
  {% with form=part.extension_form %}
  <details class="extension"{% if form.errors %} open{% endif %}>
    <summary>{% translate "Record an extension" %}</summary>
    <form method="post" action="{% url 'directives:part_extend' directive.pk part.pk %}" novalidate>
      {% csrf_token %}
      {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
      {{ form.version }}
      <div class="review-grid">
        {% form_field form.new_deadline %}
        {% form_field form.note %}
      </div>
      <button type="submit" class="button">{% translate "Record the extension" %}</button>
    </form>
  </details>
  {% endwith %}
  {% endif %}
  {% if part.pending_request %}
  {% with extension=part.pending_request %}
  <div class="extension-request" id="extension-request-{{ extension.pk }}">
    <p><span class="badge flag">{% translate "Extension requested" %}</span>
      {% blocktranslate trimmed with proposed=extension.proposed_deadline|date:"SHORT_DATE_FORMAT" by=extension.requested_by asked=extension.created_at|date:"SHORT_DATE_FORMAT" %}
      until {{ proposed }}, asked by {{ by }} on {{ asked }}
      {% endblocktranslate %}</p>
    <div class="note">{{ extension.reason|linebreaksbr }}</div>
    {% if extension.evidence %}<p><a href="{% url 'directives:evidence_download' extension.request_entry_id %}">{% translate "Evidence" %}: {{ extension.request_entry.evidence_filename }}</a></p>{% endif %}
    {% if part.approval_form %}
    <div class="review-grid">
    {% with form=part.approval_form %}
    <form method="post" action="{% url 'directives:extension_approve' extension.pk %}" class="extension-approve" novalidate>
      {% csrf_token %}
      {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
      {{ form.version }}
      {% form_field form.granted_deadline %}
      {% form_field form.note %}
      <button type="submit" class="button primary">{% translate "Approve the extension" %}</button>
    </form>
    {% endwith %}
    {% with form=part.refusal_form %}
    <form method="post" action="{% url 'directives:extension_refuse' extension.pk %}" class="extension-refuse" novalidate>
      {% csrf_token %}
      {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
      {{ form.version }}
      {% form_field form.reason %}
      <button type="submit" class="button">{% translate "Refuse the request" %}</button>
    </form>
    {% endwith %}
    </div>
    {% endif %}
  </div>
  {% endwith %}
  {% endif %}
  {% if part.request_form %}
  {% with form=part.request_form %}
  <details class="extension"{% if form.errors %} open{% endif %}>
    <summary>{% translate "Ask for more time" %}</summary>
    <form method="post" enctype="multipart/form-data" action="{% url 'directives:part_extension_request' directive.pk part.pk %}" class="extension-request-form" novalidate>
      {% csrf_token %}
      {% if form.non_field_errors %}<div class="errors" role="alert">{{ form.non_field_errors }}</div>{% endif %}
      {{ form.version }}
      <div class="review-grid">
        {% form_field form.proposed_deadline %}
        <div class="wide">{% form_field form.reason %}</div>
        <div class="wide">{% form_field form.evidence %}</div>
      </div>
      <button type="submit" class="button">{% translate "Send the request" %}</button>
    </form>
  </details>
  {% endwith %}
  {% endif %}
</section>
{% endfor %}"""  # noqa: E501 (the template's own lines)
)
CSRF_TOKEN = "tok<&>en"


@pytest.fixture
def task(agency, other_agency, office_staff, agency_staff):
    """A task with three leads: one waiting on its extension request (with evidence, words in markup),
    one finished after an extension, one overdue; a heading of markup in an agency's name."""
    today = timezone.localdate()
    directive = DirectiveFactory(deadline=add_working_days(today, 12))
    asking = PartFactory(directive=directive, agency=agency, status=TaskStatus.IN_PROGRESS)
    done = PartFactory(
        directive=directive,
        agency=other_agency,
        status=TaskStatus.DONE,
        completed_on=today - timedelta(days=3),
        extended_deadline=today + timedelta(days=40),
    )
    third = Agency.objects.create(name='Sở <Xây dựng> & "Giao thông"', short_name="")
    PartFactory(
        directive=directive,
        agency=third,
        status=TaskStatus.NOT_STARTED,
        extended_deadline=today - timedelta(days=2),
    )
    request_extension(
        part_id=asking.pk,
        user=agency_staff,
        reason='Vướng <b>"mặt bằng"</b> & 2,3 ha\r\ndòng 2',
        proposed_deadline=directive.deadline + timedelta(days=45),
        evidence=SimpleUploadedFile("biên bản <1>&2.pdf", b"%PDF-1.4"),
    )
    done.refresh_from_db()
    return directive


def sections_both_ways(request, directive, forms_by_part=None, csrf_token=CSRF_TOKEN):
    shown = task_reads.shown_task(request.user, directive.pk)
    parts = directive_context(request, shown, forms_by_part=forms_by_part)["parts"]
    context = {"parts": parts, "directive": shown, "csrf_token": csrf_token}
    return part_sections_html(parts, shown, csrf_token), TEMPLATE_LOOP.render(context)


def page_request(user, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    return request


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "who", ["office_staff", "agency_staff", "agency_head", "other_agency_head", "leader"]
)
def test_blank_forms_are_written_as_the_template_wrote_them(request, task, who, language):
    user = request.getfixturevalue(who)
    with translation.override(language):
        written, templated = sections_both_ways(page_request(user), task)
    assert written == templated
    assert "&lt;b&gt;&quot;mặt bằng&quot;&lt;/b&gt; &amp; 2,3 ha<br>dòng 2" in written
    assert "Sở &lt;Xây dựng&gt; &amp; &quot;Giao thông&quot;" in written


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("csrf_token", [None, "", "NOTPROVIDED", CSRF_TOKEN])
def test_the_csrf_input_is_written_as_the_tag_wrote_it(task, office_staff, language, csrf_token):
    with translation.override(language):
        written, templated = sections_both_ways(page_request(office_staff), task, csrf_token=csrf_token)
    assert written == templated


@pytest.mark.parametrize("language", ["vi", "en"])
def test_refused_forms_and_a_change_meanwhile_are_written_as_the_template_wrote_them(
    task, office_staff, agency_staff, other_agency_head, language
):
    asking, _done, late = task.parts.order_by("pk")
    extension = asking.extension_requests.get()
    bad = {"version": "x", "note": "n" * 5001, "status": "nope"}
    progress = ProgressForm(
        {f"part{late.pk}-{key}": value for key, value in bad.items()},
        part=late,
        user=office_staff,
        prefix=f"part{late.pk}",
    )
    progress.add_error(None, "Someone <else> saved it & more.")
    change = ProgressUpdate.objects.create(
        part=late,
        author=other_agency_head,
        agency=other_agency_head.agency,
        kind=UpdateKind.DEADLINE_EXTENDED,
        status_before=TaskStatus.NOT_STARTED,
        status_after=TaskStatus.IN_PROGRESS,
        deadline_before=None,
        deadline_after=timezone.localdate() + timedelta(days=9),
        note='Ghi <chú> & "một"\ndòng 2',
    )
    forms_by_part = {
        ("progress", late.pk): progress,
        ("change_meanwhile", late.pk): change,
        ("extension", late.pk): ExtensionForm(
            {f"extend{late.pk}-new_deadline": "31/02/2027"}, prefix=f"extend{late.pk}"
        ),
        ("approve", asking.pk): ExtensionApprovalForm({}, prefix=f"approve{extension.pk}"),
        ("refuse", asking.pk): ExtensionRefusalForm(
            {f"refuse{extension.pk}-reason": ""}, prefix=f"refuse{extension.pk}"
        ),
    }
    with translation.override(language):
        written, templated = sections_both_ways(page_request(office_staff), task, forms_by_part)
    assert written == templated
    assert 'id="change-meanwhile-' in written and '<details class="extension" open>' in written
    systemic = ProgressUpdate.objects.create(
        part=late, kind=UpdateKind.TASK_CORRECTED, status_before="x", status_after="x", note=""
    )
    with translation.override(language):
        written, templated = sections_both_ways(
            page_request(office_staff), task, {**forms_by_part, ("change_meanwhile", late.pk): systemic}
        )
    assert written == templated
    request_form = ExtensionRequestForm({f"ask{late.pk}-reason": "x"}, prefix=f"ask{late.pk}")
    request_form.add_error(None, "Too late.")
    head_of_late = UserFactory(username="truongphong", agency=late.agency, role=agency_staff.role)
    with translation.override(language):
        written, templated = sections_both_ways(
            page_request(head_of_late), task, {("request", late.pk): request_form}
        )
    assert written == templated
    assert 'class="extension-request-form"' in written and "Too late." in written


def test_each_language_keeps_its_own_words_and_a_status_not_offered_is_shown_as_it_is(task, leader):
    late = task.parts.order_by("pk").last()
    Part.objects.filter(pk=late.pk).update(status="retired")  # a status since retired, read by a leader
    for language in ("vi", "en", "vi", "en"):
        with translation.override(language):
            written, templated = sections_both_ways(page_request(leader), task)
        assert written == templated
        assert '<span class="badge">retired</span>' in written


def test_the_words_are_read_again_when_settings_change():
    with translation.override("vi"):
        before = part_sections._words("vi")
        assert part_sections._words("vi") is before
        with override_settings(FORMAT_MODULE_PATH=None):
            assert part_sections._words("vi") is not before
