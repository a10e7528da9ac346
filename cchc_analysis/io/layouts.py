"""Layouts: how one family of spreadsheets maps onto the tidy table, as data.

A layout is a TOML file (``layout.toml``) kept beside the files it describes, in their source folder under
``data/raw/<source>/``. Every key is optional: what a layout does not say is detected from the sheet. A
``[years.<year>]`` table overrides keys for one year, so a new year's quirks are new rows of data, not code
(the PUDL column-map idea)::

    name = "papi-panel"
    files = ["csv/*.csv"]            # globs, relative to the layout file
    index = "PAPI"
    level = "province"
    peer_group = "63 tỉnh, thành phố"
    year = "filename"                # an int, or "title" / "filename" / "sheet": where to take it from
    unit_column = "Province"         # header text (or column letter, e.g. "B")
    unit_codes = "codebook/codebook_provinces.csv"   # code → name table for the unit column
    units = "units.csv"              # extra units and aliases for this source
    header_rows = [1, 1]             # first and last header row, 1-based
    drop_rows = ["^Ghi chú"]         # regexes on the unit cell: rows dropped and reported
    simulated = false                # true for made-up data: reports built from it carry a banner

    [columns]                        # header text → component code, or a role:
    "Tổng điểm" = "total"            #   total | pct | rank | max | ignore | <code>

    [years.2018]
    sheets = ["PAPI 2018"]

Files in a source folder without a layout, or not matched by its ``files`` globs, are read by detection alone.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import InputError

LAYOUT_FILE = "layout.toml"

_ROLES = {"total", "pct", "rank", "max", "ignore"}

_KNOWN_KEYS = {
    "name",
    "description",
    "files",
    "index",
    "framework",
    "level",
    "peer_group",
    "period",
    "stage",
    "year",
    "sheets",
    "shape",
    "header_rows",
    "unit_column",
    "unit_codes",
    "units",
    "columns",
    "drop_rows",
    "years",
    "simulated",
}


@dataclass(frozen=True)
class Layout:
    """What is known about a file before reading it; ``None`` means "detect it".

    Attributes mirror the TOML keys documented in this module. Paths (``unit_codes``, ``units``) are
    absolute once loaded.
    """

    name: str = "auto"
    description: str = ""
    files: tuple[str, ...] = ()
    index: str | None = None
    framework: str | None = None
    level: str | None = None
    peer_group: str | None = None
    period: str | None = None
    stage: str | None = None
    year: int | str | None = None
    sheets: tuple[str | int, ...] | None = None
    shape: str | None = None  # "wide" (units as rows) | "criteria" (one unit, criteria as rows)
    header_rows: tuple[int, int] | None = None
    unit_column: str | None = None
    unit_codes: Path | None = None
    units: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)
    drop_rows: tuple[str, ...] = ()
    years: dict[int, dict[str, Any]] = field(default_factory=dict)
    simulated: bool = False  # the source is simulated data: every report built from it must say so
    source: Path | None = None  # the layout file itself

    def for_year(self, year: int | None) -> Layout:
        """The layout with the ``[years.<year>]`` overrides applied."""
        if year is None or year not in self.years:
            return self
        return _apply(self, self.years[year], self.source)

    def with_overrides(self, **overrides: Any) -> Layout:
        """A copy with keyword overrides applied (as ``read_workbook(**overrides)`` passes them)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return _apply(self, clean, self.source) if clean else self

    def matches(self, path: Path) -> bool:
        """True when ``path`` is one of the files this layout describes."""
        if not self.files or self.source is None:
            return False
        try:
            rel = path.resolve().relative_to(self.source.parent.resolve()).as_posix()
        except ValueError:
            return False
        return any(fnmatch.fnmatch(rel, pattern) for pattern in self.files)


