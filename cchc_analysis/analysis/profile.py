"""A unit against its peers at every level of the framework; its strongest and weakest parts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import code_sort_key, depth_of, detach, pct, unit_rows
from .compare import compare
from .ranking import rank

PROFILE_COLUMNS = [
    "index",
    "peer_group",
    "unit",
    "year",
    "component",
    "component_name",
    "depth",
    "score",
    "max_score",
    "pct",
    "rank",
    "rank_of",
    "peer_mean",
    "peer_median",
    "peer_best",
    "peer_worst",
    "best_unit",
]

STRENGTH_COLUMNS = [
    "component",
    "component_name",
    "kind",
    "by",
    "rank",
    "rank_of",
    "delta",
    "score",
    "pct",
    "delta_pct",
    "rank_change",
]


def profile(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    *,
    period: str = "year",
    stage: str | None = None,
    index: str | None = None,
) -> pd.DataFrame:
    """The unit's score on every component it has, against its peer group.

    Args:
        scores: tidy score table (aggregate first to include parents and the total).
        unit: canonical unit name.
        year: the year assessed.
        period: ``"year"`` or an in-year period.
        stage: stage to use; ``None`` takes the first of published, appraised, self, estimate.
        index: the index, needed only when the unit has several that year.

    Returns:
        One row per component, in framework order, columns :data:`PROFILE_COLUMNS`. Peer
        statistics (``peer_mean``, ``peer_median``, ``peer_best``, ``peer_worst``) are over the
        units of the peer group with a score, the unit included; ``best_unit`` names the unit(s)
        with the best score (tied units joined by ", ").
    """
    _, peers = unit_rows(scores, unit, year, period=period, stage=stage, index=index)
    ranked = detach(rank(peers))
    stats = ranked.groupby("component")["score"].agg(
        peer_mean="mean", peer_median="median", peer_best="max", peer_worst="min"
    )
    best = ranked[ranked["rank"] == 1].groupby("component")["unit"].agg(lambda s: ", ".join(sorted(s)))
    stats["best_unit"] = best.reindex(stats.index)
    mine = ranked[ranked["unit"] == unit].merge(stats, left_on="component", right_index=True)
    mine["depth"] = mine["component"].map(depth_of)
    mine["pct"] = pct(mine["score"], mine["max_score"])
    mine = mine.sort_values("component", key=lambda s: s.map(code_sort_key))
    return mine[PROFILE_COLUMNS].reset_index(drop=True)


def strengths_weaknesses(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    base_year: int | None = None,
    n: int = 3,
    *,
    depth: int | None = 1,
    period: str = "year",
    stage: str | None = None,
    index: str | None = None,
) -> pd.DataFrame:
    """The unit's best and worst components by rank and, given ``base_year``, by change.

    By rank, components are ordered by ``rank / rank_of`` (so ranks among groups of different
    size compare), then by ``pct``; the first ``n`` are strengths and the last ``n`` weaknesses
    (a component is never both, a component ranked first is never a weakness and one ranked last
    is never a strength). By change, strengths are the ``n`` largest rises and weaknesses
    the ``n`` largest falls, in percentage points where maxima are known, else in points; only
    comparable rows (same framework both years) count, and a component that did not rise is never a
    strength by change.

    Args:
        scores: tidy score table.
        unit: canonical unit name.
        year: the year assessed.
        base_year: the year to measure change from; ``None`` for ranks only.
        n: how many of each.
        depth: 1 for the top-level areas (default), 2 for criteria, ``None`` for every component
            except the total.
        period, stage, index: as in :func:`profile`.

    Returns:
        Columns :data:`STRENGTH_COLUMNS`: ``kind`` ``"strength"``/``"weakness"``, ``by``
        ``"rank"``/``"change"``, ``delta`` in points (NA without ``base_year``).
    """
    prof = profile(scores, unit, year, period=period, stage=stage, index=index)
    prof = prof[prof["component"] != "total"]
    if depth is not None:
        prof = prof[prof["depth"] == depth]
    changes = None
    if base_year is not None:
        changes = compare(scores, year, base_year, period=period, stage=stage)
        own_index = prof["index"].iat[0] if len(prof) else None
        changes = changes[(changes["unit"] == unit) & (changes["index"] == own_index)]
    cols = ["component", "delta", "delta_pct", "rank_change", "comparable"]
    prof = prof.merge(
        changes[cols] if changes is not None else pd.DataFrame(columns=cols),
        on="component",
        how="left",
    )
    parts = []
    by_rank = prof[prof["rank"].notna()].assign(
        _order=lambda d: d["rank"].astype("float64") / d["rank_of"].astype("float64")
    )
    by_rank = by_rank.sort_values(["_order", "pct"], ascending=[True, False], kind="stable")
    top = by_rank[by_rank["rank"] < by_rank["rank_of"]].head(n)
    rest = by_rank[~by_rank["component"].isin(top["component"]) & (by_rank["rank"] > 1)]
    bottom = rest.tail(n).iloc[::-1]
    parts += [top.assign(kind="strength", by="rank"), bottom.assign(kind="weakness", by="rank")]
    if changes is not None:
        moved = prof[prof["comparable"].fillna(False).astype(bool)].copy()
        moved["_change"] = moved["delta_pct"].where(moved["delta_pct"].notna(), moved["delta"])
        moved = moved.sort_values("_change", ascending=False, kind="stable")
        parts.append(moved[moved["_change"] > 0].head(n).assign(kind="strength", by="change"))
        falls = moved[moved["_change"] < 0].iloc[::-1].head(n)
        parts.append(falls.assign(kind="weakness", by="change"))
    out = pd.concat(parts, ignore_index=True) if parts else prof.head(0)
    for col in ("delta", "delta_pct"):
        out[col] = out[col].astype("float64") if len(out) else np.array([], dtype="float64")
    out["rank_change"] = out["rank_change"].astype("Int64")
    return out.reindex(columns=STRENGTH_COLUMNS).reset_index(drop=True)
