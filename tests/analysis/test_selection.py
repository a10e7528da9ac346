"""select_scores: the set-up shared by the report notebooks, on the data ingested from data/raw.

``data/processed/scores.parquet`` is what ``make ingest`` (``cchc ingest data/raw --out data/processed``)
writes: the real PAPI panel (one peer group, 2011–2024) and the simulated Hòa Sơn PAR results (two peer
groups, 2021–2023).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import cchc_analysis as cchc
from cchc_analysis.analysis import Selection, select_scores

DATA = Path(__file__).resolve().parents[2] / "data" / "processed"
PAPI_GROUP = "63 tỉnh, thành phố"
DISTRICTS = "Hòa Sơn – Khối huyện"
DEPARTMENTS = "Hòa Sơn – Khối sở"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return cchc.load(DATA)  # `make test` ingests first; a missing file fails, never skips


def _groups_and_years(sel: Selection) -> tuple[set, set, set]:
    return set(sel.scores["peer_group"]), set(sel.scores["year"]), set(sel.current["year"])


# --------------------------------------------------------------------------- a peer group (01, 03)


def test_papi_defaults(table):
    sel = select_scores("PAPI", 2024, data=table)
    assert isinstance(sel, Selection) and cchc.select_scores is select_scores
    assert sel.data is table
    assert (sel.year, sel.base_year, sel.peer_group, sel.unit) == (2024, 2023, PAPI_GROUP, None)
    assert sel.years == tuple(range(2011, 2025))
    assert _groups_and_years(sel) == ({PAPI_GROUP}, {2023, 2024}, {2024})
    assert set(sel.annual["period"]) == {"year"} and set(sel.annual["index"]) == {"PAPI"}
    totals = sel.current[sel.current["component"] == "total"]  # aggregated: totals from the leaves
    assert len(totals) == 63 and totals["score"].notna().sum() == 61
    with pytest.raises(dataclasses.FrozenInstanceError):
        sel.year = 2023


def test_reads_the_data_folder_and_takes_the_year_as_text(table):
    sel = select_scores("PAR", "2022", data=DATA)
    assert (sel.year, sel.base_year, sel.peer_group) == (2022, 2021, DISTRICTS)
    assert len(sel.data) == len(table)


def test_scores_are_the_aggregated_years_of_the_group(table):
    sel = select_scores("PAR", 2023, peer_group=DEPARTMENTS, data=table)
    annual = table[(table["index"] == "PAR") & (table["period"] == "year")]
    expected = cchc.aggregate(
        annual[annual["year"].isin([2023, 2022]) & (annual["peer_group"] == DEPARTMENTS)]
    )
    pd.testing.assert_frame_equal(sel.scores.reset_index(drop=True), expected.reset_index(drop=True))
    assert set(sel.aggregated["peer_group"]) == {DISTRICTS, DEPARTMENTS}  # every group, for group means
    assert set(sel.aggregated["year"]) == {2022, 2023}


def test_year_without_data_lists_the_years(table):
    with pytest.raises(cchc.InputError) as info:
        select_scores("PAPI", 2030, data=table)
    years = ", ".join(str(y) for y in range(2011, 2025))
    assert str(info.value) == f"no annual PAPI scores for 2030. Years with data: {years}."
    with pytest.raises(
        cchc.InputError, match=r"^no annual PAR scores for 2020\. Years with data: 2021, 2022, 2023\.$"
    ):
        select_scores("PAR", 2020, data=table)


def test_index_without_data_says_so(table):
    with pytest.raises(cchc.InputError) as info:
        select_scores("PCI", 2024, data=table)
    assert str(info.value) == "no annual PCI scores for 2024. The data hold no PCI scores."


def test_base_year_defaults_to_the_latest_earlier_year_with_data(table):
    assert select_scores("PAPI", 2018, data=table).base_year == 2017
    assert select_scores("PAPI", 2024, base_year=2020, data=table).base_year == 2020
    assert select_scores("PAPI", 2024, base_year="2019", data=table).base_year == 2019


def test_no_base_year_when_there_is_no_earlier_year(table):
    sel = select_scores("PAR", 2021, data=table)
    assert sel.base_year is None
    assert _groups_and_years(sel) == ({DISTRICTS}, {2021}, {2021})
    assert select_scores("PAPI", 2011, data=table).base_year is None


def test_a_base_year_without_data_is_dropped(table):
    for base in (2030, 2010):
        sel = select_scores("PAPI", 2024, base_year=base, data=table)
        assert sel.base_year is None
        assert set(sel.scores["year"]) == {2024}


def test_peer_group_defaults_to_the_first_group_of_the_year(table):
    assert select_scores("PAR", 2023, data=table).peer_group == DISTRICTS  # sorted: huyện before sở
    sel = select_scores("PAR", 2023, peer_group=DEPARTMENTS, data=table)
    assert sel.peer_group == DEPARTMENTS
    assert _groups_and_years(sel) == ({DEPARTMENTS}, {2022, 2023}, {2023})
    assert sel.scores["unit"].str.startswith("Sở ").all()


def test_wrong_peer_group_lists_the_groups(table):
    with pytest.raises(cchc.InputError) as info:
        select_scores("PAR", 2023, peer_group="Hòa Sơn – Khối xã", data=table)
    assert str(info.value) == (
        f"no peer group 'Hòa Sơn – Khối xã' in 2023. Groups: {DISTRICTS}, {DEPARTMENTS}."
    )
    with pytest.raises(cchc.InputError, match=f"Groups: {PAPI_GROUP}\\.$"):
        select_scores("PAPI", 2024, peer_group=DISTRICTS, data=table)


def test_unit_to_highlight_is_normalised_and_kept_only_when_in_the_group(table):
    nfd = unicodedata.normalize("NFD", "  Sở Tư pháp ")
    sel = select_scores("PAR", 2023, peer_group=DEPARTMENTS, unit=nfd, data=table)
    assert sel.unit == "Sở Tư pháp"
    assert select_scores("PAR", 2023, unit="Sở Tư pháp", data=table).unit is None  # not a district
    assert select_scores("PAPI", 2024, unit="Nowhere", data=table).unit is None
    # A highlight is not looked up among other spellings (as the overview always did).
    assert select_scores("PAPI", 2024, unit="TT-Huế", data=table).unit is None
    assert select_scores("PAPI", 2024, unit="Thừa Thiên Huế", data=table).unit == "Thừa Thiên Huế"


# --------------------------------------------------------------------------- one unit (02)


def test_unit_names_are_resolved(table):
    for spelling, name in [("Da Nang", "Đà Nẵng"), ("TT-Huế", "Thừa Thiên Huế"), ("Đà Nẵng", "Đà Nẵng")]:
        sel = select_scores("PAPI", 2024, unit=spelling, for_unit=True, data=table)
        assert sel.unit == name
    nfd = unicodedata.normalize("NFD", " Quảng Ninh ")
    assert select_scores("PAPI", 2024, unit=nfd, for_unit=True, data=table).unit == "Quảng Ninh"


def test_unit_selection_defaults(table):
    sel = select_scores("PAPI", 2024, unit="Da Nang", for_unit=True, data=table)
    assert (sel.year, sel.base_year, sel.peer_group) == (2024, 2023, PAPI_GROUP)
    assert set(sel.scores["year"]) == set(range(2011, 2025))  # every year, for the trend
    assert set(sel.current["unit"]) >= {"Đà Nẵng", "Hà Nội"}  # the whole group, to rank against


def test_unit_peer_group_is_the_units_own(table):
    sel = select_scores("PAR", 2021, unit="Sở Tư pháp", for_unit=True, data=table)
    assert (sel.peer_group, sel.base_year) == (DEPARTMENTS, None)
    assert _groups_and_years(sel) == ({DEPARTMENTS}, {2021, 2022, 2023}, {2021})
    sel = select_scores("PAR", 2023, unit="Huyện Khe Trúc", for_unit=True, data=table)
    assert (sel.peer_group, sel.base_year) == (DISTRICTS, 2022)


def test_unit_year_without_data_is_kept(table):
    sel = select_scores("PAPI", 2030, unit="Quảng Ninh", for_unit=True, data=table)
    assert (sel.year, sel.base_year, sel.peer_group) == (2030, 2024, PAPI_GROUP)
    assert sel.current.empty
    # A base year given is kept as it is: the profile says when the unit has no score that year.
    assert (
        select_scores("PAPI", 2024, base_year=2030, unit="Quảng Ninh", for_unit=True, data=table).base_year
        == 2030
    )


def test_unknown_unit_lists_units_of_the_index(table):
    with pytest.raises(cchc.InputError) as info:
        select_scores("PAR", 2023, unit="Huyện Không Có", for_unit=True, data=table)
    listed = ", ".join(sorted(table.loc[table["index"] == "PAR", "unit"].unique())[:12])
    assert str(info.value) == (
        f"'Huyện Không Có' has no PAR scores. Check the unit's name; units in the data: {listed}…"
    )
    assert listed.startswith("Huyện Bãi Sương, Huyện Cồn Sẻ,") and listed.count(", ") == 11
    with pytest.raises(cchc.InputError, match=r"^'Hà Nội' has no PAR scores\."):
        select_scores("PAR", 2023, unit="Hà Nội", for_unit=True, data=table)  # known name, other index


def test_unit_index_without_data_lists_the_indices(table):
    with pytest.raises(cchc.InputError) as info:
        select_scores("PCI", 2024, unit="Đà Nẵng", for_unit=True, data=table)
    assert str(info.value) == "no scores of the index 'PCI'. Indices present: PAPI, PAR."
