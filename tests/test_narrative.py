"""Vietnamese narrative sentences: wording, edge cases, and no number the tables do not hold."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cchc_analysis import fmt
from cchc_analysis.errors import InputError
from cchc_analysis.narrative import (
    describe_compare,
    describe_drilldown,
    describe_gap,
    describe_group,
    describe_progress,
    narrative,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
PAPI = RAW / "papi" / "csv"
SAMPLE = RAW / "sample-province"
# Vietnamese names of the PAPI province codes the tests name (the codebook spells them in ASCII).
PAPI_NAMES = {"P01": "Hà Nội", "P14": "Quảng Ninh", "P20": "Hải Phòng", "P50": "Hồ Chí Minh"}


# --------------------------------------------------------------------------- fixtures


@functools.cache
def _papi_panel(year: int) -> pd.DataFrame:
    return pd.read_csv(PAPI / f"{year}.csv").set_index("Province")


def papi_totals(year: int) -> pd.DataFrame:
    """Total PAPI score per province from the shipped sub-dimension panel, ranked (method min)."""
    panel = _papi_panel(year)
    total = panel.sum(axis=1, min_count=1)
    out = pd.DataFrame({"unit": [PAPI_NAMES.get(c, c) for c in total.index], "score": total.values})
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    out["rank_of"] = int(out["score"].notna().sum())
    return out


def papi_compare(year: int, base_year: int) -> pd.DataFrame:
    """A frame shaped like compare() for the PAPI totals of two years.

    As compare() does, a row is not comparable across a framework change or when a side is missing,
    and a row that is not comparable has no delta and no rank change.
    """
    now, base = papi_totals(year), papi_totals(base_year)
    m = now.merge(base, on="unit", suffixes=("", "_base"))
    framework = "papi-2018" if year >= 2018 else "papi-2011"
    framework_base = "papi-2018" if base_year >= 2018 else "papi-2011"
    comparable = (framework == framework_base) & m["score"].notna() & m["score_base"].notna()
    return pd.DataFrame(
        {
            "index": "PAPI",
            "peer_group": "63 tỉnh, thành phố",
            "unit": m["unit"],
            "component": "total",
            "component_name": "Chỉ số PAPI",
            "year": year,
            "base_year": base_year,
            "score": m["score"],
            "score_base": m["score_base"],
            "delta": (m["score"] - m["score_base"]).where(comparable),
            "max_score": 80.0,
            "pct": np.nan,
            "pct_base": np.nan,
            "delta_pct": np.nan,
            "rank": m["rank"],
            "rank_of": m["rank_of"],
            "rank_base": m["rank_base"],
            "rank_of_base": m["rank_of_base"],
            "rank_change": (m["rank_base"] - m["rank"]).where(comparable),
            "comparable": comparable,
            "reconstructed": False,
            "framework": framework,
            "framework_base": framework_base,
        }
    )


def par_compare(rows: list[dict]) -> pd.DataFrame:
    """A compare() frame for Quảng Ninh's 13 district-level units (PAR, % scale)."""
    base = {
        "index": "PAR",
        "peer_group": "Quảng Ninh – cấp huyện",
        "component": "total",
        "component_name": "Chỉ số cải cách hành chính",
        "year": 2021,
        "base_year": 2020,
        "max_score": 100.0,
        "rank_of": 13,
        "rank_of_base": 13,
        "comparable": True,
        "reconstructed": False,
    }
    out = pd.DataFrame([{**base, **r} for r in rows])
    out["score"] = out["pct"]
    out["score_base"] = out["pct_base"]
    out["delta"] = out["pct"] - out["pct_base"]
    out["delta_pct"] = out["delta"]
    out["rank_change"] = out["rank_base"] - out["rank"]
    return out


PAR_ROWS = [
    {"unit": "Hạ Long", "pct": 93.10, "pct_base": 92.00, "rank": 1, "rank_base": 1},
    {"unit": "Hải Hà", "pct": 86.02, "pct_base": 87.27, "rank": 10, "rank_base": 8},
    {"unit": "Tiên Yên", "pct": 88.32, "pct_base": 86.50, "rank": 6, "rank_base": 9},
    {"unit": "Vân Đồn", "pct": 90.15, "pct_base": 90.20, "rank": 3, "rank_base": 3},
    {"unit": "Cô Tô", "pct": 90.15, "pct_base": 91.40, "rank": 3, "rank_base": 2},
    {"unit": "Quảng Yên", "pct": 89.40, "pct_base": 85.10, "rank": 5, "rank_base": 10},
]

# par-local-2021: content areas, maxima and survey points (see .notes/FRAMEWORK_FORMAT.md).
AREAS = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12.5, 0.0),
    ("2", "Cải cách thể chế", 7.5, 2.5),
    ("3", "Cải cách thủ tục hành chính", 4.0, 0.0),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", 7.75, 2.5),
    ("5", "Cải cách chế độ công vụ", 12.75, 4.0),
    ("6", "Cải cách tài chính công", 7.5, 2.0),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", 9.5, 1.5),
    ("8", "Thực hiện cơ chế một cửa, một cửa liên thông", 6.0, 1.0),
]
AREA_SCORES = [11.75, 5.0, 4.0, 5.0, 8.0, 5.5, 7.75, 4.5]


