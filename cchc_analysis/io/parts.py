"""Tables one header heads side by side, each to be read on its own.

Two shapes are published: two rankings printed next to each other, each from its own STT column
("STT | Sở, ban, ngành | Điểm | Xếp hạng | | STT | Huyện, thị xã | Điểm | Xếp hạng"), and the indices of
one list of units under headings that name them ("Tỉnh | PAR INDEX 2023: Chỉ số | Xếp hạng | SIPAS 2023:
Chỉ số | Xếp hạng"). Each part is given as the sheet's rows with the other parts' cells emptied, so every
cell keeps its address in messages and ``source_cell``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .detect import BARE_VALUE, YEAR_ANY, header_kind, index_named
from .safety import col_letters
from .text import match_key, parse_rank

Rows = list[list[object]]


@dataclass
class Part:
    """One table of a header that heads several."""

    rows: Rows  # the sheet's rows, the other parts' cells below the title empty
    columns: str  # its columns as a reader names them: "A–E", or "A–B, F–H"
    peer_group: str | None = None  # the peer group it is (None: its rows' own)
    index: str | None = None  # the index its heading names ("SIPAS 2023" over its columns)
    year: int | None = None  # the year its heading names, if one
    heading: str | None = None  # that heading, as printed
    left_out: tuple[str, ...] = ()  # columns of no part, not read: "column G 'Xếp hạng chung'"


def split_header(rows: Rows, r0: int, r1: int, next_header: int | None) -> list[Part]:
    """The tables the header on rows ``r0``–``r1`` heads: one (the rows as they are) unless its
    columns are tables side by side, or parts headed by the indices they hold."""
    return _index_parts(rows, r0, r1, next_header) or _side_by_side(rows, r0, r1, next_header)


def _index_parts(rows: Rows, r0: int, r1: int, next_header: int | None) -> list[Part] | None:
    """Parts under headings naming two indices or more: "PAR INDEX 2023" merged over "Chỉ số (%) |
    Xếp hạng | Tăng, giảm bậc" beside "SIPAS 2023" over the same, or columns each naming its index
    ("Chỉ số PCI | Xếp hạng PCI | Chỉ số PAPI | Xếp hạng PAPI"). Each part is the columns of its
    index's headings and of columns whose own label names it, with the units' columns, its headings
    emptied (its columns' labels are those below them); None when the header is no such thing.

    A heading runs over the columns its merged text fills, and over the empty cells right of it (a
    heading typed in its first column only), and has labels of its own below it. Headings of one index
    and year are one part. The header is not split when a score or rank column lies outside every
    part (one "Xếp hạng" for the whole table: whose is it?), and "PAR INDEX 2022 | PAR INDEX 2023" names
    one index: the columns of its years are one table, read as such.
    """
    width = max((len(rows[r]) for r in range(r0, r1 + 1)), default=0)
    grid = [[*rows[r], *[None] * (width - len(rows[r]))] for r in range(r0, r1 + 1)]
    end = next_header if next_header is not None else len(rows)
    for h in range(r1 - r0 + 1):
        row = grid[h]
        headings: list[tuple[int, int, str, str]] = []  # first column, end, heading, index
        owned: dict[int, tuple[str, str]] = {}  # a column whose own label names an index: "Xếp hạng PCI"
        c = 0
        while c < width:
            index = index_named(row[c])
            if index is None:
                c += 1
                continue
            b = c + 1
            while b < width and row[b] in (None, row[c]):
                b += 1
            if {v for line in grid[h + 1 :] for v in line[c:b]} - {None, row[c]}:
                headings.append((c, b, str(row[c]), index))  # labels of its own below it
            else:
                owned.update(dict.fromkeys(range(c, b), (str(row[c]), index)))
            c = b
        named = {index for *_, index in headings} | {index for _, index in owned.values()}
        if len(named) < 2:
            continue
        owned.update(_trailing(row, owned, named))
        covered = {c for a, b, *_ in headings for c in range(a, b)} | set(owned)
        shared = [c for c in range(width) if c not in covered]
        # each index and year: its heading, its headings' columns (emptied in the heading row), its own
        under: dict[tuple[str, int | None], tuple[str, list[int], list[int]]] = {}
        for a, b, heading, index in headings:
            under.setdefault((index, _year(heading)), (heading, [], []))[1].extend(range(a, b))
        for c, (label, index) in owned.items():
            # "PAR INDEX 2022 | Xếp hạng | PAR INDEX 2023 | Xếp hạng": a year's own columns; a label of no
            # year ("Xếp hạng PAR INDEX") goes with its index's heading
            keys = [key for key in under if key[0] == index]
            if _year(label) is not None:
                key = (index, _year(label))
            elif len(keys) > 1:
                return None  # "Xếp hạng PAR INDEX" beside "PAR INDEX 2022" and "PAR INDEX 2023": whose?
            else:
                key = keys[0] if keys else (index, None)
            under.setdefault(key, (label, [], []))[2].append(c)
        # a score or rank column outside every part ("Xếp hạng chung") is left out when every part has
        # one of its kind ("Điểm | Xếp hạng" under each heading); else the header is not split: one
        # "Xếp hạng" for the whole table may be the rank of an index with none of its own
        kinds = {
            key: {header_kind(line[c]) for c in emptied for line in grid[h + 1 :]}
            | {header_kind(grid[h][c]) or "total" for c in own}  # "Chỉ số hài lòng": its value
            for key, (_, emptied, own) in under.items()
        }
        kinds = {key: {_ONE_KIND.get(k, k) for k in found} for key, found in kinds.items()}
        left_out = []
        for c in shared:
            scores = {_ONE_KIND.get(k, k) for line in grid[h:] if (k := header_kind(line[c])) in _SCORE_KINDS}
            if not scores:
                continue
            if not all(scores <= k for k in kinds.values()):
                return None
            label = next(str(line[c]) for line in grid[h:] if header_kind(line[c]) in _SCORE_KINDS)
            left_out.append((c, f"column {col_letters(c)} '{label}'"))
        shared = [c for c in shared if c not in dict(left_out)]
        parts = []
        for (index, year), (heading, emptied, own) in under.items():
            others = covered - {*emptied, *own} | dict(left_out).keys()
            body = [
                [
                    None
                    if c in others or (rr == r0 + h and c in emptied)
                    # "PAR INDEX 2023" over "Chỉ số | Xếp hạng": the value is the heading's index
                    else heading
                    if c in emptied and r0 + h < rr <= r1 and match_key(str(v)) in BARE_VALUE
                    else v
                    for c, v in enumerate(rows[rr])
                ]
                for rr in range(r0, end)
            ]
            parts.append(
                Part(
                    rows=[*rows[:r0], *body, *rows[end:]],
                    columns=_column_list([*shared, *emptied, *own]),
                    index=index,
                    year=year,
                    heading=heading,
                    left_out=tuple(text for _, text in left_out),
                )
            )
        return parts
    return None


def _trailing(
    row: list[object], owned: dict[int, tuple[str, str]], named: set[str]
) -> dict[int, tuple[str, str]]:
    """The rank and change columns that follow a column naming its index, as a one-row header prints
    them ("PCI 2023 | Xếp hạng | PAPI 2023 | Tăng, giảm bậc", "Chỉ số CCHC | Xếp hạng | Chỉ số hài
    lòng"): each is that column's index's when every index column is followed by one, or when another
    index column comes after it; not otherwise ("Chỉ số PCI | Chỉ số PAPI | Xếp hạng": whose?)."""
    runs: dict[tuple[str, str], list[int]] = {owner: [] for owner in dict.fromkeys(owned.values())}
    between: set[tuple[str, str]] = set()  # index columns whose runs another index column follows
    owner, kinds = None, []
    for c, value in enumerate(row):
        if c in owned:
            if owner is not None and owned[c] != owner and runs[owner]:
                between.add(owner)
            owner, kinds = owned[c], []
            continue
        kind = header_kind(value)
        if owner is not None and kind in ("rank", "change") and kind not in kinds:
            runs[owner].append(c)
            kinds.append(kind)
        else:
            owner = None
    every = all(runs.values()) and {index for _, index in runs} == named
    return {c: owner for owner, cols in runs.items() if every or owner in between for c in cols}


#: Header kinds of columns holding a unit's numbers (not STT, unit, bloc or note columns).
_SCORE_KINDS = frozenset({"total", "rank", "pct", "max", "change"})
#: Kinds alike for a column left out: "Tổng điểm" of both beside "Chỉ số CCHC" (a percentage) of each.
_ONE_KIND = {"pct": "total"}


def _year(heading: str) -> int | None:
    """The one year a heading names ("SIPAS 2023"), if one."""
    years = {int(y) for y in YEAR_ANY.findall(heading)}
    return years.pop() if len(years) == 1 else None


def _side_by_side(rows: Rows, r0: int, r1: int, next_header: int | None) -> list[Part]:
    """Tables printed side by side, each starting at its own STT column, naming its units and having
    a score or rank; each is the peer group its unit header names.

    Parts headed alike are one ranking run on in parts, unless a rank is in two of them (each ranks
    from 1): then each is a peer group named by its columns. Any other header heads one table, the
    rows as they are.
    """
    width = max((len(rows[r]) for r in range(r0, r1 + 1)), default=0)
    cells = [[rows[r][c] if c < len(rows[r]) else None for r in range(r0, r1 + 1)] for c in range(width)]
    kinds = [set(map(header_kind, column)) for column in cells]
    starts = [c for c in range(width) if "stt" in kinds[c]]
    whole = [Part(rows, columns_text(0, width))]
    if len(starts) < 2:
        return whole
    bounds = list(zip([0, *starts[1:]], [*starts[1:], width], strict=True))
    # each part names its units and has a total or a rank of its own ("STT | Huyện | TT | Xã | Tổng
    # điểm" numbers the communes within each district: one table)
    need = ("unit",), ("total", "rank", "pct")
    if not all(any(k in kinds[c] for c in range(a, b) for k in kind) for a, b in bounds for kind in need):
        return whole
    end = next_header if next_header is not None else len(rows)

    def first(a: int, b: int, kind: str) -> int | None:  # the part's first column of that kind
        return next((c for c in range(a, b) if kind in kinds[c]), None)

    names = [next(v for v in cells[first(a, b, "unit")] if header_kind(v) == "unit") for a, b in bounds]
    if len(set(names)) < len(names):
        ranks = []
        for a, b in bounds:
            col = first(a, b, "rank")
            found = (_rank(row[col]) for row in rows[r1 + 1 : end] if col is not None and col < len(row))
            ranks.append({r for r in found if r is not None})
        if ranks_meet(ranks):
            names = [f"{n} (cột {columns_text(a, b)})" for n, (a, b) in zip(names, bounds, strict=True)]
        else:
            names = [None] * len(bounds)

    def spans(row: list[object]) -> bool:  # a title row with text over two parts or more
        return sum(any(v is not None for v in row[a:b]) for a, b in bounds) > 1

    out = []
    for (a, b), name in zip(bounds, names, strict=True):
        # the rows below the title, and title rows over several parts ("KHỐI SỞ" over one, "KHỐI
        # HUYỆN" over the other, or a title merged across both), keep only this part's cells
        title = [
            [v if a <= c < b else None for c, v in enumerate(row)] if spans(row) else row for row in rows[:r0]
        ]
        below = [[v if a <= c < b else None for c, v in enumerate(row)] for row in rows[r0:end]]
        out.append(Part([*title, *below, *rows[end:]], columns_text(a, b), peer_group=name))
    return out


def columns_text(a: int, b: int) -> str:
    """Columns ``a`` … ``b - 1`` as a reader names them: "F–I"."""
    return f"{col_letters(a)}–{col_letters(b - 1)}"


def _column_list(columns: list[int]) -> str:
    """Columns as a reader names them, runs joined: "A–B, F–H" (a lone column "E")."""
    runs: list[list[int]] = []
    for c in sorted(columns):
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ", ".join(col_letters(a) if a == b else columns_text(a, b + 1) for a, b in runs)


def _rank(value: object) -> int | None:
    """A cell's rank ("02/12" is 2), None when it holds none or no rank."""
    try:
        return parse_rank(value)[0]
    except ValueError:
        return None


def ranks_meet(parts: list[set[int]]) -> bool:
    """Whether a rank appears in two of the parts (each part's ranks, a set)."""
    seen: set[int] = set()
    for ranks in parts:
        if seen & ranks:
            return True
        seen |= ranks
    return False
