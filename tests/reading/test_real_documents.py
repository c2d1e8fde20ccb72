"""Real documents of the genres an office receives, scored against their hand-checked answers.

Every `tests/data/notices/*.txt` with a `*.json` gold beside it (source address on the text's first line)
is imported with `import_notice --dry-run --format json` and scored by the acceptance's scorer (a copy in
`tests/tools/score_import.py`): the share of task fields (found, lead, support, deadline, recurrence) that
agree with the gold.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reading.parser import parse_notice
from tests.tools.score_import import score

NOTICES = Path(__file__).resolve().parent.parent / "data" / "notices"
DOCUMENTS = sorted(path for path in NOTICES.glob("*.txt") if path.with_suffix(".json").exists())
# 01-14: the documents the parser was tuned on. 15 onwards: held out — collected afterwards and scored
# before any change to the parser (mean 0.513 over 9), then tuned on too: since then their mean no longer
# measures documents the parser has not seen; only documents collected later and kept out of the repository
# (the acceptance's set) do.
HELD_OUT_FROM = 15
TUNED = [path for path in DOCUMENTS if int(path.name[:2]) < HELD_OUT_FROM]
# 37 onwards: never tuned on. Collected while the parser was being changed by people who did not see them, and
# scored only on the finished parser: the one measure here of documents it has not seen.
UNSEEN_FROM = 37
HELD_OUT = [path for path in DOCUMENTS if HELD_OUT_FROM <= int(path.name[:2]) < UNSEEN_FROM]
UNSEEN = [path for path in DOCUMENTS if int(path.name[:2]) >= UNSEEN_FROM]
FLOOR = 0.99  # no tuned document may fall below this (every one scores 1.0 now)
MEAN = 0.99  # nor the tuned documents together (now 1.0 over 14)
# Held out: 15-23 scored 0.513 when first scored, 0.869 after the first fixes, 1.0 now (tuned on since).
# 24-36 (collected later, scored on the parser as it stood): 0.354 over 13 with 8 refused; then tuned on too
# (decisions' articles, reports of letters, lead-ins): 0.969 now, none refused (26 and 28 miss one field
# each, where their golds keep unnamed supporters and strip heads of agencies unlike 10, 06 and 13). All 22:
# 0.982. Since they were tuned on, only documents kept out of the repository measure unseen ones.
HELD_OUT_MEAN = 0.98
HELD_OUT_FLOOR = 0.8  # 26 and 28, see above
# 37-38 (real 2025 documents as OCR gives them): 0.737 and 1.0 on the parser before this round's changes,
# 0.754 and 1.0 after (37, a plan whose scan is cut at the right edge, loses most of its leads' names).
UNSEEN_MEAN = 0.85


def imported(path: Path) -> dict:
    """What `import_notice PATH --dry-run --format json` prints, read back."""
    out = StringIO()
    call_command("import_notice", str(path), "--dry-run", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_every_document_has_its_source_address_on_the_first_line():
    assert len(DOCUMENTS) >= 6
    for path in DOCUMENTS:
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# source: "), path.name


def scores_of(paths: list[Path]) -> dict:
    scores = {}
    for path in paths:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        try:
            scores[path.stem] = score(imported(path), gold)
        except CommandError:  # refused: nothing imported, every field missed
            scores[path.stem] = {"score": 0.0, "refused": True}
    return scores


@pytest.mark.django_db
def test_held_out_documents_score_at_least_their_measured_mean():
    assert len(HELD_OUT) >= 6
    scores = scores_of(HELD_OUT)
    # Every one of them assigns tasks: none may be refused, nor fall below the lowest reached now.
    assert [name for name, result in scores.items() if result.get("refused")] == []
    assert {name: result for name, result in scores.items() if result["score"] < HELD_OUT_FLOOR} == {}
    mean = sum(result["score"] for result in scores.values()) / len(scores)
    assert mean >= HELD_OUT_MEAN, scores


@pytest.mark.django_db
def test_documents_never_tuned_on_are_read_and_score_at_least_the_acceptance_mean():
    assert len(UNSEEN) >= 2
    scores = scores_of(UNSEEN)
    assert [name for name, result in scores.items() if result.get("refused")] == []
    mean = sum(result["score"] for result in scores.values()) / len(scores)
    assert mean >= UNSEEN_MEAN, scores


@pytest.mark.django_db
def test_real_documents_score_against_their_gold():
    scores = {}
    for path in TUNED:
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        scores[path.stem] = score(imported(path), gold)
    low = {name: result for name, result in scores.items() if result["score"] < FLOOR}
    assert low == {}
    mean = sum(result["score"] for result in scores.values()) / len(scores)
    assert mean >= MEAN, scores


NONE = {"recurrence": "none"}


def test_the_scorer_counts_fields_and_falls_back_to_the_position_of_a_leaf():
    gold = {
        "tasks": [
            {"number": "¶1", "lead": ["Sở Tài chính"], "support": [], "deadline": "2024-05-20", **NONE},
            {"number": "¶2", "lead": ["UBND tỉnh"], "support": [], "deadline": "*", "recurrence": "monthly"},
        ]
    }
    out = {
        "directives": [
            {"number": "1", "lead": ["Sở tài chính"], "support": [], "deadline": "2024-05-20"},
            {"number": "2", "lead": ["Ủy ban nhân dân tỉnh Lai Châu"], "support": ["Sở Xây dựng"]},
        ]
    }

    result = score(out, gold)

    # found 2, lead 2, support 1, deadline 1 (of 1 graded), recurrence 1 (of 2): 7 of 9.
    assert result["score"] == round(7 / 9, 3)
    assert result["misses"] == ["¶2:support", "¶2:recurrence"]


# ---------------------------------------------------------------------------------------------------
# Linearity: a long paragraph is read in time proportional to its length

SENTENCE = (
    "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính, UBND huyện Yên Thế rà soát các dự án; "
    "giao Sở Công Thương kiểm tra, hoàn thành trước ngày 15/4/2024. "
)


def _long_paragraph(size: int) -> str:
    body = (SENTENCE * (size // len(SENTENCE) + 1))[:size]
    return f"THÔNG BÁO\nKết luận\n1. {body}\n2. Sở Tài chính thẩm định."


def _characters_read(monkeypatch, text: str) -> int:
    """How many characters the parser hands to its readers of agencies and deadlines while reading `text`."""
    import reading.parser as parser

    counted = {"characters": 0}

    def counting(function):
        def wrapper(text, *args, **kwargs):
            counted["characters"] += len(text)
            return function(text, *args, **kwargs)

        return wrapper

    for name in ("read_agency_run", "read_deadline", "fold_with_offsets"):
        monkeypatch.setattr(parser, name, counting(getattr(parser, name)))
    parse_notice(text)
    return counted["characters"]


def test_the_work_of_reading_a_paragraph_grows_with_its_length_not_its_square(monkeypatch):
    small = _characters_read(monkeypatch, _long_paragraph(20_000))
    monkeypatch.undo()
    large = _characters_read(monkeypatch, _long_paragraph(80_000))

    # Four times the text is about four times the work (sixteen times, were it quadratic).
    assert large < 5 * small


# How the work grows is the test above; this bound only stops a regression that takes minutes (the quadratic
# reading did) from holding up the run.
@pytest.mark.timeout(60)
def test_a_200_kb_paragraph_is_read():
    notice = parse_notice(_long_paragraph(200_000))

    assert [task.number for task in notice.tasks][-1] == "2"
