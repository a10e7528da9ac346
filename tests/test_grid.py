"""read_grid: raw cell grids from xlsx, xls, ods and CSV, with the careful path for odd sheets."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import importlib.util
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.io.grid import Grid, Sheet, read_grid
from cchc_analysis.io.safety import Limits, a1, take_recent_extents, xlsx_extents

from .conftest import write_xlsx

GRID = Path(__file__).parent / "data" / "grid"
PAPI_CSV = Path(__file__).resolve().parents[1] / "data" / "raw" / "papi" / "csv"
_spec = importlib.util.spec_from_file_location("make_fixtures", GRID / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

SMALL_GRID = [["Tỉnh", "Điểm"], ["Hà Nội", 88.5], ["Cần Thơ", 84.25]]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("merged_header.xlsx", "xlsx"), ("merged_header.xls", "xls"), ("merged_header.ods", "ods")],
)
def test_same_workbook_in_three_formats(name, fmt):
    grid = read_grid(GRID / name)
    assert isinstance(grid, Grid)
    assert (grid.format, grid.engine, grid.encoding, grid.notes) == (fmt, "calamine", None, [])
    assert [s.name for s in grid.sheets] == ["Chỉ số CCHC", "Ghi chú"]
    assert [s.visible for s in grid.sheets] == [True, False]
    main = grid.sheet("Chỉ số CCHC")
    assert main.cells == fixtures.table()
    assert set(main.merged) == set(fixtures.MERGES)
    assert grid.sheet("Ghi chú").cells == fixtures.HIDDEN_SHEET


def test_cells_are_raw_values():
    main = read_grid(GRID / "merged_header.xlsx").sheets[0]
    assert main.cells[3][1] == "Hải Phòng"
    assert isinstance(main.cells[3][2], float) and main.cells[3][2] == 8.5
    assert main.cells[2][0] is None  # under the vertical merge "STT"
    assert (main.n_rows, main.n_cols) == (7, 8)
    assert all(len(row) == 8 for row in main.cells)


def test_row_and_column_indexes_are_a1_references(tmp_path):
    path = tmp_path / "offset.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C7"] = "Điểm tổng hợp"
    ws["D8"] = dt.datetime(2024, 12, 31)
    ws["AB9"] = True
    wb.save(path)
    sheet = read_grid(path).sheets[0]
    assert sheet.cells[0][0] is None
    assert sheet.cells[6][2] == "Điểm tổng hợp" and a1(6, 2) == "C7"
    assert sheet.cells[7][3] == dt.date(2024, 12, 31)  # calamine gives a date at midnight
    assert sheet.cells[8][27] is True and a1(8, 27) == "AB9"


def test_choose_sheets_and_unknown_sheet():
    grid = read_grid(GRID / "merged_header.xlsx", sheets=["Ghi chú"])
    assert [s.name for s in grid.sheets] == ["Ghi chú"]
    with pytest.raises(InputError) as err:
        read_grid(GRID / "merged_header.xlsx", sheets=["Tổng hợp"])
    assert "no sheet called 'Tổng hợp'" in str(err.value)
    assert "'Chỉ số CCHC', 'Ghi chú'" in err.value.hint


def test_xls_content_with_xlsx_extension():
    grid = read_grid(GRID / "xls_content.xlsx")
    assert grid.format == "xls"
    assert grid.sheets[0].cells == fixtures.table()
    assert grid.notes == ["The file is named 'xls_content.xlsx' but holds xls content; it was read as xls."]


def test_xlsx_content_with_xls_extension(tmp_path):
    path = tmp_path / "renamed.xls"
    path.write_bytes((GRID / "merged_header.xlsx").read_bytes())
    grid = read_grid(path)
    assert (grid.format, grid.engine) == ("xlsx", "calamine")
    assert grid.sheets[0].cells == fixtures.table()
    assert "holds xlsx content" in grid.notes[0]


def test_lying_dimension_that_is_harmless_is_read_fast():
    grid = read_grid(GRID / "lying_dimension.xlsx")
    assert grid.engine == "calamine"
    cells = grid.sheets[0].cells
    assert (len(cells), len(cells[0])) == (6, 4)
    assert cells[5][3] == "Ghi chú"
    assert [row[:2] for row in cells[:3]] == SMALL_GRID


@pytest.mark.parametrize("name", ["stray_cell.xlsx", "lying_dimension_stray.xlsx"])
def test_stray_cell_read_carefully_with_note(name):
    grid = read_grid(GRID / name)
    assert grid.engine == "openpyxl"
    assert grid.sheets[0].cells == SMALL_GRID
    (note,) = grid.notes
    assert "XFD1048576" in note and "ignored" in note


def test_stray_row_note_names_the_row_bound():
    grid = read_grid(GRID / "stray_row.xlsx")
    assert grid.sheets[0].cells == SMALL_GRID
    assert "B1048576" in grid.notes[0]
    assert "beyond row 3 ignored" in grid.notes[0]


def test_mixed_engines_and_merges_in_the_careful_path(tmp_path):
    path = tmp_path / "mixed.xlsx"
    wb = openpyxl.Workbook()
    good = wb.active
    good.title = "Tổng hợp"
    for row in fixtures.table():
        good.append(row)
    bad = wb.create_sheet("Chi tiết")
    for row in fixtures.table():
        bad.append(row)
    for r1, c1, r2, c2 in fixtures.MERGES:
        bad.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    bad.cell(row=1_048_576, column=16_384, value="x")  # what a slipped Ctrl+End leaves behind
    wb.save(path)
    grid = read_grid(path)
    assert grid.engine == "calamine+openpyxl"
    assert grid.sheet("Tổng hợp").cells == fixtures.table()
    careful = grid.sheet("Chi tiết")
    assert careful.cells == fixtures.table()
    assert set(careful.merged) == set(fixtures.MERGES)
    assert len(grid.notes) == 1 and "'Chi tiết'" in grid.notes[0]


def test_careful_path_respects_the_cell_budget(tmp_path):
    path = tmp_path / "wide.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 41):
        for c in range(1, 11):
            ws.cell(row=r, column=c, value=r * 100 + c)
    ws.cell(row=500_000, column=2, value="x")
    wb.save(path)
    grid = read_grid(path, limits=Limits(max_cells=200))
    cells = grid.sheets[0].cells
    assert (len(cells), len(cells[0])) == (20, 10)  # 200 cells / 10 columns
    assert cells[19][9] == 2010
    assert "beyond row 20 ignored" in grid.notes[0]


@pytest.mark.parametrize("name", ["stray_cell.xls", "huge_dimensions.xls", "repeat_bomb.ods", "password.xls"])
def test_xls_and_ods_beyond_limits_refused(name):
    with pytest.raises(InputError) as err:
        read_grid(GRID / name)
    assert err.value.hint


def test_small_limits_refuse_a_normal_xls():
    with pytest.raises(InputError, match="beyond the 5 rows"):
        read_grid(GRID / "merged_header.xls", limits=Limits(max_rows=5))


def test_files_are_not_modified():
    paths = sorted(GRID.glob("*.*"))
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    for p in paths:
        if p.suffix != ".py":
            with contextlib.suppress(InputError):
                read_grid(p)
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in paths}
    assert after == before


# --------------------------------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("utf8.csv", "utf-8"),
        ("utf8_sig.csv", "utf-8-sig"),
        ("utf16.csv", "utf-16-le"),
        ("cp1258.csv", "cp1258"),
    ],
)
def test_csv_encodings(name, encoding):
    grid = read_grid(GRID / name)
    assert (grid.format, grid.engine, grid.encoding) == ("csv", "csv", encoding)
    (sheet,) = grid.sheets
    assert sheet.name == Path(name).stem
    expected = [[v if v != "" else None for v in row] for row in fixtures.CSV_ROWS]
    assert sheet.cells == expected
    assert all(unicodedata.is_normalized("NFC", v) for row in sheet.cells for v in row if v is not None)


def test_cp1258_bytes_really_are_decomposed():
    raw = (GRID / "cp1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw.decode("cp1258"))


def test_csv_values_stay_text():
    cells = read_grid(GRID / "utf8.csv").sheets[0].cells
    assert cells[1] == ["Hà Nội", "2024", "44,12", "12/63"]


@pytest.mark.parametrize("year", range(2011, 2025))
def test_real_papi_panel_matches_csv_module(year):
    path = PAPI_CSV / f"{year}.csv"
    grid = read_grid(path)
    with path.open(newline="", encoding="utf-8") as fh:
        expected = [[v if v != "" else None for v in row] for row in csv.reader(fh)]
    cells = grid.sheets[0].cells
    assert grid.encoding == "utf-8"
    assert cells[0][:2] == ["Province", "SC11"]
    assert len(cells) == len(expected) > 60
    width = len(cells[0])
    assert cells == [row + [None] * (width - len(row)) for row in expected]


def test_csv_row_and_column_limits_add_notes():
    grid = read_grid(PAPI_CSV / "2024.csv", limits=Limits(max_rows=10, max_cols=5))
    cells = grid.sheets[0].cells
    assert (len(cells), len(cells[0])) == (10, 5)
    assert grid.notes == [
        "Rows beyond row 10 were ignored (the reading limit).",
        "Columns beyond column E were ignored (the reading limit).",
    ]


def test_csv_size_limit():
    with pytest.raises(InputError, match="accepted for a CSV"):
        read_grid(PAPI_CSV / "2024.csv", limits=Limits(max_csv_bytes=1000))


def test_prose_is_not_a_table():
    with pytest.raises(InputError, match="not a table"):
        read_grid(GRID / "prose.csv")


def test_semicolon_with_decimal_commas_is_split_on_semicolons(tmp_path):
    path = tmp_path / "diem.csv"
    path.write_text("Tỉnh;Điểm;Tỷ lệ\nHà Nội;44,12;88,5\nHuế;46,03;91,2\n", encoding="utf-8")
    cells = read_grid(path).sheets[0].cells
    assert cells[1] == ["Hà Nội", "44,12", "88,5"]


def test_sheet_helpers():
    sheet = Sheet("x", [[1, None], [None, 2]])
    assert (sheet.n_rows, sheet.n_cols, sheet.merged, sheet.visible) == (2, 2, [], True)
    assert Sheet("empty", []).n_cols == 0


def _raw_sheet(path: Path, sheet_data: str) -> Path:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<x:dimension ref="A1:B3"/><x:sheetData>{sheet_data}</x:sheetData></x:worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(zf, sheet)
    return path


def test_prefixed_sheet_xml_is_read_fast(tmp_path):
    """The OpenXML SDK writes <x:c r="A1">: the fast guard accepts it and calamine reads it."""
    rows = "".join(
        f'<x:row r="{r}"><x:c r="A{r}" t="inlineStr"><x:is><x:t>{name}</x:t></x:is></x:c>'
        f'<x:c r="B{r}"><x:v>{score}</x:v></x:c></x:row>'
        for r, (name, score) in enumerate(SMALL_GRID[1:], start=2)
    )
    header = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Tỉnh</x:t></x:is></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>Điểm</x:t></x:is></x:c></x:row>'
    )
    grid = read_grid(_raw_sheet(tmp_path / "sdk.xlsx", header + rows))
    assert (grid.engine, grid.notes) == ("calamine", [])
    assert grid.sheets[0].cells == SMALL_GRID


def test_damaged_xml_in_the_careful_path_is_an_input_error(tmp_path):
    """A stray cell written with two r attributes: calamine would take the second (XFD1048576) and
    abort; openpyxl, which reads the sheet instead, finds the XML malformed."""
    sheet = '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" r="XFD1048576"><x:v>2</x:v></x:c></x:row>'
    with pytest.raises(InputError) as err:
        read_grid(_raw_sheet(tmp_path / "twice.xlsx", sheet))
    assert "damaged" in str(err.value) and err.value.sheet == "Sheet1" and err.value.hint


# --------------------------------------------------------------------------------------------------
# What calamine hides (error values, unsaved formulas, hidden rows) comes from the guard's own pass


def _flagged_workbook(path: Path) -> Path:
    """Two sheets: one with #REF!, an uncalculated formula and a hidden row; one without any."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Điểm"
    for row in SMALL_GRID:
        ws.append(row)
    ws["B3"] = "=B2*2"  # openpyxl saves no result: calamine shows an empty cell
    ws.row_dimensions[2].hidden = True
    clean = wb.create_sheet("Ghi chú")
    clean.append(["Nguồn", "Bộ Nội vụ"])
    wb.save(path)
    with zipfile.ZipFile(path) as zf:  # openpyxl writes no error cells: add one to the XML
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b'<row r="4"><c r="C4" t="e"><v>#REF!</v></c></row></sheetData>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_flags_after_read_grid_need_no_second_pass(tmp_path, monkeypatch):
    from cchc_analysis.io import detect, safety

    path = _flagged_workbook(tmp_path / "flags.xlsx")
    grid = read_grid(path)
    assert grid.sheet("Điểm").cells[2] == ["Cần Thơ", None, None]  # calamine: the formula is empty

    def no_second_pass(*args, **kwargs):
        raise AssertionError("the sheets were inflated again")

    monkeypatch.setattr(safety, "_scan_xlsx_part", no_second_pass)
    same_file = tmp_path / ".." / tmp_path.name / "flags.xlsx"
    flags = detect.xlsx_flags(same_file, ["Điểm", "Ghi chú"])
    assert list(flags) == ["Điểm"]
    problems = {rc: (str(p), p.kind) for rc, p in flags["Điểm"].problems.items()}
    assert problems == {(2, 1): ("=B2*2", "uncached"), (3, 2): ("#REF!", "error")}
    assert flags["Điểm"].hidden_rows == {1}
    with pytest.raises(AssertionError, match="inflated again"):  # given once: a second call reads
        detect.xlsx_flags(path, ["Điểm"])


