"""Run the web server, a Celery worker and Celery beat together; Ctrl-C stops all three."""

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
    "worker": [*CELERY, "worker", "--loglevel", "INFO", "--concurrency", "2"],
    # One beat process only: two would queue every scheduled job twice.
    "beat": [*CELERY, "beat", "--loglevel", "INFO"],
}


def main() -> int:
    # Celery's own default is the production settings: a laptop says it is one.
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE") or LOCAL}
    children = {name: subprocess.Popen(command, env=environment) for name, command in PROCESSES.items()}
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
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} stopped (exit code {child.returncode}); stopping the others.", flush=True)
                exit_code, stopping = child.returncode or 1, True
                break
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
