"""Short names of components (the ``aliases`` column of the framework files) as spreadsheet headers.

Analysts head their columns with the short names reports and the press use ("Trách nhiệm giải
trình", "Kiểm soát tham nhũng"), not the full names of the criteria set. Each such name is an alias
of exactly one component, so the scores under it are read into that component and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc_analysis import read_workbook
from cchc_analysis.frameworks import NODE_COLUMNS, get_framework, list_frameworks, load_framework_file
from cchc_analysis.io.text import match_key

PROVINCES = ["Hà Nội", "Hải Phòng", "Quảng Ninh", "Bắc Ninh", "Nam Định"]


def _score_table(title: str, headers: list[str], values: list[list[float]]) -> list[list[object]]:
    """A one-row-header table of provinces under a title, as provinces publish it."""
    rows: list[list[object]] = [[title], [], ["STT", "Tỉnh, thành phố", *headers]]
    for i, (unit, row) in enumerate(zip(PROVINCES, values, strict=True), start=1):
        rows.append([i, unit, *row])
    return rows


def _read(xlsx, name: str, title: str, headers: list[str], values: list[list[float]]):
    df = read_workbook(xlsx(name, {"Sheet1": _score_table(title, headers, values)}))
    report = df.attrs["report"]
    assert report["extra_columns"] == [], report["extra_columns"]
    return df, report


def _assert_scores(df, codes: list[str], values: list[list[float]]) -> None:
    """Every column's scores under its code, exactly as written, and no other component read."""
    assert set(df["component"]) == set(codes)
    got = df.set_index(["unit", "component"])["score"]
    for unit, row in zip(PROVINCES, values, strict=True):
        for code, value in zip(codes, row, strict=True):
            assert got.loc[(unit, code)] == value, (unit, code)
    columns = df.drop_duplicates("component").set_index("component")["source_cell"].str[0]
    assert [columns[c] for c in codes] == [chr(ord("C") + i) for i in range(len(codes))]


def _values(n_cols: int, base: float, step: float = 0.37) -> list[list[float]]:
    return [[round(base + i * step + j * 0.11, 2) for j in range(n_cols)] for i in range(len(PROVINCES))]


# -- the reported headers, read into the right component --------------------------------------------


PAPI_2018_SHORT = [
    ("Tham gia của người dân ở cấp cơ sở", "1"),
    ("Công khai, minh bạch trong việc ra quyết định", "2"),
    ("Trách nhiệm giải trình", "3"),
    ("Kiểm soát tham nhũng", "4"),
    ("Thủ tục hành chính công", "5"),
    ("Cung ứng dịch vụ công", "6"),
    ("Quản trị môi trường", "7"),
    ("Quản trị điện tử", "8"),
]


def test_papi_8_dimensions_under_short_names(xlsx):
    headers, codes = map(list, zip(*PAPI_2018_SHORT, strict=True))
    values = _values(8, 4.1)
    df, report = _read(xlsx, "papi_2023.xlsx", "CHỈ SỐ PAPI NĂM 2023", headers, values)
    assert set(df["framework"]) == {"papi-2018"}
    _assert_scores(df, codes, values)
    assert report["missing_components"] == []


def test_papi_8_dimensions_and_total_with_other_short_names(xlsx):
    # the wording of press reports and of the PAPI 2020 announcement, and a "Tổng điểm" column
    headers = [
        "Sự tham gia của người dân ở cấp cơ sở",
        "Công khai, minh bạch của việc ra quyết định",
        "Trách nhiệm giải trình",
        "Kiểm soát tham nhũng",
        "Thủ tục hành chính",
        "Cung cấp dịch vụ công",
        "Quản trị môi trường",
        "Chính phủ điện tử",
        "Tổng điểm",
    ]
    dims = _values(8, 4.3)
    values = [[*row, round(sum(row), 2)] for row in dims]
    df, report = _read(xlsx, "papi_2021.xlsx", "CHỈ SỐ PAPI NĂM 2021", headers, values)
    _assert_scores(df, [*map(str, range(1, 9)), "total"], values)
    assert report["missing_components"] == []


