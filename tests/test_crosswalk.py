"""The 2025 crosswalk (cchc_analysis.crosswalk) against the official conversion table.

The reference files in tests/data/admin2025 are a small GPL-3.0 copy of the NSO/MoHA conversion
table (see its SOURCE.md); the crosswalk itself is built from vietnamadminunits (MIT).

Agreement on the 285-row sample (84 new communes, chosen to include every known problem): 280 of
the 285 official (old code, new code) rows are in the crosswalk (counting the Côn Đảo island row,
which has no old commune on either side). The 5 others: 3 rows where the official table carries the
wrong old code (its old name matches our row), 1 pair missing from vietnamadminunits and 1 official
row without an old commune code. The crosswalk has 16 pairs for these 84 communes that the official
table lacks: the 3 right codes of those typos and 13 spurious parts. Of the 280 shared rows, 275
have the same kind. On the full official table (10,571 rows) the same comparison gives 10,566
shared pairs and 36 extra pairs (3 typo counterparts, 33 spurious); the known cases below are the
ones inside the sample.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.crosswalk import (
    add_unit_2025,
    commune_crosswalk_2025,
    province_crosswalk_2025,
    to_2025,
)
from cchc_analysis.errors import InputError
from cchc_analysis.units import UnitRegistry

DATA = Path(__file__).parent / "data" / "admin2025"

# new commune code → (official old codes absent from the crosswalk, crosswalk old codes absent
# from the official table), with the reason. Everything else in the sample must agree exactly.
KNOWN_DISAGREEMENTS = {
    # The official row names the right old commune but gives a neighbour's code: "Xã Đặng Xá" is
    # 00556 in the NSO list of 2025-01-04 (00553 is Xã Cổ Bi); likewise Mỹ Hưng, Phú Thịnh.
    "00562": ({"00553"}, {"00556"}),
    "01648": ({"01615"}, {"01651"}),
    "02494": ({"02485"}, {"02482"}),
    # vietnamadminunits lacks the part of Xã Văn Khê (Mê Linh) merged into Xã Ô Diên.
    "09817": ({"09013"}, set()),
    # vietnamadminunits confuses old communes of the same name elsewhere and adds a spurious part.
    "10804": (set(), {"11890"}),  # Xã Hòa Bình (Vĩnh Bảo) ↔ Xã Hòa Bình (Kim Thành)
    "27694": (set(), {"25462"}),  # Phường 4 of Tây Ninh ↔ Phường 4 of Tân An
    "29182": (set(), {"29623"}),  # Xã Mỹ An (Mang Thít)
    "29869": (set(), {"28252", "28270", "28437", "28439", "29902", "29908"}),  # Phường 3/4/6
    "31378": (set(), {"31582", "31657"}),  # Phú Tân / Phú Hữu of Sóc Trăng
    "31741": (set(), {"31438", "31474"}),  # Tân Long / Long Bình of Hậu Giang
}
# Rows whose kind differs only because of the spurious parts above (old commune code, new code).
KNOWN_KIND_DISAGREEMENTS = {
    ("27691", "27694"),
    ("31378", "31378"),
    ("31379", "31378"),
    ("31741", "31741"),
    ("31744", "31741"),
}


@pytest.fixture(scope="module")
def official() -> pd.DataFrame:
    frame = pd.read_csv(DATA / "conversion_sample.csv", header=1, dtype=str)
    frame = frame[frame["Mã Xã mới"].notna()].copy()
    return frame.assign(
        new_code=frame["Mã Xã mới"].str.strip(),
        old_code=frame["Mã Xã cũ"].str.strip(),
        note=frame["Ghi chú"].map(lambda t: " ".join(str(t).split())),
        old_name=frame["Tên Xã cũ"],
        new_name=frame["Tên Xã mới"],
    )


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return commune_crosswalk_2025()


def _official_kind(note: str) -> str:
    """The crosswalk kind an official note corresponds to (territory, not name)."""
    if note.startswith("Giữ nguyên") or note in ("Đổi tên", "Đổi loại hình"):
        return "unchanged"
    if note.startswith(("Nhập toàn bộ", "Sắp xếp toàn bộ")):
        return "whole"
    assert "phần" in note, note
    return "part"


# -- provinces ------------------------------------------------------------------------------------


def test_province_crosswalk_equals_the_63_clean_pairs() -> None:
    derived = pd.read_csv(DATA / "province_old_to_new_DERIVED.csv", dtype=str)
    clean = derived[derived["flag"].isna()]
    assert len(clean) == 63
    registry = UnitRegistry.default()
    expected = sorted(
        (
            registry.canonical(r.old_prov, level="province", era="legacy").name,
            r.old_code,
            registry.canonical(r.new_prov, level="province", era="2025").name,
            r.new_code,
        )
        for r in clean.itertuples()
    )
    walk = province_crosswalk_2025()
    assert list(walk.columns) == ["old_unit", "old_code", "new_unit", "new_code", "kind"]
    got = sorted(walk[["old_unit", "old_code", "new_unit", "new_code"]].itertuples(index=False, name=None))
    assert got == expected


def test_province_crosswalk_shape() -> None:
    walk = province_crosswalk_2025()
    assert len(walk) == 63 and walk["old_unit"].is_unique
    assert walk["new_unit"].nunique() == 34
    assert walk["kind"].value_counts().to_dict() == {"merged": 52, "unchanged": 11}
    hue = walk.loc[walk["old_unit"] == "Thừa Thiên Huế"].iloc[0]
    assert (hue["new_unit"], hue["kind"]) == ("Thừa Thiên Huế", "unchanged")
    hcm = set(walk.loc[walk["new_unit"] == "TP. Hồ Chí Minh", "old_unit"])
    assert hcm == {"TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}
    # Codes are reused across eras: old Bắc Giang (24) and new Bắc Ninh (24) are different units.
    bac_giang = walk.loc[walk["old_unit"] == "Bắc Giang"].iloc[0]
    assert (bac_giang["old_code"], bac_giang["new_unit"], bac_giang["new_code"]) == (
        "24",
        "Bắc Ninh",
        "24",
    )


# -- communes -------------------------------------------------------------------------------------


def test_commune_counts(communes: pd.DataFrame) -> None:
    assert list(communes.columns) == [
        "old_commune",
        "old_commune_code",
        "old_district",
        "old_province",
        "new_commune",
        "new_commune_code",
        "new_province",
        "kind",
    ]
    assert communes["new_commune_code"].nunique() == 3321
    assert communes["new_province"].nunique() == 34
    assert communes["old_province"].nunique() == 63
    assert set(communes["kind"]) == {"whole", "part", "unchanged"}
    # Each new commune lies in one province; names follow units.csv.
    assert communes.groupby("new_commune_code")["new_province"].nunique().max() == 1
    registry = UnitRegistry.default()
    assert set(communes["new_province"]) == {u.name for u in registry.units("province", era="2025")}


def test_commune_crosswalk_agrees_with_the_official_sample(
    official: pd.DataFrame, communes: pd.DataFrame
) -> None:
    assert len(official) == 285
    disagreements = {}
    for code, rows in official.groupby("new_code"):
        ours = communes.loc[communes["new_commune_code"] == code]
        assert not ours.empty, code
        theirs = set(rows["old_code"].dropna())
        mine = set(ours["old_commune_code"].dropna())
        if theirs != mine:
            disagreements[code] = (theirs - mine, mine - theirs)
        # New names agree once the official cell is cleaned (trailing spaces, newlines, NFC).
        assert (
            ours["new_commune"].iloc[0]
            == UnitRegistry.default()
            .canonical(
                rows["new_name"].iloc[0],
                level="commune",
                era="2025",
                province=ours["new_province"].iloc[0],
            )
            .name
        )
    assert disagreements == KNOWN_DISAGREEMENTS

    matched = official.merge(
        communes,
        left_on=["old_code", "new_code"],
        right_on=["old_commune_code", "new_commune_code"],
    )
    assert len(matched) == 280
    wrong_kind = {(r.old_code, r.new_code) for r in matched.itertuples() if _official_kind(r.note) != r.kind}
    assert wrong_kind == KNOWN_KIND_DISAGREEMENTS


def test_old_names_agree_where_codes_match(official: pd.DataFrame, communes: pd.DataFrame) -> None:
    registry = UnitRegistry.default()
    matched = official.merge(
        communes,
        left_on=["old_code", "new_code"],
        right_on=["old_commune_code", "new_commune_code"],
    )
    matched = matched.loc[matched["old_name"].notna()]
    assert len(matched) == 279  # the island row (Côn Đảo) has no old commune
    for row in matched.itertuples():
        unit = registry.canonical(
            row.old_name, level="commune", province=row.old_province, district=row.old_district
        )
        assert unit.code == row.old_code, (row.old_name, row.old_code)


def test_island_districts_and_unchanged(communes: pd.DataFrame) -> None:
    islands = communes.loc[communes["old_commune"].isna()]
    assert set(islands["old_district"]) == {
        "Bạch Long Vĩ",
        "Cồn Cỏ",
        "Hoàng Sa",
        "Lý Sơn",
        "Côn Đảo",
    }
    assert set(islands["new_commune"]) == {
        "Đặc khu Bạch Long Vĩ",
        "Đặc khu Cồn Cỏ",
        "Đặc khu Hoàng Sa",
        "Đặc khu Lý Sơn",
        "Đặc khu Côn Đảo",
    }
    unchanged = communes.loc[communes["kind"] == "unchanged"]
    assert (unchanged["old_commune_code"] == unchanged["new_commune_code"]).all()
    assert not unchanged["new_commune_code"].duplicated().any()
    muong_lat = unchanged.loc[unchanged["old_commune"] == "Thị trấn Mường Lát"]
    assert muong_lat["new_commune"].tolist() == ["Xã Mường Lát"]


def test_commune_crosswalk_for_one_province(communes: pd.DataFrame) -> None:
    lao_cai = commune_crosswalk_2025("Tỉnh Lào Cai")
    assert set(lao_cai["old_province"]) == {"Lào Cai", "Yên Bái"}
    assert lao_cai["new_commune_code"].nunique() == 99
    quang_ninh = commune_crosswalk_2025("quang ninh")
    assert set(quang_ninh["new_province"]) == {"Quảng Ninh"}
    assert quang_ninh["new_commune_code"].nunique() == 54
    with pytest.raises(InputError, match="not a known province"):
        commune_crosswalk_2025("Hà Tây")


# -- to_2025 and add_unit_2025 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "province", "expected"),
    [
        ("Yên Bái", "province", None, "Lào Cai"),
        ("Lào Cai", "province", None, "Lào Cai"),
        ("BRVT", "province", None, "TP. Hồ Chí Minh"),
        ("TT-Huế", "province", None, "Thừa Thiên Huế"),
        ("Hòa Bình", "province", None, "Phú Thọ"),
        ("Kon Tum", "province", None, "Quảng Ngãi"),
        ("Hải Hà", "district", None, "Quảng Ninh"),
        ("Châu Thành", "district", "Long An", "Tây Ninh"),
        ("Xã Đồng Tâm", "commune", "Hà Nội", "Hà Nội"),
    ],
)
def test_to_2025(name: str, level: str, province: str | None, expected: str) -> None:
    assert to_2025(name, level, province=province) == expected


def test_to_2025_errors() -> None:
    with pytest.raises(InputError, match="not a known province"):
        to_2025("Hà Tây")
    with pytest.raises(InputError, match="ambiguous"):
        to_2025("Châu Thành", "district")
    with pytest.raises(InputError, match="level 'department'"):
        to_2025("Sở Nội vụ", "department")


def test_add_unit_2025() -> None:
    scores = pd.DataFrame(
        {
            "unit": ["Yên Bái", "Quảng Ninh", "Hải Hà", "Bà Rịa - Vũng Tàu"],
            "level": ["province", "province", "district", "province"],
            "score": [80.1, 90.2, 70.3, 85.0],
        }
    ).astype({"unit": "str", "level": "str"})
    out = add_unit_2025(scores)
    assert "unit_2025" not in scores.columns  # a new frame
    assert out["unit_2025"].tolist()[:2] == ["Lào Cai", "Quảng Ninh"]
    assert pd.isna(out["unit_2025"].iloc[2]) and pd.isna(out["unit_code_2025"].iloc[2])
    assert out["unit_2025"].iloc[3] == "TP. Hồ Chí Minh"
    assert out["unit_code_2025"].tolist()[:2] == ["15", "22"]
    assert out["unit_2025"].dtype == "str"


def test_add_unit_2025_names_the_source_cell() -> None:
    scores = pd.DataFrame(
        {
            "unit": ["Quảng Ninh", "Hà Tây"],
            "level": ["province", "province"],
            "source_file": ["par2007.xlsx", "par2007.xlsx"],
            "source_sheet": ["KQ", "KQ"],
            "source_cell": ["B5", "B6"],
        }
    )
    with pytest.raises(InputError) as caught:
        add_unit_2025(scores)
    assert "par2007.xlsx, sheet 'KQ', cell B6" in str(caught.value)
    with pytest.raises(InputError, match="no 'unit' column"):
        add_unit_2025(pd.DataFrame({"name": ["Quảng Ninh"]}))
