#!/usr/bin/env bash
# Measures texts per second of the sentiment stage (Spark NLP, local[2], ONNX_THREADS per task)
# against raw ONNX Runtime Java (two intra-op threads) on the same real review texts.
#
#   bench/sentiment/run.sh [--texts N] [--rounds N] [--batch-size N] [--raw-batch-size N]
#                          [--max-length N] [--tune 8,16,32,64] [--models-path DIR] [--reviews CSV]
#                          [--variants 'batch-size=8;sort-by-length=false;partitions=4']
#                          [--settings 'head-threads = 0'] [--split true|false]
#
# ONNX_THREADS=N (default 1) sets the JVM property of the ONNX Runtime intra-op threads of each
# Spark task. Also pass --settings 'onnx-threads = N': the stage writes its onnx-threads setting
# to the session conf before Spark NLP reads the property.
# Needs the Musical Instruments reviews in ../shared/data and a saved head (version v1) below the
# models path, by default /work/main/lake/models (run `submit/run-local.sh train` to make one).
# --settings changes sentiment settings of the base. --split true (default) also times, each
# round, the loaded pipeline outside the stage with and without its ClassifierDL head.
# Prints one line per round, then the medians, their ratio and the peak RSS of the JVM.
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$PROJECT_DIR/submit/common.sh"
CLASSPATH_FILE="$PROJECT_DIR/target/test-classpath.txt"

cd "$PROJECT_DIR"
# Compiles every time, because a benchmark of stale classes measures code that is gone.
if [[ ! -f "$CLASSPATH_FILE" ]]; then
  mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" \
    -Dmdep.includeScope=test >&2
else
  mvn -B -q -o test-compile >&2
fi

scratch="$PROJECT_DIR/target/scratch-bench"
mkdir -p "$scratch/tmp"
status=0
java -Xmx4g "${JAVA17_OPENS[@]}" \
  -Djava.io.tmpdir="$scratch/tmp" \
  -Dspark.jsl.settings.onnx.intraOpNumThreads="${ONNX_THREADS:-1}" \
  -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
  -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
  io.hottopicminer.bench.SentimentSpeedBench "$@" || status=$?
# Spark NLP copies each model into java.io.tmpdir and never deletes the copies.
rm -rf "$scratch/tmp"
exit "$status"
