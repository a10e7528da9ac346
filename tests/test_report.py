"""Offline HTML reports: parameters, the offline/size/language checks, the batch runner, index and CLI.

The rendering tests execute the real unit-profile notebook (notebooks/02_ho_so_don_vi.ipynb) on the
shipped data: PAPI 2024 (real) and the Hòa Sơn PAR 2023 sample (simulated), plus copies of that data
with hostile unit names.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import cchc_analysis as cchc
from cchc_analysis.errors import InputError
from cchc_analysis.report import (
    MAX_BYTES,
    SIMULATED_TEXT,
    ReportJob,
    atomic_write_text,
    cli_report,
    declared_parameters,
    external_references,
    inject_parameters,
    plan_reports,
    render_batch,
    render_html,
    report_problems,
    slugify,
    write_index,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data" / "processed"
PROFILE = NOTEBOOKS / "02_ho_so_don_vi.ipynb"

XSS_NAMES = ["<script>alert(1)</script>", '" onmouseover="x', "javascript:alert(1)"]


# --------------------------------------------------------------------------- helpers


class _Page(HTMLParser):
    """Text, elements and attributes of a page, as a browser's parser sees them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def _notebook(source_cells: list[str], params: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, *(nbformat.v4.new_code_cell(s) for s in source_cells)]
    return nb


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return cchc.load(DATA)


# --------------------------------------------------------------------------- pure functions


def test_slugify_keeps_only_safe_ascii():
    assert slugify("Đắk Lắk") == "dak-lak"
    assert slugify("Thành phố Hồ Chí Minh") == "thanh-pho-ho-chi-minh"
    assert slugify("<script>alert(1)</script>") == "script-alert-1-script"
    assert slugify("javascript:alert(1)") == "javascript-alert-1"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("   ") == "bao-cao"


def test_parameters_are_injected_as_values_that_read_back_exactly():
    nb = _notebook(["x = 1"], 'unit = "Hà Nội"\nyear = 2024\ntarget_rank = None\n')
    hostile = ['a"b\\', "l1\nl2'''", *XSS_NAMES, "Đắk Lắk", 'x\\"; import os #']
    for name in hostile:
        out = inject_parameters(nb, {"unit": name, "year": 2023})
        assert nb.cells[0].source.startswith('unit = "Hà Nội"')  # input untouched
        injected = out.cells[1]
        assert injected.metadata["tags"] == ["injected-parameters"]
        namespace: dict[str, object] = {}
        exec(compile(injected.source, "<params>", "exec"), {}, namespace)
        assert namespace == {"unit": name, "year": 2023}
    # injecting twice replaces the earlier injected cell
    twice = inject_parameters(inject_parameters(nb, {"year": 2020}), {"year": 2021})
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in twice.cells) == 1
    assert "year = 2021" in twice.cells[1].source
    assert declared_parameters(nb) == {"unit": "Hà Nội", "year": 2024, "target_rank": None}


def test_injection_refuses_undeclared_names_odd_values_and_untagged_notebooks():
    nb = _notebook([], 'unit = "Hà Nội"\n')
    with pytest.raises(InputError, match="does not declare the parameter 'unti'"):
        inject_parameters(nb, {"unti": "Huế"})
    with pytest.raises(InputError, match="cannot be passed"):
        inject_parameters(nb, {"unit": object()})
    with pytest.raises(InputError, match="cannot be passed"):
        inject_parameters(nb, {"unit": float("nan")})
    untagged = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("unit = 1")])
    with pytest.raises(InputError, match="no cell tagged 'parameters'"):
        inject_parameters(untagged, {"unit": 2})


