"""Turn one cleaned sheet into tidy score rows.

Two shapes are read:

* **units as rows** (``wide``): a header naming the unit column, one column per component (by code or by
  name), optional total, % and rank columns, section rows for blocs, total/average rows below;
* **criteria as rows** (``criteria``): one unit's self-assessment — code, name, maximum points, then one
  column per stage (tự đánh giá, thẩm định, dự kiến cả năm).
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, NoUnitsError
from ..frameworks import code_key
from .detect import (
    BARE_VALUE,
    COUNTER,
    CRITERIA_NAME_HEADERS,
    RESULT_HEADERS,
    STAGE_HEADERS,
    YEAR_ANY,
    CellProblem,
    bilingual_parts,
    code_from_text,
    find_header_row,
    header_kind,
    index_named,
    is_criteria_sheet,
    is_section_marker,
    max_from_text,
    period_in,
    roman_to_int,
    stage_of,
    starts_as_a_unit,
)
from .grid import a1
from .safety import col_letters
from .text import (
    AmbiguousNumberError,
    date_text,
    is_missing,
    match_key,
    not_assessed,
    parse_number_column,
    parse_rank,
    parse_score_pair,
    plain_ranks,
    ranks_from_dates,
)

# "Tổng" and "Cộng" alone, before a word of a sum ("Cộng toàn tỉnh"), a count ("Tổng (5 đơn vị)") or a
# section ("Cộng I"); a unit may start with the same letters once the diacritics are gone ("Công an
# tỉnh", "Xã Cộng Hòa", "Tổng Cọt")
SUMMARY_ROW = re.compile(
    r"^(?:tong cong|tong so|tong hop|trung binh|binh quan|gia tri trung binh|trung vi|average|total|mean"
    r"|(?:diem(?: so)?|chi so|muc) (?:trung binh|binh quan|trung vi)"
    r"|(?:diem |chi so )?(?:cao nhat|thap nhat|lon nhat|nho nhat)"
    # "Số đơn vị đạt từ 90% trở lên | 2": a count of the units above
    r"|so (?:luong )?(?:don vi|co quan|dia phuong)(?: dat| co| xep)?)\b"
    r"|^(?:tong|cong)(?:$| (?:toan|chung|khoi|cac|ca|so|diem)\b| \d| [ivxlc]+$)"
)
# a column of points lost, not reached (in a match key): "Tổng điểm bị trừ", "Điểm chưa đạt theo lĩnh vực"
# (not "Tổng điểm (sau khi trừ điểm bị trừ)": the points lost as what the header names first)
_POINTS_LOST = re.compile(r"^(?:tong (?:so )?)?(?:so )?diem (?:bi tru|chua dat|bi mat|khong dat|bi giam)\b")


@lru_cache(maxsize=4096)
def _names_points_lost(label: str) -> bool:
    """Whether a column's label, or a heading over it ("Điểm chưa đạt theo lĩnh vực / Thể chế"), names
    points lost."""
    return any(_POINTS_LOST.match(match_key(part)) for part in label.split(" / "))


# a change column naming a year, a period or ranks (in a match key): "so với năm 2023", "Tăng, giảm bậc"
_CHANGE_ON_A_YEAR = re.compile(r"so voi|nam|ky|\bbac\b|\bhang\b|\d{4}")
# a footnote's mark before its text, in a match key: "(*) Điểm trung bình …" is "* diem trung binh …"
_FOOTNOTE_MARK = re.compile(r"^\*+\s*")
_MARK_BEFORE = re.compile(r"^\s*\(?\*+\)?\s*")  # the same as written
# the label opening the notes under a table, typed in its first column ("Ghi chú:", "Lưu ý:")
_NOTES_LABEL = re.compile(r"^\s*(?:ghi chú|lưu ý|chú thích|chú giải)\s*:?\s*$", re.IGNORECASE)
#: A sentence about a unit's points, "Sở Tư pháp được cộng điểm thưởng", "Sở Y tế bị trừ 0,5 điểm" (in a
#: match key): a note, though it starts with a unit's name. No unit's name holds these words.
_POINTS_NOTE = re.compile(r"\b(?:duoc cong|bi tru|cong diem|tru diem|diem thuong|diem tru|diem cong)\b")
#: Where a unit's name ends and words explaining its points begin: "Sở Y tế - bị trừ 0,5 điểm", "Sở Công
#: Thương: bị trừ 2 điểm", "Sở Y tế (bị trừ 1 điểm", "Sở Y tế, bị trừ …" (a comma in "0,5" ends it too)
_ANNOTATION = re.compile(r"\s[-–—]\s|[:;,(\[]")


#: Words before a points note that name no unit: "Trong đó: điểm thưởng", "Ghi chú: …", "Điểm …: …"
_NOT_A_NAME = ("trong do", "ghi chu", "luu y", "chu thich", "bao gom", "gom", "diem ", "tong ")


@lru_cache(maxsize=65536)
def _points_clause(text: str) -> tuple[bool, tuple[str, ...] | None]:
    """Whether a unit cell's text is a sentence about points (:data:`_POINTS_NOTE`): before any
    :data:`_ANNOTATION` ("Sở Tư pháp được cộng điểm thưởng"), or after words that name no unit ("Trong
    đó: điểm thưởng"); else the names its note may explain, shortest first: the text before each
    annotation up to the one that starts the note ("Sở Văn hóa, Thể thao và Du lịch - bị trừ 1 điểm": "Sở
    Văn hóa", "Sở Văn hóa, Thể thao và Du lịch"), or None when it holds no such note (every unit's row
    asks). A unit whose points are explained after its name is the unit."""
    if not _POINTS_NOTE.search(match_key(text)):
        return False, None
    heads: list[str] = []
    for cut in _ANNOTATION.finditer(text):
        name = text[: cut.start()]
        if _POINTS_NOTE.search(match_key(name)):
            break
        if name.strip():
            heads.append(name.strip())
    if not heads or match_key(heads[0]).startswith(_NOT_A_NAME):
        return True, None
    return False, tuple(heads)


FOOTER_ROW = re.compile(r"^(ghi chu|nguoi lap|nguon|luu y|chu thich|ky hieu|noi nhan|tm |kt )")
# The signature block under a table: the signers' titles, then (a few rows down) their names, which
# would otherwise be read as a unit with text in its score columns.
SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|nguoi tong hop|nguoi kiem tra|(kt |tm |q |pho )?(giam doc|chu tich|truong phong"
    r"|truong ban|thu truong( don vi| co quan)?|chanh van phong)|kt |tm |noi nhan|xac nhan cua)\b"
)
_NUMBER_TEXT = re.compile(r"^[\d\s.,%/()+-]+$")
# a section row's number before its bloc: "I. KHỐI SỞ", "II KHỐI HUYỆN", "A. CÁC SỞ, BAN, NGÀNH"
_SECTION_NUMBER = re.compile(r"^(?:[IVXLC]+[.)]?|[A-E][.)])\s+")
_DIGIT = re.compile(r"\d")
# a group of areas in the STT column of a self-assessment: "A", "B." (not I, V, X: Roman areas)
_GROUP_LETTER = re.compile(r"\s*[A-H]\s*[.)]?\s*")
# the grades provinces give beside (or instead of) a rank: "Xuất sắc", "Rất tốt", "Tốt", "Khá", "Trung bình"
_GRADE = re.compile(
    r"^(?:xuat sac|rat tot|tot|kha tot|kha|trung binh|trung binh kha|yeu|kem|dat|khong dat"
    r"|(?:khong )?hoan thanh(?: tot| xuat sac)?(?: nhiem vu)?|loai (?:xuat sac|tot|kha|trung binh|yeu)"
    # PAPI's quartile groups, PCI's bands
    r"|cao nhat|trung binh cao|trung binh thap|thap nhat|tuong doi thap|thap|cao"
    r"|dan dau|top dau|dau|giua|cuoi|top cuoi)$"
)
# a section row naming a band of the ranking, not a peer group: "NHÓM ĐẠT ĐIỂM CAO NHẤT" (PAPI), "Nhóm
# Khá" (PCI), "Nhóm có chỉ số từ 90% trở lên"
_BAND_WORDS = re.compile(r"^(?:\w{1,3} )?(?:nhom|muc|loai)(?: co| dat)?(?: chi so| diem| dieu hanh)? ")
_BAND_RANGE = re.compile(r"\btu \d+(?: \d+)? ?%? (?:diem )?(?:tro len|den)\b|\bduoi \d+")


def _is_band(text: str) -> bool:
    """Whether a section row names a band of one ranking (a grade, a range of scores)."""
    key = match_key(text)
    return bool(_BAND_RANGE.search(key) or _GRADE.match(_BAND_WORDS.sub("", key)))


# a rank within part of the units ("Xếp hạng trong vùng", "… trong khu vực", "… trong khối"); "cả nước",
# "toàn quốc" name the ranking of every unit
_PART_RANK = re.compile(r"\b(?:trong|theo) (?:vung|khu vuc|khoi|nhom|cum)\b|\b(?:vung|khu vuc)\b")
_WHOLE_RANK = re.compile(r"\b(?:ca nuoc|toan quoc|chung)\b")


def _ceiling(maximum_of: Callable[[str], float | None] | None, spec: ColumnSpec) -> float | None:
    """The most a score column can hold by the criteria set (None when it gives no maximum)."""
    if maximum_of is None or spec.role != "score" or spec.component is None:
        return None
    most = maximum_of(spec.component)
    return most if most is not None and most == most and most > 0 else None


def _other_index_columns(
    specs: list[ColumnSpec], index: str | None, sheet: str, r0: int
) -> tuple[list[str], list[str]]:
    """Notes and warnings on the columns of another index than the table's, set aside.

    A total column whose own label names another index ("Chỉ số SIPAS" in a table read as PAR, a header
    naming both that is not split) is that index's: not read, and neither is a plain rank right after
    it when the table has a rank of its own ("Điểm | Xếp hạng | Chỉ số SIPAS | Xếp hạng"). A lone rank
    naming no index is read as the table's index's, with a warning: it may be the other's ("Chỉ số PCI
    | Chỉ số PAPI | Xếp hạng").
    """
    if index is None:
        return [], []
    by_col = {spec.col: spec for spec in specs}
    plain = [
        s for s in specs if s.role == "rank" and s.component == "total" and _index_of_label(s.label) is None
    ]
    aside, paired = [], False
    for spec in specs:
        if spec.role in {"score", "pct", "rank"} and spec.component == "total":
            other = _index_of_label(spec.label)
            if other is not None and other != index:
                spec.role = "unknown"  # listed with the columns not read
                aside.append(f"{a1(r0, spec.col)} '{spec.label}' ({other})")
                after = by_col.get(spec.col + 1)
                if after in plain and len(plain) > 1:
                    after.role, paired = "unknown", True
                    plain.remove(after)
                    aside.append(f"{a1(r0, after.col)} '{after.label}' (its rank)")
    if not aside:
        return [], []
    listed = ", ".join(aside)
    notes = [f"sheet '{sheet}': the table is read as {index}; not read, as another index's: {listed}"]
    # the table's own plain total ("Tổng điểm", naming no index) right before the rank: the rank's
    own = {
        s.col
        for s in specs
        if s.role in {"score", "pct"} and s.component == "total" and _index_of_label(s.label) is None
    }
    warnings = [
        f"the rank in column {a1(r0, spec.col)} '{spec.label}' names no index; it is read as {index}'s, "
        f"though the table also gives {listed}: check that it is"
        for spec in ([] if paired else plain)
        if spec.col - 1 not in own  # "Tổng điểm | Xếp hạng | Chỉ số SIPAS": right after its own total
    ]
    return notes, warnings


def _index_of_label(label: str) -> str | None:
    """The index a column's label names, its own or a heading's over it ("SIPAS 2023 / Điểm"), the
    lowest that names one."""
    return next(filter(None, map(index_named, reversed(label.split(" / ")))), None)


def _ranks_after_their_scores(specs: list[ColumnSpec]) -> None:
    """ "Gia nhập thị trường | Xếp hạng | Tiếp cận đất đai | Xếp hạng | … | Chỉ số PCI | Xếp hạng" in one row:
    each rank right after a component's score is that component's (every rank was taken for the
    total's, all but one set aside). Only when several ranks name no component and each follows a score."""
    by_col = {s.col: s for s in specs}
    plain = [s for s in specs if s.role == "rank" and s.component == "total" and s.year is None]
    if len(plain) < 2:
        return
    before = [by_col.get(s.col - 1) for s in plain]
    if any(b is None or b.role != "score" or b.component is None for b in before):
        return
    if len({b.component for b in before}) != len(before):
        return  # two ranks after one component's columns: not a rank each
    for spec, score in zip(plain, before, strict=True):
        spec.component = score.component


def _one_rank_each(specs: list[ColumnSpec], sheet: str, r0: int) -> list[str]:
    """One rank column per component, year and stage: "Xếp hạng cả nước | Xếp hạng trong vùng" gave the
    regional rank as the published one and the national rank vanished. The rank of every unit is kept
    (named "cả nước", "toàn quốc", or else the last that names no part, as the table's final rank comes
    after a provisional or self-assessed one), the others set aside as columns not read, noted."""
    keyed: dict[tuple, list[ColumnSpec]] = {}
    for spec in specs:
        if spec.role == "rank":
            keyed.setdefault((spec.component, spec.year, spec.stage), []).append(spec)
    notes: list[str] = []
    for same in keyed.values():
        if len(same) < 2:
            continue
        whole = [s for s in same if _WHOLE_RANK.search(match_key(s.label))]
        plain = [s for s in same if not _PART_RANK.search(match_key(s.label))]
        kept = (whole or plain or same)[-1]  # the last: "sơ bộ | chính thức", "tự đánh giá | thẩm định"
        for spec in same:
            if spec is not kept:
                spec.role = "unknown"
                notes.append(
                    f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.label}' is a second rank beside "
                    f"'{kept.label}'; the rank of column {a1(r0, kept.col)} is read"
                )
    return notes


def _grades(rows: list[list[object]], start: int, end: int, col: int) -> list[str]:
    """The grades a column holds below its header, in the order first met, when every text in it is one
    ("Rất tốt", "Khá") and it holds no number; [] otherwise."""
    found: dict[str, None] = {}
    for r in range(start, end):
        value = rows[r][col] if col < len(rows[r]) else None
        if value is None:
            continue
        if not isinstance(value, str) or not _GRADE.match(_BAND_WORDS.sub("", match_key(value))):
            if isinstance(value, str) and _is_section_text(value):
                continue  # a section row merged across the table
            return []
        found[value] = None
    return list(found)


def _number_like(value: object) -> bool:
    """A value that may be a number: any but a section's heading typed in a points column ("A. KHỐI SỞ,
    BAN, NGÀNH" under "Xếp hạng"); other text ("Miễn đánh giá") is a value the column refuses by cell."""
    return value.__class__ is not str or _DIGIT.search(value) is not None or not _is_section_text(value)


def _numbered(row: list[object], stt_spec: ColumnSpec | None) -> bool:
    """Whether a row's STT cell numbers a unit (3, "03") or a section ("II", "B."), not a note ("(1)")."""
    v = row[stt_spec.col] if stt_spec is not None and stt_spec.col < len(row) else None
    if v.__class__ is int or (v.__class__ is float and v == v):
        return True
    return isinstance(v, str) and bool(COUNTER.fullmatch(v) or is_section_marker(v))


def _is_section_text(text: str) -> bool:
    """A bloc or section heading: "A. KHỐI SỞ, BAN, NGÀNH", "II. CẤP HUYỆN", "Khối huyện", "Các sở"."""
    key = match_key(text)
    return bool(_SECTION_NUMBER.match(text.strip())) or _ENUMERATOR.sub("", key).startswith(
        ("khoi", "nhom", "cum", "cac ")
    )


_ENUMERATOR = re.compile(r"^(?:[ivxlc]+|[a-e]) ")  # the same in a match key (punctuation gone)


@dataclass
class ColumnSpec:
    """What one column of a units-as-rows table holds."""

    col: int
    label: str
    role: str  # stt | unit | parent | bloc | score | rank | pct | max | note | change | ignore | unknown
    component: str | None = None
    max_score: float | None = None
    stage: str | None = None  # a stage its header names ("Tự đánh giá" → 'self'); None: the table's
    year: int | None = None  # in a table of several years, the year its header names; None: the table's
    numbered: bool = False  # an area named in words, given its code by its place in the header
    written: str = ""  # the header as written, when ``label`` is the area's name alone ("… / 2022")


@dataclass
class RawRow:
    """One data row of a table: its sheet row, the unit text and the bloc it sits in."""

    row: int
    unit: str
    peer_group: str | None
    parent: str | None = None
    year: int | None = None  # the row's own year, in a table with a "Năm" column


@dataclass
class Table:
    """Values read from one table, before units and frameworks are applied."""

    sheet: str
    shape: str
    header_row: int
    columns: list[ColumnSpec]
    rows: list[RawRow]
    values: dict[int, np.ndarray]  # column → parsed floats (score/pct/max columns)
    ranks: dict[int, tuple[list[int | None], list[int | None]]]  # column → (ranks, of)
    dropped: list[tuple[int, str, str]]  # (row, text, reason)
    notes: list[str]
    title_rows: list[list[object]]
    criteria: list[dict[str, Any]] | None = None  # for the criteria shape
    maxima: dict[int, np.ndarray] = field(default_factory=dict)  # column → the "/66,5" of each cell
    warnings: list[str] = field(default_factory=list)
    bloc: str | None = None  # the bloc the sheet's name or title gives all its units ("Khối sở")
    period: str | None = None  # criteria shape: the period its points columns name ("… 6 tháng đầu năm")
    # criteria shape: points of an earlier period beside a stage's ("Điểm tự đánh giá" over "6 tháng | 9
    # tháng"), keyed as the criteria rows hold them ("self H1") → (stage, period)
    earlier: dict[str, tuple[str, str]] = field(default_factory=dict)


def _label(rows: list[list[object]], r0: int, r1: int, c: int, numbered: frozenset[int]) -> list[str]:
    """The texts of column ``c`` down the header rows ``r0`` … ``r1``, skipping the rows of column
    numbers (``numbered``)."""
    labels: list[str] = []
    for r in range(r0, r1 + 1):
        row = rows[r]
        if r in numbered:
            continue
        value = row[c] if c < len(row) else None
        if value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        else:
            text = date_text(value) if isinstance(value, datetime.date) else str(value)
        if not labels or labels[-1] != text:
            labels.append(text)
    return labels


# a header cell holding a number alone: 12, "8,5", "12 điểm", "(6,5đ)"
_BARE_NUMBER = re.compile(r"^\(?\s*(\d{1,4}(?:[,.]\d{1,2})?)\s*(?:đ|điểm)?\s*\)?$", re.IGNORECASE)


def _bare_number(value: object) -> float | None:
    """The number a header cell holds alone (12, "8,5", "12 điểm"), None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    m = _BARE_NUMBER.match(value.strip()) if isinstance(value, str) else None
    return float(m.group(1).replace(",", ".")) if m else None


def _code_text(value: object) -> str:
    """A header cell as the code it may write: 1.1 typed as a number is "1.1"."""
    return f"{value:g}" if isinstance(value, float) else str(value).strip()


def _maxima_row(
    rows: list[list[object]], r0: int, r1: int, numbered: frozenset[int], match_component
) -> int | None:
    """The header row of bare numbers under labels that already name the columns' components: "Lĩnh
    vực 1 | … | Lĩnh vực 8 | Tổng điểm" over "12 | 7 | … | 6,5 | 70" gives each column's maximum, not
    its code (area 1 was read as component 12). A row of codes agrees with the labels over it."""
    for r in range(r0 + 1, r1 + 1):
        over = rows[r - 1]
        # the row's own cells, not those a merge down copies ("STT", "Tên đơn vị")
        cells = {c: v for c, v in enumerate(rows[r]) if v is not None and (c >= len(over) or v != over[c])}
        if r in numbered or len(cells) < 2:
            continue
        numbers = {c: _bare_number(v) for c, v in cells.items()}
        if any(n is None for n in numbers.values()):
            continue
        above = {c: _label(rows, r0, r - 1, c, numbered) for c in cells}
        codes = {c: next(filter(None, map(match_component, reversed(lab))), None) for c, lab in above.items()}
        if all(n.is_integer() and 1900 <= n <= 2100 for n in numbers.values()):
            continue  # years: "Lĩnh vực 1" over "2023 | 2024"
        coded = [c for c in cells if codes[c] is not None]
        extends = all(_code_text(cells[c]).startswith(f"{codes[c]}.") for c in coded)
        if len(coded) > 1 and not extends and any(_bare_number(codes[c]) != numbers[c] for c in coded):
            return r  # ("Lĩnh vực 1" merged over "1.1 | 1.2 | 1.3": codes within it, no maxima)
        if coded or not all(above.values()):
            continue
        # areas named in words: a number under a total ("Điểm đạt được" over 62) is a maximum, and so
        # are numbers that are no run of codes ("Cải cách thể chế | Cải cách TTHC" over "10 | 8,5", not
        # "1 | 2" or "1.1 | 1.2")
        if any(header_kind(x) in {"total", "pct"} for c in cells for x in above[c]):
            return r
        values = sorted(numbers.values())
        run = all(v.is_integer() for v in values) and values == [values[0] + i for i in range(len(values))]
        dotted = any(isinstance(v, str) and "." in v for v in cells.values())
        if not run and not dotted:
            return r
    return None


# a section row naming a district, "THÀNH PHỐ THANH HÓA" over its wards (in a match key)
# (one place: not "HUYỆN, THỊ XÃ, THÀNH PHỐ", "HUYỆN MIỀN NÚI", which the reader finds no unit for)
_PLACE_HEADING = re.compile(r"^(?:huyen|thi xa|thanh pho|quan) (?!thi xa|thanh pho|huyen)\S")


def _header_end(rows: list[list[object]], r0: int, merged: list[tuple[int, int, int, int]]) -> int:
    """Last row of a header that starts at ``r0``: vertical merges, then code/max rows below."""
    r1 = r0
    for mr0, _c0, mr1, _c1 in merged:
        if mr0 == r0 and mr1 > r1:
            r1 = mr1
    key_cols = [c for c, v in enumerate(rows[r0]) if header_kind(v) in {"unit", "stt", "yearcol"}]
    while r1 + 1 < len(rows) and r1 - r0 < 3:
        nxt = rows[r1 + 1]
        if _is_column_number_row(nxt):
            r1 += 1
            continue
        if any(c < len(nxt) and nxt[c] not in (None, rows[r0][c]) for c in key_cols):
            break
        cells = [v for v in nxt if v is not None]
        if not cells:
            break
        # a code row ("1", "1.10") or a maximum-points row ("(1,0)", or bare: "12 | 8,5 | 11") continues
        # the header (a row of numbers with words, "TỔNG CỘNG | 20 | 16,5", is a table's first)
        keys = [rows[r0][c] for c in key_cols]
        if all(
            (isinstance(v, str) and (code_from_text(v) or max_from_text(v) or header_kind(v)))
            or v in keys
            or (isinstance(v, int | float) and code_from_text(v))
            for v in cells
        ) or all(v in keys or _bare_number(v) is not None for v in cells):
            r1 += 1
            continue
        break
    return r1


def find_tables(
    rows: list[list[object]],
    merged: list[tuple[int, int, int, int]],
    header_rows: tuple[int, int] | None,
) -> list[tuple[int, int]]:
    """(first, last) header rows of every table in a sheet, top to bottom (0-based).

    A second header below the first table's data starts a second table (two tables in one sheet).
    """
    if header_rows:
        return [(header_rows[0] - 1, header_rows[1] - 1)]
    found: list[tuple[int, int]] = []
    start = 0
    while start < len(rows):
        r0 = find_header_row(rows, start, limit=len(rows) - start if found else 40)
        if r0 is None:
            break
        r1 = _header_end(rows, r0, merged)
        found.append((r0, r1))
        start = r1 + 1
    return found


# "(1)", "2", "B", and a column worked out from others: "(5)=(3)+(4)", "7 = 5 x 6"
_COLUMN_NUMBER = re.compile(r"^\(?([0-9]{1,2}|[A-Z])\)?(?:\s*=\s*[()0-9+\-*/:xX. ]+)?$")


def _numbers_the_columns(rows: list[list[object]], r0: int, r: int) -> bool:
    """A header row "3 | 4 | 5 | 6 | 7" under "Công tác chỉ đạo | … | Tổng điểm | Xếp hạng": whole numbers
    running on by one from column to column, under a total or a rank too, number the columns (they are
    no codes, and no maxima: the areas were given maxima 3, 4, 5 and the total 6)."""
    over = rows[r - 1] if r > r0 else []
    cells = {c: v for c, v in enumerate(rows[r]) if v is not None and (c >= len(over) or v != over[c])}
    if r == r0 or len(cells) < 3:
        return False
    numbers = [_bare_number(cells[c]) for c in sorted(cells)]
    if any(n is None or not n.is_integer() for n in numbers):
        return False
    if any(b != a + 1 for a, b in pairwise(numbers)):
        return False
    kinds = {c: {header_kind(rows[rr][c]) for rr in range(r0, r) if c < len(rows[rr])} for c in cells}
    if any("rank" in kinds[c] for c in cells):
        return True  # a number under the rank is no maximum: "1 | 2 | 3 | 4" under areas, total and rank
    totals = [i for i, c in enumerate(sorted(cells)) if "total" in kinds[c]]
    if totals and totals[0] > 1 and numbers[totals[0]] == sum(numbers[: totals[0]]):
        return False  # "1 | 2 | 3" under two criteria and their total: maxima, the total the sum of the rest
    return any(kinds[c] & {"total", "rank"} for c in cells)


def _is_column_number_row(cells: list[object]) -> bool:
    """The row of column numbers official tables print under the header: (1) (2) (3) … or A B 1 2."""
    texts = [v for v in cells if v is not None]
    first = next((i for i, v in enumerate(cells) if v is not None), None)
    return (
        len(texts) >= 3
        and first is not None
        and first <= 1  # the STT column is numbered too; a row of area codes leaves it empty
        and all(isinstance(v, str) and _COLUMN_NUMBER.match(v.strip()) for v in texts)
    )


def read_table(
    rows: list[list[object]],
    merged: list[tuple[int, int, int, int]],
    header: tuple[int, int],
    next_header: int | None,
    *,
    sheet: str,
    file: str,
    columns_map: dict[str, str],
    unit_column: str | None,
    drop_rows: tuple[str, ...],
    match_component,
    known_unit,
    problems: Collection[tuple[int, int]] = (),
    year: int | None = None,
    hidden_cols: Collection[int] = (),
    span: tuple[int, int] | None = None,
    maximum_of: Callable[[str], float | None] | None = None,
    index: str | None = None,
    one_unit: str | None = None,
) -> Table:
    """Read one table whose header starts at ``header[0]``.

    Args:
        rows: cleaned sheet cells.
        merged: merged ranges of the sheet.
        header: first and last header row (see :func:`find_tables`).
        next_header: the row where the next table in the sheet starts, if any.
        sheet, file: for messages.
        columns_map: layout ``[columns]``: header text → code or role.
        unit_column: layout unit column (header text or letter).
        drop_rows: layout regexes for rows to drop.
        match_component: ``text → code | None`` (framework-aware).
        known_unit: ``text → bool``: whether a name is a unit the registry knows.
        problems: cells (row, column) holding a :class:`~cchc_analysis.io.detect.CellProblem`.
        year: the year the table is for; when its header gives this year's and another year's
            columns side by side ("Năm 2023" | "Năm 2022"), only this year's are read.
        hidden_cols: columns hidden in the workbook; a hidden column is not read when a visible one
            holds the same component (an old column left hidden in a sheet copied from last year).
        span: the first and last year of a table of several years ("GIAI ĐOẠN 2019-2023"): each
            column is read at the year its header names ("Năm 2021", "Điểm 2021", "Xếp hạng 2021").
        maximum_of: ``code → the criteria set's maximum | None``: the most a score column can hold,
            which decides text such as "6.216" (6.216 or 6216) under a maximum of 10.
        one_unit: the unit the title (or the caller) names: a table with a "Năm" column and no unit
            column is that unit's results, a row a year.

    Raises:
        InputError: a cell the table reads holds an Excel error or an uncalculated formula, text that is
            not a number, or a rank that is not a rank; the message names the cell.
    """
    r0, r1 = header
    end = next_header if next_header is not None else len(rows)
    title_rows = rows[:r0]
    if is_criteria_sheet(_lowest_labels(rows, r0, r1), [v for r in range(r0, r1) for v in rows[r]]):
        return _read_criteria(
            rows, r0, r1, end, sheet=sheet, file=file, title_rows=title_rows, problems=problems, merged=merged
        )
    width = max((len(r) for r in rows[r0 : end or None]), default=0)
    code_notes = _repair_number_codes(rows, r0, r1, sheet)
    specs = _classify(rows, r0, r1, width, columns_map, unit_column, match_component)
    bare = _bare_value_total(specs, title_rows, index, year)
    other_year = _column_years(specs, span) if span else _other_year_columns(rows, r0, r1, specs, year)
    hidden_notes, hidden_warnings = _hidden_columns(specs, hidden_cols, r0, sheet)
    unit_spec = next((s for s in specs if s.role == "unit"), None)
    year_spec = next((s for s in specs if s.role == "yearcol"), None)
    if unit_spec is None and year_spec is not None and one_unit:
        # "Năm | PAR INDEX | SIPAS | …" under "… CỦA TỈNH QUẢNG NINH QUA CÁC NĂM": the rows are its years
        unit_spec = year_spec
    else:
        one_unit = None
    if unit_spec is None:
        named = [
            v
            for v in _lowest_labels(rows, r0, r1)
            if isinstance(v, str) and (known_unit(v) or _UNIT_NAMED.match(v.strip()))
        ]
        labels = [v for v in _lowest_labels(rows, r0, r1) if isinstance(v, str)]
        criteria_rows = any(match_key(v).startswith(CRITERIA_NAME_HEADERS) for v in labels)
        lost = next((v for v in labels if _names_points_lost(v)), None)
        if lost is not None and criteria_rows:
            # "Tiêu chí | Điểm tối đa | Điểm bị trừ | Lý do bị trừ điểm": the criteria a unit lost points on
            raise InputError(
                f"the table gives the points lost on each criterion ('{lost}'), not the points reached; the "
                "tidy table holds scores",
                file=file,
                sheet=sheet,
                cell=f"row {r0 + 1}",
                hint="Read the unit's self-assessment or results table (its points reached for each "
                "criterion): the points lost are then max_score - score.",
            )
        if len(named) > 1 or (named and criteria_rows):
            # "Lĩnh vực | Huyện Hải Hà | Huyện Tiên Yên | …": the units are the columns ("Lĩnh vực | Điểm tối
            # đa | Tỉnh Gia Lai | Trung bình cả nước": one unit beside the country's average)
            raise InputError(
                f"the units are the columns of this table ({', '.join(map(repr, named[:3]))}"
                f"{', …' if len(named) > 3 else ''}) and its rows the areas or criteria; the reader "
                "takes one row per unit",
                file=file,
                sheet=sheet,
                cell=f"row {r0 + 1}",
                hint="Turn the table round (in Excel: copy it, then Paste Special → Transpose) so that each "
                "unit is a row under a 'Tên đơn vị' column, and read that copy.",
            )
        indices = indices_as_rows(rows[r1 + 1 : end])
        if year_spec is not None:
            # "Năm | PAR INDEX | SIPAS" under a title naming no unit: whose results are they? (beside
            # another table of the sheet, or another sheet, that is read, it is skipped)
            raise NoUnitsError(
                f"the rows of this table are years (column {a1(r0, year_spec.col)} "
                f"'{year_spec.label}'), not units: it is one unit's results over the years, and the title "
                "names no unit",
                file=file,
                sheet=sheet,
                cell=f"row {r0 + 1}",
                hint="Pass unit= the unit whose results these are (e.g. unit='Quảng Ninh'), or add a "
                "'Tên đơn vị' column holding its name in every row.",
            )
        if len(indices) > 1:
            # "PAR INDEX | SIPAS | PAPI | PCI" as rows under "Năm 2021 | Năm 2022": one unit's indices
            raise indices_as_rows_error(indices, file=file, sheet=sheet, row=r0)
        raise NoUnitsError(
            "found a header row but no column naming the units",
            file=file,
            sheet=sheet,
            cell=f"row {r0 + 1}",
            hint="Name the unit column 'Tên đơn vị' or set unit_column in the layout.",
        )
    stt_spec = next((s for s in specs if s.role == "stt"), None)
    parent_spec = next((s for s in specs if s.role == "parent"), None)
    bloc_spec = next((s for s in specs if s.role == "bloc"), None)
    grade_notes = []
    for spec in [s for s in specs if s.role in {"bloc", "rank"}]:
        grades = _grades(rows, r1 + 1, end, spec.col)
        if grades:  # "Nhóm" or "Xếp hạng" over "Rất tốt", "Khá": a grade, neither a bloc nor a rank
            spec.role = "ignore"
            grade_notes.append(
                f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.label}' holds grades "
                f"({', '.join(grades)}), not {'blocs' if spec is bloc_spec else 'ranks'}; not read"
            )
    bloc_spec = next((s for s in specs if s.role == "bloc"), None)
    value_specs = [s for s in specs if s.role in {"score", "pct", "max"}]
    other_notes, other_warnings = _other_index_columns(specs, index, sheet, r0)
    _ranks_after_their_scores(specs)
    rank_notes = other_notes + _one_rank_each(specs, sheet, r0)
    rank_specs = [s for s in specs if s.role == "rank"]
    drop_patterns = [re.compile(p, re.IGNORECASE) for p in drop_rows]

    data: list[RawRow] = []
    dropped: list[tuple[int, str, str]] = []
    if next_header is not None:
        # "HUYỆN ĐỨC THỌ" alone on its row right over the next table's header: that table's heading, not a
        # unit of this one
        while end > r1 + 1 and not any(v is not None for v in rows[end - 1]):
            end -= 1
        texts = {v for v in rows[end - 1] if v is not None} if end > r1 + 1 else set()
        if (
            len(texts) == 1
            and isinstance(heading := next(iter(texts)), str)
            and end - 1 > r1 + 1
            # (a unit written plainly, "Thị xã Kỳ Anh" not scored, stays the table's own; a band, "NHÓM TỐT",
            # or a section, "Cụm thi đua số 2", of one ranking stays as it reads)
            and (
                _BLOC_HEADING.fullmatch(heading.strip())
                or (not _is_section_text(heading) and (heading.isupper() or not known_unit(heading)))
            )
        ):
            end -= 1
            dropped.append((end, heading, "heading of the table below"))
    # "Khối sở" names a sheet of one bloc; "B. UBND CÁC HUYỆN" right over a table stacked under another
    # (the sheet's own title is above its first table, a stacked table's own title right over its header:
    # a bloc row inside a table above this one is that table's)
    first = find_header_row(rows, 0, limit=r0) if r0 else None
    sheet_title = title_rows[:first] if first is not None else title_rows
    title_start = r0
    while title_start > 0 and not any(v.__class__ in (float, int) for v in rows[title_start - 1]):
        title_start -= 1  # (blank rows and rows of text alone, up to the last row with numbers above)
    stacked_title = title_rows[title_start:] if first is not None and first < title_start else []
    sheet_bloc = peer_group = (
        _bloc_over_table(title_rows, known_unit)
        or (_stacked_bloc(sheet, stacked_title) if stacked_title else None)
        or _bloc_of_sheet(sheet, sheet_title)
    )
    section_unit = None  # the unit a section row names ("II | HUYỆN HOẰNG HÓA"): its rows' parent
    head_maxima: dict[int, float] = {}  # "Điểm tối đa" right under the header: each column's maximum
    bloc_maxima: dict[int, float] = {}  # "Điểm tối đa" under a later bloc: its own units' maxima
    later_maxima: dict[int, dict[int, float]] = {}  # column → {unit's row in data: maximum}
    number_cols = [s.col for s in value_specs + rank_specs]
    skip_to = 0  # rows before it are notes already dropped
    explained_notes: list[str] = []  # units named with their points explained after the name

    for r in range(r1 + 1, end):
        if r < skip_to:
            continue
        row = rows[r]
        types = set(map(type, row))  # C-level: a row with numbers in it is no signature row
        if float not in types and int not in types and _is_signature_row(row, number_cols):
            # titles and names of the signers: the table has ended
            dropped.extend(
                (rr, _row_text(rows[rr]), "signature block below the table")
                for rr in range(r, end)
                if any(v is not None for v in rows[rr])
            )
            break
        unit_val = row[unit_spec.col] if unit_spec.col < len(row) else None
        stt_val = row[stt_spec.col] if stt_spec and stt_spec.col < len(row) else None
        lead = next((v for v in row[: unit_spec.col] if v is not None), None) if unit_spec.col else None
        if lead.__class__ is str and _NOTES_LABEL.match(lead):
            # "Ghi chú: | (*) Điểm trung bình của khối | 86,48" in the STT column: the notes, up to the next
            # row numbered as a unit's or a section's ("Lưu ý: …" between two blocs of one table)
            notes_to = r + 1
            while notes_to < end:
                nxt = rows[notes_to]
                own = nxt[unit_spec.col] if unit_spec.col < len(nxt) else None
                own = _MARK_BEFORE.sub("", own) if isinstance(own, str) else own  # ("(*) Sở Du lịch")
                if isinstance(own, str) and (
                    _is_section_text(own)
                    # (not "1 | Sở Tư pháp được cộng điểm thưởng | 1,00")
                    or ((starts_as_a_unit(own) or known_unit(own)) and not _points_clause(own)[0])
                ):
                    break  # a bloc's heading, or a unit: the table goes on
                if any(s.col < len(nxt) and not is_missing(nxt[s.col]) for s in rank_specs):
                    break  # a ranked row is a unit's
                if own is None and _numbered(nxt, stt_spec):
                    break
                notes_to += 1
            dropped.extend(
                (rr, _row_text(rows[rr]), "note rows")
                for rr in range(r, notes_to)
                if any(v is not None for v in rows[rr])
            )
            skip_to = notes_to
            continue
        # a bloc row merged across the table repeats its text in every column: that is not a number
        width_r = len(row)
        # words in a points column ("A. KHỐI SỞ, BAN, NGÀNH" typed under "Xếp hạng") are no number
        has_numbers = any(
            c < width_r and not is_missing(v := row[c]) and v != unit_val and _number_like(v)
            for c in number_cols
        )
        text = unit_val if isinstance(unit_val, str) else None
        if one_unit is not None:
            if row_year(unit_val) is not None and (
                not isinstance(unit_val, str) or _YEAR_CELL.fullmatch(unit_val.strip())
            ):
                text = one_unit  # a row of the unit's years (not "Tăng, giảm so với năm 2022")
            elif text is None or not (SUMMARY_ROW.match(k := match_key(text)) or FOOTER_ROW.match(k)):
                if has_numbers or text:
                    dropped.append((r, text or "", "row without a year (the table's rows are years)"))
                continue
        if text is None and isinstance(stt_val, str) and not has_numbers:
            text = stt_val
        if text is None and not has_numbers:
            # a section row typed in a first column that is no STT ("A. KHỐI SỞ, BAN, NGÀNH" under "Xếp hạng")
            text = next((v for v in row[: unit_spec.col] if isinstance(v, str) and _is_section_text(v)), None)
        if text is None:
            if has_numbers:
                dropped.append((r, "", "numbers without a unit name"))
            continue
        key = match_key(text)
        if _FOOTNOTE_MARK.match(key):
            # "(*) Điểm trung bình của khối | 86,48" under the table: a footnote, its number no unit's;
            # "(*) Sở Tư pháp | 88,00" a unit marked for one, "(*) KHỐI HUYỆN" a bloc (the mark dropped)
            unmarked = _MARK_BEFORE.sub("", text)
            if SUMMARY_ROW.match(match_key(unmarked)):
                dropped.append((r, text, "total/average row"))
                continue
            if not (has_numbers or _numbered(row, stt_spec) or _is_section_text(unmarked)):
                dropped.append((r, text, "note row"))
                continue
            text, key = unmarked, match_key(unmarked)
        if drop_patterns and any(p.search(text) for p in drop_patterns):
            dropped.append((r, text, "dropped by layout"))
            continue
        if header_kind(text) == "max":
            # "Điểm tối đa | 9,5 | 10 | … | 100" (or "Tổng điểm tối đa") under the header: each column's
            # maximum, not a unit; under a later bloc, the maxima of that bloc's units (departments scored
            # out of other points)
            found = {
                c: m for c, v in enumerate(row) if c != unit_spec.col and (m := _bare_number(v)) is not None
            }
            if data:
                bloc_maxima = found
            else:
                head_maxima = found
            dropped.append((r, text, "maxima row (each column's maximum)"))
            continue
        if SUMMARY_ROW.match(key):
            dropped.append((r, text, "total/average row"))
            continue
        if not text.strip(" .…") and not has_numbers:
            # "..." between the first and the last of a ranking (top 3 and bottom 3): units left out
            dropped.append((r, text, "gap row (units left out)"))
            continue
        if FOOTER_ROW.match(key):
            dropped.append((r, text, "note row"))
            continue
        about_points, explained_by = _points_clause(text)
        if (
            has_numbers
            and about_points
            and not is_section_marker(stt_val)
            and not any(s.col < width_r and not is_missing(row[s.col]) for s in rank_specs)  # (ranked)
        ):
            # "1 | Sở Tư pháp được cộng điểm thưởng | 1,00" under the table: a note on a unit's points
            dropped.append((r, text, "note row"))
            continue
        place = _PLACE_HEADING.match(key)
        heading = place is not None and (
            # "Huyện Can Lộc" with no STT and no numbers over its communes
            (not has_numbers and stt_spec is not None and stt_val is None)
            # "I | HUYỆN CAN LỘC | 86,50 |" unranked over its ranked communes: the district's average
            or (
                has_numbers
                and roman_to_int(stt_val) is not None
                and rank_specs
                and all(s.col >= width_r or is_missing(row[s.col]) for s in rank_specs)
            )
        )
        if heading and has_numbers:
            peer_group = bloc_name(_SECTION_NUMBER.sub("", text), place=True)
            bloc_maxima, section_unit = {}, _section_name(text)
            dropped.append((r, text, "section row (its numbers are its units' average, not read)"))
            continue
        # "II | HUYỆN HOẰNG HÓA" over its communes: a unit's name, numbered as a section, heads its units
        # "Xã Tân Phú | Không chấm": a unit not scored, its name in no list (no section row says so)
        unscored = (
            not has_numbers
            and (_numbered(row, stt_spec) or known_unit(text))  # ("Đơn vị mới thành lập": a section)
            and not is_section_marker(stt_val)
            and not _is_section_text(text)
            and not match_key(text).startswith(("cac ", "khoi ", "nhom ", "cum "))
            and any(c < width_r and row[c] != text and not_assessed(row[c]) for c in number_cols)
        )
        if (
            not has_numbers
            and not unscored
            and (not known_unit(text) or is_section_marker(stt_val) or heading)
        ):
            if _is_band(text):
                # "NHÓM ĐẠT ĐIỂM CAO NHẤT" over the best quarter: its units stay in the one ranking
                dropped.append((r, text, "band row (a grade of the ranking, not a peer group)"))
            elif is_section_marker(stt_val) or _is_section_text(text) or (stt_val is None and len(text) < 80):
                named = _section_name(text)  # "HUYỆN X (36 xã)"
                is_unit = known_unit(named)
                peer_group = bloc_name(_SECTION_NUMBER.sub("", text), place=is_unit)
                if is_section_marker(stt_val) or _SECTION_NUMBER.match(text):
                    bloc_maxima = {}  # (a bloc's own row of maxima is for its units, not the next bloc's)
                section_unit = named if is_unit or _PLACE_HEADING.match(match_key(named)) else None
                dropped.append((r, text, "section row"))
            else:
                dropped.append((r, text, "text without numbers"))
            continue
        if explained_by is not None:
            # the longest name the unit list knows ("Huyện Can Lộc", not "Huyện Can Lộc, tỉnh Hà Tĩnh"), else
            # the whole name before the note ("Sở Văn hóa, Thể thao và Du lịch")
            explained = next((h for h in reversed(explained_by) if known_unit(h)), explained_by[-1])
            # "Sở Y tế - bị trừ 0,5 điểm | 88,00": the unit under its name alone (so that its years join)
            explained_notes.append(
                f"sheet '{sheet}', row {r + 1}: '{text}' is read as the unit '{explained}' (the words after "
                "its name explain its points)"
            )
            text = explained
        parent = row[parent_spec.col] if parent_spec and parent_spec.col < len(row) else section_unit
        bloc = row[bloc_spec.col] if bloc_spec and bloc_spec.col < len(row) else None
        for col, most in bloc_maxima.items():
            later_maxima.setdefault(col, {})[len(data)] = most
        data.append(
            RawRow(
                row=r,
                unit=text,
                peer_group=bloc_name(bloc) if isinstance(bloc, str) else peer_group,
                parent=parent if isinstance(parent, str) else None,
                year=row_year(row[year_spec.col] if year_spec.col < len(row) else None)
                if year_spec
                else None,
            )
        )

    if one_unit is not None:
        seen_year: dict[int | None, int] = {}
        for d in data:
            if d.year in seen_year:
                # "Năm | Địa bàn | Tổng điểm" (a unit column under words the reader does not know): a
                # year twice is no one unit's years
                raise NoUnitsError(
                    f"the 'Năm' column gives {d.year} twice (rows {seen_year[d.year] + 1} and {d.row + 1}), "
                    f"so the rows are not the years of one unit ('{one_unit}', named in the title), and no "
                    "column names their units",
                    file=file,
                    sheet=sheet,
                    cell=f"row {d.row + 1}",
                    hint="Name the unit column 'Tên đơn vị' or set unit_column in the layout.",
                )
            seen_year[d.year] = d.row
    rows_idx = [d.row for d in data]
    # areas in words one column each, when no criteria set reads the table (a set's maxima would be
    # given to areas numbered by their place in the header)
    # (or by a set whose areas are named nowhere, MOHA's 2022 set of 8: only all of its areas, in order)
    if _areas_in_columns(
        specs,
        lambda: _columns(rows, rows_idx, width),
        None if match_component is code_from_text else _set_areas(match_component),
    ):
        value_specs = [s for s in specs if s.role in {"score", "pct", "max"}]
    for spec in value_specs:  # (the areas in words too, now that they are known)
        if spec.col in head_maxima and spec.max_score is None:
            spec.max_score = head_maxima[spec.col]
    read_cols = [unit_spec.col, *(s.col for s in value_specs + rank_specs)]
    _refuse_problems(rows, problems, rows_idx, read_cols, file=file, sheet=sheet)
    warnings = hidden_warnings + other_warnings + _merge_warnings(merged, rows_idx, read_cols[1:], rows)
    if bare is not None:
        code_notes.append(
            f"sheet '{sheet}': column {a1(r0, bare.col)} '{bare.label}' is the table's one value, read as "
            f"its {index + ' ' if index else ''}total"
            if match_key(bare.label.split(" / ")[-1]) in BARE_VALUE
            else f"sheet '{sheet}': column {a1(r0, bare.col)} '{bare.label}' names the index as a whole, "
            f"read as its {index} total (no criteria set names the columns beside it)"
        )
    notes: list[str] = code_notes + [
        f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.written or spec.label}' is for {other}, not "
        f"{f'{span[0]}–{span[1]}' if span else year}; not read"
        for spec, other in other_year
    ]
    notes += hidden_notes + grade_notes + rank_notes + explained_notes
    if one_unit is not None:
        notes.append(
            f"sheet '{sheet}': the table has no unit column and its rows are years (column "
            f"{a1(r0, unit_spec.col)} '{unit_spec.label}'): each is read as a year of '{one_unit}'"
        )
    bands = [text for _, text, why in dropped if why.startswith("band row")]
    if bands:
        notes.append(
            f"sheet '{sheet}': the groups {', '.join(map(repr, bands))} are bands of one ranking (grades or "
            "ranges of scores), not peer groups"
        )
    numbered = [s for s in specs if s.numbered and s.role == "score"]
    if numbered:
        names = tuple(f"{s.label} / " for s in numbered)  # an area merged over "Điểm đạt | Tỷ lệ (%)"
        percentages = any(o.role == "pct" or "%" in o.label for o in specs if o.label.startswith(names))
        notes.append(
            f"sheet '{sheet}': the areas named in words are read as components "
            + ", ".join(f"{s.component} '{s.label}'" for s in numbered)
            + ", in the order of the header (no criteria set names them)"
            + ("; their percentages are not read" if percentages else "")
        )
    # (beside scores of two stages, a "Chênh lệch" naming no year or rank is the appraisal's difference)
    staged = len({s.stage for s in value_specs if s.role == "score" and s.component == "total"}) > 1

    def change(spec: ColumnSpec) -> str:
        if staged and not _CHANGE_ON_A_YEAR.search(match_key(spec.label)):
            return "a difference between the stages' scores"
        return "a change on an earlier year"

    notes += [
        f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.label}' is {change(spec)}; not "
        "read (compare() works changes out from the scores)"
        for spec in specs
        if spec.role == "change"
    ]
    lost = [s for s in value_specs if _names_points_lost(s.label)]
    totals = [s for s in value_specs if s.component == "total" and s.role in {"score", "pct"}]
    if lost and (all(s in lost for s in totals) if totals else len(lost) == len(value_specs)):
        # "TỔNG HỢP ĐIỂM BỊ TRỪ THEO LĨNH VỰC": read as scores, the unit that lost most came first
        first = next((s for s in lost if s.component == "total"), lost[0])
        raise InputError(
            f"the table gives the points each unit lost (column {a1(r0, first.col)} '{first.label}'), not "
            "the points it reached; the tidy table holds scores",
            file=file,
            sheet=sheet,
            cell=a1(r0, first.col),
            hint="Read the results table these were worked out from (its 'Tổng điểm' and each area's "
            "points): the points lost are then max_score - score.",
        )
    for spec in lost:  # "Điểm chưa đạt / Thể chế", "Tổng điểm bị trừ" beside the points reached
        spec.role = "ignore"
        notes.append(
            f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.label}' gives points lost, not reached; "
            "not read"
        )
    value_specs = [s for s in value_specs if s.role != "ignore"]
    values: dict[int, np.ndarray] = {}
    maxima: dict[int, np.ndarray] = {}
    by_column = _columns(rows, rows_idx, width)
    for spec in specs:
        # A column with a header nothing matches but no value in any unit's row (a criterion of another
        # year left in a template, a spacer) holds no data to report as left out.
        # (clean_sheet has already turned empty and blank text into None)
        if spec.role == "unknown" and all(v is None for v in by_column[spec.col]):
            spec.role = "ignore"
    for spec in value_specs:
        written: dict[int, float] = {}  # "51,39/66,5": the cell writes the unit's own maximum
        arr, col_notes = parse_number_column(
            by_column[spec.col],
            cell=lambda i, c=spec.col, ri=rows_idx: a1(ri[i], c),
            file=file,
            sheet=sheet,
            maxima=written,
            ceiling=_ceiling(maximum_of, spec),
        )
        values[spec.col] = arr
        notes.extend(col_notes)
        for i, most in later_maxima.get(spec.col, {}).items():
            written.setdefault(i, most)  # a cell's own "/66,5" wins over its bloc's row of maxima
        if written:
            maxima[spec.col] = np.full(len(arr), np.nan)
            maxima[spec.col][list(written)] = list(written.values())
    ranks: dict[int, tuple[list[int | None], list[int | None]]] = {}
    for spec in rank_specs:
        plain = plain_ranks(by_column[spec.col])
        if plain is not None:
            ranks[spec.col] = plain
            continue
        column, dates_note = ranks_from_dates(
            by_column[spec.col], cell=lambda i, c=spec.col: a1(rows_idx[i], c), file=file, sheet=sheet
        )
        if dates_note:
            notes.append(f"sheet '{sheet}': column {a1(r0, spec.col)} '{spec.label}': {dates_note}")
        got: list[int | None] = []
        of: list[int | None] = []
        for d, value in zip(data, column, strict=True):
            try:
                rank, rank_of = parse_rank(value)
            except ValueError:
                raise InputError(
                    f"the rank '{value}' is not a rank (expected e.g. 3, '03' or '3/13')",
                    file=file,
                    sheet=sheet,
                    cell=a1(d.row, spec.col),
                    hint="Correct the rank (it cannot exceed the number after '/') or leave the cell empty.",
                ) from None
            got.append(rank)
            of.append(rank_of)
        ranks[spec.col] = (got, of)
    return Table(
        sheet=sheet,
        shape="wide",
        header_row=r0,
        columns=specs,
        rows=data,
        values=values,
        ranks=ranks,
        dropped=dropped,
        notes=notes,
        title_rows=title_rows,
        warnings=warnings,
        maxima=maxima,
        bloc=sheet_bloc,
    )


def _repair_number_codes(rows: list[list[object]], r0: int, r1: int, sheet: str) -> list[str]:
    """Criterion codes typed as numbers lose their trailing zero: 1.10 is the number 1.1. In a header
    row that runs 1.1, 1.2 … 1.9 and then 1.1 again, the second 1.1 is 1.10 (and 1.2 after 1.19 is
    1.20). Such cells are rewritten as the code's text in the cleaned rows; returns a note for each."""
    notes: list[str] = []
    for r in range(r0, r1 + 1):
        row = rows[r]
        codes, after = _number_codes(row)
        for c, code in codes.items():
            if c in after:
                notes.append(_code_note(sheet, f"header cell {a1(r, c)}", row[c], after[c], code))
            row[c] = code
        dated, _ = _date_codes(row)  # a date no code beside places stays what it is (an extra column)
        for c, code in dated.items():
            notes.append(_date_code_note(sheet, f"header cell {a1(r, c)}", row[c], code))
            row[c] = code
    return notes


def _code_note(sheet: str, where: str, number: float, after: str, code: str) -> str:
    """The note for a code typed as a number whose trailing 0 Excel dropped (1.1 after 1.9: 1.10)."""
    return (
        f"sheet '{sheet}': {where} holds the number {number:g} after {after}; read as code {code} "
        f"(a number drops the 0 of {code})"
    )


def _number_codes(cells: list[object], text_ends_run: bool = True) -> tuple[dict[int, str], dict[int, str]]:
    """The codes that numbers in a run of cells (a header row, an STT column) stand for, by position,
    and for each code widened, the code before it.

    Each number between 0 and 100 with a fractional part is a code ("1.2"); one that repeats or goes
    back within its whole part (1.1 after 1.9) had a trailing zero Excel dropped: 1.10. Text or another
    value between two numbers ends the run (the next number starts afresh); in an STT column, where
    "a)" and "-" mark sub-criteria, only a whole number (the next area) does (``text_ends_run=False``).
    """
    out: dict[int, str] = {}
    after: dict[int, str] = {}
    previous: tuple[int, int] | None = None  # (whole part, sub-number) of the last code seen
    for i, value in enumerate(cells):
        if value.__class__ is not float or value.is_integer() or not 0 < value < 100:
            if (text_ends_run and value is not None) or isinstance(value, int | float) or roman_to_int(value):
                previous = None  # (a Roman area "II" starts its criteria afresh)
            continue
        whole, _, digits = repr(value).partition(".")
        if not (whole.isdigit() and digits.isdigit()):  # 1e-05 is no code
            continue
        code = (int(whole), int(digits))
        text = f"{whole}.{digits}"
        if previous is not None and code[0] == previous[0] and code[1] <= previous[1]:
            widened = (code[0], int(digits + "0"))
            if widened[1] > previous[1]:
                after[i] = f"{previous[0]}.{previous[1]}"
                text, code = f"{whole}.{digits}0", widened
        out[i] = text
        previous = code
    return out, after


def _code_tuple(value: object) -> tuple[int, ...] | None:
    """A code cell as numbers ("1.10" → (1, 10), the area 2 typed as a number → (2,)); None otherwise."""
    if value.__class__ in (float, int) and float(value).is_integer() and 0 < value < 100:
        return (int(value),)
    code = code_from_text(value) if isinstance(value, str) else None
    return code_key(code) if code is not None and _DOTTED.fullmatch(code) else None


_DOTTED = re.compile(r"\d+(?:\.\d+)*")
#: A header Excel made a date, as :func:`~cchc_analysis.io.text.date_text` shows it: not an area's name.
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")


def _step(previous: tuple[int, ...], code: tuple[int, ...]) -> int | None:
    """How far ``code`` is from coming right after ``previous`` in a list of criteria, None when it
    cannot: 0 for the first sub-code (1 → 1.1), 1 for the next code at the same level (1.9 → 1.10), 2 for
    the next at the level above (1.9 → 2, 2.1), and so on; never deeper than ``previous`` (3 → 4, not
    4.1)."""
    if code == (*previous, 1):
        return 0
    for k in range(len(previous) - 1, -1, -1):
        head = (*previous[:k], previous[k] + 1)
        if code[: k + 1] == head and len(code) <= len(previous) and all(p == 1 for p in code[k + 1 :]):
            return len(previous) - k
    return None


def _date_readings(value: datetime.date) -> set[tuple[int, ...]]:
    """The codes a date may have been typed as: day first or month first, with the year's last two
    digits as a third part when it is 2001–2099 ("7.2.2" is 7 February 2002)."""
    readings = {(value.day, value.month), (value.month, value.day)}
    if 2000 < value.year < 2100:
        readings |= {(value.day, value.month, value.year - 2000), (value.month, value.day, value.year - 2000)}
    return readings


def _date_codes(cells: list[object]) -> tuple[dict[int, str], list[int]]:
    """The codes that dates in a run of code cells (a header row, the STT cells of criteria) stand for.

    Excel turns a code such as 1.10 or 7.2.2, typed into a cell not formatted as text, into a date (1
    October, 7 February 2002; or with the month first, 10 January). A date is read as the one of its
    readings (:func:`_date_readings`) that the codes right beside it continue (1.9 before it, 2 after it:
    1.10), the nearest step when two do (1.2 rather than 2.1 after 1.1). A date beside another date is
    placed from it, so a run of them (1.1 … 1.12 all dates, then 1.13) is placed one by one. A
    cell that is neither a code nor a date (a heading, "Tổng điểm", an empty cell) ends a run: a date
    beside nothing else is not a code.

    Returns:
        ``(codes, unplaced)``: the code text of each date placed, by position, and the positions of the
        dates the cells beside them do not place (none is a code, or no reading or two fit).
    """
    dates = [i for i, v in enumerate(cells) if isinstance(v, datetime.date)]
    if not dates:
        return {}, []
    known = [_code_tuple(v) for v in cells]
    codes: dict[int, str] = {}
    # forward, then backward: a run anchored at its start is placed by the first sweep, one anchored at its
    # end by the second (each date sees its neighbour just placed), in linear time however long the run
    for sweep in (dates, dates[::-1]):
        for i in sweep:
            if i in codes:
                continue
            before = known[i - 1] if i > 0 else None
            after = known[i + 1] if i + 1 < len(cells) else None
            if before is None and after is None:
                continue
            # the readings both neighbours continue, by how far they step from one to the other
            fit = {}
            for r in _date_readings(cells[i]):
                into = _step(before, r) if before is not None else 0
                out = _step(r, after) if after is not None else 0
                if into is not None and out is not None:
                    fit[r] = into + out
            # with no code before it, nothing tells how deep a date goes (2.1 or 2.1.2 before 2.2): only
            # a reading alone in fitting is taken; after one, the nearest step (1.2 rather than 2.1)
            nearest = (
                list(fit) if before is None else [r for r, step in fit.items() if step == min(fit.values())]
            )
            if len(nearest) == 1:
                known[i] = nearest[0]
                codes[i] = ".".join(map(str, nearest[0]))
    return codes, [i for i in dates if i not in codes]


def _date_code_note(sheet: str, where: str, value: datetime.date, code: str) -> str:
    """The note for a code Excel turned into a date, read back as ``code``."""
    return (
        f"sheet '{sheet}': {where} holds the date {date_text(value)}; read as code {code} (Excel turns a "
        "code typed into a cell not formatted as text into a date)"
    )


def _refuse_problems(
    rows: list[list[object]],
    problems: Collection[tuple[int, int]],
    picked: list[int],
    cols: list[int],
    *,
    file: str,
    sheet: str,
) -> None:
    """Raise for the first problem cell (top to bottom, left to right) that the table reads."""
    if not problems:
        return
    wanted_rows, wanted_cols = set(picked), set(cols)
    for r, c in sorted(problems):
        if r in wanted_rows and c in wanted_cols:
            cell = rows[r][c]
            if isinstance(cell, CellProblem):
                raise InputError(
                    f"the cell {cell.describe()}.", file=file, sheet=sheet, cell=a1(r, c), hint=cell.hint()
                )


def _merge_warnings(
    merged: list[tuple[int, int, int, int]],
    picked: list[int],
    value_cols: list[int],
    rows: list[list[object]],
) -> list[str]:
    """Warnings for merged ranges that give one printed value to several units (or several columns)."""
    out: list[str] = []
    if not merged or not picked:
        return out
    ordered = sorted(picked)
    cols = sorted(set(value_cols))
    for r0, c0, r1, c1 in merged:
        units = bisect_right(ordered, r1) - bisect_left(ordered, r0)
        columns = bisect_right(cols, c1) - bisect_left(cols, c0)
        if not columns or not units or (units < 2 and columns < 2):
            continue
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        shown = f"{value:g}" if isinstance(value, float) else repr(value)
        span = f"{units} unit rows" if units > 1 else f"{columns} score columns"
        out.append(
            f"cells {a1(r0, c0)}:{a1(r1, c1)} are merged across {span}; the value {shown} printed once "
            "was read for each of them (check that this is what the table means)"
        )
    return out


def _columns(rows: list[list[object]], picked: list[int], width: int) -> list[tuple[object, ...]]:
    """The cells of the picked rows, column by column (rows padded to ``width``)."""
    if not picked:
        return [() for _ in range(width)]
    pad = [None] * width
    block = [(rows[r] + pad)[:width] if len(rows[r]) < width else rows[r][:width] for r in picked]
    return list(zip(*block, strict=True))


def _column_letter_index(letter: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", letter):
        return None
    n = 0
    for ch in letter.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _classify(
    rows: list[list[object]],
    r0: int,
    r1: int,
    width: int,
    columns_map: dict[str, str],
    unit_column: str | None,
    match_component,
) -> list[ColumnSpec]:
    mapped = {match_key(k): v for k, v in columns_map.items()}
    unit_idx = _column_letter_index(unit_column) if unit_column else None
    unit_key = match_key(unit_column) if unit_column and unit_idx is None else None
    specs: list[ColumnSpec] = []
    numbered = frozenset(
        r for r in range(r0, r1 + 1) if _is_column_number_row(rows[r]) or _numbers_the_columns(rows, r0, r)
    )
    maxima_row = _maxima_row(rows, r0, r1, numbered, match_component)
    skipped = numbered if maxima_row is None else numbered | {maxima_row}
    labels_of: dict[int, list[str]] = {}
    stage_only: set[int] = set()  # columns headed by a stage alone ("Điểm thẩm định")
    for c in range(width):
        labels = labels_of[c] = _label(rows, r0, r1, c, skipped)
        label = " / ".join(labels)
        if c == unit_idx:
            specs.append(ColumnSpec(c, label, "unit"))
            continue
        if not labels:
            specs.append(ColumnSpec(c, "", "ignore"))
            continue
        keys = [match_key(x) for x in labels]
        if unit_key and unit_key in keys:
            specs.append(ColumnSpec(c, label, "unit"))
            continue
        role = next((mapped[k] for k in reversed(keys) if k in mapped), None)
        if role is not None:
            if role in {"total", "pct", "rank", "max", "ignore"}:
                kind = {"total": "score"}.get(role, role)
                specs.append(ColumnSpec(c, label, kind, "total" if role != "ignore" else None))
            else:
                specs.append(ColumnSpec(c, label, "score", role))
            continue
        kinds = [header_kind(x) for x in labels]
        if len(labels) > 1 and match_key(labels[-1]) == "gia tri":
            kinds[-1] = "total"  # "Giá trị" under a pillar's heading, beside its "Xếp hạng" (DTI): its value
        if unit_key is None and unit_idx is None and "unit" in kinds[:1]:
            specs.append(ColumnSpec(c, label, "unit"))
            continue
        if kinds[0] == "stt":
            specs.append(ColumnSpec(c, label, "stt"))
            continue
        # a year alone ("Năm 2023") heads a score column of its own, but names no role for the columns
        # grouped under it ("Năm 2023" over "Số phiếu | Tổng điểm | Xếp hạng")
        tail = kinds[-1]
        if tail == "year":  # "Xếp hạng" merged over "Năm 2022 | Năm 2023" (or "Năm trước | Năm nay"): ranks
            tail = "rank" if "rank" in kinds[:-1] else "total"
        kind = next((k for k in (tail, *reversed(kinds[:-1])) if k and k != "year"), None)
        if "change" in kinds[:-1]:
            # "Tăng (+), giảm (-)" merged over "Điểm | Bậc": changes, whatever their own labels name
            specs.append(ColumnSpec(c, label, "change"))
            continue
        if kind == "pct" and tail is None and _names_points(labels[-1]):
            kind = None  # "Chỉ số CCHC năm 2024" over "Điểm điều tra XHH": points, not the percentage
        if kind == "yearcol":
            # decided before the criteria codes, so that year_column finds it without them
            specs.append(ColumnSpec(c, label, "yearcol"))
            continue
        maximum = next((m for m in (max_from_text(x) for x in labels) if m is not None), None)
        if maximum is None and maxima_row is not None and c < len(rows[maxima_row]):
            maximum = _bare_number(rows[maxima_row][c])
        component = None
        level = None
        for i in range(len(labels) - 1, -1, -1):
            code = match_component(labels[i]) or next(
                (found for found in map(match_component, bilingual_parts(labels[i])) if found), None
            )
            if code:
                component, level = code, i
                break
        if component is not None and any(match_key(x).startswith(_COUNTS) for x in labels[level + 1 :]):
            # "Tiếp cận dịch vụ" over "Số phiếu hài lòng | Tỷ lệ (%)": a count of answers, no score
            specs.append(ColumnSpec(c, label, "unknown"))
            continue
        if component is not None:
            below = kinds[level + 1 :] if level is not None else []
            sub = next((k for k in below if k in {"rank", "pct", "max", "change"}), None)
            if sub is None and kinds[level] in {"rank", "change"}:
                sub = kinds[level]  # "Xếp hạng PAR INDEX": the rank of the total its alias names
            stage = _stage_in(labels[level + 1 :] if level is not None else [])
            specs.append(ColumnSpec(c, label, sub or "score", component, maximum, stage))
            continue
        stage = _stage_in(labels)
        if kind == "bloc":
            specs.append(ColumnSpec(c, label, "bloc"))
        elif kind == "change":
            specs.append(ColumnSpec(c, label, "change"))
        elif kind in {"rank", "pct", "max", "note"}:
            specs.append(ColumnSpec(c, label, kind, "total" if kind != "note" else None, stage=stage))
        elif kind == "total" or (kind is None and stage is not None and _names_points(labels[-1])):
            # "Điểm tự đánh giá" | "Điểm thẩm định": each unit's total at that stage
            specs.append(ColumnSpec(c, label, "score", "total", maximum, stage))
            if kind is None:
                stage_only.add(c)
        elif kind == "unit" and not any(s.role == "unit" for s in specs):
            specs.append(ColumnSpec(c, label, "unit"))
        else:
            specs.append(ColumnSpec(c, label, "unknown", max_score=maximum))
    for prev, spec in pairwise(specs):
        if spec.role == prev.role == "unit" and labels_of[spec.col] == labels_of[prev.col]:
            # "Tên đơn vị" merged across two columns (a table pasted from Word): one unit column, when
            # the second only repeats the first (merged names) or is empty; else "Đơn vị" merged over a
            # district and its communes, read as parent and unit
            a, b = prev.col, spec.col
            if all(len(row) <= b or row[b] is None or row[b] == row[a] for row in rows[r1 + 1 :]):
                spec.role = "ignore"
    units = [s for s in specs if s.role == "unit"]
    if unit_idx is None and unit_key is None:
        # "Tỉnh, thành phố" | "Xã, phường": the most specific (last) names the unit, the others its parents
        for spec in units[:-1]:
            spec.role = "parent"
    _settle_stages(specs, stage_only, labels_of)
    _settle_totals(specs, labels_of)
    return specs


# counts under a component's name: of answers, of people, of forms (in a match key)
_COUNTS = ("so phieu", "so luong", "so nguoi", "so y kien", "tong so phieu", "so luot")


def _settle_totals(specs: list[ColumnSpec], labels_of: dict[int, list[str]]) -> None:
    """Columns headed "Điểm đạt" (or "Tỷ lệ (%)") under a group no component matches are that group's,
    not the unit's total, when there are several such groups or a total column of its own.

    "Cải cách thể chế | Cải cách TTHC | … | Tổng điểm", each area merged over "Điểm đạt | Tỷ lệ (%)":
    without a criteria set that knows the areas by name, every "Điểm đạt" looked like a total and
    the first area's points were read as the total score. Each group's points are read as area 1, 2,
    … in the order of the header (``numbered``; the percentages, worked out from them, are not read);
    a group that is no content area ("Điểm điều tra XHH") is reported as columns not read. A group
    naming a year ("Năm 2023") or a stage ("Kết quả thẩm định") over "Tổng điểm" is a heading.
    """

    def under_group(spec: ColumnSpec) -> str | None:
        labels = labels_of.get(spec.col, [])
        # a rank under a group as well: "Chính quyền số" over "Điểm | Xếp hạng" ranks the group, not the
        # unit's total
        if len(labels) < 2 or spec.component not in (None, "total"):
            return None
        if spec.role not in {"score", "pct", "rank", "max"} or (
            spec.component is None and spec.role != "rank"
        ):
            return None
        top = labels[0]
        if header_kind(top) is not None or YEAR_ANY.search(top) or stage_of(top) is not None:
            return None
        return top

    groups = {spec.col: under_group(spec) for spec in specs}
    grouped = {top for s in specs if s.role not in {"rank", "max"} and (top := groups[s.col]) is not None}
    if not grouped:
        return
    own_total = any(s.role == "score" and s.component == "total" and groups[s.col] is None for s in specs)
    if len(grouped) < 2 and not own_total:
        return
    # several groups named like content areas ("Cải cách thể chế", not "Điểm điều tra XHH"): the areas
    # in the order the header lists them, each group's points read as its area's score
    areas = len(grouped) >= 2 and not any(match_key(top).startswith(_NOT_AREA) for top in grouped)
    # (a group over a rank alone, "Toàn quốc" over "Xếp hạng", is no area and takes no number)
    listed = dict.fromkeys(t for t in groups.values() if t in grouped)
    order = {top: str(i) for i, top in enumerate(listed, 1)}
    for spec in specs:
        top = groups[spec.col]
        if top is None:
            continue
        if areas and spec.role == "score":
            spec.written = spec.label  # (its year, "Cải cách thể chế / 2022", is still to be read)
            spec.component, spec.label, spec.numbered = order[top], top, True
        elif spec.role in {"rank", "max"}:
            # a group's rank or maximum ("Xếp hạng", "Điểm tối đa" under an area): that area's
            if top in grouped and areas:
                spec.component = order[top]
            elif top in grouped:  # under a group that is no area ("Điểm điều tra XHH"): not the total's
                spec.role, spec.component = "unknown", None
        else:
            spec.role, spec.component = "unknown", None


def _bare_value_total(
    specs: list[ColumnSpec], title_rows: list[list[object]], index: str | None = None, year: int | None = None
) -> ColumnSpec | None:
    """A value headed "Chỉ số" alone beside "Xếp hạng", in a table with no other score: the value of the
    index the title names, its total (else the table was refused as holding no score). So is the one
    column naming the index as a whole ("Chỉ số hài lòng chung" beside five SIPAS elements no criteria
    set names). Not under a title naming one component ("CHỈ SỐ THÀNH PHẦN TÍNH MINH BẠCH", "… LĨNH VỰC
    CẢI CÁCH TTHC"): its value is that component's, which the reader cannot code. Returns it."""
    if any(s.role in {"score", "pct"} for s in specs):
        return None
    title = " ".join(v for row in title_rows for v in row if isinstance(v, str)).casefold()
    if _ONE_COMPONENT.search(title):
        return None
    unknown = [s for s in specs if s.role == "unknown"]
    bare = [s for s in unknown if match_key(s.label.split(" / ")[-1]) in BARE_VALUE]
    if not bare and index is not None:
        bare = [
            s
            for s in unknown
            if _WHOLE_INDEX.fullmatch(match_key(label := s.label.split(" / ")[-1]))
            and index_named(label) == index
            and all(int(y) == year for y in YEAR_ANY.findall(label))  # ("… chung năm 2022" in 2023's table)
        ]
    if len(bare) != 1:
        return None
    bare[0].role, bare[0].component = "score", "total"
    return bare[0]


# a header naming an index as a whole, in a match key: "Chỉ số hài lòng chung", "Chỉ số SIPAS 2024 (%)",
# "Chỉ số CCHC chung", "Điểm PAPI tổng hợp"
_WHOLE_INDEX = re.compile(
    r"(?:chi so |diem )?(?:hai long|sipas|par index|cchc|cai cach hanh chinh|papi|pci|ddci|dti)"
    r"(?: chung| tong hop| tong the)?(?: nam)?(?: \d{4})?(?: %)?"
)


# a title naming one component of an index (in a match key)
# ("chỉ số thành phần …", or an area after a dash or a colon: "CHỈ SỐ CCHC NĂM 2023 - LĨNH VỰC CẢI CÁCH
# TTHC"; not "Bộ tiêu chí …", "3 trụ cột", "… trong lĩnh vực tài chính")
_ONE_COMPONENT = re.compile(
    r"\bchỉ số thành phần\b|[-–:]\s*(?:lĩnh vực|tiêu chí|trụ cột)\s"
    r"|(?<!trong )\blĩnh vực (?:cải cách|xây dựng|công tác|chỉ đạo|hiện đại|tác động|đổi mới|thực hiện)"
    r"|(?<!bộ )\btiêu chí (?!ban hành|kèm theo|đánh giá)\w|(?<!\d )\btrụ cột (?:chính quyền|kinh tế|xã hội)"
)


def _set_areas(match_component: Callable[[str], str | None]) -> list[list[str]]:
    """The areas of the criteria set the matcher reads by, each by its names (none for an area the set
    names nowhere, as MOHA's 2022 set of 8)."""
    return getattr(match_component, "area_names", [])


# words that tell no area from another ("Sự hài lòng về …", "Công tác …", "Cải cách …") (in a match key)
# ("hành chính" too: "Tác động của cải cách hành chính" is the impact area, not "thủ tục hành chính")
_PLAIN_WORDS = frozenset(
    "su hai long ve cua va cac cong tac cai cach chi so diem the hanh chinh cchc".split()  # noqa: SIM905
)


def _shares_words(label: str, names: list[str]) -> int:
    """How many telling words a header in other words ("Chỉ đạo, điều hành", "Sự hài lòng về cung ứng dịch
    vụ y tế, giáo dục công") shares with one of an area's names: "Hài lòng", "Bình thường" share none
    with SIPAS's aspects, "Hài lòng về tiếp cận dịch vụ" none with its first."""
    words = set(match_key(label).split()) - _PLAIN_WORDS
    return max((len(words & set(match_key(name).split())) for name in names), default=0)


def _each_its_area(labels: list[str], areas: list[list[str]]) -> bool:
    """Whether each header, in order, shares telling words with its own area's names, and no fewer than
    with any other area's (the policy groups "Chính sách giảm nghèo | Chính sách …" share "chính sách"
    with the first SIPAS aspect alone; "Cung ứng dịch vụ hành chính công" listed first is the second)."""
    for i, label in enumerate(labels):
        shared = [_shares_words(label, names) for names in areas]
        if not areas[i]:
            continue  # an area the set names nowhere: its place alone says it
        if shared[i] == 0 or max(shared) > shared[i]:
            return False
    return True


def _areas_in_columns(
    specs: list[ColumnSpec],
    columns: Callable[[], list[tuple[object, ...]]],
    areas: list[list[str]] | None = None,
) -> bool:
    """Columns named in words nothing matched, each holding numbers, beside a total: the content areas
    (or sub-indices) as one column each, read as components 1, 2, … in the order of the header, as
    :func:`_settle_totals` reads areas merged over "Điểm đạt | Tỷ lệ (%)".

    "Tính minh bạch và tiếp cận thông tin | Chi phí thời gian | … | Điểm DDCI 2023": without a criteria
    set that knows the names, the sub-indices were left out. Only when no column was matched to a
    component, the table has a total, two such columns or more hold numbers alone, and none is named
    like a count, a rate or a total ("Số phiếu", "Tỷ lệ", "Điểm …"). Returns whether any was taken.
    """
    if any(s.component not in (None, "total") for s in specs if s.role in {"score", "rank", "pct"}):
        return False
    if not any(s.component == "total" for s in specs if s.role in {"score", "pct"}):
        return False

    # "Điểm thẩm định" over the areas beside "Điểm điều tra XHH" (not beside "Điểm tự đánh giá" over them)
    keys = [match_key(s.label) for s in specs]
    appraised = any(_SURVEY.search(k) for k in keys) and not any(stage_of(k) == "self" for k in keys)
    candidates = [
        s
        for s in specs
        if s.role == "unknown"
        and not match_key(_under_area_group(s.label, appraised)).startswith(_NOT_AREA)
        and not _DATE.fullmatch(s.label)  # a header Excel made a date is no area's name
    ]
    if len(candidates) < 2:
        return False
    by_column = columns()  # the cells, column by column, only now that they are needed

    def numbers(col: int) -> bool:
        cells = [v for v in by_column[col] if v is not None] if col < len(by_column) else []
        return bool(cells) and all(
            (v.__class__ is float or v.__class__ is int) or (isinstance(v, str) and _NUMBER_TEXT.fullmatch(v))
            for v in cells
        )

    found = [s for s in candidates if numbers(s.col)]
    if len(found) < 2 or (areas is not None and len(found) != len(areas)):
        return False  # with a criteria set, all of its areas or none
    if areas and not _each_its_area([_under_area_group(s.label, appraised) for s in found], areas):
        return False  # each in words its own area's: "Hài lòng | Bình thường" are no SIPAS aspects
    for i, spec in enumerate(found, 1):
        spec.role, spec.component, spec.numbered = "score", str(i), True
        spec.label = _under_area_group(spec.label, appraised)  # its name: "Tính minh bạch", not its group's
    return True


# a number as a cell writes it: "7,10", "86,02%", "1.000", "-0,5"
_NUMBER_TEXT = re.compile(r"[+-]?\d[\d.,]*\s*%?")


_SURVEY = re.compile(r"\b(?:xhh|xa hoi hoc|dieu tra)\b")
# group headings that are no content area: points, totals, rates, counts, surveys
_NOT_AREA = ("diem", "tong", "ty le", "so ", "chi so", "ket qua", "dieu tra", "khao sat")
# a heading over the areas or sub-indices as a group: "Chỉ số thành phần", "Các lĩnh vực" (in a match key)
_AREA_GROUP = re.compile(
    r"^(?:cac )?(?:chi so thanh phan|linh vuc|noi dung|tieu chi)(?: theo (?:linh vuc|noi dung))?(?: \(.*\))?$"
)
# the appraised points over the areas, beside "Điểm điều tra XHH | Tổng điểm" (MOHA's shape, as a criteria
# set reads them when it knows the areas' names), in a match key
_APPRAISED_GROUP = re.compile(r"^diem tham dinh(?: theo linh vuc)?(?: \(.*\))?$")


def _under_area_group(label: str, appraised: bool = False) -> str:
    """A column's label, without the group heading over it that names the areas as a group ("Chỉ số
    thành phần / Tính minh bạch" is "Tính minh bạch"): the words that say whether it is an area.
    ``appraised``: "Điểm thẩm định" is such a heading too (beside a survey's points and no self-assessed
    areas)."""
    *heads, own = label.split(" / ")
    group = [
        _AREA_GROUP.match(k) or (appraised and _APPRAISED_GROUP.match(k))
        for k in (match_key(h) for h in heads)
    ]
    return own if heads and all(group) else label


# a header that is a stage's words alone ("Thẩm định", "Dự kiến cả năm") names that stage's points
_BARE_STAGES = frozenset({w for _, words in STAGE_HEADERS for w in words} | {"du kien ca nam"})


def _names_points(label: str) -> bool:
    """Whether a header naming a stage names its points ("Điểm thẩm định", "Thẩm định"), not a grade
    or a remark ("Dự kiến xếp loại", "Ý kiến thẩm định")."""
    key = match_key(label)
    return (
        key in _BARE_STAGES or key.startswith(("diem", "tong diem")) or bool(_ESTIMATED_POINTS.fullmatch(key))
    )


# a bonus or deductions, not a stage's points (in a match key): "Dự kiến điểm thưởng", "Điểm trừ dự kiến"
_BONUS_OR_DEDUCTION = re.compile(
    r"^(?:du kien|uoc tinh|uoc dat|tam tinh) (?:so )?diem (?:thuong|tru|cong|bi tru)\b"
    r"|^(?:so )?diem (?:thuong|tru|cong|bi tru) (?:du kien|uoc tinh|uoc dat|tam tinh)\b"
)
# "Dự kiến điểm cả năm", "Ước tính tổng điểm": the points a unit expects (in a match key)
# ("Dự kiến điểm thưởng", "Dự kiến điểm trừ" are a bonus or deductions expected, no total)
_ESTIMATED_POINTS = re.compile(
    r"(?:du kien|uoc tinh|uoc dat|tam tinh) (?:tong )?(?:so )?diem(?: dat(?: duoc)?)?"
    r"(?: ca nam| nam \d{4}| \d{4})?"
)


def _stage_in(labels: list[str]) -> str | None:
    """The stage the lowest of ``labels`` to name one names ("Tổng điểm / Thẩm định" → 'appraised')."""
    return next((found for found in map(stage_of, reversed(labels)) if found), None)


def _settle_stages(specs: list[ColumnSpec], stage_only: set[int], labels_of: dict[int, list[str]]) -> None:
    """Keep the stages headers name only where they tell a component's columns apart.

    "Tự đánh giá | Thẩm định" under one area, or "Điểm tự đánh giá | Điểm thẩm định" as the totals:
    each column is that stage's score (a column naming no stage is the table's own stage). When no
    component has columns of two stages, a stage word is part of a heading ("KẾT QUẢ THẨM ĐỊNH" over
    the whole table, a lone "Điểm thẩm định"): the table is read at its own stage, as before; but
    scores all headed "tự đánh giá" are the units' own (stage self), never the published results.

    Beside a survey column ("Điểm thẩm định | Điểm điều tra XHH | Tổng điểm", MOHA's PAR INDEX, also
    each over "Điểm đạt | Tỷ lệ (%)"), the appraised points are a part of the total, not the total at
    another stage: such a column (``stage_only``, or a total naming a stage) is reported as not read,
    and so is the survey's own column when another column holds the total.
    """
    survey = any(_SURVEY.search(match_key(" ".join(labels))) for labels in labels_of.values())
    if survey:
        for spec in specs:
            if spec.col in stage_only or (spec.component == "total" and spec.stage is not None):
                spec.role, spec.component, spec.stage = "unknown", None, None
        # "Điểm" merged over "Thẩm định | Điều tra XHH", then "Tổng điểm": the survey's points are the
        # other part, not the total (a survey's results alone, with no other total, stay its total)
        totals = [s for s in specs if s.role == "score" and s.component == "total"]
        parts = [
            s
            for s in totals
            if _SURVEY.search(key := match_key(s.label)) and not key.startswith(("tong", "total"))
        ]
        # (or the index's percentage: "Điểm" over "Thẩm định | Điều tra XHH" beside "Chỉ số CCHC")
        index_pct = any(s.role == "pct" and index_named(s.label) for s in specs)
        if parts and (len(parts) < len(totals) or index_pct):
            for spec in parts:
                spec.role, spec.component, spec.stage = "unknown", None, None
    stages: dict[str | None, set[str | None]] = {}
    for spec in specs:
        if spec.role == "score":
            stages.setdefault(spec.component, set()).add(spec.stage)
    if stages and all(found == {"self"} for found in stages.values()):
        return  # every score a unit's own ("Điểm tự đánh giá" alone): self-assessed, not published
    if all(len(found) < 2 for found in stages.values()):
        for spec in specs:
            spec.stage = None


_BLOC = re.compile(r"(?:^|[-–:]\s*)((?:khối|nhóm|cụm)\s+[^-–:()]+?)\s*$", re.IGNORECASE)


# a department's or council's name heading a column ("Sở Nội vụ", "UBND huyện Hải Hà"): units as columns
_UNIT_NAMED = re.compile(
    r"^(?:Sở|Ban quản lý|UBND|Ủy ban nhân dân|Văn phòng UBND|Thanh tra tỉnh)\s+\S", re.IGNORECASE
)


def _section_name(text: str) -> str:
    """The place or bloc a section row names, without its number and its count of units ("II. HUYỆN
    HẢI HÀ (10 xã, 1 thị trấn)" → "HUYỆN HẢI HÀ")."""
    return _UNIT_COUNT.sub("", _SECTION_NUMBER.sub("", text)).strip()


def _bloc_over_table(title_rows: list[list[object]], known_unit: Callable[[str], bool]) -> str | None:
    """The bloc a heading alone on its row right over the header names: numbered ("A. CÁC SỞ, BAN, NGÀNH"
    over the departments' table, "B. UBND CÁC HUYỆN" over the districts' stacked below it), a bloc
    ("Khối cơ quan ngành dọc") or a district the unit list knows, in capitals ("HUYỆN ĐỨC THỌ" over its
    communes); None else (a unit's row of the table above, a date or a note line, a band "NHÓM TỐT")."""
    above = next((row for row in reversed(title_rows) if any(v is not None for v in row)), None)
    filled = list(dict.fromkeys(v for v in above or () if v is not None))
    texts = [v for v in filled if isinstance(v, str)]
    if len(texts) == 1 and _SECTION_NUMBER.match(texts[0].strip()) and _is_section_text(texts[0]):
        return bloc_name(_SECTION_NUMBER.sub("", texts[0].strip()))
    if len(filled) != 1 or len(texts) != 1:
        return None  # ("3 | Thị xã Kỳ Anh | 87,5 | 3": the table above's last unit, before its header again)
    text = texts[0].strip()
    if found := _BLOC_HEADING.fullmatch(text):
        # "Khối cơ quan ngành dọc" over the second of two tables stacked on a sheet: its own bloc, not the
        # first table's (which the title rows above both name first)
        return bloc_name(found.group(1))
    if text.isupper() and _PLACE_HEADING.match(match_key(text)) and known_unit(text):
        # "HUYỆN ĐỨC THỌ" over a table of its communes, stacked under another district's
        return bloc_name(text, place=True)
    return None


#: A bloc heading alone on its row, unnumbered: "Khối cơ quan ngành dọc", "KHỐI UBND CẤP HUYỆN" (not a band,
#: "NHÓM TỐT", nor an emulation cluster, "Cụm thi đua số 1", over one ranking)
_BLOC_HEADING = re.compile(r"(khối\s+[^-–:()0-9]+?)\s*", re.IGNORECASE)


def _stacked_bloc(sheet: str, title_rows: list[list[object]]) -> str | None:
    """The bloc a stacked table's own title names ("BẢNG 2. … - KHỐI CƠ QUAN NGÀNH DỌC"): a "Khối" only (a
    band, "NHÓM TỐT", or a cluster, "Cụm thi đua số 2", over a table of one ranking names no peer group)."""
    found = _bloc_of_sheet(sheet, title_rows)
    return found if found is not None and match_key(found).startswith("khoi ") else None


def _bloc_of_sheet(sheet: str, title_rows: list[list[object]]) -> str | None:
    """The bloc a whole sheet holds, named by the sheet ("Khối sở") or at the end of its title ("KẾT QUẢ
    … NĂM 2023 - KHỐI HUYỆN"); None when neither names one."""
    texts = [sheet] + [v for row in title_rows for v in row if isinstance(v, str)]
    for text in texts:
        found = _BLOC.search(text.strip())
        if found:
            return bloc_name(found.group(1))
    return None


def bloc_name(text: str, place: bool = False) -> str:
    """A bloc's name as written, out of capitals ("KHỐI SỞ, BAN, NGÀNH" → "Khối sở, ban, ngành"; a district
    heading its communes, ``place``, keeps its name's capitals: "HUYỆN HẢI HÀ" → "Huyện Hải Hà"), without
    the count of its units ("KHỐI PHƯỜNG (19 đơn vị)" is "Khối phường": the count is no part of it)."""
    text = _UNIT_COUNT.sub("", " ".join(text.split())) or text
    named = _PLACE_NAME.match(text) if place and text.isupper() else None
    if named:
        return named.group(1).capitalize() + " " + " ".join(w.capitalize() for w in named.group(2).split())
    if text.isupper():
        return _sentence_case(text)
    head, tail = re.match(r"^(.*?)(\s*[-–:(].*)?$", text).groups()
    # "KHỐI XÃ - 2 xã khu vực I": the name in capitals, the words after it as written
    return (_sentence_case(head) if head.isupper() else head) + (tail or "")


_PLACE_NAME = re.compile(r"^(huyện|thị xã|thành phố|quận)\s+(\S.*)$", re.IGNORECASE)
# a count of the bloc's units ending its name: "(19 đơn vị)", "- 147 xã", "(20 sở, ban, ngành)", "(10 xã,
# 1 thị trấn)", "(5 phường và 2 xã)", "(16 đơn vị cấp xã)"; not a count that words after it qualify ("- 2
# xã khu vực I", "(2 xã còn lại)": blocs apart)
_KIND = (
    r"(?:đơn vị(?: cấp (?:xã|huyện|tỉnh))?|đv|xã|phường|thị trấn|thị xã|thành phố|cơ quan|sở|ban|ngành|huyện"
    r"|quận|địa phương|đặc khu)"
)
_TALLY = rf"\d+\s+{_KIND}(?:\s*,\s*{_KIND})*"
_TALLIES = rf"(?:gồm\s+)?{_TALLY}(?:\s*(?:,|và)\s*{_TALLY})*"
_UNIT_COUNT = re.compile(rf"\s*(?:\(\s*{_TALLIES}\s*\)|[-–:]\s*{_TALLIES}[.;]?)\s*$", re.IGNORECASE)


_ROMAN = re.compile(r"[IVX]+")  # "KHU VỰC II" keeps its numeral
_ACRONYMS = frozenset(
    {"UBND", "HĐND", "CCHC", "TTHC", "TP", "TX", "TT", "KT-XH", "MTTQ", "KKT", "BQL", "CNTT"}
)


def _sentence_case(text: str) -> str:
    """A bloc name written in capitals as a name is written: "KHỐI UBND CẤP HUYỆN" → "Khối UBND cấp
    huyện", "KHỐI SỞ, BAN, NGÀNH" → "Khối sở, ban, ngành"."""
    words = text.split(" ")
    out = [
        w if w.strip(",.;:()") in _ACRONYMS or _ROMAN.fullmatch(w.strip(",.;:()")) else w.lower()
        for w in words
    ]
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _is_signature_row(row: list[object], number_cols: list[int]) -> bool:
    """A row of the signature block: a signer's title ("NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC") in some cell
    and no number in the number columns."""
    width = len(row)
    for c in number_cols:
        value = row[c] if c < width else None
        if value.__class__ in (int, float) or (isinstance(value, str) and _NUMBER_TEXT.match(value)):
            return False
    return any(isinstance(v, str) and SIGNATURE.match(match_key(v)) for v in row)


def _row_text(row: list[object]) -> str:
    return " | ".join(str(v) for v in row if v is not None)


_READ_ROLES = frozenset({"score", "rank", "pct", "max"})


def _hidden_columns(
    specs: list[ColumnSpec], hidden: Collection[int], r0: int, sheet: str
) -> tuple[list[str], list[str]]:
    """Set aside a hidden column when a visible one holds the same thing; warn about one read anyway.

    A sheet copied from last year often keeps last year's "Tổng điểm" hidden beside this year's: both
    hold the total, and the visible one is what the reader of the sheet sees. Returns the notes (columns
    set aside) and the warnings (hidden columns read, nothing visible holds the same).
    """
    if not hidden:
        return [], []

    def kind(spec: ColumnSpec) -> tuple:
        return spec.role, spec.component, spec.year, spec.stage

    visible = {kind(s) for s in specs if s.role in _READ_ROLES and s.col not in hidden}
    notes, warnings = [], []
    for spec in specs:
        if spec.role not in _READ_ROLES or spec.col not in hidden:
            continue
        where = f"column {a1(r0, spec.col)} '{spec.label}'"
        if kind(spec) in visible:
            spec.role = "ignore"
            notes.append(
                f"sheet '{sheet}': {where} is hidden in the workbook, and a visible column holds "
                "the same; not read"
            )
        else:
            warnings.append(f"{where} is hidden in the workbook but read; check that it belongs in the table")
    return notes, warnings


_YEAR_CELL = re.compile(r"(?:năm\s*)?\d{4}", re.IGNORECASE)


def indices_as_rows(rows: list[list[object]]) -> set[str]:
    """The indices the first columns of ``rows`` name ("PAR INDEX", "SIPAS", "Hài lòng"), one a row (a
    header naming several, "Năm | PAR INDEX | SIPAS", is no row of indices)."""
    found: set[str] = set()
    for row in rows:
        named = {
            i for v in row[:4] if isinstance(v, str) and (i := index_named(v) or index_named(f"Chỉ số {v}"))
        }
        if len(named) == 1:
            found |= named
    return found


def indices_as_rows_error(indices: set[str], *, file: str | Path, sheet: str, row: int) -> InputError:
    """The refusal of a table whose rows are indices: one unit's results, index by index."""
    return InputError(
        f"the rows of this table are indices ({', '.join(sorted(indices))}), not units: it is one "
        "unit's results, index by index; the reader takes one row per unit",
        file=file,
        sheet=sheet,
        cell=f"row {row + 1}",
        hint="Read the index's published ranking of all units instead (each index's table, the unit "
        "one of its rows), or retype this table with the unit as a 'Tên đơn vị' column, one sheet "
        "per index.",
    )


def row_year(value: object) -> int | None:
    """The year a "Năm" cell gives (2023, 2023.0, "2023", "Năm 2023"), else None."""
    if isinstance(value, int | float) and float(value).is_integer():
        value = str(int(value))  # the same years as in text (1950-2099: detect._YEAR)
    found = YEAR_ANY.findall(value) if isinstance(value, str) else []
    return int(found[0]) if len(found) == 1 else None


def year_column(
    rows: list[list[object]],
    header: tuple[int, int],
    end: int,
    columns_map: dict[str, str] | None = None,
    unit_column: str | None = None,
) -> set[int]:
    """The years the "Năm" column of the table under ``header`` gives its rows (empty: no such column).

    The column is the one :func:`read_table` reads each row's year from, found by the same
    classification: the first column a "Năm" header names, unless the layout (``columns_map``,
    ``unit_column``) gives it another role. The years decide the table's criteria set, before the
    table itself is read.
    """
    r0, r1 = header
    if not any(header_kind(v) == "yearcol" for r in range(r0, r1 + 1) for v in rows[r]):
        return set()  # most tables have no such column: one look at the header cells
    end = min(end, len(rows))
    width = max((len(r) for r in rows[r0:end]), default=0)
    specs = _classify(rows, r0, r1, width, columns_map or {}, unit_column, lambda _text: None)
    col = next((s.col for s in specs if s.role == "yearcol"), None)
    if col is None:
        return set()
    found = (row_year(rows[r][col]) for r in range(r1 + 1, end) if col < len(rows[r]))
    return {y for y in found if y is not None}


def header_years(rows: list[list[object]], header: tuple[int, int]) -> set[int]:
    """The years the header rows ``header`` (first, last) name in their cells ("Năm 2021", "Điểm 2022")."""
    r0, r1 = header
    return {
        int(y) for r in range(r0, r1 + 1) for v in rows[r] if isinstance(v, str) for y in YEAR_ANY.findall(v)
    }


def _read_column_labels(specs: list[ColumnSpec]) -> dict[int, str]:
    """The header text, all its rows joined (as :func:`_classify` labelled it), of each column read
    (score, rank, % and maximum columns)."""
    return {s.col: s.written or s.label for s in specs if s.role in _READ_ROLES}


def _column_years(specs: list[ColumnSpec], span: tuple[int, int]) -> list[tuple[ColumnSpec, str]]:
    """In a table of the years ``span``, give each column the one year of the span its header names.

    A column naming no year, or several, keeps the table's year (None); one naming a year outside the
    span is set aside, and returned for the notes as :func:`_other_year_columns` does.
    """
    texts = _read_column_labels(specs)
    out = []
    for spec in specs:
        if spec.col not in texts:
            continue
        found = {int(y) for y in YEAR_ANY.findall(texts[spec.col])}
        if len(found) != 1:
            continue
        year = found.pop()
        if span[0] <= year <= span[1]:
            spec.year = year
        else:
            spec.role = "ignore"
            out.append((spec, str(year)))
    return out


def _other_year_columns(
    rows: list[list[object]], r0: int, r1: int, specs: list[ColumnSpec], year: int | None
) -> list[tuple[ColumnSpec, str]]:
    """Set aside the columns of another year when the header puts years side by side.

    "Năm 2023 | Năm 2022" merged over "Tổng điểm | Xếp hạng", or "Xếp hạng năm 2023 | Xếp hạng năm
    2022": a table for ``year`` reads only the columns of ``year`` (the others would give last year's
    rank or score under this year). A column naming another year or the year before ("Xếp hạng năm
    trước", "Tổng điểm 2022", "Xếp hạng (cũ)") is also set aside when a column of the same kind and
    component names neither ("Xếp hạng" beside "Xếp hạng năm 2022": the plain one is this year's).
    A header that names no year, or only one year for all its columns, is read as it is. The columns
    set aside become ``ignore``; returns each with what it is for, for the notes.
    """
    # (years typed as numbers too: "Cải cách thể chế" merged over 2022 | 2023)
    header = " ".join(
        v if isinstance(v, str) else f"{v:g}" for r in range(r0, r1 + 1) for v in rows[r] if _texty(v)
    )
    if not (YEAR_ANY.search(header) or _EARLIER.search(match_key(header)) or _OLD.search(header.casefold())):
        return []  # most headers name no year: one look at the whole header instead of one per column
    years: dict[int, set[int]] = {}
    earlier: dict[int, bool] = {}
    for col, text in _read_column_labels(specs).items():
        years[col] = {int(y) for y in YEAR_ANY.findall(text)}
        earlier[col] = bool(_EARLIER.search(match_key(text)) or _OLD.search(text.casefold()))
    # "DTI 2023 | Xếp hạng | DTI 2024 | Xếp hạng": each plain rank after a score of one year is that
    # year's, when the header repeats the pair (one "Tổng điểm 2022 | Xếp hạng" may rank this year)
    by_col = {s.col: s for s in specs}
    pairs = [
        s.col
        for s in specs
        if s.role == "rank"
        and not years.get(s.col, {0})
        and not earlier.get(s.col)
        and (before := by_col.get(s.col - 1)) is not None
        and before.role in {"score", "pct"}
        and len(years.get(before.col, ())) == 1
    ]
    if len(pairs) > 1:
        for col in pairs:
            years[col] = set(years[col - 1])
    names_this = year is not None and any(year in found for found in years.values())

    def other(spec: ColumnSpec) -> bool:
        found = years[spec.col]
        if year is not None and year in found:
            return False
        return bool(found) or earlier[spec.col]

    kinds = {(s.role, s.component) for s in specs if s.col in years and not other(s)}
    out = []
    for spec in specs:
        if spec.col not in years or not other(spec):
            continue
        if names_this or (spec.role, spec.component) in kinds:
            spec.role = "ignore"
            found = years[spec.col]
            out.append((spec, ", ".join(map(str, sorted(found))) if found else _before(spec.label)))
    return out


def _before(label: str) -> str:
    """What a column of an earlier time is for, as its label says: "Điểm kỳ trước" is for the period
    before (last quarter), "cùng kỳ" the same period a year before, others the year before."""
    key = match_key(label)
    if "ky truoc" in key:
        return "the period before"
    return "the same period of the year before" if "cung ky" in key else "the year before"


def _texty(value: object) -> bool:
    """A header cell that may name a year: text, or a whole number typed as one (2023)."""
    return isinstance(value, str) or (
        (value.__class__ is int or value.__class__ is float) and 1900 <= value <= 2100 and value == int(value)
    )


# "Xếp hạng năm trước", "Điểm kỳ trước", "cùng kỳ", "Xếp hạng (cũ)": a column of the year before
_EARLIER = re.compile(r"\b(?:nam truoc|ky truoc|nam lien ke|cung ky)\b")
_OLD = re.compile(r"\bcũ\b")  # "Xếp hạng (cũ)", with its diacritics: "cụ thể", "cư" are other words


# ---------------------------------------------------------------------------------------------------------
# Criteria as rows (one unit's self-assessment)


def _column_period(text: object) -> str | None:
    """The period a points column's header names: "6 tháng đầu năm" is H1, and "Cả năm" (beside it,
    under one stage) the year."""
    if isinstance(text, str) and re.fullmatch(r"(?:diem )?ca nam(?: \d{4})?", match_key(text)):
        return "year"
    return period_in(text)


def _lowest_labels(rows: list[list[object]], r0: int, r1: int) -> list[object]:
    """Each column's lowest text in the header rows ``r0`` … ``r1``, the most specific one (the row of
    column numbers "(1) (2) (3)" under a header is no label)."""
    labelled = [r for r in range(r1, r0 - 1, -1) if r == r0 or not _is_column_number_row(rows[r])]
    width = max(len(rows[r]) for r in labelled)
    return [
        next((rows[r][c] for r in labelled if c < len(rows[r]) and rows[r][c] is not None), None)
        for c in range(width)
    ]


def _labels_above(rows: list[list[object]], r0: int, r1: int) -> list[list[str]]:
    """Each column's texts in the header rows ``r0`` … ``r1``, from the lowest up, without the lowest
    (:func:`_lowest_labels`): the group headings over it."""
    width = max(len(rows[r]) for r in range(r0, r1 + 1))
    out: list[list[str]] = []
    for c in range(width):
        column = [rows[r][c] if c < len(rows[r]) else None for r in range(r1, r0 - 1, -1)]
        out.append([v for v in column if isinstance(v, str)][1:])
    return out


#: In-year periods from the first to the whole year (the cumulative periods CCHC reports add up).
_PERIOD_ORDER = ["Q1", "H1", "9M", "Q3", "10M", "11M", "year"]


def _read_criteria(
    rows: list[list[object]],
    r0: int,
    r1: int,
    end: int,
    *,
    sheet: str,
    file: str,
    title_rows: list[list[object]],
    problems: Collection[tuple[int, int]] = (),
    merged: list[tuple[int, int, int, int]] = (),
) -> Table:
    header = _lowest_labels(rows, r0, r1)  # "Điểm" merged over "Tự đánh giá | Thẩm định"
    above = _labels_above(rows, r0, r1)  # "Kết quả tự đánh giá" merged over "9 tháng | Dự kiến cả năm"
    code_col = name_col = max_col = None
    stage_cols: dict[str, int] = {}
    seconds: list[tuple[str, int]] = []  # a second column of a stage, naming a period

    def period_of(c: int) -> str | None:  # the period a column's header names ("6 tháng", "Cả năm")
        return next(filter(None, map(_column_period, (header[c], *above[c]))), None)

    before_notes: list[str] = []
    latest_of: dict[str, int] = {}  # each stage's latest year its columns name
    for c, value in enumerate(header):
        texts = [x for x in (*above[c], value) if isinstance(x, str)]
        stage = next(filter(None, map(stage_of, texts)), None)
        years = [int(y) for x in texts for y in YEAR_ANY.findall(x)]
        if stage and years:
            latest_of[stage] = max(latest_of.get(stage, 0), *years)
    plain: dict[str, int] = {}  # a points column naming no stage: the result, when no stage is named
    by_year: dict[int, int] = {}  # points columns naming a year alone ("Năm 2023 | Năm 2024")
    for c, value in enumerate(header):
        if not isinstance(value, str):
            continue
        kind = header_kind(value)
        stage = stage_of(value) or next(filter(None, map(stage_of, above[c])), None)
        key = match_key(value)
        if stage and _BONUS_OR_DEDUCTION.search(key):
            # "Dự kiến điểm thưởng", "Dự kiến điểm trừ": a bonus or deductions expected, no stage
            stage = None
        texts = [x for x in (*above[c], value) if isinstance(x, str)]
        named_year = max((int(y) for x in texts for y in YEAR_ANY.findall(x)), default=None)
        earlier_year = stage and named_year is not None and named_year < latest_of.get(stage, named_year)
        if stage and (earlier_year or any(_EARLIER.search(match_key(x)) for x in texts)):
            # "Điểm tự đánh giá năm trước" beside "… năm nay", "… năm 2022" beside "… năm 2023": last
            # year's points, not this year's
            label = " / ".join(texts)
            before_notes.append(
                f"sheet '{sheet}': column {a1(r0, c)} '{label}' holds the {stage} points of "
                f"{named_year if earlier_year else _before(label)}; not read"
            )
            continue
        if kind == "stt" and code_col is None:
            code_col = c
        elif kind == "max" and max_col is None:
            max_col = c
        elif stage and stage not in stage_cols:
            stage_cols[stage] = c
        elif stage and period_of(c) is not None:
            seconds.append((stage, c))
        elif name_col is None and kind != "note" and key.startswith(CRITERIA_NAME_HEADERS):
            name_col = c
        elif key in RESULT_HEADERS and "published" not in plain:
            plain["published"] = c
        elif kind == "year" and not stage and named_year is not None:
            by_year[named_year] = c  # "Năm 2024" beside "Năm 2023": a year's points
    if name_col is None:
        name_col = (code_col + 1) if code_col is not None else 1
    if not stage_cols and not plain and by_year:
        # "Lĩnh vực | Điểm tối đa | Năm 2023 | Năm 2024 | Tăng/giảm": the latest year's are the result
        latest = max(by_year)
        plain["published"] = by_year[latest]
        before_notes.extend(
            f"sheet '{sheet}': column {a1(r0, c)} '{header[c]}' holds the points of {y}, beside {latest}'s; "
            "not read"
            for y, c in sorted(by_year.items())
            if y != latest
        )
    if not stage_cols:
        # "Lĩnh vực | Điểm tối đa | Điểm đạt được": a unit's published result by area (its title names it)
        stage_cols.update(plain)
    # "Điểm tự đánh giá" over "6 tháng | 9 tháng": the latest period is the stage's, the other its own
    earlier: dict[str, tuple[str, str]] = {}
    earlier_notes = []
    for stage, c in seconds:
        main = stage_cols[stage]
        periods = {main: period_of(main), c: period_of(c)}
        if periods[main] is None or periods[main] == periods[c]:
            continue  # a second column of the stage: not read, listed with the columns not read
        first, last = sorted((main, c), key=lambda col: _PERIOD_ORDER.index(periods[col]))
        key = f"{stage} {periods[first]}"
        stage_cols[stage] = last
        stage_cols[key], earlier[key] = first, (stage, periods[first])
        earlier_notes.append(
            f"sheet '{sheet}': column {col_letters(first)} holds the {stage} points of {periods[first]}, "
            f"beside those of {periods[last]} in column {col_letters(last)}; each is read at its period"
        )
    notes: list[str] = before_notes + earlier_notes
    numeric_cols = [c for c in (max_col, *stage_cols.values()) if c is not None]
    if code_col is not None:  # codes typed as numbers: 1.1 … 1.9, 1.1 (1.10)
        cells = [rows[r][code_col] if code_col < len(rows[r]) else None for r in range(r1 + 1, end)]
        codes, after = _number_codes(cells, text_ends_run=False)
        for i, code in codes.items():
            r = r1 + 1 + i
            if i in after:
                notes.append(_code_note(sheet, f"cell {a1(r, code_col)}", rows[r][code_col], after[i], code))
            rows[r][code_col] = code
            cells[i] = code
        # a date is a code only in a row with points, between the codes of such rows (not a date in the
        # signature block under the table)
        scored = [
            i
            for i in range(len(cells))
            if any(c < len(rows[r1 + 1 + i]) and not is_missing(rows[r1 + 1 + i][c]) for c in numeric_cols)
        ]
        dated, unplaced = _date_codes([cells[i] for i in scored])
        for k, code in dated.items():
            r = r1 + 1 + scored[k]
            notes.append(_date_code_note(sheet, f"cell {a1(r, code_col)}", rows[r][code_col], code))
            rows[r][code_col] = code
        if unplaced:
            r = r1 + 1 + scored[unplaced[0]]
            value = rows[r][code_col]
            typed = sorted({f"{a}.{b}" for a, b in ((value.day, value.month), (value.month, value.day))})
            raise InputError(
                f"the criterion code cell holds the date {date_text(value)}: Excel turned a code (perhaps "
                f"{' or '.join(typed)}) into a date, and the codes beside it do not show which it was",
                file=file,
                sheet=sheet,
                cell=a1(r, code_col),
                hint="Format the STT column as Text and type the code again (e.g. 1.10).",
            )
    items: list[dict[str, Any]] = []
    seen_codes: dict[str, int] = {}  # code → the row it was first read on
    dropped: list[tuple[int, str, str]] = []
    parsed: dict[int, np.ndarray] = {}
    candidate_rows: list[int] = []
    area_order = 0
    roman_areas = False  # the areas are numbered I, II, III …
    offset: int | None = None  # criteria numbered on from area to area: the numbers before this area's
    last_local: int | None = None  # the last criterion's number as written under a Roman area
    numbered_on: list[tuple[str, str]] = []  # (area, its first criterion's number as written)
    local: str | None = None  # under Roman areas, the criterion's own number ("1" of I, read as 1.1)
    area: str | None = None  # the area and criterion the rows below belong to
    criterion: str | None = None
    sub = 0  # sub-criteria ("a)", "-") seen under the criterion
    for r in range(r1 + 1, end):
        row = rows[r]
        name = row[name_col] if name_col < len(row) else None
        stt = row[code_col] if code_col is not None and code_col < len(row) else None
        written = [row[c] for c in numeric_cols if c < len(row) and not is_missing(row[c])]
        has_numbers = any(not isinstance(v, str) or _number_text(v) for v in written)
        if name is None and stt is None:
            continue
        text = str(name) if name is not None else ""
        key = match_key(text) if text else ""
        above_row = rows[r - 1] if r > r1 + 1 else None
        if (
            items
            and items[-1]["row"] == r - 1
            and stt is not None
            and any(mr0 < r <= mr1 and c0 <= code_col <= c1 for mr0, c0, mr1, c1 in merged)
            and above_row is not None
            and code_col < len(above_row)
            and above_row[code_col] == stt
            and all(c < len(row) and row[c] == above_row[c] for c in numeric_cols if c < len(above_row))
        ):
            # a criterion's name wrapped onto a second row, its STT and points merged down beside it
            items[-1]["name"] = f"{items[-1]['name']} {text}".strip()
            dropped.append((r, text, "criterion name continued"))
            continue
        if written and not has_numbers:
            # words where the points go: the signature block ("NGƯỜI LẬP BIỂU" | "TM. ỦY BAN NHÂN DÂN"), a
            # closing line merged across the table ("Tổng điểm tự đánh giá: 1,5/2 điểm, đạt 75%.")
            dropped.append((r, _row_text(row), "text without numbers"))
            continue
        adjustment = _ADJUSTMENT.match(key)  # "Điểm trừ", "Tổng điểm trừ": deductions, not the total
        totalled = key.startswith(("tong diem", "tong cong", "tong so diem")) or key in {"tong", "cong"}
        totalled = totalled or (code_from_text(stt) is None and _WHOLE_INDEX.fullmatch(key) is not None)
        if has_numbers and code_from_text(stt) is None and header_kind(text) == "rank":
            # "Xếp hạng | 1/63 | 1/63 | 4/63" under the areas: the unit's rank, which no criterion has
            dropped.append((r, _row_text(row), "rank row (a table of criteria keeps no rank)"))
            continue
        if (totalled and not adjustment) or match_key(str(stt or "")) in {
            "tong",
            "tong cong",
        }:
            if not written:  # a sentence under the table ("Tổng điểm tự đánh giá: 1,5/2 điểm, đạt 75%.")
                dropped.append((r, text, "text without numbers"))
                continue
            if "total" in seen_codes:
                raise InputError(
                    f"the table has two total rows (rows {seen_codes['total'] + 1} and {r + 1}), so the "
                    "total cannot be told",
                    file=file,
                    sheet=sheet,
                    cell=f"row {r + 1}",
                    hint="Keep one 'Tổng điểm' row (delete or rename the other) and read the file again.",
                )
            seen_codes["total"] = r
            items.append({"row": r, "code": "total", "name": text or "Tổng điểm"})
            candidate_rows.append(r)
            continue
        if isinstance(stt, str) and _GROUP_LETTER.fullmatch(stt):
            # "A | ĐIỂM ĐÁNH GIÁ QUA THẨM ĐỊNH", "B | ĐIỂM ĐIỀU TRA XÃ HỘI HỌC": a group of areas, whose
            # points its areas give again
            dropped.append((r, text, "group row"))
            continue
        code = code_from_text(stt) if stt is not None else None
        roman = roman_to_int(stt)
        if code is None and roman is not None:
            code = str(roman)
            roman_areas, area, criterion, sub, local, offset = True, code, None, 0, None, None
        elif roman_areas and code is not None and code.isdigit() and area is not None:
            # areas numbered I, II, III and their criteria 1, 2, 3 from the start under each, or numbered
            # on from area to area (I: 1–3, II: 4–6): the first under II is 2.1 either way
            if offset is None:
                offset = int(code) - 1 if last_local is not None and int(code) == last_local + 1 > 1 else 0
                if offset:
                    numbered_on.append((area, code))
            local, last_local = code, int(code)
            code = criterion = f"{area}.{int(code) - offset}"
            sub = 0
        elif local is not None and code is not None and code.split(".")[0] == local:
            # and their parts numbered from that criterion: I, 1, 1.1, 1.2 are 1, 1.1, 1.1.1, 1.1.2
            head, _, rest = code.partition(".")
            code, sub = f"{area}.{int(head) - (offset or 0)}.{rest}", 0
        elif code is not None and "." in code:
            criterion, sub = code, 0
        elif code is not None:
            area, criterion, sub = code, None, 0
        marked = code is None and criterion is not None and has_numbers
        marked = marked and _SUB_ITEM.match(str(stt or text)) is not None
        if marked:
            # "a)", "b)", "-" under criterion 1.2: its sub-criteria 1.2.1, 1.2.2
            sub += 1
            code = f"{criterion}.{sub}"
        if code is None:
            code = code_from_text(text)
        if code is None and has_numbers and adjustment:
            # "Điểm trừ (chậm báo cáo)" with no number: an area of its own after the last one
            top = max((int(i["code"].split(".")[0]) for i in items if i["code"] != "total"), default=0)
            code = area = str(top + 1)
            criterion, sub = None, 0
        if code is None:
            if has_numbers:
                raise InputError(
                    f"row {r + 1} has points but no criterion code ('{text[:60]}')",
                    file=file,
                    sheet=sheet,
                    cell=f"row {r + 1}",
                    hint="Write the criterion code (e.g. 1.10) in the STT column.",
                )
            dropped.append((r, text, "text without numbers"))
            continue
        if "." not in code:
            area_order += 1
        if code in seen_codes:
            raise InputError(
                f"criterion code {code} appears twice (rows {seen_codes[code] + 1} and {r + 1}), so the "
                "two rows cannot be told apart",
                file=file,
                sheet=sheet,
                cell=f"row {r + 1}",
                hint="Number the criteria of each area under that area (2.1, 2.2 under II), or give the "
                "layout the codes.",
            )
        seen_codes[code] = r
        items.append({"row": r, "code": code, "name": _strip_code(text, code), "marked": marked})
        candidate_rows.append(r)
    if numbered_on:
        notes.append(
            f"sheet '{sheet}': the criteria are numbered on from area to area ("
            + ", ".join(f"{written} first under area {a}" for a, written in numbered_on)
            + "); each area's are read from 1 (the first under area 2 is 2.1)"
        )
    read_cols = [c for c in (name_col, max_col, *stage_cols.values()) if c is not None]
    _refuse_problems(rows, problems, candidate_rows, read_cols, file=file, sheet=sheet)
    pair_max: dict[int, float] = {}
    for c in [max_col, *stage_cols.values()]:
        if c is None:
            continue
        cells = []
        for i, r in enumerate(candidate_rows):
            value = rows[r][c] if c < len(rows[r]) else None
            if isinstance(value, str) and "/" in value:
                try:
                    score, of = parse_score_pair(value)
                except ValueError as exc:
                    raise InputError(
                        f"the cell {value!r} is not a number ({exc})",
                        file=file,
                        sheet=sheet,
                        cell=a1(r, c),
                        hint="Write the points as a number such as 1,5 (or 1,5/2 with the maximum).",
                    ) from None
                value = score
                if of is not None:
                    pair_max[i] = of
            elif c == max_col and isinstance(value, str):
                value = _BRACKETED.sub(r"\1", value)  # a maximum written "(2,5 điểm)"
            cells.append(value)
        arr, col_notes = parse_number_column(
            cells, cell=lambda i, c=c: a1(candidate_rows[i], c), file=file, sheet=sheet
        )
        parsed[c] = arr
        notes.extend(col_notes)
    for i, item in enumerate(items):
        item["max"] = parsed[max_col][i] if max_col is not None else np.nan
        if i in pair_max and np.isnan(item["max"]):
            item["max"] = pair_max[i]
        item["cells"] = {}
        for stage, c in stage_cols.items():
            item[stage] = parsed[c][i]
            item["cells"][stage] = a1(item["row"], c)
    notes.extend(_deductions_as_negative(items, stage_cols, sheet))
    items, options = _scoring_options(items, stage_cols, sheet)
    notes.extend(options)
    # the period the points columns name, for a title that names only the year ("Điểm tự đánh giá 6 tháng
    # đầu năm 2024"); the estimate of the whole year names none
    period = next(
        (
            found
            for stage, c in stage_cols.items()
            if stage != "estimate" and stage not in earlier
            for text in (header[c], *above[c])
            if (found := _column_period(text)) is not None
        ),
        None,
    )
    # columns with points the reader gives no stage ("Điểm điều tra XHH", "Tổng điểm đạt", "Điểm bị trừ")
    read = {code_col, name_col, max_col, *stage_cols.values()}
    unread = [
        ColumnSpec(col=c, label=" / ".join(_label(rows, r0, r1, c, frozenset())), role="unknown")
        for c, value in enumerate(header)
        if c not in read
        and value is not None
        and header_kind(value) != "note"
        and any(
            c < len(rows[r]) and (rows[r][c].__class__ in (float, int) or _number_text_cell(rows[r][c]))
            for r in candidate_rows
        )
    ]
    return Table(
        sheet=sheet,
        shape="criteria",
        header_row=r0,
        columns=unread,
        period=period,
        earlier=earlier,
        rows=[],
        values={},
        ranks={},
        dropped=dropped,
        notes=notes,
        title_rows=title_rows,
        criteria=items,
    )


def _scoring_options(
    items: list[dict[str, Any]], stage_cols: dict[str, int], sheet: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The items without the ways of scoring a criterion that the form lists under it ("- Ban hành đúng
    hạn: 1", "- Ban hành chậm: 0,5"), read as its sub-criteria 1.1.1, 1.1.2 otherwise: rows marked "-"
    or "a)" under one criterion, none with points at any stage, whose maxima add up to more than the
    criterion's (they are alternatives, not parts). Returns the items kept and a note for each criterion."""
    by_code = {i["code"]: i for i in items}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item.get("marked"):
            groups.setdefault(item["code"].rsplit(".", 1)[0], []).append(item)
    dropped: set[int] = set()
    notes: list[str] = []
    for parent, subs in groups.items():
        top = by_code.get(parent)
        if top is None or len(subs) < 2 or any(s[stage] == s[stage] for s in subs for stage in stage_cols):
            continue
        maxima = [s["max"] for s in subs if s["max"] == s["max"]]
        if top["max"] == top["max"] and sum(maxima) > top["max"] + 1e-9:
            dropped.update(id(s) for s in subs)
            notes.append(
                f"sheet '{sheet}': the rows under criterion {parent} (rows {subs[0]['row'] + 1}–"
                f"{subs[-1]['row'] + 1}) give the ways it is scored ({' / '.join(f'{m:g}' for m in maxima)} "
                f"points, more than its {top['max']:g} together), not parts of it; not read"
            )
    return [i for i in items if id(i) not in dropped], notes


def _deductions_as_negative(items: list[dict[str, Any]], stage_cols: dict[str, int], sheet: str) -> list[str]:
    """An area of deductions ("ĐIỂM TRỪ") written as positive points while the total takes them off
    ("TỔNG ĐIỂM (I+II+III-IV)"): its points are made negative, as deductions are kept, and a note says so.
    Only where the total is the other areas' sum less them, and not their sum with them."""
    areas = [i for i in items if i["code"] != "total" and "." not in i["code"]]
    total = next((i for i in items if i["code"] == "total"), None)
    notes: list[str] = []
    for item in areas:
        key = match_key(item["name"])
        if total is None or not ("diem tru" in key or "tru diem" in key):
            continue
        for stage in stage_cols:
            points, published = item[stage], total[stage]
            others = sum(i[stage] for i in areas if i is not item and i[stage] == i[stage])
            if not points > 0 or published != published:
                continue
            if abs(others - points - published) < 1e-6 < abs(others + points - published):
                item[stage] = -points
                for part in items:  # its criteria, written positive as well
                    if part["code"].startswith(f"{item['code']}.") and part[stage] > 0:
                        part[stage] = -part[stage]
                notes.append(
                    f"sheet '{sheet}': cell {item['cells'][stage]}: the deductions '{item['name']}' are "
                    f"written as {points:g} and the total takes them off; read as {-points:g}"
                )
    return notes


_BRACKETED = re.compile(r"^\s*\((.*)\)\s*$")


def _number_text_cell(value: object) -> bool:
    """Text in a cell that :func:`_number_text` reads as a number (not a missing-value marker)."""
    return isinstance(value, str) and not is_missing(value) and _number_text(value)


def _number_text(value: str) -> bool:
    """Whether text in a points column is a number as the criteria reader reads it ("1,5", "6,25/10,5",
    "(2,5 điểm)", "1,5đ"), not words ("TM. ỦY BAN NHÂN DÂN", "Đạt")."""
    try:
        parse_score_pair(_BRACKETED.sub(r"\1", value))
    except AmbiguousNumberError:
        return True  # "1.000": a number, which the column decides
    except ValueError:
        return False
    return True


# points added or taken off outside the areas: "Điểm trừ (chậm báo cáo)", "Điểm thưởng", "Tổng điểm trừ"
_ADJUSTMENT = re.compile(r"^(?:tong (?:so )?)?diem (?:tru|thuong|cong)\b")
_SUB_ITEM = re.compile(r"^\s*(?:[a-zđ]\)|[a-zđ]\.\s|[-+•–]\s*\S?)", re.IGNORECASE)


def _strip_code(text: str, code: str) -> str:
    # a code in front of the name: "II. Cải cách thể chế", "2.1. VBQPPL", "3) …"; never the first letter
    # of a word ("Xây dựng", "Vị trí việc làm")
    stripped = re.sub(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*)(?:\s*[.)-]\s*|\s+)(?=\S)", "", text)
    return stripped or text
