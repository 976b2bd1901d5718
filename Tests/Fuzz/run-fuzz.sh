#!/bin/sh
# Builds the libFuzzer harness (Linux; swiftc -sanitize=fuzzer) and runs each target in turn.
#
#   Tests/Fuzz/run-fuzz.sh [RUNS] [TARGET…]      RUNS executions per target (default 1000000);
#                                                 targets: material label quantity csv (default: all)
#
# Seeds come from Tests/Fuzz/seeds/TARGET (and, for material, the built-in materials and the bad-input
# corpus); the growing corpus and any crashers go to $FUZZ_WORK (default: a directory under /tmp), never
# into the repository. Commit a crasher as a case in Tests/BrouwerCLITests/BadInputs once it is fixed.
# Not part of CI: it needs minutes of CPU per target.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-1000000}
[ $# -gt 0 ] && shift
targets=${*:-material label quantity csv}
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/brouwer-fuzz}
mkdir -p "$work"

# Linked with lld (lld-toolset.json): ld.gold stops with an internal error (dwarf_reader.cc) on the
# fuzzer-instrumented objects.
build() {
  swift build -c release --package-path "$here" --scratch-path "$work/build" --toolset "$here/lld-toolset.json" \
    -Xswiftc -sanitize=fuzzer -Xcc -fsanitize=fuzzer-no-link "$@"
}
build >&2
binary="$(build --show-bin-path)/BrouwerFuzz"

for target in $targets; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus" "$work/crashes-$target"
  cp "$here/seeds/$target/"* "$corpus/" 2>/dev/null || true
  if [ "$target" = material ]; then
    cp "$root/Data/materials/"*.yaml "$corpus/"
    cp "$root/Tests/BrouwerCLITests/BadInputs/materials/"*.yaml "$corpus/"
  fi
  echo "== $target: $runs runs" >&2
  BROUWER_FUZZ_TARGET=$target "$binary" "$corpus" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes-$target/" -print_final_stats=1 2>"$work/log-$target.txt" || true
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done|ERROR|SUMMARY" "$work/log-$target.txt" >&2 || true
  echo "   crashers: $(ls "$work/crashes-$target" | wc -l) in $work/crashes-$target" >&2
done
