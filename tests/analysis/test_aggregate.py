"""aggregate(): parents and totals from leaves, on the real PAPI panel and hand-made sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_data import (
    DISTRICT_GROUP,
    PAPI_DIR,
    PAPI_PROVINCES,
    VAN_DON_2022_LOSSES,
    YEARS,
    read_papi_csv,
)

from cchc_analysis.analysis import aggregate
from cchc_analysis.errors import InputError
from cchc_analysis.units import canonical_unit


@pytest.fixture(scope="module")
def papi_agg(papi_scores):
    return aggregate(papi_scores)


def codebook_names() -> dict[str, str]:
    """Province code (P01…P63) → canonical Vietnamese name, from the codebook's English names."""
    book = pd.read_csv(PAPI_DIR / "codebook" / "codebook_provinces.csv", dtype=str)
    pairs = zip(book["Variable_Code"], book["Variable_Name"], strict=True)
    return {code: canonical_unit(name).name for code, name in pairs}


def test_codebook_names_are_the_canonical_vietnamese_names():
    names = codebook_names()
    assert len(set(names.values())) == 63
    assert {code: names[code] for code in PAPI_PROVINCES} == PAPI_PROVINCES


def test_papi_fixture_is_the_reader_output(papi_scores):
    assert set(papi_scores["source_file"].str.rsplit("/", n=1).str[-1]) == {f"{y}.csv" for y in YEARS}
    per_year = papi_scores.groupby("year")["unit"].nunique()
    assert per_year.index.tolist() == list(YEARS) and (per_year == 63).all()
    qn = papi_scores[papi_scores["unit"] == "Quảng Ninh"]
    assert set(qn["unit_code"]) == {"22"}  # GSO code, not the panel's P14
    assert set(papi_scores.loc[papi_scores["year"] == 2017, "framework"]) == {"papi-2011"}
    assert set(papi_scores.loc[papi_scores["year"] == 2018, "framework"]) == {"papi-2018"}
    assert papi_scores["component"].str.fullmatch(r"\d\.\d").all()  # leaves only


def expected_papi(year: int) -> pd.DataFrame:
    """Dimension and total scores summed straight from the CSV (NaN when a published cell is empty),
    indexed by province name."""
    raw = read_papi_csv(year).set_index("Province").rename(index=codebook_names())
    published = [c for c in raw.columns if raw[c].notna().any()]
    dims = {}
    for dim in sorted({c[2] for c in published}):
        cols = [c for c in published if c[2] == dim]
        dims[dim] = raw[cols].sum(axis=1, min_count=len(cols)).where(raw[cols].notna().all(axis=1))
    out = pd.DataFrame(dims)
    out["total"] = out.sum(axis=1).where(out.notna().all(axis=1))
    return out


@pytest.mark.parametrize("year", list(YEARS))
def test_papi_dimensions_and_totals_match_the_panel(papi_agg, year):
    expected = expected_papi(year)
    got = papi_agg[(papi_agg["year"] == year) & papi_agg["component"].str.fullmatch(r"total|\d")]
    got = got.pivot(index="unit", columns="component", values="score")
    got = got[expected.columns].loc[expected.index]
    assert got.shape == (63, 7 if year <= 2017 else 9)
    both = expected.notna()
    assert (got.notna() == both).all().all()
    assert np.allclose(got.round(4)[both].fillna(0), expected.round(4)[both].fillna(0), atol=0)


def test_quang_ninh_2020_total_is_the_published_48_8114(papi_agg):
    row = papi_agg[
        (papi_agg["unit"] == "Quảng Ninh") & (papi_agg["year"] == 2020) & (papi_agg["component"] == "total")
    ]
    assert len(row) == 1
    assert round(float(row["score"].iat[0]), 4) == 48.8114
    assert row["max_score"].iat[0] == 80
    assert bool(row["derived"].iat[0]) and not bool(row["incomplete"].iat[0])


def test_papi_2011_total_is_out_of_60_with_six_dimensions(papi_agg):
    rows = papi_agg[(papi_agg["year"] == 2011) & (papi_agg["unit"] == "Hà Nội")]
    assert set(rows.loc[rows["derived"], "component"]) == {"total", "1", "2", "3", "4", "5", "6"}
    assert rows.loc[rows["component"] == "total", "max_score"].iat[0] == 60


def test_partial_rows_give_missing_flagged_parents(papi_agg):
    # 2018: Quảng Ninh (P14) and Đồng Tháp (P56) have dimensions 2 and 4 empty.
    rows = papi_agg[(papi_agg["year"] == 2018) & (papi_agg["unit"] == "Quảng Ninh")]
    by = rows.set_index("component")
    for code in ("2", "4", "total"):
        assert np.isnan(by.at[code, "score"]) and bool(by.at[code, "incomplete"])
    for code in ("1", "3", "5", "6", "7", "8"):
        assert not np.isnan(by.at[code, "score"]) and not bool(by.at[code, "incomplete"])


