"""The ``cchc`` command: ``cchc ingest``, ``cchc read``, ``cchc compare``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from .errors import InputError

#: Decimals printed for scores, by index (PAPI publishes 4, the rest 2).
SCORE_DECIMALS = {"PAPI": 4}
#: Longest component name printed in a table before it is cut with "…".
NAME_WIDTH = 40


def _ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    result = ingest(args.dir, args.out, progress=None if not args.quiet else False)
    print(result.summary())
    return 0 if result.ok else 1


def _count(n: int, word: str) -> str:
    """``1 unit``, ``3,321 units``."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _read(args: argparse.Namespace) -> int:
    import warnings

    from .io.reader import read_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = read_workbook(args.file, index=args.index, year=args.year)
    from .io.report import account_lines

    report = frame.attrs["report"]
    print(
        f"{args.file}: {_count(len(frame), 'number')}, {_count(frame['unit'].nunique(), 'unit')}, "
        f"{'year' if frame['year'].nunique() == 1 else 'years'} "
        f"{', '.join(map(str, sorted(frame['year'].unique())))}, "
        f"{_count(frame['component'].nunique(), 'component')}"
    )
    for line in account_lines(report):
        print(f"  {line}")
    for w in report["warnings"]:
        print(f"  warning: {w}")
    if args.notes:
        for note in report["notes"]:
            print(f"  note: {note}")
    if args.csv:
        from .export import export_csv

        export_csv(frame, args.csv)
        print(f"Wrote {args.csv}")
    return 0


# --- cchc compare ----------------------------------------------------------------------------


def _pick_index(scores: pd.DataFrame, wanted: str) -> str:
    """The index name as the table spells it (``papi`` → ``PAPI``)."""
    present = sorted(scores["index"].unique())
    for name in present:
        if name.casefold() == wanted.strip().casefold():
            return name
    raise InputError(
        f"there are no {wanted} scores in the ingested table (indices present: {', '.join(present)}).",
        hint="Put the files under data/raw and run `cchc ingest`, or pick one of those indices.",
    )


def _pick_units(result: pd.DataFrame, wanted: list[str]) -> list[str]:
    """Canonical names of the units asked for, matched whatever the case, diacritics or prefix."""
    import difflib

    from .io.text import match_key
    from .units import strip_unit_prefix

    names = sorted(result["unit"].unique())
    keys: dict[str, list[str]] = {}
    for name in names:
        short = {strip_unit_prefix(name, level) for level in ("province", "district")}
        for key in {match_key(name), *map(match_key, short)}:
            keys.setdefault(key, []).append(name)
    chosen: list[str] = []
    for text in wanted:
        found = keys.get(match_key(text), []) or _registry_name(text, names)
        if len(found) != 1:
            close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
            problem = "matches several units" if found else "is not among the units compared"
            raise InputError(
                f"'{text}' {problem}.",
                hint=f"Did you mean: {', '.join(found or close)}?" if (found or close) else None,
            )
        if found[0] not in chosen:
            chosen.append(found[0])
    return chosen


def _registry_name(text: str, names: list[str]) -> list[str]:
    """The unit among ``names`` that the unit registry knows ``text`` as (``Hanoi`` → ``Hà Nội``)."""
    from .units import canonical_unit

    try:
        name = canonical_unit(text).name
    except InputError:
        return []
    return [name] if name in names else []


def _pick_components(result: pd.DataFrame, wanted: list[str]) -> list[str] | None:
    """The component codes asked for (``None`` = all); unknown codes are an error."""
    if any(c.strip().casefold() == "all" for c in wanted):
        return None
    codes = [c.strip() for c in wanted]
    known = set(result["component"])
    unknown = [c for c in codes if c not in known]
    if unknown:
        top = [c for c in result["component"].drop_duplicates() if c == "total" or "." not in c]
        raise InputError(
            f"no component {', '.join(unknown)} in these scores.",
            hint=f"Use 'total', a code such as {', '.join(top[1:4]) or '1'}, or 'all'.",
        )
    return codes


