"""Criteria frameworks (trees of areas, criteria and sub-criteria) kept as data files.

Each framework is one CSV in ``frameworks/data/<id>.csv`` with the columns
``code,parent,name_vi,name_en,max_score,kind,weight,year_from,year_to,aliases``; the registry
``frameworks/data/frameworks.csv`` says which index, level and years each one covers. Files are read
once, checked, and cached.

Rules the loader enforces (a broken file raises :class:`~cchc_analysis.errors.InputError` naming the
file and row):

- codes are ``total`` or dotted integers (``1``, ``1.10``, ``7.2.2``), unique, and each code's
  parent is its dotted prefix (``total`` for the top level);
- ``kind`` is one of ``aggregate``, ``appraised``, ``survey``, ``bonus``, ``penalty``; a component
  with children is ``aggregate``, or ``bonus``/``penalty`` when it groups only bonus/penalty items
  (``9 Điểm thưởng`` with bonus criteria ``9.1``…); a component without children is never
  ``aggregate``;
- on a points scale, the maxima of a parent's children (bonus included, penalties excluded) add up
  to the parent's maximum within 0.001 whenever all of them are known, checked for every year;
- on a percent scale every component is a percentage, so no sum is checked;
- weights appear on all children of a parent or none, and add up to 1 or 100.

``aliases`` holds, ``|``-separated, the other texts a column header may use for a component: panel
codes (``SC11``) and the short names of reports and the press ("Trách nhiệm giải trình" for
"Trách nhiệm giải trình với người dân"). :meth:`Framework.match_header` compares a header with the
names and aliases of the components valid in the year, ignoring case, diacritics and punctuation; a
text that two of them share matches neither, so no alias may be another component's name or alias in
the same year (``tests/test_framework_aliases.py``).
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from cchc_analysis.errors import InputError

__all__ = [
    "Framework",
    "code_key",
    "framework_for",
    "get_framework",
    "list_frameworks",
    "load_framework_file",
]

DATA_DIR = Path(__file__).parent / "data"
REGISTRY_FILE = "frameworks.csv"

REGISTRY_COLUMNS = [
    "framework",
    "index",
    "level",
    "year_from",
    "year_to",
    "scale",
    "title",
    "decision",
    "source",
    "notes",
]
NODE_COLUMNS = [
    "code",
    "parent",
    "name_vi",
    "name_en",
    "max_score",
    "kind",
    "weight",
    "year_from",
    "year_to",
    "aliases",
]
INDICES = ("PAR", "SIPAS", "PAPI", "PCI", "DDCI", "DGI", "DTI")
LEVELS = ("province", "district", "commune", "department", "ministry")
SCALES = ("points", "percent", "papi")
KINDS = ("aggregate", "appraised", "survey", "bonus", "penalty")
TOLERANCE = 0.001

_CODE_RE = re.compile(r"^(?:total|\d+(?:\.\d+)*)$")
_MISSING = frozenset({"", "nan", "none", "<na>"})

# Header parsing: words that may stand before a code ("Lĩnh vực 1", "LV1", "Tiêu chí 1.10").
# Matched on a lower-case, diacritic-free copy of the header.
_PREFIX_WORDS = (
    "tieu chi thanh phan",
    "chi so noi dung thanh phan",
    "noi dung thanh phan",
    "chi so thanh phan",
    "chi so noi dung",
    "sub-dimension",
    "sub dimension",
    "linh vuc",
    "tieu chi",
    "noi dung",
    "dimension",
    "khia canh",
    "yeu to",
    "tctp",
    "lv",
    "tc",
    "d",
)
_PREFIX_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(w) for w in _PREFIX_WORDS) + r")\s*)?"
    r"(\d+(?:\.\d+)*)\.?(?=$|[\s:.)\-–—])[\s:.)\-–—]*(.*)$"
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_ROMAN_RE = re.compile(r"^(x|ix|iv|v?i{0,3})[.)]\s*(\S.*)?$")
# an area numbered in Roman after the word for it: "Lĩnh vực IV", "LV II" (not a bare "I", a section's)
_ROMAN_AREA_RE = re.compile(
    r"^(?:linh vuc|lv|chi so thanh phan|noi dung|khia canh)\s*(x|ix|iv|vi{0,3}|i{1,3})\.?(?=$|[\s:.)\-–—])"
)
# "(12,5 điểm)", "(tối đa 10 điểm)", "(%)", "- 12,5 điểm" at the end of a header.
_SUFFIX_RE = re.compile(
    r"(?:\s*\((?:[^()]*\d[^()]*|[^()]*(?:điểm|diem|%)[^()]*)\)|\s*[-–—:]\s*\d+(?:[.,]\d+)?\s*(?:điểm|diem|%))\s*$",
    re.IGNORECASE,
)
# "Chỉ số hài lòng về xây dựng, tổ chức thực hiện chính sách (%)": a satisfaction index of one aspect, named
# after it (in a match key); the index's own name alone ("Chỉ số hài lòng") is its total
_OF_ASPECT_RE = re.compile(
    r"^(?:chi so |muc do |ty le |su )?hai long (?:cua nguoi dan |chung )?(?:ve |doi voi |voi )(?=\S)"
)
_TOTAL_WORDS = frozenset(
    {"tong", "tong diem", "tong cong", "tong so diem", "tong diem dat duoc", "total", "total score"}
)


#: What the levels of a criteria tree are called (depth 1 = the areas under the total).
LEVEL_WORDS = {1: "lĩnh vực", 2: "tiêu chí", 3: "tiêu chí thành phần"}
#: The same for PAPI: dimensions and sub-dimensions.
LEVEL_WORDS_PAPI = {1: "chỉ số nội dung", 2: "chỉ số nội dung thành phần"}


def level_word(depth: int, scale: str | None = None) -> str:
    """What a criteria set on ``scale`` calls its components at ``depth`` (1 = the areas under the
    total): "lĩnh vực", "tiêu chí", "tiêu chí thành phần"; on the PAPI scale "chỉ số nội dung" and
    "chỉ số nội dung thành phần". Deeper levels take the deepest word."""
    words = LEVEL_WORDS_PAPI if scale == "papi" else LEVEL_WORDS
    return words.get(int(depth), words[max(words)])


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a component code: integer tuple, ``'total'`` first.

    Args:
        code: ``'total'`` or a dotted code such as ``'1'``, ``'1.10'``, ``'7.2.2'``.

    Returns:
        ``()`` for ``'total'``, else the parts as integers, so ``'1.2'`` sorts before ``'1.10'``.

    Raises:
        InputError: when the code is neither ``total`` nor dotted integers.
    """
    text = str(code).strip()
    if text == "total":
        return ()
    if not _CODE_RE.match(text):
        raise InputError(
            f"'{code}' is not a component code.",
            hint="Use 'total' or dotted numbers such as 1, 1.10 or 7.2.2.",
        )
    return tuple(int(part) for part in text.split("."))


