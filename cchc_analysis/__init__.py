"""cchc_analysis: load, check and analyse Vietnam's administrative-reform scores.

Read a province score spreadsheet into the tidy score table::

    import cchc_analysis as cchc
    scores = cchc.read_workbook("data/raw/sample-province/2022/KQ_chi_so_CCHC_2022.xlsx")
    scores = cchc.load()          # everything `cchc ingest` wrote to data/processed
"""

from . import fmt
from .analysis import (
    Selection,
    add_bands,
    aggregate,
    band_par,
    compare,
    diff,
    drilldown,
    gap_to_rank,
    group_means,
    papi_quartiles,
    profile,
    progress,
    rank,
    select_scores,
    strengths_weaknesses,
    trend,
)
from .crosswalk import add_unit_2025, commune_crosswalk_2025, province_crosswalk_2025, to_2025
from .errors import InputError, InputWarning
from .export import export_csv, export_xlsx, neutralise
from .frameworks import Framework, code_key, framework_for, get_framework, list_frameworks
from .frameworks.sheet import framework_of
from .ingest import ingest, load
from .io.layouts import Layout, load_layout, simulated_sources
from .io.reader import read_workbook
from .narrative import narrative
from .schema import COLUMNS, KEY, validate
from .units import Unit, UnitRegistry, canonical_unit, region_of, resolve_unit

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "KEY",
    "Framework",
    "InputError",
    "InputWarning",
    "Layout",
    "Selection",
    "Unit",
    "UnitRegistry",
    "add_bands",
    "add_unit_2025",
    "aggregate",
    "band_par",
    "canonical_unit",
    "code_key",
    "commune_crosswalk_2025",
    "compare",
    "diff",
    "drilldown",
    "export_csv",
    "export_xlsx",
    "fmt",
    "framework_for",
    "framework_of",
    "gap_to_rank",
    "get_framework",
    "group_means",
    "ingest",
    "list_frameworks",
    "load",
    "load_layout",
    "narrative",
    "neutralise",
    "papi_quartiles",
    "profile",
    "progress",
    "province_crosswalk_2025",
    "rank",
    "read_workbook",
    "region_of",
    "resolve_unit",
    "select_scores",
    "simulated_sources",
    "strengths_weaknesses",
    "to_2025",
    "trend",
    "validate",
]
