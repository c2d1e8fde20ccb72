from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from reading.deadlines import DeadlineReading, fold_with_offsets, read_deadline
from tasktracker.vietnamese import fold

ISSUED = date(2025, 3, 5)  # a Wednesday


# ---------------------------------------------------------------------------------------------------
# Deadline phrases


@pytest.mark.parametrize(
    ("text", "issued_on", "as_written", "due_on", "recurrence"),
    [
        ("xong trong tháng 6/2024", None, "xong trong tháng 6/2024", date(2024, 6, 30), "none"),
        ("báo cáo trong tháng 3/2024", None, "trong tháng 3/2024", date(2024, 3, 31), "none"),
        ("trong tháng 2 năm 2024", None, "trong tháng 2 năm 2024", date(2024, 2, 29), "none"),
        ("hết năm 2025 đảm bảo có từ 05 người", None, "hết năm 2025", date(2025, 12, 31), "none"),
        ("đến hết năm 2025", None, "đến hết năm 2025", date(2025, 12, 31), "none"),
        ("hoàn thành trong năm 2024", None, "trong năm 2024", date(2024, 12, 31), "none"),
        ("trước 31/12/2025", None, "trước 31/12/2025", date(2025, 12, 31), "none"),
        ("trước ngày 15/4/2024", None, "trước ngày 15/4/2024", date(2024, 4, 15), "none"),
        ("xong trước 15/4/2024", None, "xong trước 15/4/2024", date(2024, 4, 15), "none"),
        ("chậm nhất ngày 20/5/2024", None, "chậm nhất ngày 20/5/2024", date(2024, 5, 20), "none"),
        ("trước ngày 15 tháng 4 năm 2024", None, "trước ngày 15 tháng 4 năm 2024", date(2024, 4, 15), "none"),
        ("trước ngày 15.4.2024", None, "trước ngày 15.4.2024", date(2024, 4, 15), "none"),
        ("hoàn thành trong quý II/2024", None, "trong quý II/2024", date(2024, 6, 30), "none"),
        ("quý II/2024", None, "quý II/2024", date(2024, 6, 30), "none"),
        ("quý 2 năm 2024", None, "quý 2 năm 2024", date(2024, 6, 30), "none"),
        ("trong quý IV/2025", None, "trong quý IV/2025", date(2025, 12, 31), "none"),
        ("trước quý III/2025", None, "trước quý III/2025", date(2025, 6, 30), "none"),
        ("trước tháng 6/2024", None, "trước tháng 6/2024", date(2024, 5, 31), "none"),
        ("trước năm 2026", None, "trước năm 2026", date(2025, 12, 31), "none"),
        ("6 tháng đầu năm 2024", None, "6 tháng đầu năm 2024", date(2024, 6, 30), "none"),
        ("trong 9 tháng đầu năm 2024", None, "trong 9 tháng đầu năm 2024", date(2024, 9, 30), "none"),
        ("6 tháng cuối năm", ISSUED, "6 tháng cuối năm", date(2025, 12, 31), "none"),
        ("trong 05 ngày làm việc", ISSUED, "trong 05 ngày làm việc", date(2025, 3, 12), "none"),
        ("trong 10 ngày", ISSUED, "trong 10 ngày", date(2025, 3, 15), "none"),
        ("trong vòng 02 tuần", ISSUED, "trong vòng 02 tuần", date(2025, 3, 19), "none"),
        ("trong 01 tháng", date(2024, 1, 31), "trong 01 tháng", date(2024, 2, 29), "none"),
        ("trước ngày 15/4", ISSUED, "trước ngày 15/4", date(2025, 4, 15), "none"),
        ("trước ngày 15/1", date(2024, 12, 20), "trước ngày 15/1", date(2025, 1, 15), "none"),
        ("Hằng tháng, rà soát lập danh sách", None, "Hằng tháng", None, "monthly"),
        ("hàng tháng báo cáo", None, "hàng tháng", None, "monthly"),
        ("định kỳ hằng tháng báo cáo UBND tỉnh", None, "định kỳ hằng tháng", None, "monthly"),
        ("trước ngày 20 hằng tháng", None, "trước ngày 20 hằng tháng", None, "monthly"),
        ("Hằng quý, tổng hợp", None, "Hằng quý", None, "quarterly"),
        ("Định kỳ hằng quý tổng hợp", None, "Định kỳ hằng quý", None, "quarterly"),
        ("tổng kết hằng năm", None, "hằng năm", None, "yearly"),
        ("Thường xuyên kiểm tra hiện trường", None, "Thường xuyên", None, "ongoing"),
        (
            "Thời gian hoàn thành: tháng 9/2024.",
            None,
            "Thời gian hoàn thành: tháng 9/2024",
            date(2024, 9, 30),
            "none",
        ),
        ("Thời hạn: quý III/2024", None, "Thời hạn: quý III/2024", date(2024, 9, 30), "none"),
    ],
)
def test_read_deadline(text, issued_on, as_written, due_on, recurrence):
    reading = read_deadline(text, issued_on)

    assert (reading.text, reading.due_on, reading.recurrence) == (as_written, due_on, recurrence)
    assert reading.flags == ()


