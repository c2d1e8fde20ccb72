"""Deadlines as notices write them (working days are counted by `workdays`, the one calendar).

Pure functions: no Django. `read_deadline` finds the deadline phrase of one task's text
(`xong trong tháng 6/2024`, `quý II/2025`, `trong 05 ngày làm việc`, `Hằng tháng`, `mùa hè năm 2024`, …)
and turns it into a date, a recurrence, or a flag for a person to look at. The words as written are
always kept beside what was computed from them.

How a phrase is chosen when a task holds several:
1. a phrase that yields a date wins (the earliest, if several: flag ``multiple_deadlines``, as when a
   date and a recurrence meet);
2. then a dated phrase that cannot be resolved (a relative one without the issue date, one without a year);
3. then a recurrence (``Hằng tháng`` …), then a vague phrase (``mùa hè năm 2024``), then ``thường xuyên``.
`kịp thời` and `sớm` are manners of working, not deadlines: they set nothing.

Phrases the tracker cannot turn into a date by itself:
- a day or month without a year (`trước 31/12`, `xong trước ngày 15/6`) takes the notice's year (the next
  one when it would fall well before the notice); only with no year anywhere is it flagged
  ``deadline_year_unknown``;
- a relative phrase counts from the notice's date (`kể từ ngày ký Thông báo này` or nothing said); counted
  from another day (`kể từ ngày nhận đủ hồ sơ`) it has no date until that day comes: ``vague_deadline``;
- periods: daily work is ongoing work; monthly, quarterly and yearly ones (`định kỳ 3 tháng` is quarterly)
  recur; a period the recurrences cannot schedule (`hằng tuần`, `định kỳ 6 tháng`) is read as ongoing and
  flagged ``vague_deadline`` for a person to set the report dates;
- a year alone is no deadline (`kế hoạch năm 2025`): only `trong/hết/trước năm 2025` is.
"""

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from reading.recurrence import Recurrence
from tasktracker.vietnamese import fold
from workdays import add_working_days

# Short names of the one enum's values (reading.recurrence.Recurrence), as this module has used them.
NO_RECURRENCE = Recurrence.NONE
MONTHLY = Recurrence.MONTHLY
QUARTERLY = Recurrence.QUARTERLY
YEARLY = Recurrence.YEARLY
ONGOING = Recurrence.ONGOING
WEEKLY = Recurrence.WEEKLY
BIWEEKLY = Recurrence.BIWEEKLY
SEMIANNUAL = Recurrence.SEMIANNUAL
RECURRENCES = tuple(Recurrence)

# Review flags: what a person has to settle because the words do not.
VAGUE_DEADLINE = "vague_deadline"
RELATIVE_WITHOUT_ISSUE_DATE = "relative_deadline_without_issue_date"
YEAR_UNKNOWN = "deadline_year_unknown"
INVALID_DATE = "invalid_deadline_date"
MULTIPLE_DEADLINES = "multiple_deadlines"
BEFORE_DOCUMENT_DATE = "deadline_before_document_date"

# A yearless day or month that falls further back than this before the issue date means next year.
_YEAR_ROLLOVER_TOLERANCE = timedelta(days=60)


@dataclass(frozen=True)
class DeadlineReading:
    """What a task's words say about when it is due."""

    text: str | None = None
    due_on: date | None = None
    recurrence: str = NO_RECURRENCE
    flags: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------------
# Folded text that remembers where each character came from


@lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    """`fold` of one character, remembered: a long text repeats the same few hundred characters."""
    return fold(character)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each character of it the index in `text` it came from."""
    characters: list[str] = []
    offsets: list[int] = []
    for index, character in enumerate(text):
        if character.isspace():
            if characters and characters[-1] != " ":
                characters.append(" ")
                offsets.append(index)
            continue
        folded = _fold_character(character)
        if len(folded) == 1:
            characters.append(folded)
            offsets.append(index)
            continue
        for each in folded:
            characters.append(each)
            offsets.append(index)
    if characters and characters[-1] == " ":
        characters.pop()
        offsets.pop()
    return "".join(characters), offsets


# ---------------------------------------------------------------------------------------------------
# Deadline phrases (matched on folded text: lower case, no diacritics, single spaces)

_BY = (
    r"(?P<by>(?:xong )?"
    r"(?:truoc|cham nhat(?: la)?(?: (?:vao|trong|truoc))?|han chot(?: la)?|trong|(?:den )?het|den"
    r"|thoi (?:han|gian)(?: hoan thanh| thuc hien)?(?: la)?:?))"
)
_YEAR_TAIL = r"(?:(?:/|-| nam )(?P<year>\d{4}))"
_QUARTER = r"(?P<quarter>iv|i{1,3}|[1-4])"


def _phrase(pattern: str) -> re.Pattern[str]:
    """A phrase pattern that starts at a word boundary."""
    return re.compile(r"(?<!\w)" + pattern)


# `trước 14 giờ, ngày 05/12/2017`: the hour of the day before the date.
_HOUR = r"(?: \d{1,2} ?(?:gio|h)(?: ?\d{1,2}(?: phut)?)?,?)?"

_DATE_NUMERIC = _phrase(
    rf"{_BY}{_HOUR}(?: ngay)? (?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})"
    r"(?:(?P=sep)(?P<year>\d{4}))?"
    r"(?!\d)(?![/.-]\d)"
)
_DATE_WORDS = _phrase(
    rf"{_BY} ngay (?P<day>\d{{1,2}}) thang (?P<month>\d{{1,2}})(?: nam (?P<year>\d{{4}}))?(?!\d)"
)
_MONTH = _phrase(rf"{_BY} thang (?P<month>\d{{1,2}}){_YEAR_TAIL}?(?![\d/])")
# `cuối quý II/2025` is left to the vague phrases, as `cuối năm` is.
_QUARTER_PHRASE = _phrase(rf"(?<!cuoi )(?<!dau )(?<!giua )(?:{_BY} )?quy {_QUARTER}{_YEAR_TAIL}?(?![\w/])")
_YEAR = _phrase(rf"{_BY} nam (?P<year>\d{{4}})(?![\d/])")
# `trong giai đoạn 2018 - 2020`: by the end of the period's last year (a period named without `trong`,
# `Kế hoạch … giai đoạn 2016 - 2020`, is a name, not a deadline).
_PERIOD = _phrase(rf"{_BY} giai doan (?:nam )?\d{{4}} ?[-–] ?(?:nam )?(?P<year>\d{{4}})(?![\d/])")
_PART_OF_YEAR = _phrase(
    rf"(?:{_BY} )?(?P<count>\d{{1,2}}) thang (?P<part>dau|cuoi) nam(?: (?P<year>\d{{4}}))?(?!\d)"
)
_RELATIVE = _phrase(
    r"(?:xong )?(?:trong(?: vong| thoi han| thoi gian)?|cham nhat(?: la)?(?: sau)?|sau) "
    r"(?P<count>\d{1,3}) (?P<unit>ngay lam viec|ngay|tuan|thang)(?! (?:dau|cuoi) nam)(?!\w)"
)
# `trước ngày 25 hằng tháng`, `trước ngày 15/12 hằng năm`, `trước ngày 20 tháng 12 hằng năm`: the day within
# each period is part of the phrase.
_RECURRING = _phrase(
    r"(?:(?:truoc|cham nhat(?: la)?|vao|tu)(?: ngay)? \d{1,2}(?:/\d{1,2}| thang \d{1,2})? (?:cua )?)?"
    r"(?:dinh ky )?(?:hang|moi) (?P<period>thang|quy|nam|tuan|ngay)(?!\w)"
)
# `định kỳ 02 tuần/lần`, `2 tuần một lần`, `định kỳ 1 tuần`: a period counted in weeks.
_RECURRING_WEEKS = _phrase(
    r"(?:dinh ky (?:(?:hang|moi) )?(?P<count>\d{1,2}) tuan(?: (?:mot|1) lan|/ ?lan)?"
    r"|(?P<count2>\d{1,2}) tuan (?:mot|1) lan|(?P<count3>\d{1,2}) tuan/ ?lan)(?!\w)"
)
# `định kỳ 6 tháng`, `6 tháng một lần`, `6 tháng/lần`: a period counted in months.
_RECURRING_MONTHS = _phrase(
    r"(?:dinh ky (?:(?:hang|moi) )?(?P<count>\d{1,2}) thang(?: (?:mot|1) lan|/ ?lan)?"
    r"|(?P<count2>\d{1,2}) thang (?:mot|1) lan|(?P<count3>\d{1,2}) thang/ ?lan)(?!\w)(?! (?:dau|cuoi) nam)"
)
# `định kỳ ít nhất 2 lần/năm`, `04 lần một năm`: a count of times in a year (or a month).
_TIMES_A_PERIOD = _phrase(
    r"(?:dinh ky )?(?:(?:it nhat|toi thieu) )?(?P<count>\d{1,2}) lan(?:/ ?| (?:mot|moi|trong|1) )"
    r"(?P<period>nam|thang)(?!\w)"
)
# After `kể từ`/`tính từ`: the day a relative deadline counts from, when it is the notice's own
# (`kể từ ngày ký Thông báo này`, `kể từ ngày ban hành`).
_FROM_THE_NOTICE = re.compile(
    r"^,? (?:ke|tinh) tu (?:ngay )?(?:(?:ky|ban hanh|phat hanh|nhan duoc) )?(?:thong bao|van ban nay)"
    r"|^,? (?:ke|tinh) tu ngay (?:ky|ban hanh)(?:$|[,;.])"
)
_FROM_ANOTHER_DAY = re.compile(r"^,? (?:ke|tinh) tu(?!\w)")
_ONGOING = _phrase(r"thuong xuyen(?!\w)")
_VAGUE = _phrase(
    r"(?:(?:truoc|trong|vao|den) )?(?:"
    r"mua (?:xuan|he|thu|dong|mua bao|mua lu|mua|kho)(?: nam \d{4})?"
    r"|(?:dau|giua|cuoi) nam(?: (?:\d{4}|nay|toi|sau))?"
    rf"|(?:dau|giua|cuoi) quy(?: {_QUARTER})?(?:(?:/| nam )\d{{4}})?"
    r"|(?:dau|giua|cuoi) thang(?: \d{1,2})?(?:(?:/| nam )\d{4})?"
    r"|dip tet(?: nguyen dan)?(?: (?:nam )?\d{4})?|tet nguyen dan(?: (?:nam )?\d{4})?"
    r")(?!\w)"
)
# Words that make the date after them a reference ("as of"), never a deadline.
_REFERENCE_LEAD_INS = (
    "tinh den",
    "so voi",
    "ke tu",
    "dinh huong",
    "dinh huong den",
    "tam nhin",
    "tam nhin den",
)

_RECURRENCE_OF_PERIOD = {"thang": MONTHLY, "quy": QUARTERLY, "nam": YEARLY, "tuan": WEEKLY, "ngay": ONGOING}
_RECURRENCE_OF_MONTHS = {1: MONTHLY, 3: QUARTERLY, 6: SEMIANNUAL, 12: YEARLY}
_RECURRENCE_OF_WEEKS = {1: WEEKLY, 2: BIWEEKLY}
# Periods the recurrences cannot schedule: read as ongoing, for a person to set the report dates. Daily
# work is ongoing work, and needs no one to look.
_UNSCHEDULED_PERIODS: set[str] = set()
_QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Candidate ranks: the lower wins.
_DATED, _UNRESOLVED, _RECURRENCE, _VAGUE_RANK, _ONGOING_RANK = range(5)


@dataclass(frozen=True)
class _Context:
    issued_on: date | None
    default_year: int | None

    @property
    def earliest_plausible(self) -> date | None:
        """A deadline before the start of the notice's year is a reference to the past, not a deadline."""
        year = self.issued_on.year if self.issued_on else self.default_year
        return date(year, 1, 1) if year else None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rank: int
    due_on: date | None = None
    recurrence: str = NO_RECURRENCE
    flags: tuple[str, ...] = ()