def test_empty_provinces_have_no_total(papi_agg):
    # 2021: P14, P15, P18 are empty rows in the panel.
    totals = papi_agg[(papi_agg["year"] == 2021) & (papi_agg["component"] == "total")]
    missing = totals[totals["score"].isna()]
    assert sorted(missing["unit"]) == sorted(PAPI_PROVINCES[c] for c in ("P14", "P15", "P18"))
    assert missing["incomplete"].all()
    assert len(totals) == 63


def test_upstream_quirk_above_3_33_is_kept(papi_agg):
    row = papi_agg[
        (papi_agg["year"] == 2018) & (papi_agg["unit"] == "Đà Nẵng") & (papi_agg["component"] == "8.2")
    ]
    assert round(float(row["score"].iat[0]), 4) == 3.4726
    assert not bool(row["derived"].iat[0])


def test_published_parent_is_kept_and_disagreement_reported(papi_scores):
    qn = papi_scores[(papi_scores["unit"] == "Quảng Ninh") & (papi_scores["year"] == 2020)]
    total = qn.iloc[[0]].assign(component="total", component_name="Tổng", score=48.8114, source_cell="B7")
    # A published dimension 8 that does not match its sub-dimensions (3.1400 in the panel).
    dim8 = qn.iloc[[0]].assign(component="8", component_name="Quản trị điện tử", score=3.2, source_cell="C7")
    out = aggregate(pd.concat([qn, total, dim8], ignore_index=True))
    by = out.set_index("component")
    assert by.at["total", "score"] == 48.8114
    # The total is checked against the parts as published, dimension 8 = 3.2 included.
    assert by.at["total", "score_computed"] == pytest.approx(48.811383 - 3.140034 + 3.2, abs=1e-5)
    assert by.at["8", "score"] == 3.2
    assert round(by.at["8", "score_computed"], 4) == 3.1400
    found = out.attrs["disagreements"]
    assert set(found["component"]) == {"8", "total"}
    assert (found["difference"].abs() > found["tolerance"]).all()


def test_published_parent_within_rounding_is_not_a_disagreement(papi_scores):
    qn = papi_scores[(papi_scores["unit"] == "Quảng Ninh") & (papi_scores["year"] == 2020)]
    total = qn.iloc[[0]].assign(component="total", score=48.8114, source_cell="B7")
    out = aggregate(pd.concat([qn, total], ignore_index=True))
    assert out.attrs["disagreements"].empty
    assert not out.set_index("component").at["total", "derived"]


def test_district_area_scores_sum_to_total_and_missing_area_flags(district_scores):
    out = aggregate(district_scores)
    totals = out[(out["component"] == "total") & (out["period"] == "year")].set_index(["year", "unit"])[
        "score"
    ]
    assert totals[(2021, "Hạ Long")] == 12.0 + 7.0 + 3.75 + 7.25 + 11.5 + 7.0 + 9.0 + 5.75 + 2.0
    assert np.isnan(totals[(2021, "Hải Hà")])  # area 6 missing: no smaller sum
    # Vân Đồn 2022 given criterion by criterion: areas and total come from the leaves.
    vd = out[(out["unit"] == "Vân Đồn") & (out["year"] == 2022)].set_index("component")
    assert vd.at["total", "score"] == 70 - sum(VAN_DON_2022_LOSSES.values()) == 64.5
    assert vd.at["5", "score"] == 12.75 - 0.5 - 0.25 - 0.25
    assert vd.at["7.2", "score"] == 2.5 - 0.75
    assert vd.loc[vd["derived"], "component_name"].notna().all()
    assert (out["peer_group"] == DISTRICT_GROUP).all()


def test_weighted_composite_pci(district_scores):
    subs = [6.5, 7.1, 6.0, 7.2, 6.4, 5.5, 6.8, 6.3, 6.9, 7.0]
    weights = [0.05, 0.05, 0.20, 0.05, 0.10, 0.05, 0.05, 0.20, 0.20, 0.05]
    base = district_scores.iloc[[0] * 10].reset_index(drop=True)
    rows = base.assign(
        index="PCI",
        framework="pci-2013",
        year=2019,
        level="province",
        unit="Quảng Ninh",
        peer_group="63 tỉnh, thành phố",
        component=[str(i) for i in range(1, 11)],
        score=subs,
        max_score=10.0,
    )
    out = aggregate(rows)
    total = out.set_index("component").at["total", "score"]
    assert total == pytest.approx(10 * sum(w * s for w, s in zip(weights, subs, strict=True)))
    assert out.set_index("component").at["total", "max_score"] == 100


def test_component_outside_the_framework_is_an_error(papi_scores):
    row = papi_scores[(papi_scores["year"] == 2012)].iloc[[0]].assign(component="7.1", score=1.2)
    with pytest.raises(InputError, match="not part of the criteria set papi-2011 in 2012"):
        aggregate(pd.concat([papi_scores[papi_scores["year"] == 2012], row]))


def test_input_is_not_modified(district_scores):
    before = district_scores.copy()
    aggregate(district_scores)
    pd.testing.assert_frame_equal(district_scores, before)
