"""Report tables (great_tables, static HTML) and escaped HTML text blocks for the notebooks.

Tables::

    from cchc_analysis import tables
    gt = tables.vn_table(changes, columns=["unit", "score", "delta", "rank_text"], highlight="Đà Nẵng")
    html = tables.to_html(gt)      # a <div> with its own <style>; no external URL

Numbers are written the Vietnamese way by great_tables' ``fmt_number(dec_mark=",", sep_mark=".")``:
``1.234,57``, ``86,03%``, ``+1,50``, ``−0,25``. Columns are labelled in Vietnamese from :data:`LABELS`
(override any with ``labels=``). great_tables escapes every cell, column label, title and note, so text
read from a spreadsheet (a unit called ``<script>…``) is shown as text, never run; the text blocks
(:func:`banner`, :func:`heading`, :func:`paragraph`) escape theirs with :func:`html.escape`.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping

import pandas as pd
from great_tables import GT, loc, style

from . import fmt
from .errors import InputError

__all__ = [
    "LABELS",
    "SIMULATED_TEXT",
    "banner",
    "bullets",
    "heading",
    "note",
    "paragraph",
    "to_html",
    "vn_table",
    "with_rank_text",
]

#: Vietnamese column labels of the columns the analysis verbs return.
LABELS: dict[str, str] = {
    "unit": "Đơn vị",
    "group": "Nhóm",
    "region": "Vùng",
    "peer_group": "Nhóm so sánh",
    "component": "Mã",
    "component_name": "Nội dung",
    "year": "Năm",
    "base_year": "Năm so sánh",
    "score": "Điểm",
    "score_base": "Điểm năm trước",
    "max_score": "Điểm tối đa",
    "pct": "Tỷ lệ đạt",
    "pct_base": "Tỷ lệ đạt năm trước",
    "delta": "Tăng/giảm (điểm)",
    "delta_pct": "Tăng/giảm (điểm %)",
    "rank": "Hạng",
    "rank_of": "Số đơn vị",
    "rank_base": "Hạng năm trước",
    "rank_change": "Thay đổi hạng (bậc)",
    "rank_text": "Xếp hạng",
    "rank_base_text": "Xếp hạng năm trước",
    "rank_change_text": "Thay đổi thứ hạng",
    "band": "Nhóm xếp loại",
    "quartile": "Nhóm PAPI",
    "n": "Số đơn vị",
    "mean": "Trung bình",
    "median": "Trung vị",
    "best": "Cao nhất",
    "worst": "Thấp nhất",
    "mean_pct": "Trung bình (% tối đa)",
    "peer_mean": "Trung bình nhóm",
    "peer_median": "Trung vị nhóm",
    "peer_best": "Cao nhất nhóm",
    "peer_worst": "Thấp nhất nhóm",
    "best_unit": "Đơn vị cao nhất",
    "points_lost": "Điểm bị mất",
    "survey_open": "Điểm điều tra XHH chưa chấm",
    "headroom": "Dư địa (điểm)",
    "self_score": "Tự đánh giá",
    "appraised_score": "Thẩm định",
    "estimate": "Dự kiến cả năm",
    "reached": "Điểm đạt",
    "max_assessable": "Điểm tối đa đến nay",
    "pct_reached": "Tỷ lệ đạt đến nay",
    "kind": "Loại",
    "by": "Tiêu chí đánh giá",
}

#: Columns written as points (2 decimals).
POINTS = {
    "score",
    "score_base",
    "max_score",
    "mean",
    "median",
    "best",
    "worst",
    "peer_mean",
    "peer_median",
    "peer_best",
    "peer_worst",
    "points_lost",
    "survey_open",
    "headroom",
    "self_score",
    "appraised_score",
    "estimate",
    "reached",
    "max_assessable",
    "points_needed",
    "score_a",
    "score_b",
}
#: Columns written as percentages (2 decimals and "%").
PERCENTS = {"pct", "pct_base", "mean_pct", "pct_reached"}
#: Columns written with a sign (+1,50 / −0,25).
SIGNED = {"delta", "delta_pct"}
#: Whole numbers.
INTEGERS = {"rank", "rank_of", "rank_base", "n", "year", "base_year"}
#: Whole numbers with a sign.
SIGNED_INTEGERS = {"rank_change", "rank_delta"}

#: The banner text shown on everything built from simulated data.
SIMULATED_TEXT = "Dữ liệu mô phỏng – không phải số liệu thật"

_HIGHLIGHT_FILL = "#fbe3d0"


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))


def with_rank_text(
    df: pd.DataFrame,
    *,
    rank: str = "rank",
    of: str = "rank_of",
    name: str = "rank_text",
    change: str | None = None,
    change_name: str = "rank_change_text",
) -> pd.DataFrame:
    """Add the rank written as ``"35/61"`` (and optionally its change as ``"tăng 5 bậc"``).

    Args:
        df: a frame with the rank columns.
        rank: the rank column.
        of: the column of the number of units ranked.
        name: the new text column.
        change: a column of rank changes (positive = moved up) to write as text, or ``None``.
        change_name: the new change text column.

    Returns:
        A new frame with the text column(s) (``"–"`` where the rank is missing).
    """
    needed = [rank, of] + ([change] if change else [])
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(f"with_rank_text() needs the column(s) {', '.join(missing)}.")
    out = df.copy()
    out[name] = [fmt.rank(r, o) for r, o in zip(out[rank], out[of], strict=True)]
    if change:
        out[change_name] = [fmt.rank_change(c) for c in out[change]]
    return out


def vn_table(
    df: pd.DataFrame,
    *,
    columns: Iterable[str] | None = None,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    highlight: str | None = None,
    unit_col: str = "unit",
    decimals: int = 2,
    source_note: str | None = None,
) -> GT:
    """A great_tables table with Vietnamese labels and number formats.

    Args:
        df: the frame to show.
        columns: the columns to show, in order (default: all).
        labels: column labels overriding :data:`LABELS` (e.g. ``{"score": "Điểm 2024"}``).
        title: the table title (plain text; escaped).
        subtitle: the subtitle (plain text; escaped).
        highlight: a unit whose row is shaded and bold (matched on ``unit_col``, NFC).
        unit_col: the column holding unit names.
        decimals: decimal places of points, percentages and changes.
        source_note: a note under the table (plain text; escaped).

    Returns:
        A :class:`great_tables.GT`; render it with :func:`to_html`.

    Raises:
        InputError: a column asked for is not in ``df``.
    """
    cols = list(df.columns if columns is None else columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(
            f"vn_table(): the table has no column(s) {', '.join(missing)}.",
            hint=f"Columns present: {', '.join(map(str, df.columns))}.",
        )
    data = df[cols].reset_index(drop=True).copy()
    for col in cols:
        if col in INTEGERS | SIGNED_INTEGERS | POINTS | PERCENTS | SIGNED:
            data[col] = pd.to_numeric(data[col], errors="coerce").astype("float64")
        elif data[col].dtype == object or pd.api.types.is_string_dtype(data[col]):
            data[col] = data[col].map(lambda v: v if fmt.is_missing(v) else _nfc(v))
    gt = GT(data)
    if title or subtitle:
        gt = gt.tab_header(title=_nfc(title or ""), subtitle=_nfc(subtitle) if subtitle else None)
    names = {**LABELS, **(labels or {})}
    gt = gt.cols_label(**{c: _nfc(names.get(c, c)) for c in cols})
    kinds = [
        (POINTS, {"decimals": decimals}),
        (PERCENTS, {"decimals": decimals, "pattern": "{x}%"}),
        (SIGNED, {"decimals": decimals, "force_sign": True}),
        (INTEGERS, {"decimals": 0}),
        (SIGNED_INTEGERS, {"decimals": 0, "force_sign": True}),
    ]
    for kind, options in kinds:
        chosen = [c for c in cols if c in kind]
        if chosen:
            sep = "" if kind is INTEGERS and set(chosen) <= {"year", "base_year"} else "."
            gt = gt.fmt_number(columns=chosen, dec_mark=",", sep_mark=sep, **options)
    gt = gt.sub_missing(missing_text=fmt.NA)
    numeric = [c for c in cols if c in INTEGERS | SIGNED_INTEGERS | POINTS | PERCENTS | SIGNED]
    if numeric:
        gt = gt.cols_align(align="right", columns=numeric)
    if highlight is not None and unit_col in data.columns:
        target = _nfc(highlight)
        rows = [i for i, u in enumerate(data[unit_col]) if not fmt.is_missing(u) and _nfc(u) == target]
        if rows:
            gt = gt.tab_style(
                style=[style.fill(color=_HIGHLIGHT_FILL), style.text(weight="bold")],
                locations=loc.body(rows=rows),
            )
    if source_note:
        gt = gt.tab_source_note(_nfc(source_note))
    return gt.tab_options(table_font_size="13px", heading_align="left")


def to_html(gt: GT) -> str:
    """The table as an HTML fragment (a ``<div>`` with its scoped ``<style>``), self-contained.

    Args:
        gt: a table from :func:`vn_table`.

    Returns:
        The HTML text.
    """
    return gt.as_raw_html()


# --------------------------------------------------------------------------- text blocks


def _escape(text: object) -> str:
    return html.escape(_nfc(text), quote=True)


def banner(text: str = SIMULATED_TEXT, *, detail: str | None = None) -> str:
    """A prominent warning box, e.g. the "Dữ liệu mô phỏng" banner on reports of simulated data.

    Args:
        text: the warning (escaped).
        detail: a second, smaller line (escaped), e.g. the files concerned.

    Returns:
        HTML text of a ``<div role="alert">``.
    """
    more = (
        f'<div style="font-weight:normal;font-size:0.85em;margin-top:4px">{_escape(detail)}</div>'
        if detail
        else ""
    )
    return (
        '<div class="cchc-banner" role="alert" style="border:3px solid #a00000;background:#fff4d6;'
        "color:#5a0000;padding:10px 14px;margin:4px 0 12px 0;font-weight:bold;font-size:1.15em;"
        f'border-radius:4px">⚠ {_escape(text)}{more}</div>'
    )


def heading(text: str, level: int = 2) -> str:
    """A heading (``<h1>``–``<h4>``) with escaped text.

    Args:
        text: the heading text.
        level: 1 to 4.

    Returns:
        HTML text.
    """
    if level not in (1, 2, 3, 4):
        raise InputError(f"heading level must be 1 to 4, not {level}.")
    return f"<h{level}>{_escape(text)}</h{level}>"


def paragraph(text: str, *, lead: bool = False) -> str:
    """A paragraph with escaped text; ``lead=True`` sets it larger, as the opening of a report.

    Args:
        text: the text.
        lead: a larger, opening paragraph.

    Returns:
        HTML text.
    """
    size = ' style="font-size:1.1em;line-height:1.55"' if lead else ' style="line-height:1.5"'
    return f"<p{size}>{_escape(text)}</p>"


def note(text: str) -> str:
    """A grey notice, e.g. a message that a year has no data.

    Args:
        text: the text (escaped).

    Returns:
        HTML text.
    """
    return (
        '<div class="cchc-note" role="note" style="border-left:4px solid #7a8a9a;background:#f2f4f6;'
        f'padding:8px 12px;margin:6px 0 12px 0">{_escape(text)}</div>'
    )


def bullets(items: Iterable[str]) -> str:
    """An unordered list of escaped items.

    Args:
        items: the list items.

    Returns:
        HTML text.
    """
    return "<ul>" + "".join(f"<li>{_escape(i)}</li>" for i in items) + "</ul>"


def show(html_text: str) -> None:
    """Display HTML built by this module (already escaped) in a notebook."""
    from IPython.display import HTML, display

    display(HTML(html_text))
