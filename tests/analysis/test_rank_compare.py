"""rank() and compare(): ties, missing units, framework breaks, the 2025 crosswalk."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from analysis_data import PAPI_GROUP, PAPI_PROVINCES, read_papi_csv

from cchc_analysis.analysis import COMPARE_COLUMNS, aggregate, compare, rank
from cchc_analysis.errors import InputError


@pytest.fixture(scope="module")
def papi_agg(papi_scores):
    return aggregate(papi_scores[papi_scores["year"].between(2016, 2024)])


@pytest.fixture(scope="module")
def district_agg(district_scores):
    return aggregate(district_scores)


def test_tied_units_share_the_better_place(district_agg):
    ranked = rank(district_agg)
    totals = ranked[
        (ranked["year"] == 2022) & (ranked["component"] == "total") & (ranked["period"] == "year")
    ].set_index("unit")
    assert totals.loc["Cẩm Phả", "score"] == totals.loc["Uông Bí", "score"] == 61.25
    assert totals["rank"].to_dict() == {
        "Hạ Long": 1,
        "Vân Đồn": 2,
        "Cẩm Phả": 3,
        "Uông Bí": 3,
        "Hải Hà": 5,
    }
    assert (totals["rank_of"] == 5).all()
    assert ranked["rank"].dtype == "Int64" and ranked["rank_of"].dtype == "Int64"


def test_missing_provinces_are_not_ranked_last(papi_agg):
    ranked = rank(papi_agg)
    totals = ranked[(ranked["year"] == 2021) & (ranked["component"] == "total")]
    empty = totals[totals["unit"].isin([PAPI_PROVINCES[c] for c in ("P14", "P15", "P18")])]
    assert len(empty) == 3
    assert empty["rank"].isna().all()
    scored = totals[totals["score"].notna()]
    assert (scored["rank_of"] == 60).all()
    assert scored["rank"].max() == 60
    assert sorted(scored["rank"].astype(int)) == list(range(1, 61))


def test_published_rank_is_kept_and_disagreements_listed(district_agg):
    data = district_agg.copy()
    is_total = (data["year"] == 2022) & (data["component"] == "total") & (data["period"] == "year")
    published = {"Hạ Long": 1, "Vân Đồn": 2, "Cẩm Phả": 3, "Uông Bí": 4, "Hải Hà": 5}
    data.loc[is_total, "rank_published"] = data.loc[is_total, "unit"].map(published).astype("Int64")
    ranked = rank(data)
    found = ranked.attrs["rank_disagreements"]
    assert found[["unit", "rank", "rank_published"]].values.tolist() == [["Uông Bí", 3, 4]]
    kept = ranked[is_total].set_index("unit")["rank_published"]
    assert kept["Uông Bí"] == 4


def test_compare_columns_and_rank_change(district_agg):
    out = compare(district_agg, 2022, 2021)
    assert list(out.columns) == COMPARE_COLUMNS
    total = out[out["component"] == "total"].set_index("unit")
    # Vân Đồn: 4th of 4 in 2021, 2nd of 5 in 2022 -> up 2 places.
    assert total.loc["Vân Đồn", ["rank", "rank_of", "rank_base", "rank_of_base"]].tolist() == [
        2,
        5,
        4,
        4,
    ]
    assert total.loc["Vân Đồn", "rank_change"] == 2
    assert total.loc["Vân Đồn", "delta"] == pytest.approx(64.5 - 58.5)
    assert total.loc["Vân Đồn", "delta_pct"] == pytest.approx((64.5 - 58.5) / 70 * 100)
    assert total.loc["Cẩm Phả", "rank_change"] == -1  # 2nd -> 3rd (tied)
    # Hải Hà had no 2021 total (area 6 missing): no base rank, not comparable.
    assert pd.isna(total.loc["Hải Hà", "rank_base"]) and not total.loc["Hải Hà", "comparable"]
    assert total.loc["Vân Đồn", "comparable"] and not total["reconstructed"].any()


def test_papi_2017_to_2018_is_not_comparable(papi_agg):
    out = compare(papi_agg, 2018, 2017)
    total = out[out["component"] == "total"]
    assert len(total) == 63 and not total["comparable"].any()
    assert (total["framework"] == "papi-2018").all() and (total["framework_base"] == "papi-2011").all()
    # Dimension 7 did not exist in 2017: the row is there, with no base.
    dim7 = out[out["component"] == "7"]
    assert dim7["score_base"].isna().all() and dim7["score"].notna().sum() == 63
    # Across the break no change is given; both sides stay visible.
    assert total["delta"].isna().all() and total["delta_pct"].isna().all()
    assert total["rank_change"].isna().all()
    hn = total.set_index("unit").loc[PAPI_PROVINCES["P01"]]
    raw = {year: read_papi_csv(year).set_index("Province").loc["P01"].sum() for year in (2017, 2018)}
    assert hn["score"] == pytest.approx(raw[2018]) and hn["score_base"] == pytest.approx(raw[2017])
    assert (hn["rank"], hn["rank_base"]) == (54, 56)
    assert total["rank"].notna().sum() == 61 and total["rank_base"].notna().sum() == 63
    later = compare(papi_agg, 2020, 2019)
    later_total = later[later["component"] == "total"]
    assert later_total["comparable"].all()
    assert later_total["delta"].notna().all() and later_total["rank_change"].notna().all()
    qn = later_total.set_index("unit").loc["Quảng Ninh"]
    assert qn["delta"] == pytest.approx(qn["score"] - qn["score_base"]) and qn["rank_change"] == 2


def test_papi_rank_change_matches_ranks_and_missing_units(papi_agg):
    out = compare(papi_agg, 2021, 2020)
    total = out[out["component"] == "total"].set_index("unit")
    qn = total.loc["Quảng Ninh"]  # empty in 2021
    assert pd.isna(qn["rank"]) and pd.isna(qn["rank_change"]) and not qn["comparable"]
    both = total.dropna(subset=["rank", "rank_base"])
    assert (both["rank_change"] == both["rank_base"] - both["rank"]).all()
    assert (total["peer_group"] == PAPI_GROUP).all()


def test_compare_missing_year_is_an_error(district_agg):
    with pytest.raises(InputError, match="no scores for 2019"):
        compare(district_agg, 2022, 2019)


def crosswalk_2025() -> pd.DataFrame:
    """Old → new provinces for three provinces, from the NSO conversion table (derived CSV),
    with the "Tỉnh" prefix taken off to give the panel's canonical names."""
    path = Path(__file__).resolve().parents[1] / "data" / "admin2025" / "province_old_to_new_DERIVED.csv"
    table = pd.read_csv(path, dtype=str)
    names = {
        "Tỉnh Bắc Giang": "Bắc Giang",
        "Tỉnh Bắc Ninh": "Bắc Ninh",
        "Tỉnh Quảng Ninh": "Quảng Ninh",
    }
    rows = table[table["old_prov"].isin(names)]
    return pd.DataFrame({"old_unit": rows["old_prov"].map(names), "new_unit": rows["new_prov"].map(names)})


