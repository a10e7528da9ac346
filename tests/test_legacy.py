"""Legacy TCVN3 (ABC) and VNI-Windows text: tables, detection, decoding."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_analysis.io.legacy import (
    VIETNAMESE_LETTERS,
    decode_legacy,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    detect_legacy_many,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_syllable,
)

ADMIN = Path(__file__).parent / "data" / "admin2025"
PROVINCES_CSV = ADMIN / "province_old_to_new_DERIVED.csv"
NAMES_CSV = ADMIN / "unit_names_2024.csv"

TITLE = "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022"


def _provinces() -> list[str]:
    with PROVINCES_CSV.open(encoding="utf-8") as f:
        names = {row["old_prov"] for row in csv.DictReader(f)}
    return sorted({n.removeprefix("Tỉnh ").removeprefix("Thành phố ") for n in names})


def _admin_names() -> list[str]:
    with NAMES_CSV.open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f)]


PROVINCES = _provinces()
VNI_UNDECIDABLE_ALONE = {"Hồ Chí Minh", "Sơn La"}


def test_the_province_list_is_the_63_pre_2025_provinces():
    assert len(PROVINCES) == 63
    assert {"Đắk Lắk", "Huế", "Bà Rịa - Vũng Tàu", "Quảng Ninh", "Hà Nội"} <= set(PROVINCES)


# --- Tables ----------------------------------------------------------------------------------


def test_alphabet_has_134_precomposed_letters():
    assert len(VIETNAMESE_LETTERS) == 134
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in VIETNAMESE_LETTERS)
    assert sum(ch.islower() for ch in VIETNAMESE_LETTERS) == 67
    assert {"đ", "Đ", "ặ", "Ặ", "ự", "Ự", "ỵ", "Ỵ"} <= VIETNAMESE_LETTERS


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("§µ N½ng", "Đà Nẵng"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("B¸t X¸t", "Bát Xát"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),
        ("§¾k L¾k", "Đắk Lắk"),
        ("Thõa Thiªn HuÕ", "Thừa Thiên Huế"),
        ("Bµ RÞa - Vòng Tµu", "Bà Rịa - Vũng Tàu"),
        ("Qu¶ng Ninh", "Quảng Ninh"),
        ("H¶i Hµ", "Hải Hà"),
        ("¨ © ª « ¬ \xad ®", "ă â ê ô ơ ư đ"),
        ("¡ ¢ £ ¤ ¥ ¦ §", "Ă Â Ê Ô Ơ Ư Đ"),
        ("ý Ý þ ö ÷ î", "ý í ỵ ử ữ ợ"),
    ],
)
def test_tcvn3_known_text(legacy, unicode):
    assert decode_tcvn3(legacy) == unicode
    assert encode_tcvn3(unicode) == legacy


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [
        ("Ñaø Naüng", "Đà Nẵng"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Ñaék Laék", "Đắk Lắk"),
        ("Thöøa Thieân Hueá", "Thừa Thiên Huế"),
        ("Baø Ròa - Vuõng Taøu", "Bà Rịa - Vũng Tàu"),
        ("Quaûng Ninh", "Quảng Ninh"),
        ("Haûi Haø", "Hải Hà"),
        ("Möôøng Khöông", "Mường Khương"),
        ("AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË", "Á À Ả Ã Ạ Â Ấ Ầ Ẩ Ẫ Ậ Ă Ắ Ằ Ẳ Ẵ Ặ"),
        ("Í Ì Æ Ó Ò Î Ñ Ô Ö", "Í Ì Ỉ Ĩ Ị Ỵ Đ Ơ Ư"),
        ("í ì æ ó ò yø yù yû yõ î", "í ì ỉ ĩ ị ỳ ý ỷ ỹ ỵ"),
    ],
)
def test_vni_known_text(legacy, unicode):
    assert decode_vni(legacy) == unicode
    assert encode_vni(unicode) == legacy


def test_vni_decodes_an_uppercase_base_with_a_lowercase_mark():
    assert decode_vni("Aùnh") == "Ánh"
    assert decode_vni("Ôû") == "Ở"


def test_every_letter_round_trips_through_vni():
    for letter in VIETNAMESE_LETTERS:
        code = encode_vni(letter)
        assert 1 <= len(code) <= 2 and code.isascii() is False
        assert decode_vni(code) == letter


def test_tcvn3_has_codes_for_lowercase_and_seven_uppercase_letters():
    representable = []
    for letter in VIETNAMESE_LETTERS:
        try:
            code = encode_tcvn3(letter)
        except ValueError as error:
            assert letter.isupper() and "TCVN3 cannot represent" in str(error)
            continue
        representable.append(letter)
        assert len(code) == 1 and ord(code) <= 0xFF
        assert decode_tcvn3(code, vntimeh=False) == letter
    assert sorted(ch for ch in representable if ch.isupper()) == sorted("ĂÂĐÊÔƠƯ")
    assert len(representable) == 67 + 7
    codes = [encode_tcvn3(ch) for ch in representable]
    assert len(set(codes)) == len(codes)


def test_vntimeh_writes_capitals_with_lowercase_codes_and_decoding_restores_them():
    encoded = encode_tcvn3(TITLE, vntimeh=True)
    assert encoded == "KÕT QU¶ X¸C §ÞNH CHØ Sè C¶I C¸CH HµNH CHÝNH N¡M 2022"
    assert decode_tcvn3(encoded) == TITLE
    assert detect_legacy(encoded) == "tcvn3"
    assert decode_tcvn3(encode_tcvn3("Hà Nội", vntimeh=True), vntimeh=True) == "HÀ NỘI"
    assert decode_tcvn3("Hµ NéI") == "HÀ NỘI"
    assert decode_tcvn3("Hµ NéI", vntimeh=False) == "Hà NộI"


def test_title_case_is_not_mistaken_for_capitals():
    assert decode_tcvn3("X· Xµ Hå") == "Xã Xà Hồ"
    assert decode_tcvn3("X· Ia BLø") == "Xã Ia BLứ"
    assert decode_tcvn3("TØnh QU¶NG NINH") == "Tỉnh QUẢNG NINH"


@pytest.mark.parametrize("text", ["Ấp Bắc", "Ống", "ç", "中国"])
def test_tcvn3_refuses_what_it_cannot_represent(text):
    with pytest.raises(ValueError, match="cannot represent"):
        encode_tcvn3(text)


@pytest.mark.parametrize("text", ["ç", "Straße", "中国", "ÿ"])
def test_vni_refuses_what_it_cannot_represent(text):
    with pytest.raises(ValueError, match="VNI cannot represent"):
        encode_vni(text)


def test_encoders_accept_nfd_input():
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    assert encode_vni(nfd) == "Ñaø Naüng"
    assert encode_tcvn3(nfd) == "§µ N½ng"


# --- Detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROVINCES)
def test_province_names_are_detected_and_decoded_in_both_encodings(name):
    assert detect_legacy(name) is None
    vni = encode_vni(name)
    tcvn3 = encode_tcvn3(name, vntimeh=True)
    if name in VNI_UNDECIDABLE_ALONE:
        # "Hoà Chí Minh" and "Sôn La" are also plausible Unicode: the column has to decide.
        assert detect_legacy(vni) is None
        assert detect_legacy_many([vni, encode_vni("Đà Nẵng")]) == "vni"
        assert decode_legacy(vni, "vni") == name
    elif vni != name:
        assert detect_legacy(vni) == "vni"
        assert decode_legacy(vni) == name
    if tcvn3 != name:
        assert detect_legacy(tcvn3) == "tcvn3"
        assert decode_legacy(tcvn3) == name


def test_real_district_and_commune_names():
    """8,368 real names (NSO list of 2025-01-04): Unicode never flagged, legacy nearly always."""
    names = _admin_names()
    assert len(names) > 8000
    assert [n for n in names if detect_legacy(n) is not None] == []
    for encode, encoding in ((encode_vni, "vni"), (encode_tcvn3, "tcvn3")):
        detected = missed = 0
        for name in names:
            try:
                legacy = encode(name)
            except ValueError:  # TCVN3: a capital with a tone mark, e.g. "Xã Ẳng Cang"
                continue
            found = detect_legacy(legacy)
            assert found in (encoding, None), (name, legacy, found)
            if found is None:
                missed += 1
                continue
            detected += 1
            assert decode_legacy(legacy) == name
        # The undetected few are minority-language names such as "Xã Ea Tir" ("Xaõ Ea Tir").
        assert missed <= 0.02 * (detected + missed), (encoding, missed)


def test_long_title_in_vni():
    vni = encode_vni(TITLE)
    assert vni.startswith("KEÁT QUAÛ XAÙC ÑÒNH")
    assert detect_legacy(vni) == "vni"
    assert decode_legacy(vni) == TITLE
    sentence = "UBND tỉnh Quảng Ninh công bố kết quả Chỉ số cải cách hành chính"
    assert decode_legacy(encode_vni(sentence)) == sentence
    assert decode_legacy(encode_tcvn3(sentence)) == sentence
    # TCVN3's limit: a lone capital with a tone mark was typed with its lowercase code.
    assert decode_legacy(encode_tcvn3("Ủy ban nhân dân", vntimeh=True)) == "ủy ban nhân dân"


@pytest.mark.parametrize(
    "text",
    [
        "Hoà Bình",
        "Hòa Bình",
        "Tây Ninh",
        "Cà Mau",
        "Phú Yên",
        "Thừa Thiên Huế",
        unicodedata.normalize("NFD", "Đà Nẵng"),
        unicodedata.normalize("NFD", "Hoà Bình"),
        TITLE,
        "Provincial Governance and Public Administration Performance Index",
        "PAR INDEX 2022",
        "86,02",
        "1.234,5",
        "Où est la gare ?",
        "Crème brûlée",
        "Élève à l'école",
        "Noël à Paris",
        "Müller",
        "Straße",
        "schön",
        "naïve café",
        "Señor Año",
        "25°C ± 2",
        "© 2022 – “Báo cáo”",
    ],
)
def test_text_that_is_not_legacy(text):
    assert detect_legacy(text) is None
    assert decode_legacy(text) == text


def test_detect_legacy_handles_empty_values():
    assert detect_legacy("") is None
    assert detect_legacy(None) is None


def test_a_column_decides_for_cells_that_cannot_decide_alone():
    cells = ["Xaõ Ea Tir", "Xaõ Ea Kieát", "Xaõ Cö M'Lan", None, "Xaõ Ñaék Wil"]
    assert detect_legacy("Xaõ Ea Tir") is None
    assert detect_legacy_many(cells) == "vni"
    decoded = [decode_legacy(c, "vni") for c in cells if c]
    assert decoded == ["Xã Ea Tir", "Xã Ea Kiết", "Xã Cư M'Lan", "Xã Đắk Wil"]


def test_a_column_mixing_encodings_or_with_no_legacy_text_gives_none():
    assert detect_legacy_many(["Ñaø Naüng", "§µ N½ng"]) is None
    assert detect_legacy_many(["Đà Nẵng", "Hà Nội", 12.5, None]) is None


# Cells whose bytes are a VNI text and a TCVN3 text at once, with both readings well-formed.
# The detector once broke such ties in favour of TCVN3 ("ña" → "ủa" instead of VNI "đa").
READ_BOTH_WAYS = [
    ("ña", "đa", "ủa"),
    ("Tö", "Tư", "Tử"),
    ("Coâng", "Công", "Coõng"),
    ("Chuû", "Chủ", "Chuỷ"),
    ("Chî", "Chỵ", "Chợ"),
    ("HUÕ", "HŨ", "HUẾ"),
]


@pytest.mark.parametrize(("legacy", "vni", "tcvn3"), READ_BOTH_WAYS)
def test_a_cell_that_reads_well_in_both_encodings_is_undecidable_alone(legacy, vni, tcvn3):
    assert encode_vni(vni) == legacy
    assert encode_tcvn3(tcvn3, vntimeh=True) == legacy
    assert detect_legacy(legacy) is None
    assert decode_legacy(legacy) == legacy
    assert decode_legacy(legacy, "vni") == vni
    assert decode_legacy(legacy, "tcvn3") == tcvn3


def test_the_other_cells_decide_for_cells_that_read_both_ways():
    vni_column = [legacy for legacy, _, _ in READ_BOTH_WAYS] + ["Ñaø Naüng"]
    assert detect_legacy_many(vni_column) == "vni"
    assert [decode_legacy(c, "vni") for c in vni_column] == [v for _, v, _ in READ_BOTH_WAYS] + ["Đà Nẵng"]
    tcvn3_column = [legacy for legacy, _, _ in READ_BOTH_WAYS] + ["§µ N½ng"]
    assert detect_legacy_many(tcvn3_column) == "tcvn3"
    assert [decode_legacy(c, "tcvn3") for c in tcvn3_column] == [t for _, _, t in READ_BOTH_WAYS] + [
        "Đà Nẵng"
    ]


@pytest.mark.parametrize(
    ("legacy", "unicode"),
    [("GhÒnh", "Ghềnh"), ("NghÖ", "Nghệ"), ("ThÓ", "Thể"), ("vÖ", "vệ"), ("B¶o vÖ", "Bảo vệ")],
)
def test_a_capital_after_a_small_letter_is_tcvn3_not_vni(legacy, unicode):
    # As VNI these read "GhỊnh", "NghƯ" …: a VNI encoder never writes a capital inside a small word.
    vni_reading = decode_vni(legacy)
    assert any(ch.isupper() and vni_reading[i - 1].islower() for i, ch in enumerate(vni_reading) if i)
    assert detect_legacy(legacy) == "tcvn3"
    assert decode_legacy(legacy) == unicode


def test_tcvn3_symbol_codes_inside_a_word_rule_out_vni():
    # "¬" (ơ) is no letter in VNI text; read as VNI only "Chỵ" would decode, so this was taken for VNI.
    cell = "Chî Ea D'R¬ng"
    assert decode_tcvn3(cell) == "Chợ Ea D'Rơng"
    assert detect_legacy(cell) is None  # "Chî" reads both ways, "D'R¬ng" is not Vietnamese
    assert detect_legacy_many([cell, "X· Ea D'R¬ng", "§¾k L¾k"]) == "tcvn3"
    assert detect_legacy("Chî Kon Pl«ng") == "tcvn3"  # "Plông" is Vietnamese-shaped: telling
    assert decode_legacy("Chî Kon Pl«ng") == "Chợ Kon Plông"


def test_decoding_with_a_known_encoding_leaves_unicode_vietnamese_alone():
    assert decode_legacy("Hà Nội", "tcvn3") == "Hà Nội"
    assert decode_legacy("Thừa Thiên Huế", "vni") == "Thừa Thiên Huế"
    assert decode_legacy("§µ N½ng", "tcvn3") == "Đà Nẵng"


def test_unknown_encoding_name():
    with pytest.raises(ValueError, match="Unknown legacy encoding 'viqr'"):
        decode_legacy("Ñaø", "viqr")


@pytest.mark.parametrize(
    "word",
    ["Nẵng", "hoà", "hòa", "KHUYẾN", "giếng", "quỳnh", "Đắk", "Krông", "nghiêng", "ươm", "thuở"],
)
def test_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Nẵngz", "ẹaứ", "est", "gỏt", "hàt", "àá", "Straòe", "bac"])
def test_not_vietnamese_syllables(word):
    assert not is_vietnamese_syllable(word)


def _detect_by_scores(text: str) -> str | None:
    """detect_legacy without its early exit for Unicode-only characters: both encodings' evidence."""
    from cchc_analysis.io.legacy import _score

    if not text or text.isascii():
        return None
    tcvn3, vni = _score(text, "tcvn3"), _score(text, "vni")
    return None if tcvn3 == vni else ("tcvn3" if tcvn3 > vni else "vni")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_admin_names()[:200],
                *(encode_tcvn3(n) for n in PROVINCES),
                *(encode_vni(n) for n in PROVINCES),
            ]
        ),
        min_size=1,
        max_size=3,
    ),
    st.text(alphabet=st.characters(max_codepoint=0x1EFF), max_size=6),
)
def test_the_early_exit_for_unicode_text_gives_the_same_answer(names, extra):
    # a character beyond Latin-1 that neither encoding writes ends the detection at once (a C-level
    # scan); the answer must be the one both encodings' evidence gives
    text = " ".join(names) + extra
    assert detect_legacy.__wrapped__(text) == _detect_by_scores(text)
    for name in names:
        assert detect_legacy.__wrapped__(name) == _detect_by_scores(name)
