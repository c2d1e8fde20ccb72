"""`get_FOO_display()` from a table made once per field.

Django's own builds a dict of every choice at each call, hashing each lazily translated label, which
translates it (about 50 µs for a field of fifteen choices); a task's history shows three such labels per
entry and lists one per row. The labels stay lazy, so each call still gives the active language's text.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict[object, dict] = {}


class ChoiceLabels:
    """A model mixin: the same labels as Django's `get_FOO_display()`, looked up in a table per field.
    For fields whose choices are fixed when the model is defined (not a callable evaluated later)."""

    def _get_FIELD_display(self, field):
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: as Django does it
            label = dict(make_hashable(field.flatchoices)).get(make_hashable(value), value)
        return force_str(label, strings_only=True)
