"""Parse the sheets of a many-sheet xlsx in a second thread while the guards scan the next ones.

The guards inflate and scan every worksheet before calamine may parse it
(:func:`cchc_analysis.io.safety.xlsx_extents`), and calamine parses a sheet without the GIL. In a
workbook of many sheets (the PAPI panel: one sheet a year, 14 of them) each sheet is cleared long
before the last one: :class:`SheetsAhead` starts parsing a sheet, in one worker thread with its own
calamine handle, as soon as the guards have passed it, so the parse of the first sheets overlaps the
scan of the later ones. Once the guards are done, the caller parses the sheets the worker has not
started (:meth:`SheetsAhead.take`), from the last one back, on its own handle, side by side with the
worker. Or it takes each sheet when it needs it (:meth:`SheetsAhead.one`, ``read_grid(pending=True)``):
the reader makes the first sheets' table while the worker parses the later ones.

Only a sheet calamine would parse as it is is started: one within the limits whose XML holds no run
of empty formatted rows worth leaving out (those are read from a copy without them). A parse started
and then not used (a guard refuses a later sheet, or another sheet needs the copy) is let go of; the
caller's reading decides, as before, and reports any error as before.
"""

from __future__ import annotations

import os
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import python_calamine as pc

from cchc_analysis.io.safety import EMPTY_ROWS_MIN, Limits, SheetExtent

#: From this many sheets, an xlsx's sheets are parsed in two threads (the PAPI panel has 14).
PARALLEL_SHEETS = 4
#: Largest shared string table (inflated) for which a second handle is opened: 4 MB, under 10 MB in memory.
PARALLEL_STRINGS_BYTES = 4 * 1024 * 1024
_CORES = os.cpu_count() or 1

#: A parsed sheet: calamine's rows and merged ranges.
Parsed = tuple[list, list | None]


def small_strings(source: Path) -> bool:
    """Whether the xlsx's shared string table is small enough to be loaded twice (each calamine handle
    loads it whole: a second copy of a large one would double the reader's memory)."""
    with zipfile.ZipFile(source) as zf:
        return sum(
            i.file_size for i in zf.infolist() if i.filename.lower().endswith("sharedstrings.xml")
        ) <= (PARALLEL_STRINGS_BYTES)


def side_by_side(sheets: int, source: Path) -> bool:
    """Whether ``sheets`` sheets of the xlsx ``source`` are parsed in two threads."""
    return sheets >= PARALLEL_SHEETS and _CORES > 1 and small_strings(source)


class SheetsAhead:
    """The sheets of one xlsx read started in a worker thread as the guards pass them.

    Args:
        path: the xlsx (already through :func:`~cchc_analysis.io.safety.check_zip`).
        limits: the bounds the guards apply.
        open_workbook: ``open_workbook()`` -> a new calamine handle on it (raises the reader's error).
        parse: ``parse(workbook, extent)`` -> the sheet's :data:`Parsed` (raises the reader's error).
    """

    def __init__(self, path: Path, limits: Limits, open_workbook, parse) -> None:
        self.path, self.limits, self.open_workbook, self.parse = path, limits, open_workbook, parse
        self.pool: ThreadPoolExecutor | None = None
        self.started: dict[str, Future] = {}
        self.wanted: bool | None = None  # decided at the first sheet passed
        self._local = threading.local()
        self._handles: list[pc.CalamineWorkbook] = []

    def passed(self, ext: SheetExtent, sheets: int) -> None:
        """The guards have passed ``ext``, one of ``sheets`` worksheets read: start its parse."""
        if self.wanted is None:
            self.wanted = side_by_side(sheets, self.path)
        if not self.wanted or not ext.fits(self.limits) or ext.empty_bytes >= EMPTY_ROWS_MIN:
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(1, thread_name_prefix="cchc-sheets")
        self.started[ext.name] = self.pool.submit(self._parse, ext)

    def _parse(self, ext: SheetExtent) -> Parsed:
        wb = getattr(self._local, "wb", None)
        if wb is None:  # the thread's own handle: one calamine handle is not shared between threads
            wb = self._local.wb = self.open_workbook()
            self._handles.append(wb)
        return self.parse(wb, ext)

    def covers(self, extents: list[SheetExtent]) -> bool:
        """Whether every sheet of ``extents`` was started."""
        return bool(extents) and all(e.name in self.started for e in extents)

    def one(self, ext: SheetExtent) -> Parsed:
        """The sheet ``ext`` parsed: here, on this thread's own handle, when the worker has not begun it,
        else the worker's parse, waited for. Raises its error."""
        future = self.started[ext.name]
        if future.cancel():
            return self._parse(ext)
        return future.result()

    def take(self, wb: pc.CalamineWorkbook, extents: list[SheetExtent]) -> dict[str, Parsed]:
        """Each sheet of ``extents`` parsed: those the worker has not started are parsed here, on
        ``wb``, from the last one back, while the worker goes on from the front. Raises the error of
        the first sheet, in workbook order, that calamine refuses."""
        futures = {e.name: f for e in extents if (f := self.started.get(e.name)) is not None}
        here: dict[str, Parsed] = {}
        errors: dict[str, Exception] = {}
        for ext in reversed(extents):
            future = futures.get(ext.name)
            if future is not None and not future.cancel():
                continue  # running or done in the worker
            try:
                here[ext.name] = self.parse(wb, ext)
            except Exception as exc:  # raised below, in workbook order
                errors[ext.name] = exc
        out: dict[str, Parsed] = {}
        for ext in extents:
            if ext.name in errors:
                raise errors[ext.name]
            out[ext.name] = here[ext.name] if ext.name in here else futures[ext.name].result()
        return out

    def close(self) -> None:
        """Wait for the worker (each parse is bounded: its sheet passed the guards) and close its handle."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        for wb in self._handles:
            wb.close()
        self._handles.clear()
        self.started.clear()
