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
from cchc_analysis.narrative import describe_group
from cchc_analysis.tables import show

# %% tags=["parameters", "remove_input"]
# Tổng quan một chỉ số trong một năm cho một nhóm đơn vị: xếp hạng, thay đổi thứ hạng, lĩnh vực, vùng.
index = "PAPI"  # chỉ số: "PAPI", "PAR", ...
year = 2024  # năm đánh giá
base_year = 2023  # năm so sánh, để trống (None) thì lấy năm gần nhất trước đó có số liệu
peer_group = None  # nhóm so sánh, để trống (None) thì nhóm đầu tiên của năm đánh giá
unit = None  # đơn vị cần làm nổi bật trên biểu đồ (không bắt buộc)
data_dir = None  # thư mục dữ liệu đã xử lý (chứa scores.parquet), để trống (None) thì tự tìm data/processed

# %% tags=["remove_input"]
sel = cchc.select_scores(index, year, base_year=base_year, peer_group=peer_group, unit=unit, data=data_dir)
year, base_year, peer_group, unit = sel.year, sel.base_year, sel.peer_group, sel.unit
scores_all, scores, current = sel.aggregated, sel.scores, sel.current
totals = current[current["component"] == "total"]
scored = totals[totals["score"].notna()]
missing = sorted(totals.loc[totals["score"].isna(), "unit"])
name_of_total = str(totals["component_name"].iloc[0])

simulated = cchc.simulated_sources(current, root=sel.data.attrs.get("root"))
if simulated:
    show(tables.banner(detail="Nguồn: " + ", ".join(Path(s).name for s in simulated)))
show(tables.heading(f"Tổng quan Chỉ số {index} năm {fmt.year(year)}", 1))
show(tables.paragraph(f"{name_of_total} – {peer_group}."))

# %% tags=["remove_input"]
before = scores[(scores["year"] == base_year) & (scores["component"] == "total")] if base_year else None
summary = describe_group(totals, before, peer_group=peer_group)
if index == "PAR":
    bands = cchc.add_bands(scored)["band"].value_counts()
    parts = [f"nhóm {b}: {int(bands.get(b, 0))} đơn vị" for b in ("A", "B", "C")]
    summary += " Xếp loại theo tỷ lệ điểm: " + "; ".join(parts) + "."
show(tables.paragraph(summary, lead=True))
if missing:
    show(
        tables.note(
            f"Không có số liệu năm {fmt.year(year)}: {', '.join(missing)}; "
            "các đơn vị này không được xếp hạng."
        )
    )

# %% [markdown]
# ## Xếp hạng

# %% tags=["remove_input"]
display(plots.image(plots.ranking_chart(current, unit=unit)))
changes = cchc.compare(scores, year, base_year if base_year is not None else year)
ranking = changes[(changes["component"] == "total") & (changes["year"] == year) & changes["score"].notna()]
if base_year is None:
    ranking = ranking.assign(delta=float("nan"), rank_change=pd.NA)
ranking = tables.with_rank_text(ranking.sort_values(["rank", "unit"]), change="rank_change")
group_col = None
if index == "PAR":
    ranking = ranking.merge(cchc.add_bands(totals)[["unit", "band"]], on="unit", how="left")
    ranking["band"] = ranking["band"].fillna("Dưới 70%")
    group_col = "band"
elif index == "PAPI":
    ranking = ranking.merge(cchc.papi_quartiles(totals)[["unit", "quartile"]], on="unit", how="left")
    group_col = "quartile"
columns = ["rank_text", "unit", "score", "pct"] + ([group_col] if group_col else [])
if base_year is not None:
    columns += ["delta", "rank_change_text"]
show(
    tables.to_html(
        tables.vn_table(
            ranking,
            columns=columns,
            labels={
                "delta": f"So với {base_year} (điểm)",
                "rank_change_text": f"Thứ hạng so với {base_year}",
            },
            title=f"Bảng xếp hạng Chỉ số {index} năm {year}",
            subtitle=peer_group,
            highlight=unit,
        )
    )
)

# %% [markdown]
# ## Thay đổi thứ hạng và các đơn vị tăng, giảm mạnh nhất

# %% tags=["remove_input"]
if base_year is None:
    show(tables.note(f"Không có năm nào trước {fmt.year(year)} để so sánh thứ hạng."))
