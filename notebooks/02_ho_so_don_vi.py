# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["remove_input"]
from pathlib import Path

import pandas as pd
from IPython.display import display

import cchc_analysis as cchc
from cchc_analysis import fmt, plots, tables
from cchc_analysis.tables import show

# %% tags=["parameters", "remove_input"]
# Hồ sơ một đơn vị: điểm, thứ hạng, từng lĩnh vực so với nhóm, điểm bị mất, mục tiêu và diễn biến.
unit = "Đà Nẵng"  # tên đơn vị (tên chuẩn hoặc tên gọi khác đã biết)
year = 2024  # năm đánh giá
base_year = 2023  # năm so sánh
index = "PAPI"  # chỉ số: "PAPI", "PAR", ...
target_rank = 10  # thứ hạng mục tiêu
peer_group = None  # nhóm so sánh, để trống (None) thì nhóm của đơn vị trong năm đánh giá
data_dir = None  # thư mục dữ liệu đã xử lý (chứa scores.parquet), để trống (None) thì tự tìm data/processed

# %% tags=["remove_input"]
year, target_rank = int(year), int(target_rank)
AREA_COLS = ["component", "component_name", "score", "max_score"]

sel = cchc.select_scores(
    index, year, base_year=base_year, peer_group=peer_group, unit=unit, for_unit=True, data=data_dir
)
unit, base_year, peer_group, scores = sel.unit, sel.base_year, sel.peer_group, sel.scores
own_rows = sel.annual[(sel.annual["peer_group"] == peer_group) & (sel.annual["unit"] == unit)]
simulated = cchc.simulated_sources(own_rows, root=sel.data.attrs.get("root"))
if simulated:
    show(tables.banner(detail="Nguồn: " + ", ".join(Path(s).name for s in simulated)))
show(tables.heading(f"Hồ sơ {unit} – Chỉ số {index} năm {fmt.year(year)}", 1))
compared = f" So sánh với năm {fmt.year(base_year)}." if base_year is not None else ""
show(tables.paragraph(f"Nhóm so sánh: {peer_group}.{compared}"))

# %% tags=["remove_input"]
this_year = scores[(scores["year"] == year) & (scores["unit"] == unit) & (scores["component"] == "total")]
HAS_DATA = bool(len(this_year)) and this_year["score"].notna().all()
years_with_data = sorted(
    scores.loc[
        (scores["unit"] == unit) & (scores["component"] == "total") & scores["score"].notna(), "year"
    ].unique()
)
if not HAS_DATA:
    listed = ", ".join(fmt.year(y) for y in years_with_data) or "không có năm nào"
    show(
        tables.note(
            f"{unit} không có số liệu Chỉ số {index} năm {fmt.year(year)}, nên không xếp hạng và phân tích "
            f"được năm này. Các năm có số liệu: {listed}. Chọn một năm trong số đó (tham số year); "
            "diễn biến qua các năm vẫn được trình bày ở cuối báo cáo."
        )
    )
else:
    changes = cchc.compare(scores, year, year if base_year is None else base_year)
    if base_year is None:  # nothing to compare with: keep this year's side only
        base_cols = [
            "score_base",
            "delta",
            "pct_base",
            "delta_pct",
            "rank_base",
            "rank_of_base",
            "rank_change",
        ]
        changes = changes.assign(**{c: pd.NA for c in base_cols}, comparable=False)
    own_changes = changes[changes["unit"] == unit]
    lost = cchc.drilldown(scores, unit, year)
    # The unit's criteria set, once: what it calls its areas ("lĩnh vực", for PAPI "chỉ số nội dung")
    # and whether it speaks of points lost or, as PAPI, of the distance to the maximum.
    FRAMEWORK = cchc.framework_of(scores[(scores["unit"] == unit) & (scores["year"] == year)])
    AREA, PAPI = FRAMEWORK.level_word(1), FRAMEWORK.scale == "papi"
    rank_of = int(own_changes.loc[own_changes["component"] == "total", "rank_of"].iloc[0])
    goal = min(max(target_rank, 1), rank_of)
    gap = cchc.gap_to_rank(scores, unit, year, goal)
    show(tables.heading("Tóm tắt", 2))
    show(tables.paragraph(cchc.narrative(compare=own_changes, drilldown=lost, gap=gap, unit=unit), lead=True))

