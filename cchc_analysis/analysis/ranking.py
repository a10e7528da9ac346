"""Competition ranks within peer groups, checked against the published ranks."""

from __future__ import annotations

import pandas as pd

from ._common import RANK_GROUP, AttrTable, detach, require_columns

#: Scores are compared after rounding to this many decimals, which removes float noise only.
NOISE_DECIMALS = 9


def rank(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank every unit within (index, year, period, stage, peer_group, component).

    Competition ranking (``method="min"``): the higher score is better and tied units share the
    best place, so scores 9, 8, 8, 7 rank 1, 2, 2, 4. Ranks are taken on the unrounded scores
    (only float noise beyond 9 decimals is ignored).
    Units without a score get no rank and are not counted in ``rank_of`` (a province missing from a
    year's survey is not ranked last). ``rank_published`` is kept as read, never overwritten.

    Args:
        scores: tidy score table (after :func:`aggregate` when parents are to be ranked).

    Returns:
        A new frame with ``rank`` (Int64, NA where the score is missing) and ``rank_of`` (Int64:
        units with a score in the group). ``attrs["rank_disagreements"]`` is a DataFrame of the rows
        whose ``rank_published`` differs from ``rank`` (columns: the rank-group columns, ``unit``,
        ``score``, ``rank``, ``rank_published``).
    """
    require_columns(scores, [*RANK_GROUP, "unit", "score"], what="rank()")
    out = detach(scores)
    # Round away float noise only (61.25 summed from parts may come out as 61.24999999999999).
    keyed = out[RANK_GROUP].assign(_score=out["score"].astype("float64").round(NOISE_DECIMALS))
    grouped = keyed.groupby(RANK_GROUP, sort=False, dropna=False)["_score"]
    out["rank"] = grouped.rank(method="min", ascending=False).astype("Int64")
    out["rank_of"] = grouped.transform("count").astype("Int64")
    if "rank_published" in out.columns:
        published = out["rank_published"].astype("Int64")
        differs = published.notna() & (out["rank"].isna() | (published != out["rank"]).fillna(True))
        found = out.loc[differs, [*RANK_GROUP, "unit", "score", "rank", "rank_published"]]
        out.attrs["rank_disagreements"] = AttrTable(found.reset_index(drop=True))
    else:
        out.attrs["rank_disagreements"] = AttrTable(
            columns=[*RANK_GROUP, "unit", "score", "rank", "rank_published"]
        )
    return out
