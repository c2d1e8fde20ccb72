"""The task page's lead parts, each with the forms its reader may use, written as HTML in Python.

Each part's section (its status, deadline, the progress form, the office's extension form, a pending request
with its approval and refusal forms, the lead's own request form) was a template of some sixty nodes per part:
the page's template spent more than its SQL on them. `part_sections_html` writes the same markup, to the byte;
`tests/directives/test_part_sections.py` keeps the template loop it replaces and compares the two for every
kind of section, bound and unbound forms, in both languages. The fields themselves are written by
`tasktracker.form_renderer.blank_field_html`: as `{% form_field %}` writes them, those that are the same in
every blank form written once per language.
"""

from functools import cached_property
from typing import NamedTuple

from django.template.defaultfilters import linebreaksbr
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directives.choices import TaskStatus, Timeliness
from tasktracker.dates import DateWriter
from tasktracker.escaping import csrf_input, escape
from tasktracker.form_renderer import BlankForm, blank_field_html
from tasktracker.kept import per_language
from tasktracker.links import Place, current_place, link_by_pk


def part_sections_html(parts, directive, csrf_token, place: Place | None = None) -> SafeString:
    """The `<section>` of each of the task's `parts` (as `directive_context` gives them, forms attached),
    each starting with a line break; `csrf_token` as the template context holds it; `place` as
    `tasktracker.links.current_place` gives it (read if not given)."""
    writer = _SectionWriter(directive, csrf_token, place or current_place())
    return mark_safe("".join([writer.section_html(part) for part in parts]))


def _errors(form) -> str:
    """`{% if form.non_field_errors %}<div class="errors" …>{{ form.non_field_errors }}</div>{% endif %}`"""
    if isinstance(form, BlankForm):
        return ""
    errors = form.non_field_errors()
    return f'<div class="errors" role="alert">{errors}</div>' if errors else ""


def _opened(form) -> str:
    """`{% if form.errors %} open{% endif %}`"""
    return " open" if not isinstance(form, BlankForm) and form.errors else ""


class _Words(NamedTuple):
    deadline: str
    extended: str
    completed_on: str
    save_update: str
    record_an_extension: str
    record_the_extension: str
    extension_requested: str
    evidence: str
    approve: str
    refuse: str
    ask_for_more_time: str
    send_request: str
    statuses: dict[str, str]
    timeliness: dict[str, str]
    write_date: DateWriter


@per_language
def _words(language: str | None) -> _Words:
    """What every section writes the same in a `language` (the active one): its words and labels escaped,
    its date format read; looked up once per language, not once per page."""
    return _Words(
        deadline=escape(_("Deadline")),
        extended=escape(_("extended")),
        completed_on=escape(_("Completed on")),
        save_update=escape(_("Save the update")),
        record_an_extension=escape(_("Record an extension")),
        record_the_extension=escape(_("Record the extension")),
        extension_requested=escape(_("Extension requested")),
        evidence=escape(_("Evidence")),
        approve=escape(_("Approve the extension")),
        refuse=escape(_("Refuse the request")),
        ask_for_more_time=escape(_("Ask for more time")),
        send_request=escape(_("Send the request")),
        statuses={value: escape(label) for value, label in TaskStatus.choices},
        timeliness={value: escape(label) for value, label in Timeliness.choices},
        write_date=DateWriter(get_format("SHORT_DATE_FORMAT")),
    )


