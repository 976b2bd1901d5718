#!/usr/bin/env bash
# A big Brouwer sweep split into N shards, run in parallel, and joined back together.
# The joined file is byte-for-byte the output of the unsharded sweep (checked at the end).
#
#   examples/sharded-sweep.sh [MATERIAL] [N]
#
# On a cluster, run one shard per array task instead (Slurm):
#   #SBATCH --array=1-16
#   brouwer sweep gdc10 --T 600:1400:81 --pO2 1e-30:1:301 --shard ${SLURM_ARRAY_TASK_ID}/16 \
#       --quiet --output part-$(printf %03d ${SLURM_ARRAY_TASK_ID}).csv
# then: cat part-*.csv > all.csv   (only shard 1 writes the header)
set -euo pipefail
material=${1:-gdc10}
shards=${2:-4}
brouwer=${BROUWER:-brouwer}
command -v "$brouwer" >/dev/null || brouwer="swift run -c release brouwer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grid=(--T 600:1400:41 --pO2 1e-30:1:121)

status=0
for k in $(seq 1 "$shards"); do
  # each shard writes its own file atomically; exit status 1 means some points did not converge
  $brouwer sweep "$material" "${grid[@]}" --shard "$k/$shards" --threads 1 --quiet \
    --output "$work/part-$(printf %03d "$k").csv" &
done
for job in $(jobs -p); do wait "$job" || status=$?; done
[ "$status" -le 1 ] || { echo "a shard failed (exit $status)" >&2; exit "$status"; }

cat "$work"/part-*.csv > "$work/joined.csv"
$brouwer sweep "$material" "${grid[@]}" --quiet --output "$work/whole.csv" || true
if cmp -s "$work/joined.csv" "$work/whole.csv"; then
  echo "$(($(wc -l < "$work/joined.csv") - 1)) rows from $shards shards; identical to the unsharded sweep"
else
  echo "shards differ from the unsharded sweep" >&2
  exit 1
fi
name=$(basename "$material" .yaml)
cp "$work/joined.csv" "${name}-sweep.csv"
echo "wrote ${name}-sweep.csv"
