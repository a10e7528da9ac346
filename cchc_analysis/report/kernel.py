"""Code run inside a report kernel before each notebook (see ``execute.KernelSession``)."""

from __future__ import annotations

import gc
import os
import sys

__all__ = ["prepare"]

_RUNS = [0]  # notebooks prepared in this kernel


def prepare(cwd: str, memoize: bool = True) -> None:
    """Give the next notebook a clean kernel that keeps its imported modules.

    Clears the user namespace and output history as ``%reset -f`` does, but without its two full
    garbage collections (0.1–0.2 s each on a heap holding pandas and matplotlib; the collector still
    runs on its own schedule), closes pyplot figures, changes to ``cwd`` and, with ``memoize``,
    installs :mod:`cchc_analysis.report.memo`.

    Before the second notebook, when the first has imported pandas, matplotlib and the package, it
    collects garbage once and freezes what is left (``gc.freeze``): the collector's full passes then
    skip the hundreds of thousands of long-lived objects of those modules, which otherwise cost about
    0.2 s each, one every few reports.
    """
    from IPython import get_ipython

    shell = get_ipython()
    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        shell.reset(new_session=False)
    finally:
        gc.collect = collect
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")
    _RUNS[0] += 1
    if _RUNS[0] == 2:
        gc.collect()
        gc.freeze()
    os.chdir(cwd)
    if memoize:
        from . import memo

        memo.install()
