import hashlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.choices import (
    FINISHED_STATUSES,
    ExtensionRequestStatus,
    NoticeKind,
    ReadingState,
    Recurrence,
    TaskStatus,
    Timeliness,
    UpdateKind,
)
from directives.files import (
    evidence_path,
    notice_source_path,
    stored_file_name,
    validate_evidence_file,
    validate_notice_source_file,
)
from directives.querysets import (
    FINISHED,
    IS_FINISHED,
    DirectiveQuerySet,
    DocumentReadingQuerySet,
    ExtensionRequestQuerySet,
    NoticeQuerySet,
    PartQuerySet,
    ProgressUpdateQuerySet,
    differing,
)
from tasktracker.choice_labels import ChoiceLabels
from tasktracker.vietnamese import fold

if TYPE_CHECKING:
    from agencies.models import Agency


class Notice(ChoiceLabels, models.Model):
    """A document (usually a conclusion notice) whose numbered items hand out tasks."""

    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("Blank in a draft."))
    kind = models.CharField(
        _("kind"), max_length=30, choices=NoticeKind.choices, default=NoticeKind.CONCLUSION_NOTICE
    )
    title = models.TextField(_("title"))
    issuing_authority = models.CharField(_("issuing authority"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True, help_text=_("Unknown in a draft."))
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=255, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    source_text = models.TextField(_("full text"), blank=True)
    source_file = models.FileField(
        _("source file"), upload_to=notice_source_path, validators=[validate_notice_source_file], blank=True
    )
    source_fingerprint = models.CharField(
        _("content fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Recognises a notice imported twice when it has no number."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_fingerprint"],
                condition=~models.Q(source_fingerprint=""),
                name="notice_source_fingerprint_unique",
            ),
        ]
        # The notice list in its order: a page of an agency's notices reads the newest until it has 25
        # instead of testing every notice and sorting them (docs/performance.md).
        indexes = [
            models.Index(
                models.F("issued_on").desc(), models.F("created_at").desc(), name="notice_newest_first_idx"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs):
        self.source_fingerprint = self.fingerprint_of(self.source_text)
        adding, update_fields = self._state.adding, kwargs.get("update_fields")
        super().save(*args, **kwargs)
        if not adding and (update_fields is None or {"issued_on", "meeting_on"} & set(update_fields)):
            self.pass_date_to_parts()

    @property
    def dated_on(self) -> date | None:
        """The notice's date: when it was issued, else its meeting's (a draft is not issued yet)."""
        return self.issued_on or self.meeting_on

    def pass_date_to_parts(self) -> int:
        """Give the parts of this notice's tasks its date (`Part.notice_date`); how many changed."""
        return Part.objects.filter(directive__notice=self).take_notice_date(self.dated_on)

    @property
    def source_filename(self) -> str:
        """The source file's own name, without the folders it is stored in."""
        return Path(self.source_file.name).name if self.source_file else ""

    @staticmethod
    def fingerprint_of(source_text: str) -> str:
        """A hash of the text that ignores case, diacritic encoding and spacing; '' for no text."""
        folded = fold(source_text)
        return hashlib.sha256(folded.encode()).hexdigest() if folded else ""


class Directive(ChoiceLabels, models.Model):
    """A numbered item of a notice: a task to track, or a heading that groups the tasks below it."""

    # The notice the task was read from the database with (None: not read from it), so that its parts take
    # the date of a notice it is moved to (`Part.notice_date`).
    loaded_notice_id: int | None = None

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="directives"
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("As in the notice, e.g. 4.2."))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order within the notice."))
    is_heading = models.BooleanField(
        _("heading only"), default=False, help_text=_("Groups the tasks below it; not tracked itself.")
    )
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text as written"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(
        _("deadline as written"), max_length=255, blank=True, help_text=_("The notice's own words.")
    )
    recurrence = models.CharField(
        _("recurrence"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    target = models.CharField(
        _("measurable target"), max_length=255, blank=True, help_text=_("e.g. at least 5 people by 2025.")
    )
    target_quantity = models.DecimalField(
        _("target quantity"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    review_flags = models.JSONField(
        _("points to review"),
        default=list,
        blank=True,
        help_text=_("What the importer could not settle by itself, e.g. a vague deadline."),
    )
    lead_agencies: "models.ManyToManyField[Agency, Part]" = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("lead agencies"),
        through="Part",
        related_name="led_directives",
        blank=True,
    )
    supporting_agencies = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("supporting agencies"),
        related_name="supported_directives",
        blank=True,
    )
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Counts changes, to detect two people editing at once."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["notice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="directive_number_unique_in_notice"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="directive_not_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["deadline"], name="directive_deadline_idx"),
            # Every count and list joins a part to its task for the deadline, notice and order; this
            # narrow copy of those columns is read instead of the wide table (see docs/performance.md).
            models.Index(
                fields=["id", "notice", "deadline", "position", "is_heading", "recurrence"],
                name="directive_listing_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        # The parts first, so that they carry the deadline and the notice's date this task is saved with.
        if not self._state.adding:
            self.pass_deadline_to_parts()
            if self.notice_id != self.loaded_notice_id:
                self.parts.take_notice_date(self.notice.dated_on)
        super().save(*args, **kwargs)
        self.loaded_notice_id = self.notice_id

    @classmethod
    def from_db(cls, db, field_names, values):
        directive = super().from_db(db, field_names, values)
        directive.loaded_notice_id = directive.__dict__.get("notice_id")
        return directive

    def pass_deadline_to_parts(self) -> int:
        """Give the parts without an extension this task's deadline as theirs; how many changed."""
        return (
            self.parts.filter(extended_deadline__isnull=True)
            .filter(differing("effective_deadline", self.deadline))
            .update(effective_deadline=self.deadline)
        )

    def clean(self):
        if self.parent is not None and self.parent.notice_id != self.notice_id:
            raise ValidationError({"parent": _("The parent item must belong to the same notice.")})

    def build_search_text(self) -> str:
        """The folded words that free-text search looks in (also for bulk writes, which skip save)."""
        return fold(" ".join([self.number, self.title, self.text, self.deadline_text, self.target]))


class Part(ChoiceLabels, models.Model):
    """One lead agency's part of a task: what that agency reports on, and what is counted."""

    # Annotated by `PartQuerySet.with_timeliness`, not a column.
    timeliness: str
    # The lead agency the part was read from the database with (None: not read from it), so that moving it
    # to another agency raises both agencies' counts versions (`directives.signals`).
    loaded_agency_id: int | None = None

    directive = models.ForeignKey(
        Directive, verbose_name=_("task"), on_delete=models.CASCADE, related_name="parts"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="parts"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        editable=False,
        help_text=_("Counts changes, to detect two people editing at once."),
    )
    extended_deadline = models.DateField(
        _("extended deadline"),
        null=True,
        blank=True,
        help_text=_("Set when the issuer grants this agency more time; replaces the task's deadline."),
    )
    # A copy kept by save(), bulk_create() and Directive.save(), so that lists can be counted, filtered
    # and sorted by deadline without joining every part to its task (see docs/performance.md).
    effective_deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The extended deadline if one was granted, else the task's."),
    )
    # The notice's date (`Notice.dated_on`), a copy kept by save(), bulk_create(), Notice.save() and
    # Directive.save(), so that the dashboard counts an agency's parts by period and over time from an index
    # alone, without joining each to its task and notice.
    notice_date = models.DateField(_("notice date"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead agency's part")
        verbose_name_plural = _("lead agencies' parts")
        ordering = ["directive", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "agency"], name="part_agency_unique_in_directive"),
            models.CheckConstraint(
                condition=(
                    models.Q(status=TaskStatus.DONE, completed_on__isnull=False)
                    | (~models.Q(status=TaskStatus.DONE) & models.Q(completed_on__isnull=True))
                ),
                name="part_completed_on_iff_done",
            ),
        ]
        indexes = [
            # An agency's parts by status, with what the dashboard counts of each (deadline, completion,
            # notice's date, task, entry): one agency's figures are counted from this index alone, without
            # reading its parts' rows scattered over the table (PostgreSQL; see docs/performance.md).
            models.Index(
                fields=["agency", "status"],
                include=[
                    "effective_deadline",
                    "completed_on",
                    "notice_date",
                    "directive",
                    "created_at",
                    "id",
                ],
                name="part_agency_figures_idx",
            ),
            # The unfinished parts by task: "tasks my agency supports" counts and pages them by the
            # supported tasks without reading the whole table.
            models.Index(fields=["directive", "agency"], condition=~FINISHED, name="part_open_by_task_idx"),
            # Lists in order of urgency (PartQuerySet.by_urgency): open parts by deadline, then the
            # finished ones; also the overdue parts, longest overdue first.
            models.Index(IS_FINISHED, "effective_deadline", name="part_urgency_idx"),
        ]

    def __str__(self):
        return f"{self.directive} — {self.agency}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "extended_deadline" in update_fields:
            self.effective_deadline = self.deadline
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "effective_deadline"}
        if update_fields is None or "directive" in update_fields:
            self.notice_date = self.directive.notice.dated_on
            if update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "notice_date"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        part = super().from_db(db, field_names, values)
        part.loaded_agency_id = part.__dict__.get("agency_id")
        return part

    @property
    def deadline(self):
        """The date this part is due: the extension if one was granted, else the task's deadline."""
        return self.extended_deadline or self.directive.deadline

    @property
    def is_finished(self) -> bool:
        """Done or cancelled: nothing more is reported on it (the `FINISHED` condition of the querysets)."""
        return self.status in FINISHED_STATUSES

    @property
    def timeliness_label(self):
        """The label of the `timeliness` that `PartQuerySet.with_timeliness` annotated."""
        return Timeliness(self.timeliness).label


class ProgressUpdate(ChoiceLabels, models.Model):
    """An entry in a task part's history. Append-only: history is never rewritten."""

    part = models.ForeignKey(
        Part, verbose_name=_("lead agency's part"), on_delete=models.PROTECT, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    status_before = models.CharField(_("status before"), max_length=20, choices=TaskStatus.choices)
    status_after = models.CharField(_("status after"), max_length=20, choices=TaskStatus.choices)
    deadline_before = models.DateField(_("deadline before"), null=True, blank=True)
    deadline_after = models.DateField(_("deadline after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to=evidence_path, validators=[validate_evidence_file], blank=True
    )

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["part", "created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.part}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("History is never rewritten: add a new update instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("History is never rewritten: add a new update instead."))

    @property
    def evidence_filename(self) -> str:
        """The evidence file's own name, without the folders it is stored in."""
        return stored_file_name(self.evidence.name)


# ---------------------------------------------------------------------------------------------------
# A scan or photo of a notice read by OCR in the background (directives/readings.py)


class DocumentReading(models.Model):
    """An uploaded scan or photo of a notice, read by OCR in a background job, then reviewed."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    # Kept in the database, not on a disk the worker may not share; emptied once the text is read.
    content = models.BinaryField(_("content"), editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=ReadingState.choices, default=ReadingState.QUEUED
    )
    pages_done = models.PositiveIntegerField(_("pages read"), default=0)
    pages_total = models.PositiveIntegerField(_("pages"), default=0)
    text = models.TextField(_("text"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # When its job was put on the reading queue; empty while the queue (the broker) could not be reached.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # When a notice was saved from this reading's review; a reading never confirmed is deleted after
    # DOCUMENT_READING_RETENTION_DAYS (directives.readings.delete_stale_readings).
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = DocumentReadingQuerySet.as_manager()

    class Meta:
        verbose_name = _("document reading")
        verbose_name_plural = _("document readings")

    def __str__(self):
        return self.filename

    @property
    def in_progress(self) -> bool:
        return self.state in (ReadingState.QUEUED, ReadingState.RUNNING)


class CalendarFeed(models.Model):
    """A person's private calendar address: the deadlines of the tasks they may see, for their calendar
    app. Only a digest of the address's secret is kept, so the address is shown once, when it is made;
    making a new one ends the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    secret_digest = models.CharField(_("secret digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class SavedFilter(models.Model):
    """A person's named filter of the task list (its query string), to open again in one click."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_filters",
    )
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filter"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_per_user")]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------------------------------
# Extension requests (directives/extensions.py): a lead agency asks for more time, the office decides.

EXTENSION_POLICY_ID = 1


class ExtensionPolicy(models.Model):
    """The office's rule for extension requests: one row, edited in the admin."""

    min_working_days_before = models.PositiveSmallIntegerField(
        _("ask at least (working days before the deadline)"),
        default=5,
        help_text=_("A lead agency may ask for more time until this many working days before its deadline."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("extension policy")
        verbose_name_plural = _("extension policy")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=EXTENSION_POLICY_ID), name="extension_policy_singleton"
            ),
        ]

    def __str__(self):
        return str(_("Extension policy"))

    def save(self, *args, **kwargs):
        self.pk = EXTENSION_POLICY_ID
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ExtensionPolicy":
        """The policy in force (created with the defaults if missing)."""
        policy, _created = cls.objects.get_or_create(pk=EXTENSION_POLICY_ID)
        return policy


class ExtensionRequest(ChoiceLabels, models.Model):
    """A lead agency's request for more time on its part of a task, and the office's decision on it.

    The evidence and the words are in the part's history (`request_entry`, `decision_entry`); this row
    holds where the request stands, so that the office's queue and the notifications can find it."""

    part = models.ForeignKey(
        Part,
        verbose_name=_("lead agency's part"),
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    proposed_deadline = models.DateField(_("proposed deadline"))
    deadline_when_requested = models.DateField(_("deadline when asked"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionRequestStatus.choices,
        default=ExtensionRequestStatus.PENDING,
    )
    request_entry = models.OneToOneField(
        ProgressUpdate, verbose_name=_("request in the history"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    granted_deadline = models.DateField(_("granted deadline"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    decision_entry = models.OneToOneField(
        ProgressUpdate,
        verbose_name=_("decision in the history"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["part"],
                condition=models.Q(status=ExtensionRequestStatus.PENDING),
                name="extension_request_one_pending_per_part",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status=ExtensionRequestStatus.APPROVED, granted_deadline__isnull=False)
                    | (
                        ~models.Q(status=ExtensionRequestStatus.APPROVED)
                        & models.Q(granted_deadline__isnull=True)
                    )
                ),
                name="extension_request_granted_iff_approved",
            ),
        ]
        indexes = [models.Index(fields=["status", "decided_at"], name="extension_request_status_idx")]

    def __str__(self):
        return f"{self.part} → {self.proposed_deadline:%d/%m/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.status == ExtensionRequestStatus.PENDING

    @property
    def evidence(self):
        """The evidence attached to the request (kept in its history entry)."""
        return self.request_entry.evidence
