#!/usr/bin/env bash
# Compares MLlib LDA with MALLET's ParallelTopicModel on the Amazon Musical Instruments reviews:
# the same term counts (the topics stage's tokenizer, stop words, stemmer and vocabulary), the
# same k and 2 threads each unless a MALLET variant sets its threads. Prints the median fit seconds and mean NPMI per variant as a Markdown table.
#
# Usage: bench/topics/run.sh [DATA_FOLDER] [K] [ROUNDS] [VARIANTS] [RUN_DATE:LOOKBACK_DAYS]
#   DATA_FOLDER defaults to ../shared/data, K to 10, ROUNDS to 3, VARIANTS to
#   "mllib-em:50,mllib-online:50,mallet:1000" (implementation and optimizer, then iterations;
#   MLlib variants may add doc- and topic-concentration: "mllib-em:100:1.1:1.01", MALLET its
#   number of threads: "mallet:1000:1", because MALLET 2.0.8 can fail with 2). The last
#   argument, such as 2014-07-20:365, keeps only the reviews of one job run's window; default all.
# Environment: BENCH_HEAP JVM -Xmx (default 4g), BENCH_RESULTS result file
#   (default target/bench-topics.tsv), BENCH_TIMEOUT seconds for the whole run (default 3600),
#   BENCH_PREPROCESSING text preparations to compare, separated by ";", each a comma-separated
#   list of topics keys overriding reference.conf, such as
#   'stemmer="none";stemmer="kstem",phrase-min-document-frequency=20' (default: reference.conf).
# Runs from the project folder, offline: it needs the test classes and the Maven cache only.
set -euo pipefail

cd "$(dirname "$0")/../.."
data="${1:-../shared/data}"
k="${2:-10}"
rounds="${3:-3}"
variants="${4:-mllib-em:50,mllib-online:50,mallet:1000}"
window=("${@:5:1}")
heap="${BENCH_HEAP:-4g}"
results="${BENCH_RESULTS:-target/bench-topics.tsv}"

# shellcheck source=bench/common.sh
source bench/common.sh
bench_prepare

: > "$results"
# shellcheck disable=SC2086 # the flags are separate words
timeout "${BENCH_TIMEOUT:-3600}" java -Xmx"$heap" $BENCH_OPENS -cp "$BENCH_CLASSPATH" \
  -Dbench.preprocessing="${BENCH_PREPROCESSING:-}" \
  io.hottopicminer.bench.TopicsBenchmark \
  "$data/amazon_musical_instruments/reviews.csv" "$results" "$k" "$rounds" "$variants" \
  "${window[@]+"${window[@]}"}" \
  > target/bench-topics.log 2>&1

echo "Load average after the run: $(uptime | sed 's/.*load average: //')"
echo "| preprocessing | variant | k | rounds | median fit s | median mean NPMI |"
echo "|---|---|---|---|---|---|"
# Columns of the result file: round, preprocessing, variant, k, fit seconds, mean NPMI, top terms.
python3 - "$results" <<'EOF'
import statistics, sys
groups = {}
with open(sys.argv[1], encoding="utf-8") as results:
    for line in results.read().splitlines():
        _, preparation, variant, k, seconds, npmi = line.split("\t")[:6]
        groups.setdefault((preparation, variant, k), []).append((float(seconds), float(npmi)))
for (preparation, variant, k), rows in groups.items():
    seconds = statistics.median(r[0] for r in rows)
    npmi = statistics.median(r[1] for r in rows)
    print(f"| {preparation} | {variant} | {k} | {len(rows)} | {seconds:.1f} | {npmi:.4f} |")
EOF
