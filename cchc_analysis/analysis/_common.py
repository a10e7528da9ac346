"""Helpers shared by the analysis verbs: grouping keys, code ordering, row selection."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from ..errors import InputError
from ..frameworks import code_key

#: Columns a rank is taken within (domain.md §4).
RANK_GROUP: list[str] = ["index", "year", "period", "stage", "peer_group", "component"]

#: Columns that identify one unit's set of scores (one criteria tree).
UNIT_GROUP: list[str] = ["index", "year", "period", "stage", "peer_group", "unit"]

#: Stages in the order a single-stage analysis prefers them when none is named.
STAGE_PREFERENCE: list[str] = ["published", "appraised", "self", "estimate"]


#: Sort key of a component code (``total`` first, ``1.2`` before ``1.10``): the frameworks' one.
code_sort_key = code_key


def sort_codes(codes: Iterable[str]) -> list[str]:
    """Codes in framework order (``1.2`` before ``1.10``)."""
    return sorted(codes, key=code_sort_key)


def depth_of(code: str) -> int:
    """Depth in the tree: 0 for ``total``, 1 for ``"3"``, 2 for ``"3.1"``."""
    return 0 if code == "total" else len(str(code).split("."))


class AttrTable(pd.DataFrame):
    """A DataFrame stored in another frame's ``attrs`` (e.g. ``attrs["disagreements"]``).

    pandas deep-copies ``attrs`` on every operation and compares them when it concatenates or
    merges; two equal-looking DataFrames cannot be compared to a bool, so plain DataFrames in
    ``attrs`` make ``pd.concat`` of two slices of one result fail. An ``AttrTable`` is shared
    instead of copied, so frames derived from one result still concatenate. Operations on it
    return plain DataFrames.
    """

    def __deepcopy__(self, memo=None) -> AttrTable:
        return self


def detach(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` without ``attrs``.

    Results such as :func:`aggregate` keep DataFrames in ``attrs``; pandas compares ``attrs`` when
    it merges or concatenates frames and fails on DataFrame values, so the verbs work on copies
    without them.
    """
    out = df.copy()
    out.attrs = {}
    return out


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, what: str) -> None:
    """Raise :class:`InputError` when ``df`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{what} needs the column(s) {', '.join(missing)}, which the table does not have.",
            hint="Pass a tidy score table (see cchc_analysis.schema.COLUMNS).",
        )


@cache
def framework(framework_id: str):
    """The :class:`~cchc_analysis.frameworks.Framework` called ``framework_id`` (cached)."""
    from ..frameworks import get_framework

    try:
        return get_framework(framework_id)
    except (KeyError, LookupError) as exc:
        raise InputError(
            f"the criteria set '{framework_id}' named in the 'framework' column is not known.",
            hint="Check the framework id against cchc_analysis/frameworks/data/frameworks.csv.",
        ) from exc


def one_framework(rows: pd.DataFrame, *, what: str):
    """The single framework of ``rows``; :class:`InputError` when there are none or several.

    Rows read under no packaged criteria set (``framework == "none"``: a province's own set for its
    districts) are analysed under the set their own codes, names and maxima state
    (:func:`~cchc_analysis.frameworks.sheet.sheet_framework`).
    """
    ids = rows["framework"].dropna().unique().tolist()
    from ..frameworks.sheet import SHEET_NONE, sheet_framework

    if ids == [SHEET_NONE]:
        return sheet_framework(rows)
    if len(ids) != 1:
        raise InputError(
            f"{what} needs rows scored under one criteria set, found {len(ids)}: "
            f"{', '.join(map(str, ids)) or 'none'}.",
            hint="Filter the table to one index and framework first.",
        )
    return framework(ids[0])


def pick_stage(rows: pd.DataFrame, stage: str | None) -> str:
    """The stage to analyse: ``stage`` if given, else the first of :data:`STAGE_PREFERENCE` present."""
    present = set(rows["stage"].unique())
    if stage is not None:
        if stage not in present:
            raise InputError(
                f"no rows with stage '{stage}' (stages present: {', '.join(sorted(present))}).",
            )
        return stage
    for candidate in STAGE_PREFERENCE:
        if candidate in present:
            return candidate
    raise InputError("the table has no rows to analyse.")


def unit_rows(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    *,
    period: str = "year",
    stage: str | None = None,
    index: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of one unit and of its peer group, for one year, period, stage and index.

    Args:
        scores: tidy table.
        unit: the unit's canonical name.
        year: the year assessed.
        period: ``"year"`` or an in-year period such as ``"9M"``.
        stage: the stage; ``None`` picks the first of :data:`STAGE_PREFERENCE` the unit has.
        index: the index; needed only when the unit has scores in several indices that year.

    Returns:
        ``(own, peers)``: the unit's rows and all rows of its peer group (the unit included).
    """
    require_columns(scores, [*UNIT_GROUP, "component", "score"], what="this analysis")
    scores = detach(scores)
    mine = scores[(scores["unit"] == unit) & (scores["year"] == year) & (scores["period"] == period)]
    if index is not None:
        mine = mine[mine["index"] == index]
    if mine.empty:
        raise InputError(
            f"no scores for '{unit}' in {year} (period '{period}'"
            + (f", index {index}" if index else "")
            + ").",
            hint="Check the unit's canonical name, the year and the period.",
        )
    indices = mine["index"].unique().tolist()
    if len(indices) > 1:
        raise InputError(
            f"'{unit}' has {year} scores in several indices ({', '.join(indices)}).",
            hint="Name one with index=...",
        )
    chosen = pick_stage(mine, stage)
    mine = mine[mine["stage"] == chosen]
    groups = mine["peer_group"].unique().tolist()
    if len(groups) > 1:
        raise InputError(
            f"'{unit}' is ranked in several peer groups in {year} ({', '.join(groups)}).",
            hint="Filter the table to one peer group first.",
        )
    peers = scores[
        (scores["index"] == indices[0])
        & (scores["year"] == year)
        & (scores["period"] == period)
        & (scores["stage"] == chosen)
        & (scores["peer_group"] == groups[0])
    ]
    return mine, peers


def pct(score, max_score):
    """``score / max_score × 100``; NaN where the maximum is missing or zero."""
    score = np.asarray(score, dtype="float64")
    max_score = np.asarray(max_score, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((max_score > 0) & np.isfinite(max_score), score / max_score * 100.0, np.nan)
    return out
