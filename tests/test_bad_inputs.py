"""The corpus of bad and hostile inputs (tests/data/bad): every case ends in right data or a clear error.

Each case of ``tests/data/bad/make_corpus.py`` is read with :func:`read_workbook`: an error case must
raise :class:`InputError` whose message names the file (and the sheet and cell where the case has
one) and says what to do; a data case must give exactly the numbers of the table it holds, with the
warnings named in the case. Every case must finish in under a second of CPU time (after a warm-up read,
so that imports and caches are not counted; CPU time, not wall time, because the test machine is
shared). The corpus itself must be what the generator writes.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import time
import unicodedata
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cchc_analysis import InputError, ingest, load, read_workbook
from cchc_analysis.errors import InputWarning
from cchc_analysis.export import DEFAULT_HEADERS_VI, export_csv, export_xlsx
from cchc_analysis.frameworks import get_framework
from cchc_analysis.schema import COLUMNS

from .bounds import HANG_SECONDS

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _load_corpus():
    spec = importlib.util.spec_from_file_location("bad_corpus", BAD / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


CORPUS = _load_corpus()
CASES = {case.name: case for case in CORPUS.CASES}
ERROR_CASES = [c.name for c in CORPUS.CASES if c.outcome == "error"]
DATA_CASES = [c.name for c in CORPUS.CASES if c.outcome == "data"]
DIMENSION_CODES = [str(d) for d in range(1, 9)]


@pytest.fixture(scope="module", autouse=True)
def warm():
    """One ordinary read first, so per-case timings do not count imports and cold caches."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_workbook(BAD / "header_row_12.xlsx")
        read_workbook(BAD / "stray_cell_xfd.xlsx")  # loads openpyxl's read-only reader


def _read(path: Path, **kwargs) -> tuple[pd.DataFrame, list[str], float]:
    start = time.process_time()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_workbook(path, **kwargs)
    elapsed = time.process_time() - start
    report = df.attrs["report"]
    shown = [str(w.message).split(": ", 1)[1] for w in caught if issubclass(w.category, InputWarning)]
    assert shown == report["warnings"]
    return df, report["warnings"] + report["notes"], elapsed


def _expected(units=None, scores=None, totals=None) -> dict[tuple[str, str], float]:
    units = units or CORPUS.UNITS
    scores = scores or CORPUS.SCORES
    totals = totals or CORPUS.TOTALS
    out = {}
    for unit, dims, total in zip(units, scores, totals, strict=True):
        out.update({(unit, code): float(v) for code, v in zip(DIMENSION_CODES, dims, strict=True)})
        out[(unit, "total")] = float(total)
    return out


def _numbers(df: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(u, c): s for u, c, s in zip(df["unit"], df["component"], df["score"], strict=True)}


# --- the corpus ---------------------------------------------------------------------------------------


def test_corpus_has_at_least_thirty_cases_all_documented():
    assert len(CORPUS.CASES) + len(CORPUS.GENERATED) >= 30
    assert len(ERROR_CASES) >= 15 and len(DATA_CASES) >= 15
    expected_md = (BAD / "EXPECTED.md").read_text(encoding="utf-8")
    for name in [*CASES, *CORPUS.GENERATED]:
        assert f"`{name}`" in expected_md
    on_disk = {p.name for p in BAD.iterdir() if p.suffix in {".xlsx", ".xls", ".ods", ".csv"}}
    assert on_disk == set(CASES)
    assert all(p.stat().st_size < 64 * 1024 for p in BAD.iterdir())


def test_corpus_files_are_what_the_generator_writes(tmp_path):
    CORPUS.main(tmp_path)
    for name in [*CASES, "EXPECTED.md"]:
        assert (tmp_path / name).read_bytes() == (BAD / name).read_bytes(), name


