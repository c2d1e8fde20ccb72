from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring as json_string

from django import forms
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from agencies.models import Agency
from directives.choices import TaskStatus, Timeliness
from directives.files import validate_evidence_file
from directives.forms import ProgressForm
from directives.models import Directive, ExtensionRequest, Notice, Part, ProgressUpdate
from directives.services import KEEP_STATUS
from tasktracker.links import link_by_pk
from tasktracker.lookups import AmongIds
from tasktracker.statements import PLACEHOLDER_DAY, PLACEHOLDER_ID_ARRAY, PreparedQuery


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name"]


class NoticeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "number", "title", "issued_on"]


class NoticeSerializer(serializers.ModelSerializer):
    task_count = serializers.IntegerField(read_only=True, help_text=_("Items that are tasks (not headings)."))

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "kind",
            "title",
            "issuing_authority",
            "place",
            "issued_on",
            "meeting_on",
            "chaired_by",
            "signed_by",
            "signer_title",
            "task_count",
            "created_at",
        ]


class PartListSerializer(serializers.ListSerializer):
    """Parts, one after the other; a page of `part_rows` (dicts, not model instances) is written from its
    values, with the supporting agencies of all its tasks read in one query: building a few hundred
    model instances took longer than the SQL that reads them."""

    def to_representation(self, data):
        rows = data.all() if isinstance(data, models.manager.BaseManager) else data
        if not rows or not isinstance(rows[0], dict):
            return super().to_representation(data)
        supporting = _supporting_agencies_of({row["directive_id"] for row in rows})
        task_url = link_by_pk("directives:directive_detail")
        return [
            write_part(row, supporting.get(row["directive_id"], []), task_url(row["directive_id"]))
            for row in rows
        ]

    def rows_as_json(self, parts: list[dict]) -> str:
        """The parts this serializer wrote, as the items of a JSON array (`tasktracker.api.renderers`)."""
        return ",".join(map(part_as_json, parts))


