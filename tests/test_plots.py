"""Report output on real data: the charts (cchc_analysis.plots) and the tables (cchc_analysis.tables).

Data: the real PAPI panel (data/raw/papi, sub-dimensions of 63 provinces) and the simulated province Hòa Sơn
(data/raw/sample-province), read with ``read_workbook`` as ``cchc ingest`` reads them.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import cchc_analysis as cchc
from cchc_analysis import plots, tables
from cchc_analysis.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
PAPI_CSV = ROOT / "data" / "raw" / "papi" / "csv"
SAMPLE = ROOT / "data" / "raw" / "sample-province"
KHOI_HUYEN = "Hòa Sơn – Khối huyện"
UNIT = "Đà Nẵng"
DISTRICT = "Huyện Núi Thắm"
XSS = "<script>alert(1)</script>"
MINUS = "\u2212"


@pytest.fixture(scope="module")
def papi() -> pd.DataFrame:
    """Real PAPI 2011–2024, aggregated to dimensions and the total."""
    files = sorted(PAPI_CSV.glob("*.csv"))
    return cchc.aggregate(pd.concat([cchc.read_workbook(f) for f in files], ignore_index=True))


@pytest.fixture(scope="module")
def par() -> pd.DataFrame:
    """The simulated province Hòa Sơn (PAR 2021–2023 and the 2023 nine-month self-assessment), aggregated."""
    files = sorted(SAMPLE.rglob("*.xlsx"))
    return cchc.aggregate(pd.concat([cchc.read_workbook(f) for f in files], ignore_index=True))


def drawn(fig: Figure) -> Figure:
    """Draw the figure (tick labels are only set when drawn) and check it renders to a PNG."""
    png = plots.to_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return fig


def all_text(fig: Figure) -> list[str]:
    found = [t.get_text().strip() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return [t for t in found if t]


def accent(artist_color) -> bool:
    return to_hex(artist_color) == plots.ACCENT


def highlighted_labels(ax, axis: str = "y") -> list:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t for t in labels if t.get_text().startswith(plots.MARK)]


def assert_vietnamese_nfc(fig: Figure) -> None:
    texts = all_text(fig)
    assert texts
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text


# --------------------------------------------------------------------------- formatter


def test_decimal_formatter_writes_vietnamese_numbers():
    f = plots.decimal_formatter(2)
    assert f(42.5, 0) == "42,5"
    assert f(40.0, 0) == "40"
    assert f(1234.5, 0) == "1.234,5"
    assert plots.decimal_formatter(1, "%")(87.25, 0) == "87,3%"


# --------------------------------------------------------------------------- ranking


def test_ranking_chart_papi_quartiles_highlight_and_missing(papi):
    group = papi[papi["year"] == 2024]
    fig = drawn(plots.ranking_chart(group, unit=UNIT))
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Xếp hạng Chỉ số PAPI tổng hợp năm 2024")
    assert "63 tỉnh, thành phố – 61 đơn vị có điểm" in ax.get_title(loc="left")
    assert ax.get_xlabel().startswith("Điểm (tối đa 80)")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert any("," in t for t in ticks), ticks  # 40,5 / 43,5 …: decimal commas on the axis
    assert not any("." in t for t in ticks), ticks
    # The unit: one marked, bold, accent label with its rank, and an accent star.
    marked = highlighted_labels(ax)
    assert [t.get_text() for t in marked] == [f"{plots.MARK}35. {UNIT}"]
    assert marked[0].get_fontweight() == "bold" and accent(marked[0].get_color())
    stars = [ln for ln in ax.get_lines() if ln.get_marker() == "*"]
    assert len(stars) == 1 and accent(stars[0].get_color())
    # The four quartile groups are named in the legend, each with its own marker shape.
    legend = {
        t.get_text(): h
        for t, h in zip(fig.legends[0].get_texts(), fig.legends[0].legend_handles, strict=True)
    }
    groups = ["Nhóm cao", "Nhóm trung bình cao", "Nhóm trung bình thấp", "Nhóm thấp"]
    assert [k for k in legend if k in groups] == groups
    assert len({legend[g].get_marker() for g in groups}) == 4
    # Provinces without a 2024 score are named, not ranked last.
    assert "\nKhông có số liệu: Tiền Giang, Vĩnh Phúc." in ax.get_title(loc="left")
    assert not any("Tiền Giang" in t.get_text() for t in ax.get_yticklabels())
    assert_vietnamese_nfc(fig)


def test_ranking_chart_par_bands(par):
    group = par[(par["year"] == 2023) & (par["period"] == "year") & (par["peer_group"] == KHOI_HUYEN)]
    fig = drawn(plots.ranking_chart(group, unit=DISTRICT))
    ax = fig.axes[0]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Nhóm A (từ 90%)" in labels and "Nhóm B (80% – dưới 90%)" in labels
    assert f"{plots.MARK}{DISTRICT}" in labels
    # Band limits drawn as dashed lines at 80 % and 90 %.
    limits = {round(ln.get_xdata()[0], 6) for ln in ax.get_lines() if ln.get_linestyle() == "--"}
    assert {80.0, 90.0} <= limits
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert all(t.endswith("%") for t in ticks), ticks
    assert ax.xaxis.get_major_formatter()(87.5, 0) == "87,5%"
    # Núi Thắm: 65,64/70 = 93,77 %, first of 13.
    assert [t.get_text() for t in highlighted_labels(ax)] == [f"{plots.MARK}1. {DISTRICT}"]
    assert "93,77%" in all_text(fig)


def test_ranking_chart_refuses_mixed_groups_and_unknown_units(par):
    year = par[(par["year"] == 2023) & (par["period"] == "year")]
    with pytest.raises(InputError, match="ranking group"):
        plots.ranking_chart(year)
    with pytest.raises(InputError, match="not among the units"):
        plots.ranking_chart(year[year["peer_group"] == KHOI_HUYEN], unit="Sở Tư pháp")


def test_spreadsheet_text_is_never_mathtext(par):
    group = par[(par["year"] == 2023) & (par["period"] == "year") & (par["peer_group"] == KHOI_HUYEN)]
    name = "Huyện $x^2$ Lũng Mây"
    group = group.assign(unit=group["unit"].replace("Huyện Lũng Mây", name))
    fig = drawn(plots.ranking_chart(group, unit=name))
    label = highlighted_labels(fig.axes[0])[0]
    assert label.get_text().endswith(name)
    assert label.get_parse_math() is False


# --------------------------------------------------------------------------- slope


def test_rank_slope_chart(papi):
    changes = cchc.compare(papi, 2024, 2023)
    fig = drawn(plots.rank_slope_chart(changes, unit=UNIT))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024"]
    assert "Thay đổi thứ hạng" in ax.get_title(loc="left") and "2023 – 2024" in ax.get_title(loc="left")
    texts = all_text(fig)
    # Đà Nẵng went from 27th to 35th: named on both sides, in the accent colour, its line dashed (a fall).
    assert f"{plots.MARK}{UNIT} – hạng 35 (giảm 8 bậc)" in texts
    assert f"{UNIT} – hạng 27" in texts
    unit_lines = [ln for ln in ax.get_lines() if accent(ln.get_color()) and len(ln.get_xdata()) == 2]
    assert len(unit_lines) == 1
    assert list(unit_lines[0].get_ydata()) == [27.0, 35.0] and unit_lines[0].get_linestyle() == "--"
    others = [
        ln.get_linewidth() for ln in ax.get_lines() if ln not in unit_lines and len(ln.get_xdata()) == 2
    ]
    assert unit_lines[0].get_linewidth() > max(others)
    # The biggest rise is named (Tây Ninh 60th → 2nd) and drawn solid.
    assert "Tây Ninh – hạng 2 (tăng 58 bậc)" in texts
    assert_vietnamese_nfc(fig)


def test_rank_slope_chart_needs_two_ranked_years(papi):
    changes = cchc.compare(papi[papi["unit"] != UNIT], 2024, 2023)
    with pytest.raises(InputError, match="not among the units"):
        plots.rank_slope_chart(changes, unit=UNIT)


# --------------------------------------------------------------------------- heatmap


def test_heatmap_par_areas_annotated_with_decimal_commas(par):
    group = par[(par["year"] == 2022) & (par["peer_group"] == KHOI_HUYEN)]
    fig = drawn(plots.heatmap_chart(group, unit=DISTRICT))
    ax, bar = fig.axes[0], fig.axes[1]
    assert ax.get_title(loc="left").startswith("Tỷ lệ điểm đạt theo lĩnh vực, năm 2022")
    columns = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert len(columns) == 9 and columns[0].startswith("1. Công tác chỉ đạo")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert len(rows) == 13
    # Núi Thắm's row is marked and framed; its area 1 cell reads 12,25/12,5 = 98,0 %.
    marked = highlighted_labels(ax)
    assert [t.get_text() for t in marked] == [f"{plots.MARK}{DISTRICT}"] and marked[
        0
    ].get_fontweight() == "bold"
    frames = [p for p in ax.patches if isinstance(p, Rectangle) and accent(p.get_edgecolor())]
    assert len(frames) == 1 and frames[0].get_y() == rows.index(marked[0].get_text()) - 0.5
    i = rows.index(marked[0].get_text())
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells[(i, 0)] == "98,0"
    assert len(cells) == 13 * 9
    assert bar.yaxis.get_major_formatter()(92.5, 0) == "92,5%"
    assert_vietnamese_nfc(fig)


def test_heatmap_large_group_and_criteria_of_one_area(papi, par):
    fig = drawn(plots.heatmap_chart(papi[papi["year"] == 2024], unit=UNIT))
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 61
    assert len(ax.texts) == 8  # 61 × 8 cells: only the unit's row is written out
    assert "\nKhông có số liệu: Tiền Giang, Vĩnh Phúc." in ax.get_title(loc="left")
    group = par[(par["year"] == 2022) & (par["peer_group"] == KHOI_HUYEN)]
    fig = drawn(plots.heatmap_chart(group, parent="5"))
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(labels) == 8 and all(label.startswith("5.") for label in labels)
    assert "tiêu chí của 5. Cải cách chế độ công vụ" in fig.axes[0].get_title(loc="left")


# --------------------------------------------------------------------------- waterfall


def test_waterfall_par_criteria(par):
    lost = cchc.drilldown(par, DISTRICT, 2022)
    fig = drawn(plots.waterfall_chart(lost, unit=DISTRICT))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Điểm tối đa" and labels[-1] == "Điểm đạt"
    assert any(label.startswith("5.6. Quản lý hồ sơ") for label in labels)  # a criterion, not only areas
    assert f"Điểm bị mất theo nội dung của {DISTRICT}" in ax.get_title(loc="left")
    assert "Đạt 65,45/70 điểm; mất 4,55 điểm" in ax.get_title(loc="left")
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    widths = [b.get_width() for b in bars]
    assert widths[0] == pytest.approx(70.0) and widths[-1] == pytest.approx(65.45)
    assert sum(widths[1:-1]) == pytest.approx(70.0 - 65.45)
    assert accent(bars[-1].get_facecolor())
    assert ax.xaxis.get_major_formatter()(12.5, 0) == "12,5"
    # The steps go from the largest loss down; the first is the criterion losing most, its loss written.
    criteria = lost[(lost["depth"] == 2) & (lost["points_lost"] > 0)].sort_values(
        "points_lost", ascending=False
    )
    first = criteria.iloc[0]
    assert labels[1].startswith(f"{first['component']}. ")
    assert f"{MINUS}{cchc.fmt.number(first['points_lost'], 2)}" in all_text(fig)
    assert first["points_lost"] == pytest.approx(0.75)


def test_waterfall_papi_dimensions(papi):
    lost = cchc.drilldown(papi, UNIT, 2024)
    fig = drawn(plots.waterfall_chart(lost, unit=UNIT))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[1] == "7. Quản trị môi trường"  # the dimension losing most (6,91 of 10)
    assert len(labels) == 10  # maximum, 8 dimensions (no sub-dimension maxima), score


# --------------------------------------------------------------------------- trend


def test_trend_chart_marks_framework_break_and_missing_years(papi):
    history = cchc.trend(papi, "Quảng Ninh")
    means = cchc.group_means(papi[papi["component"] == "total"])
    fig = drawn(plots.trend_chart(history, peer_mean=means))
    top, bottom = fig.axes
    assert top.get_title(loc="left") == "Diễn biến Chỉ số PAPI của Quảng Ninh, 2011 – 2024"
    breaks = [ln for ln in top.get_lines() if ln.get_linestyle() == "--" and len(set(ln.get_xdata())) == 1]
    assert [ln.get_xdata()[0] for ln in breaks] == [2017.5]
    assert any(t.startswith("Đổi bộ tiêu chí") for t in all_text(fig))
    assert "Năm không có số liệu: 2018, 2021, 2023." in all_text(fig)
    unit_lines = [ln for ln in top.get_lines() if accent(ln.get_color())]
    assert unit_lines and all(max(ln.get_xdata()) <= 2017 or min(ln.get_xdata()) >= 2018 for ln in unit_lines)
    assert unit_lines[0].get_label() == f"{plots.MARK}Quảng Ninh"
    assert any(ln.get_label() == "Trung bình nhóm" for ln in top.get_lines())
    assert top.yaxis.get_major_formatter()(57.5, 0) == "57,5%"
    assert "1/61" in all_text(fig)  # rank 2024 written N/M
    assert bottom.get_ylim()[0] > bottom.get_ylim()[1]  # rank 1 at the top
    assert_vietnamese_nfc(fig)


# --------------------------------------------------------------------------- profile and progress


def test_profile_chart(papi):
    fig = drawn(plots.profile_chart(cchc.profile(papi, UNIT, 2024)))
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == 8
    assert any(t.get_text() == f"{plots.MARK}{UNIT}" for t in ax.get_legend().get_texts())
    assert "30,9% – hạng 60/61" in all_text(fig)  # environment: 3,09/10, 60th of 61


def test_progress_chart(par):
    prog = cchc.progress(par, DISTRICT, 2023, "9M")
    fig = drawn(plots.progress_chart(prog, unit=DISTRICT, period_label="9 tháng"))
    ax_total, ax_areas = fig.axes
    assert fig.get_suptitle() == f"Tiến độ sau 9 tháng của {DISTRICT}"
    legend = [t.get_text() for t in ax_total.get_legend().get_texts()]
    assert legend == ["Điểm đạt", "Điểm bị mất", "Điều tra XHH chưa chấm", "Dự kiến cả năm"]
    # Per area, reached + lost + survey still open fill the maximum.
    areas = prog[prog["component"] != "total"]
    bars = [p for p in ax_areas.patches if isinstance(p, Rectangle)]
    n = len(areas)
    widths = np.array([b.get_width() for b in bars]).reshape(3, n).sum(axis=0)
    assert widths == pytest.approx(areas["max_score"].to_numpy())
    assert "46,25/70  (dự kiến 59,20)" in " ".join(all_text(fig))
    assert ax_areas.xaxis.get_major_formatter()(2.5, 0) == "2,5"


def test_to_png_text_caches_keep_the_pixels(papi):
    """The shared renderer's text layout and glyph caches draw exactly what a plain Agg renderer draws."""
    from matplotlib.backends import backend_agg

    def pixels(renderer_class) -> np.ndarray:
        saved = plots._RENDERER_CLASS
        plots._RENDERER_CLASS, plots._RENDERERS = renderer_class, type(plots._RENDERERS)()
        try:
            fig = plots.trend_chart(cchc.trend(papi, UNIT))
            fig.axes[0].text(2015, 50, "Chữ xoay – ½", rotation=33)
            return np.array(plots._draw_rgba(fig, 100)[2])
        finally:
            plots._RENDERER_CLASS, plots._RENDERERS = saved, type(plots._RENDERERS)()

    cached = plots._caching_renderer_class()
    first, again = pixels(cached), pixels(cached)  # the second draw comes from the caches
    assert np.array_equal(first, again)
    assert np.array_equal(again, pixels(backend_agg.RendererAgg))


