"""Vietnamese text and numbers as they appear in spreadsheet cells.

Text is cleaned (legacy TCVN3/VNI decoded, NFC, whitespace collapsed) and turned into matching keys
that ignore case, diacritics and punctuation. Numbers are read from the forms Vietnamese documents
use: decimal commas ("86,02"), thousands dots ("1.234,5"), percent and "điểm" units, score/max pairs
("51,39/66,5"), ranks ("02/12", "Hạng 10/13") and vulgar fractions ("1½"). Text that could mean two
different numbers ("40,980": 40.98 or 40980) is never guessed: it is resolved from the rest of the
column or reported.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from cchc_analysis.errors import InputError
from cchc_analysis.io.legacy import decode_legacy

__all__ = [
    "AmbiguousNumberError",
    "NumberFormatError",
    "clean_text",
    "is_missing",
    "match_key",
    "parse_number",
    "parse_number_column",
    "parse_rank",
    "parse_score_pair",
]


class NumberFormatError(ValueError):
    """Text that is not a number of a known form.

    Attributes:
        value: the value that could not be read.
    """

    def __init__(self, message: str, value: Any) -> None:
        super().__init__(message)
        self.value = value


class AmbiguousNumberError(NumberFormatError):
    """Text with one separator followed by exactly three digits ("40,980", "1.000").

    Attributes:
        value: the text.
        decimal_reading: the number if the separator is a decimal mark (40.98).
        thousands_reading: the number if it separates thousands (40980.0).
    """

    def __init__(self, value: Any, decimal_reading: float, thousands_reading: float) -> None:
        super().__init__(
            f"{value!r} could be {_show(decimal_reading)} or {_show(thousands_reading)}: "
            "one separator followed by three digits can be a decimal mark or a thousands "
            "separator.",
            value,
        )
        self.decimal_reading = decimal_reading
        self.thousands_reading = thousands_reading


def _show(x: float) -> str:
    return str(int(x)) if x.is_integer() else repr(x)


# --- Text ------------------------------------------------------------------------------------

# Zero-width and invisible formatting characters dropped from cell text (the soft hyphen only after
# legacy decoding: in TCVN3 it is the letter "ư").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"\s+")


_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"


@lru_cache(maxsize=131072)
def _clean_str(value: str) -> str | None:
    # superscript digits are TCVN3 letters, but after an ASCII text they are a footnote mark ("6¹")
    legacy = not value.isascii() and not value.rstrip(_SUPERSCRIPTS).isascii()
    text = decode_legacy(value) if legacy else value
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip()
    return text or None


_FLOATS = (float, np.floating)


def _is_nan(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, _FLOATS):
        return math.isnan(value)
    # pandas.NA and pandas.NaT without importing pandas.
    return type(value).__name__ in {"NAType", "NaTType"}


def clean_text(value: Any) -> str | None:
    """Clean a cell's text: decode legacy TCVN3/VNI, NFC, strip, collapse whitespace.

    Whitespace includes line breaks, tabs and non-breaking spaces; zero-width characters are
    dropped.

    Args:
        value: the cell value. ``int`` values become their decimal text (a header "2022" read as a
            number); integral floats too (2022.0 → "2022").

    Returns:
        The cleaned text, or ``None`` for ``None``, NaN and empty or whitespace-only text.

    Raises:
        TypeError: for booleans, non-integral floats and other non-text values.
    """
    if isinstance(value, str):
        return _clean_str(value)
    if _is_nan(value):
        return None
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"Expected text, got the boolean {value!r}.")
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    raise TypeError(f"Expected text, got {type(value).__name__} {value!r}.")


# Punctuation that separates words in names and headers.
_KEY_PUNCT = dict.fromkeys(map(ord, "-.,()/–—‐‑‒:;_'\"“”‘’[]\\"), " ")


@lru_cache(maxsize=131072)
def _key(text: str) -> str:
    cleaned = _clean_str(text)
    if cleaned is None:
        return ""
    folded = unicodedata.normalize("NFD", cleaned.casefold())
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").translate(_KEY_PUNCT)
    return " ".join(bare.split())


def match_key(value: str) -> str:
    """Key for matching unit names and headers whatever their case, diacritics and punctuation.

    Args:
        value: a name or header (NFC or NFD, possibly legacy-encoded).

    Returns:
        Lowercase ASCII-like text without diacritics (đ → d), punctuation turned into spaces and
        spaces collapsed: "Thừa Thiên - Huế" → "thua thien hue", "TP.HCM" → "tp hcm",
        "Hoà Bình"/"Hòa Bình" → "hoa binh". Missing values give "".
    """
    if isinstance(value, str):
        return _key(value)
    cleaned = clean_text(value)
    return "" if cleaned is None else _key(cleaned)


_MISSING_TEXT = frozenset({"", "-", "–", "—", "n/a", "na", "x", "#n/a", "kxđ", "kxd"})
# "Không đánh giá (mới thành lập)", "Chưa xếp hạng", "Không chấm", "Chưa có", "--": a unit not assessed
# has no score, no rank; "Chấm cuối năm", "Chờ kết quả điều tra": points not scored yet
_NOT_ASSESSED = re.compile(
    r"^(?:không|chưa) (?:đánh giá|xếp hạng|chấm|tham gia|có)\b|^-{2,}$"
    r"|^(?:chấm|đánh giá|tính) (?:vào )?cuối năm\b|^chờ (?:kết quả|điều tra|chấm)\b"
)


def _means_missing(folded: str) -> bool:
    """Whether casefolded cell text means "no value"."""
    return folded in _MISSING_TEXT or _NOT_ASSESSED.match(folded) is not None


def not_assessed(value: Any) -> bool:
    """Whether a cell says its unit was not scored ("Không chấm", "Chưa đánh giá", "Chấm cuối năm")."""
    return isinstance(value, str) and _NOT_ASSESSED.match(" ".join(value.split()).casefold()) is not None


def is_missing(value: Any) -> bool:
    """Tell whether a cell means "no value".

    Args:
        value: the cell value.

    Returns:
        ``True`` for ``None``, NaN, empty or whitespace-only text and the markers "-", "–", "—",
        "N/A", "NA", "x", "#N/A", "KXĐ" (không xác định), in any case.
    """
    if value.__class__ is float:  # most cells: no type union to build
        return value != value
    if isinstance(value, str):
        cleaned = _clean_str(value)
        return cleaned is None or _means_missing(cleaned.casefold())
    return _is_nan(value)


# --- Numbers ---------------------------------------------------------------------------------


class _Parsed(NamedTuple):
    """What a piece of text says as a number.

    kind: "number", "ambiguous", "missing" or "error".
    value: the number (for "ambiguous": the decimal reading).
    alt: for "ambiguous", the thousands reading.
    decimal: the decimal mark the text's own form proves ("," or "."), or the separator of an
        ambiguous value.
    maximum: the max of a "score/max" pair.
    message: for "error", what is wrong.
    """

    kind: str
    value: float = math.nan
    alt: float = math.nan
    decimal: str | None = None
    maximum: float | None = None
    message: str = ""


_MINUS = dict.fromkeys(map(ord, "\u2212\u2012\u2013\ufe63\uff0d"), "-")
# a footnote marker after a number: "85,3*", "6,00 (*)", "6¹"
_MARKED = re.compile(r"\(\s*\*+\s*\)$")  # "(*)", "(**)" at the end of a text


def strip_footnote(text: str) -> str:
    """``text`` without the footnote marks at its end: "85,3*" → "85,3", "6,00 (*)" → "6,00", "Hải Hà¹" →
    "Hải Hà", "Hà Nội (*)" → "Hà Nội". Only the last 64 characters are looked at, so a hostile run of
    marks costs no more than a real one."""
    head, tail = text[:-64], text[-64:]
    while True:
        stripped = tail.rstrip().rstrip("*" + _SUPERSCRIPTS).rstrip()
        marked = _MARKED.search(stripped[-16:])
        if marked:
            stripped = stripped[: len(stripped) - len(marked.group())].rstrip()
        if stripped == tail:
            return head + tail
        tail = stripped


_UNIT = re.compile(r"(?:%|điểm|diem|đ)\.?$", re.IGNORECASE)  # "86,02%", "2,5 điểm", "1,5đ"
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅛": 0.125}
_BODY = re.compile(r"([+-]?)(\d[\d.,]*|[.,]\d+)?([½¼¾⅓⅔⅕⅛])?")
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_THOUSANDS_GROUPS = re.compile(r"\d{1,3}(?:X\d{3})+")


def _grouped(digits: str, sep: str) -> bool:
    return bool(_THOUSANDS_GROUPS.fullmatch(digits.replace(sep, "X")))


def _parse_body(body: str) -> _Parsed:
    """Parse unsigned digits with separators (no unit, sign or fraction)."""
    commas, points = body.count(","), body.count(".")
    if not commas and not points:
        return _Parsed("number", float(body))
    if commas and points:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thou = "." if dec == "," else ","
        whole, _, frac = body.rpartition(dec)
        if dec in whole or not frac or not _grouped(whole, thou):
            return _Parsed("error", message="the separators are not in a known order")
        return _Parsed("number", float(whole.replace(thou, "") + "." + frac), decimal=dec)
    sep = "," if commas else "."
    other = "." if sep == "," else ","
    if body.count(sep) > 1:
        if not _grouped(body, sep):
            return _Parsed("error", message=f"'{sep}' appears more than once")
        return _Parsed("number", float(body.replace(sep, "")), decimal=other)
    whole, _, frac = body.partition(sep)
    if not frac:
        return _Parsed("error", message=f"nothing follows the '{sep}'")
    decimal_value = float((whole or "0") + "." + frac)
    if len(frac) != 3 or not whole or whole == "0" or len(whole) > 3 or whole.startswith("0"):
        return _Parsed("number", decimal_value, decimal=sep)
    return _Parsed("ambiguous", decimal_value, float(whole + frac), decimal=sep)


_SIGNED_IN_BRACKETS = re.compile(r"\([+-][\d.,]+\)")


#: A plain number, "7.1234", "-86,02", "12" (every cell of a CSV): read by :func:`_parse_body` alone, as
#: :func:`_parse_written` would (nothing in it to clean, strip or take apart).
PLAIN_NUMBER = re.compile(r"([+-]?)(\d+(?:[.,]\d+)?)")


@lru_cache(maxsize=262144)
def _parse_text(raw: str) -> _Parsed:
    plain = PLAIN_NUMBER.fullmatch(raw)
    if plain is not None:
        parsed = _parse_body(plain.group(2))
        return parsed._replace(value=-parsed.value, alt=-parsed.alt) if plain.group(1) == "-" else parsed
    return _parse_written(raw)


def _parse_written(raw: str) -> _Parsed:
    """A cell's text read as a number, whatever else it holds (a unit, a sign, a maximum, a fraction)."""
    text = _clean_str(raw)
    if text is None or _means_missing(text.casefold()):
        return _Parsed("missing")
    text = strip_footnote(text.translate(_MINUS)).replace(" ", "")
    if _SIGNED_IN_BRACKETS.fullmatch(text):
        text = text[1:-1]  # "(-1)", "(-0,5)": a deduction written in brackets with its sign
    head, slash, tail = text.partition("/")
    if slash:
        if "/" in tail:
            return _Parsed("error", message="it has more than one '/' (a date?)")
        score, maximum = _parse_text(head), _parse_text(tail)
        if score.kind not in {"number", "ambiguous"} or maximum.kind != "number":
            return _Parsed("error", message="it is not a score/maximum pair of numbers")
        if not maximum.value > 0:
            return _Parsed("error", message="the maximum after '/' is not positive")
        return score._replace(maximum=maximum.value)
    text = _UNIT.sub("", text)
    if _SCIENTIFIC.fullmatch(text):
        return _Parsed("number", float(text))
    match = _BODY.fullmatch(text)
    if not match or not (match.group(2) or match.group(3)):
        return _Parsed("error")
    sign, body, fraction = match.groups()
    parsed = _parse_body(body) if body else _Parsed("number", 0.0)
    if parsed.kind == "error":
        return parsed
    if fraction:
        if parsed.decimal is not None or parsed.kind == "ambiguous":
            return _Parsed("error", message="a fraction sign follows a decimal number")
        parsed = parsed._replace(value=parsed.value + _FRACTIONS[fraction])
    if sign == "-":
        parsed = parsed._replace(value=-parsed.value, alt=-parsed.alt)
    return parsed