class PartSerializer(serializers.ModelSerializer):
    """One lead agency's part of a task: what is reported on and counted."""

    directive = serializers.IntegerField(source="directive_id", read_only=True)
    number = serializers.CharField(source="directive.number", read_only=True)
    title = serializers.CharField(source="directive.title", read_only=True)
    notice = NoticeRefSerializer(source="directive.notice", read_only=True)
    agency = AgencyRefSerializer(read_only=True)
    supporting_agencies = AgencyRefSerializer(
        source="directive.supporting_agencies", many=True, read_only=True
    )
    deadline = serializers.DateField(source="effective_deadline", read_only=True, allow_null=True)
    deadline_text = serializers.CharField(source="directive.deadline_text", read_only=True)
    recurrence = serializers.CharField(source="directive.recurrence", read_only=True)
    timeliness = serializers.ChoiceField(choices=Timeliness.choices, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Part
        fields = [
            "id",
            "directive",
            "number",
            "title",
            "notice",
            "agency",
            "supporting_agencies",
            "status",
            "deadline",
            "deadline_text",
            "extended_deadline",
            "recurrence",
            "timeliness",
            "completed_on",
            "version",
            "url",
        ]
        list_serializer_class = PartListSerializer

    @extend_schema_field(serializers.CharField())
    def get_url(self, part) -> str:
        return reverse("directives:directive_detail", args=[part.directive_id])

    def to_representation(self, part):
        """What the declared fields give, written out (`tests/api/test_task_representation.py` compares
        the two on every kind of part): walking two dozen fields through their serializer fields took a
        third of the API list's time (50 rows), more than its SQL."""
        supporting = [
            _agency_ref(other.pk, _text(other.name), _text(other.short_name))
            for other in part.directive.supporting_agencies.all()
        ]
        return write_part(_row_of(part), supporting, self.get_url(part))


# What `write_part` reads of a part, its task, notice and agency, as `QuerySet.values()` names it.
PART_ROW_VALUES = (
    "id",
    "directive_id",
    "directive__number",
    "directive__title",
    "directive__notice_id",
    "directive__notice__number",
    "directive__notice__title",
    "directive__notice__issued_on",
    "agency_id",
    "agency__name",
    "agency__short_name",
    "status",
    "effective_deadline",
    "directive__deadline_text",
    "extended_deadline",
    "directive__recurrence",
    "timeliness",
    "completed_on",
    "version",
)


# A page of parts read by their ids: its SQL compiled once (`PreparedQuery`), the ids one parameter
# (`AmongIds`) where one per id (50, and the timeliness CASE's ten) made psycopg parse it on every page.
_parts_as_rows = PreparedQuery(
    Part,
    lambda part_ids, today: (
        Part.objects.filter(AmongIds(F("pk"), part_ids)).with_timeliness(today).values(*PART_ROW_VALUES)
    ),
    (PLACEHOLDER_ID_ARRAY, PLACEHOLDER_DAY),
)


def part_rows(part_ids: list[int]) -> list[dict]:
    """The parts `part_ids` as dicts of PART_ROW_VALUES (their timeliness as of today), which
    `PartListSerializer` writes; in no particular order."""
    return _parts_as_rows(list(part_ids), timezone.localdate())


# A day in ISO 8601, the API's date format, kept for the days met lately: `date.isoformat` builds its text
# through C's printf (about 3,000 instructions a day), and a page of parts writes some 125 days, most of them
# shared by many parts (a notice's date, the usual deadlines).
iso_day = lru_cache(maxsize=4096)(date.isoformat)


def write_part(row: dict, supporting_agencies: list, url: str) -> dict:
    """A part's representation from its PART_ROW_VALUES (text as plain `str`, as the database gives it: the
    representation of a CharField or ChoiceField, `_text`, is then the value itself; a DateField's is ISO
    8601, the API's date format), its task's supporting agencies (`_agency_ref`s) and the URL of its task's
    page. Written with no call per value but a day's (`iso_day`): it runs for every row of every page."""
    issued_on, deadline = row["directive__notice__issued_on"], row["effective_deadline"]
    extended_deadline, completed_on = row["extended_deadline"], row["completed_on"]
    return {
        "id": row["id"],
        "directive": row["directive_id"],
        "number": row["directive__number"],
        "title": row["directive__title"],
        "notice": {
            "id": row["directive__notice_id"],
            "number": row["directive__notice__number"],
            "title": row["directive__notice__title"],
            "issued_on": iso_day(issued_on) if issued_on else None,
        },
        "agency": {
            "id": row["agency_id"],
            "name": row["agency__name"],
            "short_name": row["agency__short_name"],
        },
        "supporting_agencies": supporting_agencies,
        "status": row["status"],
        "deadline": iso_day(deadline) if deadline else None,
        "deadline_text": row["directive__deadline_text"],
        "extended_deadline": iso_day(extended_deadline) if extended_deadline else None,
        "recurrence": row["directive__recurrence"],
        "timeliness": row["timeliness"],
        "completed_on": iso_day(completed_on) if completed_on else None,
        "version": row["version"],
        "url": url,
    }


# A part's representation (`write_part`) as DRF's JSONRenderer writes it (compact, not escaped to ASCII);
# `tests/api/test_renderers.py` compares the two, on every kind of part and of text.
_PART_JSON = (
    '{"id":%d,"directive":%d,"number":%s,"title":%s,'
    '"notice":{"id":%d,"number":%s,"title":%s,"issued_on":%s},'
    '"agency":{"id":%d,"name":%s,"short_name":%s},"supporting_agencies":[%s],'
    '"status":%s,"deadline":%s,"deadline_text":%s,"extended_deadline":%s,"recurrence":%s,'
    '"timeliness":%s,"completed_on":%s,"version":%d,"url":%s}'
)
_AGENCY_JSON = '{"id":%d,"name":%s,"short_name":%s}'


def part_as_json(part: dict) -> str:
    """`write_part`'s dict as JSON text, byte for byte what `json.dumps` writes for it (`json_string` is the
    function it writes a `str` with): a template filled in, where the encoder walked each value of each row.
    A value of another type than `write_part` gives (a text that is None) raises TypeError."""
    notice, agency, supporting = part["notice"], part["agency"], part["supporting_agencies"]
    issued_on, deadline = notice["issued_on"], part["deadline"]
    extended_deadline, completed_on = part["extended_deadline"], part["completed_on"]
    return _PART_JSON % (
        part["id"],
        part["directive"],
        json_string(part["number"]),
        json_string(part["title"]),
        notice["id"],
        json_string(notice["number"]),
        json_string(notice["title"]),
        "null" if issued_on is None else json_string(issued_on),
        agency["id"],
        json_string(agency["name"]),
        json_string(agency["short_name"]),
        ",".join(map(_agency_as_json, supporting)) if supporting else "",
        json_string(part["status"]),
        "null" if deadline is None else json_string(deadline),
        json_string(part["deadline_text"]),
        "null" if extended_deadline is None else json_string(extended_deadline),
        json_string(part["recurrence"]),
        json_string(part["timeliness"]),
        "null" if completed_on is None else json_string(completed_on),
        part["version"],
        json_string(part["url"]),
    )


def _agency_as_json(agency: dict) -> str:
    return _AGENCY_JSON % (agency["id"], json_string(agency["name"]), json_string(agency["short_name"]))


def _row_of(part) -> dict:
    """A part read as a model instance (with its task, notice and agency), as PART_ROW_VALUES (its text as
    plain `str`, as `write_part` takes it)."""
    task, notice, agency = part.directive, part.directive.notice, part.agency
    return {
        "id": part.pk,
        "directive_id": part.directive_id,
        "directive__number": _text(task.number),
        "directive__title": _text(task.title),
        "directive__notice_id": notice.pk,
        "directive__notice__number": _text(notice.number),
        "directive__notice__title": _text(notice.title),
        "directive__notice__issued_on": notice.issued_on,
        "agency_id": agency.pk,
        "agency__name": _text(agency.name),
        "agency__short_name": _text(agency.short_name),
        "status": _text(part.status),
        "effective_deadline": part.effective_deadline,
        "directive__deadline_text": _text(task.deadline_text),
        "extended_deadline": part.extended_deadline,
        "directive__recurrence": _text(task.recurrence),
        "timeliness": _text(part.timeliness),
        "completed_on": part.completed_on,
        "version": part.version,
    }


SupportingLink = Directive.supporting_agencies.through

# Read for every page of parts: its SQL compiled once (`PreparedQuery`), the tasks' ids one parameter.
_supporting_links = PreparedQuery(
    SupportingLink,
    lambda task_ids: (
        SupportingLink.objects.filter(AmongIds(F("directive_id"), task_ids))
        .order_by("agency__name")
        .values("directive_id", "agency_id", "agency__name", "agency__short_name")
    ),
    (PLACEHOLDER_ID_ARRAY,),
)


def _supporting_agencies_of(task_ids) -> dict[int, list[dict]]:
    """The supporting agencies of each of the tasks, as `_agency_ref`s in the order of their names (the
    agencies' order, as a prefetch gives them), read in one query."""
    supporting: dict[int, list[dict]] = {}
    for link in _supporting_links(sorted(task_ids)):
        supporting.setdefault(link["directive_id"], []).append(
            _agency_ref(link["agency_id"], link["agency__name"], link["agency__short_name"])
        )
    return supporting


def _text(value) -> str | None:
    """A CharField's or ChoiceField's representation (their choices' values are the strings stored)."""
    return None if value is None else str(value)


def _agency_ref(agency_id: int, name: str | None, short_name: str | None) -> dict:
    """`AgencyRefSerializer(agency).data`, written out, from the agency's text as plain `str` (`_text`)."""
    return {"id": agency_id, "name": name, "short_name": short_name}


class DirectivePartSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    deadline = serializers.DateField(source="effective_deadline", read_only=True, allow_null=True)
    timeliness = serializers.ChoiceField(choices=Timeliness.choices, read_only=True)

    class Meta:
        model = Part
        fields = [
            "id",
            "agency",
            "status",
            "deadline",
            "extended_deadline",
            "timeliness",
            "completed_on",
            "version",
        ]


class DirectiveSerializer(serializers.ModelSerializer):
    """A task as the notice gives it, with each lead agency's part."""

    notice = NoticeRefSerializer(read_only=True)
    # A declared field leaves the class (SerializerMetaclass), so it never shadows `Field.parent`.
    parent = serializers.CharField(  # type: ignore[assignment]
        source="parent.number", read_only=True, allow_null=True, default=None
    )
    supporting_agencies = AgencyRefSerializer(many=True, read_only=True)
    parts = DirectivePartSerializer(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "notice",
            "number",
            "parent",
            "title",
            "text",
            "deadline",
            "deadline_text",
            "recurrence",
            "target",
            "supporting_agencies",
            "parts",
            "review_flags",
        ]


# `task`: what the API called a lead agency's part before issue #16 gave it one name, `part`. The answers
# carry both while clients written against `task` may still read it; it is marked deprecated in the schema.
FORMER_PART_FIELD = "task"


@extend_schema_serializer(deprecate_fields=[FORMER_PART_FIELD])
class ProgressUpdateSerializer(serializers.ModelSerializer):
    part = serializers.IntegerField(
        source="part_id", read_only=True, help_text=_("The id of the lead agency's part.")
    )
    task = serializers.IntegerField(
        source="part_id", read_only=True, help_text=_("Deprecated: the same as part.")
    )
    directive = serializers.IntegerField(source="part.directive_id", read_only=True)
    author = serializers.CharField(
        source="author.get_full_name", read_only=True, allow_null=True, default=None
    )
    agency = AgencyRefSerializer(read_only=True, allow_null=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "part",
            "task",
            "directive",
            "created_at",
            "author",
            "agency",
            "kind",
            "status_before",
            "status_after",
            "deadline_before",
            "deadline_after",
            "note",
            "evidence_url",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_url(self, update):
        return reverse("directives:evidence_download", args=[update.pk]) if update.evidence else None


def _max_length(form: type[forms.Form], name: str) -> int:
    """The most characters the form's text field `name` takes, so the API refuses what the form would."""
    field = form.base_fields[name]
    if not isinstance(field, forms.CharField) or field.max_length is None:
        raise TypeError(f"{form.__name__}.{name} is not a text field with a maximum length")
    return field.max_length


# What a progress report may ask for: keep the status (a note only) or a status (named in the API's schema).
REPORTED_STATUSES = [(KEEP_STATUS, _("Keep the status: a note only")), *TaskStatus.choices]


class SentEmptyIsInvalid(serializers.Field):
    """A field that may be left out, but, sent empty as form data, is refused rather than taken as left out
    (the schema says a date or a number, which an empty value is not)."""

    def get_value(self, dictionary):
        if hasattr(dictionary, "getlist") and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class PartIdField(SentEmptyIsInvalid, serializers.IntegerField):
    """The id of the lead agency's part a request is about, sent as `part`; a request that leaves it out
    and sends `task` (its name before issue #16) is read as before."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("help_text", _("The id of the lead agency's part (older clients send it as task)."))
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        if self.field_name not in dictionary and FORMER_PART_FIELD in dictionary:
            return dictionary[FORMER_PART_FIELD]  # form data: the last value sent, as for `part`
        return super().get_value(dictionary)


class FormDateField(SentEmptyIsInvalid, serializers.DateField):
    pass


class FormIntegerField(SentEmptyIsInvalid, serializers.IntegerField):
    pass


class ProgressReportSerializer(serializers.Serializer):
    """A status update on a lead agency's part: the fields' types here, the rules in the task page's
    `ProgressForm`, which validates and records it."""

    part = PartIdField()
    status = serializers.ChoiceField(
        choices=REPORTED_STATUSES,
        required=False,
        default=KEEP_STATUS,
        help_text=_("The part's new status; left out (or “keep”), a note only: the status stays."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=_max_length(ProgressForm, "note"), default=""
    )
    completed_on = FormDateField(
        required=False, help_text=_("When the office accepts completion: the day the work was done.")
    )
    version = FormIntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The part's version the report was written against; a stale one is refused with 409."),
    )


class ProgressReportWithEvidenceSerializer(ProgressReportSerializer):
    """The same report sent as multipart/form-data, with an evidence file."""

    evidence = serializers.FileField(required=False, help_text=ProgressForm.base_fields["evidence"].help_text)


@extend_schema_serializer(deprecate_fields=[FORMER_PART_FIELD])
class ExtensionRequestSerializer(serializers.ModelSerializer):
    """A lead agency's request for more time, and the office's decision once made."""

    part = serializers.IntegerField(
        source="part_id", read_only=True, help_text=_("The id of the lead agency's part.")
    )
    task = serializers.IntegerField(
        source="part_id", read_only=True, help_text=_("Deprecated: the same as part.")
    )
    directive = serializers.IntegerField(source="part.directive_id", read_only=True)
    agency = AgencyRefSerializer(source="part.agency", read_only=True)
    requested_by = serializers.CharField(source="requested_by.get_full_name", read_only=True)
    decided_by = serializers.CharField(
        source="decided_by.get_full_name", read_only=True, allow_null=True, default=None
    )
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "part",
            "task",
            "directive",
            "agency",
            "status",
            "reason",
            "proposed_deadline",
            "deadline_when_requested",
            "requested_by",
            "created_at",
            "decided_by",
            "decided_at",
            "granted_deadline",
            "decision_note",
            "evidence_url",
        ]

    @extend_schema_field(serializers.CharField())
    def get_evidence_url(self, extension_request) -> str:
        return reverse("directives:evidence_download", args=[extension_request.request_entry_id])


PART_VERSION = serializers.IntegerField(
    required=False,
    min_value=0,
    max_value=2**31 - 1,
    help_text=_("The part's version the person saw; a stale one is refused with 409."),
)


class ExtensionAskSerializer(serializers.Serializer):
    """A request for more time, sent as multipart/form-data with its evidence file."""

    part = PartIdField()
    proposed_deadline = serializers.DateField()
    reason = serializers.CharField(max_length=5000)
    evidence = serializers.FileField(
        validators=[validate_evidence_file], help_text=_("PDF, Word, Excel, image or ZIP; at most 10 MB.")
    )
    version = PART_VERSION


class ExtensionApprovalSerializer(serializers.Serializer):
    """The office approves a request, until the date it decides."""

    granted_deadline = serializers.DateField()
    note = serializers.CharField(max_length=5000)
    version = PART_VERSION


class ExtensionRefusalSerializer(serializers.Serializer):
    """The office refuses a request, with its reason."""

    reason = serializers.CharField(max_length=5000)
    version = PART_VERSION
