"""The 1 July 2025 reorganisation: 63 → 34 provinces, about 10,000 → 3,321 communes.

The mapping comes from ``vietnamadminunits`` (MIT, its ``converter_2025.json``), with names turned
into the canonical names of :mod:`cchc_analysis.units`. There is no official back-cast of scores to
the new units: any figure for a merged province computed from its old parts is a reconstruction and
must be flagged as such by the caller.

Commune ``kind``:

* ``unchanged``: the new commune is exactly one old commune, whole, under the same code (the name or
  type may have changed, e.g. "Thị trấn Mường Lát" → "Xã Mường Lát").
* ``whole``: the old commune went entirely into the new one, together with others.
* ``part``: the old commune was split; this row is the part that went into this new commune.

Known differences from the official conversion table (``Bảng chuyển đổi ĐVHC mới–cũ``, 10,571
rows): 10,566 of its (old code, new code) pairs are here. vietnamadminunits adds 33 spurious "part"
rows where old communes of the same name elsewhere were confused (mostly Cần Thơ, Hậu Giang, Sóc
Trăng, Tiền Giang, Đồng Tháp), lacks the part of Xã Văn Khê merged into Xã Ô Diên and the uncoded
coastal area of Kim Sơn, and 3 official rows carry a wrong old code. See tests/test_crosswalk.py.
"""

from __future__ import annotations

import functools
import json

import pandas as pd

from cchc_analysis.errors import InputError
from cchc_analysis.units import Unit, UnitRegistry, _builtin, vau_data_dir

PROVINCE_COLUMNS = ("old_unit", "old_code", "new_unit", "new_code", "kind")
COMMUNE_COLUMNS = (
    "old_commune",
    "old_commune_code",
    "old_district",
    "old_province",
    "new_commune",
    "new_commune_code",
    "new_province",
    "kind",
)
_LEVELS = ("province", "district", "commune")


