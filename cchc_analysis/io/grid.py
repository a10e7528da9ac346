"""Open an untrusted spreadsheet safely and fast, and return its raw cell grids.

:func:`read_grid` is the one entry point. It sniffs the format from the bytes
(:func:`~cchc_analysis.io.safety.sniff_format`), runs the guards of :mod:`cchc_analysis.io.safety`,
then reads each sheet with python-calamine when the sheet's declared and real extents are within
:class:`~cchc_analysis.io.safety.Limits`. An xlsx sheet that reaches beyond them (a stray cell at
XFD1048576, a lying ``<dimension>``) is read with openpyxl in read-only mode, bounded, and a note
says which cells were ignored. An .xls or .ods sheet beyond them is refused, because calamine parses
every sheet of those formats as soon as the file is opened and no other engine is installed.

The grid holds raw values: text, numbers, booleans and dates exactly as the engine returns them
(calamine returns every number as ``float`` and a midnight datetime as a ``date``; openpyxl returns
whole numbers as ``int``). Empty cells are ``None``. Nothing is parsed, stripped or normalised here,
except that cp1258 CSV text is NFC-normalised (that code page spells Vietnamese tones as combining
marks, which is a property of the encoding, not of the content).
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as pc

from cchc_analysis.errors import InputError
from cchc_analysis.io import ahead as _ahead
from cchc_analysis.io.ahead import SheetsAhead
from cchc_analysis.io.blocks import BlockParses, worth_splitting
from cchc_analysis.io.safety import (
    DEFAULT_LIMITS,
    EMPTY_ROWS_MIN,
    MB,
    PASSWORD_HINT,
    RESAVE_HINT,
    Limits,
    SheetExtent,
    a1,
    check_zip,
    col_letters,
    no_such_sheet,
    ods_extents,
    sniff_format,
    text_encoding,
    without_empty_rows,
    xls_extents,
    xlsx_extents,
)

__all__ = ["DEFAULT_LIMITS", "Grid", "Limits", "Sheet", "a1", "read_grid", "sniff_format"]

EXTENSIONS = {
    "xlsx": {".xlsx", ".xlsm", ".xltx", ".xltm"},
    "xls": {".xls", ".xlt"},
    "ods": {".ods"},
    "csv": {".csv", ".txt", ".tsv"},
}
DELIMITERS = (",", ";", "\t")


@dataclass
class Sheet:
    """One sheet's raw cells.

    Args:
        name: the sheet name (for a CSV, the file stem).
        cells: rows of raw values; ``cells[r][c]`` is the cell at ``a1(r, c)`` (padded from A1 even
            when the used range starts lower). Rows all have the same length; trailing empty rows
            are dropped.
        merged: merged ranges, 0-based inclusive (first_row, first_col, last_row, last_col).
        visible: False for a hidden or very hidden sheet.
    """

    name: str
    cells: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    visible: bool = True

    @property
    def n_rows(self) -> int:
        """Number of rows in the grid."""
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        """Number of columns in the grid."""
        return len(self.cells[0]) if self.cells else 0


@dataclass
class Grid:
    """Everything read from one file.

    Args:
        path: the file read.
        format: 'xlsx', 'xls', 'ods' or 'csv', from the file's bytes.
        engine: 'calamine', 'openpyxl', 'calamine+openpyxl' (some sheets each) or 'csv'.
        encoding: the text encoding of a CSV ('utf-8', 'utf-8-sig', 'utf-16-le', 'utf-16-be',
            'cp1258'); None for workbooks.
        sheets: the sheets read, in workbook order.
        notes: plain-English warnings about what was repaired or ignored.
    """

    path: Path
    format: str
    engine: str
    encoding: str | None
    sheets: list[Sheet]
    notes: list[str] = field(default_factory=list)
    #: the parses of sheets not yet taken (``read_grid(pending=True)``): their extents, by name
    _pending: dict[str, SheetExtent] = field(default_factory=dict, repr=False)
    _ahead: SheetsAhead | None = field(default=None, repr=False)

    def sheet(self, name: str) -> Sheet:
        """The sheet called ``name``."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def ready(self, sheet: Sheet) -> Sheet:
        """``sheet`` with its cells: of a grid read with ``pending=True``, a sheet still parsing is
        waited for (or parsed here, if the worker has not begun it) and filled in place.

        Raises:
            InputError: calamine refused the sheet.
        """
        ext = self._pending.get(sheet.name)
        if ext is None or self._ahead is None:
            return sheet
        parsed = self._ahead.one(ext)
        del self._pending[sheet.name]
        done = _sheets({ext.name: parsed}, [ext])[ext.name]
        sheet.cells, sheet.merged = done.cells, done.merged
        return sheet

    def finish(self) -> None:
        """Every sheet's cells (a grid read with ``pending=True``): raises the first sheet's error, in
        workbook order, that calamine refuses."""
        for sheet in self.sheets:
            self.ready(sheet)
        self.close()

    def close(self) -> None:
        """Let go of the parses still running (a read given up); a grid read whole has none."""
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None

    def __enter__(self) -> Grid:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Parsing(list):
    """The cells of a sheet still parsing: any look at them before :meth:`Grid.ready` is a bug."""

    def _refuse(self, *args, **kwargs):
        raise RuntimeError("the sheet is still parsing: take it with Grid.ready(sheet) first")

    __getitem__ = __iter__ = __len__ = __bool__ = __contains__ = _refuse


