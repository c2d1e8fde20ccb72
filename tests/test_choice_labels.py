"""`get_FOO_display()` read from a table per field gives what Django's own gives, in every language."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from tasktracker.choice_labels import ChoiceLabels

MODELS = [model for model in apps.get_models() if issubclass(model, ChoiceLabels)]


def test_the_models_whose_labels_pages_show_use_the_table():
    names = {model.__name__ for model in MODELS}
    assert {"Part", "ProgressUpdate", "Directive", "Escalation"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_choice_reads_as_django_reads_it(model, language):
    fields = [field for field in model._meta.concrete_fields if field.choices]
    assert fields
    with translation.override(language):
        for field in fields:
            for value in [value for value, _label in field.flatchoices] + ["không-có", 999, None, ""]:
                record = model(**{field.attname: value})
                django_label = models.Model._get_FIELD_display(record, field)
                assert getattr(record, f"get_{field.name}_display")() == django_label, (field, value)
                assert type(record._get_FIELD_display(field)) is type(django_label)


def test_the_label_follows_the_active_language():
    record = next(model for model in MODELS if model.__name__ == "Part")(status="done")
    with translation.override("en"):
        english = record.get_status_display()
    with translation.override("vi"):
        vietnamese = record.get_status_display()
    assert english != vietnamese
