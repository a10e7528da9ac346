"""Property tests for Vietnamese text and number parsing (hypothesis)."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cchc_analysis.io.legacy import (
    VIETNAMESE_LETTERS,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_syllable,
)
from cchc_analysis.io.text import clean_text, match_key, parse_number

# --- Generators ------------------------------------------------------------------------------

INITIALS = str.split("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x")
RHYMES = str.split(
    "a ai ao au ay am an ang anh ác ạch ăn ăng ắt âu ây ân âng ất e eo en eng ép ê êu ên ênh ết "
    "i ia iu in inh ít ích iêu iên iêng iết o oi on ong ót ô ôi ôn ông ốc ơ ơi ơn ớt u ua ui un "
    "ung út uôi uôn uông uốt ư ưa ưi ưu ưng ươi ươn ương ước oa oai oan oang oanh oát oăn oe "
    "uân uê uy uya uyên uyết"
)
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
STOP_TONES = ("\u0301", "\u0323")
MODIFIED = "ăâêôơư"
VOWELS = "aăâeêioôơuưy"


def _apply_tone(rhyme: str, tone: str) -> str:
    """Put ``tone`` on the rhyme's main vowel ("òa", "ường", "uyến", "ãi")."""
    rhyme = unicodedata.normalize("NFD", rhyme)
    if any(m in rhyme for m in TONES[1:]):  # the rhyme already carries its stop-syllable tone
        return unicodedata.normalize("NFC", rhyme)
    rhyme = unicodedata.normalize("NFC", rhyme)
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    modified = [i for i in vowels if rhyme[i] in MODIFIED]
    if modified:
        at = modified[-1]
    elif vowels[-1] < len(rhyme) - 1 or len(vowels) == 1:
        at = vowels[-1]
    else:
        at = vowels[0] if len(vowels) == 2 else vowels[1]
    return unicodedata.normalize("NFC", rhyme[: at + 1] + tone + rhyme[at + 1 :])


def _clashes(initial: str, rhyme: str) -> bool:
    """Initials whose last letter a rhyme would read as its own: "gi"+"iu", "qu"+"uy", and "g"+"ia",
    which reads as "gi"+"a" with its tone on the wrong letter ("gìa" for "già")."""
    return (initial in ("g", "gi") and rhyme.startswith("i")) or (initial == "qu" and rhyme[0] in "uo")


@st.composite
def syllables(draw) -> str:
    initial = draw(st.sampled_from(["", *INITIALS]))
    rhyme = draw(st.sampled_from(RHYMES))
    if _clashes(initial, rhyme):
        initial = "b"
    bare = unicodedata.normalize("NFD", rhyme)
    ends_in_stop = bare.rstrip("".join(TONES)).endswith(("c", "ch", "p", "t"))
    tone = draw(st.sampled_from(STOP_TONES if ends_in_stop else TONES))
    word = initial + _apply_tone(rhyme, tone)
    style = draw(st.sampled_from(["lower", "title", "upper"]))
    return {"lower": word, "title": word[:1].upper() + word[1:], "upper": word.upper()}[style]


vietnamese_text = st.lists(syllables(), min_size=1, max_size=12).map(" ".join)

ALPHABET = sorted(VIETNAMESE_LETTERS) + list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
alphabet_text = st.text(alphabet=[*ALPHABET, " ", "-", ",", ".", "0", "7", "(", ")"], max_size=40)
TCVN3_ALPHABET = [ch for ch in ALPHABET if not (ch in VIETNAMESE_LETTERS and ch.isupper())]
TCVN3_ALPHABET += list("ĂÂĐÊÔƠƯ")
tcvn3_text = st.text(alphabet=[*TCVN3_ALPHABET, " ", "-", "/", "1"], max_size=40)


def format_vi(value: float, decimals: int, thousands: bool) -> str:
    """Write a number the Vietnamese way: decimal comma, optional thousands dots."""
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# --- Properties ------------------------------------------------------------------------------


def test_the_generator_makes_real_syllables():
    assert _apply_tone("oa", "\u0300") == "òa"
    assert _apply_tone("ương", "\u0300") == "ường"
    assert _apply_tone("uyên", "\u0301") == "uyến"
    assert _apply_tone("ai", "\u0303") == "ãi"


def test_every_syllable_the_generator_can_make_is_vietnamese():
    """All initial × rhyme × tone combinations, not a random draw: a bad one would fail CI at random."""
    made = 0
    for initial in ["", *INITIALS]:
        for rhyme in RHYMES:
            start = "b" if _clashes(initial, rhyme) else initial
            bare = unicodedata.normalize("NFD", rhyme)
            ends_in_stop = bare.rstrip("".join(TONES)).endswith(("c", "ch", "p", "t"))
            for tone in STOP_TONES if ends_in_stop else TONES:
                word = start + _apply_tone(rhyme, tone)
                assert is_vietnamese_syllable(word), word
                made += 1
    assert made > 1000


@given(syllables())
def test_generated_syllables_are_vietnamese(word):
    assert is_vietnamese_syllable(word)


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
)
def test_parse_number_reads_vietnamese_formatting(units, decimals, thousands):
    value = units / 10**decimals
    text = format_vi(value, decimals, thousands)
    assert parse_number(text, decimal=",") == float(f"{value:.{decimals}f}")


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 4))
def test_parse_number_reads_formatted_floats(value, decimals):
    text = format_vi(value, decimals, thousands=False)
    assert parse_number(text, decimal=",") == float(f"{value:.{decimals}f}")