_SC_RE = re.compile(r"^sc\s*(\d)(\d)$")


def header_code(text: object) -> str | None:
    """The component code a header or STT cell writes, with no criteria set to check it against.

    ``"1.10"``, ``"7.2.2."``, ``"Lĩnh vực 1"``, ``"LV1"``, ``"Tiêu chí 1.10"``, ``"1. Công tác …"`` give the
    dotted code; ``"SC11"`` (the PAPI panel's sub-dimension names) gives ``"1.1"``; a whole number (an area
    code typed as a number) gives its text. Anything else gives None.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return str(int(text)) if float(text).is_integer() and 0 < text < 100 else None
    folded = _fold(str(text))
    sc = _SC_RE.match(folded)
    if sc:
        return f"{sc.group(1)}.{sc.group(2)}"
    m = _PREFIX_RE.match(folded)
    if m is None:
        roman = _ROMAN_AREA_RE.match(folded)  # "Lĩnh vực IV": area 4
        return str(_ROMAN[roman.group(1)]) if roman else None
    if any(len(part) > 2 for part in m.group(1).split(".")):
        return None  # "2022" is a year, not a code
    return m.group(1)


def roman_number(text: object) -> int | None:
    """Roman numeral section markers ("I", "II.", "IV") as integers, else None."""
    if not isinstance(text, str):
        return None
    return _ROMAN.get(text.strip().rstrip(".").casefold())


def _fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced copy of a header (for code prefixes only)."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().casefold()


def _match_key(text: str) -> str:
    from cchc_analysis.io.text import match_key

    return match_key(text)


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (str(value).strip().casefold() in _MISSING)
    )


def _text(value: object) -> str:
    return "" if _blank(value) else unicodedata.normalize("NFC", str(value).strip())


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(
            "framework file not found.",
            file=path,
            hint="Check the framework id, or add the file next to frameworks.csv.",
        )
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(
            f"cannot read the file as UTF-8 CSV ({exc}).",
            file=path,
            hint="Save it as CSV UTF-8 with a header row.",
        ) from exc


def _check_columns(table: pd.DataFrame, expected: list[str], path: Path) -> None:
    missing = [c for c in expected if c not in table.columns]
    if missing:
        raise InputError(
            f"missing column(s): {', '.join(missing)}.",
            file=path,
            cell="row 1",
            hint=f"The header must be: {','.join(expected)}.",
        )


def _number(value: object, what: str, path: Path, row: int) -> float:
    text = _text(value)
    if not text:
        return math.nan
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise InputError(
            f"{what} '{text}' is not a number.",
            file=path,
            cell=f"row {row}",
            hint="Write it with a decimal point or comma (12.5 or 12,5), or leave it empty.",
        ) from None
    if number < 0 or math.isinf(number):
        raise InputError(f"{what} {text} must be zero or positive.", file=path, cell=f"row {row}")
    return number


def _year(value: object, what: str, path: Path, row: int) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise InputError(
            f"{what} '{text}' is not a year.",
            file=path,
            cell=f"row {row}",
            hint="Write a four-digit year or leave it empty.",
        )
    return int(text)


@dataclass(frozen=True, eq=False)
class Framework:
    """One criteria set: metadata from the registry plus its tree of components.

    Attributes:
        id: framework id, e.g. ``papi-2018``.
        index: ``PAR``, ``SIPAS``, ``PAPI``, ``PCI``, ...
        level: ``province``, ``district``, ``commune``, ``department`` or ``ministry``.
        year_from: first year assessed under this set.
        year_to: last year, or ``None`` while still in force.
        scale: ``points``, ``percent`` or ``papi``.
        title: Vietnamese title.
        decision: legal text (``876/QĐ-BNV``), empty when there is none.
        source: URL or citation.
        notes: what is and is not confirmed.
        nodes: the file's rows plus ``depth`` (0 for total), sorted by :func:`code_key`;
            ``max_score``/``weight`` are floats (NaN when empty), years ``Int64``.
    """

    id: str
    index: str
    level: str
    year_from: int | None
    year_to: int | None
    scale: str
    title: str
    decision: str
    source: str
    notes: str
    nodes: pd.DataFrame = field(repr=False)
    _rows: dict = field(init=False, repr=False)
    _children: dict = field(init=False, repr=False)
    _keys: dict = field(init=False, repr=False)
    _in_year: dict = field(init=False, repr=False)  # year → codes valid in it, and maxima (a pure cache)

    def __post_init__(self) -> None:
        rows = {r["code"]: r for r in self.nodes.to_dict("records")}
        children: dict[str, list[str]] = {code: [] for code in rows}
        for code, r in rows.items():
            if r["parent"]:
                children[r["parent"]].append(code)
        keys: dict[str, set[str]] = {}
        for code, r in rows.items():
            texts = [r["name_vi"], r["name_en"], *r["aliases"].split("|")]
            for text in texts:
                for key in {_match_key(text.strip()), text.strip().casefold()} - {""}:
                    keys.setdefault(key, set()).add(code)
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_children", children)
        object.__setattr__(self, "_keys", keys)
        object.__setattr__(self, "_in_year", {})

    # -- years ---------------------------------------------------------------------------
    def covers(self, year: int) -> bool:
        """Whether ``year`` was assessed under this framework."""
        year = int(year)
        if self.year_from is not None and year < self.year_from:
            return False
        return self.year_to is None or year <= self.year_to

    def years_text(self) -> str:
        """The years the set covers, as a message names them: "2018–nay", "2011–2017"."""
        start = self.year_from if self.year_from is not None else "…"
        return f"{start}–{self.year_to if self.year_to is not None else 'nay'}"

    def _check_year(self, year: int | None) -> None:
        if year is None or year in self._in_year:  # a year with remembered codes was checked before
            return
        if not self.covers(year):
            raise InputError(
                f"framework {self.id} covers {self.years_text()}, not {year}.",
                hint="Use framework_for(index, year) to find the set for that year.",
            )

    def _valid(self, code: str, year: int | None) -> bool:
        if year is None:
            return True
        r = self._rows[code]
        return not (
            (not pd.isna(r["year_from"]) and year < r["year_from"])
            or (not pd.isna(r["year_to"]) and year > r["year_to"])
        )

    def _codes_in(self, year: int) -> tuple[tuple[str, ...], frozenset[str]]:
        """The codes valid in ``year``, in order and as a set (computed once per year)."""
        found = self._in_year.get(year)
        if found is None:
            ordered = tuple(c for c in self._rows if self._valid(c, year))
            found = self._in_year[year] = (ordered, frozenset(ordered))
        return found

    def _row(self, code: str) -> dict:
        code = str(code).strip()
        if code not in self._rows:
            raise InputError(
                f"framework {self.id} has no component '{code}'.",
                hint=f"Known codes: {', '.join(self.codes()[:12])}"
                + (" …" if len(self._rows) > 12 else "")
                + ".",
            )
        return self._rows[code]

    # -- tree ----------------------------------------------------------------------------
    def codes(self, year: int | None = None) -> list[str]:
        """All codes valid in ``year`` (all years when ``None``), ``'total'`` first, sorted."""
        self._check_year(year)
        return list(self._rows) if year is None else list(self._codes_in(year)[0])

    def children(self, code: str, year: int | None = None) -> list[str]:
        """Direct children of ``code`` valid in ``year``, sorted by :func:`code_key`."""
        self._check_year(year)
        code = self._row(code)["code"]
        if year is None:
            return list(self._children[code])
        valid = self._codes_in(year)[1]
        return [c for c in self._children[code] if c in valid]

    def unnamed_areas(self, year: int | None = None) -> int:
        """How many areas the total has in ``year`` when the set names none of them (MOHA's 2022
        set of 8, known by number alone); 0 when it names any."""
        names = self.area_names(year)
        return 0 if any(names) else len(names)

    def area_names(self, year: int | None = None) -> list[list[str]]:
        """Each area's names in order (its Vietnamese and English names and aliases; none for an area
        the set names nowhere), for headers that write them in other words."""
        rows = (self._rows[a] for a in self.children("total", year))
        return [[t for t in (r["name_vi"], r["name_en"], *r["aliases"].split("|")) if t] for r in rows]

    def leaves(self, year: int | None = None) -> list[str]:
        """Codes valid in ``year`` that have no children in that year."""
        return [c for c in self.codes(year) if not self.children(c, year)]

    def parent(self, code: str) -> str | None:
        """``'total'`` for a top-level code, the dotted prefix below that, ``None`` for total."""
        return self._row(code)["parent"] or None

    def ancestors(self, code: str) -> list[str]:
        """Parents of ``code``, nearest first, ending with ``'total'`` (empty for total)."""
        out: list[str] = []
        current = self.parent(code)
        while current is not None:
            out.append(current)
            current = self.parent(current)
        return out

    # -- attributes ----------------------------------------------------------------------
    def name(self, code: str, lang: str = "vi") -> str:
        """Name of a component in Vietnamese (``'vi'``) or English (``'en'``).

        Falls back to the other language, then to a label built from the code (``Lĩnh vực 3``,
        ``Tiêu chí 3.2``, ``Tiêu chí thành phần 3.2.1``; English ``Area 3`` …) where the framework
        file has no confirmed name.
        """
        if lang not in ("vi", "en"):
            raise InputError(f"language '{lang}' is not supported.", hint="Use 'vi' or 'en'.")
        r = self._row(code)
        first, second = ("name_vi", "name_en") if lang == "vi" else ("name_en", "name_vi")
        if r[first] or r[second]:
            return r[first] or r[second]
        if r["code"] == "total":
            return self.title if lang == "vi" else self.id
        words = (
            ("Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần")
            if lang == "vi"
            else ("Area", "Criterion", "Sub-criterion")
        )
        return f"{words[min(r['depth'], 3) - 1]} {r['code']}"

    def level_word(self, depth: int = 1) -> str:
        """What this criteria set calls the components at ``depth`` (1 = the areas under the total):
        "lĩnh vực", "tiêu chí", "tiêu chí thành phần"; for PAPI "chỉ số nội dung" and "chỉ số nội
        dung thành phần"."""
        return level_word(depth, self.scale)

    def kind(self, code: str) -> str:
        """``aggregate``, ``appraised``, ``survey``, ``bonus`` or ``penalty``."""
        return self._row(code)["kind"]

    def weight(self, code: str) -> float:
        """Weight of ``code`` within its weighted parent, NaN when the parent is a plain sum."""
        return float(self._row(code)["weight"])

    def is_weighted(self, code: str) -> bool:
        """Whether ``code`` is a weighted composite of its children (PCI), not their sum."""
        kids = self._children[self._row(code)["code"]]
        return any(not math.isnan(self._rows[k]["weight"]) for k in kids)

    def max_score(self, code: str, year: int | None = None) -> float:
        """Maximum of a component in ``year``.

        The file's value when given; else, for a plain-sum parent, the sum of its children's
        maxima (bonus included, penalties excluded) when all are known; NaN otherwise (a weighted
        parent without a given maximum, or an unknown leaf).
        """
        self._check_year(year)
        r = self._row(code)
        if not math.isnan(r["max_score"]):
            return float(r["max_score"])
        known = self._in_year.get(("max", r["code"], year))
        if known is not None:
            return known
        kids = [k for k in self.children(r["code"], year) if self._rows[k]["kind"] != "penalty"]
        if not kids or self.is_weighted(r["code"]):
            maximum = math.nan
        else:
            maximum = float(sum(self.max_score(k, year) for k in kids))
        self._in_year[("max", r["code"], year)] = maximum
        return maximum

    # -- header matching -----------------------------------------------------------------
    def match_header(self, text: str, year: int | None = None) -> str | None:
        """Code meant by a column header, or ``None``.

        Recognises an exact code (``1.10``, ``1``), an alias (``SC11``), a code-prefixed text
        (``1. Công tác chỉ đạo…``, ``Lĩnh vực 1``, ``LV1``, ``Tiêu chí 1.10``, and ``I. …`` for
        a top-level area), a total header (``Tổng``, ``Tổng điểm``), or a name/alias compared by
        :func:`cchc_analysis.io.text.match_key`. A trailing ``(12,5 điểm)`` is ignored. With a
        ``year``, only components that exist in that year match.
        """
        if text is None or _blank(text):
            return None  # before the year is checked, as always
        self._check_year(year)
        if not isinstance(text, str):
            return self._match_header(text, year)
        known = self._in_year.get(("header", text, year), False)
        if known is False:  # a header's code is worked out once per year
            if len(self._in_year) > 50_000:
                self._in_year.clear()
            known = self._in_year[("header", text, year)] = self._match_header(text, year)
        return known

    def _match_header(self, text: str, year: int | None) -> str | None:
        if text is None or _blank(text):
            return None
        raw = unicodedata.normalize("NFC", str(text)).strip()
        cleaned = raw
        while True:
            stripped = _SUFFIX_RE.sub("", cleaned).strip()
            if stripped == cleaned or not stripped:
                break
            cleaned = stripped
        valid = self._codes_in(year)[1] if year is not None else set(self._rows)

        def by_name(candidate: str) -> str | None:
            if not candidate.strip():
                return None
            hits = self._keys.get(candidate.strip().casefold()) or self._keys.get(_match_key(candidate))
            hits = {h for h in (hits or ()) if h in valid}
            return next(iter(hits)) if len(hits) == 1 else None

        hit = by_name(cleaned) or by_name(raw)
        if hit:
            return hit
        folded = _fold(cleaned)
        aspect = _OF_ASPECT_RE.match(folded)
        if aspect and (hit := by_name(folded[aspect.end() :])):
            return hit
        if folded in _TOTAL_WORDS and "total" in valid:
            return "total"
        m = _PREFIX_RE.match(folded)
        if m:
            if m.group(1) in valid:
                return m.group(1)
            return by_name(m.group(2) or "")
        m = _ROMAN_RE.match(folded)
        if m and m.group(1) and m.group(2):
            code = str(_ROMAN[m.group(1)])
            if code in valid:
                return code
        return None


