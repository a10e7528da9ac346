"""The report notebooks: executed with papermill (kernel python3) on data ingested from data/raw.

Each notebook is run with its defaults (what ``pytest --nbmake notebooks/`` also runs) and with the
parameters the report runner passes for other cases: a year without data, a PAR overview with bands, and
a unit whose name is an HTML script tag, which must come out as text.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import pytest

import cchc_analysis as cchc

papermill = pytest.importorskip("papermill")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_tong_quan", "02_ho_so_don_vi", "03_linh_vuc", "04_tien_do"]
XSS = "<script>alert(1)</script>"
BANNER = "Dữ liệu mô phỏng – không phải số liệu thật"


@pytest.fixture(scope="module", autouse=True)
def kernel() -> None:
    """Register the python3 kernel in the venv when it is missing (papermill needs it by name)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if "python3" not in KernelSpecManager().find_kernel_specs():
        subprocess.run(
            [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], check=True
        )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """scores.parquet freshly ingested from data/raw (the notebooks never depend on a stale copy)."""
    out = tmp_path_factory.mktemp("processed")
    result = cchc.ingest(ROOT / "data" / "raw", out, progress=False)
    assert result.ok, result.errors
    return out


def run(
    name: str, tmp_path: Path, cwd: Path = NOTEBOOKS, **parameters
) -> tuple[nbformat.NotebookNode, float]:
    """Execute a notebook with papermill; return the executed notebook and the seconds it took."""
    out = tmp_path / f"{name}.out.ipynb"
    start = time.perf_counter()
    papermill.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(out, as_version=4), time.perf_counter() - start


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def html_of(nb: nbformat.NotebookNode) -> str:
    """Every text/html and text/plain output, joined."""
    parts = []
    for o in outputs(nb):
        data = o.get("data", {})
        parts.append(str(data.get("text/html", "")))
        parts.append(str(data.get("text/plain", "")) if "text/html" not in data else "")
    return "\n".join(parts)


def text_of(nb: nbformat.NotebookNode) -> str:
    """The visible text of the HTML outputs (tags dropped, entities kept)."""
    return re.sub(r"<[^>]+>", " ", html_of(nb))


def images(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for o in outputs(nb) if "image/png" in o.get("data", {})]


def assert_clean(nb: nbformat.NotebookNode) -> None:
    """No error, no printed stream output (Vietnamese goes through HTML), every chart with alt text."""
    kinds = {o["output_type"] for o in outputs(nb)}
    assert "error" not in kinds
    streams = [o for o in outputs(nb) if o["output_type"] == "stream" and o.get("name") == "stdout"]
    assert not streams, streams
    for image in images(nb):
        assert image["metadata"]["image/png"]["alt"]
    assert "Traceback" not in html_of(nb)


def first_output_html(nb: nbformat.NotebookNode) -> str:
    return str(outputs(nb)[0]["data"]["text/html"])


# --------------------------------------------------------------------------- the notebook files


