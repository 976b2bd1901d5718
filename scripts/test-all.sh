#!/usr/bin/env bash
# scripts/test-all.sh — every test of the repository: `swift test`, then the Python package (python/tests with
# pytest) against the wheel scripts/build-wheel.sh builds, installed into a virtual environment, and compared
# with the command line built alongside it. The venv lives in .build/pyvenv (numpy, pandas, matplotlib and
# pytest from PyPI the first time); one test installs the wheel into a fresh venv from an empty directory and
# imports it with Swift hidden. Extra arguments go to pytest (e.g. -k threads). BROUWER_CLI=PATH compares with
# that command line instead of building one alongside the wheel.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
swift test
if [ -n "${BROUWER_CLI:-}" ]; then
  # a given command line to compare with (e.g. the packaged one)
  wheel="$(scripts/build-wheel.sh | tail -n 1)"
  cli="$BROUWER_CLI"
else
  built="$(scripts/build-wheel.sh --cli)"
  wheel="$(printf '%s\n' "$built" | tail -n 1)"
  cli="$(printf '%s\n' "$built" | tail -n 2 | head -n 1)"
fi
[ -x "$cli" ] || { echo "test-all.sh: no command line to compare with ($cli)" >&2; exit 2; }
venv="$root/.build/pyvenv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import numpy, pandas, matplotlib, pytest" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check numpy pandas matplotlib pytest
fi
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps --force-reinstall "$wheel"
cd "$root/python"
BROUWER_CLI="$cli" BROUWER_WHEEL="$wheel" MPLBACKEND=Agg "$venv/bin/python" -m pytest -q -p no:cacheprovider tests "$@"
