"""Memoised data functions for a kernel that renders many reports one after another.

Every unit's report loads the same table and aggregates, compares and averages the same peer group;
only the unit differs. In a long-lived report kernel, :func:`install` wraps those functions
(``cchc.load``, ``cchc.aggregate``…) so the second unit reuses the first unit's results. They are
wrapped wherever the package refers to them, not only as ``cchc.<name>``: the per-unit analyses
call them too (``strengths_weaknesses`` compares the whole year, ``profile`` and ``trend`` rank the
whole peer group), and those calls are the same for every unit of the group. So is the criteria tree
of the whole peer group that ``drilldown`` and ``gap_to_rank`` each build (:data:`INTERNAL`).

The cache is keyed on the *content* of the DataFrame arguments (a hash of every value, the index, the
column names and dtypes) and on the other arguments, and on the file's size and modification time
for :func:`~cchc_analysis.ingest.load`; other arguments count by value when hashable (a framework,
immutable, by identity). A hit returns a new frame (a copy-on-write copy, with its own ``attrs``;
for a tree, a new tree of such copies), so a notebook that changes it cannot change the cache.
Warnings the function gave are given again on every hit, so a notebook that shows them shows the same
thing. A call with an unhashable argument, or whose result is not a DataFrame, Series or tree, passes
straight through, uncached.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import warnings
from collections import OrderedDict
from pathlib import Path

import pandas as pd

__all__ = ["CACHED", "INTERNAL", "cache_info", "clear", "install", "uninstall"]

#: Package-level functions memoised in a report kernel: pure functions of their arguments.
CACHED = ("load", "aggregate", "compare", "group_means", "rank", "add_bands", "papi_quartiles")

#: Functions of the package's modules, not exported, memoised as well: (module, name).
INTERNAL = (("cchc_analysis.analysis.tree", "build_tree"),)

_MAXSIZE = 48
_ORIGINALS: dict[str, tuple[object, object]] = {}  # name → (original, wrapper)
_PATCHED: list[tuple[object, str, object]] = []  # (module, attribute, original) to put back
_CACHE: OrderedDict[tuple, tuple[object, list]] = OrderedDict()
_STATS = {"hits": 0, "misses": 0}


class _Uncacheable(Exception):
    pass


def _frame_key(df: pd.DataFrame | pd.Series) -> tuple:
    # A digest of the row hashes in order: a sum of them would not see rows reordered (with their
    # labels), and a function's result can depend on the order of its input's rows.
    rows = pd.util.hash_pandas_object(df, index=True).to_numpy()
    digest = hashlib.blake2b(rows.tobytes(), digest_size=16).digest()
    labels = df.columns if isinstance(df, pd.DataFrame) else pd.Index([df.name])
    columns = tuple((type(c).__name__, str(c)) for c in labels)
    dtypes = tuple(map(str, df.dtypes)) if isinstance(df, pd.DataFrame) else (str(df.dtype),)
    index = (str(df.index.dtype), tuple(map(str, df.index.names)))
    return (type(df).__name__, df.shape, columns, dtypes, index, digest)


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


def _cacheable(result: object) -> bool:
    from ..analysis.tree import Tree

    return isinstance(result, pd.DataFrame | pd.Series | Tree)


def _copy(result: object) -> object:
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)
    if dataclasses.is_dataclass(result) and not isinstance(result, type):  # a Tree: copy each field
        fields = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
        return dataclasses.replace(
            result, **{k: list(v) if isinstance(v, list) else _copy(v) for k, v in fields.items()}
        )
    return result


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
            if _cacheable(result):
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


def _package_modules() -> list:
    import sys

    return [
        module
        for name, module in list(sys.modules.items())
        if module is not None
        and (name == "cchc_analysis" or name.startswith("cchc_analysis."))
        and name != __name__
    ]


def install(names: tuple[str, ...] = CACHED, internal: tuple[tuple[str, str], ...] = INTERNAL) -> None:
    """Wrap the named functions of the ``cchc_analysis`` package with the cache (safe to call again).

    Every module of the package that holds the function under its own name (``from .ranking import
    rank``) gets the wrapper, so calls between the package's own functions are cached too; calling
    again also wraps the references of modules imported since.

    Args:
        names: functions exported by ``cchc_analysis``.
        internal: (module, name) of functions of the package's modules.
    """
    import importlib

    import cchc_analysis

    found = [(name, getattr(cchc_analysis, name)) for name in names]
    found += [(name, getattr(importlib.import_module(module), name)) for module, name in internal]
    for name, func in found:
        if not getattr(func, "__wrapped_by_report_memo__", False):
            _ORIGINALS[name] = (func, _wrap(name, func))
    for module in _package_modules():
        for name, (func, wrapped) in _ORIGINALS.items():
            if module.__dict__.get(name) is func:
                _PATCHED.append((module, name, func))
                setattr(module, name, wrapped)


def uninstall() -> None:
    """Put the original functions back and empty the cache."""
    while _PATCHED:
        module, name, func = _PATCHED.pop()
        setattr(module, name, func)
    _ORIGINALS.clear()
    clear()


def clear() -> None:
    """Empty the cache."""
    _CACHE.clear()
    _STATS.update(hits=0, misses=0)


def cache_info() -> dict[str, int]:
    """Hits, misses and entries so far."""
    return {**_STATS, "entries": len(_CACHE)}
