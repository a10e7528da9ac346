"""The simulated 'Tỉnh Hòa Sơn' spreadsheets: deterministic, carrying the documented quirks, and
consistent with their ground truth and with the ``par-local-2021`` criteria set."""

from __future__ import annotations

import csv
import importlib.util
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from vietnamadminunits.database import query

from cchc_analysis.io.legacy import decode_tcvn3, encode_tcvn3

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_sample_data.py"
FRAMEWORK_CSV = ROOT / "cchc_analysis" / "frameworks" / "data" / "par-local-2021.csv"
COMMITTED = ROOT / "data" / "raw" / "sample-province"
SIMULATED = "Dữ liệu mô phỏng – không phải số liệu thật"

AREA_MAX = {
    "1": "12.5",
    "2": "7.5",
    "3": "4",
    "4": "7.75",
    "5": "12.75",
    "6": "7.5",
    "7": "9.5",
    "8": "6",
    "9": "2.5",
}
AREA_SURVEY = {"2": "2.5", "4": "2.5", "5": "4", "6": "2", "7": "1.5", "8": "1"}


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("make_sample_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample_data"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def out(gen, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("sample-province")
    gen.generate(target)
    return target


@pytest.fixture(scope="module")
def framework() -> list[dict[str, str]]:
    with FRAMEWORK_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def truth(out) -> list[dict[str, str]]:
    with (out / "truth" / "scores_truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.suffix in {".xlsx", ".csv"})


def _dec(text: str) -> Decimal:
    return Decimal(text)


def _number(value) -> Decimal:
    """A score cell as the reader must see it: a number, or text with a decimal comma."""
    if isinstance(value, str):
        return Decimal(value.replace(",", "."))
    return Decimal(str(value))


# --- determinism ---------------------------------------------------------------------------------


def test_two_runs_give_identical_files(gen, out, tmp_path):
    gen.generate(tmp_path)
    assert _files(tmp_path) == _files(out)
    for rel in _files(out):
        if rel.suffix == ".xlsx":
            assert _cell_values(tmp_path / rel) == _cell_values(out / rel), rel
        assert (tmp_path / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_committed_files_are_the_generator_output(out):
    assert _files(COMMITTED) == _files(out)
    for rel in _files(out):
        assert (COMMITTED / rel).read_bytes() == (out / rel).read_bytes(), rel
    assert (COMMITTED / "SOURCE.md").is_file()


# --- the framework -------------------------------------------------------------------------------


def test_framework_maxima(framework):
    rows = {r["code"]: r for r in framework}
    assert _dec(rows["total"]["max_score"]) == 70
    areas = [r for r in framework if r["parent"] == "total"]
    assert {r["code"]: _dec(r["max_score"]) for r in areas} == {k: _dec(v) for k, v in AREA_MAX.items()}
    for code, row in rows.items():
        kids = [r for r in framework if r["parent"] == code]
        if kids:
            assert sum(_dec(k["max_score"]) for k in kids) == _dec(row["max_score"]), code
    for area in AREA_MAX:
        survey = sum(
            _dec(r["max_score"])
            for r in framework
            if r["kind"] == "survey" and r["code"].split(".")[0] == area
        )
        assert survey == _dec(AREA_SURVEY.get(area, "0")), area
    assert rows["9"]["kind"] == "bonus"
    assert all(rows[a]["kind"] == "aggregate" for a in "12345678")


def test_framework_codes_and_names(framework):
    codes = [r["code"] for r in framework]
    assert len(codes) == len(set(codes))
    assert {"1.10", "7.2.2"} <= set(codes)
    assert sum(1 for r in framework if r["parent"] == "1") >= 10
    for row in framework:
        assert row["parent"] in codes or row["code"] == "total"
        assert row["name_vi"] and row["name_en"], row["code"]
        assert unicodedata.normalize("NFC", row["name_vi"]) == row["name_vi"]
        assert row["kind"] in {"aggregate", "appraised", "survey", "bonus", "penalty"}


# --- the truth -----------------------------------------------------------------------------------


def test_truth_sums_and_maxima(truth, framework):
    maxima = {r["code"]: _dec(r["max_score"]) for r in framework}
    leaves = {r["code"] for r in framework} - {r["parent"] for r in framework}
    areas = [r["code"] for r in framework if r["parent"] == "total"]
    published = {}
    for row in truth:
        if row["stage"] == "published":
            published.setdefault((row["year"], row["unit"]), {})[row["component"]] = _dec(row["score"])
        assert _dec(row["max_score"]) == maxima[row["component"]]
    assert len(published) == 3 * 25
    for key, scores in published.items():
        assert set(scores) == set(maxima), key
        assert scores["total"] == sum(scores[a] for a in areas), key
        assert scores["total"] == sum(scores[leaf] for leaf in leaves), key
        assert all(0 <= scores[c] <= maxima[c] for c in scores), key
        assert 48 <= scores["total"] <= 68, key
    mean_total = sum(s["total"] for s in published.values()) / len(published)
    assert 56 <= mean_total <= 62


def test_truth_year_changes_are_small(truth):
    totals = {
        (r["unit"], int(r["year"])): _dec(r["score"])
        for r in truth
        if r["stage"] == "published" and r["component"] == "total"
    }
    for (unit, year), score in totals.items():
        if year > 2021:
            assert abs(score - totals[(unit, year - 1)]) <= 7, (unit, year)


def test_tie_and_competition_ranks(truth):
    for year in ("2021", "2022", "2023"):
        for group in ("Hòa Sơn – Khối huyện", "Hòa Sơn – Khối sở"):
            rows = [
                r
                for r in truth
                if r["year"] == year
                and r["stage"] == "published"
                and r["component"] == "total"
                and r["peer_group"] == group
            ]
            for row in rows:
                better = sum(_dec(o["score"]) > _dec(row["score"]) for o in rows)
                assert int(row["rank"]) == better + 1
    tied = [
        r["unit"]
        for r in truth
        if r["year"] == "2022"
        and r["component"] == "total"
        and r["stage"] == "published"
        and r["score"] == "56.03"
    ]
    assert sorted(tied) == ["Huyện Gò Nhạn", "Huyện Lũng Mây"]


def test_units_are_fictional(out):
    with (out / "units.csv").open(encoding="utf-8", newline="") as handle:
        units = list(csv.DictReader(handle))
    assert [u["level"] for u in units].count("district") == 13
    assert [u["level"] for u in units].count("department") == 12
    real = {r["districtShort"] for r in query("SELECT DISTINCT districtShort FROM admin_units_legacy")}
    real |= {r["wardShort"] for r in query("SELECT DISTINCT wardShort FROM admin_units_legacy")}
    assert "Hải Hà" in real  # the lookup works on a real district
    for unit in units:
        if unit["level"] == "district":
            short = unit["aliases"].split("|")[-1]
            assert short not in real, short
            assert unit["aliases"].split("|")[0].startswith("UBND ")
    assert "UBND huyện Núi Thắm|H. Núi Thắm|Núi Thắm" in {u["aliases"] for u in units}


# --- the quirks ----------------------------------------------------------------------------------


def test_every_sheet_says_simulated(out):
    for rel in _files(out):
        if rel.suffix != ".xlsx":
            continue
        for ws in openpyxl.load_workbook(out / rel).worksheets:
            texts = [c for row in ws.iter_rows(max_row=5, values_only=True) for c in row if c]
            decoded = [decode_tcvn3(t) if "TCVN3" in rel.name else t for t in texts]
            assert SIMULATED in decoded, (rel, ws.title)


def test_2021_layout_and_text_commas(out, truth):
    ws = openpyxl.load_workbook(out / "2021" / "KQ_chi_so_CCHC_2021.xlsx")["KQ 2021"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "D5:L5", "M5:M6", "N5:N6", "O5:O6", "A2:O2"} <= merged
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH HÒA SƠN"
    assert [ws.cell(6, c).value for c in range(4, 13)] == [str(i) for i in range(1, 10)]
    assert all(ws.cell(r, 3).value is None for r in range(5, ws.max_row + 1))
    assert (ws["A7"].value, ws["B7"].value) == ("I", "Khối huyện")
    assert (ws["A22"].value, ws["B22"].value) == ("II", "Khối sở")
    assert ws["B21"].value == "Trung bình" and ws["B35"].value == "Trung bình"
    assert ws["B36"].value == "Tổng cộng"

    expected = {
        (r["unit"], r["component"]): _dec(r["score"])
        for r in truth
        if r["year"] == "2021" and r["source_file"].startswith("2021/")
    }
    unit_rows = [r for r in range(8, 35) if isinstance(ws.cell(r, 1).value, int)]
    assert len(unit_rows) == 25
    text_cells = 0
    for r in unit_rows:
        unit = ws.cell(r, 2).value
        for col, code in zip(range(4, 14), [*"123456789", "total"], strict=True):
            value = ws.cell(r, col).value
            text_cells += isinstance(value, str)
            assert _number(value) == expected[(unit, code)], (r, col)
        pct = (expected[(unit, "total")] * 100 / 70).quantize(Decimal("0.01"))
        assert _number(ws.cell(r, 14).value) == pct
        text_cells += isinstance(ws.cell(r, 14).value, str)
        rank = ws.cell(r, 15).value
        assert isinstance(rank, str) and len(rank) == 2
    assert 0.03 <= text_cells / (25 * 11) <= 0.08
    commas = [ws.cell(r, c).value for r in unit_rows for c in range(4, 15)]
    assert any(isinstance(v, str) and "," in v for v in commas)


def test_2022_summary_and_detail(out, truth, framework):
    wb = openpyxl.load_workbook(out / "2022" / "KQ_chi_so_CCHC_2022.xlsx")
    summary, detail = wb["Tổng hợp"], wb["Chi tiết tiêu chí"]
    names = {r["code"]: {r["name_vi"], *r["aliases"].split("|")} for r in framework}
    for i, col in enumerate(range(4, 13), start=1):
        assert summary.cell(6, col).value in names[str(i)]
    ranks = [summary.cell(r, 15).value for r in range(8, 21)]
    assert ranks.count("10/13") == 2 and "11/13" not in ranks and ranks[0] == "01/13"
    assert summary.cell(34, 15).value.endswith("/12")

    leaves = [r for r in framework if r["code"] not in {x["parent"] for x in framework}]
    codes = [detail.cell(6, c).value for c in range(3, 3 + len(leaves))]
    assert codes == [r["code"] for r in leaves]
    assert "1.10" in codes and "7.2.2" in codes
    assert detail.cell(7, 3 + codes.index("1.10")).value == "(1,5)"
    assert detail.cell(7, 3 + codes.index("1.1.2")).value == "(1,0)"
    merged = {str(r) for r in detail.merged_cells.ranges}
    assert {"A5:A7", "B5:B7", "BU5:BU7"} <= merged
    assert detail["C5"].value == next(r["name_vi"] for r in framework if r["code"] == "1")
    expected = {
        (r["unit"], r["component"]): _dec(r["score"])
        for r in truth
        if r["year"] == "2022" and r["stage"] == "published"
    }
    aliases = {}
    with (out / "units.csv").open(encoding="utf-8", newline="") as handle:
        for u in csv.DictReader(handle):
            aliases[u["aliases"].split("|")[0]] = u["unit"]
            aliases[u["unit"]] = u["unit"]
    seen = 0
    for r in range(9, detail.max_row + 1):
        if not isinstance(detail.cell(r, 1).value, int):
            continue
        unit = aliases[detail.cell(r, 2).value]
        for j, code in enumerate(codes):
            assert isinstance(detail.cell(r, 3 + j).value, (int, float))
            assert _number(detail.cell(r, 3 + j).value) == expected[(unit, code)]
        assert _number(detail.cell(r, 3 + len(codes)).value) == expected[(unit, "total")]
        seen += 1
    assert seen == 25
    assert detail["B9"].value.startswith("UBND ")


def test_2023_tcvn3(out, truth):
    ws = openpyxl.load_workbook(out / "2023" / "KQ_chi_so_CCHC_2023_TCVN3.xlsx")["KQ 2023"]
    assert ws["A1"].font.name == ".VnTimeH" and ws["A2"].font.name == ".VnTimeH"
    assert decode_tcvn3(ws["A1"].value) == "ỦY BAN NHÂN DÂN TỈNH HÒA SƠN"
    assert decode_tcvn3(ws["A2"].value).startswith("KẾT QUẢ XÁC ĐỊNH CHỈ SỐ")
    assert ws["A3"].value == encode_tcvn3(SIMULATED)
    assert ws["B7"].value == "Khèi huyÖn" and ws["B10"].value == "HuyÖn Nói Th¾m"
    assert ws["B5"].value == encode_tcvn3("Tên đơn vị")
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == ".VnTime", cell.coordinate
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệ" for t in texts for ch in t)

    expected = {
        (r["unit"], r["component"]): _dec(r["score"])
        for r in truth
        if r["year"] == "2023" and r["stage"] == "published"
    }
    comma_text = 0
    for r in range(8, 35):
        if not isinstance(ws.cell(r, 1).value, int):
            continue
        unit = decode_tcvn3(ws.cell(r, 2).value)
        for col, code in zip(range(4, 14), [*"123456789", "total"], strict=True):
            value = ws.cell(r, col).value
            comma_text += isinstance(value, str)
            assert _number(value) == expected[(unit, code)]
    assert comma_text >= 5


def test_nine_month_self_assessment(out, truth, framework):
    ws = openpyxl.load_workbook(out / "2023" / "TDG_9_thang_2023_Nui_Tham.xlsx").active
    assert ws["A1"].value == "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC 9 THÁNG NĂM 2023"
    assert ws["A2"].value == "Đơn vị: UBND huyện Núi Thắm"
    assert [c.value for c in ws[5]] == [
        "STT",
        "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Điểm thẩm định",
        "Dự kiến điểm cả năm",
        "Ghi chú",
    ]
    kinds = {r["code"]: r["kind"] for r in framework}
    leaves = set(kinds) - {r["parent"] for r in framework}
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    truth_9m = {(r["stage"], r["component"]): r["score"] for r in truth if r["period"] == "9M"}
    appraised_rows = filled_appraised = 0
    last = ws.max_row
    for r in range(7, last):
        stt, name = ws.cell(r, 1).value, ws.cell(r, 2).value
        code = str(roman.index(stt) + 1) if stt in roman else stt
        if stt in roman:
            assert name.startswith(f"{code}. "), name
        assert code in kinds, (r, stt)
        self_v, appr_v, est_v = (ws.cell(r, c).value for c in (4, 5, 6))
        if kinds[code] == "survey":
            assert self_v is None and appr_v is None
            assert ws.cell(r, 7).value == "Điểm điều tra XHH, chấm cuối năm"
        assert est_v is not None
        for stage, value in (("self", self_v), ("appraised", appr_v), ("estimate", est_v)):
            want = truth_9m[(stage, code)]
            assert (value is None) == (want == ""), (r, stage)
            if value is not None:
                assert _number(value) == _dec(want)
        if code in leaves and kinds[code] != "survey":
            appraised_rows += 1
            filled_appraised += appr_v is not None
    assert 0.3 <= filled_appraised / appraised_rows <= 0.7
    assert ws.cell(last, 2).value == "Tổng điểm"
    self_text = ws.cell(last, 4).value
    points, maximum = self_text.split("/")
    assert maximum == "56,5"
    assert _number(points) == _dec(truth_9m[("self", "total")])


def test_headers_resolve_through_the_framework_loader(out):
    from cchc_analysis.frameworks import get_framework

    fw = get_framework("par-local-2021")
    wb = openpyxl.load_workbook(out / "2022" / "KQ_chi_so_CCHC_2022.xlsx")
    summary, detail = wb["Tổng hợp"], wb["Chi tiết tiêu chí"]
    assert [fw.match_header(summary.cell(6, c).value) for c in range(4, 13)] == list("123456789")
    area_headers = [detail.cell(5, c).value for c in range(3, detail.max_column)]
    areas = [fw.match_header(h) for h in area_headers if h is not None]
    assert areas == list("123456789")
    assert fw.match_header(detail.cell(5, detail.max_column).value) == "total"
