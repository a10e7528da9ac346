"""``cchc compare`` on the shipped data: the real PAPI panel and the simulated Hòa Sơn province.

The expected numbers come straight from the raw files (PAPI CSV sums, the Hòa Sơn truth table), not
from the library.
"""

from __future__ import annotations

import contextlib
import io
import re

import openpyxl
import pandas as pd
import pytest

from cchc_analysis.cli import main
from tests.conftest import PAPI_DIR, RAW, SAMPLE_DIR

#: PAPI codebook codes of the provinces checked here.
QUANG_NINH, HA_NOI = "P14", "P01"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """``cchc ingest data/raw`` into a fresh folder (the tests do not rely on data/processed)."""
    out = tmp_path_factory.mktemp("processed")
    with contextlib.redirect_stdout(io.StringIO()) as said:
        assert main(["ingest", str(RAW), "--out", str(out), "-q"]) == 0
    assert "PAPI: 63 units, years 2011–2024" in said.getvalue()
    return out


def run(data, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["compare", *args, "--data", str(data)])
    return code, out.getvalue(), err.getvalue()


def tables(text: str) -> list[tuple[str, pd.DataFrame]]:
    """Every printed table as (its title, its cells as text), columns cut where the dashes are."""
    found, title = [], ""
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if len(lines) >= 2 and set(lines[1].replace(" ", "")) == {"-"}:
            spans = [m.span() for m in re.finditer(r"-+", lines[1])]
            cells = [[line[a:b].strip() for a, b in spans] for line in [lines[0], *lines[2:]]]
            found.append((title, pd.DataFrame(cells[1:], columns=cells[0])))
        elif lines:
            title = lines[0]
    return found


def papi_totals(year: int) -> pd.Series:
    """PAPI totals summed straight from the CSV, by codebook code (NaN where a cell is empty)."""
    raw = pd.read_csv(PAPI_DIR / "csv" / f"{year}.csv").set_index("Province")
    raw = raw[[c for c in raw.columns if raw[c].notna().any()]]
    return raw.sum(axis=1).where(raw.notna().all(axis=1))


def vn(x: float, decimals: int = 4) -> str:
    """A number the way the table prints it (decimal comma), for the checks."""
    return f"{x:.{decimals}f}".replace(".", ",")


def test_papi_2020_total_table_matches_the_panel(data):
    code, out, err = run(data, "--index", "PAPI", "--year", "2020", "--base", "2019")
    assert code == 0 and err == ""
    [(title, table)] = tables(out)
    assert title == "So sánh PAPI năm 2020 với năm 2019 – 63 tỉnh, thành phố – Chỉ số PAPI tổng hợp"
    assert len(table) == 63
    qn = table.set_index("Đơn vị").loc["Quảng Ninh"]
    assert qn["Điểm 2020"] == "48,8114"  # the published total
    assert qn["Điểm 2019"] == vn(papi_totals(2019)[QUANG_NINH])
    assert qn["Tăng/giảm"] == "+" + vn(papi_totals(2020)[QUANG_NINH] - papi_totals(2019)[QUANG_NINH])
    assert qn["Tỷ lệ 2020"] == "61,01%"  # 48,8114 of 80
    # Ranks against the panel's own sums: Quảng Ninh 3rd in 2019, 1st in 2020.
    for year in (2019, 2020):
        expected = papi_totals(year).rank(ascending=False, method="min").astype(int)
        assert qn[f"Hạng {year}"] == f"{expected[QUANG_NINH]}/63"
    assert qn["Thứ hạng"] == "tăng 2 bậc"
    # Sorted by the 2020 rank.
    ranks = [int(r.split("/")[0]) for r in table["Hạng 2020"]]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_rank_change_words_agree_with_the_ranks(data):
    code, out, _ = run(data, "--index", "PAPI", "--year", "2023", "--base", "2022")
    assert code == 0
    [(_, table)] = tables(out)
    now, before = papi_totals(2023), papi_totals(2022)
    seen = set()
    for row in table.itertuples(index=False):
        rank, base, change = row[-3], row[-2], row[-1]
        if "–" in (rank, base):
            assert change == "–"
            continue
        moved = int(base.split("/")[0]) - int(rank.split("/")[0])
        word = "tăng" if moved > 0 else "giảm" if moved < 0 else None
        assert change == (f"{word} {abs(moved)} bậc" if word else "giữ nguyên thứ hạng")
        seen.add(word)
    assert seen == {"tăng", "giảm", None}
    # Missing provinces (Quảng Ninh and Bình Dương have no 2023 values) are not ranked, and ranks
    # run over the 61 provinces with a score.
    assert now.isna().sum() == 2 and before.isna().sum() == 2
    qn = table.set_index("Đơn vị").loc["Quảng Ninh"]
    assert qn["Điểm 2023"] == "–" and qn["Hạng 2023"] == "–" and qn["Hạng 2022"] == "1/61"
    assert (table["Hạng 2023"].str.endswith("/61") | (table["Hạng 2023"] == "–")).all()
    assert "đơn vị thiếu số liệu không được xếp hạng" in out
    # The best 2023 province by the panel's own sums heads the table.
    assert table["Điểm 2023"].iat[0] == vn(now.max())


