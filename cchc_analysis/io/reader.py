"""``read_workbook``: one province score spreadsheet → the tidy, validated score table."""

from __future__ import annotations

import gc
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, InputWarning, NoUnitsError
from ..frameworks import Framework, framework_for, get_framework
from ..frameworks.sheet import SHEET_NONE, sheet_framework
from ..schema import COLUMNS, KEY, has_repeated_keys, validate
from ..units import Unit, UnitRegistry, clean_name, expand_abbreviation, named_levels, strip_unit_prefix
from .assemble import Block, KnownColumns, frame_of, separate, stack_block
from .detect import (
    YEAR_ANY,
    SheetFlags,
    bilingual_parts,
    clean_sheet,
    clear_majority,
    code_from_text,
    header_kind,
    index_named,
    mark_problems,
    period_in,
    stage_of,
    starts_as_a_unit,
    title_facts,
    title_index,
    without_maximum,
    xls_flags,
    xlsx_flags,
)
from .grid import Grid, a1, read_grid
from .layouts import Layout, resolve_layout
from .parts import Part, ranks_meet, split_header
from .report import ReadReport
from .safety import col_letters, col_number
from .tables import (
    Table,
    bloc_name,
    find_tables,
    header_years,
    indices_as_rows,
    indices_as_rows_error,
    read_table,
    year_column,
)
from .text import match_key

LEVEL_WORDS = [
    # MOHA's PAR INDEX of ministries: the ministry-level agencies whose words a department's also start with
    (
        "ministry",
        ("ngan hang nha nuoc viet nam", "thanh tra chinh phu", "van phong chinh phu", "uy ban dan toc"),
    ),
    (
        "department",
        (
            "so ",
            "ban ",
            "van phong",
            "thanh tra",
            "cuc ",
            "chi cuc",
            "bql",
            "ban quan ly",
            # the central agencies a province's DDCI and PAR tables rank beside its departments
            "bao hiem xa hoi",
            "kho bac",
            "ngan hang",
            "cong an",
            "cong ty",
            "dien luc",
            "hai quan",
            "toa an",
            "vien kiem sat",
            "bo chi huy",
            # a district's own offices, ranked in its internal tables
            "phong ",
            "trung tam ",
        ),
    ),
    ("ministry", ("bo ",)),  # after the departments' "Bộ Chỉ huy Quân sự tỉnh"
    ("district", ("huyen ", "thi xa ", "quan ", "thanh pho ", "tp ")),
    ("commune", ("xa ", "phuong ", "thi tran ", "dac khu ")),
    ("province", ("tinh ",)),
]
BLOC_LEVEL = [
    ("so", "department"),
    ("nganh", "department"),
    ("huyen", "district"),
    ("xa", "commune"),
]


