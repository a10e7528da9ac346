"""Vietnamese cell text and numbers: cleaning, matching keys, numbers, ranks, whole columns."""

from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.io.legacy import encode_tcvn3, encode_vni
from cchc_analysis.io.text import (
    AmbiguousNumberError,
    NumberFormatError,
    clean_text,
    is_missing,
    match_key,
    parse_number,
    parse_number_column,
    parse_rank,
    parse_score_pair,
)

PAPI_CSV = Path(__file__).resolve().parents[1] / "data" / "raw" / "papi" / "csv"
PROVINCES_CSV = Path(__file__).parent / "data" / "admin2025" / "province_old_to_new_DERIVED.csv"
TITLE = "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"


def col_c(i: int) -> str:
    """Cell reference of item i of a column that starts at C5."""
    return f"C{i + 5}"


# --- clean_text ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, "", "   ", "\n\t", "\xa0\u200b"])
def test_clean_text_missing(value):
    assert clean_text(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Quảng   Ninh ", "Quảng Ninh"),
        ("Bà Rịa -\nVũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Thừa\tThiên\xa0Huế", "Thừa Thiên Huế"),
        ("Hải\u200b Hà", "Hải Hà"),
        ("KẾT QUẢ XÁC ĐỊNH\r\nCHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022", TITLE),
        (unicodedata.normalize("NFD", "Đắk Lắk"), "Đắk Lắk"),
        ("§µ N½ng", "Đà Nẵng"),
        ("Ñaø Naüng", "Đà Nẵng"),
        (encode_tcvn3(TITLE, vntimeh=True), TITLE),
        (encode_vni("Chỉ số hài lòng SIPAS"), "Chỉ số hài lòng SIPAS"),
        (2022, "2022"),
        (np.int64(7), "7"),
        (2022.0, "2022"),
    ],
)
def test_clean_text(value, expected):
    result = clean_text(value)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize("value", [True, 86.5, object()])
def test_clean_text_refuses_non_text(value):
    with pytest.raises(TypeError, match="Expected text"):
        clean_text(value)


# --- match_key -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Thừa Thiên - Huế", "thua thien hue"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("TP.HCM", "tp hcm"),
        ("TP. Hồ Chí Minh", "tp ho chi minh"),
        ("Hoà Bình", "hoa binh"),
        ("Hòa Bình", "hoa binh"),
        ("HOÀ BÌNH", "hoa binh"),
        ("Đắk Lắk", "dak lak"),
        ("Bà Rịa–Vũng Tàu", "ba ria vung tau"),
        ("Bà Rịa — Vũng Tàu (cũ)", "ba ria vung tau cu"),
        ("Chỉ số 1/Chỉ số 2, tổng", "chi so 1 chi so 2 tong"),
        ("§µ N½ng", "da nang"),
        ("  ", ""),
    ],
)
def test_match_key(value, expected):
    assert match_key(value) == expected


def test_match_key_nfd_and_legacy_give_the_nfc_key():
    for name in ("Quảng Ninh", "Hải Hà", "Thừa Thiên Huế", "Đắk Lắk", TITLE):
        key = match_key(name)
        assert match_key(unicodedata.normalize("NFD", name)) == key
        assert match_key(encode_vni(name)) == key
    assert match_key(encode_tcvn3(TITLE, vntimeh=True)) == match_key(TITLE)


def test_match_key_keeps_all_63_provinces_apart():
    with PROVINCES_CSV.open(encoding="utf-8") as f:
        names = {row["old_prov"] for row in csv.DictReader(f)}
    names = {n.removeprefix("Tỉnh ").removeprefix("Thành phố ") for n in names}
    keys = {match_key(n) for n in names}
    assert len(names) == len(keys) == 63
    assert all(k.isascii() and k == k.strip() and "  " not in k for k in keys)


def test_match_key_of_a_non_string():
    assert match_key(None) == ""
    assert match_key(2022) == "2022"


# --- is_missing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), np.nan, "", "  ", "-", "–", "—", "N/A", "n/a", "NA", "x", "X", "#N/A",
     "KXĐ", "kxđ", " - ", "\xa0"],
)  # fmt: skip
def test_is_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "86,02", "Hà Nội", "xã", "NAM", False])
def test_is_not_missing(value):
    assert not is_missing(value)