def read_deadline(
    text: str, issued_on: date | None = None, *, default_year: int | None = None
) -> DeadlineReading:
    """Find the deadline phrase in a task's `text` and read it (see the module docstring for the rules).

    `issued_on` is the notice's date: relative phrases count from it and yearless ones take its year.
    `default_year` stands in for the year when the notice's day is blank (a draft) but its year is known.
    """
    folded, offsets = fold_with_offsets(text or "")
    context = _Context(issued_on, default_year)
    everything = [
        (candidate, match)
        for pattern, interpret in _INTERPRETERS
        for match in pattern.finditer(folded)
        if not _is_reference(folded, match.start())
        for candidate in [interpret(match, context)]
        if candidate is not None
    ]
    candidates = [candidate for candidate, _match in everything if _is_plausible(candidate, context)]
    if not candidates:  # `hoàn thành trước ngày 21/11/2022` in a letter of 2023: kept as written, flagged
        candidates = [
            replace(candidate, flags=(*candidate.flags, BEFORE_DOCUMENT_DATE))
            for candidate, match in everything
            if _is_a_written_day(match)
        ][:1]
    candidates = _without_overlaps(candidates)
    if not candidates:
        return DeadlineReading()
    chosen = _choose(candidates)
    flags = list(chosen.flags)
    if _has_competing_phrases(candidates, chosen):
        flags.append(MULTIPLE_DEADLINES)
    return DeadlineReading(
        text=_as_written(text, offsets, chosen),
        due_on=chosen.due_on,
        recurrence=chosen.recurrence,
        flags=tuple(flags),
    )


