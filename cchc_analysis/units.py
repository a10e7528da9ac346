"""Canonical names of provinces, districts and communes, their aliases, codes and regions.

Naming convention (the ``unit`` column of the tidy table):

* Provinces: the short name the press and MOHA use, without "Tỉnh"/"Thành phố" ("Hà Nội",
  "Quảng Ninh", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế"), except Ho Chi Minh City, written
  "TP. Hồ Chí Minh" as MOHA's tables do. The unit renamed "Thành phố Huế" on 1 January 2025 keeps
  the name "Thừa Thiên Huế" so that its series does not break; "Huế" and "TP. Huế" are aliases.
* Districts (legacy era only): the short name without "Huyện"/"Quận"/"Thị xã"/"Thành phố" ("Hải Hà",
  "Hạ Long"), except where the name would be a bare number ("Quận 1") or where two districts of the
  same province share the short name ("Thành phố Cao Lãnh" and "Huyện Cao Lãnh").
* Communes: the full name with its type word ("Xã Đồng Tâm", "Phường 4"), because the same base
  name is often used by a "Xã" and a "Phường" and numbered wards are meaningless without it.
* All names NFC, modern tone placement ("Hòa", "Thanh Hóa").

A unit is identified by its name *and era*: several 2025 provinces keep the name of an old one
(new "Lào Cai" = old Lào Cai + Yên Bái, code 15 instead of 10), and codes are reused across eras,
so codes are never used to join the two eras. Eras are ``"legacy"`` (until 30 June 2025, 63
provinces) and ``"2025"`` (from 1 July 2025, 34 provinces, no districts). The 11 unchanged
provinces are valid in both. When no era is given and a name exists in both, the legacy unit is returned.

Name matching uses :func:`cchc_analysis.io.text.match_key` (NFC, casefold, no diacritics,
punctuation as spaces); type words such as "Tỉnh", "UBND huyện", "TP." are removed by code, dotted
abbreviations ("P. Hạ Long", "X.Hải Sơn") are written out first and footnote markers ("Hà Nội (*)")
dropped. A type word written out names a level: "Huyện Hoành Bồ" (abolished in 2020) is no unit, never
the ward "Phường Hoành Bồ"; only a canonical name or an alias spelt exactly so ("TT. Huế") escapes it.

District and commune lists come from ``vietnamadminunits`` (MIT; GSO codes).
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import pandas as pd

from cchc_analysis.errors import InputError
from cchc_analysis.io.text import match_key, strip_footnote

LEVELS = ("province", "district", "commune", "department", "ministry")
ERAS = ("legacy", "2025")
REFORM_DATE = "2025-07-01"
LEGACY_END = "2025-06-30"

_GENERIC = (("ubnd",), ("uy", "ban", "nhan", "dan"))
_TYPE_WORDS = {
    "province": (("tinh",), ("thanh", "pho"), ("tp",), ("t", "p")),
    "district": (
        ("huyen",),
        ("quan",),
        ("h",),  # "H. Cô Tô"
        ("q",),  # "Q. Ba Đình"
        ("thi", "xa"),
        ("thanh", "pho"),
        ("tp",),
        ("tx",),
        ("t", "p"),
        ("t", "x"),
    ),
    "commune": (("xa",), ("phuong",), ("thi", "tran"), ("dac", "khu"), ("tt",)),
}
_WORD = re.compile(r"[^\W_]+")
# Type words as written (NFC, casefolded, with diacritics) and the levels they name; see named_levels.
_WRITTEN_GENERIC = (("ubnd",), ("ủy", "ban", "nhân", "dân"), ("uỷ", "ban", "nhân", "dân"))
_WRITTEN_TYPES: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = (
    (("tỉnh",), frozenset({"province"})),
    (("thành", "phố"), frozenset({"province", "district"})),
    (("huyện",), frozenset({"district"})),
    (("quận",), frozenset({"district"})),
    (("thị", "xã"), frozenset({"district"})),
    (("xã",), frozenset({"commune"})),
    (("phường",), frozenset({"commune"})),
    (("thị", "trấn"), frozenset({"commune"})),
    (("đặc", "khu"), frozenset({"commune"})),
)
# "P. Hạ Long", "X.Hải Sơn", "UBND TT. Cái Rồng": a dotted abbreviation of a type word
_ABBREVIATIONS = {
    "p": "Phường",
    "x": "Xã",
    "tt": "Thị trấn",
    "tx": "Thị xã",
    "tp": "Thành phố",
    "q": "Quận",
    "h": "Huyện",
}
_ABBREVIATION = re.compile(
    r"(?P<generic>(?:ubnd|[uủ][yỷ] ban nhân dân)\s+)?(?P<abbr>tt|tx|tp|p|x|q|h)\.\s*(?=[^\W_])",
    re.IGNORECASE,
)
_PAREN_TYPE = re.compile(r"\s*\([^)]*\)$")  # "Cao Lãnh (Thành phố)" in vietnamadminunits
# The provinces whose official name is "Thành phố …" (centrally-run cities); "Thành phố Thái Bình" is
# the district-level city, never the province, whose name is "Tỉnh Thái Bình".
_CITY_PROVINCES = frozenset(
    {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "TP. Hồ Chí Minh", "Thừa Thiên Huế"}
)
_CITY_WORDS = (("thanh", "pho"), ("tp",), ("t", "p"))
_LEVEL_RANK = {"province": 0, "ministry": 0, "department": 1, "district": 2, "commune": 3}
_UNIT_COLUMNS = (
    "unit",
    "unit_code",
    "level",
    "region",
    "province",
    "district",
    "valid_from",
    "valid_to",
    "name_en",
)


#: How many answers a registry remembers before it starts again (the memo only saves work).
_RESOLVED_MAX = 100_000


@dataclass(frozen=True)
class Unit:
    """An administrative unit under its canonical name.

    Attributes:
        name: canonical Vietnamese name (NFC): ``"Quảng Ninh"``, ``"Hải Hà"``, ``"Xã Đồng Tâm"``.
        code: official GSO code as text (``"22"``, ``"201"``, ``"06922"``), or None.
        level: ``province``, ``district``, ``commune``, ``department`` or ``ministry``.
        region: socio-economic region (one of the six), or None where unknown.
        province: canonical name of the province containing the unit (None for provinces).
        name_en: English/ASCII name, where known.
        district: canonical name of the district containing a legacy commune.
        valid_from: first day (ISO date) the unit exists under this name, None when open.
        valid_to: last day (ISO date) it exists, None when still valid.
    """

    name: str
    code: str | None
    level: str
    region: str | None = None
    province: str | None = None
    name_en: str | None = None
    district: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None

    def in_era(self, era: str) -> bool:
        """Whether the unit exists in ``era`` (``"legacy"`` or ``"2025"``)."""
        if era == "legacy":
            return not (self.valid_from and self.valid_from >= REFORM_DATE)
        return not (self.valid_to and self.valid_to < REFORM_DATE)


def clean_name(name: str) -> str:
    """NFC-normalise a name, collapse runs of whitespace and drop trailing footnote markers
    ("Hà Nội (*)", "Đà Nẵng(*)", "Hải Hà*", "Huyện Hải Hà¹")."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return strip_footnote(text) or text


