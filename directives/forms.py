import copy
import json
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Self, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.permissions import manages_directives, reports_progress_for
from agencies.choices import AgencyKind
from agencies.models import Agency
from directives.choices import NoticeKind, Recurrence, TaskStatus
from directives.files import EVIDENCE_EXTENSIONS, validate_evidence_file
from directives.importing import (
    RegistryNames,
    ReviewedNotice,
    ReviewedTask,
    agency_matcher,
    flag_label,
    guess_agency_kind,
)
from directives.models import Directive, Notice, ProgressUpdate
from directives.services import KEEP_STATUS, allowed_statuses, record_progress
from reading.documents import (
    ACCEPTED_EXTENSIONS,
    MAX_NOTICE_BYTES,
    NeedsOcr,
    UnreadableDocument,
    read_notice_document,
)
from reading.parser import NotANotice, parse_notice
from tasktracker import widgets
from tasktracker.form_renderer import BlankForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # What OnTopOfLatest is mixed into: a Form or a ModelForm (a plain class at run time).
    _BoundForm = forms.BaseForm
else:
    _BoundForm = object

CREATE = "create"


class DayFirstDateInput(widgets.DateInput):
    """A date typed as dd/mm/yyyy, the way Vietnamese offices write dates."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class NoticeSourceForm(forms.Form):
    """The notice to import: a file, or its text pasted. A scan is kept in `scan` (name, bytes), unread."""

    scan = None

    document = forms.FileField(
        label=_("Notice file"),
        required=False,
        help_text=_("A .docx, .pdf (text or scan), .png, .jpg, .txt or .md file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Or paste its text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        document, text = cleaned.get("document"), (cleaned.get("text") or "").strip()
        if self.errors:
            return cleaned
        if document and text:
            raise ValidationError(_("Choose a file or paste the text, not both."))
        if not document and not text:
            raise ValidationError(_("Choose the notice file or paste its text."))
        if document:
            if document.size > MAX_NOTICE_BYTES:
                raise ValidationError(_("The file is larger than 10 MB."))
            content = document.read()
            try:
                text = read_notice_document(document.name, content, ocr=False)
            except NeedsOcr:
                self.scan = (document.name, content)  # read by OCR in the background (directives.readings)
                return cleaned
            except UnreadableDocument as error:
                raise ValidationError(error.message) from error
        try:
            self.parsed = parse_notice(text, agency_matcher())
        except NotANotice as error:
            self.assigns_nothing = True  # the page offers to enter the notice by hand
            raise ValidationError(str(error)) from error
        self.source_text = text
        return cleaned

    assigns_nothing = False

    def existing_notice(self):
        """The notice already entered that this one is, if any (see NoticeQuerySet.same_as)."""
        parsed = self.parsed
        return Notice.objects.same_as(
            number=parsed.number,
            issuing_authority=parsed.issuing_authority,
            place=parsed.place,
            issued_on=parsed.issued_on,
            source_text=self.source_text,
        ).first()


class NoticeHeaderForm(forms.Form):
    """The notice's header, as the parser read it or as a person types it."""

    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=60,
        help_text=_("Blank in a draft."),
        widget=widgets.TextInput(),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices, widget=widgets.Select())
    title = forms.CharField(label=_("Title"), widget=widgets.Textarea(attrs={"rows": 2}))
    issuing_authority = forms.CharField(
        label=_("Issuing authority"), required=False, max_length=255, widget=widgets.TextInput()
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=100, widget=widgets.TextInput())
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DayFirstDateInput())
    meeting_on = forms.DateField(label=_("Meeting date"), required=False, widget=DayFirstDateInput())
    chaired_by = forms.CharField(
        label=_("Chaired by"), required=False, max_length=255, widget=widgets.TextInput()
    )
    signed_by = forms.CharField(
        label=_("Signed by"), required=False, max_length=255, widget=widgets.TextInput()
    )
    signer_title = forms.CharField(
        label=_("Signer's title"), required=False, max_length=255, widget=widgets.TextInput()
    )
    # The document's text when it was imported; blank for a notice entered by hand.
    source_text = forms.CharField(required=False, widget=widgets.HiddenInput, strip=False)
    # The scan's reading (OCR) the review comes from, marked confirmed when the notice is saved.
    reading = forms.IntegerField(required=False, min_value=1, widget=widgets.HiddenInput)


