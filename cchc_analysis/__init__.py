"""cchc_analysis: load, check and analyse Vietnam's administrative-reform scores.

Read a province score spreadsheet into the tidy score table::

    import cchc_analysis as cchc
    scores = cchc.read_workbook("data/raw/sample-province/2022/KQ_chi_so_CCHC_2022.xlsx")
    scores = cchc.load()          # everything `cchc ingest` wrote to data/processed
"""

from .crosswalk import add_unit_2025, commune_crosswalk_2025, province_crosswalk_2025, to_2025
from .errors import InputError, InputWarning
from .frameworks import Framework, code_key, framework_for, get_framework, list_frameworks
from .ingest import ingest, load
from .io.layouts import Layout, load_layout
from .io.reader import read_workbook
from .schema import COLUMNS, KEY, validate
from .units import UnitRegistry, canonical_unit, resolve_unit

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "KEY",
    "Framework",
    "InputError",
    "InputWarning",
    "Layout",
    "UnitRegistry",
    "add_unit_2025",
    "canonical_unit",
    "code_key",
    "commune_crosswalk_2025",
    "framework_for",
    "get_framework",
    "ingest",
    "list_frameworks",
    "load",
    "load_layout",
    "province_crosswalk_2025",
    "read_workbook",
    "resolve_unit",
    "to_2025",
    "validate",
]
