"""Render many reports fast: one kernel per worker process, many notebooks per kernel, workers in parallel.

The naive way (papermill, then nbconvert, per unit, one after another) starts a kernel and imports
pandas, matplotlib and the package for every report; here each worker pays that once, reuses one
nbconvert exporter, and the workers share the queue of reports across the machine's cores.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import queue
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..errors import InputError
from .checks import ReportError, report_problems
from .execute import KernelSession, declared_parameters, run_naive
from .files import atomic_write_text
from .html import make_exporter, render_html
from .jobs import ReportJob

__all__ = ["JobResult", "default_workers", "render_batch", "render_job", "render_naive"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class JobResult:
    """The outcome of one report.

    Attributes:
        job: the job.
        ok: the page was written and passed the publication checks.
        path: the file written (``None`` when it failed).
        error: why it failed, in one or two lines.
        seconds: time spent on it (execution and rendering).
        size: bytes written.
        warnings: stderr messages the notebook printed (kept out of the page).
    """

    job: ReportJob
    ok: bool
    path: str | None = None
    error: str | None = None
    seconds: float = 0.0
    size: int = 0
    warnings: int = 0


def default_workers(n_jobs: int) -> int:
    """Worker processes for ``n_jobs`` reports: one per available core, at most 4, at most ``n_jobs``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4, n_jobs))


def describe_error(exc: BaseException) -> str:
    """A short, plain description of why a report failed (the exception, not the whole traceback)."""
    ename = getattr(exc, "ename", None)
    if ename:  # nbclient.CellExecutionError: the error raised inside the notebook
        return _ANSI.sub("", f"{ename}: {getattr(exc, 'evalue', '')}").strip()[:500]
    return _ANSI.sub("", f"{type(exc).__name__}: {exc}").strip()[:500]


def _footer() -> str:
    from .. import __version__

    return f"Báo cáo tạo ngày {dt.date.today():%d/%m/%Y} bằng cchc_analysis {__version__}."


class _NotebookCache:
    def __init__(self) -> None:
        self._nbs: dict[Path, tuple[float, nbformat.NotebookNode]] = {}

    def get(self, path: Path) -> nbformat.NotebookNode:
        mtime = path.stat().st_mtime
        hit = self._nbs.get(path)
        if hit is None or hit[0] != mtime:
            hit = (mtime, nbformat.read(path, as_version=4))
            self._nbs[path] = hit
        return hit[1]


def _parameters_for(nb: nbformat.NotebookNode, job: ReportJob, path: Path) -> dict[str, object]:
    declared = declared_parameters(nb)
    missing = [name for name in job.required if name not in declared]
    if missing:
        raise InputError(
            f"The notebook does not declare the parameter(s) {', '.join(missing)} this report needs.",
            file=path,
            hint="Add them to the cell tagged 'parameters'.",
        )
    return {
        name: value
        for name, value in job.parameters.items()
        if name in declared and (value is not None or name in job.required)
    }


def _publish(
    executed: nbformat.NotebookNode, job: ReportJob, out_dir: Path, exporter
) -> tuple[Path, int, int]:
    warnings = sum(
        1
        for cell in executed.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )
    html = render_html(
        executed, title=job.title, simulated=job.simulated, footer=_footer(), exporter=exporter
    )
    problems = report_problems(html)
    if problems:
        raise ReportError("; ".join(problems))
    target = atomic_write_text(out_dir / job.path, html)
    return target, len(html.encode("utf-8")), warnings


def render_job(
    job: ReportJob,
    *,
    notebooks_dir: str | Path,
    out_dir: str | Path,
    session: KernelSession,
    exporter=None,
    cache: _NotebookCache | None = None,
) -> JobResult:
    """Execute one job's notebook in ``session`` and write its page; never raises for a failing report.

    Args:
        job: the report.
        notebooks_dir: folder holding ``job.notebook``.
        out_dir: report folder; the page goes to ``out_dir / job.path``.
        session: the kernel to run in.
        exporter: an exporter to reuse (:func:`~cchc_analysis.report.html.make_exporter`).
        cache: parsed notebooks to reuse.
    """
    start = time.perf_counter()
    try:
        path = Path(notebooks_dir) / job.notebook
        nb = (cache or _NotebookCache()).get(path)
        executed = session.run(nb, _parameters_for(nb, job, path), cwd=path.parent)
        target, size, warnings = _publish(executed, job, Path(out_dir), exporter)
    except Exception as exc:  # one report failing must not stop the batch
        return JobResult(job, False, error=describe_error(exc), seconds=time.perf_counter() - start)
    return JobResult(job, True, str(target), None, time.perf_counter() - start, size, warnings)


