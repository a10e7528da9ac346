"""``cchc ingest``: every file under ``data/raw`` → one validated ``data/processed/scores.parquet``.

The output is replaced whole or not at all: it is written to a temporary file in the same folder and renamed
over the old one, so an interrupted ingest leaves the previous output intact. Reading the same raw files
again writes the same table (rows in a fixed order).
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import InputError
from .io.layouts import find_layout
from .io.reader import read_workbook
from .io.report import account_lines
from .schema import COLUMNS, KEY, validate

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
#: Files and folders in a source folder that describe the data rather than hold it.
METADATA_NAMES = {"units.csv", "unit_aliases.csv", "SHA256SUMS"}
SKIP_FOLDERS = {"truth", "codebook", "docs", "_work"}
SCORES_FILE = "scores.parquet"
REPORT_FILE = "ingest_report.json"


@dataclass
class IngestResult:
    """What one ingest read and wrote."""

    scores: pd.DataFrame
    files: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    reports: list[dict] = field(default_factory=list)
    output: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every file was read."""
        return not self.errors

    def _years_of(self, file: str) -> str:
        """`` (2023)``: the years read from ``file``, for the lines that report on it."""
        s = self.scores
        if s.empty:
            return ""
        years = sorted(s.loc[s["source_file"] == str(file), "year"].unique())
        return f" ({', '.join(map(str, years))})" if years else ""

    def summary(self) -> str:
        """Lines for the terminal: files, units, years, components, what was left out, warnings, errors."""
        s = self.scores
        lines = [f"Read {len(self.files)} file(s), {len(s):,} numbers."]
        if not s.empty:
            for index, part in s.groupby("index", sort=True):
                years = sorted(part["year"].unique())
                span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
                stages = ", ".join(sorted(part["stage"].unique()))
                lines.append(
                    f"  {index}: {part['unit'].nunique()} units, years {span}, "
                    f"{part['component'].nunique()} components, stages {stages}"
                )
        accounts = [(report, account_lines(report)) for report in self.reports]
        left_out = [(report, account) for report, account in accounts if account]
        if left_out:
            lines.append("Left out (see ingest_report.json):")
            for report, account in left_out:
                lines.append(f"  {Path(report['file']).name}{self._years_of(report['file'])}:")
                lines.extend(f"    {line}" for line in account)
        n_warn = sum(len(r["warnings"]) for r in self.reports)
        if n_warn:
            lines.append(f"{n_warn} warning(s):")
            for report in self.reports:
                for w in report["warnings"]:
                    lines.append(f"  {Path(report['file']).name}: {w}")
        if self.errors:
            lines.append(f"{len(self.errors)} file(s) could not be read (nothing from them was written):")
            lines.extend(f"  {message}" for message in self.errors.values())
        if self.output:
            lines.append(f"Wrote {self.output}")
        return "\n".join(lines)


