"""One name for one thing (issue #16): the foreign keys to a lead agency's part are `part` (directives'
`Assignment` is `Part`). The columns are renamed in place; the escalations' partial unique constraint and
queue index name the field, so they are taken off while it is renamed and put back as they were.

The outbox's unique keys keep the subject `assignment:<id>` they were written with (notifications/parts.py).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0015_rename_assignment_to_part"),
        ("notifications", "0007_extension_request_kinds"),
    ]

    operations = [
        migrations.RemoveConstraint("escalation", "escalation_open_once_per_level"),
        migrations.RemoveIndex("escalation", "escalation_open_queue_idx"),
        migrations.RenameField("escalation", "assignment", "part"),
        migrations.AddConstraint(
            "escalation",
            models.UniqueConstraint(
                condition=models.Q(("closed_at__isnull", True)),
                fields=("part", "level"),
                name="escalation_open_once_per_level",
            ),
        ),
        migrations.AddIndex(
            "escalation",
            models.Index(
                models.ExpressionWrapper(
                    models.Q(("acknowledged_at__isnull", False)), output_field=models.BooleanField()
                ),
                models.OrderBy(models.F("level"), descending=True),
                models.F("opened_on"),
                models.F("part"),
                condition=models.Q(("closed_at__isnull", True)),
                name="escalation_open_queue_idx",
            ),
        ),
        migrations.AlterModelOptions(
            name="escalation",
            options={
                "ordering": ["-opened_on", "part", "level"],
                "verbose_name": "escalation",
                "verbose_name_plural": "escalations",
            },
        ),
        migrations.RenameField("outboxmessage", "assignment", "part"),
        migrations.RenameField("notification", "assignment", "part"),
        # The foreign keys point at directives.Part (no change in the database).
        migrations.AlterField(
            model_name="escalation",
            name="part",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="escalations",
                to="directives.part",
                verbose_name="lead agency's part",
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="part",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directives.part",
                verbose_name="lead agency's part",
            ),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="part",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="directives.part",
                verbose_name="lead agency's part",
            ),
        ),
    ]
