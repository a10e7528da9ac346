"""profile(), strengths_weaknesses(), bands and groups, trend(), diff(), the accessor."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.analysis import (
    PAPI_GROUPS,
    PROFILE_COLUMNS,
    STRENGTH_COLUMNS,
    TREND_COLUMNS,
    add_bands,
    aggregate,
    band_par,
    diff,
    group_means,
    papi_quartiles,
    profile,
    strengths_weaknesses,
    trend,
)
from cchc_analysis.errors import InputError
from cchc_analysis.schema import KEY

SAMPLE_TRUTH = Path(__file__).resolve().parents[2] / "data/raw/sample-province/truth/scores_truth.csv"


@pytest.fixture(scope="module")
def papi_agg(papi_scores):
    return aggregate(papi_scores[papi_scores["year"].between(2016, 2021)])


@pytest.fixture(scope="module")
def district_agg(district_scores):
    return aggregate(district_scores)


def test_profile_against_peers(papi_agg):
    prof = profile(papi_agg, "Quảng Ninh", 2020)
    assert list(prof.columns) == PROFILE_COLUMNS
    by = prof.set_index("component")
    totals = papi_agg[(papi_agg["year"] == 2020) & (papi_agg["component"] == "total")]
    assert by.at["total", "peer_mean"] == pytest.approx(totals["score"].mean())
    assert by.at["total", "peer_median"] == pytest.approx(totals["score"].median())
    assert by.at["total", "peer_best"] == totals["score"].max()
    best = totals.loc[totals["score"].idxmax(), "unit"]
    assert by.at["total", "best_unit"] == best
    assert by.at["total", "rank"] == (totals["score"] > by.at["total", "score"]).sum() + 1
    assert by.at["total", "pct"] == pytest.approx(by.at["total", "score"] / 80 * 100)
    assert list(prof["component"][:3]) == ["total", "1", "1.1"]


def test_strengths_and_weaknesses(papi_agg):
    sw = strengths_weaknesses(papi_agg, "Quảng Ninh", 2020, 2019, n=2)
    assert list(sw.columns) == STRENGTH_COLUMNS
    by_rank = sw[sw["by"] == "rank"]
    assert set(by_rank["component"]) <= {str(d) for d in range(1, 9)}
    strengths = by_rank[by_rank["kind"] == "strength"]
    weaknesses = by_rank[by_rank["kind"] == "weakness"]
    assert len(strengths) == len(weaknesses) == 2
    assert strengths["rank"].max() <= weaknesses["rank"].min()
    change = sw[sw["by"] == "change"]
    assert (change.loc[change["kind"] == "strength", "delta"] > 0).all()
    assert (change.loc[change["kind"] == "weakness", "delta"] < 0).all()
    # Across the 2017 → 2018 break no component is compared by change.
    across = strengths_weaknesses(papi_agg, "Quảng Ninh", 2018, 2017)
    assert (across["by"] == "rank").all()


def test_band_par_thresholds():
    assert [band_par(v) for v in (96.17, 90.0, 89.99, 80.0, 79.99, 70.0, 69.99)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "C",
        None,
    ]
    assert band_par(float("nan")) is None and band_par(None) is None


def test_add_bands_on_par_totals(district_agg):
    out = add_bands(district_agg)
    totals = out[(out["component"] == "total") & (out["period"] == "year")]
    got = totals.set_index(["year", "unit"])["band"]
    assert got[(2022, "Hạ Long")] == "A"  # 67.25 / 70 = 96.1 %
    assert got[(2022, "Hải Hà")] == "B"  # 57.25 / 70 = 81.8 %
    assert pd.isna(got[(2021, "Hải Hà")])
    assert out.loc[out["component"] != "total", "band"].isna().all()


def test_papi_quartiles(papi_agg):
    out = papi_quartiles(papi_agg)
    totals = out[(out["year"] == 2021) & (out["component"] == "total")]
    counts = totals["quartile"].value_counts()
    assert set(counts.index) == set(PAPI_GROUPS)
    assert counts.sum() == 60  # three empty provinces get no group
    assert all(14 <= counts[g] <= 16 for g in PAPI_GROUPS)
    top = totals.loc[totals["score"].idxmax(), "quartile"]
    assert top == "Cao"


def test_group_means_by_peer_group_and_region(papi_agg):
    out = group_means(papi_agg)
    row = out[(out["year"] == 2021) & (out["component"] == "total")]
    assert len(row) == 1 and row["n"].iat[0] == 60
    regions = {
        "Quảng Ninh": "Đồng bằng sông Hồng",
        "Hải Phòng": "Đồng bằng sông Hồng",
        "Đà Nẵng": "Bắc Trung Bộ và Duyên hải miền Trung",
    }
    by_region = group_means(papi_agg[papi_agg["year"] == 2020], by=regions)
    total = by_region[by_region["component"] == "total"].set_index("group")
    raw = papi_agg[(papi_agg["year"] == 2020) & (papi_agg["component"] == "total")]
    raw = raw.set_index("unit")["score"]
    assert total.at["Đồng bằng sông Hồng", "mean"] == pytest.approx(
        (raw["Quảng Ninh"] + raw["Hải Phòng"]) / 2
    )
    assert "Hà Nội" in by_region.attrs["unmapped"]


def test_trend_flags_the_framework_break(papi_agg):
    out = trend(papi_agg, "Quảng Ninh")
    assert list(out.columns) == TREND_COLUMNS
    assert list(out["year"]) == list(range(2016, 2022))
    by = out.set_index("year")
    assert by.at[2018, "break_before"] and not by.at[2019, "break_before"]
    assert not by.at[2016, "break_before"]
    assert by.at[2020, "delta"] == pytest.approx(by.at[2020, "score"] - by.at[2019, "score"])
    # 2017 → 2018 is not like for like (6 → 8 dimensions, out of 60 → 80): Hà Nội has both years,
    # yet no change is given across the break; both scores and ranks stay.
    hn = trend(papi_agg, "Hà Nội").set_index("year")
    assert pd.isna(hn.at[2018, "delta"]) and pd.isna(hn.at[2018, "rank_change"])
    assert hn.at[2018, "score"] == pytest.approx(42.3195, abs=5e-5)
    assert hn.at[2017, "score"] == pytest.approx(34.6313, abs=5e-5)
    assert (hn.at[2017, "rank"], hn.at[2018, "rank"]) == (56, 54)
    assert hn.at[2017, "delta"] == pytest.approx(hn.at[2017, "score"] - hn.at[2016, "score"])
    assert hn.at[2019, "rank_change"] == hn.at[2018, "rank"] - hn.at[2019, "rank"]
    assert hn["delta"].notna().tolist() == [False, True, False, True, True, True]
    assert pd.isna(by.at[2021, "rank"])  # no 2021 survey result
    assert by.at[2020, "rank_change"] == by.at[2019, "rank"] - by.at[2020, "rank"]


def test_diff_self_vs_appraised(district_scores):
    self_ = district_scores[district_scores["stage"] == "self"]
    checked = district_scores[district_scores["stage"] == "appraised"]
    on = [c for c in KEY if c != "stage"]
    out = diff(self_, checked, on=on)
    changed = out[out["status"] == "changed"]
    assert changed["component"].tolist() == ["1.5.1"]
    assert changed["delta"].iat[0] == -0.25
    # The council has not checked areas 3–9 yet: those criteria are only in the self scores.
    only_a = out[out["status"] == "only_a"]
    assert set(only_a["component"].str.split(".").str[0]) == {str(a) for a in range(3, 10)}
    assert (out["status"] != "only_b").all()


def test_diff_value_missing_on_one_side_is_not_a_change():
    """The simulated 9-month file: the council has appraised areas 1–4 only, the other rows are there
    with an empty score. An empty score is not a changed score."""
    truth = pd.read_csv(SAMPLE_TRUTH, dtype={"component": str})
    nine = truth[(truth["period"] == "9M") & (truth["unit"] == "Huyện Núi Thắm")]
    self_, checked = nine[nine["stage"] == "self"], nine[nine["stage"] == "appraised"]
    on = ["unit", "component"]
    out = diff(self_, checked, on=on)
    both = self_.merge(checked, on=on, suffixes=("_a", "_b"))
    assert len(both) == len(self_) == len(checked)  # every key in both versions
    only_self = both[both["score_a"].notna() & both["score_b"].isna()]
    differ = both[both["score_a"].notna() & both["score_b"].notna() & (both["score_a"] != both["score_b"])]
    assert len(only_self) > 0 and len(differ) > 0
    got = out.set_index("component")["status"]
    assert sorted(got[got == "only_a"].index) == sorted(only_self["component"])
    assert sorted(got[got == "changed"].index) == sorted(differ["component"])
    assert set(got) == {"only_a", "changed"}
    assert out.loc[out["status"] == "only_a", "delta"].isna().all()
    assert out.loc[out["status"] == "only_a", "score_a"].notna().all()
    changed = out[out["status"] == "changed"]
    assert changed["delta"].notna().all()
    assert (changed["delta"] == changed["score_b"] - changed["score_a"]).all()
    # Areas 5–9 are not appraised yet; areas 1–4 are, with different numbers.
    assert {"5", "6", "7", "8", "9"} <= set(got[got == "only_a"].index)
    assert {"1", "2", "4"} <= set(changed["component"])
    # The other way round the same rows have the value only in b.
    back = diff(checked, self_, on=on).set_index("component")["status"]
    assert sorted(back[back == "only_b"].index) == sorted(only_self["component"])
    assert (back[back != "only_b"] == "changed").all()


def test_diff_old_vs_corrected_file(district_scores):
    old = district_scores[district_scores["stage"] == "published"]
    fixed = old.copy()
    mask = (fixed["unit"] == "Hải Hà") & (fixed["year"] == 2022) & (fixed["component"] == "3")
    fixed.loc[mask, "score"] = 3.5
    fixed.loc[mask, "rank_published"] = 2
    out = diff(old, fixed)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["status"] == "changed" and row["delta"] == 0.25 and row["rank_published_b"] == 2
    with pytest.raises(InputError, match="repeated key"):
        diff(old, fixed, on=["unit", "year"])


def test_accessor_verbs_and_validation(district_scores):
    agg = district_scores.cchc.aggregate()
    pd.testing.assert_frame_equal(agg, aggregate(district_scores))
    changes = agg.cchc.compare(2022, 2021)
    assert (
        changes.loc[(changes["unit"] == "Vân Đồn") & (changes["component"] == "total"), "rank_change"].iat[0]
        == 2
    )
    assert agg.cchc.drilldown("Vân Đồn", 2022)["component"].iat[0] == "total"
    assert agg.cchc.gap_to_rank("Hải Hà", 2022, 3).attrs["summary"]["points_needed"] == 4.0
    assert agg.cchc.trend("Hạ Long")["year"].tolist() == [2021, 2022]
    assert agg.cchc.codes()[:3] == ["total", "1", "1.1"]
    with pytest.raises(AttributeError, match="missing column"):
        _ = pd.DataFrame({"unit": ["Hạ Long"]}).cchc


def test_results_of_aggregate_can_be_sliced_and_concatenated(district_scores):
    agg = aggregate(district_scores)
    parts = [agg[agg["year"] == 2021], agg[agg["year"] == 2022]]
    joined = pd.concat(parts)
    assert len(joined) == len(parts[0]) + len(parts[1])
    assert isinstance(joined.attrs["disagreements"], pd.DataFrame)
    assert np.isfinite(joined["score"]).any()
