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


def test_the_sweep_the_sender_and_document_reading_each_have_a_queue():
    def queue_of(task_name):
        return app.amqp.router.route({}, task_name)["queue"].name

    assert queue_of("notifications.sweep") == "sweep"
    assert queue_of("notifications.weekly_digest") == "sweep"
    assert queue_of("notifications.send_outbox") == "send"
    assert queue_of("directives.read_document") == "reading"
    assert queue_of("tests.write_marker") == "celery"
    # The configured queues (a test that queued on a queue of its own adds it to the app's live list).
    assert {queue.name for queue in app.conf.task_queues} == {"celery", "sweep", "send", "reading"}


def run_on_worker(tmp_path, queue, **worker_options):
    marker = tmp_path / f"{queue}.txt"
    token = uuid.uuid4().hex
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, **worker_options):
        write_marker.apply_async((str(marker), token), queue=queue)
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    return marker.exists() and marker.read_text(encoding="utf-8") == token


def test_a_worker_started_without_queues_consumes_every_queue(tmp_path):
    """`make run` (scripts/run_dev.py) starts one worker without `-Q`: it does all the kinds of work."""
    assert all(run_on_worker(tmp_path, queue) for queue in ("sweep", "send", "reading"))


def test_a_worker_given_one_queue_takes_its_work(tmp_path):
    """docker-compose.yml's workers each consume their own queue (`-Q reading`)."""
    assert run_on_worker(tmp_path, "reading", queues=["reading"])
