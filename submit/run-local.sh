#!/usr/bin/env bash
# Runs hot-topic-miner locally without a Spark installation and prints the top hot topics.
#
#   submit/run-local.sh [--config FILE] [--run-date YYYY-MM-DD] [--set key=value]...
#
# With no --config it runs conf/local.conf on the bundled sample, generating the sample first.
# Other commands of the job pass through: submit/run-local.sh train|import-model|generate-sample ...
# Exit codes: 0 success, 2 invalid configuration or input, 1 any other failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ $# -gt 0 ]]; then
  mapfile -d '' -t absolute < <(absolute_path_args "$@")
  set -- "${absolute[@]}"
fi

args=("$@")
command="run"
if [[ $# -gt 0 && "$1" != --* ]]; then
  command="$1"
  args=("${@:2}")
fi

has_config=false
for arg in "${args[@]+"${args[@]}"}"; do
  if [[ "$arg" == "--config" || "$arg" == --config=* ]]; then
    has_config=true
  fi
done
if [[ "$has_config" == false && "$command" != "generate-sample" ]]; then
  args=(--config "$PROJECT_DIR/conf/local.conf" "${args[@]+"${args[@]}"}")
fi

build_if_missing

if [[ "$has_config" == false && "$command" == "run" && ! -f "$PROJECT_DIR/lake/sample/reviews.csv" ]]; then
  echo "Generating the bundled sample into lake/sample ..." >&2
  run_job generate-sample "$PROJECT_DIR/lake/sample"
fi

run_job "$command" "${args[@]+"${args[@]}"}"
