"""Canonical unit names, aliases, regions and prefix stripping (cchc_analysis.units)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.units import (
    Unit,
    UnitRegistry,
    canonical_unit,
    region_of,
    resolve_unit,
    strip_unit_prefix,
)

ROOT = Path(__file__).resolve().parents[1]
PAPI_CODEBOOK = ROOT / "data" / "raw" / "papi" / "codebook" / "codebook_provinces.csv"
DATA = ROOT / "cchc_analysis" / "data"
COMMUNES_2025 = Path(__file__).parent / "data" / "admin2025" / "communes_2025.csv"

REGIONS = {
    "Trung du và miền núi phía Bắc": 14,
    "Đồng bằng sông Hồng": 11,
    "Bắc Trung Bộ và duyên hải miền Trung": 14,
    "Tây Nguyên": 5,
    "Đông Nam Bộ": 6,
    "Đồng bằng sông Cửu Long": 13,
}


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return UnitRegistry.default()


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- package data -------------------------------------------------------------------------------


def test_units_csv_has_63_legacy_and_34_new_provinces() -> None:
    rows = _read("units.csv")
    legacy = [r for r in rows if not r["valid_from"]]
    new = [r for r in rows if r["valid_to"] != "2025-06-30"]
    assert len(legacy) == 63 and len({r["unit"] for r in legacy}) == 63
    assert len(new) == 34 and len({r["unit"] for r in new}) == 34
    assert sum(1 for r in rows if not r["valid_from"] and not r["valid_to"]) == 11
    for row in rows:
        assert unicodedata.is_normalized("NFC", row["unit"])
        assert len(row["unit_code"]) == 2 and row["unit_code"].isdigit()
        assert row["level"] == "province"
    # (name, era) is the key; codes alone are not unique across eras.
    assert len({(r["unit"], r["valid_from"]) for r in rows}) == len(rows)
    assert len({r["unit_code"] for r in rows}) < len(rows)


def test_regions_are_the_six_with_their_official_sizes() -> None:
    legacy = [r for r in _read("units.csv") if not r["valid_from"]]
    counts = pd.Series([r["region"] for r in legacy]).value_counts().to_dict()
    assert counts == REGIONS


def test_name_convention() -> None:
    names = {r["unit"] for r in _read("units.csv")}
    assert {"Hà Nội", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh", "Hòa Bình"} <= names
    assert not any(n.startswith(("Tỉnh ", "Thành phố ")) for n in names)
    assert not any("oà" in n or "oá" in n for n in names)  # modern tone placement


def test_aliases_file_points_at_known_units() -> None:
    units = {(r["unit"], r["level"]) for r in _read("units.csv")}
    aliases = _read("unit_aliases.csv")
    assert aliases
    assert all((a["unit"], a["level"]) in units for a in aliases)


# -- resolving provinces --------------------------------------------------------------------------


def test_every_papi_codebook_name_resolves_in_code_order(registry: UnitRegistry) -> None:
    with open(PAPI_CODEBOOK, encoding="utf-8") as handle:
        names = [row["Variable_Name"] for row in csv.DictReader(handle)]
    assert len(names) == 63
    units = [registry.canonical(n, level="province") for n in names]
    legacy_order = [r["unit"] for r in _read("units.csv") if not r["valid_from"]]
    assert [u.name for u in units] == legacy_order
    assert units[0].name == "Hà Nội" and units[30].name == "Thừa Thiên Huế"
    assert units[48].name == "Bà Rịa - Vũng Tàu" and units[49].name == "TP. Hồ Chí Minh"


def test_every_alias_resolves_to_its_unit(registry: UnitRegistry) -> None:
    for row in _read("unit_aliases.csv"):
        assert registry.canonical(row["alias"], level=row["level"]).name == row["unit"], row


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("TT-Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("Huế", "Thừa Thiên Huế"),
        ("TP Huế", "Thừa Thiên Huế"),
        ("TP.HCM", "TP. Hồ Chí Minh"),
        ("TPHCM", "TP. Hồ Chí Minh"),
        ("HCM", "TP. Hồ Chí Minh"),
        ("Tp Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ("BRVT", "Bà Rịa - Vũng Tàu"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Tỉnh Quảng Ninh", "Quảng Ninh"),
        ("UBND tỉnh Quảng Ninh", "Quảng Ninh"),
        ("Ủy ban nhân dân tỉnh Bắc Kạn", "Bắc Kạn"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("Đăk Nông", "Đắk Nông"),
        ("Thành phố Cần Thơ", "Cần Thơ"),
        ("HA NOI", "Hà Nội"),
        ("Haiphong", "Hải Phòng"),
        ("  Quảng   Ninh ", "Quảng Ninh"),
    ],
)
def test_spellings(registry: UnitRegistry, spelling: str, expected: str) -> None:
    assert registry.canonical(spelling, level="province").name == expected


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        # "Thành phố X" is the province only for the centrally-run cities; elsewhere it is the city
        # (district level) that shares the province's name
        ("Thành phố Thái Bình", ("Thái Bình", "district", "Thái Bình")),
        ("TP. Nam Định", ("Nam Định", "district", "Nam Định")),
        ("UBND thành phố Hà Tĩnh", ("Hà Tĩnh", "district", "Hà Tĩnh")),
        ("Thái Bình", ("Thái Bình", "province", None)),
        ("Tỉnh Thái Bình", ("Thái Bình", "province", None)),
        ("Thành phố Đà Nẵng", ("Đà Nẵng", "province", None)),
        ("TP Hà Nội", ("Hà Nội", "province", None)),
        ("Thành phố Hạ Long", ("Hạ Long", "district", "Quảng Ninh")),
        ("UBND H. CÔ TÔ", ("Cô Tô", "district", "Quảng Ninh")),
        ("Q. Ba Đình", ("Ba Đình", "district", "Hà Nội")),
    ],
)
def test_type_word_picks_the_level(registry: UnitRegistry, spelling: str, expected: tuple) -> None:
    unit = registry.resolve(spelling)
    assert (unit.name, unit.level, unit.province) == expected


def test_nfd_input_and_old_tone_placement(registry: UnitRegistry) -> None:
    for name in ("Hòa Bình", "Khánh Hòa", "Thanh Hóa", "Thừa Thiên Huế"):
        nfd = unicodedata.normalize("NFD", name)
        assert nfd != name
        assert registry.canonical(nfd).name == name
    assert registry.canonical("Hoà Bình").name == "Hòa Bình"
    assert registry.canonical("Khánh Hoà").name == "Khánh Hòa"
    assert registry.canonical("Thanh Hoá").name == "Thanh Hóa"


def test_eras_share_names_not_codes(registry: UnitRegistry) -> None:
    old = registry.resolve("Lào Cai")
    assert old is not None and old.code == "10" and old.valid_to == "2025-06-30"
    new = registry.resolve("Lào Cai", era="2025")
    assert new is not None and new.code == "15" and new.valid_from == "2025-07-01"
    assert registry.resolve("Yên Bái", era="2025") is None
    assert registry.resolve("Yên Bái", era="legacy").code == "15"
    both = registry.resolve("Quảng Ninh", era="2025")
    assert both is registry.resolve("Quảng Ninh", era="legacy")
    assert len(registry.units("province", era="legacy")) == 63
    assert len(registry.units("province", era="2025")) == 34


def test_unknown_name_raises_with_suggestions(registry: UnitRegistry) -> None:
    with pytest.raises(InputError) as caught:
        registry.canonical("Quang Nin", level="province", file="kq.xlsx", sheet="2023", cell="B7")
    message = str(caught.value)
    assert "Did you mean: Quảng Ninh" in message
    assert "kq.xlsx" in message and "cell B7" in message
    assert registry.suggest("Ha Tinhh", level="province")[0] == "Hà Tĩnh"
    assert len(registry.suggest("Bac Ninhh", level="province", n=3)) == 3
    with pytest.raises(InputError, match="not a known province"):
        canonical_unit("Hà Tây", level="province")
    assert resolve_unit("Hà Tây", level="province") is None


def test_bad_level_and_era_are_input_errors(registry: UnitRegistry) -> None:
    with pytest.raises(InputError, match="Unknown level"):
        registry.resolve("Quảng Ninh", level="tinh")
    with pytest.raises(InputError, match="Unknown era"):
        registry.resolve("Quảng Ninh", era="2024")


def test_missing_values_resolve_to_none(registry: UnitRegistry) -> None:
    assert registry.resolve(None) is None
    assert registry.resolve(float("nan")) is None
    assert registry.resolve("  ") is None


# -- districts and communes -----------------------------------------------------------------------


def test_district_names_and_codes(registry: UnitRegistry) -> None:
    hai_ha = registry.canonical("UBND huyện Hải Hà", level="district")
    assert (hai_ha.name, hai_ha.code, hai_ha.province) == ("Hải Hà", "201", "Quảng Ninh")
    assert hai_ha.region == "Đồng bằng sông Hồng"
    assert registry.canonical("Thị xã Quảng Yên").name == "Quảng Yên"
    assert registry.canonical("TP. Hạ Long", level="district").code == "193"
    assert registry.canonical("Quận 1", level="district").province == "TP. Hồ Chí Minh"


def test_ambiguous_district_needs_the_province(registry: UnitRegistry) -> None:
    assert registry.resolve("Châu Thành", level="district") is None
    with pytest.raises(InputError, match="ambiguous") as caught:
        registry.canonical("Châu Thành", level="district")
    assert "Give the province" in str(caught.value)
    unit = registry.resolve("Châu Thành", level="district", province="Tỉnh Long An")
    assert unit is not None and unit.code == "808"
    # Same short name twice in one province: the type word stays in the canonical name.
    assert registry.resolve("Cao Lãnh", level="district", province="Đồng Tháp") is None
    assert registry.canonical("Thành phố Cao Lãnh", level="district").code == "866"
    assert registry.canonical("Huyện Cao Lãnh", level="district").code == "873"


def test_province_wins_over_district_of_the_same_name(registry: UnitRegistry) -> None:
    assert registry.resolve("Thái Nguyên").level == "province"
    district = registry.resolve("Thành phố Thái Nguyên", level="district")
    assert district is not None and (district.name, district.code) == ("Thái Nguyên", "164")


def test_communes(registry: UnitRegistry) -> None:
    assert registry.resolve("Xã Đồng Tâm", level="commune") is None  # many provinces
    dong_tam = registry.canonical("Xã Đồng Tâm", level="commune", province="Hà Nội")
    assert (dong_tam.code, dong_tam.district) == ("10444", "Mỹ Đức")
    new = registry.canonical("Phường Ba Đình", level="commune", province="Hà Nội", era="2025")
    assert new.code == "00004" and new.valid_from == "2025-07-01"
    # Names that differ only by a diacritic are told apart by the exact spelling.
    lang = registry.canonical("Xã Văn Lang", level="commune", province="Thái Nguyên", era="2025")
    lang_breve = registry.canonical("Xã Văn Lăng", level="commune", province="Thái Nguyên", era="2025")
    assert lang.code != lang_breve.code
    # "Yên Viên" is both a Xã and a Thị trấn in Gia Lâm: the type word decides.
    assert registry.resolve("Yên Viên", level="commune", district="Gia Lâm", province="Hà Nội") is None
    assert registry.canonical("Thị trấn Yên Viên", level="commune", province="Hà Nội").code != (
        registry.canonical("Xã Yên Viên", level="commune", province="Hà Nội").code
    )
    with pytest.raises(InputError, match="not a known province"):
        registry.canonical("Xã Đồng Tâm", level="commune", province="Hà Tây")


def test_all_2025_communes_resolve(registry: UnitRegistry) -> None:
    """Every commune of July 2025, named as an independent source (sunshine-tech) spells it, resolves to
    its official code. (How fast is measured by benchmarks/bench_read.py, not here.)"""
    with COMMUNES_2025.open(encoding="utf-8") as f:
        wards = list(csv.DictReader(f))
    assert len(wards) == 3321
    found = [
        registry.resolve(w["name"], level="commune", province=w["province_name"], era="2025") for w in wards
    ]
    assert [u.code if u else None for u in found] == [w["code"] for w in wards]


# -- strip_unit_prefix ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "level", "expected"),
    [
        ("UBND huyện Hải Hà", "district", "Hải Hà"),
        ("Huyện Hải Hà", "district", "Hải Hà"),
        ("Thị xã Quảng Yên", "district", "Quảng Yên"),
        ("TP. Hạ Long", "district", "Hạ Long"),
        ("Thành phố Hạ Long", "district", "Hạ Long"),
        ("TP.Hạ Long", "district", "Hạ Long"),
        ("Quận 1", "district", "Quận 1"),
        ("UBND quận 1", "district", "Quận 1"),
        ("Tỉnh Quảng Ninh", "province", "Quảng Ninh"),
        ("UBND tỉnh Quảng Ninh", "province", "Quảng Ninh"),
        ("Thành phố Hồ Chí Minh", "province", "Hồ Chí Minh"),
        ("Thanh Hóa", "province", "Thanh Hóa"),
        ("Xã Đồng Tâm", "commune", "Xã Đồng Tâm"),
        ("UBND xã Đồng Tâm", "commune", "Xã Đồng Tâm"),
        ("Phường 4", "commune", "Phường 4"),
        ("Sở Nội vụ", "department", "Sở Nội vụ"),
        ("UBND", "district", "UBND"),
    ],
)
def test_strip_unit_prefix(name: str, level: str, expected: str) -> None:
    assert strip_unit_prefix(name, level) == expected


def test_strip_unit_prefix_normalises_nfd() -> None:
    out = strip_unit_prefix(unicodedata.normalize("NFD", "Huyện Hải Hà"), "district")
    assert out == "Hải Hà" and unicodedata.is_normalized("NFC", out)


# -- regions and extension ------------------------------------------------------------------------


def test_region_of() -> None:
    assert region_of("TT-Huế") == "Bắc Trung Bộ và duyên hải miền Trung"
    assert region_of("Long An") == "Đồng bằng sông Cửu Long"
    assert region_of("Tây Ninh", era="2025") == "Đông Nam Bộ"
    assert region_of(Unit("Hải Hà", "201", "district", region="Đồng bằng sông Hồng")) == (
        "Đồng bằng sông Hồng"
    )
    assert region_of("Hà Tây") is None


def test_with_units_adds_units_and_aliases(registry: UnitRegistry) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["Sở Nội vụ", "Ban Quản lý Khu kinh tế", "Hải Hà"],
            "level": ["department", "department", "district"],
            "province": ["Quảng Ninh", "Tỉnh Quảng Ninh", "Quảng Ninh"],
            "aliases": ["SNV|Sở NV", None, "H. Hải Hà"],
        },
        dtype="str",
    )
    extended = registry.with_units(frame)
    assert len(extended) == len(registry) + 2
    assert registry.resolve("SNV") is None  # the original is unchanged
    snv = extended.canonical("Sở NV", level="department")
    assert (snv.name, snv.province, snv.region) == (
        "Sở Nội vụ",
        "Quảng Ninh",
        "Đồng bằng sông Hồng",
    )
    assert extended.canonical("Ban quản lý khu kinh tế").province == "Quảng Ninh"
    assert extended.canonical("H. Hải Hà", level="district").code == "201"
    table = extended.table()
    assert table.loc[table["unit"] == "Sở Nội vụ", "aliases"].item() == "SNV|Sở NV"
    assert list(table.columns[:3]) == ["unit", "unit_code", "level"]


def test_remembered_answers_are_the_registrys_own(registry: UnitRegistry) -> None:
    frame = pd.DataFrame({"unit": ["Sở Thử nghiệm"], "level": ["department"], "province": ["Quảng Ninh"]})
    assert registry.resolve("Sở Thử nghiệm") is None
    assert registry.resolve("Sở Thử nghiệm") is None  # the remembered answer
    extended = registry.with_units(frame)
    assert extended.resolve("Sở Thử nghiệm").name == "Sở Thử nghiệm"  # not the base's memory
    assert registry.resolve("Sở Thử nghiệm") is None
    hue = registry.resolve("TT-Huế", level="province")
    assert hue is not None and registry.resolve("TT-Huế", level="province") is hue
    with pytest.raises(InputError, match="Unknown level"):
        registry.resolve("TT-Huế", level="tỉnh")


def test_with_units_rejects_bad_tables(registry: UnitRegistry) -> None:
    with pytest.raises(InputError, match="no column level"):
        registry.with_units(pd.DataFrame({"unit": ["Sở Nội vụ"]}))
    with pytest.raises(InputError, match="Unknown level 'sở'") as caught:
        registry.with_units(pd.DataFrame({"unit": ["Sở Nội vụ"], "level": ["sở"]}))
    assert "row 2" in str(caught.value)
