"""read_workbook on real and realistic spreadsheets, with and without layout files."""

from __future__ import annotations

import contextlib
import datetime
import math
import time
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc_analysis import InputError, InputWarning, read_workbook
from cchc_analysis.io.legacy import encode_tcvn3
from cchc_analysis.schema import COLUMNS

from .bounds import HANG_SECONDS
from .conftest import PAPI_DIR

ROOT_DATA = Path(__file__).resolve().parents[1] / "cchc_analysis" / "data"

PAPI_NAMES_VI = {
    "P01": "Hà Nội",
    "P14": "Quảng Ninh",
    "P31": "Thừa Thiên Huế",
    "P49": "Bà Rịa - Vũng Tàu",
}


def papi_csv(year: int) -> pd.DataFrame:
    return pd.read_csv(PAPI_DIR / "csv" / f"{year}.csv")


# --- the real PAPI panel, through its layout -----------------------------------------------------------


def test_papi_panel_read_through_layout():
    df = read_workbook(PAPI_DIR / "csv" / "2020.csv")
    assert list(df.columns) == COLUMNS
    assert set(df["index"]) == {"PAPI"}
    assert set(df["year"]) == {2020}
    assert set(df["framework"]) == {"papi-2018"}
    assert df["unit"].nunique() == 63
    assert set(df["level"]) == {"province"}
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"}
    # 29 sub-dimensions in 2020, codes 1.1 … 8.3 (SC11 → 1.1)
    assert df["component"].nunique() == 29
    assert "8.3" in set(df["component"]) and "SC11" not in set(df["component"])
    raw = papi_csv(2020).set_index("Province")
    qn = df[(df["unit"] == "Quảng Ninh") & (df["component"] == "2.4")].iloc[0]
    assert qn["score"] == pytest.approx(raw.loc["P14", "SC24"], abs=1e-12)
    assert qn["source_cell"] == "I15"  # row 15 = P14 (header on row 1), column I = SC24
    assert qn["source_sheet"] == "2020"
    # the sum of Quảng Ninh's sub-dimensions is the published total 48.8114
    total = df[df["unit"] == "Quảng Ninh"]["score"].sum()
    assert round(total, 4) == 48.8114


def test_papi_canonical_names_and_codes():
    df = read_workbook(PAPI_DIR / "csv" / "2015.csv")
    units = set(df["unit"])
    for name in PAPI_NAMES_VI.values():
        assert name in units
    assert df.loc[df["unit"] == "Quảng Ninh", "unit_code"].iloc[0] == "22"
    assert df.loc[df["unit"] == "Hà Nội", "unit_code"].iloc[0] == "01"


def test_papi_structural_gaps_follow_the_framework():
    y2015 = read_workbook(PAPI_DIR / "csv" / "2015.csv")
    assert set(y2015["framework"]) == {"papi-2011"}
    assert y2015["component"].nunique() == 22  # SC24, SC7x, SC8x did not exist
    assert "2.4" not in set(y2015["component"])
    y2021 = read_workbook(PAPI_DIR / "csv" / "2021.csv")
    assert "5.2" not in set(y2021["component"])  # construction permits dropped from 2021
    assert y2021["component"].nunique() == 28


def test_papi_empty_provinces_are_kept_as_missing_not_dropped():
    df = read_workbook(PAPI_DIR / "csv" / "2021.csv")
    assert df["unit"].nunique() == 63
    by_unit = df.groupby("unit")["score"].apply(lambda s: s.isna().all())
    # 2021: P14 Quảng Ninh, P15 Bắc Giang, P18 Bắc Ninh have no values
    assert set(by_unit[by_unit].index) == {"Quảng Ninh", "Bắc Giang", "Bắc Ninh"}


def test_every_papi_year_reads_and_matches_the_csv_numbers():
    for year in range(2011, 2025):
        df = read_workbook(PAPI_DIR / "csv" / f"{year}.csv")
        raw = papi_csv(year).drop(columns="Province")
        assert np.isclose(df["score"].sum(), np.nansum(raw.to_numpy()), atol=1e-9), year
        assert df["score"].notna().sum() == raw.notna().to_numpy().sum(), year