# %% tags=["remove_input"]
# Sections shown only when the unit has a score this year (no empty headings otherwise).
if HAS_DATA:
    show(tables.heading("Điểm và thứ hạng"))
    head = tables.with_rank_text(own_changes, change="rank_change")
    head = tables.with_rank_text(head, rank="rank_base", of="rank_of_base", name="rank_base_text")
    head = head[head["component"] == "total"]
    base_cols = [] if base_year is None else ["score_base", "rank_base_text", "delta", "rank_change_text"]
    show(
        tables.to_html(
            tables.vn_table(
                head,
                columns=["score", "max_score", "pct", "rank_text", *base_cols],
                labels={
                    "score": f"Điểm {year}",
                    "pct": f"Tỷ lệ đạt {year}",
                    "rank_text": f"Xếp hạng {year}",
                    "score_base": f"Điểm {base_year}",
                    "rank_base_text": f"Xếp hạng {base_year}",
                },
                title=f"{unit}: điểm và thứ hạng",
                subtitle=peer_group,
            )
        )
    )
    if not bool(head["comparable"].iloc[0]) and head["score_base"].notna().all():
        show(
            tables.note(
                f"Bộ tiêu chí năm {fmt.year(year)} khác năm {fmt.year(base_year)}: mức tăng/giảm "
                "chỉ mang tính tham khảo."
            )
        )
    elif base_year is None:
        show(tables.note(f"Không có năm nào trước {fmt.year(year)} để so sánh."))
    elif head["score_base"].isna().all():
        show(tables.note(f"{unit} không có số liệu năm {fmt.year(base_year)} để so sánh."))

# %% tags=["remove_input"]
if HAS_DATA:
    show(tables.heading(f"Từng {AREA} so với nhóm"))
    prof = cchc.profile(scores, unit, year)
    if plots.has_maxima(prof):
        display(plots.image(plots.profile_chart(prof)))
    else:
        show(
            tables.note(f"Bảng điểm không ghi điểm tối đa của từng {AREA}, nên chưa vẽ được tỷ lệ điểm đạt.")
        )
    areas = prof[prof["depth"] == 1].merge(
        own_changes[["component", "delta", "rank_change"]], on="component", how="left"
    )
    areas = tables.with_rank_text(areas, change="rank_change")
    show(
        tables.to_html(
            tables.vn_table(
                areas,
                columns=[
                    "component",
                    "component_name",
                    "score",
                    "max_score",
                    "rank_text",
                    "peer_mean",
                    "peer_best",
                    "best_unit",
                ]
                + ([] if base_year is None else ["delta", "rank_change_text"]),
                labels={
                    "delta": f"So với {base_year} (điểm)",
                    "rank_change_text": f"Thứ hạng so với {base_year}",
                },
                title=f"Điểm từng {AREA} so với nhóm",
                subtitle=f"{peer_group}, năm {year}",
            )
        )
    )

# %% tags=["remove_input"]
if HAS_DATA:
    show(tables.heading("Điểm mạnh và điểm yếu"))
    sw = cchc.strengths_weaknesses(scores, unit, year, base_year)
    sw = tables.with_rank_text(sw, change="rank_change")
    sw = sw.assign(
        kind=sw["kind"].map({"strength": "Điểm mạnh", "weakness": "Điểm yếu"}),
        by=sw["by"].map({"rank": "Theo thứ hạng", "change": f"Theo mức thay đổi so với {base_year}"}),
    )
    for by, part in sw.groupby("by", sort=False):
        show(
            tables.to_html(
                tables.vn_table(
                    part,
                    columns=[
                        "kind",
                        "component",
                        "component_name",
                        "score",
                        "rank_text",
                        "delta",
                        "rank_change_text",
                    ],
                    labels={"delta": f"So với {base_year} (điểm)"},
                    title=f"Điểm mạnh, điểm yếu – {by.lower()}",
                )
            )
        )
    if sw.empty:
        show(tables.note(f"Chưa xác định được điểm mạnh, điểm yếu (thiếu số liệu các {AREA})."))

