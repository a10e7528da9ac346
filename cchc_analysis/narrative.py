"""Vietnamese sentences from analysis results, worded as provincial news and reports word them.

Each ``describe_*`` function takes the frame one analysis verb returns (``compare``,
``drilldown``, ``gap_to_rank``, ``progress``) and returns sentences; :func:`narrative` joins them
into a paragraph, e.g.:

    Năm 2021, huyện Hải Hà đạt 86,02%, đứng thứ 10/13, giảm 2 bậc so với năm 2020
    (giảm 1,25 điểm %). Lĩnh vực cải cách chế độ công vụ mất 4,75 điểm, trong đó 4 điểm điều
    tra xã hội học chưa chấm. Để đạt hạng 6/13, huyện Hải Hà cần thêm 2,30 điểm (đơn vị đang
    giữ hạng 6: Tiên Yên, 88,32 điểm).

How a result is stated follows the framework's scale (``get_framework(id).scale``, or the
index's scale in the registry when the table has no ``framework`` column):

- ``papi``: points with 4 decimals, no maximum ("đạt 48,8114 điểm"), changes in points;
- ``percent`` (SIPAS): the score is a percentage ("đạt 86,02%"), changes in percentage points;
- ``points``: out of 100 for the PAR INDEX, stated as a percentage ("đạt 86,02%"); out of
  another maximum, in points with the percentage where the table has it ("đạt 65,45/70 điểm
  (93,50%)"), changes in points.

Rule: every number in the text is a cell of the input tables, formatted with
:mod:`cchc_analysis.fmt` (measured values with ``decimals`` places; maxima and survey points
without trailing zeros). Nothing is added, subtracted or rounded into a new figure; where a
figure would need computing, the sentence is worded without it. The ``period_label`` argument of
:func:`describe_progress` is the one text the caller supplies.

Units are named as given, except that the administrative type word a name starts with is
written in lower case inside a sentence, as Vietnamese does ("Huyện Khe Trúc" → "năm 2023,
huyện Khe Trúc đạt …"; "thị xã", "thành phố", "tỉnh", "xã", "phường", "thị trấn" likewise) and
capitalised again at the start of a sentence. Other names keep their capitals ("Sở Nội vụ",
"Văn phòng UBND tỉnh", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh").

A kind word is put in front only when the name does not already start with one, and only when
the caller passes ``kind`` or the table says the unit is a province (a ``level`` column, or the
framework's level in the registry, as for PAPI): a province gets "tỉnh", a centrally-run city
"thành phố" ("tỉnh Quảng Ninh", "thành phố Hà Nội"). The tidy ``level`` values are accepted as
``kind`` too (``"district"`` → "huyện", ``"commune"`` → "xã"), but a district-level city or
town needs its own word: a level cannot tell "thành phố" from "huyện".
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping, Sequence

import pandas as pd

from . import fmt
from .errors import InputError
from .frameworks import LEVEL_WORDS, LEVEL_WORDS_PAPI, get_framework, list_frameworks

__all__ = [
    "describe_compare",
    "describe_drilldown",
    "describe_gap",
    "describe_group",
    "describe_progress",
    "narrative",
]

COMPARE_COLUMNS = [
    "unit",
    "component",
    "component_name",
    "year",
    "base_year",
    "score",
    "score_base",
    "delta",
    "max_score",
    "pct",
    "pct_base",
    "delta_pct",
    "rank",
    "rank_of",
    "rank_base",
    "rank_of_base",
    "rank_change",
    "comparable",
    "reconstructed",
]
DRILLDOWN_COLUMNS = ["component", "component_name", "points_lost", "survey_open"]
GAP_COLUMNS = ["component", "component_name", "headroom"]
GAP_SUMMARY_KEYS = [
    "unit",
    "year",
    "score",
    "rank",
    "rank_of",
    "target_rank",
    "target_unit",
    "target_score",
    "points_needed",
    "feasible",
]
PROGRESS_COLUMNS = [
    "component",
    "component_name",
    "max_score",
    "reached",
    "points_lost",
    "survey_open",
    "estimate",
]

#: Words that already name the kind of unit at the start of a unit name.
KIND_WORDS = (
    "tỉnh",
    "thành phố",
    "tp.",
    "tp",
    "huyện",
    "thị xã",
    "quận",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
    "sở",
    "ban",
    "bộ",
    "văn phòng",
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "cục",
    "chi cục",
)

_LEVEL_KIND = {"province": "tỉnh", "district": "huyện", "commune": "xã"}

#: Administrative type words, written in lower case inside a sentence ("huyện Khe Trúc").
ADMIN_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")

#: Names whose type word is part of the proper name and keeps its capital.
PROPER_NAMES = frozenset({"thành phố hồ chí minh"})

#: Centrally-run cities among the province-level units (short names): "thành phố", not "tỉnh".
CENTRAL_CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh", "Huế"})

#: Indices whose points-scale results out of 100 are stated as a percentage ("đạt 91,64%").
PERCENT_STATED = frozenset({"PAR"})

#: Decimal places a scale is quoted to when the caller does not say.
SCALE_DECIMALS = {"papi": 4}

#: What a component is called at each depth of the code (1 → "1", 2 → "1.10", 3 → "7.2.2").
AREA_LABELS = LEVEL_WORDS

#: The same for PAPI: dimensions and sub-dimensions.
PAPI_LABELS = LEVEL_WORDS_PAPI

SURVEY = "điều tra xã hội học"


# --------------------------------------------------------------------------- small helpers


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _val(row: Mapping | pd.Series, col: str) -> object | None:
    """A cell, or ``None`` when it is missing (NaN, NA, None)."""
    v = row.get(col) if hasattr(row, "get") else None
    return None if fmt.is_missing(v) else v


def _num(row: Mapping | pd.Series, col: str) -> float | None:
    v = _val(row, col)
    if v is None:
        return None
    d = fmt.to_decimal(v)
    return None if d is None else float(d)


def _positive(x: float | None, decimals: int) -> bool:
    """True when ``x`` is still above zero once rounded as it will be printed."""
    if x is None:
        return False
    return fmt.number(x, decimals) != fmt.number(0, decimals) and x > 0


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(name: str) -> str:
    """``Cải cách chế độ công vụ`` → ``cải cách chế độ công vụ``; acronyms (``TTHC``) stay."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _has_kind(name: str) -> bool:
    folded = name.casefold()
    for word in KIND_WORDS:
        if folded == word:
            return True
        if folded.startswith(word) and (word.endswith(".") or folded[len(word)] in " .\u00a0"):
            return True
    return False