# -- loading --------------------------------------------------------------------------------
def _load_nodes(path: Path, year_from: int | None, year_to: int | None, scale: str) -> pd.DataFrame:
    table = _read_csv(path)
    _check_columns(table, NODE_COLUMNS, path)
    records: list[dict] = []
    rows_of: dict[str, int] = {}
    for i, raw in enumerate(table.to_dict("records")):
        row = i + 2
        code = _text(raw["code"])
        if not _CODE_RE.match(code):
            raise InputError(
                f"code '{code}' is not 'total' or a dotted number such as 1.10.",
                file=path,
                cell=f"row {row}",
            )
        if code in rows_of:
            raise InputError(
                f"code {code} appears twice (also on row {rows_of[code]}).",
                file=path,
                cell=f"row {row}",
                hint="Each component must have exactly one row.",
            )
        rows_of[code] = row
        parent = _text(raw["parent"])
        expected = "" if code == "total" else ".".join(code.split(".")[:-1]) or "total"
        if parent != expected:
            raise InputError(
                f"parent of {code} is '{parent}', expected '{expected or '(empty)'}'.",
                file=path,
                cell=f"row {row}",
                hint="The parent of 1.10 is 1, of 1 is total, and total has none.",
            )
        kind = _text(raw["kind"])
        if kind not in KINDS:
            raise InputError(
                f"kind '{kind}' of {code} is not one of {', '.join(KINDS)}.",
                file=path,
                cell=f"row {row}",
            )
        node_from = _year(raw["year_from"], "year_from", path, row)
        node_to = _year(raw["year_to"], "year_to", path, row)
        if node_from is not None and node_to is not None and node_from > node_to:
            raise InputError(
                f"{code} starts in {node_from} but ends in {node_to}.", file=path, cell=f"row {row}"
            )
        for bound in (node_from, node_to):
            if bound is not None and (
                (year_from is not None and bound < year_from) or (year_to is not None and bound > year_to)
            ):
                raise InputError(
                    f"year {bound} of {code} lies outside the framework's years "
                    f"({year_from}–{year_to or ''}).",
                    file=path,
                    cell=f"row {row}",
                )
        records.append(
            {
                "code": code,
                "parent": parent,
                "name_vi": _text(raw["name_vi"]),
                "name_en": _text(raw["name_en"]),
                "max_score": _number(raw["max_score"], f"max_score of {code}", path, row),
                "kind": kind,
                "weight": _number(raw["weight"], f"weight of {code}", path, row),
                "year_from": node_from,
                "year_to": node_to,
                "aliases": "|".join(a.strip() for a in _text(raw["aliases"]).split("|") if a.strip()),
                "depth": 0 if code == "total" else len(code.split(".")),
            }
        )
    if "total" not in rows_of:
        raise InputError("there is no 'total' row.", file=path, hint="Add the root row 'total'.")
    by_code = {r["code"]: r for r in records}
    kids: dict[str, list[dict]] = {c: [] for c in by_code}
    for r in records:
        if r["parent"]:
            if r["parent"] not in by_code:
                raise InputError(
                    f"parent {r['parent']} of {r['code']} has no row of its own.",
                    file=path,
                    cell=f"row {rows_of[r['code']]}",
                )
            kids[r["parent"]].append(r)
    for code, r in by_code.items():
        _check_node(r, kids[code], by_code, rows_of, path)
    _check_sums(by_code, kids, rows_of, path, year_from, year_to, scale)
    nodes = pd.DataFrame.from_records(records, columns=[*NODE_COLUMNS, "depth"])
    nodes["year_from"] = nodes["year_from"].astype("Int64")
    nodes["year_to"] = nodes["year_to"].astype("Int64")
    nodes["max_score"] = nodes["max_score"].astype(float)
    nodes["weight"] = nodes["weight"].astype(float)
    for col in ("code", "parent", "name_vi", "name_en", "kind", "aliases"):
        nodes[col] = nodes[col].astype("str")
    order = sorted(range(len(nodes)), key=lambda i: code_key(nodes["code"].iat[i]))
    return nodes.iloc[order].reset_index(drop=True)


