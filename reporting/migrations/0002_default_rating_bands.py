from django.db import migrations

# Đắk Nông's Decision 1748/QĐ-UBND: from 90 % excellent, from 75 good, from 50 completed, under 50 not.
DEFAULT_BANDS = [
    ("Hoàn thành xuất sắc", 90),
    ("Hoàn thành tốt", 75),
    ("Hoàn thành", 50),
    ("Không hoàn thành", 0),
]


def add_default_bands(apps, schema_editor):
    RatingBand = apps.get_model("reporting", "RatingBand")
    for label, minimum_share in DEFAULT_BANDS:
        RatingBand.objects.get_or_create(minimum_share=minimum_share, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_rating_bands")]

    operations = [migrations.RunPython(add_default_bands, migrations.RunPython.noop)]
