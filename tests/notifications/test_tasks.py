"""The periodic jobs: thin, safe to run twice, in the beat's schedule in the database."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django_celery_beat.models import PeriodicTask

from notifications import tasks
from notifications.exceptions import MailServerUnavailable
from notifications.models import NotificationPolicy, OutboxMessage

pytestmark = pytest.mark.django_db


def test_the_jobs_are_declared_for_safe_redelivery():
    for job in (tasks.sweep, tasks.send_outbox, tasks.weekly_digest):
        assert job.acks_late is True
        assert job.time_limit and job.soft_time_limit < job.time_limit
    assert MailServerUnavailable in tasks.send_outbox.autoretry_for
    assert tasks.send_outbox.retry_backoff


def test_the_jobs_call_the_services(cast, make_part, policy):
    make_part(date(2024, 2, 20))
    assert tasks.sweep.run("2024-02-19") == 3
    assert tasks.sweep.run("2024-02-19") == 0  # a second delivery of the same job writes nothing
    assert tasks.send_outbox.run() == {"sent": 3, "retrying": 0, "failed": 0, "out_of_time": False}
    assert tasks.weekly_digest.run("2024-02-19") > 0
    assert OutboxMessage.objects.filter(kind="digest").exists()


def test_the_beat_schedule_is_in_the_database_for_the_admin():
    # Created by a data migration; run its function again, as a flushed test database lost it.
    migration = importlib.import_module("notifications.migrations.0002_beat_schedule_and_policy")
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)  # and again: nothing twice
    schedule = {entry.task: entry for entry in PeriodicTask.objects.filter(task__startswith="notifications.")}
    assert set(schedule) == {
        "notifications.sweep",
        "notifications.send_outbox",
        "notifications.weekly_digest",
    }
    assert (
        schedule["notifications.sweep"].interval.every,
        schedule["notifications.sweep"].interval.period,
    ) == (
        15,
        "minutes",
    )
    assert schedule["notifications.send_outbox"].interval.every == 1
    digest = schedule["notifications.weekly_digest"].crontab
    assert (digest.minute, digest.hour, digest.day_of_week) == ("30", "7", "1")
    assert str(digest.timezone) == "Asia/Ho_Chi_Minh"
    assert all(entry.enabled for entry in schedule.values())


def test_the_policy_is_one_row_with_the_issues_defaults():
    policy = NotificationPolicy.current()
    assert policy.offsets == [7, 3, 1, 0]
    assert policy.copy_supporting_agencies
    assert (policy.escalation_level_2_after, policy.escalation_level_3_after) == (5, 10)
    NotificationPolicy(reminder_offsets="3").save()  # saving another one rewrites the one row
    assert NotificationPolicy.objects.count() == 1
    assert NotificationPolicy.current().offsets == [3]