def _check_node(r: dict, kids: list[dict], by_code: dict, rows_of: dict, path: Path) -> None:
    row = f"row {rows_of[r['code']]}"
    group_kind = r["kind"] in ("bonus", "penalty") and all(k["kind"] == r["kind"] for k in kids)
    if kids and r["kind"] != "aggregate" and not group_kind:
        raise InputError(
            f"{r['code']} has children but kind '{r['kind']}'.",
            file=path,
            cell=row,
            hint="A component with children must have kind 'aggregate' (or 'bonus'/'penalty' "
            "when all its children are bonus/penalty items).",
        )
    if not kids and r["kind"] == "aggregate":
        raise InputError(
            f"{r['code']} has kind 'aggregate' but no children.",
            file=path,
            cell=row,
            hint="Use appraised, survey, bonus or penalty for a component without children.",
        )
    parent = by_code.get(r["parent"])
    if parent is not None:
        for bound, cmp in (("year_from", lambda a, b: a < b), ("year_to", lambda a, b: a > b)):
            mine, theirs = r[bound], parent[bound]
            if theirs is not None and (mine is None or cmp(mine, theirs)):
                raise InputError(
                    f"{r['code']} exists in years its parent {r['parent']} does not "
                    f"({bound} {mine or '(empty)'} vs {theirs}).",
                    file=path,
                    cell=row,
                )
    weights = [k["weight"] for k in kids]
    given = [w for w in weights if not math.isnan(w)]
    if given and len(given) != len(weights):
        missing = [k["code"] for k in kids if math.isnan(k["weight"])]
        raise InputError(
            f"children of {r['code']} are partly weighted: {', '.join(missing)} have no weight.",
            file=path,
            cell=f"row {rows_of[missing[0]]}",
            hint="Give every child of a weighted parent a weight, or none of them.",
        )
    if given and not (abs(sum(given) - 1) <= TOLERANCE or abs(sum(given) - 100) <= TOLERANCE):
        raise InputError(
            f"weights of the children of {r['code']} add up to {sum(given):g}, not 1 or 100.",
            file=path,
            cell=row,
        )
    if r["code"] == "total" and not math.isnan(r["weight"]):
        raise InputError("total cannot carry a weight.", file=path, cell=row)


