"""The hang watchdog ends a test that never returns, even one stuck in native code holding the GIL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HANGING = textwrap.dedent(
    """
    import ctypes
    import time

    from tests.bounds import watchdog

    with watchdog(1.0):
        ctypes.PyDLL(None).sleep(60)  # libc sleep called with the GIL held: no Python code runs
    print("returned")
    """
)

QUICK = textwrap.dedent(
    """
    import time

    from tests.bounds import watchdog

    with watchdog(1.0):
        pass
    time.sleep(2.0)  # past the 1 s: the watchdog was cancelled when the block ended
    print("returned")
    """
)


def _run(code: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=50)
    return proc, time.monotonic() - start


def test_watchdog_ends_a_native_hang_with_tracebacks():
    proc, elapsed = _run(HANGING)
    assert proc.returncode != 0
    assert "returned" not in proc.stdout
    assert "Timeout" in proc.stderr and "<string>" in proc.stderr  # the hung line's traceback
    assert elapsed < 30  # not the 60 s sleep


def test_watchdog_is_cancelled_when_the_block_ends():
    proc, _ = _run(QUICK)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "returned"
