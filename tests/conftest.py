import pytest

from accounts.models import Role
from tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def roles(db):
    """The standard roles, as the data migration creates them."""
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
