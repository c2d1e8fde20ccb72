"""Derived data kept by signals: the counts versions the dashboard's cached figures are filed under.

A change raises the versions of the agencies whose figures it can move, after the saving transaction
commits (`directives.counts`), so no writer holds a lock for it. Bulk writes that send no signals raise them
themselves (`PartQuerySet.bulk_create` and `update`, which `bulk_update` goes through).
"""

from directives import counts


def part_changed(sender, instance, using=None, created=False, **kwargs):
    """A part counts for its lead agency, and for the one it was read with if that changed."""
    agencies = {instance.agency_id}
    if not created:
        if instance.loaded_agency_id is None:  # built in Python for an existing row: whose was it?
            counts.raise_after_commit(using)
            return
        agencies.add(instance.loaded_agency_id)
    counts.raise_agencies_after_commit(agencies, using)
    instance.loaded_agency_id = instance.agency_id


def part_deleted(sender, instance, using=None, **kwargs):
    counts.raise_agencies_after_commit([instance.agency_id, instance.loaded_agency_id], using)


def task_changed(sender, instance, using=None, created=False, **kwargs):
    """A task's deadline and notice are counted for each of its lead agencies (a new one has none yet)."""
    if not created:
        agencies = instance.parts.using(using).values_list("agency_id", flat=True)
        counts.raise_agencies_after_commit(agencies, using)


def notice_changed(sender, instance, using=None, created=False, **kwargs):
    """A notice's dates place its tasks in a period and in the trend, for each of their lead agencies."""
    if not created:
        from directives.models import Part

        agencies = (
            Part.objects.using(using)
            .filter(directive__notice=instance.pk)
            .values_list("agency_id", flat=True)
            .distinct()
        )
        counts.raise_agencies_after_commit(agencies, using)


def agency_changed(sender, instance, using=None, **kwargs):
    """The dashboard shows an agency's name beside its figures."""
    counts.raise_agencies_after_commit([instance.pk], using)


def connect():
    from django.db.models.signals import post_delete, post_save

    from agencies.models import Agency
    from directives.models import Directive, Notice, Part

    post_save.connect(part_changed, sender=Part, dispatch_uid="counts-part-saved")
    post_delete.connect(part_deleted, sender=Part, dispatch_uid="counts-part-deleted")
    post_save.connect(task_changed, sender=Directive, dispatch_uid="counts-task-saved")
    post_save.connect(notice_changed, sender=Notice, dispatch_uid="counts-notice-saved")
    post_save.connect(agency_changed, sender=Agency, dispatch_uid="counts-agency-saved")
    post_delete.connect(agency_changed, sender=Agency, dispatch_uid="counts-agency-deleted")
    # A task or notice deleted deletes its parts, each of which sends its own post_delete.
