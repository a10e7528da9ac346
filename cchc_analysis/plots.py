"""Report charts: matplotlib figures with Vietnamese labels, decimal commas and the unit highlighted.

Every function takes the frame an analysis verb returns (or a slice of the tidy table) and returns a
:class:`matplotlib.figure.Figure` built without ``pyplot`` (no global state, nothing to close), so a batch
runner can draw thousands of them in one process. Show one in a notebook with :func:`image`::

    from IPython.display import display
    from cchc_analysis import plots
    display(plots.image(plots.ranking_chart(group_rows, unit="Đà Nẵng")))

Conventions, the same in every chart:

- Text is Vietnamese, NFC, in DejaVu Sans (which holds every Vietnamese letter); text from a spreadsheet is
  never parsed as mathtext (a ``$`` in a unit name stays a ``$``).
- Axis ticks use :mod:`cchc_analysis.fmt`: decimal comma, thousands dot (``42,5``; ``1.234``).
- Meaning never rests on colour alone, so the charts read in black-and-white print: groups differ by shade
  *and* hatch and are named in the legend; the analysed unit is drawn in the accent colour with a black
  edge and its label is bold and marked ``▶``; rises and falls differ by line style.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import fmt
from .analysis import PAPI_GROUPS, add_bands
from .analysis._common import RANK_GROUP, code_sort_key, depth_of
from .errors import InputError
from .frameworks import level_word
from .frameworks.sheet import packaged

__all__ = [
    "ACCENT",
    "MARK",
    "decimal_formatter",
    "has_maxima",
    "heatmap_chart",
    "image",
    "profile_chart",
    "progress_chart",
    "rank_slope_chart",
    "ranking_chart",
    "title_of",
    "to_png",
    "trend_chart",
    "waterfall_chart",
]

#: Colour of the analysed unit (a dark orange that stays darker than the greys in print).
ACCENT = "#c04a00"
#: Colour of every other unit.
BASE = "#8a9bb0"
#: Dark ink for lines and text.
INK = "#1a1a1a"
#: Prefix of the analysed unit's label.
MARK = "▶ "

#: Styles of ordered groups (best first): (face colour, hatch).
GROUP_STYLES = [
    ("#2f4b66", ""),
    ("#6f8aa6", "///"),
    ("#aebfd0", "..."),
    ("#dde5ec", "xxx"),
]
#: Marker shapes of ordered groups (best first), so groups differ in black-and-white print.
GROUP_MARKERS = ["o", "s", "^", "v"]
#: Style of rows in no group (PAR below 70 %, or no quartile).
NO_GROUP_STYLE = ("#f4f4f4", "")

#: PAR INDEX bands, best first: band code → legend text.
PAR_BAND_LABELS = {
    "A": "Nhóm A (từ 90%)",
    "B": "Nhóm B (80% – dưới 90%)",
    "C": "Nhóm C (70% – dưới 80%)",
}
BELOW_BANDS = "Dưới 70%"

#: Label of a value, by the column it comes from.
VALUE_LABELS = {"pct": "Tỷ lệ điểm đạt so với tối đa (%)", "score": "Điểm"}

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.color": "#333333",
    "hatch.linewidth": 0.6,
    "text.parse_math": False,
    "savefig.dpi": 100,
    "figure.dpi": 100,
}


# --------------------------------------------------------------------------- helpers


@contextmanager
def _style() -> Iterator[None]:
    """The chart style; every artist must be created inside it (``text.parse_math`` is read then)."""
    with mpl.rc_context(_RC):
        yield


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


def _short(text: object, width: int = 48) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    text = _nfc(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _wrap(text: object, width: int = 20, lines: int = 3) -> str:
    return textwrap.fill(_nfc(text), width, max_lines=lines, placeholder="…")


def _label(code: object, name: object, width: int = 48) -> str:
    """``"1.5 Sự năng động…"``: a component's code and its name."""
    code = str(code)
    name = "" if fmt.is_missing(name) else _nfc(name)
    if code == "total":
        return _short(name or "Tổng điểm", width)
    return _short(f"{code}. {name}" if name else code, width)


def decimal_formatter(decimals: int = 2, suffix: str = "", *, trim: bool = True) -> FuncFormatter:
    """A tick formatter writing numbers the Vietnamese way (decimal comma, thousands dot).

    Args:
        decimals: decimal places at most.
        suffix: text after the number (``"%"``).
        trim: drop trailing zeros (``42,50`` → ``42,5``; ``40,00`` → ``40``).

    Returns:
        A :class:`~matplotlib.ticker.FuncFormatter`.
    """
    return FuncFormatter(lambda x, _pos: f"{fmt.number(x, decimals, trim=trim)}{suffix}")


def _rank_formatter() -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: fmt.number(x, 0) if x >= 1 and float(x).is_integer() else "")


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{what} needs the column(s) {', '.join(missing)}, which the table does not have.",
            hint="Pass the frame the matching analysis verb returns, unchanged.",
        )


def _one_group(rows: pd.DataFrame, what: str) -> pd.Series:
    """The single ranking group (index, year, period, stage, peer group) of ``rows``."""
    keys = [c for c in RANK_GROUP if c != "component"]
    _require(rows, [*keys, "unit", "component", "score", "max_score"], what)
    groups = rows[keys].drop_duplicates()
    if len(groups) != 1:
        raise InputError(
            f"{what} draws one ranking group, but the rows hold {len(groups)} "
            "(index × year × period × stage × peer group).",
            hint="Filter the table to one index, year, period, stage and peer group first.",
        )
    return groups.iloc[0]


def has_maxima(rows: pd.DataFrame, depth: int = 1) -> bool:
    """Whether some component of ``depth`` has a maximum, as the percentage charts
    (:func:`heatmap_chart`, :func:`profile_chart`) need: a table read without a criteria set may
    give its totals only."""
    if rows.empty or "max_score" not in rows:
        return False
    depths = rows["depth"] if "depth" in rows else rows["component"].astype(str).map(depth_of)
    at = depths == depth
    return bool((at & rows["max_score"].gt(0)).any())


def _level_word(rows: pd.DataFrame, depth: int) -> str:
    """What the rows' criteria set calls its components at ``depth`` ("lĩnh vực", for PAPI "chỉ số
    nội dung"), from their ``framework`` column, else their ``index``."""
    fw = (
        packaged(rows["framework"].dropna().iloc[0])
        if "framework" in rows and rows["framework"].notna().any()
        else None
    )
    if fw is not None:
        return fw.level_word(depth)
    papi = "index" in rows and rows["index"].astype(str).eq("PAPI").any()
    return level_word(depth, "papi" if papi else None)


def _check_unit(unit: str | None, units: pd.Series, what: str) -> str | None:
    if unit is None:
        return None
    unit = _nfc(unit)
    if not units.map(_nfc).eq(unit).any():
        raise InputError(
            f"{what}: the unit '{unit}' is not among the units drawn.",
            hint="Check the unit's canonical name (cchc_analysis.canonical_unit) and the filters.",
        )
    return unit


def _emphasise(ax, axis: str, unit: str | None) -> None:
    """Make the analysed unit's tick label bold, marked and in the accent colour."""
    if unit is None:
        return
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for label in labels:
        if label.get_text().endswith(unit) and label.get_text().startswith(MARK):
            label.set_fontweight("bold")
            label.set_color(ACCENT)