@functools.cache
def _converter() -> dict:
    with open(vau_data_dir() / "converter_2025.json", encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def _province_pairs() -> tuple[tuple[Unit, Unit], ...]:
    built = _builtin()
    pairs = []
    for new_key, old_keys in _converter()["DICT_PROVINCE"].items():
        new = built.new_province_keys[new_key]
        pairs.extend((built.legacy_province_keys[old], new) for old in old_keys)
    return tuple(sorted(pairs, key=lambda p: p[0].code or ""))


def province_crosswalk_2025() -> pd.DataFrame:
    """Old province → new province, one row for each of the 63 old provinces.

    Returns:
        Columns ``old_unit, old_code, new_unit, new_code, kind`` (``'unchanged'`` for the 11
        provinces kept as they were, ``'merged'`` otherwise), sorted by old code. Codes are the GSO
        codes of each era; they are reused across eras, so never join the eras on code.
    """
    pairs = _province_pairs()
    sources: dict[str, int] = {}
    for _, new in pairs:
        sources[new.name] = sources.get(new.name, 0) + 1
    rows = [
        (
            old.name,
            old.code,
            new.name,
            new.code,
            "unchanged" if sources[new.name] == 1 else "merged",
        )
        for old, new in pairs
    ]
    return pd.DataFrame(rows, columns=list(PROVINCE_COLUMNS), dtype="str")


@functools.cache
def _commune_rows() -> tuple[tuple[str | None, ...], ...]:
    built = _builtin()
    data = _converter()
    links: list[tuple[Unit, Unit, str]] = []
    for new_province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            new = built.new_keys[f"{new_province}_{new_ward}"]
            links.extend((built.legacy_keys[old], new, "whole") for old in old_keys)
    for new_province, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            old = built.legacy_keys[old_key]
            links.extend((old, built.new_keys[f"{new_province}_{t['newWardKey']}"], "part") for t in targets)
    sources: dict[Unit, int] = {}
    for _, new, _ in links:
        sources[new] = sources.get(new, 0) + 1
    rows = []
    for old, new, kind in links:
        is_commune = old.level == "commune"
        if kind == "whole" and sources[new] == 1 and is_commune and old.code == new.code:
            kind = "unchanged"
        rows.append(
            (
                old.name if is_commune else None,
                old.code if is_commune else None,
                old.district if is_commune else old.name,
                old.province,
                new.name,
                new.code,
                new.province,
                kind,
            )
        )
    rows.sort(key=lambda r: (r[5], r[1] or ""))
    return tuple(rows)


def commune_crosswalk_2025(province: str | None = None) -> pd.DataFrame:
    """Old commune → new commune.

    Island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) appear
    with an empty old commune and the district in ``old_district``.

    Args:
        province: keep only rows whose old or new province has this name (any known spelling).

    Returns:
        Columns ``old_commune, old_commune_code, old_district, old_province, new_commune,
        new_commune_code, new_province, kind`` (``'whole'``, ``'part'`` or ``'unchanged'``), one row
        per old-commune × new-commune link, sorted by new then old code.

    Raises:
        InputError: the province name is unknown.
    """
    frame = pd.DataFrame(list(_commune_rows()), columns=list(COMMUNE_COLUMNS), dtype="str")
    if province is None:
        return frame
    name = UnitRegistry.default().canonical(province, level="province").name
    keep = (frame["old_province"] == name) | (frame["new_province"] == name)
    return frame.loc[keep].reset_index(drop=True)


def to_2025(unit: str, level: str = "province", *, province: str | None = None) -> str:
    """The post-1-July-2025 province (canonical name) containing an old unit.

    Args:
        unit: an old province, district or commune name in any known spelling.
        level: the level of ``unit``: ``province``, ``district`` or ``commune``.
        province: the old province of a district or commune whose name is not unique.

    Returns:
        The canonical name of the new province.

    Raises:
        InputError: the name is unknown or ambiguous, or the level is not one of the three.
    """
    if level not in _LEVELS:
        raise InputError(
            f"Cannot map a unit of level {level!r} to the 2025 provinces.",
            hint=f"Use one of: {', '.join(_LEVELS)}.",
        )
    registry = UnitRegistry.default()
    old = registry.canonical(unit, level=level, province=province, era="legacy")
    old_province = old.name if level == "province" else old.province
    return _old_to_new()[old_province].name


@functools.cache
def _old_to_new() -> dict[str, Unit]:
    return {old.name: new for old, new in _province_pairs()}


def add_unit_2025(scores: pd.DataFrame) -> pd.DataFrame:
    """Add the 2025 province of every province row.

    Args:
        scores: a table with a ``unit`` column and, optionally, ``level`` (rows of other levels get
            missing values; without the column every row is taken as a province).

    Returns:
        A new table with the text columns ``unit_2025`` and ``unit_code_2025``.

    Raises:
        InputError: a province row names a unit that is not a known old province; the message
            gives the source file and cell where the table has them.
    """
    if "unit" not in scores.columns:
        raise InputError("The table has no 'unit' column.", hint="Pass the tidy score table.")
    is_province = (
        scores["level"].eq("province").fillna(False).astype(bool)
        if "level" in scores.columns
        else pd.Series(True, index=scores.index)
    )
    new_of: dict[str, Unit] = {}
    for position, name in enumerate(scores["unit"]):
        if not is_province.iloc[position] or name in new_of:
            continue
        try:
            new_of[name] = _old_to_new()[_old_province(name)]
        except InputError as error:
            row = scores.iloc[position]
            raise InputError(
                error.message,
                file=row.get("source_file") if pd.notna(row.get("source_file")) else None,
                sheet=row.get("source_sheet") if pd.notna(row.get("source_sheet")) else None,
                cell=row.get("source_cell") if pd.notna(row.get("source_cell")) else None,
                hint=error.hint,
            ) from None
    targets = [new_of[n] if p else None for n, p in zip(scores["unit"], is_province, strict=True)]
    names = [t.name if t else None for t in targets]
    codes = [t.code if t else None for t in targets]
    return scores.assign(
        unit_2025=pd.Series(names, index=scores.index, dtype="str"),
        unit_code_2025=pd.Series(codes, index=scores.index, dtype="str"),
    )


def _old_province(name: object) -> str:
    unit = UnitRegistry.default().canonical(name, level="province", era="legacy")
    return unit.name
