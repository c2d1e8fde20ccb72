from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """The kinds of body a notice assigns tasks to."""

    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee")
    OFFICE = "office", _("Office of the People's Committee")
    DEPARTMENT = "department", _("Provincial department")
    BOARD = "board", _("Management board")
    DISTRICT_COMMITTEE = "district_committee", _("District, town or city People's Committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune or ward People's Committee")
    STATE_COMPANY = "state_company", _("State company")
    OTHER = "other", _("Other")