def _check_sums(
    by_code: dict,
    kids: dict,
    rows_of: dict,
    path: Path,
    year_from: int | None,
    year_to: int | None,
    scale: str,
) -> None:
    if scale == "percent":
        return
    bounds = {y for r in by_code.values() for y in (r["year_from"], r["year_to"]) if y is not None}
    bounds |= {y + 1 for r in by_code.values() if (y := r["year_to"]) is not None}
    start = year_from if year_from is not None else min(bounds, default=0)
    end = year_to if year_to is not None else max([start, *bounds])
    years = sorted({start, *[y for y in bounds if start <= y <= end]}) if by_code else []

    def alive(r: dict, year: int) -> bool:
        return not (
            (r["year_from"] is not None and year < r["year_from"])
            or (r["year_to"] is not None and year > r["year_to"])
        )

    def maximum(code: str, year: int) -> float:
        r = by_code[code]
        if not math.isnan(r["max_score"]):
            return r["max_score"]
        members = [k for k in kids[code] if alive(k, year) and k["kind"] != "penalty"]
        if not members or any(not math.isnan(k["weight"]) for k in members):
            return math.nan
        return sum(maximum(k["code"], year) for k in members)

    for year in years:
        for code, r in by_code.items():
            members = [k for k in kids[code] if alive(k, year) and k["kind"] != "penalty"]
            if not alive(r, year) or not members or math.isnan(r["max_score"]):
                continue
            if any(not math.isnan(k["weight"]) for k in members):
                continue
            parts = [maximum(k["code"], year) for k in members]
            if any(math.isnan(p) for p in parts):
                continue
            if abs(sum(parts) - r["max_score"]) > TOLERANCE:
                listing = " + ".join(f"{k['code']}: {p:g}" for k, p in zip(members, parts, strict=True))
                raise InputError(
                    f"maxima of the children of {code} add up to {sum(parts):g} in {year} "
                    f"({listing}), but {code} has max_score {r['max_score']:g}.",
                    file=path,
                    cell=f"row {rows_of[code]}",
                    hint="Correct the maxima so the parts add up to the whole.",
                )


