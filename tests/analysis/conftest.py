"""Fixtures for the analysis tests (the data themselves are built in analysis_data.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_data import build_district_scores, build_papi_scores


@pytest.fixture(scope="session")
def papi_scores() -> pd.DataFrame:
    """The real PAPI panel as ``read_workbook`` gives it: sub-dimension scores of 63 provinces with
    canonical Vietnamese names, 2011–2024 (see :func:`build_papi_scores`)."""
    return build_papi_scores()


@pytest.fixture(scope="session")
def district_scores() -> pd.DataFrame:
    """The hand-made district set (see :func:`build_district_scores`)."""
    return build_district_scores()
