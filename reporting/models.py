from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingBandQuerySet(models.QuerySet):
    def band_for(self, share_on_time: float | None, bands=None) -> "RatingBand | None":
        """The band a share of tasks completed on time (0 to 100) falls in; None when nothing was due."""
        if share_on_time is None:
            return None
        for band in bands if bands is not None else self.order_by("-minimum_share"):
            if share_on_time >= band.minimum_share:
                return band
        return None


class RatingBand(models.Model):
    """A rating the office gives an agency by its share of tasks completed on time (from 90 %: excellent)."""

    label = models.CharField(_("rating"), max_length=80)
    minimum_share = models.PositiveSmallIntegerField(
        _("lowest share on time (per cent)"),
        unique=True,
        validators=[MaxValueValidator(100)],
        help_text=_("The band holds every share from this percentage up to the next band's."),
    )

    objects = RatingBandQuerySet.as_manager()

    class Meta:
        ordering = ["-minimum_share"]
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_share__lte=100), name="rating_band_share_at_most_100"
            )
        ]

    def __str__(self):
        return f"{self.label} (≥ {self.minimum_share} %)"