def test_papi_6_dimensions_2011_2017_under_short_names(xlsx):
    headers = [
        "Tham gia của người dân",
        "Công khai, minh bạch trong việc ra quyết định",
        "Trách nhiệm giải trình",
        "Kiểm soát tham nhũng",
        "Thủ tục hành chính công",
        "Dịch vụ công",
    ]
    values = _values(6, 5.2)
    df, report = _read(xlsx, "papi_2016.xlsx", "CHỈ SỐ PAPI NĂM 2016", headers, values)
    assert set(df["framework"]) == {"papi-2011"}
    _assert_scores(df, [str(d) for d in range(1, 7)], values)
    assert report["missing_components"] == []


def test_sipas_2017_set_under_short_names(xlsx):
    headers = [
        "Tiếp cận dịch vụ hành chính công",
        "Thủ tục hành chính",
        "Sự phục vụ của công chức",
        "Kết quả cung ứng dịch vụ hành chính công",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
        "Chỉ số SIPAS",
    ]
    values = _values(6, 78.4, step=1.9)
    df, report = _read(xlsx, "sipas_2021.xlsx", "CHỈ SỐ SIPAS NĂM 2021", headers, values)
    assert set(df["framework"]) == {"sipas-2017"}
    _assert_scores(df, ["1", "2", "3", "4", "5", "total"], values)
    assert report["missing_components"] == []


def test_pci_sub_indices_under_short_names(xlsx):
    headers = [
        "Chi phí gia nhập thị trường",
        "Tiếp cận đất đai",
        "Tính minh bạch",
        "Chi phí thời gian",
        "Chi phí không chính thức",
        "Cạnh tranh bình đẳng",
        "Tính năng động và tiên phong",
        "Hỗ trợ doanh nghiệp",
        "Đào tạo lao động",
        "Thiết chế pháp lý và ANTT",
    ]
    values = _values(10, 5.6, step=0.21)
    title = "CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI) NĂM 2022"
    df, _ = _read(xlsx, "pci_2022.xlsx", title, headers, values)
    assert set(df["framework"]) == {"pci-2013"}
    _assert_scores(df, [str(k) for k in range(1, 11)], values)


def test_papi_short_dimension_names_over_sub_dimension_codes(xlsx):
    """Two header rows: a short dimension name merged over its sub-dimensions' codes, and a column of
    the dimension's own score ("Điểm") under it."""
    rows: list[list[object]] = [
        ["CHỈ SỐ PAPI NĂM 2022"],
        [],
        ["STT", "Tỉnh, thành phố", "Kiểm soát tham nhũng", None, None, None, None],
        [None, None, "4.1", "4.2", "4.3", "4.4", "Điểm"],
    ]
    values = _values(5, 1.2, step=0.13)
    for i, (unit, row) in enumerate(zip(PROVINCES, values, strict=True), start=1):
        subs = row[:4]
        rows.append([i, unit, *subs, round(sum(subs), 2)])
    path = xlsx("papi_2022_kstn.xlsx", {"S": rows}, merges={"S": ["A3:A4", "B3:B4", "C3:G3"]})
    df = read_workbook(path)
    assert df.attrs["report"]["extra_columns"] == []
    got = df.set_index(["unit", "component"])["score"]
    assert set(df["component"]) == {"4", "4.1", "4.2", "4.3", "4.4"}
    assert got.loc[("Quảng Ninh", "4")] == round(sum(values[2][:4]), 2)
    assert got.loc[("Quảng Ninh", "4.3")] == values[2][2]


@pytest.mark.parametrize(
    ("framework_id", "year", "header", "code"),
    [
        # the full names still go to their own component, not to the short name's
        ("papi-2018", 2023, "Kiểm soát tham nhũng trong chính quyền địa phương", "4.1"),
        ("papi-2018", 2023, "Kiểm soát tham nhũng trong cung ứng dịch vụ công", "4.2"),
        ("papi-2018", 2023, "Thủ tục hành chính cấp xã", "5.4"),
        ("papi-2018", 2023, "Công khai ngân sách xã", "2.3"),
        ("papi-2018", 2023, "Công khai, minh bạch", "2"),
        ("papi-2018", 2023, "Trách nhiệm giải trình (10 điểm)", "3"),
        ("papi-2018", 2023, "3. Trách nhiệm giải trình", "3"),
        ("papi-2011", 2015, "Công khai, minh bạch trong việc ra quyết định ở địa phương", "2"),
        ("papi-2011", 2015, "Kiểm soát tham nhũng", "4"),
        ("papi-2011", 2015, "Chính phủ điện tử", None),  # no dimension 8 before 2018
        ("sipas-2017", 2019, "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị", "5"),
        ("sipas-2017", 2019, "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị", "5"),
        ("sipas-2017", 2019, "Thủ tục hành chính", "2"),
        ("par-local-2021", 2023, "Chính quyền điện tử, chính quyền số", "7"),
        ("par-local-2021", 2023, "Hiện đại hóa hành chính", "7"),
    ],
)
def test_short_and_full_names_on_shipped_sets(framework_id, year, header, code):
    assert get_framework(framework_id).match_header(header, year) == code


