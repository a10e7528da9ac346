"""Property tests for ``read_workbook`` end to end (hypothesis).

A random tidy table (provinces, components, scores with two decimals, some missing, totals and ranks)
is written the way provinces publish it — title rows, a header, unit names in another spelling, a
spacer column, scores as numbers or as text with a decimal comma, ranks as "02/12", a "Trung bình"
row below — to .xlsx or to a semicolon CSV, and must read back as exactly the same numbers, under
the canonical names, with the right source cells.
"""

from __future__ import annotations

import math
import tempfile
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_analysis import read_workbook
from cchc_analysis.units import UnitRegistry

from .conftest import write_xlsx

PROVINCES = [u.name for u in UnitRegistry.default().units("province", era="legacy")]
FILLER = [
    "UBND TỈNH HÒA SƠN",
    "SỞ NỘI VỤ",
    "Dữ liệu mô phỏng",
    "Căn cứ Quyết định số 1234/QĐ-UBND",
    "(Kèm theo Báo cáo số 56/BC-SNV)",
]


def _spelling(name: str, how: str) -> str:
    if how == "upper":
        return name.upper()
    if how == "nfd":
        return unicodedata.normalize("NFD", name)
    return name


def _cell(value: float | None, how: str) -> object:
    """A score as a province writes it: a number, text with a decimal comma, or a missing marker."""
    if value is None:
        return "-" if how == "text" else None
    if how == "text":
        return f"{value:.2f}".replace(".", ",")
    return value


@st.composite
def tables(draw):
    n = draw(st.integers(2, 12))
    units = draw(st.lists(st.sampled_from(PROVINCES), min_size=n, max_size=n, unique=True))
    k = draw(st.integers(1, 6))
    # up to 7 points an area: a provincial PAR table is read against MOHA's criteria set, whose smallest
    # area maximum among areas 1-6 is 7 (par-tinh-2017), and a score above its maximum is warned about
    hundredths = st.one_of(st.none(), st.integers(0, 700)) if draw(st.booleans()) else st.integers(0, 700)
    scores = [
        [None if v is None else v / 100 for v in draw(st.lists(hundredths, min_size=k, max_size=k))]
        for _ in range(n)
    ]
    return {
        "year": draw(st.integers(2012, 2024)),
        "units": units,
        "spellings": draw(st.lists(st.sampled_from(["as is", "upper", "nfd"]), min_size=n, max_size=n)),
        "k": k,
        "scores": scores,
        "forms": draw(
            st.lists(st.sampled_from(["number", "text"]), min_size=n * (k + 1), max_size=n * (k + 1))
        ),
        "filler": draw(st.lists(st.sampled_from(FILLER), max_size=8)),
        "spacer": draw(st.booleans()),
        "average_row": draw(st.booleans()),
        "labels": draw(st.sampled_from(["Lĩnh vực {c}", "{c}. Nội dung {c}", "LV{c}"])),
        "format": draw(st.sampled_from(["xlsx", "csv"])),
    }


def _layout(t: dict) -> tuple[list[list[object]], dict[tuple[str, str], tuple[float, int | None, str]]]:
    """The sheet rows, and (canonical unit, component) → (score, rank, source cell) expected back."""
    n, k = len(t["units"]), t["k"]
    totals = [None if any(v is None for v in row) else round(sum(row), 2) for row in t["scores"]]
    ranks = [
        None if tot is None else 1 + sum(1 for other in totals if other is not None and other > tot)
        for tot in totals
    ]
    title = f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM {t['year']}"
    rows: list[list[object]] = [[text] for text in t["filler"]] + [[title], []]
    spacer = [None] if t["spacer"] else []
    labels = [t["labels"].format(c=c) for c in range(1, k + 1)]
    rows.append(["STT", "Tên đơn vị", *spacer, *labels, "Tổng điểm", "Xếp hạng"])
    header = len(rows)  # 1-based row of the header
    first = 2 + len(spacer)  # 0-based column of component 1
    letters = [chr(65 + first + j) for j in range(k + 1)]
    forms = iter(t["forms"])
    expected = {}
    for i, (unit, how, row, total, rank) in enumerate(
        zip(t["units"], t["spellings"], t["scores"], totals, ranks, strict=True)
    ):
        cells = [_cell(v, next(forms)) for v in [*row, total]]
        shown_rank = None if rank is None else f"{rank:02d}/{n}"
        rows.append([i + 1, _spelling(unit, how), *spacer, *cells, shown_rank])
        sheet_row = header + 1 + i
        for j, code in enumerate([*map(str, range(1, k + 1)), "total"]):
            value = [*row, total][j]
            expected[(unit, code)] = (
                math.nan if value is None else value,
                rank if code == "total" else None,
                f"{letters[j]}{sheet_row}",
            )
    if t["average_row"]:
        known = [v for v in totals if v is not None]
        rows.append([None, "Trung bình", *spacer, *[None] * k, sum(known) / len(known) if known else None])
    return rows, expected


def _write(rows: list[list[object]], folder: Path, fmt: str) -> Path:
    if fmt == "xlsx":
        return write_xlsx(folder / "bang_diem.xlsx", {"Kết quả": rows})
    path = folder / "bang_diem.csv"
    width = max(len(row) for row in rows)  # Excel pads every record to the width of the sheet
    padded = [row + [None] * (width - len(row)) for row in rows]
    text = "\n".join(";".join("" if v is None else str(v) for v in row) for row in padded)
    path.write_text(text + "\n", encoding="utf-8")
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_a_realistic_table_reads_back_exactly(t):
    rows, expected = _layout(t)
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, Path(folder), t["format"])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # nothing in a clean table deserves a warning
            df = read_workbook(path)
    assert set(df["index"]) == {"PAR"} and set(df["year"]) == {t["year"]}
    assert set(df["stage"]) == {"published"} and set(df["period"]) == {"year"}
    got = {}
    for unit, code, score, rank, cell in zip(
        df["unit"], df["component"], df["score"], df["rank_published"], df["source_cell"], strict=True
    ):
        got[(unit, code)] = (score, None if pd.isna(rank) else int(rank), cell)
    assert set(got) == set(expected)
    for key, (score, rank, cell) in expected.items():
        g_score, g_rank, g_cell = got[key]
        assert (math.isnan(score) and math.isnan(g_score)) or g_score == score, (key, g_score, score)
        assert g_rank == rank, key
        assert g_cell == cell, key
    assert df.attrs["report"]["warnings"] == []
