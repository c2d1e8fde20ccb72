"""Each rendered email is stored once and shared by its recipients' outbox rows; the text of the rows written
before moves into contents of their own."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def move_text_into_contents(apps, schema_editor):
    """Each row's text becomes a content of the same id: two statements, however many rows there are."""
    EmailContent = apps.get_model("notifications", "EmailContent")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO notifications_emailcontent (id, email_subject, body_text, body_html, created_at) "
            "SELECT id, email_subject, body_text, body_html, created_at FROM notifications_outboxmessage"
        )
        cursor.execute("UPDATE notifications_outboxmessage SET content_id = id")
        for statement in connection.ops.sequence_reset_sql(no_style(), [EmailContent]):
            cursor.execute(statement)


def move_text_back(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_outboxmessage SET "
            "email_subject = (SELECT email_subject FROM notifications_emailcontent WHERE id = content_id), "
            "body_text = (SELECT body_text FROM notifications_emailcontent WHERE id = content_id), "
            "body_html = (SELECT body_html FROM notifications_emailcontent WHERE id = content_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_beat_schedule_and_policy"),
    ]

    operations = [
        migrations.CreateModel(
            name="EmailContent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email_subject", models.CharField(max_length=255, verbose_name="subject line")),
                ("body_text", models.TextField(verbose_name="text")),
                ("body_html", models.TextField(blank=True, verbose_name="HTML")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written at")),
            ],
            options={
                "verbose_name": "email content",
                "verbose_name_plural": "email contents",
            },
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="content",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="messages",
                to="notifications.emailcontent",
                verbose_name="content",
            ),
        ),
        migrations.RunPython(move_text_into_contents, move_text_back),
    ]
