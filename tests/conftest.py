import json
import os
import shutil
import socket

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from accounts.models import Role
from accounts.roles import ensure_standard_roles
from agencies.services import load_registry
from directives.management.commands.seed_demo import REGISTRY_FILE
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of the test's own, to kill or freeze; the test fails in CI without the program."""
    from tests.faults.conftest import PrivateRedis

    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it")
        pytest.skip("needs the redis-server program")
    server = PrivateRedis(tmp_path, "0")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def roles(db):
    """The standard roles, as the data migration creates them (a transactional test may have flushed them)."""
    ensure_standard_roles(Role)
    return {role.code: role for role in Role.objects.all()}


@pytest.fixture
def office(db):
    return AgencyFactory(name="Văn phòng UBND tỉnh", kind="office")


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Ban Quản lý các khu công nghiệp tỉnh", short_name="BQL KCN", kind="board")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Sở Tài chính")


@pytest.fixture
def office_staff(roles, office):
    return UserFactory(username="vanphong", agency=office, role=roles[Role.OFFICE_STAFF])


@pytest.fixture
def leader(roles, office):
    return UserFactory(username="lanhdao", agency=office, role=roles[Role.LEADER])


@pytest.fixture
def agency_head(roles, agency):
    return UserFactory(username="truongban", agency=agency, role=roles[Role.AGENCY_HEAD])


@pytest.fixture
def agency_staff(roles, agency):
    return UserFactory(username="chuyenvien", agency=agency, role=roles[Role.AGENCY_STAFF])


@pytest.fixture
def other_agency_head(roles, other_agency):
    return UserFactory(username="giamdoc", agency=other_agency, role=roles[Role.AGENCY_HEAD])


@pytest.fixture
def registry(db):
    """The demo province's agencies (Bắc Giang, 2024), as `seed_demo` loads them."""
    load_registry(json.loads(REGISTRY_FILE.read_text(encoding="utf-8")))


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the counts version starts again with each test's data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def calendar_of_an_empty_database():
    """No days off or make-up days are entered in a fresh database: until a test saves one (which makes
    the next call load them from its database), the current calendar is the package's."""
    from workdays import PACKAGE_CALENDAR, current

    current.keep(PACKAGE_CALENDAR, seconds=24 * 3600)
    yield
    current.forget()


@pytest.fixture(autouse=True)
def calendar_without_exceptions(calendar_of_an_empty_database):
    """Each test starts, and leaves, with the calendar of an empty database (see above)."""
    from workdays import PACKAGE_CALENDAR, current

    current.keep(PACKAGE_CALENDAR, seconds=24 * 3600)
    yield
    current.keep(PACKAGE_CALENDAR, seconds=24 * 3600)


def _is_transactional(item) -> bool:
    """Whether the test commits for real (and so empties the database after it), as pytest-django decides."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transaction = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return transaction or "live_server" in fixtures or "transactional_db" in fixtures


def pytest_collection_modifyitems(items):
    """The longest tests first among those that commit (pytest-django runs these after every test that rolls
    back, and so must we): under pytest-xdist, which keeps this order (`--no-loadscope-reorder`), the
    schemathesis runs and the browser tests start in both processes while the tests without a database fill in
    around them at the end."""
    slow = [
        item
        for item in items
        if item.get_closest_marker("schemathesis") or item.get_closest_marker("browser")
    ]
    if not slow:
        return
    chosen = set(map(id, slow))
    rest = [item for item in items if id(item) not in chosen]
    first = next((index for index, item in enumerate(rest) if _is_transactional(item)), len(rest))
    items[:] = [*rest[:first], *slow, *rest[first:]]


class PromptWSGIServer(ThreadedWSGIServer):
    """Django's live server with Nagle's algorithm off on each connection.

    The server writes a response's headers and body in separate small writes; with Nagle on, the second
    waits for the client's delayed acknowledgement, about 40 ms on Linux loopback, on every request.
    schemathesis sends a thousand requests per run: that wait was most of its time.
    """

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


@pytest.fixture(scope="session", autouse=True)
def prompt_live_server():
    """Every live server of the session (browser tests, schemathesis) answers without that wait."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", PromptWSGIServer)
        yield


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed: its on-commit callbacks (the versions raised) run."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run