def test_units_by_any_spelling_and_every_component(data):
    code, out, _ = run(
        data, "--index", "papi", "--year", "2020", "--unit", "quang ninh", "Hanoi", "--component", "all"
    )
    assert code == 0
    [(title, _)] = tables(out)
    assert title == "So sánh PAPI năm 2020 với năm 2019 – 63 tỉnh, thành phố"
    lines = [line for line in out.splitlines() if "Quảng Ninh" in line or "Hà Nội" in line]
    # total + 8 dimensions + 29 sub-dimensions in 2020 (SC83 from 2019, SC52 until 2020).
    assert len(lines) == 2 * (1 + 8 + 29)
    sub = next(line for line in lines if line.startswith("1.1 ") and "Quảng Ninh" in line)
    raw = pd.read_csv(PAPI_DIR / "csv" / "2020.csv").set_index("Province")
    assert vn(raw.at[QUANG_NINH, "SC11"]) in sub
    assert "–" in sub.split("Quảng Ninh")[1].split()[3]  # no maximum published for sub-dimensions


def test_framework_break_is_flagged(data):
    code, out, _ = run(
        data, "--index", "PAPI", "--year", "2018", "--unit", "Hà Nội", "--component", "total", "7"
    )
    assert code == 0
    [(_, table)] = tables(out)
    hn = table.set_index("Nội dung").loc["Chỉ số PAPI tổng hợp"]
    assert hn["Điểm 2017"] == vn(papi_totals(2017)[HA_NOI])
    assert hn["Tăng/giảm"].endswith(" *")
    assert "Khác bộ tiêu chí (papi-2011 → papi-2018)" in out
    dim7 = table.set_index("Nội dung").loc["Quản trị môi trường"]
    assert dim7["Điểm 2017"] == "–" and dim7["Thứ hạng"] == "–"  # dimension 7 started in 2018


def test_par_two_blocs_match_the_truth_table(data):
    code, out, _ = run(data, "--index", "PAR", "--year", "2023", "--base", "2022")
    assert code == 0
    found = dict(tables(out))
    truth = pd.read_csv(SAMPLE_DIR / "truth" / "scores_truth.csv", dtype={"component": str})
    truth = truth[(truth["period"] == "year") & (truth["component"] == "total")]
    assert len(found) == 2
    for group, size in (("Hòa Sơn – Khối huyện", 13), ("Hòa Sơn – Khối sở", 12)):
        [table] = [t for title, t in found.items() if f"– {group} –" in title]
        assert len(table) == size
        for year in (2022, 2023):
            rows = truth[(truth["year"] == year) & (truth["peer_group"] == group)].set_index("unit")
            got = table.set_index("Đơn vị")
            assert got[f"Điểm {year}"].to_dict() == {u: vn(s, 2) for u, s in rows["score"].items()}
            assert got[f"Hạng {year}"].to_dict() == {u: f"{int(r)}/{size}" for u, r in rows["rank"].items()}
    nui_tham = found[next(t for t in found if "Khối huyện" in t)].set_index("Đơn vị").loc["Huyện Núi Thắm"]
    assert nui_tham[["Điểm 2023", "Tăng/giảm", "Tỷ lệ 2023", "Thứ hạng"]].tolist() == [
        "65,64",
        "+0,19",
        "93,77%",
        "giữ nguyên thứ hạng",
    ]


