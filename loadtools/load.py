"""Synthetic load: a province's years of notices, tasks, lead parts, history and escalations, in bulk.

`generate_load` writes realistic, reproducible data for measuring the app at scale (`manage.py
generate_load`, `manage.py benchmark`, docs/performance.md). The same plan (seed and as-of day included)
writes the same data, which `data_fingerprint` checks. Everything is relative to the as-of day (today by
default): notices spread over the years before it, deadlines after each notice, and what has been done
by then, so the timeliness categories come out in the proportions an office sees.

What is written, per task: its numbered item (under a heading for about a third of them), one lead
agency's part (2 to 4 for one task in ten), supporting agencies, the history of each part as the
services would have written it (a chain of status changes, completion reported then accepted, a
rejection now and then, extensions, monthly reports of recurring tasks), and the escalations the
reminder sweep would have opened up to the day before. Rows are written a chunk of notices at a time
(`bulk_create`, and `COPY` on PostgreSQL for the rows nothing refers back to), so memory stays flat
whatever the size.
"""

import hashlib
import itertools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.roles import ensure_standard_roles
from agencies.choices import AgencyKind
from agencies.models import Agency
from directives.choices import FINISHED_STATUSES, NoticeKind, TaskStatus, UpdateKind
from directives.models import Directive, Notice, Part, ProgressUpdate
from notifications.choices import EscalationCloseReason
from notifications.models import Escalation, NotificationPolicy
from notifications.schedule import escalation_level
from reading.deadlines import VAGUE_DEADLINE
from reading.recurrence import Recurrence
from workdays import add_working_days, is_weekend

PROVINCE = "Bắc Giang"
EMAIL_DOMAIN = "bacgiang.example"
GENERATED_PASSWORD = "taithu12345"
# Notices written per chunk: each chunk is generated and written before the next, so memory stays flat.
TASKS_PER_CHUNK = 5000
BATCH_SIZE = 2000

# ---------------------------------------------------------------------------------------------------
# Vocabulary: the agencies, people and words of a province's conclusion notices


def _words(text: str) -> list[str]:
    return text.split()


# (name, short name, kind, how often it leads tasks): the provincial bodies, busiest first within a kind.
PROVINCIAL_BODIES = [
    ("Ủy ban nhân dân tỉnh Bắc Giang", "UBND tỉnh", AgencyKind.PROVINCIAL_COMMITTEE, 0),
    ("Văn phòng UBND tỉnh", "VP UBND", AgencyKind.OFFICE, 4),
    ("Ban Quản lý các khu công nghiệp tỉnh", "BQL KCN", AgencyKind.BOARD, 40),
    ("Sở Tài chính", "STC", AgencyKind.DEPARTMENT, 60),
    ("Sở Xây dựng", "SXD", AgencyKind.DEPARTMENT, 45),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", AgencyKind.DEPARTMENT, 50),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", AgencyKind.DEPARTMENT, 40),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", AgencyKind.DEPARTMENT, 42),
    ("Sở Công Thương", "SCT", AgencyKind.DEPARTMENT, 30),
    ("Sở Giao thông vận tải", "Sở GTVT", AgencyKind.DEPARTMENT, 32),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", AgencyKind.DEPARTMENT, 24),
    ("Sở Y tế", "SYT", AgencyKind.DEPARTMENT, 24),
    ("Sở Nội vụ", "SNV", AgencyKind.DEPARTMENT, 26),
    ("Sở Tư pháp", "STP", AgencyKind.DEPARTMENT, 14),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", AgencyKind.DEPARTMENT, 18),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", AgencyKind.DEPARTMENT, 16),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN", AgencyKind.DEPARTMENT, 10),
    ("Sở Thông tin và Truyền thông", "Sở TT&TT", AgencyKind.DEPARTMENT, 16),
    ("Sở Ngoại vụ", "SNgV", AgencyKind.DEPARTMENT, 5),
    ("Thanh tra tỉnh", "TTr tỉnh", AgencyKind.DEPARTMENT, 8),
    ("Ban Dân tộc tỉnh", "BDT", AgencyKind.BOARD, 5),
    ("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh", "BQLDA GT", AgencyKind.BOARD, 12),
    (
        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        "BQLDA DD&CN",
        AgencyKind.BOARD,
        10,
    ),
    ("Công an tỉnh", "CA tỉnh", AgencyKind.OTHER, 12),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCH QS tỉnh", AgencyKind.OTHER, 4),
    ("Cục Thuế tỉnh", "Cục Thuế", AgencyKind.OTHER, 8),
    ("Kho bạc Nhà nước tỉnh", "KBNN tỉnh", AgencyKind.OTHER, 5),
    ("Bảo hiểm xã hội tỉnh", "BHXH tỉnh", AgencyKind.OTHER, 5),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", AgencyKind.OTHER, 3),
    ("UBND thành phố Bắc Giang", "UBND TP Bắc Giang", AgencyKind.DISTRICT_COMMITTEE, 22),
    ("UBND thị xã Việt Yên", "UBND Việt Yên", AgencyKind.DISTRICT_COMMITTEE, 18),
    ("UBND huyện Hiệp Hòa", "UBND Hiệp Hòa", AgencyKind.DISTRICT_COMMITTEE, 15),
    ("UBND huyện Tân Yên", "UBND Tân Yên", AgencyKind.DISTRICT_COMMITTEE, 12),
    ("UBND huyện Yên Dũng", "UBND Yên Dũng", AgencyKind.DISTRICT_COMMITTEE, 12),
    ("UBND huyện Lạng Giang", "UBND Lạng Giang", AgencyKind.DISTRICT_COMMITTEE, 12),
    ("UBND huyện Lục Nam", "UBND Lục Nam", AgencyKind.DISTRICT_COMMITTEE, 11),
    ("UBND huyện Lục Ngạn", "UBND Lục Ngạn", AgencyKind.DISTRICT_COMMITTEE, 11),
    ("UBND huyện Sơn Động", "UBND Sơn Động", AgencyKind.DISTRICT_COMMITTEE, 8),
    ("UBND huyện Yên Thế", "UBND Yên Thế", AgencyKind.DISTRICT_COMMITTEE, 9),
    (
        "Công ty TNHH MTV Khai thác công trình thủy lợi Nam Sông Thương",
        "Cty KTCTTL Nam Sông Thương",
        AgencyKind.STATE_COMPANY,
        3,
    ),
    (
        "Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Sông Thương",
        "Cty KTCTTL Bắc Sông Thương",
        AgencyKind.STATE_COMPANY,
        3,
    ),
    ("Công ty Điện lực Bắc Giang", "PC Bắc Giang", AgencyKind.STATE_COMPANY, 4),
]
COMMUNE_WEIGHT = 1
# Commune and ward names are made of two syllables, as most are.
PLACE_FIRST = _words(
    "An Bảo Bình Cao Châu Đại Đông Đồng Hòa Hồng Hương Kim Lam Liên Minh Nam Nghĩa Ngọc Phúc Phương "
    "Quang Quế Sơn Tân Thái Thanh Thắng Thượng Tiên Trung Việt Vĩnh Xuân Yên"
)
PLACE_SECOND = _words(
    "Bình Dương Hà Hòa Hưng Hương Lâm Lạc Lập Lĩnh Lộc Long Mỹ Ninh Phong Phú Quang Sơn Thành Thịnh "
    "Thuận Tiến Trung Vân Xuyên Yên"
)
INDUSTRIAL_ZONES = ["Quang Châu", "Đình Trám", "Vân Trung", "Song Khê - Nội Hoàng", "Yên Lư", "Tân Hưng"]
INDUSTRIAL_ZONES += ["Việt Hàn", "Hòa Phú", "Phúc Sơn", "Nghĩa Hưng"]

