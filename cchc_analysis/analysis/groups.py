"""Bands and groups: PAR A/B/C bands, PAPI quartile groups, averages by peer group or region."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import InputError
from ._common import RANK_GROUP, code_sort_key, detach, pct, require_columns

#: PAPI's four performance groups, best first.
PAPI_GROUPS = ["Cao", "Trung bình cao", "Trung bình thấp", "Thấp"]

GROUP_MEAN_COLUMNS = [
    "index",
    "year",
    "period",
    "stage",
    "component",
    "component_name",
    "group",
    "n",
    "mean",
    "median",
    "best",
    "worst",
    "mean_pct",
]


def band_par(value: float | None) -> str | None:
    """PAR INDEX band of a percentage: ``A`` (≥ 90), ``B`` (80 to < 90), ``C`` (70 to < 80).

    Args:
        value: the index in percent (0–100).

    Returns:
        ``"A"``, ``"B"``, ``"C"``, or ``None`` below 70 or when the value is missing.
    """
    if value is None or pd.isna(value):
        return None
    value = float(value)
    if value >= 90:
        return "A"
    if value >= 80:
        return "B"
    if value >= 70:
        return "C"
    return None


def add_bands(scores: pd.DataFrame) -> pd.DataFrame:
    """Add ``pct`` (score / max × 100) and the PAR band of each PAR ``total`` row.

    Args:
        scores: tidy score table.

    Returns:
        A new frame with ``pct`` (float, every row with a maximum) and ``band`` (``"A"``, ``"B"``,
        ``"C"`` or NA: set on rows with index ``PAR`` and component ``total`` only, the level at
        which MOHA groups provinces).
    """
    require_columns(scores, ["index", "component", "score", "max_score"], what="add_bands()")
    out = detach(scores)
    out["pct"] = pct(out["score"], out["max_score"])
    banded = (out["index"] == "PAR") & (out["component"] == "total")
    bands = [band_par(v) if ok else None for v, ok in zip(out["pct"], banded, strict=True)]
    out["band"] = pd.array(bands, dtype="str")
    return out


def papi_quartiles(scores: pd.DataFrame) -> pd.DataFrame:
    """Add PAPI's quartile group to each PAPI row, within year × component (and peer group).

    The cut points are the 25th, 50th and 75th percentiles (linear interpolation) of the group's
    scores: ``Cao`` at or above the 75th, ``Trung bình cao`` from the 50th, ``Trung bình thấp``
    from the 25th, ``Thấp`` below. Rows without a score get no group. PAPI's reports draw the
    same four groups on their maps; their exact percentile convention is not published, so a unit
    lying on a cut point may be shown one group apart.

    Args:
        scores: tidy score table (aggregate first to group dimensions and totals).

    Returns:
        A new frame with ``quartile`` (text; NA on rows of other indices or without a score).
    """
    require_columns(scores, [*RANK_GROUP, "score"], what="papi_quartiles()")
    out = detach(scores)
    is_papi = out["index"] == "PAPI"
    groups = out[is_papi].groupby(RANK_GROUP, sort=False)["score"]
    q25 = groups.transform(lambda s: s.quantile(0.25))
    q50 = groups.transform(lambda s: s.quantile(0.50))
    q75 = groups.transform(lambda s: s.quantile(0.75))
    score = out.loc[is_papi, "score"]
    label = np.select(
        [score >= q75, score >= q50, score >= q25, score.notna()],
        PAPI_GROUPS,
        default="",
    )
    quartile = pd.Series(pd.NA, index=out.index, dtype="str")
    quartile.loc[is_papi] = np.where(label == "", None, label)
    out["quartile"] = quartile
    return out


def group_means(scores: pd.DataFrame, by: str | Mapping[str, str] = "peer_group") -> pd.DataFrame:
    """Averages per group: by peer group, by any column, or by a mapping unit → region.

    Args:
        scores: tidy score table.
        by: ``"peer_group"`` (default) or another column name; or a mapping from unit name to
            group (e.g. the six socio-economic regions). Region membership changes over time
            (domain.md §4), so pass the mapping valid for the years in the table.

    Returns:
        One row per index × year × period × stage × component × group, columns
        :data:`GROUP_MEAN_COLUMNS` (``n`` = units with a score; ``mean_pct`` = mean of
        score / max × 100). With a mapping, units it does not cover are left out and listed in
        ``attrs["unmapped"]``.
    """
    require_columns(
        scores,
        ["index", "year", "period", "stage", "unit", "component", "score", "max_score"],
        what="group_means()",
    )
    data = detach(scores)
    unmapped: list[str] = []
    if isinstance(by, str):
        require_columns(data, [by], what="group_means()")
        data["group"] = data[by]
    elif isinstance(by, Mapping):
        data["group"] = data["unit"].map(dict(by))
        unmapped = sorted(data.loc[data["group"].isna(), "unit"].unique())
        data = data[data["group"].notna()]
    else:
        raise InputError("group_means(by=...) takes a column name or a mapping unit → group.")
    data["pct"] = pct(data["score"], data["max_score"])
    if "component_name" not in data.columns:
        data["component_name"] = ""
    keys = ["index", "year", "period", "stage", "component", "group"]
    out = (
        data.groupby(keys, sort=False, dropna=False)
        .agg(
            component_name=("component_name", "first"),
            n=("score", "count"),
            mean=("score", "mean"),
            median=("score", "median"),
            best=("score", "max"),
            worst=("score", "min"),
            mean_pct=("pct", "mean"),
        )
        .reset_index()
    )
    out = out.sort_values(
        ["index", "year", "period", "stage", "component", "group"],
        key=lambda s: s.map(code_sort_key) if s.name == "component" else s,
        kind="stable",
    )
    out = out[GROUP_MEAN_COLUMNS].reset_index(drop=True)
    out.attrs["unmapped"] = unmapped
    return out