def test_the_papi_panel_as_one_long_table_reads_each_year_under_its_set_without_warnings(tmp_path):
    # the 14 real CSVs stacked with a "Năm" column, as an analyst keeps a panel: the columns of criteria
    # of other years (SC24, SC7x, SC8x before 2018; SC52 from 2021) are empty in those years' rows. Each
    # was warned about as "not in framework …; not read" once a year, though nothing was left out
    frames = [papi_csv(year).assign(Năm=year) for year in range(2011, 2025)]
    long = pd.concat(frames)[["Năm", *frames[0].columns[:-1]]]
    long.to_csv(tmp_path / "papi_long.csv", index=False)
    layout = tomllib.loads((PAPI_DIR / "layout.toml").read_text(encoding="utf-8"))
    layout = {k: layout[k] for k in ("index", "level", "peer_group", "unit_column")}
    layout["unit_codes"] = str(PAPI_DIR / "codebook" / "codebook_provinces.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(tmp_path / "papi_long.csv", layout=layout)
    assert df.attrs["report"]["warnings"] == [] and df.attrs["report"]["extra_columns"] == []
    for year in range(2011, 2025):
        one = read_workbook(PAPI_DIR / "csv" / f"{year}.csv")
        got = df[df["year"] == year]
        assert set(got["framework"]) == set(one["framework"]), year
        assert sorted(got["component"].unique()) == sorted(one["component"].unique()), year
        assert np.isclose(got["score"].sum(), one["score"].sum(), atol=1e-9), year


# --- a province table the library has never seen, no layout file ------------------------------------


def _papi_dimension_table(year: int) -> tuple[list[list[object]], pd.DataFrame]:
    """A realistic published PAPI dashboard built from the real panel: dimensions, total, rank."""
    raw = papi_csv(year).set_index("Province")
    dims = pd.DataFrame({d: raw.filter(regex=f"^SC{d}").sum(axis=1, min_count=1) for d in range(1, 9)})
    dims["total"] = dims.sum(axis=1, min_count=8)
    dims = dims.loc[list(PAPI_NAMES_VI)]
    dims["rank"] = dims["total"].rank(ascending=False, method="min").astype(int)
    names = [
        "1. Tham gia của người dân ở cấp cơ sở",
        "2. Công khai, minh bạch trong việc ra quyết định ở địa phương",
        "3. Trách nhiệm giải trình với người dân",
        "4. Kiểm soát tham nhũng trong khu vực công",
        "5. Thủ tục hành chính công",
        "6. Cung ứng dịch vụ công",
        "7. Quản trị môi trường",
        "8. Quản trị điện tử",
    ]
    rows: list[list[object]] = [
        ["BẢNG TỔNG HỢP"],
        [f"CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG CẤP TỈNH (PAPI) NĂM {year}"],
        ["(Nguồn: báo cáo PAPI; trích 4 tỉnh, thành phố)"],
        [],
        ["STT", "Tỉnh, thành phố", None, "Chỉ số nội dung", *[None] * 7, "Tổng điểm", "Xếp hạng"],
        [None, None, None, *names, None, None],
    ]
    for i, (code, row) in enumerate(dims.iterrows(), start=1):
        cells: list[object] = [i, PAPI_NAMES_VI[code], None]
        for d in range(1, 9):
            value = round(float(row[d]), 4)
            # every other province written as text with a decimal comma, as copied from a report
            cells.append(f"{value:.4f}".replace(".", ",") if i % 2 else value)
        cells.append(f"{row['total']:.4f}".replace(".", ","))
        cells.append(f"{int(row['rank']):02d}/4")
        rows.append(cells)
    rows.append(["", "Trung bình", None, *[None] * 8, float(dims["total"].mean()), None])
    return rows, dims


def test_unseen_province_table_without_layout(xlsx):
    rows, dims = _papi_dimension_table(2020)
    merges = ["A5:A6", "B5:B6", "D5:K5", "L5:L6", "M5:M6"]
    path = xlsx("PAPI_2020_tong_hop.xlsx", {"Sheet1": rows}, merges={"Sheet1": merges})
    df = read_workbook(path)
    assert set(df["index"]) == {"PAPI"} and set(df["year"]) == {2020}
    assert set(df["component"]) == {"total", *map(str, range(1, 9))}
    total = df[df["component"] == "total"].set_index("unit")
    for code, name in PAPI_NAMES_VI.items():
        assert total.loc[name, "score"] == pytest.approx(round(dims.loc[code, "total"], 4), abs=5e-5)
        assert total.loc[name, "rank_published"] == dims.loc[code, "rank"]
    dim5 = df[(df["component"] == "5") & (df["unit"] == "Quảng Ninh")].iloc[0]
    assert dim5["score"] == pytest.approx(round(dims.loc["P14", 5], 4))
    assert dim5["max_score"] == 10
    assert dim5["component_name"]  # the framework's name
    report = df.attrs["report"]
    assert any(reason == "total/average row" for *_, reason in report["dropped_rows"])
    # the spacer column C holds nothing and is not reported as an extra column
    assert not any("!C" in col for col in report["extra_columns"])


def test_year_and_index_from_file_name_when_title_is_silent(xlsx):
    rows = [
        ["STT", "Đơn vị", "Chỉ số (%)", "Thứ hạng"],
        [1, "Quảng Ninh", "92,18", "01"],
        [2, "Hải Phòng", "91,15", "02"],
        [3, "Đà Nẵng", "90,50", "03"],
    ]
    path = xlsx("SIPAS_2023.xlsx", {"KQ": rows})
    df = read_workbook(path)
    assert set(df["index"]) == {"SIPAS"}
    assert set(df["year"]) == {2023}
    total = df.set_index("unit")
    assert total.loc["Quảng Ninh", "score"] == pytest.approx(92.18)
    assert total.loc["Quảng Ninh", "max_score"] == 100
    assert total.loc["Đà Nẵng", "rank_published"] == 3


def test_header_far_down_and_total_rows_below(xlsx):
    title = [[f"dòng tiêu đề {i}"] for i in range(10)]
    rows = [
        *title,
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM 2023"],
        ["STT", "Tên đơn vị", "Chỉ số PAR INDEX (%)", "Xếp hạng"],
        ["1", "Hải Phòng", "92,15%", "1/3"],
        ["2", "Quảng Ninh", "92,18%", "1/3"],
        ["3", "TT-Huế", "86,02%", "3/3"],
        [None, "Tổng cộng", None, None],
        [None, "Bình quân", "90,12", None],
    ]
    path = xlsx("bang.xlsx", {"2023": rows})
    df = read_workbook(path)
    assert set(df["unit"]) == {"Hải Phòng", "Quảng Ninh", "Thừa Thiên Huế"}
    hue = df[df["unit"] == "Thừa Thiên Huế"].iloc[0]
    assert hue["score"] == pytest.approx(86.02)
    assert hue["source_cell"] == "C15"
    assert hue["rank_published"] == 3
    dropped = {text for _, _, text, _ in df.attrs["report"]["dropped_rows"]}
    assert {"Tổng cộng", "Bình quân"} <= dropped


def test_tcvn3_sheet_is_decoded(xlsx):
    rows = [
        [encode_tcvn3("chỉ số cải cách hành chính năm 2022")],
        [
            encode_tcvn3("STT"),
            encode_tcvn3("Tên đơn vị"),
            encode_tcvn3("Tổng điểm"),
            encode_tcvn3("Xếp hạng"),
        ],
        [1, encode_tcvn3("Đắk Lắk"), "80,5", "02"],
        [2, encode_tcvn3("Thừa Thiên Huế"), "85,25", "01"],
    ]
    path = xlsx("legacy.xlsx", {"KQ": rows}, font=".VnTime")
    df = read_workbook(path, index="PAR")
    assert set(df["unit"]) == {"Đắk Lắk", "Thừa Thiên Huế"}
    assert any("TCVN3" in note for note in df.attrs["report"]["notes"])


def test_ambiguous_separator_is_decided_by_the_column(xlsx):
    rows = [
        ["KẾT QUẢ CHỈ SỐ SIPAS NĂM 2022"],
        ["STT", "Tỉnh, thành phố", "Chỉ số hài lòng (%)"],
        [1, "Cà Mau", "80,125"],
        [2, "Gia Lai", "82,5"],
    ]
    df = read_workbook(xlsx("s.xlsx", {"S": rows}))
    assert df.set_index("unit").loc["Cà Mau", "score"] == pytest.approx(80.125)


def test_ambiguous_separator_undecided_raises_with_cell(xlsx):
    # DDCI: no criteria set, so no maximum decides it either (SIPAS, out of 100, would: 1250 is beyond it)
    rows = [
        ["KẾT QUẢ CHỈ SỐ DDCI NĂM 2022"],
        ["STT", "Tỉnh, thành phố", "Số phiếu"],
        [1, "Cà Mau", "1.250"],
        [2, "Gia Lai", "2.500"],
    ]
    path = xlsx("s.xlsx", {"S": rows})
    with pytest.raises(InputError) as err:
        read_workbook(path, columns={"Số phiếu": "total"})
    message = str(err.value)
    assert "s.xlsx" in message and "sheet 'S'" in message and "C3" in message


def test_text_in_a_score_column_names_the_cell(xlsx):
    rows = [
        ["CHỈ SỐ PCI NĂM 2021"],
        ["STT", "Tỉnh, thành phố", "Tổng điểm"],
        [1, "Long An", "70,1"],
        [2, "Bến Tre", "xem ghi chú"],
    ]
    with pytest.raises(InputError, match=r"cell C4"):
        read_workbook(xlsx("p.xlsx", {"PCI": rows}))


def test_duplicate_unit_is_an_error(xlsx):
    rows = [
        ["CHỈ SỐ PCI NĂM 2021"],
        ["STT", "Tỉnh, thành phố", "Tổng điểm"],
        [1, "Long An", 70.1],
        [2, "Bến Tre", 68.0],
        [3, "LONG AN", 69.0],
    ]
    with pytest.raises(InputError, match="appears twice"):
        read_workbook(xlsx("p.xlsx", {"PCI": rows}))


def test_unknown_unit_is_kept_with_a_warning_and_suggestions(xlsx):
    rows = [
        ["CHỈ SỐ PCI NĂM 2021"],
        ["STT", "Tỉnh, thành phố", "Tổng điểm"],
        [1, "Long Ann", 70.1],
        [2, "Bến Tre", 68.0],
    ]
    with pytest.warns(UserWarning, match="Long An"):
        df = read_workbook(xlsx("p.xlsx", {"PCI": rows}))
    assert "Long Ann" in set(df["unit"])


def test_no_table_is_a_clear_error(xlsx):
    path = xlsx("notes.xlsx", {"Ghi chú": [["Đây là công văn, không có bảng điểm"]]})
    with pytest.raises(InputError, match="no score table"):
        read_workbook(path, index="PAR", year=2022)


def test_missing_year_is_a_clear_error(xlsx):
    rows = [["STT", "Tỉnh, thành phố", "Chỉ số (%)"], [1, "Gia Lai", "80"]]
    with pytest.raises(InputError, match="which year"):
        read_workbook(xlsx("bang_sipas.xlsx", {"S": rows}))


def test_title_year_wins_over_file_name_with_a_warning(xlsx):
    rows = [
        ["KẾT QUẢ CHỈ SỐ SIPAS NĂM 2022"],
        ["STT", "Tỉnh, thành phố", "Chỉ số (%)"],
        [1, "Gia Lai", "80,5"],
    ]
    with pytest.warns(UserWarning, match="file name"):
        df = read_workbook(xlsx("SIPAS_2023.xlsx", {"S": rows}))
    assert set(df["year"]) == {2022}


def test_csv_with_decimal_commas_reads(tmp_path):
    path = tmp_path / "pci_2019.csv"
    path.write_text(
        "STT;Tỉnh, thành phố;Tổng điểm;Xếp hạng\n1;Quảng Ninh;73,4;01\n2;Đồng Tháp;72,1;02\n",
        encoding="utf-8",
    )
    df = read_workbook(path)
    assert set(df["index"]) == {"PCI"}
    assert df.set_index("unit").loc["Đồng Tháp", "score"] == pytest.approx(72.1)
    assert math.isclose(df["max_score"].iloc[0], 100)


def test_extra_columns_are_reported_only_when_they_hold_data(xlsx):
    """A header nothing matches is 'extra' when units have values under it; a template column left
    empty (a criterion of another year) is not data left out."""
    head = ["STT", "Tỉnh, thành phố", "Điểm tổng hợp", "Chỉ số phụ khác", "Cột dự phòng"]
    rows = [
        ["KẾT QUẢ CHỈ SỐ PAPI NĂM 2020"],
        head,
        [1, "Quảng Ninh", 47.5, 3.2, None],
        [2, "Hà Nội", 43.1, 2.9, "  "],
    ]
    df = read_workbook(xlsx("PAPI_2020_phu.xlsx", {"Sheet1": rows}))
    assert df.attrs["report"]["extra_columns"] == ["Sheet1!D2 'Chỉ số phụ khác'"]


def test_missing_components_are_reported_per_sheet(xlsx):
    """A table that lacks a dimension of its criteria set says which one, per sheet (the check is
    worked out once per criteria set, year and set of columns, and must still be right per sheet)."""
    rows, _ = _papi_dimension_table(2020)
    without_5 = [row[:7] + row[8:] for row in rows]  # column H: dimension 5
    path = xlsx(
        "PAPI_2020_thieu.xlsx",
        {"Đủ": rows, "Thiếu": without_5},
        merges={"Đủ": ["A5:A6", "B5:B6", "D5:K5", "L5:L6", "M5:M6"], "Thiếu": ["A5:A6", "B5:B6", "D5:J5"]},
    )
    df = read_workbook(path, sheets=["Đủ"])
    assert df.attrs["report"]["missing_components"] == []
    df = read_workbook(path, sheets=["Thiếu"])
    assert df.attrs["report"]["missing_components"] == ["Thiếu: 5 Thủ tục hành chính công"]


QN_DISTRICTS = ["Huyện Vân Đồn", "Huyện Hải Hà", "Huyện Tiên Yên", "Huyện Bình Liêu", "Huyện Đầm Hà"]
TITLE_2023 = ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC HUYỆN"]


@pytest.mark.parametrize("this_year_first", [True, False])
def test_this_and_last_years_columns_side_by_side_read_this_year(xlsx, this_year_first):
    # "Năm 2023" and "Năm 2022" merged over "Tổng điểm | Xếp hạng": last year's rank was read as this
    # year's (the last rank column won), or last year's scores labelled 2023
    years = ["Năm 2023", "Năm 2022"] if this_year_first else ["Năm 2022", "Năm 2023"]
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", years[0], None, years[1], None]]
    rows.append([None, None, "Tổng điểm", "Xếp hạng", "Tổng điểm", "Xếp hạng"])
    for i, name in enumerate(QN_DISTRICTS, 1):
        now, before = [65 - i, i], [55 + i, 6 - i]
        rows.append([i, name, *(now + before if this_year_first else before + now)])
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    total = df[df["component"] == "total"].set_index("unit")
    assert set(df["year"]) == {2023}
    assert total.loc["Vân Đồn", ["score", "rank_published"]].tolist() == [64, 1]
    assert total["rank_published"].tolist() == [1, 2, 3, 4, 5]
    assert total["source_cell"].str[0].unique().tolist() == (["C"] if this_year_first else ["E"])
    notes = df.attrs["report"]["notes"]
    left = "E3" if this_year_first else "C3"
    assert any(f"column {left} 'Năm 2022 / Tổng điểm' is for 2022, not 2023" in n for n in notes), notes


def test_year_in_one_row_headers_picks_this_years_rank(xlsx):
    header = ["STT", "Tên đơn vị", "Tổng điểm năm 2023", "Xếp hạng năm 2023", "Tổng điểm năm 2022"]
    rows = [TITLE_2023, [*header, "Xếp hạng năm 2022"]]
    rows += [[i, n, 65 - i, i, 55 + i, 6 - i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist() == [64, 63, 62, 61, 60]
    assert total["rank_published"].tolist() == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "unit_header",
    ["Tên huyện, thị xã, thành phố", "Đơn vị/Địa phương", "Cơ quan, địa phương", "Tên các huyện"],
)
def test_unit_column_named_by_its_kinds_of_unit(xlsx, unit_header):
    rows = [TITLE_2023, ["STT", unit_header, "Số xã, phường", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 10 + i, 65 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    total = df[df["component"] == "total"].set_index("unit")
    assert total.index.tolist() == ["Vân Đồn", "Hải Hà", "Tiên Yên", "Bình Liêu", "Đầm Hà"]
    assert total["score"].tolist() == [64, 63, 62, 61, 60]
    # a count of communes is not the unit column; it is reported as a column not read
    assert any("'Số xã, phường'" in c for c in df.attrs["report"]["extra_columns"])


@pytest.mark.parametrize(
    "footer",
    [
        [[None, "NGƯỜI LẬP BIỂU", "GIÁM ĐỐC"], [], [None, "Nguyễn Thị Hoa", "Trần Văn Bình"]],
        [
            [None, "NGƯỜI LẬP BIỂU", None, "KT. GIÁM ĐỐC"],
            [None, None, None, "PHÓ GIÁM ĐỐC"],
            [],
            [None, "Nguyễn Thị Hoa", None, "Trần Văn Bình"],
        ],
        [
            [None, None, "Quảng Ninh, ngày 15 tháng 3 năm 2024"],
            [None, None, "GIÁM ĐỐC"],
            [],
            [None, None, "Trần Văn Bình"],
        ],
    ],
)
def test_signature_block_below_the_table_is_not_read(xlsx, footer):
    # the signers' names sat in the unit and score columns: "the text 'Trần Văn Bình' is not a number"
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": [*rows, [], *footer]}))
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist() == [59, 58, 57, 56, 55]
    dropped = df.attrs["report"]["dropped_rows"]
    assert any(
        "Trần Văn Bình" in text and why == "signature block below the table" for *_, text, why in dropped
    )


@pytest.mark.parametrize(
    ("title", "header"),
    [("CHỈ SỐ SIPAS NĂM 2023", "Chỉ số SIPAS (%)"), ("CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023", "Chỉ số (%)")],
)
def test_excel_percentage_cells_are_read_as_percentages(tmp_path, title, header):
    # a cell formatted 0.00% shows 86,02% but holds 0.8602: it was read as a score of 0.86 out of 100
    import openpyxl

    provinces = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Nam Định"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["STT", "Tỉnh, thành phố", header, "Xếp hạng"])
    for i, name in enumerate(provinces, 1):
        ws.append([i, name, 0.8602 - i / 1000, i])
        ws.cell(ws.max_row, 3).number_format = "0.00%"
    wb.save(tmp_path / "chi_so.xlsx")
    df = read_workbook(tmp_path / "chi_so.xlsx")
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist() == [85.92, 85.82, 85.72, 85.62, 85.52]
    assert set(total["max_score"]) == {100}
    assert any("the way Excel stores a percentage" in n for n in df.attrs["report"]["notes"])


def test_points_below_one_are_not_taken_for_percentages(xlsx):
    # criteria worth 1 point scored 0,5 and 0,75: points, not a percentage column
    rows = [TITLE_2023, ["STT", "Tên đơn vị", "1.1", "1.2", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 0.5, 0.75, 1.25, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    assert sorted(df.loc[df["unit"] == "Vân Đồn", "score"]) == [0.5, 0.75, 1.25]


SA_HEADER = ["STT", "Lĩnh vực/tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định"]
SA_ROWS = [
    ["1", "Công tác chỉ đạo, điều hành cải cách hành chính", "4,00", "3,25", "3,00"],
    ["1.1", "Kế hoạch cải cách hành chính năm", "1,50", "1,50", "1,25"],
    ["1.2", "Báo cáo cải cách hành chính định kỳ", "2,50", "1,75", "1,75"],
]


@pytest.mark.parametrize(
    ("above", "unit", "period"),
    [
        (
            [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH 9 THÁNG NĂM 2023 CỦA UBND HUYỆN VÂN ĐỒN"]],
            "Vân Đồn",
            "9M",
        ),
        (
            [
                ["UBND HUYỆN HẢI HÀ", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                [None, None, "Độc lập - Tự do - Hạnh phúc"],
                ["Số: 245/BC-UBND", None, "Hải Hà, ngày 05 tháng 7 năm 2024"],
                ["BIỂU TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH 6 THÁNG ĐẦU NĂM 2024"],
            ],
            "Hải Hà",
            "H1",
        ),
        (
            [
                ["UBND TỈNH QUẢNG NINH"],
                ["SỞ NỘI VỤ"],
                ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH 9 THÁNG NĂM 2023"],
            ],
            "Sở Nội vụ",
            "9M",
        ),
    ],
)
def test_self_assessment_unit_from_the_title_or_the_heading(xlsx, above, unit, period):
    # only a line "Đơn vị: …" named the unit: these sheets were refused
    df = read_workbook(xlsx("tu_danh_gia.xlsx", {"TĐG": [*above, [], SA_HEADER, *SA_ROWS]}))
    assert set(df["unit"]) == {unit} and set(df["period"]) == {period}
    row = df[(df["component"] == "1.2") & (df["stage"] == "self")].iloc[0]
    assert (row["score"], row["max_score"]) == (1.75, 2.5)


def test_self_assessment_without_a_unit_anywhere_says_where_it_looked(xlsx):
    rows = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC ĐƠN VỊ"], [], SA_HEADER, *SA_ROWS]
    with pytest.raises(InputError, match="no line 'Đơn vị: …', no title ending") as err:
        read_workbook(xlsx("tu_danh_gia.xlsx", {"TĐG": rows}))
    assert "unit='…'" in str(err.value)


def test_self_assessments_one_a_sheet_named_after_their_units(xlsx):
    # the department's workbook of its offices' self-assessments, each sheet named after its unit and
    # its title naming none: refused as naming no unit
    title = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], []]
    other = [[*row[:3], "2,00" if row[0] == "1.1" else row[3], row[4]] for row in SA_ROWS]
    sheets = {"Sở Y tế": [*title, SA_HEADER, *SA_ROWS], "Hải Hà": [*title, SA_HEADER, *other]}
    df = read_workbook(xlsx("tu_danh_gia_cac_don_vi.xlsx", sheets))
    got = df[(df["component"] == "1.1") & (df["stage"] == "self")].set_index("unit")["score"]
    assert got.to_dict() == {"Sở Y tế": 1.5, "Hải Hà": 2.0}
    assert set(df.loc[df["unit"] == "Hải Hà", "level"]) == {"district"}
    assert any(
        "the unit, named nowhere above the table, is the sheet's" in n for n in df.attrs["report"]["notes"]
    )
    # a sheet named for what it holds is no unit: still asked for
    with pytest.raises(InputError, match="the sheet's name is no unit's"):
        read_workbook(xlsx("so_sanh.xlsx", {"So sánh": [*title, SA_HEADER, *SA_ROWS]}))


def test_level_from_the_units_picks_the_criteria_set(xlsx):
    # the title says "các tỉnh, thành phố", not "cấp tỉnh": the total had no criteria set and no maximum
    rows = [["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ"], []]
    rows.append(["STT", "Tỉnh, thành phố", "Tổng điểm", "Vị trí xếp hạng"])
    provinces = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Hải Dương"]
    rows += [[i, name, 90 - i, i] for i, name in enumerate(provinces, 1)]
    df = read_workbook(xlsx("par_tinh.xlsx", {"KQ": rows}))
    assert set(df["framework"]) == {"par-tinh-2022"} and set(df["max_score"]) == {100}
    assert df["rank_published"].tolist() == [1, 2, 3, 4, 5]
    assert set(df["level"]) == {"province"}


def test_bloc_rows_in_capitals_name_the_peer_group_as_written(xlsx):
    rows = [TITLE_2023, ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"], ["I", "KHỐI UBND CẤP HUYỆN"]]
    rows += [[i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    assert set(df["peer_group"]) == {"Khối UBND cấp huyện"}


def test_a_criterion_nobody_has_scored_yet_is_kept_as_missing(xlsx):
    # with a criteria set known, a column without a single value was dropped as if the table lacked it;
    # it is a criterion not yet scored (the survey points before year end): rows with no score
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP HUYỆN NĂM 2023"]]
    rows.append(["STT", "Tên đơn vị", "1.1", "1.2", "Tổng điểm", "Xếp hạng"])
    rows += [[i, n, 1.5 - i / 10, None, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}), framework="par-local-2021")
    assert set(df["framework"]) == {"par-local-2021"}
    pending = df[df["component"] == "1.2"]
    assert len(pending) == 5 and pending["score"].isna().all()
    assert df.loc[df["component"] == "1.1", "score"].tolist() == [1.4, 1.3, 1.2, 1.1, 1.0]


@pytest.mark.parametrize("title_says_level", [True, False])
def test_a_district_table_gets_no_criteria_set_it_does_not_name(xlsx, title_says_level):
    # each province issues its own district-level set: the packaged sample set (70 points) was applied
    # to any district table, so a table on 100 points got maxima of 70, silently below 70
    title = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH " + ("CẤP HUYỆN " if title_says_level else "") + "NĂM 2023"
    rows = [[title], ["STT", "Tên đơn vị", "1.1", "Tổng điểm (tối đa 100)", "Xếp hạng"]]
    rows += [[i, n, 1.5, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    assert set(df["framework"]) == {"none"}
    total = df[df["component"] == "total"]
    assert set(total["max_score"]) == {100} and total["score"].tolist() == [89, 88, 87, 86, 85]
    assert df.loc[df["component"] == "1.1", "max_score"].isna().all()
    notes = df.attrs["report"]["notes"]
    assert any("district-level table is scored under its province's own criteria set" in n for n in notes)


def test_the_year_is_not_taken_from_the_documents_date(xlsx):
    # the heading block's date line ("ngày 15 tháng 01 năm 2024") came before the title's year
    rows = [
        ["UBND TỈNH QUẢNG NINH", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ NỘI VỤ", None, "Quảng Ninh, ngày 15 tháng 01 năm 2024"],
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC HUYỆN"],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
    ]
    rows += [[i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq_cchc.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2023}


def test_english_title_gives_index_and_year(xlsx):
    rows = [["THE PROVINCIAL COMPETITIVENESS INDEX (PCI) 2022: PROVINCIAL RANKINGS"]]
    rows.append(["No.", "Province", "Entry Costs", "Land Access", "PCI Score", "Rank"])
    rows += [[1, "Quảng Ninh", 7.91, 6.42, 73.02, 1], [2, "Hải Phòng", 7.85, 6.1, 72.95, 2]]
    df = read_workbook(xlsx("pci.xlsx", {"PCI": rows}))
    assert set(df["index"]) == {"PCI"} and set(df["year"]) == {2022}
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist() == [73.02, 72.95] and total["rank_published"].tolist() == [1, 2]
    assert df.loc[(df["unit"] == "Hải Phòng") & (df["component"] == "2"), "score"].item() == 6.1


def test_a_2025_table_listing_provinces_that_no_longer_exist_warns(xlsx):
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM 2025"]]
    rows.append(["STT", "Tỉnh, thành phố", "Tổng điểm", "Xếp hạng"])
    rows += [[1, "Quảng Ninh", 91.2, 1], [2, "Hà Giang", 85.1, 2], [3, "Tuyên Quang", 84.0, 3]]
    with pytest.warns(InputWarning, match=r"cell B4: 'Hà Giang' is a unit of before July 2025"):
        df = read_workbook(xlsx("par_2025.xlsx", {"KQ": rows}))
    assert len(df[df["component"] == "total"]) == 3


def test_a_score_written_with_its_maximum_keeps_the_cells_maximum(xlsx):
    # "51,39/66,5" under "Tổng điểm": the 66,5 was thrown away
    rows = [TITLE_2023, ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [
        [1, "Huyện Vân Đồn", "51,39/66,5", 1],
        [2, "Huyện Hải Hà", "49,5/66", 2],
        [3, "Huyện Tiên Yên", 48.25, 3],
    ]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}))
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist() == [51.39, 49.5, 48.25]
    assert total.loc[["Vân Đồn", "Hải Hà"], "max_score"].tolist() == [66.5, 66]
    assert np.isnan(total.loc["Tiên Yên", "max_score"])


@pytest.mark.parametrize("code_row", [False, True])
def test_criterion_codes_typed_as_numbers(xlsx, code_row):
    # 1.1 … 1.9 then 1.1 again: Excel shows 1.10 as 1.1. The header row was refused (numbers in it),
    # and in a code row under an area name column 1.10 vanished
    codes = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.1]
    if code_row:
        head = [
            ["STT", "Tên đơn vị", "Công tác chỉ đạo, điều hành CCHC", *[None] * 9, "Tổng điểm", "Xếp hạng"]
        ]
        head.append([None, None, *codes, None, None])
        merges = ["A2:A3", "B2:B3", "C2:L2", "M2:M3", "N2:N3"]
    else:
        head, merges = [["STT", "Tên đơn vị", *codes, "Tổng điểm", "Xếp hạng"]], []
    rows = [TITLE_2023, *head]
    rows += [[i, n, *[0.5] * 9, 0.25 + i / 100, 4.75 + i / 100, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    assert set(df["component"]) == {f"1.{k}" for k in range(1, 11)} | {"total"}
    ten = df[df["component"] == "1.10"].set_index("unit")["score"]
    assert ten.tolist() == [0.26, 0.27, 0.28, 0.29, 0.30]
    assert df.loc[df["component"] == "1.1", "score"].tolist() == [0.5] * 5
    assert any("read as code 1.10" in n for n in df.attrs["report"]["notes"])


def test_a_maximum_in_thousands_in_the_header(xlsx):
    rows = [["KẾT QUẢ CHỈ SỐ CHUYỂN ĐỔI SỐ CẤP TỈNH (DTI) NĂM 2023"]]
    rows.append(["STT", "Tỉnh, thành phố", "Điểm DTI (1.000 điểm)", "Xếp hạng"])
    rows += [[1, "Hải Phòng", "919,9", 1], [2, "Quảng Ninh", "840,7", 2]]
    df = read_workbook(xlsx("dti.xlsx", {"DTI": rows}))
    assert df["score"].tolist() == [919.9, 840.7] and set(df["max_score"]) == {1000}
    assert df.attrs["report"]["warnings"] == []


@pytest.mark.parametrize("title_names_province", [True, False])
def test_commune_names_shared_across_provinces_resolve_in_the_tables_province(xlsx, title_names_province):
    # "Xã Tiên Yên" exists in several provinces: it was kept unknown, without a code, although the title
    # (or every other commune of the table) says Quảng Ninh
    title = "KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2025" + (" TỈNH QUẢNG NINH" if title_names_province else "")
    communes = ["Phường Hồng Gai", "Đặc khu Vân Đồn", "Phường Bãi Cháy", "Xã Hải Hòa", "Xã Tiên Yên"]
    rows = [[title], ["STT", "Xã, phường, đặc khu", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 80 - i, i] for i, n in enumerate(communes, 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every commune is known: nothing to warn about
        df = read_workbook(xlsx("xa_2025.xlsx", {"KQ": rows}))
    tien_yen = df[df["unit"] == "Xã Tiên Yên"].iloc[0]
    assert (tien_yen["unit_code"], tien_yen["level"]) == ("06862", "commune")


DEPARTMENTS = ["Sở Tài chính", "Sở Tư pháp", "Sở Nội vụ"]


def test_a_bloc_column_merged_down_beside_its_units_names_their_group(xlsx):
    rows = [TITLE_2023, ["Khối", "STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [
        ["Khối sở, ban, ngành" if i == 1 else None, i, n, 70 - i, i] for i, n in enumerate(DEPARTMENTS, 1)
    ]
    rows += [["KHỐI HUYỆN" if i == 1 else None, i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par.xlsx", {"TH": rows}, merges={"TH": ["A3:A5", "A6:A10"]}))
    groups = df.drop_duplicates("unit").set_index("unit")["peer_group"]
    assert set(groups[DEPARTMENTS]) == {"Khối sở, ban, ngành"}
    assert set(groups[["Vân Đồn", "Đầm Hà"]]) == {"Khối huyện"}
    assert not df.attrs["report"]["extra_columns"]


def test_one_sheet_per_bloc_names_the_group(xlsx):
    def sheet(title, units):
        return [[title], [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]] + [
            [i, n, 70 - i, i] for i, n in enumerate(units, 1)
        ]

    path = xlsx(
        "par.xlsx",
        {
            "Khối sở": sheet("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023", DEPARTMENTS),
            "Sheet2": sheet("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 - KHỐI HUYỆN", QN_DISTRICTS),
        },
    )
    df = read_workbook(path)
    groups = df.drop_duplicates("unit").set_index("unit")["peer_group"]
    assert set(groups[DEPARTMENTS]) == {"Khối sở"} and set(groups[["Vân Đồn", "Hải Hà"]]) == {"Khối huyện"}
    # two rank sequences, one per group, never one group holding two rank 1s
    assert df.groupby("peer_group")["rank_published"].apply(lambda r: r.is_unique).all()


def test_a_detail_sheet_takes_the_index_its_workbook_names(xlsx):
    # the detail sheet's title names no index: the whole workbook was refused
    summary = [TITLE_2023, ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    summary += [[i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    detail = [["ĐIỂM CHI TIẾT THEO LĨNH VỰC NĂM 2023"], ["STT", "Tên đơn vị", "1", "2"]]
    detail += [[i, n, 10 - i / 10, 8] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("par_huyen.xlsx", {"Tổng hợp": summary, "Chi tiết": detail}))
    assert set(df["index"]) == {"PAR"}
    assert set(df["component"]) == {"total", "1", "2"}
    assert df.attrs["report"]["sheets"] == ["Tổng hợp", "Chi tiết"]
    # the titles merged across their tables (each title's text then fills its range): the same table
    merged = read_workbook(
        xlsx(
            "par_huyen_merged.xlsx",
            {"Tổng hợp": summary, "Chi tiết": detail},
            merges={"Tổng hợp": ["A1:D1"], "Chi tiết": ["A1:D1"]},
        )
    )
    pd.testing.assert_frame_equal(merged.drop(columns="source_file"), df.drop(columns="source_file"))


def test_the_period_is_not_taken_from_a_date_line(xlsx):
    # "ngày 9 tháng 12" made a year-end self-assessment a nine-month one ("9 tháng")
    above = [
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["(Kèm theo Báo cáo số 215/BC-UBND ngày 9 tháng 12 năm 2023 của UBND huyện Tiên Yên)"],
        ["Đơn vị: UBND huyện Tiên Yên"],
    ]
    df = read_workbook(xlsx("tu_danh_gia.xlsx", {"TĐG": [*above, [], SA_HEADER, *SA_ROWS]}))
    assert set(df["period"]) == {"year"} and set(df["unit"]) == {"Tiên Yên"}


def test_a_unit_not_assessed_is_kept_without_score_or_rank(xlsx):
    # "Không đánh giá (mới thành lập)" merged across score and rank refused the file as "not a number"
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 60 - i, i] for i, n in enumerate(QN_DISTRICTS[:3], 1)]
    rows.append([4, "Huyện Bình Liêu", "Không đánh giá (mới thành lập)", None])
    df = read_workbook(xlsx("par_huyen.xlsx", {"KQ": rows}, merges={"KQ": ["C7:D7"]}))
    total = df[df["component"] == "total"].set_index("unit")
    assert total["score"].tolist()[:3] == [59, 58, 57]
    assert np.isnan(total.loc["Bình Liêu", "score"]) and pd.isna(total.loc["Bình Liêu", "rank_published"])


# --- a results table giving each unit's score at two stages -----------------------------------------------


def test_self_assessed_and_appraised_totals_are_read_at_their_stages(xlsx):
    # "Điểm tự đánh giá | Điểm thẩm định" as a district table's only score columns was refused as having
    # no score column; the rank ranks the appraised score
    header = ["STT", "Tên đơn vị", "Điểm tự đánh giá", "Điểm thẩm định", "Xếp hạng"]
    rows = [TITLE_2023, [], header]
    rows += [[i, n, 90 - i, 88 - 1.5 * i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("tham_dinh.xlsx", {"KQ": rows}))
    total = df[df["component"] == "total"].set_index(["stage", "unit"])
    assert set(df["stage"]) == {"self", "appraised"}
    assert total.loc[("self", "Hải Hà"), "score"] == 88
    assert total.loc[("appraised", "Hải Hà"), "score"] == 85
    assert total.loc[("appraised", "Hải Hà"), "source_cell"] == "D5"
    assert total.loc[("appraised", "Hải Hà"), "rank_published"] == 2
    assert total.xs("self")["rank_published"].isna().all()


def test_stage_subcolumns_under_each_area_are_read_at_their_stages(xlsx):
    # "Lĩnh vực 1" merged over "Tự đánh giá | Thẩm định": the appraised column was dropped as a second
    # column of component 1, so the self-assessed score stood as the published one
    top = ["STT", "Tên đơn vị", "Lĩnh vực 1", None, "Lĩnh vực 2", None, "Tổng điểm", None, "Xếp hạng"]
    sub = [None, None, *["Tự đánh giá", "Thẩm định"] * 3, None]
    rows = [TITLE_2023, [], top, sub]
    values = [[10 - i / 10, 9 - i / 10, 8, 7.5, 90 - i, 88 - i, i] for i in range(1, 6)]
    rows += [[i, n, *v] for i, (n, v) in enumerate(zip(QN_DISTRICTS, values, strict=True), 1)]
    merges = ["C3:D3", "E3:F3", "G3:H3", "A3:A4", "B3:B4", "I3:I4"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # no "both hold component 1" warning
        df = read_workbook(xlsx("tham_dinh.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    got = df.set_index(["stage", "unit", "component"])
    assert got.loc[("self", "Vân Đồn", "1"), "score"] == pytest.approx(9.9)
    assert got.loc[("appraised", "Vân Đồn", "1"), "score"] == pytest.approx(8.9)
    assert got.loc[("appraised", "Vân Đồn", "2"), "source_cell"] == "F5"
    assert got.loc[("appraised", "Đầm Hà", "total"), "rank_published"] == 5
    assert len(df) == 2 * 3 * len(QN_DISTRICTS)


def test_a_stage_word_heading_the_whole_table_keeps_the_published_stage(xlsx):
    # a lone "Điểm thẩm định" is the table's result, not a second stage beside it
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Điểm thẩm định", "Xếp hạng"]]
    rows += [[i, n, 88 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("tham_dinh.xlsx", {"KQ": rows}))
    assert set(df["stage"]) == {"published"}
    assert df["score"].tolist() == [87, 86, 85, 84, 83]


# --- columns of an earlier year, changes, area groups, bilingual headers -----------------------------------


@pytest.mark.parametrize(
    "earlier", ["Xếp hạng năm 2022", "Xếp hạng năm trước", "Xếp hạng 2022", "Xếp hạng (cũ)"]
)
def test_last_years_rank_beside_this_years_is_not_read(xlsx, earlier):
    # the last rank column was kept, so every unit got last year's rank, with no warning
    header = ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", earlier, "Tăng/giảm bậc"]
    rows = [TITLE_2023, [], header]
    rows += [[i, n, 90 - i, i, 6 - i, 5 - 2 * i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["rank_published"].tolist() == [1, 2, 3, 4, 5]
    notes = df.attrs["report"]["notes"]
    assert any("E3" in n and "not read" in n for n in notes)
    assert any("F3 'Tăng/giảm bậc' is a change" in n for n in notes)


def test_last_years_total_left_of_this_years_is_not_read(xlsx):
    # "columns C and D both hold component total; column C is kept": last year's scores, with a warning
    header = ["STT", "Tên đơn vị", "Tổng điểm năm 2022", "Tổng điểm", "Xếp hạng"]
    rows = [TITLE_2023, [], header]
    rows += [[i, n, 70 + i, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["score"].tolist() == [89, 88, 87, 86, 85]
    assert set(df["source_cell"].str[0]) == {"D"}


@pytest.mark.parametrize("pair", [("Điểm năm 2022", "Điểm năm 2023"), ("Năm 2022", "Năm 2023")])
def test_a_score_header_with_its_year_is_read(xlsx, pair):
    # refused as "no score column the reader recognises"
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", *pair, "Xếp hạng năm 2023"]]
    rows += [[i, n, 70 + i, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["score"].tolist() == [89, 88, 87, 86, 85]
    assert df["rank_published"].tolist() == [1, 2, 3, 4, 5]


def test_areas_named_in_words_over_points_and_percent_do_not_become_the_total(xlsx):
    # each area merged over "Điểm đạt | Tỷ lệ (%)": the first area's points were read as the total, and
    # no area was read
    areas = ["Cải cách thể chế", "Cải cách thủ tục hành chính", "Cải cách tổ chức bộ máy"]
    top = ["STT", "Tên đơn vị", *[a for a in areas for _ in (0, 1)], "Tổng điểm (1 500 điểm)", "Xếp hạng"]
    sub = [None, None, *["Điểm đạt", "Tỷ lệ (%)"] * 3, None, None]
    rows = [TITLE_2023, [], top, sub]
    for i, n in enumerate(QN_DISTRICTS, 1):
        rows.append([i, n, 10 - i, 80, 8, 70, 6, 60, 1200 - i, i])
    merges = ["C3:D3", "E3:F3", "G3:H3", "A3:A4", "B3:B4", "I3:I4", "J3:J4"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    total = df[df["component"] == "total"]
    assert total["score"].tolist() == [1199, 1198, 1197, 1196, 1195]
    assert set(total["max_score"]) == {1500}  # "(1 500 điểm)": a space groups the thousands
    # each area's points, coded by its place in the header; the percentages are not read
    areas = df[df["component"] != "total"].set_index(["component", "unit"])
    assert sorted(set(df["component"])) == ["1", "2", "3", "total"]
    assert areas.loc[("1", "Vân Đồn"), "score"] == 9 and areas.loc[("3", "Vân Đồn"), "score"] == 6
    assert areas.loc[("2", "Vân Đồn"), "component_name"] == "Cải cách thủ tục hành chính"
    assert len(df.attrs["report"]["extra_columns"]) == 3


def test_bloc_rows_numbered_in_the_stt_column_split_the_peer_groups(xlsx):
    # "I. KHỐI SỞ, BAN, NGÀNH" merged across the table was dropped as "text without numbers": one peer
    # group held both blocs and their two rank sequences
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        [],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
    ]
    rows.append(["I. KHỐI SỞ, BAN, NGÀNH"])
    rows += [[1, "Sở Tư pháp", 90, 1], [2, "Sở Nội vụ", 88, 2]]
    rows.append(["II. KHỐI ĐỊA PHƯƠNG"])
    rows += [[1, "Huyện Hải Hà", 85, 1], [2, "Huyện Tiên Yên", 80, 2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # department names are not in the unit list
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": ["A4:D4", "A7:D7"]}))
    groups = df.set_index("unit")["peer_group"]
    assert groups["Sở Tư pháp"] == "Khối sở, ban, ngành"
    assert groups["Hải Hà"] == "Khối địa phương"


@pytest.mark.parametrize("unit", ["Công an tỉnh", "Cộng Hòa"])
def test_a_unit_starting_like_a_sum_word_is_not_a_total_row(xlsx, unit):
    # "Công an tỉnh" and the commune "Cộng Hòa" were dropped as "total/average row" ("cộng")
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm"], [1, "Huyện Hải Hà", 80], [2, unit, 70]]
    rows += [[None, "Cộng", 150], [None, "Điểm trung bình", 75]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert len(df) == 2 and df["score"].tolist() == [80, 70]
    dropped = [(row, why) for _, row, _, why in df.attrs["report"]["dropped_rows"]]
    assert dropped == [(6, "total/average row"), (7, "total/average row")]


def test_bilingual_pci_headers_are_read(xlsx):
    # "Tỉnh, thành phố\nProvince", "Chỉ số PCI\nPCI Score": no unit column, no score column
    header = [
        "STT\nNo.",
        "Tỉnh, thành phố\nProvince",
        "Gia nhập thị trường\nEntry Costs",
        "Chỉ số PCI\nPCI Score",
    ]
    rows = [["CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI) NĂM 2022"], [], header]
    rows += [[1, "Quảng Ninh", 7.5, 72.95], [2, "Hải Phòng", 7.1, 72.34], [3, "Long An", 8.0, 71.8]]
    df = read_workbook(xlsx("pci.xlsx", {"PCI": rows}))
    got = df.set_index(["unit", "component"])["score"]
    assert got[("Quảng Ninh", "total")] == 72.95
    assert got[("Long An", "1")] == 8.0


def test_criterion_codes_typed_as_numbers_in_a_self_assessment(xlsx):
    # STT 1.1 stored as a number was "row 6 has points but no criterion code"; 1.1 after 1.9 is 1.10
    above = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows = [[1, "Công tác chỉ đạo, điều hành", 10, 9.5, 9.0]]
    rows += [[1 + k / 10, f"Tiêu chí {k}", 1, 1, 1] for k in range(1, 10)]
    rows += [[1.1, "Tiêu chí 10", 1, 0.5, 0], ["-", "Nội dung con của 1.10", None, None, None]]
    rows += [[2, "Cải cách thể chế", 2, 2, 2], [2.1, "Ban hành văn bản", 2, 2, 2]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": [*above, SA_HEADER, *rows]}))
    got = df[df["stage"] == "self"].set_index("component")["score"]
    assert got["1.9"] == 1 and got["1.10"] == 0.5 and got["2.1"] == 2
    assert "1.1" in got.index and got["1.1"] == 1
    assert any("1.10" in n for n in df.attrs["report"]["notes"])


def test_a_total_header_with_its_maximum_is_not_a_translation(xlsx):
    # reading headers in either language took "70)" for a component code
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "1", "2", "Tổng điểm (tối đa 70)", "Xếp hạng"]]
    rows += [[i, n, 30 - i, 20, 50 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    total = df[df["component"] == "total"]
    assert set(df["component"]) == {"1", "2", "total"}
    assert total["score"].tolist() == [49, 48, 47, 46, 45] and set(total["max_score"]) == {70}
    assert total["rank_published"].tolist() == [1, 2, 3, 4, 5]


def test_a_hidden_column_gives_way_to_a_visible_one_holding_the_same(xlsx):
    # last year's "Tổng điểm" left hidden in a sheet copied from last year was read, the visible one not
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 70 + i, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    path = xlsx("kq.xlsx", {"KQ": rows}, hidden_columns={"KQ": ["C"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(path)
    assert df["score"].tolist() == [89, 88, 87, 86, 85]
    assert any("C3 'Tổng điểm' is hidden" in n for n in df.attrs["report"]["notes"])


def test_a_hidden_column_read_alone_is_warned_about(xlsx):
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "1", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 10, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    path = xlsx("kq.xlsx", {"KQ": rows}, hidden_columns={"KQ": ["C"]})
    with pytest.warns(InputWarning, match=r"column C3 '1' is hidden in the workbook but read"):
        df = read_workbook(path)
    assert set(df["component"]) == {"1", "total"}


def test_province_names_without_diacritics_are_no_english_headers(xlsx):
    # reading bilingual headers took "Tỉnh Gia Lai" for "Tỉnh" + English "Gia Lai", so the data row was
    # read as a second header row and the table split in two (the commune workbook was refused)
    units = pd.read_csv(ROOT_DATA / "units.csv", dtype=str, keep_default_na=False)
    now = units[(units["level"] == "province") & (units["valid_to"] == "")]["unit"].tolist()
    assert len(now) == 34
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA 34 TỈNH, THÀNH PHỐ"], []]
    rows.append(["STT", "Tỉnh, thành phố", "Chỉ số (%)", "Xếp hạng"])
    rows += [[i, f"Tỉnh {n}", 95 - i / 2, i] for i, n in enumerate(now, 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # "Tỉnh Hà Nội" is a city
        df = read_workbook(xlsx("par_2025.xlsx", {"Tổng hợp": rows}))
    assert len(df) == 34 and set(df["component"]) == {"total"}
    assert df["rank_published"].tolist() == list(range(1, 35))


def test_appraised_points_beside_survey_points_are_a_part_not_a_stage(xlsx):
    # MOHA's PAR INDEX: "Điểm thẩm định" + "Điểm điều tra XHH" = "Tổng điểm"; the appraised points were
    # read as the total at stage appraised
    rows = [["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ"], []]
    rows.append(["STT", "Tỉnh, thành phố", "Điểm thẩm định", "Điểm điều tra XHH", "Tổng điểm", "Xếp hạng"])
    rows += [[1, "Quảng Ninh", 58.22, 30.47, 88.69, "06/63"], [2, "Hải Phòng", 58.51, 27.63, 86.14, "08/63"]]
    df = read_workbook(xlsx("par.xlsx", {"PAR INDEX 2023": rows}))
    assert set(df["stage"]) == {"published"}
    assert df.loc[df["component"] == "total", "score"].tolist() == [88.69, 86.14]


# --- a table of several years ----------------------------------------------------------------------------


def test_a_table_of_several_years_reads_each_year_column_at_its_year(xlsx):
    # "GIAI ĐOẠN 2021-2023" with "Năm 2021 … Năm 2023" over "Điểm | Xếp hạng": only the last year was read
    years = [2021, 2022, 2023]
    top = ["STT", "Tên đơn vị", *[f"Năm {y}" for y in years for _ in (0, 1)]]
    sub = [None, None, *["Điểm", "Xếp hạng"] * 3]
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2023"], [], top, sub]
    for i, n in enumerate(QN_DISTRICTS, 1):
        rows.append([i, n, 70 + i, 6 - i, 80 + i, 6 - i, 90 - i, i])
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3"]
    df = read_workbook(xlsx("giai_doan.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    got = df.set_index(["year", "unit"])
    assert sorted(set(df["year"])) == years and len(df) == 15
    assert got.loc[(2021, "Vân Đồn"), "score"] == 71 and got.loc[(2021, "Vân Đồn"), "rank_published"] == 5
    assert got.loc[(2023, "Vân Đồn"), "score"] == 89 and got.loc[(2023, "Vân Đồn"), "rank_published"] == 1
    assert got.loc[(2022, "Đầm Hà"), "source_cell"] == "E9"


def test_a_span_of_years_beside_one_year_in_the_title_is_that_year(xlsx):
    # "… GIAI ĐOẠN 2021-2025 NĂM 2023" is the table of 2023 (the span is the plan's)
    title = ["KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2025 NĂM 2023"]
    rows = [title, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2023}


@pytest.mark.parametrize("header", [["Điểm 2021", "Xếp hạng 2021", "Điểm 2022", "Xếp hạng 2022"]])
def test_flat_year_headers_in_a_table_of_several_years(xlsx, header):
    rows = [["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN NĂM 2021 - 2022"], [], ["STT", "Tên đơn vị", *header]]
    rows += [[i, n, 70 + i, 6 - i, 80 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    by_year = df.groupby("year")["rank_published"].apply(list)
    assert by_year[2021] == [5, 4, 3, 2, 1] and by_year[2022] == [1, 2, 3, 4, 5]


def test_a_sipas_table_of_departments_reads_the_five_elements(xlsx):
    # SIPAS asks the same questions at every level; a department table read only its overall percentage
    elements = [
        "Tiếp cận dịch vụ",
        "Thủ tục hành chính",
        "Sự phục vụ của công chức",
        "Kết quả giải quyết công việc",
    ]
    header = ["STT", "Cơ quan, đơn vị", *elements, "Tiếp nhận, xử lý ý kiến góp ý, phản ánh, kiến nghị"]
    title = ["CHỈ SỐ HÀI LÒNG CỦA NGƯỜI DÂN ĐỐI VỚI SỰ PHỤC VỤ CỦA CÁC CƠ QUAN (SIPAS) NĂM 2020"]
    rows = [title, [], [*header, "Chỉ số hài lòng", "Xếp hạng"]]
    rows += [[1, "Sở Tư pháp", "91,78%", "84,44%", "89,87%", "84,38%", "91,06%", "88,31%", 1]]
    rows += [[2, "Sở Nội vụ", "90,00%", "80,00%", "85,00%", "80,00%", "85,00%", "84,00%", 2]]
    df = read_workbook(xlsx("sipas.xlsx", {"SIPAS": rows}))
    assert set(df["framework"]) == {"sipas-2017"} and set(df["level"]) == {"department"}
    got = df.set_index(["unit", "component"])
    assert got.loc[("Sở Tư pháp", "2"), "score"] == 84.44 and got.loc[("Sở Tư pháp", "2"), "max_score"] == 100
    assert got.loc[("Sở Nội vụ", "total"), "rank_published"] == 2


# --- round five: what the new readings must not catch -------------------------------------------------------


def test_a_span_in_the_file_name_keeps_the_plain_rank_column(xlsx):
    # "KQ_2022-2023.xlsx" with "Điểm năm 2023 | Xếp hạng": the plain rank had no year and was dropped
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN"],
        [],
        ["STT", "Tên đơn vị", "Điểm năm 2023", "Xếp hạng"],
    ]
    rows += [[i, n, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("KQ_2022-2023.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2023} and df["rank_published"].tolist() == [1, 2, 3, 4, 5]


def test_highest_and_lowest_rows_are_summary_rows(xlsx):
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    rows += [[None, "Điểm cao nhất", 89, None], [None, "Thấp nhất", 85, None], [None, "Trung vị", 87, None]]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert len(df) == 5
    assert [why for *_, why in df.attrs["report"]["dropped_rows"]] == ["total/average row"] * 3


@pytest.mark.parametrize(
    ("score", "rank"),
    [("Chỉ số PCI 2022\nPCI 2022", "Xếp hạng 2022\nRank 2022"), ("PCI 2022", "Rank 2022")],
)
def test_pci_headers_with_their_year_in_either_language(xlsx, score, rank):
    # "no score column the reader recognises"; an English "Rank change" column was read as the rank
    rows = [
        ["THE PROVINCIAL COMPETITIVENESS INDEX (PCI) 2022"],
        [],
        ["No.", "Province", score, rank, "Rank change"],
    ]
    rows += [
        [1, "Quảng Ninh", 72.95, 1, "+2"],
        [2, "Hải Phòng", 72.34, 2, "-1"],
        [3, "Long An", 71.8, 3, "0"],
    ]
    df = read_workbook(xlsx("pci.xlsx", {"PCI": rows}))
    assert df["score"].tolist() == [72.95, 72.34, 71.8] and df["rank_published"].tolist() == [1, 2, 3]


def test_appraised_points_over_points_and_percent_beside_the_survey_are_a_part(xlsx):
    # "Điểm thẩm định" over "Điểm đạt | Tỷ lệ (%)" beside "Điểm điều tra XHH": read as a second total
    groups = ["Điểm thẩm định", "Điểm điều tra XHH", "Tổng điểm"]
    top = ["STT", "Tên đơn vị", *[g for g in groups for _ in (0, 1)], "Xếp hạng"]
    sub = [None, None, *["Điểm đạt", "Tỷ lệ (%)"] * 3, None]
    rows = [TITLE_2023, [], top, sub]
    rows += [[i, n, 60 - i, 85, 25, 80, 85 - i, 85, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3", "I3:I4"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    assert set(df["stage"]) == {"published"} and set(df["component"]) == {"total"}
    assert df["score"].tolist() == [84, 83, 82, 81, 80]


def test_a_districts_own_offices_are_departments_kept_as_written(xlsx):
    # "P. Nội vụ" (Phòng) became "Phường Nội vụ"; "Phòng Tư pháp" got level province
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC PHÒNG, BAN NĂM 2023"],
        [],
        ["STT", "Tên đơn vị", "Tổng điểm"],
    ]
    rows += [[1, "P. Nội vụ", 95], [2, "Phòng Tư pháp", 92.5], [3, "Trung tâm Văn hóa - Thể thao", 88]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["unit"].tolist() == ["P. Nội vụ", "Phòng Tư pháp", "Trung tâm Văn hóa - Thể thao"]
    assert df["level"].tolist()[1:] == ["department", "department"]


def test_a_bare_name_of_another_level_in_a_commune_table_is_warned_about(xlsx):
    # "Quảng Yên" in a commune table of unknown province became the district Quảng Yên, with no warning
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2022"], []]
    rows += [["STT", "Tên đơn vị", "Tổng điểm"], [1, "Núi Thắm", 85.5], [2, "Quảng Yên", 84.25]]
    with pytest.warns(InputWarning, match=r"'Quảng Yên' is read as the district Quảng Yên.*lists communes"):
        read_workbook(xlsx("kq.xlsx", {"KQ": rows}))


@pytest.mark.parametrize("heading", ["UBND THỊ XÃ QUẢNG YÊN", "UBND THÀNH PHỐ UÔNG BÍ"])
def test_the_district_heading_a_commune_table_gives_its_province(xlsx, heading):
    # a town's own ranking of its communes, bare names: "Quảng Yên" became the district, "Cộng Hòa" and
    # "Đông Mai" (names several provinces share) were left unknown
    rows = [[heading], ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2022"], []]
    rows += [["STT", "Tên đơn vị", "Tổng điểm"], [1, "Cộng Hòa", 85.5], [2, "Quảng Yên", 84.25]]
    rows += [[3, "Đông Mai", 80]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["unit"].tolist() == ["Phường Cộng Hòa", "Phường Quảng Yên", "Phường Đông Mai"]
    assert set(df["level"]) == {"commune"}


# --- the review of today's readings: hostile cells stay cheap, and what the readings must not catch ---------


@pytest.mark.parametrize(
    "cells",
    [
        {
            "unit": "Huyện Ba Chẽ" + "*" * 40 + "x"
        },  # a run of marks made the name's footnote pattern exponential
        {"header": "Điểm " + "x " * 16000 + "score"},  # each word was tried as the start of a translation
        {"title": "THUỘC TỈNH " + "Ab " * 8000},  # each run of words was tried as a province's name
        {"score": "5" + "*" * 20000 + "x"},
    ],
)
def test_hostile_cells_cost_linear_time(xlsx, cells):
    header = ["STT", "Tên đơn vị", "Tổng điểm", cells.get("header", "Xếp hạng")]
    rows = [[cells.get("title", "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023")], [], header]
    rows += [[1, cells.get("unit", "Huyện Hải Hà"), cells.get("score", 80), 1], [2, "Huyện Tiên Yên", 79, 2]]
    path = xlsx("kq.xlsx", {"KQ": rows})
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        with contextlib.suppress(InputError):  # "5***…x" is no number: refused, quickly
            read_workbook(path)
    assert time.process_time() - start < HANG_SECONDS


def test_a_plan_period_in_the_title_leaves_the_year_of_the_file_name(xlsx):
    # "(Thực hiện Kế hoạch CCHC giai đoạn 2021-2025)" made the table one of 2025
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (Thực hiện Kế hoạch CCHC giai đoạn 2021-2025)"], []]
    rows += [["STT", "Tên đơn vị", "Tổng điểm"], *[[i, n, 90 - i] for i, n in enumerate(QN_DISTRICTS, 1)]]
    df = read_workbook(xlsx("KQ_CCHC_2023.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2023}


@pytest.mark.parametrize("text", ["Tổng (5 đơn vị)", "Cộng I", "Tổng: 5 huyện"])
def test_total_rows_with_a_count_or_a_section_are_dropped(xlsx, text):
    rows = [
        TITLE_2023,
        [],
        ["STT", "Tên đơn vị", "Tổng điểm"],
        *[[i, n, 90 - i] for i, n in enumerate(QN_DISTRICTS, 1)],
    ]
    rows.append([None, text, 435])
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert len(df) == 5 and df.attrs["report"]["dropped_rows"][-1][3] == "total/average row"


def test_a_year_over_a_group_of_columns_names_no_role_for_them(xlsx):
    # "Năm 2023" over "Số phiếu khảo sát | Tổng điểm | Xếp hạng": the survey count was read as the total
    top = ["STT", "Tên đơn vị", "Năm 2023", None, None]
    sub = [None, None, "Số phiếu khảo sát", "Tổng điểm", "Xếp hạng"]
    rows = [TITLE_2023, [], top, sub, *[[i, n, 300 + i, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": ["A3:A4", "B3:B4", "C3:E3"]}))
    assert df["score"].tolist() == [89, 88, 87, 86, 85]


def test_a_tiny_number_in_the_stt_column_is_no_code(xlsx):
    # 0.00001 in the STT column escaped as a ValueError ("invalid literal for int(): '1e-05'")
    above = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows = [*above, SA_HEADER, *SA_ROWS, [0.00001, "Tiêu chí lạ", 1, 1, 1]]
    with pytest.raises(InputError, match=r"row 8 has points but no criterion code"):
        read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))


def test_roman_areas_restart_codes_typed_as_numbers(xlsx):
    # I / 1.1 1.2 / II / 1.1 1.2: the second 1.1 became 1.10 (a number after 1.2 in one run); a Roman area
    # starts a new run
    above = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows = [["I", "Chỉ đạo, điều hành", 2, 2, 2], [1.1, "Kế hoạch", 1, 1, 1], [1.2, "Báo cáo", 1, 1, 1]]
    rows += [
        ["II", "Cải cách thể chế", 2, 1.5, 1.5],
        [1.1, "Ban hành", 1, 1, 1],
        [1.2, "Kiểm tra", 1, 0.5, 0.5],
    ]
    # and a code met twice is refused by name, not by the tidy-table contract's key check
    with pytest.raises(InputError, match=r"criterion code 1.1 appears twice \(rows 6 and 9\)"):
        read_workbook(xlsx("tdg.xlsx", {"TĐG": [*above, SA_HEADER, *rows]}))


def test_hidden_columns_of_other_years_or_stages_are_not_dropped(xlsx):
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Điểm tự đánh giá", "Điểm thẩm định", "Xếp hạng"]]
    rows += [[i, n, 90 - i, 88 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # the hidden column read is warned about
        df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, hidden_columns={"KQ": ["C"]}))
    assert set(df["stage"]) == {"self", "appraised"}


def test_a_table_of_one_row_per_unit_and_year_reads_each_row_at_its_year(xlsx):
    # "STT | Năm | Tên đơn vị | Tổng điểm | Xếp hạng", a database export: refused for having no year, then
    # for naming each unit three times
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN 2021-2023"],
        [],
        ["STT", "Năm", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
    ]
    for year in (2021, 2022, 2023):
        rows += [[i, year, n, year - 1950 + i, 6 - i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    got = df.set_index(["year", "unit"])
    assert sorted(set(df["year"])) == [2021, 2022, 2023] and len(df) == 15
    assert got.loc[(2022, "Hải Hà"), "score"] == 74 and got.loc[(2022, "Hải Hà"), "rank_published"] == 4
    assert got.loc[(2023, "Vân Đồn"), "source_cell"] == "D14"
    with pytest.raises(InputError, match=r"'Năm' column, but row 6 has none"):
        rows[5][1] = None
        read_workbook(xlsx("kq2.xlsx", {"KQ": rows}))


# --- a table of several years: its year column, and each year's criteria set --------------------------------


def test_two_year_columns_read_each_row_at_the_first(xlsx):
    # "Năm" and "Năm đánh giá" side by side: two rules found the year column, one refused the table for
    # having no year (it wanted exactly one), the other read the rows at the first column's years
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN"], []]
    rows.append(["STT", "Năm", "Năm đánh giá", "Tên đơn vị", "Tổng điểm", "Xếp hạng"])
    for year in (2022, 2023):
        rows += [[i, year, year, n, year - 1940 + i, 6 - i] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    got = df.set_index(["year", "unit"])
    assert sorted(set(df["year"])) == [2022, 2023] and len(df) == 10
    assert got.loc[(2023, "Vân Đồn"), "score"] == 84 and got.loc[(2022, "Đầm Hà"), "rank_published"] == 1


def test_a_year_column_the_layout_ignores_leaves_the_title_year(xlsx):
    # a "Năm" column the layout maps to ignore (here a copy of last year's sheet kept its years): the
    # table's year was still taken from it, as the latest of its years, not from the title
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Năm", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 2021 + i % 2, 90 - i, i] for i, n in enumerate(QN_DISTRICTS, 1)]
    path = xlsx("kq.xlsx", {"KQ": rows})
    df = read_workbook(path, columns={"Năm": "ignore"})
    assert set(df["year"]) == {2023} and df["score"].tolist() == [89, 88, 87, 86, 85]
    assert set(read_workbook(path)["year"]) == {2021, 2022}  # without the layout, the column is the year


PAPI_FOUR = {"P01": "Hà Nội", "P14": "Quảng Ninh", "P31": "Thừa Thiên Huế", "P49": "Bà Rịa - Vũng Tàu"}


def papi_totals(year: int) -> pd.Series:
    """Each of four provinces' PAPI total in ``year``: the sum of its sub-dimensions in the real panel."""
    raw = papi_csv(year).set_index("Province").loc[list(PAPI_FOUR)]
    return raw.sum(axis=1).round(4)


def test_a_table_of_years_across_a_change_of_criteria_set_reads_each_year_under_its_own(xlsx):
    # PAPI 2017 (6 dimensions, out of 60) beside 2018 (8 dimensions, out of 80): the table was read under
    # the 2018 set and refused ("papi-2018 covers 2018–nay, not 2017")
    t17, t18 = papi_totals(2017), papi_totals(2018)
    top = ["STT", "Tỉnh, thành phố", "Năm 2017", None, "Năm 2018", None]
    sub = [None, None, "Tổng điểm", "Xếp hạng", "Tổng điểm", "Xếp hạng"]
    rows = [["CHỈ SỐ PAPI CÁC TỈNH GIAI ĐOẠN 2017-2018"], [], top, sub]
    for i, code in enumerate(PAPI_FOUR, 1):
        rows.append([i, PAPI_FOUR[code], t17[code], i, t18[code], 5 - i])
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]
    df = read_workbook(xlsx("papi.xlsx", {"PAPI": rows}, merges={"PAPI": merges}))
    got = df.set_index(["year", "unit"])
    assert set(zip(df["year"], df["framework"], df["max_score"], strict=True)) == {
        (2017, "papi-2011", 60.0),
        (2018, "papi-2018", 80.0),
    }
    assert got.loc[(2017, "Quảng Ninh"), "score"] == t17["P14"]
    assert got.loc[(2018, "Quảng Ninh"), "rank_published"] == 3
    # the same years as one row per province and year
    rows = [["CHỈ SỐ PAPI CÁC TỈNH"], [], ["STT", "Năm", "Tỉnh, thành phố", "Tổng điểm"]]
    for y, totals in ((2017, t17), (2018, t18)):
        rows += [[i, y, PAPI_FOUR[code], totals[code]] for i, code in enumerate(PAPI_FOUR, 1)]
    by_row = read_workbook(xlsx("papi_rows.xlsx", {"PAPI": rows}))
    assert by_row.groupby("year")["framework"].unique().map(list).to_dict() == {
        2017: ["papi-2011"],
        2018: ["papi-2018"],
    }
    assert by_row.groupby("year")["max_score"].max().to_dict() == {2017: 60.0, 2018: 80.0}
    # a criteria set the layout names is the set of every year: a year outside it is refused, by name
    with pytest.raises(InputError, match=r"criteria set papi-2018, which covers 2018–nay, not 2017"):
        read_workbook(xlsx("papi2.xlsx", {"PAPI": rows}), framework="papi-2018")


def test_a_criterion_that_ended_within_the_years_is_read_in_its_year(xlsx):
    # PAPI sub-dimension 5.2 (construction permits) ended in 2020: a 2020-2021 table read its 2020 column
    # against the 2021 set and dropped it ("not in framework papi-2018 for 2021")
    p20, p21 = papi_csv(2020).set_index("Province"), papi_csv(2021).set_index("Province")
    top = ["STT", "Tỉnh, thành phố", "Năm 2020", None, "Năm 2021", None]
    sub = [None, None, "5.1", "5.2", "5.1", "5.3"]
    rows = [["CHỈ SỐ PAPI GIAI ĐOẠN 2020-2021: NỘI DUNG 5"], [], top, sub]
    for i, code in enumerate(PAPI_FOUR, 1):
        rows.append([i, PAPI_FOUR[code], *p20.loc[code, ["SC51", "SC52"]], *p21.loc[code, ["SC51", "SC53"]]])
    df = read_workbook(
        xlsx("papi.xlsx", {"PAPI": rows}, merges={"PAPI": ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]})
    )
    got = df.set_index(["year", "unit", "component"])["score"]
    assert sorted(set(zip(df["year"], df["component"], strict=True))) == [
        (2020, "5.1"),
        (2020, "5.2"),
        (2021, "5.1"),
        (2021, "5.3"),
    ]
    assert got[(2020, "Quảng Ninh", "5.2")] == p20.loc["P14", "SC52"]


def test_a_percentage_of_each_year_is_that_years_total_with_its_rank(xlsx):
    # "Năm 2022 | Năm 2023" over "Tỷ lệ (%) | Xếp hạng", no total score: only 2022 was read, and ranked by
    # 2023's rank column
    top = ["STT", "Tên đơn vị", "Năm 2022", None, "Năm 2023", None]
    sub = [None, None, "Tỷ lệ (%)", "Xếp hạng", "Tỷ lệ (%)", "Xếp hạng"]
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN GIAI ĐOẠN 2022-2023"], [], top, sub]
    rows += [[i, n, f"{80 + i},25%", 6 - i, f"{86 - i},5%", i] for i, n in enumerate(QN_DISTRICTS, 1)]
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    got = df.set_index(["year", "unit"])
    assert sorted(set(df["year"])) == [2022, 2023] and set(df["component"]) == {"total"}
    assert got.loc[(2022, "Vân Đồn"), "score"] == 81.25 and got.loc[(2022, "Vân Đồn"), "rank_published"] == 5
    assert got.loc[(2023, "Vân Đồn"), "score"] == 85.5 and got.loc[(2023, "Vân Đồn"), "rank_published"] == 1


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        *[(2023, 2023), (2023.0, 2023), ("2023", 2023), ("Năm 2023", 2023), (2099.0, 2099), (1950, 1950)],
        *[(2100, None), (2100.0, None), (1949, None), (2023.5, None), ("2022-2023", None), (None, None)],
    ],
)
def test_a_year_cell_gives_the_years_a_title_can_name(cell, year):
    # a number was taken up to 2100 and text only up to 2099 (the years every year pattern spells)
    from cchc_analysis.io.tables import row_year

    assert row_year(cell) == year


def test_a_criteria_set_the_layout_names_must_cover_the_tables_year(xlsx):
    # a layout's papi-2011 over a sheet of 2023: the sheet vanished without a word (its columns matched
    # no criterion of the set's years, so no score column was left to ask the set about)
    sheets = {}
    for y in (2017, 2023):
        rows = [[f"CHỈ SỐ PAPI CÁC TỈNH NĂM {y}"], [], ["STT", "Tỉnh, thành phố", "1", "2", "3"]]
        rows += [[i, name, 5.1, 5.2, 5.3] for i, name in enumerate(PAPI_FOUR.values(), 1)]
        sheets[str(y)] = rows
    path = xlsx("papi.xlsx", sheets)
    with pytest.raises(InputError, match=r"sheet '2023'.*papi-2011, which covers 2011–2017, not 2023"):
        read_workbook(path, framework="papi-2011")


def test_a_year_of_an_earlier_criteria_set_is_matched_by_that_set(xlsx):
    # SIPAS 2021 (five elements, sipas-2017) beside 2022 (three aspects): the 2021 columns were matched
    # against the 2022 set only, so elements 4 and 5 were not read and then listed as missing
    top = ["STT", "Tỉnh, thành phố", "Năm 2021", None, None, None, None, None, "Năm 2022", None, None, None]
    sub = [None, None, "1", "2", "3", "4", "5", "Tỷ lệ (%)", "1", "2", "3", "Tỷ lệ (%)"]
    rows = [["CHỈ SỐ HÀI LÒNG (SIPAS) CÁC TỈNH GIAI ĐOẠN 2021-2022"], [], top, sub]
    for i, name in enumerate(PAPI_FOUR.values(), 1):
        rows.append([i, name, 80 + i, 81, 82, 83, 84, 82 + i, 70 + i, 71, 72, 71 + i])
    merges = ["A3:A4", "B3:B4", "C3:H3", "I3:L3"]
    df = read_workbook(xlsx("sipas.xlsx", {"S": rows}, merges={"S": merges}))
    got = df.groupby(["year", "framework"])["component"].apply(lambda s: sorted(set(s))).to_dict()
    assert got == {
        (2021, "sipas-2017"): ["1", "2", "3", "4", "5", "total"],
        (2022, "sipas-2022"): ["1", "2", "3", "total"],
    }
    report = df.attrs["report"]
    assert report["missing_components"] == [] and report["extra_columns"] == []


def test_each_years_rank_goes_to_that_years_final_stage(xlsx):
    # 2022 "Tổng điểm | Xếp hạng" beside 2023 "Điểm tự đánh giá | Điểm thẩm định | Xếp hạng": the stage
    # ranked was chosen per component over all years (published, 2022's), so 2023's ranks were dropped
    top = ["STT", "Tên đơn vị", "Năm 2022", None, "Năm 2023", None, None]
    sub = [None, None, "Tổng điểm", "Xếp hạng", "Điểm tự đánh giá", "Điểm thẩm định", "Xếp hạng"]
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN GIAI ĐOẠN 2022-2023"], [], top, sub]
    rows += [[i, n, 80 + i, 6 - i, 90 + i, 85 + i, 6 - i] for i, n in enumerate(QN_DISTRICTS, 1)]
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:G3"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}))
    ranks = df.groupby(["year", "stage"])["rank_published"].apply(list).to_dict()
    assert ranks[(2022, "published")] == [5, 4, 3, 2, 1]
    assert ranks[(2023, "appraised")] == [5, 4, 3, 2, 1]
    assert ranks[(2023, "self")] == [pd.NA] * 5


def test_a_span_over_fewer_years_is_read_at_the_years_the_header_names(xlsx):
    # "GIAI ĐOẠN 2021-2025" over "Năm 2021 | Năm 2022": the table's year was 2025, so the provinces were
    # checked against the 34 of July 2025 and put in the peer group "34 tỉnh, thành phố"
    top = ["STT", "Tỉnh, thành phố", "Năm 2021", None, "Năm 2022", None]
    sub = [None, None, "Tổng điểm", "Xếp hạng", "Tổng điểm", "Xếp hạng"]
    t21, t22 = papi_totals(2021), papi_totals(2022)
    rows = [["CHỈ SỐ PAPI CÁC TỈNH GIAI ĐOẠN 2021-2025"], [], top, sub]
    rows += [[i, PAPI_FOUR[c], t21[c], i, t22[c], 5 - i] for i, c in enumerate(PAPI_FOUR, 1)]
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # no "unit of before July 2025" warning
        df = read_workbook(xlsx("papi.xlsx", {"S": rows}, merges={"S": merges}))
    assert sorted(set(df["year"])) == [2021, 2022]
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"} and set(df["framework"]) == {"papi-2018"}


def test_a_table_of_one_row_per_year_lists_each_column_it_does_not_read_once(xlsx):
    rows = [["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN"], []]
    rows.append(["STT", "Năm", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Người tổng hợp"])
    for year in (2022, 2023):
        rows += [[i, year, n, year - 1940 + i, 6 - i, "Phòng Nội vụ"] for i, n in enumerate(QN_DISTRICTS, 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df.attrs["report"]["extra_columns"] == ["KQ!F3 'Người tổng hợp'"]


def test_a_year_with_a_criteria_set_keeps_it_beside_a_year_without_one(xlsx):
    # PAR INDEX 2023 (876/QĐ-BNV, par-tinh-2022) beside 2024, whose set is not known: the table's set was
    # looked up for its last year only, so 2023 was read without its set too (no maxima)
    provinces = ["Hà Nội", "Quảng Ninh", "Thừa Thiên Huế", "Đà Nẵng"]
    rows = [["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC TỈNH, THÀNH PHỐ"], []]
    rows.append(["STT", "Năm", "Tỉnh, thành phố", "Tổng điểm", "Xếp hạng"])
    for year in (2023, 2024):
        rows += [[i, year, name, 80.5 + i, i] for i, name in enumerate(provinces, 1)]
    df = read_workbook(xlsx("par.xlsx", {"S": rows}), index="PAR")
    got = df.groupby("year").agg(framework=("framework", "first"), max_score=("max_score", "first"))
    assert got.loc[2023].tolist() == ["par-tinh-2022", 100.0]
    assert got.loc[2024, "framework"] == "none" and np.isnan(got.loc[2024, "max_score"])


# --- shapes of published tables a probe of real results pages found read wrong ------------------------------


def test_two_tables_side_by_side_are_read_each_on_its_own(xlsx):
    # Quảng Bình 2022 (stttt.quangbinh.gov.vn): departments left, districts right, one header row. The
    # districts took the departments' scores from column C, and the departments were lost
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 TỈNH QUẢNG BÌNH"],
        [
            "STT",
            "Sở, ban, ngành",
            "Điểm",
            "Xếp hạng",
            None,
            "STT",
            "Huyện, thị xã, thành phố",
            "Điểm",
            "Xếp hạng",
        ],
        [1, "Sở Thông tin và Truyền thông", "95,73", 1, None, 1, "Lệ Thủy", "88,94", 1],
        [2, "Văn phòng UBND tỉnh", "95,43", 2, None, 2, "Quảng Ninh", "88,58", 2],
    ]
    df = read_workbook(xlsx("qb.xlsx", {"KQ": rows}), index="PAR")
    got = df.set_index("unit")
    assert got.loc["Lệ Thủy", "score"] == 88.94 and got.loc["Lệ Thủy", "source_cell"] == "H3"
    assert (
        got.loc["Quảng Ninh", "score"] == 88.58 and got.loc["Quảng Ninh", "unit_code"] == "456"
    )  # the district
    assert got.loc["Sở Thông tin và Truyền thông", "score"] == 95.73
    assert got.loc["Sở Thông tin và Truyền thông", "peer_group"] == "Sở, ban, ngành"
    assert got.loc["Lệ Thủy", "peer_group"] == "Huyện, thị xã, thành phố"
    assert got.loc["Lệ Thủy", "unit_code"] == "457"  # Quảng Bình's Lệ Thủy, the title's province
    assert any("2 tables side by side (columns A–E, F–I)" in n for n in df.attrs["report"]["notes"])


def test_bands_of_one_ranking_are_not_peer_groups(xlsx):
    # PAR INDEX 2023 printed in bands ("NHÓM A: Chỉ số từ 90% trở lên"): Thừa Thiên Huế was put in a peer
    # group "NHÓM B" holding rank 8 of 1
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ"],
        ["STT", "Tỉnh, thành phố", "Chỉ số CCHC (%)", "Xếp hạng"],
        ["NHÓM A: Chỉ số từ 90% trở lên"],
        [1, "Quảng Ninh", "92,18", 1],
        [2, "Hải Phòng", "91,87", 2],
        ["NHÓM B: Chỉ số từ 80% đến dưới 90%"],
        [8, "Thừa Thiên Huế", "89,10", 8],
    ]
    df = read_workbook(xlsx("par.xlsx", {"PAR": rows}))
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"} and df["rank_published"].tolist() == [1, 2, 8]
    assert any("bands of one ranking" in n for n in df.attrs["report"]["notes"])
    # blocs that each rank from 1 stay peer groups
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021 TỈNH KHÁNH HÒA"],
        ["STT", "Cơ quan, đơn vị, địa phương", "Tổng điểm", "Xếp hạng"],
        ["A", "CÁC SỞ, BAN, NGÀNH"],
        [1, "Sở Tư pháp", "90,35", 1],
        [2, "Sở Xây dựng", "79,55", 2],
        ["B", "UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"],
        [1, "UBND thành phố Nha Trang", "87,50", 1],
        [2, "UBND thị xã Ninh Hòa", "85,80", 2],
    ]
    df = read_workbook(xlsx("kh.xlsx", {"KQ": rows}), index="PAR")
    groups = df.set_index("unit")["peer_group"]
    # the B row (a letter in the STT column, a text not starting "Các") was dropped as text without numbers,
    # so the districts joined the departments' group
    assert groups["Sở Tư pháp"] == "Các sở, ban, ngành"
    assert groups["Nha Trang"] == groups["Ninh Hòa"] == "UBND các huyện, thị xã, thành phố"


def test_a_section_row_that_reads_as_a_header_is_a_section_row(xlsx):
    # "A | SỞ, BAN, NGÀNH" was taken for a second header row, and the sheet refused ("no unit rows below")
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021 TỈNH KHÁNH HÒA"],
        ["STT", "Cơ quan, đơn vị, địa phương", "Tổng điểm", "Xếp hạng"],
        ["A", "SỞ, BAN, NGÀNH"],
        [1, "Sở Tư pháp", "90,35", 1],
        [2, "Sở Xây dựng", "79,55", 2],
        ["B", "CẤP HUYỆN"],
        [1, "UBND thành phố Nha Trang", "87,50", 1],
        [2, "UBND thị xã Ninh Hòa", "85,80", 2],
    ]
    df = read_workbook(xlsx("kh.xlsx", {"KQ": rows}), index="PAR")
    assert df.set_index("unit")["peer_group"].to_dict() == {
        "Sở Tư pháp": "Sở, ban, ngành",
        "Sở Xây dựng": "Sở, ban, ngành",
        "Nha Trang": "Cấp huyện",
        "Ninh Hòa": "Cấp huyện",
    }


def test_a_unit_name_merged_across_two_columns_is_one_unit_column(xlsx):
    # a table pasted from Word: "Tên đơn vị" and each name merged over B:C. The copy in C made B the
    # name's "parent", so no district resolved; with only the header merged, the sheet was refused
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 CÁC HUYỆN TỈNH QUẢNG BÌNH"],
        ["STT", "Tên đơn vị", None, "Tổng điểm", "Xếp hạng"],
        [1, "Huyện Lệ Thủy", None, "88,94", 1],
        [2, "Huyện Quảng Ninh", None, "88,58", 2],
        [3, "Huyện Tuyên Hóa", None, "88,08", 3],
    ]
    for merges in (["B2:C2", "B3:C3", "B4:C4", "B5:C5"], ["B2:C2"]):
        df = read_workbook(xlsx("qb.xlsx", {"KQ": rows}, merges={"KQ": merges}))
        assert df["unit_code"].tolist() == ["457", "456", "453"]
        assert df["score"].tolist() == [88.94, 88.58, 88.08]


def test_a_type_word_in_a_data_row_does_not_start_a_new_table(xlsx):
    # a "Loại" column ("Tỉnh" / "Thành phố"): the row of Quảng Ninh, "Tỉnh" among its numbers, was taken
    # for a header, and Quảng Ninh was lost
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["STT", "Loại", "Tỉnh, thành phố", "Chỉ số CCHC (%)", "Xếp hạng"],
        [1, "Thành phố", "Đà Nẵng", 87.12, 5],
        [2, "Tỉnh", "Quảng Ninh", 92.18, 1],
    ]
    df = read_workbook(xlsx("par.xlsx", {"PAR": rows}))
    assert df.set_index("unit")["score"].to_dict() == {"Đà Nẵng": 87.12, "Quảng Ninh": 92.18}


def test_a_title_naming_no_year_over_columns_of_years_reads_each_year(xlsx):
    # "… QUA CÁC NĂM" over "Năm 2021 | Năm 2022": refused, asking for year=2022 (which would drop 2021)
    top = ["STT", "Tên đơn vị", "Năm 2021", None, "Năm 2022", None]
    sub = [None, None, "Điểm", "Xếp hạng", "Điểm", "Xếp hạng"]
    rows = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN QUA CÁC NĂM"], [], top, sub]
    rows += [[1, "Huyện Vân Đồn", 80, 2, 85, 1], [2, "Huyện Đầm Hà", 82, 1, 83, 2]]
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}), index="PAR")
    got = df.set_index(["year", "unit"])
    assert got.loc[(2021, "Vân Đồn"), "score"] == 80 and got.loc[(2022, "Vân Đồn"), "rank_published"] == 1


def test_a_table_of_ministries_is_read_at_the_ministry_level(xlsx):
    # MOHA's PAR INDEX of ministries (Bộ Tư pháp 89,95% in 2023): the header "Bộ, cơ quan ngang bộ" named no
    # unit column, and under "Tên đơn vị" the ministries were taken for provinces, each with a warning
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC BỘ, CƠ QUAN NGANG BỘ"],
        ["STT", "Bộ, cơ quan ngang bộ", "Chỉ số CCHC (%)", "Xếp hạng"],
        [1, "Ngân hàng Nhà nước Việt Nam", "91,86", 1],
        [2, "Bộ Tư pháp", "89,95", 2],
        [3, "Bộ Tài chính", "88,99", 3],
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("bo.xlsx", {"PAR": rows}))
    assert set(df["level"]) == {"ministry"} and df["score"].tolist() == [91.86, 89.95, 88.99]
    assert df["peer_group"].nunique() == 1
    # the ministry-level agencies whose names a province's departments also start with
    rows[1][1] = "Tên đơn vị"
    rows.append([4, "Thanh tra Chính phủ", "86,10", 4])
    df = read_workbook(xlsx("bo2.xlsx", {"PAR": rows}))
    assert set(df["level"]) == {"ministry"}
    # … and a province's "Bộ Chỉ huy Quân sự tỉnh" is still one of its departments
    from cchc_analysis.io.reader import _infer_level

    assert _infer_level("Bộ Chỉ huy Quân sự tỉnh", None, None) == "department"
    assert _infer_level("Bộ Nội vụ", None, None) == "ministry"


def test_sub_indices_named_in_words_one_column_each_are_read_in_header_order(xlsx):
    # DDCI Hải Phòng 2023's sub-indices, one column each beside the total: only the total was read, the
    # sub-indices listed as columns left out. (Sub-index names as DDCI names them; numbers made up.)
    header = ["STT", "Tên cơ quan", "Tính minh bạch và tiếp cận thông tin", "Chi phí thời gian"]
    header += ["Vai trò người đứng đầu", "Số phiếu khảo sát", "Điểm DDCI 2023", "Xếp hạng", "Xếp loại"]
    rows = [["KẾT QUẢ CHỈ SỐ DDCI THÀNH PHỐ HẢI PHÒNG NĂM 2023"], header]
    rows += [[1, "Sở Tài chính", "7,10", "7,50", "8,00", 120, "78,50", 2, "Tốt"]]
    rows += [[2, "Sở Tư pháp", "7,60", "7,90", "8,20", 95, "80,10", 1, "Tốt"]]
    df = read_workbook(xlsx("ddci.xlsx", {"DDCI": rows}))
    got = df.set_index(["unit", "component"])
    assert sorted(set(df["component"])) == ["1", "2", "3", "total"]
    assert got.loc[("Sở Tư pháp", "2"), "component_name"] == "Chi phí thời gian"
    assert (
        got.loc[("Sở Tư pháp", "2"), "score"] == 7.9 and got.loc[("Sở Tư pháp", "2"), "source_cell"] == "D4"
    )
    # a count and a grade stay columns left out, with a note naming the areas read
    assert df.attrs["report"]["extra_columns"] == ["DDCI!F2 'Số phiếu khảo sát'", "DDCI!I2 'Xếp loại'"]
    assert any("1 'Tính minh bạch và tiếp cận thông tin'" in n for n in df.attrs["report"]["notes"])
    # one such column alone is no set of areas: left out, as before
    single = [[*r[:3], *r[6:8]] for r in rows[1:]]
    df = read_workbook(xlsx("ddci1.xlsx", {"DDCI": [rows[0], *single]}))
    assert set(df["component"]) == {"total"}


# --- the review of those shapes: what they must not catch ---------------------------------------------------


def test_a_second_numbering_column_within_one_table_is_no_second_table(xlsx):
    # "STT | Huyện … | TT | Xã …": the communes numbered within each district. Taken for two tables side
    # by side, the district half was refused for naming Lệ Thủy twice
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 CẤP XÃ TỈNH QUẢNG BÌNH"],
        ["STT", "Huyện, thị xã, thành phố", "TT", "Xã, phường, thị trấn", "Tổng điểm", "Xếp hạng"],
        [1, "Huyện Lệ Thủy", 1, "Xã Sen Thủy", "85,5", 1],
        [None, None, 2, "Xã Ngư Thủy", "80,1", 2],
        [2, "Huyện Quảng Ninh", 1, "Xã Hải Ninh", "88,0", 1],
        [None, None, 2, "Xã Võ Ninh", "79,0", 2],
    ]
    merges = ["A3:A4", "B3:B4", "A5:A6", "B5:B6"]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": merges}), index="PAR")
    assert df["score"].tolist() == [85.5, 80.1, 88.0, 79.0] and df["source_cell"].tolist()[0] == "E3"
    assert not any("side by side" in n for n in df.attrs["report"]["notes"])
    # the district column is each commune's district, not its province: every commune resolves
    assert df["unit_code"].tolist() == ["19312", "19306", "19216", "19213"]
    # each district's communes ranked from 1: each district is a peer group of its own, named after it
    assert df["peer_group"].tolist() == ["Huyện Lệ Thủy"] * 2 + ["Huyện Quảng Ninh"] * 2
    assert df.attrs["report"]["warnings"] == []
    assert any(
        "start again from 1 at each of 'Huyện Lệ Thủy', 'Huyện Quảng Ninh'" in n
        for n in (df.attrs["report"]["notes"])
    )
    # ranked across the districts (1 … 4), or a district's communes listed apart: one ranking as printed
    for ranks, districts in (((2, 3, 1, 4), None), ((1, 2, 1, 2), ("Huyện Lệ Thủy", "Huyện Quảng Ninh") * 2)):
        again = [row[:] for row in rows]
        for r, rank in zip(range(2, 6), ranks, strict=True):
            again[r][5] = rank
            if districts:
                again[r][1] = districts[r - 2]
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            df = read_workbook(xlsx("kq2.xlsx", {"KQ": again}, merges={"KQ": [] if districts else merges}))
        assert set(df["peer_group"]) == {"Tất cả đơn vị"}, ranks
        restart = [str(w.message) for w in seen if "start again from 1" in str(w.message)]
        assert len(restart) == bool(districts)  # (listed apart, "1, 2, 1, 2": the restart is warned about)


def test_a_unit_header_merged_over_a_district_and_its_communes_reads_the_communes(xlsx):
    # "Đơn vị" merged over B:C, districts in B and communes in C: C was ignored as a copy of B, and the
    # communes' scores were credited to the districts
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 CẤP XÃ TỈNH QUẢNG BÌNH"],
        ["STT", "Đơn vị", None, "Tổng điểm", "Xếp hạng"],
        [1, "Huyện Lệ Thủy", "Xã Sen Thủy", "85,5", 2],
        [2, "Huyện Lệ Thủy", "Xã Ngư Thủy", "80,1", 3],
        [3, "Huyện Quảng Ninh", "Xã Hải Ninh", "88,0", 1],
    ]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}, merges={"KQ": ["B2:C2"]}), index="PAR")
    assert df["unit"].tolist() == ["Xã Sen Thủy", "Xã Ngư Thủy", "Xã Hải Ninh"]


def test_plain_columns_beside_columns_of_named_years_still_need_a_year(xlsx):
    # no year in the title or file name, "Tổng điểm | Xếp hạng | Xếp hạng năm 2022 | Xếp hạng năm 2021":
    # the plain columns were filed as 2022, beside 2022's rank. Their year is written nowhere: refused
    rows = [
        ["KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN TỈNH QUẢNG BÌNH"],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Xếp hạng năm 2022", "Xếp hạng năm 2021"],
        [1, "Huyện Lệ Thủy", "91,5", 1, 3, 2],
        [2, "Huyện Quảng Ninh", "90,1", 2, 1, 3],
    ]
    with pytest.raises(InputError, match="cannot tell which year"):
        read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")


def test_a_small_letter_in_the_stt_column_is_no_section(xlsx):
    # "a | Ban Quản lý … (không đánh giá)": the units after it were put in a peer group of that name
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CÁC SỞ, BAN, NGÀNH TỈNH QUẢNG BÌNH"],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
        [1, "Sở Nội vụ", "91,5", 1],
        ["a", "Ban Quản lý Khu kinh tế (không đánh giá, mới sáp nhập)"],
        [2, "Sở Y tế", "88,0", 2],
    ]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df["peer_group"].nunique() == 1


def test_side_by_side_tables_take_the_bloc_over_each(xlsx):
    # "KHỐI SỞ, BAN, NGÀNH" over the left table and "KHỐI HUYỆN, …" over the right, both headed "Tên đơn
    # vị": both were put in the first bloc
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 TỈNH QUẢNG BÌNH"],
        ["KHỐI SỞ, BAN, NGÀNH", None, None, None, None, "KHỐI HUYỆN, THỊ XÃ, THÀNH PHỐ"],
        ["STT", "Tên đơn vị", "Điểm", "Xếp hạng", None, "STT", "Tên đơn vị", "Điểm", "Xếp hạng"],
        [1, "Sở Thông tin và Truyền thông", "95,73", 1, None, 1, "Lệ Thủy", "88,94", 1],
        [2, "Văn phòng UBND tỉnh", "95,43", 2, None, 2, "Quảng Ninh", "88,58", 2],
    ]
    df = read_workbook(xlsx("qb.xlsx", {"KQ": rows}, merges={"KQ": ["A2:D2", "F2:I2"]}), index="PAR")
    groups = df.set_index("unit")["peer_group"]
    assert groups["Văn phòng UBND tỉnh"] == "Khối sở, ban, ngành"
    assert groups["Lệ Thủy"] == "Khối huyện, thị xã, thành phố"
    # one ranking printed in two halves, headed alike, is one peer group
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CÁC TỈNH, THÀNH PHỐ"],
        [
            "STT",
            "Tỉnh, thành phố",
            "Chỉ số (%)",
            "Xếp hạng",
            None,
            "STT",
            "Tỉnh, thành phố",
            "Chỉ số (%)",
            "Xếp hạng",
        ],
        [1, "Quảng Ninh", "92,18", 1, None, 3, "Hà Nội", "89,00", 3],
        [2, "Hải Phòng", "91,87", 2, None, 4, "Đà Nẵng", "88,00", 4],
    ]
    df = read_workbook(xlsx("par.xlsx", {"PAR": rows}))
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"} and len(df) == 4


def test_bands_within_a_sheet_of_one_bloc_keep_the_bloc(xlsx):
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 TỈNH QUẢNG BÌNH - KHỐI HUYỆN"],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
        ["NHÓM A: Xuất sắc (từ 90 điểm trở lên)"],
        [1, "Huyện Lệ Thủy", "91,5", 1],
        [2, "Huyện Quảng Ninh", "90,1", 2],
        ["NHÓM B: Tốt (từ 80 đến dưới 90 điểm)"],
        [3, "Huyện Tuyên Hóa", "88,0", 3],
    ]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert set(df["peer_group"]) == {"Khối huyện"}


def test_a_section_row_merged_across_and_a_text_stt_are_read(xlsx):
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021 TỈNH KHÁNH HÒA"],
        ["STT", "Cơ quan, đơn vị, địa phương", "Tổng điểm", "Xếp hạng"],
        ["A", "SỞ, BAN, NGÀNH"],
        [1, "Sở Tư pháp", "90,35", 1],
        ["B", "CẤP HUYỆN"],
        [1, "UBND thành phố Nha Trang", "87,50", 1],
    ]
    df = read_workbook(xlsx("kh.xlsx", {"KQ": rows}, merges={"KQ": ["B3:D3", "B5:D5"]}), index="PAR")
    assert df.set_index("unit")["peer_group"].to_dict() == {
        "Sở Tư pháp": "Sở, ban, ngành",
        "Nha Trang": "Cấp huyện",
    }
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["STT", "Loại", "Tỉnh, thành phố", "Chỉ số CCHC (%)", "Xếp hạng"],
        ["01", "Thành phố", "Đà Nẵng", 87.12, 5],
        ["02", "Tỉnh", "Quảng Ninh", 92.18, 1],
    ]
    df = read_workbook(xlsx("par.xlsx", {"PAR": rows}))
    assert df["unit"].tolist() == ["Đà Nẵng", "Quảng Ninh"]


def test_parts_headed_alike_that_each_rank_from_one_are_peer_groups_of_their_own(xlsx):
    # both parts headed "Tên đơn vị", departments left and districts right, each ranked from 1: they
    # were pooled in one peer group with rank 1 twice
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 TỈNH QUẢNG BÌNH"],
        ["STT", "Tên đơn vị", "Điểm", "Xếp hạng", None, "STT", "Tên đơn vị", "Điểm", "Xếp hạng"],
        [1, "Sở Thông tin và Truyền thông", "95,73", 1, None, 1, "Lệ Thủy", "88,94", 1],
        [2, "Văn phòng UBND tỉnh", "95,43", 2, None, 2, "Quảng Ninh", "88,58", "02"],
    ]
    df = read_workbook(xlsx("qb.xlsx", {"KQ": rows}), index="PAR")
    groups = df.set_index("unit")["peer_group"]
    assert groups["Văn phòng UBND tỉnh"] == "Tên đơn vị (cột A–E)"
    assert groups["Quảng Ninh"] == "Tên đơn vị (cột F–I)"


# --- codes and ranks Excel turned into dates ------------------------------------------------------------


def _date_self_assessment(code_cell: object, before: list[list[object]] | None = None) -> list[list[object]]:
    above = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows = [["1", "Công tác chỉ đạo, điều hành", 10, 9.5, 9.0]]
    rows += before or [[f"1.{k}", f"Kế hoạch {k}", 1, 1, 1] for k in range(1, 10)]
    rows += [[code_cell, "Kiểm tra cải cách hành chính", 1, 0.5, 0]]
    rows += [["2", "Cải cách thể chế", 2, 2, 2], ["2.1", "Ban hành văn bản", 2, 2, 2]]
    return [*above, SA_HEADER, *rows]


@pytest.mark.parametrize(
    "typed",
    [datetime.datetime(2023, 10, 1), datetime.datetime(2023, 1, 10)],
    ids=["day-first", "month-first"],
)
def test_a_criterion_code_excel_turned_into_a_date_is_read_back_from_the_codes_around_it(xlsx, typed):
    # "1.10" typed into the STT column became 1 October (or 10 January where the month comes first):
    # the row was read as area 10, from the "10" its name does not even hold, and area 1 lost a tenth
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": _date_self_assessment(typed)}))
    got = df[df["stage"] == "self"].set_index("component")["score"]
    assert got["1.10"] == 0.5 and "10" not in got.index
    assert df.attrs["report"]["warnings"] == []  # area 1 adds up again: 9 + 0.5
    assert any(
        f"A15 holds the date {typed:%d/%m/%Y}; read as code 1.10" in n for n in df.attrs["report"]["notes"]
    )


def test_a_three_part_code_excel_turned_into_a_date_keeps_its_third_part(xlsx):
    # "1.2.2" became 1 February 2002 (d.m.yy), after 1.2.1
    before = [["1.1", "Kế hoạch", 8.5, 8.5, 8.5], ["1.2", "Kiểm tra", 1, 1, 1]]
    before += [["1.2.1", "Kiểm tra các sở", 0.5, 0.5, 0.5]]
    rows = _date_self_assessment(datetime.datetime(2002, 2, 1), before)
    rows[-3][2:] = [0.5, 0.5, 0.5]
    rows[4][2:] = [10, 9.5, 9.5]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # area 1 and criterion 1.2 add up
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    got = df[df["stage"] == "self"].set_index("component")["score"]
    assert got["1.2.2"] == 0.5 and got["1.2"] == 1


def test_a_date_in_the_code_column_the_codes_around_do_not_place_is_refused(xlsx):
    # 5 March after 1.9: neither 5.3 nor 3.5 continues 1.9, and before 2 nothing but 1.10 would fit
    with pytest.raises(InputError) as err:
        read_workbook(xlsx("tdg.xlsx", {"TĐG": _date_self_assessment(datetime.datetime(2023, 3, 5))}))
    assert err.value.cell == "A15" and "05/03/2023" in str(err.value)
    assert "Text" in err.value.hint


def test_a_header_code_excel_turned_into_a_date_is_read_as_its_column(xlsx):
    header = ["STT", "Tên đơn vị", "1.8", "1.9", datetime.datetime(2023, 10, 1), "Tổng điểm", "Xếp hạng"]
    rows = [TITLE_2023, [], header]
    rows += [[i, n, 1, 1, 0.5 * i, 50 - i, i] for i, n in enumerate(QN_DISTRICTS[:3], 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    got = df[df["component"] == "1.10"].set_index("unit")["score"]
    assert got.to_dict() == {"Vân Đồn": 0.5, "Hải Hà": 1.0, "Tiên Yên": 1.5}
    assert df.attrs["report"]["extra_columns"] == []
    # a date that continues no code stays a column left out, named as Excel shows it
    rows[2][4] = datetime.datetime(2023, 3, 5)
    df = read_workbook(xlsx("kq2.xlsx", {"KQ": rows}), index="PAR")
    assert df.attrs["report"]["extra_columns"] == ["KQ!E3 '05/03/2023'"]


@pytest.mark.parametrize(
    ("cells", "ranks"),
    [
        # day first: 1 March, 2 March; "03/03" typed as text
        ([datetime.datetime(2023, 3, 1), datetime.datetime(2023, 3, 2), "03/03"], [1, 2, 3]),
        # month first (1/3 became 3 January): 3/1 would put rank 3 above 1
        (
            [datetime.datetime(2023, 1, 3), datetime.datetime(2023, 2, 3), datetime.datetime(2023, 3, 3)],
            [1, 2, 3],
        ),
        # 12 February: "2/12" read day first (12 of 2) is no rank; the text cells write 12
        ([datetime.datetime(2023, 2, 12), "1/12", "3/12"], [2, 1, 3]),
    ],
    ids=["day-first", "month-first", "out-of-decides"],
)
def test_ranks_excel_turned_into_dates_are_read_back(xlsx, cells, ranks):
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[i, n, 50 - i, cell] for i, (n, cell) in enumerate(zip(QN_DISTRICTS, cells, strict=False), 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df["rank_published"].tolist() == ranks
    assert any("Excel had turned into dates read back" in n for n in df.attrs["report"]["notes"])


def test_ranks_turned_into_dates_that_read_as_ranks_neither_way_are_refused(xlsx):
    # 2 March and 5 April: day first 2/3 but 5/4, month first 3/2: no reading makes them ranks
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[1, QN_DISTRICTS[0], 50, datetime.datetime(2023, 3, 2)], [2, QN_DISTRICTS[1], 49, 2]]
    rows += [[3, QN_DISTRICTS[2], 48, datetime.datetime(2023, 4, 5)]]
    with pytest.raises(InputError) as err:
        read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert err.value.cell == "D4" and "02/03/2023" in str(err.value)
    assert "Text" in err.value.hint


def test_a_score_excel_turned_into_a_date_is_refused_as_a_reader_sees_it(xlsx):
    rows = [TITLE_2023, [], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    rows += [[1, QN_DISTRICTS[0], datetime.datetime(2023, 5, 1), 1], [2, QN_DISTRICTS[1], 49.5, 2]]
    with pytest.raises(InputError) as err:
        read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert err.value.cell == "C4" and "the date 01/05/2023, not a number" in str(err.value)
    assert "datetime" not in str(err.value)


def test_a_run_of_codes_excel_turned_into_dates_is_placed_one_by_one(xlsx):
    # every code 1.1 … 1.12 became a date (1.13 cannot: there is no 13th month); each was compared with
    # 1.13, two steps away or more, and refused
    rows = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows += [SA_HEADER, ["1", "Công tác chỉ đạo, điều hành", 13, 13, 13]]
    rows += [[datetime.datetime(2023, k, 1), f"Nội dung {k}", 1, 1, 1] for k in range(1, 13)]
    rows += [
        ["1.13", "Nội dung 13", 1, 1, 1],
        ["2", "Cải cách thể chế", 2, 2, 2],
        ["2.1", "Ban hành", 2, 2, 2],
    ]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    codes = sorted(set(df["component"]) - {"total"}, key=lambda c: tuple(map(int, c.split("."))))
    assert codes == ["1", *[f"1.{k}" for k in range(1, 14)], "2", "2.1"]
    header = ["STT", "Tên đơn vị", "1.1", datetime.datetime(2023, 2, 1), datetime.datetime(2023, 3, 1), "1.4"]
    rows = [TITLE_2023, [], [*header, "Tổng điểm"]]
    rows += [[i, n, 1, 2, 3, 4, 10] for i, n in enumerate(QN_DISTRICTS[:2], 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df[df["component"].isin(["1.2", "1.3"])].groupby("component")["score"].first().to_dict() == {
        "1.2": 2,
        "1.3": 3,
    }


def test_dates_that_are_no_codes_stay_what_they_are(xlsx):
    # a date in the signature block under a self-assessment (after 2.1 and the total) became criterion
    # 3.1; a date column after "Xếp hạng" became component 9.1, its numbers read as scores; a header
    # "Cập nhật" over 1 April after the areas 1, 2, 3 became 4.1
    base = [["1", "Công tác chỉ đạo", 2, 2, 2], ["1.1", "Kế hoạch", 1, 1, 1], ["1.2", "Báo cáo", 1, 1, 1]]
    base += [["2", "Cải cách thể chế", 1, 1, 1], ["2.1", "Ban hành", 1, 1, 1]]
    above = [["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"], ["Đơn vị: UBND huyện Tiên Yên"], []]
    rows = [*above, SA_HEADER, *base, [None, "Tổng điểm", 3, 3, 3], []]
    rows += [[datetime.datetime(2024, 3, 1), "Tiên Yên, ngày ký"], [None, "CHỦ TỊCH"]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert set(df["component"]) == {"1", "1.1", "1.2", "2", "2.1", "total"}
    header = ["STT", "Tên đơn vị", *[f"Lĩnh vực {k}" for k in range(1, 4)], "Tổng điểm", "Xếp hạng"]
    rows = [TITLE_2023, [], [*header, datetime.datetime(2024, 1, 9)]]
    rows += [[i, n, 1.0 * i, 2.0, 3.0, 3.0 + 2 + i, i, 5.0] for i, n in enumerate(QN_DISTRICTS[:3], 1)]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert set(df["component"]) == {"1", "2", "3", "total"}
    assert df.attrs["report"]["extra_columns"] == ["KQ!H3 '09/01/2024'"]
    top = ["STT", "Tên đơn vị", None, None, None, "Cập nhật", "Tổng điểm"]
    sub = [None, None, "1", "2", "3", datetime.datetime(2023, 4, 1), None]
    rows = [TITLE_2023, [], top, sub]
    rows += [[i, n, 1.0, 2.0, 3.0, 9.0, 6.0] for i, n in enumerate(QN_DISTRICTS[:3], 1)]
    df = read_workbook(
        xlsx("kq2.xlsx", {"KQ": rows}, merges={"KQ": ["A3:A4", "B3:B4", "G3:G4"]}), index="PAR"
    )
    assert set(df["component"]) == {"1", "2", "3", "total"}
    # a header row of dates alone (no code beside them) is not read as areas named "01/01/2023"
    rows = [
        TITLE_2023,
        [],
        ["STT", "Tên đơn vị", *(datetime.datetime(2023, m, 1) for m in (1, 2)), "Tổng điểm"],
    ]
    rows += [[i, n, 1.0, 2.0, 3.0] for i, n in enumerate(QN_DISTRICTS[:3], 1)]
    df = read_workbook(xlsx("kq3.xlsx", {"KQ": rows}), index="PAR")
    assert set(df["component"]) == {"total"}


# --- self-assessment shapes a probe of published forms found read wrong -----------------------------------

SA_TITLE = ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA UBND HUYỆN BA CHẼ"]
SA_FOUR = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"]


def test_words_in_the_points_column_under_a_self_assessment_are_dropped_not_refused(xlsx):
    # the signature block ("NGƯỜI LẬP BIỂU" | "TM. ỦY BAN NHÂN DÂN" in the points column) was "row 8
    # has points but no criterion code"; a closing line merged across the table raised a bare
    # NumberFormatError naming no file or cell; the same line in the name column alone was a second
    # total row, refused with a dump of the schema's checks
    rows = [SA_TITLE, SA_FOUR, ["1", "Kế hoạch CCHC", 2, 1.5], ["2", "Báo cáo CCHC", 1, "0,5"]]
    rows += [[None, "Tổng cộng", 3, 2]]
    closing = "Tổng điểm tự đánh giá: 2/3 điểm, đạt 66,67%."
    tails = {
        "signature": [
            [],
            ["NGƯỜI LẬP BIỂU", None, None, "TM. ỦY BAN NHÂN DÂN"],
            [None, None, None, "CHỦ TỊCH"],
        ],
        "merged closing line": [[closing, closing, closing, closing]],
        "closing line in the name column": [[None, closing]],
    }
    for tail in tails.values():
        with warnings.catch_warnings():
            warnings.simplefilter("error", InputWarning)
            df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows + tail}))
        got = df.set_index("component")["score"].to_dict()
        assert got == {"1": 1.5, "2": 0.5, "total": 2.0}
        assert {why for *_, why in df.attrs["report"]["dropped_rows"]} == {"text without numbers"}


def test_a_self_assessment_with_two_total_rows_is_refused_by_row(xlsx):
    rows = [SA_TITLE, SA_FOUR, ["1", "Kế hoạch CCHC", 2, 1.5], [None, "Tổng cộng", 2, 1.5]]
    rows += [[None, "Tổng điểm sau khi trừ", 2, 1.0]]
    with pytest.raises(InputError) as err:
        read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert "two total rows (rows 4 and 5)" in str(err.value) and err.value.sheet == "TĐG"


def test_a_stage_named_in_the_heading_over_its_period_columns_is_read(xlsx):
    # "Kết quả tự đánh giá" merged over "9 tháng | Dự kiến cả năm" (Bắc Giang's 9-month report): the
    # 9-month column named no stage itself and was dropped without a word, only the estimate read
    rows = [["BÁO CÁO TỰ ĐÁNH GIÁ CHỈ SỐ CCHC 9 THÁNG NĂM 2024 CỦA UBND HUYỆN LỤC NAM"]]
    rows += [["STT", "Tiêu chí", "Điểm tối đa", "Kết quả tự đánh giá", None, "Ghi chú"]]
    rows += [[None, None, None, "9 tháng", "Dự kiến cả năm", None]]
    rows += [
        ["1", "Kế hoạch CCHC", 2, 1.5, 2, "Chưa ban hành đúng hạn"],
        ["2", "Báo cáo CCHC", 1, 0.5, 1, None],
    ]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:E2", "F2:F3"]
    df = read_workbook(xlsx("9t.xlsx", {"TĐG": rows}, merges={"TĐG": merges}))
    got = df.set_index(["stage", "component"])["score"].to_dict()
    assert got == {("self", "1"): 1.5, ("self", "2"): 0.5, ("estimate", "1"): 2, ("estimate", "2"): 1}
    assert set(df["period"]) == {"9M"} and set(df["unit"]) == {"Lục Nam"}


def test_the_period_a_self_assessment_names_only_in_its_points_header_is_read(xlsx):
    # a title of the year alone over "Điểm tự đánh giá 6 tháng đầu năm 2024": the six months' points
    # were stored as the year's
    rows = [["UBND HUYỆN BA CHẼ"], ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"]]
    rows += [
        [
            "STT",
            "Tiêu chí",
            "Điểm tối đa",
            "Điểm tự đánh giá 6 tháng đầu năm 2024",
            "Dự kiến điểm cả năm 2024",
        ]
    ]
    rows += [["1", "Kế hoạch CCHC", 2, 1.5, 2]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert set(df["period"]) == {"H1"} and set(df["year"]) == {2024}
    assert any("period H1 is read from the points columns' header" in n for n in df.attrs["report"]["notes"])


def test_points_columns_a_self_assessment_gives_no_stage_are_reported(xlsx):
    # "Điểm điều tra XHH" and "Tổng điểm đạt" beside the stages (Quảng Ninh 2850/QĐ-UBND): the survey
    # points and the final totals were dropped, extra_columns empty
    header = ["STT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Điểm thẩm định", "Điểm điều tra XHH"]
    rows = [SA_TITLE, [*header, "Tổng điểm đạt", "Ghi chú"]]
    rows += [
        ["1", "Kế hoạch CCHC", 2, 2, 1.5, None, 1.5, "đủ"],
        ["2", "Hài lòng về TTHC", 2, None, None, 1.6, 1.6, None],
    ]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert df.attrs["report"]["extra_columns"] == ["TĐG!F2 'Điểm điều tra XHH'", "TĐG!G2 'Tổng điểm đạt'"]


# --- headers, summary rows and titles a probe of published results pages found unread ------------------


def test_score_and_rank_headers_as_provinces_publish_them(xlsx):
    # "Điểm số" (Đồng Nai 2022) was "no score column the reader recognises"; "Thứ tự xếp hạng" (Phú Thọ,
    # QĐ 519/QĐ-UBND) lost every rank to extra_columns; "Điểm số trung bình" and "Điểm trung vị" rows
    # under the table were read as units
    for score, rank in (
        ("Điểm số", "Xếp hạng"),
        ("Điểm số đạt được", "Thứ tự xếp hạng"),
        ("Điểm CCHC", "Xếp hạng"),
        ("Tổng", "XH"),  # a working sheet's abbreviation: every rank was lost
    ):
        rows = [
            ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022 TỈNH ĐỒNG NAI"],
            ["STT", "Cơ quan, đơn vị", score, rank],
        ]
        rows += [[1, "Sở Ngoại vụ", "96,90", 1], [2, "Sở Tư pháp", "95,79", 2]]
        rows += [[None, "Điểm số trung bình", "90,60", None], [None, "Điểm trung vị", "90,10", None]]
        df = read_workbook(xlsx("dn.xlsx", {"KQ": rows}))
        assert df.set_index("unit")["score"].to_dict() == {"Sở Ngoại vụ": 96.90, "Sở Tư pháp": 95.79}, score
        assert df["rank_published"].tolist() == [1, 2] and df.attrs["report"]["extra_columns"] == []
        assert [why for *_, why in df.attrs["report"]["dropped_rows"]] == ["total/average row"] * 2


def test_a_year_after_the_index_and_the_province_in_the_title_is_read(xlsx):
    # "BẢNG XẾP HẠNG DDCI QUẢNG NINH 2021 - KHỐI ĐỊA PHƯƠNG" (how the report names itself) was "cannot tell
    # which year this table is for"
    rows = [
        ["BẢNG XẾP HẠNG DDCI QUẢNG NINH 2021 - KHỐI ĐỊA PHƯƠNG"],
        ["STT", "Đơn vị", "Điểm DDCI", "Xếp hạng"],
    ]
    rows += [[1, "Thị xã Quảng Yên", "79,83", 1], [2, "Thị xã Đông Triều", "73,00", 2]]
    df = read_workbook(xlsx("bang.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2021} and set(df["index"]) == {"DDCI"}
    assert set(df["peer_group"]) == {"Khối địa phương"}
    # no year in the title but the one the score header names ("Điểm DDCI 2021"): refused as well
    rows[0] = ["BẢNG XẾP HẠNG DDCI TỈNH QUẢNG NINH - KHỐI ĐỊA PHƯƠNG"]
    rows[1] = ["STT", "Đơn vị", "Điểm DDCI 2021", "Xếp hạng"]
    df = read_workbook(xlsx("bang2.xlsx", {"KQ": rows}))
    assert set(df["year"]) == {2021} and len(df) == 2
    assert any("the year 2021 is read from the header" in n for n in df.attrs["report"]["notes"])


def test_sheets_of_one_bloc_each_named_in_their_titles_are_not_pooled(xlsx):
    # Thanh Hóa 2023 (QĐ 600): "Phụ lục I" the departments, "Phụ lục II" the districts, each bloc named
    # only in its title: both rankings were pooled in "Tất cả đơn vị", TP Thanh Hóa 6th of 8 against
    # the published 3rd of 27
    head = ["STT", "Tên đơn vị", "Tổng số điểm đạt được", "Xếp hạng"]
    departments = [["XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH CẤP TỈNH NĂM 2023"], head]
    departments += [[1, "Sở Công Thương", "92,83", 1], [2, "Sở Giao thông Vận tải", "91,86", 2]]
    districts = [["XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ NĂM 2023"], head]
    districts += [[2, "Huyện Hoằng Hóa", "91,92", 2], [3, "Thành phố Thanh Hóa", "91,46", 3]]
    df = read_workbook(xlsx("th.xlsx", {"Phụ lục I": departments, "Phụ lục II": districts}))
    assert df.set_index("unit")["peer_group"].to_dict() == {
        "Sở Công Thương": "Sở, ban, ngành",
        "Sở Giao thông Vận tải": "Sở, ban, ngành",
        "Hoằng Hóa": "Huyện, thị xã, thành phố",
        "Thanh Hóa": "Huyện, thị xã, thành phố",
    }


def test_each_pillar_merged_over_points_and_rank_keeps_its_own_rank(xlsx):
    # DTI 2022 by province: "Chính quyền số" and "Xã hội số" each merged over "Điểm | Xếp hạng". The
    # total took the last pillar's rank (Quảng Ninh 2nd, published 3rd) and the pillars lost theirs
    rows = [["KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2022 (DTI 2022)"]]
    rows += [["STT", "Tỉnh, thành phố", "Chỉ số DTI", "Xếp hạng", "Chính quyền số", None, "Xã hội số", None]]
    rows += [[None, None, None, None, "Điểm", "Xếp hạng", "Điểm", "Xếp hạng"]]
    rows += [[3, "Quảng Ninh", "0,7024", 3, "0,7804", 4, "0,6864", 2]]
    rows += [[25, "Trà Vinh", "0,6077", 25, "0,6683", 29, "0,5991", 26]]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:H2"]
    df = read_workbook(xlsx("dti.xlsx", {"DTI": rows}, merges={"DTI": merges}))
    got = df.set_index(["unit", "component"])["rank_published"].to_dict()
    assert got == {
        ("Quảng Ninh", "total"): 3,
        ("Trà Vinh", "total"): 25,
        ("Quảng Ninh", "1"): 4,
        ("Trà Vinh", "1"): 29,
        ("Quảng Ninh", "2"): 2,
        ("Trà Vinh", "2"): 26,
    }
    assert df.attrs["report"]["extra_columns"] == []


def test_grades_beside_the_scores_are_neither_blocs_nor_ranks(xlsx):
    # Đồng Tháp DDCI 2021: a "Nhóm" column of grades beside bloc rows made the grades the peer groups
    # ("Rất tốt", "Khá"); Tây Ninh 2021: grades under "Xếp hạng" beside a "Thứ hạng" column were refused
    # as "the rank 'Tốt' is not a rank"
    rows = [["KẾT QUẢ DDCI TỈNH ĐỒNG THÁP NĂM 2021"], ["STT", "Đơn vị", "Điểm DDCI", "Nhóm"]]
    rows += [["A. KHỐI SỞ, BAN, NGÀNH", None, None, None], [1, "Bảo hiểm xã hội tỉnh", "79,80", "Rất tốt"]]
    rows += [[2, "Sở Lao động - Thương binh và Xã hội", "60,00", "Khá"]]
    rows += [
        ["B. KHỐI CHÍNH QUYỀN ĐỊA PHƯƠNG", None, None, None],
        [1, "UBND huyện Châu Thành", "75,00", "Rất tốt"],
    ]
    df = read_workbook(xlsx("dt.xlsx", {"KQ": rows}, merges={"KQ": ["A3:D3", "A6:D6"]}))
    assert df.set_index("unit")["peer_group"].to_dict() == {
        "Bảo hiểm xã hội tỉnh": "Khối sở, ban, ngành",
        "Sở Lao động - Thương binh và Xã hội": "Khối sở, ban, ngành",
        "Châu Thành": "Khối chính quyền địa phương",
    }
    assert any("'Nhóm' holds grades (Rất tốt, Khá), not blocs" in n for n in df.attrs["report"]["notes"])
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2021"],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng", "Thứ hạng"],
    ]
    rows += [[1, "Văn phòng UBND tỉnh", "97,14", "Tốt", 1], [2, "Sở Y tế", "63,40", "Trung bình", 19]]
    df = read_workbook(xlsx("tn.xlsx", {"KQ": rows}))
    assert df.set_index("unit")["rank_published"].to_dict() == {"Văn phòng UBND tỉnh": 1, "Sở Y tế": 19}


def test_bloc_rows_typed_in_a_rank_column_first_keep_their_blocs(xlsx):
    # "Xếp hạng | Đơn vị | Điểm DDCI" with "A. KHỐI SỞ, BAN, NGÀNH" typed in column A: the bloc rows were
    # "numbers without a unit name" and both blocs pooled, each with its rank 1
    rows = [["KẾT QUẢ DDCI TỈNH ĐỒNG THÁP NĂM 2021"], ["Xếp hạng", "Đơn vị", "Điểm DDCI"]]
    rows += [["A. KHỐI SỞ, BAN, NGÀNH", None, None], [1, "Bảo hiểm xã hội tỉnh", "79,80"]]
    rows += [["B. KHỐI CHÍNH QUYỀN ĐỊA PHƯƠNG", None, None], [1, "UBND huyện Châu Thành", "75,00"]]
    df = read_workbook(xlsx("dt.xlsx", {"KQ": rows}))
    assert df.set_index("unit")["peer_group"].to_dict() == {
        "Bảo hiểm xã hội tỉnh": "Khối sở, ban, ngành",
        "Châu Thành": "Khối chính quyền địa phương",
    }
    assert [why for *_, why in df.attrs["report"]["dropped_rows"]] == ["section row", "section row"]


def test_a_sheet_of_explanations_beside_the_self_assessments_is_skipped(xlsx):
    # one workbook per year of in-year reports plus a sheet "Giải trình" (STT | Tiêu chí | Nội dung giải
    # trình): the whole workbook was refused ("cannot tell which year"), and with year= passed, "no column
    # naming the units"
    def report(title, self_points):
        rows = [
            ["UBND HUYỆN HẢI HÀ"],
            [title],
            ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"],
        ]
        return [*rows, ["1", "Kế hoạch CCHC năm", 1, self_points], [None, "Tổng cộng", 1, self_points]]

    sheets = {
        "Quý I": report("BÁO CÁO TỰ ĐÁNH GIÁ CHỈ SỐ CCHC QUÝ I NĂM 2024", 0.25),
        "9 tháng": report("BÁO CÁO TỰ ĐÁNH GIÁ CHỈ SỐ CCHC 9 THÁNG NĂM 2024", 0.75),
        "Giải trình": [
            ["GIẢI TRÌNH CÁC TIÊU CHÍ KHÔNG ĐẠT ĐIỂM TỐI ĐA"],
            ["STT", "Tiêu chí", "Nội dung giải trình"],
            ["1", "1.1", "Kế hoạch ban hành chậm 02 ngày"],
        ],
    }
    df = read_workbook(xlsx("hh.xlsx", sheets))
    assert df[df["component"] == "1"].set_index("period")["score"].to_dict() == {"Q1": 0.25, "9M": 0.75}
    assert df.attrs["report"]["skipped_sheets"] == [
        "Giải trình (its table has no column of points, ranks or codes)"
    ]
    with pytest.raises(InputError) as err:  # alone, it is still refused, naming the sheet
        read_workbook(xlsx("gt.xlsx", {"Giải trình": sheets["Giải trình"]}))
    assert err.value.sheet == "Giải trình"


@pytest.mark.parametrize(
    ("heading", "unit", "level"),
    [
        # the standard two lines of an official heading (Decree 30/2020): refused as naming no unit
        ([["ỦY BAN NHÂN DÂN"], ["HUYỆN BA CHẼ"]], "Ba Chẽ", "district"),
        # the province and the department in one cell on two lines: read as a province "Sơn La Sở Tư Pháp"
        ([["UBND TỈNH SƠN LA\nSỞ TƯ PHÁP"]], "Sở Tư pháp", "department"),
        # a district's office under its district: its points were filed under the district
        ([["UBND HUYỆN ĐÔNG ANH"], ["PHÒNG TƯ PHÁP"]], "Phòng Tư pháp", "department"),
    ],
    ids=["two-lines", "one-cell", "district-office"],
)
def test_the_heading_block_names_the_unit_as_official_documents_set_it(xlsx, heading, unit, level):
    rows = [*heading, ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"], SA_FOUR]
    rows += [["1", "Kế hoạch CCHC", 2, 1.5]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert (set(df["unit"]), set(df["level"])) == ({unit}, {level})


def test_a_commune_under_its_district_in_the_heading_is_not_taken_from_another_province(xlsx):
    # "UBND HUYỆN PHÚ VANG" over "UBND XÃ PHÚ THƯỢNG" (Thừa Thiên Huế, merged before July 2025): read as
    # Phú Thượng of Võ Nhai, Thái Nguyên (05734), without a word. In its district it is in no unit list:
    # kept as written, with a warning
    rows = [
        ["UBND HUYỆN PHÚ VANG"],
        ["UBND XÃ PHÚ THƯỢNG"],
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
    ]
    rows += [SA_FOUR, ["1", "Kế hoạch CCHC", 2, 1.5]]
    with pytest.warns(InputWarning, match="'Xã Phú Thượng' is not in the unit list"):
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert df["unit_code"].isna().all() and set(df["unit"]) == {"Xã Phú Thượng"}


def test_deductions_written_as_positive_points_that_the_total_takes_off_are_negative(xlsx):
    # Huế's commune form: "II | ĐIỂM TRỪ | 1 | 0,5" over "TỔNG ĐIỂM (I-II) | 3 | 2": the 0,5 was added,
    # and the total was warned about as not the sum of the areas
    rows = [SA_TITLE, SA_FOUR, ["I", "Chỉ đạo, điều hành", 3, 2.5], ["II", "ĐIỂM TRỪ", 1, "0,5"]]
    rows += [[None, "TỔNG ĐIỂM (I-II)", 3, 2]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert df.set_index("component")["score"].to_dict() == {"1": 2.5, "2": -0.5, "total": 2.0}
    assert any("read as -0.5" in n for n in df.attrs["report"]["notes"])
    rows[-1] = [None, "TỔNG ĐIỂM", 3, 3]  # a total that adds them: the points stay as written
    df = read_workbook(xlsx("tdg2.xlsx", {"TĐG": rows}))
    assert df.set_index("component")["score"]["2"] == 0.5


def test_each_units_maximum_is_worked_out_from_its_points_and_percentage(xlsx):
    # Thanh Hóa 2023: "Tổng số điểm đạt được | Chỉ số CCHC (%)", departments out of different maxima (Ban
    # Dân tộc 68,32 points = 81,33%, of 84) and no criteria set: the percentages vanished without a note
    head = ["STT", "Tên đơn vị", "Tổng số điểm đạt được", "Chỉ số CCHC (%)", "Xếp hạng"]
    rows = [["XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH CẤP TỈNH NĂM 2023"], head]
    rows += [[1, "Sở Công Thương", "92,83", "92,83", 1], [20, "Ban Dân tộc", "68,32", "81,33", 20]]
    df = read_workbook(xlsx("th.xlsx", {"KQ": rows}))
    assert df.set_index("unit")["max_score"].to_dict() == {"Sở Công Thương": 100.0, "Ban Dân tộc": 84.0}
    assert any("points ÷ % × 100: 100, 84" in n for n in df.attrs["report"]["notes"])
    rows[-1][3] = "80,00"  # 85,4: no maximum a province gives
    df = read_workbook(xlsx("th2.xlsx", {"KQ": rows}))
    assert df["max_score"].isna().all()
    assert any("percentages in column D are not read" in n for n in df.attrs["report"]["notes"])


def test_a_commune_followed_by_its_district_in_brackets_is_found_there(xlsx):
    # Quảng Ninh DTI 2023 writes "phường Ka Long (TP Móng Cái)": kept as written, no code, with a warning
    # suggesting Ngũ Hành Sơn
    rows = [["KẾT QUẢ ĐÁNH GIÁ CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI) NĂM 2023 KHỐI CÁC XÃ, PHƯỜNG, THỊ TRẤN"]]
    rows += [["STT", "Tên đơn vị", "Điểm DTI"], [1, "Phường Ka Long (TP Móng Cái)", "0,8120"]]
    rows += [[2, "phường Hồng Hà (TP Hạ Long)", "0,8010"]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("dti.xlsx", {"KQ": rows}))
    assert df.set_index("unit")["unit_code"].to_dict() == {
        "Phường Ka Long": "06709",
        "Phường Hồng Hà": "06697",
    }


def test_the_ways_a_criterion_is_scored_listed_under_it_are_not_its_parts(xlsx):
    # the criteria table used as the form (Quảng Trị 1325/QĐ-UBND): "- Ban hành đúng hạn: 1", "- Ban hành
    # chậm: 0,5" under 1.1 were read as sub-criteria 1.1.1, 1.1.2 with no points, their maxima (1,5) above
    # the criterion's (1); real parts with points ("a)", "b)" adding up) stay parts
    rows = [SA_TITLE, SA_FOUR, ["1", "Chỉ đạo, điều hành", 2, 2], ["1.1", "Ban hành kế hoạch CCHC", 1, 1]]
    rows += [["-", "Ban hành đúng hạn", 1, None], ["-", "Ban hành chậm", 0.5, None]]
    rows += [["1.2", "Báo cáo CCHC", 1, 1], ["a)", "Báo cáo quý", 0.5, 0.5], ["b)", "Báo cáo năm", 0.5, 0.5]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert sorted(df["component"]) == ["1", "1.1", "1.2", "1.2.1", "1.2.2"]
    assert any("the ways it is scored (1 / 0.5 points" in n for n in df.attrs["report"]["notes"])


# --- the review of those readings: what they must not catch ----------------------------------------------


@pytest.mark.parametrize(
    ("heading", "unit", "code"),
    [
        ([["ỦY BAN NHÂN DÂN HUYỆN HẢI HÀ"]], "Hải Hà", "201"),  # was cut at "BAN": a department
        ([["UBND XÃ BAN CÔNG"]], "Xã Ban Công", "14971"),
        ([["UBND QUẬN HỒNG BÀNG"], ["UBND PHƯỜNG SỞ DẦU"]], "Phường Sở Dầu", "11302"),
        # the heading's district over a commune: the lookup took it for a province and found nothing
        ([["UBND HUYỆN VÂN ĐỒN"], ["UBND THỊ TRẤN CÁI RỒNG"]], "Thị trấn Cái Rồng", "06994"),
        ([["UBND THỊ XÃ ĐÔNG TRIỀU"], ["UBND XÃ AN SINH"]], "Xã An Sinh", "07075"),
    ],
    ids=["uy-ban-one-line", "xa-ban-cong", "phuong-so-dau", "cai-rong", "an-sinh"],
)
def test_heading_lines_with_agency_words_in_their_names_stay_whole(xlsx, heading, unit, code):
    rows = [
        *heading,
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        SA_FOUR,
        ["1", "Kế hoạch", 2, 1.5],
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # a unit of before July 2025, as the year says
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert df[["unit", "unit_code"]].drop_duplicates().values.tolist() == [[unit, code]]


def test_words_in_a_score_cell_are_still_refused_by_cell(xlsx):
    # "Miễn đánh giá" where the points go, in a table with no STT: the row became a section, and every
    # unit under it was put in a peer group "Sở Nội vụ"
    rows = [TITLE_2023, [], ["Tên đơn vị", "Tổng điểm", "Xếp hạng"], ["Sở Tư pháp", "90,1", 1]]
    rows += [["Sở Nội vụ", "Miễn đánh giá", "Miễn đánh giá"], ["Sở Y tế", "80", 2]]
    with pytest.raises(InputError) as err:
        read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert err.value.cell == "B5"


def test_a_title_year_near_the_index_gives_way_to_the_file_name(xlsx):
    rows = [["ĐIỂM PAPI QUẢNG NINH SO VỚI 2022"], ["STT", "Tỉnh, thành phố", "Tổng điểm"]]
    rows += [[1, "Quảng Ninh", 45.1], [2, "Hải Phòng", 44.0]]
    with pytest.warns(InputWarning, match="the title writes the year 2022 but the file name says 2023"):
        df = read_workbook(xlsx("papi_2023.xlsx", {"S": rows}))
    assert set(df["year"]) == {2023}


def test_percentages_of_the_best_units_points_are_no_maxima(xlsx):
    head = ["STT", "Tên đơn vị", "Tổng điểm", "Tỷ lệ (%)", "Xếp hạng"]
    rows = [["XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH NĂM 2023"], head]
    rows += [[1, "Sở Công Thương", "92,75", "100,00", 1], [2, "Sở Tư pháp", "85,50", "92,18", 2]]
    rows += [[3, "Sở Y tế", "80,25", "86,52", 3]]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}))
    assert df["max_score"].isna().all()


def test_a_group_over_a_rank_alone_takes_no_area_number(xlsx):
    # "Toàn quốc" over "Xếp hạng" before the pillars: the pillars were read as areas 2 and 3
    rows = [["KẾT QUẢ ĐÁNH GIÁ MỨC ĐỘ CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2022 (DTI 2022)"]]
    rows += [["STT", "Tỉnh, thành phố", "Chỉ số DTI", "Toàn quốc", "Chính quyền số", None, "Xã hội số", None]]
    rows += [[None, None, None, "Xếp hạng", "Điểm", "Xếp hạng", "Điểm", "Xếp hạng"]]
    rows += [[3, "Quảng Ninh", "0,7024", 3, "0,7804", 4, "0,6864", 2]]
    rows += [[25, "Trà Vinh", "0,6077", 25, "0,6683", 29, "0,5991", 26]]
    merges = ["A2:A3", "B2:B3", "C2:C3", "E2:F2", "G2:H2"]
    df = read_workbook(xlsx("dti.xlsx", {"DTI": rows}, merges={"DTI": merges}))
    assert sorted(set(df["component"])) == ["1", "2", "total"]
    assert df.set_index(["unit", "component"])["rank_published"][("Quảng Ninh", "total")] == 3


def test_deductions_written_positive_take_their_criteria_with_them(xlsx):
    rows = [SA_TITLE, SA_FOUR, ["I", "Chỉ đạo, điều hành", 2.5, 2.5], ["II", "ĐIỂM TRỪ", 1, "1"]]
    rows += [["1", "Chậm báo cáo", 0.5, "0,5"], ["2", "Chậm kế hoạch", 0.5, "0,5"]]
    rows += [[None, "TỔNG ĐIỂM (I-II)", 2.5, 1.5]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    got = df.set_index("component")["score"].to_dict()
    assert got == {"1": 2.5, "2": -1.0, "2.1": -0.5, "2.2": -0.5, "total": 1.5}


def test_roman_areas_with_criteria_and_their_numbered_parts(xlsx):
    # Huế's commune form: I, then criterion 1 (read as 1.1), then its parts 1.1, 1.2: refused as "criterion
    # code 1.1 appears twice"
    rows = [SA_TITLE, SA_FOUR, ["I", "Chỉ đạo, điều hành", 3, 2.5], ["1", "Kế hoạch CCHC năm", 3, 2.5]]
    rows += [["1.1", "Ban hành kế hoạch", 1, 1], ["1.2", "Thực hiện kế hoạch", 2, 1.5]]
    rows += [["II", "Cải cách thể chế", 2, 2], ["1", "Ban hành văn bản", 2, 2], [None, "Tổng điểm", 5, 4.5]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)  # every part adds up to its criterion and area
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    got = df.set_index("component")["score"].to_dict()
    assert got == {"1": 2.5, "1.1": 2.5, "1.1.1": 1, "1.1.2": 1.5, "2": 2, "2.1": 2, "total": 4.5}


def test_lettered_groups_over_the_areas_are_group_rows(xlsx):
    # "A | ĐIỂM ĐÁNH GIÁ QUA THẨM ĐỊNH" over the Roman areas (Quảng Ninh 2850/QĐ-UBND): refused as "row 3
    # has points but no criterion code"
    rows = [
        SA_TITLE,
        SA_FOUR,
        ["A", "ĐIỂM ĐÁNH GIÁ QUA THẨM ĐỊNH", 3, 2.5],
        ["I", "Chỉ đạo, điều hành", 3, 2.5],
    ]
    rows += [["1.1", "Kế hoạch CCHC", 3, 2.5], ["B", "ĐIỂM ĐIỀU TRA XÃ HỘI HỌC", 2, None]]
    rows += [["II", "Hài lòng về TTHC", 2, None]]
    df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert sorted(set(df["component"])) == ["1", "1.1", "2"]
    assert [why for *_, why in df.attrs["report"]["dropped_rows"]] == ["group row", "group row"]


# --- province tables a probe of MOHA, VCCI and press pages found read wrong -----------------------------


def test_vccis_pci_tables_in_both_languages_are_read_whole(xlsx):
    # pcivietnam.vn: "Điểm số PCI", "Bảng xếp hạng", "Chính sách hỗ trợ doanh nghiệp" (and in English
    # "Access to land", "Labor Policy", "Law & Order", "PCI Ranking") went to extra_columns without a note:
    # no total, no rank, three sub-indices lost
    vi = ["Tỉnh", "Gia nhập thị trường", "Chính sách hỗ trợ doanh nghiệp", "Điểm số PCI", "Bảng xếp hạng"]
    rows = [
        ["Bảng chỉ số PCI năm 2021"],
        vi,
        ["Quảng Ninh", 7.98, 7.1, 73.02, 1],
        ["Hải Phòng", 6.52, 6.9, 70.61, 2],
    ]
    df = read_workbook(xlsx("pci.xlsx", {"PCI": rows}))
    assert sorted(set(df["component"])) == ["1", "8", "total"] and df.attrs["report"]["extra_columns"] == []
    assert df[df["component"] == "total"].set_index("unit")["rank_published"].to_dict() == {
        "Quảng Ninh": 1,
        "Hải Phòng": 2,
    }
    en = ["Province", "Access to land", "Labor Policy", "Law & Order", "PCI Score", "PCI Ranking"]
    rows = [["PCI Subindices of 63 provinces/cities 2019"], en, ["Quang Ninh", 7.0, 7.95, 7.58, 73.4, 1]]
    rows += [["Dong Thap", 7.67, 6.56, 7.76, 72.1, 2]]
    df = read_workbook(xlsx("pci_en.xlsx", {"PCI": rows}), index="PCI", year=2019)
    assert (
        sorted(set(df["component"])) == ["10", "2", "9", "total"]
        and df.attrs["report"]["extra_columns"] == []
    )
    assert df["rank_published"].dropna().tolist() == [1, 2]


def test_a_gap_row_between_the_top_and_the_bottom_of_a_ranking_is_no_bloc(xlsx):
    # SIPAS 2023 top 3 and bottom 3 with "..." between: ranks 61–63 were put in a peer group named "..."
    rows = [["CHỈ SỐ SIPAS NĂM 2023"], ["Xếp hạng", "Tỉnh, thành phố", "Chỉ số SIPAS (%)"]]
    rows += [[1, "Quảng Ninh", "90,61%"], [2, "Thái Nguyên", "90,29%"], ["...", "...", "..."]]
    rows += [[62, "Bình Phước", "76,08%"], [63, "Bắc Kạn", "75,03%"]]
    df = read_workbook(xlsx("sipas.xlsx", {"S": rows}))
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"} and df["unit"].nunique() == 4
    assert [why for *_, why in df.attrs["report"]["dropped_rows"]] == ["gap row (units left out)"]


def test_the_national_rank_is_read_beside_a_rank_within_the_region(xlsx):
    # "Xếp hạng cả nước | Xếp hạng trong vùng": the regional rank was read as the published one (Cà Mau
    # 3rd, nationally 32nd) and the national rank vanished without a note
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["STT", "Tỉnh, thành phố", "Chỉ số (%)", "Xếp hạng cả nước"],
    ]
    rows[1].append("Xếp hạng trong vùng")
    rows += [
        [1, "Cà Mau", "86,89", 32, 3],
        [2, "Sóc Trăng", "81,70", 62, 12],
        [3, "An Giang", "81,32", 63, 13],
    ]
    df = read_workbook(xlsx("par.xlsx", {"PAR": rows}))
    assert df.set_index("unit")["rank_published"].to_dict() == {"Cà Mau": 32, "Sóc Trăng": 62, "An Giang": 63}
    assert df.attrs["report"]["extra_columns"] == ["PAR!E2 'Xếp hạng trong vùng'"]


def test_the_unit_header_of_the_dti_ranking_is_a_unit_header(xlsx):
    rows = [
        ["XẾP HẠNG CHUYỂN ĐỔI SỐ CẤP TỈNH NĂM 2022"],
        ["STT", "Các tỉnh, thành phố trực thuộc TW", "Chỉ số DTI"],
    ]
    rows += [[1, "Đà Nẵng", "0,6284"], [2, "Quảng Ninh", "0,6013"]]
    df = read_workbook(xlsx("dti.xlsx", {"DTI": rows}))
    assert df["unit"].tolist() == ["Đà Nẵng", "Quảng Ninh"]


def test_dates_with_no_code_before_them_are_not_guessed(xlsx):
    # nothing before a run of dates tells how deep they go: 1 and 2 February 2001/2002 before "2.2" may
    # be 2.1.1, 2.1.2 (typed day first, year as the third part) or 1.2, 2.1; a first version of the
    # backward sweep read them as 1.2 and 2.1. They stay columns not read, as does 1.1 … 1.3 before 1.4
    # (1.3 or 1.3.23)
    header = [
        "STT",
        "Tên đơn vị",
        datetime.datetime(2001, 1, 2),
        datetime.datetime(2002, 1, 2),
        "2.2",
        "Tổng điểm",
    ]
    rows = [
        TITLE_2023,
        [],
        header,
        [1, "Huyện Ba Chẽ", 0.5, 0.75, 2, 3.25],
        [2, "Huyện Cô Tô", 0.25, 1, 1.5, 2.75],
    ]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert sorted(set(df["component"])) == ["2.2", "total"]
    assert len(df.attrs["report"]["extra_columns"]) == 2
    header = ["STT", "Tên đơn vị", *(datetime.datetime(2023, m, 1) for m in (1, 2, 3)), "1.4", "Tổng điểm"]
    rows = [TITLE_2023, [], header] + [[i, n, 1, 2, 3, 4, 10] for i, n in enumerate(QN_DISTRICTS[:2], 1)]
    df = read_workbook(xlsx("kq2.xlsx", {"KQ": rows}), index="PAR")
    assert sorted(set(df["component"])) == ["1.4", "total"]


def test_section_rows_of_kinds_of_unit_are_no_second_header(xlsx):
    # "Các sở, ban, ngành" and "Các huyện, thị xã, thành phố" as unmarked section rows: a first version of
    # the DTI unit header took them for headers, and the read failed
    rows = [
        TITLE_2023,
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
        [None, "Các sở, ban, ngành", None, None],
    ]
    rows += [
        [1, "Sở Tư pháp", 90, 1],
        [2, "Sở Tài chính", 85, 2],
        [None, "Các huyện, thị xã, thành phố", None, None],
    ]
    rows += [[1, "Huyện Ba Chẽ", 88, 1], [2, "Huyện Cô Tô", 80, 2]]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df["peer_group"].value_counts().to_dict() == {
        "Các sở, ban, ngành": 2,
        "Các huyện, thị xã, thành phố": 2,
    }


def test_of_two_plain_rank_columns_the_last_is_read(xlsx):
    # "Xếp hạng tự đánh giá | Xếp hạng thẩm định" beside the appraised score, "PCI Ranking | … | Xếp hạng":
    # the table's final rank comes last
    rows = [TITLE_2023, ["STT", "Tên đơn vị", "Điểm thẩm định", "Xếp hạng tự đánh giá", "Xếp hạng thẩm định"]]
    rows += [[1, "Sở Tư pháp", 85, 1, 2], [2, "Sở Tài chính", 86, 2, 1]]
    df = read_workbook(xlsx("kq.xlsx", {"KQ": rows}), index="PAR")
    assert df.set_index("unit")["rank_published"].to_dict() == {"Sở Tư pháp": 2, "Sở Tài chính": 1}
    rows = [TITLE_2023, ["STT", "Tỉnh, thành phố", "PCI Ranking", "Chỉ số (%)", "Xếp hạng"]]
    rows += [[1, "Quảng Ninh", 1, "91,04", 2], [2, "Hải Phòng", 2, "89,61", 1]]
    df = read_workbook(xlsx("kq2.xlsx", {"KQ": rows}), index="PAR")
    assert df.set_index("unit")["rank_published"].to_dict() == {"Quảng Ninh": 2, "Hải Phòng": 1}


def test_a_total_of_deductions_is_no_second_total(xlsx):
    # "Tổng điểm trừ" above "TỔNG ĐIỂM": taken for a total, then the real one refused as a second total row
    rows = [SA_TITLE, SA_FOUR, ["I", "Chỉ đạo, điều hành", 3, 3], ["II", "Cải cách thể chế", 2, 2]]
    rows += [[None, "Tổng điểm trừ (chậm báo cáo)", 1, "0,5"], [None, "TỔNG ĐIỂM (I+II-III)", 5, 4.5]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        df = read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    assert df.set_index("component")["score"].to_dict() == {"1": 3, "2": 2, "3": -0.5, "total": 4.5}


def test_a_score_a_criteria_set_bounds_decides_three_decimals(tmp_path):
    # PAPI 2020 dimension scores with three decimals and a decimal point, one a column (news.gov.vn):
    # "'6.216' could be 6.216 or 6216" though a dimension scores 10 at most
    text = "Province,Participation at Local Levels,Transparency\nThai Nguyen,6.216,\nQuang Ninh,,6.499\n"
    (tmp_path / "papi.csv").write_text(text, encoding="utf-8")
    df = read_workbook(tmp_path / "papi.csv", index="PAPI", year=2020)
    assert df.set_index("unit")["score"].dropna().to_dict() == {"Thái Nguyên": 6.216, "Quảng Ninh": 6.499}
    assert any(
        "'6.216' read as 6.216 because the column's maximum is 10" in n for n in df.attrs["report"]["notes"]
    )
