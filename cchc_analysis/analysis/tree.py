"""Scores of a whole criteria tree for a set of units, with survey points still open.

Used by :func:`drilldown`, :func:`gap_to_rank` and :func:`progress`. Unlike :func:`aggregate`,
which is strict (a missing part makes its parent missing), this counts survey items that are not
scored yet as *open* instead of missing when the rows are an in-year or pre-survey assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import code_sort_key
from .aggregate import composite_weights

#: Stages scored without the sociological survey (the survey is added by the index's owner).
PRE_SURVEY_STAGES = frozenset({"self", "appraised"})


def survey_is_open(period: str, stage: str) -> bool:
    """True when survey items are not scored yet: in-year periods and self/appraised stages."""
    return period != "year" or stage in PRE_SURVEY_STAGES


@dataclass(frozen=True)
class Tree:
    """Per-unit values over a framework's tree for one year (wide frames: units × codes).

    Attributes:
        codes: the framework's codes that year, ``total`` first, in framework order.
        value: the score: published where given, else the sum of the parts scored so far; NaN
            where a part that is not an open survey item is missing, and for open survey items.
        reached: ``value`` with open survey items counted as 0 (what the unit has so far).
        survey_open: maximum points of the survey items beneath that are not scored yet.
        max_score: maximum points of each code (a Series).
        kind: kind of each code (a Series).
        parent: parent of each code (a Series; empty text for ``total``).
    """

    codes: list[str]
    value: pd.DataFrame
    reached: pd.DataFrame
    survey_open: pd.DataFrame
    max_score: pd.Series
    kind: pd.Series
    parent: pd.Series

    @property
    def headroom(self) -> pd.DataFrame:
        """Points still to gain: ``max_score − reached`` (open survey points included)."""
        return self.max_score - self.reached

    @property
    def points_lost(self) -> pd.DataFrame:
        """Points lost on items already scored: ``max_score − reached − survey_open``."""
        return self.max_score - self.reached - self.survey_open


def build_tree(rows: pd.DataFrame, fw, year: int, *, open_survey: bool) -> Tree:
    """Compute a :class:`Tree` for the units in ``rows`` (one year, period and stage).

    Args:
        rows: tidy rows of one year, period and stage, any number of units.
        fw: the framework.
        year: the year (selects the codes valid that year).
        open_survey: count unscored survey items as open (see :func:`survey_is_open`).

    Returns:
        The tree values, indexed by unit.
    """
    codes = list(fw.codes(year))
    if "total" not in codes:
        codes.insert(0, "total")
    codes = sorted(codes, key=code_sort_key)
    children = {c: list(fw.children(c, year)) for c in codes}
    kind = pd.Series({c: fw.kind(c) for c in codes})
    top = {c: fw.max_score(c, year) for c in codes}
    max_score = pd.Series({c: np.nan if v is None else float(v) for c, v in top.items()})
    parent = pd.Series({c: "" if c == "total" else fw.parent(c) for c in codes})

    given = rows.groupby("component")["max_score"].max()
    max_score = max_score.fillna(given.reindex(max_score.index))
    wide = rows.pivot(index="unit", columns="component", values="score")
    units = pd.Index(rows["unit"].unique(), name="unit")
    wide = wide.reindex(units)
    empty = pd.Series(np.nan, index=units, dtype="float64")
    zero = pd.Series(0.0, index=units)

    value: dict[str, pd.Series] = {}
    reached: dict[str, pd.Series] = {}
    open_pts: dict[str, pd.Series] = {}
    for code in sorted(codes, key=lambda c: len(code_sort_key(c)), reverse=True):
        observed = wide[code] if code in wide.columns else empty
        kids = children[code]
        if not kids:
            is_open = observed.isna() & (open_survey and kind[code] == "survey")
            value[code] = observed
            reached[code] = observed.where(~is_open, 0.0)
            open_pts[code] = zero.where(~is_open, max_score[code])
            continue
        parts = pd.concat([reached[k] for k in kids], axis=1)
        if fw.is_weighted(code):
            parts = parts * composite_weights(fw, code, kids, year)
        partial = parts.sum(axis=1).where(parts.notna().all(axis=1))
        value[code] = observed.where(observed.notna(), partial)
        reached[code] = value[code]
        open_pts[code] = pd.concat([open_pts[k] for k in kids], axis=1).sum(axis=1, skipna=False)

    def frame(columns: dict[str, pd.Series]) -> pd.DataFrame:
        return pd.DataFrame({c: columns[c] for c in codes}, index=units)

    return Tree(
        codes=codes,
        value=frame(value),
        reached=frame(reached),
        survey_open=frame(open_pts),
        max_score=max_score,
        kind=kind,
        parent=parent,
    )
