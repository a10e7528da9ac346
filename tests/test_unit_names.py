"""Unit names read in their table's context: type words, abbreviations, footnote markers, the table's level,
province and era, and departments (read_workbook and the unit registry)."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

from cchc_analysis import InputWarning, read_workbook
from cchc_analysis.units import UnitRegistry, named_levels


@pytest.fixture(scope="module")
def registry() -> UnitRegistry:
    return UnitRegistry.default()


def ranking(title: list[str], unit_header: str, names: list[str]) -> list[list[object]]:
    """A published ranking as provinces print it: title rows, a blank row, STT | unit | total | rank."""
    rows: list[list[object]] = [[line] for line in title] + [[]]
    rows.append(["STT", unit_header, "Tổng điểm", "Xếp hạng"])
    rows += [[i, name, round(92.5 - 0.41 * i, 2), i] for i, name in enumerate(names, 1)]
    return rows


def read(xlsx, rows: list[list[object]]) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The total rows indexed by the cell text, the warnings and the notes of reading ``rows``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = read_workbook(xlsx("ket_qua.xlsx", {"Tổng hợp": rows}))
    totals = df[df["component"] == "total"].sort_values("rank_published")
    names = [row[1] for row in rows if row and isinstance(row[0], int)]
    totals = totals.set_index(pd.Index(names, name="written"))
    messages = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    return totals, messages, df.attrs["report"]["notes"]


def unit_of(totals: pd.DataFrame, written: str) -> tuple[str, object, str]:
    row = totals.loc[written]
    code = None if isinstance(row["unit_code"], float) and math.isnan(row["unit_code"]) else row["unit_code"]
    return row["unit"], code, row["level"]


# -- 1. a type word names a level ---------------------------------------------------------------------------

DISTRICTS_WITH_ABOLISHED = [
    # Hoành Bồ joined Hạ Long on 1 January 2020; Phường Hoành Bồ is a ward of Hạ Long since
    (
        "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2019 CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ TỈNH QUẢNG NINH",
        ["Thành phố Hạ Long", "Thành phố Móng Cái", "Thị xã Quảng Yên", "Huyện Hoành Bồ", "Huyện Vân Đồn"],
        ["Huyện Hoành Bồ"],
    ),
    # Mỹ Lộc joined Nam Định city in 2025; Xã Mỹ Lộc is a commune of Thái Bình, Thanh Hóa, …
    (
        "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CỦA UBND CÁC HUYỆN, THÀNH PHỐ",
        ["Thành phố Nam Định", "Huyện Mỹ Lộc", "Huyện Vụ Bản", "Huyện Ý Yên", "Huyện Nghĩa Hưng"],
        ["Huyện Mỹ Lộc"],
    ),
    # Long Điền and Đất Đỏ became Long Đất on 1 January 2025; their seats were Thị trấn Long Điền, Đất Đỏ
    (
        "KẾT QUẢ CHỈ SỐ CCHC NĂM 2022 CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ TỈNH BÀ RỊA - VŨNG TÀU",
        ["Thành phố Vũng Tàu", "Thành phố Bà Rịa", "Huyện Long Điền", "Huyện Đất Đỏ", "Huyện Côn Đảo"],
        ["Huyện Long Điền", "Huyện Đất Đỏ"],
    ),
]


@pytest.mark.parametrize(
    ("title", "names", "abolished"), DISTRICTS_WITH_ABOLISHED, ids=["hoanh-bo", "my-loc", "long-dien-dat-do"]
)
def test_an_abolished_district_is_kept_and_warned_never_taken_for_a_commune(xlsx, title, names, abolished):
    # "Huyện Hoành Bồ" was read, silently, as Phường Hoành Bồ (a commune, code 07030)
    totals, messages, _ = read(xlsx, ranking([title], "Tên đơn vị", names))
    for written in abolished:
        name, code, level = unit_of(totals, written)
        assert (code, level) == (None, "district")
        assert not name.startswith(("Xã", "Phường", "Thị trấn"))
        assert any(
            f"unit '{written}' is not in the unit list" in m and "abolished or merged before July 2025" in m
            for m in messages
        ), messages
    known = [n for n in names if n not in abolished]
    assert all(unit_of(totals, n)[1] is not None for n in known)


@pytest.mark.parametrize(
    ("written", "province"),
    [
        ("Huyện Hoành Bồ", "Quảng Ninh"),
        ("UBND huyện Hoành Bồ", "Quảng Ninh"),
        ("H. Hoành Bồ", "Quảng Ninh"),
        ("Huyện Mỹ Lộc", "Nam Định"),
        ("HUYỆN LONG ĐIỀN", "Bà Rịa - Vũng Tàu"),
    ],
)
def test_a_type_word_never_resolves_to_a_unit_of_another_level(registry, written, province):
    assert registry.resolve(written) is None
    assert registry.resolve(written, province=province) is None
    assert registry.resolve(written, level="commune", province=province) is None


def test_type_words_are_told_from_names_by_their_diacritics(registry):
    # "Quản Bạ" is no "Quận …", "Tịnh Biên" no "Tỉnh …"
    assert named_levels("Quản Bạ") == named_levels("Tịnh Biên") == frozenset()
    assert (registry.resolve("Quản Bạ").code, registry.resolve("Tịnh Biên").code) == ("029", "890")
    assert named_levels("UBND thị xã Quảng Yên") == {"district"}
    assert named_levels("P.Hà Tu") == {"commune"}
    assert registry.resolve("Phường Hoành Bồ").code == "07030"


# -- 2. "Thành phố Huế" among districts -------------------------------------------------------------------

HUE_DISTRICTS = [
    "Thành phố Huế",
    "Thị xã Hương Thủy",
    "Thị xã Hương Trà",
    "Huyện Phong Điền",
    "Huyện Quảng Điền",
    "Huyện Phú Vang",
    "Huyện Phú Lộc",
    "Huyện A Lưới",
]


@pytest.mark.parametrize(
    "title",
    [
        [
            "UBND TỈNH THỪA THIÊN HUẾ",
            "KẾT QUẢ XẾP HẠNG CHỈ SỐ CCHC NĂM 2023 CÁC HUYỆN, THỊ XÃ VÀ THÀNH PHỐ HUẾ",
        ],
        ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CẤP HUYỆN"],
    ],
    ids=["title-names-the-city", "cap-huyen"],
)
def test_thanh_pho_hue_among_districts_is_the_district_level_city_not_the_province(xlsx, title):
    # it was the province Thừa Thiên Huế (code 46), in the province's peer group, without a word
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", HUE_DISTRICTS))
    # the city (474) was split into Phú Xuân and Thuận Hóa on 1 January 2025: the list no longer has it
    assert unit_of(totals, "Thành phố Huế") == ("Thành phố Huế", None, "district")
    assert any("unit 'Thành phố Huế' is not in the unit list" in m for m in messages), messages
    assert unit_of(totals, "Thị xã Hương Thủy") == ("Hương Thủy", "479", "district")
    assert set(totals["peer_group"]) == {"Tất cả đơn vị"}


def test_thanh_pho_hue_among_provinces_is_the_province(xlsx):
    names = ["Hà Nội", "Quảng Trị", "Thành phố Huế", "Đà Nẵng", "Quảng Nam"]
    title = ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"]
    totals, messages, _ = read(xlsx, ranking(title, "Tỉnh, thành phố", names))
    assert unit_of(totals, "Thành phố Huế") == ("Thừa Thiên Huế", "46", "province")
    assert messages == []


# -- 3. bare names in a commune table ---------------------------------------------------------------------

QUANG_YEN_COMMUNES = {  # the communes and wards of Quảng Yên town in 2023, as its table writes them
    "Quảng Yên": "07132",  # also the district (206)
    "Đông Mai": "07135",
    "Minh Thành": "07138",
    "Sông Khoai": "07144",
    "Hiệp Hòa": "07147",  # also a district of Bắc Giang (223)
    "Tiền An": "07153",
    "Hoàng Tân": "07156",
    "Tân An": "07159",  # also a district-level city of Long An (794)
    "Yên Giang": "07162",
    "Nam Hòa": "07165",
    "Hà An": "07168",
    "Cẩm La": "07171",
    "Phong Hải": "07174",
    "Yên Hải": "07177",
    "Liên Hòa": "07180",
    "Phong Cốc": "07183",
    "Liên Vị": "07186",
    "Tiền Phong": "07189",
}


@pytest.mark.parametrize(
    "title",
    [
        ["UBND THỊ XÃ QUẢNG YÊN", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CỦA UBND CÁC XÃ, PHƯỜNG"],
        ["KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2023 THỊ XÃ QUẢNG YÊN, TỈNH QUẢNG NINH"],
    ],
    ids=["level-and-province-from-the-units", "cap-xa-tinh-quang-ninh"],
)
def test_bare_names_in_a_commune_table_are_communes_of_its_province(xlsx, title):
    # "Quảng Yên", "Hiệp Hòa" and "Tân An" were districts, two of them of other provinces
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", list(QUANG_YEN_COMMUNES)))
    assert {n: unit_of(totals, n)[1] for n in QUANG_YEN_COMMUNES} == QUANG_YEN_COMMUNES
    assert set(totals["level"]) == {"commune"}
    assert unit_of(totals, "Quảng Yên")[0] == "Phường Quảng Yên"
    assert messages == []


# -- 4. abbreviated type words ----------------------------------------------------------------------------

QN_COMMUNES_2025 = {
    "P.Hà Tu": ("Phường Hà Tu", "06652"),
    "Phường Cao Xanh": ("Phường Cao Xanh", "06658"),
    "P. Hạ Long": ("Phường Hạ Long", "06688"),  # was Xã Pha Long of Lào Cai: "phalong" without spaces
    "X.Hải Sơn": ("Xã Hải Sơn", "06724"),
    "P. Cẩm Phả": ("Phường Cẩm Phả", "06793"),
    "X. Quảng Hà": ("Xã Quảng Hà", "06922"),
    "Đặc khu Vân Đồn": ("Đặc khu Vân Đồn", "06994"),
    "P. Quảng Yên": ("Phường Quảng Yên", "07132"),
}


def test_abbreviated_type_words_are_written_out_before_matching(xlsx):
    title = ["UBND TỈNH QUẢNG NINH", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2025 CỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU"]
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", list(QN_COMMUNES_2025)))
    assert {n: unit_of(totals, n)[:2] for n in QN_COMMUNES_2025} == QN_COMMUNES_2025
    assert messages == []


def test_no_2025_commune_written_with_an_abbreviation_is_taken_for_another(registry):
    """Each ward and commune of July 2025 written "P. X", "P.X", "X. X" resolves to itself in its province,
    and never to another unit without it (before: "P. Hạ Long" was Xã Pha Long, "P. Hồng An" Phường Phong
    An of Huế)."""
    abbreviations = {"Phường": "P.", "Xã": "X."}
    wrong = []
    for unit in registry.units("commune", era="2025"):
        word, _, rest = unit.name.partition(" ")
        if word not in abbreviations:
            continue
        for written in (f"{abbreviations[word]} {rest}", f"{abbreviations[word]}{rest}"):
            found = registry.resolve(written, level="commune", province=unit.province, era="2025")
            anywhere = registry.resolve(written, era="2025")
            if found != unit or anywhere not in (None, unit):
                wrong.append((written, unit.province, found, anywhere))
    assert wrong == []


def test_an_alias_written_like_an_abbreviation_is_still_the_alias(registry):
    assert registry.resolve("TT. Huế").name == "Thừa Thiên Huế"
    assert registry.resolve("TP.HCM").name == "TP. Hồ Chí Minh"


# -- 5. footnote markers ----------------------------------------------------------------------------------


def test_footnote_markers_after_a_province_are_dropped(xlsx):
    # "Hà Nội (*)" was kept as an unknown unit 'Hà Nội (*)', without a code
    names = ["Hà Nội (*)", "Hải Phòng", "Đà Nẵng(*)", "Bắc Ninh (**)", "Quảng Ninh", "Cần Thơ"]
    title = ["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"]
    rows = [*ranking(title, "Tỉnh, thành phố", names), ["(*) Đơn vị có điểm thưởng"]]
    totals, messages, _ = read(xlsx, rows)
    assert unit_of(totals, "Hà Nội (*)") == ("Hà Nội", "01", "province")
    assert unit_of(totals, "Đà Nẵng(*)") == ("Đà Nẵng", "48", "province")
    assert unit_of(totals, "Bắc Ninh (**)") == ("Bắc Ninh", "27", "province")
    assert messages == []


@pytest.mark.parametrize("written", ["Huyện Hải Hà¹", "Hải Hà*", "Huyện Hải Hà (*)"])
def test_footnote_markers_after_a_district_are_dropped(xlsx, written):
    names = ["Huyện Vân Đồn", written, "Huyện Tiên Yên", "Huyện Bình Liêu", "Huyện Đầm Hà"]
    title = ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ TỈNH QUẢNG NINH"]
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", names))
    assert unit_of(totals, written) == ("Hải Hà", "201", "district")
    assert messages == []


# -- 6. a unit of another province ------------------------------------------------------------------------

QN_DISTRICTS_2023 = [
    "Thành phố Hạ Long",
    "Thành phố Móng Cái",
    "Thành phố Cẩm Phả",
    "Thành phố Uông Bí",
    "Thị xã Quảng Yên",
    "Huyện Vân Đồn",
    "Huyện Tiên Yên",
    "Huyện Bình Liêu",
    "Huyện Lục Ngạn",  # a district of Bắc Giang, typed into Quảng Ninh's table
    "Huyện Ba Chẽ",
]


@pytest.mark.parametrize(
    ("title", "source"),
    [
        ("KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ TỈNH QUẢNG NINH", "the title"),
        ("KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CẤP HUYỆN", "the other units"),
    ],
    ids=["province-in-title", "province-from-units"],
)
def test_a_district_of_another_province_is_kept_with_a_warning(xlsx, title, source):
    totals, messages, _ = read(xlsx, ranking([title], "Tên đơn vị", QN_DISTRICTS_2023))
    assert unit_of(totals, "Huyện Lục Ngạn") == ("Lục Ngạn", "219", "district")
    assert [m for m in messages if "Lục Ngạn" in m] == [
        "ket_qua.xlsx: sheet 'Tổng hợp', cell B12: 'Huyện Lục Ngạn' is a district of Bắc Giang (Lục Ngạn), "
        f"but the table's units lie in Quảng Ninh (from {source}); kept as Lục Ngạn of Bắc Giang: check "
        "the name"
    ]
    assert len(messages) == 1


# -- 7. bare names in a 2025 commune table ----------------------------------------------------------------

QN_BARE_2025 = {
    "Phường Hồng Gai": ("Phường Hồng Gai", "06685"),
    "Bình Liêu": ("Xã Bình Liêu", "06838"),
    "Tiên Yên": ("Xã Tiên Yên", "06862"),
    "Đầm Hà": ("Xã Đầm Hà", "06895"),
    "Xã Hải Hòa": ("Xã Hải Hòa", "06799"),
    "Cô Tô": ("Đặc khu Cô Tô", "07192"),
}


@pytest.mark.parametrize(
    "title",
    [
        ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2025 CẤP XÃ"],
        ["UBND TỈNH QUẢNG NINH", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2025 CỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU"],
    ],
    ids=["cap-xa", "tinh-quang-ninh"],
)
def test_bare_names_in_a_2025_commune_table_are_its_new_communes(xlsx, title):
    # "Tiên Yên" and "Cô Tô" were the old districts, with a "unit of before July 2025" warning
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", list(QN_BARE_2025)))
    assert {n: unit_of(totals, n)[:2] for n in QN_BARE_2025} == QN_BARE_2025
    assert messages == []


# -- 8. departments ---------------------------------------------------------------------------------------

DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Ban Dân tộc",
    "Văn phòng UBND tỉnh",
    "Thanh tra tỉnh",
    "Ban Quản lý Khu kinh tế",
    "Cục Thuế tỉnh",
    "Bảo hiểm xã hội tỉnh",
    "Kho bạc Nhà nước tỉnh",
    "Ngân hàng Nhà nước chi nhánh tỉnh Quảng Ninh",
]


def test_departments_are_kept_as_written_with_one_note(xlsx):
    # "Bảo hiểm xã hội tỉnh" and "Kho bạc Nhà nước tỉnh" were provinces, in the 63-province peer group,
    # and every department got "not in the unit list … closest known: …"
    title = ["UBND TỈNH QUẢNG NINH", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CỦA CÁC SỞ, BAN, NGÀNH"]
    totals, messages, notes = read(xlsx, ranking(title, "Tên đơn vị", DEPARTMENTS))
    assert totals["unit"].tolist() == DEPARTMENTS
    assert set(totals["level"]) == {"department"} and totals["unit_code"].isna().all()
    assert set(totals["peer_group"]) == {"Tất cả đơn vị"}
    assert messages == []
    assert len([n for n in notes if "department names" in n]) == 1


def test_central_agencies_ranked_beside_departments_are_departments(xlsx):
    # DDCI ranks the central agencies in the province; none named with "Sở"/"Ban" was a department
    names = [
        "Công an tỉnh",
        "Cục Hải quan Quảng Ninh",
        "Kho bạc Nhà nước tỉnh",
        "Bảo hiểm xã hội tỉnh",
        "Công ty Điện lực Quảng Ninh",
    ]
    title = ["KẾT QUẢ CHỈ SỐ DDCI NĂM 2023 - KHỐI CƠ QUAN TRUNG ƯƠNG ĐÓNG TRÊN ĐỊA BÀN TỈNH"]
    totals, messages, _ = read(xlsx, ranking(title, "Tên đơn vị", names))
    assert totals["unit"].tolist() == names
    assert set(totals["level"]) == {"department"}
    assert messages == []
