"""The tidy score table: one row per unit × component × year × period × stage.

The pandera schema below is the contract every reader output and every ingest satisfies
(see the README's "Tidy table" section).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError

#: Column order of the tidy table.
COLUMNS: list[str] = [
    "index",
    "framework",
    "year",
    "period",
    "stage",
    "unit",
    "unit_code",
    "level",
    "peer_group",
    "component",
    "component_name",
    "score",
    "max_score",
    "rank_published",
    "source_file",
    "source_sheet",
    "source_cell",
]

#: Columns that identify one number.
KEY: list[str] = ["index", "year", "period", "stage", "peer_group", "unit", "component"]

PERIODS = ["year", "Q1", "H1", "9M", "Q3", "10M", "11M"]
STAGES = ["published", "appraised", "self", "estimate"]
LEVELS = ["province", "district", "commune", "department", "ministry"]


@cache
def schema():
    """The pandera schema of the tidy table (built on first use: importing pandera takes a second)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "index": pa.Column(str, pa.Check.str_length(min_value=1), coerce=True),
            "framework": pa.Column(str, coerce=True),
            "year": pa.Column("int64", pa.Check.in_range(1990, 2100), coerce=True),
            "period": pa.Column(str, pa.Check.isin(PERIODS), coerce=True),
            "stage": pa.Column(str, pa.Check.isin(STAGES), coerce=True),
            "unit": pa.Column(str, pa.Check.str_length(min_value=1), coerce=True),
            "unit_code": pa.Column(str, nullable=True, coerce=True),
            "level": pa.Column(str, pa.Check.isin(LEVELS), coerce=True),
            "peer_group": pa.Column(str, coerce=True),
            "component": pa.Column(str, pa.Check.str_matches(r"^(total|\d+(\.\d+)*)$"), coerce=True),
            "component_name": pa.Column(str, nullable=True, coerce=True),
            "score": pa.Column("float64", nullable=True, coerce=True),
            "max_score": pa.Column("float64", pa.Check.ge(0, ignore_na=True), nullable=True, coerce=True),
            "rank_published": pa.Column("Int64", pa.Check.ge(1, ignore_na=True), nullable=True, coerce=True),
            "source_file": pa.Column(str, coerce=True),
            "source_sheet": pa.Column(str, coerce=True),
            "source_cell": pa.Column(str, coerce=True),
        },
        unique=KEY,
        strict=True,
        ordered=True,
        report_duplicates="exclude_first",
    )


def empty_frame() -> pd.DataFrame:
    """An empty tidy table with the right columns and dtypes."""
    return validate(pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS}))


#: Above this many rows, value checks run on each column's distinct values (same verdict, less work).
_DISTINCT_FROM = 20_000

_DTYPES = {
    **dict.fromkeys(COLUMNS, "str"),
    "year": "int64",
    "score": "float64",
    "max_score": "float64",
    "rank_published": "Int64",
}


def validate(df: pd.DataFrame, *, where: str | None = None, known: Any = None) -> pd.DataFrame:
    """Validate and coerce a tidy table; raise :class:`InputError` listing what is wrong.

    Every check of the schema is a check of single values (in a set, in a range, matching a pattern,
    not null) except the uniqueness of the key. A table with the columns of :data:`COLUMNS` is therefore
    checked in four cheap steps that give the same verdict as validating every row: its columns are cast
    to the schema's types; the columns that may not be empty are checked for empty values; the schema's
    checks run, through pandera, on each checked column's distinct values (values this process has seen
    the schema accept before are not sent again: the checks are pure functions of one value, so the
    verdict cannot change, and pandera's fixed cost of a few milliseconds per column is paid once rather
    than per table); and the key is checked for duplicates on integer codes of its columns.

    When any step finds a problem, the table is validated again the exhaustive way (pandera on every row
    of a small table, on the distinct values of a large one) so that the error says what pandera says.

    Args:
        df: a frame with the columns of :data:`COLUMNS`.
        where: the file the rows came from, named in the error.
        known: what the reader already knows exactly about some text columns of ``df``
            (:class:`cchc_analysis.io.assemble.KnownColumns`: ``name in known``, ``known.values(name)``
            the distinct values, ``known.codes(name)`` each row's code into them); used instead of
            hashing those columns again. The verdict is the same.

    Returns:
        The coerced frame (text columns as ``str``, ``year`` as int, ``rank_published`` as Int64).
    """
    frame = df[COLUMNS] if set(COLUMNS) <= set(df.columns) else df
    if list(frame.columns) == COLUMNS:
        checked = _checked_fast(frame, known)
        if checked is not None:
            return checked
    return _validate_exhaustive(frame, where)