def _worker(tasks, results, notebooks_dir: str, out_dir: str, timeout: int, memoize: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    exporter, cache = make_exporter(), _NotebookCache()
    session = KernelSession(timeout=timeout, memoize=memoize)
    try:
        while True:
            item = tasks.get()
            if item is None:
                break
            i, job = item
            results.put(("start", i, os.getpid(), None))
            kw = {"session": session, "exporter": exporter, "cache": cache}
            result = render_job(job, notebooks_dir=notebooks_dir, out_dir=out_dir, **kw)
            results.put(("done", i, os.getpid(), result))
    finally:
        session.close()


def _progress_bar(total: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="reports", unit="report", disable=not enabled, dynamic_ncols=True)


def render_batch(
    jobs: Iterable[ReportJob],
    out_dir: str | Path,
    *,
    notebooks_dir: str | Path,
    workers: int | None = None,
    progress: bool = True,
    timeout: int = 600,
    memoize: bool = True,
    on_result: Callable[[JobResult], None] | None = None,
) -> list[JobResult]:
    """Render every job; a report that fails is recorded and the others still render.

    Args:
        jobs: the reports (see :func:`~cchc_analysis.report.jobs.plan_reports`).
        out_dir: report folder.
        notebooks_dir: folder of the notebooks.
        workers: worker processes, each with its own kernel; ``1`` runs in this process;
            :func:`default_workers` when ``None``.
        progress: show a progress bar (tqdm, on stderr).
        timeout: seconds one notebook cell may run.
        memoize: let the notebooks of one kernel share the results of load, aggregate, compare…
            (:mod:`cchc_analysis.report.memo`).
        on_result: called with each result as it arrives.

    Returns:
        One result per job, in the order of ``jobs``.
    """
    jobs = list(jobs)
    out_dir, notebooks_dir = Path(out_dir), Path(notebooks_dir)
    results: list[JobResult | None] = [None] * len(jobs)
    if not jobs:
        return []
    n = workers if workers is not None else default_workers(len(jobs))
    n = max(1, min(n, len(jobs)))
    bar = _progress_bar(len(jobs), progress)

    def record(i: int, result: JobResult) -> None:
        results[i] = result
        bar.update(1)
        failed = sum(1 for r in results if r is not None and not r.ok)
        if failed:
            bar.set_postfix(failed=failed)
        if not result.ok:
            bar.write(f"FAILED {result.job.path}: {result.error}", file=sys.stderr)
        if on_result is not None:
            on_result(result)

    try:
        if n == 1:
            exporter, cache = make_exporter(), _NotebookCache()
            with KernelSession(timeout=timeout, memoize=memoize) as session:
                for i, job in enumerate(jobs):
                    kw = {"session": session, "exporter": exporter, "cache": cache}
                    record(i, render_job(job, notebooks_dir=notebooks_dir, out_dir=out_dir, **kw))
        else:
            _run_pool(jobs, n, notebooks_dir, out_dir, record, timeout=timeout, memoize=memoize)
    finally:
        bar.close()
    return [r for r in results if r is not None]


def _run_pool(jobs, n, notebooks_dir, out_dir, record, *, timeout: int, memoize: bool) -> None:
    ctx = mp.get_context("spawn")
    tasks, results_q = ctx.Queue(), ctx.Queue()
    for item in enumerate(jobs):
        tasks.put(item)
    for _ in range(n):
        tasks.put(None)
    procs = [
        ctx.Process(
            target=_worker,
            args=(tasks, results_q, str(notebooks_dir.resolve()), str(out_dir.resolve()), timeout, memoize),
            daemon=True,
        )
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    pending, running = set(range(len(jobs))), {}
    lost = "the worker process stopped unexpectedly"
    try:
        while pending:
            try:
                kind, i, pid, result = results_q.get(timeout=1.0)
            except queue.Empty:
                alive = {p.pid for p in procs if p.is_alive()}
                for pid, j in list(running.items()):
                    if pid not in alive:
                        del running[pid]
                        pending.discard(j)
                        record(j, JobResult(jobs[j], False, error=lost))
                if not alive:
                    for j in sorted(pending):
                        record(j, JobResult(jobs[j], False, error=lost))
                    pending.clear()
                continue
            if kind == "start":
                running[pid] = i
            else:
                running.pop(pid, None)
                if i in pending:
                    pending.discard(i)
                    record(i, result)
        for p in procs:
            p.join(timeout=30)
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
                p.join(timeout=10)


def render_naive(
    jobs: Iterable[ReportJob],
    out_dir: str | Path,
    *,
    notebooks_dir: str | Path,
    scratch_dir: str | Path,
) -> list[JobResult]:
    """The naive loop, for comparison: per report, papermill (a new kernel) then nbconvert (a new exporter).

    Args:
        jobs: the reports.
        out_dir: report folder.
        notebooks_dir: folder of the notebooks.
        scratch_dir: where papermill writes the executed ``.ipynb`` files.
    """
    out = []
    for job in jobs:
        start = time.perf_counter()
        try:
            path = Path(notebooks_dir) / job.notebook
            params = _parameters_for(nbformat.read(path, as_version=4), job, path)
            executed = run_naive(path, params, Path(scratch_dir) / (Path(job.path).stem + ".ipynb"))
            target, size, warnings = _publish(executed, job, Path(out_dir), make_exporter())
            out.append(JobResult(job, True, str(target), None, time.perf_counter() - start, size, warnings))
        except Exception as exc:  # same contract as render_batch
            out.append(JobResult(job, False, error=describe_error(exc), seconds=time.perf_counter() - start))
    return out