# How much one review may hold: far above real notices (the largest seen has a few hundred items), low
# enough that a forged form cannot make the server build millions of fields.
MAX_REVIEW_TASKS = 1000
MAX_AGENCIES_PER_TASK = 60
MAX_UNMATCHED_AGENCIES = 500
# The button that adds an empty item without JavaScript (the page's script adds it in place).
ADD_TASK = "add_task"


def agency_names(text) -> list[str]:
    """The agency names in a list written one per line (or separated by semicolons), each once."""
    names: dict[str, str] = {}
    for line in re.split(r"[\n;]", str(text or "")):
        name = " ".join(line.split())
        if name:
            names.setdefault(name.casefold(), name)
    return list(names.values())


def title_from(text: str) -> str:
    """A title for a task typed without one: its first line, cut at a word to fit 255 characters."""
    first = " ".join(text.strip().split("\n", 1)[0].split())
    if len(first) <= 255:
        return first
    cut = first[:254]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "…"


class AgencyListField(forms.CharField):
    """Agencies by name, one per line: the page's picker writes them; without JavaScript a person types them.

    Names the registry does not know are not refused here: the review asks what each one means.
    """

    def __init__(self, **kwargs):
        attrs = {"rows": 2, "data-agency-list": "", "placeholder": _("One agency per line")}
        widget = widgets.Textarea(attrs=attrs)
        super().__init__(required=False, widget=widget, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        return agency_names(super().to_python(value))

    def validate(self, value):
        if len(value) > MAX_AGENCIES_PER_TASK:
            raise ValidationError(
                _("At most %(count)d agencies per task.") % {"count": MAX_AGENCIES_PER_TASK}
            )
        if any(len(name) > 255 for name in value):
            raise ValidationError(_("An agency name is longer than 255 characters."))


class TaskReviewForm(forms.Form):
    """One item of the notice, as the parser read it or a person typed it: a task, or a heading."""

    # What makes a row an item: a row with none of these (an added row left empty) is ignored.
    CONTENT_FIELDS = ("title", "text", "lead", "support", "deadline", "deadline_text")

    number = forms.CharField(label=_("Number"), max_length=20, widget=widgets.TextInput(attrs={"size": 5}))
    parent = forms.CharField(
        label=_("Under item"),
        required=False,
        max_length=20,
        help_text=_("The number of the heading it belongs to."),
        widget=widgets.TextInput(attrs={"size": 5}),
    )
    is_heading = forms.BooleanField(label=_("Heading only"), required=False, widget=widgets.CheckboxInput())
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Left blank: the first line of the text."),
        widget=widgets.TextInput(attrs={"placeholder": _("Left blank: the first line of the text.")}),
    )
    text = forms.CharField(
        label=_("Text as written"), required=False, widget=widgets.Textarea(attrs={"rows": 3})
    )
    lead = AgencyListField(label=_("Lead agencies"))
    support = AgencyListField(label=_("Supporting agencies"))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DayFirstDateInput())
    deadline_text = forms.CharField(
        label=_("Deadline as written"), required=False, max_length=255, widget=widgets.TextInput()
    )
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), choices=Recurrence.choices, initial=Recurrence.NONE, widget=widgets.Select()
    )
    flags = forms.CharField(required=False, widget=widgets.HiddenInput)

    def has_changed(self):
        """Whether the row holds an item at all (every row may be left empty, see the formset)."""
        return any(self[name].value() not in (None, "", [], ()) for name in self.CONTENT_FIELDS)

    def clean_flags(self):
        try:
            flags = json.loads(self.cleaned_data.get("flags") or "[]")
        except ValueError:
            return []
        return [str(flag) for flag in flags] if isinstance(flags, list) else []

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "title" in cleaned and "text" in cleaned:
            title, text = cleaned["title"], cleaned["text"]
            if not title and not text:
                self.add_error("text", _("Write what the item says."))
            else:
                cleaned["title"] = title or title_from(text)
                cleaned["text"] = text or title
        number, parent = cleaned.get("number"), cleaned.get("parent")
        if number and parent and number == parent:
            self.add_error("parent", _("An item cannot be under itself."))
        if not cleaned.get("is_heading") and "lead" in cleaned and not cleaned["lead"]:
            self.add_error("lead", _("Choose at least one lead agency: the task is tracked through it."))
        return cleaned

    def flag_labels(self):
        """The flags of this item in the reviewer's words."""
        value = self["flags"].value()
        try:
            codes = json.loads(value) if isinstance(value, str) else (value or [])
        except ValueError:
            codes = []
        return [flag_label(str(code)) for code in codes] if isinstance(codes, list) else []

    def is_left_out(self) -> bool:
        """Whether the person left this row out (or left it empty)."""
        return bool(self["DELETE"].value()) or (self.is_bound and not self.has_changed())

    def error_messages(self) -> list[str]:
        """Each error of this row with the name of its field, for the summary at the top of the page."""
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else str(message)
            for name, messages in self.errors.items()
            for message in messages
        ]


class BaseTaskReviewFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].widget = widgets.NumberInput(attrs={"min": 0, "size": 4})
        form.fields["DELETE"].widget = widgets.CheckboxInput()

    def get_form_kwargs(self, index):
        # Any row may be empty: an added row nobody filled in is no item (TaskReviewForm.has_changed).
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def display_forms(self):
        """The rows in the order the person set (their positions), then as they came."""

        def position(indexed):
            index, form = indexed
            try:
                return (int(form["ORDER"].value()), index)
            except (TypeError, ValueError):
                return (MAX_REVIEW_TASKS + 1, index)

        return [form for _index, form in sorted(enumerate(self.forms), key=position)]

    def kept_forms(self):
        """The items to save, in order: the rows filled in and not left out (after validation)."""
        return [
            form
            for form in self.display_forms()
            if form.has_changed() and not form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME, False)
        ]

    def clean(self):
        kept = self.kept_forms()
        numbers = Counter(form.cleaned_data["number"] for form in kept if form.cleaned_data.get("number"))
        left_out = {form["number"].value() for form in self.forms if form not in kept}
        for form in kept:
            number, parent = form.cleaned_data.get("number"), form.cleaned_data.get("parent")
            if number and numbers[number] > 1:
                form.add_error("number", _("Another item has the number %(number)s.") % {"number": number})
            # An item under a heading the person left out stands on its own (see reviewed_notice).
            if parent and parent not in numbers and parent not in left_out:
                form.add_error("parent", _("No item is numbered %(number)s.") % {"number": parent})
        if not any(self.errors) and not any(not form.cleaned_data.get("is_heading") for form in kept):
            raise ValidationError(_("Keep at least one task: the notice has nothing to track otherwise."))


# formset_factory's type says a BaseFormSet: this one is a BaseTaskReviewFormSet.
TaskReviewFormSet = cast(
    type[BaseTaskReviewFormSet],
    forms.formset_factory(
        TaskReviewForm,
        formset=BaseTaskReviewFormSet,
        extra=0,
        can_delete=True,
        can_order=True,
        max_num=MAX_REVIEW_TASKS,
        absolute_max=MAX_REVIEW_TASKS,
        validate_max=True,
    ),
)


class UnmatchedAgencyForm(forms.Form):
    """A name the registry does not know: correct it if it was misread, then map it or confirm it as new."""

    original = forms.CharField(widget=widgets.HiddenInput, max_length=255)
    name = forms.CharField(
        label=_("Name"),
        max_length=255,
        help_text=_("Correct it if it was misread."),
        widget=widgets.TextInput(),
    )
    resolution = forms.ChoiceField(label=_("Use"), required=False, widget=widgets.Select())
    kind = forms.ChoiceField(
        label=_("Kind, if new"), choices=AgencyKind.choices, required=False, widget=widgets.Select()
    )

    def __init__(self, *args, registry, **kwargs):
        super().__init__(*args, **kwargs)
        self.registry = registry
        cast(forms.ChoiceField, self.fields["resolution"]).choices = [
            ("", _("— choose —")),
            (CREATE, _("Create it as a new agency")),
            (_("Map to an agency of the registry"), registry.choices()),
        ]
        self.fields["resolution"].widget.attrs["data-picker"] = ""

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "name" in cleaned and "resolution" in cleaned and not cleaned["resolution"]:
            # A corrected name that the registry knows means that agency.
            pk = self.registry.resolve(cleaned["name"])
            if pk is None:
                self.add_error(
                    "resolution", _("Choose the agency this name means, or create it as a new agency.")
                )
            else:
                cleaned["resolution"] = str(pk)
        return cleaned