def _tick_name(unit: str, highlight: str | None, prefix: str = "") -> str:
    name = f"{prefix}{_nfc(unit)}"
    return f"{MARK}{name}" if highlight is not None and _nfc(unit) == highlight else name


def _missing_note(names: list[str]) -> str:
    return "Không có số liệu: " + ", ".join(_nfc(n) for n in names) + "."


def _missing_line(names: list[str]) -> str:
    """A title line naming the units without a score (empty when there are none)."""
    return "" if not names else "\n" + textwrap.fill(_missing_note(names), 90)


def _footnote(fig: Figure, text: str) -> None:
    """A note under the figure (kept clear of the axes by the layout)."""
    fig.supxlabel(_nfc(text), x=0.01, ha="left", fontsize=8, style="italic")


def to_png(fig: Figure, *, dpi: int = 100, colors: int | None = 256) -> bytes:
    """The figure as PNG bytes, small enough to inline many in one HTML report.

    The figures lay themselves out (constrained layout), so they are drawn once, at their own size, on
    a white background. The figure is drawn straight into an Agg pixel buffer (one pass that lays it
    out and draws it; ``savefig`` draws twice and encodes a PNG that would only be decoded again), and
    figures of one size share the Agg renderer, so text measured for one chart (tick labels, area
    names) is not measured again for the next. With ``colors`` the image is reduced to an adaptive
    palette of that many colours (maximum-coverage quantisation: a chart has a few hundred colours,
    nearly all kept exactly), which keeps the anti-aliased text sharp and makes the file about three
    times smaller.

    Args:
        fig: a figure from this module.
        dpi: resolution; 100 keeps a report under its size budget, 200 prints sharply.
        colors: size of the palette (2–256), or ``None`` for a full-colour PNG.

    Returns:
        The PNG file's bytes.
    """
    from PIL import Image

    with _RENDER_LOCK:
        width, height, rgba = _draw_rgba(fig, dpi)
        img = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    if colors is not None:
        img = img.quantize(colors=colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    # zlib level 6 without PNG "optimize" (level 9 and a palette search): 7x faster, about 6 % bigger.
    img.save(out, format="PNG", compress_level=6)
    return out.getvalue()


# Agg renderers by pixel size and dpi, shared by the figures drawn by to_png (see there); at most a few
# sizes are kept (a renderer holds its pixel buffer: 2 MB for a 850 × 580 chart).
_RENDERERS: OrderedDict[tuple[int, int, float], object] = OrderedDict()
_RENDERERS_MAX = 6
_RENDER_LOCK = threading.Lock()
_RENDERER_CLASS = None
# Shared by those renderers: text layouts and glyph bitmaps (see _caching_renderer_class).
_TEXT_LAYOUTS: dict[tuple, object] = {}
_GLYPHS: dict[tuple, tuple[np.ndarray, int, int]] = {}


def _draw_rgba(fig: Figure, dpi: float) -> tuple[int, int, memoryview]:
    """Lay ``fig`` out and draw it at ``dpi`` on white; its RGBA pixels (valid until the next draw)."""
    global _RENDERER_CLASS
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if _RENDERER_CLASS is None:
        _RENDERER_CLASS = _caching_renderer_class()
    original, old_dpi, old_face = fig.canvas, fig.dpi, fig.get_facecolor()
    canvas = FigureCanvasAgg(fig)
    try:
        fig.dpi = dpi
        fig.set_facecolor("white")
        width, height = canvas.get_width_height(physical=True)
        key = (width, height, fig.dpi)  # as FigureCanvasAgg.get_renderer keys its renderer
        renderer = _RENDERERS.pop(key, None) or _RENDERER_CLASS(width, height, fig.dpi)
        canvas.renderer, canvas._lastKey = renderer, key  # get_renderer() now returns it
        _RENDERERS[key] = renderer
        while len(_RENDERERS) > _RENDERERS_MAX:
            _RENDERERS.popitem(last=False)
        canvas.draw()
        return width, height, canvas.buffer_rgba()
    finally:
        fig.set_facecolor(old_face)
        fig.dpi = old_dpi
        fig.set_canvas(original)


def _caching_renderer_class():
    """A RendererAgg that remembers text layouts and glyph bitmaps across draws (matplotlib ≥ 3.11).

    Agg draws each glyph of each text on every draw: FreeType lays the string out, then renders every
    glyph at its sub-pixel position. A report draws the same tick labels, area names and legend
    entries chart after chart, so the renderers :func:`to_png` shares keep both: the layout of a
    string in a font at a size, and the bitmap of a glyph for its font, size, rotation and position
    within a pixel (in FreeType's 1/64 pixel units; a whole-pixel move only moves the bitmap), so the
    pixels are the same as without the caches. On an older matplotlib this is the plain RendererAgg.
    """
    from matplotlib import ft2font
    from matplotlib.backends import backend_agg

    base = backend_agg.RendererAgg
    # The per-glyph text drawing these overrides mirror (matplotlib 3.11); otherwise the plain renderer.
    needed = [
        (base, "_draw_text_glyphs_and_boxes"),
        (base, "_prepare_font"),
        (backend_agg, "get_hinting_flag"),
    ]
    needed += [(ft2font, "RenderMode")] + [
        (ft2font.FT2Font, n) for n in ("_layout", "_render_glyph", "_set_transform")
    ]
    if not all(hasattr(owner, name) for owner, name in needed):
        return base
    RenderMode = ft2font.RenderMode

    class CachingRendererAgg(base):
        _layouts = _TEXT_LAYOUTS
        _glyphs = _GLYPHS
        _MAX = 50_000

        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath:
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            font = self._prepare_font(prop)
            size = prop.get_size_in_points()
            flags = backend_agg.get_hinting_flag()
            features = mtext.get_fontfeatures() if mtext is not None else None
            language = mtext.get_language() if mtext is not None else None
            key = (font, size, self.dpi, s, flags, _frozen(features), _frozen(language))
            items = self._layouts.get(key)
            if items is None:
                items = font._layout(s, flags=flags, features=features, language=language)
                if len(self._layouts) >= self._MAX:
                    self._layouts.clear()
                self._layouts[key] = items
            self._draw_text_glyphs_and_boxes(
                gc, x, y, angle, ((it.ft_object, size, it.glyph_index, 0, 1, it.x, it.y) for it in items), []
            )

        def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
            if boxes:  # mathtext rules: not cached
                return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
            cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
            load_flags = backend_agg.get_hinting_flag()
            antialiased = gc.get_antialiased()
            for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
                matrix = (
                    (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]])
                    .round()
                    .astype(int)
                )
                px = round(0x40 * (x + dx * cos - dy * sin))
                py = round(0x40 * (self.height - y + dx * sin + dy * cos))  # FreeType's y is upwards
                key = (
                    font,
                    size,
                    self.dpi,
                    glyph_index,
                    matrix.tobytes(),
                    px & 63,
                    py & 63,
                    load_flags,
                    antialiased,
                )
                hit = self._glyphs.get(key)
                if hit is None:
                    font.set_size(size, self.dpi)
                    font._set_transform(matrix, [px & 63, py & 63])
                    bitmap = font._render_glyph(
                        glyph_index, load_flags, RenderMode.NORMAL if antialiased else RenderMode.MONO
                    )
                    buffer = np.array(bitmap.buffer)
                    if not antialiased:
                        buffer *= 0xFF
                    if len(self._glyphs) >= self._MAX:
                        self._glyphs.clear()
                    hit = self._glyphs[key] = (buffer, bitmap.left, bitmap.top)
                buffer, left, top = hit
                # draw_text_image's y is downwards & the bitmap bottom side.
                self._renderer.draw_text_image(
                    buffer, left + (px >> 6), int(self.height) - (top + (py >> 6)) + buffer.shape[0], 0, gc
                )

    return CachingRendererAgg


