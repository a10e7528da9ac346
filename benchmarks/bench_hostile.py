"""How fast, and in how much memory, each bad or hostile input is refused (or read).

Every case of ``tests/data/bad`` plus the two built here into ``benchmarks/_work`` (a zip bomb of
200 MB of zeros, and a table followed by 50 MB of XML of blank formatted rows) is read with
``cchc_analysis.read_workbook`` in its own child process, after one ordinary read in that process (so
imports and caches are not counted). The child reports the time of the hostile read, its outcome,
and its memory: ``VmHWM`` (peak resident set) from ``/proc/self/status`` before and after.

Usage: ``.venv/bin/python benchmarks/bench_hostile.py [--only NAME ...] [--code DIR]``. Prints the
machine, a markdown table and the worst time and peak over the cases measured; the bounds of issue 5
are 1 s and 300 MB per case. ``--code DIR`` runs the children in ``DIR``, a checkout of another
version of the project (``git archive <commit> cchc_analysis | tar -x -C DIR``), for before/after
figures on the same files in one session.

These timings are the project's record of the bounds (benchmarks/README.md, "Hostile inputs"):
the tests check what each case gives, not how fast.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BAD = ROOT / "tests" / "data" / "bad"
WORK = HERE / "_work"
LIMIT_SECONDS, LIMIT_MB = 1.0, 300

CHILD = textwrap.dedent(
    """
    import json, sys, time, warnings

    def hwm():
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    from cchc_analysis import InputError, read_workbook

    warnings.simplefilter("ignore")
    read_workbook(sys.argv[2])  # warm-up: an ordinary table
    before = hwm()
    start = time.perf_counter()
    try:
        df = read_workbook(sys.argv[1])
        outcome = f"data: {len(df)} numbers, {len(df.attrs['report']['warnings'])} warning(s)"
    except InputError as exc:
        outcome = "InputError: " + exc.message[:70]
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "outcome": outcome, "before": before, "peak": hwm()}))
    """
)


def _corpus():
    spec = importlib.util.spec_from_file_location("bad_corpus", BAD / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cases() -> list[Path]:
    """The corpus files and the two big ones (built into ``_work`` if missing)."""
    corpus = _corpus()
    WORK.mkdir(exist_ok=True)
    bomb, blank = WORK / "zip_bomb.xlsx", WORK / "blank_formatted_rows.xlsx"
    if not bomb.exists():
        corpus.write_zip_bomb(bomb)
    if not blank.exists():
        corpus.write_blank_formatted_rows(blank)
    return [BAD / c.name for c in corpus.CASES] + [bomb, blank]


def measure(path: Path, code: Path = ROOT) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(BAD / "header_row_12.xlsx")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=code,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"seconds": float("nan"), "outcome": f"CRASH (exit {proc.returncode}): {tail}", "peak": 0}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="file names to measure (default: all)")
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="directory holding the cchc_analysis to measure"
    )
    args = parser.parse_args()
    paths = [p for p in cases() if not args.only or p.name in args.only]
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}"
    )
    print()
    print("| file | size | outcome | time | peak RSS | within bounds |")
    print("|---|---:|---|---:|---:|---|")
    results = []
    for path in paths:
        r = measure(path, args.code.resolve())
        results.append((path.name, r))
        ok = r["seconds"] < LIMIT_SECONDS and r["peak"] < LIMIT_MB
        size = path.stat().st_size
        shown = f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"
        print(
            f"| `{path.name}` | {shown} | {r['outcome']} | {r['seconds'] * 1000:,.0f} ms | "
            f"{r['peak']:,.0f} MB | {'yes' if ok else '**no**'} |"
        )
    if not results:
        return
    slow = max(results, key=lambda nr: nr[1]["seconds"] if nr[1]["seconds"] == nr[1]["seconds"] else 1e9)
    big = max(results, key=lambda nr: nr[1]["peak"])
    met = all(r["seconds"] < LIMIT_SECONDS and r["peak"] < LIMIT_MB for _, r in results)
    print()
    print(
        f"Slowest: `{slow[0]}`, {slow[1]['seconds'] * 1000:,.0f} ms; largest peak RSS: `{big[0]}`, "
        f"{big[1]['peak']:,.0f} MB. Bounds ({LIMIT_SECONDS:.0f} s, {LIMIT_MB} MB per case): "
        f"{'met by every case' if met else '**not met**'}."
    )


if __name__ == "__main__":
    main()