SURNAMES = _words("Nguyễn Trần Lê Phạm Hoàng Phan Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Thân Giáp")
MIDDLE_NAMES = _words("Văn Thị Đức Minh Quang Thu Thanh Ngọc Hữu Xuân Hồng Anh Trọng Kim")
GIVEN_NAMES = _words(
    "Hà Hùng Lan Nam Minh Dũng Hương Tuấn Hải Linh Thắng Phương Sơn Trang Long Mai Quân Hạnh Khánh Tâm "
    "Bình Giang Hiếu Nhung Thủy Vân Cường Đạt Huyền Yến"
)

ACTIONS = [
    "rà soát, đánh giá",
    "tham mưu UBND tỉnh ban hành",
    "xây dựng kế hoạch triển khai",
    "hoàn thiện hồ sơ",
    "đẩy nhanh tiến độ",
    "kiểm tra, xử lý dứt điểm",
    "tổ chức thực hiện",
    "đề xuất giải pháp tháo gỡ khó khăn, vướng mắc trong",
    "hướng dẫn các địa phương thực hiện",
    "tổng hợp, báo cáo kết quả",
    "chủ động phối hợp giải quyết",
    "nghiên cứu, đề xuất cơ chế hỗ trợ",
]
OBJECTS = [
    "công tác giải phóng mặt bằng dự án {project}",
    "quy hoạch phân khu khu công nghiệp {zone}",
    "giải ngân vốn đầu tư công năm {year}",
    "thủ tục cấp giấy chứng nhận quyền sử dụng đất",
    "kế hoạch cải cách hành chính năm {year}",
    "chuyển đổi số trong cơ quan nhà nước",
    "phương án phòng, chống thiên tai và tìm kiếm cứu nạn",
    "công tác bảo đảm an toàn thực phẩm",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "thu ngân sách nhà nước trên địa bàn",
    "đầu tư xây dựng trường học, nhà văn hóa",
    "cung ứng điện cho các khu công nghiệp",
    "tiêu thoát nước tại khu công nghiệp {zone}",
    "xử lý nước thải, chất thải rắn sinh hoạt",
    "thu hút đầu tư vào khu công nghiệp {zone}",
    "sắp xếp, xử lý nhà, đất là tài sản công",
    "bồi thường, hỗ trợ, tái định cư dự án {project}",
    "nâng cấp, mở rộng tuyến đường {road}",
    "phòng cháy, chữa cháy tại các cơ sở sản xuất",
    "đào tạo nghề, giải quyết việc làm cho người lao động",
    "cấp phép khai thác khoáng sản, vật liệu xây dựng",
    "trồng rừng, bảo vệ và phát triển rừng",
    "phát triển du lịch gắn với di tích lịch sử",
    "chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
]
PROJECTS = [
    "đường vành đai IV",
    "khu đô thị phía Nam thành phố",
    "cụm công nghiệp Hợp Thịnh",
    "đường tỉnh 398",
    "trường THPT chuyên",
    "bệnh viện đa khoa tỉnh",
    "hồ chứa nước Khuôn Thần",
    "khu dân cư số 3",
]
ROADS = ["tỉnh 293", "tỉnh 295", "tỉnh 398B", "huyện Lục Ngạn - Sơn Động", "nối Quốc lộ 17 với Quốc lộ 37"]
PLACES = [
    "",
    "",
    " trên địa bàn tỉnh",
    " tại các khu, cụm công nghiệp",
    " trên địa bàn {district}",
    " tại các xã vùng đồng bào dân tộc thiểu số",
]
TAILS = [
    "",
    "",
    ", báo cáo UBND tỉnh kết quả thực hiện",
    ", tham mưu cấp có thẩm quyền xem xét, quyết định",
    ", đảm bảo đúng quy định",
    ", kịp thời tháo gỡ khó khăn cho doanh nghiệp",
]
HEADINGS = [
    "Về {topic}",
    "Nâng cao hiệu quả {topic}",
    "Tập trung chỉ đạo {topic}",
    "Tăng cường công tác {topic}",
]
HEADING_TOPICS = [
    "thu hút đầu tư",
    "giải phóng mặt bằng",
    "quản lý đất đai, tài nguyên",
    "cải cách hành chính",
    "phát triển hạ tầng giao thông",
    "quản lý quy hoạch, xây dựng",
    "giải ngân vốn đầu tư công",
    "an sinh xã hội",
]
MEETINGS = [
    "buổi làm việc với {agency} về tình hình thực hiện nhiệm vụ {period}",
    "hội nghị giao ban kinh tế - xã hội {period}",
    "cuộc họp nghe báo cáo tiến độ {topic}",
    "buổi kiểm tra thực địa {topic}",
]
CHAIRS = [
    ("Chủ tịch UBND tỉnh", "Lê Ánh Dương"),
    ("Phó Chủ tịch Thường trực UBND tỉnh", "Mai Sơn"),
    ("Phó Chủ tịch UBND tỉnh", "Phan Thế Tuấn"),
    ("Phó Chủ tịch UBND tỉnh", "Lê Ô Pích"),
    ("Phó Chủ tịch UBND tỉnh", "Nguyễn Văn Gầu"),
]
SIGNERS = [("Phạm Văn Đà", "Phó Chánh Văn phòng"), ("Nguyễn Đức Thắng", "Chánh Văn phòng")]