# -- no short name may name two components ----------------------------------------------------------


def _names_by_key(fw, year: int) -> dict[str, set[str]]:
    """Every name and alias of the components valid in ``year``, under each key the header matcher
    compares (the text case-folded, and :func:`match_key`), with the codes it names."""
    rows = fw.nodes.set_index("code")
    out: dict[str, set[str]] = {}
    for code in fw.codes(year):
        r = rows.loc[code]
        for text in [r["name_vi"], r["name_en"], *r["aliases"].split("|")]:
            text = text.strip()
            for key in {text.casefold(), match_key(text)} - {""}:
                out.setdefault(key, set()).add(code)
    return out


def _years(fw) -> range:
    return range(fw.year_from, (fw.year_to or fw.year_from + 10) + 1)


def _ambiguous(fw) -> list[str]:
    found = []
    for year in _years(fw):
        for key, codes in sorted(_names_by_key(fw, year).items()):
            if len(codes) > 1:
                found.append(f"{fw.id} {year}: '{key}' names {', '.join(sorted(codes))}")
    return found


@pytest.mark.parametrize("framework_id", sorted(list_frameworks()["framework"]))
def test_no_name_or_alias_names_two_components_in_a_year(framework_id):
    """A name or alias that two components of a framework-year share matches neither of them; and a
    short name added for one component must not be another's name."""
    assert _ambiguous(get_framework(framework_id)) == []


@pytest.mark.parametrize("framework_id", sorted(list_frameworks()["framework"]))
def test_every_name_and_alias_is_read_as_its_own_component(framework_id):
    fw = get_framework(framework_id)
    rows = fw.nodes.set_index("code")
    for year in _years(fw):
        for code in fw.codes(year):
            r = rows.loc[code]
            for text in [r["name_vi"], r["name_en"], *r["aliases"].split("|")]:
                if text.strip():
                    assert fw.match_header(text, year) == code, (year, text)


def test_the_ambiguity_check_finds_a_shared_alias(tmp_path: Path):
    """The check above is not vacuous: an alias shared by two components in a year is caught (and
    such a header matches neither), while one shared across years that never overlap is not."""
    text = "\n".join(
        [
            ",".join(NODE_COLUMNS),
            "total,,Tổng,Total,20,aggregate,,,,",
            "1,total,Kiểm soát tham nhũng trong khu vực công,Control of corruption,10,appraised,,,,"
            "Kiểm soát tham nhũng",
            "2,total,Kiểm soát tham nhũng trong chính quyền,Local corruption,10,appraised,,,2022,"
            "Kiểm soát tham nhũng",
            "3,total,Chỉ số mới,New,10,appraised,,2023,,Kiểm soát tham nhũng trong chính quyền",
        ]
    )
    path = tmp_path / "shared.csv"
    path.write_text(text + "\n", encoding="utf-8")
    fw = load_framework_file(path, framework_id="shared", index="PAR", year_from=2021, year_to=2023)
    assert _ambiguous(fw) == [
        "shared 2021: 'kiem soat tham nhung' names 1, 2",
        "shared 2021: 'kiểm soát tham nhũng' names 1, 2",
        "shared 2022: 'kiem soat tham nhung' names 1, 2",
        "shared 2022: 'kiểm soát tham nhũng' names 1, 2",
    ]
    assert fw.match_header("Kiểm soát tham nhũng", 2022) is None
    assert fw.match_header("Kiểm soát tham nhũng", 2023) == "1"