def test_crosswalk_lines_up_merged_units(papi_agg):
    walk = crosswalk_2025()
    assert sorted(map(tuple, walk.values.tolist())) == [
        ("Bắc Giang", "Bắc Ninh"),
        ("Bắc Ninh", "Bắc Ninh"),
        ("Quảng Ninh", "Quảng Ninh"),
    ]
    base = papi_agg[
        (papi_agg["year"] == 2024) & papi_agg["unit"].isin(["Bắc Giang", "Bắc Ninh", "Quảng Ninh"])
    ]
    # A made-up round on the 34-unit map, two units only, to exercise the line-up.
    new = base[base["unit"].isin(["Bắc Ninh", "Quảng Ninh"])].assign(
        year=2025, peer_group="34 tỉnh, thành phố", score=lambda d: d["score"] + 0.5
    )
    out = compare(pd.concat([base, new]), 2025, 2024, crosswalk=walk)
    total = out[out["component"] == "total"].set_index("unit")
    old = base[base["component"] == "total"].set_index("unit")["score"]
    assert total.loc["Bắc Ninh", "score_base"] == pytest.approx((old["Bắc Giang"] + old["Bắc Ninh"]) / 2)
    assert total.loc["Bắc Ninh", "reconstructed"]
    assert pd.isna(total.loc["Bắc Ninh", "rank_base"])
    assert total.loc["Quảng Ninh", "score_base"] == old["Quảng Ninh"]
    assert not total.loc["Quảng Ninh", "reconstructed"]
    # Peer groups differ across the reorganisation: no "tăng N bậc".
    assert total["rank_change"].isna().all()
    assert total.loc["Quảng Ninh", "delta"] == pytest.approx(0.5)
    assert set(total.index) == {"Bắc Ninh", "Quảng Ninh"}
    assert np.isfinite(total["pct_base"]).all()