def _in_sentence(name: str) -> str:
    """``Huyện Khe Trúc`` → ``huyện Khe Trúc``: the leading type word in lower case.

    Only an administrative type word followed by a name (a capital or a digit: "Phường 4") is
    lowered; abbreviations ("TP."), agencies ("Sở Nội vụ") and :data:`PROPER_NAMES` stay.
    """
    folded = name.casefold()
    if folded in PROPER_NAMES:
        return name
    for word in ADMIN_WORDS:
        rest = name[len(word) :]
        if folded.startswith(word) and rest[:1] == " " and (rest[1:2].isupper() or rest[1:2].isdigit()):
            return word + rest
    return name


def _subject(unit: object, kind: str | None) -> str:
    """The unit as written inside a sentence, with its kind word where asked and not yet there."""
    if unit is None or fmt.is_missing(unit):
        return "đơn vị"
    name = _in_sentence(_nfc(str(unit).strip()))
    if kind and not _has_kind(name):
        if kind == "province":
            word = "thành phố" if name in CENTRAL_CITIES else "tỉnh"
        else:
            word = _LEVEL_KIND.get(kind, kind).strip()
            word = word.casefold() if word.casefold() in ADMIN_WORDS else word
        if word:
            return f"{word} {name}"
    return name


def _first(row: Mapping | pd.Series, *cols: str) -> str | None:
    """The first of ``cols`` the row holds a value in, as text."""
    for col in cols:
        v = _val(row, col)
        if v is not None and str(v).strip():
            return str(v).strip()
    return None


def _scale(row: Mapping | pd.Series) -> str | None:
    """The scale of the row's framework (``papi``, ``points``, ``percent``), else of its index.

    ``None`` when the row names neither, or an index whose frameworks use several scales.
    """
    framework = _first(row, "framework", "framework_base")
    if framework is not None:
        try:
            return get_framework(framework).scale
        except InputError:
            pass
    index = _first(row, "index")
    if index is None:
        return None
    registry = list_frameworks()
    scales = set(registry.loc[registry["index"] == index.upper(), "scale"])
    return scales.pop() if len(scales) == 1 else None


def _level(row: Mapping | pd.Series) -> str | None:
    """The unit's level: the row's ``level``, else its framework's level in the registry."""
    level = _first(row, "level")
    if level is not None:
        return level
    framework = _first(row, "framework", "framework_base")
    if framework is None:
        return None
    try:
        return get_framework(framework).level
    except InputError:
        return None


def _auto_kind(row: Mapping | pd.Series, kind: str | None) -> str | None:
    """``kind`` as given, else ``"province"`` when the table says the unit is a province."""
    if kind:
        return kind
    return "province" if _level(row) == "province" else None


def _decimals(decimals: int | None, scale: str | None) -> int:
    """``decimals`` as given, else the scale's usual places (4 for PAPI, 2 otherwise)."""
    if decimals is not None:
        return decimals
    return SCALE_DECIMALS.get(scale or "", 2)


def _frame_scale(df: pd.DataFrame) -> str | None:
    """The scale named by a frame's ``framework``/``index`` column or its summary, if any."""
    summary = df.attrs.get("summary")
    if isinstance(summary, Mapping) and _scale(summary) is not None:
        return _scale(summary)
    cols = [c for c in ("framework", "index") if c in df.columns]
    if not cols or df.empty:
        return None
    return _scale(df[cols].iloc[0])


def _join(items: Sequence[str], sep: str = ", ") -> str:
    """``A``, ``A và B``, ``A, B và C``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + " và " + items[-1]


def _labels(scale: str | None) -> dict[int, str]:
    """What a criteria set of ``scale`` calls its levels (PAPI: "chỉ số nội dung"; else "lĩnh vực"…)."""
    return PAPI_LABELS if scale == "papi" else AREA_LABELS


def _with_framework(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``index`` and ``framework`` columns taken from its ``attrs["summary"]`` when it has
    none (drilldown and gap_to_rank tables keep them there), so each row knows its scale and labels."""
    summary = df.attrs.get("summary")
    if "framework" in df.columns or not isinstance(summary, Mapping) or not summary.get("framework"):
        return df
    extra = {k: summary[k] for k in ("framework", "index") if summary.get(k) and k not in df.columns}
    out = df.assign(**extra)
    out.attrs = df.attrs
    return out


