"""Fixtures for the analysis tests (the data themselves are built in analysis_data.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_data import build_district_scores, build_papi_scores


@pytest.fixture(scope="session")
def papi_scores() -> pd.DataFrame:
    """The real PAPI panel, tidy (see :func:`build_papi_scores`)."""
    return build_papi_scores()


@pytest.fixture(scope="session")
def district_scores() -> pd.DataFrame:
    """The hand-made district set (see :func:`build_district_scores`)."""
    return build_district_scores()
