# The agency's parts index carries what the dashboard counts, so one agency's figures are counted from the
# index alone (docs/performance.md, "The dashboard after a change, per agency"). Built before the old one
# is dropped, so the agency's parts are never without an index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("directives", "0017_stale_readings_schedule"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="part",
            index=models.Index(
                fields=["agency", "status"],
                include=("effective_deadline", "completed_on", "directive", "created_at", "id"),
                name="part_agency_counts_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="part",
            name="part_agency_status_idx",
        ),
    ]
