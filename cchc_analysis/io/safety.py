"""Guards that run before any spreadsheet engine touches an untrusted file.

python-calamine is fast but has no bound before it allocates: a 5 KB xlsx whose single stray cell
sits at XFD1048576 makes it try to allocate gigabytes and abort the whole Python process, which no
``try`` can catch; a zip bomb inflates without limit. Everything here looks at the file with bounded
memory first:

* :func:`sniff_format` decides the format from magic bytes and content, never from the extension;
* :func:`check_zip` checks the archive directory (entry count, declared sizes, compression ratios)
  and each worksheet's declared ``<dimension>``, reading only the first few KB of its XML;
* :func:`xlsx_extents`, :func:`xls_extents` and :func:`ods_extents` stream through each sheet,
  inflating with a counted decompressor, and report where the cells really are (a ``<dimension>``
  can lie), with merged ranges and visibility. For xlsx they follow calamine's own placement rules
  (measured against it, see the comment above :data:`SCAN_CHUNK`): a numpy scan proves in one pass
  that the XML has the form spreadsheet programs write and measures it; anything else is read a
  second time, tag by tag; and xlsx shared string tables are counted. The same pass notes what
  calamine shows as ordinary cells (Excel errors, formulas without a saved result, hidden rows),
  which :func:`cchc_analysis.io.detect.xlsx_flags` takes from :func:`take_recent_extents`.

:mod:`cchc_analysis.io.grid` decides from these extents which engine may read each sheet.
"""

from __future__ import annotations

import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import XMLPullParser
from xml.sax.saxutils import unescape as xml_unescape

import numpy as np
from defusedxml import ElementTree as SafeET

from cchc_analysis.errors import InputError

MB = 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

PASSWORD_HINT = (
    "Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with "
    "Password, clear the box) and save a copy without a password."
)
RESAVE_HINT = "Open it in Excel or LibreOffice and save a copy as .xlsx (Excel Workbook)."


@dataclass(frozen=True)
class Limits:
    """Bounds applied to every untrusted file before and while it is read.

    The defaults leave a wide margin over real score files (a province sheet has fewer than 1,000
    rows; a national commune table 3,321 rows by about 85 columns, 0.3 million cells) while keeping
    a hostile file well under 300 MB of memory.

    Args:
        max_file_bytes: largest file accepted at all (200 MB).
        max_zip_entries: most members in an xlsx/ods archive (10,000; real workbooks hold tens).
        max_uncompressed: most bytes all members may inflate to, together (300 MB); each member's
            real inflated size is counted while streaming, so a forged size header does not help.
        max_ratio: largest inflated/compressed ratio, per member and for the archive (100; worksheet
            XML compresses 5-30×, a zip bomb 1,000×). Only applied to members above 1 MB inflated.
        max_rows: most rows read from one sheet (200,000).
        max_cols: most columns read from one sheet (1,000; Excel allows 16,384).
        max_cells: most cells (rows × columns of the rectangle from A1) one sheet may span before
            the fast engine is refused (4,000,000: about 130 MB inside calamine plus the Python
            lists).
        max_csv_bytes: largest CSV/text file read into memory (50 MB: the text plus its cells as
            Python strings stays under 300 MB).
        max_shared_strings: most entries in an xlsx shared string table (2,000,000). calamine
            loads the whole table first, about 55 bytes per string (measured: 2 million strings of
            four letters, 40 MB of XML, took 107 MB), so a table within ``max_uncompressed`` could
            still take 800 MB.
        max_flagged_cells: most cells of one sheet holding an Excel error or a formula without a
            saved result (200,000, about 40 MB of notes). A real sheet has a handful; a sheet of
            hundreds of thousands was never calculated or lost its sources, and is refused.
        max_exact_scan: largest sheet XML (inflated) scanned tag by tag when the fast scan cannot
            read it, e.g. cells written without their ``r`` reference, which neither Excel nor
            LibreOffice does (4 MB: the scan takes about 0.35 s of CPU, 8 MB 0.83 s, measured on 80
            varied numbers a row, so the whole read stays under 1 s; the 3,321-commune table written
            so, 7.4 MB, is refused).
            A larger such sheet is refused, so that 50 MB of it cannot take a minute.
    """

    max_file_bytes: int = 200 * MB
    max_zip_entries: int = 10_000
    max_uncompressed: int = 300 * MB
    max_ratio: float = 100.0
    max_rows: int = 200_000
    max_cols: int = 1_000
    max_cells: int = 4_000_000
    max_csv_bytes: int = 50 * MB
    max_shared_strings: int = 2_000_000
    max_flagged_cells: int = 200_000
    max_exact_scan: int = 4 * MB


DEFAULT_LIMITS = Limits()

EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
RATIO_FLOOR = 1 * MB  # members smaller than this are not ratio-checked (tiny XML compresses well)
HEAD_BYTES = 4096  # how much of a worksheet's XML is inflated to find <dimension>
CHUNK = 1 * MB


@dataclass
class SheetExtent:
    """Where one sheet's cells really are, found by streaming through it once.

    Row and column figures are counts from A1 (the last used row number, the last used column
    number), 0 when the sheet is empty.

    Args:
        name: sheet name as the workbook spells it.
        visible: False for hidden and very hidden sheets.
        declared: (rows, cols) the file claims (``<dimension>`` or BIFF DIMENSIONS), None if absent.
        rows: last row holding a value, anywhere.
        cols: last column holding a value, anywhere.
        rows_within: last row holding a value inside the box of ``max_rows`` × ``max_cols`` from A1.
        cols_within: last column holding a value inside that box.
        merged: merged ranges, 0-based inclusive (first_row, first_col, last_row, last_col).
        part: the archive member holding the sheet (xlsx), else None.
        problems: xlsx only: cells the engine shows as empty although they are not, 0-based
            (row, col) → (text, kind): kind ``"error"`` for an Excel error value (text ``#REF!``,
            ``#N/A``, …), ``"uncached"`` for a formula whose result was never saved (text
            ``=SUM(A1:A3)``, or ``a shared formula``).
        hidden_rows: xlsx only: 0-based numbers of the rows marked hidden.
        hidden_cols: xlsx only: 0-based (first, last) columns of each range of columns marked hidden.
        empty_spans: xlsx only: byte ranges ``[start, end)`` of the worksheet's inflated XML that
            hold nothing but whole rows of empty cells (``<row ...><c r="A10" s="1"/>...</row>``,
            formatting without a value), found by :class:`_CanonicalScan`; the reader may leave
            them out (:func:`without_empty_rows`).
        xml_bytes: xlsx only: the size of the worksheet's inflated XML.
        blocks: xlsx only: the parse of the sheet in row blocks that :func:`xlsx_extents` fed
            while scanning it (a :class:`cchc_analysis.io.blocks.BlockParse`, when the caller's
            ``sink_for`` gave one and the sheet passed), else None; let go of once read.
    """

    name: str
    visible: bool = True
    declared: tuple[int, int] | None = None
    rows: int = 0
    cols: int = 0
    rows_within: int = 0
    cols_within: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    part: str | None = None
    problems: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    empty_spans: list[tuple[int, int]] = field(default_factory=list)
    xml_bytes: int = 0
    blocks: Any = field(default=None, repr=False, compare=False)

    @property
    def empty_bytes(self) -> int:
        """How many bytes of the sheet XML :attr:`empty_spans` cover."""
        return sum(end - start for start, end in self.empty_spans)

    def fits(self, limits: Limits) -> bool:
        """True when both the declared and the real extent are safe to hand to calamine."""
        shapes = [(self.rows, self.cols)]
        if self.declared is not None:
            shapes.append(self.declared)
        return all(
            r <= limits.max_rows and c <= limits.max_cols and r * c <= limits.max_cells for r, c in shapes
        )

    def read_box(self, limits: Limits) -> tuple[int, int]:
        """(rows, cols) from A1 that :func:`cchc_analysis.io.grid.read_grid` reads of the sheet: all
        of it when it :meth:`fits`, else the part inside the limits (at most ``max_cells`` cells)."""
        if self.fits(limits):
            return self.rows, self.cols
        cols = max(min(self.cols_within, limits.max_cols), 1)
        return min(self.rows_within, limits.max_rows, limits.max_cells // cols), cols


# -------------------------------------------------------------------------------------------------
# A1 references


def col_letters(col: int) -> str:
    """0-based column index → letters (0 → "A", 26 → "AA", 16383 → "XFD")."""
    if col < 0:
        raise ValueError(f"column index must be >= 0, got {col}")
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str | bytes) -> int:
    """Column letters → 1-based column number ("A" → 1, "XFD" → 16384)."""
    if isinstance(letters, bytes | bytearray):
        letters = letters.decode("ascii")
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def a1(row: int, col: int) -> str:
    """0-based (row, col) → an A1 reference: ``a1(6, 2) == "C7"``, ``a1(0, 16383) == "XFD1"``."""
    if row < 0:
        raise ValueError(f"row index must be >= 0, got {row}")
    return f"{col_letters(col)}{row + 1}"


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def parse_ref(ref: str) -> tuple[int, int]:
    """An A1 reference → 1-based (row, col); ``"C7"`` → (7, 3)."""
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    return int(m.group(2)), col_number(m.group(1))


# -------------------------------------------------------------------------------------------------
# Format sniffing