def _load_registry(directory: Path) -> pd.DataFrame:
    path = directory / REGISTRY_FILE
    table = _read_csv(path)
    _check_columns(table, REGISTRY_COLUMNS, path)
    records = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(table.to_dict("records")):
        row = i + 2
        rec = {c: _text(raw[c]) for c in REGISTRY_COLUMNS}
        fid = rec["framework"]
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", fid):
            raise InputError(
                f"framework id '{fid}' must be lower-case letters, digits and dashes.",
                file=path,
                cell=f"row {row}",
            )
        if fid in seen:
            raise InputError(
                f"framework {fid} is listed twice (also on row {seen[fid]}).",
                file=path,
                cell=f"row {row}",
            )
        seen[fid] = row
        for col, allowed in (("index", INDICES), ("level", LEVELS), ("scale", SCALES)):
            if rec[col] not in allowed:
                raise InputError(
                    f"{col} '{rec[col]}' of {fid} is not one of {', '.join(allowed)}.",
                    file=path,
                    cell=f"row {row}",
                )
        rec["year_from"] = _year(raw["year_from"], "year_from", path, row)
        rec["year_to"] = _year(raw["year_to"], "year_to", path, row)
        if rec["year_from"] is None:
            raise InputError(f"year_from of {fid} is empty.", file=path, cell=f"row {row}")
        if rec["year_to"] is not None and rec["year_to"] < rec["year_from"]:
            raise InputError(
                f"{fid} ends ({rec['year_to']}) before it starts ({rec['year_from']}).",
                file=path,
                cell=f"row {row}",
            )
        records.append(rec)
    registry = pd.DataFrame.from_records(records, columns=REGISTRY_COLUMNS)
    registry["year_from"] = registry["year_from"].astype("Int64")
    registry["year_to"] = registry["year_to"].astype("Int64")
    return registry