@pytest.mark.parametrize(
    ("text", "as_written"),
    [
        ("cung ứng điện cho mùa hè năm 2024", "mùa hè năm 2024"),
        ("đầu năm 2025", "đầu năm 2025"),
        ("báo cáo vào cuối năm 2025", "vào cuối năm 2025"),
        ("cuối năm", "cuối năm"),
        ("giữa năm", "giữa năm"),
        ("cuối quý II/2025", "cuối quý II/2025"),
        ("trước Tết Nguyên đán", "trước Tết Nguyên đán"),
        ("trong dịp Tết Nguyên đán 2025", "trong dịp Tết Nguyên đán 2025"),
    ],
)
def test_vague_phrases_keep_the_words_and_are_flagged(text, as_written):
    assert read_deadline(text, ISSUED) == DeadlineReading(text=as_written, flags=("vague_deadline",))


@pytest.mark.parametrize(
    "text",
    [
        "Sớm xây dựng định hướng thu hút đầu tư vào khu công nghiệp",
        "Kịp thời hướng dẫn, giải quyết, tháo gỡ những khó khăn",
        "Tăng cường trao đổi, học tập kinh nghiệm",
        "hoàn thành các nhiệm vụ trọng tâm năm 2024 được giao",
        "theo Nghị định số 35/2022/NĐ-CP ngày 28/5/2022 của Chính phủ",
        "kết quả thực hiện năm 2023",
        "các khu công nghiệp sắp triển khai trong thời gian tới",
        # the name of a period, and the title of another document in parentheses (held-out 21, 20)
        "phát triển nông nghiệp tỉnh giai đoạn 2019-2025, định hướng đến năm 2030. Trong đó",
        "(Công văn số 896/UBND-NC về việc bảo đảm trật tự an toàn giao thông quý II-2020)",
        "",
    ],
)
def test_no_deadline(text):
    assert read_deadline(text, ISSUED) == DeadlineReading()


@pytest.mark.parametrize(
    ("text", "as_written", "due_on"),
    [
        ("trước ngày 30 tháng 6 năm 2024", "trước ngày 30 tháng 6 năm 2024", date(2024, 6, 30)),
        ("hoàn thành trong tháng 9 năm 2024", "trong tháng 9 năm 2024", date(2024, 9, 30)),
        ("chậm nhất là ngày 10/10/2024", "chậm nhất là ngày 10/10/2024", date(2024, 10, 10)),
        ("giải ngân 100% kế hoạch vốn trước 31/12", "trước 31/12", date(2024, 12, 31)),
        ("xong trước ngày 15/6", "xong trước ngày 15/6", date(2024, 6, 15)),
        ("hoàn thành trong năm 2025", "trong năm 2025", date(2025, 12, 31)),
        (
            "trong 10 ngày làm việc kể từ ngày ban hành thông báo này",
            "trong 10 ngày làm việc",
            date(2024, 6, 19),
        ),
        ("trong 05 ngày kể từ ngày ký Thông báo này", "trong 05 ngày", date(2024, 6, 10)),
    ],
)
def test_a_yearless_or_relative_phrase_is_read_in_the_notices_year_and_from_its_date(
    text, as_written, due_on
):
    assert read_deadline(text, date(2024, 6, 5)) == DeadlineReading(text=as_written, due_on=due_on)