class NoticeReview:
    """The review page's forms together: the header, the names to map and the items, bound or initial.

    The same page reviews an imported notice (`parsed`) and enters a notice by hand (no data, no parse).
    """

    def __init__(self, data=None, *, parsed=None, source_text="", reading_id=None):
        self.registry = RegistryNames()
        # Errors show once the person asked to save, not after adding a row without JavaScript.
        self.show_errors = False
        self.problem = self.problem_in(data) if data is not None else None
        if parsed is not None:
            header_initial, task_initial = self.initial_from(parsed, source_text)
            header_initial["reading"] = reading_id
        else:
            header_initial, task_initial = {"kind": NoticeKind.CONCLUSION_NOTICE}, [{"number": "1"}]
        if self.problem:
            data = None
        self.header = NoticeHeaderForm(data, initial=header_initial, prefix="notice")
        self.tasks = TaskReviewFormSet(data, initial=task_initial, prefix="task")
        self.agencies = self.agency_forms(data)

    @classmethod
    def with_added_task(cls, data):
        """The review as posted, with one more empty row at the end (the no-JavaScript way to add one)."""
        review = cls(data)
        if review.problem or len(review.tasks.forms) >= MAX_REVIEW_TASKS:
            return review
        data = data.copy()
        total = len(review.tasks.forms)
        data["task-TOTAL_FORMS"] = str(total + 1)
        data[f"task-{total}-number"] = review.next_number()
        data[f"task-{total}-recurrence"] = Recurrence.NONE
        return cls(data)

    def next_number(self) -> str:
        """The number an added item most likely has: one after the highest top-level number."""
        numbers = [str(form["number"].value() or "").strip().strip("().") for form in self.tasks.forms]
        top = [int(number) for number in numbers if number.isdigit()]
        return str(max(top, default=0) + 1)

    @staticmethod
    def problem_in(data) -> "StrOrPromise | None":
        """What makes posted review data unusable as it stands (a damaged or forged form), if anything."""
        try:
            total = int(data.get("task-TOTAL_FORMS", ""))
            initial = int(data.get("task-INITIAL_FORMS", ""))
            agencies = int(data.get("agency-TOTAL_FORMS", "0") or 0)
        except (TypeError, ValueError):
            return _("The review form arrived incomplete or damaged. Read the notice again.")
        if total > MAX_REVIEW_TASKS or agencies > MAX_UNMATCHED_AGENCIES:
            return _("A notice can hold at most %(count)d items.") % {"count": MAX_REVIEW_TASKS}
        if not 0 <= initial <= total or agencies < 0:
            return _("The review form arrived incomplete or damaged. Read the notice again.")
        return None

    @staticmethod
    def initial_from(parsed, source_text):
        header = {
            "number": parsed.number,
            "kind": parsed.kind if parsed.kind in NoticeKind.values else NoticeKind.OTHER,
            "title": parsed.title,
            "issuing_authority": parsed.issuing_authority,
            "place": parsed.place,
            "issued_on": parsed.issued_on,
            "meeting_on": parsed.meeting_on,
            "chaired_by": parsed.chaired_by,
            "signed_by": parsed.signed_by,
            "signer_title": parsed.signer_title,
            "source_text": source_text,
        }
        tasks = [
            {
                "number": item.number,
                "parent": item.parent or "",
                "is_heading": item.is_heading,
                "title": item.title[:255],
                "text": item.text,
                "lead": list(item.lead),
                "support": list(item.support),
                "deadline": item.deadline,
                "deadline_text": item.deadline_text or "",
                "recurrence": item.recurrence,
                "flags": json.dumps(item.flags),
            }
            for item in parsed.directives
        ]
        return header, tasks

    def unknown_names(self) -> list[str]:
        """The agency names of the items that the registry does not know, in the order they first come."""
        names = {}
        for form in self.tasks.forms:
            if form.is_left_out():
                continue
            for field in ("lead", "support"):
                for name in agency_names(form[field].value()):
                    if name not in names and self.registry.resolve(name) is None:
                        names[name] = True
        return list(names)

    def agency_forms(self, data) -> list[UnmatchedAgencyForm]:
        """One form per unknown name; what the person already chose for a name is kept with it."""
        posted: dict[str, int] = {}
        if data is not None:
            for index in range(int(data.get("agency-TOTAL_FORMS", "0") or 0)):
                original = " ".join(str(data.get(f"agency-{index}-original", "")).split())
                posted.setdefault(original, index)
        agency_forms = []
        for row, name in enumerate(self.unknown_names()):
            prefix = f"agency-{row}"
            initial = {"original": name, "name": name, "kind": guess_agency_kind(name)}
            if data is None:
                agency_forms.append(
                    UnmatchedAgencyForm(initial=initial, prefix=prefix, registry=self.registry)
                )
                continue
            posted_at = posted.get(name)
            values = (
                {
                    field: data.get(f"agency-{posted_at}-{field}", "")
                    for field in ("name", "resolution", "kind")
                }
                if posted_at is not None
                else {"name": name, "resolution": "", "kind": initial["kind"]}
            )
            values["original"] = name
            bound = {f"{prefix}-{field}": value for field, value in values.items()}
            agency_forms.append(UnmatchedAgencyForm(bound, prefix=prefix, registry=self.registry))
        return agency_forms

    @property
    def manual(self) -> bool:
        """A notice entered by hand: it has no document text."""
        return not (self.header["source_text"].value() or "").strip()

    def is_valid(self):
        self.show_errors = True
        if self.problem:
            return False
        return all(
            [self.header.is_valid(), self.tasks.is_valid(), *[form.is_valid() for form in self.agencies]]
        )

    def has_errors(self):
        return self.show_errors and not self.is_valid()

    def error_summary(self) -> "list[tuple[str, StrOrPromise, list[str]]]":
        """(anchor, what it is, messages) of every part of the page with something to correct, in order."""
        if not self.show_errors:
            return []
        summary: list[tuple[str, StrOrPromise, list[str]]] = []
        if self.header.errors:
            messages = [
                f"{self.header.fields[name].label}: {message}" if name in self.header.fields else str(message)
                for name, errors in self.header.errors.items()
                for message in errors
            ]
            summary.append(("notice-header", _("The notice"), messages))
        for form in self.agencies:
            if form.errors:
                label = _("Agency “%(name)s”") % {"name": form["original"].value()}
                messages = [str(message) for errors in form.errors.values() for message in errors]
                summary.append((str(form.prefix), label, messages))
        for form in self.tasks.display_forms():
            if form.is_bound and form.errors:
                label = _("Item %(number)s") % {"number": form["number"].value() or "?"}
                summary.append((form.prefix, label, form.error_messages()))
        return summary

    def reviewed_notice(self) -> ReviewedNotice:
        """The confirmed notice: agency names turned into registry ids or confirmed new names."""
        mapping, new_agencies = {}, {}
        for form in self.agencies:
            original, name, resolution = (
                form.cleaned_data[key] for key in ("original", "name", "resolution")
            )
            if resolution == CREATE:
                mapping[original] = name
                new_agencies[name] = form.cleaned_data.get("kind") or guess_agency_kind(name)
            else:
                mapping[original] = int(resolution)

        def refs(names):
            return [
                pk if (pk := self.registry.resolve(name)) is not None else mapping.get(name, name)
                for name in names
            ]

        kept = [form.cleaned_data for form in self.tasks.kept_forms()]
        numbers = {data["number"] for data in kept}
        header = self.header.cleaned_data
        return ReviewedNotice(
            number=header["number"],
            kind=header["kind"],
            title=header["title"],
            issuing_authority=header["issuing_authority"],
            place=header["place"],
            issued_on=header["issued_on"],
            meeting_on=header["meeting_on"],
            chaired_by=header["chaired_by"],
            signed_by=header["signed_by"],
            signer_title=header["signer_title"],
            source_text=header["source_text"],
            new_agencies=new_agencies,
            tasks=[
                ReviewedTask(
                    number=data["number"],
                    # An item whose heading the person left out stands on its own.
                    parent=data["parent"] if data["parent"] in numbers else None,
                    is_heading=data["is_heading"],
                    title=data["title"],
                    text=data["text"],
                    lead=refs(data["lead"]),
                    support=refs(data["support"]),
                    deadline=data["deadline"],
                    deadline_text=data["deadline_text"],
                    recurrence=data["recurrence"],
                    review_flags=data["flags"],
                )
                for data in kept
            ],
        )