def load_framework_file(
    path: str | Path,
    *,
    framework_id: str | None = None,
    index: str = "",
    level: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    scale: str = "points",
    title: str = "",
    decision: str = "",
    source: str = "",
    notes: str = "",
) -> Framework:
    """Read and check one framework file, with its metadata given by the caller.

    Args:
        path: the ``<id>.csv`` file.
        framework_id: id to give it; defaults to the file name without ``.csv``.
        index, level, year_from, year_to, scale, title, decision, source, notes: registry fields.

    Returns:
        The checked :class:`Framework` (not cached).

    Raises:
        InputError: naming the file and row when the file breaks a rule (see the module doc).
    """
    path = Path(path)
    if scale not in SCALES:
        raise InputError(f"scale '{scale}' is not one of {', '.join(SCALES)}.", file=path)
    nodes = _load_nodes(path, year_from, year_to, scale)
    return Framework(
        id=framework_id or path.stem,
        index=index,
        level=level,
        year_from=year_from,
        year_to=year_to,
        scale=scale,
        title=title,
        decision=decision,
        source=source,
        notes=notes,
        nodes=nodes,
    )


def _from_registry(framework_id: str, directory: Path, registry: pd.DataFrame) -> Framework:
    match = registry[registry["framework"] == framework_id]
    if match.empty:
        known = ", ".join(registry["framework"])
        raise InputError(
            f"unknown framework '{framework_id}'.",
            file=directory / REGISTRY_FILE,
            hint=f"Known frameworks: {known}.",
        )
    rec = match.iloc[0]
    return load_framework_file(
        directory / f"{framework_id}.csv",
        framework_id=framework_id,
        index=rec["index"],
        level=rec["level"],
        year_from=None if pd.isna(rec["year_from"]) else int(rec["year_from"]),
        year_to=None if pd.isna(rec["year_to"]) else int(rec["year_to"]),
        scale=rec["scale"],
        title=rec["title"],
        decision=rec["decision"],
        source=rec["source"],
        notes=rec["notes"],
    )


