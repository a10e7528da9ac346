"""Self-assessments read without a packaged criteria set: the sheet's own tree drives the analyses."""

from __future__ import annotations

import numpy as np
import pytest

import cchc_analysis as cchc
from cchc_analysis.frameworks.sheet import sheet_framework

HEADER = ["STT", "Lĩnh vực/Tiêu chí", "Thang điểm", "Điểm tự đánh giá", "Điểm thẩm định"]
ROWS = [
    ["1", "Cải cách thể chế", "(4 điểm)", "2", "1,75"],
    ["1.1", "Xây dựng, ban hành VBQPPL", "2", "1,5", "1,25"],
    ["1.2", "Vị trí việc làm", "1", "0,5", "0,5"],
    ["1.3", "Đánh giá của người dân về VBQPPL (điều tra XHH)", "1", None, None],
    ["2", "Điểm thưởng", "1đ", "0,5", "0,5"],
    ["2.1", "Sáng kiến CCHC được công nhận", "1", "0,5", "0,5"],
    [None, "Tổng cộng", "5", "2,5", "2,25"],
]


@pytest.fixture
def sheet(xlsx):
    title = [["UBND HUYỆN HẢI HÀ"], ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH QUÝ III NĂM 2023"], []]
    path = xlsx("tu_danh_gia.xlsx", {"TĐG": [*title, HEADER, *ROWS]})
    with pytest.warns(cchc.InputWarning, match="quý III is read as the first nine months"):
        return cchc.read_workbook(path)


def test_the_sheet_is_read_as_written(sheet):
    assert set(sheet["framework"]) == {"none"} and set(sheet["period"]) == {"9M"}
    self_rows = sheet[sheet["stage"] == "self"].set_index("component")
    # names keep their first letter ("Xây", "Vị" are no Roman numerals); "(4 điểm)", "1đ" are maxima
    assert self_rows.loc["1.1", "component_name"] == "Xây dựng, ban hành VBQPPL"
    assert self_rows.loc["1.2", "component_name"] == "Vị trí việc làm"
    assert self_rows.loc[["1", "2", "total"], "max_score"].tolist() == [4, 1, 5]


def test_the_sheets_own_tree(sheet):
    fw = sheet_framework(sheet)
    assert fw.children("total") == ["1", "2"] and fw.children("1") == ["1.1", "1.2", "1.3"]
    assert [fw.kind(c) for c in ("1", "1.1", "1.3", "2", "2.1")] == [
        "aggregate",
        "appraised",
        "survey",
        "bonus",
        "bonus",
    ]
    assert fw.max_score("total") == 5


def test_progress_without_a_packaged_set(sheet):
    # refused before: "unknown framework 'none'", pointing at the library's own file
    prog = cchc.progress(sheet, "Hải Hà", 2023, "9M").set_index("component")
    area = prog.loc["1"]
    assert (area["reached"], area["reached_stage"], area["survey_open"]) == (1.75, "appraised", 1.0)
    assert area["points_lost"] == pytest.approx(4 - 1.75 - 1)
    total = prog.loc["total"]
    assert total["reached"] == pytest.approx(2.25) and total["survey_open"] == 1.0
    assert total["max_assessable"] == 4 and total["pct_reached"] == pytest.approx(2.25 / 4 * 100)


def test_drilldown_without_a_packaged_set(sheet):
    dd = cchc.drilldown(sheet, "Hải Hà", 2023, period="9M")
    lost = dd.set_index("component")["points_lost"]
    assert lost["1.1"] == pytest.approx(0.75) and lost["1.2"] == pytest.approx(0.5)
    assert np.isnan(lost["1.3"]) or lost["1.3"] == 0  # a survey item not yet scored is open, not lost


def test_roman_areas_with_criteria_numbered_from_one_under_each(xlsx):
    # I, II for the areas and 1, 2 restarting under each: area I and its criterion 1 both became "1",
    # and the file was refused by the schema's key check with no cell named
    rows = [
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["Đơn vị: UBND huyện Tiên Yên"],
        HEADER[:4],
        ["I", "Công tác chỉ đạo, điều hành", "3", "2,5"],
        ["1", "Kế hoạch CCHC năm", "1", "1"],
        ["2", "Báo cáo CCHC", "2", "1,5"],
        ["a)", "Báo cáo quý", "1", "0,75"],
        ["b)", "Báo cáo năm", "1", "0,75"],
        ["II", "Cải cách thể chế", "2", "1"],
        ["1", "Ban hành VBQPPL", "2", "1"],
        ["-", "Ghi chú: số liệu đến 30/11", None, None],
    ]
    df = cchc.read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    got = df.set_index("component")[["component_name", "max_score", "score"]]
    assert list(got.index) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1"]
    assert got.loc["1.2.2"].tolist() == ["Báo cáo năm", 1.0, 0.75]
    assert got.loc["2.1", "component_name"] == "Ban hành VBQPPL"
    assert any(text.startswith("Ghi chú") for *_, text, _ in df.attrs["report"]["dropped_rows"])


def test_scores_above_their_maximum_and_areas_off_their_sum_are_warned_about(xlsx):
    # without a criteria set nothing was checked: 1,5 of 1 point and an area of 3 over parts of 2,5
    rows = [
        ["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023"],
        ["Đơn vị: UBND huyện Tiên Yên"],
        HEADER[:4],
        ["1", "Công tác chỉ đạo, điều hành", "3", "3"],
        ["1.1", "Kế hoạch CCHC năm", "1", "1,5"],
        ["1.2", "Báo cáo CCHC", "2", "1"],
    ]
    with pytest.warns(cchc.InputWarning) as said:
        cchc.read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}))
    texts = [str(w.message) for w in said]
    assert any("cell D5: 1.5 is above the maximum 1 for criterion 1.1" in t for t in texts), texts
    assert any("cell D4: criterion 1 scores 3, but its parts (1.1, 1.2) add up to" in t for t in texts)


def test_stage_columns_under_a_merged_heading_and_a_penalty_row_without_code(xlsx):
    # "Điểm" merged over "Tự đánh giá | Thẩm định" was refused as "no column naming the units"; a
    # penalty row without a code was refused as "points but no criterion code"
    rows = [
        ["BẢNG TỔNG HỢP ĐIỂM TỰ ĐÁNH GIÁ VÀ THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2023"],
        ["Đơn vị: UBND huyện Bình Liêu"],
        ["STT", "Tiêu chí", "Điểm tối đa", "Điểm", None, "Ghi chú"],
        [None, None, None, "Tự đánh giá", "Thẩm định", None],
        ["1", "Tuyên truyền CCHC", 2, 2, 1.5, None],
        ["1.1", "Kế hoạch tuyên truyền", 1, 1, 1, None],
        ["1.2", "Hình thức tuyên truyền", 1, 1, 0.5, None],
        [None, "Điểm trừ (chậm báo cáo)", None, -0.5, -0.5, None],
        [None, "Tổng cộng", 2, 1.5, 1, None],
    ]
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4"]
    df = cchc.read_workbook(xlsx("tdg.xlsx", {"TĐG": rows}, merges={"TĐG": merges}))
    got = df.pivot_table(index="component", columns="stage", values="score")
    assert got.loc["1.2"].tolist() == [0.5, 1.0]  # appraised, self
    assert got.loc["2"].tolist() == [-0.5, -0.5] and got.loc["total"].tolist() == [1.0, 1.5]
    assert sheet_framework(df).kind("2") == "penalty"
    assert not df.attrs["report"]["warnings"]  # the total is the areas' sum, penalty included
