from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("calendar/", views.workday_calendar, name="workday_calendar_now"),
    path("calendar/<int:year>/", views.workday_calendar, name="workday_calendar"),
]
