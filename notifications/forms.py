from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderPreferenceForm(forms.Form):
    """Whether the user wants deadline reminders by email (escalations and digests always come)."""

    email_reminders = forms.BooleanField(label=_("Deadline reminders by email"), required=False)


class AcknowledgementForm(forms.Form):
    """The office's note on what it did about an escalation (the service checks it is not empty)."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    next = forms.CharField(required=False, max_length=500)
