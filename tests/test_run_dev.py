"""`make run`'s runner: a child that dies is started again after a growing back-off, with a line saying
so, and the others keep running."""

import importlib.util
import sys
from pathlib import Path

RUN_DEV = Path(__file__).resolve().parent.parent / "scripts" / "run_dev.py"


def load_run_dev():
    spec = importlib.util.spec_from_file_location("run_dev", RUN_DEV)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_dead_child_is_started_again_with_a_growing_backoff(capsys):
    run_dev = load_run_dev()
    child = run_dev.Child("worker", [sys.executable, "-c", "import sys; sys.exit(3)"])
    child.process.wait(timeout=20)
    first_pid, now = child.process.pid, child.started + 0.1

    child.watch(now)
    assert "worker stopped (exit code 3); starting it again in 1 s." in capsys.readouterr().out
    child.watch(now + 0.5)
    assert child.process.pid == first_pid  # still waiting out its back-off
    child.watch(now + 1.1)
    assert child.process.pid != first_pid and "Starting worker again." in capsys.readouterr().out

    child.process.wait(timeout=20)
    child.watch(child.started + 0.1)
    assert "starting it again in 2 s." in capsys.readouterr().out  # it died at once again: doubled

    child.watch(child.started + 3)
    child.process.wait(timeout=20)
    child.watch(child.started + run_dev.HEALTHY_AFTER + 1)  # it had run a minute: healthy, back to 1 s
    assert "starting it again in 1 s." in capsys.readouterr().out
