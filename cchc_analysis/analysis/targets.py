"""Points a unit needs to reach a target rank, and where it can find them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import one_framework, unit_rows
from .drilldown import tree_table
from .tree import build_tree, survey_is_open

GAP_COLUMNS = [
    "component",
    "component_name",
    "score",
    "max_score",
    "points_lost",
    "survey_open",
    "headroom",
]


def gap_to_rank(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    target_rank: int,
    *,
    component: str = "total",
    period: str = "year",
    stage: str | None = None,
    index: str | None = None,
) -> pd.DataFrame:
    """Points the unit needs on ``component`` to reach ``target_rank``, and its headroom per part.

    Ranks are competition ranks (``min``): a unit's rank is 1 + the number of units with a
    strictly higher score, so a unit that *equals* the score now at the target place shares that
    place. The target score is therefore the ``target_rank``-th best score among the *other*
    units, and ``points_needed = target_score − score`` (0 when the unit already holds the target
    rank or better). Scores are compared unrounded; a published score rounded to 2 decimals may
    hide a small difference, so treat a need of a few hundredths as "about level".

    Args:
        scores: tidy score table.
        unit: canonical unit name.
        year: the year assessed.
        target_rank: the place to reach (1 = first).
        component: ``"total"`` (default) or an area, whose parts are listed.
        period, stage, index: as in :func:`drilldown`.

    Returns:
        One row per part of ``component`` (areas of the total), columns :data:`GAP_COLUMNS`
        (``headroom`` = ``max_score − score`` = points lost + survey points still open), sorted by
        ``headroom`` (largest first). ``attrs["summary"]`` is a dict with ``unit``, ``index``,
        ``framework``, ``year``,
        ``component``, ``score``, ``rank``, ``rank_of``, ``target_rank``, ``target_unit`` (the
        unit(s) now holding the target score, tied ones joined by ", "), ``target_unit_rank`` (their
        rank: better than the target when they tie with units above it, so that nobody holds the
        target rank itself), ``target_score``,
        ``points_needed``, ``headroom`` (total of the parts) and ``feasible``
        (``points_needed ≤ headroom``; ``None`` when the maxima are unknown).

    Raises:
        InputError: the unit has no score on ``component``, or the target rank is outside
            1…``rank_of``.
    """
    own, peers = unit_rows(scores, unit, year, period=period, stage=stage, index=index)
    fw = one_framework(own, what="gap_to_rank()")
    chosen = own["stage"].iat[0]
    tree = build_tree(peers, fw, int(year), open_survey=survey_is_open(period, chosen))
    if component not in tree.codes:
        raise InputError(f"component {component} is not part of {fw.id} in {year}.")
    values = tree.value[component]
    score = values.get(unit, np.nan)
    if pd.isna(score):
        raise InputError(
            f"'{unit}' has no {year} score on component {component}, so no gap can be computed.",
            hint="Check that all parts are scored, or aggregate the table first.",
        )
    others = values.drop(unit).dropna().round(9).sort_values(ascending=False, kind="stable")
    rank_of = len(others) + 1
    target_rank = int(target_rank)
    if not 1 <= target_rank <= rank_of:
        raise InputError(
            f"target rank {target_rank} is outside 1…{rank_of} for {component} in {year}.",
        )
    current_rank = int((others > round(float(score), 9)).sum()) + 1
    if target_rank <= len(others):
        # At most target_rank − 1 others may stay strictly above: equal the target_rank-th best.
        target_score = float(others.iat[target_rank - 1])
        target_unit = ", ".join(sorted(others[others == target_score].index))
        # Their own rank: above the target when they tie with units before them (then nobody holds
        # the target rank, and matching them ties their better rank).
        target_unit_rank = int((others > target_score).sum()) + 1
    else:  # the last place is reached by any score
        target_score, target_unit, target_unit_rank = float("nan"), "", None
    points_needed = target_score - float(score) if current_rank > target_rank else 0.0

    parts = list(fw.children(component, year)) or [component]
    table = tree_table(tree, unit, parts)
    table["component_name"] = [fw.name(c) for c in parts]
    table = table.sort_values("headroom", ascending=False, kind="stable", na_position="last")
    table = table[GAP_COLUMNS].reset_index(drop=True)
    top = tree.max_score[component]
    headroom = float(top - tree.reached.at[unit, component]) if np.isfinite(top) else None
    table.attrs["summary"] = {
        "unit": unit,
        "index": str(own["index"].iat[0]),
        "framework": fw.id,
        "year": int(year),
        "component": component,
        "score": float(score),
        "rank": current_rank,
        "rank_of": rank_of,
        "target_rank": target_rank,
        "target_unit": target_unit,
        "target_unit_rank": target_unit_rank,
        "target_score": target_score,
        "points_needed": points_needed,
        "headroom": headroom,
        "feasible": None if headroom is None else bool(points_needed <= headroom + 1e-9),
    }
    return table
