"""The daily clean-up of readings never confirmed, in django-celery-beat's schedule (editable in the admin).
An entry an administrator already made for the task is left as it is."""

from django.db import migrations

TIME_ZONE = "Asia/Ho_Chi_Minh"
TASK = "directives.delete_stale_readings"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="40", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIME_ZONE
    )
    PeriodicTask.objects.create(
        name="Xóa bản quét không được xác nhận (directives.delete_stale_readings)",
        task=TASK,
        description="Daily at 03:40 (Asia/Ho_Chi_Minh): deletes the OCR readings of uploaded scans from which "
        "no notice was saved within DOCUMENT_READING_RETENTION_DAYS, with their text and file.",
        enabled=True,
        crontab=crontab,
    )
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0016_document_reading_confirmed_at"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
