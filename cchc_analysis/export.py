"""Safe exports to Excel and CSV: Vietnamese headers, number formats, nothing a spreadsheet runs.

Any text cell that Excel, LibreOffice or Google Sheets could read as a formula — it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, also after leading spaces, or with their
full-width forms — is written with a leading apostrophe (OWASP "CSV injection" advice). In a
workbook the cell is also stored as text with Excel's *quote prefix*, so it stays text even when
someone edits it. The apostrophe stays visible and survives any later conversion (xlsx → csv, copy
and paste). Numbers are never touched: ``-2.5`` stays a number.

Files are written atomically: to a temporary file in the target directory, then
:func:`os.replace`. An error part-way leaves no file behind and an existing file untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import numbers
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .errors import InputError
from .io.safety import col_letters

__all__ = ["DEFAULT_HEADERS_VI", "export_csv", "export_xlsx", "neutralise", "sanitise_sheet_name"]

#: Vietnamese column headers for the tidy table and the analysis results.
DEFAULT_HEADERS_VI: dict[str, str] = {
    # tidy table
    "index": "Chỉ số",
    "framework": "Bộ tiêu chí",
    "year": "Năm",
    "period": "Kỳ đánh giá",
    "stage": "Loại số liệu",
    "unit": "Đơn vị",
    "unit_code": "Mã đơn vị",
    "level": "Cấp",
    "peer_group": "Khối/nhóm xếp hạng",
    "component": "Mã tiêu chí",
    "component_name": "Lĩnh vực/tiêu chí",
    "score": "Điểm",
    "max_score": "Điểm tối đa",
    "rank_published": "Xếp hạng công bố",
    "source_file": "Tệp nguồn",
    "source_sheet": "Trang tính nguồn",
    "source_cell": "Ô nguồn",
    # compare / rank
    "base_year": "Năm so sánh",
    "score_base": "Điểm năm so sánh",
    "delta": "Tăng/giảm (điểm)",
    "pct": "Tỷ lệ (%)",
    "pct_base": "Tỷ lệ năm so sánh (%)",
    "delta_pct": "Tăng/giảm (điểm %)",
    "rank": "Xếp hạng",
    "rank_of": "Số đơn vị xếp hạng",
    "rank_base": "Xếp hạng năm so sánh",
    "rank_of_base": "Số đơn vị xếp hạng năm so sánh",
    "rank_change": "Thay đổi thứ hạng (bậc)",
    "comparable": "So sánh được",
    "reconstructed": "Số liệu quy đổi",
    "framework_base": "Bộ tiêu chí năm so sánh",
    "peer_group_base": "Khối/nhóm xếp hạng năm so sánh",
    # drilldown / gap / progress / profile
    "parent": "Mã cấp trên",
    "depth": "Cấp tiêu chí",
    "kind": "Loại điểm",
    "points_lost": "Điểm bị mất",
    "survey_open": "Điểm điều tra XHH chưa chấm",
    "peer_best": "Điểm cao nhất khối",
    "peer_mean": "Điểm trung bình khối",
    "peer_median": "Điểm trung vị khối",
    "peer_worst": "Điểm thấp nhất khối",
    "headroom": "Dư địa (điểm)",
    "self_score": "Điểm tự đánh giá",
    "appraised_score": "Điểm thẩm định",
    "estimate": "Điểm dự kiến cả năm",
    "reached": "Điểm đã đạt",
    "reached_stage": "Nguồn điểm đã đạt",
    "max_assessable": "Điểm tối đa đến thời điểm đánh giá",
    "pct_reached": "Tỷ lệ đạt (%)",
    "target_rank": "Hạng mục tiêu",
    "target_unit": "Đơn vị giữ hạng mục tiêu",
    "target_score": "Điểm của đơn vị giữ hạng mục tiêu",
    "points_needed": "Điểm cần thêm",
    "feasible": "Khả thi",
    "band": "Nhóm xếp loại",
    "region": "Vùng",
}

#: Columns whose values are codes, always written as text (``"1.10"`` must not become 1.1).
TEXT_COLUMNS = frozenset({"component", "parent", "unit_code", "code", "source_cell"})
#: Columns written as whole numbers.
INTEGER_COLUMNS = frozenset(
    {"year", "base_year", "rank", "rank_of", "rank_base", "rank_of_base", "rank_change"}
    | {"rank_published", "depth", "target_rank"}
)
SCORE_FORMAT = "0.00"
INTEGER_FORMAT = "0"
TEXT_FORMAT = "@"

# Characters that make a spreadsheet treat a cell as a formula or a DDE/command call.
_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_EXCEL_MAX_ROWS = 1_048_576
_EXCEL_MAX_COLS = 16_384
_EXCEL_MAX_TEXT = 32_767
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
# the control characters an xlsx cell cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE; a test keeps the
# two the same): openpyxl itself is imported only when a workbook is written
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise(value: object) -> object:
    """Make text that a spreadsheet could run as a formula inert; leave everything else as is.

    Text whose first character — or first after leading spaces — is ``=``, ``+``, ``-``, ``@``, a
    tab, CR or LF (or the full-width ``＝＋－＠``) gets a leading apostrophe.

    Args:
        value: any cell value.

    Returns:
        ``"'=HYPERLINK(…)"`` for such text; the value unchanged otherwise (numbers included, so
        ``-2.5`` stays ``-2.5``).

    Examples:
        >>> neutralise("=1+1")
        "'=1+1"
        >>> neutralise(-2.5)
        -2.5
        >>> neutralise("Hải Hà")
        'Hải Hà'
    """
    if not isinstance(value, str) or not value:
        return value
    if value[0] in _TRIGGERS:
        return "'" + value
    stripped = value.lstrip(" \u00a0\u3000\v\f")
    if stripped and stripped[0] in _TRIGGERS:
        return "'" + value
    return value


def sanitise_sheet_name(name: object, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name.

    Excel allows at most 31 characters, none of ``[]:*?/\\``, no apostrophe at either end, and
    treats names case-insensitively; ``History`` is reserved.

    Args:
        name: the wanted name.
        taken: names already used (compared case-insensitively); the result is added to it.

    Returns:
        The name to use, e.g. ``"So sánh 2023_2022"`` for ``"So sánh 2023/2022"``.
    """
    text = unicodedata.normalize("NFC", str(name))
    text = _ILLEGAL.sub("", text)
    text = _SHEET_BAD.sub("_", text).strip().strip("'").strip()
    if not text:
        text = "Bảng"
    if text.casefold() == "history":
        text += "_"
    text = text[:31].rstrip("'")
    used = {t.casefold() for t in (taken or set())}
    candidate, i = text, 2
    while candidate.casefold() in used:
        suffix = f" ({i})"
        candidate = text[: 31 - len(suffix)].rstrip("'") + suffix
        i += 1
    if taken is not None:
        taken.add(candidate)
    return candidate


