# The agency's parts index carries the notice's date too, so the dashboard counts an agency's parts by period
# and over time from the index alone, without joining each part to its task and notice (docs/performance.md,
# "Issue 19, a fifth pass"). Built before the old one is dropped, so the agency's parts are never without an
# index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("directives", "0020_part_notice_date"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                fields=["agency", "status"],
                include=(
                    "effective_deadline",
                    "completed_on",
                    "notice_date",
                    "directive",
                    "created_at",
                    "id",
                ),
                name="part_agency_figures_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="part",
            name="part_agency_counts_idx",
        ),
    ]