def test_flags_of_a_changed_file_are_read_again(tmp_path):
    from cchc_analysis.io import detect

    path = _flagged_workbook(tmp_path / "flags.xlsx")
    read_grid(path)
    wb = openpyxl.Workbook()
    wb.active.title = "Điểm"
    wb.active.append(["Tỉnh", "Điểm"])
    wb.save(path)  # replaced between the guard and the flags
    assert detect.xlsx_flags(path, ["Điểm"]) == {}
    read_grid(path)  # the guard's last pass is of a clean file, the flags asked of another
    assert set(detect.xlsx_flags(_flagged_workbook(tmp_path / "other.xlsx"), ["Điểm"])) == {"Điểm"}


def test_flags_beyond_what_the_careful_path_reads_are_left_out(tmp_path):
    """A #REF! far below the table of a sheet read by openpyxl up to the cell budget would make
    the reader pad the grid down to it: it is dropped with the rows that were not read."""
    from cchc_analysis.io import detect

    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(1, 5)
    )
    near = '<row r="5" hidden="1"/><row r="6"><c r="A6" t="e"><v>#N/A</v></c></row>'
    far = '<row r="150000"><c r="B150000" t="e"><v>#REF!</v></c></row>'
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(
            zf,
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{rows}{near}{far}</sheetData></worksheet>",
        )
    limits = Limits(max_cells=20)
    grid = read_grid(path, limits=limits)
    assert grid.engine == "openpyxl" and len(grid.sheets[0].cells) == 6  # 20 cells / 2 columns, trimmed
    (ext,) = xlsx_extents(path, limits)
    assert set(ext.problems) == {(149_999, 1), (5, 0)} and ext.hidden_rows == {4}
    assert take_recent_extents(path)[1] == limits
    read_grid(path, limits=limits)
    flags = detect.xlsx_flags(path, ["Sheet1"])["Sheet1"]
    assert set(flags.problems) == {(5, 0)} and flags.hidden_rows == {4}


