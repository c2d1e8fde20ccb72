"""Derived data kept by signals: the counts version the dashboard's cached figures are filed under.

It is raised after the saving transaction commits (`directives.counts`), so no writer holds a lock for it.
"""

from directives import counts


def counted_data_changed(sender, using=None, **kwargs):
    counts.raise_after_commit(using)


def connect():
    from django.db.models.signals import post_delete, post_save

    from agencies.models import Agency
    from directives.models import Directive, Notice, Part

    for model in (Agency, Notice, Directive, Part):
        post_save.connect(counted_data_changed, sender=model, dispatch_uid=f"counts-{model._meta.label}")
        post_delete.connect(counted_data_changed, sender=model, dispatch_uid=f"counts-{model._meta.label}")
