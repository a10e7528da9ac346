"""The tidy-table contract: the same verdict on small and large tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cchc_analysis import InputError, read_workbook
from cchc_analysis.schema import _DISTINCT_FROM, COLUMNS, validate

from .conftest import PAPI_DIR


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    """Every PAPI year stacked: 22,176 rows, above the size where distinct-value checking starts."""
    frames = [read_workbook(p) for p in sorted((PAPI_DIR / "csv").glob("*.csv"))]
    frame = pd.concat(frames, ignore_index=True)
    assert len(frame) > _DISTINCT_FROM
    return frame


@pytest.mark.parametrize("size", ["small", "large"])
@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("stage", "final", "isin"),
        ("year", 1800, "in_range"),
        ("component", "1.a", "str_matches"),
        ("max_score", -1.0, "greater_than_or_equal_to"),
        ("rank_published", 0, "greater_than_or_equal_to"),
        ("level", "xã", "isin"),
        ("index", "", "str_length"),
    ],
)
def test_bad_values_are_caught_at_any_size(big, size, column, value, message):
    frame = (big if size == "large" else big.head(500)).copy()
    frame.loc[frame.index[7], column] = value
    with pytest.raises(InputError, match=message) as err:
        validate(frame, where="x.xlsx")
    assert str(err.value).startswith("x.xlsx: the table read does not meet the tidy-table contract")


@pytest.mark.parametrize("size", ["small", "large"])
def test_empty_required_text_and_duplicate_keys_are_caught(big, size):
    frame = (big if size == "large" else big.head(500)).copy()
    holed = frame.astype({"unit": object})
    holed.loc[holed.index[3], "unit"] = None
    with pytest.raises(InputError, match="unit"):
        validate(holed)
    doubled = pd.concat([frame, frame.iloc[[5]]], ignore_index=True)
    with pytest.raises(InputError, match=r"key|unique|duplicate"):
        validate(doubled)


def test_large_table_comes_back_unchanged(big):
    out = validate(big)
    assert list(out.columns) == COLUMNS
    assert out.equals(big)
    assert str(out["unit"].dtype) == "str" and str(out["rank_published"].dtype) == "Int64"
    assert np.isclose(out["score"].sum(), big["score"].sum())


def test_fast_path_returns_what_pandera_returns(big):
    from cchc_analysis.schema import schema

    loose = big.head(500).astype({"year": float, "unit": object, "rank_published": float})
    for frame in (big.head(500), loose):
        assert validate(frame).equals(schema().validate(frame, lazy=True))


def test_values_accepted_before_do_not_hide_a_bad_value(big):
    frame = big.head(500).copy()
    validate(frame)  # every value of these rows is now known to pass
    for column, value, message in [
        ("stage", "final", "isin"),
        ("year", 2101, "in_range"),
        ("unit", "", "str_length"),
    ]:
        bad = frame.copy()
        bad.loc[bad.index[-1], column] = value
        with pytest.raises(InputError, match=message):
            validate(bad)
    assert validate(frame).equals(frame)


@pytest.mark.parametrize("seed", range(6))
def test_key_check_agrees_with_pandas(big, seed):
    from cchc_analysis.schema import KEY, _key_repeats

    rng = np.random.default_rng(seed)
    frame = big.sample(3000, random_state=seed).reset_index(drop=True)
    for name in KEY:  # few distinct values per key column, so keys collide now and then
        pool = frame[name].unique()[: rng.integers(1, 4)]
        frame[name] = rng.choice(np.asarray(pool, dtype=object), len(frame))
    frame = frame.astype({"year": "int64"})
    frame = frame.drop_duplicates(KEY) if seed % 2 else frame
    distinct = {name: frame[name].unique() for name in KEY}
    assert _key_repeats(frame, distinct) == frame.duplicated(KEY).any()