PROGRESS_NOTES = [
    "Đã xây dựng dự thảo kế hoạch, đang lấy ý kiến các sở, ngành, địa phương.",
    "Đã tổ chức họp triển khai, phân công cán bộ theo dõi, đôn đốc.",
    "Đang rà soát hồ sơ, tổng hợp số liệu để báo cáo.",
    "Đã có văn bản đề nghị các đơn vị phối hợp cung cấp thông tin.",
    "Đã hoàn thành khoảng {percent}% khối lượng công việc.",
    "Đang phối hợp với địa phương tháo gỡ vướng mắc về mặt bằng.",
    "Đã trình dự thảo văn bản, chờ ý kiến của cơ quan thẩm định.",
]
PERIODIC_NOTE = "Báo cáo kết quả thực hiện kỳ {period}: đã thực hiện theo kế hoạch."
REPORTED_NOTE = "Đã hoàn thành nhiệm vụ; gửi kèm Báo cáo số {number}/BC-{agency}."
ACCEPTED_NOTE = "Văn phòng UBND tỉnh xác nhận hoàn thành."
REJECTED_NOTE = "Báo cáo chưa đầy đủ, đề nghị bổ sung số liệu và tài liệu kèm theo."
EXTENSION_NOTE = "Chủ tịch UBND tỉnh đồng ý gia hạn tại Văn bản số {number}/UBND-TH."
CANCELLED_NOTE = "Nhiệm vụ không còn phù hợp; dừng thực hiện theo chỉ đạo của UBND tỉnh."
ACKNOWLEDGED_NOTE = "Văn phòng đã có văn bản đôn đốc, yêu cầu báo cáo tiến độ."

QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
LOCAL = ZoneInfo(settings.TIME_ZONE)


# ---------------------------------------------------------------------------------------------------
# The plan and its result


class LoadError(Exception):
    """The load cannot be generated as asked (the message says why)."""


@dataclass(frozen=True)
class LoadPlan:
    """How much to generate, from which seed, as of which day."""

    notices: int
    tasks: int
    agencies: int
    users: int
    seed: int = 1
    as_of: date | None = None
    years: int = 4


@dataclass
class LoadReport:
    """What was written, and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    as_of: date | None = None


def generate_load(plan: LoadPlan, *, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Write the plan's synthetic province into the database in one transaction; return the counts."""
    if plan.notices < 1 or plan.tasks < plan.notices:
        raise LoadError("Ask for at least one notice and at least one task per notice.")
    if plan.agencies < 4:
        raise LoadError("Ask for at least 4 agencies (the office and agencies that lead tasks).")
    if plan.users < 2:
        raise LoadError("Ask for at least 2 users (an office staff member and a leader).")
    started = time.perf_counter()
    with transaction.atomic():
        report = _Generator(plan, progress or (lambda message: None)).run()
    report.seconds = time.perf_counter() - started
    return report


LOADED_MODELS = [Agency, User, Notice, Directive, Part, ProgressUpdate, Escalation]
LOADED_MODELS.append(Directive.supporting_agencies.through)


def refresh_statistics() -> float:
    """After a bulk load on PostgreSQL, what autovacuum would do in a while, done now: planner statistics
    (ANALYZE) and the visibility map that index-only scans need (VACUUM, outside a transaction only).
    Returns the seconds it took; nothing to do on other databases."""
    if connection.vendor != "postgresql":
        return 0.0
    started = time.perf_counter()
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model_class in LOADED_MODELS:
            cursor.execute(f"{command} {connection.ops.quote_name(model_class._meta.db_table)}")
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------------
# Generation


@dataclass(eq=False)
class _AgencyRow:
    agency: Agency
    weight: int
    users: list[User] = field(default_factory=list)


@dataclass
class _PartPlan:
    """One lead agency's part as it stands on the as-of day, and the history that got it there."""

    agency: _AgencyRow
    status: str = TaskStatus.NOT_STARTED
    completed_on: date | None = None
    extended_deadline: date | None = None
    updates: list[dict] = field(default_factory=list)
    escalations: list[dict] = field(default_factory=list)
    part: Part | None = None