def _frozen(value):
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


def image(fig: Figure, *, dpi: int = 100, alt: str | None = None):
    """The figure as an ``IPython.display.Image``, for ``display()`` in a notebook.

    Works whatever the matplotlib backend, so a notebook needs no ``%matplotlib`` magic and the
    executed notebook holds a plain ``image/png`` output, with alternative text in its metadata
    (nbconvert writes it as the ``alt`` of the ``<img>``).

    Args:
        fig: a figure from this module.
        dpi: resolution.
        alt: the alternative text; by default the chart's title.

    Returns:
        An :class:`IPython.display.Image`.
    """
    from IPython.display import Image

    text = alt if alt is not None else title_of(fig)
    return Image(data=to_png(fig, dpi=dpi), format="png", metadata={"alt": _nfc(text)} if text else None)


def title_of(fig: Figure) -> str:
    """The title of a figure from this module (its suptitle, else the first axes title), one line.

    Args:
        fig: the figure.

    Returns:
        The title, lines joined by " – "; ``""`` when it has none.
    """
    texts = [fig._suptitle.get_text()] if getattr(fig, "_suptitle", None) is not None else []
    texts += [ax.get_title(loc=where) for ax in fig.axes for where in ("left", "center")]
    first = next((t for t in texts if t.strip()), "")
    return " – ".join(line.strip() for line in first.splitlines() if line.strip())


def _value_column(index: str, value: str | None, has_max: bool) -> str:
    if value is None:
        value = "score" if index == "PAPI" or not has_max else "pct"
    if value not in VALUE_LABELS:
        raise InputError(f"value must be 'pct' or 'score', not {value!r}.")
    if value == "pct" and not has_max:
        raise InputError(
            "the rows have no maximum points, so no percentage can be drawn.",
            hint="Use value='score', or aggregate the table so the parents carry their maxima.",
        )
    return value


def _value_axis_label(value: str, max_score: float | None) -> str:
    if value == "score" and max_score is not None and np.isfinite(max_score):
        return f"Điểm (tối đa {fmt.number(max_score, 2, trim=True)})"
    return VALUE_LABELS[value]


# --------------------------------------------------------------------------- ranking


def ranking_chart(
    scores: pd.DataFrame,
    *,
    unit: str | None = None,
    component: str = "total",
    value: str | None = None,
    title: str | None = None,
) -> Figure:
    """Ranking chart of one group of units, with the PAR A/B/C bands or PAPI's quartile groups.

    A dot plot rather than bars: scores of a peer group lie close together, and bars would have to
    start at zero to stay honest, which hides the differences that decide the ranks.

    Args:
        scores: rows of one ranking group (one index, year, period, stage and peer group), as the tidy
            table holds them; aggregate first when ``component`` is a parent or the total.
        unit: the unit to highlight.
        component: the component ranked (``"total"`` by default).
        value: ``"pct"`` (percent of the maximum) or ``"score"``; by default points for PAPI (as PAPI
            publishes them) and percent for the other indices.
        title: the chart title; a Vietnamese title is composed from the data when not given.

    Returns:
        The figure: one row per unit, best at the top, labelled ``"rank. name"`` with its value (beyond
        40 units, the values of the first three, the last three and the unit only); each
        band (PAR total) or quartile group (PAPI) is a shaded region named at the top of the chart and
        has its own marker shape; units without a score are named under the title.

    Raises:
        InputError: the rows hold several ranking groups, none of ``component``, or not ``unit``.
    """
    group = _one_group(scores, "ranking_chart()")
    rows = scores[scores["component"].astype(str) == component]
    if rows.empty:
        raise InputError(
            f"ranking_chart(): no rows of component '{component}'.",
            hint="Aggregate the table first (cchc_analysis.aggregate) to get parents and the total.",
        )
    unit = _check_unit(unit, rows["unit"], "ranking_chart()")
    index = str(group["index"])
    has_max = bool(rows["max_score"].notna().any())
    value = _value_column(index, value, has_max)
    rows = add_bands(rows)
    missing = sorted(rows.loc[rows["score"].isna(), "unit"].map(_nfc))
    shown = rows[rows["score"].notna()].copy()
    if shown.empty:
        raise InputError(f"ranking_chart(): no unit has a score on component '{component}'.")
    shown["_v"] = shown[value].astype("float64")
    shown["_rank"] = shown["_v"].rank(method="min", ascending=False).astype(int)
    shown = shown.sort_values(["_rank", "unit"], kind="stable").reset_index(drop=True)
    n = len(shown)
    max_score = float(shown["max_score"].max()) if has_max else None
    lo_v, hi_v = float(shown["_v"].min()), float(shown["_v"].max())
    spread = max(hi_v - lo_v, abs(hi_v) * 0.02, 0.5)
    xmin, xmax = lo_v - spread * 0.12, hi_v + spread * 0.22
    regions = _group_regions(index, component, value, shown["_v"])
    if regions:
        xmin = min(xmin, max(regions[-1][0], lo_v - spread * 0.25))
    if value == "pct":
        xmax = min(xmax, 100.0 + spread * 0.22)
    decimals = 2

    with _style():
        fig = Figure(figsize=(8.5, 1.9 + 0.2 * n), layout="constrained")
        ax = fig.add_subplot()
        handles = []
        for k, (left, right, label) in enumerate(regions):
            face, _hatch = GROUP_STYLES[min(k, len(GROUP_STYLES) - 1)]
            marker = GROUP_MARKERS[min(k, len(GROUP_MARKERS) - 1)]
            left_c, right_c = max(left, xmin), min(right, xmax)
            if right_c <= left_c:
                continue
            ax.axvspan(left_c, right_c, color=face, alpha=0.16 if k % 2 == 0 else 0.08, linewidth=0)
            if left > xmin:
                ax.axvline(left, color=INK, linestyle="--", linewidth=0.7)
            if (right_c - left_c) >= 0.14 * (xmax - xmin):  # narrow regions are named in the legend only
                ax.text(
                    (left_c + right_c) / 2, -0.9, _wrap(label, 20, 2), ha="center", va="bottom", fontsize=7.5
                )
            handles.append(
                mpl.lines.Line2D(
                    [], [], linestyle="none", marker=marker, color=face, markeredgecolor=INK, label=label
                )
            )
        y = np.arange(n)
        ax.hlines(y, xmin, shown["_v"], color="#c9d1da", linewidth=0.8, zorder=1)
        for i, row in shown.iterrows():
            is_unit = unit is not None and _nfc(row["unit"]) == unit
            k = _region_of(row["_v"], regions)
            face = GROUP_STYLES[min(k, len(GROUP_STYLES) - 1)][0] if k is not None else BASE
            marker = GROUP_MARKERS[min(k, len(GROUP_MARKERS) - 1)] if k is not None else "o"
            ax.plot(
                row["_v"],
                i,
                linestyle="none",
                marker="*" if is_unit else marker,
                markersize=13 if is_unit else 6,
                color=ACCENT if is_unit else face,
                markeredgecolor=INK,
                markeredgewidth=0.9 if is_unit else 0.5,
                zorder=4 if is_unit else 3,
            )
            if n > 40 and not (is_unit or i < 3 or i >= n - 3):
                continue  # a long ranking: values of the ends and of the unit only (all are in the table)
            text = fmt.number(row["_v"], decimals) + ("%" if value == "pct" else "")
            ax.text(
                row["_v"] + spread * 0.02,
                i,
                f" {text}",
                va="center",
                ha="left",
                fontsize=7.5,
                fontweight="bold" if is_unit else "normal",
                color=ACCENT if is_unit else INK,
            )
        ax.set_yticks(
            y, [_tick_name(u, unit, f"{r}. ") for u, r in zip(shown["unit"], shown["_rank"], strict=True)]
        )
        ax.set_ylim(n - 0.4, -0.6)
        ax.tick_params(axis="y", length=0, labelsize=8 if n <= 30 else 7.5)
        ax.set_xlim(xmin, xmax)
        ax.xaxis.set_major_formatter(decimal_formatter(1, "%" if value == "pct" else ""))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8))
        ax.set_xlabel(_value_axis_label(value, max_score) + " – trục không bắt đầu từ 0")
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)
        if unit is not None and unit in set(shown["unit"].map(_nfc)):
            handles.append(
                mpl.lines.Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="*",
                    markersize=12,
                    color=ACCENT,
                    markeredgecolor=INK,
                    label=f"{MARK}{unit}",
                )
            )
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncol=min(len(handles), 3), fontsize=8)
        _emphasise(ax, "y", unit)
        name = _component_name(rows, component)
        if title is None:
            title = f"Xếp hạng {name} năm {fmt.year(group['year'])}{_period_text(group)}"
        title = textwrap.fill(_nfc(title), 75)
        sub = f"{_nfc(group['peer_group'])} – {n} đơn vị có điểm"
        ax.set_title(f"{title}\n{sub}{_missing_line(missing)}", pad=26)
    return fig


