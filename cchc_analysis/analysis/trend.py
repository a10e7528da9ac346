"""A unit's score and rank over the years, with the framework breaks marked."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ._common import STAGE_PREFERENCE, detach, pct, require_columns
from .ranking import rank

TREND_COLUMNS = [
    "index",
    "unit",
    "component",
    "year",
    "framework",
    "score",
    "max_score",
    "pct",
    "rank",
    "rank_of",
    "delta",
    "rank_change",
    "break_before",
]


def trend(
    scores: pd.DataFrame,
    unit: str,
    *,
    component: str = "total",
    index: str | None = None,
    period: str = "year",
    stage: str | None = None,
) -> pd.DataFrame:
    """One row per year for one unit and component.

    Args:
        scores: tidy score table (aggregate first for parents and the total).
        unit: canonical unit name.
        component: ``"total"`` (default) or a component code.
        index: the index, needed only when the unit has several.
        period: ``"year"`` (default) or an in-year period.
        stage: stage to use each year; ``None`` takes, per year, the first of published,
            appraised, self, estimate present.

    Returns:
        Columns :data:`TREND_COLUMNS`, sorted by year: ``rank``/``rank_of`` within the peer
        group that year, ``delta`` = change in points from the previous row, ``rank_change`` =
        previous rank − rank (positive = moved up), ``break_before`` True where the framework
        differs from the previous row's (PAPI 2017 → 2018). The change across a break is not
        like for like, so ``delta`` is NaN and ``rank_change`` NA on a ``break_before`` row;
        ``score`` and ``rank`` stay.
    """
    require_columns(
        scores,
        [
            "index",
            "framework",
            "year",
            "period",
            "stage",
            "peer_group",
            "unit",
            "component",
            "score",
            "max_score",
        ],
        what="trend()",
    )
    plain = detach(scores)
    ranked = detach(rank(plain[plain["period"] == period]))
    rows = ranked[(ranked["unit"] == unit) & (ranked["component"] == component)]
    if index is not None:
        rows = rows[rows["index"] == index]
    if rows.empty:
        raise InputError(
            f"no '{component}' scores for '{unit}' (period '{period}').",
            hint="Check the unit name; aggregate the table first for parents and the total.",
        )
    if rows["index"].nunique() > 1:
        raise InputError(
            f"'{unit}' has scores in several indices ({', '.join(rows['index'].unique())}).",
            hint="Name one with index=...",
        )
    if stage is not None:
        rows = rows[rows["stage"] == stage]
    else:
        order = {s: i for i, s in enumerate(STAGE_PREFERENCE)}
        rows = rows.assign(_o=rows["stage"].map(order)).sort_values(["year", "_o"])
        rows = rows.drop_duplicates("year")
    if rows["year"].duplicated().any():
        raise InputError(
            f"'{unit}' has several peer groups in a year.",
            hint="Filter the table to one peer group first.",
        )
    out = rows.sort_values("year").reset_index(drop=True)
    out["pct"] = pct(out["score"], out["max_score"])
    previous = out["framework"].shift(1)
    out["break_before"] = (previous.notna() & (out["framework"] != previous)).astype(bool)
    # No change is computed across a framework break: the scores are not like for like.
    same = ~out["break_before"]
    out["delta"] = (out["score"] - out["score"].shift(1)).where(same)
    out["rank_change"] = (out["rank"].shift(1) - out["rank"]).astype("Int64").where(same)
    return out[TREND_COLUMNS]