def _apply(base: Layout, data: dict[str, Any], source: Path | None) -> Layout:
    where = str(source) if source else "layout"
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise InputError(
            f"unknown layout key(s): {', '.join(sorted(unknown))}",
            file=where,
            hint=f"Known keys: {', '.join(sorted(_KNOWN_KEYS))}.",
        )
    root = source.parent if source else Path.cwd()
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key in {"files", "drop_rows", "sheets"}:
            changes[key] = tuple(_as_list(value, key, where))
        elif key == "header_rows":
            rows = _as_list(value, key, where)
            if len(rows) == 1:
                rows = [rows[0], rows[0]]
            if len(rows) != 2 or not all(isinstance(r, int) and r >= 1 for r in rows):
                raise InputError("header_rows must be [first, last] row numbers (1-based)", file=where)
            changes[key] = (rows[0], rows[1])
        elif key in {"unit_codes", "units"}:
            changes[key] = (root / str(value)).resolve()
        elif key == "columns":
            if not isinstance(value, dict):
                raise InputError("[columns] must map header text to a code or role", file=where)
            changes[key] = {**base.columns, **{str(k): str(v) for k, v in value.items()}}
        elif key == "years":
            if not isinstance(value, dict):
                raise InputError("[years] must hold one table per year", file=where)
            years = {}
            for y, overrides in value.items():
                try:
                    years[int(y)] = dict(overrides)
                except (TypeError, ValueError):
                    raise InputError(f"[years.{y}] is not a year", file=where) from None
            changes[key] = years
        elif key == "simulated":
            if not isinstance(value, bool):
                raise InputError("simulated must be true or false", file=where)
            changes[key] = value
        elif key == "year":
            if isinstance(value, str) and value not in {"title", "filename", "sheet"}:
                raise InputError('year must be a number, "title", "filename" or "sheet"', file=where)
            changes[key] = value
        else:
            changes[key] = value
    for column, role in changes.get("columns", {}).items():
        if role not in _ROLES and not _is_code(role):
            raise InputError(
                f"[columns] '{column}' = '{role}' is neither a component code nor one of "
                f"{', '.join(sorted(_ROLES))}",
                file=where,
            )
    return replace(base, **changes)


def _is_code(text: str) -> bool:
    parts = text.split(".")
    return text == "total" or all(p.isdigit() for p in parts)


def _as_list(value: Any, key: str, where: str) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str | int):
        return [value]
    raise InputError(f"layout key '{key}' must be a list", file=where)


def load_layout(path: str | Path) -> Layout:
    """Read a layout TOML file.

    Args:
        path: the ``layout.toml`` file.

    Returns:
        The layout, with relative paths resolved against the file's folder.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("layout file not found", file=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"layout file is not valid TOML ({exc})", file=path) from None
    return _apply(Layout(name=path.parent.name, source=path), data, path)


def find_layout(path: Path, *, stop: Path | None = None) -> Layout | None:
    """The layout that describes ``path``: the nearest ``layout.toml`` above it whose ``files`` match.

    Args:
        path: a data file.
        stop: do not look above this folder (defaults to the filesystem root).
    """
    folder = path.resolve().parent
    stop = stop.resolve() if stop else None
    while True:
        candidate = folder / LAYOUT_FILE
        if candidate.is_file():
            layout = load_layout(candidate)
            if layout.matches(path) or not layout.files:
                return layout
        if folder == stop or folder.parent == folder:
            return None
        folder = folder.parent


def resolve_layout(path: Path, layout: Layout | str | Path | dict | None) -> Layout:
    """Turn the ``layout=`` argument of ``read_workbook`` into a :class:`Layout`."""
    if isinstance(layout, Layout):
        return layout
    if isinstance(layout, dict):
        return _apply(Layout(name="inline"), layout, None)
    if isinstance(layout, str | Path):
        return load_layout(layout)
    return find_layout(path) or Layout()


def simulated_sources(scores, root: str | Path | None = None) -> list[str]:
    """The source files of a tidy table whose layout says the data are simulated (``simulated = true``).

    Reports use it to print the "Dữ liệu mô phỏng" banner on everything built from made-up data.

    Args:
        scores: a tidy table (its ``source_file`` column).
        root: the folder relative source paths start from; by default the table's ``attrs["root"]`` (set
            by :func:`cchc_analysis.load`), the current folder or the nearest parent that holds them.
    """
    names = sorted(set(scores["source_file"]))
    if root is None:
        root = getattr(scores, "attrs", {}).get("root")
    bases = [Path(root)] if root is not None else [Path.cwd(), *Path.cwd().parents]
    found = []
    for name in names:
        path = Path(name)
        if not path.is_absolute():
            path = next((b / name for b in bases if (b / name).exists()), path)
        layout = find_layout(path)
        if layout is not None and layout.simulated:
            found.append(name)
    return found
