from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from agencies.choices import AgencyKind
from agencies.querysets import AgencyQuerySet


class Agency(models.Model):
    """A body that leads or supports tasks: a department, a board, a People's Committee, a company."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One name per line, as notices write it (abbreviations, former names)."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Where notices to the agency are sent."))
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Off once the agency is merged or abolished.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The agency that took over its tasks when it was merged or abolished."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="agency_name_unique_ci"),
            models.CheckConstraint(
                condition=~models.Q(successor=models.F("id")), name="agency_not_own_successor"
            ),
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True) | models.Q(is_active=False),
                name="agency_with_successor_is_inactive",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("An agency cannot be its own successor.")})
        if self.successor_id and self.is_active:
            raise ValidationError({"is_active": _("An agency that has a successor is no longer active.")})
        if self.pk and self.successor_id and self.pk in {a.pk for a in self.successor.successor_chain()}:
            raise ValidationError({"successor": _("The successors would form a circle.")})
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An agency cannot be its own parent.")})

    @property
    def alias_list(self) -> list[str]:
        """The other names, one per line in the field, without blanks."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def successor_chain(self) -> list["Agency"]:
        """This agency and those that took over from it in turn, oldest first."""
        chain, seen = [self], {self.pk}
        while chain[-1].successor_id and chain[-1].successor_id not in seen:
            chain.append(chain[-1].successor)
            seen.add(chain[-1].pk)
        return chain

    def current_successor(self) -> "Agency":
        """The agency that holds this one's work today (itself while it is active)."""
        return self.successor_chain()[-1]
