from django.contrib import admin

from reporting.models import RatingBand


@admin.register(RatingBand)
class RatingBandAdmin(admin.ModelAdmin):
    list_display = ["label", "minimum_share"]
