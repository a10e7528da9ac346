"""drilldown(), gap_to_rank(), progress() on the district set and the PAPI panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_data import (
    VAN_DON_9M_APPRAISED_EXTRA,
    VAN_DON_9M_ESTIMATE,
    VAN_DON_9M_SELF_LOSSES,
    VAN_DON_2022_LOSSES,
)

import cchc_analysis as cchc
from cchc_analysis.analysis import (
    DRILLDOWN_COLUMNS,
    GAP_COLUMNS,
    PROGRESS_COLUMNS,
    aggregate,
    drilldown,
    gap_to_rank,
    progress,
)
from cchc_analysis.errors import InputError
from cchc_analysis.frameworks import get_framework

FW = get_framework("par-local-2021")


def area_loss(losses: dict[str, float], area: str) -> float:
    return sum(v for k, v in losses.items() if k.split(".")[0] == area)


def test_drilldown_year_end_losses(district_scores):
    dd = drilldown(district_scores, "Vân Đồn", 2022)
    assert list(dd.columns) == DRILLDOWN_COLUMNS
    by = dd.set_index("component")
    assert by.at["total", "points_lost"] == sum(VAN_DON_2022_LOSSES.values())
    for area in map(str, range(1, 10)):
        assert by.at[area, "points_lost"] == pytest.approx(area_loss(VAN_DON_2022_LOSSES, area))
    assert by.at["7.2.2", "points_lost"] == 0.75 and by.at["7.2.2", "parent"] == "7.2"
    assert (dd["survey_open"] == 0).all()  # published year-end: the survey is scored
    # Peers: areas are published for all five districts.
    assert by.at["5", "rank_of"] == 5 and by.at["5", "peer_best"] == 12.0
    assert by.at["total", "rank"] == 2


def test_drilldown_is_a_tree_sorted_by_points_lost(district_scores):
    dd = drilldown(district_scores, "Vân Đồn", 2022)
    assert dd["component"].iat[0] == "total"
    areas = dd[dd["depth"] == 1]
    assert list(areas["points_lost"]) == sorted(areas["points_lost"], reverse=True)
    assert areas["component"].iat[0] == "9"  # bonus: 1.75 of 2.5 not earned
    # Every criterion comes right after its area's block started, before the next area.
    positions = {c: i for i, c in enumerate(dd["component"])}
    for code in dd["component"]:
        parent = FW.parent(code) if code != "total" else None
        if parent:
            assert positions[parent] < positions[code]


def test_drilldown_in_year_counts_survey_as_open(district_scores):
    dd = drilldown(district_scores, "Vân Đồn", 2023, period="9M", stage="self")
    by = dd.set_index("component")
    # Area 5 (công vụ): max 12.75, 4 survey points (5.7, 5.8) not scored, 0.5 lost on 5.2.
    assert by.at["5", "survey_open"] == 4.0
    assert by.at["5", "points_lost"] == 0.5
    assert by.at["5", "headroom"] == 4.5
    assert by.at["5", "score"] == 12.75 - 4.0 - 0.5
    assert np.isnan(by.at["5.7", "score"]) and by.at["5.7", "survey_open"] == 2.0
    survey = sum(FW.max_score(c, 2023) for c in FW.leaves(2023) if FW.kind(c) == "survey")
    assert by.at["total", "survey_open"] == survey == 13.5
    assert by.at["total", "points_lost"] == sum(VAN_DON_9M_SELF_LOSSES.values())


def test_drilldown_papi_province(papi_scores):
    dd = drilldown(aggregate(papi_scores[papi_scores["year"] == 2020]), "Quảng Ninh", 2020)
    by = dd.set_index("component")
    assert round(by.at["total", "score"], 4) == 48.8114
    assert by.at["total", "points_lost"] == pytest.approx(80 - by.at["total", "score"])
    assert by.at["total", "rank_of"] == 63
    assert np.isnan(by.at["1.1", "points_lost"])  # sub-dimension maxima are not published


def test_gap_to_rank_with_a_tie_at_the_target(district_scores):
    # 2022 totals: Hạ Long 67.25, Vân Đồn 64.5, Cẩm Phả 61.25, Uông Bí 61.25, Hải Hà 57.25.
    table = gap_to_rank(aggregate(district_scores), "Hải Hà", 2022, 3)
    summary = table.attrs["summary"]
    assert list(table.columns) == GAP_COLUMNS
    assert summary["rank"] == 5 and summary["rank_of"] == 5
    # Equalling 61.25 shares 3rd place (competition ranking).
    assert summary["target_score"] == 61.25
    assert summary["target_unit"] == "Cẩm Phả, Uông Bí"
    assert summary["points_needed"] == pytest.approx(4.0)
    assert summary["headroom"] == pytest.approx(70 - 57.25)
    assert summary["feasible"] is True
    assert list(table["headroom"]) == sorted(table["headroom"], reverse=True)
    assert table["headroom"].sum() == pytest.approx(70 - 57.25)
    # Rank 4 is held by nobody (tie at 3): reaching 4th needs the same 61.25.
    assert gap_to_rank(district_scores, "Hải Hà", 2022, 4).attrs["summary"]["points_needed"] == 4.0


def test_gap_to_rank_already_there_and_bad_targets(district_scores):
    summary = gap_to_rank(district_scores, "Hạ Long", 2022, 2).attrs["summary"]
    assert summary["points_needed"] == 0.0 and summary["rank"] == 1
    assert summary["target_unit"] == "Cẩm Phả, Uông Bí"  # 2nd best among the others
    with pytest.raises(InputError, match="outside 1…5"):
        gap_to_rank(district_scores, "Hạ Long", 2022, 6)
    with pytest.raises(InputError, match="no 2021 score"):
        gap_to_rank(district_scores, "Hải Hà", 2021, 1)


def test_gap_to_rank_papi_first_place(papi_scores):
    data = aggregate(papi_scores[papi_scores["year"] == 2020])
    table = gap_to_rank(data, "Quảng Ninh", 2020, 1)
    summary = table.attrs["summary"]
    totals = data[data["component"] == "total"].set_index("unit")["score"]
    best = totals.drop("Quảng Ninh").max()
    assert summary["target_score"] == pytest.approx(best)
    expected = max(best - totals["Quảng Ninh"], 0.0)
    assert summary["points_needed"] == pytest.approx(expected)
    assert len(table) == 8


def test_progress_nine_months(district_scores):
    table = progress(district_scores, "Vân Đồn", 2023, "9M")
    assert list(table.columns) == PROGRESS_COLUMNS
    by = table.set_index("component")
    assert list(table["component"]) == [*map(str, range(1, 10)), "total"]
    # Area 1: self 12.5 − 0.5 = 12.0; appraised takes a further 0.25 off.
    assert by.at["1", "self_score"] == 12.0
    assert by.at["1", "appraised_score"] == 12.0 - sum(VAN_DON_9M_APPRAISED_EXTRA.values())
    assert by.at["1", "reached"] == 11.75 and by.at["1", "reached_stage"] == "appraised"
    assert by.at["1", "estimate"] == VAN_DON_9M_ESTIMATE["1"]
    # Area 5: no appraisal yet, the self score counts; 4 survey points open.
    assert by.at["5", "reached_stage"] == "self" and np.isnan(by.at["5", "appraised_score"])
    assert by.at["5", "survey_open"] == 4.0 and by.at["5", "points_lost"] == 0.5
    assert by.at["5", "max_assessable"] == 8.75
    assert by.at["5", "pct_reached"] == pytest.approx(8.25 / 8.75 * 100)
    total = by.loc["total"]
    assert total["reached"] == pytest.approx(table["reached"].iloc[:-1].sum())
    assert total["survey_open"] == 13.5
    expected_lost = sum(VAN_DON_9M_SELF_LOSSES.values()) + 0.25
    assert total["points_lost"] == pytest.approx(expected_lost)
    assert total["max_score"] - total["reached"] - total["survey_open"] == pytest.approx(expected_lost)
    assert total["estimate"] == 64.5


def test_progress_without_in_year_rows_is_an_error(district_scores):
    with pytest.raises(InputError, match="no self-assessed"):
        progress(district_scores, "Hạ Long", 2022, "9M")


def test_drilldown_unknown_unit(district_scores):
    with pytest.raises(InputError, match="no scores for 'Tiên Yên'"):
        drilldown(district_scores, "Tiên Yên", 2022)
    assert isinstance(district_scores, pd.DataFrame)


def test_gap_summary_names_index_and_framework_so_its_sentence_has_the_scale_precision(papi_scores):
    """The gap sentence on its own writes PAPI points with 4 decimals, as the full narrative does."""
    gap = cchc.gap_to_rank(papi_scores, "Đà Nẵng", 2024, 10)
    assert gap.attrs["summary"]["index"] == "PAPI" and gap.attrs["summary"]["framework"] == "papi-2018"
    alone = cchc.narrative(gap=gap, unit="Đà Nẵng")
    needed = cchc.fmt.number(gap.attrs["summary"]["points_needed"], 4)
    assert f"cần thêm {needed} điểm" in alone
    changes = cchc.compare(cchc.aggregate(papi_scores), 2024, 2023)
    full = cchc.narrative(compare=changes, gap=gap, unit="Đà Nẵng")
    assert alone[alone.index("cần thêm") :] in full  # the full narrative adds only the type word


def test_papi_drilldown_sentence_speaks_of_dimensions_and_distance_to_the_maximum(papi_scores):
    """PAPI has no "points lost": the sentence names dimensions (chỉ số nội dung) and their distance
    to the 10-point maximum, to 4 decimals, as the drilldown's summary tells it is PAPI."""
    dd = cchc.drilldown(cchc.aggregate(papi_scores), "Đà Nẵng", 2024)
    assert dd.attrs["summary"]["framework"] == "papi-2018"
    text = cchc.narrative(drilldown=dd, unit="Đà Nẵng")
    areas = dd[dd["component"].str.fullmatch(r"\d")].nlargest(3, "headroom")
    listed = [
        f"{name.lower()} ({cchc.fmt.number(h, 4)} điểm)"
        for name, h in zip(areas["component_name"], areas["headroom"], strict=True)
    ]
    assert text == (
        f"Khoảng cách đến điểm tối đa lớn nhất ở các chỉ số nội dung {listed[0]}, {listed[1]} và {listed[2]}."
    )
    assert "mất" not in text and "lĩnh vực" not in text


def test_paragraph_with_drilldown_and_gap_names_the_areas_once(papi_scores):
    full = cchc.aggregate(papi_scores)
    dd = cchc.drilldown(full, "Đà Nẵng", 2024)
    gap = cchc.gap_to_rank(full, "Đà Nẵng", 2024, 10)
    text = cchc.narrative(compare=cchc.compare(full, 2024, 2023), drilldown=dd, gap=gap, unit="Đà Nẵng")
    assert text.count("quản trị môi trường") == 1 and "Dư địa" not in text
    assert "Dư địa lớn nhất nằm ở" in cchc.narrative(gap=gap)  # alone, the gap sentence names them


def test_papi_gap_on_a_dimension_names_it_as_papi_does(papi_scores):
    gap = cchc.gap_to_rank(cchc.aggregate(papi_scores), "Đà Nẵng", 2024, 1, component="1")
    text = cchc.narrative(gap=gap)
    assert text.startswith("Để đạt hạng 1/61 về chỉ số nội dung 1, Đà Nẵng cần thêm")
    assert "lĩnh vực" not in text