def _is_a_written_day(match: re.Match[str]) -> bool:
    """Whether the phrase is a whole day with its year after `trước`/`chậm nhất` (a deadline for sure)."""
    groups = match.re.groupindex
    return (
        "day" in groups
        and bool(match.group("year"))
        and (match.group("by") or "").removeprefix("xong ").startswith(("truoc", "cham nhat", "han chot"))
    )


# Words in parentheses before a phrase that show it is the title of another document, not this one's deadline.
_NAMES_A_DOCUMENT = re.compile(r"(?<!\w)(?:so \d|ve viec)")


def _is_reference(folded: str, start: int) -> bool:
    """Whether the phrase at `start` follows words such as `tính đến` that make it a reference date, or
    names a period (`giai đoạn 2019-2025, định hướng đến năm 2030`, `tầm nhìn đến năm 2045`), or stands
    inside parentheses that name another document (`(Công văn số 896/UBND-NC … về việc … quý II-2020)`)."""
    opening = folded.rfind("(", max(0, start - 400), start)
    if opening >= 0 and ")" not in folded[opening:start] and _NAMES_A_DOCUMENT.search(folded, opening, start):
        return True
    before = folded[max(0, start - 12) : start].rstrip()
    if folded.startswith("den ", start):  # `tính đến hết năm 2024`: the phrase itself begins at `đến`
        before += " den"
    return any(before == lead_in or before.endswith(" " + lead_in) for lead_in in _REFERENCE_LEAD_INS)


def _is_plausible(candidate: _Candidate, context: _Context) -> bool:
    """Whether a dated candidate could be a deadline of this notice (not a year already over)."""
    earliest = context.earliest_plausible
    return candidate.due_on is None or earliest is None or candidate.due_on >= earliest


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop candidates inside a better or longer one (`cuối năm` inside `6 tháng cuối năm 2024`); a date
    inside a recurrence is the day of each period (`trước ngày 15/12 hằng năm`), not a deadline."""
    recurrences = [candidate for candidate in candidates if candidate.rank == _RECURRENCE]
    candidates = [
        candidate
        for candidate in candidates
        if candidate.rank == _RECURRENCE
        or not any(other.start <= candidate.start and candidate.end <= other.end for other in recurrences)
    ]
    ordered = sorted(candidates, key=lambda c: (c.rank, -(c.end - c.start), c.start))
    kept: list[_Candidate] = []
    for candidate in ordered:
        if all(candidate.end <= other.start or candidate.start >= other.end for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _choose(candidates: list[_Candidate]) -> _Candidate:
    """The candidate that decides: best rank; among dated ones the earliest date, else the first written."""
    best_rank = min(candidate.rank for candidate in candidates)
    best = [candidate for candidate in candidates if candidate.rank == best_rank]
    if best_rank == _DATED:
        return min(best, key=lambda candidate: (candidate.due_on, candidate.start))
    return best[0]


def _has_competing_phrases(candidates: list[_Candidate], chosen: _Candidate) -> bool:
    """Whether another dated or recurring phrase says something else than the chosen one.

    Vague words beside a date or a recurrence (`tháng cuối quý` after `Hằng quý`) describe, not compete.
    """
    return any(
        candidate.rank < _VAGUE_RANK
        and (candidate.due_on, candidate.recurrence) != (chosen.due_on, chosen.recurrence)
        for candidate in candidates
        if candidate is not chosen
    )


def _as_written(text: str, offsets: list[int], candidate: _Candidate) -> str:
    """The candidate's words in the original text, white space collapsed."""
    original = text[offsets[candidate.start] : offsets[candidate.end - 1] + 1]
    return " ".join(original.split())


# ---------------------------------------------------------------------------------------------------
# Interpreters: one per kind of phrase, each turning a match into a candidate