@contextlib.contextmanager
def _atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it over ``path`` only if the block succeeds."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name to write to.")
    if not target.parent.is_dir():
        raise InputError(
            f"The folder {target.parent} does not exist.",
            hint="Create it first, or choose another place to write the file.",
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _frame(df: object, what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{what} is a {type(df).__name__}, not a table (pandas DataFrame).")
    named_index = df.index.name is not None or isinstance(df.index, pd.MultiIndex)
    return df.reset_index() if named_index else df


def _is_missing(v: object) -> bool:
    """None, NaN, pd.NA, NaT — but never a list or other container (those are written as text)."""
    if v is None:
        return True
    if not pd.api.types.is_scalar(v):
        return False
    return bool(pd.isna(v))


def _cell_value(v: object, *, as_text: bool, where: tuple[str, int, int] | None = None) -> object:
    """A plain Python value for a cell, neutralised where it is text.

    Args:
        v: the value from the table.
        as_text: write it as text whatever it is (code columns).
        where: (sheet, row, column) for error messages.
    """
    if _is_missing(v):
        return None
    if as_text:
        if isinstance(v, numbers.Integral) and not isinstance(v, bool):
            v = str(int(v))
        v = str(v)
    if isinstance(v, bool):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real | Decimal):
        f = float(v)
        if math.isinf(f):
            sheet, row, col = where or (None, 0, 0)
            raise InputError(
                "An infinite number cannot be stored in a spreadsheet.",
                sheet=sheet,
                cell=f"{col_letters(col - 1)}{row}" if row else None,
                hint="Check the division that produced it (a maximum of 0?).",
            )
        return f
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, dt.date | dt.datetime | dt.time):
        return v
    text = unicodedata.normalize("NFC", str(v))
    text = _ILLEGAL.sub("", text)
    return neutralise(text)


def _header_text(column: object, headers: Mapping[str, str]) -> str:
    key = str(column)
    text = headers.get(key, key)
    text = _ILLEGAL.sub("", unicodedata.normalize("NFC", str(text)))
    return str(neutralise(text))


