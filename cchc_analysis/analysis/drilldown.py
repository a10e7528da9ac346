"""Where a unit lost its points: every area and criterion, against the peer group."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import code_sort_key, depth_of, one_framework, pct, unit_rows
from .tree import Tree, build_tree, survey_is_open

DRILLDOWN_COLUMNS = [
    "component",
    "component_name",
    "parent",
    "depth",
    "kind",
    "score",
    "max_score",
    "pct",
    "points_lost",
    "survey_open",
    "headroom",
    "peer_best",
    "peer_mean",
    "rank",
    "rank_of",
]


def drilldown(
    scores: pd.DataFrame,
    unit: str,
    year: int,
    *,
    period: str = "year",
    stage: str | None = None,
    index: str | None = None,
) -> pd.DataFrame:
    """The unit's score on every area and criterion, with the points lost and still open.

    Parents the data does not give are summed from their parts. Survey items count as *open*
    (not yet scored) rather than missing when the rows are an in-year period or a ``self`` or
    ``appraised`` stage, because the sociological survey is scored at year end by the index's
    owner.

    Args:
        scores: tidy score table (leaves, parents or both).
        unit: canonical unit name.
        year: the year assessed.
        period: ``"year"`` or an in-year period (``"9M"``).
        stage: stage to use; ``None`` takes the first of published, appraised, self, estimate.
        index: the index, needed only when the unit has several that year.

    Returns:
        One row per component the data reaches (the total, each part the unit has, its parents,
        and their siblings), columns :data:`DRILLDOWN_COLUMNS`:

        - ``score``: points so far (NaN for an open survey item or a missing item); ``pct`` =
          score / max × 100.
        - ``points_lost``: ``max_score − score − survey_open``, the points lost on items already
          scored (NaN where the maximum or a part is missing).
        - ``survey_open``: maximum points of survey items beneath not scored yet.
        - ``headroom``: ``max_score − score`` = ``points_lost + survey_open``.
        - ``peer_best``, ``peer_mean``, ``rank``, ``rank_of``: over the peer group's units with a
          score for that component (competition ranking, higher is better).

        Sorted as a tree: ``total`` first, then each area followed by its own criteria, siblings
        ordered by ``points_lost`` (largest first, missing last).
    """
    own, peers = unit_rows(scores, unit, year, period=period, stage=stage, index=index)
    fw = one_framework(own, what="drilldown()")
    chosen = own["stage"].iat[0]
    tree = build_tree(peers, fw, int(year), open_survey=survey_is_open(period, chosen))
    shown = _reached_codes(tree, set(own["component"]))
    table = tree_table(tree, unit, shown)
    names = own.set_index("component")["component_name"]
    table["component_name"] = [
        names[c] if c in names.index and isinstance(names[c], str) and names[c] else fw.name(c)
        for c in table["component"]
    ]
    out = _tree_order(table)[DRILLDOWN_COLUMNS].reset_index(drop=True)
    out.attrs["summary"] = {
        "unit": unit,
        "index": str(own["index"].iat[0]),
        "framework": fw.id,
        "year": int(year),
        "period": str(own["period"].iat[0]),
        "stage": str(chosen),
    }
    return out


def tree_table(tree: Tree, unit: str, codes: list[str]) -> pd.DataFrame:
    """Rows of ``codes`` for ``unit``: scores, losses, open survey points and peer figures."""
    value = tree.value
    ranks = value.round(9).rank(method="min", ascending=False)
    table = pd.DataFrame(
        {
            "component": codes,
            "parent": [tree.parent[c] for c in codes],
            "depth": [depth_of(c) for c in codes],
            "kind": [tree.kind[c] for c in codes],
            "score": [value.at[unit, c] for c in codes],
            "reached": [tree.reached.at[unit, c] for c in codes],
            "max_score": [tree.max_score[c] for c in codes],
            "survey_open": [tree.survey_open.at[unit, c] for c in codes],
            "peer_best": [value[c].max() for c in codes],
            "peer_mean": [value[c].mean() for c in codes],
            "rank": pd.array(
                [ranks.at[unit, c] if np.isfinite(ranks.at[unit, c]) else pd.NA for c in codes],
                dtype="Int64",
            ),
            "rank_of": pd.array([int(value[c].notna().sum()) for c in codes], dtype="Int64"),
        }
    )
    table["pct"] = pct(table["score"], table["max_score"])
    table["points_lost"] = table["max_score"] - table["reached"] - table["survey_open"]
    table["headroom"] = table["max_score"] - table["reached"]
    return table


def _reached_codes(tree: Tree, own: set[str]) -> list[str]:
    """``total``, the codes the unit has, their parents, and the siblings of any of those."""
    present = {"total"}
    for code in own:
        if code in tree.parent.index:
            node = code
            while node:
                present.add(node)
                node = tree.parent[node]
    shown = set(present)
    for code in tree.codes:
        if code != "total" and tree.parent[code] in present:
            siblings = tree.parent[tree.parent == tree.parent[code]].index
            if any(s in present for s in siblings):
                shown.add(code)
    return [c for c in tree.codes if c in shown]


def _tree_order(table: pd.DataFrame) -> pd.DataFrame:
    """Depth-first order, siblings by points lost (largest first, missing last), then code."""
    by_parent: dict[str, list[str]] = {}
    lost = table.set_index("component")["points_lost"]
    for code, parent in zip(table["component"], table["parent"], strict=True):
        by_parent.setdefault(parent, []).append(code)
    order: list[str] = []

    def visit(code: str) -> None:
        order.append(code)
        kids = by_parent.get(code, [])
        kids = sorted(
            kids,
            key=lambda c: (np.isnan(lost[c]), -lost[c] if not np.isnan(lost[c]) else 0.0, code_sort_key(c)),
        )
        for kid in kids:
            visit(kid)

    roots = [c for c in table["component"] if c == "total"] or by_parent.get("", [])
    for root in roots:
        visit(root)
    return table.set_index("component").loc[order].reset_index()
