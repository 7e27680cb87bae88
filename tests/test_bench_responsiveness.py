"""bench.responsiveness runs end to end at a tiny size and prints its one line of figures (no timing asserted:
the targets are for the full-size run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIGURE = r"[0-9]+(?:\.[0-9]+)?"


def test_responsiveness_prints_one_line_of_figures_with_every_event_answered() -> None:
    command = [sys.executable, "-m", "bench.responsiveness", "--seeds", "8", "--following", "300"]
    command += ["--slash", "10", "--reactions", "10", "--spacing-ms", "5"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=60, check=False)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, (done.stdout, done.stderr[-3000:])
    assert re.fullmatch(f"max_ack_ms=({FIGURE}) p99_ack_ms=({FIGURE}) max_loop_lag_ms=({FIGURE})", lines[0]), lines
    # 0: targets met, 1: missed (machine-dependent); 2 would mean the storm did not overlap the discovery.
    assert done.returncode in {0, 1}, done.stderr[-3000:]
    assert "while discovery ran (first one during it: True)" in done.stderr
    assert "NOT ANSWERED" not in done.stderr and "errors logged by the bot" not in done.stderr, done.stderr[-3000:]