def test_external_references_find_every_way_out_of_the_file():
    page = """<html lang="vi"><head>
    <script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js"></script>
    <link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">
    <style>@import "https://x.example/a.css"; .a { background: url('http://img.example/b.png') }
      .b { background: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E") }</style>
    </head><body><img src="data:image/png;base64,AAAA"><a href="#section-1">ok</a>
    <a href="https://papi.org.vn">PAPI</a><a href=" JaVaScRiPt:alert(1)">x</a>
    <img alt="javascript:alert(2) so với nhóm" title="javascript:alert(3)" src="data:image/png;base64,AA">
    <iframe src="java\tscript:alert(4)"></iframe>
    <svg xmlns="http://www.w3.org/2000/svg"></svg><div style="background:url(https://t.example/p)"></div>
    <script>fetch("https://api.example.com/x")</script></body></html>"""
    found = {(f.kind, f.url) for f in external_references(page)}
    assert found == {
        ("request", "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.4/require.min.js"),
        ("request", "//fonts.googleapis.com/css?family=Roboto"),
        ("request", "https://x.example/a.css"),
        ("request", "http://img.example/b.png"),
        ("request", "https://t.example/p"),
        ("request", "https://api.example.com/x"),
        ("link", "https://papi.org.vn"),
        ("script-url", " JaVaScRiPt:alert(1)"),
        ("script-url", "java\tscript:alert(4)"),  # text attributes (alt, title) are text, not URLs
    }
    problems = report_problems(page)
    assert len(problems) == 9
    assert len(report_problems(page, allow_links=True)) == 8


def test_report_problems_check_language_and_size():
    ok = '<!DOCTYPE html>\n<html lang="vi">\n<body><p>Xin chào</p></body></html>'
    assert report_problems(ok) == []
    assert report_problems(ok.replace('lang="vi"', 'lang="en"')) == [
        'the page does not declare <html lang="vi">'
    ]
    big = ok.replace("Xin chào", "x" * (MAX_BYTES + 1))
    assert [p for p in report_problems(big) if "MB" in p] == [
        "report is 1.50 MB, more than the 1.50 MB limit"
    ]


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "sub" / "a.html"
    atomic_write_text(target, "cũ")
    with pytest.raises(TypeError):
        atomic_write_text(target, None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in target.parent.iterdir()] == ["a.html"]  # no temporary file left behind


def test_render_html_is_offline_vietnamese_and_carries_the_banner_on_simulated_data():
    nb = _notebook([], "unit = 1")
    nb.cells.append(nbformat.v4.new_markdown_cell("## Kết quả"))
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: x")]
    page = render_html(nb, title="Hồ sơ <b>X</b>", simulated=True, footer="Tạo <i>bởi</i> cchc")
    assert report_problems(page) == []
    parsed = _Page(page)
    assert not parsed.scripts  # no require.js, MathJax or mermaid, inline or from a CDN
    assert "Hồ sơ <b>X</b>" in parsed.plain and ("b", {}) not in parsed.tags  # title escaped
    assert "Tạo <i>bởi</i> cchc" in parsed.plain
    banner = page.index(SIMULATED_TEXT)
    assert banner < page.index("Kết quả")  # at the top, before the notebook's content
    assert "FutureWarning" not in page  # warnings are for the log, not the reader
    assert 'id="du-lieu-mo-phong"' not in render_html(nb, title="t", simulated=False)
    # a notebook that states it works on simulated data gets the banner even if the caller did not say so
    nb.cells.append(nbformat.v4.new_markdown_cell("Lưu ý: dữ liệu mô phỏng."))
    assert 'id="du-lieu-mo-phong"' in render_html(nb, title="t", simulated=False)


# --------------------------------------------------------------------------- planning


