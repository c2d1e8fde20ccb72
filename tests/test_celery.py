"""A real Celery worker takes tasks from the configured broker (filesystem queue, or Redis in CI)."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from tasktracker.celery import app


@app.task(name="tests.write_marker")
def write_marker(path, text):
    with open(path, "w", encoding="utf-8") as marker:
        marker.write(text)


@pytest.mark.celery_worker
@pytest.mark.timeout(60)
def test_a_queued_task_runs_on_a_real_worker(tmp_path):
    marker = tmp_path / "marker.txt"
    token = uuid.uuid4().hex
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        write_marker.delay(str(marker), token)
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert marker.read_text(encoding="utf-8") == token


def test_celery_is_configured_for_safe_redelivery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.timezone == "Asia/Ho_Chi_Minh"
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
    assert app.conf.task_time_limit
