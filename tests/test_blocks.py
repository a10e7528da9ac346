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
from cchc_analysis.io.safety import Limits, take_recent_extents

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


class Used:
    """The sheets read from their blocks, and how many blocks each had begun while being scanned."""

    def __init__(self) -> None:
        self.sheets: list[str] = []
        self.early: list[int] = []


@pytest.fixture
def small_blocks(monkeypatch):
    """Every sheet, however small, parsed in blocks by two threads, the guards scanning 2 KB at a time
    (so a small sheet gives several blocks)."""
    from cchc_analysis.io import safety

    monkeypatch.setattr(blocks, "SPLIT_MIN", 0)
    monkeypatch.setattr(blocks, "workers", lambda: 2)
    monkeypatch.setattr(safety, "SCAN_CHUNK", 2048)
    monkeypatch.setattr(safety, "PIECE", 512)
    used = Used()
    original = grid._blocks_result

    def counted(ext, limits):
        early = len(ext.blocks.futures)
        got = original(ext, limits)
        if got is not None:
            used.sheets.append(ext.name)
            used.early.append(early)
        return got

    monkeypatch.setattr(grid, "_blocks_result", counted)
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
    go through the blocks (not the whole-sheet path by a silent fallback), begun while being scanned."""
    books = sorted((RAW / "sample-province").rglob("*.xlsx"))
    assert books
    for path in books:
        small_blocks.sheets.clear()
        same(read_grid(path), whole(path, monkeypatch))
        assert small_blocks.sheets, path.name
    assert max(small_blocks.early) >= 2


def rows_of(n: int, first: int = 1) -> list[str]:
    return [row(r, {"A": r, "B": f"Xã Số {r}", "C": 80.25, "D": f"{r:02d}/{n}"}) for r in range(first, n + 1)]


def test_a_sheet_of_gaps_and_shifted_columns(tmp_path, small_blocks, monkeypatch):
    """Blocks that start further right or lower than the sheet, and empty rows between them, are laid
    back where they were; the merged ranges come from the sheet's own tail."""
    rows = [row(3, {"B": "STT", "C": "Tên đơn vị", "D": "Tổng điểm"})]
    rows += [row(r, {"B": r - 3, "C": f"Xã Số {r}", "D": 80.5}) for r in range(4, 60)]
    rows += [row(r, {"E": "ghi chú", "F": 1.5}) for r in range(80, 140)]  # only to the right, lower down
    rows += [row(220, {"A": "Tổng cộng"})]
    path = sheet(
        tmp_path / "gaps.xlsx",
        "".join(rows),
        tail='<mergeCells count="1"><mergeCell ref="B1:D2"/></mergeCells>',
    )
    got = read_grid(path)
    assert small_blocks.sheets == ["Sheet1"] and small_blocks.early[0] >= 2
    same(got, whole(path, monkeypatch))
    cells = got.sheets[0].cells
    assert cells[79][4:6] == ["ghi chú", 1.5] and cells[219][0] == "Tổng cộng" and cells[0] == [None] * 6
    assert got.sheets[0].merged == [(0, 1, 1, 3)]


def test_rows_written_out_of_order_are_parsed_whole(tmp_path, small_blocks, monkeypatch):
    rows = rows_of(160, 80) + rows_of(79)
    path = sheet(tmp_path / "order.xlsx", "".join(rows))
    got = read_grid(path)
    assert small_blocks.sheets == []  # the blocks overlapped: the sheet was parsed whole
    same(got, whole(path, monkeypatch))
    assert [r[0] for r in got.sheets[0].cells] == list(range(1, 161))


@pytest.mark.parametrize(
    "inside",
    ['<!-- </row><row r="2"> -->', "<![CDATA[ </row> ]]>", "<?pi </row> ?>"],
    ids=["comment", "cdata", "processing instruction"],
)
@pytest.mark.parametrize("where", [5, 150], ids=["in the first block", "in the last block"])
def test_no_cut_where_a_row_end_may_hide(tmp_path, small_blocks, monkeypatch, inside, where):
    rows = rows_of(160)
    if inside.startswith("<![CDATA["):
        rows[where] = row(where + 1, {"A": where + 1, "B": "x"}).replace("<t>x</t>", f"<t>{inside}</t>")
    else:
        rows.insert(where, inside)
    path = sheet(tmp_path / "markup.xlsx", "".join(rows))
    got = read_grid(path)
    assert small_blocks.sheets == []
    same(got, whole(path, monkeypatch))
    assert len(got.sheets[0].cells) == 160


