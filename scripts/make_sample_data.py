"""Generate the simulated PAR spreadsheets of the fictional province "Tỉnh Hòa Sơn".

Everything written here is *Dữ liệu mô phỏng* (simulated data), made to exercise the readers on the
shapes real provincial result files have: title rows, two-row merged headers, section rows per bloc,
average and total rows, ranks as text, decimal commas in text cells, a TCVN3 (.VnTime) file and an
in-year self-assessment sheet. Scores are drawn at the leaf level of the ``par-local-2021`` criteria
set and summed upwards, so every printed number can be checked against ``truth/scores_truth.csv``.

Run ``python scripts/make_sample_data.py`` (optionally ``--out DIR``). The numpy generator is seeded
and the zip entries and workbook properties carry a fixed date, so two runs give identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from cchc_analysis.io.legacy import encode_tcvn3

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK_CSV = ROOT / "cchc_analysis" / "frameworks" / "data" / "par-local-2021.csv"
DEFAULT_OUT = ROOT / "data" / "raw" / "sample-province"

SEED = 20_211_231
YEARS = (2021, 2022, 2023)
PROVINCE = "Hòa Sơn"
SIMULATED = "Dữ liệu mô phỏng – không phải số liệu thật"
FIXED_TIME = dt.datetime(2024, 3, 15, 8, 0, 0)
BLOC_DISTRICT = "Khối huyện"
BLOC_DEPARTMENT = "Khối sở"
SELF_UNIT = "Huyện Núi Thắm"
SURVEY_NOTE = "Điểm điều tra XHH, chấm cuối năm"
TEXT_COMMA_SHARE = 0.05
APPRAISED_AREAS = ("1", "2", "3", "4")  # areas the council has finished appraising at 9 months

FILE_2021 = "2021/KQ_chi_so_CCHC_2021.xlsx"
FILE_2022 = "2022/KQ_chi_so_CCHC_2022.xlsx"
FILE_2023 = "2023/KQ_chi_so_CCHC_2023_TCVN3.xlsx"
FILE_9M = "2023/TDG_9_thang_2023_Nui_Tham.xlsx"
TRUTH_CSV = "truth/scores_truth.csv"
UNITS_CSV = "units.csv"

# Short area names printed in the second header row of the 2022 summary sheet (framework aliases).
AREA_SHORT_NAMES = {
    "1": "Chỉ đạo, điều hành CCHC",
    "2": "Cải cách thể chế",
    "3": "Cải cách TTHC",
    "4": "Cải cách tổ chức bộ máy",
    "5": "Chế độ công vụ",
    "6": "Tài chính công",
    "7": "Chính quyền số",
    "8": "Một cửa, một cửa liên thông",
    "9": "Điểm thưởng",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


# --- units -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One fictional unit of the province.

    Args:
        name: canonical Vietnamese name.
        level: ``district`` or ``department``.
        bloc: the bloc printed as a section row (``Khối huyện`` / ``Khối sở``).
        aliases: other spellings, the first is the one the detail sheet prints.
    """

    name: str
    level: str
    bloc: str
    aliases: tuple[str, ...]

    @property
    def peer_group(self) -> str:
        """The peer group a rank is taken within."""
        return f"{PROVINCE} – {self.bloc}"


