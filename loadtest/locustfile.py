"""The load test's mix of people (`make loadtest`; docs/performance.md): office staff, agency heads, a leader
and an API client, each signed in through the real login form, as the office works on a weekday.

Usernames come from the JSON file named by LOADTEST_PEOPLE (written by scripts/loadtest.sh from a
`generate_load` database); every generated user's password is `taithu12345`. A sign-in that fails stops
that simulated person at once: django-axes locks the address out after a few wrong passwords, which would
fail every other person too. Only this machine is ever the target.
"""

import itertools
import json
import os
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task
from locust.exception import StopUser

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "taithu12345")
with open(os.environ.get("LOADTEST_PEOPLE", "var/loadtest/people.json"), encoding="utf-8") as people_file:
    PEOPLE = json.load(people_file)
# Each role's usernames, handed out in turn so concurrent people of a role are different users.
NEXT = {role: itertools.cycle(names) for role, names in PEOPLE.items()}
TASK_LINK = re.compile(r'href="/directives/(\d+)/"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["giải phóng mặt bằng", "quy hoạch", "đầu tư", "chuyển đổi số"]
FILTERS = ["timeliness=overdue", "timeliness=in_progress_on_time", "status=in_progress", ""]


@events.test_start.add_listener
def only_this_machine(environment, **_kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"The load test runs only against this machine (127.0.0.1), not {host!r}.")


class SignedIn(HttpUser):
    """Someone who signs in through the login form, then works through their pages."""

    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self):
        self.username = next(NEXT[self.role])
        self.task_ids: list[str] = []
        page = self.client.get("/login/", name="/login/")
        token = CSRF_FIELD.search(page.text)
        if not token:
            raise StopUser()
        with self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{self.username} could not sign in ({response.status_code})")
                raise StopUser()

    def remember_tasks(self, response) -> None:
        found = TASK_LINK.findall(response.text)
        if found:
            self.task_ids = found[:25]

    def open_a_task(self):
        if self.task_ids:
            task_id = self.task_ids[hash((self.username, len(self.task_ids))) % len(self.task_ids)]
            self.client.get(f"/directives/{task_id}/", name="/directives/[id]/")


class OfficeStaff(SignedIn):
    role = "office_staff"
    weight = 3

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(4)
    def search_the_list(self):
        search, only = SEARCHES[len(self.task_ids) % 4], FILTERS[id(self) % 4]
        response = self.client.get(f"/directives/?q={search}&{only}", name="/directives/?q&filter")
        self.remember_tasks(response)

    @task(3)
    def task_page(self):
        self.open_a_task()

    @task(1)
    def notices(self):
        self.client.get("/notices/", name="/notices/")


class AgencyHead(SignedIn):
    role = "agency_head"
    weight = 6

    @task(3)
    def my_tasks(self):
        self.remember_tasks(self.client.get("/my-tasks/", name="/my-tasks/"))

    @task(2)
    def task_page(self):
        self.open_a_task()


class Leader(SignedIn):
    role = "leader"
    weight = 1

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(1)
    def overdue(self):
        self.remember_tasks(self.client.get("/directives/?timeliness=overdue", name="/directives/?filter"))

    @task(1)
    def task_page(self):
        self.open_a_task()


class ApiClient(SignedIn):
    """An integration reading the API with the session of its account (signed in like everyone else)."""

    role = "office_staff"
    weight = 1
    wait_time = between(0.5, 1.5)

    @task(3)
    def task_list(self):
        self.client.get("/api/v1/parts/", name="/api/v1/parts/")

    @task(1)
    def overdue_tasks(self):
        self.client.get("/api/v1/parts/?timeliness=overdue", name="/api/v1/parts/?filter")

    @task(1)
    def dashboard(self):
        self.client.get("/api/v1/dashboard/", name="/api/v1/dashboard/")
