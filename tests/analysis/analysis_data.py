"""Test data for the analysis tests: the real PAPI panel (read by ``read_workbook``) and a small
district-level PAR set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from cchc_analysis import read_workbook
from cchc_analysis.frameworks import get_framework
from cchc_analysis.schema import COLUMNS, validate

ROOT = Path(__file__).resolve().parents[2]
PAPI_DIR = ROOT / "data" / "raw" / "papi"
PAPI_GROUP = "63 tỉnh, thành phố"
DISTRICT_GROUP = "Quảng Ninh – cấp huyện"
YEARS = range(2011, 2025)

#: Codebook province codes (P01…P63, GSO order) of the provinces the tests name, with their canonical
#: Vietnamese names: written out here so that the tests check the reader's code → name mapping.
PAPI_PROVINCES = {
    "P01": "Hà Nội",
    "P14": "Quảng Ninh",
    "P15": "Bắc Giang",
    "P18": "Bắc Ninh",
    "P20": "Hải Phòng",
    "P32": "Đà Nẵng",
    "P56": "Đồng Tháp",
}


def read_papi_csv(year: int) -> pd.DataFrame:
    """One year of the panel as published: Province code, then SC11…SC83 (text kept as read)."""
    return pd.read_csv(PAPI_DIR / "csv" / f"{year}.csv", dtype={"Province": str})


def build_papi_scores() -> pd.DataFrame:
    """The PAPI panel 2011–2024 as the reader gives it: a tidy table of sub-dimension (leaf) scores.

    Every ``data/raw/papi/csv/YYYY.csv`` goes through :func:`cchc_analysis.read_workbook` (layout
    ``data/raw/papi/layout.toml``): canonical Vietnamese province names, GSO codes, frameworks
    ``papi-2011`` / ``papi-2018`` by year, empty cells kept as NaN rows.
    """
    files = sorted((PAPI_DIR / "csv").glob("*.csv"))
    assert [int(f.stem) for f in files] == list(YEARS), files
    return validate(pd.concat([read_workbook(f) for f in files], ignore_index=True)[COLUMNS])


# --- a small district-level PAR set (par-local-2021), hand-made -------------------------------
DISTRICTS = ["Hạ Long", "Cẩm Phả", "Uông Bí", "Vân Đồn", "Hải Hà"]

#: Published area scores (areas 1–9) per district and year; 2022 has a tie on the total
#: (Cẩm Phả and Uông Bí both 61.25) and Hải Hà misses area 6 in 2021 (a partial row).
AREA_SCORES = {
    2021: {
        "Hạ Long": [12.0, 7.0, 3.75, 7.25, 11.5, 7.0, 9.0, 5.75, 2.0],
        "Cẩm Phả": [11.5, 6.5, 3.5, 7.0, 11.0, 6.5, 8.5, 5.5, 1.5],
        "Uông Bí": [11.0, 6.75, 3.5, 6.75, 10.75, 6.75, 8.25, 5.25, 1.0],
        "Vân Đồn": [11.25, 6.25, 3.25, 6.5, 10.5, 6.0, 8.0, 5.0, 1.75],
        "Hải Hà": [10.5, 6.0, 3.0, 6.25, 10.0, np.nan, 7.5, 5.0, 0.5],
    },
    2022: {
        "Hạ Long": [12.25, 7.25, 3.75, 7.5, 12.0, 7.25, 9.25, 5.75, 2.25],
        "Cẩm Phả": [11.75, 6.75, 3.5, 7.0, 11.5, 6.75, 8.75, 5.25, 0.0],
        "Uông Bí": [11.5, 7.0, 3.5, 7.0, 11.25, 6.5, 8.5, 5.25, 0.75],
        "Hải Hà": [10.75, 6.25, 3.25, 6.5, 10.25, 6.25, 8.0, 5.0, 1.0],
    },
}

#: Vân Đồn 2022 is given criterion by criterion: full marks except these losses (points).
VAN_DON_2022_LOSSES = {
    "1.3.1": 0.5,
    "1.10": 0.25,
    "2.5": 0.5,
    "4.5": 0.5,
    "5.2": 0.5,
    "5.7": 0.25,
    "5.8": 0.25,
    "7.2.2": 0.75,
    "8.2.1": 0.25,
    "9.1": 1.0,
    "9.3": 0.75,
}

#: In-year (9M 2023) self-assessment of Vân Đồn: full marks except these losses; survey items
#: are not scored yet; bonus 9.2 not claimed.
VAN_DON_9M_SELF_LOSSES = {"1.3.1": 0.5, "2.1.1": 0.25, "5.2": 0.5, "7.2.2": 1.0, "9.2": 0.75}
#: The appraisal council checked areas 1 and 2 only, taking off a further 0.25 on 1.5.1.
VAN_DON_9M_APPRAISED_EXTRA = {"1.5.1": 0.25}
#: The unit's own year-end estimate, survey points included, for the total and areas 1–2.
VAN_DON_9M_ESTIMATE = {"total": 64.5, "1": 11.5, "2": 7.0}


def _row(unit, year, component, score, *, stage="published", period="year", fw=None):
    fw = fw or get_framework("par-local-2021")
    return {
        "index": "PAR",
        "framework": fw.id,
        "year": year,
        "period": period,
        "stage": stage,
        "unit": unit,
        "unit_code": pd.NA,
        "level": "district",
        "peer_group": DISTRICT_GROUP,
        "component": component,
        "component_name": fw.name(component),
        "score": score,
        "max_score": fw.max_score(component, year),
        "rank_published": pd.NA,
        "source_file": "ket_qua_cchc_cap_huyen.xlsx",
        "source_sheet": str(year),
        "source_cell": "",
    }


def leaf_scores(year: int, losses: dict[str, float], *, skip_kinds=()) -> dict[str, float]:
    """Full marks on every leaf of par-local-2021 minus ``losses``, leaving out ``skip_kinds``."""
    fw = get_framework("par-local-2021")
    return {
        code: fw.max_score(code, year) - losses.get(code, 0.0)
        for code in fw.leaves(year)
        if fw.kind(code) not in skip_kinds
    }


def build_district_scores() -> pd.DataFrame:
    """Published district scores 2021–2022 (areas; Vân Đồn 2022 by criterion), plus 9M 2023."""
    rows = []
    for year, table in AREA_SCORES.items():
        for unit, values in table.items():
            for area, value in enumerate(values, start=1):
                rows.append(_row(unit, year, str(area), value))
    for code, value in leaf_scores(2022, VAN_DON_2022_LOSSES).items():
        rows.append(_row("Vân Đồn", 2022, code, value))
    self_scores = leaf_scores(2023, VAN_DON_9M_SELF_LOSSES, skip_kinds=("survey",))
    for code, value in self_scores.items():
        rows.append(_row("Vân Đồn", 2023, code, value, stage="self", period="9M"))
    for code, value in self_scores.items():
        if code.split(".")[0] in {"1", "2"}:
            value = value - VAN_DON_9M_APPRAISED_EXTRA.get(code, 0.0)
            rows.append(_row("Vân Đồn", 2023, code, value, stage="appraised", period="9M"))
    for code, value in VAN_DON_9M_ESTIMATE.items():
        rows.append(_row("Vân Đồn", 2023, code, value, stage="estimate", period="9M"))
    return validate(pd.DataFrame(rows)[COLUMNS])