# --- parse_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86,02", 86.02),
        ("86,02%", 86.02),
        ("86,02 %", 86.02),
        ("77,93 điểm", 77.93),
        ("87,61 ĐIỂM", 87.61),
        ("90.17", 90.17),
        ("90.17%", 90.17),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12.345.678,9", 12345678.9),
        ("1.234.567", 1234567.0),
        ("1,234,567", 1234567.0),
        ("-1,5", -1.5),
        ("\u22121,5", -1.5),
        ("+2,5", 2.5),
        ("+6,39%", 6.39),
        ("½", 0.5),
        ("1½", 1.5),
        ("¼", 0.25),
        ("¾", 0.75),
        ("-½", -0.5),
        ("51,39/66,5", 51.39),
        ("40,62/80", 40.62),
        ("0,123", 0.123),
        ("1234,567", 1234.567),
        ("0,5", 0.5),
        (",5", 0.5),
        ("7", 7.0),
        ("0", 0.0),
        (" 86,02\xa0", 86.02),
        ("1e-05", 1e-05),
    ],
)
def test_parse_number_text(text, expected):
    assert parse_number(text) == pytest.approx(expected, abs=0, rel=1e-15)


@pytest.mark.parametrize(("value", "expected"), [(86, 86.0), (86.02, 86.02), (np.float32(0.5), 0.5)])
def test_parse_number_passes_numbers_through(value, expected):
    assert parse_number(value) == expected


@pytest.mark.parametrize(
    "value", [None, float("nan"), "", "-", "N/A", "KXĐ", "x", "--", "Chưa có", "Không chấm", "chưa chấm"]
)
def test_parse_number_missing_is_nan(value):
    assert math.isnan(parse_number(value))


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.000", ",", 1000.0),
        ("1.000", ".", 1.0),
        ("40,980", ",", 40.98),
        ("40,980", ".", 40980.0),
        ("-1,500", ",", -1.5),
        ("86,02", ".", 86.02),  # the form is clear whatever the column says
    ],
)
def test_parse_number_with_a_decimal_mark(text, decimal, expected):
    assert parse_number(text, decimal=decimal) == expected


@pytest.mark.parametrize(("text", "readings"), [("40,980", (40.98, 40980.0)), ("1.000", (1.0, 1000.0))])
def test_parse_number_refuses_to_guess(text, readings):
    with pytest.raises(AmbiguousNumberError) as info:
        parse_number(text)
    assert info.value.value == text
    assert (info.value.decimal_reading, info.value.thousands_reading) == readings
    assert isinstance(info.value, NumberFormatError)


@pytest.mark.parametrize(
    "value",
    ["abc", "Hà Nội", "1,2,3", "86,", "1.23.456", "12/05/2022", "#DIV/0!", "1,5½", "5/0", True,
     float("inf"), [1]],
)  # fmt: skip
def test_parse_number_errors(value):
    with pytest.raises(NumberFormatError) as info:
        parse_number(value)
    assert info.value.value is value or info.value.value == value
    assert not isinstance(info.value, AmbiguousNumberError)


def test_parse_number_rejects_a_bad_decimal_argument():
    with pytest.raises(ValueError, match="decimal must be"):
        parse_number("1,5", decimal=";")


# --- score pairs and ranks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("51,39/66,5", (51.39, 66.5)),
        ("40,62 / 80", (40.62, 80.0)),
        ("86,02", (86.02, None)),
        (86.02, (86.02, None)),
    ],
)
def test_parse_score_pair(value, expected):
    assert parse_score_pair(value) == expected