def _group_regions(
    index: str, component: str, value: str, values: pd.Series
) -> list[tuple[float, float, str]]:
    """The value ranges of the groups drawn, best first: ``(left, right, label)``.

    PAR total in percent: the A/B/C bands and "below 70 %". PAPI: the quartile groups between the
    25th, 50th and 75th percentiles (linear interpolation, as :func:`cchc_analysis.papi_quartiles`).
    Other rankings have no groups.
    """
    if index == "PAR" and component == "total" and value == "pct":
        return [
            (90.0, np.inf, PAR_BAND_LABELS["A"]),
            (80.0, 90.0, PAR_BAND_LABELS["B"]),
            (70.0, 80.0, PAR_BAND_LABELS["C"]),
            (-np.inf, 70.0, BELOW_BANDS),
        ]
    if index == "PAPI":
        q25, q50, q75 = np.percentile(values.astype("float64"), [25, 50, 75])
        names = [f"Nhóm {g.lower()}" for g in PAPI_GROUPS]
        return [(q75, np.inf, names[0]), (q50, q75, names[1]), (q25, q50, names[2]), (-np.inf, q25, names[3])]
    return []


def _region_of(v: float, regions: list[tuple[float, float, str]]) -> int | None:
    for k, (left, right, _label) in enumerate(regions):
        if left <= v < right or (right == np.inf and v >= left):
            return k
    return None


def _component_name(rows: pd.DataFrame, component: str) -> str:
    names = rows.loc[rows["component"].astype(str) == component, "component_name"].dropna()
    if names.empty:
        return "tổng điểm" if component == "total" else f"nội dung {component}"
    name = _nfc(names.iloc[0])
    return name if component == "total" else f"{component}. {name}"


def _period_text(group: pd.Series) -> str:
    period = str(group.get("period", "year"))
    stage = str(group.get("stage", "published"))
    out = "" if period == "year" else f" (kỳ {period})"
    stages = {"self": "tự đánh giá", "appraised": "thẩm định", "estimate": "dự kiến"}
    return out + (f" – {stages[stage]}" if stage in stages else "")


# --------------------------------------------------------------------------- slope


def rank_slope_chart(
    comparison: pd.DataFrame,
    *,
    unit: str | None = None,
    component: str = "total",
    label_top: int = 3,
    title: str | None = None,
) -> Figure:
    """Slope chart of ranks between two years.

    Args:
        comparison: the frame :func:`cchc_analysis.compare` returns (one peer group).
        unit: the unit to highlight.
        component: the component whose ranks are drawn.
        label_top: how many of the largest rises and of the largest falls to name.
        title: the chart title; composed from the data when not given.

    Returns:
        The figure: one line per unit ranked in both years (rank 1 at the top), solid for a rise,
        dashed for a fall, dotted when unchanged; the unit and the biggest movers are named with their
        change of rank.

    Raises:
        InputError: no unit is ranked in both years, or ``unit`` is not in the comparison.
    """
    _require(comparison, ["unit", "component", "year", "base_year", "rank", "rank_base", "rank_of"], "slope")
    rows = comparison[comparison["component"].astype(str) == component]
    both = rows[rows["rank"].notna() & rows["rank_base"].notna()].copy()
    if both.empty:
        raise InputError(
            "rank_slope_chart(): no unit is ranked in both years.",
            hint="Compare two years in which the units were scored (compare(scores, year, base_year)).",
        )
    if both["peer_group"].nunique() > 1 if "peer_group" in both.columns else False:
        raise InputError(
            "rank_slope_chart() draws one peer group; the comparison holds several.",
            hint="Filter the comparison to one peer group first.",
        )
    unit = _check_unit(unit, rows["unit"], "rank_slope_chart()")
    both["rank"] = both["rank"].astype("float64")
    both["rank_base"] = both["rank_base"].astype("float64")
    both["_change"] = both["rank_base"] - both["rank"]
    year, base = int(both["year"].iloc[0]), int(both["base_year"].iloc[0])
    n_max = int(max(both["rank"].max(), both["rank_base"].max()))
    ups = both[both["_change"] > 0].nlargest(label_top, "_change")["unit"].tolist()
    downs = both[both["_change"] < 0].nsmallest(label_top, "_change")["unit"].tolist()
    named = set(ups) | set(downs) | ({unit} if unit else set())

    with _style():
        fig = Figure(figsize=(7.5, 2.0 + 0.11 * n_max), layout="constrained")
        ax = fig.add_subplot()
        for _, row in both.iterrows():
            is_unit = unit is not None and _nfc(row["unit"]) == unit
            change = row["_change"]
            style = "-" if change > 0 else ("--" if change < 0 else ":")
            strong = is_unit or row["unit"] in named
            ax.plot(
                [0, 1],
                [row["rank_base"], row["rank"]],
                linestyle=style,
                color=ACCENT if is_unit else (INK if strong else "#b8c2cc"),
                linewidth=2.6 if is_unit else (1.2 if strong else 0.7),
                marker="o",
                markersize=5 if is_unit else (3 if strong else 2),
                zorder=4 if is_unit else (3 if strong else 2),
            )
        right = _spread([(r["rank"], r) for _, r in both[both["unit"].isin(named)].iterrows()], n_max)
        left = _spread([(r["rank_base"], r) for _, r in both[both["unit"].isin(named)].iterrows()], n_max)
        for y, row in right:
            is_unit = unit is not None and _nfc(row["unit"]) == unit
            change = fmt.rank_change(row["_change"])
            ax.text(
                1.04,
                y,
                f"{_tick_name(row['unit'], unit)} – hạng {fmt.number(row['rank'], 0)} ({change})",
                va="center",
                fontsize=8,
                fontweight="bold" if is_unit else "normal",
                color=ACCENT if is_unit else INK,
            )
        for y, row in left:
            is_unit = unit is not None and _nfc(row["unit"]) == unit
            ax.text(
                -0.04,
                y,
                f"{_nfc(row['unit'])} – hạng {fmt.number(row['rank_base'], 0)}",
                va="center",
                ha="right",
                fontsize=8,
                fontweight="bold" if is_unit else "normal",
                color=ACCENT if is_unit else INK,
            )
        ax.set_xlim(-0.05, 1.05)
        ax.set_ylim(n_max + 1, 0)
        ax.set_xticks([0, 1], [fmt.year(base), fmt.year(year)])
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, labelsize=10)
        # Every named line carries its ranks; an axis of rank numbers would collide with the left labels.
        ax.yaxis.set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.legend(
            handles=[
                mpl.lines.Line2D([], [], color=INK, linestyle="-", label="Tăng hạng"),
                mpl.lines.Line2D([], [], color=INK, linestyle="--", label="Giảm hạng"),
                mpl.lines.Line2D([], [], color=INK, linestyle=":", label="Giữ nguyên"),
            ]
            + (
                [mpl.lines.Line2D([], [], color=ACCENT, linewidth=2.6, label=f"{MARK}{unit}")] if unit else []
            ),
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=4,
            fontsize=8,
            frameon=False,
        )
        name = _component_name(rows, component)
        if title is None:
            title = f"Thay đổi thứ hạng {name}, {fmt.year(base)} – {fmt.year(year)}"
        sub = f"{len(both)} đơn vị có hạng cả hai năm (càng lên cao, thứ hạng càng tốt)"
        if "peer_group" in both.columns:
            sub = f"{_nfc(both['peer_group'].iloc[0])}\n{sub}"
        ax.set_title(f"{_nfc(title)}\n{sub}", pad=24)
    return fig