class _Generator:
    def __init__(self, plan: LoadPlan, progress: Callable[[str], None]):
        self.plan = plan
        self.progress = progress
        self.rng = random.Random(plan.seed)
        self.as_of = plan.as_of or timezone.localdate()
        # Nothing happens on the as-of day itself: it is "today", and the sweep of today has not run.
        self.last_day = self.as_of - timedelta(days=1)
        self.counts = dict.fromkeys(
            [
                "agencies",
                "users",
                "notices",
                "headings",
                "tasks",
                "parts",
                "multi_lead_tasks",
                "supporting_links",
                "progress_updates",
                "escalations",
            ],
            0,
        )
        self._working_days: dict[tuple[date, int], date] = {}
        self._levels: dict[tuple[date, date], int] = {}

    def run(self) -> LoadReport:
        self.policy = NotificationPolicy.current()
        ensure_standard_roles(Role)
        self.roles = {role.code: role for role in Role.objects.all()}
        self.agencies = self._write_agencies()
        self.leading = [row for row in self.agencies if row.weight > 0]
        self.lead_weights = list(itertools.accumulate(row.weight for row in self.leading))
        self.districts = [row for row in self.agencies if row.agency.kind == AgencyKind.DISTRICT_COMMITTEE]
        self._write_users()
        self.progress(f"{self.counts['agencies']} agencies, {self.counts['users']} users")
        notices = self._write_notices()
        sizes = _split(self.plan.tasks, len(notices), self.rng)
        chunk: list[tuple[Notice, int]] = []
        for notice, size in zip(notices, sizes, strict=True):
            chunk.append((notice, size))
            if sum(size for _, size in chunk) >= TASKS_PER_CHUNK:
                self._write_chunk(chunk)
                chunk = []
        if chunk:
            self._write_chunk(chunk)
        return LoadReport(counts=self.counts, as_of=self.as_of)

    # Agencies and people --------------------------------------------------------------------------

    def _write_agencies(self) -> list[_AgencyRow]:
        wanted = _agency_names(self.plan.agencies, self.rng)
        # Matched in Python: SQLite's LOWER() leaves Vietnamese capitals as they are. Registries are small.
        existing = {agency.name.lower(): agency for agency in Agency.objects.all()}
        new = [
            Agency(
                name=name,
                short_name=short_name,
                kind=kind,
                email=f"cq{index:04d}@{EMAIL_DOMAIN}",
            )
            for index, (name, short_name, kind, _weight) in enumerate(wanted, start=1)
            if name.lower() not in existing
        ]
        with _keeping_timestamps(Agency):
            for agency in new:
                agency.created_at = agency.updated_at = _at(
                    self.as_of - timedelta(days=365 * self.plan.years)
                )
            created = {agency.name.lower(): agency for agency in Agency.objects.bulk_create(new)}
        self.counts["agencies"] = len(wanted)
        by_name = existing | created
        return [
            _AgencyRow(agency=by_name[name.lower()], weight=weight) for name, _short, _kind, weight in wanted
        ]

    def _write_users(self) -> None:
        """Office staff, leaders, then a head for each agency (busiest first), then their staff."""
        total = self.plan.users
        office = next(
            (row for row in self.agencies if row.agency.kind == AgencyKind.OFFICE), self.agencies[0]
        )
        committee = next(
            (row for row in self.agencies if row.agency.kind == AgencyKind.PROVINCIAL_COMMITTEE), office
        )
        office_staff = max(1, min(5, total // 50))
        leaders = max(1, min(3, total // 100))
        people: list[tuple[str, str, _AgencyRow]] = []
        people += [(f"vp.chuyenvien{n}", Role.OFFICE_STAFF, office) for n in range(1, office_staff + 1)]
        people += [(f"lanhdao{n}", Role.LEADER, committee) for n in range(1, leaders + 1)]
        by_weight = sorted(
            (row for row in self.agencies if row.weight > 0 or row is office),
            key=lambda row: (row is not office, -row.weight),
        )
        remaining = total - len(people)
        heads = by_weight[:remaining]
        people += [(f"cq{self._index(row):04d}.lanhdao", Role.AGENCY_HEAD, row) for row in heads]
        remaining -= len(heads)
        staff_number = 0
        while remaining > 0 and by_weight:
            staff_number += 1
            for row in by_weight[: max(1, len(by_weight) // (2 * staff_number))]:
                if remaining == 0:
                    break
                people.append((f"cq{self._index(row):04d}.chuyenvien{staff_number}", Role.AGENCY_STAFF, row))
                remaining -= 1
        usernames = [username for username, _, _ in people]
        taken = list(User.objects.filter(username__in=usernames).values_list("username", flat=True)[:3])
        if taken:
            raise LoadError(
                f"The database already holds generated users ({', '.join(taken)}, …): load into a fresh one."
            )
        password = make_password(GENERATED_PASSWORD)
        joined = _at(self.as_of - timedelta(days=365 * self.plan.years))
        users = [
            User(
                username=username,
                full_name=self._person_name(),
                email=f"{username}@{EMAIL_DOMAIN}",
                agency=row.agency,
                role=self.roles[role],
                password=password,
                date_joined=joined,
            )
            for username, role, row in people
        ]
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        self.office_users = []
        for user, (_username, role, row) in zip(users, people, strict=True):
            if role == Role.OFFICE_STAFF:
                self.office_users.append(user)
            elif role in (Role.AGENCY_HEAD, Role.AGENCY_STAFF):
                row.users.append(user)
        self.office = office
        self.counts["users"] = len(users)

    def _index(self, row: _AgencyRow) -> int:
        return self.agencies.index(row) + 1

    def _person_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"

    # Notices --------------------------------------------------------------------------------------

    def _write_notices(self) -> list[Notice]:
        rng = self.rng
        first_day = self.as_of - timedelta(days=365 * self.plan.years)
        span = (self.last_day - first_day).days
        days = sorted(first_day + timedelta(days=rng.randint(0, span)) for _ in range(self.plan.notices))
        numbers: dict[int, int] = {}
        notices = []
        creator = self.office_users[0] if self.office_users else None
        for day in days:
            while is_weekend(day):
                day -= timedelta(days=1)
            meeting_on = day - timedelta(days=rng.randint(2, 10))
            draft = rng.random() < 0.02
            numbers[day.year] = numbers.get(day.year, 0) + rng.randint(1, 6)
            chair_title, chair_name = rng.choice(CHAIRS)
            signer, signer_title = rng.choice(SIGNERS)
            meeting = rng.choice(MEETINGS).format(
                agency=rng.choices(self.leading, cum_weights=self.lead_weights)[0].agency.name,
                period=rng.choice(["quý I", "6 tháng đầu năm", "9 tháng", "năm"]) + f" {meeting_on.year}",
                topic=rng.choice(HEADING_TOPICS),
            )
            notice = Notice(
                number="" if draft else f"{numbers[day.year]}/TB-UBND",
                kind=NoticeKind.CONCLUSION_NOTICE,
                title=f"Kết luận của {chair_title} tại {meeting}",
                issuing_authority=f"UBND tỉnh {PROVINCE}",
                place=PROVINCE,
                issued_on=None if draft else day,
                meeting_on=meeting_on,
                chaired_by=f"{chair_title} {chair_name}",
                signed_by=signer,
                signer_title=signer_title,
                created_by=creator,
            )
            notice.created_at = notice.updated_at = _at(day)
            notices.append(notice)
        with _keeping_timestamps(Notice):
            # Blank source text: no fingerprint, so the unique fingerprint constraint never applies.
            notices = Notice.objects.bulk_create(notices, batch_size=BATCH_SIZE)
        self.counts["notices"] = len(notices)
        return notices

    # Tasks, parts, history -------------------------------------------------------------------------

    def _write_chunk(self, chunk: list[tuple[Notice, int]]) -> None:
        headings: list[Directive] = []
        tasks: list[tuple[Directive, list[_PartPlan], list[_AgencyRow]]] = []
        for notice, size in chunk:
            self._plan_notice(notice, size, headings, tasks)
        with _keeping_timestamps(Directive, Part):
            Directive.objects.bulk_create(headings, batch_size=BATCH_SIZE)
            Directive.objects.bulk_create([task for task, _, _ in tasks], batch_size=BATCH_SIZE)
            parts = []
            for task, part_plans, _ in tasks:
                for plan in part_plans:
                    plan.part = Part(
                        directive=task,
                        agency=plan.agency.agency,
                        status=plan.status,
                        completed_on=plan.completed_on,
                        extended_deadline=plan.extended_deadline,
                        version=len(plan.updates),
                    )
                    plan.part.created_at = task.created_at
                    plan.part.updated_at = plan.updates[-1]["created_at"] if plan.updates else task.created_at
                    parts.append(plan.part)
            Part.objects.bulk_create(parts, batch_size=BATCH_SIZE)
        links = [
            {"directive_id": task.pk, "agency_id": row.agency.pk}
            for task, _, supporting in tasks
            for row in supporting
        ]
        _insert_rows(Directive.supporting_agencies.through, links)
        updates, escalations = [], []
        for _task, part_plans, _ in tasks:
            for plan in part_plans:
                for update in plan.updates:
                    update["part_id"] = plan.part.pk
                    updates.append(update)
                for escalation in plan.escalations:
                    escalation["part_id"] = plan.part.pk
                    escalations.append(escalation)
        _insert_rows(ProgressUpdate, updates)
        _insert_rows(Escalation, escalations)
        self.counts["headings"] += len(headings)
        self.counts["tasks"] += len(tasks)
        self.counts["parts"] += len(parts)
        self.counts["multi_lead_tasks"] += sum(1 for _, part_plans, _ in tasks if len(part_plans) > 1)
        self.counts["supporting_links"] += len(links)
        self.counts["progress_updates"] += len(updates)
        self.counts["escalations"] += len(escalations)
        self.progress(f"{self.counts['tasks']} tasks written")

    def _plan_notice(self, notice: Notice, size: int, headings: list, tasks: list) -> None:
        """The numbered items of one notice: single tasks, and headings with bullets under them."""
        rng = self.rng
        notice_day = notice.issued_on or notice.meeting_on
        position, item, remaining = 0, 0, size
        while remaining:
            item += 1
            if remaining >= 2 and rng.random() < 0.3:
                bullets = min(remaining, rng.randint(2, 5))
                heading = Directive(
                    notice=notice,
                    number=str(item),
                    position=position,
                    is_heading=True,
                    title=rng.choice(HEADINGS).format(topic=rng.choice(HEADING_TOPICS)).capitalize(),
                )
                heading.text = heading.title
                heading.created_at = heading.updated_at = notice.created_at
                heading.search_text = heading.build_search_text()
                headings.append(heading)
                position += 1
                for bullet in range(1, bullets + 1):
                    tasks.append(self._plan_task(notice, notice_day, f"{item}.{bullet}", position, heading))
                    position += 1
                remaining -= bullets
            else:
                tasks.append(self._plan_task(notice, notice_day, str(item), position, None))
                position += 1
                remaining -= 1

    def _plan_task(self, notice: Notice, notice_day: date, number: str, position: int, parent):
        rng = self.rng
        lead_count = rng.choice([2, 2, 3, 4]) if rng.random() < 0.1 else 1
        pool = self.districts if lead_count > 1 and len(self.districts) >= lead_count else self.leading
        weights = None if pool is self.districts else self.lead_weights
        leads: list[_AgencyRow] = []
        while len(leads) < min(lead_count, len(pool)):
            row = rng.choices(pool, cum_weights=weights)[0]
            if row not in leads:
                leads.append(row)
        supporting: list[_AgencyRow] = []
        for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[35, 30, 20, 10, 5])[0]):
            row = rng.choices(self.leading, cum_weights=self.lead_weights)[0]
            if row not in leads and row not in supporting:
                supporting.append(row)

        recurrence, deadline, deadline_text, flags = self._deadline(notice_day)
        core = self._words(notice_day)
        if len(leads) > 1:
            opening = "Giao {names} ".format(names=", ".join(row.agency.name for row in leads))
        elif parent is None or rng.random() < 0.5:
            opening = f"{leads[0].agency.name} chủ trì"
            opening += (
                ", phối hợp với " + ", ".join(row.agency.name for row in supporting) + " "
                if supporting
                else " "
            )
        else:
            opening = ""
        if recurrence in (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY):
            text = f"{deadline_text}, {core}"
        elif deadline_text:
            text = f"{opening}{core}, {deadline_text}"
        else:
            text = f"{opening}{core}"
        text = text[0].upper() + text[1:] + "."
        task = Directive(
            notice=notice,
            number=number,
            parent=parent,
            position=position,
            title=_shorten(core[0].upper() + core[1:], 120),
            text=text,
            deadline=deadline,
            deadline_text=deadline_text,
            recurrence=recurrence,
            review_flags=flags,
        )
        task.created_at = task.updated_at = notice.created_at
        task.search_text = task.build_search_text()
        parts = [self._plan_part(row, notice_day, deadline, recurrence) for row in leads]
        return task, parts, supporting

    def _words(self, notice_day: date) -> str:
        rng = self.rng
        obj = rng.choice(OBJECTS).format(
            project=rng.choice(PROJECTS),
            zone=rng.choice(INDUSTRIAL_ZONES),
            year=notice_day.year,
            road=rng.choice(ROADS),
        )
        district = rng.choice(self.districts).agency.name.removeprefix("UBND ") if self.districts else "tỉnh"
        place = rng.choice(PLACES).format(district=district)
        return f"{rng.choice(ACTIONS)} {obj}{place}{rng.choice(TAILS)}"

    def _deadline(self, notice_day: date) -> tuple[str, date | None, str, list[str]]:
        """(recurrence, deadline, deadline as written, review flags), the words matching the date."""
        rng = self.rng
        kind = rng.choices(
            ["dated", "none", "ongoing", "monthly", "quarterly", "yearly", "vague"],
            weights=[72, 10, 8, 5, 2, 1, 2],
        )[0]
        if kind == "none":
            return Recurrence.NONE, None, "", []
        if kind == "ongoing":
            return Recurrence.ONGOING, None, "thường xuyên", []
        if kind == "monthly":
            return Recurrence.MONTHLY, None, rng.choice(["Hằng tháng", "Định kỳ hằng tháng"]), []
        if kind == "quarterly":
            return Recurrence.QUARTERLY, None, rng.choice(["Định kỳ hằng quý", "Hằng quý"]), []
        if kind == "yearly":
            return Recurrence.YEARLY, None, "Hằng năm", []
        if kind == "vague":
            return Recurrence.NONE, None, f"mùa hè năm {notice_day.year + 1}", [VAGUE_DEADLINE]
        low, high = rng.choice([(10, 60), (10, 60), (60, 180), (60, 180), (180, 400), (400, 700)])
        offset = rng.randint(low, high)
        target = notice_day + timedelta(days=offset)
        phrase = rng.choices(
            ["month", "date", "quarter", "year", "working_days"], weights=[40, 30, 10, 12, 8]
        )[0]
        if phrase == "month":
            deadline = _month_end(target.year, target.month)
            words = rng.choice(["xong trong tháng", "trong tháng"])
            return Recurrence.NONE, deadline, f"{words} {target.month}/{target.year}", []
        if phrase == "date":
            words = rng.choice(["trước ngày", "xong trước ngày"])
            return Recurrence.NONE, target, f"{words} {target.day}/{target.month}/{target.year}", []
        if phrase == "quarter":
            quarter = (target.month - 1) // 3 + 1
            deadline = _month_end(target.year, 3 * quarter)
            return Recurrence.NONE, deadline, f"trong quý {QUARTERS[quarter]}/{target.year}", []
        if phrase == "year":
            words = rng.choice(["hết năm", "trong năm"])
            return Recurrence.NONE, date(target.year, 12, 31), f"{words} {target.year}", []
        count = rng.choice([5, 7, 10, 15])
        deadline = add_working_days(notice_day, count)
        return Recurrence.NONE, deadline, f"trong {count:02d} ngày làm việc", []

    def _plan_part(self, row: _AgencyRow, notice_day: date, deadline, recurrence) -> _PartPlan:
        """Where a lead agency's part stands on the as-of day, and the history that got it there."""
        rng = self.rng
        plan = _PartPlan(agency=row)
        if notice_day >= self.last_day:
            return plan  # handed out yesterday: nothing has happened yet
        extension = None
        if deadline and (deadline - notice_day).days > 20 and rng.random() < 0.06:
            granted_on = _between(rng, notice_day + timedelta(days=5), deadline - timedelta(days=1))
            if granted_on <= self.last_day:
                plan.extended_deadline = deadline + timedelta(days=rng.randint(30, 120))
                extension = (granted_on, deadline, plan.extended_deadline)
        effective = plan.extended_deadline or deadline
        status, finished_on = self._outcome(notice_day, effective, recurrence)
        if extension and status in FINISHED_STATUSES and finished_on <= extension[0]:
            # Finished before the extension would have been granted: the office grants none to finished work.
            extension, plan.extended_deadline = None, None
        plan.status = status
        if status == TaskStatus.DONE:
            plan.completed_on = finished_on
        plan.updates = self._history(row, notice_day, status, finished_on, recurrence, extension)
        plan.escalations = self._escalations(status, plan.extended_deadline or deadline, plan.completed_on)
        return plan

    def _outcome(self, notice_day: date, effective: date | None, recurrence: str) -> tuple[str, date | None]:
        """The status on the as-of day and the day it was reached (completion, report or cancellation)."""
        rng = self.rng
        first, last = notice_day + timedelta(days=1), self.last_day
        draw = rng.random()
        if draw < 0.025:
            return TaskStatus.CANCELLED, _between(rng, first, last)
        if recurrence in (Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.YEARLY):
            # Recurring reports go on and on: a recurring task is rarely closed.
            if draw < 0.10:
                return TaskStatus.DONE, _between(rng, first, last)
            return (TaskStatus.NOT_STARTED if draw > 0.95 else TaskStatus.IN_PROGRESS), None
        if effective is None:
            if draw < 0.25:
                return TaskStatus.DONE, _between(rng, first, last)
            if draw < 0.28:
                return TaskStatus.REPORTED_DONE, _between(rng, first, last)
            return (TaskStatus.NOT_STARTED if draw > 0.85 else TaskStatus.IN_PROGRESS), None
        if effective >= self.as_of:
            if draw < 0.16:
                return TaskStatus.DONE, _between(rng, first, last)
            if draw < 0.23:
                return TaskStatus.REPORTED_DONE, _between(rng, first, last)
            return (TaskStatus.NOT_STARTED if draw > 0.8 else TaskStatus.IN_PROGRESS), None
        # The deadline has passed: most parts were done (some late); the recently due are often still open.
        late_by = (self.as_of - effective).days
        still_open = 0.40 if late_by <= 60 else 0.20 if late_by <= 365 else 0.08
        if draw < 0.025 + still_open:
            if rng.random() < 0.25:
                return TaskStatus.REPORTED_DONE, _between(rng, first, last)
            return (TaskStatus.NOT_STARTED if rng.random() < 0.2 else TaskStatus.IN_PROGRESS), None
        late_from = effective + timedelta(days=1)
        if rng.random() < 0.22 and late_from <= last:
            return TaskStatus.DONE, _between(rng, late_from, min(last, effective + timedelta(days=150)))
        return TaskStatus.DONE, _between(rng, first, min(effective, last))

    def _history(self, row, notice_day, status, finished_on, recurrence, extension) -> list[dict]:
        """The part's history as the services would have written it, oldest first."""
        rng = self.rng
        first = notice_day + timedelta(days=1)
        end = finished_on or self.last_day
        # Each step: (kind, status after, note, by the office?)
        steps: list[tuple[str, str, str, bool]] = []
        if status != TaskStatus.NOT_STARTED and not (status == TaskStatus.CANCELLED and rng.random() < 0.3):
            steps.append((UpdateKind.PROGRESS, TaskStatus.IN_PROGRESS, self._progress_note(), False))
            steps += [
                (UpdateKind.PROGRESS, TaskStatus.IN_PROGRESS, note, False)
                for note in self._reports(recurrence, first, end)
            ]
        if status in (TaskStatus.REPORTED_DONE, TaskStatus.DONE):
            if rng.random() < 0.1:
                steps.append(
                    (UpdateKind.COMPLETION_REPORTED, TaskStatus.REPORTED_DONE, self._report_note(row), False)
                )
                steps.append((UpdateKind.COMPLETION_REJECTED, TaskStatus.IN_PROGRESS, REJECTED_NOTE, True))
            steps.append(
                (UpdateKind.COMPLETION_REPORTED, TaskStatus.REPORTED_DONE, self._report_note(row), False)
            )
        days = sorted(_between(rng, first, end) for _ in steps)
        if status in (TaskStatus.REPORTED_DONE, TaskStatus.DONE) and days:
            days[-1] = end  # completion is dated by its report (as `record_progress` dates it)
        if status == TaskStatus.DONE:
            steps.append((UpdateKind.COMPLETION_ACCEPTED, TaskStatus.DONE, ACCEPTED_NOTE, True))
            days.append(min(self.last_day, end + timedelta(days=rng.randint(0, 6))))
        if status == TaskStatus.CANCELLED:
            steps.append((UpdateKind.STATUS_CHANGED, TaskStatus.CANCELLED, CANCELLED_NOTE, True))
            days.append(end)
        events = [
            (day, kind, after, note, by_office, None)
            for day, (kind, after, note, by_office) in zip(days, steps, strict=True)
        ]
        if extension:
            granted_on, before, after = extension
            note = EXTENSION_NOTE.format(number=rng.randint(100, 9999))
            events.append((granted_on, UpdateKind.DEADLINE_EXTENDED, None, note, True, (before, after)))
            events.sort(key=lambda event: event[0])
        updates, current, previous_at = [], TaskStatus.NOT_STARTED, None
        for day, kind, after, note, by_office, deadlines in events:
            status_after = current if after is None else after
            author, agency = self._author(row, by_office)
            at = _at(day, rng.randint(7 * 60 + 30, 17 * 60))
            if previous_at is not None and at <= previous_at:
                at = previous_at + timedelta(minutes=rng.randint(5, 90))
            previous_at = at
            updates.append(
                {
                    "author_id": author.pk if author else None,
                    "agency_id": agency.pk,
                    "created_at": at,
                    "kind": kind,
                    "status_before": current,
                    "status_after": status_after,
                    "deadline_before": deadlines[0] if deadlines else None,
                    "deadline_after": deadlines[1] if deadlines else None,
                    "note": note,
                    "evidence": "",
                }
            )
            current = status_after
        return updates

    def _reports(self, recurrence: str, first: date, end: date) -> list[str]:
        """Further progress reports: one per period of a recurring task, a few for the others."""
        step = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}.get(recurrence)
        if step is None:
            count = self.rng.choices([0, 1, 2, 3, 4, 5], weights=[40, 30, 15, 7, 5, 3])[0]
            return [self._progress_note() for _ in range(count)]
        months = (end.year - first.year) * 12 + end.month - first.month
        periods = []
        for index in range(step, months + 1, step):
            period = first + relativedelta(months=index)
            year, month = period.year, period.month
            if step == 1:
                periods.append(f"tháng {month}/{year}")
            elif step == 3:
                periods.append(f"quý {QUARTERS[(month - 1) // 3 + 1]}/{year}")
            else:
                periods.append(f"năm {year}")
        return [PERIODIC_NOTE.format(period=period) for period in periods]

    def _progress_note(self) -> str:
        return self.rng.choice(PROGRESS_NOTES).format(percent=self.rng.choice([30, 50, 70, 80, 90]))

    def _report_note(self, row: _AgencyRow) -> str:
        short = row.agency.short_name or "CQ"
        return REPORTED_NOTE.format(number=self.rng.randint(10, 999), agency=short.replace(" ", ""))

    def _author(self, row: _AgencyRow, by_office: bool) -> tuple[User | None, Agency]:
        if by_office:
            user = self.rng.choice(self.office_users) if self.office_users else None
            return user, self.office.agency
        if row.users:
            return self.rng.choice(row.users), row.agency
        return None, row.agency

    def _escalations(self, status: str, effective: date | None, completed_on: date | None) -> list[dict]:
        """The escalations the daily sweep would have opened up to yesterday (closed when completed since)."""
        if effective is None or status == TaskStatus.CANCELLED:
            return []
        if status == TaskStatus.DONE and (completed_on is None or completed_on <= effective):
            return []
        until = completed_on if status == TaskStatus.DONE else self.last_day
        policy = self.policy
        reached = self._escalation_level(effective, until)
        escalations = []
        for level in range(1, reached + 1):
            if level == 1:
                opened_on = effective + timedelta(days=1)
            else:
                after = policy.escalation_level_2_after if level == 2 else policy.escalation_level_3_after
                opened_on = self._add_working_days(effective, after)
            escalation = {
                "level": level,
                "missed_deadline": effective,
                "opened_on": opened_on,
                "acknowledged_at": None,
                "acknowledged_by_id": None,
                "acknowledgement_note": "",
                "closed_at": None,
                "close_reason": "",
                "created_at": _at(opened_on, 6 * 60),
            }
            if status == TaskStatus.DONE:
                escalation["closed_at"] = _at(completed_on, 17 * 60 + 30)
                escalation["close_reason"] = EscalationCloseReason.COMPLETED
            acknowledged_on = opened_on + timedelta(days=self.rng.randint(1, 5))
            if acknowledged_on < min(until, self.last_day) and self.office_users and self.rng.random() < 0.5:
                escalation["acknowledged_at"] = _at(acknowledged_on, self.rng.randint(8 * 60, 16 * 60))
                escalation["acknowledged_by_id"] = self.rng.choice(self.office_users).pk
                escalation["acknowledgement_note"] = ACKNOWLEDGED_NOTE
            escalations.append(escalation)
        return escalations

    def _escalation_level(self, deadline: date, day: date) -> int:
        key = (deadline, day)
        if key not in self._levels:
            policy = self.policy
            self._levels[key] = escalation_level(
                deadline, day, policy.escalation_level_2_after, policy.escalation_level_3_after
            )
        return self._levels[key]

    def _add_working_days(self, day: date, count: int) -> date:
        key = (day, count)
        if key not in self._working_days:
            self._working_days[key] = add_working_days(day, count)
        return self._working_days[key]


# ---------------------------------------------------------------------------------------------------
# Helpers


def _agency_names(count: int, rng: random.Random) -> list[tuple[str, str, str, int]]:
    """The first `count` bodies of the province: the provincial ones, then communes and wards."""
    names = PROVINCIAL_BODIES[:count]
    places = [(a, b) for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(places)
    round_number = 0
    while len(names) < count:
        round_number += 1
        for first, second in places:
            if len(names) == count:
                break
            kind_word = "phường" if rng.random() < 0.1 else "xã"
            suffix = f" {round_number}" if round_number > 1 else ""
            name = f"UBND {kind_word} {first} {second}{suffix}"
            names.append(
                (name, f"UBND {first} {second}{suffix}", AgencyKind.COMMUNE_COMMITTEE, COMMUNE_WEIGHT)
            )
    # Two communes may draw the same name as a ward and as a commune: keep names unique, ignoring case.
    seen, unique = set(), []
    for row in names:
        if row[0].lower() not in seen:
            seen.add(row[0].lower())
            unique.append(row)
    while len(unique) < count:
        index = len(unique) + 1
        unique.append(
            (f"UBND xã Mới {index}", f"UBND Mới {index}", AgencyKind.COMMUNE_COMMITTEE, COMMUNE_WEIGHT)
        )
    return unique


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` whole numbers of at least 1, varying around the mean."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    spare = total - parts
    scale = spare / sum(weights)
    sizes = [1 + int(weight * scale) for weight in weights]
    for index in range(total - sum(sizes)):
        sizes[index % parts] += 1
    return sizes


def _between(rng: random.Random, first: date, last: date) -> date:
    """A day from `first` to `last` (`first` when the range is empty)."""
    span = (last - first).days
    return first + timedelta(days=rng.randint(0, span)) if span > 0 else first


def _month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(day=31)


def _at(day: date, minutes: int = 8 * 60) -> datetime:
    """`day` at that many minutes after midnight, in the site's time zone."""
    return datetime.combine(day, clock(minutes // 60, minutes % 60), tzinfo=LOCAL)


def _shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;") + "…"


def _insert_rows(model_class, rows: list[dict]) -> None:
    """Insert rows nothing refers back to: with COPY on PostgreSQL (several times faster than INSERT for
    hundreds of thousands of rows), with `bulk_create` elsewhere. Each row gives every column by attname.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        names = list(rows[0])
        columns = ", ".join(
            connection.ops.quote_name(model_class._meta.get_field(name).column) for name in names
        )
        table = connection.ops.quote_name(model_class._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([row[name] for name in names])
        return
    with _keeping_timestamps(model_class):
        model_class.objects.bulk_create((model_class(**row) for row in rows), batch_size=BATCH_SIZE)


@contextmanager
def _keeping_timestamps(*model_classes) -> Iterator[None]:
    """Let bulk writes keep the historical `created_at`/`updated_at` they carry.

    `auto_now_add`/`auto_now` would stamp every generated row with the moment of generation, and history
    spread over years is the point. The flags are restored afterwards; a management command runs alone.
    """
    changed = [
        (model_field, model_field.auto_now, model_field.auto_now_add)
        for model_class in model_classes
        for model_field in model_class._meta.concrete_fields
        if isinstance(model_field, models.DateField) and (model_field.auto_now or model_field.auto_now_add)
    ]
    for model_field, _auto_now, _auto_now_add in changed:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


# ---------------------------------------------------------------------------------------------------
# The fingerprint of what is stored


def data_fingerprint() -> str:
    """A hash of the tracked data as stored, by natural keys (names, numbers, dates), never by ids.

    Two databases loaded from the same plan have the same fingerprint; any difference in a notice, task,
    part, supporting agency, history entry, escalation, agency or user changes it.
    """
    notice = ["notice__number", "notice__issued_on", "notice__meeting_on", "notice__title"]
    directive = [f"directive__{name}" for name in notice] + ["directive__number"]
    part = [f"part__{name}" for name in directive] + ["part__agency__name"]
    tables = [
        (Agency.objects, ["name", "short_name", "kind", "email", "is_active"]),
        (User.objects, ["username", "full_name", "email", "agency__name", "role__code", "is_active"]),
        (
            Notice.objects,
            ["issued_on", "meeting_on", "number", "title", "chaired_by", "signed_by", "created_at"],
        ),
        (
            Directive.objects,
            [
                *notice,
                "number",
                "position",
                "is_heading",
                "parent__number",
                "title",
                "text",
                "deadline",
                "deadline_text",
                "recurrence",
                "review_flags",
                "search_text",
            ],
        ),
        (
            Part.objects,
            [*directive, "agency__name", "status", "completed_on", "extended_deadline", "version"],
        ),
        (Directive.supporting_agencies.through.objects, [*directive, "agency__name"]),
        (
            ProgressUpdate.objects,
            [
                *part,
                "created_at",
                "kind",
                "status_before",
                "status_after",
                "deadline_before",
                "deadline_after",
                "note",
                "author__username",
                "agency__name",
            ],
        ),
        (
            Escalation.objects,
            [*part, "level", "missed_deadline", "opened_on", "acknowledged_at", "closed_at", "close_reason"],
        ),
    ]
    digest = hashlib.sha256()
    for manager, fields in tables:
        digest.update(manager.model._meta.label.encode())
        rows = manager.order_by(*fields).values_list(*fields).iterator(chunk_size=5000)
        for row in rows:
            digest.update(repr(tuple(_stable(value) for value in row)).encode())
    return digest.hexdigest()


def _stable(value):
    """Dates and times as ISO text in UTC, so the fingerprint does not depend on the driver's types."""
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo("UTC")).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
