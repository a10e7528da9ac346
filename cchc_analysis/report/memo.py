"""Memoised data functions for a kernel that renders many reports one after another.

Every unit's report loads the same table and aggregates, compares and averages the same peer group;
only the unit differs. In a long-lived report kernel, :func:`install` wraps those package-level
functions (``cchc.load``, ``cchc.aggregate``…) so the second unit reuses the first unit's results.

The cache is keyed on the *content* of the DataFrame arguments (a hash of every value, the index, the
column names and dtypes) and on the other arguments, and on the file's size and modification time
for :func:`~cchc_analysis.ingest.load`; a hit returns a new frame (a copy-on-write copy, with its own
``attrs``), so a notebook that changes it cannot change the cache. Warnings the function gave are
given again on every hit, so a notebook that shows them shows the same thing. Anything that is not
a DataFrame argument or result passes straight through, uncached.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections import OrderedDict
from pathlib import Path

import pandas as pd

__all__ = ["CACHED", "cache_info", "clear", "install", "uninstall"]

#: Package-level functions memoised in a report kernel: pure functions of their arguments.
CACHED = ("load", "aggregate", "compare", "group_means", "rank", "add_bands", "papi_quartiles")

_MAXSIZE = 48
_ORIGINALS: dict[str, object] = {}
_CACHE: OrderedDict[tuple, tuple[object, list]] = OrderedDict()
_STATS = {"hits": 0, "misses": 0}


class _Uncacheable(Exception):
    pass


def _frame_key(df: pd.DataFrame | pd.Series) -> tuple:
    values = pd.util.hash_pandas_object(df, index=True)
    columns = tuple(map(str, df.columns)) if isinstance(df, pd.DataFrame) else (str(df.name),)
    dtypes = tuple(map(str, df.dtypes)) if isinstance(df, pd.DataFrame) else (str(df.dtype),)
    return (type(df).__name__, df.shape, columns, dtypes, int(values.sum()), int((values * 31).sum()))


def _key_part(value: object) -> object:
    if isinstance(value, pd.DataFrame | pd.Series):
        return _frame_key(value)
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_key_part(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _key_part(v)) for k, v in value.items())))
    try:
        hash(value)
    except TypeError:
        raise _Uncacheable from None
    return (type(value).__name__, value)


def _load_key(args: tuple, kwargs: dict) -> tuple:
    from ..ingest import SCORES_FILE, find_processed

    path = kwargs.get("path", args[0] if args else None)
    path = find_processed() if path is None else Path(path)
    file = (path / SCORES_FILE if path.is_dir() else path).resolve()
    stat = file.stat()
    return ("load", str(file), stat.st_mtime_ns, stat.st_size, os.getcwd())


def _copy(result: object) -> object:
    return result.copy(deep=False) if isinstance(result, pd.DataFrame | pd.Series) else result


def _wrap(name: str, func):
    @functools.wraps(func)
    def cached(*args, **kwargs):
        try:
            key = _load_key(args, kwargs) if name == "load" else (name, _key_part(args), _key_part(kwargs))
        except (_Uncacheable, OSError, TypeError):
            return func(*args, **kwargs)
        hit = _CACHE.get(key)
        if hit is None:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = func(*args, **kwargs)
            if isinstance(result, pd.DataFrame | pd.Series):
                _CACHE[key] = hit = (result, list(caught))
                while len(_CACHE) > _MAXSIZE:
                    _CACHE.popitem(last=False)
            else:
                hit = (result, list(caught))
            _STATS["misses"] += 1
        else:
            _CACHE.move_to_end(key)
            _STATS["hits"] += 1
        result, caught = hit
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return _copy(result)

    cached.__wrapped_by_report_memo__ = True
    return cached


def install(names: tuple[str, ...] = CACHED) -> None:
    """Wrap the named functions of the ``cchc_analysis`` package with the cache (safe to call again)."""
    import cchc_analysis

    for name in names:
        func = getattr(cchc_analysis, name)
        if getattr(func, "__wrapped_by_report_memo__", False):
            continue
        _ORIGINALS[name] = func
        setattr(cchc_analysis, name, _wrap(name, func))


def uninstall() -> None:
    """Put the original functions back and empty the cache."""
    import cchc_analysis

    for name, func in _ORIGINALS.items():
        setattr(cchc_analysis, name, func)
    _ORIGINALS.clear()
    clear()


def clear() -> None:
    """Empty the cache."""
    _CACHE.clear()
    _STATS.update(hits=0, misses=0)


def cache_info() -> dict[str, int]:
    """Hits, misses and entries so far."""
    return {**_STATS, "entries": len(_CACHE)}
