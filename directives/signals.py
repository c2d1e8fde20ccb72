"""Derived data kept by signals: the number the dashboard's cached figures are filed under.

The number is raised in the saving transaction (so it changes exactly when the change becomes visible),
which locks its row until commit: services lock the rows they change before saving anything.
"""

from directives.models import CountsVersion


def counted_data_changed(sender, **kwargs):
    CountsVersion.raise_number()


def connect():
    from django.db.models.signals import post_delete, post_save

    from agencies.models import Agency
    from directives.models import Assignment, Directive, Notice

    for model in (Agency, Notice, Directive, Assignment):
        post_save.connect(counted_data_changed, sender=model, dispatch_uid=f"counts-{model._meta.label}")
        post_delete.connect(counted_data_changed, sender=model, dispatch_uid=f"counts-{model._meta.label}")