def _is_before(match: re.Match[str]) -> bool:
    """Whether the phrase says `trước <period>`: due the day before the period starts."""
    by = match.group("by") or ""
    return by.removeprefix("xong ") == "truoc"


def _year_of(match: re.Match[str], context: _Context) -> tuple[int | None, bool]:
    """The year the phrase names, else the notice's; and whether it was written."""
    if match.group("year"):
        return int(match.group("year")), True
    if context.issued_on:
        return context.issued_on.year, False
    return context.default_year, False


def _dated(match: re.Match[str], context: _Context, due_on_in: Callable[[int], date]) -> _Candidate:
    """A candidate whose date `due_on_in(year)` computes, with the year settled or flagged."""
    year, written = _year_of(match, context)
    if year is None:
        return _Candidate(match.start(), match.end(), _UNRESOLVED, flags=(YEAR_UNKNOWN,))
    try:
        due_on = due_on_in(year)
        if not written and context.issued_on and due_on < context.issued_on - _YEAR_ROLLOVER_TOLERANCE:
            due_on = due_on_in(year + 1)
    except ValueError:
        return _Candidate(match.start(), match.end(), _UNRESOLVED, flags=(INVALID_DATE,))
    return _Candidate(match.start(), match.end(), _DATED, due_on=due_on)


def _end_of_month(year: int, month: int) -> date:
    """The last day of `month` in `year`."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _read_date(match: re.Match[str], context: _Context) -> _Candidate:
    """`trước ngày 15/4/2024`, `chậm nhất ngày 20 tháng 5 năm 2024`: that very day."""
    day, month = int(match.group("day")), int(match.group("month"))
    return _dated(match, context, lambda year: date(year, month, day))


def _read_month(match: re.Match[str], context: _Context) -> _Candidate:
    """`xong trong tháng 6/2024`: the month's last day; `trước tháng 6/2024`: the day before it starts."""
    month = int(match.group("month"))
    if _is_before(match):
        return _dated(match, context, lambda year: date(year, month, 1) - timedelta(days=1))
    return _dated(match, context, lambda year: _end_of_month(year, month))


def _read_quarter(match: re.Match[str], context: _Context) -> _Candidate:
    """`quý II/2024`: the quarter's last day; `trước quý III/2025`: the day before it starts."""
    quarter = _QUARTER_NUMBERS[match.group("quarter")]
    if _is_before(match):
        return _dated(match, context, lambda year: date(year, 3 * quarter - 2, 1) - timedelta(days=1))
    return _dated(match, context, lambda year: _end_of_month(year, 3 * quarter))


# `kế hoạch … trong năm 2026`, `các hoạt động trong năm 2026`: the year of a plan's activities, no deadline.
_PLAN_BEFORE = re.compile(r"(?:(?:hoat dong|chuong trinh)(?: \S+){0,3}|ke hoach(?: nam)?) $")


def _read_year(match: re.Match[str], context: _Context) -> _Candidate | None:
    """`hết năm 2025`, `trong năm 2024`: 31 December; `trước năm 2026`: 31 December of the year before.

    `trong năm 2026` after a plan's activities (`các hoạt động … trong năm 2026`) names their year: none.
    """
    before = match.string[max(0, match.start() - 60) : match.start()]
    if match.group("by") == "trong" and _PLAN_BEFORE.search(before):
        return None
    shift = 1 if _is_before(match) else 0
    return _dated(match, context, lambda year: date(year - shift, 12, 31))


def _read_part_of_year(match: re.Match[str], context: _Context) -> _Candidate:
    """`6 tháng đầu năm 2024`: the end of June; `6 tháng cuối năm`: 31 December."""
    count = int(match.group("count"))
    if match.group("part") == "cuoi":
        return _dated(match, context, lambda year: date(year, 12, 31))
    return _dated(match, context, lambda year: _end_of_month(year, count))


