from django.db import models


class AgencyQuerySet(models.QuerySet):
    def active(self):
        """Agencies that still exist (not merged or abolished)."""
        return self.filter(is_active=True)
