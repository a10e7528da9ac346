"""Differences between two versions of the same scores (self vs appraised, old vs corrected)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import KEY
from ._common import detach, require_columns

#: Scores closer than this are equal (float noise, not a correction).
ATOL = 1e-9


def diff(a: pd.DataFrame, b: pd.DataFrame, *, on: list[str] | None = None) -> pd.DataFrame:
    """Scores present in one version only, and scores or published ranks that changed.

    Args:
        a: the first version (e.g. the self-assessment, or the old file).
        b: the second version (e.g. the appraised scores, or the corrected file).
        on: the columns that identify a number; default :data:`cchc_analysis.schema.KEY`. To
            compare the self and appraised stages, leave ``stage`` out of ``on``.

    Returns:
        Columns ``on`` + ``component_name``, ``status``, ``score_a``, ``score_b``, ``delta``
        (``score_b − score_a``), ``rank_published_a``, ``rank_published_b``, ``rank_delta``
        (b − a). ``status`` is:

        - ``"only_a"``: the score is only in ``a`` — the key is not in ``b``, or ``b`` holds the
          row with an empty score (e.g. an area the council has not appraised yet). A missing
          value is not a change of value, so ``delta`` is empty.
        - ``"only_b"``: the same the other way round.
        - ``"changed"``: both versions hold the key and either two different scores (``delta``
          is their difference) or the same score (or none on either side) with different
          published ranks.

        A key found in one version only is ``only_a``/``only_b`` even when its score is empty.
        Unchanged rows, and rows whose score is empty in both versions with the same rank, are
        left out.

    Raises:
        InputError: a key column is missing, or a key appears twice in one version.
    """
    on = list(KEY if on is None else on)
    for name, frame in (("a", a), ("b", b)):
        require_columns(frame, [*on, "score"], what=f"diff() (version {name})")
        dupes = frame.duplicated(on)
        if dupes.any():
            raise InputError(
                f"version {name} has {int(dupes.sum())} rows with a repeated key ({', '.join(on)}).",
                hint="Pass on= with the columns that identify one number in both versions.",
            )

    def side(frame: pd.DataFrame, tag: str) -> pd.DataFrame:
        frame = detach(frame)
        cols = [*on, "score"]
        extra = [c for c in ("rank_published", "component_name") if c in frame.columns]
        part = frame[cols + [c for c in extra if c not in on]].copy()
        if "rank_published" not in part.columns:
            part["rank_published"] = pd.NA
        part["rank_published"] = part["rank_published"].astype("Int64")
        renamed = {"score": f"score_{tag}", "rank_published": f"rank_published_{tag}"}
        if "component_name" in part.columns and "component_name" not in on:
            renamed["component_name"] = f"component_name_{tag}"
        return part.rename(columns=renamed)

    merged = side(a, "a").merge(side(b, "b"), on=on, how="outer", indicator=True)
    names = [c for c in ("component_name_a", "component_name_b") if c in merged.columns]
    if "component_name" not in on:
        merged["component_name"] = np.nan
        for col in reversed(names):
            merged["component_name"] = merged[col].where(merged[col].notna(), merged["component_name"])
    score_a, score_b = merged["score_a"], merged["score_b"]
    has_a, has_b = score_a.notna().to_numpy(), score_b.notna().to_numpy()
    same_score = (~has_a & ~has_b) | np.isclose(score_a, score_b, atol=ATOL, rtol=0)
    rank_a, rank_b = merged["rank_published_a"], merged["rank_published_b"]
    same_rank = ((rank_a.isna() & rank_b.isna()) | (rank_a == rank_b).fillna(False)).to_numpy(dtype=bool)
    status = np.select(
        [
            (merged["_merge"] == "left_only").to_numpy(),
            (merged["_merge"] == "right_only").to_numpy(),
            has_a & ~has_b,
            ~has_a & has_b,
            ~(same_score & same_rank),
        ],
        ["only_a", "only_b", "only_a", "only_b", "changed"],
        default="",
    )
    merged["status"] = status
    merged = merged[merged["status"] != ""].copy()
    merged["delta"] = merged["score_b"] - merged["score_a"]
    merged["rank_delta"] = (merged["rank_published_b"] - merged["rank_published_a"]).astype("Int64")
    columns = [
        *on,
        "component_name",
        "status",
        "score_a",
        "score_b",
        "delta",
        "rank_published_a",
        "rank_published_b",
        "rank_delta",
    ]
    columns = list(dict.fromkeys(columns))
    return merged[columns].reset_index(drop=True)
