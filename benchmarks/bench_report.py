"""Batch report rendering: the naive loop against ``cchc_analysis.report.render_batch``, in one run.

Naive, two ways, one unit after another:

- API: ``papermill.execute_notebook`` (a new kernel, which imports pandas, matplotlib and the package
  again) then nbconvert with a new ``HTMLExporter``, inside this Python process — the strict baseline,
  spared the start-up of two command-line programs per unit;
- CLI: the shell loop most people write, ``papermill nb.ipynb out.ipynb -p unit …`` then
  ``jupyter nbconvert --to html --template offline --no-input out.ipynb``.

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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout: import this tree's package, installed or not
    sys.path.insert(0, str(ROOT))


def _naive_cli(jobs, out_dir: Path, notebooks: Path, scratch: Path) -> tuple[float, int]:
    """The shell loop: papermill then jupyter nbconvert, as two commands per unit. Returns (seconds, ok)."""
    import nbformat

    from cchc_analysis.report.execute import declared_parameters, kernel_env
    from cchc_analysis.report.html import TEMPLATE_DIR

    env = kernel_env()
    binary = Path(sys.executable).parent
    ok, start = 0, time.perf_counter()
    for job in jobs:
        nb = notebooks / job.notebook
        declared = declared_parameters(nbformat.read(nb, as_version=4))
        executed = scratch / f"cli-{Path(job.path).stem}.ipynb"
        cmd = [str(binary / "papermill"), str(nb), str(executed), "-k", "python3", "--cwd", str(notebooks)]
        cmd += ["--no-progress-bar"]
        for name, value in job.parameters.items():
            if name in declared and value is not None:
                cmd += ["-p", name, str(value)]
        run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        html = [str(binary / "jupyter"), "nbconvert", "--to", "html", "--template", "offline", "--no-input"]
        html += [
            f"--TemplateExporter.extra_template_basedirs={TEMPLATE_DIR}",
            "--HTMLExporter.language_code=vi",
        ]
        html += ["--output-dir", str(out_dir), str(executed)]
        if run.returncode == 0:
            run = subprocess.run(html, env=env, capture_output=True, text=True, check=False)
        if run.returncode == 0:
            ok += 1
        else:
            print(f"FAILED (CLI) {job.path}: {run.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
    return time.perf_counter() - start, ok


def _markdown(rows: list[tuple[str, ...]], n: int) -> str:
    header = ("Method", "Units", "Wall (s)", "s / unit", f"{n} units (s)", "vs naive API", "vs naive CLI")
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
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line naive loop")
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
    print(f"load average at start: {os.getloadavg()[0]:.1f}", file=sys.stderr)
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

        cli_s, cli_ok = (0.0, 0) if args.no_cli else _naive_cli(naive_jobs, tmp / "cli", args.notebooks, tmp)

        fast_sizes = {Path(r.path).name: r.size for r in fast if r.ok}
        naive_sizes = {Path(r.path).name: r.size for r in naive if r.ok}
        same = [name for name in naive_sizes if name in fast_sizes]
    failed = [r for r in fast + naive if not r.ok]
    for r in failed:
        print(f"FAILED {r.job.path}: {r.error}", file=sys.stderr)

    naive_unit, fast_unit = naive_s / k, fast_s / n
    cli_unit = cli_s / k if cli_s else None

    def row(name: str, units: int, wall: float, per_unit: float, projected: str) -> tuple[str, ...]:
        vs_cli = f"{cli_unit / per_unit:.1f}×" if cli_unit else "–"
        return (
            name,
            str(units),
            f"{wall:.1f}",
            f"{per_unit:.2f}",
            projected,
            f"{naive_unit / per_unit:.1f}×",
            vs_cli,
        )

    extrapolated = "" if k == n else " (extrapolated)"
    rows = []
    if cli_unit:
        rows.append(
            row(
                "naive, CLI: `papermill` then `jupyter nbconvert`",
                k,
                cli_s,
                cli_unit,
                f"{cli_unit * n:.0f}{extrapolated}",
            )
        )
    rows.append(
        row(
            "naive, API: papermill + nbconvert in-process",
            k,
            naive_s,
            naive_unit,
            f"{naive_unit * n:.0f}{extrapolated}",
        )
    )
    rows.append(
        row(f"render_batch: {workers} workers, one kernel each", n, fast_s, fast_unit, f"{fast_s:.0f}")
    )
    print(_markdown(rows, n))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nLoad average at the end (1, 5, 15 min): {load} on {os.cpu_count()} CPUs "
        "(other work on the machine slows the parallel batch most)."
    )
    print(
        f"Pages: {len(fast_sizes)} batch, {len(naive_sizes)} naive, {len(failed)} failed; "
        f"mean size {sum(fast_sizes.values()) / max(1, len(fast_sizes)) / 1e3:.0f} kB; "
        f"{len(same)} units rendered both ways."
    )
    if not args.no_cli and cli_ok < k:
        print(f"{k - cli_ok} CLI naive run(s) failed", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
