"""Offline HTML reports from the notebooks: execute with parameters, render, index.

One report::

    from cchc_analysis.report import plan_reports, render_batch, write_index
    jobs = plan_reports(cchc.load(), data_dir="data/processed", index="PAPI", units=["Đà Nẵng"])
    results = render_batch(jobs, "reports", notebooks_dir="notebooks")
    write_index("reports", results)

Or from the shell: ``cchc report --index PAPI --unit "Đà Nẵng"`` (``python -m cchc_analysis.report``).
"""

from .batch import JobResult, default_workers, render_batch, render_job, render_naive
from .checks import MAX_BYTES, Finding, ReportError, external_references, report_problems
from .cli import add_arguments, cli_report, run
from .execute import KernelSession, declared_parameters, inject_parameters, run_naive
from .files import atomic_write_text, slugify
from .html import SIMULATED_TEXT, make_exporter, render_html
from .index_page import update_manifest, write_index
from .jobs import NOTEBOOKS, ReportJob, default_notebooks_dir, plan_reports

__all__ = [
    "MAX_BYTES",
    "NOTEBOOKS",
    "SIMULATED_TEXT",
    "Finding",
    "JobResult",
    "KernelSession",
    "ReportError",
    "ReportJob",
    "add_arguments",
    "atomic_write_text",
    "cli_report",
    "declared_parameters",
    "default_notebooks_dir",
    "default_workers",
    "external_references",
    "inject_parameters",
    "make_exporter",
    "plan_reports",
    "render_batch",
    "render_html",
    "render_job",
    "render_naive",
    "report_problems",
    "run",
    "run_naive",
    "slugify",
    "update_manifest",
    "write_index",
]