def read_grid(
    path: str | Path,
    *,
    sheets: Sequence[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    pending: bool = False,
) -> Grid:
    """Read a spreadsheet or CSV into raw cell grids, refusing anything unsafe.

    Args:
        path: an .xlsx, .xls, .ods or .csv file; the format is decided from the bytes, not the name.
        sheets: names of the sheets to read (all worksheets when None, hidden ones included).
        limits: the bounds applied before and while reading.
        pending: return as soon as the guards have passed every sheet, with the sheets of a many-sheet
            xlsx still parsing in a worker thread: take each with :meth:`Grid.ready` before looking at
            its cells, then call :meth:`Grid.finish` (use the grid as a context manager, so that a read
            given up lets go of the parses). A grid read any other way is returned whole.

    Returns:
        A :class:`Grid`; ``notes`` says what was ignored (cells beyond a bound, a wrong extension).

    Raises:
        InputError: not a spreadsheet, password-protected, damaged, a zip bomb, an .xls/.ods sheet
            beyond the limits, or a requested sheet that does not exist.
    """
    path = Path(path)
    fmt = sniff_format(path, limits)
    notes: list[str] = []
    if path.suffix.lower() not in EXTENSIONS[fmt] and fmt != "csv":
        notes.append(f"The file is named '{path.name}' but holds {fmt} content; it was read as {fmt}.")
    if fmt == "csv":
        return _read_csv(path, limits, notes)
    if isinstance(sheets, str):
        sheets = [sheets]
    if fmt == "xls":
        extents = xls_extents(path, limits)
    elif fmt == "ods":
        check_zip(path, limits)
        extents = ods_extents(path, limits)
    else:
        check_zip(path, limits)
        blocks = BlockParses(path, _in_blocks)
        ahead = SheetsAhead(
            path,
            limits,
            lambda: _open_calamine(path, fmt),
            lambda wb, ext: _parse_sheet(wb, path, fmt, ext, limits),
        )
        extents = []
        try:
            extents = xlsx_extents(path, limits, sheets, sink_for=blocks.sink_for, passed=ahead.passed)
            chosen = _choose(extents, sheets, path)
            if pending and ahead.covers(chosen) and all(e.blocks is None for e in chosen):
                grid = Grid(path, fmt, "calamine", None, [_parsing(e) for e in chosen], notes)
                grid._pending, grid._ahead = {e.name: e for e in chosen}, ahead
                ahead = None  # the grid's now
                return grid
            return _read_chosen(path, fmt, extents, sheets, limits, notes, ahead)
        finally:
            blocks.close()
            if ahead is not None:
                ahead.close()
            for ext in extents:  # a parse in blocks not used (the sheet read another way)
                ext.blocks = None
    return _read_chosen(path, fmt, extents, sheets, limits, notes)


def _parsing(ext: SheetExtent) -> Sheet:
    """The sheet ``ext`` while it parses (its cells and merged ranges filled in by :meth:`Grid.ready`)."""
    return Sheet(name=ext.name, cells=_Parsing(), merged=[], visible=ext.visible)


def _in_blocks(size: int, sheets: int) -> bool:
    """Whether a worksheet is parsed in row blocks while the guards scan it
    (:mod:`cchc_analysis.io.blocks`): a large sheet of a workbook whose sheets are not already parsed
    side by side."""
    return sheets < _ahead.PARALLEL_SHEETS and worth_splitting(size)


def _read_chosen(
    path: Path,
    fmt: str,
    extents: list[SheetExtent],
    sheets: Sequence[str] | None,
    limits: Limits,
    notes: list[str],
    ahead: SheetsAhead | None = None,
) -> Grid:
    chosen = _choose(extents, sheets, path)
    if fmt != "xlsx":
        # calamine parses every sheet of an .xls/.ods on opening: all of them must be safe.
        for ext in extents:
            if not ext.fits(limits):
                raise _too_big(path, ext, limits, fmt)
    fast = [e for e in chosen if e.fits(limits)]
    slow = [e for e in chosen if not e.fits(limits)]
    read: dict[str, Sheet] = {}
    if fast:
        read.update(_read_calamine(path, fmt, fast, limits, extents, notes, ahead))
    if slow:
        read.update(_read_openpyxl(path, slow, limits, notes))
    engine = "+".join(name for name, used in (("calamine", fast), ("openpyxl", slow)) if used)
    return Grid(
        path=path,
        format=fmt,
        engine=engine or "calamine",
        encoding=None,
        sheets=[read[e.name] for e in chosen],
        notes=notes,
    )


def _choose(extents: list[SheetExtent], wanted: Sequence[str] | None, path: Path) -> list[SheetExtent]:
    if wanted is None:
        return extents
    by_name = {e.name: e for e in extents}
    missing = [w for w in wanted if w not in by_name]
    if missing:
        raise no_such_sheet(path, missing, [e.name for e in extents])
    return [by_name[w] for w in wanted]


def _too_big(path: Path, ext: SheetExtent, limits: Limits, fmt: str) -> InputError:
    rows, cols = max((ext.rows, ext.cols), ext.declared or (0, 0), key=lambda rc: rc[0] * rc[1])
    return InputError(
        f"The sheet reaches cell {a1(max(rows, 1) - 1, max(cols, 1) - 1)} ({rows:,} rows × "
        f"{cols:,} columns), beyond the {limits.max_rows:,} rows, {limits.max_cols:,} columns and "
        f"{limits.max_cells:,} cells read safely from an .{fmt} file.",
        file=path,
        sheet=ext.name,
        hint="Delete the stray cells far from the table (Ctrl+End shows the last one) and save "
        "a copy as .xlsx.",
    )


def _not_listed(path: Path, ext: SheetExtent) -> InputError:
    """The error for a worksheet the guards found that calamine's list of sheets does not name."""
    return InputError(
        "The workbook lists its sheets inconsistently.", file=path, sheet=ext.name, hint=RESAVE_HINT
    )


def _calamine_error(path: Path, exc: Exception) -> InputError:
    if isinstance(exc, pc.PasswordError):
        return InputError(
            "This file is password-protected, so it cannot be read.", file=path, hint=PASSWORD_HINT
        )
    return InputError(
        f"The workbook could not be read; it looks damaged ({exc}).",
        file=path,
        hint="Download or copy it again; if Excel opens it, save a fresh copy as .xlsx.",
    )


def _open_calamine(path: Path, fmt: str, source: Path | None = None) -> pc.CalamineWorkbook:
    """calamine's workbook of ``source`` (a copy of ``path``; ``path`` itself when None); errors
    name ``path``."""
    source = source or path
    try:
        if source.suffix.lower() in EXTENSIONS[fmt]:
            return pc.CalamineWorkbook.from_path(source)
        with source.open("rb") as fh:  # calamine picks the reader by extension; bytes let it sniff
            return pc.CalamineWorkbook.from_filelike(fh)
    except pc.CalamineError as exc:
        raise _calamine_error(path, exc) from None


def _read_calamine(
    path: Path,
    fmt: str,
    extents: list[SheetExtent],
    limits: Limits,
    every: list[SheetExtent],
    notes: list[str],
    ahead: SheetsAhead | None = None,
) -> dict[str, Sheet]:
    """Read the sheets of ``extents`` with calamine (those ``ahead`` started are taken from it). When
    their XML holds many rows of empty formatted cells (a sheet formatted down to the last row),
    calamine reads a copy without them (:func:`~cchc_analysis.io.safety.without_empty_rows`): it would
    spend a second parsing 50 MB of cells that hold nothing, and the cells with values are the same."""
    empty = [e for e in extents if e.empty_bytes >= EMPTY_ROWS_MIN] if fmt == "xlsx" else []
    if not empty:
        blocked = {}
        for ext in extents:
            if ext.blocks is not None and (got := _blocks_result(ext, limits)) is not None:
                blocked[ext.name] = got
        rest = [e for e in extents if e.name not in blocked]
        out = _read_calamine_from(path, path, fmt, rest, limits, every, ahead) if rest else {}
        out.update(_sheets(blocked, extents))
        return {e.name: out[e.name] for e in extents}
    with tempfile.TemporaryDirectory(prefix="cchc-") as tmp:
        copy = Path(tmp) / "without_empty_rows.xlsx"
        without_empty_rows(path, empty, copy, limits)
        out = _read_calamine_from(path, copy, fmt, extents, limits, every)
    for e in empty:
        notes.append(
            f"Sheet '{e.name}': {e.empty_bytes / MB:,.1f} MB of its {e.xml_bytes / MB:,.1f} MB of "
            "XML are rows of empty formatted cells (formatting, no values); they were skipped, "
            "no cells with a value left out."
        )
    return out


def _blocks_result(ext: SheetExtent, limits: Limits) -> tuple[list, list | None] | None:
    """The rows and merged ranges of the sheet's parse in blocks; None to parse it whole."""
    parse, ext.blocks = ext.blocks, None
    return parse.result(limits)


def _read_calamine_from(
    path: Path,
    source: Path,
    fmt: str,
    extents: list[SheetExtent],
    limits: Limits,
    every: list[SheetExtent],
    ahead: SheetsAhead | None = None,
) -> dict[str, Sheet]:
    wb = _open_calamine(path, fmt, source)
    try:
        names = set(wb.sheet_names)
        if fmt == "xls":  # calamine may decode a BIFF sheet name differently: match by position
            worksheets = [m.name for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
            if len(worksheets) == len(every):
                renamed = {id(e): n for e, n in zip(every, worksheets, strict=True)}
                for ext in extents:
                    ext.name = renamed[id(ext)]
        for ext in extents:
            if ext.name not in names:
                raise _not_listed(path, ext)
        if ahead is not None and ahead.started:
            # the sheets the guards passed are parsing in a worker already: this thread takes the rest
            parsed = ahead.take(wb, extents)
        elif fmt == "xlsx" and _ahead.side_by_side(len(extents), source):
            # calamine parses a sheet without the GIL: a second handle parses every other sheet beside
            # this one (an xlsx sheet is parsed only when asked for, so the handles share no work)
            with ThreadPoolExecutor(1) as pool:
                other = pool.submit(_parse_with_new_handle, path, source, fmt, extents[1::2], limits)
                parsed = _parse_sheets(wb, path, fmt, extents[0::2], limits)
                parsed.update(other.result())
        else:
            parsed = _parse_sheets(wb, path, fmt, extents, limits)
    finally:
        wb.close()
    return _sheets(parsed, extents)


def _sheets(parsed: dict[str, tuple[list, list | None]], extents: list[SheetExtent]) -> dict[str, Sheet]:
    """The :class:`Sheet` of each parsed sheet of ``extents``: calamine's rows with None for its empty
    cells, empty rows at the end trimmed, the merged ranges (calamine's, else the guards')."""
    out: dict[str, Sheet] = {}
    for ext in extents:
        if ext.name not in parsed:
            continue
        rows, merged = parsed[ext.name]
        # calamine writes an empty cell as "": most rows of a score table have none, and the C-level
        # `in` scan spares them the per-cell pass (to_python's lists are fresh, so kept as they are)
        cells = [[None if v == "" else v for v in row] if "" in row else row for row in rows]
        _trim_rows(cells)
        spans = (
            [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in merged] if merged is not None else list(ext.merged)
        )
        out[ext.name] = Sheet(name=ext.name, cells=cells, merged=spans, visible=ext.visible)
    return out


def _parse_with_new_handle(
    path: Path, source: Path, fmt: str, extents: list[SheetExtent], limits: Limits
) -> dict[str, tuple[list, list | None]]:
    wb = _open_calamine(path, fmt, source)
    try:
        return _parse_sheets(wb, path, fmt, extents, limits)
    finally:
        wb.close()


def _parse_sheets(
    wb: pc.CalamineWorkbook, path: Path, fmt: str, extents: list[SheetExtent], limits: Limits
) -> dict[str, tuple[list, list | None]]:
    """calamine's rows and merged ranges of each sheet of ``extents`` (checked by the guards)."""
    return {ext.name: _parse_sheet(wb, path, fmt, ext, limits) for ext in extents}


def _parse_sheet(
    wb: pc.CalamineWorkbook, path: Path, fmt: str, ext: SheetExtent, limits: Limits
) -> tuple[list, list | None]:
    """calamine's rows and merged ranges of the sheet ``ext`` (checked by the guards)."""
    if ext.name not in wb.sheet_names:
        raise _not_listed(path, ext)
    try:
        sheet = wb.get_sheet_by_name(ext.name)
        end = sheet.end
        if end is not None and (end[0] >= limits.max_rows or end[1] >= limits.max_cols):
            raise _too_big(path, ext, limits, fmt)  # belt and braces: never reached so far
        return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges
    except pc.CalamineError as exc:
        raise _calamine_error(path, exc).located(sheet=ext.name) from None


def _read_openpyxl(
    path: Path, extents: list[SheetExtent], limits: Limits, notes: list[str]
) -> dict[str, Sheet]:
    import openpyxl  # the fallback reader only: its import costs a tenth of a second

    out: dict[str, Sheet] = {}
    with path.open("rb") as fh:
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many types for a damaged archive
            raise InputError(
                f"The workbook could not be read; it looks damaged ({exc}).",
                file=path,
                hint="Download or copy it again; if Excel opens it, save a fresh copy as .xlsx.",
            ) from None
        try:
            for ext in extents:
                rows, cols = ext.read_box(limits)
                ws = wb[ext.name]
                ws.reset_dimensions()
                try:
                    cells = [
                        list(r)
                        for r in ws.iter_rows(min_row=1, max_row=max(rows, 1), max_col=cols, values_only=True)
                    ][:rows]
                except Exception as exc:  # the sheet XML is parsed lazily, while iterating
                    raise InputError(
                        f"The sheet could not be read; its XML is damaged ({exc}).",
                        file=path,
                        sheet=ext.name,
                        hint=RESAVE_HINT,
                    ) from None
                cells = _rectangle(cells)
                merged = [m for m in ext.merged if m[2] < rows and m[3] < cols]
                out[ext.name] = Sheet(ext.name, cells, merged, ext.visible)
                notes.append(_ignored_note(ext, rows, cols))
        finally:
            wb.close()
    return out


def _ignored_note(ext: SheetExtent, rows: int, cols: int) -> str:
    claimed = ""
    if ext.declared and ext.declared != (ext.rows, ext.cols):
        r, c = ext.declared
        claimed = f" (the file claims its cells end at {a1(max(r, 1) - 1, max(c, 1) - 1)})"
    beyond = []
    if ext.rows > rows:
        beyond.append(f"beyond row {rows:,}")
    if ext.cols > cols:
        beyond.append(f"beyond column {col_letters(cols - 1)}")
    reach = a1(max(ext.rows, 1) - 1, max(ext.cols, 1) - 1)
    what = f"cells {' and '.join(beyond)} ignored" if beyond else "no cells ignored"
    return (
        f"Sheet '{ext.name}' reaches cell {reach}{claimed}, too far to read fast; it was read with "
        f"openpyxl up to {a1(max(rows, 1) - 1, cols - 1)}: {what}."
    )


def _trim_rows(cells: list[list[object]]) -> None:
    while cells and all(v is None for v in cells[-1]):
        cells.pop()


def _rectangle(cells: list[list[object]]) -> list[list[object]]:
    """Drop trailing empty rows and columns; pad every row to the same width."""
    _trim_rows(cells)
    width = 0
    for row in cells:
        for i in range(len(row) - 1, width - 1, -1):
            if row[i] is not None:
                width = i + 1
                break
    return [row[:width] + [None] * (width - len(row)) for row in cells]


# -------------------------------------------------------------------------------------------------
# CSV


CODECS = {"utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be"}


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    guess = text_encoding(data[: 64 * 1024])
    candidates = [guess] if guess and guess.startswith("utf-16") else []
    candidates += [e for e in (guess, "utf-8", "cp1258") if e and e not in candidates]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.removeprefix("\ufeff")
        if encoding == "cp1258":
            text = unicodedata.normalize("NFC", text)
        return text, encoding
    raise InputError(
        "The text file is in an unknown encoding (neither UTF-8 nor Windows Vietnamese cp1258).",
        file=path,
        hint="Open it in Excel and save it as 'CSV UTF-8 (Comma delimited)'.",
    )


def _sniff_delimiter(sample: str) -> str | None:
    """The delimiter splitting the first records into the most consistent number (≥ 2) of fields."""
    best, best_score = None, (0.0, 0)
    for delim in DELIMITERS:
        try:
            records = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delim)]
        except csv.Error:
            continue
        records = [r for r in records[:-1] or records if any(f.strip() for f in r)][:50]
        if not records:
            continue
        counts = [len(r) for r in records]
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (sum(c == mode for c in counts) / len(counts), mode)
        if score > best_score:
            best, best_score = delim, score
    return best if best_score[0] >= 0.5 else None


