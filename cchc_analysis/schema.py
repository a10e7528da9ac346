"""The tidy score table: one row per unit × component × year × period × stage.

The pandera schema below is the contract every reader output and every ingest satisfies
(see the README's "Tidy table" section).
"""

from __future__ import annotations

from functools import cache

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


def validate(df: pd.DataFrame, *, where: str | None = None) -> pd.DataFrame:
    """Validate and coerce a tidy table; raise :class:`InputError` listing what is wrong.

    Every check of the schema is a check of single values (in a set, in a range, matching a pattern,
    not null) except the uniqueness of the key. On a large table the value checks therefore run on each
    column's distinct values and the key is checked once on the whole table: the same verdict as
    validating every row, for a fraction of the work.

    Args:
        df: a frame with the columns of :data:`COLUMNS`.
        where: the file the rows came from, named in the error.

    Returns:
        The coerced frame (text columns as ``str``, ``year`` as int, ``rank_published`` as Int64).
    """
    import pandera.pandas as pa

    frame = df[COLUMNS] if set(COLUMNS) <= set(df.columns) else df
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
