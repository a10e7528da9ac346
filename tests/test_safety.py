"""The guards in cchc_analysis.io.safety: format sniffing, zip checks, real sheet extents.

Hostile files must end in an InputError (or bounded data with a note), never in a hang, and the
process must stay well under 300 MB (measured in a child process). The 1 s target itself is measured by
benchmarks/bench_hostile.py, not here (see tests/bounds.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.errors import InputError
from cchc_analysis.io.safety import (
    DEFAULT_LIMITS,
    EXCEL_COLS,
    EXCEL_ROWS,
    Limits,
    Ole2,
    SheetExtent,
    a1,
    check_zip,
    col_letters,
    col_number,
    ods_extents,
    parse_ref,
    sniff_format,
    text_encoding,
    xls_extents,
    xlsx_extents,
)

from .bounds import HANG_SECONDS

GRID = Path(__file__).parent / "data" / "grid"
_spec = importlib.util.spec_from_file_location("make_fixtures", GRID / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def make_zip_bomb(path: Path, mb: int = 200) -> Path:
    """An xlsx-shaped archive whose sharedStrings.xml is ``mb`` MB of zeros (about 0.1 % packed)."""
    zero = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(
            zf,
            zipfile.ZipFile(GRID / "stray_cell.xlsx")
            .read("xl/worksheets/sheet1.xml")
            .replace(b"A1:XFD1048576", b"A1:B3")
            .replace(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', b""),
        )
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            for _ in range(mb):
                fh.write(zero)
    return path


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    return make_zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def forge_declared_size(src: Path, dst: Path, member: str, size: int) -> Path:
    """Copy an archive, rewriting ``member``'s uncompressed size in both headers (CRC untouched)."""
    data = bytearray(src.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(member)
    local = info.header_offset
    data[local + 22 : local + 26] = size.to_bytes(4, "little")
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == name:
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert pos != -1, member
    central = pos
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    dst.write_bytes(bytes(data))
    return dst


# --------------------------------------------------------------------------------------------------
# A1 references


@pytest.mark.parametrize(
    ("row", "col", "ref"),
    [
        (0, 0, "A1"),
        (6, 2, "C7"),
        (0, 25, "Z1"),
        (0, 26, "AA1"),
        (9, 701, "ZZ10"),
        (0, 702, "AAA1"),
        (1_048_575, 16_383, "XFD1048576"),
    ],
)
def test_a1(row, col, ref):
    assert a1(row, col) == ref
    assert parse_ref(ref) == (row + 1, col + 1)


def test_column_letters_round_trip_over_the_whole_excel_grid():
    seen = set()
    for col in range(16_384):
        letters = col_letters(col)
        assert col_number(letters) == col + 1
        seen.add(letters)
    assert len(seen) == 16_384
    with pytest.raises(ValueError):
        a1(-1, 0)


# --------------------------------------------------------------------------------------------------
# sniff_format


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("merged_header.xlsx", "xlsx"),
        ("merged_header.xls", "xls"),
        ("xls_content.xlsx", "xls"),
        ("merged_header.ods", "ods"),
        ("utf8.csv", "csv"),
        ("utf16.csv", "csv"),
        ("cp1258.csv", "csv"),
        ("stray_cell.xlsx", "xlsx"),
    ],
)
def test_sniff_format_by_content(name, fmt):
    assert sniff_format(GRID / name) == fmt


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("password.xlsx", "password-protected"),
        ("image.png", "not a spreadsheet"),
        ("image_named.xlsx", "PNG image"),
        ("truncated.xlsx", "damaged or incomplete"),
        ("web_page.xls", "web page"),
    ],
)
def test_sniff_format_refuses(name, words):
    with pytest.raises(InputError) as err:
        sniff_format(GRID / name)
    assert words in str(err.value)
    assert err.value.file.endswith(name)
    assert err.value.hint


def test_password_hint_says_how_to_remove_it():
    with pytest.raises(InputError) as err:
        sniff_format(GRID / "password.xlsx")
    assert "File › Info › Protect Workbook" in err.value.hint


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        sniff_format(empty)
    with pytest.raises(InputError, match="does not exist"):
        sniff_format(tmp_path / "nope.xlsx")


def test_file_size_limit(tmp_path):
    with pytest.raises(InputError, match="more than the 0 MB"):
        sniff_format(GRID / "merged_header.xlsx", Limits(max_file_bytes=1000))


def test_word_document_in_ole2_is_not_a_workbook(tmp_path):
    doc = tmp_path / "report.xls"
    doc.write_bytes(fixtures.ole2({"WordDocument": b"\xec\xa5" + bytes(100)}))
    with pytest.raises(InputError, match="not an Excel workbook"):
        sniff_format(doc)


def test_plain_zip_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "scores.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match="zip archive but not a spreadsheet"):
        sniff_format(path)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Tỉnh,Điểm\n".encode("utf-8-sig"), "utf-8-sig"),
        ("Tỉnh,Điểm\n".encode("utf-16"), "utf-16-le"),
        ("Tỉnh,Điểm\n".encode("utf-16-be"), "utf-16-be"),
        ("Tỉnh,Điểm\n".encode("utf-16-le"), "utf-16-le"),
        ("Tỉnh,Điểm\n".encode(), "utf-8"),
        (fixtures.to_cp1258("Tỉnh,Điểm\n"), "cp1258"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
    ],
)
def test_text_encoding(data, encoding):
    assert text_encoding(data) == encoding


# --------------------------------------------------------------------------------------------------
# OLE2


def test_ole2_reader_lists_and_reads_streams():
    ole = Ole2(GRID / "password.xlsx")
    assert ole.names() == ["EncryptionInfo", "EncryptedPackage"]
    assert ole.stream("encryptioninfo")[:4] == b"\x04\x00\x04\x00"
    assert len(ole.stream("EncryptedPackage")) >= 6144


def test_damaged_ole2_is_refused(tmp_path):
    cut = tmp_path / "cut.xls"
    cut.write_bytes((GRID / "merged_header.xls").read_bytes()[:1200])
    with pytest.raises(InputError, match="damaged"):
        xls_extents(cut)


# --------------------------------------------------------------------------------------------------
# check_zip