def expand_abbreviation(name: str) -> str:
    """Write out an abbreviated type word in front of a name: "P. Hạ Long" → "Phường Hạ Long",
    "X.Hải Sơn" → "Xã Hải Sơn", "UBND TT. Cái Rồng" → "UBND Thị trấn Cái Rồng".

    Only the dotted forms (``P.``, ``X.``, ``TT.``, ``TX.``, ``TP.``, ``Q.``, ``H.``, with or without a
    space after the dot) are abbreviations; "TT-Huế" and "TPHCM" are left to the aliases.
    """
    found = _ABBREVIATION.match(name)
    if found is None:
        return name
    word = _ABBREVIATIONS[found.group("abbr").casefold()]
    return f"{found.group('generic') or ''}{word} {name[found.end() :]}"


def named_levels(name: str) -> frozenset[str]:
    """The levels the type word a name starts with allows: "Huyện Hải Hà" → district, "Xã Đồng Tâm" →
    commune, "Thành phố Huế" → district or province (a centrally-run city), "Tỉnh Quảng Ninh" →
    province; empty without a type word.

    The type word must be written with its diacritics ("Quản Bạ" and "Tịnh Biên" are names, not
    "Quận …" and "Tỉnh …"); a name written without any diacritics names no level. Abbreviations are
    expanded first (:func:`expand_abbreviation`).
    """
    return _written_levels(expand_abbreviation(clean_name(name)))


def _written_levels(text: str) -> frozenset[str]:
    """:func:`named_levels` of a clean name whose abbreviation is expanded."""
    if text.isascii():
        return frozenset()
    words = _WORD.findall(text[:40].casefold())  # the type word is among the first few words
    for generic in _WRITTEN_GENERIC:
        if tuple(words[: len(generic)]) == generic:
            words = words[len(generic) :]
            break
    for words_of_type, levels in _WRITTEN_TYPES:
        if len(words) > len(words_of_type) and tuple(words[: len(words_of_type)]) == words_of_type:
            return levels
    return frozenset()