def _file_size(path: Path, limits: Limits) -> int:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("The file does not exist.", file=path) from None
    if not path.is_file():
        raise InputError("This is not a file (a folder or a device?).", file=path)
    if size == 0:
        raise InputError("The file is empty (0 bytes).", file=path, hint="Copy it again from the source.")
    if size > limits.max_file_bytes:
        raise InputError(
            f"The file is {size / MB:.0f} MB, more than the {limits.max_file_bytes / MB:.0f} MB "
            "accepted for a spreadsheet.",
            file=path,
            hint="Split it, or pass a larger Limits(max_file_bytes=...) if the file is trusted.",
        )
    return size


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when ASCII-range text is interleaved with NUL bytes, else None."""
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def text_encoding(head: bytes) -> str | None:
    """Guess the encoding of text from its first bytes; None when it is not text.

    BOMs win (utf-8-sig, utf-16-le, utf-16-be); then UTF-16 without a BOM (NUL-interleaved); then
    strict UTF-8; then cp1258 (the Windows Vietnamese code page). Binary content (NUL bytes, many
    control characters) is not text.
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be"
    if b"\x00" in head:
        return _utf16_without_bom(head)
    for encoding in ("utf-8", "cp1258"):
        try:
            text = decode_prefix(head, encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return encoding if controls <= 0.01 * max(len(text), 1) else None
    return None


def decode_prefix(data: bytes, encoding: str) -> str:
    """Decode a possibly truncated prefix: a multi-byte character cut at the end is not an error."""
    import codecs

    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    return decoder.decode(data, final=False)


def _ole_format(path: Path, limits: Limits) -> str:
    ole = Ole2(path, limits)
    names = {n.lower() for n in ole.names()}
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise InputError(
            "This file is password-protected (an encrypted Excel workbook), so it cannot be read.",
            file=path,
            hint=PASSWORD_HINT,
        )
    if "workbook" in names or "book" in names:
        return "xls"
    raise InputError(
        "This is an Office file but not an Excel workbook (no Workbook stream: a Word or "
        "PowerPoint document?).",
        file=path,
        hint="Check that you picked the right file.",
    )


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                info = zf.getinfo("mimetype")
                if info.file_size <= 200 and zf.read("mimetype").strip() == ODS_MIMETYPE:
                    return "ods"
            if "xl/workbook.xml" in names or any(n.endswith("/workbook.xml") for n in names):
                return "xlsx"
            if "xl/workbook.bin" in names:
                raise InputError(
                    "This is a binary Excel workbook (.xlsb), which is not supported.",
                    file=path,
                    hint=RESAVE_HINT,
                )
    except zipfile.BadZipFile as exc:
        raise InputError(
            f"The workbook is damaged or incomplete (the zip archive cannot be read: {exc}).",
            file=path,
            hint="Download or copy the file again; if Excel opens it, save a fresh copy as .xlsx.",
        ) from None
    raise InputError(
        "This is a zip archive but not a spreadsheet (no Excel or OpenDocument workbook inside).",
        file=path,
        hint="Unzip it and pick the .xlsx, .xls, .ods or .csv file inside.",
    )


def sniff_format(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Decide a file's format from its bytes, never from its extension.

    Returns:
        'xlsx', 'xls', 'ods' or 'csv'.

    Raises:
        InputError: password-protected (encrypted OOXML inside OLE2), HTML/XML saved with a
            spreadsheet extension, a damaged zip, .xlsb, or anything that is not a spreadsheet or
            delimited text.
    """
    path = Path(path)
    _file_size(path, limits)
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    if head.startswith(OLE2_MAGIC):
        return _ole_format(path, limits)
    if head.startswith(ZIP_MAGICS):
        return _zip_format(path)
    encoding = text_encoding(head)
    if encoding is None:
        kind = "a PNG image" if head.startswith(b"\x89PNG") else "binary data"
        if head.startswith(b"%PDF"):
            kind = "a PDF document"
        raise InputError(
            f"This is not a spreadsheet: the file holds {kind}, not a workbook or a table.",
            file=path,
            hint="Pick the .xlsx, .xls, .ods or .csv file that holds the scores.",
        )
    text = decode_prefix(head, encoding).lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("<!doctype html", "<html", "<?xml", "<table", "<meta", "<head")):
        raise InputError(
            "This is a web page or XML file saved with a spreadsheet name, not a real workbook.",
            file=path,
            hint=RESAVE_HINT,
        )
    return "csv"


# -------------------------------------------------------------------------------------------------
# OLE2 (Compound File Binary): just enough to list streams and read one, with every index checked


ENDOFCHAIN, FREESECT = 0xFFFFFFFE, 0xFFFFFFFF


class Ole2:
    """A minimal, bounds-checked reader of an OLE2 compound file (the container of .xls).

    Args:
        path: the file.
        limits: only ``max_file_bytes`` applies (the caller has checked the size already).

    Raises:
        InputError: the container is damaged (bad header, a sector chain that loops or points
            outside).
    """

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.data = path.read_bytes()
        if len(self.data) > limits.max_file_bytes:
            raise InputError("The file is too large.", file=path)
        d = self.data
        if len(d) < 512 or not d.startswith(OLE2_MAGIC):
            self._damaged("the header is incomplete")
        shift, mini_shift = struct.unpack_from("<HH", d, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            self._damaged("the sector size is invalid")
        self.sector = 1 << shift
        self.n_sectors = (len(d) - 512 + self.sector - 1) // self.sector
        n_fat, first_dir = struct.unpack_from("<II", d, 0x2C)
        self.cutoff, first_minifat, _n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", d, 0x38)
        fat_sectors = [s for s in struct.unpack_from("<109I", d, 0x4C) if s < ENDOFCHAIN]
        seen, s = set(), first_difat
        per = self.sector // 4 - 1
        while s < ENDOFCHAIN and len(seen) <= n_difat:
            if s in seen or s >= self.n_sectors:
                self._damaged("the sector allocation table loops")
            seen.add(s)
            entries = struct.unpack_from(f"<{per + 1}I", d, self._offset(s))
            fat_sectors += [x for x in entries[:per] if x < ENDOFCHAIN]
            s = entries[per]
        if len(fat_sectors) < min(n_fat, 1):
            self._damaged("the sector allocation table is missing")
        fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            fat.extend(struct.unpack_from(f"<{self.sector // 4}I", d, self._offset(s)))
        self.fat = fat
        raw_dir = self._chain(first_dir, self.fat, self.sector, self._big)
        self.entries: list[tuple[str, int, int, int]] = []  # (name, type, start, size)
        for off in range(0, len(raw_dir) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", raw_dir, off + 64)
            start, size = struct.unpack_from("<II", raw_dir, off + 116)
            name = raw_dir[off : off + max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            self.entries.append((name, kind, start, size))
        if not self.entries or self.entries[0][1] != 5:
            self._damaged("the root directory entry is missing")
        root = self.entries[0]
        self.minifat: list[int] = []
        if first_minifat < ENDOFCHAIN:
            raw = self._chain(first_minifat, self.fat, self.sector, self._big)
            self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))
        self.ministream = (
            self._chain(root[2], self.fat, self.sector, self._big)[: root[3]] if root[2] < ENDOFCHAIN else b""
        )

    def _damaged(self, what: str) -> None:
        raise InputError(
            f"The .xls file is damaged ({what}).",
            file=self.path,
            hint="Download or copy it again; if Excel opens it, save a fresh copy as .xlsx.",
        )

    def _offset(self, sector: int) -> int:
        off = 512 + sector * self.sector
        if sector >= self.n_sectors or off + self.sector > len(self.data) + self.sector:
            self._damaged("a sector points outside the file")
        return off

    def _big(self, sector: int, size: int) -> bytes:
        off = self._offset(sector)
        return self.data[off : off + size]

    def _mini(self, sector: int, size: int) -> bytes:
        off = sector * size
        if off >= len(self.ministream):
            self._damaged("a mini sector points outside the mini stream")
        return self.ministream[off : off + size]

    def _chain(self, start: int, table: list[int], size: int, read) -> bytes:
        parts, seen, s = [], set(), start
        while s < ENDOFCHAIN:
            if s in seen or s >= len(table):
                self._damaged("a sector chain loops or runs off the table")
            seen.add(s)
            parts.append(read(s, size))
            s = table[s]
        return b"".join(parts)

    def names(self) -> list[str]:
        """Names of all stream and storage entries."""
        return [name for name, kind, _, _ in self.entries if kind in (1, 2)]

    def stream(self, name: str) -> bytes:
        """The bytes of the first stream called ``name`` (case-insensitive)."""
        for entry_name, kind, start, size in self.entries:
            if kind == 2 and entry_name.lower() == name.lower():
                if size < self.cutoff:
                    return self._chain(start, self.minifat, 64, self._mini)[:size]
                return self._chain(start, self.fat, self.sector, self._big)[:size]
        raise KeyError(name)


# -------------------------------------------------------------------------------------------------
# Zip archives (xlsx, ods)


def _zip_damaged(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"The workbook is damaged or incomplete ({exc}).",
        file=path,
        hint="Download or copy the file again; if Excel opens it, save a fresh copy as .xlsx.",
    )


def _refuse_bomb(path: Path, what: str) -> InputError:
    return InputError(
        f"The workbook was refused as unsafe: {what}. A real score file never looks like this; "
        "it may be a 'zip bomb' built to exhaust memory.",
        file=path,
        hint="Ask the sender for the original file, or open it in Excel and save a fresh copy.",
    )


def inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, chunk: int = CHUNK) -> Iterator[bytes]:
    """Yield a member's inflated bytes in chunks, counting the real output against ``budget``.

    The compressed bytes are read straight from the archive with the sizes of the central directory,
    and the output is counted as it comes, so a member whose header under-states its size is caught
    (Python's zipfile would silently cut it at the declared size; other readers might not). At most
    ``chunk`` compressed bytes are read, and at most ``chunk`` inflated bytes yielded, at a time.

    Raises:
        InputError: output beyond ``budget`` bytes, an unsupported compression method, bad data.
    """
    path = Path(zf.filename or "")
    fp = zf.fp
    if fp is None:
        raise ValueError("archive is closed")
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise _zip_damaged(path, f"bad local header for {info.filename}")
    name_len, extra_len = struct.unpack_from("<HH", header, 26)
    fp.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        decomp = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        decomp = zlib.decompressobj(-15)
    else:
        raise InputError(
            f"The member {info.filename} uses an unusual compression method ({info.compress_type}).",
            file=path,
            hint=RESAVE_HINT,
        )
    left, produced = info.compress_size, 0
    while left > 0 or (decomp is not None and decomp.unconsumed_tail):
        if decomp is not None and decomp.unconsumed_tail:
            raw = decomp.unconsumed_tail
        else:
            raw = fp.read(min(chunk, left))
            if not raw:
                raise _zip_damaged(path, f"{info.filename} is cut short")
            left -= len(raw)
        try:
            out = raw if decomp is None else decomp.decompress(raw, chunk)
        except zlib.error as exc:
            raise _zip_damaged(path, f"{info.filename}: {exc}") from None
        produced += len(out)
        if produced > info.file_size:
            raise _refuse_bomb(
                path,
                f"{info.filename} inflates to more than the {info.file_size:,} bytes it declares",
            )
        if produced > budget:
            raise _refuse_bomb(path, f"{info.filename} inflates to more than {budget / MB:.0f} MB of data")
        if out:
            yield out
        if decomp is not None and decomp.eof:
            break


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z$0-9:]+)\"")
_SHEETDATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")


def _dimension(ref: str) -> tuple[int, int] | None:
    last = ref.split(":")[-1]
    try:
        return parse_ref(last)
    except ValueError:
        return None


def _worksheet_parts(zf: zipfile.ZipFile, path: Path) -> list[tuple[str, str, bool]]:
    """(sheet name, member path, visible) of each worksheet, in workbook order."""
    names = set(zf.namelist())
    wb_part = "xl/workbook.xml"
    if "_rels/.rels" in names:
        for rel in _xml(zf, "_rels/.rels", path):
            if rel.get("Type", "").endswith("/officeDocument"):
                wb_part = rel.get("Target", wb_part).lstrip("/")
    base = wb_part.rsplit("/", 1)[0] + "/" if "/" in wb_part else ""
    rels_part = f"{base}_rels/{wb_part.rsplit('/', 1)[-1]}.rels"
    targets = {}
    if rels_part in names:
        for rel in _xml(zf, rels_part, path):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else base + target
            targets[rel.get("Id")] = (target, rel.get("Type", ""))
    parts = []
    for el in _xml(zf, wb_part, path).iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target, kind = targets.get(rid, ("", ""))
        if kind and not kind.endswith("/worksheet"):
            continue  # chart sheets and dialog sheets hold no cells
        visible = el.get("state", "visible") == "visible"
        parts.append((el.get("name", ""), target, visible))
    return parts


def _xml(zf: zipfile.ZipFile, member: str, path: Path):
    info = zf.getinfo(member)
    data = b"".join(inflate(zf, info, 16 * MB))
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise _refuse_bomb(path, f"{member} declares a DTD")
    try:
        return SafeET.fromstring(data)
    except Exception as exc:  # defusedxml raises several types; all mean the same to the analyst
        raise _zip_damaged(path, f"{member} is not valid XML: {exc}") from None


def check_zip(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an xlsx/ods archive that could exhaust memory, before any engine opens it.

    Checks the number of members, the total declared inflated size and the inflated/compressed ratio
    (per member and overall, for members above 1 MB). For an xlsx it then reads each worksheet's
    ``<dimension ref>`` from the first few KB of its XML (streamed, never the whole member) and
    refuses a range Excel itself cannot hold (beyond XFD1048576). A dimension inside Excel's
    grid but beyond ``limits`` is not refused here: :func:`cchc_analysis.io.grid.read_grid` reads
    such a sheet with a bounded engine instead.

    Raises:
        InputError: a damaged archive, a zip bomb, or an impossible ``<dimension>``.
    """
    path = Path(path)
    _file_size(path, limits)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > limits.max_zip_entries:
                raise _refuse_bomb(path, f"it holds {len(infos):,} files")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > limits.max_uncompressed:
                raise _refuse_bomb(path, f"it would inflate to {total / MB:,.0f} MB")
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
                    raise _refuse_bomb(
                        path, f"{info.filename} is compressed {ratio:,.0f} times (zip bomb pattern)"
                    )
            if total > RATIO_FLOOR and total / max(packed, 1) > limits.max_ratio:
                raise _refuse_bomb(path, f"the archive is compressed {total / packed:,.0f} times")
            if "mimetype" in zf.namelist():
                return  # OpenDocument: no <dimension>; ods_extents measures the tables
            for name, part, _ in _worksheet_parts(zf, path):
                m = _head_dimension(zf, part, path)
                if m is not None and (m[0] > EXCEL_ROWS or m[1] > EXCEL_COLS):
                    raise InputError(
                        f"The sheet claims a size Excel cannot hold ({m[0]:,} rows × {m[1]:,} "
                        "columns); the file is damaged or was built to crash readers.",
                        file=path,
                        sheet=name,
                        hint=RESAVE_HINT,
                    )
    except zipfile.BadZipFile as exc:
        raise _zip_damaged(path, exc) from None


def _head_dimension(zf: zipfile.ZipFile, part: str, path: Path) -> tuple[int, int] | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        raise _zip_damaged(path, f"the worksheet {part} is missing") from None
    head = b""
    for chunk in inflate(zf, info, info.file_size, HEAD_BYTES):
        head += chunk
        if len(head) >= HEAD_BYTES or _SHEETDATA.search(head):
            break
    m = _DIMENSION.search(head[: max(HEAD_BYTES, len(head))])
    return _dimension(m.group(1).decode("ascii")) if m else None


# -------------------------------------------------------------------------------------------------
# xlsx: where each worksheet's cells really are
#
# The extents must cover every cell python-calamine (0.9.1, bundling calamine 0.37) would place, or
# it aborts the process. Measured against it: a cell element is any element whose local name is "c"
# (``<c>``, ``<x:c>``, even with an undeclared prefix); its position is its *last* unprefixed ``r``
# attribute (quoted with " or ', ``r = "…"`` with spaces, separated from the previous attribute by
# whitespace or by nothing after a closing quote), letters in either case and digits with any leading
# zeros, the arithmetic wrapping at 2**32; a cell without ``r`` continues after the previous one in
# its row, and a row without ``r`` after the previous row (a self-closing ``<row r="7"/>`` counts).
# A self-closing cell holds no value and does not widen the range, but does move the position.
# An ``r`` that is not letters then digits, or a malformed tag, makes calamine fail with an error.
#
# Two scans implement this. :class:`_CanonicalScan` handles the XML that Excel, LibreOffice,
# openpyxl and xlsxwriter write (every cell starts ``<c r="`` with an upper-case reference of at most
# three letters and seven digits, no other ``r`` attribute anywhere but on ``<row r="``) with a fixed
# number of numpy passes per chunk and vectorised work per cell, no Python loop; it proves that the
# chunk has that form, and gives up otherwise. :class:`_ExactScan` then reads the part again
# and follows calamine's rules tag by tag, in Python.

SCAN_CHUNK = 512 * 1024  # inflated bytes handed to a scan at a time
PIECE = 64 * 1024  # inflated bytes asked of zlib at a time
MAX_TAG = 1 * MB  # longest run of XML without a '<' before the worksheet is called damaged

# Byte-parallel ("SWAR") arithmetic on 8 bytes read as one little-endian uint64: byte i of a word
# is bits 8i..8i+7, and a "byte mask" has 0x80 set in the bytes that match.
_PAD = bytes(32)  # lets the scan read a few bytes past a chunk's end without bounds checks
_ONES, _HIGH, _LOW7 = 0x0101010101010101, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F
_BYTE_INDEX = 0x0001020304050607  # (1 << 8k) * this >> 56 == k
_CELL_HEAD, _PREFIXED_CELL_HEAD = int.from_bytes(b'<c r="', "little"), int.from_bytes(b':c r="', "little")
_ROW_HEAD, _PREFIXED_ROW_HEAD = int.from_bytes(b"<row ", "little"), int.from_bytes(b":row ", "little")
_ROW_END = int.from_bytes(b"</row>", "little")
_DELIMITER = np.zeros(256, dtype=bool)  # what may end an element name: whitespace, '/', '>'
_DELIMITER[[*range(33), 47, 62]] = True
_NAME_BYTE = np.zeros(256, dtype=bool)  # ASCII letters, digits, '-', '.', '_': a namespace prefix
_NAME_BYTE[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._")] = True
_M5, _M6 = (1 << 40) - 1, (1 << 48) - 1
_PREFIX = np.array([(1 << 8 * k) - 1 for k in range(9)], dtype=np.uint64)  # the first k bytes
_HI, _ZERO = 0xF0F0F0F0F0F0F0F0, 0x3030303030303030
_LO, _SIX, _SIXTEEN = 0x0F0F0F0F0F0F0F0F, 0x0606060606060606, 0x1010101010101010
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\"")


def _equal_bytes(words: np.ndarray, byte: int) -> np.ndarray:
    """Byte mask of the bytes equal to ``byte`` (exact in every byte)."""
    x = words ^ (byte * _ONES)
    return ~(((x & _LOW7) + _LOW7) | x | _LOW7)


def _first_byte(mask: np.ndarray) -> np.ndarray:
    """Index (0-7) of the lowest byte set in a byte mask; 0 when none is."""
    lowest = mask & (~mask + 1)
    return ((lowest >> 7) * _BYTE_INDEX) >> 56


def _digits_key(number: int) -> int:
    """The key :func:`_parse_refs` gives a row number: its ASCII digits read as a big-endian int."""
    return int.from_bytes(str(number).encode("ascii"), "big")


def _key_number(key: int) -> int:
    return int(key.to_bytes(8, "big").lstrip(b"\0") or b"0")


def _col_key(col: int) -> int:
    """The key :func:`_parse_refs` gives a column number (1-based)."""
    letters = col_letters(col - 1).encode("ascii")
    return len(letters) << 24 | int.from_bytes(letters, "big")


def _key_col(key: int) -> int:
    return col_number((key & 0xFFFFFF).to_bytes(3, "big").lstrip(b"\0")) if key else 0


_WORKSPACE = threading.local()


def _reused(name: str, size: int, make):
    """A buffer of at least ``size`` kept for the next scan in this thread: memory the process
    has not touched yet costs a page fault every 4 KB, about as much as scanning it."""
    buf = getattr(_WORKSPACE, name, None)
    if buf is None or len(buf) < size:
        buf = make(size)
        setattr(_WORKSPACE, name, buf)
    return buf


class _Chunks:
    """A worksheet part inflated into one reused buffer, in chunks that end just before a '<', so
    no tag is ever cut.

    Each chunk is ``(data, n)``: ``data[:n]`` is the XML to scan; ``data`` continues with the start
    of the next chunk and zero padding, so a scan may look a few bytes past ``n``; it is overwritten
    by the next chunk. The first chunk is checked for a DTD and gives the declared ``<dimension>``.
    Inflating 64 KB at a time into a buffer allocated once keeps the memory the process has already
    mapped in use: fresh memory costs a page fault every 4 KB, more than the scan itself.
    """

    def __init__(self, zf: zipfile.ZipFile, part: str, budget: int) -> None:
        self.zf, self.part, self.budget = zf, part, budget
        self.path = Path(zf.filename or "")
        self.produced = 0
        self.start = 0  # where the chunk last yielded starts in the inflated XML
        self.declared: tuple[int, int] | None = None

    def _head(self, data: bytearray, filled: int) -> None:
        head = bytes(data[: min(filled, HEAD_BYTES)])
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise _refuse_bomb(self.path, f"{self.part} declares a DTD")
        m = _DIMENSION.search(head)
        self.declared = _dimension(m.group(1).decode("ascii")) if m else None

    def __iter__(self) -> Iterator[tuple[bytearray, int]]:
        info = self.zf.getinfo(self.part)
        pad = len(_PAD)
        buf = _reused("chunk", SCAN_CHUNK + PIECE + pad, lambda size: bytearray(size))
        filled, first = 0, True
        self.produced = 0
        for piece in inflate(self.zf, info, self.budget, PIECE):
            self.produced += len(piece)
            if filled + len(piece) + pad > len(buf):  # a carry longer than a chunk: one long text
                grown = bytearray(2 * len(buf))
                grown[:filled] = buf[:filled]
                buf = grown
            buf[filled : filled + len(piece)] = piece
            filled += len(piece)
            if filled < SCAN_CHUNK:
                continue
            if first:
                first = False
                self._head(buf, filled)
            cut = buf.rfind(b"<", 0, filled)
            if cut <= 0:
                if filled > MAX_TAG:
                    raise _zip_damaged(self.path, f"{self.part} is not worksheet XML")
                continue
            buf[filled : filled + pad] = _PAD
            self.start = self.produced - filled
            yield buf, cut
            buf[: filled - cut] = buf[cut:filled]
            filled -= cut
        if first:
            self._head(buf, filled)
        if filled:
            buf[filled : filled + pad] = _PAD
            self.start = self.produced - filled
            yield buf, filled


def _shift_down(words: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """``words >> bits`` for per-element ``bits`` in 0..64 (64 gives 0), in two shifts below 64."""
    half = bits >> 1
    return (words >> half) >> (bits - half)


def _shift_up(words: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """``words << bits`` for per-element ``bits`` in 0..64 (64 gives 0), in two shifts below 64."""
    half = bits >> 1
    return (words << half) << (bits - half)


def _parse_refs(first: np.ndarray, second: np.ndarray, last: np.ndarray):
    """Parse the reference in each ``<c r="REF"``, 8 bytes at a time.

    Args:
        first, second: the 16 bytes from each ``<c``, as two little-endian uint64.
        last: the byte after them (a quote closes a reference of ten characters there).

    Returns:
        (column keys, row keys), or None when any reference is not upper-case letters (one to
        three), digits (one to seven, no leading zero) and a quote. Keys order like the numbers:
        a row key is the row's digits read as a big-endian integer, a column key the letters read
        the same way plus their count times 2**24.
    """
    head = (first >> 48) | (second << 16)  # the reference's first 8 bytes
    low7 = head & _LOW7
    upper = (low7 + 0x3F3F3F3F3F3F3F3F) & ~(low7 + 0x2525252525252525) & ~head & _HIGH
    n_letters = _first_byte(~upper & _HIGH)
    if ((n_letters - 1) > 2).any():  # not 1..3 (uint64: 0 - 1 wraps)
        return None
    quotes = _equal_bytes(second, 0x22) & _HIGH  # reference bytes 2..9
    found = quotes != 0
    if not (found | (last == 0x22)).all():
        return None
    end = np.where(found, 2 + _first_byte(quotes), 10)  # the quote's index in the reference
    n_digits = end - n_letters
    if ((n_digits - 1) > 6).any():  # not 1..7
        return None
    bits = 8 * end - 16  # the 8 bytes before the quote start at <c + end - 2
    window = _shift_down(first, bits) | _shift_up(second, 64 - bits)
    mask = _PREFIX[n_digits]
    rows = window.byteswap() & mask  # the digits, right-aligned, big-endian
    digits = ((rows & (_HI & mask)) == (_ZERO & mask)) & ((((rows & _LO) + _SIX) & _SIXTEEN & mask) == 0)
    lead = (rows >> (8 * n_digits - 8)) & 0xFF
    if not (digits & (lead != 0x30)).all():
        return None
    cols = (head.byteswap() >> (64 - 8 * n_letters)) | (n_letters << 24)
    return cols, rows


def _self_closing(data: bytes, words: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Which ``data[start:stop]`` (a cell's start tag from the quote opening its ``r`` up to a
    ``/>``) show that the tag really ends there: no '<', '>' or "'" and an even number of '"' (so
    the '/>' is not inside a quoted attribute value). 8 bytes at a time up to 24, in Python beyond.
    """
    length = stops - starts
    out = np.zeros(len(starts), dtype=bool)
    short = np.flatnonzero(length <= 24)
    if short.size:
        s, n = starts[short], length[short]
        quotes = np.zeros(len(short), dtype=np.intp)
        bad = np.zeros(len(short), dtype=bool)
        for offset in (0, 8, 16):
            w = words[s + offset].view(np.uint64)
            inside = _PREFIX[np.clip(n - offset, 0, 8)] & _HIGH
            for byte in (0x3C, 0x3E, 0x27):  # < > '
                bad |= (_equal_bytes(w, byte) & inside) != 0
            quotes += np.bitwise_count(_equal_bytes(w, 0x22) & inside)
        out[short] = ~bad & (quotes % 2 == 0)
    for i in np.flatnonzero(length > 24).tolist():
        seg = data[starts[i] : stops[i]]
        out[i] = not (b"<" in seg or b">" in seg or b"'" in seg) and seg.count(b'"') % 2 == 0
    return out


class _CanonicalScan:
    """Extents of worksheet XML in the form spreadsheet programs write, found with numpy.

    :meth:`feed` returns False as soon as a chunk holds anything else (a cell without ``r`` or with
    ``r`` elsewhere than first, a prefixed cell, a second ``r``, single quotes or spaces around
    ``=`` on an ``r``, a lower-case or over-long reference); the caller then uses
    :class:`_ExactScan`. What it accepts it measures exactly. Per chunk: fourteen whole-chunk numpy
    operations find every cell and every ``r=``, ``/>`` and ``name =``; the references of the cells
    that hold a value are parsed later, a quarter of a million at a time, 8 bytes per operation.
    """

    BATCH = 8_192  # references parsed together: few numpy calls, arrays that stay in cache

    def __init__(self, limits: Limits) -> None:
        self.max_col, self.max_row = _col_key(limits.max_cols), _digits_key(limits.max_rows)
        self.cols = self.rows = self.cols_within = self.rows_within = 0  # keys
        self.merged: list[tuple[int, int, int, int]] = []
        self._scratch = np.empty((3, 0), dtype=bool)
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._n_pending = 0
        self.empty_spans: list[tuple[int, int]] = []
        self._run: int | None = None  # where the current run of whole empty rows starts
        self._run_last = 0  # the last row start of the run, where it may end
        self._depth = 0  # 1 inside a row of the run, else 0
        self.last_empty = False  # the chunk last fed held only rows of empty cells

    def _buffers(self, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._scratch.shape[1] < n:
            self._scratch = _reused("scratch", 3 * n, lambda size: np.empty(size, dtype=bool))
            self._scratch = self._scratch[: self._scratch.size // 3 * 3].reshape(3, -1)
        b = self._scratch[:, :n]
        return b[0], b[1], b[2]

    def feed(self, data: bytes, n: int, at: int = 0) -> bool:
        """Scan ``data[:n]``, which starts ``at`` bytes into the sheet XML; False when it is not
        canonical."""
        self.last_empty = False
        if n < 2:
            return True
        if self._empty_rows(data, n, at):
            return True
        self._end_run()
        a = np.frombuffer(data, dtype=np.uint8)
        words = np.ndarray((len(data) - 7,), dtype="V8", buffer=data, strides=(1,))  # 8 bytes at any i
        a0, a1 = a[: n - 1], a[1:n]
        x, y, z = self._buffers(n - 1)
        # Cells: '<c' or ':c' then whitespace, '/' or '>'.
        np.equal(a1, 99, out=x)
        np.equal(a0, 60, out=y)
        np.equal(a0, 58, out=z)
        np.logical_or(y, z, out=y)
        np.logical_and(y, x, out=y)
        starts = np.flatnonzero(y)
        cells = starts[_DELIMITER[a[starts + 2]]]
        colon = np.flatnonzero(a[cells] == 58)
        if colon.size:  # <x:c ...> and </x:c>: a prefix of one or two name characters
            q = cells[colon]
            b1, b2, b3, b4 = a[q - 1], a[q - 2], a[q - 3], a[q - 4]
            n1, n2 = _NAME_BYTE[b1], _NAME_BYTE[b1] & _NAME_BYTE[b2]
            tag = ((b2 == 60) & n1) | ((b3 == 60) & n2)
            end = ((b3 == 60) & (b2 == 47) & n1) | ((b4 == 60) & (b3 == 47) & n2)
            if not (tag | end).all():
                return False
            if end.any():
                cells = np.delete(cells, colon[end])
        first = words[cells].view(np.uint64)
        head = first & _M6
        if not ((head == _CELL_HEAD) | (head == _PREFIXED_CELL_HEAD)).all():
            return False
        # 'r=', whitespace then '=', and '/>' in one pass; each cell's own r=" is known.
        np.equal(a1, 61, out=x)
        np.equal(a0, 114, out=y)
        np.less_equal(a0, 32, out=z)
        np.logical_or(y, z, out=y)
        np.logical_and(y, x, out=y)
        np.equal(a0, 47, out=x)
        np.equal(a1, 62, out=z)
        np.logical_and(x, z, out=x)
        np.logical_or(y, x, out=y)
        y[cells + 3] = False
        marks = np.flatnonzero(y)
        kind = a[marks]
        r_eq = marks[kind == 114]
        if r_eq.size:
            before = a[r_eq - 1]
            attrs = r_eq[(before <= 32) | (before == 34) | (before == 39)]
            if attrs.size:
                if attrs.min() < 5:
                    return False
                head = words[attrs - 5].view(np.uint64) & _M5
                if not ((head == _ROW_HEAD) | (head == _PREFIXED_ROW_HEAD)).all():
                    return False  # an r= that is neither a cell's first attribute nor <row r=
        for i in marks[kind <= 32].tolist():  # 'name =': is the name r?
            j = i
            while j >= 0 and data[j] <= 32:
                j -= 1
            if j >= 0 and data[j] == 114:
                return False
        if not cells.size:
            self._merges(data, 0, n)
            return True
        self._merges(data, int(cells[-1]), n)
        closers = marks[kind == 47]
        if closers.size:
            owner = np.searchsorted(cells, closers) - 1
            keep = owner >= 0
            owner, closers = owner[keep], closers[keep]
            empty = owner[_self_closing(data, words, cells[owner] + 5, closers)]
            if empty.size:
                filled = np.ones(len(cells), dtype=bool)
                filled[empty] = False
                cells, first = cells[filled], first[filled]
        if cells.size:
            self._pending.append((first, words[cells + 8].view(np.uint64), a[cells + 16]))
            self._n_pending += len(cells)
            if self._n_pending >= self.BATCH:
                return self._parse()
        return True

    def _empty_rows(self, data: bytes, n: int, at: int) -> bool:
        """True when ``data[:n]`` holds nothing but rows of empty cells, as a sheet formatted down
        to its last row does: every tag a row start tag (``<row `` … ``">`` or ``/>``), ``</row>``
        or a self-closing cell (``<c r="`` … ``/>``), each '<' closed by one '>' before the next,
        double quotes only inside tags and paired in each, no single quote. The full pass would find
        no cell holding a value in such a chunk, so it adds nothing to the extents; proving it takes
        a few numpy passes over the chunk's '<', '>' and '"' instead of work for every cell. The
        chunk also extends the current run of whole empty rows (:attr:`SheetExtent.empty_spans`).
        No '>' here follows '-', ']' or '?', so no comment, CDATA section or processing
        instruction opened before the chunk can end inside it."""
        close = data.find(b"</", 0, n)
        if close != -1 and data[close : close + 6] != b"</row>":
            # a closing tag other than </row> (</v>, </t>, </c>) ends a cell with a value, which the
            # check below would refuse; in a chunk of data the first one is in its first cell, so most
            # chunks stop here instead of after four whole-chunk passes
            return False
        a = np.frombuffer(data, dtype=np.uint8)
        body = a[:n]
        opens = np.flatnonzero(body == 60)
        if opens.size < 2 or opens[0] != 0 or data.find(b"'", 0, n) != -1:
            return False
        closes = np.flatnonzero(body == 62)
        if closes.size != opens.size or not ((opens < closes).all() and (closes[:-1] < opens[1:]).all()):
            return False
        words = np.ndarray((len(data) - 7,), dtype="V8", buffer=data, strides=(1,))
        heads = words[opens].view(np.uint64)
        before = a[closes - 1]
        slash = before == 47
        row = (heads & _M5) == _ROW_HEAD
        end_row = ((heads & _M6) == _ROW_END) & (closes - opens == 5)
        if not ((((heads & _M6) == _CELL_HEAD) & slash) | (row & (slash | (before == 34))) | end_row).all():
            return False
        bounds = np.empty(2 * opens.size, dtype=np.intp)
        bounds[0::2], bounds[1::2] = opens, closes
        quotes = np.add.reduceat(body == 34, bounds, dtype=np.int32)  # in each tag, after each tag
        if quotes[1::2].any() or (quotes[0::2] & 1).any():
            return False
        self.last_empty = True
        tags = row | end_row
        self._extend_run(opens[tags] + at, np.where(end_row[tags], -1, np.where(slash[tags], 0, 1)))
        return True

    def _extend_run(self, where: np.ndarray, step: np.ndarray) -> None:
        """Follow the run of whole empty rows over row tags at ``where`` (offsets in the sheet XML)
        that open (1), open and close (0) or close (-1) a row. A run starts at a row start tag; it
        may end before any row start tag outside a row; a row opened inside a row, or a ``</row>``
        outside one, ends it there."""
        if self._run is None:
            first = np.flatnonzero(step >= 0)
            if not first.size:
                return
            where, step = where[first[0] :], step[first[0] :]
            self._run, self._run_last, self._depth = int(where[0]), int(where[0]), 0
        if not step.size:
            return
        depth = self._depth + np.cumsum(step) - step  # before each tag
        bad = np.flatnonzero(np.where(step >= 0, depth != 0, depth != 1))
        stop = int(bad[0]) if bad.size else len(step)
        starts = np.flatnonzero(step[:stop] >= 0)
        if starts.size:
            self._run_last = int(where[starts[-1]])
        if bad.size:
            self._end_run()
        else:
            self._depth = int(depth[-1] + step[-1])

    def _end_run(self) -> None:
        if self._run is not None and self._run_last > self._run:
            self.empty_spans.append((self._run, self._run_last))
        self._run = None

    def _parse(self) -> bool:
        """Parse the pending references into the extents; False when one is not canonical."""
        if not self._pending:
            return True
        if len(self._pending) == 1:
            first, second, last = self._pending[0]
        else:
            first, second, last = (np.concatenate(part) for part in zip(*self._pending, strict=True))
        self._pending, self._n_pending = [], 0
        parsed = _parse_refs(first, second, last)
        if parsed is None:
            return False
        self._fold(*parsed)
        return True

    def _fold(self, cols: np.ndarray, rows: np.ndarray) -> None:
        top_col, top_row = int(cols.max()), int(rows.max())
        self.cols, self.rows = max(self.cols, top_col), max(self.rows, top_row)
        if top_col > self.max_col or top_row > self.max_row:
            inside = (cols <= self.max_col) & (rows <= self.max_row)
            cols, rows = cols[inside], rows[inside]
            top_col = int(cols.max()) if cols.size else 0
            top_row = int(rows.max()) if rows.size else 0
        self.cols_within = max(self.cols_within, top_col)
        self.rows_within = max(self.rows_within, top_row)

    def _merges(self, data: bytes, start: int, n: int) -> None:
        if data.find(b"mergeCell", start, n) == -1:
            return
        for c1, r1, c2, r2 in _MERGE.findall(data, start, n):
            c2, r2 = (c2, r2) if c2 else (c1, r1)
            self.merged.append((int(r1) - 1, col_number(c1) - 1, int(r2) - 1, col_number(c2) - 1))

    def proven_within(self, limits: Limits, declared: tuple[int, int] | None) -> bool | None:
        """Whether every cell fed so far, and the ``declared`` dimension, lie inside ``limits`` (as
        :meth:`SheetExtent.fits` says of the whole sheet); None when the references waiting to be
        parsed are not canonical."""
        if not self._parse():
            return None
        so_far = SheetExtent(
            name="", declared=declared, rows=_key_number(self.rows), cols=_key_col(self.cols)
        )
        return so_far.fits(limits)

    def finish(self, ext: SheetExtent) -> bool:
        """Write the extents into ``ext``; False when the last references are not canonical."""
        if not self._parse():
            return False
        self._end_run()
        ext.empty_spans = self.empty_spans
        ext.rows, ext.cols = _key_number(self.rows), _key_col(self.cols)
        ext.rows_within, ext.cols_within = _key_number(self.rows_within), _key_col(self.cols_within)
        ext.merged = self.merged
        return True


_START = re.compile(rb"<(?:[^\s/>]*:)?(?:c|row)(?=[\s/>])")  # calamine matches local names
_EVENT = re.compile(  # a whole cell or row start tag, or a row end tag
    rb"""<(?:/(?:[^\s/>]*:)?row\s*>|(?:[^\s/>]*:)?(c|row)"""
    rb"""((?:\s*[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>)"""
)
_R_VALUE = re.compile(rb"""(?:^|(?<=[\s"']))r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(rb"([A-Za-z]+)(\d+)")


def _tag_candidates(data: bytes, n: int) -> np.ndarray:
    """Sorted positions of every '<' that may open a cell or row tag or close a row (a superset:
    :class:`_ExactScan` matches each)."""
    a = np.frombuffer(data, dtype=np.uint8)
    a0, a1 = a[: n - 1], a[1:n]
    opens = (a0 == 60) | (a0 == 58)  # '<' or the ':' after a prefix
    cells = np.flatnonzero(opens & (a1 == 99))
    cells = cells[_DELIMITER[a[cells + 2]]]
    rows = np.flatnonzero((opens | (a0 == 47)) & (a1 == 114))  # also '/' of '</row>'
    rows = rows[(a[rows + 2] == 111) & (a[rows + 3] == 119) & _DELIMITER[a[rows + 4]]]
    found = np.concatenate((cells, rows))
    kind = a[found]
    out = np.where(kind == 47, found - 1, found)  # '</row>' starts one byte earlier
    for i in np.flatnonzero(kind == 58).tolist():  # a prefix: back to its '<'
        out[i] = max(data.rfind(b"<", max(0, int(found[i]) - 64), int(found[i])), 0)
    return np.unique(out)


class _ExactScan:
    """Follow calamine's placement rules tag by tag (see the comment above :data:`SCAN_CHUNK`).

    Slower than :class:`_CanonicalScan` (about 0.1 s of CPU per MB of XML) but it accepts any
    syntax. Where calamine would take the first or the last of several ``r`` attributes, every one
    is counted, so the extent can only be over-stated.

    Raises:
        InputError: a cell or row tag that is not well-formed, or an ``r`` that is not a cell
            reference (calamine refuses both too).
    """

    def __init__(self, limits: Limits, path: Path, sheet: str) -> None:
        self.limits, self.path, self.sheet = limits, path, sheet
        self.row = self.col = 0  # calamine's 0-based cursor for cells and rows without r
        self.rows = self.cols = self.rows_within = self.cols_within = 0
        self.merged: list[tuple[int, int, int, int]] = []
        self._columns: dict[bytes, int] = {}
        self._seen = False  # past the first chunk (and its <?xml ...?> declaration)

    def _bad(self, what: bytes) -> InputError:
        shown = what[:60].decode("utf-8", "replace")
        return InputError(
            f"The worksheet XML is damaged: {shown!r} is not a valid cell or row tag.",
            file=self.path,
            sheet=self.sheet,
            hint=RESAVE_HINT,
        )

    def _place(self, row: int, col: int) -> None:
        self.rows, self.cols = max(self.rows, row), max(self.cols, col)
        if row <= self.limits.max_rows and col <= self.limits.max_cols:
            self.rows_within = max(self.rows_within, row)
            self.cols_within = max(self.cols_within, col)

    def feed(self, data: bytes, n: int) -> None:
        """Measure ``data[:n]``, continuing from the previous chunk's cursor."""
        # A tag inside a comment, a CDATA section or a processing instruction is not one, and one
        # such fake <row r="1"> or </row> would move this cursor where calamine's does not go.
        # Spreadsheet programs never write them into sheet XML: refuse rather than track them.
        for opener in (b"<!--", b"<![CDATA[", b"<?"):
            at = data.find(opener, 0 if self._seen or opener != b"<?" else 5, n)
            if at != -1:
                raise InputError(
                    "The worksheet XML holds a comment, a CDATA section or a processing "
                    "instruction among its cells, which spreadsheet programs never write there.",
                    file=self.path,
                    sheet=self.sheet,
                    hint=RESAVE_HINT,
                )
        self._seen = True
        columns, end = self._columns, 0
        for at in _tag_candidates(data, n).tolist():
            if at < end:
                continue  # inside the previous tag's attribute values
            m = _EVENT.match(data, at, n)
            if m is None:
                if _START.match(data, at, n):  # a cell or row tag that is not well-formed
                    raise self._bad(data[at : at + 60])
                continue
            end = m.end()
            name, attrs, empty = m.groups()
            if name is None:  # </row>
                self.row, self.col = self.row + 1, 0
                continue
            refs = [v1 or v2 for v1, v2 in _R_VALUE.findall(attrs)] if b"r" in attrs else []
            if name == b"row":
                if refs:
                    if not all(r.isdigit() and int(r) > 0 for r in refs):
                        raise self._bad(m.group())
                    self.row = max(int(r) for r in refs) - 1
                if empty:
                    self.row, self.col = self.row + 1, 0
                continue
            if not refs:
                row, col = self.row + 1, self.col + 1
                self.col = col
                if not empty:
                    self._place(row, col)
                continue
            top = 0
            for ref in refs:
                parts = _CELL_REF.fullmatch(ref)
                if parts is None or int(parts.group(2)) == 0:
                    raise self._bad(m.group())
                letters = bytes(parts.group(1))
                col = columns.get(letters) or columns.setdefault(letters, col_number(letters))
                top = max(top, col)
                if not empty:
                    self._place(int(parts.group(2)), col)
            self.col = top
        if data.find(b"mergeCell", 0, n) != -1:
            for c1, r1, c2, r2 in _MERGE.findall(data, 0, n):
                c2, r2 = (c2, r2) if c2 else (c1, r1)
                self.merged.append((int(r1) - 1, col_number(c1) - 1, int(r2) - 1, col_number(c2) - 1))

    def finish(self, ext: SheetExtent) -> None:
        """Write the extents into ``ext``."""
        ext.rows, ext.cols = self.rows, self.cols
        ext.rows_within, ext.cols_within = self.rows_within, self.cols_within
        ext.merged = self.merged


# -------------------------------------------------------------------------------------------------
# xlsx: what the engine shows as ordinary cells, noted on the same pass
#
# calamine shows an Excel error (``<c t="e"><v>#REF!</v></c>``) and a formula whose result was never
# saved (``<c><f>SUM(A1:A3)</f></c>``) as empty cells, and does not say which rows are hidden; the
# reader must know (a #REF! in a score column is not a missing score). Each chunk the extents scans
# read is searched for the only places these can be: "<f" or ":f" opening a formula element, '"e"'
# (the value of t="e") and "n=" (of hidden=). A few numpy passes find them (about 0.4 ms per MB);
# each place found is then read in its cell or row tag with regular expressions that never look
# past the next '<' or the end of the cell, so hostile XML costs linear time. A cell cut by a chunk
# boundary is carried over to the next chunk.

MAX_HIDDEN_RANGES = 10_000  # <col hidden> ranges noted per sheet (a real sheet has a few; the rest ignored)
FLAG_WALK = 16  # tags looked back from a formula or t="e" for the start of its cell
MAX_CELL = 1 * MB  # a cell element longer than this (none is, by far) is not carried over
_FLAG_ROW = re.compile(rb"<(?:\w+:)?row\s([^>]*?)/?>")
_FLAG_ROW_NUMBER = re.compile(rb'\br="(\d{1,7})"')
_FLAG_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_FLAG_COL = re.compile(rb"<(?:\w+:)?col\s([^>]*?)/?>")  # <col min="6" max="6" hidden="1"/> in <cols>
_FLAG_MIN = re.compile(rb'\bmin="(\d{1,5})"')
_FLAG_MAX = re.compile(rb'\bmax="(\d{1,5})"')
_FLAG_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>")  # a cell start tag, not self-closing
_FLAG_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_FLAG_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_FLAG_TYPE = re.compile(rb'\bt="(\w+)"')
_FLAG_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_FLAG_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?v>)")
_TAG_NAME = re.compile(rb"<(/?)(?:[^\s/>:]*:)?([^\s/>:]*)")
_TEXT_TYPES = {b"str", b"s", b"inlineStr"}
_QUOTES = {"&quot;": '"', "&apos;": "'"}  # with &lt; &gt; &amp;, the entities XML predefines


def _flag_marks(data: bytes | bytearray, start: int, n: int) -> np.ndarray:
    """Sorted positions in ``data[start:n]`` of '<f' or ':f' followed by whitespace, '/' or '>',
    of '"e"', and of 'n='. ``data`` must go on at least three bytes past ``n`` (as a chunk of
    :class:`_Chunks` does).

    When a chunk holds many formulas, those followed by a saved value (``<v>`` and a character
    other than '<') before the next cell end tag are left out: they have nothing to note, and a
    sheet of formulas would otherwise cost a regular expression per cell.
    """
    m = n - 1 - start
    if m <= 0:
        return np.empty(0, dtype=np.intp)
    a = np.frombuffer(data, dtype=np.uint8)
    a0, a1, a2, a3 = (a[start + k : n - 1 + k] for k in range(4))
    scratch = _reused("flags", 4 * m, lambda size: np.empty(size, dtype=bool))
    w, x, y, z = (scratch[k * m : (k + 1) * m] for k in range(4))
    np.equal(a0, 60, out=w)  # '<'
    np.equal(a0, 58, out=y)  # ':'
    np.logical_or(w, y, out=w)
    np.equal(a1, 102, out=y)  # 'f'
    np.logical_and(w, y, out=x)
    np.equal(a0, 34, out=y)  # '"'
    np.equal(a1, 101, out=z)  # 'e'
    np.logical_and(y, z, out=y)
    np.logical_or(x, y, out=x)
    np.equal(a0, 110, out=y)  # 'n'
    np.equal(a1, 61, out=z)  # '='
    np.logical_and(y, z, out=y)
    np.logical_or(x, y, out=x)
    found = np.flatnonzero(x)
    if not found.size:
        return found
    found += start
    first, third = a[found], a[found + 2]
    formula = (first != 34) & (first != 110) & _DELIMITER[third]
    found = found[formula | (first == 110) | ((first == 34) & (third == 34))]
    formula = (a[found] != 34) & (a[found] != 110)
    if np.count_nonzero(formula) < 64:
        return found
    np.equal(a1, 118, out=y)  # '<v>' or ':v>' then a value
    np.logical_and(w, y, out=y)
    np.equal(a2, 62, out=z)
    np.logical_and(y, z, out=y)
    np.not_equal(a3, 60, out=z)
    np.logical_and(y, z, out=y)
    values = np.flatnonzero(y) + start
    np.equal(a0, 47, out=x)  # '</c>' or ':c>' (and '<x:c>': a wrong end only keeps a formula)
    np.equal(a0, 58, out=y)
    np.logical_or(x, y, out=x)
    np.equal(a1, 99, out=y)
    np.logical_and(x, y, out=x)
    np.equal(a2, 62, out=y)
    np.logical_and(x, y, out=x)
    ends = np.flatnonzero(x) + start
    at = found[formula]
    value = np.append(values, n)[np.searchsorted(values, at)]
    end = np.append(ends, n)[np.searchsorted(ends, at)]
    saved = np.zeros(len(found), dtype=bool)
    saved[np.flatnonzero(formula)] = value < end
    return found[~saved]


def _cell_start(data: bytes | bytearray, lo: int, at: int) -> int:
    """Where the cell element holding position ``at`` starts (its '<'), looking back no further
    than ``lo`` and :data:`FLAG_WALK` tags; -1 when ``at`` is in no cell (a row tag, a cell's end
    tag or ``lo`` comes first)."""
    end = at
    for _ in range(FLAG_WALK):
        k = data.rfind(b"<", lo, end)
        if k < 0:
            return -1
        m = _TAG_NAME.match(data, k)
        closing, name = m.group(1), m.group(2)
        if name == b"c":
            return -1 if closing else k
        if name in (b"row", b"sheetData"):
            return -1
        end = k
    return -1


class _FlagScan:
    """Notes error cells, formulas without a saved result and hidden rows and columns, chunk by chunk.

    Raises:
        InputError: more than ``limits.max_flagged_cells`` such cells in the sheet.
    """

    def __init__(self, limits: Limits, path: Path, sheet: str) -> None:
        self.limits, self.path, self.sheet = limits, path, sheet
        self.problems: dict[tuple[int, int], tuple[str, str]] = {}
        self.hidden_rows: set[int] = set()
        self.hidden_cols: list[tuple[int, int]] = []  # 0-based first and last column of each <col hidden>
        self._carry = b""  # the start of a cell that goes on in the next chunk
        self._texts: dict[tuple[str, bytes], str] = {}  # one str per distinct error code or formula

    def feed(self, data: bytes | bytearray, n: int, empty_rows: bool = False) -> None:
        """Note what ``data[:n]`` holds (``data`` goes on past ``n``, as :meth:`_Chunks.__iter__`'s
        chunks do), continuing a cell carried over from the previous chunk.

        ``empty_rows``: :class:`_CanonicalScan` found only rows of empty cells in the chunk. Then
        only a hidden row can be noted (no cell holds a formula or a value), and none is without
        an 'n=' (of ``hidden=``), unless a cell is carried over: such a chunk is passed by."""
        if empty_rows and not self._carry:
            a = np.frombuffer(data, dtype=np.uint8)
            if not ((a[: n - 1] == 110) & (a[1:n] == 61)).any():  # 'n=' (str.find is slow on it)
                return
        done = looked = 0  # marks before done are read; 'n=' before looked had its tag read
        if self._carry:
            close = _FLAG_CELL_END.search(data, 0, n)
            if close is None:
                self._carry += bytes(data[:n])
                if len(self._carry) > MAX_CELL:
                    self._carry = b""
                return
            cell = self._carry + bytes(data[: close.end()])
            self._carry = b""
            self._cell(cell, 0, len(cell))
            done = close.end()
        for i in _flag_marks(data, done, n).tolist():
            if i < done:
                continue  # inside a cell already read
            if data[i] == 110:  # 'n=': hidden="1" of a row tag?
                k = data.rfind(b"<", max(done, looked), i)  # -1: the tag of the previous 'n='
                looked = i
                row = _FLAG_ROW.match(data, k, n) if k >= 0 else None
                if row is not None and row.end() > i:
                    number = _FLAG_ROW_NUMBER.search(row.group(1))
                    if number and _FLAG_HIDDEN.search(row.group(1)):
                        self.hidden_rows.add(int(number.group(1)) - 1)
                    done = row.end()
                    continue
                col = _FLAG_COL.match(data, k, n) if k >= 0 else None
                if col is not None and col.end() > i and _FLAG_HIDDEN.search(col.group(1)):
                    first, last = _FLAG_MIN.search(col.group(1)), _FLAG_MAX.search(col.group(1))
                    if first and last and len(self.hidden_cols) < MAX_HIDDEN_RANGES:
                        self.hidden_cols.append((int(first.group(1)) - 1, int(last.group(1)) - 1))
                continue
            k = _cell_start(data, done, i)
            end = self._cell(data, k, n) if k >= 0 else i
            if end < 0:  # the cell goes on in the next chunk
                self._carry = bytes(data[k:n])
                return
            done = max(end, i)
        k = _cell_start(data, done, n)  # a cell left open at the end: its formula may come next
        if k >= 0 and _FLAG_CELL.match(data, k, n) and _FLAG_CELL_END.search(data, k, n) is None:
            self._carry = bytes(data[k:n])

    def _cell(self, data: bytes | bytearray, k: int, n: int) -> int:
        """Read the cell whose start tag is at ``k``; returns where it ends, ``k + 1`` when it holds
        nothing (self-closing), -1 when its end tag is not in ``data[:n]``."""
        head = _FLAG_CELL.match(data, k, n)
        if head is None:
            return k + 1
        close = _FLAG_CELL_END.search(data, head.end(), n)
        if close is None:
            return -1
        attrs, body = head.group(1), data[head.end() : close.start()]
        typ = _FLAG_TYPE.search(attrs)
        kind = typ.group(1) if typ else b"n"
        formula = _FLAG_FORMULA.search(body)
        if kind != b"e" and formula is None:
            return close.end()
        ref = _FLAG_REF.search(attrs)
        if ref is None:
            return close.end()
        where = (int(ref.group(2)) - 1, col_number(ref.group(1)) - 1)
        value = _FLAG_VALUE.search(body)
        if kind == b"e":
            self._note(where, bytes(value.group(1) or b"") if value else b"", "error")
        elif value is None or (not value.group(1) and kind not in _TEXT_TYPES):
            self._note(where, bytes(formula.group(1) or b""), "uncached")
        return close.end()

    def _note(self, where: tuple[int, int], raw: bytes, kind: str) -> None:
        key = (kind, raw)
        text = self._texts.get(key)
        if text is None:
            shown = xml_unescape(raw.decode("utf-8", "replace"), _QUOTES).strip()
            if kind == "error":
                text = shown or "#N/A"
            else:
                text = f"={shown}" if raw.strip() else (shown or "a shared formula")
            if len(self._texts) < 10_000:
                self._texts[key] = text
        self.problems[where] = (text, kind)
        if len(self.problems) > self.limits.max_flagged_cells:
            raise InputError(
                f"More than {self.limits.max_flagged_cells:,} cells of the sheet hold an Excel error "
                "or a formula whose result was never saved, so its numbers cannot be trusted.",
                file=self.path,
                sheet=self.sheet,
                hint="Open it in Excel or LibreOffice, fix the broken formulas (or the missing sheets "
                "they refer to), and save it again so the results are stored.",
            )

    def finish(self, ext: SheetExtent) -> None:
        """Write what was noted into ``ext``."""
        ext.problems, ext.hidden_rows, ext.hidden_cols = self.problems, self.hidden_rows, self.hidden_cols


def _scan_xlsx_part(
    zf: zipfile.ZipFile, part: str, budget: int, limits: Limits, ext: SheetExtent, sink: Any = None
) -> int:
    """Fill ``ext`` from the worksheet XML, inflating at most ``budget`` bytes; returns the bytes
    inflated (once, even when the exact scan reads the part a second time).

    ``sink`` (a :class:`cchc_analysis.io.blocks.BlockParse`) is handed every piece the fast scan
    has read (``add(data, n)``: the chunk buffer is reused, so it keeps a copy); when it asks
    (``add`` returns True), it is let go on (``release``) only once every cell scanned so far, and
    the declared dimension, are proven inside ``limits``. A sheet the fast scan reads whole, with no
    run of empty rows worth leaving out, ends in ``sink.finish()`` and :attr:`SheetExtent.blocks`;
    any other in ``sink.abandon()``.

    Raises:
        InputError: a DTD, a zip bomb, damaged XML, or a cell beyond Excel's grid (XFD1048576).
    """
    path = Path(zf.filename or "")
    chunks = _Chunks(zf, part, budget)
    fast, flags = _CanonicalScan(limits), _FlagScan(limits, path, ext.name)
    canonical = True
    for data, n in chunks:
        if not fast.feed(data, n, chunks.start):
            canonical = False
            break
        flags.feed(data, n, fast.last_empty)
        if sink is not None and sink.add(data, n):
            proven = fast.proven_within(limits, chunks.declared)
            if proven is None:
                canonical = False
                break
            if proven:
                sink.release()
    ext.declared = chunks.declared
    if not (canonical and fast.finish(ext)):
        size = zf.getinfo(part).file_size  # inflating past it is refused (a forged size)
        if size > limits.max_exact_scan:
            raise InputError(
                f"The sheet's XML ({size / MB:,.0f} MB) is not written the way Excel or LibreOffice "
                f"write it (e.g. cells without their address), and above {limits.max_exact_scan / MB:,.0f} "
                "MB such a sheet is not read: checking it would take too long.",
                file=path,
                sheet=ext.name,
                hint=RESAVE_HINT,
            )
        exact, flags = _ExactScan(limits, path, ext.name), _FlagScan(limits, path, ext.name)
        for data, n in chunks:
            exact.feed(data, n)
            flags.feed(data, n)
        exact.finish(ext)
        ext.empty_spans = []
        if sink is not None:
            sink.abandon()
    elif sink is not None:
        if ext.empty_bytes < EMPTY_ROWS_MIN:
            sink.finish()
            ext.blocks = sink
        else:
            sink.abandon()
    flags.finish(ext)
    ext.xml_bytes = chunks.produced
    if ext.rows > EXCEL_ROWS or ext.cols > EXCEL_COLS:
        raise InputError(
            f"The sheet has a cell at {a1(ext.rows - 1, ext.cols - 1) if ext.cols else ext.rows}, "
            "outside the grid Excel can hold (XFD1048576); the file is damaged or was built to crash "
            "readers.",
            file=path,
            sheet=ext.name,
            hint=RESAVE_HINT,
        )
    return chunks.produced


def xlsx_extents(
    path: str | Path,
    limits: Limits = DEFAULT_LIMITS,
    sheets: Sequence[str] | None = None,
    sink_for: Callable[[zipfile.ZipFile, str, str, int, int], Any] | None = None,
    passed: Callable[[SheetExtent, int], Any] | None = None,
) -> list[SheetExtent]:
    """Read worksheets of an xlsx once and report their real extent, merges and visibility, and
    their error cells, formulas without a saved result and hidden rows.

    Also counts the real inflated size of every other member (shared strings, styles, …) against
    ``max_uncompressed`` (the archive must already have passed :func:`check_zip`). The result is
    kept for :func:`take_recent_extents`, so that the reader's later look at the same cells does
    not inflate the sheets again.

    Args:
        path: the xlsx file.
        limits: the bounds applied.
        sheets: names of the worksheets to read, in workbook order in the result (all when None).
            calamine reads an xlsx sheet only when asked for it, so the others need no look.
        sink_for: given the open archive, a worksheet's name and part, the size its XML declares
            and the number of worksheets scanned, what to hand the XML to as it is scanned (see
            :func:`_scan_xlsx_part`), or None; the parse in row blocks of
            :class:`cchc_analysis.io.blocks.BlockParses`.
        passed: called with each worksheet's extent, and the number of worksheets scanned, once the
            guards have passed it (every member other than the worksheets was checked first): the
            parse started early of :class:`cchc_analysis.io.ahead.SheetsAhead`.

    Raises:
        InputError: a zip bomb, damaged XML, a DTD, a cell outside Excel's grid, or a sheet in
            ``sheets`` the workbook does not have.
    """
    path = Path(path)
    out = []
    try:
        with zipfile.ZipFile(path) as zf:
            parts = _worksheet_parts(zf, path)
            sheet_parts = {p for _, p, _ in parts}
            if sheets is not None:
                names = [name for name, _, _ in parts]
                missing = [s for s in sheets if s not in names]
                if missing:
                    raise no_such_sheet(path, missing, names)
                parts = [p for p in parts if p[0] in set(sheets)]
            budget = limits.max_uncompressed
            for info in zf.infolist():
                if info.filename not in sheet_parts and info.file_size > 0:
                    strings = info.filename.lower().endswith("sharedstrings.xml")
                    count, tail = 0, b""
                    for chunk in inflate(zf, info, budget):
                        budget -= len(chunk)
                        if strings:  # '<si' and '<x:si' (an over-count is harmless)
                            joined = tail + chunk
                            count += joined.count(b"<si") + joined.count(b":si")
                            tail = joined[-2:]  # a match across chunks includes a byte of the next
                    if count > limits.max_shared_strings:
                        raise _refuse_bomb(
                            path,
                            f"its shared string table holds {count:,} strings, more than the "
                            f"{limits.max_shared_strings:,} read safely",
                        )
            for name, part, visible in parts:
                ext = SheetExtent(name=name, visible=visible, part=part)
                if part not in zf.namelist():
                    raise _zip_damaged(path, f"the worksheet {part} is missing")
                size = zf.getinfo(part).file_size
                sink = sink_for(zf, name, part, size, len(parts)) if sink_for is not None else None
                budget -= _scan_xlsx_part(zf, part, budget, limits, ext, sink)
                out.append(ext)
                if passed is not None:
                    passed(ext, len(parts))
    except zipfile.BadZipFile as exc:
        raise _zip_damaged(path, exc) from None
    _RECENT.extents = (_identity(path), limits, out)
    return out


_RECENT = threading.local()  # the last xlsx_extents result of this thread

EMPTY_ROWS_MIN = 4 * MB  # empty rows worth leaving out of what the engine parses (about 70 ms)


def without_empty_rows(
    path: str | Path, extents: Sequence[SheetExtent], dst: str | Path, limits: Limits
) -> None:
    """Write to ``dst`` a copy of the xlsx ``path`` whose worksheets of ``extents`` leave out their
    :attr:`SheetExtent.empty_spans`: the same cells with values, without the rows of empty
    formatted cells the engine would otherwise parse one by one (a sheet formatted down to row
    1,048,576 holds 50 MB of them). Every member is stored uncompressed (no time spent
    compressing); its real inflated size is counted against ``max_uncompressed`` again.

    Each span is a run of whole ``<row>`` elements whose cells are all self-closing (proved by
    :class:`_CanonicalScan`), so the copy is as well-formed as the original and every cell holding a
    value keeps its own ``r``: the engine places the same values in the same cells.
    """
    path = Path(path)
    spans = {e.part: e.empty_spans for e in extents if e.part and e.empty_spans}
    budget = limits.max_uncompressed
    try:
        with zipfile.ZipFile(path) as zf, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as out:
            for name in dict.fromkeys(zf.namelist()):  # the entry zipfile (and the scans) use
                info = zf.getinfo(name)
                member = zipfile.ZipInfo(name, info.date_time)
                with out.open(member, "w") as fh:
                    if info.file_size == 0:
                        continue
                    cuts, at = list(spans.get(name, ())), 0
                    for chunk in inflate(zf, info, budget):
                        budget -= len(chunk)
                        end, pos = at + len(chunk), at
                        while cuts and cuts[0][0] < end:
                            start, stop = cuts[0]
                            if start > pos:
                                fh.write(chunk[pos - at : start - at])
                            pos = max(pos, min(stop, end))
                            if stop > end:
                                break
                            cuts.pop(0)
                        if pos < end:
                            fh.write(chunk[pos - at :])
                        at = end
    except zipfile.BadZipFile as exc:
        raise _zip_damaged(path, exc) from None


def no_such_sheet(path: Path, missing: Sequence[str], available: Sequence[str]) -> InputError:
    """The error for sheets asked for by name that the workbook does not have."""
    listed = ", ".join(f"'{name}'" for name in available) or "none"
    return InputError(
        f"The workbook has no sheet called {', '.join(repr(m) for m in missing)}.",
        file=path,
        hint=f"Sheets in this file: {listed}.",
    )


def _identity(path: Path) -> tuple:
    """What changes when a file is replaced or rewritten."""
    st = path.stat()
    return (str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def take_recent_extents(path: str | Path) -> tuple[list[SheetExtent], Limits] | None:
    """The extents :func:`xlsx_extents` last found in this thread, with the limits it applied, if
    they are of ``path`` and the file has not changed since; else None. Each result is given once
    (it may hold many flagged cells)."""
    recent = getattr(_RECENT, "extents", None)
    _RECENT.extents = None
    if recent is None:
        return None
    try:
        same = recent[0] == _identity(Path(path))
    except OSError:
        return None
    return (recent[2], recent[1]) if same else None


# -------------------------------------------------------------------------------------------------
# xls (BIFF5/BIFF8 inside OLE2): walk the records once, before calamine builds its dense grids

# Records that place a value at (row, col) in their first four bytes; MULRK carries a column span.
_BIFF_CELLS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0201, 0x0207}
_BIFF_MULRK, _BIFF_MULBLANK = 0x00BD, 0x00BE


def _records(stream: bytes, start: int, path: Path) -> Iterator[tuple[int, bytes]]:
    pos, end = start, len(stream)
    while pos + 4 <= end:
        typ, size = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + size > end:
            raise InputError(
                "The .xls file is damaged (a record runs past the end of the workbook).",
                file=path,
                hint="Download or copy it again; if Excel opens it, save a fresh copy as .xlsx.",
            )
        yield typ, stream[pos + 4 : pos + 4 + size]
        if typ == 0x000A:  # EOF
            return
        pos += 4 + size


def xls_extents(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[SheetExtent]:
    """Walk an .xls workbook's records and report each worksheet's declared and real extent.

    calamine parses every sheet of an .xls when it opens it and builds a dense grid from the first
    to the last cell (and reserves memory for the declared DIMENSIONS), so this must run first.

    Raises:
        InputError: password-protected (FILEPASS record), or a damaged file.
    """
    path = Path(path)
    ole = Ole2(path, limits)
    try:
        stream = ole.stream("Workbook")
    except KeyError:
        try:
            stream = ole.stream("Book")
        except KeyError:
            raise InputError("This .xls file holds no workbook.", file=path, hint=RESAVE_HINT) from None
    biff8, bound = True, []
    for typ, data in _records(stream, 0, path):
        if typ == 0x0809 and len(data) >= 2:
            biff8 = struct.unpack_from("<H", data)[0] in (0x0600, 0)
        elif typ == 0x002F and len(data) >= 2 and struct.unpack_from("<H", data)[0] != 0:
            raise InputError(
                "This .xls file is password-protected, so it cannot be read.",
                file=path,
                hint=PASSWORD_HINT,
            )
        elif typ == 0x0085 and len(data) >= 8:
            pos, state, kind, cch = struct.unpack_from("<IBBB", data)
            if biff8:
                wide = data[7] & 1
                raw = data[8 : 8 + cch * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:
                name = data[7 : 7 + cch].decode("latin-1", "replace")
            bound.append((pos, state & 0x3 == 0, kind, name))
    out = []
    for pos, visible, kind, name in bound:
        ext = SheetExtent(name=name, visible=visible)
        if pos >= len(stream):
            raise InputError(
                f"The .xls file is damaged (sheet '{name}' points past the end).",
                file=path,
                hint="Download or copy it again; if Excel opens it, save a fresh copy as .xlsx.",
            )
        for typ, data in _records(stream, pos, path):
            if typ in _BIFF_CELLS and len(data) >= 4 and typ not in (0x0201, 0x0207):
                row, col = struct.unpack_from("<HH", data)
                ext.rows, ext.cols = max(ext.rows, row + 1), max(ext.cols, col + 1)
            elif typ in (_BIFF_MULRK, _BIFF_MULBLANK) and len(data) >= 6:
                row, _ = struct.unpack_from("<HH", data)
                (last,) = struct.unpack_from("<H", data, len(data) - 2)
                if typ == _BIFF_MULRK:
                    ext.rows, ext.cols = max(ext.rows, row + 1), max(ext.cols, last + 1)
            elif typ == 0x0200 and len(data) in (10, 14):
                if len(data) == 14:
                    rf, rl, cf, cl = struct.unpack_from("<IIHH", data)
                else:
                    rf, rl, cf, cl = struct.unpack_from("<HHHH", data)
                ext.declared = (max(rl, rf + 1), max(cl, cf + 1))
            elif typ == 0x00E5 and len(data) >= 2:
                (count,) = struct.unpack_from("<H", data)
                for i in range(min(count, (len(data) - 2) // 8)):
                    rf, rl, cf, cl = struct.unpack_from("<HHHH", data, 2 + 8 * i)
                    ext.merged.append((rf, cf, rl, cl))
        ext.rows_within, ext.cols_within = ext.rows, ext.cols
        if kind == 0:  # worksheets only: chart, macro and VBA sheets hold no cells
            out.append(ext)
    return out


# -------------------------------------------------------------------------------------------------
# ods: a pull parse of content.xml that expands repeats arithmetically, never in memory

_NS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_NS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_NS_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_ODS_CELLS = (f"{_NS_TABLE}table-cell", f"{_NS_TABLE}covered-table-cell")
_ODS_DROP = {*_ODS_CELLS, f"{_NS_TABLE}table-row", f"{_NS_TABLE}table-column"}


def _int_attr(el, name: str, default: int = 1) -> int:
    try:
        return max(1, int(el.get(name, default)))
    except ValueError:
        return default


def ods_extents(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[SheetExtent]:
    """Stream an .ods content.xml and report each table's real extent, merges and visibility.

    ``table:number-rows-repeated`` / ``number-columns-repeated`` are multiplied out arithmetically,
    so a file that repeats one value a billion times is measured, not expanded. Parsed elements are
    removed as soon as they are measured, so memory stays flat.
    """
    path = Path(path)
    out: list[SheetExtent] = []
    hidden_styles: set[str] = set()
    style_name = None
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("content.xml")
            parser = XMLPullParser(events=("start", "end"))
            stack: list = []
            ext: SheetExtent | None = None
            row = col = 0
            row_rep = 1
            first = True
            for chunk in inflate(zf, info, limits.max_uncompressed):
                if first:
                    first = False
                    if b"<!DOCTYPE" in chunk[:HEAD_BYTES] or b"<!ENTITY" in chunk[:HEAD_BYTES]:
                        raise _refuse_bomb(path, "content.xml declares a DTD")
                parser.feed(chunk)
                for event, el in parser.read_events():
                    tag = el.tag
                    if event == "start":
                        stack.append(el)
                        if tag == f"{_NS_STYLE}style":
                            style_name = el.get(f"{_NS_STYLE}name")
                        elif tag == f"{_NS_STYLE}table-properties":
                            if el.get(f"{_NS_TABLE}display") == "false" and style_name:
                                hidden_styles.add(style_name)
                        elif tag == f"{_NS_TABLE}table" and ext is None:
                            ext = SheetExtent(
                                name=el.get(f"{_NS_TABLE}name", ""),
                                visible=el.get(f"{_NS_TABLE}style-name") not in hidden_styles,
                            )
                            row = 0
                        elif tag == f"{_NS_TABLE}table-row":
                            row_rep = _int_attr(el, f"{_NS_TABLE}number-rows-repeated")
                            col = 0
                        continue
                    stack.pop()
                    if ext is not None and tag in _ODS_CELLS:
                        rep = _int_attr(el, f"{_NS_TABLE}number-columns-repeated")
                        has_value = el.get(f"{_NS_OFFICE}value-type") is not None or any(
                            (t or "").strip() for t in el.itertext()
                        )
                        if has_value:
                            ext.rows = max(ext.rows, row + row_rep)
                            ext.cols = max(ext.cols, col + rep)
                        spans = (
                            _int_attr(el, f"{_NS_TABLE}number-rows-spanned"),
                            _int_attr(el, f"{_NS_TABLE}number-columns-spanned"),
                        )
                        if spans != (1, 1) and tag == _ODS_CELLS[0]:
                            ext.merged.append((row, col, row + spans[0] - 1, col + spans[1] - 1))
                        col += rep
                    elif ext is not None and tag == f"{_NS_TABLE}table-row":
                        row += row_rep
                    elif tag == f"{_NS_TABLE}table" and ext is not None and len(stack) <= 3:
                        ext.rows_within, ext.cols_within = ext.rows, ext.cols
                        out.append(ext)
                        ext = None
                    if tag in _ODS_DROP and stack:
                        stack[-1].remove(el)
            parser.close()
    except KeyError:
        raise _zip_damaged(path, "content.xml is missing") from None
    except zipfile.BadZipFile as exc:
        raise _zip_damaged(path, exc) from None
    except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
        raise _zip_damaged(path, f"content.xml is not valid XML: {exc}") from None
    return out
