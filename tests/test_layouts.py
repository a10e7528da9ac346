"""Layouts as data: TOML files beside the raw files, per-year overrides, clear errors."""

from __future__ import annotations

import pytest

from cchc_analysis import InputError, load_layout, read_workbook
from cchc_analysis.io.layouts import find_layout

from .conftest import PAPI_DIR, SAMPLE_DIR


def test_shipped_layouts_load():
    papi = load_layout(PAPI_DIR / "layout.toml")
    assert papi.index == "PAPI" and papi.year == "filename"
    assert papi.unit_codes == (PAPI_DIR / "codebook" / "codebook_provinces.csv").resolve()
    assert papi.matches(PAPI_DIR / "csv" / "2019.csv")
    assert not papi.matches(PAPI_DIR / "codebook" / "codebook_provinces.csv")
    sample = find_layout(SAMPLE_DIR / "2022" / "KQ_chi_so_CCHC_2022.xlsx")
    assert sample is not None and sample.framework == "par-local-2021"


def test_bad_layout_files_are_clear_errors(tmp_path):
    bad = tmp_path / "layout.toml"
    bad.write_text('index = "PAR"\nheder_rows = [3, 4]\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown layout key.*heder_rows"):
        load_layout(bad)
    bad.write_text("index = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_layout(bad)
    bad.write_text('[columns]\n"Điểm XYZ" = "score-ish"\n', encoding="utf-8")
    with pytest.raises(InputError, match="neither a component code nor"):
        load_layout(bad)


def test_layout_drives_an_odd_file_with_per_year_overrides(xlsx, tmp_path):
    # A sheet no detector could read: no header words, units in column C, one year's sheet renamed.
    rows = [
        ["Bảng 3"],
        ["", "", "", "A", "B", "C"],
        ["x", "", "Quảng Ninh", "9,1", "8,2", "92,18"],
        ["x", "", "Đà Nẵng", "8,7", "8,0", "90,10"],
        ["x", "", "Ghi chú: số liệu tạm tính", None, None, None],
    ]
    xlsx("src/bang_2022.xlsx", {"Bảng 3": rows})
    xlsx("src/bang_2023.xlsx", {"Bang3": rows})
    (tmp_path / "src" / "layout.toml").write_text(
        """
files = ["bang_*.xlsx"]
index = "SIPAS"
level = "province"
peer_group = "Nhóm thử"
year = "filename"
header_rows = [2, 2]
unit_column = "C"
drop_rows = ["^Ghi chú"]
sheets = ["Bảng 3"]
[columns]
"A" = "1"
"B" = "2"
"C" = "pct"
[years.2023]
sheets = ["Bang3"]
""",
        encoding="utf-8",
    )
    for year in (2022, 2023):
        df = read_workbook(tmp_path / "src" / f"bang_{year}.xlsx")
        assert set(df["year"]) == {year}
        assert set(df["peer_group"]) == {"Nhóm thử"}
        total = df[df["component"] == "total"].set_index("unit")["score"]
        assert total.to_dict() == pytest.approx({"Quảng Ninh": 92.18, "Đà Nẵng": 90.10})
        assert set(df["component"]) == {"1", "2", "total"}
        dropped = df.attrs["report"]["dropped_rows"]
        assert any(reason == "dropped by layout" for *_, reason in dropped)


def test_keyword_overrides_beat_the_layout(xlsx):
    rows = [["STT", "Tỉnh, thành phố", "Chỉ số (%)"], [1, "Gia Lai", "80,5"]]
    df = read_workbook(xlsx("t.xlsx", {"S": rows}), index="SIPAS", year=2021, peer_group="Tây Nguyên")
    assert set(df["peer_group"]) == {"Tây Nguyên"} and set(df["year"]) == {2021}


def test_simulated_sources_are_flagged():
    import tempfile

    from cchc_analysis import load, simulated_sources
    from cchc_analysis.ingest import ingest

    from .conftest import RAW

    with tempfile.TemporaryDirectory() as out:
        ingest(RAW, out, progress=False)
        scores = load(out)
    flagged = simulated_sources(scores)
    assert flagged and all("sample-province" in f for f in flagged)
    assert simulated_sources(scores[scores["index"] == "PAPI"]) == []
