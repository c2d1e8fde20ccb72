from django.contrib.auth.models import AbstractUser
from django.core.signals import setting_changed
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from accounts.querysets import UserManager


class Role(models.Model):
    """What a kind of user may see and do, as data: permission functions read these flags, not codes."""

    OFFICE_STAFF = "office_staff"
    AGENCY_HEAD = "agency_head"
    AGENCY_STAFF = "agency_staff"
    LEADER = "leader"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    sees_all_directives = models.BooleanField(
        _("sees every agency's tasks"), default=False, help_text=_("Office staff and leaders.")
    )
    manages_directives = models.BooleanField(
        _("manages notices and tasks"),
        default=False,
        help_text=_("Enters and imports notices, corrects tasks, accepts completion, decides extensions."),
    )
    reports_progress = models.BooleanField(
        _("reports progress"),
        default=False,
        help_text=_("Updates the status of the tasks their own agency leads."),
    )
    heads_agency = models.BooleanField(
        _("heads the agency"),
        default=False,
        help_text=_("Receives the agency's escalations and weekly digest."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in: a member of one agency, with one role."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.name_shown(self.full_name, self.username)

    @staticmethod
    def name_shown(full_name: str, username: str) -> str:
        """How pages name a person: their full name, or their username when it is blank."""
        return full_name or username

    def get_full_name(self):
        return self.full_name or super().get_full_name()

    def get_session_auth_hash(self):
        """Django's: the HMAC of the password's hash that a session is checked against on every request,
        worked out once per process for each password hash (it depends on nothing else but SECRET_KEY)."""
        known = _session_auth_hashes.get(self.password)
        if known is None:
            known = super().get_session_auth_hash()
            if len(_session_auth_hashes) >= SESSION_AUTH_HASHES_KEPT:
                _session_auth_hashes.clear()
            _session_auth_hashes[self.password] = known
        return known


# User.get_session_auth_hash's results, by password hash: each an HMAC (about 60,000 instructions a request).
_session_auth_hashes: dict[str, str] = {}
SESSION_AUTH_HASHES_KEPT = 1024


def _forget_session_auth_hashes(*, setting, **kwargs):
    if setting == "SECRET_KEY":
        _session_auth_hashes.clear()


setting_changed.connect(_forget_session_auth_hashes, dispatch_uid="accounts.forget_session_auth_hashes")


class ApiToken(AbstractAuthToken):
    """A key for the REST API. Only its hash is kept: it is shown once, when created, and it expires."""

    name = models.CharField(
        _("name"), max_length=100, help_text=_("What uses it, e.g. the e-office system's integration.")
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.token_key}…)"
