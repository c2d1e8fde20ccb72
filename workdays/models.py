from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from workdays.calendar import PACKAGE_CALENDAR
from workdays.choices import ExceptionKind


class CalendarException(models.Model):
    """A day the government or the province announces off, or worked in return (làm bù), on top of the
    public holidays the `holidays` package knows."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ExceptionKind.choices)
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("e.g. Bridging the 30 April and 1 May holidays.")
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        help_text=_("The document that announces it, e.g. Thông báo số 6150/TB-LĐTBXH ngày 12/11/2024."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ExceptionKind.values), name="calendar_exception_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"

    def clean(self) -> None:
        """A day off must be a day offices would otherwise work, a make-up day one they would not."""
        if self.day is None:
            return
        working = PACKAGE_CALENDAR.is_working_day(self.day)
        if self.kind == ExceptionKind.DAY_OFF and not working:
            raise ValidationError(
                {"day": _("This day is already a day off (a weekend or a public holiday).")}
            )
        if self.kind == ExceptionKind.WORKING_DAY and working:
            raise ValidationError({"day": _("Offices already work on this day.")})
