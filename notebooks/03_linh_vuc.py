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

from IPython.display import display

import cchc_analysis as cchc
from cchc_analysis import fmt, plots, tables
from cchc_analysis.narrative import describe_group
from cchc_analysis.tables import show

# %% tags=["parameters", "remove_input"]
# Một lĩnh vực qua tất cả các đơn vị của nhóm, xuống đến từng tiêu chí.
index = "PAR"  # chỉ số
year = 2022  # năm đánh giá
component = "5"  # mã lĩnh vực (hoặc tiêu chí), ví dụ "5" hay "7.2"
peer_group = None  # nhóm so sánh, để trống (None) thì nhóm đầu tiên của năm đánh giá
base_year = None  # năm so sánh, để trống (None) thì lấy năm gần nhất trước đó có số liệu
unit = None  # đơn vị cần làm nổi bật (không bắt buộc)
data_dir = None  # thư mục dữ liệu đã xử lý (chứa scores.parquet), để trống (None) thì tự tìm data/processed

# %% tags=["remove_input"]
component = str(component).strip()
sel = cchc.select_scores(index, year, base_year=base_year, peer_group=peer_group, unit=unit, data=data_dir)
year, base_year, peer_group, unit = sel.year, sel.base_year, sel.peer_group, sel.unit
scores, current = sel.scores, sel.current
area = current[current["component"] == component]
if area.empty:
    codes = sorted(current.loc[~current["component"].str.contains(".", regex=False), "component"].unique())
    raise cchc.InputError(
        f"no component '{component}' in {index} {year}.",
        hint="Content areas: " + ", ".join(c for c in codes if c != "total") + ".",
    )
area_name = str(area["component_name"].dropna().iloc[0])
max_area = float(area["max_score"].max()) if area["max_score"].notna().any() else None
depth = len(component.split("."))
# What the criteria set calls this level: "Lĩnh vực", "Tiêu chí"…, for PAPI "Chỉ số nội dung".
area_framework = cchc.framework_of(area)
level_word = area_framework.level_word(depth).capitalize()
child_word = area_framework.level_word(depth + 1)  # "tiêu chí", for PAPI "chỉ số nội dung thành phần"

simulated = cchc.simulated_sources(current, root=sel.data.attrs.get("root"))
if simulated:
    show(tables.banner(detail="Nguồn: " + ", ".join(Path(s).name for s in simulated)))
show(tables.heading(f"{level_word} {component}. {area_name} – Chỉ số {index} năm {fmt.year(year)}", 1))
show(tables.paragraph(f"Nhóm so sánh: {peer_group}."))

# %% tags=["remove_input"]
children = current[
    current["component"].str.startswith(f"{component}.")
    & (current["component"].map(lambda c: len(c.split("."))) == depth + 1)
]
n_children = children["component"].nunique()
text = f"{level_word} {component} ({area_name})"
text += f" có tối đa {fmt.number(max_area, 2, trim=True)} điểm" if max_area else ""
text += f", gồm {n_children} {child_word}." if n_children else "."
base_area = scores[(scores["year"] == base_year) & (scores["component"] == component)] if base_year else None
text += " " + describe_group(area, base_area, what=f"{level_word.lower()} {component}")
show(tables.paragraph(text, lead=True))

# %% [markdown]
# ## Xếp hạng các đơn vị

# %% tags=["remove_input"]
display(
    plots.image(
        plots.ranking_chart(current, unit=unit, component=component, value="pct" if max_area else None)
    )
)
changes = cchc.compare(scores, year, base_year if base_year is not None else year)
ranking = changes[(changes["component"] == component) & (changes["year"] == year) & changes["score"].notna()]
ranking = ranking.assign(points_lost=ranking["max_score"] - ranking["score"])
ranking = tables.with_rank_text(ranking.sort_values(["rank", "unit"]), change="rank_change")
cols = ["rank_text", "unit", "score", "max_score", "pct", "points_lost"]
if base_year is not None and ranking["score_base"].notna().any():
    cols += ["delta", "rank_change_text"]
show(
    tables.to_html(
        tables.vn_table(
            ranking,
            columns=cols,
            labels={
                "delta": f"So với {base_year} (điểm)",
                "rank_change_text": f"Thứ hạng so với {base_year}",
            },
            title=f"Điểm {level_word.lower()} {component} theo đơn vị",
            subtitle=f"{peer_group}, năm {year}",
            highlight=unit,
        )
    )
)

# %% tags=["remove_input"]
show(tables.heading(f"Từng {child_word}"))
if n_children == 0:
    show(
        tables.note(
            f"Số liệu năm {fmt.year(year)} chỉ có điểm của cả {level_word.lower()}, "
            f"không có điểm từng {child_word}. Chọn một năm có số liệu chi tiết để xem đến từng {child_word}."
        )
    )
else:
    if children["max_score"].notna().any():
        display(plots.image(plots.heatmap_chart(current, unit=unit, parent=component)))
    stats = cchc.group_means(children)
    by_code = children.assign(
        full=children["score"] >= children["max_score"] - 1e-9,
        lost=(children["max_score"] - children["score"]).clip(lower=0),
    ).groupby("component")
    stats = stats.merge(by_code["full"].sum().rename("n_full").reset_index(), on="component", how="left")
    stats = stats.merge(by_code["lost"].sum().rename("points_lost").reset_index(), on="component", how="left")
    stats = stats.sort_values("component", key=lambda s: s.map(cchc.code_key))
    cols = ["component", "component_name", "n", "mean", "best", "worst", "mean_pct", "n_full", "points_lost"]
    if not children["max_score"].notna().any():
        cols = ["component", "component_name", "n", "mean", "median", "best", "worst"]
    show(
        tables.to_html(
            tables.vn_table(
                stats,
                columns=cols,
                labels={"n_full": "Số đơn vị đạt tối đa", "points_lost": "Tổng điểm bị mất của nhóm"},
                title=f"Các {child_word} của {level_word.lower()} {component}",
                subtitle=f"{peer_group}, năm {year}",
            )
        )
    )
    if "points_lost" in cols and stats["points_lost"].gt(0.005).any():
        top = stats[stats["points_lost"] > 0.005].sort_values("points_lost", ascending=False).head(3)
        listed = "; ".join(
            f"{r.component} {r.component_name} ({fmt.points(r.points_lost)}, "
            f"{int(r.n) - int(r.n_full)} đơn vị chưa đạt tối đa)"
            for r in top.itertuples()
        )
        show(tables.paragraph(f"Các {child_word} làm nhóm mất nhiều điểm nhất: {listed}."))

# %% tags=["remove_input"]
deeper = current[
    current["component"].str.startswith(f"{component}.")
    & (current["component"].map(lambda c: len(c.split("."))) > depth + 1)
    & current["max_score"].gt(0)
]
if len(deeper):
    show(tables.heading("Tiêu chí thành phần", 2))
    sub = cchc.group_means(deeper).sort_values(["mean_pct", "component"])
    show(
        tables.to_html(
            tables.vn_table(
                sub,
                columns=["component", "component_name", "n", "mean", "best", "worst", "mean_pct"],
                title="Tiêu chí thành phần, xếp từ tỷ lệ đạt thấp nhất",
                subtitle=f"{peer_group}, năm {year}",
            )
        )
    )