def test_default_plan_covers_the_shipped_data(scores):
    jobs = plan_reports(scores, data_dir=DATA)
    by = {}
    for j in jobs:
        by.setdefault((j.index, j.year, j.kind), []).append(j)
    papi_units = by[("PAPI", 2024, "unit")]
    assert len(papi_units) == 63
    assert all(not j.simulated for j in papi_units)
    assert len(by[("PAR", 2023, "unit")]) == 25
    assert all(j.simulated for j in by[("PAR", 2023, "unit")])
    assert [j.unit for j in by[("PAR", 2023, "progress")]] == ["Huyện Núi Thắm"]
    assert {j.peer_group for j in by[("PAR", 2023, "overview")]} == {
        "Hòa Sơn – Khối sở",
        "Hòa Sơn – Khối huyện",
    }
    assert len({j.path for j in jobs}) == len(jobs)
    hn = next(j for j in papi_units if j.unit == "Hà Nội")
    assert hn.parameters["unit"] == "Hà Nội" and hn.parameters["base_year"] == 2023
    assert hn.rank is not None and 1 <= hn.rank <= hn.rank_of <= 63
    assert hn.max_score == 80.0 and 30 < hn.score < 80
    assert all(re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+\.html", j.path) for j in jobs)
    # each index names its areas its own way
    assert all(j.title.startswith("Chỉ số nội dung ") for j in by[("PAPI", 2024, "area")])
    assert all(j.title.startswith("Lĩnh vực ") for j in by[("PAR", 2023, "area")])


def test_plan_for_named_units_and_unknown_names(scores):
    jobs = plan_reports(scores, data_dir=DATA, units=["huyện núi thắm"])
    assert [(j.kind, j.unit) for j in jobs] == [("unit", "Huyện Núi Thắm"), ("progress", "Huyện Núi Thắm")]
    with pytest.raises(InputError, match="Did you mean Đà Nẵng"):
        plan_reports(scores, data_dir=DATA, index="PAPI", units=["Da Nang"])
    with pytest.raises(InputError, match="No annual PAPI scores for 2030"):
        plan_reports(scores, data_dir=DATA, index="PAPI", year=2030)


# --------------------------------------------------------------------------- rendering the real notebook


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory, scores) -> Path:
    """The shipped scores with three Hòa Sơn districts renamed to injection payloads."""
    folder = tmp_path_factory.mktemp("hostile-data")
    renames = dict(zip(["Huyện Cồn Sẻ", "Huyện Đèo Gió", "Huyện Gò Nhạn"], XSS_NAMES, strict=True))
    frame = scores.assign(unit=scores["unit"].replace(renames))
    frame.to_parquet(folder / "scores.parquet")
    return folder


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, scores, hostile_data):
    """One batch: a real PAPI province, a simulated PAR district, the hostile names, a unit that fails."""
    out = tmp_path_factory.mktemp("reports")
    jobs = plan_reports(scores, data_dir=DATA, index="PAPI", units=["Đà Nẵng"])
    jobs += plan_reports(scores, data_dir=DATA, index="PAR", units=["Huyện Núi Thắm"], kinds=("unit",))
    hostile = cchc.load(hostile_data)
    jobs += plan_reports(hostile, data_dir=hostile_data, index="PAR", units=XSS_NAMES, kinds=("unit",))
    broken = ReportJob(
        kind="unit",
        notebook=PROFILE.name,
        parameters={**jobs[0].parameters, "unit": "Tỉnh Không Có"},
        required=("unit",),
        path="papi-2024/ho-so-tinh-khong-co.html",
        title="Hồ sơ Tỉnh Không Có — PAPI 2024",
        index="PAPI",
        year=2024,
        unit="Tỉnh Không Có",
    )
    jobs.append(broken)
    results = render_batch(jobs, out, notebooks_dir=NOTEBOOKS, workers=2, progress=False)
    index = write_index(out, results)
    return out, {r.job.unit: r for r in results}, index


def _read(result) -> str:
    assert result.ok, result.error
    return Path(result.path).read_text(encoding="utf-8")


def test_report_is_offline_small_vietnamese_with_inline_charts(rendered):
    _, results, _ = rendered
    page = _read(results["Đà Nẵng"])
    assert report_problems(page) == []
    assert external_references(page) == []  # no link to another host either
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page[:200]
    assert len(page.encode("utf-8")) <= MAX_BYTES
    parsed = _Page(page)
    images = [a["src"] for tag, a in parsed.tags if tag == "img"]
    assert images and all(src.startswith("data:image/") for src in images)
    alts = [a.get("alt") or "" for tag, a in parsed.tags if tag == "img"]
    assert len(alts) == len(images) and all("Đà Nẵng" in alt for alt in alts), alts  # each chart's title
    assert "Đà Nẵng" in parsed.plain
    assert re.search(r"\b\d{1,2}/6[0-3]\b", parsed.plain), "no rank in N/M form"
    code_hidden = ["import cchc_analysis", "cchc.load(", 'class="jp-CodeMirrorEditor', 'class="highlight']
    assert not [c for c in code_hidden if c in page]
    assert SIMULATED_TEXT not in page  # PAPI is published data: no banner


