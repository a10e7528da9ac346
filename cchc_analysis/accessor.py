"""The ``cchc`` pandas accessor: the analysis verbs as methods of a tidy score table.

Importing :mod:`cchc_analysis` (or :mod:`cchc_analysis.analysis`) registers it::

    scores.cchc.aggregate().cchc.compare(2023, 2022)
    scores.cchc.drilldown("Vân Đồn", 2022)
"""

from __future__ import annotations

import pandas as pd

from .analysis import _common
from .analysis.aggregate import aggregate
from .analysis.compare import compare
from .analysis.diff import diff
from .analysis.drilldown import drilldown
from .analysis.groups import add_bands, group_means, papi_quartiles
from .analysis.profile import profile, strengths_weaknesses
from .analysis.progress import progress
from .analysis.ranking import rank
from .analysis.targets import gap_to_rank
from .analysis.trend import trend

#: Columns a frame must have for the accessor to be available.
REQUIRED = ["index", "year", "period", "stage", "peer_group", "unit", "component", "score"]


@pd.api.extensions.register_dataframe_accessor("cchc")
class CchcAccessor:
    """Analysis verbs on a tidy score table (``df.cchc.<verb>(...)``).

    Each method calls the function of the same name in :mod:`cchc_analysis.analysis` with the
    frame as its first argument and returns a new frame.

    Raises:
        AttributeError: when the frame lacks a tidy-table column (pandas' convention for an
            accessor that does not apply), naming the missing columns.
    """

    def __init__(self, pandas_obj: pd.DataFrame) -> None:
        missing = [c for c in REQUIRED if c not in pandas_obj.columns]
        if missing:
            raise AttributeError(
                "the cchc accessor needs a tidy score table; missing column(s): " + ", ".join(missing)
            )
        self._obj = pandas_obj

    def aggregate(self) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.aggregate`."""
        return aggregate(self._obj)

    def rank(self) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.rank`."""
        return rank(self._obj)

    def compare(self, year: int, base_year: int, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.compare`."""
        return compare(self._obj, year, base_year, **kwargs)

    def profile(self, unit: str, year: int, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.profile`."""
        return profile(self._obj, unit, year, **kwargs)

    def strengths_weaknesses(
        self, unit: str, year: int, base_year: int | None = None, n: int = 3, **kwargs
    ) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.strengths_weaknesses`."""
        return strengths_weaknesses(self._obj, unit, year, base_year, n, **kwargs)

    def drilldown(self, unit: str, year: int, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.drilldown`."""
        return drilldown(self._obj, unit, year, **kwargs)

    def gap_to_rank(self, unit: str, year: int, target_rank: int, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.gap_to_rank`."""
        return gap_to_rank(self._obj, unit, year, target_rank, **kwargs)

    def progress(self, unit: str, year: int, period: str = "9M", **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.progress`."""
        return progress(self._obj, unit, year, period, **kwargs)

    def add_bands(self) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.add_bands`."""
        return add_bands(self._obj)

    def papi_quartiles(self) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.papi_quartiles`."""
        return papi_quartiles(self._obj)

    def group_means(self, by="peer_group") -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.group_means`."""
        return group_means(self._obj, by)

    def trend(self, unit: str, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.trend`."""
        return trend(self._obj, unit, **kwargs)

    def diff(self, other: pd.DataFrame, **kwargs) -> pd.DataFrame:
        """See :func:`cchc_analysis.analysis.diff` (this frame is version ``a``)."""
        return diff(self._obj, other, **kwargs)

    def units(self) -> list[str]:
        """The units in the table, in order of first appearance."""
        return self._obj["unit"].unique().tolist()

    def codes(self) -> list[str]:
        """The component codes in the table, in framework order."""
        return _common.sort_codes(self._obj["component"].unique())
