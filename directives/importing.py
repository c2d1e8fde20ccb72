"""From a document to a reviewed notice: reading, matching agencies, and the shape the service saves."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyKind
from agencies.models import Agency
from directives.choices import NoticeKind, Recurrence
from reading.agencies import AgencyMatcher, KnownAgency
from reading.documents import read_notice_document
from reading.parser import ParsedDirective, ParsedNotice, parse_notice
from tasktracker.vietnamese import fold

# A lead or supporting agency: the id of a registry agency, or the name of one the person chose to create.
AgencyRef = int | str


@dataclass
class ReviewedTask:
    """One numbered item of the notice: a task, or a heading over the tasks numbered under it."""

    number: str
    title: str
    text: str
    parent: str | None = None
    is_heading: bool = False
    lead: list[AgencyRef] = field(default_factory=list)
    support: list[AgencyRef] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""
    recurrence: str = Recurrence.NONE
    review_flags: list[str] = field(default_factory=list)


@dataclass
class ReviewedNotice:
    """The notice's header, its items in order, and the new agencies the person confirmed."""

    title: str
    tasks: list[ReviewedTask]
    number: str = ""
    kind: str = NoticeKind.CONCLUSION_NOTICE
    issuing_authority: str = ""
    place: str = ""
    issued_on: date | None = None
    meeting_on: date | None = None
    chaired_by: str = ""
    signed_by: str = ""
    signer_title: str = ""
    source_text: str = ""
    # Names as the notice writes them → the agency kind to create them with.
    new_agencies: dict[str, str] = field(default_factory=dict)


# What the importer could not settle by itself, as the review page names it.
FLAG_LABELS = {
    "unmatched_agency": _("An agency name is not in the registry"),
    "no_lead_agency": _("No lead agency found"),
    "unnamed_supporting_agencies": _("Supporting agencies mentioned without names"),
    "unnamed_lead_agencies": _("Lead agencies named as a group: choose the agencies"),
    "deadline_before_document_date": _("The deadline falls before the document's date: check it"),
    "vague_deadline": _("Vague deadline: set a date"),
    "relative_deadline_without_issue_date": _("Deadline counted from the issue date, which is blank"),
    "multiple_deadlines": _("Several deadlines in one task"),
    "invalid_deadline_date": _("The written date does not exist"),
    "deadline_year_unknown": _("The deadline's year is not written"),
    "agency_succeeded": _("A named agency was merged: its successor leads"),
}


def flag_label(code: str) -> str:
    """The reviewer's words for a flag code (unknown codes are shown as they are)."""
    return str(FLAG_LABELS.get(code, code))


def agency_matcher() -> AgencyMatcher:
    """A matcher over the whole registry; retired agencies too, so old notices still resolve."""
    return AgencyMatcher(
        KnownAgency(
            key=agency.pk, name=agency.name, short_name=agency.short_name, aliases=tuple(agency.alias_list)
        )
        for agency in Agency.objects.only("pk", "name", "short_name", "aliases")
    )


class RegistryNames:
    """The registry as the names a person reads and types: each name resolves to one agency's id.

    A registry name (any case) is that agency; another way of writing one (an abbreviation, a name without
    accents, a former name) is resolved by the matcher the parser uses; anything else is not known.
    """

    def __init__(self):
        self.agencies = list(
            Agency.objects.order_by("name").values_list("pk", "name", "short_name", "aliases", "is_active")
        )
        self._ids_by_name = {name.casefold(): pk for pk, name, *_rest in self.agencies}
        self._names_by_id = {pk: name for pk, name, *_rest in self.agencies}
        self._resolved: dict[str, int | None] = {}
        self._matcher: AgencyMatcher | None = None

    def choices(self) -> list[tuple[str, str]]:
        """(id, name) of every agency, by name, for a choice field."""
        return [(str(pk), name) for pk, name, *_rest in self.agencies]

    def name_of(self, pk: int) -> str:
        return self._names_by_id.get(pk, "")

    def resolve(self, name: str) -> int | None:
        """The id of the agency `name` means, or None when the registry does not know it."""
        name = " ".join(name.split())
        if name not in self._resolved:
            pk = self._ids_by_name.get(name.casefold())
            if pk is None and name:
                if self._matcher is None:
                    self._matcher = AgencyMatcher(
                        KnownAgency(key=pk, name=name, short_name=short, aliases=tuple(_lines(aliases)))
                        for pk, name, short, aliases, _active in self.agencies
                    )
                known = self._matcher.match(name)
                pk = known.key if known else None
            self._resolved[name] = pk
        return self._resolved[name]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_notice(filename: str, content: bytes) -> tuple[str, ParsedNotice]:
    """The text of a notice file and what the parser read from it.

    Raises UnreadableDocument for a file it cannot read and NotANotice for a text with no numbered items.
    """
    text = read_notice_document(filename, content)
    return text, parse_notice(text, agency_matcher())