def _checked_fast(frame: pd.DataFrame, known: Any = None) -> pd.DataFrame | None:
    """The coerced frame when it meets the contract, else None (the caller finds out what is wrong)."""
    import pandera.pandas as pa

    wanted = _dtypes()
    cast = {name: dtype for name, dtype in wanted.items() if frame[name].dtype != dtype}
    try:
        frame = frame.astype(cast) if cast else frame.copy(deep=False)
    except (TypeError, ValueError):
        return None
    columns = schema().columns
    if any(not col.nullable and frame[n].isna().any() for n, col in columns.items()):
        return None
    accepted = _accepted()
    distinct = {
        name: known.values(name) if known is not None and name in known else frame[name].unique()
        for name in dict.fromkeys([*accepted, *KEY])
    }
    new = {}
    for name in accepted:
        values = distinct[name]
        values = values[~pd.isna(values)] if columns[name].nullable else values
        unseen = [v for v in values.tolist() if v not in accepted[name]]
        if unseen:
            new[name] = unseen
    if new:
        longest = max(len(v) for v in new.values())
        # pad each column with its own first value: a repeated value changes no value check
        sample = pd.DataFrame(
            {name: pd.array(np.resize(np.asarray(v, dtype=object), longest)) for name, v in new.items()}
        )
        try:
            pa.DataFrameSchema({name: columns[name] for name in new}).validate(sample, lazy=True)
        except pa.errors.SchemaErrors:
            return None
        for name, values in new.items():
            if len(accepted[name]) > _ACCEPTED_MAX:
                accepted[name].clear()
            accepted[name].update(values)
    if _key_repeats(frame, distinct, known):
        return None
    return frame


def has_repeated_keys(frame: pd.DataFrame) -> bool:
    """Whether two rows of a tidy table share their key (:data:`KEY`); as ``frame.duplicated(KEY).any()``."""
    return _key_repeats(frame, {name: frame[name].unique() for name in KEY})


@cache
def _dtypes() -> dict[str, object]:
    """The dtype of each column of the tidy table, as pandas compares them (``str`` is Arrow-backed)."""
    return {name: pd.api.types.pandas_dtype(dtype) for name, dtype in _DTYPES.items()}


def _key_repeats(frame: pd.DataFrame, distinct: dict[str, np.ndarray], known: Any = None) -> bool:
    """Whether two rows share their key: the key's columns as integer codes, combined into one."""
    combined = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for name in KEY:
        if len(distinct[name]) < 2:
            continue  # one value throughout (NaN included) tells no rows apart
        if known is not None and name in known:
            codes, uniques = known.codes(name), distinct[name]
        else:
            codes, uniques = pd.factorize(frame[name], use_na_sentinel=False)
        if size * (len(uniques) + 1) >= 2**62:
            combined, seen = pd.factorize(combined)
            size = len(seen)
        combined = combined * len(uniques) + codes
        size *= len(uniques)
    return bool(pd.Series(combined).duplicated().any()) if size > 1 else len(frame) > 1


def _validate_exhaustive(frame: pd.DataFrame, where: str | None) -> pd.DataFrame:
    """Validate every row of a small table, the distinct values of a large one, and say what is wrong."""
    import pandera.pandas as pa

    try:
        if len(frame) < _DISTINCT_FROM or list(frame.columns) != COLUMNS:
            return schema().validate(frame, lazy=True)
        frame = frame.astype(_DTYPES)
        columns = schema().columns
        empty = [n for n, col in columns.items() if not col.nullable and frame[n].isna().any()]
        if empty:
            raise InputError(
                f"the table read does not meet the tidy-table contract: column(s) {', '.join(empty)} "
                "have empty values",
                file=where,
            )
        checked = {name: col for name, col in columns.items() if col.checks}
        distinct = {name: frame[name].unique() for name in checked}
        longest = max(len(v) for v in distinct.values())
        # pad each column with its own first value: a repeated value changes no value check
        sample = pd.DataFrame(
            {name: pd.array(np.resize(np.asarray(v, dtype=object), longest)) for name, v in distinct.items()}
        )
        pa.DataFrameSchema(checked).validate(sample, lazy=True)
    except pa.errors.SchemaErrors as exc:
        _raise(exc, where)
    duplicated = frame.duplicated(KEY, keep=False)
    if duplicated.any():
        rows = frame.loc[duplicated, KEY].head(3).to_dict("records")
        raise InputError(
            f"the table read does not meet the tidy-table contract: {int(duplicated.sum())} rows share "
            f"their key ({', '.join(KEY)}), e.g. {rows}",
            file=where,
        )
    return frame


#: A column's memo of accepted values is emptied past this size (the memo only saves work).
_ACCEPTED_MAX = 200_000


@cache
def _accepted() -> dict[str, set]:
    """Values this process has seen :func:`schema` accept, per column the schema checks value by value."""
    return {name: set() for name, col in schema().columns.items() if col.checks}


def _raise(exc, where: str | None) -> None:
    cases = exc.failure_cases
    lines: list[str] = []
    for _, case in cases.iterrows():
        line = f"column {case['column']!s}: {case['check']!s} (value {case['failure_case']!r})"
        if line not in lines:
            lines.append(line)
    more = f" … and {len(lines) - 10} more" if len(lines) > 10 else ""
    lines = lines[:10]
    raise InputError(
        "the table read does not meet the tidy-table contract: " + "; ".join(lines) + more,
        file=where,
    ) from None
