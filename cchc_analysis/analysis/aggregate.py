"""Fill parent components and the total from the leaves, following each row's criteria set."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..frameworks.sheet import SHEET_NONE, sheet_framework
from ._common import UNIT_GROUP, AttrTable, code_sort_key, detach, framework, require_columns

#: Relative tolerance for a published parent against the sum of its parts (× the node's scale).
TOLERANCE = 0.0005

_GROUP_COLUMNS = [*UNIT_GROUP, "framework"]


def aggregate(scores: pd.DataFrame) -> pd.DataFrame:
    """Fill every parent component and ``total`` from the leaves, using each row's framework.

    A parent is the sum of its children valid in that year, or their weighted sum
    (Σ weight × child score) where the framework marks it weighted (PCI). A child with a
    published value is used as published; otherwise its own computed value is used. One missing
    part makes the parent missing (NaN) and flagged ``incomplete``, never a smaller sum that would
    rank last. Where the source already gives a parent or total, its value stays in ``score`` and
    the sum of the parts goes to ``score_computed``; differences beyond
    ``0.0005 × max_score`` (``0.0005 × |score|`` where the maximum is unknown) are listed in
    ``df.attrs["disagreements"]``.

    Rows are added for ``total`` and for every parent of a component the unit has, per
    (index, year, period, stage, peer_group, unit). Added rows carry the unit's ``unit_code``,
    ``level``, ``source_file`` and ``source_sheet``, an empty ``source_cell`` and ``derived`` True.

    Args:
        scores: tidy score table (see :mod:`cchc_analysis.schema`).

    Returns:
        A new frame with the tidy columns plus:

        - ``score_computed`` (float): the sum of the parts for parents; NaN for leaves and where a
          part is missing.
        - ``incomplete`` (bool): the row's value is missing, or it is a parent broken down in the
          data with at least one part missing (a published parent keeps its value but is flagged).
        - ``derived`` (bool): the row was added by this function.

        ``attrs["disagreements"]``: DataFrame with the unit-group columns, ``component``,
        ``score`` (published), ``score_computed``, ``difference`` and ``tolerance``.

    Raises:
        InputError: a scored component the framework does not have in that year, or duplicate keys.
    """
    require_columns(scores, [*_GROUP_COLUMNS, "component", "score", "max_score"], what="aggregate()")
    base = detach(scores)
    base["score_computed"] = np.nan
    base["incomplete"] = base["score"].isna()
    base["derived"] = False
    if base.empty:
        base.attrs["disagreements"] = _disagreement_frame([])
        return base

    dupes = base.duplicated([*_GROUP_COLUMNS, "component"], keep=False)
    if dupes.any():
        row = base[dupes].iloc[0]
        raise InputError(
            f"component {row['component']} of '{row['unit']}' ({row['year']}, {row['stage']}) "
            "appears more than once.",
            hint="Remove the duplicate rows before aggregating.",
        )

    parts, disagreements = [], []
    for (fw_id, year), block in base.groupby(["framework", "year"], sort=False):
        # rows read under no packaged set are aggregated under the tree they state themselves
        fw = sheet_framework(block) if fw_id == SHEET_NONE else framework(fw_id)
        done, found = _aggregate_block(block, fw, int(year))
        parts.append(done)
        disagreements.extend(found)

    out = pd.concat(parts, ignore_index=True)
    drifted = {c: base[c].dtype for c in base.columns if out[c].dtype != base[c].dtype}
    out = out.astype(drifted)
    out = out.sort_values(
        [*UNIT_GROUP, "component"],
        key=lambda s: s.map(code_sort_key) if s.name == "component" else s,
        kind="stable",
    ).reset_index(drop=True)
    out.attrs["disagreements"] = _disagreement_frame(disagreements)
    return out


def _aggregate_block(block: pd.DataFrame, fw, year: int) -> tuple[pd.DataFrame, list[dict]]:
    """Aggregate the rows of one framework and year (vectorised over the units)."""
    codes = list(fw.codes(year))
    if "total" not in codes:
        codes.append("total")
    stray = block[~block["component"].isin(set(codes)) & block["score"].notna()]
    if not stray.empty:
        row = stray.iloc[0]
        raise InputError(
            f"component {row['component']} of '{row['unit']}' is not part of the criteria set "
            f"{row['framework']} in {year}.",
            file=row.get("source_file"),
            sheet=row.get("source_sheet"),
            cell=row.get("source_cell") or None,
            hint="Check the component code or the framework named for these rows.",
        )
    children = {c: list(fw.children(c, year)) for c in codes}
    groups = pd.MultiIndex.from_frame(block[_GROUP_COLUMNS])
    units = groups.unique()
    pos = units.get_indexer(groups)
    n = len(units)
    observed: dict[str, np.ndarray] = {}
    exists: dict[str, np.ndarray] = {}
    comp = block["component"].to_numpy()
    vals = block["score"].to_numpy(dtype="float64")
    for code in np.unique(comp):
        mask = comp == code
        observed[code] = np.full(n, np.nan)
        observed[code][pos[mask]] = vals[mask]
        exists[code] = np.zeros(n, dtype=bool)
        exists[code][pos[mask]] = True
    nan = np.full(n, np.nan)
    no = np.zeros(n, dtype=bool)

    best: dict[str, np.ndarray] = {}
    computed: dict[str, np.ndarray] = {}
    broken_down: dict[str, np.ndarray] = {}  # some row beneath the node exists in the data
    present: dict[str, np.ndarray] = {}  # the node or a row beneath it exists
    # Deepest codes first, so children are done before their parents.
    for code in sorted(codes, key=lambda c: len(code_sort_key(c)), reverse=True):
        seen = observed.get(code, nan)
        here = exists.get(code, no)
        kids = children[code]
        if not kids:
            best[code] = seen
            present[code] = here
            continue
        parts = np.column_stack([best[k] for k in kids])
        if fw.is_weighted(code):
            parts = parts * composite_weights(fw, code, kids, year)
        computed[code] = parts.sum(axis=1)  # NaN when any part is NaN
        best[code] = np.where(np.isnan(seen), computed[code], seen)
        broken_down[code] = np.column_stack([present[k] for k in kids]).any(axis=1)
        present[code] = here | broken_down[code]

    # Rows to add: parents of anything the unit has, and the total.
    carried = block.drop_duplicates(_GROUP_COLUMNS)
    carried = carried.set_index(pd.MultiIndex.from_frame(carried[_GROUP_COLUMNS])).reindex(units)
    where, which = [], []
    for code in computed:
        add = (present[code] | (code == "total")) & ~exists.get(code, no)
        where.extend(np.flatnonzero(add))
        which.extend([code] * int(add.sum()))
    if where:
        rows = carried.iloc[where].reset_index(drop=True)
        rows["component"] = which
        rows["component_name"] = [fw.name(c) for c in which]
        rows["score"] = [best[c][i] for c, i in zip(which, where, strict=True)]
        rows["max_score"] = [_max(fw, c, year) for c in which]
        rows["rank_published"] = pd.NA
        rows["source_cell"] = ""
        rows["derived"] = True
        for extra in ("rank", "rank_of"):
            if extra in rows.columns:
                rows[extra] = pd.NA
        out = pd.concat([block, rows], ignore_index=True)
    else:
        out = block.copy()
    out["derived"] = out["derived"].astype(bool)

    # score, score_computed and incomplete for every parent row.
    pos = units.get_indexer(pd.MultiIndex.from_frame(out[_GROUP_COLUMNS]))
    comp = out["component"].to_numpy()
    score = out["score"].to_numpy(dtype="float64").copy()
    score_computed = np.full(len(out), np.nan)
    incomplete = np.isnan(score)
    max_score = out["max_score"].to_numpy(dtype="float64")
    findings = []
    for code, value in computed.items():
        mask = comp == code
        if not mask.any():
            continue
        vals = value[pos[mask]]
        published = score[mask]
        score_computed[mask] = vals
        incomplete[mask] = np.isnan(np.where(np.isnan(published), vals, published)) | (
            np.isnan(vals) & broken_down[code][pos[mask]]
        )
        scale = max_score[mask]
        scale = np.where(np.isfinite(scale) & (scale > 0), scale, np.abs(published))
        tolerance = TOLERANCE * scale
        difference = published - vals
        for i in np.flatnonzero(np.isfinite(difference) & (np.abs(difference) > tolerance)):
            row = out.loc[mask].iloc[i]
            findings.append(
                {
                    **{c: row[c] for c in UNIT_GROUP},
                    "component": code,
                    "score": published[i],
                    "score_computed": vals[i],
                    "difference": difference[i],
                    "tolerance": tolerance[i],
                }
            )
        score[mask] = np.where(np.isnan(published), vals, published)
    out["score"] = score
    out["score_computed"] = score_computed
    out["incomplete"] = incomplete
    return out, findings


def composite_weights(fw, parent: str, kids: list[str], year: int) -> np.ndarray:
    """Multipliers of a weighted composite, scaled so full marks give the parent's maximum.

    PCI: ten sub-indices out of 10 with weights summing to 1, total out of 100, so each
    sub-index is multiplied by ``10 × weight``. Without known maxima the weighted mean is used.
    """
    weights = []
    for kid in kids:
        weight = fw.weight(kid)
        if weight is None or pd.isna(weight):
            raise InputError(
                f"component {kid} of the weighted composite {parent} has no weight.",
                hint="Fill the weight column of the framework file.",
            )
        weights.append(float(weight))
    w = np.array(weights, dtype="float64")
    kid_max = np.array([_max(fw, k, year) for k in kids], dtype="float64")
    top = _max(fw, parent, year)
    full = float((w * kid_max).sum())
    if np.isfinite(top) and np.isfinite(full) and full > 0:
        return w * (top / full)
    return w / w.sum()


def _max(fw, code: str, year: int) -> float:
    value = fw.max_score(code, year)
    return np.nan if value is None else float(value)


def _disagreement_frame(rows: list[dict]) -> pd.DataFrame:
    columns = [*UNIT_GROUP, "component", "score", "score_computed", "difference", "tolerance"]
    return AttrTable(pd.DataFrame(rows, columns=columns))