def drilldown_frame(*, headroom: bool = True) -> pd.DataFrame:
    """Shaped like drilldown(): points_lost excludes the open survey points, headroom includes them."""
    rows = []
    for (c, name, mx, survey), score in zip(AREAS, AREA_SCORES, strict=True):
        rows.append(
            {
                "component": c,
                "component_name": name,
                "parent": "total",
                "depth": 1,
                "kind": "aggregate",
                "score": score,
                "max_score": mx,
                "pct": score / mx * 100,
                "points_lost": mx - score - survey,
                "survey_open": survey,
                "headroom": mx - score,
                "peer_best": mx,
                "peer_mean": score - 0.5,
                "rank": 4,
                "rank_of": 13,
            }
        )
    bonus = {
        **rows[0],
        "component": "9",
        "component_name": "Điểm thưởng",
        "kind": "bonus",
        "score": 1.0,
        "max_score": 2.5,
        "pct": 40.0,
        "points_lost": 1.5,
        "survey_open": 0.0,
        "headroom": 1.5,
    }
    crit = {
        "component": "5.1",
        "component_name": "Thực hiện cơ cấu công chức theo vị trí việc làm",
        "parent": "5",
        "depth": 2,
        "kind": "appraised",
        "score": 1.0,
        "max_score": 1.75,
        "pct": 57.14,
        "points_lost": 0.75,
        "survey_open": 0.0,
        "headroom": 0.75,
        "peer_best": 1.75,
        "peer_mean": 1.2,
        "rank": 7,
        "rank_of": 13,
    }
    frame = pd.DataFrame([*rows, bonus, crit])
    frame = frame.sort_values("points_lost", ascending=False, ignore_index=True)
    return frame if headroom else frame.drop(columns="headroom")


def gap_frame(**summary) -> pd.DataFrame:
    dd = drilldown_frame()
    areas = dd[dd["depth"] == 1].sort_values("headroom", ascending=False, kind="stable")
    cols = ["component", "component_name", "score", "max_score", "points_lost", "survey_open"]
    gap = areas[[*cols, "headroom"]].reset_index(drop=True)
    gap.attrs["summary"] = {
        "unit": "Hải Hà",
        "year": 2021,
        "score": 86.02,
        "rank": 10,
        "rank_of": 13,
        "target_rank": 6,
        "target_unit": "Tiên Yên",
        "target_score": 88.32,
        "points_needed": 2.3,
        "headroom": 17.5,
        "feasible": True,
        "component": "total",
        **summary,
    }
    return gap


def progress_frame(estimate: float = 64.2) -> pd.DataFrame:
    """Shaped like progress(): areas then ``total``; survey points open, reached out of assessable."""
    lost = [0.0, 0.5, 0.0, 1.11, 0.0, 0.0, 0.0, 0.0]
    areas = [
        {
            "component": c,
            "component_name": name,
            "max_score": mx,
            "self_score": mx - survey - pl,
            "appraised_score": np.nan,
            "estimate": np.nan,
            "reached": mx - survey - pl,
            "reached_stage": "self",
            "points_lost": pl,
            "survey_open": survey,
            "max_assessable": mx - survey,
            "pct_reached": (mx - survey - pl) / (mx - survey) * 100 if mx > survey else np.nan,
        }
        for (c, name, mx, survey), pl in zip(AREAS, lost, strict=True)
    ]
    total = {
        "component": "total",
        "component_name": "Tổng",
        "max_score": 80.0,
        "self_score": 51.39,
        "appraised_score": np.nan,
        "estimate": estimate,
        "reached": 51.39,
        "reached_stage": "appraised+self",
        "points_lost": 80.0 - 51.39 - 13.5,
        "survey_open": 13.5,
        "max_assessable": 66.5,
        "pct_reached": 51.39 / 66.5 * 100,
    }
    return pd.DataFrame([*areas, total])


