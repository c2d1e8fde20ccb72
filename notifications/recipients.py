"""Who receives a notification, worked out from roles (data) and agencies, a few queries per batch.

Agency head = role `heads_agency`; agency staff = `reports_progress` and not office staff. Office staff,
leaders and the office's leadership are `User.objects.office_staff()`, `.leaders()` and
`.office_leadership()` (`accounts.querysets`): the same rules as the permissions, superusers included
as office staff. An agency's own address receives what is addressed to the agency.
"""

from dataclasses import dataclass, field

from accounts.models import User
from accounts.querysets import is_office_staff
from agencies.choices import AgencyKind
from agencies.models import Agency
from notifications.models import NotificationPreference


@dataclass(frozen=True)
class Recipient:
    """A person (with or without an email address) or an agency's mailbox."""

    email: str
    user_id: int | None = None
    username: str = ""

    @property
    def identity(self) -> str:
        """Who the recipient is, whatever address they have now: "user:12", or a mailbox's address."""
        return self.email if self.user_id is None else f"user:{self.user_id}"

    @property
    def label(self) -> str:
        """How reports name the recipient: the address, else the user name."""
        return self.email or self.username


@dataclass
class AgencyPeople:
    heads: list[Recipient] = field(default_factory=list)
    staff: list[Recipient] = field(default_factory=list)
    mailbox: Recipient | None = None


def _address(email: str) -> str:
    return (email or "").strip().lower()


def _person(user) -> Recipient:
    return Recipient(email=_address(user.email), user_id=user.pk, username=user.get_username())


def unique(recipients) -> list[Recipient]:
    """Each address once (a person and a mailbox may share one), people without address each once."""
    seen, kept = set(), []
    for recipient in recipients:
        if recipient is None:
            continue
        key = recipient.email or f"user:{recipient.user_id}"
        if key not in seen:
            seen.add(key)
            kept.append(recipient)
    return kept


class RecipientDirectory:
    """The recipients of a sweep, loaded per batch of agencies and kept: never a query per task."""

    def __init__(self):
        self._agencies: dict[int, AgencyPeople] = {}
        self._reminded: dict[int, list[Recipient]] = {}
        self._opted_out: set[int] | None = None
        self._office_leadership: list[Recipient] | None = None
        self._leaders: list[Recipient] | None = None
        self._office: list[Recipient] | None = None

    def load(self, agency_ids) -> None:
        """Fetch the people and mailboxes of the agencies not loaded yet (two queries)."""
        missing = {agency_id for agency_id in agency_ids if agency_id not in self._agencies}
        if not missing:
            return
        for agency_id in missing:
            self._agencies[agency_id] = AgencyPeople()
        for agency_id, email in Agency.objects.filter(pk__in=missing).values_list("pk", "email"):
            if _address(email):
                self._agencies[agency_id].mailbox = Recipient(email=_address(email))
        users = (
            User.objects.filter(is_active=True, agency_id__in=missing, role__isnull=False)
            .select_related("role")
            .order_by("pk")
        )
        for user in users:
            role, agency_id = user.role, user.agency_id
            if role is None or agency_id is None:  # left out by the query already
                continue
            people = self._agencies[agency_id]
            if role.heads_agency:
                people.heads.append(_person(user))
            elif user.role.reports_progress and not is_office_staff(user):
                people.staff.append(_person(user))

    def people(self, agency_id: int) -> AgencyPeople:
        self.load([agency_id])
        return self._agencies[agency_id]

    def wants_reminder_emails(self, recipient: Recipient) -> bool:
        """Whether a reminder may be emailed to the recipient (users can opt out; mailboxes cannot)."""
        if recipient.user_id is None:
            return True
        if self._opted_out is None:
            self._opted_out = set(
                NotificationPreference.objects.filter(email_reminders=False).values_list("user_id", flat=True)
            )
        return recipient.user_id not in self._opted_out

    def reminder_recipients(self, agency_id: int, supporting_ids=()) -> list[Recipient]:
        """The lead agency's heads, staff and mailbox, then the same of each supporting agency given."""
        if not supporting_ids:
            return self.agency_reminder_recipients(agency_id)
        recipients = []
        for each in [agency_id, *supporting_ids]:
            recipients += self.agency_reminder_recipients(each)
        return unique(recipients)

    def agency_reminder_recipients(self, agency_id: int) -> list[Recipient]:
        """One agency's heads, staff and mailbox: who receives its reminders (one list, shared: not to be
        changed)."""
        if agency_id not in self._reminded:
            people = self.people(agency_id)
            self._reminded[agency_id] = unique([*people.heads, *people.staff, people.mailbox])
        return self._reminded[agency_id]

    def escalation_recipients(self, level: int, agency_id: int) -> list[Recipient]:
        """Level 1: the lead agency's heads and mailbox; 2: the office's leadership; 3: the leaders."""
        if level == 1:
            people = self.people(agency_id)
            return unique([*people.heads, people.mailbox])
        if level == 2:
            return self.office_leadership()
        return self.leaders()

    def extension_decision_recipients(self, agency_id: int, requester) -> list[Recipient]:
        """Who asked for more time, then the lead agency's heads and mailbox."""
        people = self.people(agency_id)
        return unique([_person(requester), *people.heads, people.mailbox])

    def digest_recipients(self, agency_id: int) -> list[Recipient]:
        """The agency's heads who have an address; the agency's mailbox when none has."""
        people = self.people(agency_id)
        heads = [head for head in people.heads if head.email]
        return unique(heads or [people.mailbox])

    def office_leadership(self) -> list[Recipient]:
        """Heads of an office (Văn phòng UBND); all office staff if the office has no head on record."""
        if self._office_leadership is None:
            users = User.objects.office_leadership().order_by("pk")
            self._office_leadership = unique(_person(user) for user in users)
        return self._office_leadership

    def leaders(self) -> list[Recipient]:
        """The province's leaders: they see every task but do not manage them."""
        if self._leaders is None:
            users = User.objects.leaders().order_by("pk")
            self._leaders = unique(_person(user) for user in users)
        return self._leaders

    def office_staff(self) -> list[Recipient]:
        """The office's staff (who manage the tasks), superusers included."""
        if self._office is None:
            users = User.objects.office_staff().order_by("pk")
            self._office = unique(_person(user) for user in users)
        return self._office

    def office_mailboxes(self) -> list[Recipient]:
        """The office's own addresses."""
        emails = Agency.objects.filter(kind=AgencyKind.OFFICE, is_active=True).values_list("email", flat=True)
        return unique(Recipient(email=_address(email)) for email in emails if _address(email))
