"""The fault suite's stack: a real Redis (CELERY_BROKER_URL, or a private redis-server to kill and start
again), real Celery workers and beats in their own processes, PostgreSQL shared with them, and an SMTP
sink that counts what it accepted per Message-ID and refuses, greylists or stalls on demand.

Without Redis or PostgreSQL configured the suite is skipped with a loud reason on a laptop, and FAILS in
CI (CI=true): CI must never pass without having run it.
"""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str):
    """Fail in CI, skip loudly elsewhere."""
    message = f"FAULT SUITE NOT RUN: {reason}"
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout:g} s waiting for {what}")


@pytest.fixture
def redis_url():
    """The Redis the suite queues through: CELERY_BROKER_URL (db 0 in CI, another on a laptop)."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        unavailable("set CELERY_BROKER_URL=redis://127.0.0.1:6379/<db> (and DATABASE_URL to PostgreSQL)")
    return url


@pytest.fixture
def database_url(transactional_db):
    """The test database, for the worker processes: PostgreSQL (an in-memory SQLite is not shared)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        unavailable("the workers share the test database: set DATABASE_URL=postgres://…")
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


class PrivateRedis:
    """A redis-server of the test's own (no persistence), to stop and start again on the same port."""

    def __init__(self, folder: Path, db: str):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/{db}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "redis-server to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def freeze(self):
        """Stop the process (SIGSTOP): it keeps its connections and answers nothing, as when cut off."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(redis_url, tmp_path):
    if shutil.which("redis-server") is None:
        unavailable("the broker-restart test needs the redis-server program")
    db = urlsplit(redis_url).path.strip("/") or "0"
    redis = PrivateRedis(tmp_path, db)
    redis.start()
    yield redis
    redis.stop()


class Sink:
    """An SMTP server that counts accepted messages per Message-ID; it can refuse addresses for good
    (`refuse`), greylist them for a number of attempts (`greylist`) or take `delay` seconds per message."""

    def __init__(self):
        self.received = Counter()
        self.refuse: dict[str, str] = {}
        self.greylist = Counter()
        self.greylisted = 0
        self.delay = 0.0
        self.port = free_port()
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        if self.greylist[address] > 0:
            self.greylist[address] -= 1
            self.greylisted += 1
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received[message_from_bytes(envelope.content)["Message-ID"]] += 1
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def total(self) -> int:
        return sum(self.received.values())


@pytest.fixture
def sink(settings):
    sink = Sink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 10
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


class Processes:
    """Celery workers and beats in processes of their own, on the test's own queue; their logs in files."""

    def __init__(self, folder: Path, database_url: str, broker_url: str, smtp_port: int):
        self.folder = folder
        self.queue = f"faults-{uuid.uuid4().hex[:12]}"
        self.environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_PORT": str(smtp_port),
            "FAULTS_QUEUE": self.queue,
            "PYTHONPATH": str(ROOT),
        }
        self.started: list[tuple[subprocess.Popen, Path]] = []

    def start(self, kind: str, *arguments: str, lean: bool = True, **environment) -> subprocess.Popen:
        """Start a worker or a beat; a `lean` worker leaves out mingle and gossip (the defaults of
        `make run` and compose keep them)."""
        log = self.folder / f"{kind}-{len(self.started)}.log"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasktracker",
            kind,
            "--loglevel",
            "INFO",
            *arguments,
        ]
        if kind == "worker":
            command += ["-Q", self.queue, "-n", f"{self.queue}-{len(self.started)}@%h"]
            command += ["--without-mingle", "--without-gossip"] if lean else []
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.environment, **environment},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append((process, log))
        if kind == "worker":
            wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, 60, "the worker")
            assert process.poll() is None, log.read_text()[-3000:]
        return process

    def log_of(self, process) -> str:
        return next(log for each, log in self.started if each is process).read_text()

    def stop_all(self):
        for process, _log in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _log in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for _process, log in self.started)


@pytest.fixture
def processes(request, tmp_path, database_url, redis_url, sink):
    started = Processes(tmp_path, database_url, redis_url, sink.port)
    yield started
    started.stop_all()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(started.logs())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
