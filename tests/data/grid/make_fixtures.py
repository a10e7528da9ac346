"""Write the small spreadsheet fixtures used by tests/test_grid.py and tests/test_safety.py.

Run from the project root: ``.venv/bin/python tests/data/grid/make_fixtures.py``. Every file is a
few KB.

No installed tool writes .xls (BIFF8) or .ods, so both are built here from their specifications:
.ods as zipped OpenDocument XML, .xls as BIFF8 records (BOF, BOUNDSHEET, DIMENSIONS, LABEL, NUMBER,
MERGEDCELLS, EOF) inside a minimal OLE2 compound file (one FAT sector, one directory sector, streams
padded to 4,096 bytes so no mini stream is needed). The same OLE2 writer builds the
password-protected Excel 2007+ file: Excel stores an encrypted .xlsx as an OLE2 file holding
``EncryptionInfo`` and ``EncryptedPackage`` streams, which is all the detector looks for.

The zip bomb is not committed: tests build it in a temporary folder (200 MB of zeros, about 200 KB).
"""

from __future__ import annotations

import shutil
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent

TITLE = "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA CÁC TỈNH, THÀNH PHỐ"
HEADER_1 = [
    "STT",
    "Tỉnh, thành phố",
    "Lĩnh vực 1: Công tác chỉ đạo, điều hành",
    None,
    "Lĩnh vực 2: Thể chế",
    None,
    "Tổng điểm",
    "Xếp hạng",
]
HEADER_2 = [None, None, "Điểm", "Tỷ lệ %", "Điểm", "Tỷ lệ %", None, None]
ROWS = [
    [1, "Hải Phòng", 8.5, 94.44, 9.25, 92.5, 91.73, 1],
    [2, "Quảng Ninh", 8.75, 97.22, 8.5, 85.0, 91.07, 2],
    [3, "Thừa Thiên Huế", 8.0, 88.89, 9.0, 90.0, 89.45, 3],
    [4, "Bà Rịa - Vũng Tàu", 7.5, 83.33, 8.75, 87.5, 85.42, 4],
]
# 0-based inclusive (first_row, first_col, last_row, last_col)
MERGES = [
    (0, 0, 0, 7),
    (1, 0, 2, 0),
    (1, 1, 2, 1),
    (1, 2, 1, 3),
    (1, 4, 1, 5),
    (1, 6, 2, 6),
    (1, 7, 2, 7),
]
HIDDEN_SHEET = [["Ghi chú", "Nguồn: Bộ Nội vụ, Quyết định công bố Chỉ số CCHC năm 2024"]]


def table() -> list[list[object]]:
    """The visible sheet as a grid (None for empty cells)."""
    return [[TITLE, *[None] * 7], HEADER_1, HEADER_2, *ROWS]


# --------------------------------------------------------------------------------------------------
# xlsx


