from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import TOKEN_LIFETIMES


class ApiTokenForm(forms.Form):
    """A new API token of one's own: what it is for and how long it lives."""

    name = forms.CharField(
        label=_("What is it for?"),
        max_length=100,
        help_text=_("e.g. the e-office system's integration."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[(days, _("%(days)d days") % {"days": days}) for days in TOKEN_LIFETIMES],
        initial=90,
    )
