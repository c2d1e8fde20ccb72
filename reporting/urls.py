from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
    path("calendar/", views.workday_calendar, name="workday_calendar_now"),
    path("calendar/<int:year>/", views.workday_calendar, name="workday_calendar"),
    path("reports/agencies/", views.agency_report_page, name="agency_report"),
    path("reports/agencies/export.xlsx", views.agency_report_export, name="agency_report_export"),
]
