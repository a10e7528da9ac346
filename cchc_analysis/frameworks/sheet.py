"""A criteria set read from a self-assessment sheet itself, for rows scored under no packaged set.

Each province issues its own criteria sets for its departments, districts and communes, so most
self-assessment sheets are read without one (``framework == "none"``). The sheet still states the
tree: dotted codes (``1``, ``1.1``, ``7.2.2``), names and maximum points. :func:`sheet_framework`
turns those rows into a :class:`~cchc_analysis.frameworks.Framework`, so that progress, drill-downs
and gaps work on them as on a packaged set. A criterion's kind is told from its name: survey items
("điều tra xã hội học", "khảo sát", "mức độ hài lòng", "đánh giá của người dân") are scored at year
end, "điểm thưởng" is a bonus and "điểm trừ" a penalty; everything else is appraised.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import NODE_COLUMNS, Framework, _match_key, code_key

__all__ = ["SHEET_FRAMEWORK", "SHEET_NONE", "framework_of", "packaged", "sheet_framework"]

#: The ``framework`` id of a criteria set read from the rows themselves.
SHEET_FRAMEWORK = "sheet"
#: The ``framework`` column of rows read under no packaged criteria set.
SHEET_NONE = "none"

_SURVEY = re.compile(
    r"dieu tra|khao sat|xa hoi hoc|\bxhh\b|hai long|danh gia cua nguoi dan|y kien (cua )?nguoi dan"
)
_BONUS = re.compile(r"^diem thuong|\bdiem cong\b")
_PENALTY = re.compile(r"^diem tru|\bdiem tru\b")


def _kind(name: str, maximum: float) -> str:
    key = _match_key(name)
    if _PENALTY.search(key) or maximum < 0:
        return "penalty"
    if _BONUS.search(key):
        return "bonus"
    if _SURVEY.search(key):
        return "survey"
    return "appraised"


def sheet_framework(rows: pd.DataFrame) -> Framework:
    """The criteria set the rows of one sheet state: their codes, names and maxima.

    Args:
        rows: tidy rows of one criteria set (``component``, ``component_name``, ``max_score``, and
            ``index``, ``level``), any number of stages; the first stated name and maximum of a
            code count.

    Returns:
        A :class:`Framework` with id :data:`SHEET_FRAMEWORK`, valid in every year. A code whose
        parent the rows lack gets the parent as a node with no name and no maximum; without a
        ``total`` row the total's maximum is the sum of the areas' when all are known.
    """
    first = rows.sort_values("component", key=lambda s: s.map(code_key)).groupby("component", sort=False)
    names = first["component_name"].first()
    maxima = first["max_score"].max()
    codes = set(names.index)
    for code in list(codes):
        parts = code.split(".") if code != "total" else []
        codes.update(".".join(parts[:i]) for i in range(1, len(parts)))
    codes.add("total")
    parent_of = {c: ("" if c == "total" else ".".join(c.split(".")[:-1]) or "total") for c in codes}
    has_children = set(parent_of.values())
    area_max = np.array([maxima.get(c, np.nan) for c in codes if parent_of[c] == "total"], dtype=float)
    if np.isnan(maxima.get("total", np.nan)) and area_max.size and not np.isnan(area_max).any():
        maxima = maxima.copy()
        maxima["total"] = float(area_max[area_max > 0].sum())  # a penalty area adds no points
    records = []
    said: dict[str, str] = {}  # the kind each code's own name says
    for code in sorted(codes, key=code_key):
        name = names.get(code)
        name = "" if name is None or name != name else str(name)
        maximum = float(maxima.get(code, np.nan))
        said[code] = _kind(name, maximum)
        # criteria under "Điểm thưởng", "Điểm trừ" or a survey heading are of its kind
        inherited = said.get(parent_of[code], "appraised") if code != "total" else "appraised"
        kind = said[code] if said[code] != "appraised" else inherited
        said[code] = kind
        if code in has_children and kind not in ("bonus", "penalty"):
            kind = "aggregate"
        records.append(
            {
                "code": code,
                "parent": parent_of[code],
                "name_vi": name,
                "name_en": "",
                "max_score": maximum,
                "kind": kind,
                "weight": np.nan,
                "year_from": None,
                "year_to": None,
                "aliases": "",
                "depth": 0 if code == "total" else len(code.split(".")),
            }
        )
    nodes = pd.DataFrame.from_records(records, columns=[*NODE_COLUMNS, "depth"])
    nodes["year_from"] = nodes["year_from"].astype("Int64")
    nodes["year_to"] = nodes["year_to"].astype("Int64")
    index = str(rows["index"].iloc[0]) if "index" in rows and len(rows) else ""
    level = str(rows["level"].iloc[0]) if "level" in rows and len(rows) else ""
    return Framework(
        id=SHEET_FRAMEWORK,
        index=index,
        level=level,
        year_from=None,
        year_to=None,
        scale="points",
        title="Bộ tiêu chí theo chính bảng tự đánh giá",
        decision="",
        source="the sheet's own codes, names and maximum points",
        notes="Read from the rows; kinds told from the names (survey, bonus, penalty).",
        nodes=nodes,
    )


def packaged(framework_id: object) -> Framework | None:
    """The packaged criteria set called ``framework_id``; None for rows read under none (``"none"``,
    empty) or for an id the package does not know."""
    from ..errors import InputError
    from . import get_framework

    if framework_id is None or framework_id != framework_id or str(framework_id) in ("", SHEET_NONE):
        return None
    try:
        return get_framework(str(framework_id))
    except InputError:
        return None


def framework_of(rows: pd.DataFrame) -> Framework:
    """The criteria set the rows were scored under: the packaged one their ``framework`` column names,
    or, for rows read under none (``"none"``), the tree they state (:func:`sheet_framework`).

    Raises:
        InputError: the rows name several criteria sets, or none at all.
    """
    from ..errors import InputError

    ids = rows["framework"].dropna().astype(str).unique().tolist() if "framework" in rows else []
    if len(ids) != 1:
        raise InputError(
            f"the rows are scored under {len(ids)} criteria sets ({', '.join(ids) or 'none named'}); "
            "one is needed.",
            hint="Filter the rows to one index, year and group first.",
        )
    if ids[0] == SHEET_NONE:
        return sheet_framework(rows)
    from . import get_framework

    return get_framework(ids[0])
