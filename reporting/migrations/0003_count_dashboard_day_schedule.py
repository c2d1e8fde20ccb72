"""Counting the day's dashboard figures just after midnight, in django-celery-beat's schedule (editable in the
admin). An entry an administrator already made for the task is left as it is."""

from django.db import migrations
from django.utils import timezone

TIME_ZONE = "Asia/Ho_Chi_Minh"
TASK = "reporting.count_dashboard_day"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="2", hour="0", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIME_ZONE
    )
    PeriodicTask.objects.create(
        name="Đếm trước số liệu bảng điều khiển trong ngày (reporting.count_dashboard_day)",
        task=TASK,
        description="Daily at 00:02 (Asia/Ho_Chi_Minh): counts the dashboard's figures for the new day into "
        "the shared cache, so the first person to open the dashboard does not wait for every agency to be "
        "counted.",
        enabled=True,
        crontab=crontab,
    )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_default_rating_bands"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
