"""Parse one large xlsx worksheet in row blocks, side by side in threads, while the guards scan it.

calamine parses a worksheet on one core, and without the GIL. The guards inflate and scan every
worksheet before calamine may touch it (:func:`cchc_analysis.io.safety.xlsx_extents`). For a large
sheet of a workbook of few sheets, the guards hand what they inflate to a :class:`BlockParse`: each
time about a quarter of the sheet has been scanned and proven inside the limits (every cell address,
and the declared dimension), the rows scanned so far, up to the last row end, become a well-formed
worksheet in a small uncompressed copy of the workbook (the same shared strings, styles and sheet
names, the other sheets left empty), and a thread starts parsing it while the guards scan on. The
last rows, with the sheet's own tail (its merged ranges), are parsed once the whole sheet has passed.
Every cell in sheet XML the guards call canonical carries its own address (``r="C17"``), so each
block's cells come back where they are in the whole sheet, and the blocks are laid back into one
grid: the same cells, values and types as parsing the sheet whole (``tests/test_blocks.py`` compares
them on every workbook the project ships).

A cut is made only where it is certainly between two rows: the sheet data must hold no comment,
CDATA section or processing instruction (the only places a ``</row>`` could hide), no second
``<sheetData>`` and no ``<mergeCells>`` among the rows, and the blocks' rows must come back in order
and apart. Anything else, or a block calamine refuses, gives None, and
the caller parses the sheet whole, which reports any error as before.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import python_calamine as pc

from cchc_analysis.errors import InputError
from cchc_analysis.io.safety import MB, Limits, _worksheet_parts

#: Sheet XML (inflated) from which a sheet is parsed in blocks: below it, the threads' start and
#: the workbook copies cost more than they save.
SPLIT_MIN = 2 * MB
#: Largest sheet XML parsed in blocks (the size the archive declares, which the inflating enforces):
#: the XML scanned but not yet parsed and the blocks' copies add to the peak memory (measured: +25 MB
#: for the commune sheet's 10 MB; +74 MB for a 31 MB sheet when copies were also taken out as bytes).
SPLIT_MAX = 16 * MB
#: Largest shared string table (inflated) copied into every block: each block's calamine loads it.
MAX_STRINGS = 1 * MB
#: Blocks per thread: with two, a thread whose block parsed fast takes another (measured on the
#: 3,321-commune sheet on two cores, read_grid: one a thread 149-160 ms, two 129-132, three 126-142,
#: four 130-132).
BLOCKS_PER_WORKER = 2
MAX_WORKERS = 4
#: '!' and '?' in the sheet data looked at before it is parsed whole (an error value "#DIV/0!" is one).
MAX_MARKS = 10_000
#: Largest total of the parts copied into every block (shared strings, styles, workbook, relationships).
MAX_COPIED = 4 * MB
#: Parts a block's copy holds besides the worksheets: by name, and by the end of their name.
_PACKAGE_PARTS = frozenset({"[content_types].xml", "_rels/.rels"})
_WORKBOOK_PARTS = ("workbook.xml", "workbook.xml.rels", "sharedstrings.xml", "styles.xml")
#: Tries at a cut that finds no row end (or no <sheetData>) before the sheet is parsed whole.
MAX_MISSES = 2

_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData(?:\s[^>]*)?(?<!/)>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s/>]")  # the first element: <?xml …?> and <!…> are not
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
)


def workers() -> int:
    """Threads that parse blocks: one per core, at most :data:`MAX_WORKERS`."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def worth_splitting(size: int) -> bool:
    """Whether a worksheet whose XML inflates to ``size`` bytes is parsed in blocks."""
    return workers() > 1 and SPLIT_MIN <= size <= SPLIT_MAX


def _rows_only(xml: bytes, start: int, end: int) -> bool:
    """Whether ``xml[start:end]``, cut out of the sheet data, holds rows and nothing a cut could move:
    no comment, CDATA section or processing instruction (a ``</row>`` could hide there), no
    ``sheetData`` (a second one: calamine reads the first only) and no ``mergeCells`` (calamine keeps
    one list of merged ranges, and a block holds the sheet's tail only when it is the last)."""
    return (
        xml.find(b"sheetData", start, end) == -1
        and xml.find(b"mergeCell", start, end) == -1
        and not _markup(xml, start, end)
    )


def _markup(xml: bytes, start: int, end: int) -> bool:
    """Whether ``xml[start:end]`` may hold a comment, CDATA section or processing instruction
    (``<!``, ``<?``). Each '!' and '?' is looked at (a byte search is fast, and '<' is everywhere);
    past :data:`MAX_MARKS` of them the answer is yes."""
    seen = 0
    for mark in b"!?":
        at = xml.find(mark, start, end)
        while at != -1:
            seen += 1
            if (at > 0 and xml[at - 1] == 60) or seen > MAX_MARKS:
                return True
            at = xml.find(mark, at + 1, end)
    return False