def discover(raw_dir: str | Path) -> list[Path]:
    """The data files under ``raw_dir``, in a stable order.

    A source folder with a ``layout.toml`` that lists ``files`` contributes exactly those files; elsewhere
    every spreadsheet is taken except metadata (``units.csv``), ``truth/`` and ``codebook/`` folders, hidden
    files and Excel lock files (``~$…``).
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise InputError("the raw-data folder does not exist", file=raw_dir)
    found = []
    for path in sorted(raw_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SPREADSHEET_SUFFIXES:
            continue
        rel = path.relative_to(raw_dir)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        layout = find_layout(path, stop=raw_dir)
        if layout is not None and layout.files:
            if layout.matches(path):
                found.append(path)
            continue
        if path.name in METADATA_NAMES or SKIP_FOLDERS & set(rel.parts[:-1]):
            continue
        found.append(path)
    return found


def _display(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def ingest(
    raw_dir: str | Path = "data/raw",
    out: str | Path = "data/processed",
    *,
    progress: bool | None = None,
    reader: Callable[..., pd.DataFrame] = read_workbook,
) -> IngestResult:
    """Read every file under ``raw_dir`` and write ``out/scores.parquet`` atomically.

    A file that cannot be read is reported and skipped (nothing from it is written); the others are still
    ingested. Two files that give the same number (same index, year, period, stage, peer group, unit and
    component) are an error for the second one.

    Args:
        raw_dir: the folder of raw files (never modified).
        out: the output folder.
        progress: show a progress bar (default: when the terminal is interactive).
        reader: the function reading one file (``read_workbook``).

    Returns:
        An :class:`IngestResult`; ``result.ok`` is False when any file failed.
    """
    from tqdm.auto import tqdm

    files = discover(raw_dir)
    frames: list[pd.DataFrame] = []
    result = IngestResult(scores=pd.DataFrame(columns=COLUMNS))
    seen: dict[tuple, str] = {}
    bar = tqdm(files, desc="ingest", unit="file", disable=None if progress is None else not progress)
    for path in bar:
        shown = _display(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                frame = reader(shown)
            except InputError as exc:
                result.errors[str(shown)] = str(exc)
                continue
        keys = frame[KEY].itertuples(index=False, name=None)
        clash = next((k for k in keys if k in seen), None)
        if clash is not None:
            result.errors[str(shown)] = str(
                InputError(
                    f"{clash[5]} ({clash[0]} {clash[1]}, component {clash[6]}) is already given by "
                    f"{seen[clash]}",
                    file=shown,
                    hint="Keep one of the two files in data/raw, or give them different stages.",
                )
            )
            continue
        seen.update(dict.fromkeys(frame[KEY].itertuples(index=False, name=None), str(shown)))
        frames.append(frame)
        result.files.append(str(shown))
        result.reports.append(frame.attrs.get("report", {"file": str(shown), "warnings": []}))
    if frames:
        scores = pd.concat([f.assign(_order=range(len(f))) for f in frames], ignore_index=True)
        scores = scores.sort_values(["source_file", "source_sheet", "_order"], kind="stable")
        scores = validate(scores.drop(columns="_order").reset_index(drop=True))
    else:
        scores = result.scores
    # source_file paths are relative to the folder ingest ran in: keep it with the table
    scores.attrs = {"root": str(Path.cwd().resolve())}
    result.scores = scores
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out)
    target = out / SCORES_FILE
    with atomic_path(target) as tmp:
        scores.to_parquet(tmp, index=False)
    with atomic_path(out / REPORT_FILE) as tmp:
        payload = {"files": result.files, "errors": result.errors, "reports": result.reports}
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    result.output = target
    return result


def _remove_stale_temporaries(out: Path) -> None:
    """Delete what an ingest killed while writing left behind (``.scores.parquet.*.tmp``)."""
    for name in (SCORES_FILE, REPORT_FILE):
        for stale in out.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file (or, on POSIX, a folder entry) to disk; a no-op where the system refuses."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if path.is_dir() else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only if the block succeeds.

    The temporary file is flushed to disk before the rename and the folder after it, so that ``target``
    is always either the old file or the new one, whole, even if the process is killed or the power
    fails.
    """
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


def find_processed(start: str | Path | None = None) -> Path:
    """The ``data/processed`` folder holding ``scores.parquet``: in ``start`` (default: the current folder)
    or the nearest parent folder that has one — notebooks run from ``notebooks/``."""
    here = Path(start) if start is not None else Path.cwd()
    for base in (here, *here.resolve().parents):
        candidate = base / "data" / "processed"
        if (candidate / SCORES_FILE).is_file():
            return candidate
    raise InputError(
        "no data/processed/scores.parquet in this folder or its parents",
        file=here,
        hint="Run `make report` (or `cchc ingest`) first, or give the folder to load().",
    )


def load(path: str | Path | None = None) -> pd.DataFrame:
    """The tidy score table written by ``cchc ingest``.

    Args:
        path: the output folder of ``cchc ingest`` (or the parquet file itself); by default
            ``data/processed`` here or in the nearest parent folder that has one.

    Returns:
        The tidy table. ``df.attrs["root"]`` is the folder its ``source_file`` paths are relative to (what
        :func:`cchc_analysis.simulated_sources` needs). The file was validated when it was written; here
        its columns and types are checked, and a file that differs is validated in full.
    """
    path = find_processed() if path is None else Path(path)
    file = path / SCORES_FILE if path.is_dir() else path
    if not file.is_file():
        raise InputError(
            "no ingested scores found",
            file=file,
            hint="Run `cchc ingest` (or `make report`) first.",
        )
    frame = pd.read_parquet(file)
    if list(frame.columns) != COLUMNS or dict(frame.dtypes.astype(str)) != _EXPECTED_DTYPES:
        frame = validate(frame, where=str(file))
    if not Path(frame.attrs.get("root", "")).is_dir():
        frame.attrs["root"] = str(Path.cwd())
    return frame


_EXPECTED_DTYPES = {
    **dict.fromkeys(COLUMNS, "str"),
    "year": "int64",
    "score": "float64",
    "max_score": "float64",
    "rank_published": "Int64",
}