def test_zip_bomb_refused_fast_by_ratio(zip_bomb):
    assert zip_bomb.stat().st_size < 1_000_000
    start = time.process_time()
    with pytest.raises(InputError) as err:
        check_zip(zip_bomb)
    assert time.process_time() - start < HANG_SECONDS
    assert "zip bomb" in str(err.value)


def test_forged_size_header_caught_while_inflating(zip_bomb, tmp_path):
    forged = forge_declared_size(zip_bomb, tmp_path / "forged.xlsx", "xl/sharedStrings.xml", 4000)
    check_zip(forged)  # the directory alone now looks harmless
    start = time.process_time()
    with pytest.raises(InputError, match="more than the 4,000 bytes it declares"):
        xlsx_extents(forged)
    assert time.process_time() - start < HANG_SECONDS


def test_too_many_members_refused():
    check_zip(GRID / "merged_header.xlsx")
    with pytest.raises(InputError, match="it holds"):
        check_zip(GRID / "merged_header.xlsx", Limits(max_zip_entries=3))


def test_total_size_limit_refused():
    with pytest.raises(InputError, match="inflate to"):
        check_zip(GRID / "merged_header.xlsx", Limits(max_uncompressed=1000))


def test_dimension_beyond_excel_grid_refused(tmp_path):
    path = tmp_path / "impossible.xlsx"
    fixtures.write_raw_xlsx(path, "A1:ZZZ9999999", fixtures.SMALL)
    with pytest.raises(InputError, match="size Excel cannot hold"):
        check_zip(path)


def test_dimension_within_excel_grid_passes_check_zip():
    check_zip(GRID / "stray_cell.xlsx")  # left to read_grid, which reads it with a bounded engine


# --------------------------------------------------------------------------------------------------
# Real extents


def test_xlsx_extents_of_a_normal_workbook():
    visible, hidden = xlsx_extents(GRID / "merged_header.xlsx")
    assert (visible.name, visible.rows, visible.cols, visible.visible) == (
        "Chỉ số CCHC",
        7,
        8,
        True,
    )
    assert set(visible.merged) == set(fixtures.MERGES)
    assert (hidden.name, hidden.visible, hidden.rows, hidden.cols) == ("Ghi chú", False, 1, 2)
    assert visible.fits(DEFAULT_LIMITS)


def test_xlsx_extents_see_through_a_lying_dimension():
    (ext,) = xlsx_extents(GRID / "lying_dimension.xlsx")
    assert ext.declared == (2, 2)
    assert (ext.rows, ext.cols) == (6, 4)
    (ext,) = xlsx_extents(GRID / "lying_dimension_stray.xlsx")
    assert ext.declared == (2, 2)
    assert (ext.rows, ext.cols) == (1_048_576, 16_384)
    assert (ext.rows_within, ext.cols_within) == (3, 2)
    assert not ext.fits(DEFAULT_LIMITS)


def test_xlsx_extents_of_a_stray_cell():
    (ext,) = xlsx_extents(GRID / "stray_cell.xlsx")
    assert ext.declared == (1_048_576, 16_384)
    assert (ext.rows, ext.cols, ext.rows_within, ext.cols_within) == (1_048_576, 16_384, 3, 2)


def test_formatting_only_cells_do_not_count(tmp_path):
    path = tmp_path / "styled.xlsx"
    fixtures.write_raw_xlsx(path, "A1:B3", fixtures.SMALL)
    data = (
        zipfile.ZipFile(path)
        .read("xl/worksheets/sheet1.xml")
        .replace(b"</sheetData>", b'<row r="900000"><c r="Z900000" s="1"/></row></sheetData>')
    )
    rebuilt = tmp_path / "styled2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            body = data if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, body)
    (ext,) = xlsx_extents(rebuilt)
    assert (ext.rows, ext.cols) == (3, 2)


def test_cells_without_r_attribute_overestimate(tmp_path):
    path = tmp_path / "nor.xlsx"
    fixtures.write_raw_xlsx(path, "A1:B3", fixtures.SMALL)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b"</sheetData>", b"<row><c><v>1</v></c><c><v>2</v></c></row></sheetData>")
    rebuilt = tmp_path / "nor2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            body = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, body)
    (ext,) = xlsx_extents(rebuilt)
    assert ext.rows >= 4 and ext.cols >= 2


def test_xls_extents():
    visible, hidden = xls_extents(GRID / "merged_header.xls")
    assert (visible.name, visible.rows, visible.cols, visible.declared) == (
        "Chỉ số CCHC",
        7,
        8,
        (7, 8),
    )
    assert set(visible.merged) == set(fixtures.MERGES)
    assert hidden.visible is False
    (stray,) = xls_extents(GRID / "stray_cell.xls")
    assert (stray.rows, stray.cols) == (65_536, 256)
    (huge,) = xls_extents(GRID / "huge_dimensions.xls")
    assert huge.declared == (4_000_000_000, 256)
    assert (huge.rows, huge.cols) == (2, 2)
    assert not huge.fits(DEFAULT_LIMITS)


def test_xls_password_detected_before_calamine():
    with pytest.raises(InputError, match="password-protected"):
        xls_extents(GRID / "password.xls")


def test_ods_extents_ignore_repeated_empty_rows():
    visible, hidden = ods_extents(GRID / "merged_header.ods")
    assert (visible.name, visible.rows, visible.cols) == ("Chỉ số CCHC", 7, 8)
    assert set(visible.merged) == set(fixtures.MERGES)
    assert (hidden.name, hidden.visible) == ("Ghi chú", False)


def test_ods_repeat_bomb_measured_not_expanded():
    start = time.process_time()
    (ext,) = ods_extents(GRID / "repeat_bomb.ods")
    assert time.process_time() - start < HANG_SECONDS
    assert (ext.rows, ext.cols) == (1_048_576, 16_384)


# --------------------------------------------------------------------------------------------------
# Why the guards exist, and that they hold: child processes


def test_bare_calamine_aborts_on_a_stray_cell():
    """The hazard is real: calamine kills the process (SIGABRT), no exception to catch."""
    code = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        import python_calamine as pc
        wb = pc.CalamineWorkbook.from_path({str(GRID / "stray_cell.xlsx")!r})
        try:
            wb.get_sheet_by_name("Sheet1")
        except Exception:
            print("caught")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert b"caught" not in proc.stdout