def _spread(items: list[tuple[float, pd.Series]], n_max: int) -> list[tuple[float, pd.Series]]:
    """Label positions pushed apart so that labels of close ranks do not overlap."""
    gap = max(1.0, n_max / 45)
    items = sorted(items, key=lambda t: t[0])
    out: list[tuple[float, pd.Series]] = []
    last = -np.inf
    for y, row in items:
        y = max(float(y), last + gap)
        out.append((y, row))
        last = y
    return out


# --------------------------------------------------------------------------- heatmap


def heatmap_chart(
    scores: pd.DataFrame,
    *,
    unit: str | None = None,
    depth: int = 1,
    parent: str | None = None,
    annotate: bool | None = None,
    title: str | None = None,
) -> Figure:
    """Heatmap of units × content areas, each cell the percent of the area's maximum.

    The colour map ("Blues") grows darker with the value, so the shading reads in grey print as well.

    Args:
        scores: rows of one ranking group, aggregated so the areas carry their maxima.
        unit: the unit to highlight.
        depth: 1 for the content areas (default), 2 for criteria.
        parent: draw only the parts of this component (e.g. ``"5"``: the criteria of area 5); the units
            are then ordered by their score on it.
        annotate: write each cell's percent; by default when the grid has at most 240 cells, else only
            the highlighted unit's row (a larger grid would be unreadable and slow to draw).
        title: the chart title; composed from the data when not given.

    Returns:
        The figure: units as rows ordered by their total (best first; by mean percent where no total
        is given), areas as columns in framework order; cells written as percents with a decimal
        comma; the unit's row framed and its label bold and marked.

    Raises:
        InputError: several ranking groups, no area with a maximum, or ``unit`` not among the rows.
    """
    group = _one_group(scores, "heatmap_chart()")
    rows = scores.copy()
    rows["component"] = rows["component"].astype(str)
    if parent is not None:
        parent = str(parent)
        depth = depth_of(parent) + 1
        rows = rows[rows["component"].str.startswith(f"{parent}.") | (rows["component"] == parent)]
    areas = rows[(rows["component"].map(depth_of) == depth) & rows["max_score"].gt(0)]
    if areas.empty:
        raise InputError(
            f"heatmap_chart(): no component of depth {depth} has a maximum.",
            hint="Aggregate the table first; PAPI gives maxima for its dimensions (depth 1) only.",
        )
    unit = _check_unit(unit, rows["unit"], "heatmap_chart()")
    areas = areas.assign(_pct=areas["score"] / areas["max_score"] * 100.0)
    grid = areas.pivot_table(index="unit", columns="component", values="_pct", aggfunc="first", dropna=False)
    codes = sorted(grid.columns, key=code_sort_key)
    grid = grid[codes]
    totals = rows[rows["component"] == (parent or "total")].set_index("unit")["score"]
    order_key = totals.reindex(grid.index) if totals.notna().any() else grid.mean(axis=1)
    grid = grid.assign(_k=order_key.astype("float64")).sort_values("_k", ascending=False, na_position="last")
    grid = grid.drop(columns="_k")
    empty = grid.isna().all(axis=1)
    missing = sorted(grid.index[empty].map(_nfc))
    grid = grid[~empty]
    names = areas.drop_duplicates("component").set_index("component")["component_name"]
    n_units, n_areas = grid.shape
    values = grid.to_numpy(dtype="float64")

    with _style():
        fig = Figure(figsize=(2.6 + 0.95 * n_areas, 2.4 + 0.24 * n_units), layout="constrained")
        ax = fig.add_subplot()
        finite = values[np.isfinite(values)]
        lo = float(np.floor(finite.min() / 5) * 5) if finite.size else 0.0
        hi = float(np.ceil(finite.max() / 5) * 5) if finite.size else 100.0
        mesh = ax.imshow(
            np.ma.masked_invalid(values), cmap="Blues", vmin=lo, vmax=max(hi, lo + 5), aspect="auto"
        )
        norm = mesh.norm
        if annotate is None:
            annotate = n_units * n_areas <= 240
        for i in range(n_units):
            if not annotate and _nfc(grid.index[i]) != unit:
                continue
            for j in range(n_areas):
                v = values[i, j]
                text = fmt.number(v, 1) if np.isfinite(v) else fmt.NA
                dark = np.isfinite(v) and norm(v) > 0.6
                cell = ax.text(
                    j, i, text, ha="center", va="center", fontsize=7, color="white" if dark else INK
                )
                cell.set_in_layout(False)
        ax.set_xticks(np.arange(n_areas), [_wrap(f"{c}. {_nfc(names.get(c, ''))}", 18) for c in codes])
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, labelsize=7.5)
        ax.set_yticks(np.arange(n_units), [_tick_name(u, unit) for u in grid.index])
        ax.tick_params(axis="y", length=0, labelsize=8 if n_units <= 30 else 7)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if unit is not None and unit in set(grid.index.map(_nfc)):
            i = list(grid.index.map(_nfc)).index(unit)
            ax.add_patch(
                Rectangle((-0.5, i - 0.5), n_areas, 1, fill=False, edgecolor=ACCENT, linewidth=2.4, zorder=5)
            )
        _emphasise(ax, "y", unit)
        bar = fig.colorbar(mesh, ax=ax, shrink=min(1.0, 6 / max(n_units, 1) + 0.25), pad=0.01)
        bar.ax.yaxis.set_major_formatter(decimal_formatter(1, "%"))
        bar.set_label("% điểm tối đa")
        level = _level_word(areas, depth)
        if parent is not None:
            level += f" của {_component_name(scores, parent)}"
        if title is None:
            title = f"Tỷ lệ điểm đạt theo {level}, năm {fmt.year(group['year'])}{_period_text(group)}"
        sub = f"{_nfc(group['peer_group'])} – {n_units} đơn vị"
        ax.set_title(f"{_nfc(title)}\n{sub}{_missing_line(missing)}", pad=12)
    return fig