@given(vietnamese_text)
def test_match_key_is_idempotent_and_ignores_normal_form(text):
    key = match_key(text)
    assert match_key(key) == key
    assert match_key(unicodedata.normalize("NFD", text)) == key
    assert key.isascii()


@given(alphabet_text)
def test_match_key_is_idempotent_on_any_alphabet_text(text):
    key = match_key(text)
    assert match_key(key) == key


@given(alphabet_text)
def test_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == unicodedata.normalize("NFC", text)


@given(tcvn3_text)
def test_tcvn3_round_trip_on_the_representable_letters(text):
    assert decode_tcvn3(encode_tcvn3(text), vntimeh=False) == text


@given(vietnamese_text)
@settings(max_examples=300)
def test_unicode_vietnamese_is_never_taken_for_legacy(text):
    assert detect_legacy(text) is None
    assert clean_text(text) == text


@given(vietnamese_text)
@settings(max_examples=300)
# Found by runs with thousands of examples: texts whose VNI bytes also read as TCVN3 ("đa" is
# "ña", TCVN3 "ủa"; "Công" is "Coâng", TCVN3 "Coõng") or the other way round ("Tử" is "Tö").
@example("đa")
@example("Tư")
@example("lưu")
@example("Công")
@example("Lộc")
@example("Chủ")
@example("VĨNH")
@example("Ũ")
@example("Bủ chố chai chai")
@example("Tử")
@example("Chợ")
@example("Nghệ")
@example("Ghềnh")
def test_legacy_text_is_never_taken_for_the_other_encoding(text):
    assert detect_legacy(encode_vni(text)) in ("vni", None)
    assert detect_legacy(encode_tcvn3(text, vntimeh=True)) in ("tcvn3", None)


# --- parse_number_column: the numpy pass agrees with reading cell by cell ----------------------------

_CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.sampled_from(["86,02", "90.17", "1.000", "40,980", "-", "N/A", "1½", "51,39/66,5", "2.500", "x", " "]),
    st.text(alphabet="0123456789.,-% ", min_size=1, max_size=7),
)


def _outcome(values):
    from cchc_analysis.errors import InputError
    from cchc_analysis.io.text import parse_number_column

    try:
        numbers, notes = parse_number_column(values)
    except InputError as err:
        return "error", str(err)
    return [repr(float(x)) for x in numbers], notes


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, max_size=12))
def test_number_column_fast_pass_agrees_with_the_cell_by_cell_reading(values):
    import numpy as np

    # a numpy NaN at the end sends the column down the cell-by-cell loop; it is missing, so changes nothing
    slow = _outcome([*values, np.float64("nan")])
    fast = _outcome(values)
    if fast[0] == "error":
        assert slow == fast
    else:
        assert (slow[0][:-1], slow[1]) == fast


# --- plain_ranks: the column pass agrees with parse_rank cell by cell ------------------------------

_RANK_CELLS = st.one_of(
    st.none(),
    st.integers(min_value=-3, max_value=200),
    st.floats(min_value=-3, max_value=200),
    st.just(float("nan")),
    st.from_regex(r"0?[0-9]{1,3}(/[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["02/12", "12/12", "13/12", "0", "00/5", "5\n6", " 3", "3 ", "Hạng 4", "x", "", "1e3"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_RANK_CELLS, min_size=1, max_size=10))
def test_plain_ranks_agree_with_parse_rank(values):
    from cchc_analysis.io.text import parse_rank, plain_ranks

    got = plain_ranks(values)
    try:
        expected = [parse_rank(v) for v in values]
    except ValueError:
        assert got is None  # a cell that is not a rank: left for parse_rank to name
        return
    if got is not None:
        assert list(zip(*got, strict=True)) == expected
        assert all(type(r) is int for r, _ in expected if r is not None)


# --- Plain numbers written as text (every cell of a CSV) take a short way: the same answers ---------------

_PLAIN_NUMBERS = st.builds(
    lambda sign, whole, sep, frac, pad: f"{pad}{sign}{whole}{sep + frac if sep else ''}{pad}",
    st.sampled_from(["", "-", "+"]),
    st.integers(0, 10**9).map(str) | st.sampled_from(["0", "00", "007", "1", "40", "2023", "1999"]),
    st.sampled_from(["", ".", ","]),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    st.sampled_from(["", " "]),
)


@given(_PLAIN_NUMBERS)
@example("40,980")
@example("-1.000")
@example("2023")
@example("0,5")
@settings(max_examples=400)
def test_plain_numbers_read_the_short_way_as_the_long(text):
    from cchc_analysis.io.text import _parse_text, _parse_written

    short, long = _parse_text.__wrapped__(text), _parse_written(text)
    assert (short.kind, short.decimal, short.maximum, short.message) == (
        long.kind,
        long.decimal,
        long.maximum,
        long.message,
    )
    for a, b in ((short.value, long.value), (short.alt, long.alt)):
        assert a == b or (a != a and b != b)


@given(_PLAIN_NUMBERS)
@example("2023")
@example("19,99")
@settings(max_examples=400)
def test_plain_numbers_name_no_column_role_unless_a_year(text):
    # a CSV's cells are text: each number is asked whether it heads a column; the answer, None unless it
    # holds a year, is given without asking every header question
    from cchc_analysis.io import detect

    assert detect._header_kind_of_text.__wrapped__(text) == detect._header_kind_in_full(text)


@given(_PLAIN_NUMBERS)
@settings(max_examples=200)
def test_plain_numbers_are_cleaned_as_any_text(text):
    from cchc_analysis.io import detect

    assert detect._clean_cached.__wrapped__(text) == clean_text(text)
