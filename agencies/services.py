"""Changes to the agency registry itself; what moves with an agency's tasks is `directives.reorganisation`."""

from django.db import transaction

from agencies.models import Agency


def load_registry(rows: list[dict]) -> tuple[int, int]:
    """Create or update agencies from registry rows (name, short_name, kind, aliases, email, parent).

    Agencies are matched by name, so loading the same registry twice changes nothing; a parent must
    come before its children. Returns how many were created and updated.
    """
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            parent = Agency.objects.get(name=row["parent"]) if row.get("parent") else None
            fields = {
                "short_name": row.get("short_name", ""),
                "kind": row.get("kind", "other"),
                "aliases": "\n".join(row.get("aliases", [])),
                "email": row.get("email", ""),
                "parent": parent,
            }
            agency, was_created = Agency.objects.get_or_create(name=row["name"], defaults=fields)
            if was_created:
                created += 1
                continue
            changed = {key: value for key, value in fields.items() if getattr(agency, key) != value}
            if changed:
                for key, value in changed.items():
                    setattr(agency, key, value)
                agency.full_clean()
                agency.save()
                updated += 1
    return created, updated
