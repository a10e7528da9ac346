"""cchc ingest: discovery, idempotence, atomic output, one bad file does not stop the others."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from cchc_analysis import InputError, ingest, load
from cchc_analysis.cli import main
from cchc_analysis.ingest import discover

from .conftest import RAW, ROOT, SAMPLE_DIR, write_xlsx


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    result = ingest(RAW, out, progress=False)
    return result, out


def test_discover_takes_data_files_and_skips_metadata():
    files = [p.relative_to(RAW).as_posix() for p in discover(RAW)]
    assert "papi/csv/2011.csv" in files and "papi/csv/2024.csv" in files
    assert "sample-province/2023/TDG_9_thang_2023_Nui_Tham.xlsx" in files
    assert not any("codebook" in f or "truth" in f or f.endswith("units.csv") for f in files)
    assert len(files) == 14 + 4


def test_ingest_reads_everything_shipped(ingested):
    result, out = ingested
    assert result.ok, result.errors
    scores = load(out)
    assert set(scores["index"]) == {"PAPI", "PAR"}
    papi = scores[scores["index"] == "PAPI"]
    assert sorted(papi["year"].unique()) == list(range(2011, 2025))
    assert papi["unit"].nunique() == 63
    par = scores[scores["index"] == "PAR"]
    assert set(par["peer_group"]) == {"Hòa Sơn – Khối huyện", "Hòa Sơn – Khối sở"}
    assert set(par["stage"]) == {"published", "self", "appraised", "estimate"}
    summary = result.summary()
    assert "PAPI: 63 units, years 2011–2024" in summary
    assert "Wrote" in summary


def test_readme_shows_what_ingest_prints(ingested):
    """The README's `cchc ingest` example is the summary of the shipped data, line for line."""
    result, _ = ingested
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ cchc ingest data/raw --out data/processed\n", 1)[1].split("```", 1)[0]
    shown = [line for line in block.splitlines() if not line.startswith("Wrote ")]
    printed = [line for line in result.summary().splitlines() if not line.startswith("Wrote ")]
    assert shown == printed


def test_ingested_sample_matches_the_generator_truth(ingested):
    _, out = ingested
    scores = load(out)
    truth = pd.read_csv(SAMPLE_DIR / "truth" / "scores_truth.csv", dtype={"component": str})
    truth = truth[truth["source_file"].notna()]
    keys = ["year", "period", "stage", "unit", "peer_group", "component"]
    merged = scores[scores["index"] == "PAR"].merge(truth, on=keys, how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][keys].head()
    assert np.allclose(merged["score_x"], merged["score_y"], equal_nan=True)
    assert np.allclose(merged["max_score_x"], merged["max_score_y"], equal_nan=True)
    ranked = merged[merged["rank"].notna()]
    assert (ranked["rank_published"].astype(int) == ranked["rank"].astype(int)).all()


def test_ingest_is_idempotent(ingested, tmp_path):
    _, out = ingested
    again = tmp_path / "again"
    ingest(RAW, again, progress=False)
    assert _sha(again / "scores.parquet") == _sha(out / "scores.parquet")


def test_raw_files_are_not_modified(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    before = {p: _sha(p) for p in raw.rglob("*") if p.is_file()}
    ingest(raw, tmp_path / "out", progress=False)
    after = {p: _sha(p) for p in raw.rglob("*") if p.is_file()}
    assert before == after


def test_a_bad_file_is_reported_and_the_rest_ingested(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    (raw / "misc").mkdir()
    (raw / "misc" / "not_a_table.xlsx").write_bytes(b"this is not a spreadsheet")
    result = ingest(raw, tmp_path / "out", progress=False)
    assert not result.ok
    assert list(result.errors) == [str(raw / "misc" / "not_a_table.xlsx")]
    assert "not_a_table.xlsx" in result.summary()
    assert load(tmp_path / "out")["unit"].nunique() == 25


def test_the_same_number_from_two_files_is_an_error_for_the_second(tmp_path):
    raw = tmp_path / "raw"
    rows = [
        ["KẾT QUẢ CHỈ SỐ SIPAS NĂM 2022"],
        ["STT", "Tỉnh, thành phố", "Chỉ số hài lòng (%)"],
        [1, "Cà Mau", "80,5"],
    ]
    write_xlsx(raw / "a" / "sipas_2022.xlsx", {"S": rows})
    write_xlsx(raw / "b" / "sipas_2022_copy.xlsx", {"S": rows})
    result = ingest(raw, tmp_path / "out", progress=False)
    assert len(result.files) == 1 and len(result.errors) == 1
    assert "already given by" in next(iter(result.errors.values()))


def test_failed_write_leaves_previous_output(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    out = tmp_path / "out"
    ingest(raw, out, progress=False)
    before = _sha(out / "scores.parquet")

    def broken(self, path, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError):
        ingest(raw, out, progress=False)
    assert _sha(out / "scores.parquet") == before
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_load_without_ingest_says_what_to_do(tmp_path):
    with pytest.raises(InputError, match="cchc ingest"):
        load(tmp_path)


def test_cli_ingest_prints_summary_and_exit_code(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    code = main(["ingest", str(raw), "--out", str(tmp_path / "out"), "-q"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "PAR: 25 units, years 2021–2023" in printed
    (raw / "broken.csv").write_bytes(b"\x00\x01\x02 binary")
    code = main(["ingest", str(raw), "--out", str(tmp_path / "out"), "-q"])
    assert code == 1
    assert "broken.csv" in capsys.readouterr().out


def test_cli_read_one_file(capsys):
    code = main(["read", str(SAMPLE_DIR / "2021" / "KQ_chi_so_CCHC_2021.xlsx")])
    assert code == 0
    assert "25 units" in capsys.readouterr().out


def test_cli_error_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    proc = subprocess.run(
        [sys.executable, "-m", "cchc_analysis.cli", "read", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    assert "x.xlsx" in proc.stderr


def test_reading_and_ingesting_do_not_load_the_report_or_excel_writing_machinery(tmp_path):
    # every `cchc` command built its parser by importing cchc_analysis.report, whose nbformat import
    # compiles jsonschema's format grammars: `cchc ingest` of data/raw took 5.7 s, 2.8 s of it that
    # import. openpyxl (the fallback reader and the xlsx export) is not needed to read an xlsx either.
    code = (
        "import sys\n"
        "from cchc_analysis.cli import main\n"
        f"assert main(['read', {str(SAMPLE_DIR / '2021' / 'KQ_chi_so_CCHC_2021.xlsx')!r}]) == 0\n"
        f"assert main(['ingest', {str(RAW)!r}, '--out', {str(tmp_path)!r}, '-q']) == 0\n"
        "print(sorted(m for m in ('nbformat', 'nbconvert', 'jsonschema', 'openpyxl') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    # the report package still gives its names, loaded on first use
    from cchc_analysis import report

    assert callable(report.render_batch) and report.SIMULATED_TEXT
    with pytest.raises(AttributeError):
        report.no_such_name  # noqa: B018


def test_cli_read_prints_how_the_table_was_read_with_notes(capsys):
    path = str(SAMPLE_DIR / "2023" / "KQ_chi_so_CCHC_2023_TCVN3.xlsx")
    assert main(["read", path]) == 0
    assert "note:" not in capsys.readouterr().out
    assert main(["read", path, "--notes"]) == 0
    out = capsys.readouterr().out
    assert "note: sheet 'KQ 2023': text in legacy TCVN3 encoding decoded to Unicode" in out