else:
    moved = ranking[ranking["rank_change"].notna()]
    if moved.empty:
        show(tables.note(f"Không đơn vị nào có thứ hạng cả năm {fmt.year(base_year)} và {fmt.year(year)}."))
    else:
        display(plots.image(plots.rank_slope_chart(changes, unit=unit)))
        if not bool(moved["comparable"].all()):
            show(
                tables.note(
                    f"Bộ tiêu chí năm {fmt.year(year)} khác năm {fmt.year(base_year)}: "
                    "thay đổi điểm và thứ hạng chỉ mang tính tham khảo."
                )
            )
        cols = ["unit", "score_base", "score", "delta", "rank_base", "rank", "rank_change_text"]
        labels = {
            "score_base": f"Điểm {base_year}",
            "score": f"Điểm {year}",
            "rank_base": f"Hạng {base_year}",
        }
        labels["rank"] = f"Hạng {year}"
        ups = moved[moved["rank_change"] > 0].sort_values(["rank_change", "delta"], ascending=False).head(5)
        downs = moved[moved["rank_change"] < 0].sort_values(["rank_change", "delta"]).head(5)
        for part, title in ((ups, "Tăng hạng nhiều nhất"), (downs, "Giảm hạng nhiều nhất")):
            if part.empty:
                show(tables.note(f"{title}: không có đơn vị nào."))
                continue
            show(
                tables.to_html(
                    tables.vn_table(part, columns=cols, labels=labels, title=title, highlight=unit)
                )
            )

# %% tags=["remove_input"]
AREA = cchc.framework_of(current).level_word(1)  # "lĩnh vực", PAPI "chỉ số nội dung"
show(tables.heading(f"Tỷ lệ điểm đạt theo {AREA}"))
if plots.has_maxima(current):
    display(plots.image(plots.heatmap_chart(current, unit=unit)))
else:
    show(tables.note(f"Bảng điểm không ghi điểm tối đa của từng {AREA}, nên chưa tính được tỷ lệ điểm đạt."))
area_means = cchc.group_means(current[current["component"].str.fullmatch(r"\d+")])
area_means = area_means.sort_values("component", key=lambda s: s.map(cchc.code_key))
show(
    tables.to_html(
        tables.vn_table(
            area_means,
            columns=["component", "component_name", "n", "mean", "median", "best", "worst", "mean_pct"],
            title=f"Điểm các {AREA} trong nhóm",
            subtitle=f"{peer_group}, năm {year}",
        )
    )
)

# %% [markdown]
# ## Điểm trung bình theo nhóm và vùng

# %% tags=["remove_input"]
all_totals = scores_all[scores_all["component"] == "total"]
by_group = cchc.group_means(all_totals)
by_group = by_group[by_group["year"] == year]
if len(by_group) > 1:
    show(
        tables.to_html(
            tables.vn_table(
                by_group,
                columns=["group", "n", "mean", "median", "best", "worst", "mean_pct"],
                labels={"group": "Nhóm so sánh"},
                title=f"Điểm trung bình theo nhóm so sánh, năm {year}",
            )
        )
    )
if group_col is not None:
    counts = ranking.groupby(group_col, sort=False).agg(n=("unit", "size"), mean=("score", "mean"))
    counts = counts.reset_index().rename(columns={group_col: "group"})
    order = ["A", "B", "C", "Dưới 70%"] if group_col == "band" else list(cchc.analysis.PAPI_GROUPS)
    counts = counts.assign(_o=counts["group"].map({g: i for i, g in enumerate(order)})).sort_values("_o")
    show(
        tables.to_html(
            tables.vn_table(
                counts,
                columns=["group", "n", "mean"],
                labels={"group": tables.LABELS[group_col]},
                title="Số đơn vị và điểm trung bình theo nhóm xếp loại",
            )
        )
    )
regions = {u: cchc.region_of(u) for u in scores["unit"].unique()}
regions = {u: r for u, r in regions.items() if r is not None}
if len(regions) >= max(2, len(totals) // 2):
    region_means = cchc.group_means(scores[scores["component"] == "total"], by=regions)
    now = region_means[region_means["year"] == year]
    if base_year is not None:
        then = region_means[region_means["year"] == base_year][["group", "mean"]].rename(
            columns={"mean": "score_base"}
        )
        now = now.merge(then, on="group", how="left")
        now["delta"] = now["mean"] - now["score_base"]
    cols = ["group", "n", "mean", "best", "worst", "mean_pct"] + (
        ["score_base", "delta"] if base_year else []
    )
    show(
        tables.to_html(
            tables.vn_table(
                now.sort_values("mean", ascending=False),
                columns=cols,
                labels={
                    "group": "Vùng kinh tế – xã hội",
                    "score_base": f"Trung bình {base_year}",
                    "delta": f"So với {base_year} (điểm)",
                },
                title=f"Điểm trung bình theo vùng, năm {year}",
            )
        )
    )