@pytest.mark.parametrize("name", ERROR_CASES)
def test_error_case_is_a_clear_input_error(name):
    case = CASES[name]
    start = time.process_time()
    with pytest.raises(InputError) as err:
        read_workbook(BAD / name, **case.kwargs)
    elapsed = time.process_time() - start
    message = str(err.value)
    assert err.value.file is not None and err.value.file.endswith(name)
    for words in case.says:
        assert words in message, (words, message)
    assert err.value.hint, message  # always says what to do
    assert "Traceback" not in message
    assert elapsed < HANG_SECONDS, (name, elapsed)


@pytest.mark.parametrize("name", DATA_CASES)
def test_data_case_reads_right_numbers_with_warnings(name):
    case = CASES[name]
    df, said, elapsed = _read(BAD / name, **case.kwargs)
    assert elapsed < HANG_SECONDS, (name, elapsed)
    assert list(df.columns) == COLUMNS
    for words in case.says:
        assert any(words in text for text in said), (words, said)
    if not case.says:
        assert df.attrs["report"]["warnings"] == []
    check = SPECIAL.get(name, _check_base)
    check(df, said)


def _check_base(df: pd.DataFrame, said: list[str]) -> None:
    """The base PAPI 2022 table exactly: 5 provinces × (8 dimensions + total), ranks, source cells."""
    assert _numbers(df) == _expected()
    assert set(df["year"]) == {2022} and set(df["index"]) == {"PAPI"}
    assert set(df["framework"]) == {"papi-2018"}
    total = df[df["component"] == "total"].set_index("unit")
    assert total["rank_published"].tolist() == [1, 2, 3, 4, 5]
    assert total.loc["Thừa Thiên Huế", "source_cell"] == "K7"
    assert df.set_index(["unit", "component"]).loc[("Quảng Ninh", "1"), "source_cell"] == "C5"
    assert not any("but its parts" in text or "above the maximum" in text for text in said)


def _check_values(**changes):
    """The base table with some numbers changed (``(unit, component) → value``)."""

    def check(df: pd.DataFrame, said: list[str]) -> None:
        expected = _expected()
        expected.update(changes["values"])
        assert _numbers(df) == expected

    return check


def _check_unknown_unit(df: pd.DataFrame, said: list[str]) -> None:
    units = [CORPUS.UNITS[0], "Hải Phongg", *CORPUS.UNITS[2:]]
    assert _numbers(df) == _expected(units=units)
    assert df.loc[df["unit"] == "Hải Phongg", "unit_code"].isna().all()


def _check_header_row_12(df: pd.DataFrame, said: list[str]) -> None:
    assert _numbers(df) == _expected()
    assert df.set_index(["unit", "component"]).loc[("Quảng Ninh", "total"), "source_cell"] == "K13"


def _check_two_tables(df: pd.DataFrame, said: list[str]) -> None:
    assert _numbers(df) == _expected()
    cells = df.set_index(["unit", "component"])["source_cell"]
    assert cells[("Quảng Ninh", "total")] == "K5"
    assert cells[("Đồng Tháp", "total")] == "K11"  # second table: title, header on row 10


def _check_merged(df: pd.DataFrame, said: list[str]) -> None:
    expected = _expected(totals=[*CORPUS.TOTALS[:4], CORPUS.TOTALS[4] + 0.25])
    expected[("Bà Rịa - Vũng Tàu", "7")] = CORPUS.SCORES[3][6]  # the merged value, as printed once
    assert _numbers(df) == expected


def _check_sections(df: pd.DataFrame, said: list[str]) -> None:
    assert _numbers(df) == _expected()
    # the ranks run on from "Nhóm 1: điểm cao" to "Nhóm 2: còn lại" (1, 2, then 3 …): bands of one
    # ranking of the 63 provinces, not peer groups that each rank from 1
    assert set(df["peer_group"]) == {"63 tỉnh, thành phố"}
    assert any("are bands of one ranking" in note for note in df.attrs["report"]["notes"])
    assert df.set_index(["unit", "component"]).loc[("Đồng Tháp", "total"), "source_cell"] == "K10"
    assert [text for _, _, text, why in df.attrs["report"]["dropped_rows"] if why == "section row"] == [
        "Nhóm 1: điểm cao",
        "Nhóm 2: còn lại",
    ]


