"""Batch report rendering: the naive loop against ``cchc_analysis.report.render_batch``, in one run.

Naive, two ways, one unit after another:

- API: ``papermill.execute_notebook`` (a new kernel, which imports pandas, matplotlib and the package
  again) then nbconvert with a new ``HTMLExporter``, inside this Python process — the strict baseline,
  spared the start-up of two command-line programs per unit;
- CLI: the shell loop most people write, ``papermill nb.ipynb out.ipynb -p unit …`` then
  ``jupyter nbconvert --to html --template offline --no-input out.ipynb``.

Batch: ``render_batch`` — one kernel per worker process rendering many units, workers in parallel.

Both render the unit-profile notebook (``02_ho_so_don_vi``) for the PAPI provinces of the latest year.
The naive loop runs on a subset (``--naive-units``, default 8, spread over the units in name order)
and its time per unit is extrapolated to all units; ``--naive-units 0`` runs it on every unit.

The machine may be shared, so the methods alternate within one run: half of the naive units run before
the batch and half after it (each naive way), and with ``--rounds N`` the whole sequence repeats and
the best round of each method counts. CPU seconds (this process and all its children: workers,
kernels, command-line tools) are given beside the wall time; they depend much less on other work on
the machine.

    .venv/bin/python benchmarks/bench_report.py [--naive-units 8] [--workers N] [--units 63] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
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


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (workers, kernels, tools)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class _Clock:
    """Wall and CPU seconds spent by one method, over the parts of a round it runs in."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    def __enter__(self) -> _Clock:
        self._start = (time.perf_counter(), _cpu())
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter() - self._start[0]
        self.cpu += _cpu() - self._start[1]


def _markdown(rows: list[tuple[str, ...]], n: int) -> str:
    header = (
        "Method",
        "Units",
        "Wall (s)",
        "s / unit",
        "CPU s / unit",
        f"{n} units (s)",
        "vs naive API",
        "vs naive CLI",
    )
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--naive-units", type=int, default=8, help="units for the naive loop (0: all)")
    parser.add_argument("--units", type=int, default=0, help="units for the batch (0: all provinces)")
    parser.add_argument("--workers", type=int, help="batch workers (default: one per core, at most 4)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the sequence; the best round counts")
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
    halves = (naive_jobs[::2], naive_jobs[1::2])  # before and after the batch, both spread out
    workers = args.workers or default_workers(n)
    print(f"load average at start: {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(
        f"{n} PAPI {jobs[0].year} unit profiles; naive loop on {k}; batch with {workers} worker(s); "
        f"{os.cpu_count()} CPU(s), Python {platform.python_version()}; {args.rounds} round(s)",
        file=sys.stderr,
    )

    rounds = []  # per round: {method: _Clock}
    failed, cli_failed = [], 0
    fast_sizes: dict[str, int] = {}
    naive_sizes: dict[str, int] = {}
    loads = []
    for r in range(max(1, args.rounds)):
        clocks = {"batch": _Clock(), "naive": _Clock(), "cli": _Clock()}
        with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
            tmp = Path(tmp)
            # Mirrored order, so drifting load on the machine weighs on every method alike.
            steps = [("cli", halves[0]), ("naive", halves[0]), ("batch", jobs)]
            steps += [("naive", halves[1]), ("cli", halves[1])]
            for method, part in steps:
                if not part or (method == "cli" and args.no_cli):
                    continue
                if method == "batch":
                    loads.append(os.getloadavg()[0])
                    with clocks["batch"]:
                        fast = render_batch(
                            part, tmp / "batch", notebooks_dir=args.notebooks, workers=workers, progress=True
                        )
                    loads.append(os.getloadavg()[0])
                    failed += [x for x in fast if not x.ok]
                    fast_sizes.update({Path(x.path).name: x.size for x in fast if x.ok})
                elif method == "cli":
                    with clocks["cli"]:
                        _, ok = _naive_cli(part, tmp / "cli", args.notebooks, tmp)
                    cli_failed += len(part) - ok
                else:
                    with clocks["naive"]:
                        naive = render_naive(
                            part, tmp / "naive", notebooks_dir=args.notebooks, scratch_dir=tmp
                        )
                    failed += [x for x in naive if not x.ok]
                    naive_sizes.update({Path(x.path).name: x.size for x in naive if x.ok})
        rounds.append(clocks)
        print(
            f"round {r + 1}: batch {clocks['batch'].wall / n:.2f} s/unit, naive API "
            f"{clocks['naive'].wall / k:.2f} s/unit, naive CLI {clocks['cli'].wall / k:.2f} s/unit; "
            f"batch {clocks['naive'].wall / k / (clocks['batch'].wall / n):.1f}× faster than naive API",
            file=sys.stderr,
        )
    for x in failed:
        print(f"FAILED {x.job.path}: {x.error}", file=sys.stderr)

    def best(method: str) -> _Clock:
        return min((c[method] for c in rounds), key=lambda c: c.wall)

    fast, naive, cli = best("batch"), best("naive"), best("cli")
    naive_unit, fast_unit = naive.wall / k, fast.wall / n
    cli_unit = cli.wall / k if cli.wall else None

    def row(name: str, units: int, clock: _Clock, projected: str) -> tuple[str, ...]:
        per_unit = clock.wall / units
        vs_cli = f"{cli_unit / per_unit:.1f}×" if cli_unit else "–"
        return (
            name,
            str(units),
            f"{clock.wall:.1f}",
            f"{per_unit:.2f}",
            f"{clock.cpu / units:.2f}",
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
                cli,
                f"{cli_unit * n:.0f}{extrapolated}",
            )
        )
    rows.append(
        row("naive, API: papermill + nbconvert in-process", k, naive, f"{naive_unit * n:.0f}{extrapolated}")
    )
    rows.append(row(f"render_batch: {workers} workers, one kernel each", n, fast, f"{fast.wall:.0f}"))
    print(_markdown(rows, n))
    target = 5.0
    speedup = naive_unit / fast_unit
    against_cli = f"; {cli_unit / fast_unit:.1f}× against the command-line loop" if cli_unit else ""
    print(
        f"\nTarget: the batch at least {target:.0f}× faster than the naive in-process loop: "
        f"{'met' if speedup >= target else 'NOT met'} ({speedup:.1f}×{against_cli})."
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Load average (1 min) just before / after each batch: {', '.join(f'{x:.1f}' for x in loads)}; "
        f"at the end (1, 5, 15 min): {load} on {os.cpu_count()} CPUs "
        "(other work on the machine slows the parallel batch most)."
    )
    same = [name for name in naive_sizes if name in fast_sizes]
    print(
        f"Pages: {len(fast_sizes)} batch, {len(naive_sizes)} naive, {len(failed)} failed; "
        f"mean size {sum(fast_sizes.values()) / max(1, len(fast_sizes)) / 1e3:.0f} kB, "
        f"largest {max(fast_sizes.values(), default=0) / 1e3:.0f} kB; {len(same)} units rendered both ways."
    )
    if cli_failed:
        print(f"{cli_failed} CLI naive run(s) failed", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