def test_only_the_sheets_asked_for_are_scanned(tmp_path):
    """calamine opens an xlsx sheet only when asked for it: a stray cell on another sheet neither
    costs a scan nor sends the read to openpyxl."""
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "2023"
    for row in SMALL_GRID:
        wb.active.append(row)
    other = wb.create_sheet("2024")
    other.append(["Tỉnh", "Điểm"])
    other.cell(row=1_048_576, column=16_384, value="x")
    wb.save(path)
    grid = read_grid(path, sheets="2023")
    assert (grid.engine, grid.notes, grid.sheets[0].cells) == ("calamine", [], SMALL_GRID)
    extents, _ = take_recent_extents(path)
    assert [e.name for e in extents] == ["2023"]
    assert read_grid(path).engine == "calamine+openpyxl"
    with pytest.raises(InputError, match="no sheet called '2025'") as err:
        read_grid(path, sheets=["2023", "2025"])
    assert err.value.hint == "Sheets in this file: '2023', '2024'."


def test_sheets_parsed_in_two_threads_are_the_sheets_parsed_in_one(tmp_path, monkeypatch):
    # a workbook of several sheets (the PAPI panel, a sheet a year) is parsed by two calamine handles;
    # every sheet's cells and merged ranges must be what one handle gives
    from cchc_analysis.io import ahead

    sheets = {
        str(year): [
            [f"Năm {year}"],
            ["STT", "Tỉnh", "Điểm"],
            *[[i, f"Tỉnh {i}", year / 100 + i] for i in range(1, 40)],
        ]
        for year in range(2016, 2024)
    }
    path = write_xlsx(tmp_path / "panel.xlsx", sheets, merges={"2018": ["A1:C1"], "2021": ["A1:C1"]})
    both = read_grid(path)
    monkeypatch.setattr(ahead, "PARALLEL_SHEETS", 1_000)
    one = read_grid(path)
    assert [s.name for s in both.sheets] == list(sheets)
    assert [(s.cells, s.merged) for s in both.sheets] == [(s.cells, s.merged) for s in one.sheets]
    assert both.sheet("2018").merged == [(0, 0, 0, 2)]