class OnTopOfLatest(_BoundForm):
    """A form that carries the `version` of the record the person saw. When someone else saved the record
    meanwhile, `on_top_of(latest)` binds the same input again on top of the latest version, so the person
    compares, and submits again without typing anything anew."""

    def record_kwargs(self, latest) -> dict:
        """The keyword arguments that build this form for the record `latest`."""
        raise NotImplementedError

    def on_top_of(self, latest, message: "StrOrPromise") -> Self:
        data = cast(QueryDict, self.data).copy()  # the page's POST (the API never binds again)
        data[self.add_prefix("version")] = str(latest.version)
        form = type(self)(data, prefix=self.prefix, **self.record_kwargs(latest))
        form.is_valid()  # so the page also says what no longer fits the latest version
        form.add_error(None, message)
        if self.files:
            form.add_error(None, _("Attach the file again: a browser cannot keep it for you."))
        return form


class StatusField(forms.ChoiceField):
    """The status a report moves a part to; `also_valid` are accepted though not offered (a part's own
    status, which "keep the status" already offers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.also_valid: set[str] = set()

    def valid_value(self, value):
        return value in self.also_valid or super().valid_value(value)


class ProgressForm(OnTopOfLatest, forms.Form):
    """A status update on one lead agency's part: the new status (by default the same: a note only), what
    was done, and evidence; checked and recorded (`save`, through `record_progress`) alike for the task
    page and the API."""

    status = StatusField(label=_("New status"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, Word, Excel, image or ZIP; at most 10 MB."),
        validators=[validate_evidence_file],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EVIDENCE_EXTENSIONS))}),
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=DayFirstDateInput(),
        help_text=_("When accepting: the day the work was done, if not the day it was reported."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The fields `__init__` leaves as declared (it may only remove the last): written once per language while
    # the form is blank (`tasktracker.form_renderer.blank_field_html`).
    unchanging_fields = ("note", "evidence", "completed_on")

    def __init__(self, *args, part, user, version_required=True, **kwargs):
        """`statuses` are what `user` may choose for `part` now: first keeping its status (a note only),
        then where it may move (none at all: the part is not theirs to update); the completion date is the
        office's to give. The API may leave out the version the report was written against
        (`version_required`); the page always sends it."""
        super().__init__(*args, **kwargs)
        self.part, self.user = part, user
        self.statuses = progress_statuses(user, part)
        moves = self.statuses[1:]
        keep = _("Keep the status (“%(status)s”): a note only") % {"status": TaskStatus(part.status).label}
        status_field = cast(StatusField, self.fields["status"])
        status_field.choices = [(KEEP_STATUS, keep)] + [
            (status, TaskStatus(status).label) for status in moves if status != part.status
        ]
        status_field.also_valid = {part.status} & set(moves)
        status_field.initial = KEEP_STATUS
        self.fields["version"].initial = part.version
        self.fields["version"].required = version_required
        if not manages_directives(user):
            del self.fields["completed_on"]

    def record_kwargs(self, latest) -> dict:
        return {"part": latest, "user": self.user}

    def save(self) -> ProgressUpdate:
        """Record the valid report on the part; the service raises a DirectiveError if the task refuses it."""
        data = self.cleaned_data
        return record_progress(
            part_id=self.part.pk,
            user=self.user,
            status=data["status"],
            note=data["note"],
            evidence=data["evidence"],
            completed_on=data.get("completed_on"),
            expected_version=data["version"],
        )


def progress_statuses(user, part) -> list[str]:
    """What `user` may choose for `part` now: first keeping its status (a note only), then where it may move;
    none at all when the part is not theirs to update. `ProgressForm` offers these."""
    if not reports_progress_for(user, part.agency_id):
        return []
    return [KEEP_STATUS, *allowed_statuses(user, part)]


def blank_progress_form(user, part) -> BlankForm | None:
    """The task page's blank `ProgressForm` for `part`, or None when `user` may not update it: its HTML
    depends on the part's status, the statuses offered and whether the office gives the completion date."""
    statuses = progress_statuses(user, part)
    if not statuses:
        return None

    def build(prefix, version):
        shown = copy.copy(part)
        shown.version = version
        return ProgressForm(part=shown, user=user, prefix=prefix)

    shape = (ProgressForm, part.status, tuple(statuses), manages_directives(user))
    return BlankForm(build, shape, f"part{part.pk}", part.version)


