"""Bounds the tests use to catch a hang, not to measure speed.

The speed targets (a hostile file handled in under 1 s and 300 MB) are measured by
``benchmarks/bench_hostile.py`` and written in ``benchmarks/README.md``; a unit test that asserted them
would fail on a busy machine and pass on a fast one for the wrong reasons. What a test can assert
reliably is that the work is bounded at all: CPU seconds (``time.process_time``, which another job on
the machine does not inflate) far below what a hang or a quadratic scan costs: the flags pass that was
quadratic took 378 s on a 1 MB sheet, an unguarded 50 MB sheet minutes.

A CPU bound is checked only when the read returns. A read that never returns (a loop inside calamine's
Rust code, say) is caught by :func:`watchdog`, which ``conftest.py`` arms around every test: past
:data:`WATCHDOG_SECONDS` of wall time it prints every thread's traceback and ends the test process, so
a hang fails the run instead of stalling CI.
"""

from __future__ import annotations

import faulthandler
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: CPU seconds after which a read counts as hung (ten times the 1 s target).
HANG_SECONDS = 10.0

#: Wall seconds after which a single test counts as hung; the slowest test takes well under a minute.
WATCHDOG_SECONDS = 300.0


@contextmanager
def watchdog(seconds: float = WATCHDOG_SECONDS) -> Iterator[None]:
    """End the process, with every thread's traceback on stderr, if the block runs past ``seconds``.

    faulthandler's timer runs in a C thread that needs no GIL, so it fires even while the main thread is
    stuck in native code that holds the GIL.
    """
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