def _area_list(rows: Sequence[pd.Series], col: str, decimals: int) -> str:
    """``các lĩnh vực A (0,75 điểm), B (0,50 điểm)``: the label said once when rows share it."""
    labels = [_component_label(r) for r in rows]
    kinds = {_labels(_scale(r)).get(_code_depth(_val(r, "component")), "") for r in rows}
    amounts = [fmt.points(_num(r, col), None, decimals) for r in rows]
    prefix = ""
    if len(rows) > 1 and len(kinds) == 1:
        (word,) = kinds
        if word and all(lab.startswith(word + " ") for lab in labels):
            labels = [lab[len(word) + 1 :] for lab in labels]
            prefix = f"các {word} "
    # Names such as "Công tác chỉ đạo, điều hành …" hold commas: separate the items with ";".
    sep = "; " if any("," in lab for lab in labels) else ", "
    items = [f"{lab} ({amt})" for lab, amt in zip(labels, amounts, strict=True)]
    return prefix + _join(items, sep)


def _require(df: object, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputError(
            f"{what} must be a DataFrame, not {type(df).__name__}.",
            hint=f"Pass the frame that cchc_analysis.{what}() returns.",
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"The {what} table lacks the column(s) {', '.join(missing)}.",
            hint=f"Pass the frame that cchc_analysis.{what}() returns, unchanged.",
        )
    return df


def _code_depth(code: object) -> int:
    text = fmt.code(code) if not isinstance(code, str) else code.strip()
    return text.count(".") + 1 if text != "total" else 0


def _component_label(row: Mapping | pd.Series) -> str:
    """``lĩnh vực cải cách chế độ công vụ`` — the label for the depth, then the name (or code)."""
    code = _val(row, "component")
    labels = _labels(_scale(row))
    label = labels.get(_code_depth(code), "nội dung") if code is not None else "nội dung"
    name = _val(row, "component_name")
    if name is None or not str(name).strip():
        return f"{label} {fmt.code(code)}"
    name = _nfc(str(name).strip())
    if name.casefold().startswith((*labels.values(), "điểm ")):
        return _lower_first(name)  # "Điểm thưởng" is not a "lĩnh vực điểm thưởng"
    return f"{label} {_lower_first(name)}"


def _is_bonus(row: Mapping | pd.Series) -> bool:
    """A bonus area (điểm thưởng): points not earned there are not points lost."""
    kind = _val(row, "kind")
    if kind is not None:
        return str(kind) == "bonus"
    name = _val(row, "component_name")
    return name is not None and _nfc(str(name)).casefold().startswith("điểm thưởng")


def _code_key(code: object) -> tuple[int, ...]:
    text = str(code)
    if text == "total":
        return ()
    return tuple(int(p) for p in text.split(".") if p.isdigit())


# --------------------------------------------------------------------------- compare


def _pick_compare_row(frame: pd.DataFrame, unit: str | None) -> pd.Series:
    rows = frame
    if unit is not None:
        rows = frame[frame["unit"].astype(str).map(_nfc) == _nfc(unit)]
        if rows.empty:
            names = sorted({str(u) for u in frame["unit"].dropna()})
            close = difflib.get_close_matches(_nfc(unit), names, n=3)
            raise InputError(
                f"The comparison has no unit named '{unit}'.",
                hint=f"Did you mean {', '.join(close)}?" if close else "Check the unit name.",
            )
    else:
        units = rows["unit"].dropna().unique()
        if len(units) > 1:
            raise InputError(
                f"The comparison holds {len(units)} units; say which one to describe.",
                hint="Pass unit='…' (for example the unit of a gap_to_rank summary).",
            )
    if rows.empty:
        raise InputError("The comparison table is empty; there is nothing to describe.")
    if len(rows) > 1:
        total = rows[rows["component"].astype(str) == "total"]
        if len(total) == 1:
            return total.iloc[0]
        raise InputError(
            f"The comparison holds {len(rows)} rows for this unit and no single 'total' row.",
            hint="Filter it to one component first, e.g. cmp[cmp.component == '1'].",
        )
    return rows.iloc[0]


def _tie_partners(frame: pd.DataFrame | None, row: pd.Series) -> list[str]:
    r = _num(row, "rank")
    if frame is None or r is None:
        return []
    same = frame["rank"].notna() & (frame["rank"].astype("float64") == r)
    for col in ("component", "year", "peer_group", "index"):
        if col in frame.columns and _val(row, col) is not None:
            same &= frame[col].astype(str) == str(row[col])
    same &= frame["unit"].astype(str) != str(row["unit"])
    return [str(u) for u in frame.loc[same, "unit"]]


def _measure(
    row: pd.Series, measure: str, scale: str | None, decimals: int, pct_style: str
) -> tuple[float | None, float | None, float | None, str, str, bool]:
    """The value, base and change the sentence states, and how they read.

    Returns:
        ``(value, base, change, value_text, change_text, in_percent)``.
    """
    mx = _num(row, "max_score")
    if measure == "auto":
        if scale == "papi":
            measure = "papi"
        elif scale == "percent":
            measure = "percent"
        elif mx == 100 and str(_first(row, "index") or "").upper() in PERCENT_STATED:
            measure = "pct"
        else:
            measure = "points"
    value, base, change = _num(row, "score"), _num(row, "score_base"), _num(row, "delta")
    if measure == "pct":
        value, base, change = _num(row, "pct"), _num(row, "pct_base"), _num(row, "delta_pct")
        value_text = fmt.percent(value, decimals)
    elif measure == "percent":  # the score itself is a percentage (SIPAS)
        value_text = fmt.percent(value, decimals)
    elif measure == "papi":
        value_text = fmt.points(value, None, decimals)  # "48,8114 điểm": no maximum, no %
    elif measure == "points" and (mx is None or mx == 100):
        value_text = fmt.points(value, None, decimals)  # "70,41 điểm": /100 adds nothing
    elif measure == "points":
        value_text = fmt.points(value, mx, decimals)  # "65,45/70 điểm (93,50%)"
        share = _num(row, "pct")
        if share is not None:
            value_text += f" ({fmt.percent(share, decimals)})"
    else:  # "score", asked for: out of the maximum, no %
        value_text = fmt.points(value, _val(row, "max_score"), decimals)
    in_percent = measure in ("pct", "percent")
    if in_percent:
        change_text = fmt.delta_pct(change, decimals, style=pct_style)
    else:
        change_text = fmt.delta(change, "điểm", decimals)
    if change_text == "không thay đổi":
        change_text = "tỷ lệ không thay đổi" if in_percent else "điểm số không thay đổi"
    return value, base, change, value_text, change_text, in_percent


def describe_compare(
    cmp_row_or_frame: pd.DataFrame | pd.Series,
    unit: str | None = None,
    *,
    kind: str | None = None,
    measure: str = "auto",
    decimals: int | None = None,
    pct_style: str = "points",
    pad: bool = False,
) -> str:
    """One or two sentences on a unit's result and its change since the base year.

    Args:
        cmp_row_or_frame: the frame ``compare()`` returns, or one row of it. With a frame, ties are
            named ("đồng hạng 3/13 với …"); a single row cannot know its tie partners.
        unit: which unit to describe when the frame holds several.
        kind: kind word put before the unit name ("huyện", "thị xã", "tỉnh", or a tidy ``level``);
            ``None`` puts "tỉnh"/"thành phố" before a province's short name when the table's
            framework is a province-level one (PAPI), nothing otherwise.
        measure: ``"pct"`` (the % and its change in percentage points), ``"score"`` (points, out of
            ``max_score`` where known, changes in points) or ``"auto"``: as the framework's scale
            says (see the module docstring).
        decimals: decimal places of scores and changes; ``None``: 4 for PAPI, 2 otherwise.
        pct_style: ``"points"`` → "tăng 1,25 điểm %"; ``"press"`` → "tăng 1,25%" (see
            :func:`cchc_analysis.fmt.delta_pct`).
        pad: write ranks with two digits ("02/12"), as official documents do.

    Returns:
        Vietnamese text, NFC.

    Raises:
        InputError: when the table lacks the ``compare()`` columns, or the unit cannot be chosen.
    """
    if isinstance(cmp_row_or_frame, pd.Series):
        frame = None
        missing = [c for c in COMPARE_COLUMNS if c not in cmp_row_or_frame.index]
        if missing:
            raise InputError(
                f"The comparison row lacks {', '.join(missing)}.",
                hint="Pass a row of the frame that cchc_analysis.compare() returns.",
            )
        row = cmp_row_or_frame
    else:
        frame = _require(cmp_row_or_frame, COMPARE_COLUMNS, "compare")
        row = _pick_compare_row(frame, unit)
    if measure not in ("auto", "pct", "score"):
        raise InputError(f"measure must be 'auto', 'pct' or 'score', not {measure!r}.")

    scale = _scale(row)
    decimals = _decimals(decimals, scale)
    kind = _auto_kind(row, kind)
    subj = _subject(_val(row, "unit"), kind)
    if str(_val(row, "component")) != "total":
        subj = f"{_component_label(row)} của {subj}"
    y = fmt.year(_val(row, "year"))
    by = fmt.year(_val(row, "base_year"))

    value, base, change, value_text, change_text, _ = _measure(row, measure, scale, decimals, pct_style)

    if value is None:
        return _nfc(f"Năm {y}, {subj} chưa có số liệu.")

    r, of = _num(row, "rank"), _num(row, "rank_of")
    rb, ofb = _num(row, "rank_base"), _num(row, "rank_of_base")
    moved = _num(row, "rank_change")
    comparable = _val(row, "comparable")
    comparable = True if comparable is None else bool(comparable)
    partners = _tie_partners(frame, row)
    rank_text = fmt.rank(r, of, pad)

    head = f"Năm {y}, {subj} đạt {value_text}"
    if r is None:
        position = None
    elif partners:
        named = [_subject(p, kind) for p in partners]
        position = f"đồng hạng {rank_text} với {_join(named)}"
    elif r == 1:
        position = f"dẫn đầu ({rank_text})"
    else:
        position = f"đứng thứ {rank_text}"

    reconstructed = _val(row, "reconstructed") is not None and bool(row["reconstructed"])
    sentences: list[str] = []
    lead = ", ".join(p for p in (head, position) if p)
    if base is None and rb is None:
        # compare() marks a row not comparable when a side is missing: that is no framework change.
        sentences.append(f"{lead}; năm {by} chưa có số liệu để so sánh.")
    elif not comparable:
        fw, fw_base = _val(row, "framework"), _val(row, "framework_base")
        changed = fw is None or fw_base is None or str(fw) != str(fw_base)
        cause = "Do bộ tiêu chí thay đổi, k" if changed else "K"
        sentences.append(lead + ".")
        sentences.append(f"{cause}ết quả năm {y} không so sánh trực tiếp được với năm {by}.")
    elif r is not None and rb is not None and moved is not None:
        notes: list[str] = []
        if of is not None and ofb is not None and of != ofb:
            notes.append(f"năm {by} đứng thứ {fmt.rank(rb, ofb, pad)}")
        if change is not None:
            notes.append(change_text)
        paren = f" ({'; '.join(notes)})" if notes else ""
        if r == 1 and rb == 1 and not partners:
            sentences.append(f"{head}, tiếp tục dẫn đầu ({rank_text}) như năm {by}{paren}.")
        else:
            if r == 1 and moved > 0 and not partners:
                position = f"vươn lên dẫn đầu ({rank_text})"
            movement = fmt.rank_change(moved, pad)
            sentences.append(f"{head}, {position}, {movement} so với năm {by}{paren}.")
    else:
        text = lead
        if change is not None:
            text += f", {change_text} so với năm {by}"
        if r is not None and rb is not None:
            # Both ranked, but compare() gave no change: the peer groups differ.
            text += f"; năm {by} xếp thứ {fmt.rank(rb, ofb, pad)} trong một khối xếp hạng khác"
        elif r is not None and not reconstructed:
            text += f"; năm {by} chưa có số liệu xếp hạng để so sánh"
        elif change is None:
            text += f"; năm {by} chưa có số liệu tương ứng để so sánh"
        sentences.append(text + ".")
    if reconstructed:
        sentences.append("Kết quả so sánh dùng số liệu quy đổi theo đơn vị hành chính mới.")
    return _nfc(" ".join(sentences))


# --------------------------------------------------------------------------- drilldown


def _area_rows(df: pd.DataFrame) -> pd.DataFrame:
    """The top level below ``total`` (content areas), in code order."""
    codes = df["component"].astype(str)
    rows = df[codes != "total"]
    if rows.empty:
        return rows
    depth = rows["component"].astype(str).map(_code_depth)
    rows = rows[depth == depth.min()]
    order = sorted(range(len(rows)), key=lambda i: _code_key(rows["component"].iloc[i]))
    return rows.iloc[order]


def _largest(rows: pd.DataFrame, col: str, n: int, decimals: int) -> list[pd.Series]:
    """Up to ``n`` rows with the largest positive ``col``, ties kept in code order."""
    if n < 1:
        raise InputError(f"n must be 1 or more, not {n}.")
    picked = [row for _, row in rows.iterrows() if _positive(_num(row, col), decimals)]
    picked.sort(key=lambda row: -(_num(row, col) or 0.0))
    return picked[:n]


def describe_drilldown(dd: pd.DataFrame, n: int = 3, *, decimals: int | None = None) -> str:
    """Where the points went: one sentence per content area, the largest shortfall first.

    ``drilldown()`` gives ``points_lost`` (points lost on items already scored) and
    ``survey_open`` (survey points not scored yet) and, in its current form, ``headroom`` (their
    sum, ``max_score − score``). The sentence states the shortfall the way reports do — "mất 4,75
    điểm, trong đó 4 điểm điều tra xã hội học chưa chấm" — using ``headroom`` for the figure. A
    table without ``headroom`` gets the two figures side by side instead (they are never added
    here).

    Args:
        dd: the frame ``drilldown()`` returns.
        n: how many areas to name.
        decimals: decimal places of measured points (survey points are written without trailing
            zeros: "4 điểm", "2,5 điểm"); ``None``: 4 when the table names a PAPI framework, else 2.

    Returns:
        e.g. "Lĩnh vực cải cách chế độ công vụ mất 4,75 điểm, trong đó 4 điểm điều tra xã hội học
        chưa chấm."
    """
    _require(dd, DRILLDOWN_COLUMNS, "drilldown")
    dd = _with_framework(dd)
    scale = _frame_scale(dd)
    decimals = _decimals(decimals, scale)
    if n < 1:
        raise InputError(f"n must be 1 or more, not {n}.")
    areas = _area_rows(dd)
    if areas.empty:
        return f"Chưa có số liệu chi tiết theo {_labels(scale)[1]}."
    bonus = areas[[_is_bonus(r) for _, r in areas.iterrows()]]
    areas = areas.drop(index=bonus.index)
    has_headroom = "headroom" in dd.columns
    if has_headroom:
        worst = _largest(areas, "headroom", n, decimals) if len(areas) else []
    else:
        worst = [
            r
            for _, r in areas.iterrows()
            if _positive(_num(r, "points_lost"), decimals) or _positive(_num(r, "survey_open"), decimals)
        ]
        worst.sort(key=lambda r: (-(_num(r, "points_lost") or 0.0), -(_num(r, "survey_open") or 0)))
        worst = worst[:n]
    sentences = []
    if not worst and len(areas):
        label = _labels(scale).get(_code_depth(areas["component"].iloc[0]), "nội dung")
        # PAPI has no points to lose: every dimension at its maximum
        sentences.append(
            f"Mọi {label} đều đạt điểm tối đa." if scale == "papi" else f"Không {label} nào bị mất điểm."
        )
    if scale == "papi" and has_headroom and worst:
        # PAPI speaks of scores, not points lost: the largest distances to the dimensions' maximum.
        sentences.append(f"Khoảng cách đến điểm tối đa lớn nhất ở {_area_list(worst, 'headroom', decimals)}.")
        worst = []
    for row in worst:
        subject = _cap(_component_label(row))
        lost = _num(row, "points_lost")
        survey = _num(row, "survey_open")
        survey_text = f"{fmt.number(survey, decimals, trim=True)} điểm {SURVEY}"
        if has_headroom:
            text = f"{subject} mất {fmt.points(_num(row, 'headroom'), None, decimals)}"
            if _positive(survey, decimals):
                if _positive(lost, decimals):
                    text += f", trong đó {survey_text} chưa chấm"
                else:
                    text += f", toàn bộ là điểm {SURVEY} chưa chấm"
        elif _positive(lost, decimals):
            text = f"{subject} mất {fmt.points(lost, None, decimals)}"
            if _positive(survey, decimals):
                text += f"; còn {survey_text} chưa chấm"
        else:
            text = f"{subject} chưa mất điểm; còn {survey_text} chưa chấm"
        sentences.append(text + ".")
    for _, row in bonus.iterrows():
        score = _val(row, "score")
        if score is not None:
            earned = fmt.points(score, _val(row, "max_score"), decimals)
            sentences.append(f"{_cap(_component_label(row))} đạt {earned}.")
    return _nfc(" ".join(sentences))


# --------------------------------------------------------------------------- gap to rank


def _holders(target_unit: object) -> list[str]:
    if target_unit is None:
        return []
    if isinstance(target_unit, str):
        # gap_to_rank() joins tied holders with ", " (no unit name holds ", ").
        return [_in_sentence(_nfc(u.strip())) for u in target_unit.split(", ") if u.strip()]
    if isinstance(target_unit, Sequence | pd.Series | pd.Index):
        return [_in_sentence(_nfc(str(u).strip())) for u in target_unit if not fmt.is_missing(u)]
    return [_in_sentence(_nfc(str(target_unit)))]


def describe_gap(
    gap: pd.DataFrame, *, kind: str | None = None, n: int = 3, decimals: int | None = None
) -> str:
    """Points needed to reach the target rank, against the unit holding it, and where the room is.

    Args:
        gap: the frame ``gap_to_rank()`` returns, with its ``attrs["summary"]``.
        kind: kind word put before the unit name.
        n: how many areas with the most headroom to name; 0 for none.
        decimals: decimal places; ``None``: 4 when the summary names a PAPI framework, else 2.

    Returns:
        e.g. "Để đạt hạng 6/13, huyện Hải Hà cần thêm 2,30 điểm (đơn vị đang giữ hạng 6: Tiên Yên,
        88,32 điểm)."
    """
    _require(gap, GAP_COLUMNS, "gap_to_rank")
    gap = _with_framework(gap)
    summary = gap.attrs.get("summary")
    if not isinstance(summary, Mapping):
        raise InputError(
            "The gap_to_rank table has no summary in attrs['summary'].",
            hint="Pass the frame gap_to_rank() returns; some pandas operations drop attrs.",
        )
    lacking = [k for k in GAP_SUMMARY_KEYS if k not in summary]
    if lacking:
        raise InputError(f"The gap_to_rank summary lacks {', '.join(lacking)}.")
    s = {k: (None if fmt.is_missing(v) else v) for k, v in summary.items()}
    decimals = _decimals(decimals, _frame_scale(gap))
    subj = _subject(s["unit"], kind)
    r, of, target = s["rank"], s["rank_of"], s["target_rank"]
    if s["score"] is None or r is None:
        return _nfc(f"Năm {fmt.year(s['year'])}, {subj} chưa có số liệu xếp hạng.")
    if target is None:
        raise InputError(
            "The gap_to_rank summary has no target rank.",
            hint="Call gap_to_rank(…, target_rank=…).",
        )
    target_text = fmt.rank(target, of)
    component = s.get("component")
    if component is not None and str(component) != "total":
        label = _labels(_frame_scale(gap)).get(_code_depth(str(component)), "nội dung")
        target_text += f" về {label} {fmt.code(str(component))}"
    if fmt.to_decimal(target) >= fmt.to_decimal(r):
        verb = "đã đạt" if fmt.to_decimal(target) == fmt.to_decimal(r) else "đã vượt"
        return _nfc(f"{_cap(subj)} đang đứng thứ {fmt.rank(r, of)}, {verb} mục tiêu hạng {target_text}.")

    holders = _holders(s["target_unit"])
    score = s["target_score"]
    held = None if score is None else fmt.points(score, None, decimals)
    target_plain = fmt.rank(target)
    if s["points_needed"] is not None:
        needed = fmt.points(s["points_needed"], None, decimals)
        text = f"Để đạt hạng {target_text}, {subj} cần thêm {needed}"
        tail = f", {held}" if held else ""
        holders_rank = s.get("target_unit_rank")
        if holders and holders_rank is not None and fmt.to_decimal(holders_rank) < fmt.to_decimal(target):
            # Nobody holds the target rank: the units to match tie on a better one, which the unit
            # then shares.
            score_part = f"{held}; " if held else ""
            text += (
                f" để bằng điểm {_join(holders)} ({score_part}các đơn vị này đồng hạng "
                f"{fmt.rank(holders_rank)}, không có đơn vị nào đứng hạng {target_plain}); khi đó {subj} "
                f"sẽ đồng hạng {fmt.rank(holders_rank)}"
            )
        elif len(holders) == 1:
            text += f" (đơn vị đang giữ hạng {target_plain}: {holders[0]}{tail})"
        elif holders:
            text += f" (hạng {target_plain} hiện do {_join(holders)} đồng hạng{tail})"
    elif holders:
        text = f"Để đạt hạng {target_text}, {subj} cần vượt {_join(holders)}"
        text += f" ({held})" if held else ""
    else:
        text = f"Chưa xác định được số điểm {subj} cần thêm để đạt hạng {target_text}"
    sentences = [text + "."]
    if s["feasible"] is not None and not bool(s["feasible"]):
        room = s.get("headroom")
        room_text = "" if room is None else f" ({fmt.points(room, None, decimals)})"
        sentences.append(
            f"Số điểm cần thêm vượt quá tổng dư địa còn lại của đơn vị{room_text}, "
            "nên không thể đạt mục tiêu này chỉ bằng điểm của chính đơn vị."
        )
    roomy = _largest(_area_rows(gap), "headroom", n, decimals) if len(gap) and n > 0 else []
    if roomy:
        sentences.append(f"Dư địa lớn nhất nằm ở {_area_list(roomy, 'headroom', decimals)}.")
    return _nfc(" ".join(sentences))


# --------------------------------------------------------------------------- progress


def describe_progress(
    prog: pd.DataFrame,
    period_label: str = "9 tháng",
    *,
    unit: str | None = None,
    kind: str | None = None,
    n: int = 2,
    decimals: int | None = None,
) -> str:
    """In-year self-assessment: points reached, survey points still to come, the year-end estimate.

    The points reached are given out of ``max_assessable`` (the maximum less the survey points
    still open) with ``pct_reached`` where ``progress()`` provides them, else out of
    ``max_score``. ``reached_stage`` ("self" / "appraised") words the verb.

    Args:
        prog: the frame ``progress()`` returns (a ``total`` row and one row per area).
        period_label: how the period reads after "Sau" ("9 tháng", "6 tháng đầu năm", "quý I").
        unit: the unit's name; "đơn vị" when not given.
        kind: kind word put before the unit name.
        n: how many areas losing the most points to name.
        decimals: decimal places of measured points (maxima and survey points drop trailing zeros);
            ``None``: 4 when the table names a PAPI framework, else 2.

    Returns:
        e.g. "Sau 9 tháng, đơn vị đạt 51,39/66,5 điểm; còn 13,5 điểm điều tra xã hội học chấm cuối
        năm; dự kiến cả năm đạt 64,20 điểm."
    """
    _require(prog, PROGRESS_COLUMNS, "progress")
    total = prog[prog["component"].astype(str) == "total"]
    if len(total) != 1:
        raise InputError(
            f"The progress table needs exactly one 'total' row; it has {len(total)}.",
            hint="Pass the frame progress() returns, unchanged.",
        )
    row = total.iloc[0]
    decimals = _decimals(decimals, _frame_scale(prog))
    subj = _subject(unit, kind)
    label = _nfc(str(period_label).strip())
    reached = _num(row, "reached")
    if reached is None:
        return _nfc(f"Sau {label}, {subj} chưa có số liệu tự đánh giá.")
    # Out of the points that could be scored so far (max_assessable = max − survey still open)
    # where progress() gives it, else out of the maximum.
    assessable = _val(row, "max_assessable")
    out_of = assessable if assessable is not None else _val(row, "max_score")
    stage = _val(row, "reached_stage")
    verb = "tự đánh giá đạt" if stage == "self" else "đạt"
    text = f"Sau {label}, {subj} {verb} {fmt.points(reached, out_of, decimals)}"
    share = _num(row, "pct_reached")
    if assessable is not None and share is not None:
        text += f" ({fmt.percent(share, decimals)})"
    if stage == "appraised":
        text += " theo kết quả thẩm định"
    lost = _num(row, "points_lost")
    if _positive(lost, decimals):
        text += f", mất {fmt.points(lost, None, decimals)}"
    survey = _num(row, "survey_open")
    if _positive(survey, decimals):
        survey_text = fmt.number(survey, decimals, trim=True)
        text += f"; còn {survey_text} điểm {SURVEY} chấm cuối năm"
    estimate = _num(row, "estimate")
    if estimate is not None:
        text += f"; dự kiến cả năm đạt {fmt.points(estimate, None, decimals)}"
    sentences = [text + "."]
    areas = _area_rows(prog)
    areas = areas[[not _is_bonus(r) for _, r in areas.iterrows()]]
    worst = _largest(areas, "points_lost", n, decimals)
    if worst:
        listed = _area_list(worst, "points_lost", decimals)
        sentences.append(f"Điểm bị mất nhiều nhất ở {listed}.")
    return _nfc(" ".join(sentences))


# --------------------------------------------------------------------------- paragraph


def _named(rows: pd.DataFrame, value: float, decimals: int) -> str:
    """``huyện A (65,50 điểm)``, or every tied unit: ``huyện A và huyện B (cùng 52,25 điểm)``."""
    names = sorted({_in_sentence(_nfc(str(u))) for u in rows["unit"]})
    points = fmt.points(value, None, decimals)
    return f"{names[0]} ({points})" if len(names) == 1 else f"{_join(names)} (cùng {points})"


def describe_group(
    rows: pd.DataFrame,
    base: pd.DataFrame | None = None,
    *,
    what: str | None = None,
    peer_group: str | None = None,
    decimals: int | None = None,
) -> str:
    """A peer group on one component in one year: how many units have a score, the mean, the best and
    the worst (every tied unit named), how many reach the maximum, and the mean's change on ``base``.

    Args:
        rows: one row per unit (``unit``, ``score``, ``max_score``, ``year``; ``framework`` or
            ``index`` for the scale); a unit with no score counts in the group but not in the figures.
        base: the same component in the base year, to state the mean's change; not compared (and
            said so) when its criteria set differs from ``rows``'.
        what: what is scored ("Chỉ số PAPI", "lĩnh vực 5"); the rows' index when not given.
        peer_group: the group's name.
        decimals: decimal places; ``None``: 4 for PAPI, 2 otherwise.

    Returns:
        e.g. "Năm 2023, 13/13 đơn vị của nhóm Hòa Sơn – Khối huyện có điểm Chỉ số PAR. Điểm trung bình
        58,34/70 điểm (83,34%); cao nhất là huyện Núi Thắm (65,45 điểm), thấp nhất là huyện Đèo Gió
        (51,02 điểm). Không đơn vị nào đạt điểm tối đa. So với năm 2022, điểm trung bình tăng 0,41 điểm."

    Raises:
        InputError: ``rows`` lacks its columns or holds several years.
    """
    _require(rows, ["unit", "score", "year"], "describe_group")
    years = rows["year"].dropna().unique()
    if len(years) != 1:
        raise InputError(f"describe_group() needs the rows of one year, found {len(years)}.")
    year = int(years[0])
    first = rows.iloc[0]
    decimals = _decimals(decimals, _frame_scale(rows))
    what = what or (f"Chỉ số {_val(first, 'index')}" if _val(first, "index") else "điểm")
    scored = rows[rows["score"].notna()]
    group = f" của nhóm {_nfc(peer_group)}" if peer_group else ""
    head = f"Năm {fmt.year(year)}, {len(scored)}/{len(rows)} đơn vị{group} có điểm {what}."
    if scored.empty:
        return _nfc(head)
    top = pd.to_numeric(rows["max_score"], errors="coerce").max() if "max_score" in rows else None
    top = None if top is None or pd.isna(top) else float(top)
    mean = float(scored["score"].mean())
    hi, lo = scored["score"].max(), scored["score"].min()
    mean_text = fmt.points(mean, top, decimals)
    if top:
        mean_text += f" ({fmt.percent(mean / top * 100)})"
    sentences = [
        head,
        f"Điểm trung bình {mean_text}; cao nhất là {_named(scored[scored['score'] == hi], hi, decimals)}, "
        f"thấp nhất là {_named(scored[scored['score'] == lo], lo, decimals)}.",
    ]
    if top and (_scale(first) != "papi"):
        full = int((scored["score"] >= top - 1e-9).sum())
        sentences.append(
            "Không đơn vị nào đạt điểm tối đa."
            if full == 0
            else f"{'Cả' if full == len(scored) else 'Có'} {full}/{len(scored)} đơn vị đạt điểm tối đa."
        )
    if base is not None and len(base):
        before = base[base["score"].notna()]
        base_year = int(base["year"].iloc[0])
        fw_now = set(rows["framework"].dropna()) if "framework" in rows else set()
        fw_base = set(base["framework"].dropna()) if "framework" in base else set()
        if fw_now and fw_base and fw_now != fw_base:
            sentences.append(
                f"Bộ tiêu chí năm {fmt.year(base_year)} khác năm {fmt.year(year)}, nên điểm trung bình "
                "không so sánh trực tiếp."
            )
        elif len(before):
            change = mean - float(before["score"].mean())
            sentences.append(
                f"So với năm {fmt.year(base_year)}, điểm trung bình {fmt.delta(change, 'điểm', decimals)}."
            )
    return _nfc(" ".join(sentences))


def narrative(
    *,
    compare: pd.DataFrame | pd.Series | None = None,
    drilldown: pd.DataFrame | None = None,
    gap: pd.DataFrame | None = None,
    progress: pd.DataFrame | None = None,
    unit: str | None = None,
    kind: str | None = None,
    decimals: int | None = None,
    period_label: str = "9 tháng",
    n: int = 3,
) -> str:
    """A paragraph from whichever analysis results are given, in the order a report states them.

    Args:
        compare: the ``compare()`` frame (or one row).
        drilldown: the ``drilldown()`` frame.
        gap: the ``gap_to_rank()`` frame with its summary.
        progress: the ``progress()`` frame.
        unit: the unit described; taken from the gap summary when not given.
        kind: kind word put before the unit name ("huyện", "thị xã", "tỉnh"…); ``None``: the
            comparison's (see :func:`describe_compare`) for every sentence.
        decimals: decimal places of scores and changes; ``None``: as the comparison's scale says
            (4 for PAPI, 2 otherwise) for every sentence.
        period_label: the in-year period, for the progress sentence.
        n: how many areas to name in the drill-down and headroom sentences.

    Returns:
        The paragraph, NFC.

    Raises:
        InputError: when no table is given, or one lacks its columns.
    """
    if compare is None and drilldown is None and gap is None and progress is None:
        raise InputError(
            "narrative() needs at least one table.",
            hint="Pass compare=, drilldown=, gap= or progress=.",
        )
    if unit is None and gap is not None:
        summary = gap.attrs.get("summary") if isinstance(gap, pd.DataFrame) else None
        if isinstance(summary, Mapping) and not fmt.is_missing(summary.get("unit")):
            unit = str(summary["unit"])
    parts: list[str] = []
    if compare is not None:
        parts.append(
            describe_compare(compare, unit, kind=kind, decimals=decimals)
            if isinstance(compare, pd.DataFrame)
            else describe_compare(compare, kind=kind, decimals=decimals)
        )
        # The other sentences speak of the same unit and index: same kind word, same decimals.
        first = compare.iloc[0] if isinstance(compare, pd.DataFrame) and len(compare) else compare
        if isinstance(first, pd.Series):
            kind = _auto_kind(first, kind)
            if decimals is None and _scale(first) is not None:
                decimals = _decimals(None, _scale(first))
    if drilldown is not None:
        parts.append(describe_drilldown(drilldown, n, decimals=decimals))
    if gap is not None:
        # After the drill-down sentence, the areas with the most headroom would name the same areas
        # again (headroom = points lost + survey points open): state only the target.
        parts.append(describe_gap(gap, kind=kind, n=0 if drilldown is not None else n, decimals=decimals))
    if progress is not None:
        parts.append(describe_progress(progress, period_label, unit=unit, kind=kind, decimals=decimals))
    return _nfc(" ".join(p for p in parts if p))
