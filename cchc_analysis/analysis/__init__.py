"""Analysis verbs: pure functions on the tidy score table, each returning a new DataFrame.

Typical use::

    from cchc_analysis.analysis import aggregate, compare, drilldown
    scores = aggregate(scores)              # parents and totals from the leaves
    changes = compare(scores, 2023, 2022)   # deltas and rank changes
    lost = drilldown(scores, "Vân Đồn", 2022)
    sel = select_scores("PAPI", 2024)      # a report's year, base year, peer group and rows

The same verbs are on the pandas accessor ``scores.cchc`` (see :mod:`cchc_analysis.accessor`).
"""

from ._common import RANK_GROUP, code_sort_key
from .aggregate import aggregate
from .compare import COMPARE_COLUMNS, compare
from .diff import diff
from .drilldown import DRILLDOWN_COLUMNS, drilldown
from .groups import PAPI_GROUPS, add_bands, band_par, group_means, papi_quartiles
from .profile import PROFILE_COLUMNS, STRENGTH_COLUMNS, profile, strengths_weaknesses
from .progress import PROGRESS_COLUMNS, progress
from .ranking import rank
from .selection import Selection, select_scores
from .targets import GAP_COLUMNS, gap_to_rank
from .trend import TREND_COLUMNS, trend

__all__ = [
    "COMPARE_COLUMNS",
    "DRILLDOWN_COLUMNS",
    "GAP_COLUMNS",
    "PAPI_GROUPS",
    "PROFILE_COLUMNS",
    "PROGRESS_COLUMNS",
    "RANK_GROUP",
    "STRENGTH_COLUMNS",
    "TREND_COLUMNS",
    "Selection",
    "add_bands",
    "aggregate",
    "band_par",
    "code_sort_key",
    "compare",
    "diff",
    "drilldown",
    "gap_to_rank",
    "group_means",
    "papi_quartiles",
    "profile",
    "progress",
    "rank",
    "select_scores",
    "strengths_weaknesses",
    "trend",
]

# Register the ``cchc`` DataFrame accessor whenever the analysis verbs are imported.
from .. import accessor as _accessor  # noqa: F401