def _column_format(name: str, series: pd.Series) -> str | None:
    if name in TEXT_COLUMNS:
        return TEXT_FORMAT
    if name in INTEGER_COLUMNS:
        return INTEGER_FORMAT
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INTEGER_FORMAT
    if pd.api.types.is_float_dtype(series):
        return SCORE_FORMAT
    return None


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_sheet(
    ws,
    df: pd.DataFrame,
    headers: Mapping[str, str],
    formats: Mapping[str, str],
) -> None:
    sheet = ws.title
    if len(df) + 1 > _EXCEL_MAX_ROWS or len(df.columns) > _EXCEL_MAX_COLS:
        raise InputError(
            f"The table has {len(df)} rows and {len(df.columns)} columns, more than a sheet holds.",
            sheet=sheet,
            hint="Split it, or export it with export_csv().",
        )
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    header_align = Alignment(wrap_text=True, vertical="top")
    widths: list[int] = []
    col_formats: list[str | None] = []
    for j, column in enumerate(df.columns, start=1):
        name = str(column)
        text = _header_text(column, headers)
        cell = ws.cell(row=1, column=j, value=text)
        cell.data_type = "s"
        cell.font = bold
        cell.alignment = header_align
        if text.startswith("'"):
            cell.quotePrefix = True
        widths.append(_display_width(text))
        col_formats.append(formats.get(name, _column_format(name, df[column])))

    for i, values in enumerate(df.itertuples(index=False, name=None), start=2):
        for j, raw in enumerate(values, start=1):
            fmt_code = col_formats[j - 1]
            value = _cell_value(raw, as_text=fmt_code == TEXT_FORMAT, where=(sheet, i, j))
            if value is None:
                continue
            if isinstance(value, str) and len(value) > _EXCEL_MAX_TEXT:
                raise InputError(
                    f"A text of {len(value)} characters is longer than Excel allows (32.767).",
                    sheet=sheet,
                    cell=f"{col_letters(j - 1)}{i}",
                    hint="Shorten the text or export the table with export_csv().",
                )
            cell = ws.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
                if value.startswith("'"):
                    cell.quotePrefix = True
            if fmt_code is not None:
                cell.number_format = fmt_code
            if i <= 1001:
                widths[j - 1] = max(widths[j - 1], _display_width(value))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[col_letters(j - 1)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"


def export_xlsx(
    tables: Mapping[str, pd.DataFrame],
    path: str | os.PathLike[str],
    *,
    headers_vi: Mapping[str, str] | None = None,
    number_formats: Mapping[str, str] | None = None,
) -> Path:
    """Write each table to its own sheet of one workbook, safely.

    Headers are translated with :data:`DEFAULT_HEADERS_VI`, updated by ``headers_vi``; scores and
    percentages get ``0.00``, ranks and years ``0``, codes are text (``@``); the header row is
    bold and frozen and columns are sized to their content. Text that could run as a formula is
    neutralised (see :func:`neutralise`). A named index is written as columns.

    Args:
        tables: sheet name → table, in the order the sheets should appear. Names are made valid
            and unique (see :func:`sanitise_sheet_name`).
        path: the ``.xlsx`` file to write; replaced atomically if it exists.
        headers_vi: column → header text, added to or overriding the defaults.
        number_formats: column → Excel number format, overriding the defaults (e.g.
            ``{"score": "0.0000"}`` for PAPI).

    Returns:
        The path written.

    Raises:
        InputError: for no tables, a value that is not a table, a path that is not an ``.xlsx``
            file in an existing folder, a table too large for a sheet, or an infinite number.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InputError(
            f"{target.name} does not end in .xlsx; Excel refuses a workbook with another ending.",
            hint="Name the file …xlsx, or use export_csv() for a .csv file.",
        )
    if not isinstance(tables, Mapping) or not tables:
        raise InputError("There is no table to export.", hint="Pass a dict such as {'So sánh': cmp}.")
    headers = {**DEFAULT_HEADERS_VI, **(headers_vi or {})}
    formats = dict(number_formats or {})
    frames = [(name, _frame(df, f"Table '{name}'")) for name, df in tables.items()]

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, df in frames:
        ws = wb.create_sheet(sanitise_sheet_name(name, taken))
        _write_sheet(ws, df, headers, formats)
    with _atomic_path(target) as tmp:
        wb.save(tmp)
    return target


def _csv_value(v: object) -> object:
    """Numbers, booleans and missing values as they are; anything else as neutralised NFC text."""
    if _is_missing(v) or isinstance(v, bool | numbers.Number | Decimal):
        return v
    if isinstance(v, dt.date | dt.datetime | dt.time | pd.Timestamp):
        return v
    return neutralise(unicodedata.normalize("NFC", str(v)))


def export_csv(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    headers_vi: Mapping[str, str] | None = None,
) -> Path:
    """Write one table as CSV that Excel opens with Vietnamese intact, safely.

    UTF-8 with a byte-order mark, comma-separated, decimal point, numbers to 12 significant digits,
    no index column (a named index is written as columns). Text that could run as a formula is
    neutralised (see :func:`neutralise`); numbers are written as numbers.

    Args:
        df: the table.
        path: the file to write; replaced atomically if it exists.
        headers_vi: column → header text; ``None`` keeps the column names (pass
            :data:`DEFAULT_HEADERS_VI` for Vietnamese headers).

    Returns:
        The path written.

    Raises:
        InputError: when ``df`` is not a table or the folder does not exist.
    """
    frame = _frame(df, "The table")
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        out[column] = pd.Series(
            [_csv_value(v) for v in series], index=series.index, dtype=object, name=column
        )
    names = [_header_text(c, headers_vi or {}) for c in out.columns]
    out.columns = names
    with _atomic_path(path) as tmp:
        # 12 significant digits: every published figure, without the float noise of sums
        # (44.295012205999996 is written 44.295012206).
        out.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n", float_format="%.12g")
    return Path(path)