def blank_form(form_class, prefix: str, version: int) -> BlankForm:
    """The task page's blank `form_class` (a form of a version alone: `initial` holds only it)."""

    def build(prefix, version):
        return form_class(initial={"version": version}, prefix=prefix)

    return BlankForm(build, (form_class,), prefix, version)


class ExtensionForm(forms.Form):
    """The office records an extension the issuer granted to one lead agency."""

    new_deadline = forms.DateField(label=_("New deadline"), widget=DayFirstDateInput())
    note = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. Official letter no. 12/UBND."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    unchanging_fields = ("new_deadline", "note")  # see ProgressForm


class ExtensionRequestForm(forms.Form):
    """The lead agency asks for more time on its part: why, until when, and the document that supports it
    (checked as progress evidence is)."""

    proposed_deadline = forms.DateField(label=_("Proposed deadline"), widget=DayFirstDateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, strip=True
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, Word, Excel, image or ZIP; at most 10 MB."),
        validators=[validate_evidence_file],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EVIDENCE_EXTENSIONS))}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    unchanging_fields = ("proposed_deadline", "reason", "evidence")  # see ProgressForm


class ExtensionApprovalForm(forms.Form):
    """The office approves a request, until the date it decides."""

    granted_deadline = forms.DateField(label=_("Granted deadline"), widget=DayFirstDateInput())
    note = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        help_text=_("e.g. Official letter no. 12/UBND."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    # See ProgressForm; the task page gives `granted_deadline` an initial value: written afresh there.
    unchanging_fields = ("granted_deadline", "note")


class ExtensionRefusalForm(forms.Form):
    """The office refuses a request, with its reason."""

    reason = forms.CharField(
        label=_("Reason for refusal"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    unchanging_fields = ("reason",)  # see ProgressForm


class DirectiveCorrectionForm(OnTopOfLatest, forms.ModelForm):
    """The office corrects a task's words, deadline and supporting agencies."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Directive
        fields = [
            "title",
            "text",
            "deadline",
            "deadline_text",
            "recurrence",
            "target",
            "target_quantity",
            "supporting_agencies",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "deadline": DayFirstDateInput(),
            "supporting_agencies": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        supporting = cast(forms.ModelMultipleChoiceField, self.fields["supporting_agencies"])
        supporting.queryset = Agency.objects.order_by("name")
        self.fields["version"].initial = self.instance.version

    def record_kwargs(self, latest) -> dict:
        return {"instance": latest}

    def differences_from(self, latest) -> list[tuple[str, str, str]]:
        """Where the task as saved now differs from what this (valid) form submits: each field's label,
        the saved value and the submitted one, as people read them."""
        saved = {name: getattr(latest, name) for name in self.Meta.fields if name != "supporting_agencies"}
        saved["supporting_agencies"] = list(latest.supporting_agencies.all())
        return [
            (str(self.fields[name].label), self._shown(name, saved[name]), self._shown(name, submitted))
            for name in self.Meta.fields
            if self._shown(name, saved[name]) != self._shown(name, submitted := self.cleaned_data.get(name))
        ]

    def _shown(self, name: str, value) -> str:
        if name == "supporting_agencies":
            return "; ".join(sorted(agency.name for agency in value or []))
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        choices = dict(getattr(self.fields[name], "choices", None) or [])
        return str(choices.get(value, value))


class SavedFilterForm(forms.Form):
    """Save the task list's current filter under a name (the same name replaces the earlier one)."""

    name = forms.CharField(label=_("Name of this filter"), max_length=80, strip=True)
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean_query(self):
        query = self.cleaned_data["query"].lstrip("?")
        kept = QueryDict(query, mutable=True)
        kept.pop("page", None)
        return kept.urlencode()


class _PartVersionsField(forms.MultipleChoiceField):
    """Ticked rows as `id:version`; whether each may still be accepted is the service's to decide."""

    def valid_value(self, value):
        return bool(re.fullmatch(r"\d{1,18}:\d{1,9}", value))


class CompletionsForm(forms.Form):
    """Reported completions chosen for acceptance, each as `id:version` as the office saw it."""

    parts = _PartVersionsField(
        label=_("Completions"),
        error_messages={"required": _("Tick the completions to accept.")},
        widget=forms.CheckboxSelectMultiple,
    )

    def chosen(self) -> dict[int, int]:
        """{part id: version seen} of the ticked rows."""
        pairs = (value.split(":", 1) for value in self.cleaned_data["parts"])
        return {int(part_id): int(version) for part_id, version in pairs}


class ReorganisationForm(forms.Form):
    """What happens to an agency: merged into another, renamed, split among several, or abolished."""

    MERGE, RENAME, SPLIT, ABOLISH = "merge", "rename", "split", "abolish"
    CHANGES = [
        (MERGE, _("Merged into another agency, which takes over all its open tasks")),
        (RENAME, _("Renamed: its tasks stay with it")),
        (SPLIT, _("Split: each open task goes to the agency chosen for it")),
        (ABOLISH, _("Abolished: each open task is reassigned to the agency chosen for it")),
    ]
    change = forms.ChoiceField(label=_("What happens"), choices=CHANGES, widget=forms.RadioSelect)
    successor = forms.ModelChoiceField(
        label=_("Merged into"), queryset=Agency.objects.none(), required=False, empty_label=_("(choose)")
    )
    name = forms.CharField(label=_("New name"), max_length=255, required=False)
    short_name = forms.CharField(label=_("New short name"), max_length=100, required=False)
    on = forms.DateField(label=_("Takes effect on"), widget=DayFirstDateInput(), required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        cast(forms.ModelChoiceField, self.fields["successor"]).queryset = Agency.objects.filter(
            is_active=True
        ).exclude(pk=agency.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        change = cleaned.get("change")
        if change == self.MERGE and not cleaned.get("successor"):
            self.add_error("successor", _("Choose the agency it is merged into."))
        if change == self.RENAME and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write the agency's new name."))
        if change in (self.MERGE, self.SPLIT, self.ABOLISH) and not cleaned.get("on"):
            self.add_error("on", _("Give the date the change takes effect."))
        return cleaned


class SuccessorsByTaskForm(forms.Form):
    """For a split or an abolition: who takes over each open task the agency leads or supports."""

    def __init__(self, *args, directives, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.directives = directives
        choices = (
            Agency.objects.filter(is_active=True).exclude(pk=agency.pk).only("id", "name").order_by("name")
        )
        for directive in directives:
            self.fields[f"task_{directive.pk}"] = forms.ModelChoiceField(
                label=f"{directive.number}. {directive.title}",
                queryset=choices,
                empty_label=_("(choose)"),
                error_messages={"required": _("Choose who takes over this task.")},
            )

    def successors_by_task(self) -> dict[int, int]:
        return {directive.pk: self.cleaned_data[f"task_{directive.pk}"].pk for directive in self.directives}