def test_parse_score_pair_missing_and_bad():
    score, maximum = parse_score_pair("")
    assert math.isnan(score) and maximum is None
    with pytest.raises(NumberFormatError, match="maximum"):
        parse_score_pair("5/0")
    with pytest.raises(AmbiguousNumberError):
        parse_score_pair("40,980/100")
    assert parse_score_pair("40,980/100", decimal=",") == (40.98, 100.0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02/12", (2, 12)),
        ("01", (1, None)),
        (10, (10, None)),
        (10.0, (10, None)),
        (np.int64(4), (4, None)),
        ("Hạng 10/13", (10, 13)),
        ("thứ 10/13", (10, 13)),
        ("Xếp thứ 38/63", (38, 63)),
        ("4 / 12", (4, 12)),
        (None, (None, None)),
        ("", (None, None)),
        ("-", (None, None)),
        (float("nan"), (None, None)),
        # what press tables print after the rank: the move, a tie, a footnote
        ("5 (tăng 2)", (5, None)),
        ("05/13 (↑2)", (5, 13)),
        ("5↑2", (5, None)),
        ("3*", (3, None)),
        ("Đồng hạng 3", (3, None)),
        ("3 (đồng hạng)", (3, None)),
        ("5.0", (5, None)),
        ("Chưa xếp hạng", (None, None)),
    ],
)
def test_parse_rank(value, expected):
    assert parse_rank(value) == expected


@pytest.mark.parametrize("value", [0, -3, 2.5, "0", "14/13", "abc", "10,5", True, "Hạng"])
def test_parse_rank_errors(value):
    with pytest.raises(NumberFormatError):
        parse_rank(value)


@pytest.mark.parametrize(
    ("value", "expected"), [("6*", 6.0), ("85,3*", 85.3), ("6,00 (*)", 6.0), ("6¹", 6.0)]
)
def test_parse_number_drops_a_footnote_mark(value, expected):
    # "6¹" was decoded as TCVN3 ("6ạ") and refused
    assert parse_number(value) == expected


# --- parse_number_column ---------------------------------------------------------------------


def test_column_of_floats_is_returned_as_is():
    values = [86.02, 90, None, 77.5]
    numbers, notes = parse_number_column(values)
    np.testing.assert_array_equal(numbers, [86.02, 90.0, np.nan, 77.5])
    assert numbers.dtype == np.float64
    assert notes == []


def test_column_evidence_of_decimal_commas_resolves_ambiguous_text():
    values = ["86,02", "40,980", 7.5, "1.000", None, "-"]
    numbers, notes = parse_number_column(values, cell=col_c)
    np.testing.assert_array_equal(numbers, [86.02, 40.98, 7.5, 1000.0, np.nan, np.nan])
    assert "C6: '40,980' read as 40.98 because the column uses decimal commas." in notes
    assert "C8: '1.000' read as 1000 because the column uses decimal commas." in notes


def test_column_evidence_of_decimal_points_resolves_ambiguous_text():
    numbers, notes = parse_number_column(["90.17", "1,234.5", "40,980", "2.500"], cell=col_c)
    np.testing.assert_array_equal(numbers, [90.17, 1234.5, 40980.0, 2.5])
    assert notes == [
        "C7: '40,980' read as 40980 because the column uses decimal points.",
        "C8: '2.500' read as 2.5 because the column uses decimal points.",
    ]


def test_column_magnitude_decides_without_separator_evidence():
    numbers, notes = parse_number_column([85, 90.5, "40,980", 77], cell=col_c)
    np.testing.assert_array_equal(numbers, [85.0, 90.5, 40.98, 77.0])
    assert notes == ["C7: '40,980' read as 40.98 because every other number in the column is below 1000."]


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        (["40,980"], "nothing else in the column"),
        ([1500.0, "40,980"], "nothing else in the column"),
        (["86,02", "90.17", "40,980"], "both decimal commas and decimal points"),
    ],
)
def test_column_ambiguity_that_cannot_be_resolved(values, reason):
    with pytest.raises(InputError) as info:
        parse_number_column(values, cell=col_c, file="PAR_2022.xlsx", sheet="Tổng hợp")
    error = info.value
    where = col_c(values.index("40,980"))
    assert error.cell == where
    assert str(error).startswith(f"PAR_2022.xlsx, sheet 'Tổng hợp', cell {where}:")
    assert "could be 40.98 or 40980" in str(error)
    assert reason in str(error)
    assert "Write it as 40,98 (decimal comma) or 40980" in str(error)