def parsed_as_json(parsed: ParsedNotice) -> dict:
    """The parse result as `import_notice --dry-run --format json` prints it (dates in ISO 8601)."""

    def iso(day):
        return day.isoformat() if day else None

    return {
        "notice": {
            "number": parsed.number,
            "kind": parsed.kind,
            "place": parsed.place,
            "issued_on": iso(parsed.issued_on),
            "title": parsed.title,
            "meeting_on": iso(parsed.meeting_on),
            "chaired_by": parsed.chaired_by,
            "signed_by": parsed.signed_by,
        },
        "directives": [
            {
                "number": item.number,
                "parent": item.parent,
                "is_heading": item.is_heading,
                "title": item.title,
                "text": item.text,
                "lead": item.lead,
                "unnamed_leads": item.unnamed_leads,
                "support": item.support,
                "deadline": iso(item.deadline),
                "deadline_text": item.deadline_text or None,
                "recurrence": item.recurrence,
                "flags": item.flags,
            }
            for item in parsed.directives
        ],
        "unmatched_agencies": parsed.unmatched_agencies,
    }


def reviewed_as_parsed(parsed: ParsedNotice, source_text: str, *, create_unmatched: bool) -> ReviewedNotice:
    """Take the parse as the review (the command line's import): registry names become agency ids, and
    names not in the registry are created only when the person said so (`create_unmatched`)."""
    ids_by_name = {name.casefold(): pk for pk, name in Agency.objects.values_list("pk", "name")}

    def refs(names):
        return [ids_by_name.get(name.casefold(), name) for name in names]

    # Unnamed bodies kept as leads (`các sở, ngành tỉnh`) are no agency to create: a person names them.
    unmatched = {
        name
        for item in parsed.directives
        for name in [*named_leads(item), *item.support]
        if name.casefold() not in ids_by_name
    }
    return ReviewedNotice(
        number=parsed.number,
        kind=parsed.kind if parsed.kind in NoticeKind.values else NoticeKind.OTHER,
        title=parsed.title,
        issuing_authority=parsed.issuing_authority,
        place=parsed.place,
        issued_on=parsed.issued_on,
        meeting_on=parsed.meeting_on,
        chaired_by=parsed.chaired_by,
        signed_by=parsed.signed_by,
        signer_title=parsed.signer_title,
        source_text=source_text,
        tasks=[
            ReviewedTask(
                number=item.number,
                parent=item.parent,
                is_heading=item.is_heading,
                title=item.title,
                text=item.text,
                lead=refs(named_leads(item)),
                support=refs(item.support),
                deadline=item.deadline,
                deadline_text=item.deadline_text or "",
                recurrence=item.recurrence,
                review_flags=item.flags,
            )
            for item in parsed.directives
        ],
        new_agencies={name: guess_agency_kind(name) for name in unmatched} if create_unmatched else {},
    )


def named_leads(item: ParsedDirective) -> list[str]:
    """The item's leads that name agencies: without the unnamed bodies kept as written."""
    return [name for name in item.lead if name not in item.unnamed_leads]


def guess_agency_kind(name: str) -> str:
    """The likely kind of an agency from how its name starts (a person confirms it)."""
    folded = fold(name)
    starts = [
        (("so ",), AgencyKind.DEPARTMENT),
        (("ban quan ly", "bql"), AgencyKind.BOARD),
        (("van phong",), AgencyKind.OFFICE),
        (
            ("ubnd xa", "ubnd phuong", "ubnd thi tran", "uy ban nhan dan xa", "uy ban nhan dan phuong"),
            AgencyKind.COMMUNE_COMMITTEE,
        ),
        (("ubnd tinh", "uy ban nhan dan tinh"), AgencyKind.PROVINCIAL_COMMITTEE),
        # Any other People's Committee a notice names is a district, town or city one.
        (("ubnd ", "uy ban nhan dan "), AgencyKind.DISTRICT_COMMITTEE),
        (("cong ty",), AgencyKind.STATE_COMPANY),
    ]
    for prefixes, kind in starts:
        if folded.startswith(prefixes):
            return kind
    return AgencyKind.OTHER
