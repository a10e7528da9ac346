"""Legacy Vietnamese 8-bit encodings found in old government spreadsheets.

Before Unicode, Vietnamese text in Excel was typed with special fonts. The cell then holds
Latin-1-looking characters that only read as Vietnamese in that font:

* **TCVN3 (ABC)**, fonts ``.VnTime``, ``.VnArial`` …: one byte per letter, e.g. ``"§µ N½ng"``
  is "Đà Nẵng". TCVN3 proper has codes for the lowercase letters with tone marks and only seven
  uppercase letters (Ă Â Đ Ê Ô Ơ Ư). Uppercase letters with tone marks were written with the
  *same* codes as the lowercase ones in the companion ``.VnTimeH`` font, whose glyphs are all
  capitals. Text from such a cell therefore decodes to lowercase toned letters;
  :func:`decode_tcvn3` repairs the case when the rest of the word is in capitals
  (``"KÕT QU¶"`` → "KẾT QUẢ"), and callers who know the font was ``.VnTimeH`` can force capitals
  with ``vntimeh=True``. The uppercase codes of the older TCVN 5712 "VN1" table are not supported:
  they collide with ordinary Unicode letters.
* **VNI-Windows**, fonts ``VNI-Times`` …: a base letter followed by one mark character, e.g.
  ``"Ñaø Naüng"`` is "Đà Nẵng". Decoding is greedy (longest match first).

The tables cover all 134 precomposed Vietnamese letters (67 lowercase, 67 uppercase) and were
checked against the tables of the ``xvnkb`` keyboard driver (``tcvn.h``, ``vni.h``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "VIETNAMESE_LETTERS",
    "decode_legacy",
    "decode_tcvn3",
    "decode_vni",
    "detect_legacy",
    "detect_legacy_many",
    "encode_tcvn3",
    "encode_vni",
    "is_vietnamese_syllable",
]

# Tone order used by every table below: none, grave (huyền), acute (sắc), hook (hỏi), tilde (ngã),
# dot below (nặng).
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_BASES = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def _letter(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONES[tone])


# TCVN3 (ABC) codes of the lowercase letters, by base and tone. An empty entry is the ASCII letter.
_TCVN3_LOWER = {
    "a": ("", "µ", "¸", "¶", "·", "¹"),
    "ă": ("¨", "»", "¾", "¼", "½", "Æ"),
    "â": ("©", "Ç", "Ê", "È", "É", "Ë"),
    "e": ("", "Ì", "Ð", "Î", "Ï", "Ñ"),
    "ê": ("ª", "Ò", "Õ", "Ó", "Ô", "Ö"),
    "i": ("", "×", "Ý", "Ø", "Ü", "Þ"),
    "o": ("", "ß", "ã", "á", "â", "ä"),
    "ô": ("«", "å", "è", "æ", "ç", "é"),
    "ơ": ("¬", "ê", "í", "ë", "ì", "î"),
    "u": ("", "ï", "ó", "ñ", "ò", "ô"),
    "ư": ("\xad", "õ", "ø", "ö", "÷", "ù"),
    "y": ("", "ú", "ý", "û", "ü", "þ"),
}
_TCVN3_UPPER = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# VNI-Windows codes of the lowercase letters; uppercase codes are the same strings upper-cased.
_VNI_PLAIN = ("", "ø", "ù", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "á", "å", "ã", "ä")
_VNI_BREVE = ("ê", "è", "é", "ú", "ü", "ë")
_VNI_LOWER = {
    "a": tuple("a" + m for m in _VNI_PLAIN),
    "ă": tuple("a" + m for m in _VNI_BREVE),
    "â": tuple("a" + m for m in _VNI_CIRCUMFLEX),
    "e": tuple("e" + m for m in _VNI_PLAIN),
    "ê": tuple("e" + m for m in _VNI_CIRCUMFLEX),
    "i": ("i", "ì", "í", "æ", "ó", "ò"),
    "o": tuple("o" + m for m in _VNI_PLAIN),
    "ô": tuple("o" + m for m in _VNI_CIRCUMFLEX),
    "ơ": tuple("ô" + m for m in _VNI_PLAIN),
    "u": tuple("u" + m for m in _VNI_PLAIN),
    "ư": tuple("ö" + m for m in _VNI_PLAIN),
    "y": ("y", "yø", "yù", "yû", "yõ", "î"),
}


def _build_tables() -> tuple[list[str], dict[str, str], dict[str, str]]:
    letters: list[str] = []
    tcvn3: dict[str, str] = {}
    vni: dict[str, str] = {}
    for base in _BASES:
        for tone in range(6):
            lower = _letter(base, tone)
            upper = lower.upper()
            if lower.isascii():
                continue
            letters += [lower, upper]
            tcvn3[lower] = _TCVN3_LOWER[base][tone]
            if upper in _TCVN3_UPPER:
                tcvn3[upper] = _TCVN3_UPPER[upper]
            vni[lower] = _VNI_LOWER[base][tone]
            vni[upper] = _VNI_LOWER[base][tone].upper()
    letters += ["đ", "Đ"]
    tcvn3["đ"] = "®"
    tcvn3["Đ"] = "§"
    vni["đ"] = "ñ"
    vni["Đ"] = "Ñ"
    return letters, tcvn3, vni


_LETTERS, _UNI_TO_TCVN3, _UNI_TO_VNI = _build_tables()

#: The 134 precomposed (NFC) Vietnamese letters that are not plain ASCII, lowercase and uppercase.
VIETNAMESE_LETTERS: frozenset[str] = frozenset(_LETTERS)

_TCVN3_TO_UNI = {code: letter for letter, code in _UNI_TO_TCVN3.items()}
_TCVN3_TRANS = str.maketrans(_TCVN3_TO_UNI)
_TCVN3_CODES = frozenset(_TCVN3_TO_UNI)

_VNI_TO_UNI: dict[str, str] = {code: letter for letter, code in _UNI_TO_VNI.items()}
# Lenient reading: an uppercase base letter followed by a lowercase mark also decodes ("Aùnh").
for _letter_, _code in list(_UNI_TO_VNI.items()):
    if len(_code) == 2 and _code[0].isupper():
        _VNI_TO_UNI.setdefault(_code[0] + _code[1].lower(), _letter_)
del _letter_, _code
_VNI_CODE_CHARS = frozenset("".join(_VNI_TO_UNI)) - frozenset("aeouyAEOUYi")
_VNI_PATTERN = re.compile("|".join(re.escape(code) for code in sorted(_VNI_TO_UNI, key=len, reverse=True)))

# Latin-1 letters that ordinary NFC Vietnamese uses: a legacy code equal to one is no evidence.
_NFC_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_STRONG = _TCVN3_CODES - _NFC_LATIN1
_VNI_STRONG_SINGLE = frozenset("ñÑöÖæÆîÎ")
# Base + mark pairs that also occur in NFC Vietnamese written with the old tone placement
# ("hoà", "hoá", "hoãn"): valid VNI but no evidence.
_VNI_WEAK_PAIRS = frozenset(o + m for o in "oO" for m in "àáã") | {"OÀ", "OÁ", "OÃ"}
# Typographic punctuation that Excel autocorrect inserts even in cells using a legacy font.
_NEUTRAL_NON_LATIN1 = frozenset("–—‘’‚“”„…•€™†‡‰‹›")

# A character beyond Latin-1 that neither encoding produces ("ộ", "ư", "đ", a combining mark): text
# holding one is Unicode (both encodings' evidence is 0), told in one C-level scan
_UNICODE_ONLY = re.compile(
    "[^\x00-\xff"
    + re.escape(
        "".join(sorted(ch for ch in _TCVN3_CODES | _VNI_CODE_CHARS | _NEUTRAL_NON_LATIN1 if ord(ch) > 0xFF))
    )
    + "]"
)
_TCVN3_TOKEN = re.compile("[A-Za-z" + re.escape("".join(sorted(_TCVN3_CODES))) + "]+")
# TCVN3 writes some letters with Latin-1 symbols ("L¬ng" is "Lơng", "§ar" is "Đar"). VNI text has
# no reason to glue them to letters, so a VNI reading takes them into its words, which then fail.
_TCVN3_SYMBOLS = frozenset(ch for ch in _TCVN3_CODES - _VNI_CODE_CHARS if not ch.isalpha())
_VNI_TOKEN = re.compile("[A-Za-z" + re.escape("".join(sorted(_VNI_CODE_CHARS | _TCVN3_SYMBOLS))) + "]+")


def _encode(text: str, table: dict[str, str], name: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = table.get(ch)
        if code is not None:
            out.append(code)
        elif ch.isascii() or ch == "\xa0" or ch in _NEUTRAL_NON_LATIN1:
            out.append(ch)
        else:
            raise ValueError(f"{name} cannot represent the character {ch!r} (U+{ord(ch):04X}).")
    return "".join(out)


def encode_tcvn3(text: str, *, vntimeh: bool = False) -> str:
    """Encode Unicode Vietnamese as TCVN3 (ABC) text, as a ``.VnTime`` cell would hold it.

    Args:
        text: Unicode text (NFC or NFD).
        vntimeh: write uppercase letters with tone marks using the lowercase codes, as text typed
            in the all-capitals ``.VnTimeH`` font is stored. Without it such letters raise
            ``ValueError``.

    Returns:
        The TCVN3 text (Latin-1 characters).

    Raises:
        ValueError: for a character TCVN3 cannot represent (e.g. "Ấ" without ``vntimeh``, "ç", "€").
    """
    if vntimeh:
        text = "".join(
            ch.lower() if ch in VIETNAMESE_LETTERS and ch not in _UNI_TO_TCVN3 else ch
            for ch in unicodedata.normalize("NFC", text)
        )
    return _encode(text, _UNI_TO_TCVN3, "TCVN3")


def encode_vni(text: str) -> str:
    """Encode Unicode Vietnamese as VNI-Windows text, as a ``VNI-Times`` cell would hold it.

    Args:
        text: Unicode text (NFC or NFD).

    Returns:
        The VNI text: each toned letter becomes a base letter plus mark characters.

    Raises:
        ValueError: for a character VNI cannot represent (e.g. "ç", "ß", "中").
    """
    return _encode(text, _UNI_TO_VNI, "VNI")


def _capitals(token: str) -> tuple[bool, bool]:
    """Whether a TCVN3 word looks typed in capitals with ``.VnTimeH``, as (weakly, strongly).

    Weakly: its plain letters are all capitals and there are two of them ("QU¶") or one follows a
    toned letter. Strongly: a plain capital follows a toned letter ("KÕT", "§¹I").
    """
    plain = [i for i, ch in enumerate(token) if ch.isascii()]
    if not plain or len(plain) == len(token) or not all(token[i].isupper() for i in plain):
        return False, False
    after_toned = any(i > 0 and not token[i - 1].isascii() for i in plain)
    return len(plain) >= 2 or after_toned, after_toned


def _repair_vntimeh_case(raw: str, decoded: str) -> str:
    """Upper-case what was typed in capitals with the ``.VnTimeH`` font (see module docstring).

    When no plain letter is lowercase and some word looks typed in capitals, the whole text is
    upper-cased (``"Hµ NéI"`` → "HÀ NỘI"); otherwise only words with a plain capital after a toned
    letter are. Title case stays (``"Xµ Hå"`` → "Xà Hồ"), and so do minority-language names with
    inner capitals such as "Xã Ia BLứ".
    """
    spans = [m.span() for m in _TCVN3_TOKEN.finditer(raw)]
    looks = [_capitals(raw[a:b]) for a, b in spans]
    if not any(weak for weak, _ in looks):
        return decoded
    if not any(ch.isascii() and ch.islower() for ch in raw):
        return decoded.upper()
    out = list(decoded)
    for (a, b), (_, strong) in zip(spans, looks, strict=True):
        if strong:
            out[a:b] = decoded[a:b].upper()
    return "".join(out)


def decode_tcvn3(text: str, *, vntimeh: bool | None = None) -> str:
    """Decode TCVN3 (ABC) text to Unicode NFC.

    Args:
        text: the cell text as read (Latin-1-looking characters).
        vntimeh: ``True`` when the cell used the all-capitals ``.VnTimeH`` font (the result is
            upper-cased); ``False`` to keep the case of the codes; ``None`` (default) to repair
            the case of words typed in capitals (``"KÕT"`` → "KẾT", while ``"Hµ"`` → "Hà").

    Returns:
        The Unicode text, NFC.
    """
    decoded = text.translate(_TCVN3_TRANS)
    if vntimeh:
        decoded = decoded.upper()
    elif vntimeh is None:
        decoded = _repair_vntimeh_case(text, decoded)
    return unicodedata.normalize("NFC", decoded)


def decode_vni(text: str) -> str:
    """Decode VNI-Windows text to Unicode NFC (greedy, longest code first).

    Args:
        text: the cell text as read, e.g. ``"Ñaø Naüng"``.

    Returns:
        The Unicode text, NFC (``"Đà Nẵng"``).
    """
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_TO_UNI[m.group()], text))


# --- Vietnamese syllable check ---------------------------------------------------------------


def _words(table: str) -> list[str]:
    return table.split()


# Longest first. The clusters kr, pl, bl, gl, dr, đr, br, kl and the final k below occur in
# place names from the Central Highlands ("Krông Pắc", "Đắk Lắk", "Đắk Glong").
_INITIALS = "|".join(
    _words("ngh ng nh ch gh gi kh ph qu th tr kr pl bl gl dr đr br kl b c d đ g h k l m n p r s t v x")
)
_RHYMES = _words("""
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc
âu ây âm ân âng âp ât âc
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêu iêm iên iêng iêp iêt iêc
o oi om on ong op ot oc oong ooc
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua ui um un ung up ut uc
uôi uôm uôn uông uôt uôc
ư ưa ưi ưu ưm ưn ưng ưt ưc
ươi ươu ươm ươn ương ươp ươt ươc
y yêu yêm yên yêt
oa oai oay oam oan oang oanh oap oat oac oach
oăm oăn oăng oăt oăc
oe oeo oen oet
uân uâng uât uây
uê uênh uêch
uơ
uy uya uyu uynh uych uyt uyn uyên uyêt
""")
_RHYMES += [r[:-1] + "k" for r in _RHYMES if r.endswith("c")]
# After "gi" the "i" of "iê…" rhymes is written once: "giêng", "giết".
_GI_RHYMES = ("êng", "ên", "êt", "êc", "êm", "êu", "êp")
# After "qu" the medial "u" is part of the initial: "quy", "quỳnh", "quyết".
_QU_RHYMES = ("ynh", "ych", "yên", "yêt", "yêu", "yn", "yt", "yu", "y")
_SYLLABLE = re.compile(
    "(?:" + _INITIALS + ")?(" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")"
    "|gi(" + "|".join(_GI_RHYMES) + ")"
    "|qu(" + "|".join(_QU_RHYMES) + ")"
)
_TONE_MARKS = frozenset(_TONES[1:])
_STOP_TONES = frozenset({"\u0301", "\u0323"})
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED = frozenset("ăâêôơư")


def _tone_positions(rhyme: str) -> set[int]:
    """Where in ``rhyme`` the tone mark may sit, old ("hoà") and new ("hòa") placement alike."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWELS]
    modified = [i for i in vowels if rhyme[i] in _MODIFIED]
    if modified:
        return {modified[-1]}
    if vowels[-1] < len(rhyme) - 1 or len(vowels) == 1:  # a final consonant, or a single vowel
        return {vowels[-1]}
    cluster = "".join(rhyme[i] for i in vowels)
    if cluster in {"oa", "oe", "uy"}:
        return set(vowels)
    return {vowels[0]} if len(vowels) == 2 else {vowels[1]}


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """Tell whether ``word`` is a well-formed Vietnamese syllable (any case, any tone placement).

    Checks the initial consonant, the rhyme, that there is at most one tone mark, that it sits on
    the main vowel (old and new placement both accepted: "hoà", "hòa"), and that a syllable ending
    in c, ch, p or t carries the sắc or nặng tone.

    Args:
        word: one word, letters only.

    Returns:
        ``True`` for e.g. "Nẵng", "hoà", "KHUYẾN", "giếng"; ``False`` for "Nẵngz", "ẹaứ", "est".
    """
    letters = [unicodedata.normalize("NFD", ch) for ch in unicodedata.normalize("NFC", word.lower())]
    toned = [i for i, ch in enumerate(letters) if any(m in _TONE_MARKS for m in ch)]
    tones = [m for ch in letters for m in ch if m in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = "".join(
        unicodedata.normalize("NFC", "".join(m for m in ch if m not in _TONE_MARKS)) for ch in letters
    )
    match = _SYLLABLE.fullmatch(bare)
    if not match or len(bare) != len(letters):
        return False
    if bare.endswith(("c", "ch", "p", "t")) and not (tones and tones[0] in _STOP_TONES):
        return False
    if tones:
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        start = match.start(group)
        return toned[0] - start in _tone_positions(match.group(group))
    return True


# --- Detection -------------------------------------------------------------------------------

_ALLOWED = {"tcvn3": _TCVN3_CODES, "vni": _VNI_CODE_CHARS}


def _foreign_letter(text: str, allowed: frozenset[str]) -> bool:
    """A letter or combining mark that the legacy encoding cannot have produced."""
    for ch in text:
        if ch.isascii() or ch in allowed or ch in _NEUTRAL_NON_LATIN1:
            continue
        if ord(ch) > 0xFF or unicodedata.category(ch)[0] in "LM":
            return True
    return False


def _score(text: str, encoding: str) -> int:
    """Evidence that ``text`` is in ``encoding``: the number of telling words, 0 when it is not."""
    if encoding == "tcvn3":
        if _foreign_letter(text, _TCVN3_CODES):
            return 0
        tokens = _TCVN3_TOKEN.findall(text)

        def alien(token: str) -> bool:
            return False

        def decode(token: str) -> str:
            return token.translate(_TCVN3_TRANS)

        # Any case reads: ``.VnTimeH`` capitals are lowercase codes that look like capitals ("KÕT").
        readable = is_vietnamese_syllable

        def strong(token: str) -> bool:
            # A code outside NFC Vietnamese, or a capital code inside a lowercase word ("BÕn" is
            # "Bến"): Unicode text never has a capital after a letter and before a small one.
            return any(ch in _TCVN3_STRONG for ch in token) or any(
                not ch.isascii()
                and ch.isupper()
                and (token[i - 1].islower() or token[i + 1 : i + 2].islower())
                for i, ch in enumerate(token)
                if i > 0
            )
    else:
        if _foreign_letter(text, _VNI_CODE_CHARS):
            return 0
        tokens = _VNI_TOKEN.findall(text)

        def alien(token: str) -> bool:
            return len(token) > 1 and any(ch in _TCVN3_SYMBOLS for ch in token)

        def decode(token: str) -> str:
            return _VNI_PATTERN.sub(lambda m: _VNI_TO_UNI[m.group()], token)

        def readable(word: str) -> bool:
            # VNI writes a capital with capital codes, so a decoded word never has a capital after
            # a small letter: "ChÖn" is TCVN3 "Chện", not VNI "ChƯn".
            return is_vietnamese_syllable(word) and not any(
                ch.isupper() and word[i - 1].islower() for i, ch in enumerate(word) if i > 0
            )

        def strong(token: str) -> bool:
            if any(ch in _VNI_STRONG_SINGLE for ch in token):
                return True
            return any(len(code) == 2 and code not in _VNI_WEAK_PAIRS for code in _VNI_PATTERN.findall(token))

    evidence = valid = invalid = 0
    for token in tokens:
        if alien(token):
            invalid += 1
            continue
        word = decode(token)
        if word != token:
            if readable(word):
                valid += 1
                # Evidence: a telling code, or a word that only reads as Vietnamese decoded
                # ("Hãa" is TCVN3 for "Hóa", "Vónh" VNI for "Vĩnh").
                evidence += strong(token) or not is_vietnamese_syllable(token)
            else:
                invalid += 1
        elif len(token) >= 3 and not token.isupper():
            # Plain words (not abbreviations) count too: "Où est-il" is French, not VNI.
            if is_vietnamese_syllable(token):
                valid += 1
            else:
                invalid += 1
    if evidence == 0 or valid < invalid or (valid == invalid and evidence < 2):
        return 0
    return evidence


@lru_cache(maxsize=32768)
def detect_legacy(text: str | None) -> str | None:
    """Tell whether a cell's text is in a legacy Vietnamese encoding.

    The decision needs evidence: characters or letter+mark pairs that the encoding uses but ordinary
    NFC Vietnamese does not (e.g. TCVN3 "µ ¸ ¶ ® §", VNI "aø", "eá", "ñ"), and every such word must
    decode to a well-formed Vietnamese syllable. Text holding a letter the encoding cannot produce
    (e.g. "ộ", "đ", combining marks of NFD text) is never legacy. English, numbers, French or German
    text and ordinary Unicode Vietnamese therefore return ``None``. So does a short text that reads
    equally well in both encodings ("ña" is VNI "đa" and TCVN3 "ủa"): use
    :func:`detect_legacy_many` to let the other cells of a column or sheet decide.

    Args:
        text: the cell text.

    Returns:
        ``"tcvn3"``, ``"vni"`` or ``None``.
    """
    if not text or text.isascii() or _UNICODE_ONLY.search(text):
        return None
    tcvn3, vni = _score(text, "tcvn3"), _score(text, "vni")
    # The encodings share codes ("ñ" is TCVN3 "ủ" and VNI "đ"; "Coâng" reads "Coõng" and "Công"),
    # so a text can read equally well both ways. Then it is undecidable on its own: a sheet's
    # other cells decide (see :func:`detect_legacy_many`).
    if tcvn3 == vni:
        return None
    return "tcvn3" if tcvn3 > vni else "vni"


def detect_legacy_many(texts: Iterable[str | None]) -> str | None:
    """Tell which legacy encoding a column's or a sheet's text uses, pooling the evidence of cells.

    One cell can be undecidable on its own (minority-language names such as "Xaõ Ea Tir" hold too
    few Vietnamese syllables), while its neighbours are clear. Pass the result to
    :func:`decode_legacy` for every cell.

    Args:
        texts: cell texts; ``None`` and non-text values are skipped.

    Returns:
        ``"tcvn3"`` or ``"vni"`` when some cells are detected as that encoding and none as the
        other; ``None`` when no cell is legacy or the cells disagree (decode cell by cell then).
    """
    found = {detect_legacy(text) for text in texts if isinstance(text, str) and not text.isascii()} - {None}
    return found.pop() if len(found) == 1 else None


def decode_legacy(text: str, encoding: str | None = None) -> str:
    """Decode legacy-encoded text to Unicode NFC; text that is not legacy is returned unchanged.

    Args:
        text: the cell text.
        encoding: ``"tcvn3"`` or ``"vni"`` when known (e.g. from :func:`detect_legacy_many`);
            ``None`` to detect with :func:`detect_legacy`. Even with a known encoding, text holding
            a letter that encoding cannot produce (such as "ộ") is returned unchanged.

    Returns:
        The decoded text, or ``text`` itself when it is not legacy.

    Raises:
        ValueError: for an unknown ``encoding`` name.
    """
    if encoding is None:
        encoding = detect_legacy(text)
        if encoding is None:
            return text
    elif encoding in _ALLOWED and _foreign_letter(text, _ALLOWED[encoding]):
        return text
    if encoding == "tcvn3":
        return decode_tcvn3(text)
    if encoding == "vni":
        return decode_vni(text)
    raise ValueError(f"Unknown legacy encoding {encoding!r}; use 'tcvn3' or 'vni'.")
