"""Property tests (hypothesis): ranks, rank changes, aggregation of leaves."""

from __future__ import annotations

import numpy as np
import pandas as pd
from analysis_data import DISTRICT_GROUP
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.analysis import aggregate, compare, rank
from cchc_analysis.frameworks import get_framework
from cchc_analysis.schema import COLUMNS

FW = get_framework("par-local-2021")
UNITS = ["Hạ Long", "Cẩm Phả", "Uông Bí", "Móng Cái", "Đông Triều", "Quảng Yên", "Vân Đồn"]
# Quarter points so that ties are common.
quarter = st.integers(min_value=0, max_value=280).map(lambda q: q / 4)
maybe_missing = st.one_of(quarter, st.just(float("nan")))


def frame(scores: dict[str, float], *, year: int = 2022, component: str = "total") -> pd.DataFrame:
    """Scores of several units on one component."""
    return pd.DataFrame(
        {
            "index": "PAR",
            "framework": "par-local-2021",
            "year": year,
            "period": "year",
            "stage": "published",
            "unit": list(scores),
            "unit_code": pd.NA,
            "level": "district",
            "peer_group": DISTRICT_GROUP,
            "component": component,
            "component_name": FW.name(component),
            "score": list(scores.values()),
            "max_score": FW.max_score(component, year),
            "rank_published": pd.array([pd.NA] * len(scores), dtype="Int64"),
            "source_file": "x.xlsx",
            "source_sheet": str(year),
            "source_cell": "",
        }
    )[COLUMNS]


@settings(max_examples=60, deadline=None)
@given(st.lists(maybe_missing, min_size=1, max_size=len(UNITS)))
def test_ranks_are_competition_ranks(values):
    units = UNITS[: len(values)]
    out = rank(frame(dict(zip(units, values, strict=True))))
    scored = out[out["score"].notna()]
    assert out.loc[out["score"].isna(), "rank"].isna().all()
    assert (out["rank_of"] == len(scored)).all()
    for _, row in scored.iterrows():
        assert row["rank"] == 1 + (scored["score"] > row["score"]).sum()
    # A permutation with ties: the sorted ranks are 1, then each tie block repeats its first place.
    ranks = sorted(scored["rank"].astype(int))
    assert all(r == ranks[i] or r == i + 1 for i, r in enumerate(ranks))
    assert not ranks or ranks[0] == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(quarter, min_size=2, max_size=len(UNITS)),
    st.lists(
        st.integers(min_value=-20, max_value=20).map(lambda q: q / 4),
        min_size=len(UNITS),
        max_size=len(UNITS),
    ),
)
def test_rank_change_sign_agrees_with_scores(base, moves):
    units = UNITS[: len(base)]
    now = [max(b + m, 0.0) for b, m in zip(base, moves, strict=False)]
    data = pd.concat(
        [
            frame(dict(zip(units, base, strict=True)), year=2021),
            frame(dict(zip(units, now, strict=True)), year=2022),
        ]
    )
    out = compare(data, 2022, 2021).set_index("unit")
    assert (out["rank_change"] == out["rank_base"] - out["rank"]).all()
    delta = out["delta"]
    for unit in units:
        others = delta.drop(unit)
        if delta[unit] > 0 and (others <= 0).all():
            assert out.at[unit, "rank_change"] >= 0
        if delta[unit] < 0 and (others >= 0).all():
            assert out.at[unit, "rank_change"] <= 0
        if (delta == 0).all():
            assert out.at[unit, "rank_change"] == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(quarter, min_size=2, max_size=len(UNITS)),
    st.data(),
    st.integers(min_value=-40, max_value=40).map(lambda q: q / 4),
)
def test_one_unit_moving_alone_moves_its_rank_the_same_way(base, data, move):
    """Only one unit's score changes: its rank can only rise when the score rises (by as many places
    as units it caught up with or passed), only fall when it falls, and stays when it does not change."""
    units = UNITS[: len(base)]
    i = data.draw(st.integers(min_value=0, max_value=len(units) - 1))
    now = list(base)
    now[i] = max(base[i] + move, 0.0)
    table = pd.concat(
        [
            frame(dict(zip(units, base, strict=True)), year=2021),
            frame(dict(zip(units, now, strict=True)), year=2022),
        ]
    )
    out = compare(table, 2022, 2021).set_index("unit")
    change = int(out.at[units[i], "rank_change"])
    others = [b for j, b in enumerate(base) if j != i]
    if now[i] > base[i]:
        # Competition ranking: a unit tied with it already shared its place; it passes those above.
        passed = sum(base[i] < o <= now[i] for o in others)
        assert change == passed >= 0
    elif now[i] < base[i]:
        fell = sum(now[i] < o <= base[i] for o in others)  # strictly above it now, not before
        assert change == -fell <= 0
    else:
        assert change == 0


LEAVES = FW.leaves(2022)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), min_size=len(LEAVES), max_size=len(LEAVES)))
def test_aggregate_of_leaves_equals_total(shares):
    scores = {c: round(FW.max_score(c, 2022) * s, 2) for c, s in zip(LEAVES, shares, strict=True)}
    one = frame({"Vân Đồn": 0.0})
    rows = one.loc[one.index.repeat(len(scores))].assign(
        component=list(scores), score=list(scores.values()), max_score=np.nan
    )
    out = aggregate(rows).set_index("component")
    assert np.isclose(out.at["total", "score"], sum(scores.values()))
    for area in FW.children("total", 2022):
        below = [v for c, v in scores.items() if c.split(".")[0] == area]
        assert np.isclose(out.at[area, "score"], sum(below))
    assert out.at["total", "score"] <= 70 + 1e-9
    assert not out["incomplete"].any()
