"""Vietnamese formatting of scores, percentages, ranks and changes.

Every function returns a ``str`` ready to print in a report: decimal comma, thousands dot
(``85.600``), ``86,02%``, ``51,39/66,5 điểm``, ``10/13``, ``tăng 1 bậc``, ``tăng 4,32 điểm %``.
A missing value (``None``, ``NaN``, ``pd.NA``) gives the ``na`` text (``"–"`` unless told).

Rounding rule: a value is rounded **half away from zero on its shortest decimal representation**
(``repr(float)``), not on its binary value. ``86.025`` is stored in binary as 86.02499999…, yet
it is typed, printed and published as 86.025, so it formats as ``"86,03"`` — what an analyst
rounding by hand or Excel's ``ROUND`` gives. A result that rounds to zero never carries a sign
(no ``"-0,00"``).

The module depends on the standard library only.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal

from .errors import InputError

__all__ = [
    "NA",
    "code",
    "delta",
    "delta_pct",
    "is_missing",
    "number",
    "percent",
    "points",
    "rank",
    "rank_change",
    "signed",
    "to_decimal",
    "year",
]

#: Text shown for a missing value.
NA = "–"

#: The minus sign used by :func:`signed` (U+2212, as typeset reports print it).
MINUS = "\u2212"

_CODE_RE = re.compile(r"^(total|\d+(\.\d+)*)$")


def is_missing(x: object) -> bool:
    """True for ``None``, ``NaN``, ``pd.NA`` and ``NaT`` (anything not equal to itself)."""
    if x is None:
        return True
    try:
        # pd.NA, NaT and NaN all compare unequal to themselves or refuse bool().
        return bool(x != x)
    except TypeError:
        return True


def to_decimal(x: object) -> Decimal | None:
    """Convert a number to :class:`~decimal.Decimal` through its shortest decimal form.

    Args:
        x: an ``int``, ``float``, ``Decimal`` or numpy scalar; ``None``/``NaN``/``pd.NA`` when
            missing.

    Returns:
        The exact decimal the number is written as (``86.025`` → ``Decimal("86.025")``), or ``None``
        when the value is missing.

    Raises:
        InputError: for text, booleans or infinite values, which are not scores.
    """
    if is_missing(x):
        return None
    if isinstance(x, bool) or not isinstance(x, numbers.Number | Decimal):
        raise InputError(
            f"{x!r} is not a number and cannot be formatted as one.",
            hint="Convert the column to numbers first (cchc_analysis reads '86,02' as 86.02).",
        )
    if isinstance(x, Decimal):
        d = x
    elif isinstance(x, numbers.Integral):
        d = Decimal(int(x))
    else:
        f = float(x)  # type: ignore[arg-type]
        if math.isinf(f):
            raise InputError(
                f"{x!r} is infinite and cannot be a score.",
                hint="Check the division that produced it (a maximum of 0?).",
            )
        d = Decimal(repr(f))
    if not d.is_finite():
        raise InputError(f"{x!r} is not a finite number.")
    return d


def _round(d: Decimal, decimals: int) -> Decimal:
    if decimals < 0:
        raise InputError(f"decimals must be 0 or more, not {decimals}.")
    q = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def _digits(d: Decimal, decimals: int, trim: bool) -> str:
    """Unsigned Vietnamese digits of an already-rounded decimal."""
    text = f"{d.copy_abs():.{decimals}f}"
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    whole = ".".join(groups)
    if trim:
        frac = frac.rstrip("0")
    return f"{whole},{frac}" if frac else whole


def number(x: object, decimals: int = 2, *, trim: bool = False, na: str = NA) -> str:
    """A number with a decimal comma and a thousands dot.

    Args:
        x: the value.
        decimals: decimal places after rounding half away from zero (see the module docstring).
        trim: drop trailing zeros of the decimals (``66,50`` → ``66,5``, ``70,00`` → ``70``), as
            maxima and survey points are written.
        na: text for a missing value.

    Returns:
        ``"86,02"``, ``"85.600"`` (``decimals=0``), ``"-0,25"``; never ``"-0,00"``.

    Examples:
        >>> number(86.025)
        '86,03'
        >>> number(85600, 0)
        '85.600'
        >>> number(66.5, trim=True)
        '66,5'
    """
    d = to_decimal(x)
    if d is None:
        return na
    r = _round(d, decimals)
    sign = "-" if r < 0 else ""
    return sign + _digits(r, decimals, trim)


def percent(x: object, decimals: int = 2, *, na: str = NA) -> str:
    """A percentage already expressed in percent units (86.02 → ``"86,02%"``, not 0.8602).

    Args:
        x: the value in percent (0–100 scale).
        decimals: decimal places.
        na: text for a missing value.

    Returns:
        ``"86,02%"``.
    """
    if to_decimal(x) is None:
        return na
    return f"{number(x, decimals)}%"


def points(x: object, max: object = None, decimals: int = 2, *, na: str = NA) -> str:
    """Points, optionally out of a maximum: ``"51,39/66,5 điểm"`` or ``"4,75 điểm"``.

    The maximum is written without trailing zeros (``66,5`` not ``66,50``; ``70`` not ``70,00``).

    Args:
        x: the score.
        max: the maximum points, or ``None``/``NaN`` to leave it out.
        decimals: decimal places of the score (and at most those of the maximum).
        na: text for a missing score.

    Returns:
        The formatted points.
    """
    if to_decimal(x) is None:
        return na
    score = number(x, decimals)
    if to_decimal(max) is None:
        return f"{score} điểm"
    return f"{score}/{number(max, decimals, trim=True)} điểm"


def _whole(x: object, what: str) -> int | None:
    d = to_decimal(x)
    if d is None:
        return None
    if d != d.to_integral_value():
        raise InputError(f"{what} must be a whole number, not {x!r}.")
    return int(d)


def rank(r: object, of: object = None, pad: bool = False, *, na: str = NA) -> str:
    """A rank, optionally out of the group size: ``"10/13"``.

    Args:
        r: the rank (1 = best).
        of: how many units were ranked, or ``None`` to leave it out.
        pad: write the rank with at least two digits, as official documents do
            (``"02/12"``, ``"05/63"``).
        na: text for a missing rank.

    Returns:
        The formatted rank.
    """
    ri = _whole(r, "A rank")
    if ri is None:
        return na
    if ri < 1:
        raise InputError(f"A rank starts at 1; got {ri}.")
    oi = _whole(of, "The number of units ranked")
    width = 2 if pad else 1
    text = f"{ri:0{width}d}"
    return text if oi is None else f"{text}/{oi}"


def rank_change(n: object, pad: bool = False, *, na: str = NA) -> str:
    """A change of rank in places, positive = moved up (the rank number fell).

    Args:
        n: places moved up (negative: moved down).
        pad: at least two digits, as official documents write ("tăng 01 bậc").
        na: text for a missing change.

    Returns:
        ``"tăng 1 bậc"``, ``"giảm 3 bậc"`` or ``"giữ nguyên thứ hạng"``.
    """
    ni = _whole(n, "A change of rank")
    if ni is None:
        return na
    if ni == 0:
        return "giữ nguyên thứ hạng"
    width = 2 if pad else 1
    word = "tăng" if ni > 0 else "giảm"
    return f"{word} {abs(ni):0{width}d} bậc"


def delta(x: object, unit: str | None = "điểm", decimals: int = 2, *, na: str = NA) -> str:
    """A change in value: ``"tăng 4,32 điểm"``, ``"giảm 0,50 điểm"``, ``"không thay đổi"``.

    A change that rounds to zero at ``decimals`` places is "không thay đổi".

    Args:
        x: the change (new minus old).
        unit: the unit word after the number; ``None`` or ``""`` for none.
        decimals: decimal places.
        na: text for a missing change.

    Returns:
        The formatted change.
    """
    d = to_decimal(x)
    if d is None:
        return na
    r = _round(d, decimals)
    if r.is_zero():
        return "không thay đổi"
    word = "tăng" if r > 0 else "giảm"
    text = f"{word} {_digits(r, decimals, trim=False)}"
    return f"{text} {unit}" if unit else text


def delta_pct(x: object, decimals: int = 2, *, style: str = "points", na: str = NA) -> str:
    """A change of a percentage, in percentage points.

    Args:
        x: the change in percentage points (86.02% − 81.70% → 4.32).
        decimals: decimal places.
        style: ``"points"`` (default) writes ``"tăng 4,32 điểm %"``, which says plainly that it
            is a difference of percentages. ``"press"`` writes ``"tăng 4,32%"``, the way Vietnamese
            news and official reports write the same percentage-point change (e.g. "tăng 2,19%"
            for the PAR INDEX average going from 84,79% to 86,98%) — it is still percentage
            points, not a relative change.
        na: text for a missing change.

    Returns:
        The formatted change.
    """
    if style == "points":
        return delta(x, "điểm %", decimals, na=na)
    if style == "press":
        text = delta(x, None, decimals, na=na)
        return text if text in (na, "không thay đổi") else f"{text}%"
    raise InputError(f"style must be 'points' or 'press', not {style!r}.")


def signed(x: object, decimals: int = 2, *, na: str = NA) -> str:
    """A number with an explicit sign: ``"+1,50"``, ``"−0,25"`` (U+2212), ``"0,00"``.

    Args:
        x: the value.
        decimals: decimal places.
        na: text for a missing value.

    Returns:
        The signed number.
    """
    d = to_decimal(x)
    if d is None:
        return na
    r = _round(d, decimals)
    sign = "" if r.is_zero() else ("+" if r > 0 else MINUS)
    return sign + _digits(r, decimals, trim=False)


def code(c: object, *, na: str = NA) -> str:
    """A criterion code, unchanged: ``"1.10"`` stays ``"1.10"`` (never a number ``1,1``).

    Args:
        c: the code as text (``"total"``, ``"1"``, ``"1.10"``, ``"7.2.2"``) or a whole number.
        na: text for a missing code.

    Returns:
        The code.

    Raises:
        InputError: for a float (``1.1`` cannot tell ``1.1`` from ``1.10``) or text that is not
            a code.
    """
    if is_missing(c):
        return na
    if isinstance(c, bool):
        raise InputError(f"{c!r} is not a criterion code.")
    if isinstance(c, numbers.Integral):
        return str(int(c))
    if not isinstance(c, str):
        raise InputError(
            f"Criterion code {c!r} is a number, so '1.1' and '1.10' cannot be told apart.",
            hint="Read the code column as text.",
        )
    text = c.strip()
    if not _CODE_RE.match(text):
        raise InputError(
            f"{c!r} is not a criterion code.", hint="Codes look like 'total', '1', '1.10', '7.2.2'."
        )
    return text


def year(y: object, *, na: str = NA) -> str:
    """A year as written in text: ``"2021"`` (no thousands dot).

    Args:
        y: the year.
        na: text for a missing year.

    Returns:
        The year.
    """
    yi = _whole(y, "A year")
    return na if yi is None else str(yi)
