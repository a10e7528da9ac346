"""Write a deterministic commune-level PAR INDEX workbook for the read benchmark.

3,321 communes (the real commune-level units after the 1 July 2025 reorganisation, from the
``vietnamadminunits`` dataset) × 80 criteria "1.1" … "8.10" in eight areas, laid out the way the
Ministry of Home Affairs publishes ranking tables:

* row 1: a title merged across the table;
* rows 2-3: a two-row header: area names merged over their ten criterion codes; "STT", "Tỉnh, thành
  phố", "Xã, phường, đặc khu", "Tổng điểm" and "Xếp hạng" merged vertically;
* rows 4-3,324: one commune per row; scores with two decimals, about 5 % of them written as text
  with a decimal comma ("1,25") as hand-edited sheets do; rank written "12/3321" (competition
  ranking).

Output: ``benchmarks/_work/commune_2025.xlsx`` (about 1.3 MB; ``_work`` is git-ignored). The same
seed always gives the same cells.

With ``--papi`` it writes instead ``benchmarks/_work/papi_panel.xlsx``: the real PAPI panel
(``data/raw/papi/csv/2011.csv`` … ``2024.csv``) as one workbook, one sheet per year named for the
year, each sheet the CSV's header row (``Province``, ``SC11`` … ``SC83``) and its rows as they are
(province codes ``P01`` …, scores as numbers, a missing score as an empty cell).

Usage: ``.venv/bin/python benchmarks/make_big_workbook.py [--papi] [--out PATH]``
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
from pathlib import Path

import openpyxl
import vietnamadminunits

HERE = Path(__file__).resolve().parent
OUT = HERE / "_work" / "commune_2025.xlsx"
PAPI_CSV = HERE.parent / "data" / "raw" / "papi" / "csv"
PAPI_OUT = HERE / "_work" / "papi_panel.xlsx"
SHEET = "Xếp hạng cấp xã 2025"
TITLE = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CẤP XÃ NĂM 2025"
AREAS = [
    "Công tác chỉ đạo, điều hành CCHC",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số",
    "Tác động của CCHC đến người dân, tổ chức và phát triển kinh tế - xã hội",
]
CODES = [f"{a}.{c}" for a in range(1, 9) for c in range(1, 11)]
FIRST_SCORE_COL = 4  # 1-based: after STT, province, commune
SEED = 2025


def communes() -> list[tuple[str, str]]:
    """(province, commune) for every commune-level unit of 2025, in official code order."""
    db = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT province, ward FROM admin_units ORDER BY wardCode").fetchall()
    if len(rows) != 3321:
        raise RuntimeError(f"expected 3,321 commune-level units in {db}, found {len(rows)}")
    return rows


def build(out: Path = OUT) -> Path:
    """Write the workbook and return its path."""
    rng = random.Random(SEED)
    units = communes()
    maxima = [rng.choice([0.5, 1.0, 1.5, 2.0, 2.5]) for _ in CODES]
    scores = []
    for _ in units:
        skill = rng.uniform(0.55, 0.98)
        row = [round(m * min(1.0, max(0.0, rng.gauss(skill, 0.12))), 2) for m in maxima]
        scores.append(row)
    totals = [round(sum(r), 2) for r in scores]
    order = sorted(totals, reverse=True)
    rank = {t: order.index(t) + 1 for t in set(totals)}  # competition ranking: ties share

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    last_col = FIRST_SCORE_COL + len(CODES) + 1
    ws.cell(1, 1, TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    fixed = {1: "STT", 2: "Tỉnh, thành phố", 3: "Xã, phường, đặc khu"}
    fixed[last_col - 1], fixed[last_col] = "Tổng điểm", "Xếp hạng"
    for col, text in fixed.items():
        ws.cell(2, col, text)
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for i, area in enumerate(AREAS):
        start = FIRST_SCORE_COL + 10 * i
        ws.cell(2, start, f"Lĩnh vực {i + 1}: {area}")
        ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + 9)
    for j, code in enumerate(CODES):
        ws.cell(3, FIRST_SCORE_COL + j, code)
    n = len(units)
    for i, ((province, commune), row) in enumerate(zip(units, scores, strict=True)):
        cells: list[object] = [i + 1, province, commune]
        for value in row:
            as_text = rng.random() < 0.05
            cells.append(f"{value:.2f}".replace(".", ",") if as_text else value)
        cells += [totals[i], f"{rank[totals[i]]}/{n}"]
        for c, value in enumerate(cells, start=1):
            ws.cell(4 + i, c, value)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def build_papi(out: Path = PAPI_OUT, csv_dir: Path = PAPI_CSV) -> Path:
    """Write the PAPI panel's CSVs into one workbook, a sheet per year; return its path.

    Raises:
        RuntimeError: the panel is not the 14 files 2011-2024.
    """
    files = sorted(csv_dir.glob("*.csv"))
    if [f.stem for f in files] != [str(y) for y in range(2011, 2025)]:
        raise RuntimeError(f"expected the PAPI CSVs 2011.csv … 2024.csv in {csv_dir}")
    wb = openpyxl.Workbook(write_only=True)
    for f in files:
        ws = wb.create_sheet(f.stem)
        with f.open(newline="", encoding="utf-8") as fh:
            rows = csv.reader(fh)
            ws.append(next(rows))
            for row in rows:
                ws.append([row[0], *(float(v) if v else None for v in row[1:])])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papi", action="store_true", help="write the PAPI panel workbook instead")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    path = build_papi(args.out or PAPI_OUT) if args.papi else build(args.out or OUT)
    print(f"{path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
