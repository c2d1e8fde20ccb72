from django.db import migrations

from accounts.roles import ensure_standard_roles


def create_roles(apps, schema_editor):
    ensure_standard_roles(apps.get_model("accounts", "Role"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
