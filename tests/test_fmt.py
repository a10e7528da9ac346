"""Vietnamese formatting: decimal comma, thousands dot, ranks, rank changes, deltas."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_analysis import fmt
from cchc_analysis.errors import InputError

PAPI = Path(__file__).resolve().parents[1] / "data" / "raw" / "papi" / "csv"


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (86.02, 2, "86,02"),
        (86.025, 2, "86,03"),  # half away from zero on the decimal value, not the binary one
        (2.675, 2, "2,68"),
        (1.005, 2, "1,01"),
        (-86.025, 2, "-86,03"),
        (-0.004, 2, "0,00"),  # never "-0,00"
        (-0.0, 2, "0,00"),
        (85600, 0, "85.600"),
        (1000, 0, "1.000"),
        (1234567.891, 2, "1.234.567,89"),
        (999.995, 2, "1.000,00"),
        (47.876302361, 4, "47,8763"),
        (0.5, 0, "1"),
        (-2.5, 0, "-3"),
        (7, 2, "7,00"),
    ],
)
def test_number(x, decimals, expected):
    assert fmt.number(x, decimals) == expected


def test_number_accepts_numpy_decimal_and_pandas_scalars():
    assert fmt.number(np.float64(86.025)) == "86,03"
    assert fmt.number(np.float32(0.5), 1) == "0,5"
    assert fmt.number(np.int64(85600), 0) == "85.600"
    assert fmt.number(Decimal("12.345")) == "12,35"
    assert fmt.number(pd.Series([1.5], dtype="Float64").iloc[0]) == "1,50"


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT, Decimal("NaN")])
def test_missing_values_give_the_na_text(missing):
    assert fmt.number(missing) == "–"
    assert fmt.percent(missing) == "–"
    assert fmt.points(missing, 70) == "–"
    assert fmt.rank(missing, 13) == "–"
    assert fmt.rank_change(missing) == "–"
    assert fmt.delta(missing) == "–"
    assert fmt.delta_pct(missing, style="press") == "–"
    assert fmt.signed(missing) == "–"
    assert fmt.code(missing) == "–"
    assert fmt.number(missing, na="chưa có số liệu") == "chưa có số liệu"


@pytest.mark.parametrize("bad", ["86,02", True, float("inf"), -np.inf, [1]])
def test_non_numbers_are_refused(bad):
    with pytest.raises(InputError):
        fmt.number(bad)


def test_trim_drops_trailing_zeros_only():
    assert fmt.number(66.5, trim=True) == "66,5"
    assert fmt.number(70.0, trim=True) == "70"
    assert fmt.number(12.75, trim=True) == "12,75"
    assert fmt.number(1000.0, trim=True) == "1.000"
    assert fmt.number(2.504, trim=True) == "2,5"


def test_percent_and_points():
    assert fmt.percent(86.02) == "86,02%"
    assert fmt.percent(92.175) == "92,18%"
    assert fmt.percent(50.77, 1) == "50,8%"
    assert fmt.points(51.39, 66.5) == "51,39/66,5 điểm"
    assert fmt.points(40.62, 80) == "40,62/80 điểm"
    assert fmt.points(51.39, 70.0) == "51,39/70 điểm"
    assert fmt.points(4.75) == "4,75 điểm"
    assert fmt.points(4.75, float("nan")) == "4,75 điểm"
    assert fmt.points(47.876302361, 80, 4) == "47,8763/80 điểm"


def test_rank():
    assert fmt.rank(10, 13) == "10/13"
    assert fmt.rank(2, 12, pad=True) == "02/12"
    assert fmt.rank(38, 63, pad=True) == "38/63"
    assert fmt.rank(4) == "4"
    assert fmt.rank(4.0, 12.0) == "4/12"
    assert fmt.rank(np.int64(1), pd.array([63], dtype="Int64")[0]) == "1/63"
    assert fmt.rank(5, float("nan")) == "5"
    with pytest.raises(InputError):
        fmt.rank(2.5, 13)
    with pytest.raises(InputError):
        fmt.rank(0, 13)


def test_rank_change():
    assert fmt.rank_change(1) == "tăng 1 bậc"
    assert fmt.rank_change(-3) == "giảm 3 bậc"
    assert fmt.rank_change(0) == "giữ nguyên thứ hạng"
    assert fmt.rank_change(24) == "tăng 24 bậc"
    assert fmt.rank_change(1, pad=True) == "tăng 01 bậc"
    assert fmt.rank_change(-12, pad=True) == "giảm 12 bậc"
    assert fmt.rank_change(2.0) == "tăng 2 bậc"
    with pytest.raises(InputError):
        fmt.rank_change(1.5)


def test_delta_and_delta_pct():
    assert fmt.delta(4.32) == "tăng 4,32 điểm"
    assert fmt.delta(-0.5) == "giảm 0,50 điểm"
    assert fmt.delta(0) == "không thay đổi"
    assert fmt.delta(0.004) == "không thay đổi"  # rounds to zero at 2 decimals
    assert fmt.delta(-0.004) == "không thay đổi"
    assert fmt.delta(-0.0551, "điểm", 4) == "giảm 0,0551 điểm"
    assert fmt.delta(1.25, None) == "tăng 1,25"
    assert fmt.delta_pct(4.32) == "tăng 4,32 điểm %"
    assert fmt.delta_pct(-2.19) == "giảm 2,19 điểm %"
    assert fmt.delta_pct(4.32, style="press") == "tăng 4,32%"
    assert fmt.delta_pct(0.001, style="press") == "không thay đổi"
    with pytest.raises(InputError):
        fmt.delta_pct(1.0, style="percent")


def test_signed_uses_a_true_minus_and_no_signed_zero():
    assert fmt.signed(1.5) == "+1,50"
    assert fmt.signed(-0.25) == "\u22120,25"
    assert fmt.signed(0) == "0,00"
    assert fmt.signed(-0.001) == "0,00"
    assert fmt.signed(6.39) == "+6,39"


def test_code_is_never_a_number():
    assert fmt.code("1.10") == "1.10"
    assert fmt.code(" 7.2.2 ") == "7.2.2"
    assert fmt.code("total") == "total"
    assert fmt.code(3) == "3"
    assert fmt.code(np.int64(3)) == "3"
    with pytest.raises(InputError):
        fmt.code(1.1)  # cannot tell 1.1 from 1.10
    with pytest.raises(InputError):
        fmt.code("1,10")
    with pytest.raises(InputError):
        fmt.code(True)


def test_year_has_no_thousands_dot():
    assert fmt.year(2021) == "2021"
    assert fmt.year(np.int64(2024)) == "2024"
    assert fmt.year(2021.0) == "2021"


def test_real_papi_total_matches_the_published_figure():
    """Quảng Ninh's PAPI 2022 total, summed from the shipped panel, prints as the press wrote it."""
    panel = pd.read_csv(PAPI / "2022.csv").set_index("Province")
    total = panel.loc["P14"].sum()
    assert fmt.number(total, 4) == "47,8763"
    assert fmt.points(total, 80, 4) == "47,8763/80 điểm"


def _parse_vi(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_number_reads_back_as_the_rounded_decimal(x, decimals):
    text = fmt.number(x, decimals)
    expected = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert _parse_vi(text) == expected
    assert not text.startswith("-0") or _parse_vi(text) != 0
    whole = text.lstrip("-").split(",")[0]
    groups = whole.split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if decimals:
        assert len(text.split(",")[1]) == decimals


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_delta_and_signed_agree_on_direction(x):
    d, s = fmt.delta(x), fmt.signed(x)
    if s == "0,00":
        assert d == "không thay đổi"
    elif s.startswith("+"):
        assert d.startswith("tăng ") and d.endswith(" điểm") and s[1:] in d
    else:
        assert s.startswith("\u2212") and d.startswith("giảm ") and s[1:] in d
    assert not math.isnan(float(_parse_vi(s.lstrip("+\u2212"))))
