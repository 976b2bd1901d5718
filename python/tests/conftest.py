"""Shared fixtures: the `brouwer` command line to compare with (BROUWER_CLI, or the build next to the library)
and the repository root."""

import csv
import io
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli_path():
    explicit = os.environ.get("BROUWER_CLI")
    if explicit:
        return explicit
    for candidate in (ROOT / ".build/wheel/release/brouwer", ROOT / ".build/release/brouwer"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("brouwer")


@pytest.fixture(scope="session")
def cli():
    path = _cli_path()
    if not path:
        pytest.fail("no brouwer command line to compare with: set BROUWER_CLI (scripts/test-all.sh does)")

    def run(*args, check=True, stdin=None):
        r = subprocess.run([path, *args], capture_output=True, text=True, input=stdin)
        if check and r.returncode not in (0, 1):
            raise AssertionError(f"brouwer {' '.join(args)} failed ({r.returncode}): {r.stderr}")
        return r

    return run


def cli_error(result):
    """The message of `brouwer: error: MESSAGE` (the CLI's one error line)."""
    lines = [l for l in result.stderr.splitlines() if l.startswith("brouwer: error: ")]
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    return lines[0][len("brouwer: error: "):]


def read_csv(text):
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def same_field(field, value):
    """Whether a CLI CSV field and an engine value are the same: the field is the shortest round-trip
    text of the double, so float(field) gives back its exact bits; empty means NaN; flags are true/false."""
    if field in ("true", "false"):
        return bool(value) == (field == "true")
    if field == "":
        return isinstance(value, float) and math.isnan(value)
    return float(field) == value and math.copysign(1, float(field)) == math.copysign(1, value)
