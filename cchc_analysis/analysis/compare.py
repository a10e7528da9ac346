"""Year-over-year comparison: score and rank changes per unit and component."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import STAGE_PREFERENCE, code_sort_key, detach, pct, require_columns
from .ranking import rank

#: Columns of :func:`compare`'s result, in order.
COMPARE_COLUMNS = [
    "index",
    "peer_group",
    "unit",
    "component",
    "component_name",
    "year",
    "base_year",
    "score",
    "score_base",
    "delta",
    "max_score",
    "pct",
    "pct_base",
    "delta_pct",
    "rank",
    "rank_of",
    "rank_base",
    "rank_of_base",
    "rank_change",
    "comparable",
    "reconstructed",
    "framework",
    "framework_base",
    "peer_group_base",
]

_SIDE = [
    "index",
    "peer_group",
    "unit",
    "component",
    "component_name",
    "framework",
    "score",
    "max_score",
    "rank",
    "rank_of",
]


def compare(
    scores: pd.DataFrame,
    year: int,
    base_year: int,
    *,
    crosswalk: pd.DataFrame | None = None,
    period: str = "year",
    stage: str | None = None,
) -> pd.DataFrame:
    """Compare each unit's scores and ranks in ``year`` with ``base_year``.

    Ranks are computed afresh with :func:`rank` (competition ranking within the peer group) on the
    whole table before the two years are picked. Run :func:`aggregate` first when the table holds
    leaves only and parents or the total are to be compared.

    Args:
        scores: tidy score table.
        year: the year to report on.
        base_year: the year to compare with (usually ``year - 1``).
        crosswalk: to line up units across the 2025 reorganisation, a frame with columns
            ``old_unit`` (name in ``base_year``) and ``new_unit`` (name in ``year``), optionally
            ``weight`` (used when several old units merge into one new unit; equal weights when
            absent). The base score of a merged unit is the weighted mean of its old units' scores
            and is synthetic: such rows have ``reconstructed`` True and no ``rank_base``.
        period: ``"year"`` (default) or an in-year period; the same for both years.
        stage: the stage to compare; ``None`` takes the first of published, appraised, self,
            estimate present in both years.

    Returns:
        One row per (index, peer group, unit, component) present in either year, columns
        :data:`COMPARE_COLUMNS`: ``pct`` and ``pct_base`` = score / max × 100; ``comparable``
        False when the two years were scored under different frameworks (PAPI 2017 → 2018: 6 vs
        8 dimensions, totals out of 60 vs 80) or either side is missing. The changes are given
        only for comparable rows and are NaN/NA otherwise (``score``, ``score_base``, ``rank``
        and ``rank_base`` stay visible): ``delta`` = ``score − score_base`` (points),
        ``delta_pct`` in percentage points, ``rank_change`` = ``rank_base − rank`` (positive =
        moved up, "tăng N bậc"; also NA when the peer group changed). ``reconstructed`` is True
        where the crosswalk renamed or merged the unit (an unchanged name mapped to itself is not
        reconstructed).
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
            "component_name",
            "score",
            "max_score",
        ],
        what="compare()",
    )
    year, base_year = int(year), int(base_year)
    ranked = detach(rank(detach(scores)))
    ranked = ranked[ranked["period"] == period]
    chosen = _common_stage(ranked, year, base_year, stage)
    ranked = ranked[ranked["stage"] == chosen]
    now = ranked.loc[ranked["year"] == year, _SIDE]
    before = ranked.loc[ranked["year"] == base_year, _SIDE]
    before = before.assign(reconstructed=False)
    keys = ["index", "peer_group", "unit", "component"]
    if crosswalk is not None:
        before = _apply_crosswalk(before, crosswalk)
        keys = ["index", "unit", "component"]
    before = before.rename(
        columns={
            "score": "score_base",
            "max_score": "max_score_base",
            "rank": "rank_base",
            "rank_of": "rank_of_base",
            "framework": "framework_base",
            "component_name": "component_name_base",
        }
    )
    if crosswalk is not None:
        before = before.rename(columns={"peer_group": "peer_group_base"})
    else:
        before["peer_group_base"] = before["peer_group"]
    out = now.merge(before, on=keys, how="outer")
    if crosswalk is not None:
        out["peer_group"] = out["peer_group"].fillna(out["peer_group_base"])
    out["component_name"] = out["component_name"].fillna(out["component_name_base"])
    out["year"] = year
    out["base_year"] = base_year
    out["comparable"] = (
        (out["framework"] == out["framework_base"]).fillna(False).astype(bool)
        & out["score"].notna().to_numpy()
        & out["score_base"].notna().to_numpy()
    )
    # Across a framework change the two scores measure different things (PAPI 2017 → 2018: 6 vs
    # 8 dimensions, out of 60 vs 80): no change is computed, only the two sides are shown.
    comparable = out["comparable"]
    out["pct"] = pct(out["score"], out["max_score"])
    out["pct_base"] = pct(out["score_base"], out["max_score_base"])
    out["delta"] = (out["score"] - out["score_base"]).where(comparable)
    out["delta_pct"] = (out["pct"] - out["pct_base"]).where(comparable)
    for col in ("rank", "rank_of", "rank_base", "rank_of_base"):
        out[col] = out[col].astype("Int64")
    same_group = (out["peer_group"] == out["peer_group_base"]).fillna(False).astype(bool)
    out["rank_change"] = (out["rank_base"] - out["rank"]).where(same_group & comparable).astype("Int64")
    out["reconstructed"] = out["reconstructed"].fillna(False).astype(bool)
    out = out.sort_values(
        ["index", "peer_group", "component", "rank", "unit"],
        key=lambda s: s.map(code_sort_key) if s.name == "component" else s,
        kind="stable",
        na_position="last",
    )
    return out[COMPARE_COLUMNS].reset_index(drop=True)