def test_image_carries_alt_text(par):
    prog = cchc.progress(par, DISTRICT, 2023, "9M")
    img = plots.image(plots.progress_chart(prog, unit=DISTRICT))
    data, meta = img._repr_png_()
    data = base64.b64decode(data) if isinstance(data, str) else data
    assert data[:4] == b"\x89PNG"
    assert meta["alt"] == f"Tiến độ sau 9 tháng của {DISTRICT}"
    assert len(plots.to_png(plots.progress_chart(prog), colors=None)) > len(data)  # the palette shrinks it


# --------------------------------------------------------------------------- tables


def cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S) for r in rows]


def test_vn_table_numbers_labels_and_highlight(papi):
    changes = cchc.compare(papi, 2024, 2023)
    totals = changes[changes["component"] == "total"].sort_values("rank")
    totals = tables.with_rank_text(totals, change="rank_change")
    html = tables.to_html(
        tables.vn_table(
            totals,
            columns=["unit", "score", "pct", "delta", "rank_text", "rank_change", "rank_change_text"],
            labels={"score": "Điểm 2024"},
            highlight=UNIT,
        )
    )
    rows = cells(html)
    assert [c.strip() for c in rows[0]] == [
        "Đơn vị",
        "Điểm 2024",
        "Tỷ lệ đạt",
        "Tăng/giảm (điểm)",
        "Xếp hạng",
        "Thay đổi hạng (bậc)",
        "Thay đổi thứ hạng",
    ]
    by_unit = {r[0]: r for r in rows[1:]}
    assert by_unit[UNIT] == [UNIT, "43,21", "54,02%", "+0,55", "35/61", "−8", "giảm 8 bậc"]
    assert by_unit["Tây Ninh"][3:] == ["+8,11", "2/61", "+58", "tăng 58 bậc"]
    assert by_unit["Quảng Ninh"][3] == "–"  # no 2023 score: no change
    unit_row = re.search(r"<tr>\s*<td[^>]*>Đà Nẵng</td>", html)
    assert unit_row and "font-weight: bold" in unit_row.group(0)
    assert not re.search(r"https?://|//cdn", html)