class _Workbook:
    """The parts of an xlsx a block's copy needs to be opened by calamine: the package's and the
    workbook's relationships, the content types, the workbook, its shared strings and styles, and
    every worksheet, left empty except the one holding the block. Nothing else is read or copied
    (a large or damaged part calamine never reads must not change how the sheet is read)."""

    def __init__(self, zf: zipfile.ZipFile, path: Path) -> None:
        self.members: list[tuple[str, bytes]] = []
        self.usable = True
        copied = strings = 0
        try:
            self.sheets = [p for _, p, _ in _worksheet_parts(zf, path)]
            for info in zf.infolist():
                name, low = info.filename, info.filename.lower()
                if name in self.sheets or not (low in _PACKAGE_PARTS or low.endswith(_WORKBOOK_PARTS)):
                    continue
                copied += info.file_size
                if low.endswith("sharedstrings.xml"):
                    strings += info.file_size
                if copied > MAX_COPIED or strings > MAX_STRINGS:
                    self.usable = False
                    return
                # the guards counted every member against the archive's budget before the sheets
                self.members.append((name, zf.read(info)))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, InputError):
            self.usable = False  # the sheet is parsed whole, which reports what is wrong

    def book(self, part: str, sheet_xml: bytes) -> io.BytesIO:
        """The copy holding ``sheet_xml`` as ``part``, in memory, read from its start (not copied out
        into bytes: calamine reads it from the buffer)."""
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
            for name, data in self.members:
                out.writestr(name, data)
            for other in self.sheets:
                out.writestr(other, sheet_xml if other == part else _EMPTY_SHEET)
        buf.seek(0)
        return buf


def _parse_piece(workbook: _Workbook, part: str, piece: tuple[bytes, ...], name: str):
    """Parse a block in a worker thread: its worksheet joined from ``piece`` and its workbook copy are
    made there too, so the guards' thread goes on scanning."""
    return _parse(workbook.book(part, b"".join(piece)), name)


def _parse(
    book: io.BytesIO, name: str
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, list, list | None]:
    wb = pc.CalamineWorkbook.from_filelike(book)
    try:
        sheet = wb.get_sheet_by_name(name)
        start, end = sheet.start, sheet.end
        rows = sheet.to_python(skip_empty_area=True) if start is not None else []
        return start, end, rows, sheet.merged_cell_ranges
    finally:
        wb.close()