def _check_number(value: Any) -> float | None:
    """Float for a non-text number, ``None`` when ``value`` is text; raise for other types."""
    if isinstance(value, str):
        return None
    if isinstance(value, bool | np.bool_):
        raise NumberFormatError(f"{value!r} is a true/false value, not a number.", value)
    if _is_nan(value):
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isinf(number):
            raise NumberFormatError(f"{value!r} is not a finite number.", value)
        return number
    if isinstance(value, datetime.date):
        raise NumberFormatError(
            f"the cell holds the date {date_text(value)}, not a number (Excel turns a number typed as "
            "1.5 or 1/5 into a date; format the cell as Number and type it again)",
            value,
        )
    raise NumberFormatError(f"{value!r} ({type(value).__name__}) is not a number.", value)


def date_text(value: datetime.date) -> str:
    """A date as a Vietnamese reader writes it: "01/10/2023"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _resolve(value: Any, parsed: _Parsed, decimal: str | None) -> float:
    if parsed.kind == "number":
        return parsed.value
    if parsed.kind == "missing":
        return math.nan
    if parsed.kind == "ambiguous":
        if decimal is None:
            raise AmbiguousNumberError(value, parsed.value, parsed.alt)
        return parsed.value if decimal == parsed.decimal else parsed.alt
    detail = f": {parsed.message}" if parsed.message else ""
    raise NumberFormatError(f"{value!r} is not a number{detail}.", value)


def _check_decimal(decimal: str | None) -> None:
    if decimal not in {None, ",", "."}:
        raise ValueError(f"decimal must be ',', '.' or None, not {decimal!r}.")


def parse_number(value: Any, *, decimal: str | None = None) -> float:
    """Read a number from a cell value.

    Args:
        value: an int or float (passed through), or text such as "86,02", "86,02%", "77,93 điểm",
            "1.234,5", "1,234.5", "-1,5", "−1,5", "+2,5", "½", "1½", "51,39/66,5" (the score part).
        decimal: the decimal mark ("," or ".") for text the form alone cannot decide ("1.000",
            "40,980"). Text whose form is clear is read by its form.

    Returns:
        The number as a float; NaN for missing values (see :func:`is_missing`). Percent values keep
        their unit (86.02, not 0.8602).

    Raises:
        AmbiguousNumberError: ambiguous text and ``decimal`` is ``None``.
        NumberFormatError: text that is not a number, booleans, infinities and other types.
    """
    _check_decimal(decimal)
    number = _check_number(value)
    if number is not None:
        return number
    return _resolve(value, _parse_text(value), decimal)


def parse_score_pair(value: Any, *, decimal: str | None = None) -> tuple[float, float | None]:
    """Read a "score/max" pair such as "51,39/66,5".

    Args:
        value: the cell value; a plain number gives no maximum.
        decimal: as for :func:`parse_number`.

    Returns:
        ``(score, max)``: ``(51.39, 66.5)`` for "51,39/66,5", ``(86.02, None)`` for "86,02",
        ``(nan, None)`` when missing.

    Raises:
        AmbiguousNumberError: as for :func:`parse_number`.
        NumberFormatError: as for :func:`parse_number`, or a maximum that is not positive.
    """
    _check_decimal(decimal)
    number = _check_number(value)
    if number is not None:
        return number, None
    parsed = _parse_text(value)
    return _resolve(value, parsed, decimal), parsed.maximum


# "05/13", "Hạng 5", "thứ 10/13", "Đồng hạng 3"; then what a press table adds after it: "5 (tăng 2)",
# "05/13 (↑2)", "5↑2", "3*", "5 (đồng hạng)"
_RANK = re.compile(
    r"(?:đồng\s*)?(?:(?:xếp\s*)?(?:hạng|thứ)\s*)?(\d+)(?:[.,]0+)?(?:\s*/\s*(\d+))?"
    r"(?:\s*[↑↓▲▼]\s*\d*|\s*\*+|\s*\([^()]*\))?"
)


def parse_rank(value: Any) -> tuple[int | None, int | None]:
    """Read a published rank such as "02/12", "01", 10, "Hạng 10/13" or "thứ 10/13".

    Args:
        value: the cell value.

    Returns:
        ``(rank, out_of)``: ``(2, 12)`` for "02/12", ``(1, None)`` for "01", ``(None, None)`` when
        missing.

    Raises:
        NumberFormatError: for 0, negative or fractional ranks, a rank above its "out of", or text
            that is not a rank.
    """
    if isinstance(value, str):
        text = _clean_str(value)
        if text is None or _means_missing(text.casefold()):
            return None, None
        match = _RANK.fullmatch(text.casefold())
        if not match:
            raise NumberFormatError(f"{value!r} is not a rank (expected e.g. '10' or '10/13').", value)
        rank = int(match.group(1))
        out_of = int(match.group(2)) if match.group(2) else None
    else:
        number = _check_number(value)
        if number is None or math.isnan(number):
            return None, None
        if not number.is_integer():
            raise NumberFormatError(f"{value!r} is not a whole number, so it is not a rank.", value)
        rank, out_of = int(number), None
    if rank < 1:
        raise NumberFormatError(f"{value!r} is not a rank: ranks start at 1.", value)
    if out_of is not None and rank > out_of:
        raise NumberFormatError(f"{value!r} is not a rank: {rank} is more than {out_of}.", value)
    return rank, out_of


def ranks_from_dates(
    values: Sequence[Any],
    *,
    cell: Callable[[int], str],
    file: str | Path | None = None,
    sheet: str | None = None,
) -> tuple[list[Any], str | None]:
    """A rank column with ranks such as "02/12" that Excel turned into dates, the dates read back.

    Typed into a cell that is not formatted as text, "02/12" becomes a date: 2 December where the day
    comes first (Vietnamese settings), 12 February where the month does. The column's dates are read
    both ways (day/month, month/day; the year is the year of typing); a rank is never above its "out
    of", and that leaves one reading: both hold only where every date has its day equal to its month,
    and then they are the same.

    Args:
        values: the column's cells.
        cell: turns a position into a cell reference ("D7"), for messages.
        file: the file, for messages.
        sheet: the sheet, for messages.

    Returns:
        ``(values, note)``: the cells with each date replaced by its rank as text ("2/12"), and a note
        on what was read (None, and ``values`` as given, when no cell is a date).

    Raises:
        InputError: when the dates read as ranks neither way (2 March and 5 April: 2/3 but 5/4 day
            first, 3/2 month first), naming the first of them.
    """
    at = [i for i, v in enumerate(values) if isinstance(v, datetime.date)]
    if not at:
        return list(values), None
    readings = {
        "day/month": [(values[i].day, values[i].month) for i in at],
        "month/day": [(values[i].month, values[i].day) for i in at],
    }
    kept = [how for how, pairs in readings.items() if all(r <= n for r, n in pairs)]
    first = values[at[0]]
    if not kept:
        raise InputError(
            f"the rank cell holds the date {date_text(first)}: Excel turned the ranks of this column "
            "(such as 02/12) into dates, and they read as ranks neither day first nor month first",
            file=file,
            sheet=sheet,
            cell=cell(at[0]),
            hint="Format the rank column as Text and type the ranks again (e.g. 02/12).",
        )
    how = kept[0]
    pairs = readings[how]
    out = list(values)
    for i, (rank, of) in zip(at, pairs, strict=True):
        out[i] = f"{rank}/{of}"
    note = (
        f"{len(at)} rank{'s' if len(at) > 1 else ''} Excel had turned into dates read back "
        f"{how} (first {cell(at[0])}: {date_text(first)} as {pairs[0][0]}/{pairs[0][1]})"
    )
    return out, note


# --- Whole columns ---------------------------------------------------------------------------

_PLAIN_RANKS = re.compile(r"(?:\d{1,9}(?:/\d{1,9})?\n)*\d{1,9}(?:/\d{1,9})?")
_PLAIN_RANK = re.compile(r"(\d+)(?:/(\d+))?")


def plain_ranks(values: Sequence[Any]) -> tuple[list[int | None], list[int | None]] | None:
    """The ranks of a column as :func:`parse_rank` reads them cell by cell, when every cell is a plain
    rank: text of digits with an optional "/out of" ("12", "02/12", one regex pass over the column),
    or whole numbers (a numpy pass), with empty cells between; ``(ranks, out_of)``. None when any cell
    is anything else, or not a valid rank, for :func:`parse_rank` to read and name."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        joined = "\n".join(values)
        if not _PLAIN_RANKS.fullmatch(joined):
            return None
        pairs = _PLAIN_RANK.findall(joined)
        if len(pairs) != len(values):  # a cell of two lines
            return None
        ranks = list(map(int, (a for a, _ in pairs)))
        out_of = [int(b) if b else None for _, b in pairs]
        above = any(o is not None and r > o for r, o in zip(ranks, out_of, strict=True))
        if above or min(ranks, default=1) < 1:
            return None
        return ranks, out_of
    if kinds <= {float, int, type(None)}:
        numbers = np.array(values, dtype=float)
        present = ~np.isnan(numbers)
        kept = numbers[present]
        if not (np.isfinite(kept).all() and (kept == np.floor(kept)).all() and (kept >= 1).all()):
            return None
        if (kept >= 1e9).any():  # beyond any table, and beyond what int64 holds exactly: cell by cell
            return None
        ranks_or_none: list[int | None] = [None] * len(values)
        for i, r in zip(np.flatnonzero(present).tolist(), kept.astype(np.int64).tolist(), strict=True):
            ranks_or_none[i] = r
        return ranks_or_none, [None] * len(values)
    return None