# --------------------------------------------------------------------------- waterfall


def waterfall_chart(
    drilldown: pd.DataFrame,
    *,
    unit: str | None = None,
    depth: int | None = None,
    top: int = 12,
    title: str | None = None,
) -> Figure:
    """Waterfall from the maximum to the score: the points lost on each criterion, largest first.

    Args:
        drilldown: the frame :func:`cchc_analysis.drilldown` returns for one unit.
        unit: the unit's name, for the title.
        depth: 2 to break the losses down by criterion, 1 by content area; by default criteria where
            every criterion of an area has a maximum, else the area.
        top: how many steps to draw; the remaining losses are summed into one step, named with their
            count.
        title: the chart title; composed when not given.

    Returns:
        The figure: a bar for the maximum, one step down per criterion (its loss written beside it), a
        hatched step for survey points not scored yet, and a bar for the points reached.

    Raises:
        InputError: the drill-down has no total with a maximum and a score.
    """
    _require(
        drilldown,
        ["component", "component_name", "depth", "score", "max_score", "points_lost", "survey_open"],
        "waterfall_chart()",
    )
    dd = drilldown.copy()
    dd["component"] = dd["component"].astype(str)
    total = dd[dd["component"] == "total"]
    if total.empty or fmt.is_missing(total["max_score"].iloc[0]) or fmt.is_missing(total["score"].iloc[0]):
        raise InputError(
            "waterfall_chart(): the drill-down has no total with a score and a maximum.",
            hint="Pass drilldown(scores, unit, year) for a unit scored that year.",
        )
    t = total.iloc[0]
    # PAPI has no "points lost": its charts speak of the distance to the maximum.
    summary = drilldown.attrs.get("summary") or {}
    framework = summary.get("framework") or (
        dd["framework"].dropna().iloc[0] if "framework" in dd and dd["framework"].notna().any() else None
    )
    fw = packaged(framework)
    papi = fw is not None and fw.scale == "papi"
    lost_word = "Khoảng cách đến tối đa" if papi else "Điểm bị mất"
    steps = _loss_steps(dd, depth)
    steps = steps[steps["lost"] > 0.005].sort_values("lost", ascending=False, kind="stable")
    if len(steps) > top:
        rest = steps.iloc[top - 1 :]
        steps = pd.concat(
            [
                steps.iloc[: top - 1],
                pd.DataFrame({"label": [f"Các nội dung khác ({len(rest)})"], "lost": [rest["lost"].sum()]}),
            ],
            ignore_index=True,
        )
    survey = float(t["survey_open"]) if not fmt.is_missing(t["survey_open"]) else 0.0
    max_score, score = float(t["max_score"]), float(t["score"])
    lost_known = float(steps["lost"].sum()) if len(steps) else 0.0
    other = max_score - score - survey - lost_known
    labels = ["Điểm tối đa", *steps["label"].tolist()]
    widths = [max_score, *steps["lost"].tolist()]
    kinds = ["total", *["lost"] * len(steps)]
    if other > 0.005:
        labels.append("Phần chênh lệch chưa phân bổ")
        widths.append(other)
        kinds.append("lost")
    if survey > 0.005:
        labels.append("Điểm điều tra XHH chưa chấm")
        widths.append(survey)
        kinds.append("survey")
    labels.append("Điểm đạt")
    widths.append(score)
    kinds.append("score")

    with _style():
        n = len(labels)
        labels = [_wrap(label, 46, 2) for label in labels]
        fig = Figure(figsize=(8.5, 1.8 + 0.4 * n), layout="constrained")
        ax = fig.add_subplot()
        running = max_score
        for i, (width, kind) in enumerate(zip(widths, kinds, strict=True)):
            if kind == "total":
                ax.barh(i, width, left=0, color="#dde5ec", edgecolor="#333333", linewidth=0.6)
                text, x = fmt.number(width, 2, trim=True), width
            elif kind == "score":
                ax.barh(i, width, left=0, color=ACCENT, edgecolor=INK, linewidth=1.2)
                text, x = fmt.number(width, 2), width
            else:
                running -= width
                hatch = "..." if kind == "survey" else "///"
                face = "white" if kind == "survey" else "#6f8aa6"
                ax.barh(i, width, left=running, color=face, hatch=hatch, edgecolor="#333333", linewidth=0.6)
                ax.plot([running + width] * 2, [i - 1.4, i - 0.4], color="#777777", linewidth=0.6)
                text, x = f"{fmt.MINUS}{fmt.number(width, 2)}", running + width
            ax.text(
                x,
                i,
                f" {text}",
                va="center",
                ha="left",
                fontsize=8,
                fontweight="bold" if kind == "score" else None,
            )
        ax.set_yticks(np.arange(n), labels)
        ax.set_ylim(n - 0.4, -0.6)
        ax.tick_params(axis="y", length=0, labelsize=8)
        for label, kind in zip(ax.get_yticklabels(), kinds, strict=True):
            if kind in ("total", "score"):
                label.set_fontweight("bold")
        # Losses are small against the maximum: start the axis near the score so the steps can be read.
        lost_total = max_score - score
        left = (
            0.0
            if lost_total > 0.4 * max_score
            else _nice_floor(score - max(lost_total * 0.6, 0.05 * max_score))
        )
        ax.set_xlim(left, max_score + (max_score - left) * 0.1)
        ax.xaxis.set_major_formatter(decimal_formatter(2))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8))
        ax.set_xlabel("Điểm" + (" – trục không bắt đầu từ 0" if left > 0 else ""))
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)
        handles = [
            Patch(facecolor="#6f8aa6", hatch="///", edgecolor="#333333", label=lost_word),
            Patch(facecolor=ACCENT, edgecolor=INK, label="Điểm đạt"),
        ]
        if survey > 0.005:
            handles.insert(
                1, Patch(facecolor="white", hatch="...", edgecolor="#333333", label="Điều tra XHH chưa chấm")
            )
        ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.95)
        if title is None:
            who = f" của {_nfc(unit)}" if unit else ""
            title = (
                f"Khoảng cách đến điểm tối đa theo chỉ số nội dung{who}"
                if papi
                else f"Điểm bị mất theo nội dung{who}"
            )
        gap = fmt.number(max_score - score, 2)
        sub = f"Đạt {fmt.points(score, max_score)}; " + (
            f"còn cách tối đa {gap} điểm" if papi else f"mất {gap} điểm"
        )
        ax.set_title(f"{_nfc(title)}\n{sub}", pad=10)
    return fig


def _nice_floor(x: float) -> float:
    """``x`` rounded down to 1, 2 or 5 times a power of ten of its scale (65,1 → 65; 0,37 → 0,3)."""
    if x <= 0:
        return 0.0
    step = 10 ** np.floor(np.log10(x)) / 2
    return float(np.floor(x / step) * step)