class BlockParse:
    """The parse in row blocks of one worksheet, fed by the guards as they scan it.

    The guards call :meth:`add` with each piece of XML they scanned; when it returns True, they call
    :meth:`release` once every cell scanned so far is proven inside the limits, and :meth:`finish`
    when the whole sheet has passed (or :meth:`abandon` when it has not). The reader then calls
    :meth:`result`.
    """

    def __init__(
        self, pool: ThreadPoolExecutor, workbook: _Workbook, name: str, part: str, size: int
    ) -> None:
        self.pool, self.workbook, self.name, self.part = pool, workbook, name, part
        self.blocks = workers() * BLOCKS_PER_WORKER
        self.target = max(size // self.blocks, 1)
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.head: bytes | None = None  # the sheet's XML up to and including <sheetData>
        self.prefix = b""  # the namespace prefix of the sheet's elements ("x:"), usually none
        self.row_end = b"</row>"
        self.close = b""  # what ends a block's worksheet: </sheetData></worksheet>
        self.futures: list[Future] = []
        self.last: bytes | None = None  # after finish: the last block, with the sheet's own tail
        self.usable = True
        self.next_try = self.target  # bytes kept before the next cut is tried
        self.misses = 0

    def add(self, data: bytes | bytearray, n: int) -> bool:
        """Keep a copy of the scanned XML ``data[:n]``; True when enough is kept for a block."""
        if not self.usable:
            return False
        self.pending.append(bytes(data[:n]))
        self.pending_bytes += n
        return self.pending_bytes >= self.next_try and len(self.futures) < self.blocks - 1

    def _miss(self, kept: bytes) -> None:
        """No cut in what is kept yet: try again a block later, and give up after a few tries (a head
        longer than a block, rows that do not end in a plain ``</row>``)."""
        self.misses += 1
        if self.misses > MAX_MISSES:
            self.abandon()
            return
        self._keep(kept)
        self.next_try = self.pending_bytes + self.target

    def _rows_start(self, data: bytes) -> int | None:
        """Where the rows start in ``data`` (the XML kept): 0 once the head has been taken, else just
        after <sheetData>, taking the head; None while <sheetData> is not in it."""
        if self.head is not None:
            return 0
        m = _SHEET_DATA.search(data)
        root = _ROOT.search(data)
        if m is None or root is None:
            return None
        self.prefix = prefix = m.group(1)
        self.head = data[: m.end()]
        self.row_end = b"</" + prefix + b"row>"
        self.close = b"</" + prefix + b"sheetData></" + root.group(1) + b">"
        return m.end()

    def release(self) -> None:
        """Start parsing the rows kept so far, up to the last row end: the guards have proven every
        cell in them inside the limits."""
        data = b"".join(self.pending)
        start = self._rows_start(data)
        if start is None:
            self._miss(data)
            return
        end = data.rfind(self.row_end, start)
        if end == -1:
            self._miss(data[start:])
            return
        end += len(self.row_end)
        if not _rows_only(data, start, end):
            self.abandon()
            return
        piece = (self.head, data[start:end], self.close)
        self.futures.append(self.pool.submit(_parse_piece, self.workbook, self.part, piece, self.name))
        self._keep(data[end:])
        self.next_try = self.target

    def _keep(self, rest: bytes) -> None:
        self.pending, self.pending_bytes = [rest], len(rest)

    def finish(self) -> None:
        """The whole sheet has passed the guards: the rest of it is the last block."""
        if not self.usable:
            return
        data = b"".join(self.pending)
        self.pending, self.pending_bytes = [], 0
        start = self._rows_start(data)
        end = -1 if start is None else data.find(b"</" + self.prefix + b"sheetData>", start)
        if end == -1 or not _rows_only(data, start, end):
            self.abandon()
            return
        self.last = self.head + data[start:]

    def abandon(self) -> None:
        """Parse the sheet whole after all: drop what was kept; blocks started finish on their own."""
        self.usable = False
        self.pending, self.pending_bytes, self.last = [], 0, None
        for future in self.futures:
            future.cancel()

    def result(self, limits: Limits) -> tuple[list[list], list | None] | None:
        """calamine's rows (from A1, as ``to_python(skip_empty_area=False)`` gives them) and merged
        ranges of the sheet; None when it must be parsed whole."""
        if not self.usable or self.last is None:
            self.abandon()
            return None
        last, self.last = self.last, None
        last_block = self.pool.submit(_parse_piece, self.workbook, self.part, (last,), self.name)
        futures = [*self.futures, last_block]
        del last
        self.futures = []
        try:
            parsed = [f.result() for f in futures]
        except Exception:  # a block calamine refuses: the whole parse reports what is wrong
            return None
        return _lay(parsed, limits)


class BlockParses:
    """The parses in blocks of one read: :meth:`sink_for` is what the guards ask for each worksheet;
    :meth:`close` waits for any block still parsing (each is bounded: its cells were proven safe)."""

    def __init__(self, path: Path, wanted) -> None:
        self.path = path
        self.wanted = wanted  # (declared size, worksheets scanned) -> parse this one in blocks?
        self.pool: ThreadPoolExecutor | None = None
        self.workbook: _Workbook | None = None

    def sink_for(
        self, zf: zipfile.ZipFile, name: str, part: str, size: int, sheets: int
    ) -> BlockParse | None:
        if not self.wanted(size, sheets):
            return None
        if self.workbook is None:
            self.workbook = _Workbook(zf, self.path)
        if not self.workbook.usable:
            return None
        if self.pool is None:
            self.pool = ThreadPoolExecutor(workers(), thread_name_prefix="cchc-blocks")
        return BlockParse(self.pool, self.workbook, name, part, size)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.workbook = None


def _lay(parsed: list, limits: Limits) -> tuple[list[list], list | None] | None:
    """The blocks' cells as one grid from A1 (empty cells ``""``, as calamine gives them), and the
    merged ranges (the last block holds the sheet's own tail); None when blocks overlap or reach
    beyond the limits."""
    merged = parsed[-1][3]
    placed = [(start, end, rows) for start, end, rows, _ in parsed if start is not None and rows]
    if not placed:
        return [], merged
    width = max(end[1] for _, end, _ in placed) + 1
    if any(end[0] >= limits.max_rows for _, end, _ in placed) or width > limits.max_cols:
        return None
    grid: list[list] = []
    for (r0, c0), (_, c1), rows in placed:
        if r0 < len(grid):  # rows written out of order: blocks overlap
            return None
        grid.extend([""] * width for _ in range(r0 - len(grid)))
        left, right = [""] * c0, [""] * (width - 1 - c1)
        if left or right:
            rows = [[*left, *row, *right] for row in rows]
        grid.extend(rows)
    return grid, merged