def test_report_on_simulated_data_carries_the_banner_at_the_top(rendered):
    _, results, _ = rendered
    page = _read(results["Huyện Núi Thắm"])
    assert report_problems(page) == []
    body = _Page(page[page.index("<body") :])
    assert len(_banners(page)) == 1  # the notebook's own banner opens the page, so the template adds none
    assert body.plain.index(SIMULATED_TEXT) < body.plain.index("Hồ sơ Huyện Núi Thắm")


def _banners(page: str) -> list[dict]:
    return [a for tag, a in _Page(page).tags if tag == "div" and "cchc-banner" in (a.get("class") or "")]


@pytest.mark.parametrize("name", XSS_NAMES)
def test_hostile_unit_names_render_as_text(rendered, name):
    _, results, _ = rendered
    page = _read(results[name])
    parsed = _Page(page)
    assert name in parsed.plain  # shown, as text
    assert not any("alert(1)" in s for s in parsed.scripts)
    alts = [a.get("alt") or "" for tag, a in parsed.tags if tag == "img"]
    assert alts and all(name in alt for alt in alts)  # the chart titles, escaped: the name comes back whole
    for _tag, attrs in parsed.tags:
        assert "onmouseover" not in attrs
        for key in ("href", "src", "action", "formaction"):
            assert not (attrs.get(key) or "").strip().lower().startswith("javascript:")
    assert report_problems(page) == []
    # simulated data: one banner (the notebook's own, or else the template's), above the report's heading
    assert len(_banners(page)) == 1
    body = _Page(page[page.index("<body") :]).plain
    assert body.index(SIMULATED_TEXT) < body.index(f"Hồ sơ {name}")


def test_failing_unit_is_reported_and_the_rest_still_render(rendered):
    out, results, _ = rendered
    bad = results["Tỉnh Không Có"]
    assert not bad.ok and bad.path is None
    assert "Tỉnh Không Có" in bad.error or "InputError" in bad.error
    assert not (out / "papi-2024" / "ho-so-tinh-khong-co.html").exists()
    assert sum(r.ok for r in results.values()) == len(results) - 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    assert {e["unit"]: e["ok"] for e in manifest}["Tỉnh Không Có"] is False


def test_index_lists_every_report_with_unit_year_score_and_escaped_names(rendered):
    out, results, index = rendered
    page = index.read_text(encoding="utf-8")
    assert report_problems(page) == [] and SIMULATED_TEXT in page  # PAR section is simulated
    parsed = _Page(page)
    links = {a["href"] for tag, a in parsed.tags if tag == "a"}
    for r in results.values():
        if r.ok:
            assert r.job.path in links
            assert (out / r.job.path).is_file()
    assert "papi-2024/ho-so-tinh-khong-co.html" not in links
    assert "Tỉnh Không Có (lỗi:" in parsed.plain
    dn = results["Đà Nẵng"].job
    row = re.search(r"Đà Nẵng 2024 (\S+)/80 điểm (\d+)/(\d+)", parsed.plain)
    assert row, parsed.plain[:500]
    assert row.group(1) == cchc.fmt.number(dn.score) and "," in row.group(1)
    assert (int(row.group(2)), int(row.group(3))) == (dn.rank, dn.rank_of)
    for name in XSS_NAMES:
        assert name in parsed.plain
    assert not parsed.scripts and all("onmouseover" not in a for _, a in parsed.tags)