def _read_csv(path: Path, limits: Limits, notes: list[str]) -> Grid:
    size = path.stat().st_size
    if size > limits.max_csv_bytes:
        raise InputError(
            f"The text file is {size / MB:.0f} MB, more than the "
            f"{limits.max_csv_bytes / MB:.0f} MB accepted for a CSV.",
            file=path,
            hint="Split it, or pass a larger Limits(max_csv_bytes=...) if the file is trusted.",
        )
    text, encoding = _decode(path.read_bytes(), path)
    delim = _sniff_delimiter(text[: 64 * 1024])
    if delim is None:
        raise InputError(
            "This is not a spreadsheet: the text file is not a table (no commas, semicolons or "
            "tabs separate its columns).",
            file=path,
            hint="Pick the .xlsx, .xls, .ods or .csv file that holds the scores.",
        )
    cells: list[list[object]] = []
    n_cells = 0
    cut_rows = cut_cols = False
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            if len(cells) >= limits.max_rows or n_cells >= limits.max_cells:
                cut_rows = True
                break
            if len(record) > limits.max_cols:
                record, cut_cols = record[: limits.max_cols], True
            cells.append([v if v != "" else None for v in record])
            n_cells += len(record)
    except csv.Error as exc:
        raise InputError(
            f"The CSV could not be split into cells ({exc}).",
            file=path,
            cell=f"row {len(cells) + 1}",
            hint="Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'.",
        ) from None
    if cut_rows:
        notes.append(f"Rows beyond row {len(cells):,} were ignored (the reading limit).")
    if cut_cols:
        notes.append(
            f"Columns beyond column {col_letters(limits.max_cols - 1)} were ignored (the reading limit)."
        )
    sheet = Sheet(name=path.stem, cells=_rectangle(cells), merged=[], visible=True)
    return Grid(path, "csv", "csv", encoding, [sheet], notes)
