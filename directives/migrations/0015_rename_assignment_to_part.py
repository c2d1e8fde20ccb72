"""One name for one thing (issue #16): the model `Assignment` is `Part`, and the foreign keys to it are `part`.

The rows stay where they are: the table, the columns, the indexes and the constraints are renamed in place
(on PostgreSQL every step is a rename; SQLite rebuilds the tables it must). The content type follows the
model (django.contrib.contenttypes renames it), and the permissions' codenames follow here, so a group or a
person granted `directives.change_assignment` holds `directives.change_part`.
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's default permissions, renamed with the model.
ACTIONS = ("add", "change", "delete", "view")


class RenameConstraint(migrations.operations.base.Operation):
    """Rename a model's constraint, keeping its definition (Django has RenameIndex, not this).

    PostgreSQL renames it in place (no rebuild, no new validation); other databases drop and add it."""

    reversible = True
    category = migrations.operations.base.OperationCategory.ALTERATION

    def __init__(self, model_name, old_name, new_name):
        self.model_name, self.old_name, self.new_name = model_name, old_name, new_name

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "old_name": self.old_name, "new_name": self.new_name}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        self._rename_in_state(app_label, state, self.old_name, self.new_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._rename_in_database(app_label, schema_editor, from_state, to_state, self.old_name, self.new_name)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._rename_in_database(app_label, schema_editor, from_state, to_state, self.new_name, self.old_name)

    def _rename_in_state(self, app_label, state, old_name, new_name):
        model_state = state.models[app_label, self.model_name.lower()]
        constraint = model_state.get_constraint_by_name(old_name).clone()
        constraint.name = new_name
        state.remove_constraint(app_label, self.model_name.lower(), old_name)
        state.add_constraint(app_label, self.model_name.lower(), constraint)

    def _rename_in_database(self, app_label, schema_editor, from_state, to_state, old_name, new_name):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            quote = schema_editor.quote_name
            schema_editor.execute(
                f"ALTER TABLE {quote(model._meta.db_table)} "
                f"RENAME CONSTRAINT {quote(old_name)} TO {quote(new_name)}"
            )
            return
        old = from_state.models[app_label, self.model_name.lower()].get_constraint_by_name(old_name)
        new = to_state.models[app_label, self.model_name.lower()].get_constraint_by_name(new_name)
        schema_editor.remove_constraint(model, old)
        schema_editor.add_constraint(model, new)

    def describe(self):
        return f"Rename constraint {self.old_name} on {self.model_name} to {self.new_name}"

    @property
    def migration_name_fragment(self):
        return f"rename_{self.old_name.lower()}_{self.new_name.lower()}"


def rename_permissions(old_model, new_model):
    """The permissions' codenames and names follow the model; a group or person keeps what it was granted."""

    def rename(apps, schema_editor):
        permission_model = apps.get_model("auth", "Permission")
        permissions = permission_model.objects.using(schema_editor.connection.alias).filter(
            content_type__app_label="directives"
        )
        for action in ACTIONS:
            old = permissions.filter(codename=f"{action}_{old_model}").first()
            if old is None:
                continue  # a new database: the permissions are created after the migrations, named anew
            new = permissions.filter(codename=f"{action}_{new_model}").first()
            if new is not None:
                # Both exist (created by a run of the new code before this migration): keep the new one,
                # granted to everyone who held the old one.
                for group in old.group_set.all():
                    group.permissions.add(new)
                for user in old.user_set.all():
                    user.user_permissions.add(new)
                old.delete()
                continue
            old.codename = f"{action}_{new_model}"
            old.name = f"Can {action} lead agency's part"
            old.save(update_fields=["codename", "name"])

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directives", "0014_extension_requests"),
        # After every migration that still names directives.Assignment (notifications' foreign keys), or
        # those would find no such model; notifications' own rename (0008) follows this one.
        ("notifications", "0007_extension_request_kinds"),
    ]

    operations = [
        migrations.RenameModel("Assignment", "Part"),
        # The reverse accessors follow: agency.parts, directive.parts (no change in the database).
        migrations.AlterField(
            model_name="part",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="parts",
                to="agencies.agency",
                verbose_name="lead agency",
            ),
        ),
        migrations.AlterField(
            model_name="part",
            name="directive",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="parts",
                to="directives.directive",
                verbose_name="task",
            ),
        ),
        migrations.RenameIndex(
            "part", new_name="part_agency_status_idx", old_name="assignment_agency_status_idx"
        ),
        migrations.RenameIndex(
            "part", new_name="part_open_by_task_idx", old_name="assignment_open_by_task_idx"
        ),
        migrations.RenameIndex("part", new_name="part_urgency_idx", old_name="assignment_urgency_idx"),
        RenameConstraint("part", "assignment_agency_unique_in_directive", "part_agency_unique_in_directive"),
        RenameConstraint("part", "assignment_completed_on_iff_done", "part_completed_on_iff_done"),
        # The partial unique constraint names the field: taken off while the column is renamed.
        migrations.RemoveConstraint("extensionrequest", "extension_request_one_pending_per_part"),
        migrations.RenameField("extensionrequest", "assignment", "part"),
        migrations.AddConstraint(
            "extensionrequest",
            models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("part",),
                name="extension_request_one_pending_per_part",
            ),
        ),
        migrations.RenameField("progressupdate", "assignment", "part"),
        migrations.AlterModelOptions(
            name="progressupdate",
            options={
                "ordering": ["part", "created_at", "id"],
                "verbose_name": "progress update",
                "verbose_name_plural": "progress updates",
            },
        ),
        migrations.RunPython(
            rename_permissions("assignment", "part"),
            rename_permissions("part", "assignment"),
            elidable=False,
        ),
    ]
