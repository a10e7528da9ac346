"""A large xlsx sheet parsed in row blocks, side by side (cchc_analysis.io.blocks), gives the cells
parsing it whole gives: on every workbook the project ships or tests with, and on sheets written to
make the cut go wrong."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import openpyxl
import pytest

from cchc_analysis.io import blocks, grid
from cchc_analysis.io.grid import read_grid
from cchc_analysis.io.safety import Limits, take_recent_extents, xlsx_extents

from .conftest import RAW, ROOT

GRID = ROOT / "tests" / "data" / "grid"
_spec = importlib.util.spec_from_file_location("make_fixtures", GRID / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1"/><sheetData>'
)


def sheet(path: Path, rows: str, tail: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(zf, f"{HEAD}{rows}</sheetData>{tail}</worksheet>")
    return path


def row(r: int, cells: dict[str, object]) -> str:
    out = []
    for col, value in cells.items():
        if isinstance(value, str):
            out.append(f'<c r="{col}{r}" t="inlineStr"><is><t>{value}</t></is></c>')
        else:
            out.append(f'<c r="{col}{r}"><v>{value}</v></c>')
    return f'<row r="{r}">{"".join(out)}</row>'


@pytest.fixture
def small_blocks(monkeypatch):
    """Every sheet, however small, parsed in four blocks by two threads; counts the sheets that were."""
    monkeypatch.setattr(blocks, "SPLIT_MIN", 0)
    monkeypatch.setattr(blocks, "workers", lambda: 2)
    used: list[str] = []
    original = grid.parse_in_blocks

    def counted(path, ext, limits):
        got = original(path, ext, limits)
        if got is not None:
            used.append(ext.name)
        return got

    monkeypatch.setattr(grid, "parse_in_blocks", counted)
    return used


def whole(path: Path, monkeypatch) -> grid.Grid:
    with monkeypatch.context() as m:
        m.setattr(grid, "worth_splitting", lambda size: False)
        return read_grid(path)


def same(a: grid.Grid, b: grid.Grid) -> None:
    assert [s.name for s in a.sheets] == [s.name for s in b.sheets]
    for x, y in zip(a.sheets, b.sheets, strict=True):
        assert x.cells == y.cells, x.name
        assert [tuple(type(v) for v in r) for r in x.cells] == [tuple(type(v) for v in r) for r in y.cells]
        assert sorted(x.merged) == sorted(y.merged), x.name


SHIPPED = sorted(
    [*RAW.rglob("*.xlsx"), *GRID.glob("*.xlsx"), *(ROOT / "tests" / "data").rglob("*.xlsx")],
    key=str,
)
READABLE = [
    p for p in dict.fromkeys(SHIPPED) if p.name not in {"password.xlsx", "truncated.xlsx", "xls_content.xlsx"}
]


@pytest.mark.parametrize("path", READABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_workbook_reads_the_same_in_blocks(path, small_blocks, monkeypatch):
    try:
        expected = whole(path, monkeypatch)
    except Exception as exc:  # a fixture built to be refused: refused the same way in blocks
        with pytest.raises(type(exc)):
            read_grid(path)
        return
    same(read_grid(path), expected)


def test_the_sample_province_workbooks_are_parsed_in_blocks(small_blocks, monkeypatch):
    """The merged two-row headers, the TCVN3 text and the decimal commas as text of the sample workbooks
    go through the blocks (not the whole-sheet path by a silent fallback)."""
    books = sorted((RAW / "sample-province").rglob("*.xlsx"))
    assert books
    for path in books:
        small_blocks.clear()
        same(read_grid(path), whole(path, monkeypatch))
        assert small_blocks, path.name


def test_a_sheet_of_gaps_and_shifted_columns(tmp_path, small_blocks, monkeypatch):
    """Blocks that start further right or lower than the sheet, and empty rows between them, are laid
    back where they were."""
    rows = [row(3, {"B": "STT", "C": "Tên đơn vị", "D": "Tổng điểm"})]
    rows += [row(r, {"B": r - 3, "C": f"Xã Số {r}", "D": 80.5}) for r in range(4, 40)]
    rows += [row(r, {"E": "ghi chú", "F": 1.5}) for r in range(60, 90)]  # only to the right, lower down
    rows += [row(120, {"A": "Tổng cộng"})]
    path = sheet(
        tmp_path / "gaps.xlsx",
        "".join(rows),
        tail='<mergeCells count="1"><mergeCell ref="B1:D2"/></mergeCells>',
    )
    got = read_grid(path)
    assert small_blocks == ["Sheet1"]
    same(got, whole(path, monkeypatch))
    cells = got.sheets[0].cells
    assert cells[59][4:6] == ["ghi chú", 1.5] and cells[119][0] == "Tổng cộng" and cells[0] == [None] * 6
    assert got.sheets[0].merged == [(0, 1, 1, 3)]


def test_rows_written_out_of_order_are_parsed_whole(tmp_path, small_blocks, monkeypatch):
    rows = [row(r, {"A": r, "B": "x"}) for r in range(40, 80)] + [row(r, {"A": r}) for r in range(1, 40)]
    path = sheet(tmp_path / "order.xlsx", "".join(rows))
    got = read_grid(path)
    assert small_blocks == []  # the blocks overlapped: the sheet was parsed whole
    same(got, whole(path, monkeypatch))
    assert [r[0] for r in got.sheets[0].cells] == list(range(1, 80))


@pytest.mark.parametrize(
    "inside",
    ['<!-- </row><row r="2"> -->', "<![CDATA[ </row> ]]>", "<?pi </row> ?>"],
    ids=["comment", "cdata", "processing instruction"],
)
def test_no_cut_where_a_row_end_may_hide(inside):
    body = "".join(row(r, {"A": r}) for r in range(1, 30))
    xml = f"{HEAD}{body[:200]}{inside}{body[200:]}</sheetData></worksheet>".encode()
    assert blocks.cut(xml, 4) is None
    clean = f"{HEAD}{body}</sheetData></worksheet>".encode()
    pieces = blocks.cut(clean, 4)
    assert len(pieces) == 4 and all(p.endswith(b"</sheetData></worksheet>") for p in pieces)
    assert b"".join(p[len(HEAD) : -len("</sheetData></worksheet>")] for p in pieces) == body.encode()


def test_an_exclamation_mark_in_text_does_not_stop_the_cut():
    body = "".join(row(r, {"A": "Đạt!", "B": "#DIV/0!", "C": "Vì sao?"}) for r in range(1, 30))
    assert len(blocks.cut(f"{HEAD}{body}</sheetData></worksheet>".encode(), 4)) == 4


def test_a_prefixed_sheet_is_cut_at_its_prefixed_row_ends():
    body = "".join(f'<x:row r="{r}"><x:c r="A{r}"><x:v>{r}</x:v></x:c></x:row>' for r in range(1, 30))
    xml = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        f"{body}</x:sheetData></x:worksheet>"
    ).encode()
    pieces = blocks.cut(xml, 3)
    assert len(pieces) == 3
    assert all(p.count(b"<x:row ") == p.count(b"</x:row>") > 0 for p in pieces)


def test_a_large_sheet_is_parsed_in_blocks_by_default(tmp_path, monkeypatch):
    """A sheet above SPLIT_MIN of XML (here 2,600 communes × 40 criteria, about 3 MB) is parsed in
    blocks with the default settings, gives the same cells, and its XML is let go afterwards."""
    monkeypatch.setattr(blocks, "workers", lambda: 2)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Xếp hạng")
    ws.append(["STT", "Xã, phường", *[f"1.{i}" for i in range(1, 41)]])
    for i in range(2600):
        ws.append([i + 1, f"Xã Mô Phỏng {i}", *[round((i * 7 + j) % 17 * 0.25, 2) for j in range(40)]])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size >= blocks.SPLIT_MIN
    used = []
    original = grid.parse_in_blocks
    monkeypatch.setattr(grid, "parse_in_blocks", lambda *a: used.append(1) or original(*a))
    got = read_grid(path)
    assert used and got.sheets[0].cells[2600][:3] == [2600, "Xã Mô Phỏng 2599", 0.75]
    same(got, whole(path, monkeypatch))
    extents, _ = take_recent_extents(path)
    assert all(e.xml is None for e in extents)


def test_blocks_are_not_used_on_one_core(tmp_path, monkeypatch):
    monkeypatch.setattr(blocks, "workers", lambda: 1)
    assert not blocks.worth_splitting(blocks.SPLIT_MIN)
    monkeypatch.setattr(blocks, "workers", lambda: 2)
    assert blocks.worth_splitting(blocks.SPLIT_MIN)
    assert not blocks.worth_splitting(blocks.SPLIT_MAX + 1)


def test_blocks_beyond_the_limits_are_parsed_whole(tmp_path, small_blocks, monkeypatch):
    path = sheet(tmp_path / "wide.xlsx", "".join(row(r, {"A": r, "C": 1}) for r in range(1, 30)))
    narrow = Limits(max_cols=2)
    (ext,) = xlsx_extents(path, narrow, keep_xml=lambda size, n: True)
    assert ext.xml is not None
    assert blocks.parse_in_blocks(path, ext, narrow) is None and ext.xml is None
