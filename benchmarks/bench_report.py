"""Batch report rendering: the naive loop against ``cchc_analysis.report.render_batch``, in one run.

Naive: for each unit, ``papermill.execute_notebook`` (a new kernel, which imports pandas, matplotlib
and the package again) then nbconvert with a new ``HTMLExporter``, one unit after another; done in
this Python process through the libraries' APIs, which spares it the start-up of the ``papermill`` and
``jupyter nbconvert`` commands, so the comparison is, if anything, kind to it.
Batch: ``render_batch`` — one kernel per worker process rendering many units, workers in parallel.

Both render the unit-profile notebook (``02_ho_so_don_vi``) for the PAPI provinces of the latest year.
The naive loop runs on a subset (``--naive-units``, default 8, spread over the ranking) and its time per
unit is extrapolated to all units; ``--naive-units 0`` runs it on every unit.

    .venv/bin/python benchmarks/bench_report.py [--naive-units 8] [--workers N] [--units 63]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout: import this tree's package, installed or not
    sys.path.insert(0, str(ROOT))


def _markdown(rows: list[tuple[str, ...]]) -> str:
    header = ("Method", "Units rendered", "Wall time (s)", "s / unit", "63 units (s)", "Speed-up")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--naive-units", type=int, default=8, help="units for the naive loop (0: all)")
    parser.add_argument("--units", type=int, default=0, help="units for the batch (0: all provinces)")
    parser.add_argument("--workers", type=int, help="batch workers (default: one per core, at most 4)")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    args = parser.parse_args(argv)

    import cchc_analysis as cchc
    from cchc_analysis.report import default_workers, plan_reports, render_batch, render_naive

    os.chdir(ROOT)
    jobs = plan_reports(cchc.load(args.data), data_dir=args.data, index="PAPI", kinds=("unit",))
    if args.units:
        jobs = jobs[: args.units]
    n = len(jobs)
    k = n if args.naive_units <= 0 else min(args.naive_units, n)
    step = n / k
    naive_jobs = [jobs[int(i * step)] for i in range(k)]
    workers = args.workers or default_workers(n)
    print(
        f"{n} PAPI {jobs[0].year} unit profiles; naive loop on {k}; batch with {workers} worker(s); "
        f"{os.cpu_count()} CPU(s), Python {platform.python_version()}",
        file=sys.stderr,
    )

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        fast = render_batch(jobs, tmp / "batch", notebooks_dir=args.notebooks, workers=workers, progress=True)
        fast_s = time.perf_counter() - start

        start = time.perf_counter()
        naive = render_naive(naive_jobs, tmp / "naive", notebooks_dir=args.notebooks, scratch_dir=tmp)
        naive_s = time.perf_counter() - start

        fast_sizes = {Path(r.path).name: r.size for r in fast if r.ok}
        naive_sizes = {Path(r.path).name: r.size for r in naive if r.ok}
        same = [name for name in naive_sizes if name in fast_sizes]
    failed = [r for r in fast + naive if not r.ok]
    for r in failed:
        print(f"FAILED {r.job.path}: {r.error}", file=sys.stderr)

    naive_unit, fast_unit = naive_s / k, fast_s / n
    rows = [
        (
            "naive: papermill + nbconvert per unit, sequential",
            str(k),
            f"{naive_s:.1f}",
            f"{naive_unit:.2f}",
            f"{naive_unit * n:.0f}" + ("" if k == n else " (extrapolated)"),
            "1.0×",
        ),
        (
            f"render_batch: {workers} worker(s), one kernel each",
            str(n),
            f"{fast_s:.1f}",
            f"{fast_unit:.2f}",
            f"{fast_s:.0f}",
            f"{naive_unit / fast_unit:.1f}×",
        ),
    ]
    print(_markdown(rows))
    print(
        f"\nPages: {len(fast_sizes)} batch, {len(naive_sizes)} naive, {len(failed)} failed; "
        f"mean size {sum(fast_sizes.values()) / max(1, len(fast_sizes)) / 1e3:.0f} kB; "
        f"{len(same)} units rendered both ways."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
