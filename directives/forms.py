import json
from pathlib import Path
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyKind
from agencies.models import Agency
from directives.choices import NoticeKind, Recurrence, TaskStatus
from directives.importing import ReviewedNotice, ReviewedTask, agency_matcher, flag_label, guess_agency_kind
from directives.models import Directive, Notice
from reading.documents import MAX_NOTICE_BYTES, UnreadableDocument, read_notice_document
from reading.parser import NotANotice, parse_notice

NEW_AGENCY = "new:"
CREATE = "create"


class DayFirstDateInput(forms.DateInput):
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
    """The notice to import: a file, or its text pasted."""

    document = forms.FileField(
        label=_("Notice file"),
        required=False,
        help_text=_("A .docx, .txt or .md file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.md"}),
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
            try:
                text = read_notice_document(document.name, document.read())
            except UnreadableDocument as error:
                raise ValidationError(error.message) from error
        try:
            self.parsed = parse_notice(text, agency_matcher())
        except NotANotice as error:
            raise ValidationError(
                _("No numbered items such as (1) or 1. were found: this is not a notice with tasks.")
            ) from error
        self.source_text = text
        return cleaned

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
    """The notice's header as the parser read it, for the person to correct."""

    number = forms.CharField(
        label=_("Number"), required=False, max_length=60, help_text=_("Blank in a draft.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    issuing_authority = forms.CharField(label=_("Issuing authority"), required=False, max_length=255)
    place = forms.CharField(label=_("Place"), required=False, max_length=100)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DayFirstDateInput())
    meeting_on = forms.DateField(label=_("Meeting date"), required=False, widget=DayFirstDateInput())
    chaired_by = forms.CharField(label=_("Chaired by"), required=False, max_length=255)
    signed_by = forms.CharField(label=_("Signed by"), required=False, max_length=255)
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=255)
    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)


class TaskReviewForm(forms.Form):
    """One numbered item of the notice, as the parser read it, for the person to correct."""

    number = forms.CharField(label=_("Number"), max_length=20)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    is_heading = forms.BooleanField(label=_("Heading only"), required=False)
    title = forms.CharField(label=_("Title"), max_length=255)
    text = forms.CharField(label=_("Text as written"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.MultipleChoiceField(label=_("Lead agencies"), required=False)
    support = forms.MultipleChoiceField(label=_("Supporting agencies"), required=False)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DayFirstDateInput())
    deadline_text = forms.CharField(label=_("Deadline as written"), required=False, max_length=255)
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)
    flags = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agency_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "support"):
            chosen = set(self[name].value() or [])
            # The chosen agencies first, so a person sees them without scrolling the list.
            picker = cast(forms.MultipleChoiceField, self.fields[name])
            picker.choices = sorted(agency_choices, key=lambda choice: choice[0] not in chosen)
            self.fields[name].widget.attrs.update({"size": 5, "class": "agency-picker"})
            self.fields[name].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")

    def clean_flags(self):
        try:
            flags = json.loads(self.cleaned_data.get("flags") or "[]")
        except ValueError:
            return []
        return [str(flag) for flag in flags] if isinstance(flags, list) else []

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
        return [flag_label(code) for code in codes]


class BaseTaskReviewFormSet(forms.BaseFormSet):
    def __init__(self, *args, agency_choices=(), **kwargs):
        self.agency_choices = agency_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "agency_choices": self.agency_choices}

    def clean(self):
        if any(self.errors):
            return
        kept = [form for form in self.forms if not form.cleaned_data.get(DELETION_FIELD_NAME)]
        if not any(not form.cleaned_data.get("is_heading") for form in kept):
            raise ValidationError(_("Keep at least one task: the notice has nothing to track otherwise."))
        numbers = [form.cleaned_data["number"] for form in kept]
        repeated = sorted({number for number in numbers if numbers.count(number) > 1})
        if repeated:
            raise ValidationError(_("Item numbers repeat: %(numbers)s.") % {"numbers": ", ".join(repeated)})


TaskReviewFormSet = cast(
    type[BaseTaskReviewFormSet],
    forms.formset_factory(TaskReviewForm, formset=BaseTaskReviewFormSet, extra=0, can_delete=True),
)


class UnmatchedAgencyForm(forms.Form):
    """A name the registry does not know: map it to an agency, or confirm it as a new one."""

    name = forms.CharField(widget=forms.HiddenInput)
    resolution = forms.ChoiceField(label=_("Use"))
    kind = forms.ChoiceField(label=_("Kind, if new"), choices=AgencyKind.choices, required=False)

    def __init__(self, *args, registry_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["resolution"]).choices = [
            ("", _("— choose —")),
            (CREATE, _("Create it as a new agency")),
            (_("Map to an agency of the registry"), list(registry_choices)),
        ]