def test_vn_table_thousands_and_missing():
    frame = pd.DataFrame({"unit": ["A", "B"], "score": [1234.567, np.nan], "year": [2024, 2023]})
    rows = cells(tables.to_html(tables.vn_table(frame)))
    assert rows[1] == ["A", "1.234,57", "2024"]
    assert rows[2] == ["B", "–", "2023"]
    with pytest.raises(InputError, match="no column"):
        tables.vn_table(frame, columns=["unit", "rank"])


def test_spreadsheet_text_is_escaped_in_tables_and_blocks():
    frame = pd.DataFrame(
        {"unit": [XSS, "Sở Y tế"], "component_name": ["<b>x</b> & y", "z"], "score": [1.0, 2.0]}
    )
    html = tables.to_html(
        tables.vn_table(frame, title=f"Bảng {XSS}", subtitle="<i>s</i>", source_note=XSS, highlight=XSS)
    )
    assert "<script>" not in html and "<b>x</b>" not in html and "<i>s</i>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # cell, title, source note
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
    for block in (tables.heading(XSS, 1), tables.paragraph(XSS), tables.note(XSS), tables.bullets([XSS])):
        assert "<script>" not in block and "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    banner = tables.banner(detail=XSS)
    assert "Dữ liệu mô phỏng – không phải số liệu thật" in banner and "<script>" not in banner
    assert 'role="alert"' in banner