# --------------------------------------------------------------------------- number provenance

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _cells(obj) -> Iterable[object]:
    if isinstance(obj, pd.DataFrame):
        for col in obj.columns:
            yield from obj[col].tolist()
        yield from _cells(obj.attrs.get("summary", {}))
    elif isinstance(obj, pd.Series):
        yield from obj.tolist()
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _cells(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            yield from _cells(v)
    else:
        yield obj


def allowed_numbers(*inputs, decimals: int = 2) -> set[str]:
    """Every way a cell of the inputs may legitimately appear in the text."""
    allowed: set[str] = set()
    for v in _cells(list(inputs)):
        if isinstance(v, str):
            allowed.update(NUMBER.findall(v))
            continue
        if isinstance(v, bool) or fmt.is_missing(v):
            continue
        allowed.add(fmt.number(abs(v), decimals))
        allowed.add(fmt.number(abs(v), decimals, trim=True))
        if float(v) == int(v):
            allowed.update({str(abs(int(v))), f"{abs(int(v)):02d}"})
    return allowed


def invented_numbers(text: str, *inputs, decimals: int = 2, allowed: set[str] | None = None):
    """The numbers in ``text`` that no input cell accounts for."""
    if allowed is None:
        allowed = allowed_numbers(*inputs, decimals=decimals)
    return [n for n in NUMBER.findall(text) if n not in allowed]


def test_the_provenance_check_catches_an_invented_number():
    """66,5 = 80 − 13,5 is true, but without a max_assessable column it is no cell: rejected."""
    prog = progress_frame().drop(columns=["max_assessable", "pct_reached"])
    text = "Sau 9 tháng, đơn vị đạt 51,39/66,5 điểm."
    assert invented_numbers(text, prog, "9 tháng") == ["66,5"]
    assert invented_numbers(text, progress_frame(), "9 tháng") == []
    own = describe_progress(prog)
    assert own.startswith("Sau 9 tháng, đơn vị đạt 51,39/80 điểm, mất 15,11 điểm;")
    assert invented_numbers(own, prog, "9 tháng") == []


# --------------------------------------------------------------------------- compare


def test_compare_target_sentence():
    text = describe_compare(par_compare(PAR_ROWS), "Hải Hà", kind="huyện")
    assert text == (
        "Năm 2021, huyện Hải Hà đạt 86,02%, đứng thứ 10/13, giảm 2 bậc so với năm 2020 (giảm 1,25 điểm %)."
    )


def test_compare_press_style_and_padding():
    text = describe_compare(par_compare(PAR_ROWS), "Quảng Yên", kind="thị xã", pct_style="press")
    assert text == (
        "Năm 2021, thị xã Quảng Yên đạt 89,40%, đứng thứ 5/13, tăng 5 bậc so với năm 2020 (tăng 4,30%)."
    )
    padded = describe_compare(par_compare(PAR_ROWS), "Quảng Yên", pad=True)
    assert "đứng thứ 05/13, tăng 05 bậc" in padded


def test_compare_unchanged_rank_and_first_place():
    cmp = par_compare(PAR_ROWS)
    assert "đứng thứ 6/13, tăng 3 bậc" in describe_compare(cmp, "Tiên Yên")
    assert describe_compare(cmp, "Hạ Long", kind="thành phố") == (
        "Năm 2021, thành phố Hạ Long đạt 93,10%, tiếp tục dẫn đầu (1/13) như năm 2020 (tăng 1,10 điểm %)."
    )
    same = par_compare([{**PAR_ROWS[2], "rank_base": 6}])
    assert "đứng thứ 6/13, giữ nguyên thứ hạng so với năm 2020" in describe_compare(same)
    up = par_compare([{**PAR_ROWS[0], "rank_base": 3}])
    assert "vươn lên dẫn đầu (1/13), tăng 2 bậc so với năm 2020" in describe_compare(up)


def test_compare_ties_name_the_partner():
    cmp = par_compare(PAR_ROWS)
    text = describe_compare(cmp, "Cô Tô", kind="huyện")
    assert text.startswith("Năm 2021, huyện Cô Tô đạt 90,15%, đồng hạng 3/13 với huyện Vân Đồn,")
    assert "giảm 1 bậc so với năm 2020 (giảm 1,25 điểm %)" in text
    assert "đồng hạng 3/13 với Cô Tô" in describe_compare(cmp, "Vân Đồn")


def test_compare_kind_word_is_not_doubled():
    rows = [{**PAR_ROWS[5], "unit": "Thị xã Quảng Yên"}, {**PAR_ROWS[0], "unit": "TP Hạ Long"}]
    cmp = par_compare(rows)
    assert describe_compare(cmp, "Thị xã Quảng Yên", kind="thị xã").startswith(
        "Năm 2021, thị xã Quảng Yên đạt"
    )
    assert describe_compare(cmp, "TP Hạ Long", kind="huyện").startswith("Năm 2021, TP Hạ Long đạt")
    assert describe_compare(cmp, "TP Hạ Long").count("Hạ Long") == 1


def test_compare_real_papi_first_place_kept():
    """Quảng Ninh led PAPI in 2022 (of 63) and 2024 (of 61: two provinces have no data)."""
    cmp = papi_compare(2024, 2022)
    text = describe_compare(cmp, "Quảng Ninh", kind="province", decimals=4)
    assert text == (
        "Năm 2024, tỉnh Quảng Ninh đạt 47,8212 điểm, tiếp tục dẫn đầu (1/61) như năm 2022 "
        "(năm 2022 đứng thứ 1/63; giảm 0,0551 điểm)."
    )
    assert invented_numbers(text, cmp, decimals=4) == []


def test_compare_real_papi_missing_years():
    """The shipped panel has no Quảng Ninh row for 2023: say so, rank nobody last."""
    after = describe_compare(papi_compare(2024, 2023), "Quảng Ninh", kind="tỉnh")
    assert after.startswith("Năm 2024, tỉnh Quảng Ninh đạt 47,8212 điểm, dẫn đầu (1/61);")
    assert after.endswith("năm 2023 chưa có số liệu để so sánh.")
    assert "bậc" not in after
    missing = describe_compare(papi_compare(2023, 2022), "Quảng Ninh", kind="tỉnh")
    assert missing == "Năm 2023, tỉnh Quảng Ninh chưa có số liệu."


def test_compare_real_papi_rank_change_sign_matches_ranks():
    cmp = papi_compare(2024, 2022)
    checked = 0
    for _, row in cmp.dropna(subset=["rank", "rank_base"]).iterrows():
        text = describe_compare(row, decimals=4)
        moved = int(row["rank_base"]) - int(row["rank"])
        if moved > 0:
            assert f"tăng {moved} bậc" in text
        elif moved < 0:
            assert f"giảm {-moved} bậc" in text
        elif int(row["rank"]) != 1:
            assert "giữ nguyên thứ hạng" in text
        checked += 1
    assert checked >= 55


def test_compare_framework_change_is_not_compared():
    """PAPI went from 6 to 8 dimensions in 2018: no rank change, no delta across the break."""
    cmp = papi_compare(2018, 2017)
    text = describe_compare(cmp, "Hà Nội", kind="thành phố")
    assert "bậc" not in text and "tăng" not in text and "giảm" not in text
    assert "Do bộ tiêu chí thay đổi, kết quả năm 2018 không so sánh trực tiếp được với năm 2017." in text
    assert text.startswith("Năm 2018, thành phố Hà Nội đạt ")


def test_compare_reconstructed_units_are_flagged():
    cmp = par_compare(PAR_ROWS).assign(reconstructed=True, year=2025, base_year=2024)
    text = describe_compare(cmp, "Hải Hà")
    assert "số liệu quy đổi theo đơn vị hành chính mới" in text
    assert "giảm 2 bậc so với năm 2024" in text


def test_compare_different_group_sizes_state_the_base_rank():
    cmp = par_compare([{**PAR_ROWS[1], "rank_base": 8}]).assign(rank_of_base=12)
    assert "giảm 2 bậc so với năm 2020 (năm 2020 đứng thứ 8/12; giảm 1,25 điểm %)" in (describe_compare(cmp))


def test_compare_rank_missing_in_base_only():
    cmp = par_compare([{**PAR_ROWS[1], "rank_base": np.nan}])
    text = describe_compare(cmp)
    assert text == (
        "Năm 2021, Hải Hà đạt 86,02%, đứng thứ 10/13, giảm 1,25 điểm % so với năm 2020; "
        "năm 2020 chưa có số liệu xếp hạng để so sánh."
    )


def test_compare_picks_the_total_among_components():
    total = par_compare(PAR_ROWS[1:2])
    area = total.assign(component="5", component_name="Cải cách chế độ công vụ", pct=70.59, delta_pct=-5.1)
    both = pd.concat([area, total], ignore_index=True)
    assert describe_compare(both) == describe_compare(total)
    text = describe_compare(area, kind="huyện")
    assert text.startswith("Năm 2021, lĩnh vực cải cách chế độ công vụ của huyện Hải Hà đạt 70,59%")


def test_compare_bad_input():
    cmp = par_compare(PAR_ROWS)
    with pytest.raises(InputError, match="6 units"):
        describe_compare(cmp)
    with pytest.raises(InputError, match="Hải Hà"):
        describe_compare(cmp, "Hai Ha")  # suggests the right name
    with pytest.raises(InputError, match="rank_change"):
        describe_compare(cmp.drop(columns="rank_change"), "Hải Hà")
    with pytest.raises(InputError):
        describe_compare(cmp, "Hải Hà", measure="rank")
    with pytest.raises(InputError):
        describe_compare([1, 2, 3])


# --------------------------------------------------------------------------- unit names


@pytest.mark.parametrize(
    ("name", "inside"),
    [
        ("Huyện Khe Trúc", "huyện Khe Trúc"),
        ("Thị xã Bến Mây", "thị xã Bến Mây"),
        ("Thành phố Sông Ngọc", "thành phố Sông Ngọc"),
        ("Tỉnh Quảng Ninh", "tỉnh Quảng Ninh"),
        ("Xã Đồng Tâm", "xã Đồng Tâm"),
        ("Phường 4", "phường 4"),
        ("Thị trấn Cái Rồng", "thị trấn Cái Rồng"),
        ("Quận 1", "quận 1"),
        ("Sở Nội vụ", "Sở Nội vụ"),
        ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
        ("TP. Hồ Chí Minh", "TP. Hồ Chí Minh"),
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ],
)
def test_type_words_are_lower_case_inside_a_sentence(name, inside):
    cmp = par_compare([{**PAR_ROWS[1], "unit": name}])
    assert describe_compare(cmp).startswith(f"Năm 2021, {inside} đạt 86,02%, đứng thứ 10/13")
    assert describe_compare(cmp, kind="huyện").startswith(f"Năm 2021, {inside} đạt")  # not doubled
    reached = describe_gap(gap_frame(unit=name, rank=6, points_needed=0.0))
    assert reached == f"{inside[:1].upper()}{inside[1:]} đang đứng thứ 6/13, đã đạt mục tiêu hạng 6/13."


def test_type_words_of_other_units_named_in_the_sentence():
    gap = gap_frame(unit="Huyện Khe Trúc", target_unit="Huyện Vịnh Lục")
    assert describe_gap(gap, n=1).startswith(
        "Để đạt hạng 6/13, huyện Khe Trúc cần thêm 2,30 điểm (đơn vị đang giữ hạng 6: huyện Vịnh Lục, "
        "88,32 điểm)."
    )
    tied = describe_gap(gap_frame(target_unit="Huyện Gò Nhạn, Thị xã Bến Mây"))
    assert "(hạng 6 hiện do huyện Gò Nhạn và thị xã Bến Mây đồng hạng, 88,32 điểm)" in tied
    rows = [{**PAR_ROWS[3], "unit": "Thị xã Bến Mây"}, {**PAR_ROWS[4], "unit": "Thành phố Sông Ngọc"}]
    text = describe_compare(par_compare(rows), "Thị xã Bến Mây")
    assert text.startswith("Năm 2021, thị xã Bến Mây đạt 90,15%, đồng hạng 3/13 với thành phố Sông Ngọc,")
    prog = describe_progress(progress_frame(), unit="Thị trấn Cái Rồng")
    assert prog.startswith("Sau 9 tháng, thị trấn Cái Rồng đạt 51,39/66,5 điểm")


def test_province_word_only_for_province_level_tables():
    """PAPI is a province-level framework: short names get "tỉnh", centrally-run cities "thành phố"."""
    cmp = papi_compare(2024, 2022)
    assert describe_compare(cmp, "Quảng Ninh").startswith("Năm 2024, tỉnh Quảng Ninh đạt 47,8212 điểm")
    assert describe_compare(cmp, "Hà Nội").startswith("Năm 2024, thành phố Hà Nội đạt ")
    assert describe_compare(cmp, "Hải Phòng").startswith("Năm 2024, thành phố Hải Phòng đạt ")
    named = cmp.assign(unit=cmp["unit"].replace({"Quảng Ninh": "Tỉnh Quảng Ninh", "Hà Nội": "TP. Hà Nội"}))
    assert describe_compare(named, "Tỉnh Quảng Ninh").startswith("Năm 2024, tỉnh Quảng Ninh đạt")
    assert describe_compare(named, "TP. Hà Nội").startswith("Năm 2024, TP. Hà Nội đạt")
    # The caller's word wins; a table that does not say the level gets none.
    assert describe_compare(cmp, "Quảng Ninh", kind="thành phố").startswith("Năm 2024, thành phố Quảng")
    district = par_compare(PAR_ROWS[1:2])
    assert describe_compare(district).startswith("Năm 2021, Hải Hà đạt")
    local = district.assign(framework="par-local-2021", framework_base="par-local-2021")
    assert describe_compare(local).startswith("Năm 2021, Hải Hà đạt")
    para = narrative(compare=cmp, gap=gap_frame(unit="Quảng Ninh"), unit="Quảng Ninh")
    assert para.startswith("Năm 2024, tỉnh Quảng Ninh đạt 47,8212 điểm")
    assert "Để đạt hạng 6/13, tỉnh Quảng Ninh cần thêm 2,3000 điểm" in para


# --------------------------------------------------------------------------- scales


@functools.cache
def papi_real() -> pd.DataFrame:
    """The real PAPI panel 2017–2020 through read_workbook and aggregate (dimensions and totals)."""
    from cchc_analysis import aggregate, read_workbook
    from cchc_analysis.schema import COLUMNS

    frames = [read_workbook(PAPI / f"{year}.csv") for year in (2017, 2018, 2019, 2020)]
    return aggregate(pd.concat(frames, ignore_index=True)[COLUMNS])


@functools.cache
def papi_real_compare(year: int, base_year: int) -> pd.DataFrame:
    from cchc_analysis.analysis import compare

    cmp = compare(papi_real(), year, base_year)
    return cmp[cmp["component"].str.count(r"\.") == 0].reset_index(drop=True)  # total and dimensions


def test_papi_is_stated_in_points_with_four_decimals():
    """compare() gives PAPI a pct (score / 80): it is never stated, nor "/80"."""
    cmp = papi_real_compare(2020, 2019)
    total = cmp[cmp["component"] == "total"]
    qn = total[total["unit"] == "Quảng Ninh"].iloc[0]
    assert fmt.number(qn["pct"], 4) == "61,0142"
    assert describe_compare(total, "Quảng Ninh") == (
        "Năm 2020, tỉnh Quảng Ninh đạt 48,8114 điểm, vươn lên dẫn đầu (1/63), tăng 2 bậc so với năm "
        "2019 (tăng 2,1486 điểm)."
    )
    dim = cmp[cmp["component"] == "2"]
    assert describe_compare(dim, "Quảng Ninh") == (
        "Năm 2020, chỉ số nội dung công khai, minh bạch trong việc ra quyết định ở địa phương của tỉnh "
        "Quảng Ninh đạt 6,4988 điểm, tiếp tục dẫn đầu (1/63) như năm 2019 (tăng 0,2113 điểm)."
    )
    assert describe_compare(total, "Quảng Ninh", decimals=2).startswith(
        "Năm 2020, tỉnh Quảng Ninh đạt 48,81 điểm,"
    )


def test_papi_across_the_2018_break_states_both_sides_without_a_change():
    cmp = papi_real_compare(2018, 2017)
    total = cmp[cmp["component"] == "total"]
    assert describe_compare(total, "Hà Nội") == (
        "Năm 2018, thành phố Hà Nội đạt 42,3195 điểm, đứng thứ 54/61. Do bộ tiêu chí thay đổi, kết quả "
        "năm 2018 không so sánh trực tiếp được với năm 2017."
    )


def test_percent_scales_and_points_scales():
    # SIPAS: the score is a satisfaction percentage.
    sipas = par_compare([{**PAR_ROWS[1], "unit": "Cà Mau"}]).assign(
        index="SIPAS", framework="sipas-2022", framework_base="sipas-2022", year=2023, base_year=2022
    )
    assert describe_compare(sipas) == (
        "Năm 2023, tỉnh Cà Mau đạt 86,02%, đứng thứ 10/13, giảm 2 bậc so với năm 2022 (giảm 1,25 điểm %)."
    )
    # Provincial PAR INDEX, out of 100: stated as a percentage.
    par = sipas.assign(index="PAR", framework="par-tinh-2022", framework_base="par-tinh-2022")
    assert describe_compare(par).startswith("Năm 2023, tỉnh Cà Mau đạt 86,02%, đứng thứ 10/13")
    # A district-level set out of 70: points out of the maximum, the % alongside, changes in points.
    local = par_compare(PAR_ROWS[1:2]).assign(
        max_score=70.0, score=65.45, score_base=64.2, delta=1.25, pct=93.5, pct_base=91.71, delta_pct=1.79
    )
    assert describe_compare(local, kind="huyện") == (
        "Năm 2021, huyện Hải Hà đạt 65,45/70 điểm (93,50%), đứng thứ 10/13, giảm 2 bậc so với năm 2020 "
        "(tăng 1,25 điểm)."
    )
    assert describe_compare(local, measure="pct").startswith("Năm 2021, Hải Hà đạt 93,50%,")
    assert describe_compare(local, measure="score").startswith("Năm 2021, Hải Hà đạt 65,45/70 điểm,")
    khe_truc = describe_compare(_sample_compare(2023, 2022), "Huyện Khe Trúc")
    assert khe_truc == (
        "Năm 2023, huyện Khe Trúc đạt 56,09/70 điểm (80,13%), đứng thứ 11/13, giảm 4 bậc so với năm "
        "2022 (giảm 2,37 điểm)."
    )


# --------------------------------------------------------------------------- drilldown


def test_drilldown_target_sentences():
    text = describe_drilldown(drilldown_frame(), n=3)
    assert text == (
        "Lĩnh vực cải cách chế độ công vụ mất 4,75 điểm, trong đó 4 điểm điều tra xã hội học "
        "chưa chấm. Lĩnh vực cải cách tổ chức bộ máy hành chính nhà nước mất 2,75 điểm, trong đó "
        "2,5 điểm điều tra xã hội học chưa chấm. Lĩnh vực cải cách thể chế mất 2,50 điểm, toàn "
        "bộ là điểm điều tra xã hội học chưa chấm. Điểm thưởng đạt 1,00/2,5 điểm."
    )


def test_drilldown_limits_criteria_and_bonus():
    text = describe_drilldown(drilldown_frame(), n=1)
    assert text.count(".") == 2 and "5.1" not in text and "cơ cấu công chức" not in text
    assert "mất 1,50" not in text  # a bonus not earned is not a point lost
    year_end = drilldown_frame().assign(
        survey_open=0.0, points_lost=lambda d: d["headroom"], kind="aggregate"
    )
    assert describe_drilldown(year_end, n=1) == "Lĩnh vực cải cách chế độ công vụ mất 4,75 điểm."


def test_drilldown_without_headroom_keeps_the_two_figures_apart():
    text = describe_drilldown(drilldown_frame(headroom=False), n=2)
    assert text == (
        "Lĩnh vực cải cách chế độ công vụ mất 0,75 điểm; còn 4 điểm điều tra xã hội học chưa "
        "chấm. Lĩnh vực công tác chỉ đạo, điều hành cải cách hành chính mất 0,75 điểm. Điểm "
        "thưởng đạt 1,00/2,5 điểm."
    )
    assert "4,75" not in text  # never the sum of two cells


def test_drilldown_nothing_lost_and_empty():
    perfect = drilldown_frame().assign(
        points_lost=0.0, survey_open=0.0, headroom=0.0, score=lambda d: d["max_score"]
    )
    assert describe_drilldown(perfect) == ("Không lĩnh vực nào bị mất điểm. Điểm thưởng đạt 2,50/2,5 điểm.")
    empty = drilldown_frame().iloc[0:0]
    assert describe_drilldown(empty) == "Chưa có số liệu chi tiết theo lĩnh vực."
    with pytest.raises(InputError):
        describe_drilldown(drilldown_frame(), n=0)
    with pytest.raises(InputError, match="survey_open"):
        describe_drilldown(drilldown_frame().drop(columns="survey_open"))


# --------------------------------------------------------------------------- gap


def test_gap_target_sentence_and_headroom():
    text = describe_gap(gap_frame(), kind="huyện")
    assert text == (
        "Để đạt hạng 6/13, huyện Hải Hà cần thêm 2,30 điểm (đơn vị đang giữ hạng 6: Tiên Yên, "
        "88,32 điểm). Dư địa lớn nhất nằm ở các lĩnh vực cải cách chế độ công vụ (4,75 điểm), "
        "cải cách tổ chức bộ máy hành chính nhà nước (2,75 điểm) và cải cách thể chế (2,50 điểm)."
    )


def test_gap_tied_holders_infeasible_and_reached():
    tied = describe_gap(gap_frame(target_unit="Tiên Yên, Ba Chẽ", feasible=False, headroom=1.8))
    assert "(hạng 6 hiện do Tiên Yên và Ba Chẽ đồng hạng, 88,32 điểm)" in tied
    assert "vượt quá tổng dư địa còn lại của đơn vị (1,80 điểm)" in tied
    as_list = describe_gap(gap_frame(target_unit=["Tiên Yên", "Ba Chẽ"]))
    assert "hiện do Tiên Yên và Ba Chẽ đồng hạng" in as_list
    reached = describe_gap(gap_frame(rank=6, points_needed=0.0), kind="huyện")
    assert reached == "Huyện Hải Hà đang đứng thứ 6/13, đã đạt mục tiêu hạng 6/13."
    better = describe_gap(gap_frame(rank=3, points_needed=0.0))
    assert better == "Hải Hà đang đứng thứ 3/13, đã vượt mục tiêu hạng 6/13."
    area = describe_gap(gap_frame(component="5"), n=1)
    assert area.startswith("Để đạt hạng 6/13 về lĩnh vực 5, Hải Hà cần thêm 2,30 điểm")
    none = describe_gap(gap_frame(score=np.nan, rank=None))
    assert none == "Năm 2021, Hải Hà chưa có số liệu xếp hạng."
    unknown = describe_gap(gap_frame(points_needed=np.nan), n=1)
    assert unknown == (
        "Để đạt hạng 6/13, Hải Hà cần vượt Tiên Yên (88,32 điểm). Dư địa lớn nhất nằm ở "
        "lĩnh vực cải cách chế độ công vụ (4,75 điểm)."
    )
    with pytest.raises(InputError, match="target rank"):
        describe_gap(gap_frame(target_rank=None))


def test_gap_requires_its_summary():
    gap = gap_frame()
    gap.attrs = {}
    with pytest.raises(InputError, match="summary"):
        describe_gap(gap)
    partial = gap_frame()
    del partial.attrs["summary"]["points_needed"]
    with pytest.raises(InputError, match="points_needed"):
        describe_gap(partial)


# --------------------------------------------------------------------------- progress


def test_progress_target_sentence():
    text = describe_progress(progress_frame())
    assert text == (
        "Sau 9 tháng, đơn vị đạt 51,39/66,5 điểm (77,28%), mất 15,11 điểm; còn 13,5 điểm điều "
        "tra xã hội học chấm cuối năm; dự kiến cả năm đạt 64,20 điểm. Điểm bị mất nhiều nhất ở "
        "các lĩnh vực cải cách tổ chức bộ máy hành chính nhà nước (1,11 điểm) và cải cách thể chế "
        "(0,50 điểm)."
    )


def test_progress_stage_wording_estimate_and_missing_data():
    self_only = progress_frame(estimate=np.nan).assign(reached_stage="self")
    text = describe_progress(self_only, "6 tháng đầu năm", unit="Hải Hà")
    assert text.startswith("Sau 6 tháng đầu năm, Hải Hà tự đánh giá đạt 51,39/66,5 điểm (77,28%)")
    assert "dự kiến" not in text
    checked = progress_frame().assign(reached_stage="appraised")
    assert "đạt 51,39/66,5 điểm (77,28%) theo kết quả thẩm định, mất" in describe_progress(checked)
    blank = progress_frame().assign(reached=np.nan)
    assert describe_progress(blank, "quý I") == "Sau quý I, đơn vị chưa có số liệu tự đánh giá."
    with pytest.raises(InputError, match="total"):
        describe_progress(progress_frame().iloc[:-1])


# --------------------------------------------------------------------------- paragraph


def test_narrative_paragraph_holds_only_table_numbers():
    cmp, dd, gap, prog = par_compare(PAR_ROWS), drilldown_frame(), gap_frame(), progress_frame()
    text = narrative(compare=cmp, drilldown=dd, gap=gap, progress=prog, kind="huyện")
    assert text.startswith("Năm 2021, huyện Hải Hà đạt 86,02%, đứng thứ 10/13, giảm 2 bậc")
    assert "Sau 9 tháng, huyện Hải Hà đạt 51,39/66,5 điểm" in text
    assert invented_numbers(text, cmp, dd, gap, prog, "9 tháng") == []
    assert unicodedata.is_normalized("NFC", text)


def test_every_branch_holds_only_table_numbers():
    texts = []
    for year, base in [(2024, 2022), (2018, 2017), (2024, 2023), (2023, 2022)]:
        cmp = papi_compare(year, base)
        allowed = allowed_numbers(cmp, decimals=4)
        for unit in cmp["unit"]:
            text = describe_compare(cmp, unit, decimals=4)
            assert invented_numbers(text, allowed=allowed) == [], text
            texts.append(text)
    cmp = par_compare(PAR_ROWS)
    for unit in cmp["unit"]:
        for style in ("points", "press"):
            text = describe_compare(cmp, unit, pct_style=style, pad=True)
            assert invented_numbers(text, cmp) == [], text
    gaps = [
        gap_frame(),
        gap_frame(target_unit="Tiên Yên, Ba Chẽ", feasible=False),
        gap_frame(rank=3),
        gap_frame(points_needed=None),
    ]
    for gap in gaps:
        assert invented_numbers(describe_gap(gap), gap) == []
    for n in (1, 3, 8):
        assert invented_numbers(describe_drilldown(drilldown_frame(), n), drilldown_frame()) == []
    assert any("không so sánh" in t for t in texts) and any("chưa có số liệu" in t for t in texts)


@pytest.mark.parametrize("years", [(2020, 2019), (2018, 2017)])
def test_real_papi_comparisons_hold_only_table_numbers(years):
    """compare() on the real panel, every province, the total and each dimension: PAPI in points only."""
    cmp = papi_real_compare(*years)
    allowed = allowed_numbers(cmp, decimals=4)
    checked = 0
    for _, rows in cmp.groupby("component"):
        for unit in rows["unit"]:
            text = describe_compare(rows, unit)
            assert invented_numbers(text, allowed=allowed) == [], text
            assert "%" not in text and "/80" not in text and "/10 " not in text, text
            checked += 1
    assert checked == 63 * (1 + (8 if years[0] >= 2018 else 6))


def test_simulated_comparisons_hold_only_table_numbers():
    """compare() on the simulated province (points out of 70 with the %), every unit and area."""
    cmp = _sample_compare(2023, 2022)
    cmp = cmp[cmp["component"].str.count(r"\.") == 0]
    allowed = allowed_numbers(cmp)
    for _, rows in cmp.groupby("component"):
        for unit in rows["unit"]:
            text = describe_compare(rows, unit)
            assert invented_numbers(text, allowed=allowed) == [], text


def test_narrative_uses_the_gap_unit_and_normalises_text():
    nfd = unicodedata.normalize("NFD", "Hải Hà")
    gap = gap_frame(unit=nfd)
    text = narrative(gap=gap, progress=progress_frame())
    assert unicodedata.is_normalized("NFC", text)
    assert "Sau 9 tháng, Hải Hà đạt" in text and "Hải Hà cần thêm" in text


def test_narrative_needs_a_table():
    with pytest.raises(InputError):
        narrative()


# --------------------------------------------------------------------------- end to end


@functools.cache
def sample_scores() -> pd.DataFrame:
    """The simulated province's ground truth (every node, 2021–2023 and the 9-month file), tidy."""
    from cchc_analysis.frameworks import get_framework
    from cchc_analysis.schema import validate

    truth = pd.read_csv(SAMPLE / "truth" / "scores_truth.csv", dtype={"component": str, "source_file": str})
    units = pd.read_csv(SAMPLE / "units.csv")
    fw = get_framework("par-local-2021")
    return validate(
        pd.DataFrame(
            {
                "index": "PAR",
                "framework": fw.id,
                "year": truth["year"],
                "period": truth["period"],
                "stage": truth["stage"],
                "unit": truth["unit"],
                "unit_code": pd.NA,
                "level": truth["unit"].map(dict(zip(units["unit"], units["level"], strict=True))),
                "peer_group": truth["peer_group"],
                "component": truth["component"],
                "component_name": truth["component"].map(fw.name),
                "score": truth["score"],
                "max_score": truth["max_score"],
                "rank_published": truth["rank"].astype("Int64"),
                "source_file": truth["source_file"].fillna(""),
                "source_sheet": "",
                "source_cell": "",
            }
        )
    )


@functools.cache
def _sample_compare(year: int, base_year: int) -> pd.DataFrame:
    from cchc_analysis.analysis import compare

    return compare(sample_scores(), year, base_year)


def test_end_to_end_with_the_analysis_verbs():
    """compare → drilldown → gap_to_rank → progress on the simulated province, then the text."""
    from cchc_analysis.analysis import compare, drilldown, gap_to_rank, progress

    scores = sample_scores()
    cmp = compare(scores, 2022, 2021)
    # The documented tie of 2022: Lũng Mây and Gò Nhạn share rank 10 of 13.
    assert describe_compare(cmp, "Huyện Lũng Mây") == (
        "Năm 2022, huyện Lũng Mây đạt 56,03/70 điểm (80,04%), đồng hạng 10/13 với huyện Gò Nhạn, "
        "giảm 1 bậc so với năm 2021 (tăng 0,17 điểm)."
    )
    assert "tiếp tục dẫn đầu (1/13) như năm 2021" in describe_compare(cmp, "Huyện Núi Thắm")
    allowed = allowed_numbers(cmp)
    for unit in cmp["unit"].unique():
        text = describe_compare(cmp, unit)
        assert invented_numbers(text, allowed=allowed) == [], text

    gap = gap_to_rank(scores, "Huyện Đèo Gió", 2022, 10)
    assert describe_gap(gap).startswith(
        "Để đạt hạng 10/13, huyện Đèo Gió cần thêm 2,96 điểm (hạng 10 hiện do huyện Gò Nhạn và "
        "huyện Lũng Mây đồng hạng, 56,03 điểm)."
    )
    # Target 11: nobody holds it, because the two units to match tie on rank 10.
    beyond = gap_to_rank(scores, "Huyện Đèo Gió", 2022, 11)
    assert beyond.attrs["summary"]["target_unit_rank"] == 10
    assert describe_gap(beyond).startswith(
        "Để đạt hạng 11/13, huyện Đèo Gió cần thêm 2,96 điểm để bằng điểm huyện Gò Nhạn và huyện "
        "Lũng Mây (56,03 điểm; các đơn vị này đồng hạng 10, không có đơn vị nào đứng hạng 11); khi đó "
        "huyện Đèo Gió sẽ đồng hạng 10."
    )
    assert invented_numbers(describe_gap(beyond), beyond, beyond.attrs["summary"]) == []
    dd = drilldown(scores, "Huyện Đèo Gió", 2022)
    prog = progress(scores, "Huyện Núi Thắm", 2023, "9M")
    assert describe_progress(prog, unit="Huyện Núi Thắm").startswith(
        "Sau 9 tháng, huyện Núi Thắm đạt 46,25/56,5 điểm (81,86%), mất 10,25 điểm; còn 13,5 "
        "điểm điều tra xã hội học chấm cuối năm; dự kiến cả năm đạt 59,20 điểm."
    )
    text = narrative(compare=cmp, drilldown=dd, gap=gap)
    assert text.startswith("Năm 2022, huyện Đèo Gió đạt ")
    assert "Điểm thưởng" not in text or "Điểm thưởng đạt" in text
    assert invented_numbers(text, cmp, dd, gap) == []
    assert invented_numbers(describe_progress(prog), prog) == []


# --------------------------------------------------------------------------- peer group


def _group_rows(
    scores: list[float | None], year: int = 2023, framework: str = "par-local-2021"
) -> pd.DataFrame:
    units = ["Huyện Núi Thắm", "Huyện Lũng Mây", "Huyện Gò Nhạn", "Thị xã Bến Mây"][: len(scores)]
    return pd.DataFrame(
        {
            "unit": units,
            "score": scores,
            "max_score": 70.0,
            "year": year,
            "index": "PAR",
            "framework": framework,
        }
    )


def test_group_names_every_tied_unit_and_counts_full_marks():
    text = describe_group(
        _group_rows([65.5, 52.25, 52.25, None]), _group_rows([60.0, 50.0], 2022), peer_group="Khối huyện"
    )
    assert text == (
        "Năm 2023, 3/4 đơn vị của nhóm Khối huyện có điểm Chỉ số PAR. Điểm trung bình 56,67/70 điểm "
        "(80,95%); cao nhất là huyện Núi Thắm (65,50 điểm), thấp nhất là huyện Gò Nhạn và huyện Lũng Mây "
        "(cùng 52,25 điểm). Không đơn vị nào đạt điểm tối đa. So với năm 2022, điểm trung bình tăng "
        "1,67 điểm."
    )
    full = describe_group(_group_rows([70.0, 70.0]))
    assert "Cả 2/2 đơn vị đạt điểm tối đa." in full


def test_group_mean_is_not_compared_across_a_criteria_set_break():
    papi = _group_rows([44.12345, 40.0], 2018, "papi-2018").assign(index="PAPI", max_score=80.0)
    before = _group_rows([38.0, 37.0], 2017, "papi-2011").assign(index="PAPI", max_score=60.0)
    text = describe_group(papi, before)
    assert "44,1235 điểm" in text and "đạt điểm tối đa" not in text  # PAPI: 4 decimals, no full marks
    assert text.endswith("Bộ tiêu chí năm 2017 khác năm 2018, nên điểm trung bình không so sánh trực tiếp.")
    assert "tăng" not in text