def _read_relative(match: re.Match[str], context: _Context) -> _Candidate:
    """`trong 05 ngày làm việc`, `trong 10 ngày`, `trong 02 tuần`, `trong 03 tháng`: from the issue date.

    Counted from another day (`kể từ ngày nhận đủ hồ sơ`), it has no date until that day is known: vague.
    """
    following = match.string[match.end() :]
    if _FROM_ANOTHER_DAY.match(following) and not _FROM_THE_NOTICE.match(following):
        # The words up to the end of the clause say from when: a person needs them to set the date.
        clause = re.split(r"[,;.]", following, maxsplit=1)[0]
        end = match.end() + len(clause.rstrip())
        return _Candidate(match.start(), end, _UNRESOLVED, flags=(VAGUE_DEADLINE,))
    if context.issued_on is None:
        return _Candidate(match.start(), match.end(), _UNRESOLVED, flags=(RELATIVE_WITHOUT_ISSUE_DATE,))
    count, unit, start = int(match.group("count")), match.group("unit"), context.issued_on
    if unit == "ngay lam viec":
        due_on = add_working_days(start, count)
    elif unit == "ngay":
        due_on = start + timedelta(days=count)
    elif unit == "tuan":
        due_on = start + timedelta(weeks=count)
    else:
        due_on = _add_months(start, count)
    return _Candidate(match.start(), match.end(), _DATED, due_on=due_on)


def _add_months(start: date, count: int) -> date:
    """The same day `count` months later, or that month's last day when it is shorter."""
    return start + relativedelta(months=count)


def _read_recurring(match: re.Match[str], context: _Context) -> _Candidate:
    """`Hằng tháng`, `định kỳ hằng quý`, `hằng năm`: a recurrence (daily: ongoing; weekly: flagged too)."""
    period = match.group("period")
    flags = (VAGUE_DEADLINE,) if period in _UNSCHEDULED_PERIODS else ()
    return _Candidate(
        match.start(), match.end(), _RECURRENCE, recurrence=_RECURRENCE_OF_PERIOD[period], flags=flags
    )


def _read_recurring_months(match: re.Match[str], context: _Context) -> _Candidate:
    """`định kỳ 6 tháng`, `3 tháng một lần`: a recurrence when the months make one, else ongoing, flagged."""
    months = int(match.group("count") or match.group("count2") or match.group("count3"))
    recurrence = _RECURRENCE_OF_MONTHS.get(months)
    if recurrence:
        return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=recurrence)
    return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=ONGOING, flags=(VAGUE_DEADLINE,))


def _read_recurring_weeks(match: re.Match[str], context: _Context) -> _Candidate:
    """`định kỳ 02 tuần/lần`: biweekly; `1 tuần một lần`: weekly; other counts ongoing, flagged."""
    weeks = int(match.group("count") or match.group("count2") or match.group("count3"))
    recurrence = _RECURRENCE_OF_WEEKS.get(weeks)
    if recurrence:
        return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=recurrence)
    return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=ONGOING, flags=(VAGUE_DEADLINE,))


def _read_times_a_period(match: re.Match[str], context: _Context) -> _Candidate:
    """`2 lần/năm`: semiannual; `4 lần/năm` quarterly; `1 lần/tháng` monthly; other counts ongoing,
    flagged."""
    count = int(match.group("count"))
    months = 12 // count if match.group("period") == "nam" and count and 12 % count == 0 else None
    if match.group("period") == "thang":
        months = 1 if count == 1 else None
    recurrence = _RECURRENCE_OF_MONTHS.get(months) if months else None
    if recurrence:
        return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=recurrence)
    return _Candidate(match.start(), match.end(), _RECURRENCE, recurrence=ONGOING, flags=(VAGUE_DEADLINE,))


def _read_ongoing(match: re.Match[str], context: _Context) -> _Candidate:
    """`thường xuyên`: ongoing work that has no date and is never overdue."""
    return _Candidate(match.start(), match.end(), _ONGOING_RANK, recurrence=ONGOING)


def _read_vague(match: re.Match[str], context: _Context) -> _Candidate:
    """`mùa hè năm 2024`, `cuối năm`: a time nobody can put a date on without asking."""
    return _Candidate(match.start(), match.end(), _VAGUE_RANK, flags=(VAGUE_DEADLINE,))


_INTERPRETERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], _Context], _Candidate | None]], ...] = (
    (_DATE_NUMERIC, _read_date),
    (_DATE_WORDS, _read_date),
    (_MONTH, _read_month),
    (_QUARTER_PHRASE, _read_quarter),
    (_YEAR, _read_year),
    (_PERIOD, _read_year),
    (_PART_OF_YEAR, _read_part_of_year),
    (_RELATIVE, _read_relative),
    (_RECURRING, _read_recurring),
    (_RECURRING_MONTHS, _read_recurring_months),
    (_RECURRING_WEEKS, _read_recurring_weeks),
    (_TIMES_A_PERIOD, _read_times_a_period),
    (_ONGOING, _read_ongoing),
    (_VAGUE, _read_vague),
)