def write_xlsx(path: Path) -> None:
    """Two-row merged header, a hidden sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ số CCHC"
    for row in table():
        ws.append(row)
    for r1, c1, r2, c2 in MERGES:
        ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    hidden = wb.create_sheet("Ghi chú")
    for row in HIDDEN_SHEET:
        hidden.append(row)
    hidden.sheet_state = "hidden"
    wb.save(path)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _cell_xml(ref: str, value: object) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def write_sheet_parts(zf: zipfile.ZipFile, sheet_xml: str | bytes) -> None:
    """Write into ``zf`` the parts of a one-sheet workbook: content types, relationships, the workbook
    and ``sheet_xml`` as ``xl/worksheets/sheet1.xml``."""
    zf.writestr("[Content_Types].xml", CONTENT_TYPES)
    zf.writestr("_rels/.rels", ROOT_RELS)
    zf.writestr("xl/workbook.xml", WORKBOOK)
    zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
    zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)


def write_raw_xlsx(path: Path, dimension: str, cells: dict[str, object]) -> None:
    """A one-sheet xlsx in raw XML, so the <dimension> and the cell positions are ours to choose."""
    by_row: dict[int, list[str]] = {}
    for ref, value in cells.items():
        row = int("".join(ch for ch in ref if ch.isdigit()))
        by_row.setdefault(row, []).append(_cell_xml(ref, value))
    rows = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(by_row.items()))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        write_sheet_parts(zf, sheet)


SMALL = {"A1": "Tỉnh", "B1": "Điểm", "A2": "Hà Nội", "B2": 88.5, "A3": "Cần Thơ", "B3": 84.25}


# --------------------------------------------------------------------------------------------------
# ods

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: object, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, str):
        return (
            f'<table:table-cell office:value-type="string"{attrs}><text:p>{value}</text:p></table:table-cell>'
        )
    shown = str(value).replace(".", ",")
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}>'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


def _ods_table(name: str, style: str, grid: list[list[object]], merges) -> str:
    starts = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in merges}
    covered = {
        (r, c)
        for r1, c1, r2, c2 in merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    rows = []
    for r, row in enumerate(grid):
        cells = [
            "<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(v, starts.get((r, c)))
            for c, v in enumerate(row)
        ]
        rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    # LibreOffice pads every sheet with a huge repeated empty row; real readers must cope with it.
    rows.append(
        '<table:table-row table:number-rows-repeated="1048560">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    return (
        f'<table:table table:name="{name}" table:style-name="{style}">'
        f'<table:table-column table:number-columns-repeated="{max(len(r) for r in grid)}"/>'
        f"{''.join(rows)}</table:table>"
    )


def write_ods(path: Path, tables: str) -> None:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="ta1" style:family="table">'
        '<style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)


def ods_tables() -> str:
    return _ods_table("Chỉ số CCHC", "ta1", table(), MERGES) + _ods_table("Ghi chú", "ta2", HIDDEN_SHEET, [])


def ods_repeat_bomb() -> str:
    """One value repeated over 16,384 columns × 1,048,576 rows: 17 billion cells in 1 KB of XML."""
    return (
        '<table:table table:name="Bom" table:style-name="ta1">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table>"
    )


# --------------------------------------------------------------------------------------------------
# xls: BIFF8 records in an OLE2 compound file


def _rec(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _bof(dt: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0x000100C1, 0x0406))


def _label(r: int, c: int, text: str) -> bytes:
    return _rec(0x0204, struct.pack("<HHHHB", r, c, 0, len(text), 1) + text.encode("utf-16-le"))


def _number(r: int, c: int, value: float) -> bytes:
    return _rec(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))


def _sheet_stream(grid: dict[tuple[int, int], object], merges, dims=None) -> bytes:
    rows = max(r for r, _ in grid) + 1
    cols = max(c for _, c in grid) + 1
    rows, cols = dims or (rows, cols)
    body = _bof(0x0010) + _rec(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
    for (r, c), v in sorted(grid.items()):
        body += _label(r, c, v) if isinstance(v, str) else _number(r, c, v)
    if merges:
        body += _rec(
            0x00E5,
            struct.pack("<H", len(merges))
            + b"".join(struct.pack("<HHHH", r1, r2, c1, c2) for r1, c1, r2, c2 in merges),
        )
    return body + _rec(0x000A, b"")


def biff8_workbook(sheets, *, password: bool = False) -> bytes:
    """A BIFF8 Workbook stream from [(name, hidden, {(row, col): value}, merges, dims or None)]."""
    streams = [_sheet_stream(g, m, d) for _, _, g, m, d in sheets]
    head = _bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200))
    if password:  # FILEPASS, RC4: encryption type 1 then the (here zero) key material
        head += _rec(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
    bound_len = sum(4 + 8 + 2 * len(name) for name, *_ in sheets)
    pos = len(head) + bound_len + 4  # + EOF record
    bound = b""
    for (name, hidden, *_), stream in zip(sheets, streams, strict=True):
        bound += _rec(
            0x0085,
            struct.pack("<IBBBB", pos, 1 if hidden else 0, 0, len(name), 1) + name.encode("utf-16-le"),
        )
        pos += len(stream)
    return head + bound + _rec(0x000A, b"") + b"".join(streams)


FAT_SECT, END_CHAIN, FREE_SECT, NO_STREAM = 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF


def ole2(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file: sector 0 = FAT, sector 1 = directory, then the streams."""
    assert len(streams) <= 3, "one directory sector holds the root and three streams"
    fat, body, entries, nxt = [FAT_SECT, END_CHAIN], b"", [], 2
    for name, content in streams.items():
        content = content.ljust(4096, b"\0")  # at the mini-stream cutoff: stored in normal sectors
        n = -(-len(content) // 512)
        fat += [nxt + i + 1 for i in range(n - 1)] + [END_CHAIN]
        body += content.ljust(n * 512, b"\0")
        entries.append((name, nxt, len(content)))
        nxt += n
    assert len(fat) <= 128, "one FAT sector maps 128 sectors (64 KB)"
    fat += [FREE_SECT] * (128 - len(fat))

    def entry(name, kind, right, child, start, size):
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIII",
            raw,
            len(raw),
            kind,
            1,
            NO_STREAM,
            right,
            child,
            bytes(16),
            0,
            0,
            0,
            start,
            size,
            0,
        )

    directory = entry("Root Entry", 5, NO_STREAM, 1 if entries else NO_STREAM, END_CHAIN, 0)
    for i, (name, start, size) in enumerate(entries, start=1):
        directory += entry(name, 2, i + 1 if i < len(entries) else NO_STREAM, NO_STREAM, start, size)
    directory = directory.ljust(512, b"\0")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        bytes(16),
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        bytes(6),
        0,
        1,
        1,
        0,
        4096,
        END_CHAIN,
        0,
        END_CHAIN,
        0,
    ) + struct.pack("<109I", 0, *[FREE_SECT] * 108)
    return header + struct.pack("<128I", *fat) + directory + body