class _SectionWriter:
    """Writes the sections of one task's parts in the active language: words, labels and the date format
    looked up once per language (`_words`), each address once per page and only if a section has it."""

    def __init__(self, directive, csrf_token, place: Place):
        self.directive_pk = directive.pk
        self.place = place
        self.csrf = csrf_input(csrf_token)
        self.language = get_language()
        self.words = _words(self.language)

    @cached_property
    def progress_link(self):
        return link_by_pk("directives:part_progress", self.directive_pk, place=self.place)

    @cached_property
    def extend_link(self):
        return link_by_pk("directives:part_extend", self.directive_pk, place=self.place)

    @cached_property
    def request_link(self):
        return link_by_pk("directives:part_extension_request", self.directive_pk, place=self.place)

    @cached_property
    def approve_link(self):
        return link_by_pk("directives:extension_approve", place=self.place)

    @cached_property
    def refuse_link(self):
        return link_by_pk("directives:extension_refuse", place=self.place)

    @cached_property
    def evidence_link(self):
        return link_by_pk("directives:evidence_download", place=self.place)

    def _field(self, form, name: str) -> str:
        """`{% form_field form.<name> %}` (the version: `{{ form.version }}`); "" for a field left out."""
        if isinstance(form, BlankForm):
            return form.html(name, self.language)
        if name not in form.fields:
            return ""
        return str(form[name]) if name == "version" else blank_field_html(form, name)

    def _day(self, day) -> str:
        """`{{ day|date:"SHORT_DATE_FORMAT" }}`"""
        return escape(self.words.write_date(day))

    def section_html(self, part) -> str:
        """The template's loop body, for one part."""
        words = self.words
        deadline = ""
        if part.effective_deadline:
            deadline = f"<span>{words.deadline}: {self._day(part.effective_deadline)}</span>"
            if part.extended_deadline:
                deadline += f' <span class="muted">({words.extended})</span>'
        completed = ""
        if part.completed_on:
            completed = f"<span>{words.completed_on}: {self._day(part.completed_on)}</span>"
        # As `get_status_display()`: a value that is not a choice is shown as it is.
        status = words.statuses.get(part.status) or escape(part.status)
        html = [
            f'\n<section class="card part" id="part-{part.pk}">\n'
            f"  <h3>{escape(part.agency_name)}</h3>\n  <p>\n"
            f'    <span class="badge">{status}</span>\n'
            f'    <span class="badge {escape(part.timeliness)}">{words.timeliness[part.timeliness]}</span>\n'
            f"    {deadline}\n    {completed}\n  </p>\n  "
        ]
        if part.progress_form:
            html.append(self._progress_html(part, part.progress_form))
        html.append("\n  ")
        if part.extension_form:
            html.append(self._extension_html(part, part.extension_form))
        html.append("\n  ")
        if part.pending_request:
            html.append(self._pending_request_html(part, part.pending_request))
        html.append("\n  ")
        if part.request_form:
            html.append(self._request_html(part, part.request_form))
        html.append("\n</section>\n")
        return "".join(html)

    def _progress_html(self, part, form) -> str:
        progress_url = escape(self.progress_link(part.pk))
        change = self._change_meanwhile_html(part, part.change_meanwhile) if part.change_meanwhile else ""
        return (
            f'\n  \n  <form method="post" enctype="multipart/form-data" action="{progress_url}"\n'
            f'        hx-post="{progress_url}" hx-encoding="multipart/form-data"\n'
            '        hx-target="#directive-work" hx-swap="innerHTML" class="progress-form" novalidate>\n'
            f"    {self.csrf}\n    {_errors(form)}\n    {change}\n    {self._field(form, 'version')}\n"
            f'    <div class="review-grid">\n      {self._field(form, "status")}\n'
            f"      {self._field(form, 'completed_on')}\n"
            f'      <div class="wide">{self._field(form, "note")}</div>\n'
            f'      <div class="wide">{self._field(form, "evidence")}</div>\n    </div>\n'
            f'    <button type="submit" class="button primary">{self.words.save_update}</button>\n'
            "  </form>\n  \n  "
        )

    def _change_meanwhile_html(self, part, update) -> str:
        """Someone else's change that made this person's report stale."""
        author: str = escape(update.author) if update.author else escape(_("system"))
        if update.agency:
            author += f" ({escape(update.agency.short_name or update.agency.name)})"
        what = f"<strong>{escape(update.get_kind_display())}</strong>"
        if update.status_before != update.status_after:
            before, after = update.get_status_before_display(), update.get_status_after_display()
            what += f": {escape(before)} → {escape(after)}"
        if update.deadline_after:
            before = self._day(update.deadline_before) if update.deadline_before else "—"
            what += f" · {escape(_('deadline'))} {before} → {self._day(update.deadline_after)}"
        note = f'<div class="note">{linebreaksbr(update.note, autoescape=True)}</div>' if update.note else ""
        kept = _("Your report is kept below: check it against this change and save it again.")
        written_at = escape(DateWriter(get_format("SHORT_DATETIME_FORMAT"))(localtime(update.created_at)))
        return (
            f'\n    <div class="change-meanwhile" id="change-meanwhile-{part.pk}">\n'
            f"      <h4>{escape(_('Saved meanwhile by someone else'))}</h4>\n"
            f'      <p class="muted">{written_at} · {author}</p>\n'
            f"      <p>{what}</p>\n      {note}\n"
            f"      <p>{escape(kept)}</p>\n"
            "    </div>\n    "
        )

    def _extension_html(self, part, form) -> str:
        return (
            f'\n  \n  <details class="extension"{_opened(form)}>\n'
            f"    <summary>{self.words.record_an_extension}</summary>\n"
            f'    <form method="post" action="{escape(self.extend_link(part.pk))}" novalidate>\n'
            f"      {self.csrf}\n      {_errors(form)}\n      {self._field(form, 'version')}\n"
            f'      <div class="review-grid">\n        {self._field(form, "new_deadline")}\n'
            f"        {self._field(form, 'note')}\n      </div>\n"
            f'      <button type="submit" class="button">{self.words.record_the_extension}</button>\n'
            "    </form>\n  </details>\n  \n  "
        )

    def _pending_request_html(self, part, extension) -> str:
        asked = _("until %(proposed)s, asked by %(by)s on %(asked)s") % {
            "proposed": self._day(extension.proposed_deadline),
            "by": escape(extension.requested_by),
            "asked": self._day(localtime(extension.created_at)),
        }
        evidence = ""
        if extension.evidence:
            evidence = (
                f'<p><a href="{escape(self.evidence_link(extension.request_entry_id))}">'
                f"{self.words.evidence}: {escape(extension.request_entry.evidence_filename)}</a></p>"
            )
        decision = ""
        if part.approval_form:
            decision = self._decision_html(extension, part.approval_form, part.refusal_form)
        return (
            f'\n  \n  <div class="extension-request" id="extension-request-{extension.pk}">\n'
            f'    <p><span class="badge flag">{self.words.extension_requested}</span>\n'
            f"      {asked}</p>\n"
            f'    <div class="note">{linebreaksbr(extension.reason, autoescape=True)}</div>\n'
            f"    {evidence}\n    {decision}\n  </div>\n  \n  "
        )

    def _decision_html(self, extension, approval, refusal) -> str:
        return (
            '\n    <div class="review-grid">\n    \n'
            f'    <form method="post" action="{escape(self.approve_link(extension.pk))}"'
            ' class="extension-approve" novalidate>\n'
            f"      {self.csrf}\n      {_errors(approval)}\n      {self._field(approval, 'version')}\n"
            f"      {self._field(approval, 'granted_deadline')}\n"
            f"      {self._field(approval, 'note')}\n"
            f'      <button type="submit" class="button primary">{self.words.approve}'
            "</button>\n"
            "    </form>\n    \n    \n"
            f'    <form method="post" action="{escape(self.refuse_link(extension.pk))}"'
            ' class="extension-refuse" novalidate>\n'
            f"      {self.csrf}\n      {_errors(refusal)}\n      {self._field(refusal, 'version')}\n"
            f"      {self._field(refusal, 'reason')}\n"
            f'      <button type="submit" class="button">{self.words.refuse}</button>\n'
            "    </form>\n    \n    </div>\n    "
        )

    def _request_html(self, part, form) -> str:
        return (
            f'\n  \n  <details class="extension"{_opened(form)}>\n'
            f"    <summary>{self.words.ask_for_more_time}</summary>\n"
            '    <form method="post" enctype="multipart/form-data"'
            f' action="{escape(self.request_link(part.pk))}" class="extension-request-form" novalidate>\n'
            f"      {self.csrf}\n      {_errors(form)}\n      {self._field(form, 'version')}\n"
            f'      <div class="review-grid">\n        {self._field(form, "proposed_deadline")}\n'
            f'        <div class="wide">{self._field(form, "reason")}</div>\n'
            f'        <div class="wide">{self._field(form, "evidence")}</div>\n      </div>\n'
            f'      <button type="submit" class="button">{self.words.send_request}</button>\n'
            "    </form>\n  </details>\n  \n  "
        )
