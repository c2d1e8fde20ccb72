# Each part keeps a copy of its notice's date (docs/performance.md, "Issue 19, a fifth pass"), filled in one
# statement. The index that carries it comes in the next migration, built once this one has committed, so it
# holds none of the row versions the fill leaves behind.

from django.db import migrations, models

FILL_ON_POSTGRESQL = """
UPDATE directives_part AS part
SET notice_date = COALESCE(notice.issued_on, notice.meeting_on)
FROM directives_directive AS task JOIN directives_notice AS notice ON notice.id = task.notice_id
WHERE task.id = part.directive_id AND COALESCE(notice.issued_on, notice.meeting_on) IS NOT NULL
"""
FILL_ELSEWHERE = """
UPDATE directives_part SET notice_date = (
    SELECT COALESCE(notice.issued_on, notice.meeting_on)
    FROM directives_directive AS task JOIN directives_notice AS notice ON notice.id = task.notice_id
    WHERE task.id = directives_part.directive_id
)
"""


def fill_notice_dates(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute(FILL_ON_POSTGRESQL if postgresql else FILL_ELSEWHERE)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("directives", "0019_notice_newest_first_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="part",
            name="notice_date",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="notice date"),
        ),
        migrations.RunPython(fill_notice_dates, migrations.RunPython.noop, elidable=True),
    ]
