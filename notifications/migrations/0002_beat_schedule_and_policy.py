"""The periodic jobs in django-celery-beat's schedule (the office can see and change them in the admin),
and the notification policy with its defaults. Existing entries are left as an administrator set them."""

from django.db import migrations

TIME_ZONE = "Asia/Ho_Chi_Minh"
SCHEDULE = [
    {
        "name": "Nhắc hạn và cảnh báo quá hạn (notifications.sweep)",
        "task": "notifications.sweep",
        "description": "Every 15 minutes: writes the reminders and escalations due today to the outbox.",
        "interval": (15, "minutes"),
    },
    {
        "name": "Gửi thư trong hộp thư đi (notifications.send_outbox)",
        "task": "notifications.send_outbox",
        "description": "Every minute: sends the outbox's due emails, retrying failures with backoff.",
        "interval": (1, "minutes"),
    },
    {
        "name": "Bản tin tuần (notifications.weekly_digest)",
        "task": "notifications.weekly_digest",
        "description": "Mondays at 07:30 (Asia/Ho_Chi_Minh): each agency's and the province's weekly digest.",
        "crontab": {
            "minute": "30",
            "hour": "7",
            "day_of_week": "1",
            "day_of_month": "*",
            "month_of_year": "*",
        },
    },
]


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for entry in SCHEDULE:
        if PeriodicTask.objects.filter(task=entry["task"]).exists():
            continue
        schedule = {}
        if "interval" in entry:
            every, period = entry["interval"]
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        else:
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(
                **entry["crontab"], timezone=TIME_ZONE
            )
        PeriodicTask.objects.create(
            name=entry["name"], task=entry["task"], description=entry["description"], enabled=True, **schedule
        )
    # Tell a running beat that the schedule changed (what PeriodicTasks.changed() does).
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[entry["task"] for entry in SCHEDULE]).delete()


def create_policy(apps, schema_editor):
    NotificationPolicy = apps.get_model("notifications", "NotificationPolicy")
    NotificationPolicy.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_schedule, remove_schedule),
        migrations.RunPython(create_policy, migrations.RunPython.noop),
    ]