@pytest.mark.parametrize("name", NAMES)
def test_notebook_files_are_paired_tagged_and_have_a_kernel(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("parameters" in c.metadata.get("tags", []) for c in code) == 1
    assert all("remove_input" in c.metadata.get("tags", []) for c in code)
    assert not any(c.get("outputs") for c in code), "commit notebooks without outputs"
    assert not any(re.search(r"\bprint\(", c.source) for c in code)
    # The .py (py:percent) twin holds the same cells.
    twin = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert [c.source for c in twin.cells] == [c.source for c in nb.cells]
    params = papermill.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert "data_dir" in params


# --------------------------------------------------------------------------- execution


def test_overview_papi_defaults(data_dir, tmp_path):
    nb, seconds = run("01_tong_quan", tmp_path, data_dir=str(data_dir))
    assert_clean(nb)
    text = text_of(nb)
    assert "Tổng quan Chỉ số PAPI năm 2024" in first_output_html(nb)  # real data: no banner
    assert BANNER not in text
    assert "61/63 đơn vị" in text and "Không có số liệu năm 2024: Tiền Giang, Vĩnh Phúc" in text
    assert "Bảng xếp hạng Chỉ số PAPI năm 2024" in text and "35/61" in text
    assert "Tăng hạng nhiều nhất" in text and "tăng 58 bậc" in text
    assert "Điểm trung bình theo vùng, năm 2024" in text and "Đồng bằng sông Cửu Long" in text
    assert len(images(nb)) == 3  # ranking, slope, heatmap
    print(f"01_tong_quan: {seconds:.1f} s")


def test_overview_par_with_bands_escapes_unit_names(data_dir, tmp_path):
    scores = pd.read_parquet(data_dir / "scores.parquet")
    scores["unit"] = scores["unit"].replace("Sở Tư pháp", XSS)
    xss_dir = tmp_path / "xss"
    xss_dir.mkdir()
    scores.to_parquet(xss_dir / "scores.parquet")
    nb, _ = run(
        "01_tong_quan", tmp_path, data_dir=str(xss_dir), index="PAR", year=2023, base_year=2022,
        peer_group="Hòa Sơn – Khối sở", unit=XSS,
    )  # fmt: skip
    assert_clean(nb)
    assert BANNER in first_output_html(nb)
    html = html_of(nb)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = text_of(nb)
    assert "Hòa Sơn – Khối sở" in text and "Xếp loại theo tỷ lệ điểm: nhóm A:" in text
    assert "Điểm trung bình theo nhóm so sánh, năm 2023" in text


def test_profile_defaults_narrative(data_dir, tmp_path):
    nb, seconds = run("02_ho_so_don_vi", tmp_path, data_dir=str(data_dir))
    assert_clean(nb)
    text = text_of(nb)
    assert first_output_html(nb).startswith("<h1>Hồ sơ Đà Nẵng – Chỉ số PAPI năm 2024</h1>")
    assert re.search(r"Năm 2024, [^.]*Đà Nẵng đạt [^.]*, đứng thứ 35/61, giảm 8 bậc so với năm 2023", text)
    assert re.search(r"Để đạt hạng 10/61, [^.]*Đà Nẵng cần thêm", text)
    # PAPI's areas are "chỉ số nội dung", not "lĩnh vực"
    for heading in ("Điểm và thứ hạng", "Từng chỉ số nội dung so với nhóm", "Điểm mạnh và điểm yếu"):
        assert f"<h2>{heading}</h2>" in html_of(nb)
    assert "Điểm mạnh, điểm yếu – theo thứ hạng" in text
    assert "Bộ tiêu chí thay đổi từ năm 2018" in text
    assert len(images(nb)) == 3  # profile, waterfall, trend
    print(f"02_ho_so_don_vi: {seconds:.1f} s")


def test_profile_year_without_data_is_explained(data_dir, tmp_path):
    nb, _ = run(
        "02_ho_so_don_vi", tmp_path, data_dir=str(data_dir), unit="Quảng Ninh", year=2023, base_year=2022
    )
    assert_clean(nb)
    text = text_of(nb)
    assert "Quảng Ninh không có số liệu Chỉ số PAPI năm 2023" in text
    assert "2022, 2024" in text  # the years that do have data are listed
    assert "đứng thứ" not in text
    assert len(images(nb)) == 1  # the multi-year trend is still shown
    assert "<h2>Điểm và thứ hạng</h2>" not in html_of(nb)  # no empty sections


def test_profile_of_a_year_nobody_has_data_for_is_explained(data_dir, tmp_path):
    nb, _ = run("02_ho_so_don_vi", tmp_path, data_dir=str(data_dir), unit="Quảng Ninh", year=2030)
    assert_clean(nb)
    assert "Quảng Ninh không có số liệu Chỉ số PAPI năm 2030" in text_of(nb)


def test_profile_of_a_simulated_department_without_base_year(data_dir, tmp_path):
    nb, _ = run(
        "02_ho_so_don_vi", tmp_path, data_dir=str(data_dir), unit="Sở Tư pháp", index="PAR", year=2021,
        base_year=None, target_rank=3,
    )  # fmt: skip
    assert_clean(nb)
    assert BANNER in first_output_html(nb)
    text = text_of(nb)
    assert "Không có năm nào trước 2021 để so sánh." in text
    assert "đứng thứ" in text and "/12" in text
    assert "<h2>Từng lĩnh vực so với nhóm</h2>" in html_of(nb)  # PAR speaks of content areas


def test_area_defaults(data_dir, tmp_path):
    nb, seconds = run("03_linh_vuc", tmp_path, data_dir=str(data_dir))
    assert_clean(nb)
    assert BANNER in first_output_html(nb)
    text = text_of(nb)
    assert "Lĩnh vực 5. Cải cách chế độ công vụ – Chỉ số PAR năm 2022" in text
    assert "gồm 8 tiêu chí" in text and "Số đơn vị đạt tối đa" in text
    assert "Tiêu chí thành phần, xếp từ tỷ lệ đạt thấp nhất" in text
    assert len(images(nb)) == 2  # ranking of the area, heatmap of its criteria
    print(f"03_linh_vuc: {seconds:.1f} s")


def test_area_year_with_areas_only(data_dir, tmp_path):
    nb, _ = run("03_linh_vuc", tmp_path, data_dir=str(data_dir), year=2023, component="7")
    assert_clean(nb)
    assert "không có điểm từng tiêu chí" in text_of(nb)


def test_progress_defaults_from_the_repository_root(data_dir, tmp_path):
    nb, seconds = run("04_tien_do", tmp_path, cwd=ROOT, data_dir=str(data_dir))
    assert_clean(nb)
    assert BANNER in first_output_html(nb)
    text = text_of(nb)
    assert "Tiến độ 9 tháng năm 2023: Huyện Núi Thắm" in text
    assert "Sau 9 tháng, huyện Núi Thắm đạt 46,25/56,5 điểm" in text
    assert "còn 13,5 điểm điều tra xã hội học chấm cuối năm; dự kiến cả năm đạt 59,20 điểm" in text
    assert "Các tiêu chí được thẩm định khác điểm tự đánh giá" in text
    assert "đứng thứ 1/13" in text  # last year's published result
    assert len(images(nb)) == 1
    print(f"04_tien_do: {seconds:.1f} s")


def test_unknown_unit_fails_with_a_clear_message(data_dir, tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as info:
        run("04_tien_do", tmp_path, data_dir=str(data_dir), unit="Huyện Không Có")
    assert "no in-year scores for 'Huyện Không Có'" in str(info.value)
    assert "Huyện Núi Thắm (2023, 9M)" in str(info.value)