def test_column_with_a_non_number_names_the_cell_and_the_value():
    with pytest.raises(InputError) as info:
        parse_number_column(["86,02", "Hà Nội", "77,1"], cell=col_c, file="f.xlsx", sheet="S")
    assert info.value.cell == "C6"
    assert "'Hà Nội' is not a number" in str(info.value)
    with pytest.raises(InputError, match="row 2 of the column"):
        parse_number_column([1.0, True])


def test_column_mixing_commas_and_points_is_read_with_a_note():
    numbers, notes = parse_number_column(["86,02", "90.17", 80.0], cell=col_c)
    np.testing.assert_array_equal(numbers, [86.02, 90.17, 80.0])
    assert notes == [
        "The column mixes decimal commas (C5: '86,02') and decimal points (C6: '90.17'); "
        "each value was read by its own form."
    ]


def test_column_of_real_papi_text_matches_the_numbers():
    """Every PAPI sub-dimension column (2011-2024) read as text parses to its float value."""
    files = sorted(PAPI_CSV.glob("*.csv"))
    assert len(files) >= 10
    checked = ambiguous = 0
    for path in files:
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for column in list(rows[0])[1:]:
            texts = [row[column] or None for row in rows]
            expected = np.array([float(t) if t else np.nan for t in texts])
            numbers, notes = parse_number_column(texts)
            np.testing.assert_array_equal(numbers, expected)
            ambiguous += len(notes)
            checked += len(texts)
            # The same column written the Vietnamese way reads the same.
            commas = [t.replace(".", ",") if t else None for t in texts]
            numbers, _ = parse_number_column(commas)
            np.testing.assert_array_equal(numbers, expected)
    assert checked > 10_000
    # Values such as "1.963" (1.9630 with the zero dropped) were decided by the column.
    assert ambiguous > 0


def test_column_of_265000_mostly_float_cells_with_comma_text_and_gaps():
    """The commune workbook's shape: floats, every 40th a text with a decimal comma, every 97th empty.
    (Its speed is measured by benchmarks/bench_read.py, not here.)"""
    rng = np.random.default_rng(7)
    values: list[object] = list(rng.uniform(0, 100, 265_000))
    values = [float(v) for v in values]
    for i in range(0, len(values), 40):
        values[i] = f"{values[i]:.2f}".replace(".", ",")
    for i in range(3, len(values), 97):
        values[i] = None
    numbers, _ = parse_number_column(values)
    expected = [
        np.nan if v is None else float(v.replace(",", ".")) if isinstance(v, str) else v for v in values
    ]
    np.testing.assert_array_equal(numbers, np.array(expected, dtype=float))
    assert numbers[1] == values[1]
    assert np.isnan(numbers[3])
    assert numbers[40] == float(values[40].replace(",", "."))


def test_plain_ranks_read_a_whole_column_at_once():
    from cchc_analysis.io.text import plain_ranks

    assert plain_ranks(["02/12", "12/12", "1"]) == ([2, 12, 1], [12, 12, None])
    assert plain_ranks([1.0, None, 3]) == ([1, None, 3], [None, None, None])
    # left to parse_rank, cell by cell: an empty cell among texts, a rank above its "out of", a rank 0,
    # a cell of two lines, a fraction, text around the number
    for column in (["1", None], ["13/12"], ["0"], ["5\n6"], [2.5], ["Hạng 4"], ["3 "]):
        assert plain_ranks(column) is None, column


def test_plain_ranks_leave_huge_numbers_to_parse_rank():
    from cchc_analysis.io.text import parse_rank, plain_ranks

    assert plain_ranks([1e20, 2.0]) is None and parse_rank(1e20) == (10**20, None)


def test_a_thousands_reading_far_above_the_column_is_asked_about():
    # "86.125" among decimal commas was read as 86125 with only a note (a score 1000 times its neighbours)
    with pytest.raises(
        InputError, match=r"C8: the value '86\.125' could be 86\.125 or 86125.*all below 1000"
    ):
        parse_number_column(["90,50", "84,25", 7.5, "86.125"], cell=col_c)
    # a round thousand is written as one
    numbers, _ = parse_number_column(["90,50", "84,25", 7.5, "1.000"], cell=col_c)
    assert numbers[-1] == 1000.0