_PROVINCES = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Thừa Thiên Huế", "Đà Nẵng", "Cần Thơ", "Lào Cai"]


def _panel(tmp_path, years=range(2016, 2024), name="panel.xlsx", bad=None):
    """A workbook of a sheet a year (the PAPI panel's shape); ``bad`` is a year whose sheet holds a
    number cell calamine refuses (``<v>abc</v>``), which the guards pass."""
    sheets = {
        str(year): [
            [f"Năm {year}"],
            ["STT", "Tỉnh", "Điểm"],
            *[[i, name, year / 100 + i / 3] for i, name in enumerate(_PROVINCES, start=1)],
        ]
        for year in years
    }
    path = write_xlsx(tmp_path / name, sheets, merges={str(years[2]): ["A1:C1"]})
    if bad is not None:
        part = f"xl/worksheets/sheet{list(years).index(bad) + 1}.xml"
        src = path.with_name("src_" + name)
        path.rename(src)
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == part:
                    data = data.replace(b"<v>1</v>", b"<v>abc</v>", 1)
                out.writestr(info, data)
    return path, sheets


def _sheet_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name.startswith("cchc-sheets")]


def test_a_pending_grid_gives_each_sheet_as_read_whole_and_refuses_a_look_before(tmp_path):
    # read_grid(pending=True) returns once the guards passed every sheet, the sheets parsing in a
    # worker: each sheet taken with ready() is what a whole read gives, and a look before is refused
    path, sheets = _panel(tmp_path)
    whole = read_grid(path)
    with read_grid(path, pending=True) as grid:
        assert [s.name for s in grid.sheets] == list(sheets)
        with pytest.raises(RuntimeError, match="still parsing"):
            grid.sheets[3].cells[0]
        first = grid.ready(grid.sheets[0])
        assert first is grid.sheets[0] and first.cells == whole.sheets[0].cells
        grid.finish()
        assert [(s.cells, s.merged, s.visible) for s in grid.sheets] == [
            (s.cells, s.merged, s.visible) for s in whole.sheets
        ]
    assert grid.sheet("2018").merged == [(0, 0, 0, 2)]
    assert _sheet_threads() == []
    # a workbook of fewer sheets than are parsed side by side is returned whole
    small, _ = _panel(tmp_path, years=range(2021, 2024), name="three.xlsx")
    assert read_grid(small, pending=True).sheets[0].cells == read_grid(small).sheets[0].cells


