"""Shared test helpers: small workbooks written the way provinces publish them."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from hypothesis import settings

from .bounds import watchdog

# On CI (CI=1, set by .ci/run) property tests draw the same examples every run, so a red build always
# points at a change, never at luck; on a developer's machine they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _hang_watchdog():
    """Every test runs under the hang watchdog (tests/bounds.py): a hang ends the run with tracebacks."""
    with watchdog():
        yield


ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PAPI_DIR = RAW / "papi"
SAMPLE_DIR = RAW / "sample-province"


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[object]]],
    merges: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
    font: str | None = None,
    hidden_columns: dict[str, list[str]] | None = None,
) -> Path:
    """Write rows to an .xlsx file (``None`` = empty cell), with merged ranges such as ``"A5:A6"``,
    hidden sheets and hidden columns (``{"KQ": ["F"]}``)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
        for letter in (hidden_columns or {}).get(name, []):
            ws.column_dimensions[letter].hidden = True
        if font:
            for row in ws.iter_rows():
                for cell in row:
                    cell.font = openpyxl.styles.Font(name=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def xlsx(tmp_path):
    """``xlsx(name, sheets, merges=...)`` writes a workbook under tmp_path and returns its path."""

    def make(name: str, sheets, **kwargs) -> Path:
        return write_xlsx(tmp_path / name, sheets, **kwargs)

    return make
