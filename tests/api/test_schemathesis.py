"""schemathesis, run against a live server with a token, finds no server error and no schema violation."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import ApiToken, User

# Its own group (`make test-fast` leaves it out); a run that hangs fails within the timeout.
pytestmark = [pytest.mark.schemathesis, pytest.mark.timeout(300), pytest.mark.django_db(transaction=True)]
CONFIG = Path(__file__).resolve().parent / "schemathesis.toml"
# Every phase runs for each user, in two runs of similar length: its coverage phase (a thousand boundary and
# negative cases) takes about as long as the others together, and two processes under pytest-xdist take
# the four runs in parallel.
PHASES = ["examples,coverage", "fuzzing,stateful"]


@pytest.mark.parametrize("phases", PHASES)
@pytest.mark.parametrize("username", ["vanphong", "bqlkcn"])
def test_schemathesis_finds_nothing(live_server, roles, username, phases, tmp_path):
    call_command("seed_demo")
    token = ApiToken.objects.create(user=User.objects.get(username=username), name="schemathesis")[1]
    schemathesis = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    result = subprocess.run(
        [
            schemathesis,
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--phases",
            phases,
            "--url",
            live_server.url,
            "--checks",
            "all",
            "-H",
            f"Authorization: Token {token}",
            "--max-examples",
            "12",
            "--seed",
            "20261124",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=270,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