_DISTRICTS = (
    ("Thành phố", "TP.", "Sông Ngọc"),
    ("Thị xã", "TX.", "Bến Mây"),
    ("Huyện", "H.", "Núi Thắm"),
    ("Huyện", "H.", "Lũng Mây"),
    ("Huyện", "H.", "Hồ Lam"),
    ("Huyện", "H.", "Rừng Quế"),
    ("Huyện", "H.", "Đèo Gió"),
    ("Huyện", "H.", "Cồn Sẻ"),
    ("Huyện", "H.", "Bãi Sương"),
    ("Huyện", "H.", "Thác Ngàn"),
    ("Huyện", "H.", "Vịnh Lục"),
    ("Huyện", "H.", "Gò Nhạn"),
    ("Huyện", "H.", "Khe Trúc"),
)
_DEPARTMENTS = (
    ("Sở Nội vụ", "SNV"),
    ("Sở Tư pháp", "STP"),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT"),
    ("Sở Tài chính", "STC"),
    ("Sở Công Thương", "SCT"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Giao thông vận tải", "SGTVT"),
    ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Y tế", "SYT"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
)


def sample_units() -> list[Unit]:
    """Return the 13 district-level units and 12 departments, in administrative order.

    Returns:
        The units, districts first.
    """
    units = [
        Unit(
            name=f"{kind} {short}",
            level="district",
            bloc=BLOC_DISTRICT,
            aliases=(f"UBND {kind.lower()} {short}", f"{abbr} {short}", short),
        )
        for kind, abbr, short in _DISTRICTS
    ]
    units += [
        Unit(
            name=name,
            level="department",
            bloc=BLOC_DEPARTMENT,
            aliases=(f"{name} tỉnh {PROVINCE}", acronym, name.removeprefix("Sở ")),
        )
        for name, acronym in _DEPARTMENTS
    ]
    return units


# --- framework -------------------------------------------------------------------------------


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a component code: ``total`` first, then integer tuples (``1.2`` < ``1.10``)."""
    return () if code == "total" else tuple(int(part) for part in code.split("."))


@dataclass(frozen=True)
class Node:
    """One node of the criteria tree, with its maximum in hundredths of a point."""

    code: str
    parent: str
    name: str
    max_cents: int
    kind: str
    aliases: tuple[str, ...]

    @property
    def depth(self) -> int:
        """0 for the total, 1 for an area, 2 for a criterion, 3 for a sub-criterion."""
        return 0 if self.code == "total" else self.code.count(".") + 1


@dataclass
class Framework:
    """The criteria tree read from the framework CSV, nodes in code order (pre-order)."""

    nodes: list[Node]
    children: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in self.nodes:
            self.children.setdefault(node.code, [])
            if node.parent:
                self.children.setdefault(node.parent, []).append(node.code)
        self.by_code = {node.code: node for node in self.nodes}

    @property
    def leaves(self) -> list[Node]:
        """The scored nodes (no children), in code order."""
        return [node for node in self.nodes if not self.children[node.code]]

    @property
    def areas(self) -> list[Node]:
        """The content areas (children of the total)."""
        return [self.by_code[code] for code in self.children["total"]]

    def area_of(self, code: str) -> str:
        """The area code a node belongs to."""
        return code.split(".")[0]

    def aggregate(self, leaf_cents: dict[str, int]) -> dict[str, int]:
        """Sum leaf scores up the tree.

        Args:
            leaf_cents: score of every leaf in hundredths of a point.

        Returns:
            The score of every node (leaves included), in hundredths of a point.
        """
        out = dict(leaf_cents)
        for node in reversed(self.nodes):
            if self.children[node.code]:
                out[node.code] = sum(out[child] for child in self.children[node.code])
        return out


def _cents(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def load_framework(path: Path = FRAMEWORK_CSV) -> Framework:
    """Read the ``par-local-2021`` criteria set.

    Args:
        path: the framework CSV.

    Returns:
        The tree, with every parent's maximum checked to equal the sum of its children.

    Raises:
        ValueError: if a parent's maximum is not the sum of its children's.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    nodes = [
        Node(
            code=row["code"],
            parent=row["parent"],
            name=row["name_vi"],
            max_cents=_cents(row["max_score"]),
            kind=row["kind"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in rows
    ]
    framework = Framework(sorted(nodes, key=lambda node: code_key(node.code)))
    for node in framework.nodes:
        kids = framework.children[node.code]
        if kids and sum(framework.by_code[k].max_cents for k in kids) != node.max_cents:
            raise ValueError(f"{path.name}: the maximum of {node.code} is not the sum of its parts")
    return framework


# --- simulation ------------------------------------------------------------------------------

Scores = dict[int, dict[str, dict[str, int]]]  # year -> unit -> code -> hundredths of a point


def _round_step(value: float, step: int) -> int:
    return round(value / step) * step


def simulate_scores(framework: Framework, units: Sequence[Unit], rng: np.random.Generator) -> Scores:
    """Draw leaf scores per unit and year, force one tie in 2022, and sum them up the tree.

    Appraised and bonus leaves move in steps of 0,25 point; survey leaves have two decimals. Each
    unit has a level that drifts by a few hundredths a year, plus a lasting strength per leaf.

    Args:
        framework: the criteria tree.
        units: the units, in administrative order.
        rng: the seeded generator.

    Returns:
        Scores of every node, in hundredths of a point.
    """
    leaves = framework.leaves
    n_units, n_leaves = len(units), len(leaves)
    level = rng.uniform(0.74, 0.93, n_units)
    strength = rng.normal(0.0, 0.07, (n_units, n_leaves))
    scores: Scores = {}
    for i, year in enumerate(YEARS):
        if i:
            level = np.clip(level + rng.normal(0.01, 0.03, n_units), 0.66, 0.96)
        noise = rng.normal(0.0, 0.08, (n_units, n_leaves))
        draw = rng.random((n_units, n_leaves))
        share = np.clip(level[:, None] + strength + noise, 0.0, 1.0)
        scores[year] = {}
        for u, unit in enumerate(units):
            leaf_cents: dict[str, int] = {}
            for j, leaf in enumerate(leaves):
                p = float(share[u, j])
                if leaf.kind == "survey":
                    value = round(leaf.max_cents * (0.6 + 0.38 * p))
                elif leaf.kind == "bonus":
                    value = _round_step(leaf.max_cents * p, 25) if draw[u, j] < 0.55 else 0
                else:
                    value = _round_step(leaf.max_cents * p, 25)
                leaf_cents[leaf.code] = min(max(value, 0), leaf.max_cents)
            scores[year][unit.name] = leaf_cents
    _force_tie(framework, units, scores[2022], BLOC_DISTRICT)
    return {
        year: {unit: framework.aggregate(leaf_cents) for unit, leaf_cents in by_unit.items()}
        for year, by_unit in scores.items()
    }


def _force_tie(
    framework: Framework, units: Sequence[Unit], leaf_scores: dict[str, dict[str, int]], bloc: str
) -> None:
    """Move the closest pair of totals in a bloc onto the same total, through one survey leaf."""
    names = [unit.name for unit in units if unit.bloc == bloc]
    totals = {name: sum(leaf_scores[name].values()) for name in names}
    pairs = sorted(
        (abs(totals[a] - totals[b]), ia, ib)
        for ia, a in enumerate(names)
        for ib, b in enumerate(names)
        if ia < ib and totals[a] != totals[b]
    )
    survey = [leaf.code for leaf in framework.leaves if leaf.kind == "survey"]
    by_code = framework.by_code
    for diff, ia, ib in pairs:
        low, high = sorted((names[ia], names[ib]), key=lambda name: totals[name])
        for code in survey:
            if leaf_scores[low][code] + diff <= by_code[code].max_cents:
                leaf_scores[low][code] += diff
                return
        for code in survey:
            if leaf_scores[high][code] >= diff:
                leaf_scores[high][code] -= diff
                return
    raise RuntimeError(f"no pair of units in {bloc} could be tied")


def competition_ranks(totals: dict[str, int]) -> dict[str, int]:
    """Rank by competition ranking: higher is better, ties share the best place ("1, 2, 2, 4").

    Args:
        totals: score per unit.

    Returns:
        Rank per unit.
    """
    return {name: 1 + sum(other > value for other in totals.values()) for name, value in totals.items()}


def bloc_ranks(scores: dict[str, dict[str, int]], units: Sequence[Unit]) -> dict[str, int]:
    """Competition ranks of the total within each bloc."""
    ranks: dict[str, int] = {}
    for bloc in (BLOC_DISTRICT, BLOC_DEPARTMENT):
        totals = {u.name: scores[u.name]["total"] for u in units if u.bloc == bloc}
        ranks.update(competition_ranks(totals))
    return ranks


def percent(total_cents: int, max_cents: int) -> Decimal:
    """Index in % of the maximum, rounded half-up to two decimals."""
    return (Decimal(total_cents) * 100 / Decimal(max_cents)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class SelfAssessment:
    """One unit's 9-month self-assessment: three columns of scores (``None`` = empty cell)."""

    self_score: dict[str, int | None]
    appraised: dict[str, int | None]
    estimate: dict[str, int]


def simulate_self_assessment(
    framework: Framework,
    published: dict[str, int],
    previous: dict[str, int],
    rng: np.random.Generator,
) -> SelfAssessment:
    """Draw a 9-month self-assessment close to the unit's year result.

    The self score is the year's published leaf give or take 0,25; the council has appraised the
    areas in ``APPRAISED_AREAS`` (sometimes taking 0,25–0,5 off); survey leaves are empty in both
    columns and their estimate is last year's survey score. Aggregates sum the filled leaves.

    Args:
        framework: the criteria tree.
        published: the unit's published scores of the same year.
        previous: the unit's published scores of the year before.
        rng: the seeded generator.

    Returns:
        The three score columns for every node.
    """
    self_leaf: dict[str, int | None] = {}
    appraised_leaf: dict[str, int | None] = {}
    estimate_leaf: dict[str, int] = {}
    for leaf in framework.leaves:
        if leaf.kind == "survey":
            self_leaf[leaf.code] = None
            appraised_leaf[leaf.code] = None
            estimate_leaf[leaf.code] = previous[leaf.code]
            continue
        bump = int(rng.choice([-25, 0, 25], p=[0.2, 0.5, 0.3]))
        own = min(max(published[leaf.code] + bump, 0), leaf.max_cents)
        self_leaf[leaf.code] = own
        if framework.area_of(leaf.code) in APPRAISED_AREAS:
            cut = int(rng.choice([0, 25, 50], p=[0.65, 0.3, 0.05]))
            appraised_leaf[leaf.code] = max(own - cut, 0)
        else:
            appraised_leaf[leaf.code] = None
        estimate_leaf[leaf.code] = appraised_leaf[leaf.code] if appraised_leaf[leaf.code] is not None else own
    return SelfAssessment(
        self_score=_partial_sums(framework, self_leaf),
        appraised=_partial_sums(framework, appraised_leaf),
        estimate=framework.aggregate(estimate_leaf),
    )


def _partial_sums(framework: Framework, leaf_values: dict[str, int | None]) -> dict[str, int | None]:
    """Sum the filled leaves under each node; a node with no filled leaf, or (for the appraised
    column) any unappraised non-survey leaf, stays empty, as in a sheet being filled in."""
    out: dict[str, int | None] = dict(leaf_values)
    for node in reversed(framework.nodes):
        kids = framework.children[node.code]
        if not kids:
            continue
        values = [out[k] for k in kids]
        pending = [
            k for k, v in zip(kids, values, strict=True) if v is None and not _all_survey(framework, k)
        ]
        filled = [v for v in values if v is not None]
        out[node.code] = None if pending or not filled else sum(filled)
    return out


def _all_survey(framework: Framework, code: str) -> bool:
    kids = framework.children[code]
    if not kids:
        return framework.by_code[code].kind == "survey"
    return all(_all_survey(framework, k) for k in kids)


# --- formatting ------------------------------------------------------------------------------


def vn_number(cents: int | Decimal, *, min_decimals: int = 0) -> str:
    """Write hundredths of a point (or a Decimal) the Vietnamese way: ``725`` → ``"7,25"``.

    Args:
        cents: hundredths of a point, or a Decimal value in points.
        min_decimals: keep at least this many decimals (``(1,0)`` style uses 1).

    Returns:
        The number with a decimal comma and no trailing zeros beyond ``min_decimals``.
    """
    value = cents if isinstance(cents, Decimal) else Decimal(cents) / 100
    text = f"{value:.2f}"
    whole, frac = text.split(".")
    frac = frac.rstrip("0")
    frac = frac.ljust(min_decimals, "0")
    return f"{whole},{frac}" if frac else whole


def _points(cents: int) -> float:
    return float(Decimal(cents) / 100)


# --- workbook writing ------------------------------------------------------------------------

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


class _FixedTimeZipFile(zipfile.ZipFile):
    """A zip file whose entries all carry ``FIXED_TIME``, so saved workbooks are byte-identical."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[override]
        """Store a file from disk (openpyxl writes sheets through temporary files)."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def _new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "scripts/make_sample_data.py"
    wb.properties.title = SIMULATED
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps (openpyxl's own ``save`` stamps the current time).

    Args:
        wb: the workbook.
        path: where to write it; parent folders are created.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.modified = FIXED_TIME
    archive = _FixedTimeZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


@dataclass
class _Style:
    """How text cells are written: as Unicode, or encoded in TCVN3 with .VnTime fonts."""

    tcvn3: bool = False

    def text(self, value: str, *, capitals: bool = False) -> str:
        if not self.tcvn3:
            return value
        return encode_tcvn3(value, vntimeh=capitals)

    def font(self, *, bold: bool = False, italic: bool = False, capitals: bool = False) -> Font:
        if not self.tcvn3:
            return Font(name="Times New Roman", bold=bold, italic=italic)
        return Font(name=".VnTimeH" if capitals else ".VnTime", bold=bold, italic=italic)


def _put(ws: Worksheet, row: int, col: int, value, style: _Style, **font) -> None:
    cell = ws.cell(row=row, column=col)
    capitals = font.pop("capitals", False)
    cell.value = style.text(value, capitals=capitals) if isinstance(value, str) else value
    cell.font = style.font(capitals=capitals, **font)


def _title_rows(ws: Worksheet, title: str, last_col: int, style: _Style) -> None:
    _put(ws, 1, 1, f"ỦY BAN NHÂN DÂN TỈNH {PROVINCE.upper()}", style, bold=True, capitals=True)
    _put(ws, 2, 1, title, style, bold=True, capitals=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    ws.cell(row=2, column=1).alignment = _CENTER
    _put(ws, 3, 1, SIMULATED, style, italic=True)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_col)
    ws.cell(row=3, column=1).alignment = _CENTER


@dataclass
class _ResultsOptions:
    """What differs between the yearly summary sheets."""

    header_names: bool  # second header row: area names (2022) or codes "1".."9"
    rank_of_bloc: bool  # rank "02/13" (2022) or zero-padded "02"
    rank_order: bool  # units listed by rank (2022) or in administrative order
    text_rng: np.random.Generator | None  # draws which score cells are text with decimal commas
    style: _Style


def write_results_sheet(
    ws: Worksheet,
    year: int,
    framework: Framework,
    units: Sequence[Unit],
    scores: dict[str, dict[str, int]],
    opts: _ResultsOptions,
) -> None:
    """Write one yearly summary sheet: areas, total, % and rank per unit, grouped by bloc.

    Layout: title rows 1–3, blank row 4, two-row merged header (rows 5–6) with a blank spacer
    column C, then per bloc a section row, the unit rows and a "Trung bình" row; "Tổng cộng" last.
    """
    style = opts.style
    areas = framework.areas
    first_area, n_areas = 4, len(areas)
    col_total = first_area + n_areas
    col_pct, col_rank = col_total + 1, col_total + 2
    max_total = framework.by_code["total"].max_cents
    ranks = bloc_ranks(scores, units)
    title = f"KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA CÁC SỞ, BAN, NGÀNH VÀ UBND CẤP HUYỆN"
    _title_rows(ws, title, col_rank, style)

    for col, label in ((1, "STT"), (2, "Tên đơn vị"), (col_total, "Tổng điểm")):
        _put(ws, 5, col, label, style, bold=True)
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    _put(ws, 5, col_pct, "Chỉ số CCHC (%)", style, bold=True)
    ws.merge_cells(start_row=5, start_column=col_pct, end_row=6, end_column=col_pct)
    _put(ws, 5, col_rank, "Xếp hạng", style, bold=True)
    ws.merge_cells(start_row=5, start_column=col_rank, end_row=6, end_column=col_rank)
    _put(ws, 5, first_area, "Điểm đạt được theo lĩnh vực", style, bold=True)
    ws.merge_cells(start_row=5, start_column=first_area, end_row=5, end_column=col_total - 1)
    for i, area in enumerate(areas):
        label = AREA_SHORT_NAMES[area.code] if opts.header_names else area.code
        _put(ws, 6, first_area + i, label, style, bold=True)
    for row in (5, 6):
        for col in range(1, col_rank + 1):
            ws.cell(row=row, column=col).alignment = _CENTER
            ws.cell(row=row, column=col).border = _BOX

    def score_cell(row: int, col: int, value: int | Decimal) -> None:
        as_text = opts.text_rng is not None and opts.text_rng.random() < TEXT_COMMA_SHARE
        if as_text:
            _put(ws, row, col, vn_number(value), style)
        else:
            number = float(value) if isinstance(value, Decimal) else _points(value)
            _put(ws, row, col, number, style)

    row = 7
    for roman, bloc in (("I", BLOC_DISTRICT), ("II", BLOC_DEPARTMENT)):
        members = [u for u in units if u.bloc == bloc]
        if opts.rank_order:
            members = sorted(members, key=lambda u: ranks[u.name])
        _put(ws, row, 1, roman, style, bold=True)
        _put(ws, row, 2, bloc, style, bold=True)
        row += 1
        for stt, unit in enumerate(members, start=1):
            unit_scores = scores[unit.name]
            _put(ws, row, 1, stt, style)
            _put(ws, row, 2, unit.name, style)
            for i, area in enumerate(areas):
                score_cell(row, first_area + i, unit_scores[area.code])
            score_cell(row, col_total, unit_scores["total"])
            score_cell(row, col_pct, percent(unit_scores["total"], max_total))
            rank = ranks[unit.name]
            rank_text = f"{rank:02d}/{len(members)}" if opts.rank_of_bloc else f"{rank:02d}"
            _put(ws, row, col_rank, rank_text, style)
            row += 1
        _put(ws, row, 2, "Trung bình", style, bold=True, italic=True)
        for i, code in enumerate([a.code for a in areas] + ["total"]):
            mean = Decimal(sum(scores[u.name][code] for u in members)) / len(members) / 100
            _put(ws, row, first_area + i, float(mean.quantize(Decimal("0.01"), ROUND_HALF_UP)), style)
        mean_pct = sum(percent(scores[u.name]["total"], max_total) for u in members) / len(members)
        _put(ws, row, col_pct, float(mean_pct.quantize(Decimal("0.01"), ROUND_HALF_UP)), style)
        row += 1
    _put(ws, row, 2, "Tổng cộng", style, bold=True)
    for i, code in enumerate([a.code for a in areas] + ["total"]):
        _put(ws, row, first_area + i, _points(sum(scores[u.name][code] for u in units)), style)

    for r in range(7, row + 1):
        for col in range(1, col_rank + 1):
            ws.cell(row=r, column=col).border = _BOX
    widths = {1: 6, 2: 36, 3: 2, col_total: 10, col_pct: 10, col_rank: 9}
    for col in range(1, col_rank + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 11)


def _max_label(cents: int) -> str:
    return f"({vn_number(cents, min_decimals=1)})"


def write_detail_sheet(
    ws: Worksheet,
    year: int,
    framework: Framework,
    units: Sequence[Unit],
    scores: dict[str, dict[str, int]],
) -> None:
    """Write the per-criterion sheet: one column per scored leaf under three header rows.

    Header rows 5–7: area name merged over its leaves; leaf code ("1.10", "7.2.2"); maximum as text
    "(1,0)". STT, unit name and "Tổng điểm" are merged down the three rows. District units are
    written as "UBND huyện …", departments by their canonical name.
    """
    style = _Style()
    leaves = framework.leaves
    first = 3
    last = first + len(leaves)  # "Tổng điểm" column
    _title_rows(
        ws,
        f"ĐIỂM CHI TIẾT THEO TIÊU CHÍ, TIÊU CHÍ THÀNH PHẦN CHỈ SỐ CCHC NĂM {year}",
        last,
        style,
    )
    for col, label in ((1, "STT"), (2, "Tên đơn vị"), (last, "Tổng điểm")):
        _put(ws, 5, col, label, style, bold=True)
        ws.merge_cells(start_row=5, start_column=col, end_row=7, end_column=col)
    col = first
    for area in framework.areas:
        members = [leaf for leaf in leaves if framework.area_of(leaf.code) == area.code]
        _put(ws, 5, col, area.name, style, bold=True)
        ws.merge_cells(start_row=5, start_column=col, end_row=5, end_column=col + len(members) - 1)
        for leaf in members:
            _put(ws, 6, col, leaf.code, style, bold=True)
            _put(ws, 7, col, _max_label(leaf.max_cents), style, italic=True)
            col += 1
    for row in (5, 6, 7):
        for c in range(1, last + 1):
            ws.cell(row=row, column=c).alignment = _CENTER
            ws.cell(row=row, column=c).border = _BOX
    row = 8
    for roman, bloc in (("I", BLOC_DISTRICT), ("II", BLOC_DEPARTMENT)):
        _put(ws, row, 1, roman, style, bold=True)
        _put(ws, row, 2, bloc, style, bold=True)
        row += 1
        for stt, unit in enumerate([u for u in units if u.bloc == bloc], start=1):
            label = unit.aliases[0] if unit.level == "district" else unit.name
            _put(ws, row, 1, stt, style)
            _put(ws, row, 2, label, style)
            for j, leaf in enumerate(leaves):
                _put(ws, row, first + j, _points(scores[unit.name][leaf.code]), style)
            _put(ws, row, last, _points(scores[unit.name]["total"]), style)
            row += 1
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 36
    ws.freeze_panes = "C8"


def write_self_assessment_sheet(
    ws: Worksheet, year: int, framework: Framework, unit: Unit, sa: SelfAssessment
) -> None:
    """Write one unit's 9-month self-assessment, criteria as rows.

    Areas carry a Roman numeral in STT and their code in the name ("1. Công tác …"); criteria and
    sub-criteria carry their dotted code in STT. Row 6 numbers the columns "(1)" … "(7)".
    """
    style = _Style()
    headers = (
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Dự kiến điểm cả năm",
        "Ghi chú",
    )
    _put(ws, 1, 1, f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC 9 THÁNG NĂM {year}", style, bold=True)
    ws.merge_cells("A1:G1")
    _put(ws, 2, 1, f"Đơn vị: {unit.aliases[0]}", style, bold=True)
    ws.merge_cells("A2:G2")
    _put(ws, 3, 1, SIMULATED, style, italic=True)
    ws.merge_cells("A3:G3")
    for r in (1, 2, 3):
        ws.cell(row=r, column=1).alignment = _CENTER
    for col, label in enumerate(headers, start=1):
        _put(ws, 5, col, label, style, bold=True)
        _put(ws, 6, col, f"({col})", style, italic=True)
        for r in (5, 6):
            ws.cell(row=r, column=col).alignment = _CENTER
            ws.cell(row=r, column=col).border = _BOX
    row = 7
    for node in framework.nodes:
        if node.code == "total":
            continue
        bold = node.depth == 1
        if node.depth == 1:
            _put(ws, row, 1, ROMAN[int(node.code) - 1], style, bold=True)
            _put(ws, row, 2, f"{node.code}. {node.name}", style, bold=True)
        else:
            _put(ws, row, 1, node.code, style, italic=node.depth == 3)
            _put(ws, row, 2, node.name, style, italic=node.depth == 3)
        _put(ws, row, 3, _points(node.max_cents), style, bold=bold)
        for col, value in (
            (4, sa.self_score[node.code]),
            (5, sa.appraised[node.code]),
            (6, sa.estimate[node.code]),
        ):
            if value is not None:
                _put(ws, row, col, _points(value), style, bold=bold)
        if node.kind == "survey":
            _put(ws, row, 7, SURVEY_NOTE, style, italic=True)
        row += 1
    self_total = sa.self_score["total"]
    self_max = sum(leaf.max_cents for leaf in framework.leaves if leaf.kind != "survey")
    _put(ws, row, 2, "Tổng điểm", style, bold=True)
    _put(ws, row, 3, _points(framework.by_code["total"].max_cents), style, bold=True)
    _put(ws, row, 4, f"{vn_number(self_total)}/{vn_number(self_max)}", style, bold=True)
    _put(ws, row, 6, _points(sa.estimate["total"]), style, bold=True)
    for r in range(7, row + 1):
        for col in range(1, 8):
            ws.cell(row=r, column=col).border = _BOX
    for col, width in zip("ABCDEFG", (8, 70, 10, 12, 12, 12, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C7"


# --- truth and units -------------------------------------------------------------------------

TRUTH_COLUMNS = (
    "year",
    "period",
    "stage",
    "unit",
    "peer_group",
    "component",
    "score",
    "max_score",
    "rank",
    "source_file",
)


def _fmt_points(cents: int | None) -> str:
    return "" if cents is None else f"{Decimal(cents) / 100:.2f}"


def truth_rows(
    framework: Framework,
    units: Sequence[Unit],
    scores: Scores,
    self_assessment: SelfAssessment,
    self_unit: Unit,
) -> list[dict[str, str]]:
    """The numbers the generator used, one row per unit × component × year × stage.

    ``source_file`` names the file that prints the number, empty when no file prints it (criteria of
    2021 and 2023; criteria with sub-criteria in 2022). ``rank`` is the published rank of the total.
    """
    printed = {
        2021: ({"total"} | {a.code for a in framework.areas}, FILE_2021),
        2022: (
            {"total"} | {a.code for a in framework.areas} | {n.code for n in framework.leaves},
            FILE_2022,
        ),
        2023: ({"total"} | {a.code for a in framework.areas}, FILE_2023),
    }
    rows: list[dict[str, str]] = []
    for year in YEARS:
        ranks = bloc_ranks(scores[year], units)
        shown, source = printed[year]
        for unit in units:
            for node in framework.nodes:
                rows.append(
                    {
                        "year": str(year),
                        "period": "year",
                        "stage": "published",
                        "unit": unit.name,
                        "peer_group": unit.peer_group,
                        "component": node.code,
                        "score": _fmt_points(scores[year][unit.name][node.code]),
                        "max_score": _fmt_points(node.max_cents),
                        "rank": str(ranks[unit.name]) if node.code == "total" else "",
                        "source_file": source if node.code in shown else "",
                    }
                )
    for stage, column in (
        ("self", self_assessment.self_score),
        ("appraised", self_assessment.appraised),
        ("estimate", self_assessment.estimate),
    ):
        for node in framework.nodes:
            rows.append(
                {
                    "year": "2023",
                    "period": "9M",
                    "stage": stage,
                    "unit": self_unit.name,
                    "peer_group": self_unit.peer_group,
                    "component": node.code,
                    "score": _fmt_points(column[node.code]),
                    "max_score": _fmt_points(node.max_cents),
                    "rank": "",
                    "source_file": FILE_9M,
                }
            )
    return rows


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(header), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# --- driver ----------------------------------------------------------------------------------


def generate(out_dir: Path = DEFAULT_OUT, framework_csv: Path = FRAMEWORK_CSV) -> list[Path]:
    """Write every simulated file under ``out_dir``.

    Args:
        out_dir: the target folder (``data/raw/sample-province`` by default).
        framework_csv: the ``par-local-2021`` criteria set.

    Returns:
        The files written, relative paths resolved against ``out_dir``.
    """
    framework = load_framework(framework_csv)
    units = sample_units()
    rng_scores, rng_text, rng_self = np.random.default_rng(SEED).spawn(3)
    scores = simulate_scores(framework, units, rng_scores)
    self_unit = next(u for u in units if u.name == SELF_UNIT)
    sa = simulate_self_assessment(
        framework, scores[2023][self_unit.name], scores[2022][self_unit.name], rng_self
    )
    written: list[Path] = []

    wb = _new_workbook()
    opts = _ResultsOptions(False, False, False, rng_text, _Style())
    write_results_sheet(wb.create_sheet("KQ 2021"), 2021, framework, units, scores[2021], opts)
    save_workbook(wb, out_dir / FILE_2021)
    written.append(out_dir / FILE_2021)

    wb = _new_workbook()
    opts = _ResultsOptions(True, True, True, None, _Style())
    write_results_sheet(wb.create_sheet("Tổng hợp"), 2022, framework, units, scores[2022], opts)
    write_detail_sheet(wb.create_sheet("Chi tiết tiêu chí"), 2022, framework, units, scores[2022])
    save_workbook(wb, out_dir / FILE_2022)
    written.append(out_dir / FILE_2022)

    wb = _new_workbook()
    opts = _ResultsOptions(False, False, False, rng_text, _Style(tcvn3=True))
    write_results_sheet(wb.create_sheet("KQ 2023"), 2023, framework, units, scores[2023], opts)
    save_workbook(wb, out_dir / FILE_2023)
    written.append(out_dir / FILE_2023)

    wb = _new_workbook()
    write_self_assessment_sheet(wb.create_sheet("TĐG 9 tháng"), 2023, framework, self_unit, sa)
    save_workbook(wb, out_dir / FILE_9M)
    written.append(out_dir / FILE_9M)

    unit_rows = [
        {
            "unit": u.name,
            "level": u.level,
            "peer_group": u.peer_group,
            "aliases": "|".join(u.aliases),
        }
        for u in units
    ]
    _write_csv(out_dir / UNITS_CSV, ("unit", "level", "peer_group", "aliases"), unit_rows)
    written.append(out_dir / UNITS_CSV)
    _write_csv(out_dir / TRUTH_CSV, TRUTH_COLUMNS, truth_rows(framework, units, scores, sa, self_unit))
    written.append(out_dir / TRUTH_CSV)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: ``python scripts/make_sample_data.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="target folder")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