_KIND, _VALUE, _DECIMAL, _MAXIMUM = (attrgetter(f) for f in ("kind", "value", "decimal", "maximum"))


def _positions(items: list, wanted: object) -> list[int]:
    """Where ``wanted`` is in ``items`` (found by ``list.index``, a scan in C: text cells are few)."""
    found: list[int] = []
    i = -1
    try:
        while True:
            i = items.index(wanted, i + 1)
            found.append(i)
    except ValueError:
        return found


def _fmt(x: float) -> str:
    return f"{x:.10g}"


def parse_number_column(
    values: Sequence[Any],
    *,
    cell: Callable[[int], str] | None = None,
    file: str | Path | None = None,
    sheet: str | None = None,
    maxima: dict[int, float] | None = None,
    ceiling: float | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Read a column of cells as numbers, deciding the separator convention from the column.

    Unambiguous text is read by its own form. Ambiguous text ("40,980": one separator and three
    digits) is resolved by the column's evidence: decimal commas ("86,02", "1.234,56") or decimal
    points ("90.17", "1,234.5"). Without such evidence, if every other number in the column is below
    1000 and the thousands reading would be 1000 or more, the decimal reading is taken.

    Args:
        values: the cells as read from a sheet (float, int, str, None).
        cell: turns a position in ``values`` into a cell reference ("C7") for messages.
        file: the file, for error messages.
        sheet: the sheet name, for error messages.
        maxima: when given, filled with the maximum of each "score/max" cell ("51,39/66,5"), by
            position.
        ceiling: the most a value of the column can be (a criteria set's maximum, 10 for a PAPI
            dimension): an ambiguous text whose thousands reading is above it and decimal reading is
            not ("6.216" under 10) is read as the decimal.

    Returns:
        ``(numbers, notes)``: a float array (NaN for missing values) and plain-English notes on the
        decisions taken (e.g. "C7: '40,980' read as 40.98 because the column uses decimal commas").

    Raises:
        InputError: naming the cell, for text that is not a number, booleans, or an ambiguous
            value the column cannot decide.
    """

    def where(i: int) -> str:
        return cell(i) if cell is not None else f"row {i + 1} of the column"

    types = list(map(type, values))  # each cell is looked at once; the rest works on the types
    kinds = set(types)
    if kinds <= {float, int, type(None)}:
        out = np.array(values, dtype=float)
        if np.isinf(out).any():
            i = int(np.flatnonzero(np.isinf(out))[0])
            raise InputError(
                f"the value {values[i]!r} is not a finite number.",
                file=file,
                sheet=sheet,
                cell=where(i),
                hint="Enter the number or leave the cell empty.",
            )
        return out, []

    ambiguous: list[tuple[int, _Parsed]] = []
    first_evidence: dict[str, int] = {}
    if kinds <= {float, int, str, type(None)}:
        # numbers and empty cells in one numpy pass; only the text cells go through the parser
        cells = list(values)
        texts = _positions(types, str)
        for i in texts:
            cells[i] = None
        out = np.array(cells, dtype=float)
        strings = [values[i] for i in texts]
        parsed_all = list(map(_parse_text, strings))
        if set(map(_KIND, parsed_all)) <= {"number"} and set(map(_MAXIMUM, parsed_all)) <= {None}:
            # every text cell a plain number ("1,25"): written at once, the first of each decimal mark noted
            out[texts] = list(map(_VALUE, parsed_all))
            marks = list(map(_DECIMAL, parsed_all))
            for mark in sorted(set(marks) - {None}, key=marks.index):
                first_evidence[mark] = texts[marks.index(mark)]
            todo = iter(())
        else:
            todo = zip(texts, strings, strict=True)
    else:
        out = np.empty(len(values), dtype=float)
        todo = enumerate(values)
    for i, value in todo:
        kind = type(value)
        if kind is float:
            out[i] = value
            continue
        if value is None:
            out[i] = math.nan
            continue
        if kind is str:
            parsed = _parse_text(value)
            if parsed.maximum is not None and maxima is not None:
                maxima[i] = parsed.maximum
            if parsed.kind == "number":
                out[i] = parsed.value
                if parsed.decimal is not None and parsed.decimal not in first_evidence:
                    first_evidence[parsed.decimal] = i
                continue
            if parsed.kind == "missing":
                out[i] = math.nan
                continue
            if parsed.kind == "ambiguous":
                out[i] = math.nan
                ambiguous.append((i, parsed))
                continue
            detail = f" ({parsed.message})" if parsed.message else ""
            raise InputError(
                f"the text {value!r} is not a number{detail}.",
                file=file,
                sheet=sheet,
                cell=where(i),
                hint="Enter a number such as 86,02 or leave the cell empty.",
            )
        try:
            out[i] = parse_number(value)
        except NumberFormatError as error:
            raise InputError(
                str(error),
                file=file,
                sheet=sheet,
                cell=where(i),
                hint="Enter a number such as 86,02 or leave the cell empty.",
            ) from None

    notes: list[str] = []
    if len(first_evidence) == 2:
        c, p = first_evidence[","], first_evidence["."]
        notes.append(
            f"The column mixes decimal commas ({where(c)}: {values[c]!r}) and decimal points "
            f"({where(p)}: {values[p]!r}); each value was read by its own form."
        )
    if not ambiguous:
        return out, notes

    ambiguous_at = {i for i, _ in ambiguous}
    others = np.abs(np.delete(out, sorted(ambiguous_at)))
    others = others[~np.isnan(others)]
    for i, parsed in ambiguous:
        text = values[i]
        readings = f"{_fmt(parsed.value)} or {_fmt(parsed.alt)}"
        if len(first_evidence) == 1:
            (dec,) = first_evidence
            number = parsed.value if parsed.decimal == dec else parsed.alt
            name = "decimal commas" if dec == "," else "decimal points"
            if (
                others.size
                and abs(number) >= 1000 > others.max()
                and abs(parsed.value) < 1000
                and not text.rstrip().endswith("000")
            ):
                # "86.125" among "90,50 | 84,25": the column's decimal commas say 86125, its sizes 86.125
                # ("1.000", a round thousand, is read as written)
                raise InputError(
                    f"the value {text!r} could be {readings}: the column's {name} say "
                    f"{_fmt(number)}, but its other values are all below 1000.",
                    file=file,
                    sheet=sheet,
                    cell=where(i),
                    hint=f"Write it as the column writes its numbers ({_fmt(parsed.value).replace('.', dec)} "
                    f"with a decimal {'comma' if dec == ',' else 'point'}) and read the file again.",
                )
            notes.append(f"{where(i)}: {text!r} read as {_fmt(number)} because the column uses {name}.")
            out[i] = number
            continue
        if ceiling is not None and abs(parsed.value) <= ceiling < abs(parsed.alt):
            notes.append(
                f"{where(i)}: {text!r} read as {_fmt(parsed.value)} because the column's maximum is "
                f"{_fmt(ceiling)}."
            )
            out[i] = parsed.value
            continue
        if not first_evidence and others.size and others.max() < 1000 and abs(parsed.alt) >= 1000:
            notes.append(
                f"{where(i)}: {text!r} read as {_fmt(parsed.value)} because every other number "
                "in the column is below 1000."
            )
            out[i] = parsed.value
            continue
        reason = (
            "the column has both decimal commas and decimal points"
            if first_evidence
            else "nothing else in the column shows which separator is the decimal mark"
        )
        dec_text = _fmt(parsed.value).replace(".", ",")
        raise InputError(
            f"the value {text!r} could be {readings}, and {reason}.",
            file=file,
            sheet=sheet,
            cell=where(i),
            hint=f"Write it as {dec_text} (decimal comma) or {_fmt(parsed.alt)} (no separator).",
        )
    return out, notes
