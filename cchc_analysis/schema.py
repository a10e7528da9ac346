"""The tidy score table: one row per unit × component × year × period × stage.

The pandera schema below is the contract every reader output and every ingest satisfies
(see the README's "Tidy table" section).
"""

from __future__ import annotations

from functools import cache

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


def validate(df: pd.DataFrame, *, where: str | None = None) -> pd.DataFrame:
    """Validate and coerce a tidy table; raise :class:`InputError` listing what is wrong.

    Args:
        df: a frame with the columns of :data:`COLUMNS`.
        where: the file the rows came from, named in the error.

    Returns:
        The coerced frame (text columns as ``str``, ``year`` as int, ``rank_published`` as Int64).
    """
    import pandera.pandas as pa

    try:
        out = schema().validate(df[COLUMNS] if set(COLUMNS) <= set(df.columns) else df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = []
        for _, case in cases.head(10).iterrows():
            lines.append(f"column {case['column']!s}: {case['check']!s} (value {case['failure_case']!r})")
        more = f" … and {len(cases) - 10} more" if len(cases) > 10 else ""
        raise InputError(
            "the table read does not meet the tidy-table contract: " + "; ".join(lines) + more,
            file=where,
        ) from None
    return out
