"""The rows a report is about: one index's annual scores for a year, a base year, a peer group, a unit.

Every report notebook starts the same way: load the processed table, keep one index's annual rows,
settle the year, the year to compare with, the peer group and the unit from the notebook's parameters
(checking them against the data, with a message listing what there is), and aggregate the years
analysed. :func:`select_scores` does that once::

    sel = select_scores("PAPI", 2024)                       # the overview of a group (01, 03)
    sel.year, sel.base_year, sel.peer_group                  # 2024, 2023, '63 tỉnh, thành phố'
    sel.current                                              # the group's aggregated rows of 2024
    sel = select_scores("PAPI", 2024, unit="Da Nang", for_unit=True)   # one unit's profile (02)
    sel.unit                                                 # 'Đà Nẵng'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..ingest import load
from ..units import resolve_unit
from .aggregate import aggregate

__all__ = ["Selection", "select_scores"]


@dataclass(frozen=True, eq=False)
class Selection:
    """What :func:`select_scores` settled, and the rows that go with it.

    Attributes:
        data: the whole table as loaded (its ``attrs["root"]`` locates the source files).
        annual: the index's annual rows (``period == "year"``), every peer group, not aggregated.
        years: the years with annual scores of the index, in order.
        year: the year assessed.
        base_year: the year compared with, or None.
        peer_group: the peer group.
        unit: the unit's canonical name, or None.
        aggregated: :func:`~cchc_analysis.analysis.aggregate` of the annual rows of the years analysed
            (``year`` and ``base_year``; every year with ``for_unit``), every peer group.
        scores: the rows of ``aggregated`` in the peer group.
    """

    data: pd.DataFrame
    annual: pd.DataFrame
    years: tuple[int, ...]
    year: int
    base_year: int | None
    peer_group: str
    unit: str | None
    aggregated: pd.DataFrame
    scores: pd.DataFrame

    @property
    def current(self) -> pd.DataFrame:
        """The rows of ``scores`` in ``year``."""
        return self.scores[self.scores["year"] == self.year]


def select_scores(
    index: str,
    year: int,
    *,
    base_year: int | None = None,
    peer_group: str | None = None,
    unit: str | None = None,
    for_unit: bool = False,
    data: pd.DataFrame | str | Path | None = None,
) -> Selection:
    """Settle a report's year, base year, peer group and unit, and aggregate the years analysed.

    For a peer group (``for_unit=False``, the overview and content-area reports):

    - ``year`` must have annual scores of ``index``;
    - ``peer_group`` None means the first of the year's groups in alphabetical order;
    - ``base_year`` None means the latest earlier year with annual scores in the group (None when
      there is none); a ``base_year`` without annual scores in the group becomes None;
    - ``unit`` (optional, a unit to highlight) is NFC-normalised, and becomes None when it has no
      row in the group that year;
    - the annual rows of ``year`` and ``base_year`` are aggregated.

    For one unit (``for_unit=True``, the unit profile):

    - ``unit`` must have scores of ``index``; a name that is not in the data is looked up among the
      known spellings (:func:`~cchc_analysis.units.resolve_unit`: ``"Da Nang"`` → ``"Đà Nẵng"``);
    - ``year`` need not have scores (the profile says so and still shows the unit's trend);
    - ``peer_group`` None means the unit's group in ``year``, else its group in another year;
    - ``base_year`` None means the latest year before ``year`` with scores in the group; a given
      ``base_year`` is kept as it is;
    - the annual rows of every year are aggregated.

    Args:
        index: the index (``"PAPI"``, ``"PAR"``…).
        year: the year assessed.
        base_year: the year to compare with.
        peer_group: the peer group.
        unit: the unit (any known spelling with ``for_unit``).
        for_unit: select around one unit instead of a peer group.
        data: the loaded tidy table, or the folder (or file) :func:`~cchc_analysis.ingest.load` reads;
            None: ``data/processed`` found from the working folder.

    Returns:
        A :class:`Selection`.

    Raises:
        InputError: ``year`` without annual scores of ``index`` (listing the years that have them) or a
            ``peer_group`` not in that year (listing the groups); with ``for_unit``, an ``index``
            without scores (listing the indices) or a ``unit`` without scores of ``index``.
    """
    if for_unit:
        unit = unicodedata.normalize("NFC", str(unit).strip())
    year = int(year)
    everything = data if isinstance(data, pd.DataFrame) else load(data)
    if for_unit:
        return _select_for_unit(everything, index, year, base_year, peer_group, unit)

    annual = everything[(everything["index"] == index) & (everything["period"] == "year")]
    years = sorted(int(y) for y in annual["year"].unique())
    if year not in years:
        raise InputError(
            f"no annual {index} scores for {year}.",
            hint=f"Years with data: {', '.join(map(str, years))}."
            if years
            else f"The data hold no {index} scores.",
        )
    groups = sorted(annual.loc[annual["year"] == year, "peer_group"].unique())
    if peer_group is None:
        peer_group = groups[0]
    if peer_group not in groups:
        raise InputError(
            f"no peer group '{peer_group}' in {year}.", hint="Groups: " + ", ".join(groups) + "."
        )
    # the base year is one the group has scores in: another group's earlier year compares nothing
    group_years = {int(y) for y in annual.loc[annual["peer_group"] == peer_group, "year"].unique()}
    if base_year is None:
        base_year = max((y for y in group_years if y < year), default=None)
    base_year = None if base_year is None or int(base_year) not in group_years else int(base_year)
    if unit is not None:
        unit = unicodedata.normalize("NFC", str(unit).strip())

    wanted = [y for y in (year, base_year) if y is not None]
    aggregated = aggregate(annual[annual["year"].isin(wanted)])
    scores = aggregated[aggregated["peer_group"] == peer_group]
    if unit is not None and unit not in set(scores.loc[scores["year"] == year, "unit"]):
        unit = None
    return Selection(everything, annual, tuple(years), year, base_year, peer_group, unit, aggregated, scores)


def _select_for_unit(
    everything: pd.DataFrame,
    index: str,
    year: int,
    base_year: int | None,
    peer_group: str | None,
    unit: str,
) -> Selection:
    raw = everything[everything["index"] == index]
    if raw.empty:
        raise InputError(
            f"no scores of the index '{index}'.",
            hint=f"Indices present: {', '.join(sorted(everything['index'].unique()))}.",
        )
    if unit not in set(raw["unit"]):
        known = resolve_unit(unit)
        if known is not None and known.name in set(raw["unit"]):
            unit = known.name
        else:
            raise InputError(
                f"'{unit}' has no {index} scores.",
                hint="Check the unit's name; units in the data: "
                + ", ".join(sorted(raw["unit"].unique())[:12])
                + "…",
            )
    annual = raw[raw["period"] == "year"]
    if peer_group is None:
        mine = annual[(annual["unit"] == unit) & (annual["year"] == year)]
        groups = (
            mine["peer_group"].unique().tolist()
            or annual.loc[annual["unit"] == unit, "peer_group"].unique().tolist()
        )
        peer_group = groups[0]
    in_group = annual.loc[annual["peer_group"] == peer_group, "year"].unique()
    earlier = sorted(int(y) for y in in_group if y < year)
    if base_year is None:
        base_year = earlier[-1] if earlier else None
    base_year = None if base_year is None else int(base_year)
    years = tuple(sorted(int(y) for y in annual["year"].unique()))
    aggregated = aggregate(annual)
    scores = aggregated[aggregated["peer_group"] == peer_group]
    return Selection(everything, annual, years, year, base_year, peer_group, unit, aggregated, scores)