def test_an_exclamation_mark_in_text_does_not_stop_the_cut(tmp_path, small_blocks, monkeypatch):
    rows = [row(r, {"A": "Đạt!", "B": "#DIV/0!", "C": "Vì sao?", "D": r}) for r in range(1, 160)]
    path = sheet(tmp_path / "marks.xlsx", "".join(rows))
    same(read_grid(path), whole(path, monkeypatch))
    assert small_blocks.sheets == ["Sheet1"] and small_blocks.early[0] >= 2


def test_a_prefixed_sheet_is_cut_at_its_prefixed_row_ends(tmp_path, small_blocks, monkeypatch):
    body = "".join(
        f'<x:row r="{r}"><x:c r="A{r}"><x:v>{r}</x:v></x:c><x:c r="B{r}" t="inlineStr"><x:is><x:t>Xã {r}'
        "</x:t></x:is></x:c></x:row>"
        for r in range(1, 200)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        f'{body}</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C1:D1"/></x:mergeCells></x:worksheet>'
    )
    path = tmp_path / "prefixed.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(zf, xml)
    got = read_grid(path)
    assert small_blocks.sheets == ["Sheet1"] and small_blocks.early[0] >= 2
    same(got, whole(path, monkeypatch))
    assert got.sheets[0].cells[198] == [199, "Xã 199"] and got.sheets[0].merged == [(0, 2, 0, 3)]


def test_a_large_sheet_is_parsed_in_blocks_by_default(tmp_path, monkeypatch):
    """A sheet above SPLIT_MIN of XML (here 2,600 communes × 40 criteria, about 3 MB) is parsed in
    blocks with the default settings, three begun while the guards scan, and gives the same cells."""
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
    early = []
    original = grid._blocks_result
    monkeypatch.setattr(
        grid, "_blocks_result", lambda ext, lim: early.append(len(ext.blocks.futures)) or original(ext, lim)
    )
    got = read_grid(path)
    assert early == [3] and got.sheets[0].cells[2600][:3] == [2600, "Xã Mô Phỏng 2599", 0.75]
    same(got, whole(path, monkeypatch))
    extents, _ = take_recent_extents(path)
    assert all(e.blocks is None for e in extents)


def test_blocks_are_not_used_on_one_core(monkeypatch):
    monkeypatch.setattr(blocks, "workers", lambda: 1)
    assert not blocks.worth_splitting(blocks.SPLIT_MIN)
    monkeypatch.setattr(blocks, "workers", lambda: 2)
    assert blocks.worth_splitting(blocks.SPLIT_MIN)
    assert not blocks.worth_splitting(blocks.SPLIT_MAX + 1)


def test_rows_beyond_the_limits_are_never_handed_to_calamine(tmp_path, small_blocks, monkeypatch):
    """Rows within the limits are parsed early; once a cell beyond them is scanned, no more blocks
    start, and the sheet, too big for calamine, is read with openpyxl within the limits."""
    rows = rows_of(100) + [row(r, {"A": r, "F": 1}) for r in range(101, 200)]  # column F: beyond 5
    path = sheet(tmp_path / "wide.xlsx", "".join(rows))
    narrow = Limits(max_cols=5)
    handed: list[bytes] = []
    original = blocks._parse
    monkeypatch.setattr(blocks, "_parse", lambda book, name: handed.append(book) or original(book, name))
    got = read_grid(path, limits=narrow)
    assert got.engine == "openpyxl" and small_blocks.sheets == []
    assert handed  # blocks began before the wide rows were scanned
    for book in handed:
        with zipfile.ZipFile(book) as zf:
            assert b'r="F' not in zf.read("xl/worksheets/sheet1.xml")
    assert len(got.sheets[0].cells) == 199 and max(map(len, got.sheets[0].cells)) <= 5


# --- found by review: what a block's copy holds, and sheet data a cut must not split -------------------


def books_handed(monkeypatch) -> list[bytes]:
    handed: list[bytes] = []
    original = blocks._parse
    monkeypatch.setattr(blocks, "_parse", lambda book, name: handed.append(book) or original(book, name))
    return handed