@lru_cache(maxsize=32)
def _registry_for(units_file: Path | None) -> UnitRegistry:
    registry = UnitRegistry.default()
    if units_file is None:
        return registry
    try:
        frame = pd.read_csv(units_file, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError("the layout names a units file that does not exist", file=units_file) from None
    return registry.with_units(frame)


@lru_cache(maxsize=32)
def _peer_groups(units_file: Path | None) -> dict[str, str]:
    if units_file is None:
        return {}
    frame = pd.read_csv(units_file, dtype=str, keep_default_na=False)
    if "peer_group" not in frame.columns:
        return {}
    return {match_key(u): g for u, g in zip(frame["unit"], frame["peer_group"], strict=True) if g}


@lru_cache(maxsize=32)
def _code_map(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(frame.iloc[:, 0].str.strip(), frame.iloc[:, 1].str.strip(), strict=True))


def read_workbook(
    path: str | Path,
    *,
    layout: Layout | str | Path | dict | None = None,
    index: str | None = None,
    year: int | None = None,
    **overrides: Any,
) -> pd.DataFrame:
    """Read a province score spreadsheet into the tidy score table.

    Args:
        path: an ``.xlsx``, ``.xls``, ``.ods`` or ``.csv`` file (the format is told from its content).
        layout: a :class:`Layout`, a ``layout.toml`` path, or a dict of layout keys; by default the nearest
            ``layout.toml`` whose ``files`` match, else detection alone.
        index: ``PAR``, ``SIPAS``, ``PAPI``, ``PCI``, …; by default from the layout, the title or the
            file name.
        year: the year assessed; by default from the layout, the title (``… NĂM 2022``) or the file name,
            or, when the layout says ``year = "sheet"``, each sheet's name (one sheet per year).
        **overrides: any layout key (``framework``, ``level``, ``peer_group``, ``period``, ``stage``,
            ``sheets``, ``unit_column``, ``header_rows``, …) and ``unit`` for a self-assessment sheet, or a
            table of one unit's results a year a row, that does not name its unit.

    Returns:
        The tidy table (columns of :data:`cchc_analysis.schema.COLUMNS`), validated.
        ``df.attrs["report"]`` holds a :class:`~cchc_analysis.io.report.ReadReport` dict: rows dropped,
        missing and extra components, warnings and notes.

    Raises:
        InputError: the file cannot be read into trustworthy numbers; the message names the file, the sheet
            and the cell.
    """
    path = Path(path)
    with _collector_paused():
        out, report = _read(path, layout, index, year, overrides)
    # each said once (the parts of a header side by side are read table by table)
    for found in (report.notes, report.warnings, report.dropped_rows):
        found[:] = dict.fromkeys(found)
    for message in report.warnings:
        warnings.warn(f"{path.name}: {message}", InputWarning, stacklevel=2)
    out.attrs["report"] = report.to_dict()
    return out


def _read(
    path: Path,
    layout: Layout | str | Path | dict | None,
    index: str | None,
    year: int | None,
    overrides: dict[str, Any],
) -> tuple[pd.DataFrame, ReadReport]:
    """The body of :func:`read_workbook`: the validated table and the report (warnings not yet issued)."""
    unit_override = overrides.pop("unit", None)
    base = resolve_layout(path, layout)
    lay = base.with_overrides(index=index, **overrides)
    report = ReadReport(file=str(path))
    if isinstance(lay.year, int) and year is None:
        year = lay.year
    elif lay.year == "filename" and year is None:
        year = _year_in_name(path)
    by_sheet = lay.year == "sheet" and year is None  # one sheet per year, named after it
    if year is not None:
        lay = lay.for_year(int(year))
    sheet_names = [str(s) for s in lay.sheets] if lay.sheets else None
    # the sheets of a many-sheet workbook still parse while the first ones are read (Grid.ready)
    grid = read_grid(
        path, sheets=sheet_names if sheet_names and not _all_int(lay.sheets) else None, pending=True
    )
    with grid:
        tidy, known = _read_grid(path, grid, lay, year, by_sheet, unit_override, report)
    out = validate(tidy[COLUMNS], where=str(path), known=known)
    return out, report


def _read_grid(
    path: Path,
    grid: Grid,
    lay: Layout,
    year: int | None,
    by_sheet: bool,
    unit_override: str | None,
    report: ReadReport,
) -> tuple[pd.DataFrame, KnownColumns | None]:
    """The tidy table of the sheets of ``grid`` (each taken when read), not yet validated."""
    report.engine = grid.engine
    for note in grid.notes:  # cells beyond the reading bounds are data not read: the analyst must know
        dropped = "ignored" in note and "no cells ignored" not in note
        (report.warnings if dropped else report.notes).append(note)
    sheets = grid.sheets
    if lay.sheets and _all_int(lay.sheets):
        sheets = [sheets[i] for i in lay.sheets if i < len(sheets)]
    flags = _flags(path, grid.format, [s.name for s in grid.sheets])
    empty: list[tuple[str, int, str]] = []  # (sheet, header row, why) of tables that gave no numbers
    # a detail sheet titled "ĐIỂM CHI TIẾT THEO LĨNH VỰC" is of the index the summary sheet's title names
    workbook_index = None if lay.index else _workbook_index(path, [grid.ready(s) for s in sheets])
    frames: list[Block | pd.DataFrame] = []
    unitless: list[tuple[str, InputError]] = []  # sheets whose table names no units, skipped if others read
    for sheet in sheets:
        if not sheet.visible and not lay.sheets:
            report.skipped_sheets.append(f"{sheet.name} (hidden)")
            report.warnings.append(
                f"sheet '{sheet.name}' is hidden and was not read (name it in sheets= to read it)"
            )
            continue
        sheet = grid.ready(sheet)  # (raises calamine's refusal of it, not caught below)
        sheet_year, sheet_lay = year, lay
        if by_sheet:
            sheet_year = _year_of_sheet(path, sheet.name)
            sheet_lay = lay.for_year(sheet_year)
        try:
            frame = _read_sheet(
                path,
                sheet,
                sheet_lay,
                sheet_year,
                unit_override,
                report,
                flags.get(sheet.name, SheetFlags()),
                empty,
                workbook_index,
            )
        except NoUnitsError as exc:
            if len(sheets) > 1 and not lay.columns and not lay.unit_column:
                # "Khối | Số đơn vị | Điểm trung bình" before the annexes: skipped if another sheet is read
                unitless.append((sheet.name, exc))
                continue
            raise exc.located(file=path, sheet=sheet.name) from None
        except InputError as exc:
            if len(sheets) > 1 and not lay.columns and not _names_points(sheet):
                # "STT | Tiêu chí | Nội dung giải trình": a sheet of explanations beside the scores
                report.skipped_sheets.append(
                    f"{sheet.name} (its table has no column of points, ranks or codes)"
                )
                continue
            raise exc.located(file=path, sheet=sheet.name) from None
        if not frame:
            continue
        report.sheets.append(sheet.name)
        frames.extend(frame)
    grid.finish()  # the sheets not read (hidden, or not asked for) must have parsed too
    if unitless and not frames:
        raise unitless[0][1].located(file=path, sheet=unitless[0][0]) from None
    for name, _ in unitless:
        report.skipped_sheets.append(f"{name} (its table names no units: a summary beside the tables read)")
    if not frames and empty:
        raise _nothing_to_read(path, empty)
    for sheet in sheets if not frames else []:
        rows = sheet.cells[:60]
        if len(indices := indices_as_rows(rows)) > 1:
            # "Chỉ số | Năm 2021 | Năm 2022" over "PAR INDEX", "SIPAS", …: no header names units
            first = next(r for r, row in enumerate(rows) if indices_as_rows([row]))
            raise indices_as_rows_error(indices, file=path, sheet=sheet.name, row=max(first - 1, 0))
    if not frames:
        raise InputError(
            "no score table was found: no sheet has a header row naming the units "
            "('STT', 'Tên đơn vị', 'Đơn vị', 'Tỉnh, thành phố', 'Địa phương')",
            file=path,
            hint="Check that this is a score table, or give a layout with header_rows and unit_column.",
        )
    tidy = _assemble(frames)
    # the blocks' codes tell the validation each text column's values, unless rows are merged below
    known = KnownColumns(frames) if all(isinstance(f, Block) for f in frames) else None
    # (peer groups per level or per sheet are for units read from two sheets or more, or from tables
    # stacked on one sheet that each rank theirs from 1)
    several_sheets = len(set(report.sheets)) > 1
    tables, stacked = _tables_apart(frames, tidy)
    apart = _levels_apart(tidy, tables) if several_sheets or stacked else None
    if apart is not None:
        tidy, known = apart, None
        report.notes.append(
            f"the tables stacked on sheet '{stacked[0]}' rank units of different levels with no bloc named "
            "(the departments, then the districts), each from 1: each level is a peer group of its own, "
            "named after it"
            if stacked and not several_sheets
            else "the sheets rank units of different levels with no bloc named (one sheet the departments, "
            "another the districts): each level is a peer group of its own, named after it"
        )
    for name in stacked if apart is None else []:
        report.warnings.append(
            f"sheet '{name}': its tables, stacked one under another with no bloc named, each rank their "
            "units from 1, but are read as one peer group (a 'Khối …' row above each would set them apart)"
        )
    if apart is None and several_sheets and (apart := _sheets_apart(tidy)) is not None:
        tidy, known = apart, None
        report.notes.append(
            "the sheets each rank their units from 1 with no bloc named (one sheet per district): each "
            "sheet is a peer group of its own, named after it"
        )
    if tidy.empty and empty:
        raise _nothing_to_read(path, empty)
    if len(frames) > 1 and not separate(frames):
        tidy, known = _merge_sheets(tidy, report), None
    return tidy, known


def _nothing_to_read(path: Path, empty: list[tuple[str, int, str]]) -> InputError:
    """The error for a workbook whose tables hold nothing to read: the first table, and why."""
    sheet_name, header_row, why = empty[0]
    return InputError(
        f"the table whose header is on row {header_row + 1} {why}, so there is nothing to read",
        file=path,
        sheet=sheet_name,
        cell=f"row {header_row + 1}",
        hint="Check that this is the finished table (not a blank form), or pick the file with scores.",
    )


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a workbook is read.

    Reading makes hundreds of thousands of short-lived lists and tuples of cells, which reference counting
    frees; each batch of them would otherwise start a collection, and the oldest generation's walks the whole
    heap (about 50 ms of the commune workbook's read). The collector runs again, as it was, afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _assemble(frames: list[Block | pd.DataFrame]) -> pd.DataFrame:
    """One tidy frame of the tables read, in order."""
    if all(isinstance(f, Block) for f in frames):
        return frame_of(frames)
    whole = [f.frame() if isinstance(f, Block) else f for f in frames]
    return pd.concat(whole, ignore_index=True) if len(whole) > 1 else whole[0]


def _flags(path: Path, fmt: str, names: list[str]) -> dict[str, SheetFlags]:
    """What the cell engine hides (error values, formulas never calculated, hidden rows), per sheet."""
    if fmt == "xlsx":
        return xlsx_flags(path, names)
    if fmt == "xls":
        every = xls_flags(path)
        if len(every) == len(names):  # BIFF and calamine may spell a sheet name differently: match by place
            return dict(zip(names, every, strict=True))
    return {}


def _all_int(values: Any) -> bool:
    return bool(values) and all(isinstance(v, int) for v in values)


def _rounded_copy(a: float, b: float) -> bool:
    """Whether one of two numbers is the other rounded to fewer decimals (87.84 and 87.8)."""
    low, high = sorted((a, b), key=lambda x: len(f"{x:g}"))
    decimals = len(f"{low:g}".partition(".")[2])
    return decimals < len(f"{high:g}".partition(".")[2]) and abs(round(high, decimals) - low) < 1e-9


def _merge_sheets(tidy: pd.DataFrame, report: ReadReport) -> pd.DataFrame:
    """Keep one row per key: a number given twice (summary and detail sheets) must agree."""
    if not has_repeated_keys(tidy):
        return tidy
    dup = tidy.duplicated(KEY, keep=False)
    spread = (
        tidy[dup]
        .groupby(KEY, sort=False, dropna=False)
        .agg(
            low=("score", "min"),
            high=("score", "max"),
            first=("score", "first"),
            where=("source_sheet", "first"),
        )
    )
    bad = spread[(spread["high"] - spread["low"]) > 1e-6]
    rounded = [_rounded_copy(row["low"], row["high"]) for _, row in bad.iterrows()]
    if any(rounded):  # "87,84" on the table, "87,8" on a chart's sheet: the same number, rounded
        first = bad[rounded].iloc[0]
        report.notes.append(
            f"{sum(rounded)} number(s) are given again, rounded, on another sheet than '{first['where']}' "
            f"(e.g. {first['first']:g} and {first['low'] + first['high'] - first['first']:g}); the first "
            "given are kept"
        )
        bad = bad[[not r for r in rounded]]
    for key, row in bad.head(20).iterrows():
        other = row["high"] if abs(row["first"] - row["low"]) <= 1e-6 else row["low"]
        report.warnings.append(
            f"{key[5]}, component {key[6]}: given twice with different values ({row['first']:g} on sheet "
            f"'{row['where']}', and {other:g}); the first, {row['first']:g}, is kept"
        )
    if len(bad) > 20:
        report.warnings.append(f"… and {len(bad) - 20} more numbers given twice with different values")
    return tidy.drop_duplicates(KEY, keep="first").reset_index(drop=True)


def _names_points(sheet) -> bool:
    """Whether a header of the sheet names any column of numbers: points, a total, a rate, a maximum, a
    rank, a stage, a year or a component code (also typed as a number). Asked of a sheet the reader
    refused, in a workbook of several: one that names none is a sheet of text beside the tables."""
    rows, _ = clean_sheet(sheet)
    header_rows = [r for r0, r1 in find_tables(rows, sheet.merged, None) for r in range(r0, r1 + 1)]
    for r in header_rows:
        for value in rows[r]:
            if value.__class__ is float or value.__class__ is int:
                return True
            if isinstance(value, str) and (
                header_kind(value) in {"total", "pct", "max", "rank", "year"}
                or stage_of(value)
                or code_from_text(value)
                or YEAR_ANY.search(value)
                or match_key(value).startswith(("diem", "chi so", "score", "index"))
            ):
                return True
    return False


def _read_sheet(
    path: Path,
    sheet,
    lay: Layout,
    year: int | None,
    unit_override: str | None,
    report: ReadReport,
    flags: SheetFlags,
    empty: list[tuple[str, int, str]],
    workbook_index: str | None = None,
) -> list[Block | pd.DataFrame]:
    if flags.problems:
        sheet = replace(sheet, cells=mark_problems(sheet.cells, flags.problems))
    rows, notes = clean_sheet(sheet)
    report.notes.extend(notes)
    headers = find_tables(rows, sheet.merged, lay.header_rows)
    if not headers:
        report.skipped_sheets.append(f"{sheet.name} (no header row naming the units)")
        return []
    registry = _registry_for(lay.units)
    frames = []
    tables = []
    for i, (r0, r1) in enumerate(headers):
        next_header = headers[i + 1][0] if i + 1 < len(headers) else None
        parts = _wanted(split_header(rows, r0, r1, next_header), lay, sheet.name, r0, report, empty)
        tables.extend((part, r0, r1, next_header) for part in parts)
    unread: list[tuple[int, NoUnitsError]] = []  # tables of the sheet naming no units, if others are read
    for part, r0, r1, next_header in tables:  # each table's own cells
        rows = part.rows
        facts = title_facts(rows[:r0], path)
        if part.index:  # "SIPAS 2023" over the part's columns, whatever the title names
            facts.index = part.index
            if part.year is not None and part.year != facts.year:
                if facts.year is not None:  # a heading's year is plain: noted, not warned about
                    report.notes.append(
                        f"sheet '{sheet.name}': the {facts.year_source} says year {facts.year} but the "
                        f"heading '{part.heading}' over columns {part.columns} says {part.year}; "
                        f"{part.year} is used for them"
                    )
                facts.year, facts.year_source = part.year, "heading"
        own = _sheet_name_year(sheet.name) if year is None else None
        if (
            own is not None
            and facts.year_source in (None, "file name")
            and own != facts.year
            and len(header_years(rows, (r0, r1))) < 2  # (not over "Năm 2021 | Năm 2022 | Năm 2023")
        ):
            # sheets "2022" | "2023" of one workbook, their titles naming no year: each its own
            report.notes.append(
                f"sheet '{sheet.name}': the year {own} is read from the sheet's name"
                + (f" (the file name says {facts.year})" if facts.year is not None else "")
            )
            facts.year, facts.year_source, facts.span = own, "sheet name", None
            facts.notes = [n for n in facts.notes if "file name" not in n]  # (its year is not used)
        # "GIAI ĐOẠN 2019-2023" over columns of two years or more of it: a column per year
        span = facts.span if year is None else None
        header_span = False  # the years only the header names: every column read must name its own
        named = header_years(rows, (r0, r1)) if year is None else set()
        if year is None and span is None and facts.year is None:
            # "… QUA CÁC NĂM" over "Năm 2021 | Năm 2022": no year but the header's, so the header's years
            span = (min(named), max(named)) if len(named) > 1 else None
            header_span = span is not None
        span_years = sorted(y for y in named if span[0] <= y <= span[1]) if span else []
        if len(span_years) < 2:
            span = None  # "(Thực hiện kế hoạch giai đoạn 2021-2025)" over a table of one year
        end = next_header if next_header is not None else len(rows)
        row_years = year_column(rows, (r0, r1), end, lay.columns, lay.unit_column)
        # the years the columns or rows hold (the table's criteria are those of each) and the last
        if year is not None:
            years = [year]
        elif span:
            years = span_years  # "GIAI ĐOẠN 2021-2025" over "Năm 2021 | Năm 2022": 2021 and 2022
        elif len(row_years) > 1 or (row_years and facts.year is None):
            years = sorted(row_years)  # one row per unit and year: each row is read at its own year
        elif facts.year is None and len(named) == 1:
            # "Điểm DDCI 2021" under a title of no year: the one year the header names
            years = sorted(named)
            report.notes.append(f"sheet '{sheet.name}': the year {years[0]} is read from the header")
        else:
            years = [_year_from(lay, facts, path, sheet.name)]
        table_year = years[-1]
        table_index = _asked_index(lay) or facts.index or workbook_index
        if (
            facts.joined
            and not _asked_index(lay)
            and not part.index
            and not any(index_named(v) for row in rows[r0 : r1 + 1] for v in row)
        ):
            # "KẾT QUẢ CHỈ SỐ CCHC VÀ CHỈ SỐ HÀI LÒNG …" over one "Tổng điểm": which is it?
            names = " and ".join(dict.fromkeys(facts.named))
            raise InputError(
                f"the title names {names} ('{' '.join(facts.text.split())[:100]}'), but no column of the "
                "table names either, so the scores' index cannot be told",
                file=path,
                sheet=sheet.name,
                cell=f"row {r0 + 1}",
                hint=f"Pass index= the one this table holds (e.g. index={facts.named[-1]!r}).",
            )
        if table_index != facts.index and facts.named == [facts.index] and not part.index:
            # index="PCI" for "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023": the caller wins, but may have the wrong file
            report.warnings.append(
                f"sheet '{sheet.name}': the title names {facts.index} "
                f"('{' '.join(facts.text.split())[:100]}'), but index={lay.index!r} is asked: the scores "
                f"are read as {table_index}"
            )
        if table_index is None:
            raise InputError(
                "cannot tell which index this table holds (PAR, SIPAS, PAPI, PCI, …): "
                "neither the title rows nor the file name say",
                file=path,
                sheet=sheet.name,
                hint="Pass index='PAR' (or the right one) or set index in the layout.",
            )
        lay_year = lay.for_year(table_year)
        level = lay_year.level or facts.level
        framework = _framework_of_years(lay, table_index, years, level)
        codes = _code_map(lay_year.unit_codes)

        def sets(framework: Framework | None, level: str | None, index=table_index) -> _FrameworkOfYear:
            return _FrameworkOfYear(framework, lay, index, level, path, sheet.name)

        def known(name: str, codes=codes) -> bool:
            return registry.resolve(codes.get(name, name)) is not None

        def read(
            frameworks: _FrameworkOfYear,
            rows=rows,
            lay_year=lay_year,
            r0=r0,
            r1=r1,
            nxt=next_header,
            y=table_year,
            span=span,
            years=years,
            table_index=table_index,
            one_unit=unit_override or (facts.unit if facts.unit_named else None),
        ) -> Table:
            return read_table(
                rows,
                sheet.merged,
                (r0, r1),
                nxt,
                sheet=sheet.name,
                file=str(path),
                columns_map=lay_year.columns,
                unit_column=lay_year.unit_column,
                drop_rows=lay_year.drop_rows,
                match_component=_component_matcher(frameworks, years),
                maximum_of=_maximum_of(frameworks, years),
                known_unit=known,
                problems=flags.problems.keys(),
                year=y,
                hidden_cols=flags.hidden_cols,
                span=span,
                index=table_index,
                one_unit=one_unit,
            )

        try:
            table = read(sets(framework, level))
        except NoUnitsError as exc:
            lead = next((v for v in rows[r0] if v is not None), None)
            if len(tables) < 2 or header_kind(lead) != "yearcol":
                raise  # (only a table of years, "Năm | PAR INDEX | Xếp hạng", is one unit's beside others)
            # "Năm | PAR INDEX | Xếp hạng" over the province's years, above the districts' ranking
            unread.append((r0, exc))
            report.skipped_sheets.append(f"{sheet.name} (the table on row {r0 + 1}: {exc.message})")
            continue
        if framework is None and not lay_year.framework and table.shape == "wide":
            # neither the layout nor the title names the level: the units the table lists do
            # (kept only when the criteria set reads every component the codes alone found)
            level = level or _level_of_units(table, registry, codes, table_year)
            by_level = _framework_of_years(lay, table_index, years, level) if level else None
            if by_level is not None:
                again = read(by_sets := sets(by_level, level))
                if _fits(again, by_sets, years) and _components(again) >= _components(table):
                    framework, table = by_level, again
        if framework is None and level in LOCAL_LEVELS and table.shape == "wide":
            report.notes.append(
                f"sheet '{sheet.name}': a {level}-level table is scored under its province's own criteria "
                'set, and no layout names one (framework = "…"), so maxima are only those the header '
                "or the cells write"
            )
        if (
            framework is not None
            and not lay_year.framework
            and not _fits(table, sets(framework, level), years)
        ):
            report.notes.append(
                f"sheet '{sheet.name}': the columns do not match criteria set {framework.id}; "
                "components are read by their codes, without a criteria set"
            )
            framework = None
            table = read(sets(None, level))
        if part.peer_group is not None and table.shape == "wide":
            # tables side by side rank apart: each is the peer group its unit column names
            for raw in table.rows:
                raw.peer_group = raw.peer_group or part.peer_group
        if header_span and any(s.year is None for s in table.columns if s.role in {"score", "rank", "pct"}):
            # "Tổng điểm | Xếp hạng | Xếp hạng năm 2022": the plain columns' year is nowhere written
            _year_from(lay, facts, path, sheet.name)  # raises: neither the title nor the file name says
        for r, text, reason in table.dropped:
            report.dropped_rows.append((sheet.name, r + 1, text, reason))
        report.notes.extend(table.notes)
        report.warnings.extend(facts.notes)
        if not lay_year.period:
            report.warnings.extend(facts.period_notes)
        report.warnings.extend(f"sheet '{sheet.name}': {w}" for w in table.warnings)
        hidden = [raw.row + 1 for raw in table.rows if raw.row in flags.hidden_rows]
        if hidden:
            shown = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
            what = f"row {shown} is" if len(hidden) == 1 else f"rows {shown} are"
            report.warnings.append(
                f"sheet '{sheet.name}': {what} hidden in the workbook but read as unit rows; "
                "check that the hidden units belong in the table"
            )
        if facts.month is not None and not lay_year.period:
            raise InputError(
                f"the title '{' '.join(facts.text.split())[:120]}' names tháng {facts.month}, and the "
                "tidy table keeps a year's scores so far at Q1, H1, 9M, 10M, 11M or the whole year only",
                file=path,
                sheet=sheet.name,
                hint="Pass period= the scores' period (e.g. period='9M' for the year to September), or "
                "set period in the layout.",
            )
        context = {
            "path": path,
            "sheet": sheet.name,
            "index": table_index,
            "year": table_year,
            "framework": framework,
            # each year's own criteria set, for a table of several years crossing a change of set
            "frameworks": sets(framework, level),
            "layout": lay_year,
            "period": lay_year.period or facts.period or table.period or "year",
            "registry": registry,
            "codes": codes,
            "report": report,
            "empty": empty,
            "title": facts,
            # the units of July 2025 from that year on, or where the title names them ("34 tỉnh")
            "era": "2025" if table_year >= 2025 else "legacy",
            # tables stacked on the sheet (or one table cut by its header repeated on each page)
            "stacked": len({t[1] for t in tables}) > 1,
        }
        if facts.era == "2025" and table_year < 2025:
            # "… 34 TỈNH (SAU SẮP XẾP)" over the 63 provinces of before: they are what it lists
            older = [
                raw.unit
                for raw in table.rows
                if registry.resolve(name := codes.get(raw.unit, raw.unit), level="province", era="legacy")
                and not registry.resolve(name, level="province", era="2025")
            ]
            if older:
                shown = ", ".join(older[:3]) + (", …" if len(older) > 3 else "")
                report.notes.append(
                    f"sheet '{sheet.name}': the title names the units after the 2025 reorganisation, but "
                    f"the table lists provinces of before it ({shown}); the {table_year} scores are read as "
                    "theirs"
                )
            else:
                context["era"] = "2025"
                report.notes.append(
                    f"sheet '{sheet.name}': the title names the units after the 2025 reorganisation; the "
                    f"{table_year} scores are read as theirs (34 provinces, 3,321 communes)"
                )
        if table.shape == "criteria":
            unit = unit_override or facts.unit or _unit_of_sheet(sheet.name, registry)
            if unit is None:
                raise _no_unit_named(path)
            if not (unit_override or facts.unit):
                report.notes.append(
                    f"sheet '{sheet.name}': the unit, named nowhere above the table, is the sheet's"
                )
            frames.append(_criteria_frame(table, unit, context))
        else:
            made = _wide_frames(table, context)
            for frame in made:
                if isinstance(frame, Block) and not any(raw.parent for raw in table.rows):
                    # tables stacked on a sheet may rank apart (_tables_apart); communes beside their
                    # districts are ranked within them or not (_ranked_within_parents), not by table
                    frame.table = (sheet.name, r0, part.columns)
            frames.extend(made)
    if unread and not frames:
        raise unread[0][1]
    return frames


def _asked_index(lay: Layout) -> str | None:
    """The index the caller or the layout names, as the reader spells it: "PAR INDEX", "sipas " are
    PAR, SIPAS; None when none is named."""
    return (index_named(lay.index) or lay.index.strip().upper() or None) if lay.index else None


def _wanted(
    parts: list[Part], lay: Layout, sheet: str, r0: int, report: ReadReport, empty: list[tuple[str, int, str]]
) -> list[Part]:
    """The parts of a header to read, noted when there are several: all of them, or, when the
    caller names the index, the part its heading names."""
    if len(parts) < 2:
        return parts
    where = f"sheet '{sheet}': the header on row {r0 + 1}"
    if parts[0].index is None:
        report.notes.append(
            f"{where} heads {len(parts)} tables side by side (columns "
            f"{', '.join(p.columns for p in parts)}); each is read on its own"
        )
        return parts
    named = ", ".join(f"{p.index} '{p.heading}' (columns {p.columns})" for p in parts)
    for text in parts[0].left_out:
        report.notes.append(f"{where}: {text} is neither index's own and is not read")
    if not lay.index:
        report.notes.append(f"{where} heads indices side by side: {named}; each is read as its index")
        return parts
    wanted = _asked_index(lay)
    kept = [p for p in parts if p.index == wanted]
    if not kept:
        # another sheet may hold the index asked for: this one is skipped, and named if none does
        why = f"heads other indices side by side ({named}), not {wanted} (leave index= out to read each)"
        report.skipped_sheets.append(f"{sheet} (the header on row {r0 + 1} {why})")
        empty.append((sheet, r0, why))
        return []
    report.notes.append(f"{where} heads indices side by side: {named}; only {wanted} is read")
    return kept


def _workbook_index(path: Path, sheets: list) -> str | None:
    """The index the workbook's sheets name in their first rows, when they name one only."""
    found = {title_index(sheet.cells[:15], path) for sheet in sheets} - {None}
    return found.pop() if len(found) == 1 else None


def _at_cell(sheet: str, cell: object, text: str) -> str:
    """A warning located as errors are: ``sheet 'KQ 2023', cell K7: …`` (a workbook has several)."""
    return f"sheet '{sheet}', cell {cell}: {text}"


def _year_in_name(path: Path) -> int | None:
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", path.stem)
    return int(years[-1]) if years else None


def _sheet_name_year(name: str) -> int | None:
    """The year a sheet is named ("2023", "Năm 2023", "NAM_2023"), None for any other name."""
    found = re.fullmatch(
        r"\s*(?:năm|nam|kq|kết quả|ket qua)?[\s_.-]*((?:19|20)\d\d)\s*(?:\(\d\)|_\d)?\s*", name, re.IGNORECASE
    )
    return int(found.group(1)) if found else None


def _year_of_sheet(path: Path, name: str) -> int:
    """The year a sheet's name gives (``2022``, ``Năm 2022``), for layouts with ``year = "sheet"``."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name))
    if len(years) == 1:
        return int(years.pop())
    several = " (it names more than one year)" if years else ""
    raise InputError(
        f'the layout takes each sheet\'s year from its name (year = "sheet"), but the sheet name '
        f"'{name}' is not a year{several}",
        file=path,
        sheet=name,
        hint="Rename the sheet to the year it holds (e.g. 2022), or list the sheets to read in sheets=[…].",
    )


def _year_from(lay: Layout, facts, path: Path, sheet: str) -> int:
    if facts.year is not None:
        return facts.year
    title = " ".join(facts.text.split())
    shown = f"'{title[:120]}{'…' if len(title) > 120 else ''}'" if title else "(none above the header)"
    spans = f" (it names the years {facts.span[0]}–{facts.span[1]}, not one)" if facts.span else ""
    raise InputError(
        f"cannot tell which year this table is for: neither the title {shown} nor the file name "
        f"'{path.name}'{spans} names one (a title such as '… NĂM 2024', '… QUÝ III/2024' would)",
        file=path,
        sheet=sheet,
        hint="Pass year= the year assessed (e.g. year=2024), or set year in the layout.",
    )


#: Indices scored only for provinces: their tables need no level to pick a criteria set.
PROVINCE_ONLY = {"PAPI", "PCI", "SIPAS"}


#: Levels whose criteria sets each province issues for itself (domain.md §2).
LOCAL_LEVELS = frozenset({"district", "department", "commune"})


#: Indices whose components are the same at every level: SIPAS asks the same five questions of a
#: province's departments and districts as MOHA asks of the provinces (and is on a percent scale).
SAME_AT_EVERY_LEVEL = frozenset({"SIPAS"})


def _framework(lay: Layout, index: str, year: int, level: str | None) -> Framework | None:
    """The criteria set: the layout's, else the national one for the index and year (None when unsure).

    Only province-level sets are national (MOHA's PAR INDEX and SIPAS, PAPI, PCI). Each province issues
    its own PAR sets for its departments, districts and communes, with their own areas and maxima, so a
    table of those is read against a set only when its layout names one (``framework = "…"``). SIPAS
    is the exception (:data:`SAME_AT_EVERY_LEVEL`); a table whose columns do not fit it is still read by
    its codes alone.
    """
    if lay.framework:
        return get_framework(lay.framework)
    if level is None and index in PROVINCE_ONLY:
        level = "province"
    if index in SAME_AT_EVERY_LEVEL:
        level = "province"
    if level != "province":
        return None
    try:
        return framework_for(index, year, level)
    except InputError:
        return None


def _framework_of_years(lay: Layout, index: str, years: list[int], level: str | None) -> Framework | None:
    """The criteria set of the table's last year (``years`` sorted), else of the latest earlier year
    that has one (a table of 2023 and 2024 when no 2024 set is known yet)."""
    for year in reversed(years):
        framework = _framework(lay.for_year(year), index, year, level)
        if framework is not None:
            return framework
    return None


def _fits(table: Table, frameworks: _FrameworkOfYear, years: list[int]) -> bool:
    """Every component the table holds is in the criteria set of one of its years."""
    codes = {c for y in years if (framework := frameworks(y)) is not None for c in framework.codes(y)}
    if table.shape == "criteria":
        found = {item["code"] for item in table.criteria or []}
    else:
        found = {s.component for s in table.columns if s.role in {"score", "rank"} and s.component}
    # areas in words numbered by their place in the header are the set's areas only if they are all of
    # them: "Cải cách TTHC | Cải cách chế độ công vụ" alone are not areas 1 and 2
    numbered = {s.component for s in table.columns if s.numbered}
    if numbered and not any(
        len(numbered) in {len(areas), sum(framework.kind(a) not in {"bonus", "penalty"} for a in areas)}
        for y in years
        if (framework := frameworks(y)) is not None and (areas := framework.children("total", y))
    ):
        return False
    return found <= codes


def _components(table: Table) -> set[str]:
    return {s.component for s in table.columns if s.role in {"score", "rank", "pct"} and s.component}


def _level_of_units(table: Table, registry: UnitRegistry, codes: dict[str, str], year: int) -> str | None:
    """The level (province, district, …) of the units a table lists, when four in five known ones agree."""
    era = "2025" if year >= 2025 else "legacy"
    units = (registry.resolve(codes.get(raw.unit, raw.unit), era=era) for raw in table.rows)
    return clear_majority(unit.level for unit in units if unit is not None)


def _component_matcher(frameworks: _FrameworkOfYear, years: list[int]):
    """``header text → code``: by the criteria set of each of the table's years, its last year first (a
    table of several years holds columns of criteria that ended or began within them, or of another
    set). Raises InputError when the layout names a set that does not cover one of the years."""
    if frameworks.framework is None:
        return code_from_text
    per_year = [(y, fw) for y in sorted(years, reverse=True) if (fw := frameworks(y)) is not None]

    def match(text: str) -> str | None:
        for year, framework in per_year:
            code = framework.match_header(text, year)
            if code is not None:
                return code
        return None

    # the areas of the set of the table's last year, for columns in words read in the header's order
    match.area_names = next((fw.area_names(y) for y, fw in per_year), [])
    return match


def _maximum_of(frameworks: _FrameworkOfYear, years: list[int]):
    """``code → the most its column can hold``: the largest maximum any year's criteria set gives it (a
    column of several years is bounded by the largest); None when no set gives one."""
    sets = [(y, fw) for y in years if (fw := frameworks(y)) is not None]
    if not sets:
        return None

    def most(code: str) -> float | None:
        found = [m for y, fw in sets if code in fw.codes(y) and (m := fw.max_score(code, y)) == m]
        return max(found) if found else None

    return most


class _FrameworkOfYear:
    """``year → criteria set`` for the columns or rows of a table (of one year or several).

    None for every year when the table is read without a set (``framework`` None). Else the set the
    layout names for the year (``framework`` or ``[years.Y] framework``), which must cover it; else
    the table's set when it covers the year; else the national set of that year for the same index
    and level (PAPI 2017 is read under papi-2011, 2018 under papi-2018), None when there is none.
    """

    def __init__(self, framework, lay: Layout, index: str, level: str | None, path: Path, sheet: str):
        self.framework, self.lay, self.index, self.level = framework, lay, index, level
        self.path, self.sheet = path, sheet
        self.found: dict[int, Framework | None] = {}

    def __call__(self, year: int) -> Framework | None:
        if year not in self.found:
            self.found[year] = self._find(year)
        return self.found[year]

    def _find(self, year: int) -> Framework | None:
        framework = self.framework
        if framework is None:
            return None
        lay = self.lay.for_year(year)
        if not lay.framework and framework.covers(year):
            return framework
        found = _framework(lay, self.index, year, self.level)
        if found is not None and not found.covers(year):
            raise InputError(
                f"the layout reads this table under criteria set {lay.framework}, which covers "
                f"{found.years_text()}, not {year}, the year of numbers in the table",
                file=self.path,
                sheet=self.sheet,
                hint=f"Name the criteria set of {year} (framework = …, or [years.{year}] framework = … "
                "in a layout of several years), or check the year.",
            )
        return found


# sheet names that start as a unit's kind does, and are not a unit ("So sánh" is "so sanh": "Sở …")
_NOT_A_UNIT_SHEET = re.compile(r"^(?:so sanh|tong hop|chi tiet|bieu|phu luc|bang|ket qua|sheet)\b")


def _unit_of_sheet(name: str, registry: UnitRegistry) -> str | None:
    """The unit a sheet's name is ("Sở Y tế", "UBND huyện Hải Hà", "Hải Hà": one self-assessment a sheet),
    else None."""
    key = match_key(name) + " "
    if _NOT_A_UNIT_SHEET.match(key) or any(ch.isdigit() for ch in name):
        return None
    # a kind of unit as written, with its marks ("Tính điểm", "Quan trọng", "Bản in", "Số liệu" are none)
    if starts_as_a_unit(name):
        return name.strip()
    return name.strip() if registry.resolve(name) is not None else None


def _no_unit_named(path: Path) -> InputError:
    return InputError(
        "this self-assessment sheet does not name its unit: the rows above its table hold no line "
        "'Đơn vị: …', no title ending '… của UBND huyện …' and no heading such as 'UBND HUYỆN …', and "
        "the sheet's name is no unit's",
        file=path,
        hint="Pass unit='…' to read_workbook or add a line 'Đơn vị: …' above the table.",
    )


def _infer_level(
    name: str, peer_group: str | None, default: str | None, table_level: str | None = None
) -> str:
    """The level of a unit the lists do not hold: the layout's, else its bloc's ("Khối sở"), else its
    type word ("Huyện …", "Sở …", "Kho bạc …"), else the table's, else province."""
    if default:
        return default
    if peer_group:
        key = match_key(peer_group)
        for word, level in BLOC_LEVEL:
            if word in key.split():
                return level
    key = match_key(name) + " "
    for level, prefixes in LEVEL_WORDS:
        if key.startswith(prefixes) or key.startswith(tuple("ubnd " + p for p in prefixes)):
            return level
    return table_level or "province"


_PROVINCE_IN_TITLE = re.compile(
    r"\b(?:tỉnh|thành phố)\s+([^\W\d_](?:[^\W\d_]|[ -])*?)\s*(?:năm\b|$|[,;.(/]|(?=\d))", re.IGNORECASE
)
# "UBND THỊ XÃ QUẢNG YÊN", "HUYỆN TIÊN YÊN": a district heading a table of its communes
_DISTRICT_IN_TITLE = re.compile(
    r"\b(huyện|thị xã|quận|thành phố)\s+([^\W\d_](?:[^\W\d_]|[ -])*?)\s*(?:năm\b|$|[,;.(/]|(?=\d))",
    re.IGNORECASE,
)
#: The most words a province's name has ("Bà Rịa - Vũng Tàu" is five, with the dash)
PROVINCE_WORDS = 6
#: The levels a table's own level and province help resolve (departments are in no national list).
PLACE_LEVELS = ("province", "district", "commune")


# a unit followed by the district or province it is in: "Phường Ka Long (TP Móng Cái)", "Xã Tân An (huyện
# Tân Uyên)"
_PARENT_IN_NAME = re.compile(
    r"^(.+?)\s*\(\s*((?:tp\.?|thành phố|huyện|h\.|thị xã|tx\.?|quận|tỉnh)\s*\S[^()]*?)\s*\)\s*$",
    re.IGNORECASE,
)


class _Units:
    """Resolve the unit texts of one table: canonical name, code, level, with warnings once per name.

    A table lists units of one level in one province, most of the time: a name is looked up at the
    table's level in the table's province first ("Quảng Yên" in a list of communes is Phường Quảng Yên,
    not the district), and a name whose type word names the table's level is never taken for a unit of
    another level ("Thành phố Huế" in a list of districts is the district-level city, not the province).
    """

    def __init__(self, context: dict[str, Any]) -> None:
        self.registry: UnitRegistry = context["registry"]
        self.codes: dict[str, str] = context["codes"]
        self.layout: Layout = context["layout"]
        self.report: ReadReport = context["report"]
        self.sheet: str = context["sheet"]
        self.framework: Framework | None = context["framework"]
        self.era = context["era"]
        # an annual table of 2025 or later assesses the units of July 2025; a quarter or half-year of
        # 2025 may still be the old ones
        self.check_era = self.era == "2025" and context.get("period", "year") == "year"
        self.year: int = context["year"]
        self.warned_era: set[str] = set()
        self.warned_province: set[str] = set()
        self.noted_departments = False
        self.title_level: str | None = context["title"].level  # the level the title names ("… CẤP XÃ …")
        self.table: tuple[list, str] | None = None  # the table's rows and title, for its level and province
        self._province: str | bool | None = False  # False: not worked out yet
        self._level: str | bool | None = False
        self._province_source = "the other units"
        self._parents: dict[str, tuple[str, str | None]] = {}  # parent text → (province, district)

    @property
    def level(self) -> str | None:
        """The level of the table's units (worked out once): the layout's, else the one the title names
        ("… CẤP XÃ …"), else the one four in five of the names that can be of one level only are."""
        if self._level is False:
            self._level = self.layout.level or (self._settle_level(self.table[0]) if self.table else None)
        return self._level

    @property
    def province(self) -> str | None:
        """The province the units of the table lie in (worked out once, when a name needs it): the one the
        title names ("… TỈNH QUẢNG NINH"), else the one four in five of the districts and communes the
        table's names resolve to lie in."""
        if self._province is False:
            self._province = self._settle_province(*self.table) if self.table else None
        return self._province

    def _settle_level(self, rows: list) -> str | None:
        if self.title_level is not None:
            return self.title_level
        # a name that is both a district and a commune ("Quảng Yên") does not vote
        names = (self.codes.get(r.unit, r.unit) for r in rows)
        levels = (self.registry.levels(name, era=self.era) or self.registry.levels(name) for name in names)
        return clear_majority(next(iter(found)) for found in levels if len(found) == 1)

    def _settle_province(self, rows: list, title: str) -> str | None:
        named = self._title_province(title)
        if named is not None:
            self._province_source = "the title"
            return named
        level = self.level if self.level in PLACE_LEVELS else None
        units = (self._anywhere(self.codes.get(r.unit, r.unit), level, r.parent) for r in rows)
        return clear_majority(unit.province for unit in units if unit is not None and unit.province)

    def _title_province(self, title: str) -> str | None:
        """The province a title names: "… TỈNH QUẢNG NINH", "UBND TỈNH THỪA THIÊN HUẾ KẾT QUẢ …" (the
        title rows run together, so the longest run of words that is a province's name); else the
        province of the one district the heading names ("UBND THỊ XÃ QUẢNG YÊN" over its communes)."""
        for found in _PROVINCE_IN_TITLE.finditer(title):
            province = self._longest_name(found.group(1), "", "province", self.era)
            if province is not None:
                return province.name
        districts = set()
        for found in _DISTRICT_IN_TITLE.finditer(title):
            district = self._longest_name(found.group(2), found.group(1) + " ", "district", "legacy")
            if district is not None and district.province:
                districts.add(district.province)
        return districts.pop() if len(districts) == 1 else None

    def _longest_name(self, text: str, prefix: str, level: str, era: str) -> Unit | None:
        """The unit of ``level`` that the longest leading run of the words of ``text`` names, after
        ``prefix`` (its type word): the title rows run together, so the name is followed by other words.
        A province's or district's name is a few words (:data:`PROVINCE_WORDS` at most)."""
        words = text.split()[:PROVINCE_WORDS]
        for n in range(len(words), 0, -1):
            unit = self.registry.resolve(prefix + " ".join(words[:n]), level=level, era=era)
            if unit is not None:
                return unit
        return None

    def resolve(
        self, text: str, peer_group: str | None, cell: str | tuple[int, int], parent: str | None = None
    ) -> tuple[str, str | None, str]:
        """Canonical name, code and level of a unit text; ``cell`` (a reference or (row, column)) is
        named in the warning when the unit is not known, of another era or of another province."""
        raw = self.codes.get(text, text)
        unit = self._find(raw, parent)
        if unit is None and parent is None and (named := _PARENT_IN_NAME.match(raw)):
            # "Phường Ka Long (TP Móng Cái)": the commune, in the district its brackets name
            unit = self._find(named.group(1), named.group(2))
        if unit is not None:
            self._check(unit, raw, cell, parent)
            return unit.name, unit.code, unit.level
        return self._unknown(raw, peer_group, cell)

    def _find(self, raw: str, parent: str | None) -> Unit | None:
        """The unit a name means in this table: at the table's level in its province first."""
        level = self.level if self.level in PLACE_LEVELS else None
        parent = parent if parent and self._parent(parent) != (None, None) else None
        if level is None:
            # a parent column's province, or a district ("Huyện Vân Đồn" over a commune's heading)
            unit = self._anywhere(raw, None, *self._parent(parent)) if parent else self._anywhere(raw, None)
            if unit is None and parent is None and self.province is not None:
                # "Xã Tiên Yên" is one of several communes of that name; the table's province tells which
                unit = self.registry.resolve(raw, province=self.province, era=self.era)
            return unit
        province, district = self._parent(parent) if parent else (None, None)
        province = province or (self.province if level != "province" else None)
        unit = self._anywhere(raw, level, province, district)
        if unit is None and parent is None and province is not None:
            unit = self._anywhere(raw, level, None)  # a unit of another province: warned about
        if unit is not None or level in named_levels(raw):
            return unit
        # a name of another level ("Tỉnh Quảng Ninh" in a list of districts), in the table's province
        return self._anywhere(raw, None, province, district)

    def _parent(self, parent: str) -> tuple[str | None, str | None]:
        """The province and district a parent column's text names: "Quảng Ninh" is a province; "Huyện
        Lệ Thủy" over its communes is a district (of its province), not a province."""
        if parent not in self._parents:
            province = self._anywhere(parent, "province")
            # a parent naming no place the list holds ("HUYỆN MIỀN NÚI", a district abolished): none
            found = (parent, None) if province is not None else (None, None)
            # "THÀNH PHỐ THANH HÓA" over its wards, before July 2025: the city, not the province
            city = self.era == "legacy" and match_key(parent).startswith(("thanh pho ", "thi xa "))
            if city or province is None:
                district = self.registry.resolve(
                    parent, level="district", province=self.province, era="legacy"
                )
                if district is not None and district.province:
                    found = (district.province, district.name)
            self._parents[parent] = found
        return self._parents[parent]

    def _anywhere(
        self, raw: str, level: str | None, province: str | None = None, district: str | None = None
    ) -> Unit | None:
        """The unit of the table's era, else of the other era (warned about in an annual 2025 table)."""
        unit = self.registry.resolve(raw, level=level, province=province, district=district, era=self.era)
        if unit is None:
            unit = self.registry.resolve(raw, level=level, province=province, district=district)
        return unit

    def _check(self, unit: Unit, raw: str, cell: str | tuple[int, int], parent: str | None) -> None:
        """Warn, once per name, about a unit of before July 2025 in an annual table of 2025 or later, and
        about a district or commune of another province than the table's."""
        if self.check_era and not unit.in_era("2025") and unit.name not in self.warned_era:
            self.warned_era.add(unit.name)
            self._warn(
                cell,
                f"'{raw}' is a unit of before July 2025 ({unit.level} {unit.name}, merged or "
                f"abolished in the reorganisation), in a table of {self.year}; kept under its old "
                "name: check the year, or map it with cchc.to_2025",
            )
        if (
            parent is None
            and unit.level in ("district", "commune")
            and unit.in_era(self.era)
            and unit.name not in self.warned_province
            and self.province is not None
            and unit.province != self.province
        ):
            self.warned_province.add(unit.name)
            self._warn(
                cell,
                f"'{raw}' is a {unit.level} of {unit.province} ({unit.name}), but the table's units lie in "
                f"{self.province} (from {self._province_source}); kept as {unit.name} of {unit.province}: "
                "check the name",
            )
        if (
            self.level in PLACE_LEVELS
            and unit.level in PLACE_LEVELS
            and unit.level != self.level
            and not named_levels(raw)
            and unit.name not in self.warned_province
        ):
            # "Quảng Yên" in a list of communes whose province is unknown: the only unit of that name is
            # the district (several communes share it, or the list lacks it)
            self.warned_province.add(unit.name)
            where = f" of {unit.province}" if unit.province else ""
            self._warn(
                cell,
                f"'{raw}' is read as the {unit.level} {unit.name}{where}, but the table lists "
                f"{self.level}s; check the name, or write its type word (e.g. 'Xã …', 'Phường …')",
            )

    def _unknown(
        self, raw: str, peer_group: str | None, cell: str | tuple[int, int]
    ) -> tuple[str, None, str]:
        """A name no list holds: kept with the level its words, bloc or table give, with a warning (a
        note for the table's departments, which no national list holds)."""
        level_hint = self.layout.level
        fallback = self.framework.level if self.framework is not None else None
        level = _infer_level(raw, peer_group, level_hint or None, self.level)
        if level == "province" and fallback and not level_hint and fallback != "province":
            level = fallback
        name = self._kept_name(raw, level)
        if level in ("department", "ministry"):
            if not self.noted_departments:
                self.noted_departments = True
                what = "department" if level == "department" else "ministry"
                self.report.notes.append(
                    f"sheet '{self.sheet}': {what} names such as '{name}' are kept as written "
                    f"({what} names are in no national unit list; the source's units.csv can give them "
                    "codes and other spellings)"
                )
            return name, None, level
        local = level in ("district", "commune")
        where = self.province if local else None
        several = self.registry.candidates(raw, level=level if local else None, province=where, era=self.era)
        if len(several) > 1:
            places = sorted({f"{u.district + ', ' if u.district else ''}{u.province}" for u in several})
            self._warn(
                cell,
                f"unit '{raw}' names {len(several)} units ({'; '.join(places[:6])}"
                f"{', …' if len(places) > 6 else ''}); kept as '{name}' with no code. A heading naming the "
                "province or district ('UBND TỈNH …' above the title, '…, TỈNH …' after the unit), a "
                "parent column or unit= tells which.",
            )
            return name, None, level
        suggestions = self.registry.suggest(
            raw, level=level if local and where else None, province=where, n=3
        )
        hint = f" (closest known: {', '.join(suggestions)})" if suggestions else ""
        abolished = (
            f" It may be a {level} abolished or merged before July 2025, which the unit list does not hold."
            if local
            else ""
        )
        self._warn(
            cell,
            f"unit '{raw}' is not in the unit list; kept as '{name}'{hint}.{abolished} "
            "Add it to the source's units.csv if it is a real unit.",
        )
        return name, None, level

    def _kept_name(self, raw: str, level: str) -> str:
        """An unknown name without its type word, unless the bare name is another unit's: "Thành phố Huế"
        stays whole, as "Huế" is the province. A name written with an abbreviated type word is kept as
        written ("P. Nội vụ" is the district's office, not a ward: no list holds it)."""
        written = clean_name(raw)
        if expand_abbreviation(written) != written:
            return written  # "P. Nội vụ" of a district's offices is no "Phường …": kept as written
        name = strip_unit_prefix(raw, level)
        if level in ("province", "district") and self.registry.resolve(name) is not None:
            return strip_unit_prefix(raw, level, keep_type=True)
        return name

    def _warn(self, cell: str | tuple[int, int], text: str) -> None:
        where = a1(*cell) if isinstance(cell, tuple) else cell
        self.report.warnings.append(_at_cell(self.sheet, where, text))


def _peer_group_for(context: dict[str, Any], bloc: str | None, level: str, n_units: int, unit: str) -> str:
    lay: Layout = context["layout"]
    if lay.peer_group:
        return lay.peer_group
    groups = _peer_groups(lay.units)
    if match_key(unit) in groups:
        return groups[match_key(unit)]
    if bloc:
        return bloc
    if level == "province":
        return "34 tỉnh, thành phố" if context["era"] == "2025" else "63 tỉnh, thành phố"
    return ALL_UNITS


#: The peer group of units no bloc, layout or level names: every unit of the table.
ALL_UNITS = "Tất cả đơn vị"
#: The peer group of each level, where sheets of one level each would otherwise pool in :data:`ALL_UNITS`.
LEVEL_GROUPS = {
    "department": "Sở, ban, ngành",
    "district": "Huyện, thị xã, thành phố",
    "commune": "Xã, phường, thị trấn",
    "ministry": "Bộ, cơ quan ngang bộ",
}


def _sheets_apart(tidy: pd.DataFrame) -> pd.DataFrame | None:
    """The table with each sheet's units a peer group named after the sheet, when sheets of units of one
    level each rank theirs from 1 (one sheet per district, its communes ranked apart: a rank given in
    two sheets for the same total) and no bloc is named; None when nothing is to change."""
    pooled = (tidy["peer_group"] == ALL_UNITS).to_numpy()
    if not pooled.any():
        return None
    rows = tidy.loc[pooled & (tidy["component"] == "total").to_numpy()]
    rows = rows[rows["rank_published"].notna()]
    if rows["source_sheet"].nunique() < 2 or rows["level"].nunique() > 1:
        return None
    keys = ["index", "year", "period", "stage", "rank_published"]
    if not (rows.groupby(keys, observed=True)["source_sheet"].nunique() > 1).any():
        return None  # one ranking printed over several sheets
    out = tidy.copy()
    groups = out["peer_group"].astype(object).to_numpy(copy=True)
    groups[pooled] = out.loc[pooled, "source_sheet"].astype(str).to_numpy()
    out["peer_group"] = groups
    return out


def _tables_apart(
    frames: list[Block | pd.DataFrame], tidy: pd.DataFrame
) -> tuple[np.ndarray | None, list[str]]:
    """Which ranking each row of ``tidy`` is in, as printed: its sheet, or, on a sheet whose tables are
    stacked one under another and each rank their units from 1 (every table of it that ranks starts at
    rank 1, with no bloc named), its sheet and table. Returns that per row (None when it is the sheet
    throughout), and the names of such sheets."""
    sizes = [f.size if isinstance(f, Block) else len(f) for f in frames]
    tags = [f.table if isinstance(f, Block) and f.table else None for f in frames]
    tables_of = Counter(sheet for sheet, *_ in {t for t in tags if t is not None})
    if not any(n > 1 for n in tables_of.values()):
        return None, []  # (a table a sheet: the sheet is its ranking)
    table_of = np.repeat(np.array([i if t is not None else -1 for i, t in enumerate(tags)]), sizes)
    first = {}  # each table's first block stands for it (a table read year by year gives several)
    ids = np.array([first.setdefault(t, i) if t is not None else -1 for i, t in enumerate(tags)])[table_of]
    ranked = (
        (tidy["peer_group"] == ALL_UNITS).to_numpy()
        & (tidy["component"] == "total").to_numpy()
        & tidy["rank_published"].notna().to_numpy()
        & (ids >= 0)
    )
    if not ranked.any():
        return None, []
    keys = ["source_sheet", "index", "year", "period", "stage"]
    rows = tidy.loc[ranked, [*keys, "unit", "rank_published"]].assign(table=ids[ranked])
    # (ranks running on from one table to the next, "1 … 15 | 16 … 30", or "1, 2, 3 | 3, 5" tied across
    # the break, are one ranking printed in two: a table of it starts after rank 1)
    first_rank = rows.groupby([*keys, "table"], observed=True, dropna=False)["rank_published"].min()
    by_scope = (first_rank == 1).groupby(level=keys, observed=True, dropna=False).agg(["all", "size"])
    # (a table listing the units of another again, a summary of all or last year's, ranks no others)
    again = rows.groupby([*keys, "unit"], observed=True, dropna=False)["table"].nunique()
    repeated = again[again > 1].index.droplevel("unit").unique()
    by_scope = by_scope[~by_scope.index.isin(repeated)]
    apart_scopes = by_scope[by_scope["all"] & (by_scope["size"] > 1)]
    stacked = list(dict.fromkeys(apart_scopes.index.get_level_values("source_sheet").astype(str)))
    if not stacked:
        return None, []
    sheets = tidy["source_sheet"].astype(object).to_numpy()
    out = sheets.copy()
    apart = np.isin(sheets.astype(str), stacked) & (ids >= 0)
    out[apart] = [f"{sheet}\x00{i}" for sheet, i in zip(sheets[apart], ids[apart], strict=True)]
    return out, stacked


def _levels_apart(tidy: pd.DataFrame, tables: np.ndarray | None) -> pd.DataFrame | None:
    """The table with the units of :data:`ALL_UNITS` put in a peer group per level, when they are of
    several levels and each ranking holds one (Thanh Hóa 2023: "Phụ lục I" the departments, "Phụ lục II"
    the districts, each ranked from 1, titled without "KHỐI"; or the two tables stacked on one sheet);
    None when nothing is to change. ``tables``: each row's ranking (:func:`_tables_apart`; None: its
    sheet). A ranking that mixes levels is one as printed, and is left alone."""
    pooled = (tidy["peer_group"] == ALL_UNITS).to_numpy()
    if not pooled.any():
        return None
    rows = tidy.loc[pooled, ["source_sheet", "level"]]
    rows = (
        rows.rename(columns={"source_sheet": "table"})
        if tables is None
        else rows.assign(table=tables[pooled])
    )
    if rows["level"].nunique() < 2 or (rows.groupby("table")["level"].nunique() > 1).any():
        return None
    if tables is not None and (rows.groupby("level")["table"].nunique() > 1).any():
        return None  # two tables of one level, each ranked from 1: no level's name tells them apart
    out = tidy.copy()
    groups = out["peer_group"].astype(object).to_numpy(copy=True)
    groups[pooled] = rows["level"].map(LEVEL_GROUPS).fillna(ALL_UNITS).to_numpy()
    out["peer_group"] = groups
    return out


def _wide_frames(table: Table, context: dict[str, Any]) -> list[Block | pd.DataFrame]:
    """The blocks of a units-as-rows table; one with a "Năm" column (a row per unit and year) is read
    year by year, each year's rows as a table of their own."""
    years = sorted({raw.year for raw in table.rows if raw.year is not None})
    if not years:
        return _wide_frame(table, context)
    missing = [raw.row + 1 for raw in table.rows if raw.year is None]
    if missing:
        raise InputError(
            f"the table gives each row's year in a 'Năm' column, but row {missing[0]} has none",
            file=context["path"],
            sheet=table.sheet,
            cell=f"row {missing[0]}",
            hint="Write the year (e.g. 2023) in the 'Năm' column of every row.",
        )
    context["report"].notes.append(
        f"sheet '{table.sheet}': each row is read at the year of its 'Năm' column "
        f"({', '.join(map(str, years))})"
    )
    report = context["report"]
    lists = (report.notes, report.extra_columns, report.missing_components)
    firsts = [len(found) for found in lists]
    out: list[Block | pd.DataFrame] = []
    for year in years:
        picked = [i for i, raw in enumerate(table.rows) if raw.year == year]
        framework = context["frameworks"](year)
        each = {**context, "year": year, "framework": framework, "several_years": True}
        out.extend(_wide_frame(_rows_of(table, picked), each))
    for found, first in zip(lists, firsts, strict=True):
        found[first:] = dict.fromkeys(found[first:])  # about the table, once (not once a year)
    return out


def _rows_of(table: Table, picked: list[int]) -> Table:
    """The table with only its rows ``picked`` (indices into ``table.rows``)."""
    idx = np.asarray(picked, dtype=np.intp)
    return replace(
        table,
        rows=[table.rows[i] for i in picked],
        values={c: v[idx] for c, v in table.values.items()},
        maxima={c: v[idx] for c, v in table.maxima.items()},
        ranks={c: ([r[i] for i in picked], [o[i] for i in picked]) for c, (r, o) in table.ranks.items()},
    )


def _wide_frame(table: Table, context: dict[str, Any]) -> list[Block | pd.DataFrame]:
    path: Path = context["path"]
    framework: Framework | None = context["framework"]
    year: int = context["year"]
    report: ReadReport = context["report"]
    units = _Units(context)
    n = len(table.rows)
    if n == 0:
        report.warnings.append(f"sheet '{table.sheet}': the table has a header but no unit rows")
        context["empty"].append((table.sheet, table.header_row, "has no unit rows below it"))
        return [pd.DataFrame(columns=COLUMNS)]
    unit_col = _unit_col(table)
    units.table = (table.rows, context["title"].text)
    resolved = [units.resolve(r.unit, r.peer_group, (r.row, unit_col), r.parent) for r in table.rows]
    names = _disambiguate([u[0] for u in resolved], table, units)
    levels = [u[2] for u in resolved]
    blocs = [raw.peer_group for raw in table.rows]
    if _one_ranking(table, blocs, year):
        context["report"].notes.append(
            f"sheet '{table.sheet}': the groups {', '.join(repr(b) for b in dict.fromkeys(blocs) if b)} "
            "are bands of one ranking (no rank is in two of them: its ranks run on from group to group, "
            "or across them), not peer groups"
        )
        blocs = [table.bloc] * n  # the sheet's own bloc ("… - KHỐI HUYỆN"), if it names one
    if (
        len(set(blocs)) == 1  # no bloc, or the title's for all ("… - KHỐI XÃ, PHƯỜNG, THỊ TRẤN")
        and not context["stacked"]  # (a page's header repeated may cut a district in two)
        and (parents := _ranked_within_parents(table, year)) is not None
    ):
        # "Huyện | Xã | Tổng điểm | Xếp hạng", each district's communes ranked from 1: its own peer group
        named = list(dict.fromkeys(parents))
        context["report"].notes.append(
            f"sheet '{table.sheet}': the ranks start again from 1 at each of "
            f"{', '.join(map(repr, named[:5]))}{', …' if len(named) > 5 else ''}, named in a column beside "
            "the units: each is a peer group of its own, named after it"
        )
        blocs = parents
    peer_groups = [
        _peer_group_for(context, bloc, lv, n, nm) for bloc, lv, nm in zip(blocs, levels, names, strict=True)
    ]
    _check_duplicates(table, names, peer_groups, path)
    _warn_ranks_restarting(table, peer_groups, year, report)

    score_cols = [s for s in table.columns if s.role == "score"]
    # a rank column ranks its component in its year (a table of several years ranks each), under the
    # criteria set of that year
    rank_by_year = {(s.component, s.year or year): s.col for s in table.columns if s.role == "rank"}
    framework_of = context["frameworks"]  # None for every year when the table has no criteria set
    pct_cols = [s for s in table.columns if s.role == "pct"]
    total_years = {s.year or year for s in score_cols if s.component == "total"}
    percent = score_cols if framework is not None and framework.scale == "percent" else []
    _fractions_to_percent(table, [*percent, *pct_cols], report)
    # "KẾT QUẢ TỰ ĐÁNH GIÁ CHỈ SỐ CCHC …": units' own scores, not the published results
    table_stage = context["layout"].stage or context["title"].stage or "published"
    # the caller's stage= wins over "Điểm tự đánh giá" heading every score (not over stages side by side)
    layout_stage = context["layout"].stage and all(s.stage == "self" for s in score_cols)
    ranked = _ranked_stage(score_cols, year)
    _maxima_from_column(table, score_cols, year, report)
    pieces = []
    for spec in score_cols:
        code = spec.component
        y = spec.year or year
        fw = framework_of(y)
        if fw is not None and code != "total" and code not in fw.codes(y):
            if np.isnan(table.values[spec.col]).all():
                # a criterion of another year, nothing written in this year's rows (a table of several
                # years in one shape): no data left out, as for such a column in a table of one year
                continue
            report.warnings.append(
                f"column '{spec.label}' ({a1(table.header_row, spec.col)}): component {code} is not in "
                f"framework {fw.id} for {y}; not read"
            )
            continue
        values = table.values[spec.col]
        rank_col = rank_by_year.get((code, y))
        ranks = {code: rank_col} if ranked.get((code, y)) == spec.stage and rank_col is not None else {}
        piece = _component_piece(table, spec.col, code, values, spec, ranks, context, fw, y)
        piece.stage, piece.year = table_stage if layout_stage else spec.stage or table_stage, y
        pieces.append(piece)
    pct_of_year = _percentage_of_year(
        [s for s in pct_cols if s.component in (None, "total")], year, total_years, context["index"]
    )
    scored = {(p.code, p.year) for p in pieces}
    for spec in pct_cols:
        y = spec.year or year
        if spec.component in (None, "total") and pct_of_year.get(y) is not spec:
            # "Cải cách TTHC (%)" beside the index's percentage: an area's, which no criteria set names
            report.extra_columns.append(_column_entry(table, spec.col, spec.label))
        elif spec.component not in (None, "total"):
            fw = framework_of(y)
            if fw is None or fw.scale != "percent" or (spec.component, y) in scored:
                report.extra_columns.append(_column_entry(table, spec.col, spec.label))
                continue
            parts = [t for part in spec.label.split(" / ") for t in (part, *bilingual_parts(part))]
            if not any(fw.match_header(part, y) == spec.component for part in parts):
                # SIPAS's five elements of 2021 beside 2022's: named by 2017's set, no aspect of 2022's
                report.extra_columns.append(_column_entry(table, spec.col, spec.label))
                report.notes.append(
                    f"sheet '{table.sheet}': column {a1(table.header_row, spec.col)} '{spec.label}' names no "
                    f"component of {fw.id}, the criteria set of {y}; not read"
                )
                continue
            # SIPAS's elements each over "Tỷ lệ (%) | Xếp hạng": on a percent scale the share is the score
            rank_col = rank_by_year.get((spec.component, y))
            ranks = {spec.component: rank_col} if rank_col is not None else {}
            piece = _component_piece(
                table, spec.col, spec.component, table.values[spec.col], spec, ranks, context, fw, y, 100.0
            )
            piece.stage, piece.year = table_stage, y
            pieces.append(piece)
    for y, pct_spec in pct_of_year.items():
        pct = table.values[pct_spec.col]
        fw = framework_of(y)
        if y in total_years:
            totals = [p for p in pieces if p.stage == table_stage and p.year == y]
            part = _points_under_index(table, pct_spec, pct, totals, context["index"], fw, y)
            if part is None:
                if fw is not None:
                    _check_pct(table, pct_spec, pct, totals, fw, y, report)
                else:
                    _maxima_from_pct(table, pct_spec, pct, totals, report)
                continue
            # "Điểm đạt được | Điểm điều tra XHH | Chỉ số CCHC (%)": the points are the appraised part
            pieces.remove(part)
            label = next(s.label for s in table.columns if col_letters(s.col) == part.letter)
            report.notes.append(
                f"sheet '{table.sheet}': column {part.letter} '{label}' is not the total: its points are "
                f"below the index in column {col_letters(pct_spec.col)} '{pct_spec.label}' and are no share "
                "of one maximum; the index is read as the total and the points are not read"
            )
            report.extra_columns.append(_column_entry(table, col_number(part.letter) - 1, label))
        # no total score that year: the percentage is the total, ranked by that year's rank column
        rank_col = rank_by_year.get(("total", y))
        ranks = {"total": rank_col} if rank_col is not None else {}
        piece = _component_piece(table, pct_spec.col, "total", pct, pct_spec, ranks, context, fw, y, 100.0)
        piece.stage, piece.year = table_stage, y
        pieces.append(piece)
    if not pct_cols and not total_years and any(code == "total" for code, _ in rank_by_year):
        report.warnings.append(
            f"sheet '{table.sheet}': a rank column but no total score column; ranks not kept"
        )
    if not pieces:
        seen = ", ".join(repr(s.label) for s in table.columns if s.label)
        why = f"has no score column the reader recognises (its columns: {seen})"
        context["empty"].append((table.sheet, table.header_row, why))
        return [pd.DataFrame(columns=COLUMNS)]
    seen: dict[tuple[str, str, int], _Piece] = {}
    kept = []
    labels = {col_letters(s.col): s.label for s in table.columns}
    for piece in pieces:
        key = (piece.code, piece.stage, piece.year)
        if key not in seen:
            seen[key] = piece
            kept.append(piece)
            continue
        first = seen[key]
        if _index_beside_part(first, piece, labels, context["index"]):
            # "Điểm đạt được | Điểm đánh giá tác động … | Chỉ số CCHC": the points are the appraised part
            at = np.flatnonzero(~np.isnan(first.values) & ~np.isnan(piece.values))[0]
            report.notes.append(
                f"sheet '{table.sheet}': column {first.letter} '{labels[first.letter]}' is not the total: "
                f"its points differ from the index in column {piece.letter} '{labels[piece.letter]}' "
                f"({first.values[at]:g} against {piece.values[at]:g} on row {table.rows[at].row + 1}); "
                f"the index is read as the total and column {first.letter} is not read"
            )
            report.extra_columns.append(
                _column_entry(table, col_number(first.letter) - 1, labels[first.letter])
            )
            kept[next(i for i, p in enumerate(kept) if p is first)] = seen[key] = piece
            continue
        why = _final_total(first, piece, labels) if piece.code == "total" else None
        if why:
            # "Điểm đạt được | Điểm điều tra XHH | Tổng điểm", "… | Điểm bị trừ | Điểm sau khi trừ": the
            # points before what is added or taken off are a part, the later column the unit's total
            report.notes.append(
                f"sheet '{table.sheet}': column {first.letter} '{labels[first.letter]}' is not the total: "
                f"column {piece.letter} '{labels[piece.letter]}' is ({why}); column {first.letter} is not "
                "read"
            )
            report.extra_columns.append(
                _column_entry(table, col_number(first.letter) - 1, labels[first.letter])
            )
            if np.isnan(piece.ranks).all():
                piece.ranks = first.ranks
            kept[next(i for i, p in enumerate(kept) if p is first)] = seen[key] = piece
            continue
        report.warnings.append(
            f"sheet '{table.sheet}': columns {first.letter} and {piece.letter} both hold component "
            f"{piece.code}; column {first.letter} is kept"
        )
    by_stage: dict[str, list[_Piece]] = {}
    by_group: dict[tuple[str, int], list[_Piece]] = {}  # one block per stage and year
    for piece in kept:
        by_stage.setdefault(piece.stage, []).append(piece)
        by_group.setdefault((piece.stage, piece.year), []).append(piece)
    if len(by_stage) > 1:
        report.notes.append(
            f"sheet '{table.sheet}': the header gives scores at "
            + ", ".join(
                f"stage {stage} (column{'s' if len(group) > 1 else ''} {', '.join(p.letter for p in group)})"
                for stage, group in by_stage.items()
            )
            + "; each is read at its stage"
        )
    years = sorted({piece.year for piece in kept})
    if len(years) > 1:
        report.notes.append(
            f"sheet '{table.sheet}': the table gives the years {', '.join(map(str, years))}; each column "
            "is read at the year its header names"
        )
    _report_columns(table, framework_of, year, report, context.get("several_years", False))
    blocks = []
    for (stage, group_year), group in by_group.items():
        group_framework = framework_of(group_year)
        if group_framework is not None:
            _check_sums(
                {p.code: (p.values, p.letter) for p in group},
                [raw.row + 1 for raw in table.rows],
                group_framework,
                group_year,
                report,
                table.sheet,
            )
        blocks.append(
            stack_block(
                {
                    "component": [p.code for p in group],
                    "component_name": [p.name for p in group],
                    "letter": [p.letter for p in group],
                },
                {
                    "unit": names,
                    "unit_code": [u[1] for u in resolved],
                    "level": levels,
                    "peer_group": peer_groups,
                    "row": [str(raw.row + 1) for raw in table.rows],
                },
                {
                    "score": np.concatenate([p.values for p in group]),
                    "max_score": np.concatenate([p.maxima for p in group]),
                    "rank_published": np.concatenate([p.ranks for p in group]),
                },
                {
                    "index": context["index"],
                    "framework": group_framework.id if group_framework is not None else SHEET_NONE,
                    "year": group_year,
                    "period": context["period"],
                    "stage": stage,
                    "source_file": str(path),
                    "source_sheet": table.sheet,
                },
                n,
            )
        )
    return blocks


#: The stage a table's rank column ranks, when its header gives a component's score at several stages.
RANKED_STAGES = (None, "appraised", "self", "estimate")


#: A percentage column's label that names no part of the index: "Tỷ lệ (%)", "Chỉ số (%)", "Tỷ lệ đạt".
_PLAIN_PERCENT = re.compile(
    r"^(?:ty le|chi so|ket qua|ket qua chi so)?(?: diem)?(?: dat(?: duoc)?)?(?: nam)?$"
)


def _percentage_of_year(pct_cols: list, year: int, total_years: set[int], index: str) -> dict[int, Any]:
    """Each year's percentage of the total, of its percentage columns: the one naming the index ("PAR
    INDEX 2023 (%)"), else a plain one ("Tỷ lệ (%)"), else the only one. Of several naming parts ("Đất
    đai (%) | Hộ tịch (%)" beside the total's points) none is the total's; with no total's points, the
    last is (the index printed after its parts)."""
    out: dict[int, Any] = {}
    by_year: dict[int, list] = {}
    for spec in pct_cols:
        by_year.setdefault(spec.year or year, []).append(spec)
    for y, specs in by_year.items():
        plain = [
            s
            for s in specs
            if _PLAIN_PERCENT.match(YEAR_ANY.sub("", match_key(s.label).replace("%", "")).strip())
        ]
        named = [s for s in specs if index_named(_lowest(s.label)) == index]  # not another index's
        if named or plain:
            out[y] = (named or plain)[0]
        elif len(specs) == 1:
            out[y] = specs[0]
        elif y not in total_years:
            out[y] = specs[-1]
    return out


def _maxima_from_column(table: Table, score_cols: list, year: int, report: ReadReport) -> None:
    """Each unit's own maximum from an "Điểm tối đa" column beside its points (98, 100, 96,5 where some
    criteria do not apply to every commune), as a cell's "51,39/66,5" gives it: it wins over the set's."""
    columns = [s for s in table.columns if s.role == "max" and s.col in table.values]
    for spec in columns:
        code, y = spec.component or "total", spec.year or year
        targets = [s for s in score_cols if s.component == code and (s.year or year) == y]
        if not targets:
            continue
        if period_in(spec.label) not in (None, "year") and any(
            o is not spec and (o.component or "total", o.year or year) == (code, y) for o in columns
        ):
            # "Điểm tối đa cả năm | Điểm tối đa 9 tháng": max_score is the criteria's (the year's); the
            # most a unit could reach by September is no maximum of theirs
            report.notes.append(
                f"sheet '{table.sheet}': column {col_letters(spec.col)} '{spec.label}' is the most the units "
                f"could reach so far, not the maximum of {code} (the year's, beside it); not read"
            )
            continue
        column = table.values[spec.col]
        for target in targets:  # every stage's points ("Điểm tự đánh giá | Dự kiến điểm cả năm")
            written = table.maxima.get(target.col)
            table.maxima[target.col] = (
                column if written is None else np.where(np.isnan(written), column, written)
            )
        report.notes.append(
            f"sheet '{table.sheet}': each unit's maximum for {code} is read from column "
            f"{col_letters(spec.col)} '{spec.label}'"
        )


def _ranked_stage(score_cols: list, year: int) -> dict[tuple[str | None, int], str | None]:
    """Per component and year (a column's own, else ``year``), the stage whose score column gets the
    rank: the table's own stage if a column names none, else the appraisal, the self-assessment, the
    estimate (the rank follows the final score)."""
    out: dict[tuple[str | None, int], str | None] = {}
    for spec in sorted(score_cols, key=lambda s: RANKED_STAGES.index(s.stage), reverse=True):
        out[(spec.component, spec.year or year)] = spec.stage  # the most final stage is written last
    return out


def _fractions_to_percent(table: Table, specs: list, report: ReadReport) -> None:
    """Read percentage columns held as Excel percentages (86,02% is the number 0.8602) as percentages.

    A column on a percent scale whose numbers all lie between 0 and 1, some strictly between, is such a
    column: no unit scores under 1 %. Its numbers are multiplied by 100, and a note says so.
    """
    for spec in specs:
        values = table.values.get(spec.col)
        if values is None:
            continue
        known = values[~np.isnan(values)]
        if known.size and known.min() >= 0 and known.max() <= 1 and ((known > 0) & (known < 1)).any():
            table.values[spec.col] = np.round(values * 100, 10)  # 0.8592 * 100 is 85.92000000000002
            report.notes.append(
                f"sheet '{table.sheet}': column {a1(table.header_row, spec.col)} '{spec.label}' holds "
                f"fractions such as {known[0]:g}, the way Excel stores a percentage "
                f"({known[0] * 100:.2f}% on screen); read as percentages"
            )


def _one_ranking(table: Table, blocs: list[str | None], year: int) -> bool:
    """Whether the groups the rows sit in ("NHÓM A: Chỉ số từ 90% trở lên" | "NHÓM B: …") are bands of one
    ranking rather than peer groups: two groups or more hold ranks of the total, and no rank appears in
    two groups (peer groups each rank from 1; the bands of one ranking run on: 1, 2 … then 8, 9 …)."""
    if len(set(blocs) - {None}) < 2:
        return False
    col = next(
        (
            s.col
            for s in table.columns
            if s.role == "rank" and s.component == "total" and (s.year or year) == year
        ),
        None,
    )
    if col is None:
        return False
    ranks_of: dict[str | None, set[int]] = {}
    for bloc, rank in zip(blocs, table.ranks[col][0], strict=True):
        if rank is not None:
            ranks_of.setdefault(bloc, set()).add(rank)
    return len(ranks_of) > 1 and not ranks_meet(list(ranks_of.values()))


def _lowest(label: str) -> str:
    """A column's own label, under the groups over it: "Năm 2020 / Chỉ số CCHC" is "Chỉ số CCHC"."""
    return label.rsplit(" / ", 1)[-1]


def _final_total(first: _Piece, later: _Piece, labels: dict[str, str]) -> str | None:
    """Why ``later``, a second total column to the right of ``first``, is the unit's total and ``first``
    a part of it; None when it is not shown to be (the first is kept, with a warning).

    The ranks are worked out from the final score: the column whose order agrees with them is the total
    (a unit ranked third above the second on "Điểm đạt được" was read before 2 points were taken off).
    When both agree, a later column that names the final score ("Tổng điểm", "Điểm sau khi trừ", "Điểm
    chính thức") is, beside points that do not ("Điểm đạt được", before the survey's or the bonus)."""
    ranks = first.ranks if not np.isnan(first.ranks).all() else later.ranks
    if not np.isnan(ranks).all():
        out_of_order = [_against_ranks(p.values, ranks) for p in (first, later)]
        if out_of_order[1] < out_of_order[0]:
            return "its order agrees with the ranks"
        if out_of_order[0] < out_of_order[1]:
            return None
    named, other = (match_key(_lowest(labels[p.letter])) for p in (later, first))
    if any(w in named for w in ("sau khi tru", "sau tru", "chinh thuc", "cuoi cung")):
        return "it names the final score"  # beside "Tổng điểm" too: "Tổng điểm | Điểm trừ | Điểm chính thức"
    totalled = named.startswith(("tong diem", "tong cong", "tong so diem"))
    return "it names the final score" if totalled and not other.startswith(("tong", "total")) else None


def _against_ranks(values: np.ndarray, ranks: np.ndarray) -> int:
    """How many times a unit ranked after another has the higher score (0: the ranks follow the scores)."""
    both = ~np.isnan(values) & ~np.isnan(ranks)
    by_rank = values[both][np.argsort(ranks[both], kind="stable")]
    return int((np.diff(by_rank) > 1e-9).sum())


def _index_beside_part(first: _Piece, other: _Piece, labels: dict[str, str], index: str) -> bool:
    """Whether ``other``, a second total column, is the table's index as published ("Chỉ số CCHC") and
    ``first`` points below it in every row (the appraised part, "Điểm đạt được"), not a second copy of
    the total ("Tổng điểm" beside "Chỉ số CCHC (%)" of a set of 100 points, the same rounded) nor
    another index's ("Chỉ số SIPAS" beside a PAR table's points)."""
    both = ~np.isnan(first.values) & ~np.isnan(other.values)
    return (
        first.code == "total"
        and both.any()
        and index_named(_lowest(labels[other.letter])) == index
        and index_named(_lowest(labels[first.letter])) is None
        and not match_key(_lowest(labels[first.letter])).startswith(("tong", "total"))
        and bool((first.values[both] < other.values[both] - 0.5).all())
    )


def _disambiguate(names: list[str], table: Table, units: _Units) -> list[str]:
    """Same-named units in different provinces get the province added: "Xã Hòa An (Cao Bằng)"."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    if all(n == 1 for n in counts.values()):
        return names
    out = []
    for name, raw in zip(names, table.rows, strict=True):
        if counts[name] > 1 and raw.parent:
            parent = units.registry.resolve(raw.parent, level="province", era=units.era)
            out.append(f"{name} ({parent.name if parent else raw.parent})")
        else:
            out.append(name)
    return out


def _warn_ranks_restarting(table: Table, peer_groups: list[str], year: int, report: ReadReport) -> None:
    """Warn when the total's ranks, printed in order, start again from 1 within one peer group ("1, 2, 3,
    1, 2" with no bloc row between: two rankings printed as one, or a note row above the second that said
    "xếp hạng riêng"). A table listed in another order than its ranks ("5, 1, 3, 2") is left alone."""
    col = _total_column(table, "rank", year)
    if col is None or col not in table.ranks:
        return
    score_col = _total_column(table, "score", year)
    scores = table.values.get(score_col) if score_col is not None else None
    by_group: dict[str, list[tuple[int, int, float]]] = {}
    for i, (raw, group, rank) in enumerate(zip(table.rows, peer_groups, table.ranks[col][0], strict=True)):
        if rank is not None:
            score = float(scores[i]) if scores is not None else float("nan")
            by_group.setdefault(group, []).append((raw.row, rank, score))
    for group, ranked in by_group.items():
        drops = [i for i in range(1, len(ranked)) if ranked[i][1] < ranked[i - 1][1]]
        # (each part printed in order from 1: "1, 2, 3 | 1, 2", or "1, 2 | 1, 2 | 1, 2" of three districts,
        # not "2, 3 | 1" of a table in another order, nor a unit tied with the first, its score the same)
        if (
            drops
            and all(ranked[d][1] == 1 for d in drops)
            and all(b - a > 1 for a, b in pairwise([0, *drops]))
            and ranked[0][1] == 1
            and ranked[drops[0]][2] != ranked[0][2]
        ):
            row, after = ranked[drops[0]][0], ranked[drops[0] - 1][1]
            again = (
                f" (and {len(drops) - 1} time{'s' if len(drops) > 2 else ''} more below, from row "
                f"{', '.join(str(ranked[d][0] + 1) for d in drops[1:4])}{', …' if len(drops) > 4 else ''})"
                if len(drops) > 1
                else ""
            )
            report.warnings.append(
                f"sheet '{table.sheet}', row {row + 1}: the ranks start again from 1 within '{group}' (after "
                f"rank {after} above){again}: the rows from here may be a ranking of their own, but are read "
                "in the same peer group (a bloc row above them would set them apart)"
            )


def _ranked_within_parents(table: Table, year: int) -> list[str] | None:
    """Each row's parent (the district beside a commune, its name as a bloc's) when the total's ranks
    start again from 1 at each parent: every row has one, no row is the parent's own (a district ranked
    among districts), each parent's rows come together, each parent's ranks run from 1 to at most its
    number of rows, and two parents or more rank two units or more. None otherwise (one ranking across
    them)."""
    col = _total_column(table, "rank", year)
    parents = [raw.parent for raw in table.rows]
    if col is None or col not in table.ranks or not all(parents):
        return None
    runs: list[tuple[str, list[int]]] = []
    for parent, rank in zip(parents, table.ranks[col][0], strict=True):
        if not runs or runs[-1][0] != parent:
            runs.append((parent, []))
        if rank is not None:
            runs[-1][1].append(rank)
    rows_of = Counter(parents)
    if len(runs) < 2 or len({p for p, _ in runs}) < len(runs):
        return None  # one parent, or a parent's rows apart (listed by rank, not by district)
    if sum(len(ranks) > 1 for _, ranks in runs) < 2:
        return None  # ("1 | 1": a commune a district, tied, tells no restart)
    if not all(ranks and min(ranks) == 1 and max(ranks) <= rows_of[p] for p, ranks in runs):
        return None
    if any(match_key(raw.unit) == match_key(raw.parent) for raw in table.rows):
        return None
    named = {p: bloc_name(expand_abbreviation(" ".join(p.split())), place=True) for p in rows_of}
    return [named[p] for p in parents]


def _total_column(table: Table, role: str, year: int) -> int | None:
    """The first column of the total in ``role`` ("rank", "score") for ``year`` (its own, or the table's)."""
    return next(
        (
            s.col
            for s in table.columns
            if s.role == role and s.component == "total" and s.year in (None, year)
        ),
        None,
    )


def _unit_col(table: Table) -> int:
    """The column naming the rows' units (of one unit's results over the years, its "Năm" column)."""
    cols = {s.role: s.col for s in reversed(table.columns)}
    return cols["unit"] if "unit" in cols else cols["yearcol"]


@dataclass
class _Piece:
    """One component column of a table, ready to be stacked into the tidy frame."""

    code: str
    name: str
    values: np.ndarray
    maxima: np.ndarray  # per unit: the component's maximum, or the cell's own ("51,39/66,5")
    ranks: np.ndarray  # float, NaN where no rank is printed
    letter: str
    stage: str = "published"  # the stage its column gives (the table's own unless the header names one)
    year: int = 0  # the year its column gives (the table's own unless the header names one)


def _component_piece(
    table: Table,
    col: int,
    code: str,
    values: np.ndarray,
    spec,
    rank_by_component: dict[str | None, int],
    context: dict[str, Any],
    framework: Framework | None,
    year: int,
    max_override: float | None = None,
) -> _Piece:
    """The column ``col`` as component ``code`` of ``year``, under ``framework`` (its criteria set in
    that year, for the maximum and the name)."""
    report: ReadReport = context["report"]
    if max_override is not None:
        maximum = max_override
    elif framework is not None:
        maximum = framework.max_score(code, year)
        if spec.max_score is not None and maximum == maximum and abs(spec.max_score - maximum) > 1e-9:
            report.warnings.append(
                f"header {a1(table.header_row, col)} gives {code} a maximum of {spec.max_score:g} points "
                f"but framework {framework.id} says {maximum:g}; the framework's maximum is kept"
            )
        elif maximum != maximum and spec.max_score is not None:
            maximum = spec.max_score
    else:
        maximum = spec.max_score if spec.max_score is not None else np.nan
    if framework is not None and not (spec.numbered and framework.unnamed_areas(year)):
        name = framework.name(code)  # (a set that names no area leaves it the header's words)
    elif code == "total":
        # points for a PAR or DDCI table of its province's own set; an index's value for the others
        name = "Tổng điểm" if context["index"] in (None, "PAR", "DDCI") else f"Chỉ số {context['index']}"
    else:
        name = _name_from_label(spec.label, code)
    rank_col = rank_by_component.get(code)
    if rank_col is not None:
        ranks = np.array([np.nan if r is None else r for r in table.ranks[rank_col][0]], dtype=float)
    else:
        ranks = np.full(len(values), np.nan)
    letter = col_letters(col)
    maxima = np.full(len(values), float(maximum))
    if col in table.maxima:
        written = table.maxima[col]
        maxima = np.where(np.isnan(written), maxima, written)
    above = values > maxima + 1e-9
    for i in np.flatnonzero(above) if above.any() else ():
        report.warnings.append(
            _at_cell(
                table.sheet,
                f"{letter}{table.rows[i].row + 1}",
                f"{values[i]:g} is above the maximum {maxima[i]:g} for component {code}",
            )
        )
    if (values < 0).any() and not _is_penalty(framework, code, spec.label):
        for i in np.flatnonzero(values < 0):
            report.warnings.append(
                _at_cell(
                    table.sheet,
                    f"{letter}{table.rows[i].row + 1}",
                    f"{values[i]:g} is negative, but component {code} is not a penalty (điểm trừ); "
                    "check the sign",
                )
            )
    return _Piece(code, name, values, maxima, ranks, letter)


_OTHER_PART = re.compile(r"\b(?:xhh|xa hoi hoc|dieu tra|tac dong)\b")


def _points_under_index(
    table: Table, pct_spec: Any, pct: np.ndarray, totals: list[_Piece], index: str, fw, year: int
) -> _Piece | None:
    """The total's points when they are a part of the index beside them, not the total: MOHA's "Điểm
    đạt được | Điểm điều tra XHH | Chỉ số CCHC (%)" (64,45 appraised, 96,17 the index). The percentage
    names the table's index, the points' column names none and is no "Tổng …", the points are below the
    index in every row, and they are no share of one maximum: under a set of 100 points they would
    equal it; with no set, each unit's maximum worked out from the two is no multiple of 0,25 (as
    "Điểm đạt được | Chỉ số CCHC (%)" of departments each scored out of its own maximum is)."""
    total = next((p for p in totals if p.code == "total"), None)
    if total is None or index_named(_lowest(pct_spec.label)) != index:
        return None
    # only beside the index's other part ("Điểm điều tra XHH", "… đánh giá tác động"): points and a
    # percentage alone are a total and its share of the unit's maximum, however the percentage is rounded
    if not any(_OTHER_PART.search(match_key(s.label)) for s in table.columns if s.col != pct_spec.col):
        return None
    own = _lowest(next(s.label for s in table.columns if col_letters(s.col) == total.letter))
    if index_named(own) is not None or match_key(own).startswith(("tong", "total")):
        return None
    both = (total.values == total.values) & (pct == pct) & (pct > 0)
    if not both.any() or not (total.values[both] < pct[both] - 0.5).all():
        return None
    known = both & (total.maxima > 0)
    if known.any():  # "Điểm đạt được (68)": the index is no percentage of those points
        off = np.abs(total.values[known] / total.maxima[known] * 100 - pct[known]) > 0.6
        return total if off.any() else None
    maximum = fw.max_score("total", year) if fw is not None else np.nan
    if maximum == maximum:
        return total if abs(maximum - 100) < 1e-9 else None
    worked = total.values[both] / pct[both] * 100
    slack = (np.abs(worked) * 0.005 + 0.5) / pct[both] + 1e-9
    shares = both.sum() >= 2 and bool((np.abs(worked - np.round(worked * 4) / 4) <= slack).all())
    return None if shares else total


def _maxima_from_pct(
    table: Table, pct_spec: Any, pct: np.ndarray, totals: list[_Piece], report: ReadReport
) -> None:
    """Each unit's maximum worked out from its points and its percentage ("68,32" and "81,33%": 84), when
    no criteria set gives the maximum (departments scored out of different maxima). Kept only when every
    unit's comes out a multiple of 0,25 points (the percentages are rounded to 2 decimals); else the
    percentages are noted as not read. Where the cells or a column give the maximum, the percentage is
    checked against it."""
    total = next((p for p in totals if p.code == "total"), None)
    letter = col_letters(pct_spec.col)
    if total is None:
        return
    # a maximum the cells or an "Điểm tối đa" column give: the percentage checks the points against it
    known = (total.values == total.values) & (pct == pct) & (total.maxima > 0)
    computed = np.where(known, total.values / np.where(known, total.maxima, 1.0) * 100, np.nan)
    # both printed rounded: the points to 2 decimals, the percentage to 2 (or 1, when every one has 1)
    one_decimal = bool(known.any() and np.allclose(np.round(pct[known] * 10), pct[known] * 10))
    slack = (0.051 if one_decimal else 0.0051) + 0.5 / np.where(known, total.maxima, 1.0) + 1e-9
    for i in np.flatnonzero(known & (np.abs(computed - pct) > slack)):
        report.warnings.append(
            _at_cell(
                table.sheet,
                f"{letter}{table.rows[i].row + 1}",
                f"the published {pct[i]:.2f}% does not match the points {total.values[i]:g}/"
                f"{total.maxima[i]:g} = {computed[i]:.2f}%",
            )
        )
    both = (total.values == total.values) & (pct == pct) & (pct > 0) & np.isnan(total.maxima)
    if known.any() and not both.any():
        return
    worked = np.where(both, total.values / np.where(both, pct, 1.0) * 100, np.nan)
    quarter = np.round(worked * 4) / 4
    # points and percentages printed to 2 decimals: how far that rounding can move the maximum worked out
    slack = (np.abs(worked) * 0.005 + 0.5) / np.where(both, pct, 1.0) + 1e-9
    top = np.nanmax(total.values) if (total.values == total.values).any() else np.nan
    plausible = (
        both.sum() >= 2
        and (quarter[both] >= total.values[both] - 1e-9).all()
        and not np.allclose(quarter[both], top)  # percentages of the best unit's points, not of a maximum
    )
    if plausible and (np.abs(worked - quarter) <= slack)[both].all():
        total.maxima = np.where(both, quarter, total.maxima)
        shown = ", ".join(f"{m:g}" for m in dict.fromkeys(quarter[both].tolist()))
        report.notes.append(
            f"sheet '{table.sheet}': each unit's maximum is worked out from its points and its "
            f"percentage in column {letter} (points ÷ % × 100: {shown})"
        )
    else:
        report.notes.append(
            f"sheet '{table.sheet}': the percentages in column {letter} are not read (no criteria set gives "
            "the maximum to check them against)"
        )


def _is_penalty(framework: Framework | None, code: str, label: str) -> bool:
    """A component whose points are deducted: by the criteria set, else by its header (điểm trừ)."""
    if framework is not None and code != "total":
        return framework.kind(code) == "penalty"
    key = match_key(label)
    return "diem tru" in key or "tru diem" in key


#: A published parent may differ from the sum of its parts by this share of its maximum (as ``aggregate``)
#: or by the rounding of each part to 2 decimals, whichever is larger.
SUM_TOLERANCE = 0.0005


def _check_sums(
    found: dict[str, tuple[np.ndarray, str]],
    rows: list[int],
    framework: Framework,
    year: int,
    report: ReadReport,
    sheet: str,
) -> None:
    """Warn where a published parent (or total) disagrees with the sum of its published parts.

    Only plain sums are checked (not weighted composites, not percentages), and only where every part
    the criteria set lists for that year is in the table with a value.

    Args:
        found: component code → (values per row, column letter or cell per row).
        rows: sheet row numbers (1-based) of the values, for a column letter; ignored for cells.
        framework: the criteria set.
        year: the year assessed.
        report: where warnings go.
        sheet: the sheet the values are on, named in the warnings.
    """
    if framework.scale == "percent":
        return
    for code, (published, where) in found.items():
        if code not in framework.codes(year) or framework.is_weighted(code):
            continue
        kids = framework.children(code, year)
        if not kids or any(k not in found for k in kids):
            continue
        parts = np.column_stack([found[k][0] for k in kids])
        computed = parts.sum(axis=1)
        maximum = framework.max_score(code, year)
        scale = maximum if maximum == maximum and maximum > 0 else np.abs(published)
        tolerance = np.maximum(SUM_TOLERANCE * scale, 0.005 * (len(kids) + 1)) + 1e-9
        difference = published - computed
        for i in np.flatnonzero(np.isfinite(difference) & (np.abs(difference) > tolerance)):
            cell = f"{where}{rows[i]}" if isinstance(where, str) else where[i]
            report.warnings.append(
                _at_cell(
                    sheet,
                    cell,
                    f"{'the total is' if code == 'total' else f'criterion {code} scores'} {published[i]:g}, "
                    f"but its parts ({', '.join(kids)}) add up to {computed[i]:g}",
                )
            )


def _name_from_label(label: str, code: str) -> str:
    # (the year a column is under names nothing: "Lĩnh vực 1 / 2023" is "Lĩnh vực 1")
    parts = [p for p in label.split(" / ") if not re.fullmatch(r"(?:năm\s*)?(?:19|20)\d\d", p.strip(), re.I)]
    parts = parts or label.split(" / ")
    last = parts[-1]
    if code_from_text(last) == code and len(parts) > 1:
        return last
    text = last.strip()
    text = without_maximum(text) or text  # "Chuyển đổi nhận thức (100)": the maximum is no part of the name
    stripped = text[len(code) :].lstrip(" .:-") if text.startswith(code) else text
    return stripped or f"Thành phần {code}"


def _check_pct(table, pct_spec, pct, pieces, framework, year, report) -> None:
    total_piece = next((p for p in pieces if p.code == "total"), None)
    if total_piece is None:
        return
    maximum = framework.max_score("total", year)
    if maximum != maximum or maximum == 0:
        return
    computed = total_piece.values / maximum * 100
    bad = np.abs(computed - pct) > 0.0051 + 1e-9
    bad &= ~np.isnan(pct) & ~np.isnan(computed)
    letter = col_letters(pct_spec.col)
    for i in np.flatnonzero(bad):
        report.warnings.append(
            _at_cell(
                table.sheet,
                f"{letter}{table.rows[i].row + 1}",
                f"the published {pct[i]:.2f}% does not match the total "
                f"{total_piece.values[i]:g}/{maximum:g} = {computed[i]:.2f}%",
            )
        )


def _column_entry(table: Table, col: int, label: str) -> str:
    """A column as ``extra_columns`` lists it: ``KQ!C2 'Điểm đạt được'``."""
    return f"{table.sheet}!{a1(table.header_row, col)} '{label}'"


def _report_columns(table: Table, framework_of, year: int, report: ReadReport, several: bool = False) -> None:
    """Columns read as nothing, and each year's components (under its criteria set) the table lacks."""
    for spec in table.columns:
        if spec.role == "unknown":
            report.extra_columns.append(_column_entry(table, spec.col, spec.label))
    present: dict[int, set[str]] = {}
    for s in table.columns:
        if s.role == "score" and s.component != "total":
            present.setdefault(s.year or year, set()).add(s.component)
    for y, codes in present.items():
        framework = framework_of(y)
        if framework is None:
            continue
        when = f" ({y})" if several or len(present) > 1 else ""
        for code in _missing_codes(framework, y, frozenset(codes)):
            report.missing_components.append(f"{table.sheet}: {code} {framework.name(code)}{when}")


@lru_cache(maxsize=256)
def _missing_codes(framework: Framework, year: int, present: frozenset[str]) -> tuple[str, ...]:
    """Components of ``framework`` in ``year`` that a table with score columns ``present`` lacks: those
    neither present nor covered by an ancestor or by all their children, under a parent the table
    covers at least in part. The same for every sheet of one layout, so it is worked out once."""
    codes = [c for c in framework.codes(year) if c != "total"]
    covered: dict[str, bool] = {}
    for code in sorted(codes, key=lambda c: -c.count(".")):  # children before parents
        children = framework.children(code, year)
        covered[code] = (
            code in present
            or any(a in present for a in framework.ancestors(code) if a != "total")
            or (bool(children) and all(covered.get(ch, False) for ch in children))
        )
    missing = []
    for code in codes:
        parent = framework.parent(code)
        parent_partly = parent == "total" or any(
            covered.get(ch, False) for ch in framework.children(parent, year)
        )
        if not covered[code] and parent_partly:
            missing.append(code)
    return tuple(missing)


def _check_duplicates(table: Table, names: list[str], groups: list[str], path: Path) -> None:
    seen: dict[tuple[str, str], int] = {}
    for raw, name, group in zip(table.rows, names, groups, strict=True):
        key = (group, name)
        if key in seen:
            raise InputError(
                f"unit '{name}' appears twice in the table (rows {seen[key] + 1} and {raw.row + 1})",
                file=path,
                sheet=table.sheet,
                cell=f"row {raw.row + 1}",
                hint="Remove the duplicate row or give the two rows different names.",
            )
        seen[key] = raw.row


def _own_tree(records: list[dict], context: dict[str, Any]) -> Framework | None:
    """The criteria tree a self-assessment sheet states, for checking its sums (None without rows)."""
    if not records:
        return None
    rows = pd.DataFrame.from_records(records)[["component", "component_name", "max_score"]]
    return sheet_framework(rows.assign(index=context["index"], level=""))


def _criteria_frame(table: Table, unit_text: str, context: dict[str, Any]) -> pd.DataFrame:
    framework: Framework | None = context["framework"]
    year: int = context["year"]
    report: ReadReport = context["report"]
    units = _Units(context)
    # the heading's district over a commune ("UBND HUYỆN PHÚ VANG" over "UBND XÃ PHÚ THƯỢNG"), unless the
    # unit is named another way (unit=, a "Đơn vị:" line) that the heading does not speak for
    parent = context["title"].parent if unit_text == context["title"].unit else None
    name, code, level = units.resolve(unit_text, None, "title", parent)
    peer_group = _peer_group_for(context, None, level, 1, name)
    _report_columns(table, context["frameworks"], year, report)  # points columns given no stage
    if table.period and not context["layout"].period and not context["title"].period:
        report.notes.append(
            f"sheet '{table.sheet}': the period {table.period} is read from the points columns' header"
        )
    records = []
    items = table.criteria or []
    # each stage's points at the table's period, and those of an earlier period beside them ("self H1")
    stages = ("self", "appraised", "estimate", "published")
    columns = {**{stage: (stage, context["period"]) for stage in stages}, **table.earlier}
    for item in items:
        comp = item["code"]
        if framework is not None and comp != "total" and comp not in framework.codes(year):
            report.warnings.append(
                f"row {item['row'] + 1}: criterion {comp} is not in framework {framework.id}; not read"
            )
            continue
        maximum = item["max"]
        if framework is not None:
            fmax = framework.max_score(comp, year)
            if fmax == fmax:
                if maximum == maximum and abs(maximum - fmax) > 1e-9 and comp != "total":
                    report.warnings.append(
                        f"row {item['row'] + 1}: criterion {comp} has maximum {maximum:g} in the file but "
                        f"{fmax:g} in framework {framework.id}; the framework's maximum is kept"
                    )
                maximum = fmax
        comp_name = framework.name(comp) if framework is not None else item["name"]
        for key, (stage, period) in columns.items():
            if key not in item:
                continue
            records.append(
                {
                    "component": comp,
                    "component_name": comp_name,
                    "score": item[key],
                    "max_score": maximum,
                    "rank_published": None,
                    "stage": stage,
                    "period": period,
                    "source_cell": item["cells"][key],
                }
            )
    for record in records:
        score, maximum = record["score"], record["max_score"]
        if score == score and maximum == maximum and maximum > 0 and score > maximum + 1e-9:
            report.warnings.append(
                _at_cell(
                    table.sheet,
                    record["source_cell"],
                    f"{score:g} is above the maximum {maximum:g} for criterion {record['component']}",
                )
            )
    # the sums are checked against the packaged set, or else the tree the sheet itself states
    tree = framework or _own_tree(records, context)
    if tree is not None:
        for key in columns:
            found = {
                item["code"]: (np.array([item[key]], dtype=float), [item["cells"][key]])
                for item in items
                if key in item and (item["code"] == "total" or item["code"] in tree.codes(year))
            }
            _check_sums(found, [], tree, year, report, table.sheet)
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        context["empty"].append((table.sheet, table.header_row, "has no criteria with points below it"))
        return pd.DataFrame(columns=COLUMNS)
    # a stage column that is empty throughout (appraisal not started) gives no rows
    has_any = frame.groupby(["stage", "period"])["score"].transform(lambda s: s.notna().any())
    frame = frame[has_any].reset_index(drop=True)
    frame["rank_published"] = pd.array([None] * len(frame), dtype="Int64")
    frame["unit"] = name
    frame["unit_code"] = code
    frame["level"] = level
    frame["peer_group"] = peer_group
    frame["index"] = context["index"]
    frame["framework"] = framework.id if framework is not None else SHEET_NONE
    frame["year"] = year
    frame["source_file"] = str(context["path"])
    frame["source_sheet"] = table.sheet
    return frame
