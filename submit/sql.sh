#!/usr/bin/env bash
# Runs one Spark SQL statement against the lake catalog and prints the result as CSV with a header.
#
#   submit/sql.sh [--config FILE] [--set key=value]... [--format csv|table] "SELECT ..."
#   submit/sql.sh [--config FILE] --file query.sql
#
# The output tables' namespace is the current one, so "SELECT * FROM hot_topics" works.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ $# -gt 0 ]]; then
  mapfile -d '' -t absolute < <(absolute_path_args "$@")
  set -- "${absolute[@]}"
fi

has_config=false
for arg in "$@"; do
  if [[ "$arg" == "--config" || "$arg" == --config=* ]]; then
    has_config=true
  fi
done
extra=()
if [[ "$has_config" == false ]]; then
  extra=(--config "$PROJECT_DIR/conf/local.conf")
fi

build_if_missing
HOT_TOPIC_MINER_JAVA_OPTS="${HOT_TOPIC_MINER_JAVA_OPTS:--Xmx2g}" run_job sql "${extra[@]+"${extra[@]}"}" "$@"