# %% tags=["remove_input"]
if HAS_DATA:
    show(tables.heading("Khoảng cách đến điểm tối đa" if PAPI else "Điểm bị mất theo nội dung"))
    total_row = lost[lost["component"] == "total"]
    if len(total_row) and total_row["max_score"].gt(0).all():
        display(plots.image(plots.waterfall_chart(lost, unit=unit)))
    else:
        show(tables.note("Bảng điểm không ghi điểm tối đa, nên chưa tính được điểm bị mất."))
    worst = lost[(lost["component"] != "total") & (lost["points_lost"] > 0.005)]
    worst = worst.sort_values("points_lost", ascending=False).head(10)
    worst = tables.with_rank_text(worst)
    if len(worst):
        show(
            tables.to_html(
                tables.vn_table(
                    worst,
                    columns=[*AREA_COLS, "points_lost"]
                    + (["survey_open"] if worst["survey_open"].gt(0).any() else [])
                    + ["rank_text"],
                    labels={"points_lost": "Còn cách tối đa"} if PAPI else None,
                    title=f"Các {AREA} còn cách xa điểm tối đa nhất"
                    if PAPI
                    else "Các nội dung mất nhiều điểm nhất",
                )
            )
        )

# %% tags=["remove_input"]
if HAS_DATA:
    show(tables.heading("Để đạt thứ hạng mục tiêu"))
    if goal != target_rank:
        show(tables.note(f"Nhóm chỉ có {rank_of} đơn vị có điểm; mục tiêu được tính là hạng {goal}."))
    show(tables.paragraph(cchc.narrative(gap=gap, unit=unit)))
    show(
        tables.to_html(
            tables.vn_table(
                gap,
                columns=["component", "component_name", "score", "max_score", "headroom"],
                title=f"Dư địa còn lại theo {AREA}",
                subtitle="Dư địa = điểm tối đa − điểm đạt",
            )
        )
    )

# %% [markdown]
# ## Diễn biến qua các năm

# %% tags=["remove_input"]
history = cchc.trend(scores, unit)
totals = scores[scores["component"] == "total"]
peer_means = cchc.group_means(totals)
peer_means = peer_means[(peer_means["group"] == peer_group) & (peer_means["period"] == "year")]
display(plots.image(plots.trend_chart(history, peer_mean=peer_means)))
# A change across a change of criteria set is not like for like: leave it blank (explained below).
history = history.assign(
    delta=history["delta"].mask(history["break_before"]),
    rank_change=history["rank_change"].mask(history["break_before"]),
)
history = tables.with_rank_text(history, change="rank_change")
show(
    tables.to_html(
        tables.vn_table(
            history,
            columns=["year", "score", "max_score", "pct", "rank_text", "delta", "rank_change_text"],
            labels={"delta": "So với năm trước (điểm)", "rank_change_text": "Thứ hạng so với năm trước"},
            title=f"{unit}: Chỉ số {index} qua các năm",
            highlight=None,
        )
    )
)
breaks = history.loc[history["break_before"], "year"].tolist()
if breaks:
    show(
        tables.note(
            "Bộ tiêu chí thay đổi từ năm "
            + ", ".join(fmt.year(y) for y in breaks)
            + ": điểm trước và sau mốc này không so sánh trực tiếp được "
            "(tỷ lệ % điểm tối đa chỉ để tham khảo)."
        )
    )
