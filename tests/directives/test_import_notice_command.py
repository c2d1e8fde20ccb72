"""`import_notice`: the seed notice imports to exactly the task table of the domain primer."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency
from directives.management.commands.seed_demo import DEMO_NOTICE_FILE
from directives.models import Directive, Notice

pytestmark = pytest.mark.django_db

SEED = DEMO_NOTICE_FILE
BQL = "Ban Quản lý các khu công nghiệp tỉnh"
DISTRICTS = ["UBND huyện Hiệp Hòa", "UBND huyện Tân Yên", "UBND huyện Yên Dũng", "UBND thị xã Việt Yên"]
# task: (lead, supporting, deadline as written, deadline, recurrence) — the table in the domain primer.
SEED_TASKS = {
    "1.1": ([BQL], [], "", None, "none"),
    "1.2": ([BQL], [], "", None, "none"),
    "1.3": ([BQL], [], "", None, "none"),
    "2": ([BQL], [], "hết năm 2025", date(2025, 12, 31), "none"),
    "3.1": ([BQL], [], "", None, "none"),
    "3.2": ([BQL], [], "", None, "none"),
    "3.3": ([BQL], [], "Hằng tháng", None, "monthly"),
    "4.1": ([BQL], [], "", None, "none"),
    "4.2": ([BQL], [], "xong trong tháng 6/2024", date(2024, 6, 30), "none"),
    "5": ([BQL], [], "", None, "none"),
    "6.1": (["Sở Kế hoạch và Đầu tư"], [BQL, "Sở Xây dựng"], "", None, "none"),
    "6.2": (["Sở Công Thương"], [], "mùa hè năm 2024", None, "none"),
    "6.3": (["Sở Tài nguyên và Môi trường"], [], "trong tháng 3/2024", date(2024, 3, 31), "none"),
    "6.4": (
        ["Sở Tài chính"],
        ["Sở Nông nghiệp và Phát triển nông thôn"],
        "xong trong tháng 3/2024",
        date(2024, 3, 31),
        "none",
    ),
    "6.5": (DISTRICTS, [], "", None, "none"),
}


def dry_run_json(path, capsys):
    call_command("import_notice", str(path), "--dry-run", "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_the_dry_run_prints_one_json_object_and_writes_nothing(registry, capsys):
    result = dry_run_json(SEED, capsys)
    assert not Notice.objects.exists()
    assert result["notice"] == {
        "number": "",
        "kind": "conclusion_notice",
        "place": "Bắc Giang",
        "issued_on": None,
        "title": (
            "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Quản lý các khu công nghiệp tỉnh "
            "về tình hình, kết quả thực hiện nhiệm vụ 02 tháng đầu năm, nhiệm vụ trọng tâm đến hết năm 2024"
        ),
        "meeting_on": "2024-03-12",
        "chaired_by": "Chủ tịch UBND tỉnh Lê Ánh Dương",
        "signed_by": "Phạm Văn Đà",
    }
    tasks = {item["number"]: item for item in result["directives"] if not item["is_heading"]}
    assert set(tasks) == set(SEED_TASKS)
    for number, (lead, support, deadline_text, deadline, recurrence) in SEED_TASKS.items():
        item = tasks[number]
        assert (item["lead"], item["support"]) == (lead, support), number
        assert item["deadline_text"] == (deadline_text or None), number
        assert item["deadline"] == (deadline.isoformat() if deadline else None), number
        assert item["recurrence"] == recurrence, number
    headings = [item["number"] for item in result["directives"] if item["is_heading"]]
    assert headings == ["1", "3", "4", "6"]
    assert tasks["4.2"]["parent"] == "4"
    assert "vague_deadline" in tasks["6.2"]["flags"]
    assert result["unmatched_agencies"] == []


def test_the_seed_notice_imports_into_the_database_as_the_table_says(registry):
    call_command("import_notice", str(SEED))
    notice = Notice.objects.get()
    tasks = {
        d.number: d
        for d in notice.directives.tasks().prefetch_related("parts__agency", "supporting_agencies")
    }
    assert set(tasks) == set(SEED_TASKS)
    for number, (lead, support, deadline_text, deadline, recurrence) in SEED_TASKS.items():
        task = tasks[number]
        assert sorted(a.agency.name for a in task.parts.all()) == sorted(lead), number
        assert sorted(a.name for a in task.supporting_agencies.all()) == sorted(support), number
        assert (task.deadline_text, task.deadline, task.recurrence) == (
            deadline_text,
            deadline,
            recurrence,
        ), number
    # Four lead agencies: four parts, each reported and counted on its own.
    assert tasks["6.5"].parts.count() == 4
    assert notice.meeting_on == date(2024, 3, 12)
    assert notice.signed_by == "Phạm Văn Đà"
    assert Directive.objects.filter(notice=notice, is_heading=True).count() == 4

    with pytest.raises(CommandError, match="đã được nhập trước đây"):
        call_command("import_notice", str(SEED))
    assert Notice.objects.count() == 1


def test_names_missing_from_the_registry_stop_the_import_unless_confirmed(db, capsys):
    Agency.objects.create(name=BQL, short_name="BQL KCN")
    with pytest.raises(CommandError, match="Not in the agency registry"):
        call_command("import_notice", str(SEED))
    assert not Notice.objects.exists()
    assert "Sở Công Thương" in dry_run_json(SEED, capsys)["unmatched_agencies"]

    call_command("import_notice", str(SEED), "--create-agencies")
    assert Agency.objects.get(name="Sở Công Thương").kind == "department"
    assert Agency.objects.get(name="UBND Việt Yên").kind == "district_committee"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", ""),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "picture.png", ""),
        (b"Just a letter with no numbered items at all.", "letter.txt", ""),
        (b"PK\x03\x04 not really a docx", "broken.docx", ""),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_written(db, tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_notice", str(path), "--dry-run")
    assert str(refused.value)
    with pytest.raises(CommandError):
        call_command("import_notice", str(path))
    assert not Notice.objects.exists()
