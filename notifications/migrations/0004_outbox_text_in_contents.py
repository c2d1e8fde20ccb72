"""The outbox rows' own copies of the text go (their contents hold it, see 0003); in-app notifications are
unique in the outbox's order, so that the sweep can ask which of them exist by what they are about.

Apart from 0003: PostgreSQL does not alter a table in the transaction that just updated its rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_email_content"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Defaults for the way back only: the columns come back on rows that exist, then 0003 fills them.
        migrations.AlterField(
            model_name="outboxmessage",
            name="email_subject",
            field=models.CharField(default="", max_length=255, verbose_name="subject line"),
        ),
        migrations.AlterField(
            model_name="outboxmessage",
            name="body_text",
            field=models.TextField(default="", verbose_name="text"),
        ),
        migrations.RemoveField(model_name="outboxmessage", name="body_html"),
        migrations.RemoveField(model_name="outboxmessage", name="body_text"),
        migrations.RemoveField(model_name="outboxmessage", name="email_subject"),
        migrations.AlterField(
            model_name="outboxmessage",
            name="content",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="messages",
                to="notifications.emailcontent",
                verbose_name="content",
            ),
        ),
        migrations.RemoveConstraint(model_name="notification", name="notification_once"),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("kind", "subject", "period", "step", "recipient"), name="notification_once"
            ),
        ),
    ]
