#!/usr/bin/env bash
# Runs the job once and reports its peak memory: the peak resident set size (VmHWM) of the job's
# JVM, read from /proc every second, and Spark's peak executor metrics from the run's event log.
# In local mode the driver is also the only executor, so both describe the same JVM.
#
#   bench/sentiment/memory.sh [run-local.sh arguments]...
#
# With no arguments it is a default run: conf/local.conf on the bundled sample. Pass, for example,
# --set lake.root=/tmp/memory-lake --set lake.models-path=DIR to reuse a trained head.
# HOT_TOPIC_MINER_JAVA_OPTS sets the heap as for run-local.sh (default -Xmx8g).
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

work="$(mktemp -d /tmp/hot-topic-miner-memory.XXXXXX)"
mkdir -p "$work/events"
event_conf="{\"spark.eventLog.enabled\" = \"true\","
event_conf+=" \"spark.eventLog.dir\" = \"file://$work/events\","
event_conf+=" \"spark.eventLog.logStageExecutorMetrics\" = \"true\","
event_conf+=" \"spark.executor.processTreeMetrics.enabled\" = \"true\","
event_conf+=" \"spark.executor.metrics.pollingInterval\" = \"1s\"}"

"$PROJECT_DIR/submit/run-local.sh" "$@" --set "spark.conf=$event_conf" \
  >"$work/stdout" 2>"$work/stderr" &
runner=$!

# Prints the ids of every process below $1.
descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1"); do
    echo "$child"
    descendants "$child"
  done
}

peak_kib=0
while kill -0 "$runner" 2>/dev/null; do
  for pid in $(descendants "$runner"); do
    if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "java" ]]; then
      hwm="$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      if [[ -n "$hwm" && "$hwm" -gt "$peak_kib" ]]; then
        peak_kib="$hwm"
      fi
    fi
  done
  sleep 1
done
status=0
wait "$runner" || status=$?

echo "exit code $status; output in $work"
awk -v kib="$peak_kib" 'BEGIN {printf "peak RSS of the job JVM (VmHWM): %.2f GiB\n", kib / 1048576}'
python3 - "$work/events" <<'PYTHON'
import json, os, sys

peaks = {}
folder = sys.argv[1]
for name in os.listdir(folder):
    with open(os.path.join(folder, name)) as log:
        for line in log:
            event = json.loads(line)
            metrics = event.get("Executor Metrics") or event.get("Task Executor Metrics") or {}
            for key, value in metrics.items():
                peaks[key] = max(peaks.get(key, 0), value)
for key in ("JVMHeapMemory", "JVMOffHeapMemory", "OnHeapExecutionMemory", "OnHeapStorageMemory",
            "ProcessTreeJVMRSSMemory", "DirectPoolMemory"):
    if key in peaks:
        print(f"peak {key}: {peaks[key] / 2**30:.2f} GiB")
PYTHON
exit "$status"