def _cut(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _table_lines(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A plain-text table: columns in ``right`` aligned right (numbers), the others left."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def render_compare(result: pd.DataFrame, decimals: int = 2) -> str:
    """``compare()``'s result as plain-text tables in Vietnamese, one per peer group.

    Args:
        result: the output of :func:`cchc_analysis.compare` (or a selection of its rows).
        decimals: decimals of the scores and of their change.

    Returns:
        The text to print: a title per peer group (naming the component when there is only one),
        the rows in the order given (component, then rank) and notes on what cannot be compared.
    """
    from . import fmt

    year, base = int(result["year"].iat[0]), int(result["base_year"].iat[0])
    index = result["index"].iat[0]
    blocks = []
    for group, rows in result.groupby("peer_group", sort=False):
        single = rows["component"].nunique() == 1
        with_unit = single or rows["unit"].nunique() > 1
        with_pct = bool(rows["max_score"].notna().any())
        title = f"So sánh {index} năm {year} với năm {base} – {group}"
        if single:
            title += f" – {_component_label(rows.iloc[0])}"
        header = (["Mã", "Nội dung"] if not single else []) + (["Đơn vị"] if with_unit else [])
        first_number = len(header)
        header += [f"Điểm {year}", f"Điểm {base}", "Tăng/giảm"]
        header += [f"Tỷ lệ {year}"] if with_pct else []
        header += [f"Hạng {year}", f"Hạng {base}", "Thứ hạng"]
        body, notes = [], set()
        for row in rows.itertuples(index=False):
            cells = []
            if not single:
                name = row.component_name if pd.notna(row.component_name) else ""
                cells += ["" if row.component == "total" else row.component, _cut(name)]
            if with_unit:
                cells += [row.unit]
            missing = pd.isna(row.score) or pd.isna(row.score_base)
            change = fmt.signed(row.delta, decimals)
            if not row.comparable and not missing:
                change += " *"
                notes.add(
                    f"* Khác bộ tiêu chí ({row.framework_base} → {row.framework}): không so sánh điểm "
                    "và thứ hạng giữa hai năm."
                )
            if missing:
                notes.add(
                    "– Không có số liệu (ô trống trong dữ liệu gốc hoặc chưa có năm đó); đơn vị thiếu "
                    "số liệu không được xếp hạng, hạng tính trên số đơn vị có điểm."
                )
            cells += [fmt.number(row.score, decimals), fmt.number(row.score_base, decimals), change]
            cells += [fmt.percent(row.pct)] if with_pct else []
            cells += [
                fmt.rank(row.rank, row.rank_of),
                fmt.rank(row.rank_base, row.rank_of_base),
                fmt.rank_change(row.rank_change),
            ]
            body.append(cells)
        right = set(range(first_number, len(header) - 1))
        lines = [title, "", *_table_lines(header, body, right)]
        if notes:
            lines += ["", *sorted(notes, reverse=True)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _component_label(row) -> str:
    if row.component == "total":
        return str(row.component_name) if pd.notna(row.component_name) else "Tổng"
    return f"{row.component}. {row.component_name}"


def _compare(args: argparse.Namespace) -> int:
    from .analysis import aggregate, compare
    from .export import DEFAULT_HEADERS_VI, export_csv, export_xlsx
    from .ingest import load

    base = args.base if args.base is not None else args.year - 1
    if base == args.year:
        raise InputError(f"--year and --base are both {base}; compare two different years.")
    scores = load(args.data)
    index = _pick_index(scores, args.index)
    scores = aggregate(scores[scores["index"] == index])
    result = compare(scores, args.year, base, period=args.period, stage=args.stage)
    if args.unit:
        result = result[result["unit"].isin(_pick_units(result, args.unit))]
    codes = _pick_components(result, args.component or ["total"])
    if codes is not None:
        result = result[result["component"].isin(codes)]
    result = result.reset_index(drop=True)
    decimals = args.decimals if args.decimals is not None else SCORE_DECIMALS.get(index, 2)
    print(render_compare(result, decimals))
    if args.csv:
        export_csv(result, args.csv, headers_vi=DEFAULT_HEADERS_VI)
        print(f"\nĐã ghi {args.csv}")
    if args.xlsx:
        formats = {c: "0." + "0" * decimals for c in ("score", "score_base", "delta")} if decimals else {}
        export_xlsx({f"So sánh {args.year}-{base}": result}, args.xlsx, number_formats=formats)
        print(f"\nĐã ghi {args.xlsx}")
    return 0


def _compare_parser(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="score and rank changes between two years, per unit",
        description="Compare each unit's scores and ranks in --year with --base (from `cchc ingest`).",
    )
    p.add_argument("--index", required=True, help="PAR, SIPAS, PAPI, PCI, … (as ingested)")
    p.add_argument("--year", required=True, type=int, help="the year to report on")
    p.add_argument("--base", type=int, help="the year to compare with (default: the year before)")
    p.add_argument(
        "--unit", nargs="+", action="extend", metavar="UNIT", help="only these units (default: all)"
    )
    p.add_argument(
        "--component",
        nargs="+",
        action="extend",
        metavar="CODE",
        help="component codes such as total, 1, 1.10, or 'all' (default: total)",
    )
    p.add_argument("--period", default="year", help="'year' (default) or an in-year period such as 9M")
    p.add_argument("--stage", help="published, appraised, self or estimate (default: the first present)")
    p.add_argument("--decimals", type=int, help="decimals of scores (default: 4 for PAPI, else 2)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", type=Path, metavar="OUT", help="also write the rows to this CSV file")
    out.add_argument("--xlsx", type=Path, metavar="OUT", help="also write the rows to this Excel file")
    p.add_argument("--data", default="data/processed", type=Path, help="ingested data (data/processed)")
    p.set_defaults(func=_compare)


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

    from .report.cli import add_arguments as add_report_arguments

    add_report_arguments(
        sub.add_parser("report", help="render the notebooks to offline HTML reports with an index page")
    )

    p = sub.add_parser("read", help="read one spreadsheet and say what was found")
    p.add_argument("file", type=Path)
    p.add_argument("--index", help="PAR, SIPAS, PAPI, PCI, … (default: from the title or file name)")
    p.add_argument("--year", type=int, help="year assessed (default: from the title or file name)")
    p.add_argument("--csv", type=Path, help="also write the tidy table to this CSV file")
    p.add_argument(
        "--notes",
        action="store_true",
        help="also print how the table was read (legacy text decoded, years and blocs, columns set aside)",
    )
    p.set_defaults(func=_read)

    _compare_parser(sub)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` or the like, which stopped reading
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or 'file'})", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