def _common_stage(rows: pd.DataFrame, year: int, base_year: int, stage: str | None) -> str:
    now = set(rows.loc[rows["year"] == year, "stage"])
    before = set(rows.loc[rows["year"] == base_year, "stage"])
    if not now or not before:
        missing = year if not now else base_year
        raise InputError(
            f"no scores for {missing} in the table (years present: "
            f"{', '.join(map(str, sorted(rows['year'].unique())))}).",
            hint="Check the years, the period and that the data for both years are loaded.",
        )
    both = now & before
    if stage is not None:
        if stage not in both:
            raise InputError(f"stage '{stage}' is not present in both {year} and {base_year}.")
        return stage
    for candidate in STAGE_PREFERENCE:
        if candidate in both:
            return candidate
    raise InputError(
        f"{year} and {base_year} share no stage ({', '.join(sorted(now))} vs {', '.join(sorted(before))}).",
        hint="Name the stage of each year explicitly or compare like with like.",
    )


def _apply_crosswalk(before: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Re-express base-year rows under the new units (weighted mean where units merged)."""
    require_columns(crosswalk, ["old_unit", "new_unit"], what="the crosswalk")
    walk = crosswalk[["old_unit", "new_unit"]].copy()
    walk["weight"] = crosswalk["weight"].astype("float64") if "weight" in crosswalk else 1.0
    walk = walk.drop_duplicates(["old_unit", "new_unit"])
    mapped = before.merge(walk, left_on="unit", right_on="old_unit", how="left")
    unmapped = mapped["new_unit"].isna()
    mapped["new_unit"] = mapped["new_unit"].where(~unmapped, mapped["unit"])
    mapped["weight"] = mapped["weight"].fillna(1.0)
    keys = ["index", "new_unit", "component"]
    mapped["_w_score"] = mapped["score"] * mapped["weight"]
    mapped["_w"] = mapped["weight"].where(mapped["score"].notna())
    grouped = mapped.groupby(keys, sort=False, dropna=False)
    out = grouped.agg(
        peer_group=("peer_group", "first"),
        component_name=("component_name", "first"),
        framework=("framework", "first"),
        max_score=("max_score", "first"),
        rank=("rank", "first"),
        rank_of=("rank_of", "first"),
        n_old=("unit", "nunique"),
        all_old=("unit", lambda s: "|".join(sorted(s))),
        missing=("score", lambda s: bool(s.isna().any())),
        w_score=("_w_score", "sum"),
        w=("_w", "sum"),
    ).reset_index()
    out["score"] = np.where(out["missing"], np.nan, out["w_score"] / out["w"])
    single = out["n_old"] == 1
    out["rank"] = out["rank"].astype("Int64").where(single)
    out["rank_of"] = out["rank_of"].astype("Int64").where(single)
    out["reconstructed"] = ~(single & (out["all_old"] == out["new_unit"]))
    out = out.rename(columns={"new_unit": "unit"})
    return out[[*_SIDE, "reconstructed"]]
