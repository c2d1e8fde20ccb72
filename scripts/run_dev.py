"""Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.

A child that dies is started again after a back-off (1 s, doubling up to a minute; back to 1 s once it
has run for a minute), with a line saying so: a worker that lost Redis comes back without stopping the
web server and beat.
"""

import os
import signal
import subprocess
import sys
import time

PYTHON = sys.executable
LOCAL = "tasktracker.settings.local"
CELERY = [PYTHON, "-m", "celery", "-A", "tasktracker"]
HOST_PORT = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
PROCESSES = {
    "web": [PYTHON, "manage.py", "runserver", HOST_PORT, "--noreload"],
    # Without `-Q`: one worker consumes every queue (sweep, send, reading and the default one), where
    # docker-compose.yml runs a worker per queue.
    "worker": [*CELERY, "worker", "--loglevel", "INFO", "--concurrency", "2"],
    # One beat process only: two would queue every scheduled job twice.
    "beat": [*CELERY, "beat", "--loglevel", "INFO"],
}


FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
# A child that ran this long before dying is taken to have been healthy: its back-off starts again.
HEALTHY_AFTER = 60.0


class Child:
    """One of the processes, restarted with a growing back-off each time it dies."""

    def __init__(self, name: str, command: list[str]):
        self.name, self.command = name, command
        self.backoff = FIRST_BACKOFF
        self.restart_at: float | None = None
        self.start()

    def start(self) -> None:
        # Celery's own default is the production settings: a laptop says it is one.
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE") or LOCAL,
        }
        self.process = subprocess.Popen(self.command, env=environment)
        self.started = time.monotonic()
        self.restart_at = None

    def watch(self, now: float) -> None:
        """Notice a death and schedule the restart; restart when its back-off has passed."""
        if self.restart_at is None and self.process.poll() is not None:
            if now - self.started >= HEALTHY_AFTER:
                self.backoff = FIRST_BACKOFF
            print(
                f"{self.name} stopped (exit code {self.process.returncode}); "
                f"starting it again in {self.backoff:g} s.",
                flush=True,
            )
            self.restart_at = now + self.backoff
            self.backoff = min(self.backoff * 2, MAX_BACKOFF)
        elif self.restart_at is not None and now >= self.restart_at:
            print(f"Starting {self.name} again.", flush=True)
            self.start()


def main() -> int:
    children = [Child(name, command) for name, command in PROCESSES.items()]
    print(
        f"\nThe app runs at http://{HOST_PORT}/  (admin: http://{HOST_PORT}/admin/)\n"
        "Demo logins (password demo12345): admin, vanphong (office staff), lanhdao (leader),\n"
        "bqlkcn (agency head), bqlkcn.cv (agency staff), sotaichinh (agency head).\n"
        "Emails are written to var/emails/. Press Ctrl-C to stop web, worker and beat.\n",
        flush=True,
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        for child in children:
            child.watch(time.monotonic())
        time.sleep(0.5)
    processes = [child.process for child in children]
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