def test_index_keeps_earlier_reports_when_one_unit_is_rendered_again(rendered, tmp_path):
    out, results, _ = rendered
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    again = [r for r in results.values() if r.job.unit == "Đà Nẵng"]
    write_index(out, again)
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["reports"]
    kept_ok = {e["path"] for e in manifest if e["ok"]}
    assert {e["path"] for e in after} == kept_ok  # the failed entry is dropped, the rest kept


def test_cli_exit_code_is_nonzero_when_a_unit_fails(tmp_path, capsys):
    """A copy of the real notebook that breaks on one unit: the other renders, the command returns 1."""
    nb = nbformat.read(PROFILE, as_version=4)
    guard = nbformat.v4.new_code_cell('if unit == "Huyện Khe Trúc":\n    raise RuntimeError("hỏng có chủ ý")')
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(at + 1, guard)
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nbformat.write(nb, nbs / PROFILE.name)
    out = tmp_path / "reports"
    argv = ["--index", "PAR", "--unit", "Huyện Khe Trúc", "--unit", "Huyện Hồ Lam", "--kind", "unit"]
    argv += ["--out", str(out), "--data", str(DATA), "--notebooks", str(nbs), "--workers", "1", "-q"]
    code = cli_report(argv)
    captured = capsys.readouterr()
    assert code == 1
    assert "Rendered 1/2 reports" in captured.out
    assert "hỏng có chủ ý" in captured.err and "ho-so-huyen-khe-truc.html" in captured.err
    assert (out / "par-2023" / "ho-so-huyen-ho-lam.html").is_file()
    assert not (out / "par-2023" / "ho-so-huyen-khe-truc.html").exists()
    assert "Huyện Khe Trúc (lỗi:" in _Page((out / "index.html").read_text(encoding="utf-8")).plain


def test_cli_rejects_unknown_unit_with_exit_code_2(tmp_path, capsys):
    code = cli_report(["--unit", "Hà Nọi", "--index", "PAPI", "--out", str(tmp_path), "--data", str(DATA)])
    assert code == 2
    assert "Did you mean Hà Nội" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- one kernel, many units


def test_memo_returns_independent_copies_and_follows_the_content(scores):
    from cchc_analysis.report import memo

    papi = scores[(scores["index"] == "PAPI") & (scores["year"] >= 2023)]
    memo.install(("aggregate",))
    try:
        memo.clear()
        first = cchc.aggregate(papi)
        again = cchc.aggregate(papi.copy())  # equal content, another object: a hit
        assert memo.cache_info() == {"hits": 1, "misses": 1, "entries": 1}
        pd.testing.assert_frame_equal(first, again)
        again.loc[again.index[0], "score"] = -1.0  # the caller's copy changes, the cache does not
        again.attrs["disagreements"] = None
        third = cchc.aggregate(papi)
        pd.testing.assert_frame_equal(first, third)
        assert third.attrs["disagreements"] is not None
        changed = papi.assign(score=papi["score"] + 0.001)  # different content: computed afresh
        assert cchc.aggregate(changed)["score"].sum() != first["score"].sum()
        assert memo.cache_info()["misses"] == 2
    finally:
        memo.uninstall()
    assert not hasattr(cchc.aggregate, "__wrapped_by_report_memo__")


def test_memo_tells_reordered_rows_apart_and_caches_the_package_s_own_calls(scores):
    import importlib

    from cchc_analysis.report import memo

    profile_module = importlib.import_module("cchc_analysis.analysis.profile")

    papi = scores[(scores["index"] == "PAPI") & (scores["year"] >= 2023)]
    memo.install(("rank",))
    try:
        memo.clear()
        assert profile_module.rank is cchc.rank  # the module's own reference is wrapped too
        first = cchc.rank(papi)
        cchc.rank(papi.iloc[::-1])  # the same rows, labels and all, in another order: not a hit
        assert memo.cache_info()["hits"] == 0
        again = cchc.rank(papi)
        assert memo.cache_info()["hits"] == 1
        pd.testing.assert_frame_equal(first, again)
    finally:
        memo.uninstall()
    assert not hasattr(profile_module.rank, "__wrapped_by_report_memo__")