def _type_allows(unit: Unit, levels: frozenset[str]) -> bool:
    """Whether a unit is of a level its name's type word allows (every level when there is none).
    "Thành phố" names a province only for the centrally-run cities."""
    if not levels:
        return True
    if unit.level == "province" and "district" in levels:
        return unit.name in _CITY_PROVINCES
    return unit.level in levels


def _strip_count(keys: list[str], level: str | None, *, generic: bool = True) -> list[int]:
    """Token counts after each successive prefix removal (``keys`` are match keys of words)."""
    prefixes = (_GENERIC if generic else ()) + _TYPE_WORDS.get(level or "", ())
    cuts: list[int] = []
    pos = 0
    while True:
        for prefix in prefixes:
            end = pos + len(prefix)
            if end < len(keys) and tuple(keys[pos:end]) == prefix:
                if level in ("district", "commune") and keys[end].isdigit():
                    continue
                pos = end
                cuts.append(pos)
                break
        else:
            return cuts


# a unit's type word before its name, as its canonical name writes it
_TYPE_WORD = re.compile(r"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+", re.IGNORECASE)


def strip_unit_prefix(name: str, level: str | None, *, keep_type: bool = False) -> str:
    """Remove the administrative type words in front of a name.

    "UBND huyện Hải Hà" → "Hải Hà"; "Thị xã Quảng Yên" → "Quảng Yên"; "TP. Hạ Long" → "Hạ Long";
    "Tỉnh Quảng Ninh" → "Quảng Ninh"; "Quận 1" stays "Quận 1". Communes keep their type word
    ("UBND xã Đồng Tâm" → "Xã Đồng Tâm", "P. Hà Tu" → "Phường Hà Tu"); departments ("Sở Nội vụ") and
    unknown levels are unchanged apart from NFC, whitespace and footnote markers.

    Args:
        name: the name as written.
        level: ``province``, ``district`` or ``commune``; other values strip nothing.
        keep_type: remove only "UBND"/"Ủy ban nhân dân" and keep the type word at every level
            ("UBND thành phố Huế" → "Thành phố Huế").

    Returns:
        The name without its prefix, NFC, single-spaced.
    """
    text = clean_name(name)
    if level not in ("province", "district", "commune"):
        return text
    text = expand_abbreviation(text)
    words = list(_WORD.finditer(text))
    keys = [match_key(w.group()) for w in words]
    cuts = _strip_count(keys, None if level == "commune" or keep_type else level, generic=True)
    if not cuts:
        return text
    rest = text[words[cuts[-1]].start() :]
    return rest[:1].upper() + rest[1:]


def _key_variants(key: str, level: str | None) -> list[str]:
    """Match keys of ``key`` with successive type words removed, for one level or all."""
    tokens = key.split()
    out: list[str] = []
    for lvl in (level,) if level else ("province", "district", "commune"):
        for cut in _strip_count(tokens, lvl):
            variant = " ".join(tokens[cut:])
            if variant not in out:
                out.append(variant)
    return out


def _short_key(name: str, level: str) -> str:
    """Match key of a canonical name without its type word (index key for partial names)."""
    tokens = match_key(name).split()
    cuts = _strip_count(tokens, level, generic=False)
    return " ".join(tokens[cuts[-1] :]) if cuts else " ".join(tokens)


def _named_level(units: list[Unit], text: str) -> list[Unit]:
    """The units whose level the name's type word allows ("Huyện …", "Xã …", "Thành phố …"), or all.

    "Thành phố" names a province only for the centrally-run cities; "Thành phố Thái Bình" in a list of
    districts is the city, not the province of the same name.
    """
    tokens = match_key(text).split()
    for generic in _GENERIC:
        if tuple(tokens[: len(generic)]) == generic:
            tokens = tokens[len(generic) :]
            break

    def starts(words: tuple[str, ...]) -> bool:
        return len(tokens) > len(words) and tuple(tokens[: len(words)]) == words

    if any(starts(w) for w in _CITY_WORDS):
        kept = [u for u in units if u.level != "province" or u.name in _CITY_PROVINCES]
        return kept or units
    for level, words in _TYPE_WORDS.items():
        if any(starts(w) for w in words):
            return [u for u in units if u.level == level] or units
    return units


