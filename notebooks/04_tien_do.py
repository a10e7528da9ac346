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
import unicodedata
from pathlib import Path

from IPython.display import display

import cchc_analysis as cchc
from cchc_analysis import fmt, plots, tables
from cchc_analysis.tables import show

# %% tags=["parameters", "remove_input"]
# Tiến độ trong năm của một đơn vị: điểm đã đạt, điểm bị mất, điểm điều tra chưa chấm, dự kiến cả năm.
unit = "Huyện Núi Thắm"  # tên đơn vị
year = 2023  # năm đánh giá
period = "9M"  # kỳ: "Q1", "H1", "9M", ...
index = None  # chỉ số, để trống (None) thì chỉ số duy nhất của đơn vị trong kỳ này
data_dir = None  # thư mục dữ liệu đã xử lý (chứa scores.parquet), để trống (None) thì tự tìm data/processed

# %% tags=["remove_input"]
TOTAL_COLS = ["max_score", "reached", "points_lost", "survey_open", "max_assessable", "pct_reached"]
PERIOD_LABELS = {
    "Q1": "quý I",
    "H1": "6 tháng đầu năm",
    "Q2": "6 tháng đầu năm",
    "9M": "9 tháng",
    "Q3": "9 tháng",
}
unit, year, period = unicodedata.normalize("NFC", str(unit).strip()), int(year), str(period)
label = PERIOD_LABELS.get(period, period)
everything = cchc.load(data_dir)
mine = everything[
    (everything["unit"] == unit) & (everything["year"] == year) & (everything["period"] == period)
]
if index is not None:
    mine = mine[mine["index"] == index]
if mine.empty:
    inyear = everything[everything["period"] != "year"].drop_duplicates(["unit", "year", "period"])
    offers = "; ".join(f"{r.unit} ({r.year}, {r.period})" for r in inyear.itertuples()) or "không có"
    raise cchc.InputError(
        f"no in-year scores for '{unit}' in {year} (period {period}).",
        hint=f"In-year scores exist for: {offers}.",
    )
index = str(mine["index"].iloc[0]) if index is None else index
scores = cchc.aggregate(mine)
prog = cchc.progress(scores, unit, year, period, index=index)
total = prog[prog["component"] == "total"].iloc[0]

simulated = cchc.simulated_sources(mine, root=everything.attrs.get("root"))
if simulated:
    show(tables.banner(detail="Nguồn: " + ", ".join(Path(s).name for s in simulated)))
show(tables.heading(f"Tiến độ {label} năm {fmt.year(year)}: {unit}", 1))
show(tables.paragraph(f"Chỉ số {index} – {mine['peer_group'].iloc[0]}."))
show(tables.paragraph(cchc.narrative(progress=prog, unit=unit, period_label=label), lead=True))

# %% [markdown]
# ## Điểm đạt, điểm bị mất và điểm còn để ngỏ

# %% tags=["remove_input"]
show(
    tables.to_html(
        tables.vn_table(
            prog[prog["component"] == "total"],
            columns=[*TOTAL_COLS, "estimate"],
            title=f"Tổng hợp sau {label}",
            subtitle="Điểm điều tra xã hội học được chấm vào cuối năm nên chưa tính là điểm bị mất.",
        )
    )
)
display(plots.image(plots.progress_chart(prog, unit=unit, period_label=label)))
areas = prog[prog["component"] != "total"].sort_values("component", key=lambda s: s.map(cchc.code_key))
cols = ["component", "component_name", "max_score", "self_score", "appraised_score", "reached", "points_lost"]
show(
    tables.to_html(
        tables.vn_table(
            areas,
            columns=[*cols, "survey_open", "estimate"],
            title="Theo từng lĩnh vực",
            subtitle="Điểm đạt = điểm thẩm định nếu đã thẩm định, nếu chưa thì điểm tự đánh giá.",
        )
    )
)

# %% [markdown]
# ## Các tiêu chí bị mất điểm

# %% tags=["remove_input"]
stages = set(mine["stage"])
stage = (
    "appraised" if "appraised" in stages and "self" not in stages else ("self" if "self" in stages else None)
)
if stage is None:
    show(tables.note("Chưa có điểm tự đánh giá chi tiết theo tiêu chí."))
else:
    detail = cchc.drilldown(scores, unit, year, period=period, stage=stage)
    lost = detail[(detail["component"] != "total") & (detail["points_lost"] > 0.005)]
    leaves = [c for c in lost["component"] if not any(o.startswith(f"{c}.") for o in lost["component"])]
    lost = lost[lost["component"].isin(leaves)].sort_values("points_lost", ascending=False)
    if lost.empty:
        show(tables.note("Không tiêu chí nào bị mất điểm."))
    else:
        show(
            tables.to_html(
                tables.vn_table(
                    lost,
                    columns=["component", "component_name", "score", "max_score", "points_lost"],
                    title="Các tiêu chí bị mất điểm theo tự đánh giá"
                    if stage == "self"
                    else "Các tiêu chí bị mất điểm",
                    subtitle="Xếp từ tiêu chí mất nhiều điểm nhất.",
                )
            )
        )

# %% tags=["remove_input"]
if {"self", "appraised"} <= stages:
    key = [k for k in cchc.KEY if k != "stage"]
    changed = cchc.diff(scores[scores["stage"] == "self"], scores[scores["stage"] == "appraised"], on=key)
    changed = changed[changed["status"] == "changed"]
    codes = changed["component"].tolist()
    changed = changed[[not any(o.startswith(f"{c}.") for o in codes) for c in codes]]
    changed = changed[changed["component"] != "total"]
    show(tables.heading("Chênh lệch giữa tự đánh giá và thẩm định", 2))
    if changed.empty:
        show(tables.note("Điểm thẩm định trùng với điểm tự đánh giá ở mọi tiêu chí đã thẩm định."))
    else:
        show(
            tables.to_html(
                tables.vn_table(
                    changed.sort_values("delta"),
                    columns=["component", "component_name", "score_a", "score_b", "delta"],
                    labels={"score_a": "Tự đánh giá", "score_b": "Thẩm định", "delta": "Chênh lệch"},
                    title="Các tiêu chí được thẩm định khác điểm tự đánh giá",
                    subtitle="Chỉ gồm các lĩnh vực đã thẩm định.",
                )
            )
        )

# %% [markdown]
# ## So với kết quả năm trước

# %% tags=["remove_input"]
previous = everything[
    (everything["index"] == index) & (everything["year"] == year - 1) & (everything["period"] == "year")
]
previous = previous[previous["peer_group"] == mine["peer_group"].iloc[0]]
if previous.empty or unit not in set(previous["unit"]):
    show(tables.note(f"Không có kết quả năm {fmt.year(year - 1)} của {unit} để so sánh."))
else:
    ranked = cchc.rank(cchc.aggregate(previous))
    last = ranked[(ranked["unit"] == unit) & (ranked["component"] == "total")].iloc[0]
    text = (
        f"Năm {fmt.year(year - 1)}, {unit} đạt {fmt.points(last['score'], last['max_score'])}, "
        f"đứng thứ {fmt.rank(last['rank'], last['rank_of'])} trong nhóm."
    )
    if not fmt.is_missing(total["estimate"]):
        text += f" Dự kiến năm {fmt.year(year)} đạt {fmt.points(total['estimate'], total['max_score'])}."
    show(tables.paragraph(text))
