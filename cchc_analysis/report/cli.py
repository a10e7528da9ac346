"""``cchc report``: render the notebooks to offline HTML reports and write ``reports/index.html``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..errors import InputError

__all__ = ["add_arguments", "cli_report", "run"]

_KINDS = ("overview", "unit", "area", "progress")


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``cchc report`` options to ``parser`` (a sub-command parser) and return it."""
    parser.add_argument(
        "--index", action="append", help="index to report on, e.g. PAPI or PAR (repeatable; default: all)"
    )
    parser.add_argument("--year", type=int, help="year assessed (default: the latest with data, per index)")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--unit", action="append", help="only this unit's reports (repeatable)")
    who.add_argument(
        "--all", action="store_true", help="every unit, plus overview, area and progress reports (default)"
    )
    parser.add_argument("--out", type=Path, default=Path("reports"), help="output folder (reports)")
    parser.add_argument(
        "--data", type=Path, default=Path("data/processed"), help="folder of scores.parquet (data/processed)"
    )
    parser.add_argument("--notebooks", type=Path, help="folder of the notebooks (default: ./notebooks)")
    parser.add_argument(
        "--kind", action="append", choices=_KINDS, help="only these kinds of report (repeatable)"
    )
    parser.add_argument("--target-rank", type=int, help="rank every unit profile works towards")
    parser.add_argument("--workers", type=int, help="parallel kernels (default: one per core, at most 4)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Carry out ``cchc report`` for parsed ``args``; 0 when every report rendered, 1 when any failed.

    Raises:
        InputError: no processed data, an unknown index, year or unit, or no notebooks.
    """
    from ..ingest import load
    from .batch import render_batch
    from .index_page import write_index
    from .jobs import default_notebooks_dir, plan_reports

    if not (args.data / "scores.parquet").is_file():
        raise InputError(
            f"No processed scores in {args.data}.", hint="Run `cchc ingest` (or `make ingest`) first."
        )
    notebooks = args.notebooks or default_notebooks_dir()
    if not notebooks.is_dir():
        raise InputError(f"No notebooks folder at {notebooks}.", hint="Pass --notebooks.")
    scores = load(args.data)
    jobs = plan_reports(
        scores,
        data_dir=args.data,
        index=args.index,
        year=args.year,
        units=args.unit,
        kinds=tuple(args.kind or _KINDS),
        target_rank=args.target_rank,
    )
    if not jobs:
        raise InputError("Nothing to report on for the index, year and units given.")
    start = time.perf_counter()
    results = render_batch(
        jobs, args.out, notebooks_dir=notebooks, workers=args.workers, progress=not args.quiet
    )
    index = write_index(args.out, results)
    failed = [r for r in results if not r.ok]
    seconds = time.perf_counter() - start
    print(f"Rendered {len(results) - len(failed)}/{len(results)} reports in {seconds:.0f} s; index: {index}")
    for r in failed:
        print(f"  FAILED {r.job.path} ({r.job.title}): {r.error}", file=sys.stderr)
    return 1 if failed else 0


def cli_report(argv: list[str] | None = None) -> int:
    """Entry point for ``cchc report …`` / ``python -m cchc_analysis.report …``; returns the exit code."""
    parser = add_arguments(
        argparse.ArgumentParser(
            prog="cchc report",
            description="Render the notebooks to offline HTML reports, with an index page.",
        )
    )
    args = parser.parse_args(argv)
    try:
        return run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
