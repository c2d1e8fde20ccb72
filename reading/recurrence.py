"""How often a task comes round again: the one list of recurrence values, for the deadline reader, the
tasks' field, the filters and the reminder schedule alike."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Recurrence(models.TextChoices):
    """How often a task comes round again.

    `hằng tuần` is weekly, `định kỳ 02 tuần/lần` biweekly, `định kỳ 06 tháng` semiannual.
    """

    NONE = "none", _("Once")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    SEMIANNUAL = "semiannual", _("Every six months")
    YEARLY = "yearly", _("Every year")
    ONGOING = "ongoing", _("Ongoing")


# Recurrences that come round in periods, each with its reminders (the others are one-off or ongoing).
PERIODIC_RECURRENCES = (
    Recurrence.WEEKLY,
    Recurrence.BIWEEKLY,
    Recurrence.MONTHLY,
    Recurrence.QUARTERLY,
    Recurrence.SEMIANNUAL,
    Recurrence.YEARLY,
)
