"""Tables kept as columns become the same tidy frame, alone or several at once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cchc_analysis.errors import InputError
from cchc_analysis.io.assemble import KnownColumns, frame_of, stack_block
from cchc_analysis.schema import COLUMNS, _checked_fast, validate

from .conftest import PAPI_DIR


def _block(units: list[str], codes: list[str | None], components: list[str], year: int, letter0: str = "C"):
    n, k = len(units), len(components)
    scores = np.arange(n * k, dtype=float)
    scores[1::3] = np.nan
    ranks = np.where(np.arange(n * k) % 2 == 0, np.arange(n * k) + 1.0, np.nan)
    return stack_block(
        {
            "component": components,
            "component_name": [f"Tên {c}" for c in components],
            "letter": [chr(ord(letter0) + j) for j in range(k)],
        },
        {
            "unit": units,
            "unit_code": codes,
            "level": ["province"] * n,
            "peer_group": ["Nhóm"] * n,
            "row": [str(5 + i) for i in range(n)],
        },
        {
            "score": scores,
            "max_score": np.repeat([10.0] * (k - 1) + [np.nan], n),
            "rank_published": ranks,
        },
        {
            "index": "PAR",
            "framework": "none",
            "year": year,
            "period": "year",
            "stage": "published",
            "source_file": "a.xlsx",
            "source_sheet": f"S{year}",
        },
        n,
    )


def test_blocks_make_the_tidy_frame_row_by_row():
    block = _block(["Hà Nội", "Huế"], ["01", None], ["1", "total"], 2022)
    frame = block.frame()
    assert list(frame.columns) == COLUMNS and len(frame) == 4
    assert frame["unit"].tolist() == ["Hà Nội", "Huế", "Hà Nội", "Huế"]
    assert frame["component"].tolist() == ["1", "1", "total", "total"]
    assert frame["source_cell"].tolist() == ["C5", "C6", "D5", "D6"]
    assert frame["unit_code"].isna().tolist() == [False, True, False, True]
    assert (
        frame["max_score"].tolist()[:2] == [10.0, 10.0]
        and frame["max_score"].isna().tolist()[2:] == [True] * 2
    )
    assert frame["rank_published"].tolist() == [1, pd.NA, 3, pd.NA]
    assert validate(frame).equals(frame)


def test_several_blocks_are_their_frames_one_after_another():
    blocks = [
        _block(["Hà Nội", "Huế", "Cà Mau"], ["01", None, "96"], ["1", "2", "total"], 2021),
        _block(["Huế"], [None], ["total"], 2022, letter0="Z"),  # one unit, one component
        _block(["Cà Mau", "Hà Nội"], ["96", "01"], ["1.1", "total"], 2023),
    ]
    together = frame_of(blocks)
    one_by_one = pd.concat([b.frame() for b in blocks], ignore_index=True)
    pd.testing.assert_frame_equal(together, one_by_one, check_exact=True)
    assert together["source_sheet"].tolist()[9] == "S2022" and together["source_cell"].tolist()[9] == "Z5"


def test_blocks_alike_are_built_once_and_each_keeps_its_own_codes():
    # a sheet a year with the same units and components (the PAPI panel): a text told by its values and
    # size is built once for all of them; a block whose codes are its own (not tiled, not in runs) keeps
    # them, though its values and size are the same
    units, codes = ["Hà Nội", "Huế", "Cà Mau"], ["01", None, "96"]
    alike = [_block(units, codes, ["1", "2", "total"], year) for year in (2021, 2022, 2023)]
    own = []
    for year, order in ((2024, [2, 0, 1, 1, 2, 0, 0, 1, 2]), (2025, [0, 0, 1, 1, 2, 2, 2, 1, 0])):
        block = _block(units, codes, ["1", "2", "total"], year)
        block.text["unit"] = (np.array(order, dtype=np.int32), units)
        block.tiled = block.tiled - {"unit"}
        own.append(block)
    blocks = [*alike, *own, _block(units[:2], codes[:2], ["1", "2", "total"], 2026)]
    together = frame_of(blocks)
    one_by_one = pd.concat([b.frame() for b in blocks], ignore_index=True)
    pd.testing.assert_frame_equal(together, one_by_one, check_exact=True)
    assert together["unit"].tolist()[27:36] == [units[i] for i in (2, 0, 1, 1, 2, 0, 0, 1, 2)]
    assert together["unit"].tolist()[36:45] == [units[i] for i in (0, 0, 1, 1, 2, 2, 2, 1, 0)]
    cells = together["source_cell"].tolist()
    assert cells[:3] == cells[9:12] == ["C5", "C6", "C7"]
    assert together["unit"].tolist()[-6:] == ["Hà Nội", "Huế"] * 3


def test_tables_of_different_years_cannot_share_a_key():
    from cchc_analysis.io.assemble import separate

    a = _block(["Hà Nội"], ["01"], ["total"], 2021)
    b = _block(["Hà Nội"], ["01"], ["total"], 2022)
    same_year = _block(["Hà Nội"], ["01"], ["total"], 2021, letter0="K")
    assert separate([a, b])
    assert not separate([a, b, same_year])  # same key possible: the reader merges and compares them
    assert not separate([a, b.frame()])


def test_cell_references_of_letters_of_every_length():
    units = [f"Đơn vị {i}" for i in range(12)]
    letters = ["Z", "AA", "AB", "B", "ZZZ", "AAA"]  # runs of one, two and three letters, not in order
    block = _block(units, [None] * 12, [str(i + 1) for i in range(6)], 2022)
    block.text["letter"] = (block.text["letter"][0], letters)
    block.text["row"] = (block.text["row"][0], [str(7 + 99 * i) for i in range(12)])  # 1 to 4 digits
    cells = block.frame()["source_cell"].tolist()
    assert cells == [f"{letter}{7 + 99 * i}" for letter in letters for i in range(12)]


def _same_facts(blocks, frame) -> None:
    """KnownColumns says what hashing the frame says: the same distinct values, and codes that tell
    the same rows apart."""
    known = KnownColumns(blocks)
    for name in ("index", "period", "stage", "unit", "unit_code", "level", "peer_group", "component"):
        assert name in known
        values = known.values(name)
        assert {None if pd.isna(v) else v for v in frame[name].unique()} == set(values.tolist()), name
        assert len(values) == len(set(values.tolist()))
        codes = known.codes(name)
        assert values[codes].tolist() == [None if pd.isna(v) else v for v in frame[name]], name
        expected, _ = pd.factorize(frame[name], use_na_sentinel=False)
        assert pd.crosstab(codes, expected).gt(0).sum(axis=1).eq(1).all()  # one code for one value


def test_known_columns_are_what_the_frame_holds():
    blocks = [
        _block(["Hà Nội", "Huế"], ["01", None], ["1", "total"], 2022),
        _block(["Huế", "Đà Nẵng", "Hà Nội"], [None, "48", "01"], ["2", "total"], 2023, "E"),
    ]
    _same_facts(blocks, frame_of(blocks))


def test_known_columns_leave_out_values_no_row_holds():
    block = _block(["Hà Nội", "Huế"], ["01", None], ["1", "total"], 2022)
    codes, values = block.text["component"]
    block.text["component"] = (np.zeros_like(codes), [*values, "7.2.2"])  # every row names "1"
    frame = block.frame()
    assert KnownColumns([block]).values("component").tolist() == ["1"]
    assert frame["component"].unique().tolist() == ["1"]


def test_validation_with_known_columns_gives_the_same_verdict():
    blocks = [
        _block(["Hà Nội", "Huế"], ["01", None], ["1", "total"], 2022),
        _block(["Huế", "Hà Nội"], [None, "01"], ["1", "total"], 2023),
    ]
    frame = frame_of(blocks)
    pd.testing.assert_frame_equal(validate(frame, known=KnownColumns(blocks)), validate(frame))
    assert _checked_fast(frame, KnownColumns(blocks)) is not None
    same_year = [blocks[0], _block(["Huế"], [None], ["total"], 2022)]  # Huế's 2022 total twice
    assert _checked_fast(frame_of(same_year), KnownColumns(same_year)) is None  # the codes see it
    with pytest.raises(InputError, match=r"uniqueness.*'Huế'"):
        validate(frame_of(same_year), known=KnownColumns(same_year))
    bad = [_block(["Hà Nội"], ["01"], ["1.x"], 2022)]
    with pytest.raises(InputError, match="component"):
        validate(frame_of(bad), known=KnownColumns(bad))


def test_known_columns_of_the_real_papi_panel(tmp_path):
    """Fourteen blocks, one a year, of the real panel: the facts match the frame's."""
    from cchc_analysis.io import reader

    seen = {}
    original = reader._assemble
    reader._assemble = lambda frames: seen.setdefault("frames", frames) and original(frames)
    try:
        df = reader.read_workbook(PAPI_DIR / "csv" / "2018.csv", layout=PAPI_DIR / "layout.toml")
    finally:
        reader._assemble = original
    assert len(df) > 1000
    _same_facts(seen["frames"], frame_of(seen["frames"]))
