"""The ``cchc`` command: ``cchc ingest``, ``cchc read``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    result = ingest(args.dir, args.out, progress=None if not args.quiet else False)
    print(result.summary())
    return 0 if result.ok else 1


def _read(args: argparse.Namespace) -> int:
    import warnings

    from .io.reader import read_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = read_workbook(args.file, index=args.index, year=args.year)
    report = frame.attrs["report"]
    print(
        f"{args.file}: {len(frame):,} numbers, {frame['unit'].nunique()} units, "
        f"years {', '.join(map(str, sorted(frame['year'].unique())))}, "
        f"{frame['component'].nunique()} components"
    )
    for w in report["warnings"]:
        print(f"  warning: {w}")
    if args.csv:
        from .export import export_csv

        export_csv(frame, args.csv)
        print(f"Wrote {args.csv}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script."""
    parser = argparse.ArgumentParser(
        prog="cchc", description="Vietnamese administrative-reform scores: ingest, compare, report."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read every file under data/raw into data/processed/scores.parquet")
    p.add_argument("dir", nargs="?", default="data/raw", type=Path, help="raw-data folder (data/raw)")
    p.add_argument("--out", default="data/processed", type=Path, help="output folder (data/processed)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_ingest)

    p = sub.add_parser("read", help="read one spreadsheet and say what was found")
    p.add_argument("file", type=Path)
    p.add_argument("--index", help="PAR, SIPAS, PAPI, PCI, … (default: from the title or file name)")
    p.add_argument("--year", type=int, help="year assessed (default: from the title or file name)")
    p.add_argument("--csv", type=Path, help="also write the tidy table to this CSV file")
    p.set_defaults(func=_read)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