@pytest.mark.parametrize(
    "text",
    [
        "tham mưu bố trí kinh phí trong dự toán ngân sách và kế hoạch năm 2025",
        "ban hành Kế hoạch cải cách hành chính năm 2025",
        "chuẩn bị kế hoạch đầu tư công năm 2025",
    ],
)
def test_a_year_alone_is_no_deadline(text):
    assert read_deadline(text, date(2024, 6, 5)) == DeadlineReading()


def test_a_relative_phrase_counted_from_another_day_is_vague():
    text = "thẩm định trong 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ; báo cáo UBND tỉnh"

    assert read_deadline(text, ISSUED) == DeadlineReading(
        text="trong 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", flags=("vague_deadline",)
    )


@pytest.mark.parametrize(
    ("text", "as_written", "recurrence", "flags"),
    [
        ("hằng ngày cập nhật tình hình", "hằng ngày", "ongoing", ()),
        ("Hằng tuần, tổng hợp tình hình", "Hằng tuần", "weekly", ()),
        ("Định kỳ 6 tháng, báo cáo kết quả", "Định kỳ 6 tháng", "semiannual", ()),
        ("định kỳ 06 tháng tổng hợp", "định kỳ 06 tháng", "semiannual", ()),
        ("báo cáo 6 tháng một lần", "6 tháng một lần", "semiannual", ()),
        ("định kỳ 02 tuần/lần báo cáo UBND tỉnh", "định kỳ 02 tuần/lần", "biweekly", ()),
        ("định kỳ 1 tuần một lần", "định kỳ 1 tuần một lần", "weekly", ()),
        ("định kỳ 3 tháng báo cáo", "định kỳ 3 tháng", "quarterly", ()),
        ("định kỳ 12 tháng tổng kết", "định kỳ 12 tháng", "yearly", ()),
        ("báo cáo trước ngày 15 hằng tháng", "trước ngày 15 hằng tháng", "monthly", ()),
        ("định kỳ 4 tháng báo cáo", "định kỳ 4 tháng", "ongoing", ("vague_deadline",)),
        ("định kỳ 3 tuần/lần báo cáo", "định kỳ 3 tuần/lần", "ongoing", ("vague_deadline",)),
    ],
)
def test_periods_recur_and_those_the_recurrences_cannot_schedule_are_ongoing_and_flagged(
    text, as_written, recurrence, flags
):
    assert read_deadline(text, ISSUED) == DeadlineReading(text=as_written, recurrence=recurrence, flags=flags)


@pytest.mark.parametrize(
    ("text", "as_written", "due_on"),
    [
        ("đến 30/5/2026 phải hoàn thành việc sắp xếp", "đến 30/5/2026", date(2026, 5, 30)),
        ("gửi Sở Tài chính chậm nhất ngày 20/6/2025", "chậm nhất ngày 20/6/2025", date(2025, 6, 20)),
        ("hoàn thành trong giai đoạn 2025 - 2026", "trong giai đoạn 2025 - 2026", date(2026, 12, 31)),
    ],
)
def test_deadline_phrases_of_letters(text, as_written, due_on):
    assert read_deadline(text, ISSUED) == DeadlineReading(text=as_written, due_on=due_on)


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch sử dụng đất giai đoạn 2021 - 2025 của tỉnh",  # the name of a plan's period
        "tổ chức các hoạt động tuyên truyền trong năm 2025",  # the year of a plan's activities
        "báo cáo tình hình giải ngân kế hoạch đầu tư công năm 2024",
    ],
)
def test_the_year_of_a_plan_is_no_deadline(text):
    assert read_deadline(text, ISSUED).due_on is None


