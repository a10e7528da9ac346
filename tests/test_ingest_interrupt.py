"""An ingest killed (SIGKILL) while it reads or writes leaves the previous output whole and loadable.

The ingest runs in a child process whose writer (or reader) is slowed down and signals when it is half
way; the test then kills the child with SIGKILL, which no ``finally`` or ``atexit`` can intercept, and
checks what is left in the output folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from cchc_analysis import InputError, ingest, load

from .conftest import SAMPLE_DIR

BAD = Path(__file__).resolve().parent / "data" / "bad"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

CHILD = textwrap.dedent(
    """
    import io, sys, time
    from pathlib import Path

    import pandas as pd

    from cchc_analysis import ingest
    from cchc_analysis.io.reader import read_workbook

    raw, out, mode, marker = sys.argv[1:5]

    def signal_and_wait(what):
        Path(marker).write_text(what)
        time.sleep(300)

    if mode == "write":
        real = pd.DataFrame.to_parquet

        def slow_to_parquet(self, path, **kwargs):
            buffer = io.BytesIO()
            real(self, buffer, **kwargs)
            data = buffer.getvalue()
            with open(path, "wb") as fh:
                fh.write(data[: len(data) // 2])
                fh.flush()
                signal_and_wait(str(path))
                fh.write(data[len(data) // 2 :])

        pd.DataFrame.to_parquet = slow_to_parquet
        ingest(raw, out, progress=False)
    else:
        seen = []

        def slow_reader(path, **kwargs):
            frame = read_workbook(path, **kwargs)
            seen.append(path)
            if len(seen) == 2:
                signal_and_wait(str(path))
            return frame

        ingest(raw, out, progress=False, reader=slow_reader)
    """
)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kill_when_signalled(tmp_path: Path, raw: Path, out: Path, mode: str) -> str:
    """Run the child, SIGKILL it once it signals, and return what it said it was doing."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    marker = tmp_path / f"marker-{mode}"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(raw), str(out), mode, str(marker)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            if proc.poll() is not None:
                raise AssertionError(f"the child ended before the kill: {proc.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise AssertionError("the child never reached the point to kill it")
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text()


@pytest.fixture
def previous(tmp_path):
    """A raw folder already ingested once, and one more file added since (so a new ingest differs)."""
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    out = tmp_path / "processed"
    ingest(raw, out, progress=False)
    before = {p.name: _sha(p) for p in out.iterdir()}
    table = load(out)
    (raw / "papi").mkdir()
    shutil.copy(BAD / "header_row_12.xlsx", raw / "papi" / "papi_2022.xlsx")
    return raw, out, before, table


def test_kill_while_writing_leaves_the_previous_scores(tmp_path, previous):
    raw, out, before, table = previous
    writing = Path(_kill_when_signalled(tmp_path, raw, out, "write"))
    # the kill came half way through the new table, in a temporary file beside the output
    assert writing.parent == out and writing.name.startswith(".scores.parquet.")
    assert writing.exists() and writing.stat().st_size > 0
    with pytest.raises((OSError, ValueError)):  # pyarrow: the half-written file is not a parquet file
        pd.read_parquet(writing)
    # the previous output is untouched and loads
    assert {p.name: _sha(p) for p in out.iterdir() if not p.name.startswith(".")} == before
    pd.testing.assert_frame_equal(load(out), table)
    # the next ingest cleans up and writes the new table whole
    result = ingest(raw, out, progress=False)
    assert result.ok, result.errors
    assert sorted(p.name for p in out.iterdir()) == ["ingest_report.json", "scores.parquet"]
    again = load(out)
    assert set(again["index"]) == {"PAR", "PAPI"}
    assert len(again) == len(table) + 45


def test_kill_while_reading_leaves_the_previous_scores_and_no_litter(tmp_path, previous):
    raw, out, before, table = previous
    _kill_when_signalled(tmp_path, raw, out, "read")
    assert sorted(p.name for p in out.iterdir()) == ["ingest_report.json", "scores.parquet"]
    assert {p.name: _sha(p) for p in out.iterdir()} == before
    pd.testing.assert_frame_equal(load(out), table)


def test_kill_during_the_first_ingest_leaves_no_output_file(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw / "sample-province")
    out = tmp_path / "processed"
    _kill_when_signalled(tmp_path, raw, out, "write")
    assert not (out / "scores.parquet").exists()
    with pytest.raises(InputError, match="cchc ingest"):
        load(out)
