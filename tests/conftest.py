import json

import pytest

from accounts.models import Role
from accounts.roles import ensure_standard_roles
from agencies.services import load_registry
from directives.management.commands.seed_demo import REGISTRY_FILE
from tests.factories import AgencyFactory, UserFactory


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