def test_csv_and_xlsx_exports(data, tmp_path):
    csv = tmp_path / "so_sanh.csv"
    code, out, _ = run(data, "--index", "PAPI", "--year", "2020", "--csv", str(csv))
    assert code == 0 and f"Đã ghi {csv}" in out
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(table) == 63 and {"Đơn vị", "Điểm", "Thay đổi thứ hạng (bậc)"} <= set(table.columns)
    qn = table.set_index("Đơn vị").loc["Quảng Ninh"]
    assert round(qn["Điểm"], 4) == 48.8114 and qn["Thay đổi thứ hạng (bậc)"] == 2

    xlsx = tmp_path / "so_sanh.xlsx"
    code, _, _ = run(data, "--index", "PAR", "--year", "2023", "--unit", "Núi Thắm", "--xlsx", str(xlsx))
    assert code == 0
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["So sánh 2023-2022"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c for c in ws[2]], strict=True))
    assert row["Đơn vị"].value == "Huyện Núi Thắm"
    assert row["Điểm"].value == pytest.approx(65.64) and row["Điểm"].number_format == "0.00"
    assert ws.max_row == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--index", "PCI", "--year", "2023"], "there are no PCI scores in the ingested table"),
        (["--index", "PAPI", "--year", "2030"], "no scores for 2030 in the table"),
        (["--index", "PAPI", "--year", "2023", "--base", "2023"], "compare two different years"),
        (["--index", "PAR", "--year", "2023", "--unit", "Núi Thắng"], "Did you mean: Huyện Núi Thắm?"),
        (["--index", "PAPI", "--year", "2023", "--component", "9"], "no component 9"),
    ],
)
def test_errors_are_one_line_and_exit_2(data, args, message):
    code, out, err = run(data, *args)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_missing_data_folder_and_unwritable_output(tmp_path, data):
    code, _, err = run(tmp_path / "nothing", "--index", "PAPI", "--year", "2023")
    assert code == 2 and "no ingested scores found" in err and "cchc ingest" in err
    code, _, err = run(data, "--index", "PAPI", "--year", "2023", "--csv", str(tmp_path / "no" / "x.csv"))
    assert code == 2 and err.startswith("error: ") and not (tmp_path / "no").exists()


def test_csv_and_xlsx_together_are_refused(data, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["compare", "--index", "PAPI", "--year", "2023", "--csv", "a.csv", "--xlsx", "b.xlsx"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_read_subcommand_still_works(capsys):
    assert main(["read", str(PAPI_DIR / "csv" / "2020.csv")]) == 0
    said = capsys.readouterr().out
    assert "63 units, year 2020, 29 components" in said


def test_read_subcommand_says_what_it_left_out_and_counts_in_the_singular(capsys):
    sample = PAPI_DIR.parent / "sample-province"
    assert main(["read", str(sample / "2021" / "KQ_chi_so_CCHC_2021.xlsx")]) == 0
    said = capsys.readouterr().out
    assert "dropped 5 row(s): 2 section row, 3 total/average row" in said
    assert main(["read", str(sample / "2023" / "TDG_9_thang_2023_Nui_Tham.xlsx")]) == 0
    assert ": 297 numbers, 1 unit, year 2023, 99 components" in capsys.readouterr().out