def with_member(path: Path, name: str, data: bytes) -> Path:
    """``path`` with one more member, stored."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr(name, data)
    return path


def test_a_large_part_calamine_never_reads_is_not_copied_into_blocks(tmp_path, small_blocks, monkeypatch):
    path = with_member(
        sheet(tmp_path / "custom.xlsx", "".join(rows_of(160))), "xl/customXml/item1.xml", b"<x/>" * 500_000
    )
    handed = books_handed(monkeypatch)
    got = read_grid(path)
    assert small_blocks.sheets == ["Sheet1"] and handed
    for book in handed:
        with zipfile.ZipFile(book) as zf:
            assert "xl/customXml/item1.xml" not in zf.namelist()
            assert sum(i.file_size for i in zf.infolist()) < 100_000
    same(got, whole(path, monkeypatch))


STYLES = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'


def test_parts_too_large_to_copy_send_the_sheet_whole(tmp_path, small_blocks, monkeypatch):
    path = with_member(
        sheet(tmp_path / "styles.xlsx", "".join(rows_of(160))),
        "xl/styles.xml",
        STYLES + b" " * blocks.MAX_COPIED,  # a styles part of Excel's bloat, padded here with spaces
    )
    got = read_grid(path)
    assert small_blocks.sheets == []
    same(got, whole(path, monkeypatch))


def test_a_damaged_part_calamine_never_reads_changes_nothing(tmp_path, small_blocks, monkeypatch):
    path = with_member(
        sheet(tmp_path / "crc.xlsx", "".join(rows_of(160))), "docProps/app.xml", b"<Properties/>"
    )
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("docProps/app.xml")
    at = info.header_offset + 30 + len(info.filename)  # the stored bytes: one changed, the CRC now wrong
    raw[at] ^= 0x01
    path.write_bytes(bytes(raw))
    got = read_grid(path)
    assert small_blocks.sheets == ["Sheet1"]
    same(got, whole(path, monkeypatch))


def test_a_second_sheet_data_is_read_as_calamine_reads_it(tmp_path, small_blocks, monkeypatch):
    xml = "".join(rows_of(100)) + "</sheetData><sheetData>" + "".join(rows_of(200, 101))
    path = sheet(tmp_path / "two_sections.xlsx", xml)
    got = read_grid(path)
    same(got, whole(path, monkeypatch))
    assert len(got.sheets[0].cells) == 100  # calamine stops at the first </sheetData>


def test_merged_ranges_inside_the_sheet_data_are_read_as_calamine_reads_them(
    tmp_path, small_blocks, monkeypatch
):
    rows = rows_of(160)
    rows.insert(50, '<mergeCells count="1"><mergeCell ref="D1:E2"/></mergeCells>')
    path = sheet(
        tmp_path / "merge_inside.xlsx",
        "".join(rows),
        tail='<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>',
    )
    got = read_grid(path)
    assert small_blocks.sheets == []
    same(got, whole(path, monkeypatch))


def test_rows_that_never_end_in_a_plain_row_end_are_tried_a_few_times_only(
    tmp_path, small_blocks, monkeypatch
):
    """'</row >' is well-formed XML the cut does not look for: after MAX_MISSES tries (not once per
    chunk, which joined the kept XML again each time) the sheet is parsed whole."""
    xml = "".join(rows_of(400)).replace("</row>", "</row >")
    path = sheet(tmp_path / "spaced.xlsx", xml)
    tries = []
    original = blocks.BlockParse.release
    monkeypatch.setattr(blocks.BlockParse, "release", lambda self: tries.append(1) or original(self))
    got = read_grid(path)
    assert small_blocks.sheets == [] and len(tries) == blocks.MAX_MISSES + 1
    same(got, whole(path, monkeypatch))


def test_cell_types_come_back_the_same_from_blocks(tmp_path, small_blocks, monkeypatch):
    """Dates (told from the styles part a block's copy carries), times, booleans, whole and decimal
    numbers, shared and inline text, and empty cells: the same values and types as the whole parse."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tiến độ"
    ws.append(["STT", "Đơn vị", "Ngày nộp", "Giờ", "Đạt", "Điểm", "Ghi chú"])
    for i in range(1, 400):
        ws.append(
            [
                i,
                f"Xã Mô Phỏng {i % 37}",  # repeated: shared strings
                dt.datetime(2023, 1 + i % 12, 1 + i % 28),
                dt.time(8 + i % 9, 30),
                i % 3 == 0,
                None if i % 11 == 0 else round(i * 0.37, 2),
                "" if i % 5 else "nộp muộn",
            ]
        )
        ws.cell(row=i + 1, column=3).number_format = "dd/mm/yyyy"
    path = tmp_path / "types.xlsx"
    wb.save(path)
    got = read_grid(path)
    assert small_blocks.sheets == ["Tiến độ"] and small_blocks.early[0] >= 2
    same(got, whole(path, monkeypatch))
    row = got.sheets[0].cells[12]
    assert isinstance(row[2], dt.date) and isinstance(row[4], bool) and row[0] == 12