def xls_sheets():
    grid = {(r, c): v for r, row in enumerate(table()) for c, v in enumerate(row) if v is not None}
    notes = {(0, c): v for c, v in enumerate(HIDDEN_SHEET[0])}
    return [("Chỉ số CCHC", False, grid, MERGES, None), ("Ghi chú", True, notes, [], None)]


# --------------------------------------------------------------------------------------------------
# CSV and other files

CSV_ROWS = [
    ["Tỉnh, thành phố", "Năm", "Điểm PAPI", "Xếp hạng"],
    ["Hà Nội", "2024", "44,12", "12/63"],
    ["Thừa Thiên Huế", "2024", "46,03", "3/63"],
    ["Bà Rịa - Vũng Tàu", "2024", "45,7", "7/63"],
    ["Đắk Lắk", "2024", "", "40/63"],
]


def csv_text(delimiter: str) -> str:
    def field(v: str) -> str:
        return f'"{v}"' if delimiter in v or '"' in v else v

    return "\r\n".join(delimiter.join(field(v) for v in row) for row in CSV_ROWS) + "\r\n"


TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


def to_cp1258(text: str) -> bytes:
    """Encode as Windows Vietnamese: letters with vowel marks precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
            tones = "".join(p for p in parts if p in TONES)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


PROSE = (
    "Báo cáo tóm tắt Chỉ số PAPI năm 2024\n\n"
    "Năm 2024 là năm thứ mười sáu khảo sát được thực hiện trên toàn quốc.\n"
    "Kết quả cho thấy nhiều tiến bộ trong quản trị và hành chính công cấp tỉnh.\n"
)


def main() -> None:
    out = HERE
    write_xlsx(out / "merged_header.xlsx")
    write_ods(out / "merged_header.ods", ods_tables())
    write_ods(out / "repeat_bomb.ods", ods_repeat_bomb())
    (out / "merged_header.xls").write_bytes(ole2({"Workbook": biff8_workbook(xls_sheets())}))
    shutil.copyfile(out / "merged_header.xls", out / "xls_content.xlsx")
    (out / "password.xls").write_bytes(ole2({"Workbook": biff8_workbook(xls_sheets(), password=True)}))
    stray = {(0, 0): "Tỉnh", (0, 1): "Điểm", (65535, 255): 1.0}
    (out / "stray_cell.xls").write_bytes(
        ole2({"Workbook": biff8_workbook([("Sheet1", False, stray, [], None)])})
    )
    lying = {(0, 0): "Tỉnh", (1, 0): "Hà Nội", (1, 1): 88.5}
    (out / "huge_dimensions.xls").write_bytes(
        ole2({"Workbook": biff8_workbook([("Sheet1", False, lying, [], (4_000_000_000, 256))])})
    )
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
        b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
        b'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/>'
        b"</encryption>"
    )
    (out / "password.xlsx").write_bytes(
        ole2({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 6144) + bytes(6144)})
    )
    write_raw_xlsx(out / "stray_cell.xlsx", "A1:XFD1048576", {**SMALL, "XFD1048576": 1})
    write_raw_xlsx(out / "lying_dimension.xlsx", "A1:B2", {**SMALL, "D6": "Ghi chú"})
    write_raw_xlsx(out / "lying_dimension_stray.xlsx", "A1:B2", {**SMALL, "XFD1048576": 1})
    write_raw_xlsx(out / "stray_row.xlsx", "A1:B1048576", {**SMALL, "A1048576": "x"})
    data = (out / "merged_header.xlsx").read_bytes()
    (out / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (out / "image.png").write_bytes(png_1x1())
    (out / "image_named.xlsx").write_bytes(png_1x1())
    (out / "prose.csv").write_text(PROSE, encoding="utf-8")
    (out / "web_page.xls").write_text(
        "<html><body><table><tr><td>Tỉnh</td><td>Điểm</td></tr></table></body></html>",
        encoding="utf-8",
    )
    (out / "utf8.csv").write_bytes(csv_text(",").encode("utf-8"))
    (out / "utf8_sig.csv").write_bytes(csv_text(";").encode("utf-8-sig"))
    (out / "utf16.csv").write_bytes(csv_text("\t").encode("utf-16"))  # BOM + native (LE) order
    (out / "cp1258.csv").write_bytes(to_cp1258(csv_text(";")))


if __name__ == "__main__":
    main()
