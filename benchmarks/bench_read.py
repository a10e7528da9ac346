"""Time and measure every way of reading the project's spreadsheets, side by side, in one run.

Each method runs in its own child process, so its peak memory (``ru_maxrss``) is its own; inside the
child the read is repeated and the best time kept. Two inputs:

* the commune-level workbook from ``make_big_workbook.py`` (3,321 rows × 85 columns, two-row merged
  header; built first if missing);
* the real PAPI panel, ``data/raw/papi/csv/*.csv`` (14 files, 2011-2024), all files per repetition.

Methods: ``pandas.read_excel`` with openpyxl and with calamine, bare calamine ``to_python()``,
``cchc_analysis.io.grid.read_grid`` (and its guards alone), ``cchc_analysis.read_workbook`` when it
is available, ``pandas.read_csv`` and the standard ``csv`` module for the CSVs.

Usage: ``.venv/bin/python benchmarks/bench_read.py [--repeat N]`` (``make bench``). Prints the
machine and a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIG = HERE / "_work" / "commune_2025.xlsx"
PAPI = sorted((ROOT / "data" / "raw" / "papi" / "csv").glob("*.csv"))

# Each snippet defines run(paths) doing one full read of all paths; the harness times it.
METHODS_XLSX = {
    "pandas.read_excel(engine='openpyxl')": """
import pandas as pd
def run(paths):
    for p in paths:
        pd.read_excel(p, sheet_name=None, header=None, engine="openpyxl")
""",
    "pandas.read_excel(engine='calamine')": """
import pandas as pd
def run(paths):
    for p in paths:
        pd.read_excel(p, sheet_name=None, header=None, engine="calamine")
""",
    "calamine to_python() (no guards)": """
import python_calamine as pc
def run(paths):
    for p in paths:
        wb = pc.CalamineWorkbook.from_path(p)
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
""",
    "read_grid: guards only": """
from cchc_analysis.io.safety import check_zip, sniff_format, xlsx_extents
def run(paths):
    for p in paths:
        sniff_format(p); check_zip(p); xlsx_extents(p)
""",
    "read_grid": """
from cchc_analysis.io.grid import read_grid
def run(paths):
    for p in paths:
        read_grid(p)
""",
    "cchc_analysis.read_workbook": """
from cchc_analysis import read_workbook
def run(paths):
    for p in paths:
        read_workbook(p)
""",
}
METHODS_CSV = {
    "csv module": """
import csv
def run(paths):
    for p in paths:
        with open(p, newline="", encoding="utf-8") as fh:
            list(csv.reader(fh))
""",
    "pandas.read_csv": """
import pandas as pd
def run(paths):
    for p in paths:
        pd.read_csv(p)
""",
    "read_grid": METHODS_XLSX["read_grid"],
    "cchc_analysis.read_workbook": METHODS_XLSX["cchc_analysis.read_workbook"],
}

HARNESS = """
import json, resource, sys, time
def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss would include the parent's RSS at fork time
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
paths = json.loads(sys.argv[1]); repeat = int(sys.argv[2])
try:
{body}
except ImportError as exc:
    print(json.dumps({{"error": "not available (" + str(exc) + ")"}})); sys.exit(0)
base = peak_mb()
best = float("inf")
try:
    for _ in range(repeat):
        start = time.perf_counter(); run(paths); best = min(best, time.perf_counter() - start)
except Exception as exc:
    print(json.dumps({{"error": "failed: " + type(exc).__name__ + ": " + str(exc)[:120]}}))
    sys.exit(0)
peak = peak_mb()
print(json.dumps({{"seconds": best, "rss_mb": peak, "base_mb": base}}))
"""


def measure(snippet: str, paths: list[Path], repeat: int) -> dict:
    """Run one method in a fresh interpreter; returns seconds (best of ``repeat``) and peak RSS."""
    body = textwrap.indent(textwrap.dedent(snippet).strip(), "    ")
    code = HARNESS.format(body=body)
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps([str(p) for p in paths]), str(repeat)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=3600,
    )
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"crashed (exit {proc.returncode}): {tail[:120]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    """One line describing the machine and the library versions."""
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import openpyxl
    import pandas
    import python_calamine

    versions = (
        f"pandas {pandas.__version__}, openpyxl {openpyxl.__version__}, "
        f"python-calamine {getattr(python_calamine, '__version__', '0.9.1')}"
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {versions}"
    )


def table(
    title: str, methods: dict[str, str], paths: list[Path], repeat: int
) -> tuple[list[str], dict[str, float]]:
    """A markdown table of every method, and each method's best time in seconds."""
    lines = [f"**{title}**", "", "| method | best time | peak RSS | RSS after imports |"]
    lines.append("|---|---:|---:|---:|")
    seconds = {}
    for name, snippet in methods.items():
        result = measure(snippet, paths, repeat)
        if "error" in result:
            print(f"{name}: {result['error']}", file=sys.stderr)
            lines.append(f"| {name} | {result['error']} | | |")
            continue
        seconds[name] = result["seconds"]
        lines.append(
            f"| {name} | {result['seconds'] * 1000:,.0f} ms | {result['rss_mb']:,.0f} MB "
            f"| {result['base_mb']:,.0f} MB |"
        )
    return lines, seconds


def ratios(seconds: dict[str, float]) -> list[str]:
    """The ratios the project's targets are stated in, from one run's times."""
    calamine = seconds.get("calamine to_python() (no guards)")
    openpyxl = seconds.get("pandas.read_excel(engine='openpyxl')")
    lines = []
    for name, label in (
        ("read_grid: guards only", "guards"),
        ("read_grid", "read_grid"),
        ("cchc_analysis.read_workbook", "read_workbook"),
    ):
        if name in seconds and calamine:
            lines.append(f"- {label} / bare calamine: {seconds[name] / calamine:.2f}×")
    if "cchc_analysis.read_workbook" in seconds and openpyxl:
        speedup = openpyxl / seconds["cchc_analysis.read_workbook"]
        lines.append(f"- pandas+openpyxl / read_workbook: {speedup:.1f}× (read_workbook is that much faster)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per method (best kept)")
    args = parser.parse_args()
    if not BIG.exists():
        sys.path.insert(0, str(HERE))
        from make_big_workbook import build

        build(BIG)
    print(f"Machine: {machine()}")
    print(f"Best of {args.repeat}; each method in its own process.\n")
    size = BIG.stat().st_size / 1e6
    out, seconds = table(
        f"Commune workbook: {BIG.name}, {size:.1f} MB, 3,324 rows × 85 columns",
        METHODS_XLSX,
        [BIG],
        args.repeat,
    )
    out += ["", *ratios(seconds), ""]
    total = sum(p.stat().st_size for p in PAPI) / 1e3
    out += table(
        f"PAPI panel: {len(PAPI)} CSV files, {total:.0f} KB in all (time for all files)",
        METHODS_CSV,
        PAPI,
        args.repeat,
    )[0]
    print("\n".join(out))


if __name__ == "__main__":
    main()
