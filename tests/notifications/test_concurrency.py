"""Two processes run the same sweep at the same moment against one database: each notification is written
once and sent once. On SQLite the processes share a database file of this test's own; on PostgreSQL they
use the test database itself (a transactional test, so they see what it holds)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(settings.BASE_DIR)
# Tasks of the demo agency due around the sweep day: reminders for some, escalations for the others.
EXTRA_TASKS = """
from datetime import date, timedelta
from agencies.models import Agency
from accounts.models import User
from directives.models import Part, Directive, Notice
agency = Agency.objects.get(name="Ban Quản lý các khu công nghiệp tỉnh")
notice = Notice.objects.create(title="Thông báo thử tải", number="99/TB-UBND")
for n in range(40):
    task = Directive.objects.create(
        notice=notice, number=f"T{n}", position=n, title=f"Nhiệm vụ {n}", text="Nội dung",
        deadline=date(2024, 4, 1) + timedelta(days=n),
    )
    Part.objects.create(directive=task, agency=agency)
"""
COUNT_ROWS = """
import json
from notifications.models import Escalation, Notification, OutboxMessage
rows = OutboxMessage.objects.all()
print(json.dumps({
    "outbox": rows.count(),
    "keys": len(set(rows.values_list("kind", "subject", "period", "step", "recipient_email"))),
    "sent": rows.filter(status="sent").count(),
    "in_app": Notification.objects.count(),
    "escalations": Escalation.objects.count(),
    "escalation_keys": len(set(Escalation.objects.values_list("part", "level"))),
}))
"""


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
        **kwargs,
    )


@pytest.fixture
def shared_database(request, tmp_path):
    """The environment for other processes to reach a database holding the demo data."""
    database = settings.DATABASES["default"]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tasktracker.settings.test"}
    if database["ENGINE"] == "django.db.backends.sqlite3":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        manage(env, "migrate", "--noinput", "-v", "0")
    else:
        request.getfixturevalue("transactional_db")
        user = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
        env["DATABASE_URL"] = (
            f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
        )
    manage(env, "seed_demo")
    manage(env, "shell", "-v", "0", "-c", EXTRA_TASKS)
    return env


@pytest.mark.timeout(240)  # Five processes, each bounded at 180 s: a hang fails here rather than later.
def test_two_concurrent_sweeps_write_and_send_each_notification_once(shared_database):
    command = [sys.executable, "manage.py", "notify", "--as-of", "2024-04-16"]
    runs = [
        subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=shared_database,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=180) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outputs]

    counts = json.loads(manage(shared_database, "shell", "-v", "0", "-c", COUNT_ROWS).stdout)
    assert counts["outbox"] == counts["keys"] > 20
    assert counts["escalations"] == counts["escalation_keys"] > 5
    assert counts["sent"] == counts["outbox"]

    def reported(prefix):
        return sum(
            int(line.split()[1])
            for out, _err in outputs
            for line in out.splitlines()
            if line.startswith(prefix)
        )

    # Together the two runs wrote and sent every notification, and none twice (every demo user has an
    # address, so each notification the runs report is one email).
    assert reported("Wrote") == counts["outbox"]
    assert reported("Sent") == counts["outbox"]

    again = json.loads(manage(shared_database, "notify", "--as-of", "2024-04-16", "--format", "json").stdout)
    assert again["notifications"] == []