def _text(value: object) -> str | None:
    """Cell text, or None when empty/missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = clean_name(str(value))
    return text or None


class UnitRegistry:
    """An immutable set of known units and their alias spellings, indexed by match key.

    Args:
        units: the units.
        aliases: ``(alias, unit name, level)`` triples; an alias refers to every unit of that name
            and level (for example both eras of "Lào Cai").
    """

    def __init__(
        self,
        units: Iterable[Unit],
        aliases: Iterable[tuple[str, str, str]] = (),
        *,
        _base: UnitRegistry | None = None,
    ) -> None:
        self._units: tuple[Unit, ...] = tuple(units)
        self._aliases: tuple[tuple[str, str, str], ...] = tuple(aliases)
        # Private lookup tables (key → unit positions), never modified after construction. A
        # registry extending ``_base`` (same units and aliases first) copies its tables.
        self._by_key: dict[str, tuple[int, ...]] = dict(_base._by_key) if _base else {}
        self._by_short: dict[str, tuple[int, ...]] = dict(_base._by_short) if _base else {}
        self._by_compact: dict[str, tuple[int, ...]] = dict(_base._by_compact) if _base else {}
        self._by_name: dict[tuple[str, str], tuple[int, ...]] = dict(_base._by_name) if _base else {}
        self._province_memo: dict[str, str | None] = {}  # province spelling → name (a pure cache)
        self._resolved: dict[tuple, Unit | None] = {}  # resolve()'s answers to text names (a pure cache)
        self._levels: dict[tuple, frozenset[str]] = {}  # levels()'s answers (a pure cache)
        first_unit = len(_base._units) if _base else 0
        first_alias = len(_base._aliases) if _base else 0
        for i in range(first_unit, len(self._units)):
            unit = self._units[i]
            _add(self._by_name, (unit.name, unit.level), i)
            self._index(unit.name, unit.level, i)
        for alias, name, level in self._aliases[first_alias:]:
            for i in self._by_name.get((name, level), ()):
                self._index(alias, level, i)
        present = {unit.level for unit in self._units}
        self._level_set = tuple(level for level in LEVELS if level in present)  # levels() asks these

    def _index(self, spelling: str, level: str, i: int) -> None:
        short = _short_key(spelling, level)
        _add(self._by_key, match_key(spelling), i)
        _add(self._by_short, short, i)
        _add(self._by_compact, short.replace(" ", ""), i)

    @classmethod
    def default(cls) -> UnitRegistry:
        """The package registry (built once): 63 + 34 provinces with aliases, the legacy districts
        and communes, and the 2025 communes."""
        return _builtin().registry

    def __len__(self) -> int:
        return len(self._units)

    # -- lookup -------------------------------------------------------------------------------

    def _candidates(
        self,
        name: object,
        level: str | None,
        province: str | None,
        district: str | None,
        era: str | None,
    ) -> list[Unit]:
        """Units that ``name`` may mean, after the tie-breaks; more than one means ambiguous."""
        _check_level(level)
        if era is not None and era not in ERAS:
            raise InputError(f"Unknown era {era!r}.", hint=f"Use one of {', '.join(ERAS)}.")
        text = _text(name)
        if text is None:
            return []
        written = match_key(text)
        if not written:
            return []
        expanded = expand_abbreviation(text)
        key = match_key(expanded) if expanded != text else written
        typed = _written_levels(expanded)
        province_name = district_name = None
        if province is not None and level != "province":
            province_name = self._province_name(province)
            if province_name is None:
                return []
        if district is not None and level not in ("province", "district"):
            found = self.resolve(district, level="district", province=province)
            if found is None:
                return []
            district_name = found.name

        def keep(i: int) -> bool:
            unit = self._units[i]
            return (
                (level is None or unit.level == level)
                and (era is None or unit.in_era(era))
                and (province_name is None or unit.level == "province" or unit.province == province_name)
                and (district_name is None or unit.district == district_name)
            )

        # a canonical name or an alias exactly as written ("TT. Huế") wins; otherwise a type word
        # ("Huyện …", "P. …") admits only units of its level: "Huyện Hoành Bồ" is never "Phường Hoành Bồ"
        exact = sorted(i for i in self._by_key.get(written, ()) if keep(i))
        if exact:
            return self._tie_break([self._units[i] for i in exact], text, level, era)
        for ids in self._stages(key, level):
            hits = sorted({i for i in ids if keep(i) and _type_allows(self._units[i], typed)})
            if hits:
                return self._tie_break([self._units[i] for i in hits], expanded, level, era)
        return []

    def _stages(self, key: str, level: str | None) -> Iterator[tuple[int, ...]]:
        """Index hits in order of preference: exact key, then without type words, then compact."""
        yield self._by_key.get(key, ())
        variants = [key, *_key_variants(key, level)]
        for variant in variants:
            yield self._by_key.get(variant, ()) + self._by_short.get(variant, ())
        for variant in variants:
            yield self._by_compact.get(variant.replace(" ", ""), ())

    def _province_name(self, province: str) -> str | None:
        """Canonical name of a province given in any spelling (fast path for exact keys)."""
        if province not in self._province_memo:
            found = self.resolve(province, level="province")
            self._province_memo[province] = found.name if found else None
        return self._province_memo[province]

    @staticmethod
    def _tie_break(units: list[Unit], text: str, level: str | None, era: str | None) -> list[Unit]:
        """Narrow several matches: the higher level when no level is given, then the exact spelling
        ("Xã Văn Lang" vs "Xã Văn Lăng"), then the legacy era when no era is given."""
        if len(units) > 1 and level is None:
            units = _named_level(units, text)
            top = min(_LEVEL_RANK[u.level] for u in units)
            units = [u for u in units if _LEVEL_RANK[u.level] == top]
        if len(units) > 1:
            folded = text.casefold()
            # the spelling as written, diacritics and all: in full ("Xã Văn Lăng"), or, at a level the
            # caller names, without the type word ("Đông Tiến" is Phường Đông Tiến, not Xã Đồng Tiến)
            units = (
                [u for u in units if u.name.casefold() == folded]
                or [u for u in units if level is not None and _TYPE_WORD.sub("", u.name).casefold() == folded]
                or units
            )
        if era is None and len({(u.name, u.level, u.province) for u in units}) == 1:
            legacy = [u for u in units if u.in_era("legacy")]
            units = legacy or units
        return units

    def resolve(
        self,
        name: object,
        *,
        level: str | None = None,
        province: str | None = None,
        district: str | None = None,
        era: str | None = None,
    ) -> Unit | None:
        """The unit a name refers to, or None when it is unknown or ambiguous.

        Args:
            name: the name as written ("TT-Huế", "Tỉnh Quảng Ninh", "UBND huyện Hải Hà").
            level: restrict to one level; without it the higher level wins (a province over a
                district of the same name, a district over a commune).
            province: for districts and communes, the province they lie in (any spelling).
            district: for legacy communes, the district they lie in.
            era: ``"legacy"`` or ``"2025"``; without it the legacy unit is returned when a name
                exists in both eras.

        Returns:
            The unit, or None (never a guess between several units).
        """
        key = (name, level, province, district, era)
        known = (
            isinstance(name, str)
            and isinstance(province, str | None)
            and isinstance(district, str | None)
            and isinstance(level, str | None)
            and isinstance(era, str | None)
        )
        if known and key in self._resolved:
            return self._resolved[key]
        found = self._candidates(name, level, province, district, era)
        unit = found[0] if len(found) == 1 else None
        if known:
            if len(self._resolved) >= _RESOLVED_MAX:
                self._resolved.clear()
            self._resolved[key] = unit
        return unit

    def candidates(
        self,
        name: object,
        *,
        level: str | None = None,
        province: str | None = None,
        district: str | None = None,
        era: str | None = None,
    ) -> list[Unit]:
        """Every unit a name may mean, as :meth:`resolve` weighs them: none, one (the one it returns),
        or several (a name it will not guess between: "Xã Đông Thành" in four provinces)."""
        return self._candidates(name, level, province, district, era)

    def levels(self, name: str, *, era: str | None = None) -> frozenset[str]:
        """The levels of the units a name may mean, whether it names one unit or several at each.

        "Quảng Yên" is a district and a commune; "Đông Mai" names communes only (in several provinces);
        "Huyện Hoành Bồ" names no unit (the district was abolished). A table's level is the one most of
        its names can only be.

        Args:
            name: the name as written.
            era: ``"legacy"`` or ``"2025"``; without it, both.

        Returns:
            The levels, empty when the name matches no unit.
        """
        key = (name, era)
        if key not in self._levels:
            if len(self._levels) >= _RESOLVED_MAX:
                self._levels.clear()
            self._levels[key] = frozenset(
                level for level in self._level_set if self._candidates(name, level, None, None, era)
            )
        return self._levels[key]

    def canonical(
        self,
        name: object,
        *,
        level: str | None = None,
        province: str | None = None,
        district: str | None = None,
        era: str | None = None,
        file: str | Path | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> Unit:
        """Like :meth:`resolve`, but an unknown or ambiguous name raises :class:`InputError`.

        Args:
            name: the name as written.
            level: restrict to one level.
            province: province of a district or commune.
            district: district of a legacy commune.
            era: ``"legacy"`` or ``"2025"``.
            file: file the name was read from (for the error message).
            sheet: sheet the name was read from.
            cell: cell the name was read from.

        Returns:
            The unit.

        Raises:
            InputError: the name matches no unit (the message suggests the closest names) or
                several.
        """
        if province is not None and level != "province":
            province = self.canonical(province, level="province", file=file, sheet=sheet, cell=cell).name
        found = self._candidates(name, level, province, district, era)
        if len(found) == 1:
            return found[0]
        what = level or "unit"
        where = f" in {province}" if province and level != "province" else ""
        if found:
            listed = ", ".join(_describe(u) for u in found[:6])
            more = f" and {len(found) - 6} more" if len(found) > 6 else ""
            raise InputError(
                f"The {what} name {name!r} is ambiguous{where}: it matches {listed}{more}.",
                file=file,
                sheet=sheet,
                cell=cell,
                hint="Give the province (and for a commune the district) to choose one.",
            )
        close = self.suggest(name, level=level, province=province) if _text(name) else []
        did_you_mean = f" Did you mean: {', '.join(close)}?" if close else ""
        raise InputError(
            f"{name!r} is not a known {what} name{where}.{did_you_mean}",
            file=file,
            sheet=sheet,
            cell=cell,
            hint="Correct the spelling, or add it to the source folder's units.csv (column 'aliases').",
        )

    def suggest(
        self, name: object, *, level: str | None = None, province: str | None = None, n: int = 3
    ) -> list[str]:
        """The ``n`` known canonical names closest to ``name`` (difflib on match keys).

        Args:
            name: the name as written.
            level: only names of this level; without it, all except communes.
            province: only units in this province (districts and communes).
            n: how many names at most.

        Returns:
            Canonical names, closest first.
        """
        _check_level(level)
        text = _text(name)
        if text is None:
            return []
        key = match_key(text)
        target = min([key, *_key_variants(key, level)], key=len)
        prov = self.resolve(province, level="province") if province else None
        pool: dict[str, str] = {}
        for key, ids in self._by_short.items():
            for i in ids:
                unit = self._units[i]
                if (level is None and unit.level == "commune") or (level and unit.level != level):
                    continue
                if prov is not None and unit.level != "province" and unit.province != prov.name:
                    continue
                pool.setdefault(key, unit.name)
        keys = difflib.get_close_matches(target, list(pool), n=max(n * 4, 12), cutoff=0.5)
        names: list[str] = []
        for key in keys:
            if pool[key] not in names:
                names.append(pool[key])
        return names[:n]

    # -- contents -----------------------------------------------------------------------------

    def units(self, level: str | None = None, *, era: str | None = None) -> list[Unit]:
        """All units, optionally of one level and era, in registry order."""
        _check_level(level)
        return [
            u for u in self._units if (level is None or u.level == level) and (era is None or u.in_era(era))
        ]

    def table(self) -> pd.DataFrame:
        """One row per unit: the columns of units.csv plus ``district`` and ``aliases`` ('|')."""
        aliases: dict[tuple[str, str], list[str]] = {}
        for alias, name, level in self._aliases:
            aliases.setdefault((name, level), []).append(alias)
        rows = [
            {
                "unit": u.name,
                "unit_code": u.code,
                "level": u.level,
                "region": u.region,
                "province": u.province,
                "district": u.district,
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
                "name_en": u.name_en,
                "aliases": "|".join(aliases.get((u.name, u.level), [])) or None,
            }
            for u in self._units
        ]
        return pd.DataFrame(rows, columns=[*_UNIT_COLUMNS, "aliases"], dtype="str")

    def with_units(self, frame: pd.DataFrame) -> UnitRegistry:
        """A new registry with the units and aliases of ``frame`` added.

        ``frame`` has the columns ``unit`` and ``level`` and optionally ``unit_code``, ``region``,
        ``province``, ``district``, ``name_en``, ``aliases`` ('|'-separated) and ``alias`` (one
        spelling per row). A row naming a unit already known at that level (in that province) only
        adds its aliases.

        Args:
            frame: the units, e.g. a source folder's units.csv read with ``dtype=str``.

        Returns:
            The extended registry (``self`` is unchanged).

        Raises:
            InputError: a required column is missing, a level is unknown or a name is empty.
        """
        missing = [c for c in ("unit", "level") if c not in frame.columns]
        if missing:
            raise InputError(
                f"The units table has no column {', '.join(missing)}.",
                hint="A units.csv needs the columns unit and level (and optionally unit_code, "
                "region, province, aliases).",
            )
        units = list(self._units)
        aliases = list(self._aliases)
        known = {(u.name, u.level, u.province) for u in units}
        for number, row in enumerate(frame.to_dict("records"), start=2):
            name, level = _text(row.get("unit")), _text(row.get("level"))
            cell = f"row {number}"
            if name is None:
                raise InputError("The unit name is empty.", cell=cell, hint="Fill in the name.")
            if level not in LEVELS:
                raise InputError(
                    f"Unknown level {level!r} for {name!r}.",
                    cell=cell,
                    hint=f"Use one of: {', '.join(LEVELS)}.",
                )
            province = _text(row.get("province"))
            if province is not None and level != "province":
                found = self.resolve(province, level="province")
                province = found.name if found else province
            existing = self._by_name.get((name, level), ())
            if not existing and (name, level, province) not in known:
                region = _text(row.get("region")) or (
                    region_of(province, registry=self) if province else None
                )
                units.append(
                    Unit(
                        name=name,
                        code=_text(row.get("unit_code")),
                        level=level,
                        region=region,
                        province=province if level != "province" else None,
                        name_en=_text(row.get("name_en")),
                        district=_text(row.get("district")),
                    )
                )
                known.add((name, level, province))
            spellings = [
                *(_text(row.get("aliases")) or "").split("|"),
                _text(row.get("alias")) or "",
            ]
            aliases.extend((s.strip(), name, level) for s in spellings if s.strip())
        return UnitRegistry(units, aliases, _base=self)


def _add(table: dict, key: object, i: int) -> None:
    """Append position ``i`` to ``table[key]`` (a sorted tuple), once."""
    ids = table.get(key, ())
    if i not in ids:
        table[key] = tuple(sorted((*ids, i)))


def _describe(unit: Unit) -> str:
    """ "Phường 4 (Tân An, Long An, until 2025-06-30)" — a unit told apart from its namesakes."""
    parts = [p for p in (unit.district, unit.province) if p]
    if unit.valid_from:
        parts.append(f"from {unit.valid_from}")
    elif unit.valid_to:
        parts.append(f"until {unit.valid_to}")
    return f"{unit.name} ({', '.join(parts)})" if parts else unit.name


def _check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise InputError(f"Unknown level {level!r}.", hint=f"Use one of: {', '.join(LEVELS)}.")


# -- package data -------------------------------------------------------------------------------


class _Builtin(NamedTuple):
    """The default registry plus vietnamadminunits keys → units (used by the crosswalk)."""

    registry: UnitRegistry
    legacy_keys: Mapping[str, Unit]  # "tinhquangninh_huyenhaiha_xaquangthanh" → commune
    new_keys: Mapping[str, Unit]  # "tinhquangninh_phuongmongcai1" → 2025 commune
    legacy_province_keys: Mapping[str, Unit]  # "tinhyenbai" → legacy province
    new_province_keys: Mapping[str, Unit]  # "tinhlaocai" → 2025 province


def _read_csv(name: str) -> pd.DataFrame:
    with open(Path(__file__).parent / "data" / name, encoding="utf-8", newline="") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def vau_data_dir() -> Path:
    """The data folder of ``vietnamadminunits``, found without importing it (its import is slow)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise InputError(
            "The package vietnamadminunits is not installed.",
            hint="Install the project's dependencies (pip install -e .).",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _vau_query(sql: str) -> list[sqlite3.Row]:
    uri = (vau_data_dir() / "dataset.db").as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


_TYPE_CASE = {
    "Thị Trấn": "Thị trấn",
    "Thị Xã": "Thị xã",
    "Thành Phố": "Thành phố",
    "Đặc Khu": "Đặc khu",
}


def _fix_type_case(name: str) -> str:
    """'Thị Xã Buôn Hồ' → 'Thị xã Buôn Hồ' (the type word is written in sentence case)."""
    for wrong, right in _TYPE_CASE.items():
        if name.startswith(wrong + " "):
            return right + name[len(wrong) :]
    return name


@functools.cache
def _builtin() -> _Builtin:
    units_csv = _read_csv("units.csv")
    provinces = [
        Unit(
            name=clean_name(r["unit"]),
            code=r["unit_code"] or None,
            level=r["level"],
            region=r["region"] or None,
            province=r["province"] or None,
            name_en=r["name_en"] or None,
            valid_from=r["valid_from"] or None,
            valid_to=r["valid_to"] or None,
        )
        for r in units_csv.to_dict("records")
    ]
    aliases = [
        (clean_name(r["alias"]), clean_name(r["unit"]), r["level"])
        for r in _read_csv("unit_aliases.csv").to_dict("records")
    ]
    base = UnitRegistry(provinces, aliases)
    province_keys: dict[str, dict[str, Unit]] = {"legacy": {}, "2025": {}}

    def province_of(key: str, short: str, era: str) -> Unit:
        if key not in province_keys[era]:
            province_keys[era][key] = base.canonical(short, level="province", era=era)
        return province_keys[era][key]

    legacy = _vau_query(
        "SELECT provinceKey, provinceShort, districtShort, districtType, districtCode, "
        "districtKey, ward, wardCode, wardKey FROM admin_units_legacy ORDER BY wardCode"
    )
    short_count: dict[tuple[str, str], set[str]] = {}
    for r in legacy:
        short = _PAREN_TYPE.sub("", clean_name(r["districtShort"]))
        short_count.setdefault((r["provinceKey"], short), set()).add(r["districtCode"])
    districts: dict[str, Unit] = {}
    legacy_keys: dict[str, Unit] = {}
    admin: list[Unit] = []
    for r in legacy:
        prov = province_of(r["provinceKey"], r["provinceShort"], "legacy")
        dkey = f"{r['provinceKey']}_{r['districtKey']}"
        if dkey not in districts:
            short = _PAREN_TYPE.sub("", clean_name(r["districtShort"]))
            dup = len(short_count[(r["provinceKey"], short)]) > 1
            districts[dkey] = Unit(
                name=f"{clean_name(r['districtType'])} {short}" if dup else short,
                code=r["districtCode"],
                level="district",
                region=prov.region,
                province=prov.name,
                valid_to=LEGACY_END,
            )
            admin.append(districts[dkey])
        if r["ward"] is None:  # island districts without communes (Bạch Long Vĩ, Cồn Cỏ, …)
            legacy_keys[f"{dkey}_"] = districts[dkey]
            continue
        commune = Unit(
            name=_fix_type_case(clean_name(r["ward"])),
            code=r["wardCode"],
            level="commune",
            region=prov.region,
            province=prov.name,
            district=districts[dkey].name,
            valid_to=LEGACY_END,
        )
        legacy_keys[f"{dkey}_{r['wardKey']}"] = commune
        admin.append(commune)
    new_keys: dict[str, Unit] = {}
    for r in _vau_query(
        "SELECT provinceKey, provinceShort, ward, wardCode, wardKey FROM admin_units ORDER BY wardCode"
    ):
        prov = province_of(r["provinceKey"], r["provinceShort"], "2025")
        commune = Unit(
            name=_fix_type_case(clean_name(r["ward"])),
            code=r["wardCode"],
            level="commune",
            region=prov.region,
            province=prov.name,
            valid_from=REFORM_DATE,
        )
        new_keys[f"{r['provinceKey']}_{r['wardKey']}"] = commune
        admin.append(commune)
    return _Builtin(
        registry=UnitRegistry([*provinces, *admin], aliases),
        legacy_keys=MappingProxyType(legacy_keys),
        new_keys=MappingProxyType(new_keys),
        legacy_province_keys=MappingProxyType(province_keys["legacy"]),
        new_province_keys=MappingProxyType(province_keys["2025"]),
    )


# -- module-level shortcuts on the default registry ---------------------------------------------


def resolve_unit(
    name: object,
    *,
    level: str | None = None,
    province: str | None = None,
    district: str | None = None,
    era: str | None = None,
) -> Unit | None:
    """:meth:`UnitRegistry.resolve` on the default registry."""
    return UnitRegistry.default().resolve(name, level=level, province=province, district=district, era=era)


def canonical_unit(
    name: object,
    *,
    level: str | None = None,
    province: str | None = None,
    district: str | None = None,
    era: str | None = None,
    file: str | Path | None = None,
    sheet: str | None = None,
    cell: str | None = None,
) -> Unit:
    """:meth:`UnitRegistry.canonical` on the default registry."""
    return UnitRegistry.default().canonical(
        name,
        level=level,
        province=province,
        district=district,
        era=era,
        file=file,
        sheet=sheet,
        cell=cell,
    )


def region_of(
    unit: str | Unit | None, *, era: str | None = None, registry: UnitRegistry | None = None
) -> str | None:
    """The socio-economic region of a province, or of the province of a district/commune.

    Args:
        unit: a unit or a province name in any known spelling.
        era: ``"legacy"`` or ``"2025"`` (a name existing in both defaults to legacy).
        registry: registry to look names up in (default: the package registry).

    Returns:
        The region name, or None when the unit is unknown or has no region.
    """
    if unit is None:
        return None
    if isinstance(unit, Unit):
        return unit.region
    found = (registry or UnitRegistry.default()).resolve(unit, era=era)
    return found.region if found else None