def _check_hostile(df: pd.DataFrame, said: list[str]) -> None:
    assert set(df["unit"]) == set(CORPUS.HOSTILE_UNITS)
    names = set(df["component_name"])
    assert {'=HYPERLINK("http://evil.example","a")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)"} <= names
    assert set(df["component"]) == {"1", "2", "3", "total"}


SPECIAL = {
    "score_above_max.xlsx": _check_values(values={("Quảng Ninh", "2"): 12.5}),
    "negative_score.xlsx": _check_values(values={("Đồng Tháp", "3"): -1.5}),
    "total_disagrees.xlsx": _check_values(values={("Thừa Thiên Huế", "total"): 44.5}),
    "unknown_unit.xlsx": _check_unknown_unit,
    "header_row_12.xlsx": _check_header_row_12,
    "two_tables.xlsx": _check_two_tables,
    "merged_data.xlsx": _check_merged,
    "hostile_text.xlsx": _check_hostile,
    "section_rows_merged.xlsx": _check_sections,
}


def test_legacy_and_decomposed_text_decode_to_the_same_table():
    for name, encoding in [("tcvn3.xlsx", "TCVN3"), ("vni.xlsx", "VNI")]:
        df, said, _ = _read(BAD / name)
        assert any(encoding in text for text in said)
        assert _numbers(df) == _expected()
    df, _, _ = _read(BAD / "nfd_text.xlsx")
    assert all(unicodedata.is_normalized("NFC", name) for name in df["unit"])
    assert all(unicodedata.is_normalized("NFC", name) for name in df["component_name"])
    assert _numbers(df) == _expected()


def test_decimal_notes_name_the_cells():
    _, said, _ = _read(BAD / "mixed_decimals.xlsx")
    assert any("mixes decimal commas" in text and "K5" in text and "K6" in text for text in said)
    _, said, _ = _read(BAD / "ambiguous_decided.xlsx")
    assert any("K6" in text and "'44,000' read as 44" in text for text in said)


def test_a_table_read_from_each_format_is_the_same():
    base, _, _ = _read(BAD / "header_row_12.xlsx")
    for name in ["xls_named_xlsx.xlsx", "xlsx_named_xls.xls", "cp1258.csv", "utf16.csv"]:
        df, _, _ = _read(BAD / name)
        assert _numbers(df) == _numbers(base), name
        assert df.set_index(["unit", "component"]).loc[("Hải Phòng", "5"), "source_cell"] == "G6"


def test_an_error_outside_the_table_columns_is_ignored_but_one_inside_is_not(tmp_path):
    df, _said, _ = _read(BAD / "error_in_note.xlsx")
    assert _numbers(df) == _expected()
    # the same #REF! moved into a score column is refused, naming its cell
    rows = CORPUS.base_rows()
    rows[CORPUS.HEADER_ROW + 4][9] = "#VALUE!"
    path = tmp_path / "value_error.xlsx"
    path.write_bytes(CORPUS.workbook_bytes({"PAPI 2022": rows}))
    with pytest.raises(InputError, match=r"cell J9: the cell holds the Excel error #VALUE!"):
        read_workbook(path)


def test_an_uncalculated_formula_in_a_dropped_total_row_does_not_matter(tmp_path):
    rows = CORPUS.base_rows()
    rows.append([None, "Trung bình", *[None] * 8, "=AVERAGE(K5:K9)", None])
    path = tmp_path / "average_row.xlsx"
    path.write_bytes(CORPUS.workbook_bytes({"PAPI 2022": rows}))
    df, _, _ = _read(path)
    assert _numbers(df) == _expected()
    assert ("PAPI 2022", 10, "Trung bình", "total/average row") in map(
        tuple, df.attrs["report"]["dropped_rows"]
    )


def _self_assessment(total: float) -> list[list[object]]:
    """A department's self-assessment: every area of par-local-2021 one point short, and a total."""
    fw = get_framework("par-local-2021")
    rows: list[list[object]] = [
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["Đơn vị: Sở Tư pháp"],
        [CORPUS.SIMULATED],
        ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm tự đánh giá"],
    ]
    for code in fw.children("total", 2023):
        rows.append([code, fw.name(code), fw.max_score(code, 2023), fw.max_score(code, 2023) - 1])
    rows.append([None, "Tổng điểm", fw.max_score("total", 2023), total])
    return rows


def test_self_assessment_total_is_checked_against_its_areas(tmp_path):
    fw = get_framework("par-local-2021")
    areas = fw.children("total", 2023)
    right = sum(fw.max_score(code, 2023) - 1 for code in areas)
    path = tmp_path / "tdg_dung.xlsx"
    path.write_bytes(CORPUS.workbook_bytes({"TĐG": _self_assessment(right)}))
    df, said, _ = _read(path, framework="par-local-2021")
    assert not any("but its parts" in text for text in said)
    assert df.set_index("component").loc["total", "score"] == pytest.approx(right)
    path = tmp_path / "tdg_sai.xlsx"
    path.write_bytes(CORPUS.workbook_bytes({"TĐG": _self_assessment(right + 2)}))
    df, said, _ = _read(path, framework="par-local-2021")
    row = 5 + len(areas)
    assert any(f"cell D{row}" in text and "but its parts" in text for text in said), said
    assert df.set_index("component").loc["total", "score"] == pytest.approx(right + 2)


# --- built at test time -------------------------------------------------------------------------------


def test_zip_bomb_refused_fast(tmp_path):
    path = CORPUS.write_zip_bomb(tmp_path / "zip_bomb.xlsx")
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.process_time()
    with pytest.raises(InputError, match="refused as unsafe") as err:
        read_workbook(path)
    assert time.process_time() - start < HANG_SECONDS
    assert "zip_bomb.xlsx" in str(err.value) and err.value.hint


@pytest.fixture(scope="module")
def blank_rows(tmp_path_factory) -> Path:
    path = CORPUS.write_blank_formatted_rows(tmp_path_factory.mktemp("blank") / "blank_formatted_rows.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size >= 50 * 1024 * 1024
    return path


def test_blank_formatted_rows_give_the_table(blank_rows):
    df, said, _ = _read(blank_rows)
    assert _numbers(df) == _expected()
    assert not any("ignored" in text for text in said)


def test_blank_formatted_rows_are_skipped_not_parsed(blank_rows, monkeypatch):
    """The guard's scan proves the rows after the table hold only empty formatted cells, and
    calamine parses a copy of the sheet without them: the same numbers, a note (not a warning: no
    cell with a value is left out), and about 1 MB of XML parsed instead of 57 MB. How long it
    takes and how much memory it needs is measured by benchmarks/bench_hostile.py."""
    from cchc_analysis.io import grid

    parsed: list[int] = []
    write = grid.without_empty_rows

    def spy(path, extents, dst, limits):
        write(path, extents, dst, limits)
        with zipfile.ZipFile(dst) as zf:
            parsed.append(zf.getinfo("xl/worksheets/sheet1.xml").file_size)

    monkeypatch.setattr(grid, "without_empty_rows", spy)
    df, _, _ = _read(blank_rows)
    report = df.attrs["report"]
    assert _numbers(df) == _expected()
    assert report["warnings"] == []
    (note,) = [n for n in report["notes"] if "rows of empty formatted cells" in n]
    assert "skipped" in note and "no cells with a value left out" in note
    with zipfile.ZipFile(blank_rows) as zf:
        whole = zf.getinfo("xl/worksheets/sheet1.xml").file_size
    assert parsed and parsed[0] < 2 * 1024 * 1024 < 50 * 1024 * 1024 <= whole


# --- ingest: the whole corpus in one folder -----------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_ingest_of_the_corpus_reports_each_bad_file_and_keeps_the_good(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in [*ERROR_CASES, "header_row_12.xlsx"]:
        shutil.copy(BAD / name, raw / name)
    CORPUS.write_zip_bomb(raw / "zip_bomb.xlsx")
    before = {p.name: _sha(p) for p in raw.iterdir()}
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "cchc_analysis.cli", "ingest", str(raw), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{len(ERROR_CASES) + 1} file(s) could not be read" in proc.stdout
    lines = proc.stdout.splitlines()
    for name in [*ERROR_CASES, "zip_bomb.xlsx"]:
        line = next((x for x in lines if f"/{name}" in x and x.startswith("  ")), None)
        assert line is not None, name
        for words in CASES[name].says if name in CASES else ["refused as unsafe"]:
            assert words in line, (name, words, line)
    scores = load(out)
    assert {Path(f).name for f in scores["source_file"]} == {"header_row_12.xlsx"}
    assert _numbers(scores) == _expected()
    assert {p.name: _sha(p) for p in raw.iterdir()} == before


def test_ingest_of_the_whole_corpus_leaves_every_raw_file_unchanged(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(BAD, raw, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    before = {p.name: (_sha(p), p.stat().st_mtime_ns) for p in raw.iterdir()}
    result = ingest(raw, tmp_path / "out", progress=False)
    after = {p.name: (_sha(p), p.stat().st_mtime_ns) for p in raw.iterdir()}
    assert before == after
    assert {Path(f).name for f in result.errors} >= set(ERROR_CASES)
    # every good file gives PAPI 2022 for the same provinces: the first one read is kept, the others
    # are refused as giving the same numbers again, never merged silently
    assert len(result.files) >= 1
    clashes = [m for f, m in result.errors.items() if Path(f).name in DATA_CASES]
    assert all("already given by" in m for m in clashes)
    assert len(result.files) + len(clashes) == len(DATA_CASES)


# --- exports of text that looks like a formula ----------------------------------------------------------


def test_hostile_names_are_neutralised_in_xlsx_and_csv_exports(tmp_path):
    df, _, _ = _read(BAD / "hostile_text.xlsx")
    payloads = set(CORPUS.HOSTILE_UNITS) | {
        '=HYPERLINK("http://evil.example","a")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
    }
    xlsx = export_xlsx({"Điểm": df}, tmp_path / "diem.xlsx")
    with zipfile.ZipFile(xlsx) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    ws = openpyxl.load_workbook(xlsx)["Điểm"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    texts = {c.value for c in cells}
    for payload in payloads:
        assert "'" + payload in texts, payload
        assert payload not in texts, payload
    back = pd.read_excel(xlsx, sheet_name="Điểm", engine="openpyxl")
    assert back[DEFAULT_HEADERS_VI["score"]].tolist() == df["score"].tolist()
    assert sorted(back[DEFAULT_HEADERS_VI["unit"]].unique()) == sorted("'" + u for u in CORPUS.HOSTILE_UNITS)

    path = export_csv(df, tmp_path / "diem.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        fields = [f for record in csv.reader(fh) for f in record]
    for payload in payloads:
        assert "'" + payload in fields, payload
    assert not any(f[:1] and f[:1] in "=+@" for f in fields)
    assert not any(f.startswith("-") and not _is_number(f) for f in fields)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_warnings_name_the_sheet_and_the_cell():
    """A workbook has several sheets: a warning says which one, as errors do."""
    _, said, _ = _read(BAD / "total_disagrees.xlsx")
    assert any(w.startswith("sheet 'PAPI 2022', cell K7: the total is 44.5, but") for w in said), said
    _, said, _ = _read(BAD / "unknown_unit.xlsx")
    assert any(w.startswith("sheet 'PAPI 2022', cell B6: unit 'Hải Phongg'") for w in said), said
