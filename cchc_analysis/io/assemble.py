"""Tidy rows of units-as-rows tables, kept as columns until the whole workbook is read.

A table of ``n`` units and ``k`` components gives ``n × k`` tidy rows, one block per component with the
units in table order. Each text column is kept as integer codes into a short list of values (a unit name
per unit, a code per component, one value for a constant), so a block costs a few numpy arrays, and all
the blocks of a workbook become one DataFrame in one step: one Arrow dictionary decode per text column,
without a DataFrame per table or a concatenation of frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..schema import COLUMNS

#: Columns that are numbers; every other column of :data:`COLUMNS` is text.
NUMBER_COLUMNS = ("year", "score", "max_score", "rank_published")


@dataclass
class Block:
    """The tidy rows of one table as columns: text as (codes, values), numbers as arrays."""

    size: int
    text: dict[str, tuple[np.ndarray, list[str | None]]] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)  # ranks as float, NaN where none
    tiled: frozenset[str] = frozenset()  # text columns whose codes are 0 … m-1 repeated (one per unit)
    runs: frozenset[str] = frozenset()  # text columns whose codes are 0, 0, …, 1, 1, … (one per component)
    table: tuple = ()  # the table it was read from: (sheet, header row, columns); not a column of the frame

    def frame(self) -> pd.DataFrame:
        """This block alone as a tidy DataFrame."""
        return frame_of([self])

    def scope(self) -> tuple[str | None, ...]:
        """The part of the key every row of the block shares: index, year, period and stage."""
        return (
            self.text["index"][1][0],
            str(self.numbers["year"][0]),
            self.text["period"][1][0],
            self.text["stage"][1][0],
        )


def separate(frames: list[Block | pd.DataFrame]) -> bool:
    """Whether no two tables can share a key: blocks whose shared key parts all differ (one per year).

    Within a block the key is unique by construction: each unit once per peer group, each component once.
    """
    scopes = [f.scope() for f in frames if isinstance(f, Block)]
    return len(scopes) == len(frames) and len(set(scopes)) == len(scopes)


def stack_block(
    components: dict[str, list[str]],
    units: dict[str, list[str | None]],
    numbers: dict[str, np.ndarray],
    constants: dict[str, Any],
    n_units: int,
) -> Block:
    """The block of a table: component × unit rows, component-major.

    Args:
        components: per component, in order: ``component``, ``component_name``, and ``letter`` (the
            column letter of each component's cells).
        units: per unit, in table order: ``unit``, ``unit_code``, ``level``, ``peer_group``, and ``row``
            (the sheet row number of each unit, as text).
        numbers: ``score``, ``max_score`` and ``rank_published`` (NaN where none), per-row arrays,
            component-major.
        constants: the text columns with one value for the whole table, and ``year``.
        n_units: how many units (rows of the table).
    """
    k = len(components["component"])
    size = n_units * k
    by_component = np.repeat(np.arange(k, dtype=np.int32), n_units)
    by_unit = np.tile(np.arange(n_units, dtype=np.int32), k)
    zeros = np.zeros(size, dtype=np.int32)
    text: dict[str, tuple[np.ndarray, list[str | None]]] = {}
    for name in ("component", "component_name", "letter"):
        text[name] = (by_component, components[name])
    for name in ("unit", "unit_code", "level", "peer_group", "row"):
        text[name] = (by_unit, units[name])
    for name, value in constants.items():
        if name != "year":
            text[name] = (zeros, [value])
    block_numbers = {
        "year": np.full(size, constants["year"], dtype=np.int64),
        "score": numbers["score"],
        "max_score": np.asarray(numbers["max_score"], dtype=float),
        "rank_published": numbers["rank_published"],
    }
    return Block(size, text, block_numbers, frozenset(units), frozenset(components))


def frame_of(blocks: list[Block]) -> pd.DataFrame:
    """The tidy DataFrame of several blocks, in order (columns of :data:`COLUMNS`)."""
    columns: dict[str, Any] = {}
    alike: dict[tuple, pa.Array] = {}  # each text of blocks alike built once (a sheet a year, same units)
    for name in COLUMNS:
        if name == "source_cell":
            cells = [_alike(alike, b, "letter", "row", build=_cells) for b in blocks]
            columns[name] = pd.Series(cells[0] if len(cells) == 1 else pa.concat_arrays(cells), dtype="str")
        elif name == "rank_published":
            ranks = np.concatenate([b.numbers[name] for b in blocks])
            missing = np.isnan(ranks)
            columns[name] = pd.arrays.IntegerArray(np.nan_to_num(ranks).astype(np.int64), missing)
        elif name in NUMBER_COLUMNS:
            columns[name] = np.concatenate([b.numbers[name] for b in blocks])
        else:
            columns[name] = _text_column(blocks, name, alike)
    return pd.DataFrame(columns)


def _alike(alike: dict[tuple, pa.Array], block: Block, *names: str, build) -> pa.Array:
    """``build(block)``, the text of ``names`` in it, made once for blocks alike: the text of a column whose
    codes are 0 … m-1 tiled, runs of 0, 1, …, or all 0 is told by its values and the block's size alone."""
    key: tuple = (names, block.size)
    for name in names:
        values = block.text[name][1]
        if not (len(values) == 1 or name in block.tiled or name in block.runs):
            return build(block)  # codes of its own: not told by the values
        key += (name, tuple(values), name in block.tiled, name in block.runs)
    if (made := alike.get(key)) is None:
        made = alike[key] = build(block)
    return made


class KnownColumns:
    """What the blocks' codes tell exactly about text columns of :func:`frame_of` (blocks), so that
    :func:`cchc_analysis.schema.validate` need not hash 269,001 strings to learn it: each column's
    distinct values (``None`` for a missing one) and each row's code into them. Only values some row
    holds are counted, so the facts are those of the frame, whatever the blocks were built from."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self._ids: dict[str, tuple[dict[str | None, int], list[np.ndarray]]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.blocks[0].text

    def _remapped(self, name: str) -> tuple[dict[str | None, int], list[np.ndarray]]:
        """The column's distinct values numbered in order of first block, and per block the map
        from the block's codes to those numbers (-1 for a value no row holds)."""
        if name not in self._ids:
            ids: dict[str | None, int] = {}
            maps = []
            for b in self.blocks:
                codes, values = b.text[name]
                if b.size and (len(values) == 1 or name in b.tiled):
                    used = [True] * len(values)  # every value is some row's (one value, or 0 … m-1 tiled)
                else:
                    used = (np.bincount(codes, minlength=len(values)) > 0).tolist()
                maps.append(
                    np.array(
                        [ids.setdefault(v, len(ids)) if u else -1 for v, u in zip(values, used, strict=True)],
                        dtype=np.int64,
                    )
                )
            self._ids[name] = ids, maps
        return self._ids[name]

    def values(self, name: str) -> np.ndarray:
        """The column's distinct values (as ``Series.unique()`` gives them, in some order)."""
        return np.array(list(self._remapped(name)[0]), dtype=object)

    def codes(self, name: str) -> np.ndarray:
        """Each row's number into :meth:`values` (as ``pd.factorize(..., use_na_sentinel=False)``)."""
        _, maps = self._remapped(name)
        parts = [m[b.text[name][0]] for m, b in zip(maps, self.blocks, strict=True)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _text_column(blocks: list[Block], name: str, alike: dict[tuple, pa.Array] | None = None) -> pd.Series:
    """A ``str`` column from the blocks' codes and values, built in Arrow (no per-row Python objects)."""
    first = blocks[0].text[name][1]
    if len(first) == 1 and all(b.text[name][1] == first for b in blocks):  # one value throughout
        total = sum(b.size for b in blocks)
        return pd.Series(_repeated(first[0], total), dtype="str")
    alike = {} if alike is None else alike
    arrays = [_alike(alike, b, name, build=lambda b, name=name: _block_text(b, name)) for b in blocks]
    return pd.Series(arrays[0] if len(arrays) == 1 else pa.concat_arrays(arrays), dtype="str")


def _block_text(block: Block, name: str) -> pa.Array:
    codes, values = block.text[name]
    if len(values) == 1:  # one value for every row (all codes are 0)
        return _repeated(values[0], block.size)
    dictionary = pa.array(values, type=pa.large_string())
    if name in block.tiled:
        return pa.concat_arrays([dictionary] * (block.size // len(values)))
    if name in block.runs and None not in values and block.size % len(values) == 0:
        return _runs(values, block.size // len(values))
    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), dictionary).dictionary_decode()


def _repeated(value: str | None, n: int) -> pa.Array:
    """``value`` ``n`` times, as Arrow buffers written at once (``pa.repeat`` copies it string by string)."""
    if value is None:
        return pa.nulls(n, type=pa.large_string())
    return _runs([value], n)


def _runs(values: list[str], n: int) -> pa.Array:
    """Each of ``values`` ``n`` times in a row: the text of each run is one bytes repetition."""
    encoded = [v.encode() for v in values]
    lengths = np.repeat(np.fromiter(map(len, encoded), np.int64, len(encoded)), n)
    offsets = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = b"".join(e * n for e in encoded)
    return pa.LargeStringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(data))


def _cells(block: Block) -> pa.Array:
    """``source_cell`` of a block: each component's column letter then each unit's row number.

    Built as Arrow buffers in numpy: the row numbers are laid out once with room for a letter before each,
    that layout is copied for every component whose letters have the same length, and the letters are
    written into their places.
    """
    letters, rows = block.text["letter"][1], block.text["row"][1]
    n, k = len(rows), len(letters)
    if "row" not in block.tiled or "letter" in block.tiled or block.size != n * k:
        return pc.binary_join_element_wise(
            _block_text(block, "letter"), _block_text(block, "row"), pa.scalar("", type=pa.large_string())
        )
    row_bytes = [r.encode() for r in rows]
    row_lengths = np.fromiter(map(len, row_bytes), np.int64, n)
    row_data = np.frombuffer(b"".join(row_bytes), np.uint8)
    row_of_byte = np.repeat(np.arange(n), row_lengths)
    encoded = [letter.encode() for letter in letters]
    data: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    first = 0
    while first < k:  # runs of components whose letters have the same length (A … Z, AA … AZ)
        width = len(encoded[first])
        end = first
        while end < k and len(encoded[end]) == width:
            end += 1
        sizes = width + row_lengths
        starts = np.cumsum(sizes) - sizes
        layout = np.empty(int(sizes.sum()), np.uint8)
        layout[np.arange(len(row_data)) + width * (row_of_byte + 1)] = row_data
        run = np.tile(layout, end - first).reshape(end - first, len(layout))
        letter_bytes = np.frombuffer(b"".join(encoded[first:end]), np.uint8).reshape(end - first, width)
        for q in range(width):
            run[:, starts + q] = letter_bytes[:, q : q + 1]
        data.append(run.ravel())
        lengths.append(np.tile(sizes, end - first))
        first = end
    offsets = np.zeros(n * k + 1, np.int64)
    np.cumsum(np.concatenate(lengths), out=offsets[1:])
    return pa.LargeStringArray.from_buffers(n * k, pa.py_buffer(offsets), pa.py_buffer(np.concatenate(data)))