@cache
def english_words() -> frozenset[str]:
    """The lower-case words of three letters or more in the English names of the packaged criteria
    sets ("entry", "costs", "transparency", …): what tells a header's English half from Vietnamese
    written without diacritics ("Gia Lai" is no translation)."""
    words: set[str] = set()
    for path in DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                words.update(w for w in re.findall(r"[a-z]{3,}", (row.get("name_en") or "").lower()))
    return frozenset(words)


@cache
def _packaged_registry() -> pd.DataFrame:
    return _load_registry(DATA_DIR)


@cache
def _packaged_framework(framework_id: str) -> Framework:
    return _from_registry(framework_id, DATA_DIR, _packaged_registry())


def _registry(data_dir: str | Path | None) -> tuple[pd.DataFrame, Path | None]:
    if data_dir is None:
        return _packaged_registry(), None
    directory = Path(data_dir)
    return _load_registry(directory), directory


def get_framework(framework_id: str, data_dir: str | Path | None = None) -> Framework:
    """The framework with this id.

    Args:
        framework_id: e.g. ``papi-2018``.
        data_dir: a directory holding ``frameworks.csv`` and ``<id>.csv`` to use instead of the
            packaged data (read afresh on every call); ``None`` uses the packaged, cached data.

    Raises:
        InputError: listing the known ids when the id is unknown, or naming the file and row when
            the framework file is broken.
    """
    registry, directory = _registry(data_dir)
    if directory is None:
        if framework_id not in set(registry["framework"]):
            _from_registry(framework_id, DATA_DIR, registry)  # raises with the known ids
        return _packaged_framework(framework_id)
    return _from_registry(framework_id, directory, registry)


def framework_for(
    index: str, year: int, level: str | None = None, data_dir: str | Path | None = None
) -> Framework:
    """The framework an index was scored under in a year.

    Args:
        index: ``PAR``, ``SIPAS``, ``PAPI``, ``PCI``, … (case-insensitive).
        year: the year assessed.
        level: ``province``, ``district``, …; needed when several levels share the index and year.
        data_dir: as in :func:`get_framework`.

    Raises:
        InputError: when no framework, or more than one, fits.
    """
    year = int(year)
    name = str(index).strip().upper()
    if data_dir is None:
        return _packaged_framework(_packaged_choice(name, year, level))
    registry, _ = _registry(data_dir)
    return get_framework(_choose(registry, name, year, level), data_dir)


@cache
def _packaged_choice(name: str, year: int, level: str | None) -> str:
    """:func:`_choose` on the packaged registry, remembered (a choice that raises is not)."""
    return _choose(_packaged_registry(), name, year, level)


def _choose(registry: pd.DataFrame, name: str, year: int, level: str | None) -> str:
    """The id of the one framework for an index, year and level; raise when none or several fit."""
    rows = registry[registry["index"] == name]
    if level is not None:
        rows = rows[rows["level"] == level]
    rows = rows[(rows["year_from"] <= year) & (rows["year_to"].isna() | (rows["year_to"] >= year))]
    where = f"{name} {year}" + (f" ({level})" if level else "")
    if rows.empty:
        known = registry[registry["index"] == name]
        spans = "; ".join(
            f"{r.framework}: {r.year_from}–{'' if pd.isna(r.year_to) else r.year_to} {r.level}"
            for r in known.itertuples()
        )
        raise InputError(
            f"no criteria framework for {where}.",
            hint=f"Frameworks for {name}: {spans}." if spans else f"No framework exists for {name}.",
        )
    if len(rows) > 1:
        raise InputError(
            f"several frameworks fit {where}: {', '.join(rows['framework'])}.",
            hint="Pass level= to choose one.",
        )
    return str(rows["framework"].iat[0])


def list_frameworks(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The registry: one row per framework with the columns of ``frameworks.csv``."""
    registry, _ = _registry(data_dir)
    return registry.copy()
