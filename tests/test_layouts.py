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


# -- year = "sheet": one sheet per year, named after it -----------------------------------------------


def _csv_rows(year: int) -> list[list[object]]:
    import csv

    with open(PAPI_DIR / "csv" / f"{year}.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [rows[0], *([r[0], *(float(v) if v else None for v in r[1:])] for r in rows[1:])]


def test_year_from_sheet_reads_every_year_in_one_call(xlsx, tmp_path):
    import pandas as pd

    book = xlsx("papi.xlsx", {"2011": _csv_rows(2011), "Năm 2018": _csv_rows(2018)})
    layout = {
        "index": "PAPI",
        "level": "province",
        "peer_group": "63 tỉnh, thành phố",
        "unit_column": "Province",
        "unit_codes": str(PAPI_DIR / "codebook" / "codebook_provinces.csv"),
    }
    one = read_workbook(book, layout={**layout, "year": "sheet"})
    by_sheet = [
        read_workbook(book, layout=layout, sheets=[sheet], year=year)
        for sheet, year in (("2011", 2011), ("Năm 2018", 2018))
    ]
    pd.testing.assert_frame_equal(one, pd.concat(by_sheet, ignore_index=True))
    assert one.attrs["report"]["sheets"] == ["2011", "Năm 2018"]
    assert sorted(set(one["year"])) == [2011, 2018]
    assert set(one[one["year"] == 2011]["framework"]) == {"papi-2011"}
    assert set(one[one["year"] == 2018]["framework"]) == {"papi-2018"}
    csv_2018 = read_workbook(PAPI_DIR / "csv" / "2018.csv")
    pd.testing.assert_series_equal(
        one[one["year"] == 2018]["score"].reset_index(drop=True), csv_2018["score"]
    )


def test_year_from_sheet_applies_each_years_overrides(xlsx, tmp_path):
    rows = [["STT", "Tỉnh, thành phố", "Chỉ số (%)"], [1, "Gia Lai", "80,5"], [2, "Kon Tum", "79,1"]]
    xlsx("src/sipas.xlsx", {"2022": rows, "2023": rows, "Ghi chú": [["ghi chú"]]}, hidden=("Ghi chú",))
    (tmp_path / "src" / "layout.toml").write_text(
        'index = "SIPAS"\nyear = "sheet"\npeer_group = "Tây Nguyên"\n[years.2023]\npeer_group = "Nhóm mới"\n',
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="hidden"):
        df = read_workbook(tmp_path / "src" / "sipas.xlsx")
    groups = df.groupby("year")["peer_group"].unique().map(list).to_dict()
    assert groups == {2022: ["Tây Nguyên"], 2023: ["Nhóm mới"]}
    assert df.attrs["report"]["skipped_sheets"] == ["Ghi chú (hidden)"]
    pinned = read_workbook(tmp_path / "src" / "sipas.xlsx", sheets=["2022"], year=2021)
    assert set(pinned["year"]) == {2021}  # year= beats the sheet's name


@pytest.mark.parametrize(("name", "why"), [("Ghi chú", "is not a year"), ("2021-2022", "more than one year")])
def test_year_from_sheet_refuses_a_sheet_that_is_not_a_year(xlsx, name, why):
    rows = [["STT", "Tỉnh, thành phố", "Chỉ số (%)"], [1, "Gia Lai", "80,5"]]
    book = xlsx("sipas.xlsx", {"2022": rows, name: rows})
    with pytest.raises(InputError, match=why) as err:
        read_workbook(book, layout={"index": "SIPAS", "year": "sheet"})
    assert str(err.value).startswith(f"{book}, sheet '{name}': the layout takes each sheet's year")


def test_year_key_accepts_sheet_and_names_the_choices(tmp_path):
    path = tmp_path / "layout.toml"
    path.write_text('year = "sheet"\n', encoding="utf-8")
    assert load_layout(path).year == "sheet"
    path.write_text('year = "tab"\n', encoding="utf-8")
    with pytest.raises(InputError, match='"title", "filename" or "sheet"'):
        load_layout(path)