class BaseUnmatchedAgencyFormSet(forms.BaseFormSet):
    def __init__(self, *args, registry_choices=(), **kwargs):
        self.registry_choices = registry_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "registry_choices": self.registry_choices}


UnmatchedAgencyFormSet = cast(
    type[BaseUnmatchedAgencyFormSet],
    forms.formset_factory(UnmatchedAgencyForm, formset=BaseUnmatchedAgencyFormSet, extra=0),
)


class NoticeReview:
    """The review page's forms together: header, unmatched agencies and items, bound or initial."""

    def __init__(self, data=None, *, parsed=None, source_text=""):
        registry = list(Agency.objects.order_by("name").values_list("pk", "name"))
        registry_choices = [(str(pk), name) for pk, name in registry]
        if parsed is not None:
            header_initial, task_initial, unmatched_initial = self.initial_from(parsed, source_text, registry)
        else:
            header_initial, task_initial, unmatched_initial = None, None, None
        unmatched_names = (
            [row["name"] for row in unmatched_initial]
            if unmatched_initial is not None
            else self.names_in(data)
        )
        agency_choices = registry_choices + [
            (NEW_AGENCY + name, f"{name} ({_('new')})") for name in unmatched_names
        ]
        self.header = NoticeHeaderForm(data, initial=header_initial, prefix="notice")
        self.unmatched = UnmatchedAgencyFormSet(
            data, initial=unmatched_initial, prefix="agency", registry_choices=registry_choices
        )
        self.tasks = TaskReviewFormSet(
            data, initial=task_initial, prefix="task", agency_choices=agency_choices
        )

    @staticmethod
    def names_in(data):
        """The unmatched names posted back with the review."""
        count = int(data.get("agency-TOTAL_FORMS", 0) or 0) if data else 0
        return [data.get(f"agency-{index}-name", "") for index in range(min(count, 500))]

    @staticmethod
    def initial_from(parsed, source_text, registry):
        ids_by_name = {name.casefold(): str(pk) for pk, name in registry}

        def refs(names):
            return [ids_by_name.get(name.casefold(), NEW_AGENCY + name) for name in names]

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
                "lead": refs(item.lead),
                "support": refs(item.support),
                "deadline": item.deadline,
                "deadline_text": item.deadline_text or "",
                "recurrence": item.recurrence,
                "flags": json.dumps(item.flags),
            }
            for item in parsed.directives
        ]
        names = sorted(
            {
                name
                for item in parsed.directives
                for name in [*item.lead, *item.support]
                if name.casefold() not in ids_by_name
            }
        )
        unmatched = [{"name": name, "kind": guess_agency_kind(name)} for name in names]
        return header, tasks, unmatched

    def is_valid(self):
        return all([self.header.is_valid(), self.unmatched.is_valid(), self.tasks.is_valid()])

    def has_errors(self):
        return self.header.is_bound and not self.is_valid()

    def reviewed_notice(self) -> ReviewedNotice:
        """The confirmed notice, with agency choices turned into ids and confirmed new names."""
        mapping, new_agencies = {}, {}
        for form in self.unmatched:
            name, resolution = form.cleaned_data["name"], form.cleaned_data["resolution"]
            if resolution == CREATE:
                mapping[name] = name
                new_agencies[name] = form.cleaned_data.get("kind") or guess_agency_kind(name)
            else:
                mapping[name] = int(resolution)

        def refs(values):
            return [
                mapping.get(value[len(NEW_AGENCY) :]) if value.startswith(NEW_AGENCY) else int(value)
                for value in values
            ]

        kept = [
            form.cleaned_data for form in self.tasks.forms if not form.cleaned_data.get(DELETION_FIELD_NAME)
        ]
        numbers = {data["number"].strip() for data in kept}
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
                    number=data["number"].strip(),
                    # An item whose heading the person removed stands on its own.
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


EVIDENCE_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def validate_evidence_file(evidence):
    """Evidence is a document, a sheet, an image or an archive, of at most 10 MB (pages and API alike)."""
    if Path(evidence.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            _("This kind of file cannot be attached: use PDF, Word, Excel, an image or ZIP.")
        )
    if evidence.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class ProgressForm(forms.Form):
    """A status update on one lead agency's part: the new status, what was done, and evidence."""

    status = forms.ChoiceField(label=_("New status"))
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

    def __init__(self, *args, statuses=(), show_completed_on=False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(status, TaskStatus(status).label) for status in statuses]
        cast(forms.ChoiceField, self.fields["status"]).choices = choices
        if not show_completed_on:
            del self.fields["completed_on"]


class ExtensionForm(forms.Form):
    """The office records an extension the issuer granted to one lead agency."""

    new_deadline = forms.DateField(label=_("New deadline"), widget=DayFirstDateInput())
    note = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. Official letter no. 12/UBND."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DirectiveCorrectionForm(forms.ModelForm):
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
