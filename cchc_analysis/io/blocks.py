"""Parse one large xlsx worksheet in row blocks, side by side in threads.

calamine parses a worksheet on one core, and without the GIL. The guards inflate and scan every
worksheet before calamine may touch it (:func:`cchc_analysis.io.safety.xlsx_extents`); for a large
sheet of a workbook of few sheets they keep the XML they inflated (:attr:`SheetExtent.xml`). That XML
is cut at row ends into a few well-formed worksheets, each put in a small uncompressed copy of the
workbook (the same shared strings, styles and sheet names, the other sheets left empty), and the
copies are parsed at the same time. Every cell in sheet XML the guards call canonical carries its own
address (``r="C17"``), so each block's cells come back where they are in the whole sheet, and the
blocks are laid back into one grid: the same cells, values and types as parsing the sheet whole
(``tests/test_blocks.py`` compares them).

The cut is made only where it is certainly between two rows: the sheet data must hold no comment,
CDATA section or processing instruction (the only places a ``</row>`` could hide), and the blocks'
rows must come back in order and apart. Anything else, or a block calamine refuses, gives None,
and the caller parses the sheet whole, which reports any error as before.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import python_calamine as pc

from cchc_analysis.io.safety import MB, Limits, SheetExtent, _worksheet_parts

#: Sheet XML (inflated) from which a sheet is parsed in blocks: below it, the threads' start and
#: the workbook copies cost more than they save.
SPLIT_MIN = 2 * MB
#: Largest sheet XML parsed in blocks: the guards hold it and its blocks in memory meanwhile.
SPLIT_MAX = 32 * MB
#: Largest shared string table (inflated) copied into every block: each block's calamine loads it.
MAX_STRINGS = 1 * MB
#: Blocks per thread: with two, a thread whose block parsed fast takes another (measured on the
#: 3,321-commune sheet on two cores: 2 blocks 114 ms, 4 blocks 94 ms, 8 blocks 108 ms).
BLOCKS_PER_WORKER = 2
MAX_WORKERS = 4
#: '!' and '?' in the sheet data looked at before it is parsed whole (an error value "#DIV/0!" is one).
MAX_MARKS = 10_000

_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData(?:\s[^>]*)?(?<!/)>")
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


def cut(xml: bytes, blocks: int) -> list[bytes] | None:
    """``xml`` (a worksheet) as up to ``blocks`` worksheets of consecutive rows, each with the whole
    sheet's head (up to ``<sheetData>``) and tail (from ``</sheetData>``: the merged ranges); None
    when it cannot be cut safely."""
    m = _SHEET_DATA.search(xml)
    if m is None:
        return None
    prefix, start = m.group(1), m.end()
    end = xml.rfind(b"</" + prefix + b"sheetData>")
    if end < start or _markup(xml, start, end):
        return None
    row_end = b"</" + prefix + b"row>"
    cuts = [start]
    for i in range(1, blocks):
        at = xml.find(row_end, max(cuts[-1], start + (end - start) * i // blocks), end)
        if at == -1:
            break
        cuts.append(at + len(row_end))
    cuts.append(end)
    head, tail = xml[:start], xml[end:]
    return [b"".join((head, xml[a:b], tail)) for a, b in pairwise(cuts) if b > a]


def _markup(xml: bytes, start: int, end: int) -> bool:
    """Whether ``xml[start:end]`` may hold a comment, CDATA section or processing instruction
    (``<!``, ``<?``). Each '!' and '?' is looked at (a byte search is fast, and '<' is everywhere);
    past :data:`MAX_MARKS` of them the answer is yes."""
    seen = 0
    for mark in b"!?":
        at = xml.find(mark, start, end)
        while at != -1:
            seen += 1
            if xml[at - 1] == 60 or seen > MAX_MARKS:
                return True
            at = xml.find(mark, at + 1, end)
    return False


def _books(path: Path, part: str, pieces: list[bytes]) -> list[bytes] | None:
    """One uncompressed workbook per piece: the XML parts of ``path`` (the other worksheets empty)
    with ``part`` replaced by the piece. None when the shared strings are too large to copy."""
    with zipfile.ZipFile(path) as zf:
        sheets = {p for _, p, _ in _worksheet_parts(zf, path)}
        members: list[tuple[str, bytes]] = []
        strings = 0
        for info in zf.infolist():
            name, low = info.filename, info.filename.lower()
            if name == part or info.is_dir() or not low.endswith((".xml", ".rels")):
                continue
            if low.endswith("sharedstrings.xml"):
                strings += info.file_size
                if strings > MAX_STRINGS:
                    return None
            # every member was inflated within the archive's budget by the guards already
            members.append((name, _EMPTY_SHEET if name in sheets else zf.read(info)))
    books = []
    for piece in pieces:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
            for name, data in members:
                out.writestr(name, data)
            out.writestr(part, piece)
        books.append(buf.getvalue())
    return books


def _parse(
    book: bytes, name: str
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, list, list | None]:
    wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(book))
    try:
        sheet = wb.get_sheet_by_name(name)
        start, end = sheet.start, sheet.end
        rows = sheet.to_python(skip_empty_area=True) if start is not None else []
        return start, end, rows, sheet.merged_cell_ranges
    finally:
        wb.close()


def _lay(parsed: list, limits: Limits) -> tuple[list[list], list | None] | None:
    """The blocks' cells as one grid from A1 (empty cells ``""``, as calamine gives them), and the
    merged ranges; None when blocks overlap or reach beyond the limits."""
    merged = parsed[0][3]
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


def parse_in_blocks(path: Path, ext: SheetExtent, limits: Limits) -> tuple[list[list], list | None] | None:
    """calamine's rows (from A1, ``to_python(skip_empty_area=False)``'s grid) and merged ranges of
    the sheet of ``ext``, parsed in blocks from the XML the guards kept; None when the sheet is
    better parsed whole (no XML kept, one block only, anything unusual). Lets go of the XML."""
    xml, ext.xml = ext.xml, None
    if xml is None or ext.part is None:
        return None
    pieces = cut(xml, workers() * BLOCKS_PER_WORKER)
    del xml
    if pieces is None or len(pieces) < 2:
        return None
    books = _books(path, ext.part, pieces)
    del pieces
    if books is None:
        return None
    with ThreadPoolExecutor(workers()) as pool:
        try:
            parsed = list(pool.map(_parse, books, [ext.name] * len(books)))
        except pc.CalamineError:
            return None
    return _lay(parsed, limits)
