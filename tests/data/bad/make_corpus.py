"""Write the corpus of bad and hostile spreadsheets read by tests/test_bad_inputs.py.

Run from the project root: ``.venv/bin/python tests/data/bad/make_corpus.py``. It rewrites every file
of :data:`CASES` in this folder and ``EXPECTED.md`` from the same list, byte for byte the same on every
run (zip timestamps and document properties are fixed), so a test can check the committed files against
a fresh run. Every file is a few KB.

Two cases are too big to commit and are built by the tests in a temporary folder with the functions
:func:`write_zip_bomb` and :func:`write_blank_formatted_rows`.

All numbers are invented ("Dữ liệu mô phỏng"); the province names are real so that units resolve.
"""

from __future__ import annotations

import importlib.util
import io
import re
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from cchc_analysis.io.legacy import encode_tcvn3, encode_vni

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def _grid_fixtures():
    """The BIFF8/OLE2/ODS/cp1258 writers of tests/data/grid/make_fixtures.py (imported, not copied)."""
    spec = importlib.util.spec_from_file_location("grid_fixtures", HERE.parent / "grid" / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GRID = _grid_fixtures()

# ---------------------------------------------------------------------------------------------------------
# The base table: PAPI 2022 dimensions of five provinces, total = sum of the eight dimensions.

TITLE = "CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG CẤP TỈNH (PAPI) NĂM 2022"
SIMULATED = "Dữ liệu mô phỏng: bộ tệp kiểm thử đầu vào hỏng"
DIMENSIONS = [
    "1. Tham gia của người dân ở cấp cơ sở",
    "2. Công khai, minh bạch trong việc ra quyết định ở địa phương",
    "3. Trách nhiệm giải trình với người dân",
    "4. Kiểm soát tham nhũng trong khu vực công",
    "5. Thủ tục hành chính công",
    "6. Cung ứng dịch vụ công",
    "7. Quản trị môi trường",
    "8. Quản trị điện tử",
]
HEADER = ["STT", "Tỉnh, thành phố", *DIMENSIONS, "Tổng điểm", "Xếp hạng"]
UNITS = ["Quảng Ninh", "Hải Phòng", "Thừa Thiên Huế", "Đồng Tháp", "Bà Rịa - Vũng Tàu"]
SCORES = [
    [5.25, 5.75, 4.5, 7.0, 7.5, 7.75, 4.0, 4.25],
    [5.0, 5.5, 4.25, 6.75, 7.25, 7.5, 3.75, 4.0],
    [4.75, 5.25, 4.0, 6.5, 7.0, 7.25, 3.5, 3.75],
    [4.5, 5.0, 3.75, 6.25, 6.75, 7.0, 3.25, 3.5],
    [4.25, 4.75, 3.5, 6.0, 6.5, 6.75, 3.0, 3.25],
]
TOTALS = [sum(s) for s in SCORES]  # 46.0, 44.0, 42.0, 40.0, 38.0: exact in binary
HEADER_ROW = 4  # 1-based row of HEADER in the base sheet; data rows follow


def base_rows(
    units: list[str] = UNITS, scores: list[list[object]] = SCORES, totals: list[object] | None = None
) -> list[list[object]]:
    """Title, simulated-data line, a blank row, the header and one row per unit with its rank."""
    totals = TOTALS if totals is None else totals
    rows: list[list[object]] = [[TITLE], [SIMULATED], [], HEADER]
    for i, (unit, dims, total) in enumerate(zip(units, scores, totals, strict=True), start=1):
        rows.append([i, unit, *dims, total, f"{i:02d}/{len(units)}"])
    return rows


# ---------------------------------------------------------------------------------------------------------
# Writers


def _normalise_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps and document dates (byte-deterministic)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-01-01T00:00:00Z", body)
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


def workbook_bytes(
    sheets: dict[str, list[list[object]]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden_sheets: tuple[str, ...] = (),
    hidden_rows: dict[str, list[int]] | None = None,
    text_cells: dict[str, list[str]] | None = None,
    font: str | None = None,
) -> bytes:
    """An .xlsx written by openpyxl, normalised to be byte-deterministic.

    Args:
        sheets: rows per sheet (``None`` = empty cell; text starting with ``=`` is a formula unless the
            cell is listed in ``text_cells``; ``#REF!`` and the other Excel error codes are error cells).
        merges: merged ranges per sheet ("C6:C7").
        hidden_sheets: sheets saved as hidden.
        hidden_rows: 1-based rows saved as hidden, per sheet.
        text_cells: cells ("B5") whose text is stored as text even when it starts with "=".
        font: a font for every cell (".VnTime" for TCVN3 text, "VNI-Times" for VNI).
    """
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (text_cells or {}).get(name, []):
            ws[ref].data_type = "s"
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        if name in hidden_sheets:
            ws.sheet_state = "hidden"
        if font:
            for row in ws.iter_rows():
                for cell in row:
                    cell.font = openpyxl.styles.Font(name=font)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _edit_sheet_xml(
    data: bytes, edit: Callable[[bytes], bytes], part: str = "xl/worksheets/sheet1.xml"
) -> bytes:
    """The archive with one worksheet's XML passed through ``edit``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                body = edit(body)
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


def base_xlsx(**kwargs) -> bytes:
    return workbook_bytes({"PAPI 2022": base_rows()}, **kwargs)


def xls_bytes(rows: list[list[object]], *, password: bool = False, sheet: str = "PAPI 2022") -> bytes:
    """An .xls (BIFF8 in OLE2) holding ``rows``; ranks and other text as LABEL records."""
    grid = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    workbook = GRID.biff8_workbook([(sheet, False, grid, [], None)], password=password)
    return GRID.ole2({"Workbook": workbook})


def xls_with_errors(rows: list[list[object]], errors: dict[tuple[int, int], tuple[str, int]]) -> bytes:
    """An .xls whose cells at ``errors`` ((row, col) → (record, BIFF error code)) hold Excel errors.

    ``record`` is ``"BOOLERR"`` (an error typed or pasted as a value) or ``"FORMULA"`` (a formula whose
    saved result is the error; its formula bytes are left empty); ``"HIDDEN"`` keeps the number and
    marks its row hidden.
    """
    number = GRID._number

    def cell(r: int, c: int, value: float) -> bytes:
        if (r, c) not in errors:
            return number(r, c, value)
        record, code = errors[(r, c)]
        if record == "HIDDEN":  # a ROW record saying the row is hidden, then the number itself
            row = GRID._rec(0x0208, struct.pack("<HHHHHHHH", r, 0, 12, 300, 0, 0, 0x0120, 0x0F))
            return row + number(r, c, value)
        if record == "BOOLERR":
            return GRID._rec(0x0205, struct.pack("<HHHBB", r, c, 0, code, 1))
        result = bytes([2, 0, code, 0, 0, 0, 0xFF, 0xFF])
        return GRID._rec(0x0006, struct.pack("<HHH", r, c, 0) + result + struct.pack("<HIH", 0, 0, 0))

    GRID._number = cell
    try:
        return xls_bytes(rows)
    finally:
        GRID._number = number


def csv_text(rows: list[list[object]], sep: str = ";") -> str:
    def cell(v: object) -> str:
        if v is None:
            return ""
        text = f"{v:g}".replace(".", ",") if isinstance(v, float) else str(v)
        return f'"{text}"' if sep in text else text

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


# ---------------------------------------------------------------------------------------------------------
# The cases


@dataclass
class Case:
    """One bad input: its file name, how it is built, and what reading it must give.

    Args:
        name: the file name in this folder.
        problem: what is wrong with it, in a few words.
        outcome: ``"error"`` (an :class:`~cchc_analysis.errors.InputError`) or ``"data"`` (the right
            numbers, with the warnings listed).
        says: words the error message (or one of the warnings) must contain: the file, the sheet, the cell
            or row, and what to do.
        build: returns the file's bytes.
        detail: the expected outcome in words, for EXPECTED.md.
    """

    name: str
    problem: str
    outcome: str
    says: list[str]
    build: Callable[[], bytes]
    detail: str
    kwargs: dict = field(default_factory=dict)


def _pdf() -> bytes:
    """A small PDF as scanners and report tools write it: a binary marker line and a compressed stream."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Chi so PAPI 2022) Tj ET" * 20)
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _truncated() -> bytes:
    data = base_xlsx()
    return data[: len(data) // 2]


def _corrupt_member() -> bytes:
    """The worksheet's compressed bytes overwritten in the middle: the archive directory is intact."""
    data = bytearray(base_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = b"\xff" * 16
    return bytes(data)


def _encrypted_xlsx() -> bytes:
    return GRID.ole2({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(60), "EncryptedPackage": bytes(512)})


def _stray_cell() -> bytes:
    wb_bytes = base_xlsx()

    def add(xml: bytes) -> bytes:
        stray = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", stray + b"</sheetData>")

    return _edit_sheet_xml(wb_bytes, add)


def _dimension(ref: bytes) -> Callable[[], bytes]:
    def build() -> bytes:
        return _edit_sheet_xml(
            base_xlsx(), lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', x)
        )

    return build


def _formulas(cached: bool) -> Callable[[], bytes]:
    """The total column as =SUM(C5:J5) formulas; with ``cached`` the results are stored, as Excel does."""

    def build() -> bytes:
        rows = base_rows()
        for i, row in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
            row[10] = f"=SUM(C{i}:J{i})"
        data = workbook_bytes({"PAPI 2022": rows})
        if not cached:
            return data
        totals = iter(TOTALS)
        return _edit_sheet_xml(
            data, lambda x: re.sub(rb"<v\s*/>", lambda _: f"<v>{next(totals):g}</v>".encode(), x)
        )

    return build


def _with(row: int, col: int, value: object) -> Callable[[], bytes]:
    """The base table with one data cell (0-based data row, 0-based column) replaced."""

    def build() -> bytes:
        rows = base_rows()
        rows[HEADER_ROW + row][col] = value
        return workbook_bytes({"PAPI 2022": rows})

    return build


def _error_in_note() -> bytes:
    rows = base_rows()
    rows[HEADER_ROW - 1].append("Ghi chú")
    for row in rows[HEADER_ROW:]:
        row.append(None)
    rows[HEADER_ROW + 1][-1] = "#REF!"
    return workbook_bytes({"PAPI 2022": rows})


def _total_disagrees() -> bytes:
    totals = list(TOTALS)
    totals[2] = 44.5  # Thừa Thiên Huế: components add up to 42
    return workbook_bytes({"PAPI 2022": base_rows(totals=totals)})


def _duplicate_units() -> bytes:
    units = [*UNITS[:4], "QUẢNG NINH"]
    return workbook_bytes({"PAPI 2022": base_rows(units=units)})


def _unknown_unit() -> bytes:
    units = [UNITS[0], "Hải Phongg", *UNITS[2:]]
    return workbook_bytes({"PAPI 2022": base_rows(units=units)})


def _missing_header() -> bytes:
    rows = base_rows()
    del rows[HEADER_ROW - 1]
    return workbook_bytes({"PAPI 2022": rows})


def _header_row_12() -> bytes:
    rows = base_rows()
    filler = [[f"Căn cứ văn bản số {i}/UBND-NC"] for i in range(1, 9)]
    return workbook_bytes({"PAPI 2022": [*rows[:3], *filler, *rows[3:]]})


def _two_tables() -> bytes:
    rows = base_rows()
    first = rows[: HEADER_ROW + 3]
    second = [[], ["BẢNG 2: CÁC TỈNH CÒN LẠI"], HEADER]
    for i, (unit, dims, total) in enumerate(zip(UNITS[3:], SCORES[3:], TOTALS[3:], strict=True), start=4):
        second.append([i, unit, *dims, total, f"{i:02d}/5"])
    return workbook_bytes({"PAPI 2022": first + second})


def _hidden_rows() -> bytes:
    return base_xlsx(hidden_rows={"PAPI 2022": [HEADER_ROW + 2, HEADER_ROW + 4]})


def _hidden_sheet() -> bytes:
    other = base_rows(scores=[[9.0] * 8] * 5, totals=[72.0] * 5)
    return workbook_bytes({"PAPI 2022": base_rows(), "Bản nháp": other}, hidden_sheets=("Bản nháp",))


def _merged_data() -> bytes:
    """Rows 8 and 9 (Đồng Tháp, Bà Rịa - Vũng Tàu) share one merged cell for dimension 7 (column I)."""
    scores = [list(s) for s in SCORES]
    scores[4][6] = None
    return workbook_bytes(
        {"PAPI 2022": base_rows(scores=scores, totals=[*TOTALS[:4], TOTALS[4] + 0.25])},
        merges={"PAPI 2022": [f"I{HEADER_ROW + 4}:I{HEADER_ROW + 5}"]},
    )


def _section_rows_merged() -> bytes:
    """Bloc rows merged across the whole table width, as provinces print them."""
    rows = base_rows()
    body = rows[HEADER_ROW:]
    out = [*rows[:HEADER_ROW], ["I", "Nhóm 1: điểm cao"], *body[:2], ["II", "Nhóm 2: còn lại"], *body[2:]]
    merges = [f"B{HEADER_ROW + 1}:L{HEADER_ROW + 1}", f"B{HEADER_ROW + 4}:L{HEADER_ROW + 4}"]
    return workbook_bytes({"PAPI 2022": out}, merges={"PAPI 2022": merges})


def _nfd() -> bytes:
    rows = base_rows()
    nfd = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in row] for row in rows]
    return workbook_bytes({"PAPI 2022": nfd})


def _tcvn3(text: str) -> str:
    """TCVN3 as typed: capitals in the .VnTimeH font (TCVN3 has no toned capitals in .VnTime)."""
    return encode_tcvn3(text, vntimeh=text.isupper())


def _legacy(encode: Callable[[str], str], font: str) -> Callable[[], bytes]:
    def build() -> bytes:
        rows = [[encode(v) if isinstance(v, str) else v for v in row] for row in base_rows()]
        return workbook_bytes({"PAPI 2022": rows}, font=font)

    return build


def _decimal_text(values: list[str], total_col: bool = True) -> Callable[[], bytes]:
    """The total column written as text (as copied from a report)."""

    def build() -> bytes:
        rows = base_rows(totals=values) if total_col else base_rows()
        return workbook_bytes({"PAPI 2022": rows})

    return build


def _ambiguous_undecided() -> bytes:
    # districts, scored under their province's own set: no maximum decides it either (the provinces' PAR
    # INDEX, out of 100, would: 1250 is beyond it)
    rows = [
        ["CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ NĂM 2022"],
        [SIMULATED],
        ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"],
        [1, "Huyện Vân Đồn", "1.250", "01"],
        [2, "Huyện Hải Hà", "2.500", "02"],
    ]
    return workbook_bytes({"PAR": rows})


def _empty_sheet() -> bytes:
    return workbook_bytes({"Sheet1": []})


def _empty_plus_good() -> bytes:
    return workbook_bytes({"Trống": [], "PAPI 2022": base_rows()})


def _header_only() -> bytes:
    return workbook_bytes({"PAPI 2022": base_rows()[:HEADER_ROW]})


def _xlsx_as_xls() -> bytes:
    return base_xlsx()


def _xls() -> bytes:
    return xls_bytes(base_rows())


def _csv_cp1258() -> bytes:
    return GRID.to_cp1258(csv_text(base_rows()))


def _csv_utf16() -> bytes:
    return csv_text(base_rows(), sep="\t").encode("utf-16")


def _web_page() -> bytes:
    html = "<html><head><meta charset='utf-8'></head><body><table>"
    html += "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in base_rows())
    return (html + "</table></body></html>").encode()


def _dtd() -> bytes:
    """A worksheet declaring nested entities (a 'billion laughs' attack on XML parsers)."""
    entities = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'

    def add(xml: bytes) -> bytes:
        return entities + xml.replace(b"<t>STT</t>", b"<t>&lol2;</t>")

    return _edit_sheet_xml(base_xlsx(), add)


def _ods_repeat_bomb() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.ods"
        GRID.write_ods(path, GRID.ods_repeat_bomb())
        return _normalise_zip(path.read_bytes())


def _xls_stray_cell() -> bytes:
    rows = base_rows()
    grid = {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v is not None}
    grid[(65535, 255)] = "x"
    workbook = GRID.biff8_workbook([("PAPI 2022", False, grid, [], None)])
    return GRID.ole2({"Workbook": workbook})


def _rank_beyond() -> bytes:
    rows = base_rows()
    rows[HEADER_ROW + 1][11] = "14/5"
    return workbook_bytes({"PAPI 2022": rows})


HOSTILE_UNITS = [
    '=HYPERLINK("http://evil.example/x","Bấm vào đây")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "=1+1",
]
HOSTILE_CRITERIA = ['1. =HYPERLINK("http://evil.example","a")', "2. +cmd|' /C calc'!A0", "3. @SUM(A1:A2)"]


def _hostile_text() -> bytes:
    """Unit and criterion names that a spreadsheet would run as formulas, stored as text cells."""
    rows = [
        ["KẾT QUẢ CHẤM ĐIỂM CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        [SIMULATED],
        ["STT", "Tên đơn vị", *HOSTILE_CRITERIA, "Tổng điểm"],
    ]
    for i, unit in enumerate(HOSTILE_UNITS, start=1):
        rows.append([i, unit, 1.5 + i, 2.0, 0.5 * i, 3.5 + 1.5 * i])
    text = ["D3", "E3", *[f"B{4 + i}" for i in range(len(HOSTILE_UNITS))]]
    return workbook_bytes({"KQ": rows}, text_cells={"KQ": text})


CASES: list[Case] = [
    Case(
        "not_a_spreadsheet.xlsx",
        "a PDF named .xlsx",
        "error",
        ["not_a_spreadsheet.xlsx", "not a spreadsheet", "PDF", "Pick the"],
        _pdf,
        "InputError: not a spreadsheet, it holds a PDF document; pick the right file.",
    ),
    Case(
        "empty_file.xlsx",
        "0 bytes",
        "error",
        ["empty_file.xlsx", "empty (0 bytes)", "Copy it again"],
        lambda: b"",
        "InputError: the file is empty; copy it again.",
    ),
    Case(
        "truncated.xlsx",
        "an xlsx cut in half (interrupted download)",
        "error",
        ["truncated.xlsx", "damaged", "Download or copy"],
        _truncated,
        "InputError: damaged or incomplete; download it again.",
    ),
    Case(
        "corrupt_member.xlsx",
        "an xlsx whose worksheet data is garbled",
        "error",
        ["corrupt_member.xlsx", "damaged", "Download or copy"],
        _corrupt_member,
        "InputError: damaged; download it again.",
    ),
    Case(
        "encrypted.xlsx",
        "a password-protected Excel 2007+ workbook",
        "error",
        ["encrypted.xlsx", "password-protected", "remove the password"],
        _encrypted_xlsx,
        "InputError: password-protected; remove the password and save a copy.",
    ),
    Case(
        "password.xls",
        "a password-protected .xls (FILEPASS)",
        "error",
        ["password.xls", "password-protected", "remove the password"],
        lambda: xls_bytes(base_rows(), password=True),
        "InputError: password-protected; remove the password and save a copy.",
    ),
    Case(
        "web_page.xls",
        "an HTML table saved as .xls",
        "error",
        ["web_page.xls", "web page", "save a copy as .xlsx"],
        _web_page,
        "InputError: a web page, not a workbook; open it and save as .xlsx.",
    ),
    Case(
        "dtd_entities.xlsx",
        "worksheet XML declaring entities (billion laughs)",
        "error",
        ["dtd_entities.xlsx", "refused as unsafe", "DTD"],
        _dtd,
        "InputError: refused as unsafe (the XML declares a DTD); ask for the original.",
    ),
    Case(
        "ods_repeat_bomb.ods",
        "one .ods cell repeated over 17 billion cells",
        "error",
        ["ods_repeat_bomb.ods", "sheet 'Bom'", "Delete the stray cells"],
        _ods_repeat_bomb,
        "InputError: the sheet reaches XFD1048576, beyond what is read safely; delete the stray cells.",
    ),
    Case(
        "stray_cell.xls",
        "an .xls with a stray cell at IV65536",
        "error",
        ["stray_cell.xls", "sheet 'PAPI 2022'", "IV65536", "Delete the stray cells"],
        _xls_stray_cell,
        "InputError naming the far cell: calamine cannot read such an .xls safely; delete the stray "
        "cell and save as .xlsx.",
    ),
    Case(
        "stray_cell_xfd.xlsx",
        "a stray cell at XFD1048576",
        "data",
        ["XFD1048576", "ignored"],
        _stray_cell,
        "Correct data, read carefully with openpyxl; a warning says the cells beyond the reading bounds "
        "(the stray x) were ignored.",
    ),
    Case(
        "lying_dimension_small.xlsx",
        "<dimension> says A1:B2 but cells reach L9",
        "data",
        [],
        _dimension(b"A1:B2"),
        "Correct data: the real extent is measured, the claim is ignored.",
    ),
    Case(
        "lying_dimension_huge.xlsx",
        "<dimension> says A1:XFD1048576 for a 9-row table",
        "data",
        [],
        _dimension(b"A1:XFD1048576"),
        "Correct data (read with openpyxl, nothing ignored); a note says the file claims XFD1048576.",
    ),
    Case(
        "formulas_no_cache.xlsx",
        "=SUM totals whose results were never saved (written by a script)",
        "error",
        ["formulas_no_cache.xlsx", "sheet 'PAPI 2022'", "cell K5", "=SUM(C5:J5)", "save it again"],
        _formulas(cached=False),
        "InputError naming the first formula cell without a saved result; open the file in Excel or "
        "LibreOffice and save it so the results are stored.",
    ),
    Case(
        "formulas_cached.xlsx",
        "=SUM totals with their results saved",
        "data",
        [],
        _formulas(cached=True),
        "Correct data: the saved results are read.",
    ),
    Case(
        "error_ref.xlsx",
        "#REF! in a score cell",
        "error",
        ["error_ref.xlsx", "sheet 'PAPI 2022'", "cell E6", "#REF!", "Fix the formula"],
        _with(1, 4, "#REF!"),
        "InputError naming cell E6 and the Excel error; fix the formula or type the number (empty the "
        "cell if there is no score).",
    ),
    Case(
        "error_div0.xlsx",
        "#DIV/0! in the total column",
        "error",
        ["error_div0.xlsx", "cell K7", "#DIV/0!"],
        _with(2, 10, "#DIV/0!"),
        "InputError naming cell K7 and the error.",
    ),
    Case(
        "error_na.xlsx",
        "#N/A (a failed lookup) in a score cell",
        "error",
        ["error_na.xlsx", "cell C5", "#N/A"],
        _with(0, 2, "#N/A"),
        "InputError naming cell C5: an Excel #N/A error is a broken lookup, not a missing value (the "
        "text 'N/A' typed in a cell is read as missing).",
    ),
    Case(
        "error_boolerr.xls",
        "an .xls with #REF! typed in a score cell (BOOLERR record)",
        "error",
        ["error_boolerr.xls", "sheet 'PAPI 2022'", "cell F6", "#REF!"],
        lambda: xls_with_errors(base_rows(), {(HEADER_ROW + 1, 5): ("BOOLERR", 0x17)}),
        "InputError naming cell F6 (calamine shows the error as an empty cell; the BIFF records say).",
    ),
    Case(
        "error_formula.xls",
        "an .xls total whose saved formula result is #DIV/0!",
        "error",
        ["error_formula.xls", "cell K8", "#DIV/0!"],
        lambda: xls_with_errors(base_rows(), {(HEADER_ROW + 3, 10): ("FORMULA", 0x07)}),
        "InputError naming cell K8.",
    ),
    Case(
        "error_in_note.xlsx",
        "#REF! in a note column the table does not read",
        "data",
        [],
        _error_in_note,
        "Correct data: the note column is not read, so its error does not matter.",
    ),
    Case(
        "text_in_score.xlsx",
        "'xem ghi chú' (see the note) in a score column",
        "error",
        ["text_in_score.xlsx", "sheet 'PAPI 2022'", "cell F7", "xem ghi chú", "Enter a number"],
        _with(2, 5, "xem ghi chú"),
        "InputError naming cell F7; enter a number or leave the cell empty.",
    ),
    Case(
        "rank_beyond.xlsx",
        "rank '14/5' in a table of five",
        "error",
        ["rank_beyond.xlsx", "cell L6", "14/5"],
        _rank_beyond,
        "InputError naming cell L6: not a rank.",
    ),
    Case(
        "score_above_max.xlsx",
        "12.5 in a dimension scored out of 10",
        "data",
        ["cell D5", "12.5", "above the maximum 10"],
        _with(0, 3, 12.5),
        "The number as published, with a warning naming cell D5 (above the maximum 10); the total check "
        "also flags K5.",
    ),
    Case(
        "negative_score.xlsx",
        "-1.5 in a dimension that is not a penalty",
        "data",
        ["cell E8", "-1.5", "negative"],
        _with(3, 4, -1.5),
        "The number as published, with a warning naming cell E8 (negative, and the component is not a "
        "penalty).",
    ),
    Case(
        "total_disagrees.xlsx",
        "a published total that is not the sum of its components",
        "data",
        ["cell K7", "44.5", "42"],
        _total_disagrees,
        "The published total kept, with a warning naming cell K7: 44.5 published, the components add up "
        "to 42.",
    ),
    Case(
        "duplicate_units.xlsx",
        "QUẢNG NINH twice",
        "error",
        ["duplicate_units.xlsx", "sheet 'PAPI 2022'", "Quảng Ninh", "rows 5 and 9", "Remove the duplicate"],
        _duplicate_units,
        "InputError naming the two rows; remove one.",
    ),
    Case(
        "unknown_unit.xlsx",
        "'Hải Phongg' (a typo)",
        "data",
        ["cell B6", "Hải Phongg", "closest known: Hải Phòng"],
        _unknown_unit,
        "Data kept under the name as written, with a warning naming cell B6 and the closest known names.",
    ),
    Case(
        "missing_header.xlsx",
        "units and numbers with no header row",
        "error",
        ["missing_header.xlsx", "no score table", "header row"],
        _missing_header,
        "InputError: no header row naming the units; add one or give a layout.",
    ),
    Case(
        "header_row_12.xlsx",
        "header on row 12 below long title rows",
        "data",
        [],
        _header_row_12,
        "Correct data.",
    ),
    Case(
        "two_tables.xlsx",
        "two tables, each with its own header, in one sheet",
        "data",
        [],
        _two_tables,
        "Correct data from both tables.",
    ),
    Case(
        "hidden_rows.xlsx",
        "two unit rows hidden in Excel",
        "data",
        ["rows 6, 8", "hidden"],
        _hidden_rows,
        "Correct data for all five units (hidden rows are read), with a warning naming rows 6 and 8.",
    ),
    Case(
        "hidden_rows.xls",
        "an .xls with one unit row hidden",
        "data",
        ["row 7 is hidden"],
        lambda: xls_with_errors(base_rows(), {(HEADER_ROW + 2, 0): ("HIDDEN", 0)}),
        "Correct data for all five units, with a warning naming row 7.",
    ),
    Case(
        "hidden_sheet.xlsx",
        "a hidden draft sheet beside the published one",
        "data",
        ["Bản nháp", "hidden"],
        _hidden_sheet,
        "Correct data from the visible sheet only; a warning says the hidden sheet was not read.",
    ),
    Case(
        "merged_data.xlsx",
        "one score cell merged over two unit rows",
        "data",
        ["I8:I9", "merged"],
        _merged_data,
        "The merged value given to both rows, with a warning naming the range I8:I9.",
    ),
    Case(
        "section_rows_merged.xlsx",
        "bloc rows merged across the table width",
        "data",
        [],
        _section_rows_merged,
        "Correct data; the bloc rows are section rows, not units.",
    ),
    Case(
        "nfd_text.xlsx",
        "every text in decomposed Unicode (NFD)",
        "data",
        [],
        _nfd,
        "Correct data, names in NFC.",
    ),
    Case(
        "tcvn3.xlsx",
        "TCVN3 (.VnTime) text",
        "data",
        [],
        _legacy(_tcvn3, ".VnTime"),
        "Correct data; a note says TCVN3 was decoded.",
    ),
    Case(
        "vni.xlsx",
        "VNI text",
        "data",
        [],
        _legacy(encode_vni, "VNI-Times"),
        "Correct data; a note says VNI was decoded.",
    ),
    Case(
        "mixed_decimals.xlsx",
        "totals as text with decimal commas and points mixed",
        "data",
        [],
        _decimal_text(["46,0", "44.0", "42,00", "40", "38.00"]),
        "Correct data; a note names one cell of each form.",
    ),
    Case(
        "ambiguous_decided.xlsx",
        "'44,000' beside totals with decimal commas",
        "data",
        [],
        _decimal_text(["46,00", "44,000", "42,00", "40,0", "38,00"]),
        "'44,000' read as 44 (the column uses decimal commas), with a note naming the cell.",
    ),
    Case(
        "ambiguous_undecided.xlsx",
        "'1.250' and '2.500' with nothing else to decide",
        "error",
        ["ambiguous_undecided.xlsx", "sheet 'PAR'", "cell C4", "1.250", "Write it as"],
        _ambiguous_undecided,
        "InputError naming cell C4 and both readings; write it unambiguously.",
    ),
    Case(
        "empty_sheet.xlsx",
        "a workbook whose only sheet is empty",
        "error",
        ["empty_sheet.xlsx", "no score table"],
        _empty_sheet,
        "InputError: no score table.",
    ),
    Case(
        "empty_plus_good.xlsx",
        "an empty sheet before the score sheet",
        "data",
        [],
        _empty_plus_good,
        "Correct data from the score sheet.",
    ),
    Case(
        "header_only.xlsx",
        "a header and no unit rows",
        "error",
        ["header_only.xlsx", "sheet 'PAPI 2022'", "row 4", "no unit rows"],
        _header_only,
        "InputError: the header on row 4 has no unit rows below it.",
    ),
    Case(
        "title_2022_file_2023.xlsx",
        "the title says 2022, the file name 2023",
        "data",
        ["title says year 2022", "file name says 2023"],
        base_xlsx,
        "Data for 2022 (the title wins), with a warning.",
    ),
    Case(
        "xls_named_xlsx.xlsx",
        ".xls content with an .xlsx name",
        "data",
        ["holds xls content"],
        _xls,
        "Correct data; a note says the content is .xls.",
    ),
    Case(
        "xlsx_named_xls.xls",
        ".xlsx content with an .xls name",
        "data",
        ["holds xlsx content"],
        _xlsx_as_xls,
        "Correct data; a note says the content is .xlsx.",
    ),
    Case(
        "cp1258.csv",
        "CSV in Windows Vietnamese (cp1258)",
        "data",
        [],
        _csv_cp1258,
        "Correct data, names in NFC.",
    ),
    Case(
        "utf16.csv",
        "tab-separated UTF-16 text (Excel 'Unicode Text')",
        "data",
        [],
        _csv_utf16,
        "Correct data.",
    ),
    Case(
        "hostile_text.xlsx",
        "unit and criterion names that look like formulas",
        "data",
        ["is not in the unit list"],
        _hostile_text,
        "The names kept as text (unknown units warned); exports neutralise them.",
    ),
]

#: Built at test time into a temporary folder (too big to commit): name → (problem, expected outcome).
GENERATED = {
    "zip_bomb.xlsx": (
        "a worksheet of 200 MB of zeros in 200 KB",
        "InputError: refused as unsafe in under a second.",
    ),
    "blank_formatted_rows.xlsx": (
        "the table then 50 MB of XML of empty formatted rows",
        "Correct data in under a second, the blank rows ignored.",
    ),
}


# ---------------------------------------------------------------------------------------------------------
# Files built at test time


def write_zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """An xlsx whose worksheet inflates to ``megabytes`` MB of zeros (about 1,000× compression)."""
    data = base_xlsx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(member, "w", force_zip64=True) as fh:
                    block = bytes(1024 * 1024)
                    for _ in range(megabytes):
                        fh.write(block)
            else:
                dst.writestr(member, src.read(info.filename))
    path.write_bytes(out.getvalue())
    return path


def write_blank_formatted_rows(path: Path, megabytes: int = 50) -> Path:
    """The base table followed by empty, formatted rows (``<c r="A10" s="1"/>``) until the sheet XML
    reaches ``megabytes`` MB, as in a sheet formatted down to the bottom by hand."""
    first = len(base_rows()) + 1
    template = '<row r="{0}" spans="1:12" s="1" customFormat="1" ht="15.75" customHeight="1">'
    template += "".join(f'<c r="{col}{{0}}" s="1"/>' for col in "ABCDEFGHIJKL") + "</row>"
    per_row = len(template.format(first))  # the shortest row: enough rows to pass the size
    n = megabytes * 1024 * 1024 // per_row + 1
    padding = "".join(template.format(r) for r in range(first, first + n)).encode()
    path.write_bytes(
        _edit_sheet_xml(base_xlsx(), lambda xml: xml.replace(b"</sheetData>", padding + b"</sheetData>"))
    )
    return path


# ---------------------------------------------------------------------------------------------------------


def expected_md() -> str:
    lines = [
        "# Bad and hostile inputs: expected outcomes",
        "",
        "Generated by `make_corpus.py` (do not edit by hand); tested by `tests/test_bad_inputs.py`.",
        "Every case ends in correct data (with the warnings named) or an `InputError` whose",
        "message names the file, the sheet and the cell or row, and says what to do. None may crash,",
        "hang, take a second or give a silently wrong number.",
        "",
        "Decisions: an Excel error value (`#REF!`, `#DIV/0!`, `#N/A`, …) or a formula whose result was never",
        "saved, in a cell the table reads, is an `InputError` naming the cell (the number is unknown, so",
        "reading it as missing would be silently wrong); in a column the table does not read it is ignored.",
        "A score above its maximum, a negative score outside a penalty component, a published total that",
        "disagrees with the sum of its components, hidden rows and a merged cell spanning unit rows are",
        "read as published with a warning naming the cells.",
        "",
        "| File | Problem | Outcome |",
        "|---|---|---|",
    ]
    for case in CASES:
        lines.append(f"| `{case.name}` | {case.problem} | {case.detail} |")
    for name, (problem, detail) in GENERATED.items():
        lines.append(f"| `{name}` (built at test time) | {problem} | {detail} |")
    return "\n".join(lines) + "\n"


def main(out: Path = HERE) -> None:
    """Write every case and EXPECTED.md into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (out / case.name).write_bytes(case.build())
    (out / "EXPECTED.md").write_text(expected_md(), encoding="utf-8")


if __name__ == "__main__":
    main()