def _loss_steps(dd: pd.DataFrame, depth: int | None) -> pd.DataFrame:
    """One row per step of the waterfall: its label and the points it lost."""
    rows = []
    areas = dd[dd["depth"] == 1]
    for _, area in areas.iterrows():
        kids = (
            dd[(dd["depth"] == 2) & (dd["parent"].astype(str) == area["component"])]
            if "parent" in dd
            else dd[:0]
        )
        use_kids = depth != 1 and len(kids) and kids["points_lost"].notna().all()
        if use_kids:
            for _, kid in kids.iterrows():
                rows.append((_label(kid["component"], kid["component_name"], 90), float(kid["points_lost"])))
        elif not fmt.is_missing(area["points_lost"]):
            rows.append((_label(area["component"], area["component_name"], 90), float(area["points_lost"])))
    return pd.DataFrame(rows, columns=["label", "lost"])


# --------------------------------------------------------------------------- trend


def trend_chart(
    trend: pd.DataFrame,
    *,
    peer_mean: pd.DataFrame | None = None,
    value: str = "pct",
    title: str | None = None,
) -> Figure:
    """A unit's score and rank over the years, with the changes of criteria set marked.

    Args:
        trend: the frame :func:`cchc_analysis.trend` returns (one unit, one component).
        peer_mean: optional averages of the peer group per year: a frame with ``year`` and ``mean_pct``
            (``value="pct"``) or ``mean`` (``value="score"``), as :func:`cchc_analysis.group_means`
            returns.
        value: ``"pct"`` (default: percent of the maximum, comparable when the maximum changes) or
            ``"score"``.
        title: the chart title; composed when not given.

    Returns:
        The figure: the value (top) and the rank (bottom, 1 at the top) per year, in the accent colour;
        the line is broken where the criteria set changed (a dashed vertical line, labelled) and where a
        year has no score (marked ``×`` and named below).

    Raises:
        InputError: the frame lacks the trend columns or has no score at all.
    """
    _require(
        trend,
        ["unit", "year", "score", "pct", "rank", "rank_of", "break_before", "framework"],
        "trend_chart()",
    )
    if value not in VALUE_LABELS:
        raise InputError(f"value must be 'pct' or 'score', not {value!r}.")
    rows = trend.sort_values("year").reset_index(drop=True)
    if value == "pct" and not np.isfinite(rows["pct"].astype("float64")).any():
        value = "score"  # no maximum known (a table read without a criteria set): the points themselves
    if rows["score"].notna().sum() == 0:
        raise InputError("trend_chart(): the unit has no score in any year.")
    unit = _nfc(rows["unit"].iloc[0])
    years = rows["year"].astype(int).to_numpy()
    vals = rows[value].astype("float64").to_numpy()
    ranks = rows["rank"].astype("float64").to_numpy()
    segment = rows["break_before"].astype(bool).cumsum().to_numpy()
    missing = [int(y) for y, v in zip(years, vals, strict=True) if not np.isfinite(v)]

    with _style():
        fig = Figure(figsize=(8.5, 5.6), layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        if peer_mean is not None and len(peer_mean):
            col = "mean_pct" if value == "pct" else "mean"
            _require(peer_mean, ["year", col], "trend_chart(peer_mean=...)")
            pm = peer_mean.sort_values("year")
            pm = pm[pm["year"].isin(years)]
            pm_seg = pd.Series(segment, index=years).reindex(pm["year"]).to_numpy()
            for s in np.unique(pm_seg):
                part = pm[pm_seg == s]
                top.plot(
                    part["year"],
                    part[col],
                    color="#777777",
                    linestyle="--",
                    linewidth=1.2,
                    marker="s",
                    markersize=3,
                    label="Trung bình nhóm" if s == pm_seg[0] else None,
                )
        for s in np.unique(segment):
            mask = segment == s
            top.plot(
                years[mask],
                vals[mask],
                color=ACCENT,
                linewidth=2.4,
                marker="o",
                markersize=5,
                label=f"{MARK}{unit}" if s == segment[0] else None,
            )
            bottom.plot(years[mask], ranks[mask], color=ACCENT, linewidth=2.0, marker="o", markersize=4)
        for y, v, r, of in zip(years, vals, ranks, rows["rank_of"], strict=True):
            if np.isfinite(v):
                suffix = "%" if value == "pct" else ""
                top.annotate(
                    f"{fmt.number(v, 1)}{suffix}",
                    (y, v),
                    textcoords="offset points",
                    xytext=(0, 7),
                    ha="center",
                    fontsize=7.5,
                )
            if np.isfinite(r):
                bottom.annotate(
                    fmt.rank(r, None if fmt.is_missing(of) else of),
                    (y, r),
                    textcoords="offset points",
                    xytext=(0, -12),
                    ha="center",
                    fontsize=7.5,
                )
        finite = vals[np.isfinite(vals)]
        lo, hi = float(finite.min()), float(finite.max())
        pad = max((hi - lo) * 0.25, 1.0)
        top.set_ylim(lo - pad, hi + pad)
        for y in missing:
            top.plot([y], [lo - pad * 0.6], marker="x", color=INK, markersize=7, linestyle="none")
        if missing:
            top.plot([], [], marker="x", color=INK, linestyle="none", label="Năm không có số liệu")
        for y, fw, brk in zip(years, rows["framework"], rows["break_before"], strict=True):
            if bool(brk):
                for ax in (top, bottom):
                    ax.axvline(y - 0.5, color=INK, linestyle="--", linewidth=1.0)
                top.text(y - 0.45, hi + pad * 0.9, f"Đổi bộ tiêu chí\n({_nfc(fw)})", fontsize=7.5, va="top")
        top.set_ylabel(_value_axis_label(value, None))
        top.yaxis.set_major_formatter(decimal_formatter(1, "%" if value == "pct" else ""))
        top.grid(axis="y", color="#e3e3e3", linewidth=0.6)
        top.legend(loc="lower left", fontsize=8, frameon=False, ncol=3)
        rank_max = float(np.nanmax(np.append(ranks, rows["rank_of"].astype("float64").to_numpy())))
        bottom.set_ylim(rank_max + 2, 0)
        bottom.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        bottom.yaxis.set_major_formatter(_rank_formatter())
        bottom.set_ylabel("Thứ hạng")
        bottom.grid(axis="y", color="#e3e3e3", linewidth=0.6)
        bottom.set_xticks(years, [fmt.year(y) for y in years])
        bottom.set_xlabel("Năm")
        comp = str(rows["component"].iloc[0]) if "component" in rows.columns else "total"
        index = _nfc(rows["index"].iloc[0]) if "index" in rows.columns else ""
        if title is None:
            what = f"Chỉ số {index}" if comp == "total" else f"nội dung {comp} ({index})"
            title = f"Diễn biến {what} của {unit}, {fmt.year(years.min())} – {fmt.year(years.max())}"
        top.set_title(_nfc(title), pad=10)
        if missing:
            _footnote(fig, "Năm không có số liệu: " + ", ".join(map(str, missing)) + ".")
    return fig


# --------------------------------------------------------------------------- profile


def profile_chart(profile: pd.DataFrame, *, depth: int = 1, title: str | None = None) -> Figure:
    """Each content area of the unit against its peers: worst–best range, peer mean and the unit.

    Args:
        profile: the frame :func:`cchc_analysis.profile` returns.
        depth: 1 for the content areas (default), 2 for criteria.
        title: the chart title; composed when not given.

    Returns:
        The figure: per area a grey line from the peers' worst to best percent, a black ``|`` at the peer
        mean, and the unit as an accent diamond with its value and rank.

    Raises:
        InputError: no area of that depth has a maximum.
    """
    _require(
        profile,
        [
            "unit",
            "year",
            "component",
            "component_name",
            "depth",
            "score",
            "max_score",
            "rank",
            "rank_of",
            "peer_mean",
            "peer_best",
            "peer_worst",
        ],
        "profile_chart()",
    )
    rows = profile[(profile["depth"] == depth) & profile["max_score"].gt(0)].copy()
    if rows.empty:
        raise InputError(
            f"profile_chart(): no component of depth {depth} has a maximum.",
            hint="Aggregate the table before profile(); PAPI gives maxima for its dimensions only.",
        )
    rows = rows.sort_values("component", key=lambda s: s.map(code_sort_key)).reset_index(drop=True)
    unit = _nfc(rows["unit"].iloc[0])
    scale = 100.0 / rows["max_score"].astype("float64")
    own = rows["score"].astype("float64") * scale
    mean = rows["peer_mean"].astype("float64") * scale
    best = rows["peer_best"].astype("float64") * scale
    worst = rows["peer_worst"].astype("float64") * scale
    n = len(rows)

    with _style():
        fig = Figure(figsize=(8.5, 1.6 + 0.5 * n), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(n)
        ax.hlines(y, worst, best, color="#aab6c3", linewidth=5, label="Khoảng thấp nhất – cao nhất")
        ax.plot(
            mean,
            y,
            linestyle="none",
            marker="|",
            markersize=14,
            markeredgewidth=2,
            color=INK,
            label="Trung bình nhóm",
        )
        ax.plot(
            own,
            y,
            linestyle="none",
            marker="D",
            markersize=8,
            color=ACCENT,
            markeredgecolor=INK,
            label=f"{MARK}{unit}",
        )
        for i in range(n):
            if np.isfinite(own[i]):
                rank = (
                    fmt.rank(rows["rank"][i], rows["rank_of"][i])
                    if not fmt.is_missing(rows["rank"][i])
                    else ""
                )
                ax.annotate(
                    f"{fmt.number(own[i], 1)}% – hạng {rank}",
                    (own[i], i),
                    textcoords="offset points",
                    xytext=(0, 8),
                    ha="center",
                    fontsize=7.5,
                    color=ACCENT,
                    fontweight="bold",
                )
        ax.set_yticks(
            y, [_label(c, nm, 46) for c, nm in zip(rows["component"], rows["component_name"], strict=True)]
        )
        ax.set_ylim(n - 0.5, -0.7)
        ax.tick_params(axis="y", length=0)
        values = np.concatenate([own, mean, best, worst])
        values = values[np.isfinite(values)]
        lo, hi = float(values.min()), float(values.max())
        pad = max((hi - lo) * 0.12, 2.0)
        ax.set_xlim(max(lo - pad, 0.0), min(hi + pad, 100.0 + pad))
        ax.xaxis.set_major_formatter(decimal_formatter(1, "%"))
        ax.set_xlabel("Tỷ lệ điểm đạt so với tối đa (%)")
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)
        if title is None:
            word = _level_word(profile, depth)
            title = f"{unit} so với nhóm theo từng {word}, năm {fmt.year(rows['year'].iloc[0])}"
        fig.suptitle(_nfc(title), x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig


# --------------------------------------------------------------------------- in-year progress


def progress_chart(
    progress: pd.DataFrame,
    *,
    unit: str | None = None,
    period_label: str = "9 tháng",
    title: str | None = None,
) -> Figure:
    """In-year progress per content area: points reached, lost, survey points still open, the estimate.

    Args:
        progress: the frame :func:`cchc_analysis.progress` returns (areas and a ``total`` row).
        unit: the unit's name, for the title.
        period_label: how the period reads ("9 tháng", "6 tháng đầu năm").
        title: the chart title; composed when not given.

    Returns:
        The figure: the total on top and one stacked bar per area: reached (accent, solid), lost (grey,
        hatched ``///``), survey still open (white, dotted); a black diamond marks the year-end estimate.

    Raises:
        InputError: the frame has no ``total`` row.
    """
    _require(
        progress,
        ["component", "component_name", "max_score", "reached", "points_lost", "survey_open", "estimate"],
        "progress_chart()",
    )
    rows = progress.copy()
    rows["component"] = rows["component"].astype(str)
    total = rows[rows["component"] == "total"]
    if len(total) != 1:
        raise InputError("progress_chart(): the progress table needs exactly one 'total' row.")
    areas = rows[rows["component"] != "total"].sort_values("component", key=lambda s: s.map(code_sort_key))
    parts = [
        ("reached", "Điểm đạt", ACCENT, "", INK),
        ("points_lost", "Điểm bị mất", "#6f8aa6", "///", "#333333"),
        ("survey_open", "Điều tra XHH chưa chấm", "white", "...", "#333333"),
    ]

    def draw(ax, frame: pd.DataFrame, labels: list[str]) -> None:
        y = np.arange(len(frame))
        left = np.zeros(len(frame))
        for col, name, face, hatch, edge in parts:
            width = frame[col].astype("float64").fillna(0.0).to_numpy()
            ax.barh(
                y,
                width,
                left=left,
                color=face,
                hatch=hatch,
                edgecolor=edge,
                linewidth=0.6,
                label=name,
                height=0.62,
            )
            left = left + width
        est = frame["estimate"].astype("float64").to_numpy()
        ax.plot(est, y, linestyle="none", marker="D", color=INK, markersize=6, label="Dự kiến cả năm")
        for i, (_, row) in enumerate(frame.iterrows()):
            reached = fmt.number(row["reached"], 2) if not fmt.is_missing(row["reached"]) else fmt.NA
            out_of = fmt.number(row["max_score"], 2, trim=True)
            text = f" {reached}/{out_of}"
            if not fmt.is_missing(row["estimate"]):
                text += f"  (dự kiến {fmt.number(row['estimate'], 2)})"
            ax.text(float(row["max_score"]), i, text, va="center", fontsize=7.5)
        ax.set_yticks(y, labels)
        ax.set_ylim(len(frame) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(decimal_formatter(2))
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)

    with _style():
        fig = Figure(figsize=(9.0, 2.6 + 0.42 * len(areas)), layout="constrained")
        ax_total, ax_areas = fig.subplots(2, 1, height_ratios=[1, max(len(areas), 1) * 0.9])
        draw(ax_total, total, ["Tổng điểm"])
        ax_total.get_yticklabels()[0].set_fontweight("bold")
        ax_total.set_xlim(0, float(total["max_score"].iloc[0]) * 1.32)
        draw(
            ax_areas,
            areas,
            [_label(c, n, 44) for c, n in zip(areas["component"], areas["component_name"], strict=True)],
        )
        ax_areas.set_xlim(0, float(areas["max_score"].max()) * 1.55)
        ax_areas.set_xlabel("Điểm")
        handles, labels = ax_areas.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda k: labels[k] == "Dự kiến cả năm")  # bars first
        handles, labels = [handles[k] for k in order], [labels[k] for k in order]
        ax_total.legend(
            handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.05), ncol=4, fontsize=8, frameon=False
        )
        if title is None:
            who = f" của {_nfc(unit)}" if unit else ""
            title = f"Tiến độ sau {_nfc(period_label)}{who}"
        fig.suptitle(_nfc(title), x=0.01, ha="left", fontweight="bold", fontsize=11)
    return fig
