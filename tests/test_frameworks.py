"""Tests for criteria frameworks: the shipped data files and the loader's checks."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.frameworks import (
    DATA_DIR,
    NODE_COLUMNS,
    REGISTRY_COLUMNS,
    code_key,
    framework_for,
    get_framework,
    list_frameworks,
    load_framework_file,
)

PAPI_CSV = Path(__file__).resolve().parents[1] / "data" / "raw" / "papi" / "csv"
HEADER = ",".join(NODE_COLUMNS)

# A small district set in the shape of a provincial one: 1.10 and 7.2.2 codes, survey points,
# a bonus group and a penalty.
SAMPLE = f"""{HEADER}
total,,Chỉ số CCHC cấp huyện,District PAR index,,aggregate,,,,Tổng điểm
1,total,"Công tác chỉ đạo, điều hành CCHC",Direction,12.5,aggregate,,,,Chỉ đạo điều hành
1.2,1,Kế hoạch CCHC năm,Annual plan,2.5,appraised,,,,
1.10,1,Kiểm tra CCHC,Inspections,10,aggregate,,,,
1.10.1,1.10,Ban hành kế hoạch kiểm tra,Inspection plan,4,appraised,,,,
1.10.2,1.10,Tỷ lệ đơn vị được kiểm tra,Share inspected,6,survey,,,,
7,total,Hiện đại hóa hành chính,Modernisation,,aggregate,,,,
7.2,7,Dịch vụ công trực tuyến,Online services,,aggregate,,,,
7.2.2,7.2,Tỷ lệ hồ sơ trực tuyến,Online share,7.5,appraised,,,,
7.2.3,7.2,Tỷ lệ thanh toán trực tuyến,Online payment,1,appraised,,2022,,
8,total,Điểm thưởng,Bonus,2.5,bonus,,,,
8.1,8,Sáng kiến CCHC,Initiatives,2.5,bonus,,,,
9,total,Điểm trừ,Deductions,3,penalty,,,,
"""
SAMPLE_META = {"framework_id": "sample", "index": "PAR", "year_from": 2021, "year_to": 2025}


def write(tmp_path: Path, text: str, name: str = "sample.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sample(tmp_path: Path):
    return load_framework_file(write(tmp_path, SAMPLE), **SAMPLE_META)


# -- code_key ---------------------------------------------------------------------------------
def test_code_key_sorts_as_integer_tuples():
    codes = ["1.10", "total", "2", "1.2", "7.2.2", "1", "10"]
    assert sorted(codes, key=code_key) == ["total", "1", "1.2", "1.10", "2", "7.2.2", "10"]
    assert code_key("total") == ()
    assert code_key("1.10") == (1, 10)


@pytest.mark.parametrize("bad", ["1.", "a", "1..2", "", "SC11", "1,5"])
def test_code_key_rejects_non_codes(bad):
    with pytest.raises(InputError, match="not a component code"):
        code_key(bad)


# -- shipped frameworks -------------------------------------------------------------------------
def test_registry_lists_every_shipped_file():
    registry = list_frameworks()
    assert list(registry.columns) == REGISTRY_COLUMNS
    ids = set(registry["framework"])
    assert {
        "papi-2011",
        "papi-2018",
        "pci-2013",
        "par-tinh-2017",
        "par-tinh-2020",
        "par-tinh-2022",
        "sipas-2017",
        "sipas-2022",
        "par-local-2021",
    } <= ids
    files = {p.stem for p in DATA_DIR.glob("*.csv")} - {"frameworks"}
    assert files == ids


@pytest.mark.parametrize("framework_id", sorted(list_frameworks()["framework"]))
def test_every_shipped_framework_loads_and_is_consistent(framework_id):
    fw = get_framework(framework_id)
    assert fw.id == framework_id
    assert fw.codes()[0] == "total"
    assert fw.codes() == sorted(fw.codes(), key=code_key)
    assert list(fw.nodes["code"]) == fw.codes()
    assert fw.covers(fw.year_from)
    assert not fw.covers(fw.year_from - 1)
    assert fw.max_score("total") > 0
    for code in fw.codes():
        if code != "total":
            assert fw.ancestors(code)[-1] == "total"
            assert code in fw.children(fw.parent(code))
        assert fw.name(code)
    for col in ("name_vi", "name_en", "aliases"):
        for text in fw.nodes[col]:
            assert text == unicodedata.normalize("NFC", text), f"{framework_id} {col}: {text!r}"


def test_framework_is_read_once():
    assert get_framework("papi-2018") is get_framework("papi-2018")


def test_packaged_registry_text_is_nfc():
    raw = (DATA_DIR / "frameworks.csv").read_text(encoding="utf-8")
    assert raw == unicodedata.normalize("NFC", raw)


@pytest.mark.parametrize("year", range(2011, 2025))
def test_papi_sub_dimensions_per_year_match_the_real_panel(year):
    panel = pd.read_csv(PAPI_CSV / f"{year}.csv")
    present = [c for c in panel.columns if c.startswith("SC") and panel[c].notna().any()]
    fw = framework_for("PAPI", year)
    assert fw.id == ("papi-2011" if year <= 2017 else "papi-2018")
    from_panel = sorted((f"{c[2]}.{c[3]}" for c in present), key=code_key)
    assert fw.leaves(year) == from_panel
    assert [fw.match_header(c, year) for c in present] == [f"{c[2]}.{c[3]}" for c in present]
    assert fw.children("total", year) == sorted({c[2] for c in present}, key=code_key)
    assert fw.max_score("total", year) == 10 * len(fw.children("total", year))


@pytest.mark.parametrize("year", range(2011, 2025))
def test_papi_real_dimension_sums_stay_within_the_dimension_maximum(year):
    panel = pd.read_csv(PAPI_CSV / f"{year}.csv")
    fw = framework_for("PAPI", year)
    for dim in fw.children("total", year):
        columns = ["SC" + code.replace(".", "") for code in fw.children(dim, year)]
        sums = panel[columns].sum(axis=1, min_count=len(columns)).dropna()
        assert len(sums) >= 55
        assert (sums <= fw.max_score(dim, year)).all()
        assert (sums >= 1).all()


def test_papi_years_of_changing_sub_dimensions():
    fw = get_framework("papi-2018")
    assert fw.children("8", 2018) == ["8.1", "8.2"]
    assert fw.children("8", 2019) == ["8.1", "8.2", "8.3"]
    assert fw.children("5", 2020) == ["5.1", "5.2", "5.3", "5.4"]
    assert fw.children("5", 2021) == ["5.1", "5.3", "5.4"]
    assert fw.match_header("SC83", 2018) is None
    assert fw.match_header("SC83", 2019) == "8.3"
    assert len(get_framework("papi-2011").leaves()) == 22
    assert math.isnan(fw.max_score("1.1"))
    assert fw.max_score("1") == 10


def test_pci_is_a_weighted_composite():
    fw = get_framework("pci-2013")
    leaves = fw.children("total")
    assert leaves == [str(i) for i in range(1, 11)]
    assert fw.is_weighted("total")
    assert not fw.is_weighted("3")
    weights = [fw.weight(c) for c in leaves]
    assert weights == [0.05, 0.05, 0.20, 0.05, 0.10, 0.05, 0.05, 0.20, 0.20, 0.05]
    # PCI = 10 × Σ weight × sub-index: ten perfect sub-indices give the maximum of 100.
    assert 10 * sum(w * fw.max_score(c) for w, c in zip(weights, leaves, strict=True)) == 100
    assert fw.max_score("total") == 100
    assert math.isnan(get_framework("papi-2018").weight("1"))


def test_par_2017_maxima_from_2948():
    fw = get_framework("par-tinh-2017")
    maxima = [fw.max_score(c) for c in fw.children("total")]
    assert maxima == [10, 10, 14.5, 11, 16, 7, 16, 15.5]
    assert sum(maxima) == fw.max_score("total") == 100
    assert fw.kind("8") == "survey"
    assert fw.name("3") == "Cải cách thủ tục hành chính"  # names from the same source
    assert fw.name("3", "en") == "Administrative procedure reform"
    assert fw.decision == "2948/QĐ-BNV"
    assert fw.match_header("Hiện đại hóa hành chính") == "7"  # hoá/hóa alike
    # 1149/QĐ-BNV (2020-2021): the total only is confirmed; areas have neither name nor maximum
    fw = get_framework("par-tinh-2020")
    assert fw.decision == "1149/QĐ-BNV" and fw.max_score("total") == 100
    assert fw.name("3") == "Lĩnh vực 3" and math.isnan(fw.max_score("3"))


def test_sipas_components_are_percentages():
    fw = get_framework("sipas-2017")
    assert fw.scale == "percent"
    assert len(fw.children("total")) == 5
    assert all(fw.max_score(c) == 100 for c in fw.codes())
    assert len(get_framework("sipas-2022").children("total")) == 3


# -- lookup ------------------------------------------------------------------------------------
def test_framework_for_picks_by_index_year_and_level():
    assert framework_for("papi", 2017).id == "papi-2011"
    assert framework_for("PAPI", 2024).id == "papi-2018"
    assert framework_for("PCI", 2020).id == "pci-2013"
    assert framework_for("PAR", 2022, level="province").id == "par-tinh-2022"
    assert framework_for("PAR", 2021, level="province").id == "par-tinh-2020"
    assert framework_for("PAR", 2022, level="district").id == "par-local-2021"
    assert framework_for("SIPAS", 2021).id == "sipas-2017"


def test_framework_for_refuses_ambiguous_or_missing():
    with pytest.raises(InputError, match="several frameworks fit PAR 2022") as err:
        framework_for("PAR", 2022)
    assert "level=" in str(err.value)
    with pytest.raises(InputError, match="no criteria framework for PCI 2010"):
        framework_for("PCI", 2010)
    with pytest.raises(InputError, match="no criteria framework for DTI"):
        framework_for("DTI", 2022)


def test_answers_by_year_are_remembered_but_lists_are_the_callers():
    papi = get_framework("papi-2018")
    for year in (2018, 2024, 2018):
        codes = papi.codes(year)
        assert codes == [c for c in papi.codes() if papi._valid(c, year)]
        kids = papi.children("total", year)
        codes.append("9.9")
        kids.clear()
        assert "9.9" not in papi.codes(year) and papi.children("total", year)
    with pytest.raises(InputError, match="covers 2018"):
        papi.match_header("SC11", 2011)  # the remembered codes do not skip the year check
    assert papi.match_header("  ", 2011) is None  # a blank header is no code, whatever the year (as before)
    assert framework_for("PAPI", 2024) is framework_for("papi", 2024) is papi
    for framework_id in ("papi-2018", "par-local-2021"):  # maxima, remembered, as a fresh copy works them out
        cached = get_framework(framework_id)
        for year in (2022, 2024, 2022):
            fresh = get_framework(framework_id, data_dir=DATA_DIR)
            for code in cached.codes(year):
                remembered = [cached.max_score(code, year), cached.max_score(code, year)]
                assert remembered == pytest.approx([fresh.max_score(code, year)] * 2, nan_ok=True)


def test_unknown_framework_lists_known_ids():
    with pytest.raises(InputError, match="unknown framework 'papi-2030'") as err:
        get_framework("papi-2030")
    assert "papi-2011" in str(err.value) and "pci-2013" in str(err.value)


def test_year_outside_framework_is_refused():
    with pytest.raises(InputError, match="covers 2011–2017, not 2018"):
        get_framework("papi-2011").codes(2018)


# -- tree and header matching on a sample file ---------------------------------------------------
def test_tree_navigation(tmp_path):
    fw = sample(tmp_path)
    assert fw.codes() == [
        "total", "1", "1.2", "1.10", "1.10.1", "1.10.2", "7", "7.2", "7.2.2", "7.2.3", "8", "8.1",
        "9",
    ]  # fmt: skip
    assert "7.2.3" not in fw.codes(2021)
    assert fw.children("1") == ["1.2", "1.10"]
    assert fw.children("7.2", 2021) == ["7.2.2"]
    assert fw.children("7.2", 2022) == ["7.2.2", "7.2.3"]
    assert fw.leaves(2021) == ["1.2", "1.10.1", "1.10.2", "7.2.2", "8.1", "9"]
    assert fw.parent("7.2.2") == "7.2"
    assert fw.parent("1") == "total"
    assert fw.parent("total") is None
    assert fw.ancestors("7.2.2") == ["7.2", "7", "total"]
    assert fw.ancestors("total") == []
    assert fw.nodes.set_index("code").loc["7.2.2", "depth"] == 3
    assert fw.kind("8") == "bonus"
    assert fw.kind("8.1") == "bonus"
    assert fw.name("1.10") == "Kiểm tra CCHC"
    assert fw.name("1.10", lang="en") == "Inspections"
    with pytest.raises(InputError, match="has no component '4'"):
        fw.parent("4")


def test_max_score_given_derived_or_unknown(tmp_path):
    fw = sample(tmp_path)
    assert fw.max_score("1.10") == 10
    assert fw.max_score("7", 2021) == 7.5  # not given: sum of the children of that year
    assert fw.max_score("7", 2022) == 8.5
    # 12.5 + 7.5 + 2.5 bonus; the penalty does not count.
    assert fw.max_score("total", 2021) == 22.5
    assert fw.max_score("total", 2022) == 23.5
    text = SAMPLE.replace("Online share,7.5,", "Online share,,")
    unknown = load_framework_file(write(tmp_path, text, "b.csv"), **SAMPLE_META)
    assert math.isnan(unknown.max_score("7.2.2"))
    assert math.isnan(unknown.max_score("7", 2021))
    assert math.isnan(unknown.max_score("total", 2021))
    assert unknown.max_score("1") == 12.5


@pytest.mark.parametrize(
    ("header", "year", "code"),
    [
        ("1.10", None, "1.10"),
        ("7.2.2", None, "7.2.2"),
        ("1", None, "1"),
        ("1. Công tác chỉ đạo, điều hành CCHC", None, "1"),
        ("1.Công tác chỉ đạo", None, "1"),
        ("Lĩnh vực 1", None, "1"),
        ("LV1", None, "1"),
        ("LV 7", None, "7"),
        ("Tiêu chí 1.10", None, "1.10"),
        ("Tiêu chí 1.10 (10 điểm)", None, "1.10"),
        ("TC1.10", None, "1.10"),
        ("TCTP 7.2.2", None, "7.2.2"),
        ("1.10.2 Tỷ lệ đơn vị được kiểm tra (6 điểm)", 2021, "1.10.2"),
        ("7.2.3 Tỷ lệ thanh toán trực tuyến (1 điểm)", 2022, "7.2.3"),
        ("7.2.3", 2021, None),
        ("Tỷ lệ thanh toán trực tuyến", 2021, None),
        ("Kiểm tra CCHC (10 điểm)", None, "1.10"),
        ("KIỂM TRA CCHC", None, "1.10"),
        ("kiem tra cchc", None, "1.10"),
        ("Kiểm tra CCHC (12,5 điểm)", None, "1.10"),
        ("Chỉ đạo điều hành", None, "1"),
        ("I. Công tác chỉ đạo", None, "1"),
        ("VII. Hiện đại hóa", None, "7"),
        ("Tổng điểm", None, "total"),
        ("Tổng cộng", None, "total"),
        ("Online share", None, "7.2.2"),
        ("12,5", None, None),
        ("2023", None, None),
        ("STT", None, None),
        ("Tên đơn vị", None, None),
        ("4. Cải cách tài chính công", None, None),
        ("", None, None),
    ],
)
def test_match_header(tmp_path, header, year, code):
    assert sample(tmp_path).match_header(header, year) == code


def test_match_header_on_shipped_sets():
    papi = get_framework("papi-2018")
    assert papi.match_header("Chỉ số nội dung 2") == "2"
    assert papi.match_header("Dimension 8") == "8"
    assert papi.match_header("D1 Tham gia") == "1"
    assert papi.match_header("Tri thức công dân") == "1.1"
    assert papi.match_header("Civic Knowledge") == "1.1"
    assert papi.match_header("Tổng PAPI") == "total"
    assert get_framework("pci-2013").match_header("Thiết chế pháp lý & ANTT") == "10"
    assert get_framework("par-tinh-2017").match_header("Lĩnh vực 3 (14,5 điểm)") == "3"


# -- broken files -------------------------------------------------------------------------------
def _broken(old: str, new: str) -> str:
    assert old in SAMPLE
    return SAMPLE.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "row", "message"),
    [
        (_broken("1.2,1,Kế", "1.10,1,Kế"), "row 5", "code 1.10 appears twice"),
        (_broken("7.2,7,", "7.2,3,"), "row 9", "parent of 7.2 is '3', expected '7'"),
        (_broken("1.2,1,Kế", "1.2.,1,Kế"), "row 4", "not 'total' or a dotted number"),
        (_broken("2.5,appraised", "2.5,criterion"), "row 4", "kind 'criterion'"),
        (_broken("2.5,appraised", "2.5,aggregate"), "row 4", "kind 'aggregate' but no children"),
        (_broken("10,aggregate", "10,appraised"), "row 5", "has children but kind"),
        (_broken("2.5,bonus,,,,\n9", "2.5,appraised,,,,\n9"), "row 12", "has children but kind"),
        (_broken("plan,4,appraised", "plan,4.5,appraised"), "row 5", "add up to 10.5 in 2021"),
        (_broken("2.5,appraised", "two,appraised"), "row 4", "is not a number"),
        (_broken("2.5,appraised", "-2.5,appraised"), "row 4", "must be zero or positive"),
        (
            _broken("payment,1,appraised,,2022,", "payment,1,appraised,,2030,"),
            "row 11",
            "outside the framework's years",
        ),
        (
            _broken("payment,1,appraised,,2022,", "payment,1,appraised,,2023,2022"),
            "row 11",
            "starts in 2023",
        ),
        (
            _broken("payment,1,appraised,,2022,", "payment,1,appraised,,22,"),
            "row 11",
            "is not a year",
        ),
        (_broken("total,,", "all,,"), "row 2", "not 'total' or a dotted number"),
    ],
)
def test_broken_file_names_file_and_row(tmp_path, text, row, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message) as err:
        load_framework_file(path, **SAMPLE_META)
    assert err.value.file == str(path)
    assert err.value.cell == row
    assert path.name in str(err.value) and row in str(err.value)


def test_sum_is_checked_in_the_year_a_part_appears(tmp_path):
    # With total fixed at 22,5 points, 2021 adds up but 2022 (when 7.2.3 appears) does not.
    text = _broken("District PAR index,,aggregate", "District PAR index,22.5,aggregate")
    with pytest.raises(InputError, match=r"add up to 23\.5 in 2022") as err:
        load_framework_file(write(tmp_path, text), **SAMPLE_META)
    assert err.value.cell == "row 2"
    text = text.replace("payment,1,appraised,,2022,", "payment,1,appraised,,2022,2021")
    with pytest.raises(InputError, match="starts in 2022 but ends in 2021"):
        load_framework_file(write(tmp_path, text), **SAMPLE_META)


def test_child_cannot_outlive_its_parent(tmp_path):
    text = _broken("Online services,,aggregate,,,", "Online services,,aggregate,,2023,")
    with pytest.raises(InputError, match=r"exists in years its parent 7\.2 does not") as err:
        load_framework_file(write(tmp_path, text), **SAMPLE_META)
    assert err.value.cell == "row 10"


WEIGHTED = f"""{HEADER}
total,,PCI,PCI,100,aggregate,,,,
1,total,A,A,10,survey,{{w1}},,,
2,total,B,B,10,survey,{{w2}},,,
"""


@pytest.mark.parametrize(
    ("w1", "w2", "message"),
    [
        ("0.5", "0.4", "add up to 0.9, not 1 or 100"),
        ("50", "", "partly weighted: 2 have no weight"),
        ("60", "30", "add up to 90, not 1 or 100"),
    ],
)
def test_broken_weights(tmp_path, w1, w2, message):
    path = write(tmp_path, WEIGHTED.format(w1=w1, w2=w2))
    with pytest.raises(InputError, match=message):
        load_framework_file(path)


def test_weights_in_percent_are_accepted(tmp_path):
    fw = load_framework_file(write(tmp_path, WEIGHTED.format(w1="70", w2="30")))
    assert fw.is_weighted("total")
    assert fw.weight("1") == 70
    assert fw.max_score("total") == 100


def test_missing_column_and_missing_total(tmp_path):
    path = write(tmp_path, SAMPLE.replace(",aliases", ",alias", 1))
    with pytest.raises(InputError, match="missing column\\(s\\): aliases"):
        load_framework_file(path)
    body = "\n".join(line for line in SAMPLE.splitlines() if not line.startswith("total,"))
    path = write(tmp_path, body.replace("1,total,", "1,,", 1))
    with pytest.raises(InputError):
        load_framework_file(path)


# -- loading from a directory ------------------------------------------------------------------
REGISTRY = (
    ",".join(REGISTRY_COLUMNS)
    + "\n"
    + (
        "sample,PAR,district,2021,2025,points,Bộ chỉ số mẫu,,test,\n"
        "other,PAR,department,2021,,points,Bộ khác,,test,\n"
    )
)


def test_get_framework_from_a_directory(tmp_path):
    (tmp_path / "frameworks.csv").write_text(REGISTRY, encoding="utf-8")
    write(tmp_path, SAMPLE)
    write(tmp_path, SAMPLE, "other.csv")
    fw = get_framework("sample", data_dir=tmp_path)
    assert (fw.index, fw.level, fw.year_from, fw.year_to) == ("PAR", "district", 2021, 2025)
    assert framework_for("PAR", 2026, data_dir=tmp_path).id == "other"
    assert list(list_frameworks(tmp_path)["framework"]) == ["sample", "other"]
    with pytest.raises(InputError, match="Known frameworks: sample, other"):
        get_framework("papi-2018", data_dir=tmp_path)


def test_missing_framework_file_is_reported(tmp_path):
    (tmp_path / "frameworks.csv").write_text(REGISTRY, encoding="utf-8")
    with pytest.raises(InputError, match="framework file not found") as err:
        get_framework("sample", data_dir=tmp_path)
    assert err.value.file.endswith("sample.csv")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sample,PAR", "sample,PARX", "index 'PARX'"),
        ("district,2021,2025", "district,2025,2021", "ends \\(2021\\) before it starts"),
        ("other,", "sample,", "listed twice"),
        ("points,Bộ khác", "score,Bộ khác", "scale 'score'"),
        ("district,2021,2025", "district,,2025", "year_from of sample is empty"),
    ],
)
def test_broken_registry(tmp_path, old, new, message):
    (tmp_path / "frameworks.csv").write_text(REGISTRY.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        list_frameworks(tmp_path)
    assert err.value.file.endswith("frameworks.csv")
    assert err.value.cell.startswith("row ")
