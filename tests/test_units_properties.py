"""Property tests for the unit-name normaliser (hypothesis): however a province is spelled in a
spreadsheet — case, NFD, no diacritics, old or new tone placement, a type word or its abbreviation,
spacing around a dash — it resolves to the same unit, and the canonical name resolves to itself."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_analysis.units import UnitRegistry, canonical_unit

REGISTRY = UnitRegistry.default()
PROVINCES = {era: REGISTRY.units("province", era=era) for era in ("legacy", "2025")}
OLD_TONES = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ủy": "uỷ",
    "úy": "uý",
}


def _strip_marks(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


@st.composite
def spellings(draw, era: str):
    unit = draw(st.sampled_from(PROVINCES[era]))
    name = unit.name.removeprefix("TP. ")
    if draw(st.booleans()):
        for new, old in OLD_TONES.items():
            name = name.replace(new, old)
    if draw(st.booleans()):
        name = name.replace(" - ", draw(st.sampled_from(["-", " – ", "- ", " -"])))
    city = unit.name.startswith("TP. ") or unit.name in CITIES
    prefix = draw(
        st.sampled_from(["", "TP. ", "Tp. ", "Thành phố "] if city else ["", "Tỉnh ", "tỉnh ", "TỈNH "])
    )
    text = prefix + name
    text = draw(st.sampled_from([text, text.lower(), text.upper()]))
    if draw(st.booleans()):
        text = _strip_marks(text)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    pad = draw(st.sampled_from(["", " ", "  ", "\u00a0"]))
    return unit, pad + text + pad


CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế"}


@pytest.mark.parametrize("era", ["legacy", "2025"])
def test_canonical_name_resolves_to_itself(era):
    for unit in PROVINCES[era]:
        again = canonical_unit(unit.name, level="province", era=era)
        assert (again.code, again.name) == (unit.code, unit.name)


@given(spellings("legacy"))
def test_any_spelling_of_a_pre_2025_province_resolves_to_it(case):
    unit, text = case
    found = canonical_unit(text, level="province", era="legacy")
    assert (found.code, found.name) == (unit.code, unit.name), text


@given(spellings("2025"))
def test_any_spelling_of_a_2025_province_resolves_to_it(case):
    unit, text = case
    found = canonical_unit(text, level="province", era="2025")
    assert (found.code, found.name) == (unit.code, unit.name), text
