"""Offline HTML reports from the notebooks: execute with parameters, render, index.

One report::

    from cchc_analysis.report import plan_reports, render_batch, write_index
    jobs = plan_reports(cchc.load(), data_dir="data/processed", index="PAPI", units=["Đà Nẵng"])
    results = render_batch(jobs, "reports", notebooks_dir="notebooks")
    write_index("reports", results)

Or from the shell: ``cchc report --index PAPI --unit "Đà Nẵng"`` (``python -m cchc_analysis.report``).
"""

import importlib

# The names are loaded on first use: rendering needs nbformat, nbconvert and a Jupyter kernel client,
# whose imports take more than a second (jsonschema compiles its format grammars), and ``cchc ingest``,
# ``cchc read`` and ``cchc compare`` load this package for the ``report`` sub-command's options only.
_WHERE = {
    "Finding": "checks",
    "JobResult": "batch",
    "KernelSession": "execute",
    "MAX_BYTES": "checks",
    "NOTEBOOKS": "jobs",
    "ReportError": "checks",
    "ReportJob": "jobs",
    "SIMULATED_TEXT": "html",
    "add_arguments": "cli",
    "atomic_write_text": "files",
    "cli_report": "cli",
    "declared_parameters": "execute",
    "default_notebooks_dir": "jobs",
    "default_workers": "batch",
    "external_references": "checks",
    "inject_parameters": "execute",
    "make_exporter": "html",
    "plan_reports": "jobs",
    "render_batch": "batch",
    "render_html": "html",
    "render_job": "batch",
    "render_naive": "batch",
    "report_problems": "checks",
    "run": "cli",
    "run_naive": "execute",
    "slugify": "files",
    "update_manifest": "index_page",
    "write_index": "index_page",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = sorted(_WHERE)
