"""The guards in cchc_analysis.io.safety: format sniffing, zip checks, real sheet extents.

Hostile files must end in an InputError (or bounded data with a note) in under a second, and the
process must stay well under 300 MB: measured in a child process with ru_maxrss.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    Ole2,
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

GRID = Path(__file__).parent / "data" / "grid"
_spec = importlib.util.spec_from_file_location("make_fixtures", GRID / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)


def make_zip_bomb(path: Path, mb: int = 200) -> Path:
    """An xlsx-shaped archive whose sharedStrings.xml is ``mb`` MB of zeros (about 0.1 % packed)."""
    zero = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", fixtures.CONTENT_TYPES)
        zf.writestr("_rels/.rels", fixtures.ROOT_RELS)
        zf.writestr("xl/workbook.xml", fixtures.WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", fixtures.WORKBOOK_RELS)
        zf.writestr(
            "xl/worksheets/sheet1.xml",
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
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        check_zip(zip_bomb)
    assert time.perf_counter() - start < 1.0
    assert "zip bomb" in str(err.value)


def test_forged_size_header_caught_while_inflating(zip_bomb, tmp_path):
    forged = forge_declared_size(zip_bomb, tmp_path / "forged.xlsx", "xl/sharedStrings.xml", 4000)
    check_zip(forged)  # the directory alone now looks harmless
    start = time.perf_counter()
    with pytest.raises(InputError, match="more than the 4,000 bytes it declares"):
        xlsx_extents(forged)
    assert time.perf_counter() - start < 1.0


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
    start = time.perf_counter()
    (ext,) = ods_extents(GRID / "repeat_bomb.ods")
    assert time.perf_counter() - start < 1.0
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
            start = time.perf_counter()
            try:
                grid = read_grid(path)
                outcome = "notes" if grid.notes else "data"
            except InputError:
                outcome = "InputError"
            out.append((path, outcome, time.perf_counter() - start))
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
        assert seconds < 1.0, (path, seconds)
    assert 20 < report["rss_mb"] < 300
