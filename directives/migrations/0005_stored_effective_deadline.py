from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def copy_deadlines(apps, schema_editor):
    """Each part's deadline: its extension, else its task's."""
    Assignment = apps.get_model("directives", "Assignment")
    Directive = apps.get_model("directives", "Directive")
    task_deadline = Directive.objects.filter(pk=OuterRef("directive_id")).values("deadline")[:1]
    Assignment.objects.update(effective_deadline=Coalesce("extended_deadline", Subquery(task_deadline)))


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("directives", "0004_listing_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="assignment_extended_idx",
        ),
        migrations.AddField(
            model_name="assignment",
            name="effective_deadline",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="The extended deadline if one was granted, else the task's.",
                null=True,
                verbose_name="deadline",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                models.ExpressionWrapper(
                    models.Q(("status__in", ["done", "cancelled"])), output_field=models.BooleanField()
                ),
                models.F("effective_deadline"),
                name="assignment_urgency_idx",
            ),
        ),
        # After the index: an index built in the transaction that rewrote its rows cannot be used until
        # every transaction older than that one has ended.
        migrations.RunPython(copy_deadlines, migrations.RunPython.noop, elidable=True),
    ]
