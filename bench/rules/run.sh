#!/usr/bin/env bash
# Benchmarks the association-rules stage on the UCI Online Retail invoices and the Instacart order
# sample at several minimum supports, each run in a fresh JVM, and prints a Markdown table.
#
# Usage: bench/rules/run.sh [DATA_FOLDER] [SUPPORTS...]
#   DATA_FOLDER defaults to ../shared/data; SUPPORTS default to 0.05 0.02 0.01 0.005 0.002 0.001.
# Environment: BENCH_TIMEOUT seconds per run (default 300), BENCH_HEAP JVM -Xmx (default 8g),
#   BENCH_DATA_SETS (default "uci instacart"), BENCH_SHUFFLE_PARTITIONS spark.sql.shuffle.partitions
#   (default 8), BENCH_RESULTS result file (default target/bench-rules.tsv).
# Runs from the project folder, offline: it needs the test classes and the Maven cache only.
set -euo pipefail

cd "$(dirname "$0")/../.."
data="${1:-../shared/data}"
shift || true
supports=("$@")
if [ ${#supports[@]} -eq 0 ]; then
  supports=(0.05 0.02 0.01 0.005 0.002 0.001)
fi
timeout_seconds="${BENCH_TIMEOUT:-300}"
heap="${BENCH_HEAP:-8g}"
read -r -a data_sets <<< "${BENCH_DATA_SETS:-uci instacart}"
shuffle_partitions="${BENCH_SHUFFLE_PARTITIONS:-8}"

# shellcheck source=bench/common.sh
source bench/common.sh
bench_prepare

results="${BENCH_RESULTS:-target/bench-rules.tsv}"
: > "$results"
for data_set in "${data_sets[@]}"; do
  for support in "${supports[@]}"; do
    log="target/bench-rules-$data_set-$support.log"
    # shellcheck disable=SC2086 # the flags are separate words
    # SparkConf reads spark.* system properties, so this sets the session's shuffle partitions.
    if ! timeout "$timeout_seconds" java -Xmx"$heap" $BENCH_OPENS \
        -Dspark.sql.shuffle.partitions="$shuffle_partitions" -cp "$BENCH_CLASSPATH" \
        io.hottopicminer.bench.RulesBenchmark "$data_set" "$support" "$data" "$results" \
        > "$log" 2>&1; then
      printf '%s\t%s\tfailed or timed out after %s s (see %s)\t\t\t\t\t\t\t\t\t\n' \
        "$data_set" "$support" "$timeout_seconds" "$log" >> "$results"
    fi
    # A lower support only adds frequent items, so once the guard rejects or a run fails, the
    # lower supports of this data set are skipped.
    if tail -n 1 "$results" | grep -qv $'\tok\t'; then
      break
    fi
  done
done

echo "| data set | min support | status | stage s | baskets | frequent items | frequent itemsets | rules found | redundant removed | rules kept | peak RSS MiB | peak heap MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
while IFS=$'\t' read -r -a fields; do
  printf '|'
  for field in "${fields[@]}"; do
    printf ' %s |' "$field"
  done
  printf '\n'
done < "$results"