def test_a_sheet_calamine_refuses_is_named_however_the_sheets_are_taken(tmp_path):
    # a sheet the guards pass and calamine refuses, in the middle of a panel: the error names it,
    # whether the grid is read whole, taken sheet by sheet, or read by read_workbook; no thread is left
    from cchc_analysis import read_workbook

    path, _ = _panel(tmp_path, bad=2019)
    with pytest.raises(InputError, match="looks damaged") as whole:
        read_grid(path)
    assert whole.value.sheet == "2019"
    with read_grid(path, pending=True) as grid:
        assert grid.ready(grid.sheets[0]).cells[2][1] == "Hà Nội"
        with pytest.raises(InputError, match="looks damaged") as taken:
            grid.finish()
    assert taken.value.sheet == "2019"
    with pytest.raises(InputError, match="looks damaged") as read:
        read_workbook(path, index="PAR", layout={"year": "sheet", "level": "province"})
    assert read.value.sheet == "2019" and _sheet_threads() == []


def test_a_read_given_up_on_an_early_sheet_lets_go_of_the_later_parses(tmp_path):
    # read_workbook refuses the second sheet (a score that is not a number) while the later sheets may
    # still be parsing: the error is the table's, and the worker thread is gone when it is raised
    from cchc_analysis import read_workbook

    path, sheets = _panel(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["2017"]["C5"] = "abc"
    wb.save(path)
    with pytest.raises(InputError, match="not a number") as err:
        read_workbook(path, index="PAR", layout={"year": "sheet", "level": "province"})
    assert (err.value.sheet, err.value.cell) == ("2017", "C5")
    assert _sheet_threads() == []
    # and the panel read whole, sheet by sheet as they parse, is every sheet's table
    path, sheets = _panel(tmp_path, name="fine.xlsx")
    tidy = read_workbook(path, index="PAR", layout={"year": "sheet", "level": "province"})
    assert sorted(tidy["year"].unique()) == [int(y) for y in sheets]
    assert len(tidy) == 7 * len(sheets)
    by_year = tidy.set_index(["year", "unit"])["score"]
    assert by_year[(2020, "Đà Nẵng")] == pytest.approx(20.20 + 5 / 3)