def test_a_day_before_the_document_is_kept_as_written_and_flagged():
    reading = read_deadline("hoàn thành trước ngày 21/11/2022.", date(2023, 11, 14))

    assert reading == DeadlineReading(
        text="trước ngày 21/11/2022", due_on=date(2022, 11, 21), flags=("deadline_before_document_date",)
    )


def test_a_date_and_a_deadline_counted_from_another_day_are_both_shown():
    reading = read_deadline(
        "xong trong quý I/2025. Giao Sở Xây dựng thẩm định trong 15 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
        date(2024, 10, 22),
    )

    assert (reading.text, reading.due_on, reading.flags) == (
        "xong trong quý I/2025",
        date(2025, 3, 31),
        ("multiple_deadlines",),
    )


def test_relative_deadline_without_the_issue_date_keeps_the_words_and_is_flagged():
    assert read_deadline("trong 05 ngày làm việc", None) == DeadlineReading(
        text="trong 05 ngày làm việc", flags=("relative_deadline_without_issue_date",)
    )


def test_a_yearless_phrase_takes_the_default_year_of_a_draft():
    assert read_deadline("trong tháng 3", None, default_year=2024).due_on == date(2024, 3, 31)
    assert read_deadline("trong tháng 3", None).flags == ("deadline_year_unknown",)


def test_an_impossible_date_is_flagged():
    assert read_deadline("trước ngày 31/2/2025").flags == ("invalid_deadline_date",)


def test_a_dated_phrase_wins_over_ongoing_words():
    text = "có văn bản gửi Ban **trong tháng 3/2024** để trao đổi; thường xuyên đôn đốc"

    assert read_deadline(text) == DeadlineReading(text="trong tháng 3/2024", due_on=date(2024, 3, 31))


def test_the_earliest_of_several_dates_wins_and_is_flagged():
    reading = read_deadline("báo cáo trước ngày 15/4/2024; hoàn thành xong trong quý II/2024")

    assert (reading.text, reading.due_on) == ("trước ngày 15/4/2024", date(2024, 4, 15))
    assert reading.flags == ("multiple_deadlines",)


def test_a_date_and_a_recurrence_are_flagged():
    reading = read_deadline("Hằng tháng báo cáo; tổng kết trước ngày 15/12/2025")

    assert (reading.due_on, reading.recurrence) == (date(2025, 12, 15), "none")
    assert reading.flags == ("multiple_deadlines",)


def test_vague_words_beside_a_recurrence_do_not_compete():
    reading = read_deadline("Hằng quý, báo cáo UBND tỉnh trước ngày 20 của tháng cuối quý.")

    assert reading == DeadlineReading(text="Hằng quý", recurrence="quarterly")


def test_a_reference_date_is_not_a_deadline():
    reading = read_deadline("số liệu tính đến hết năm 2024, báo cáo trước ngày 15/1/2025")

    assert (reading.text, reading.due_on, reading.flags) == ("trước ngày 15/1/2025", date(2025, 1, 15), ())


def test_markdown_does_not_leak_into_the_words():
    assert (
        read_deadline("trình cấp có thẩm quyền **xong trong tháng 6/2024**.").text
        == "xong trong tháng 6/2024"
    )
    assert read_deadline("(*hết năm 2025 đảm bảo có từ 05 người*)").text == "hết năm 2025"


def test_words_broken_over_lines_are_joined():
    assert read_deadline("xong trong\ntháng 6/2024").text == "xong trong tháng 6/2024"


def test_diacritics_in_either_normal_form_are_read():
    decomposed = "xong trong tha\u0301ng 6/2024"  # NFD: á written as a + combining acute

    assert read_deadline(decomposed).due_on == date(2024, 6, 30)


def test_a_reading_is_frozen():
    with pytest.raises(FrozenInstanceError):
        read_deadline("hết năm 2025").due_on = None


@pytest.mark.parametrize("text", ["Tiêu thoát  NƯỚC", "Hoà\u0300 Bình", "  đầu\tnăm\n2025 ", ""])
def test_fold_with_offsets_folds_as_fold_does(text):
    folded, offsets = fold_with_offsets(text)

    assert folded == fold(text)
    assert len(offsets) == len(folded)