def test_papi_charts_speak_of_dimensions_not_content_areas():
    """PAPI calls its areas "chỉ số nội dung": the heatmap and the profile chart say so."""
    import cchc_analysis as cchc

    papi = cchc.aggregate(cchc.load())
    papi = papi[(papi["index"] == "PAPI") & (papi["year"] == 2024)]
    fig = plots.heatmap_chart(papi)
    assert plots.title_of(fig).startswith("Tỷ lệ điểm đạt theo chỉ số nội dung, năm 2024")
    fig = plots.profile_chart(cchc.profile(papi, "Đà Nẵng", 2024))
    assert plots.title_of(fig) == "Đà Nẵng so với nhóm theo từng chỉ số nội dung, năm 2024"


def test_papi_waterfall_speaks_of_the_distance_to_the_maximum():
    import cchc_analysis as cchc

    papi = cchc.aggregate(cchc.load())
    papi = papi[papi["index"] == "PAPI"]
    fig = plots.waterfall_chart(cchc.drilldown(papi, "Đà Nẵng", 2024), unit="Đà Nẵng")
    title = plots.title_of(fig)
    assert title.startswith("Khoảng cách đến điểm tối đa theo chỉ số nội dung của Đà Nẵng")
    assert "còn cách tối đa 36,79 điểm" in title and "mất" not in title
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "Khoảng cách đến tối đa"