HOSTILE = [
    "stray_cell.xlsx",
    "lying_dimension_stray.xlsx",
    "stray_row.xlsx",
    "stray_cell.xls",
    "huge_dimensions.xls",
    "repeat_bomb.ods",
    "password.xlsx",
    "password.xls",
    "truncated.xlsx",
    "image.png",
    "image_named.xlsx",
    "web_page.xls",
    "prose.csv",
]


def test_hostile_files_refused_fast_and_small(zip_bomb, tmp_path):
    forged = forge_declared_size(zip_bomb, tmp_path / "forged.xlsx", "xl/sharedStrings.xml", 4000)
    paths = [str(GRID / n) for n in HOSTILE] + [str(zip_bomb), str(forged)]
    code = textwrap.dedent(
        """
        import json, resource, sys, time
        from cchc_analysis.errors import InputError
        from cchc_analysis.io.grid import read_grid
        out = []
        for path in sys.argv[1:]:
            start = time.process_time()
            try:
                grid = read_grid(path)
                outcome = "notes" if grid.notes else "data"
            except InputError:
                outcome = "InputError"
            out.append((path, outcome, time.process_time() - start))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for line in open("/proc/self/status"):  # own peak; ru_maxrss may carry the parent's
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
        print(json.dumps({"results": out, "rss_mb": rss}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, timeout=120, text=True)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for path, outcome, seconds in report["results"]:
        assert outcome in ("InputError", "notes"), path
        assert seconds < HANG_SECONDS, (path, seconds)
    assert 20 < report["rss_mb"] < 300


# --------------------------------------------------------------------------------------------------
# Where calamine puts cells: the extents must cover it, whatever the XML syntax


def sheet_xlsx(path: Path, sheet_data: str, *, dimension: str = "A1", tail: str = "", head: str = "") -> Path:
    """A one-sheet xlsx whose <sheetData> content is ``sheet_data``, written as is (``head`` before it,
    e.g. ``<cols>``; ``tail`` after it)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/>{head}<sheetData>{sheet_data}</sheetData>{tail}</worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(zf, sheet)
    return path


def extent_in_chunks(path: Path, chunk: int):
    """The one sheet's extent of ``path``, scanned in chunks of ``chunk`` bytes (tags cut anywhere)."""
    from cchc_analysis.io import safety

    saved = safety.SCAN_CHUNK, safety.PIECE
    safety.SCAN_CHUNK, safety.PIECE = chunk, max(chunk // 4, 16)
    try:
        (ext,) = xlsx_extents(path)
    finally:
        safety.SCAN_CHUNK, safety.PIECE = saved
    return ext


FIRST = '<row r="1"><c r="A1"><v>1</v></c></row>'
# Syntax calamine 0.37 accepts, each placing a value at {ref} (D6 here, XFD1048576 in the hostile
# copies below). Measured on python-calamine 0.9.1: every one of these lands where calamine says.
PLACEMENTS = {
    "tab before r": FIRST + '<row r="2"><c\tr="{ref}"><v>2</v></c></row>',
    "newline before r": FIRST + '<row r="2"><c\nr="{ref}"><v>2</v></c></row>',
    "single quotes": FIRST + "<row r=\"2\"><c r='{ref}'><v>2</v></c></row>",
    "spaces around =": FIRST + '<row r="2"><c r = "{ref}"><v>2</v></c></row>',
    "prefixed cell": FIRST + '<row r="2"><x:c r="{ref}"><x:v>2</x:v></x:c></row>',
    "undeclared prefix": FIRST + '<row r="2"><y:c r="{ref}"><v>2</v></y:c></row>',
    "lower-case reference": FIRST + '<row r="2"><c r="{lower}"><v>2</v></c></row>',
    "second r wins": FIRST + '<row r="2"><c r="B1" r="{ref}"><v>2</v></c></row>',
    "second r without space": FIRST + '<row r="2"><c r="B1"r="{ref}"><v>2</v></c></row>',
    "r after another attribute": FIRST + '<row r="2"><c s="0" r="{ref}"><v>2</v></c></row>',
    "leading zeros": FIRST + '<row r="2"><c r="{zeros}"><v>2</v></c></row>',
    "'/>' inside a value": FIRST + '<row r="2"><c r="{ref}" x="/>"><v>2</v></c></row>',
    "'/>' inside a single-quoted value": FIRST + '<row r="2"><c r="{ref}" x=\'/>\'><v>2</v></c></row>',
    "'<row ' inside a value": FIRST + '<row r="2"><c r="B1" x="<row " r="{ref}"><v>2</v></c></row>',
    "big cell in a small row": '<row r="2"><c r="A2"><v>1</v></c><c r="{ref}"><v>1</v></c></row>',
    "rows out of order": '<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
    '<row r="2"><c r="B2"><v>2</v></c></row>',
    "cell outside any row": '<c r="A1"><v>1</v></c><c r="{ref}"><v>2</v></c>',
    "empty inline string": FIRST + '<row r="2"><c r="{ref}" t="inlineStr"><is><t></t></is></c></row>',
    "shared formula follower": FIRST + '<row r="2"><c r="{ref}"><f t="shared" si="0"/><v>3</v></c></row>',
}
# Cells without r continue from the previous one; small positions only (they cannot reach far).
POSITIONAL = {
    "cells without r": '<row r="5"><c><v>1</v></c><c><v>2</v></c><c r="C5"><v>3</v></c><c><v>4</v></c></row>',
    "rows without r": '<row r="3"><c r="A3"><v>1</v></c></row><row><c><v>2</v></c></row><row><c/></row>'
    "<row><c><v>3</v></c></row>",
    "after a self-closing row": '<row r="3"><c r="A3"><v>1</v></c></row><row r="7"/>'
    "<row><c><v>2</v></c></row>",
    "after self-closing cells": '<row r="2"><c s="1"/><c s="1"/><c><v>5</v></c></row>',
    "first row without r": "<row><c><v>1</v></c></row><row><c><v>2</v></c></row>",
    "row r then cells without r": FIRST + '<row r="9"><c><v>2</v></c></row>',
    "whitespace before a row's r": '<row\tr="4"><c><v>1</v></c></row>',
    "prefixed cells without r": '<row r="2"><c r="A2"><v>1</v></c>' + "<y:c><v>1</v></y:c>" * 5 + "</row>",
    "prefixed r is not r": '<row r="2"><c r="B2"><v>1</v></c><c x:r="D6"><v>2</v></c></row>',
}
# Counted although calamine leaves them out: an over-statement only sends the sheet to openpyxl.
OVERSTATED = {
    "cell without a value": FIRST + '<row r="2"><c r="{ref}"></c></row>',
    "self-closing value": FIRST + '<row r="2"><c r="{ref}"><v/></c></row>',
    "cell in a comment": FIRST + '<!-- <c r="{ref}"><v>2</v></c> -->',
}


def calamine_extent(path: Path) -> tuple[int, int]:
    """(rows, cols) calamine gives a small sheet: its last cell, 1-based."""
    import python_calamine as pc

    end = pc.CalamineWorkbook.from_path(path).get_sheet_by_name("Sheet1").end
    return (end[0] + 1, end[1] + 1) if end else (0, 0)


def fill(template: str, row: int, col: int) -> str:
    ref = a1(row - 1, col - 1)
    letters = ref.rstrip("0123456789")
    return template.format(ref=ref, lower=ref.lower(), zeros=f"{letters}000{row}", row=row)


@pytest.mark.parametrize("name", [*PLACEMENTS, *POSITIONAL])
def test_extents_match_calamine_placement(name, tmp_path):
    template = PLACEMENTS.get(name) or POSITIONAL[name]
    path = sheet_xlsx(tmp_path / "s.xlsx", fill(template, 6, 4))
    (ext,) = xlsx_extents(path)
    assert (ext.rows, ext.cols) == calamine_extent(path)


@pytest.mark.parametrize("name", OVERSTATED)
def test_extents_may_overstate_but_never_understate(name, tmp_path):
    path = sheet_xlsx(tmp_path / "s.xlsx", fill(OVERSTATED[name], 6, 4))
    (ext,) = xlsx_extents(path)
    assert (ext.rows, ext.cols) == (6, 4)
    assert calamine_extent(path) == (1, 1)


@pytest.mark.parametrize(
    ("sheet_data", "words"),
    [
        (FIRST + '<row r="2"><c r="$D$6"><v>2</v></c></row>', "'<c r=\"$D$6\">' is not a valid"),
        (FIRST + '<row r="2"><c r="D0"><v>2</v></c></row>', "not a valid cell or row tag"),
        (FIRST + '<row r="2"><c r="B1" foo r="D6"><v>2</v></c></row>', "not a valid cell or row tag"),
        ('<row r="x"><c><v>1</v></c></row>', "not a valid cell or row tag"),
        (FIRST + '<row r="2"><c r="AAAA6"><v>2</v></c></row>', "outside the grid Excel can hold"),
        (FIRST + '<row r="2"><c r="A2000000"><v>2</v></c></row>', "outside the grid Excel can hold"),
    ],
)
def test_impossible_cells_are_refused(sheet_data, words, tmp_path):
    with pytest.raises(InputError) as err:
        xlsx_extents(sheet_xlsx(tmp_path / "bad.xlsx", sheet_data))
    assert words in str(err.value)
    assert err.value.sheet == "Sheet1" and err.value.hint


def test_hostile_syntax_never_reaches_calamine(tmp_path):
    """Each placement trick, aimed at XFD1048576, ends in an InputError or a careful read."""
    paths = []
    for i, template in enumerate([*PLACEMENTS.values(), *OVERSTATED.values()]):
        paths.append(str(sheet_xlsx(tmp_path / f"h{i}.xlsx", fill(template, EXCEL_ROWS, EXCEL_COLS))))
    many = '<row r="9">' + "<y:c><v>1</v></y:c>" * 17_000 + "</row>"  # positions past XFD
    paths.append(str(sheet_xlsx(tmp_path / "many.xlsx", FIRST + many)))
    code = textwrap.dedent(
        """
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from cchc_analysis.errors import InputError
        from cchc_analysis.io.grid import read_grid
        out = []
        for path in sys.argv[1:]:
            try:
                grid = read_grid(path)
                cells = grid.sheets[0].cells
                out.append((path, grid.engine, [len(cells), len(cells[0]) if cells else 0]))
            except InputError as exc:
                out.append((path, "InputError", str(exc)[:80]))
        print(json.dumps(out))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, timeout=300, text=True)
    assert proc.returncode == 0, proc.stderr[-500:]
    for path, engine, detail in json.loads(proc.stdout):
        assert engine in ("InputError", "openpyxl"), (path, engine)
        if engine == "openpyxl":  # read up to the cells inside the limits only
            assert detail[0] <= 9 and detail[1] <= 4, (path, detail)


# --------------------------------------------------------------------------------------------------
# The fast scan and the exact scan


def shape(ext: SheetExtent) -> tuple:
    return (ext.rows, ext.cols, ext.rows_within, ext.cols_within, sorted(ext.merged))


def fast_scan(path: Path, part: str = "xl/worksheets/sheet1.xml") -> tuple | None:
    """The canonical (numpy) scan's extent of one part, or None when it gives up."""
    from cchc_analysis.io import safety

    with zipfile.ZipFile(path) as zf:
        chunks = safety._Chunks(zf, part, DEFAULT_LIMITS.max_uncompressed)
        fast, ext = safety._CanonicalScan(DEFAULT_LIMITS), SheetExtent("fast")
        ok = all(fast.feed(data, n) for data, n in chunks) and fast.finish(ext)
    return shape(ext) if ok else None


def scans(path: Path, part: str = "xl/worksheets/sheet1.xml") -> tuple[tuple | None, tuple]:
    """(canonical extent or None, exact extent) of one part."""
    from cchc_analysis.io import safety

    with zipfile.ZipFile(path) as zf:
        exact, ext = safety._ExactScan(DEFAULT_LIMITS, path, "exact"), SheetExtent("exact")
        for data, n in safety._Chunks(zf, part, DEFAULT_LIMITS.max_uncompressed):
            exact.feed(data, n)
        exact.finish(ext)
    return fast_scan(path, part), shape(ext)


def test_both_scans_agree_on_real_workbooks():
    for name in ("merged_header.xlsx", "stray_cell.xlsx", "lying_dimension.xlsx", "stray_row.xlsx"):
        fast, exact = scans(GRID / name)
        assert fast == exact, name
    fast, exact = scans(GRID / "merged_header.xlsx", "xl/worksheets/sheet2.xml")
    assert fast == exact == (1, 2, 1, 2, [])


CELL_FORMS = [
    '<{p}c r="{ref}"><{p}v>1.5</{p}v></{p}c>',
    '<{p}c r="{ref}" s="3" t="s"><{p}v>0</{p}v></{p}c>',
    '<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>Hà Nội</{p}t></{p}is></{p}c>',
    '<{p}c r="{ref}" s="2"><{p}f>SUM(A1:A2)</{p}f><{p}v>3</{p}v></{p}c>',
    '<{p}c r="{ref}" s="4"/>',  # formatting only
    '<{p}c r="{ref}"/>',
]


@settings(max_examples=60, deadline=None)
@given(
    cells=st.dictionaries(
        st.tuples(st.integers(1, 400), st.integers(1, 1200)),
        st.integers(0, len(CELL_FORMS) - 1),
        min_size=1,
        max_size=60,
    ),
    prefix=st.sampled_from(["", "x:"]),
    chunk=st.sampled_from([64, 256, 65536]),
    seed=st.integers(0, 2**16),
)
def test_fast_scan_is_exact_on_canonical_xml(cells, prefix, chunk, seed, tmp_path_factory):
    """Random sheets as spreadsheet programs write them, in any row order, cut at any chunk size."""
    import random

    from cchc_analysis.io import safety

    rng = random.Random(seed)
    by_row: dict[int, list[str]] = {}
    for (row, col), form in cells.items():
        by_row.setdefault(row, []).append(CELL_FORMS[form].format(p=prefix, ref=a1(row - 1, col - 1)))
    rows = list(by_row)
    rng.shuffle(rows)
    xml = "".join(f'<{prefix}row r="{r}" spans="1:9">{"".join(by_row[r])}</{prefix}row>' for r in rows)
    xml += f'<{prefix}row r="{rng.randint(1, 1_048_576)}" s="2" customFormat="1"/>'
    filled = [rc for rc, form in cells.items() if form < 4]
    want_rows = max((r for r, _ in filled), default=0)
    want_cols = max((c for _, c in filled), default=0)
    path = sheet_xlsx(tmp_path_factory.mktemp("c") / "c.xlsx", xml)
    saved = safety.SCAN_CHUNK, safety.PIECE
    safety.SCAN_CHUNK, safety.PIECE = chunk, max(chunk // 4, 16)
    try:
        fast, exact = scans(path)
        (ext,) = xlsx_extents(path)
    finally:
        safety.SCAN_CHUNK, safety.PIECE = saved
    within = [(r, c) for r, c in filled if c <= DEFAULT_LIMITS.max_cols]
    assert fast == exact
    assert fast[:4] == (
        want_rows,
        want_cols,
        max((r for r, _ in within), default=0),
        max((c for _, c in within), default=0),
    )
    assert (ext.rows, ext.cols) == (want_rows, want_cols)


def test_fast_scan_gives_up_on_anything_else(tmp_path):
    for name, template in {**PLACEMENTS, **POSITIONAL}.items():
        path = sheet_xlsx(tmp_path / "s.xlsx", fill(template, 6, 4))
        fast, exact = scans(path)
        if fast is not None:  # accepted: then it must agree with the exact scan
            assert fast == exact, name
    accepted = {
        name
        for name, template in PLACEMENTS.items()
        if scans(sheet_xlsx(tmp_path / "t.xlsx", fill(template, 6, 4)))[0] is not None
    }
    assert "second r wins" not in accepted and "tab before r" not in accepted
    assert "prefixed cell" in accepted and "big cell in a small row" in accepted


def test_blank_formatted_rows_to_the_last_row_are_not_cells(tmp_path):
    """Formatting applied down to row 1,048,576: 100,000 rows of styled empty cells past the data."""
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tỉnh</t></is></c><c r="B1" t="inlineStr"><is>'
        '<t>Điểm</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Hà Nội</t></is></c>'
        '<c r="B2"><v>88.5</v></c></row>'
    )
    blank = "".join(
        f'<row r="{r}" spans="1:2" s="1" customFormat="1"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>'
        for r in range(948_577, 1_048_577)
    )
    path = sheet_xlsx(tmp_path / "styled.xlsx", data + blank, dimension="A1:B1048576")
    start = time.process_time()
    check_zip(path)
    (ext,) = xlsx_extents(path)
    elapsed = time.process_time() - start
    assert (ext.rows, ext.cols, ext.declared) == (2, 2, (1_048_576, 2))
    assert fast_scan(path) == (2, 2, 2, 2, [])  # the fast scan handles it
    assert ext.empty_bytes > 0.9 * ext.xml_bytes  # and finds the rows the engine need not parse
    assert elapsed < HANG_SECONDS


def test_shared_string_table_size_is_bounded(tmp_path):
    """calamine loads every shared string first (about 55 bytes each): count them on the way."""
    n = 120_000  # about 2.5 MB of XML: the count runs across the 1 MB inflate chunks
    strings = "".join(f"<si><t>{i:06d}</t></si>" for i in range(n))
    path = tmp_path / "sst.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        fixtures.write_sheet_parts(
            zf,
            zipfile.ZipFile(GRID / "stray_row.xlsx").read("xl/worksheets/sheet1.xml"),
        )
        zf.writestr("xl/sharedStrings.xml", f'<sst count="{n}" uniqueCount="{n}">{strings}</sst>')
    xlsx_extents(path, Limits(max_shared_strings=n))
    with pytest.raises(InputError) as err:
        xlsx_extents(path, Limits(max_shared_strings=n - 1))
    assert f"holds {n:,} strings" in str(err.value) and "unsafe" in str(err.value)
    assert DEFAULT_LIMITS.max_shared_strings == 2_000_000


def test_a_tag_longer_than_the_damage_bound_is_refused(tmp_path, monkeypatch):
    from cchc_analysis.io import safety

    monkeypatch.setattr(safety, "MAX_TAG", 100_000)
    monkeypatch.setattr(safety, "SCAN_CHUNK", 50_000)
    monkeypatch.setattr(safety, "_WORKSPACE", threading.local())  # a fresh, small chunk buffer
    long_text = FIRST + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "x" * 80_000 + "</t></is></c></row>"
    (ext,) = xlsx_extents(sheet_xlsx(tmp_path / "long.xlsx", long_text))  # a long text is fine
    assert (ext.rows, ext.cols) == (2, 1)
    with pytest.raises(InputError, match="not worksheet XML"):
        xlsx_extents(sheet_xlsx(tmp_path / "junk.xlsx", FIRST, tail="x" * 300_000))


def test_exact_scan_refuses_comments_that_could_move_its_cursor(tmp_path):
    """Cells without r are placed by counting; a fake '</row>' or '<row r="1">' in a comment would
    shift the count where calamine's does not go, so such XML is refused on the careful scan."""
    cells = "<c><v>1</v></c>" * 3
    for fake in ('<!-- <row r="1"> -->', "<!-- </row> -->", "<![CDATA[</row>]]>", "<?pi </row>?>"):
        xml = f'<row r="500000">{cells}{fake}{cells}</row>'
        with pytest.raises(InputError, match="comment, a CDATA section or a processing instruction"):
            xlsx_extents(sheet_xlsx(tmp_path / "c.xlsx", xml))
    (ext,) = xlsx_extents(sheet_xlsx(tmp_path / "plain.xlsx", f'<row r="500000">{cells}{cells}</row>'))
    assert (ext.rows, ext.cols) == (500_000, 6)


# --------------------------------------------------------------------------------------------------
# Cells calamine shows as ordinary, noted on the same pass: errors, unsaved formulas, hidden rows

# (cell XML, what it must be noted as): None for a cell with nothing to note.
FLAG_FORMS = [
    ('<{p}c r="{ref}"><{p}v>1.5</{p}v></{p}c>', None),
    ('<{p}c r="{ref}" s="1" t="e"><{p}v>#REF!</{p}v></{p}c>', ("#REF!", "error")),
    ('<{p}c r="{ref}" s="2"><{p}f>SUM(A1:A2)</{p}f><{p}v>3</{p}v></{p}c>', None),
    ('<{p}c r="{ref}"><{p}f>IF(A1&gt;0,"e",B1)</{p}f></{p}c>', ('=IF(A1>0,"e",B1)', "uncached")),
    ('<{p}c r="{ref}"><{p}f>B1*2</{p}f><{p}v></{p}v></{p}c>', ("=B1*2", "uncached")),
    ('<{p}c r="{ref}"><{p}f t="shared" si="0"/></{p}c>', ("a shared formula", "uncached")),
    ('<{p}c r="{ref}" t="e"><{p}f>1/0</{p}f><{p}v>#DIV/0!</{p}v></{p}c>', ("#DIV/0!", "error")),
    ('<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>hidden="1" n= "e" a:f b</{p}t></{p}is></{p}c>', None),
    ('<{p}c r="{ref}" t="str"><{p}f>""</{p}f><{p}v></{p}v></{p}c>', None),
    ('<{p}c r="{ref}" s="4"/>', None),
    ('<{p}c r="{ref}" t="e"/>', None),
]


def _flag_sheet(cells: dict, hidden: set[int], prefix: str) -> tuple[str, dict, set]:
    """Sheet XML holding ``cells`` ({(row, col): form}) with ``hidden`` rows, and what it must give."""
    by_row: dict[int, list[str]] = {r: [] for r in hidden}
    want = {}
    for (row, col), form in sorted(cells.items()):
        xml, note = FLAG_FORMS[form]
        by_row.setdefault(row, []).append(xml.format(p=prefix, ref=a1(row - 1, col - 1)))
        if note:
            want[(row - 1, col - 1)] = note
    rows = []
    for r in sorted(by_row):
        attrs = f'r="{r}" spans="1:9"' + (' hidden="1"' if r in hidden else "")
        inner = "".join(by_row[r])
        rows.append(f"<{prefix}row {attrs}>{inner}</{prefix}row>" if inner else f"<{prefix}row {attrs}/>")
    return "".join(rows), want, {r - 1 for r in hidden}


@settings(max_examples=60, deadline=None)
@given(
    cells=st.dictionaries(
        st.tuples(st.integers(1, 300), st.integers(1, 40)),
        st.integers(0, len(FLAG_FORMS) - 1),
        min_size=1,
        max_size=80,
    ),
    hidden=st.sets(st.integers(1, 300), max_size=10),
    prefix=st.sampled_from(["", "x:"]),
    chunk=st.sampled_from([64, 256, 65536]),
    positional=st.booleans(),
)
def test_flags_are_noted_wherever_the_chunks_cut(cells, hidden, prefix, chunk, positional, tmp_path_factory):
    """Random sheets cut into chunks of any size (cells cross the cuts), on the fast scan's path and
    on the exact scan's (a cell without r sends the sheet there)."""

    xml, want, want_hidden = _flag_sheet(cells, hidden, prefix)
    if positional:
        xml += f"<{prefix}row><{prefix}c><{prefix}v>1</{prefix}v></{prefix}c></{prefix}row>"
    path = sheet_xlsx(tmp_path_factory.mktemp("f") / "f.xlsx", xml)
    ext = extent_in_chunks(path, chunk)
    assert ext.problems == want
    assert ext.hidden_rows == want_hidden


def test_flags_of_the_bad_corpus():
    bad = Path(__file__).parent / "data" / "bad"
    (ext,) = xlsx_extents(bad / "error_ref.xlsx")
    assert list(ext.problems.values()) == [("#REF!", "error")]
    (ext,) = xlsx_extents(bad / "formulas_no_cache.xlsx")
    assert len(ext.problems) == 5 and {kind for _, kind in ext.problems.values()} == {"uncached"}
    assert all(text.startswith("=") for text, _ in ext.problems.values())
    (ext,) = xlsx_extents(bad / "hidden_rows.xlsx")
    assert len(ext.hidden_rows) == 2 and not ext.problems
    (ext, _) = xlsx_extents(GRID / "merged_header.xlsx")
    assert (ext.problems, ext.hidden_rows) == ({}, set())


def test_a_sheet_of_formulas_is_noted_fast_and_exactly(tmp_path):
    """Saved results are recognised in bulk; only the formulas without one are read one by one."""
    rows, want = [], {}
    for r in range(1, 401):
        cells = []
        for c in range(40):
            ref = a1(r - 1, c)
            if (r * 40 + c) % 97 == 0:
                cells.append(f'<c r="{ref}"><f>ROUND(X{r}*{c},2)</f><v></v></c>')
                want[(r - 1, c)] = (f"=ROUND(X{r}*{c},2)", "uncached")
            else:
                cells.append(f'<c r="{ref}" s="2"><f>ROUND(X{r}*{c},2)</f><v>{r * c / 7:.2f}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    path = sheet_xlsx(tmp_path / "formulas.xlsx", "".join(rows))
    start = time.process_time()
    (ext,) = xlsx_extents(path)
    assert time.process_time() - start < HANG_SECONDS
    assert ext.problems == want and len(want) == 165


def test_too_many_flagged_cells_are_refused(tmp_path):
    row = "".join(f'<c r="{a1(0, c)}" t="e"><v>#REF!</v></c>' for c in range(50))
    path = sheet_xlsx(tmp_path / "refs.xlsx", f'<row r="1">{row}</row>')
    (ext,) = xlsx_extents(path, Limits(max_flagged_cells=50))
    assert len(ext.problems) == 50
    with pytest.raises(InputError, match="More than 49 cells of the sheet hold an Excel error") as err:
        xlsx_extents(path, Limits(max_flagged_cells=49))
    assert err.value.sheet == "Sheet1" and "save it again" in err.value.hint
    assert DEFAULT_LIMITS.max_flagged_cells == 200_000


@pytest.mark.parametrize(
    "junk",
    [
        '<row r="2">' + '<c r="A2" t="e"><v>1</v>' * 40_000 + "</row>",  # cells never closed
        '<row r="2"><c r="A2" t="e">' + "<f>1" * 200_000 + "</row>",  # one cell never closed
        '<row r="2" ' + 'n="1" ' * 150_000 + "/>",  # one tag full of 'n='
        '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "a:f " * 250_000 + "</t></is></c></row>",
        '<row r="2">' + '<c r="A2" t="e"/><f>1</f>' * 60_000 + "</row>",  # formulas outside cells
    ],
)
def test_noting_flags_stays_linear_on_hostile_xml(junk, tmp_path):
    path = sheet_xlsx(tmp_path / "junk.xlsx", FIRST + junk)
    start = time.process_time()
    with contextlib.suppress(InputError):
        xlsx_extents(path)
    assert time.process_time() - start < HANG_SECONDS


# --------------------------------------------------------------------------------------------------
# Rows of empty formatted cells: proved empty chunk by chunk, left out of what calamine parses

EMPTY_ROWS = {
    "value": '<row r="{r}" spans="1:3"><c r="A{r}"><v>{r}</v></c><c r="C{r}" s="1"/></row>',
    "empty": '<row r="{r}" spans="1:3" s="1" customFormat="1" ht="15.75"><c r="A{r}" s="1"/>'
    '<c r="B{r}" s="1"/><c r="C{r}" s="1"/></row>',
    "hidden": '<row r="{r}" hidden="1"><c r="A{r}" s="1"/></row>',
    "bare row": '<row r="{r}" s="1" customFormat="1"/>',
    "text": '<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>Hà Nội {r}</t></is></c></row>',
}


def _grids(path: Path, chunk: int, skip: bool):
    """(extent, grid) of a one-sheet xlsx read in chunks of ``chunk`` bytes, with rows of empty
    cells left out of what calamine parses (``skip``) or not."""
    from cchc_analysis.io import grid, safety

    saved = safety.SCAN_CHUNK, safety.PIECE, grid.EMPTY_ROWS_MIN
    safety.SCAN_CHUNK, safety.PIECE = chunk, max(chunk // 4, 16)
    grid.EMPTY_ROWS_MIN = 1 if skip else 1 << 62
    try:
        (ext,) = xlsx_extents(path)
        return ext, grid.read_grid(path)
    finally:
        safety.SCAN_CHUNK, safety.PIECE, grid.EMPTY_ROWS_MIN = saved


@settings(max_examples=50, deadline=None)
@given(
    layout=st.lists(
        st.sampled_from(["value", "empty", "empty", "empty", "empty", "hidden", "bare row", "text"]),
        min_size=1,
        max_size=150,
    ),
    chunk=st.sampled_from([128, 512, 4096]),
)
def test_rows_of_empty_cells_are_left_out_and_nothing_else(layout, chunk, tmp_path_factory):
    """Whatever the mix of rows with values, empty formatted rows, hidden and bare rows, and
    wherever the chunks cut: the extents are those of the exact scan, hidden rows are all noted, and
    calamine reading the copy without the empty rows gives the same grid as reading everything."""
    xml = "".join(EMPTY_ROWS[kind].format(r=r) for r, kind in enumerate(layout, start=1))
    path = sheet_xlsx(
        tmp_path_factory.mktemp("e") / "e.xlsx",
        xml,
        tail='<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>',
    )
    ext, skipped = _grids(path, chunk, skip=True)
    _, whole = _grids(path, chunk, skip=False)
    fast, exact = scans(path)
    assert fast == exact == shape(ext)
    assert ext.hidden_rows == {r - 1 for r, kind in enumerate(layout, start=1) if kind == "hidden"}
    assert skipped.sheets[0].cells == whole.sheets[0].cells
    assert skipped.sheets[0].merged == whole.sheets[0].merged == [(0, 0, 0, 2)]
    for start, end in ext.empty_spans:
        with zipfile.ZipFile(path) as zf:
            text = zf.read("xl/worksheets/sheet1.xml")[start:end]
        assert text.startswith(b"<row ") and b"<v>" not in text and b"<is>" not in text
    if any(run >= 40 for run in _runs(layout, "empty")) and chunk <= 512:
        assert ext.empty_spans and any("rows of empty formatted cells" in n for n in skipped.notes)


def _runs(layout: list[str], kind: str) -> list[int]:
    runs, n = [], 0
    for k in layout:
        n = n + 1 if k == kind else 0
        runs.append(n)
    return runs


@pytest.mark.parametrize(
    "trick",
    [
        # a cell whose quote stays open over the empty rows: its '/>' is inside an attribute value
        '<row r="2"><c r="XFD1048576" a="/>{empty}"><v>5</v></c></row>',
        # the same with the cell's start in a row tag's quote
        '<row r="2" a="{empty}"><c r="XFD1048576"><v>5</v></c></row>',
        # a cell with a value between empty rows, its end tag many chunks later
        '<row r="2"><c r="XFD1048576"><v>5</v>{empty}</c></row>',
    ],
)
def test_a_value_hidden_among_empty_rows_is_still_found(trick, tmp_path):
    from cchc_analysis.io import safety

    empty = "".join(EMPTY_ROWS["empty"].format(r=r) for r in range(3, 400))
    xml = EMPTY_ROWS["value"].format(r=1) + trick.format(empty=empty)
    path = sheet_xlsx(tmp_path / "t.xlsx", xml)
    saved = safety.SCAN_CHUNK, safety.PIECE
    safety.SCAN_CHUNK, safety.PIECE = 512, 128
    try:
        (ext,) = xlsx_extents(path)
    finally:
        safety.SCAN_CHUNK, safety.PIECE = saved
    assert (ext.rows, ext.cols) == (EXCEL_ROWS, EXCEL_COLS)
    assert ext.empty_spans  # the empty rows inside are proved empty, and may be left out
    with zipfile.ZipFile(path) as zf:
        part = zf.read(ext.part)
    assert all(b"XFD" not in part[start:end] for start, end in ext.empty_spans)


def test_a_copy_without_empty_rows_keeps_every_other_member(tmp_path):
    from cchc_analysis.io import safety

    base = GRID / "merged_header.xlsx"
    (ext, _) = xlsx_extents(base)
    assert ext.empty_spans == []
    with zipfile.ZipFile(base) as zf:
        xml = zf.read(ext.part)
    ext.empty_spans = [(0, 0)]  # nothing left out: the copy holds the same bytes, stored
    safety.without_empty_rows(base, [ext], tmp_path / "copy.xlsx", DEFAULT_LIMITS)
    with zipfile.ZipFile(base) as a, zipfile.ZipFile(tmp_path / "copy.xlsx") as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(n) == b.read(n) for n in a.namelist())
        assert {i.compress_type for i in b.infolist()} == {zipfile.ZIP_STORED}
    ext.empty_spans = [(10, 20), (30, 40)]
    safety.without_empty_rows(base, [ext], tmp_path / "cut.xlsx", DEFAULT_LIMITS)
    with zipfile.ZipFile(tmp_path / "cut.xlsx") as zf:
        assert zf.read(ext.part) == xml[:10] + xml[20:30] + xml[40:]


def test_big_sheet_without_cell_references_is_refused_not_scanned_for_a_minute(tmp_path):
    """Cells written without ``r`` need the tag-by-tag scan (about 1 s per 10 MB); above
    ``max_exact_scan`` such a sheet is refused at once, with the file, the sheet and what to do."""
    row = "<row>" + "<c><v>1</v></c>" * 20 + "</row>"
    small = sheet_xlsx(tmp_path / "small.xlsx", row * 50)
    (ext,) = xlsx_extents(small)
    assert (ext.rows, ext.cols) == (50, 20)
    big = sheet_xlsx(tmp_path / "big.xlsx", row * 2_000)
    (ext,) = xlsx_extents(big)  # 0.7 MB: within the default bound, scanned exactly
    assert (ext.rows, ext.cols) == (2_000, 20)
    start = time.process_time()
    with pytest.raises(InputError, match=r"not written the way Excel or LibreOffice write it") as err:
        xlsx_extents(big, Limits(max_exact_scan=100_000))
    assert time.process_time() - start < HANG_SECONDS
    assert err.value.sheet == "Sheet1" and str(err.value.file).endswith("big.xlsx")
    assert "save a copy" in err.value.hint
    assert DEFAULT_LIMITS.max_exact_scan == 4 * 1024 * 1024


@pytest.mark.parametrize("chunk", [64, 256, 65536])
def test_hidden_column_ranges_are_noted_wherever_the_chunks_cut(chunk, tmp_path):
    """<col> ranges marked hidden, in either attribute order, beside visible ones and hidden="0"."""
    cols = (
        '<cols><col min="1" max="2" width="5"/><col hidden="1" min="3" max="5" width="9"/>'
        '<col min="7" max="7" customWidth="1" hidden="true"/><col min="8" max="8" hidden="0"/></cols>'
    )
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="H{r}"><v>{r}</v></c></row>' for r in range(1, 40)
    )
    path = sheet_xlsx(tmp_path / "cols.xlsx", rows, dimension="A1:H39", head=cols)
    assert extent_in_chunks(path, chunk).hidden_cols == [(2, 4), (6, 6)]


@pytest.mark.parametrize(
    ("chunk", "empty"),
    [
        ('<row r="3"><c r="A3" s="1"/><c r="B3" s="1"/></row><row r="4"><c r="A4" s="1"/></row>', True),
        # a value after the empty rows: the first closing tag is </row>, the whole check finds the </v>
        ('<row r="3"><c r="A3" s="1"/></row><row r="4"><c r="A4"><v>1</v></c></row>', False),
        # a value first: its </v> ends the look at once
        ('<row r="3"><c r="A3"><v>1</v></c></row><row r="4"><c r="A4" s="1"/></row>', False),
        ('<x:row r="3"><x:c r="A3" s="1"/></x:row>', False),  # prefixed rows: not proved, scanned in full
        ('<row r="3"><c r="A3" s="1"/></row >', False),
    ],
)
def test_a_chunk_is_called_empty_rows_only_when_it_is(chunk, empty):
    from cchc_analysis.io import safety

    data = chunk.encode() + bytes(32)
    assert safety._CanonicalScan(DEFAULT_LIMITS)._empty_rows(data, len(chunk), 0) is empty
