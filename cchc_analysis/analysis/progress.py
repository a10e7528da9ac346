"""In-year progress: self-assessed and appraised points against the maxima, per area."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import detach, one_framework, pct, require_columns
from .tree import build_tree

PROGRESS_COLUMNS = [
    "component",
    "component_name",
    "max_score",
    "self_score",
    "appraised_score",
    "estimate",
    "reached",
    "reached_stage",
    "points_lost",
    "survey_open",
    "max_assessable",
    "pct_reached",
]


def progress(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    period: str = "9M",
    *,
    index: str | None = None,
) -> pd.DataFrame:
    """Where the unit stands during the year: points reached, lost, and still open, per area.

    Uses the unit's rows of ``year`` and ``period`` at the stages ``self`` (tự đánh giá),
    ``appraised`` (thẩm định) and ``estimate`` (dự kiến). Survey items are scored only at year end,
    so in the self and appraised stages they count as open, not lost. An area's score is the
    source's own where given, else the sum of its criteria scored so far.

    Args:
        scores: tidy score table.
        unit: canonical unit name.
        year: the year being assessed.
        period: the in-year period, e.g. ``"9M"``, ``"H1"`` (``"year"`` for the year-end
            self-assessment).
        index: the index, needed only when the unit has several that year.

    Returns:
        One row per top-level area and a last row ``total``, columns :data:`PROGRESS_COLUMNS`:

        - ``self_score``, ``appraised_score``: points at each stage (NaN where not given).
        - ``estimate``: the year-end estimate where the source gives one.
        - ``reached``: the appraised score where given, else the self score (``reached_stage``
          says which); the total is the sum of the areas' ``reached``.
        - ``survey_open``: survey points to be scored at year end.
        - ``points_lost``: ``max_score − reached − survey_open``.
        - ``max_assessable``: ``max_score − survey_open``, the points that could be reached so
          far; ``pct_reached`` = reached / max_assessable × 100.
    """
    require_columns(
        scores, ["index", "year", "period", "stage", "unit", "component", "score"], what="progress()"
    )
    scores = detach(scores)
    rows = scores[(scores["unit"] == unit) & (scores["year"] == year) & (scores["period"] == period)]
    if index is not None:
        rows = rows[rows["index"] == index]
    rows = rows[rows["stage"].isin(["self", "appraised", "estimate"])]
    if rows.empty:
        raise InputError(
            f"no self-assessed, appraised or estimated scores for '{unit}' in {year} (period '{period}').",
            hint="Check the unit name, the year and the period (e.g. '9M').",
        )
    fw = one_framework(rows, what="progress()")
    year = int(year)
    areas = list(fw.children("total", year))
    codes = [*areas, "total"]

    def stage_tree(stage: str, *, open_survey: bool):
        part = rows[rows["stage"] == stage]
        return build_tree(part, fw, year, open_survey=open_survey) if len(part) else None

    trees = {
        "self": stage_tree("self", open_survey=True),
        "appraised": stage_tree("appraised", open_survey=True),
        "estimate": stage_tree("estimate", open_survey=False),
    }

    def column(stage: str, what: str = "reached") -> pd.Series:
        tree = trees[stage]
        if tree is None:
            return pd.Series(np.nan, index=codes)
        return getattr(tree, what).loc[unit].reindex(codes)

    table = pd.DataFrame({"component": codes})
    table["component_name"] = [fw.name(c) for c in codes]
    table["max_score"] = [fw.max_score(c, year) for c in codes]
    own = column("self").to_numpy()
    checked = column("appraised").to_numpy()
    table["self_score"] = own
    table["appraised_score"] = checked
    table["estimate"] = column("estimate", "value").to_numpy()
    use_checked = ~np.isnan(checked)
    table["reached"] = np.where(use_checked, checked, own)
    table["reached_stage"] = np.where(use_checked, "appraised", np.where(np.isnan(own), "", "self"))
    open_self = column("self", "survey_open").to_numpy()
    open_checked = column("appraised", "survey_open").to_numpy()
    table["survey_open"] = np.where(use_checked, open_checked, open_self)
    is_total = table["component"] == "total"
    area_part = table[~is_total]
    for col in ("reached", "survey_open"):
        table.loc[is_total, col] = area_part[col].sum(skipna=False) if len(area_part) else np.nan
    table.loc[is_total, "reached_stage"] = "+".join(sorted(set(area_part["reached_stage"]) - {""}))
    table["points_lost"] = table["max_score"] - table["reached"] - table["survey_open"]
    table["max_assessable"] = table["max_score"] - table["survey_open"]
    table["pct_reached"] = pct(table["reached"], table["max_assessable"])
    return table[PROGRESS_COLUMNS]