def test_memo_repeats_warnings_on_every_hit():
    from cchc_analysis.report import memo

    def noisy(frame):
        import warnings

        warnings.warn("Thiếu số liệu của 1 đơn vị", UserWarning, stacklevel=2)
        return frame.assign(x=1)

    wrapped = memo._wrap("noisy", noisy)
    frame = pd.DataFrame({"a": [1, 2]})
    for _ in range(2):
        with pytest.warns(UserWarning, match="Thiếu số liệu"):
            out = wrapped(frame)
        assert list(out["x"]) == [1, 1]
    memo.clear()


def test_shared_kernel_renders_the_same_page_as_the_naive_loop(scores, tmp_path):
    """Two units through one kernel (the second served from the cache) against papermill + nbconvert."""
    from cchc_analysis.report import render_naive

    jobs = plan_reports(scores, data_dir=DATA, index="PAPI", units=["Hà Nội", "Đà Nẵng"])
    batch = render_batch(jobs, tmp_path / "batch", notebooks_dir=NOTEBOOKS, workers=1, progress=False)
    naive = render_naive(jobs[-1:], tmp_path / "naive", notebooks_dir=NOTEBOOKS, scratch_dir=tmp_path)
    assert [r.ok for r in batch + naive] == [True, True, True], [r.error for r in batch + naive]

    def normalised(result) -> str:
        page = re.sub(r'id="cell-id=[^"]*"', "", Path(result.path).read_text(encoding="utf-8"))
        for n, gt_id in enumerate(re.findall(r'<div id="([a-z]{10})" style="padding-left', page)):
            page = page.replace(gt_id, f"great-table-{n}")  # great_tables draws a random id per table
        return page

    assert batch[1].job.unit == "Đà Nẵng"
    assert normalised(batch[1]) == normalised(naive[0])


def test_index_section_names_areas_as_each_index_does():
    from cchc_analysis.report.index_page import _section

    entry = {"kind": "overview", "title": "Tổng quan", "path": "x/tong-quan.html", "ok": True}
    assert "<h3>Tổng quan và chỉ số nội dung</h3>" in _section("PAPI", 2024, [entry])
    assert "<h3>Tổng quan và lĩnh vực</h3>" in _section("PAR", 2023, [entry])


def test_reports_render_for_a_table_without_maxima_or_earlier_year(tmp_path, capsys):
    """A district table read without a criteria set: totals and area scores, no maximum, one year,
    two blocs of which only one had a year before. Every report failed: the unknown framework
    'none', the other group's base year, then the charts that need maxima."""
    from .conftest import write_xlsx

    raw = tmp_path / "raw" / "huyen"
    districts = ["Huyện Vân Đồn", "Huyện Hải Hà", "Huyện Tiên Yên", "Huyện Bình Liêu", "Huyện Đầm Hà"]
    rows = [
        ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["STT", "Tên đơn vị", "1", "2", "Tổng điểm", "Xếp hạng"],
    ]
    rows += [[i, n, 30 - i, 20, 50 - i, i] for i, n in enumerate(districts, 1)]
    write_xlsx(raw / "kq_2023.xlsx", {"Khối huyện": rows})
    before = [["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"], ["STT", "Tên đơn vị", "Tổng điểm", "Xếp hạng"]]
    before += [[1, "Sở Nội vụ", 41, 1], [2, "Sở Tư pháp", 40, 2]]
    write_xlsx(raw / "kq_2022.xlsx", {"Khối sở": before})
    cchc.ingest(raw.parent, out=tmp_path / "processed")
    out = tmp_path / "reports"
    argv = ["--index", "PAR", "--year", "2023", "--out", str(out), "--data", str(tmp_path / "processed")]
    code = cli_report([*argv, "--notebooks", str(NOTEBOOKS), "--workers", "1", "-q"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    page = _Page((out / "par-2023" / "ho-so-van-don.html").read_text(encoding="utf-8")).plain
    assert "Bảng điểm không ghi điểm tối đa" in page and "Vân Đồn" in page
    assert (out / "par-2023" / "tong-quan-khoi-huyen.html").is_file()
