#!/usr/bin/env bash
# Submits the shaded hot-topic-miner jar to a cluster. Same arguments as run-local.sh.
#
#   submit/spark-submit.sh [--master URL] [--deploy-mode client|cluster] [--spark-conf k=v]... \
#                          --config FILE [--run-date YYYY-MM-DD] [--set key=value]...
#
# --master defaults to $SPARK_MASTER or yarn. See --help for YARN, Kubernetes and standalone notes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'TEXT'
Usage: submit/spark-submit.sh [SUBMIT OPTIONS] [COMMAND] --config FILE [JOB OPTIONS]

Submits target/hot-topic-miner.jar with spark-submit. Job options are those of run-local.sh:
  --config FILE          job configuration (HOCON); shipped to the driver with --files
  --run-date YYYY-MM-DD  run date; default: the latest review date in the input
  --set KEY=VALUE        override one setting
Submit options (before the job options):
  --master URL           yarn (default), k8s://https://HOST:PORT or spark://HOST:7077
  --deploy-mode MODE     cluster (default) or client
  --spark-conf KEY=VALUE extra Spark setting, repeatable (for example spark.executor.memory=8g)

YARN:        --master yarn --deploy-mode cluster; HADOOP_CONF_DIR must point at the cluster's
             client configuration. Inputs and the lake on hdfs:// or s3a:// paths.
Kubernetes:  --master k8s://https://API:6443 --deploy-mode cluster
             --spark-conf spark.kubernetes.container.image=IMAGE (an image with Spark 3.5, Java 17
             and this jar at local:///opt/hot-topic-miner.jar; set HOT_TOPIC_MINER_JAR to that).
Standalone:  --master spark://HOST:7077 --deploy-mode client (or cluster).

The sentiment model is trained once with the 'train' command and loaded from the lake's
models path by every daily run, so executors never need the model on local disk.
spark-submit comes from $SPARK_HOME/bin; without SPARK_HOME the script runs
org.apache.spark.deploy.SparkSubmit from the Spark jars Maven resolved (tests and demos).
Exit codes: 0 success, 2 invalid configuration or input, 1 any other failure.
TEXT
}

master="${SPARK_MASTER:-yarn}"
deploy_mode="cluster"
spark_conf=()
job_args=()
config_file=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --master) master="$2"; shift 2 ;;
    --deploy-mode) deploy_mode="$2"; shift 2 ;;
    --spark-conf) spark_conf+=(--conf "$2"); shift 2 ;;
    --config) config_file="$2"; shift 2 ;;
    *) job_args+=("$1"); shift ;;
  esac
done
if [[ -z "$config_file" ]]; then
  echo "spark-submit.sh: --config FILE is required; see conf/cluster.conf.example" >&2
  exit 2
fi
if [[ ! -f "$config_file" ]]; then
  echo "spark-submit.sh: config file not found: $config_file" >&2
  exit 2
fi

jar="${HOT_TOPIC_MINER_JAR:-$JAR}"
if [[ "$jar" != local://* && ! -f "$jar" ]]; then
  build_if_missing
fi
# Spark rejects -Dspark.* in spark.executor.extraJavaOptions. The job sets Spark NLP's ONNX thread
# count (sentiment.onnx-threads) in the session conf instead.
java_options="${JAVA17_OPENS[*]}"

if [[ -n "${SPARK_HOME:-}" ]]; then
  submit=("$SPARK_HOME/bin/spark-submit")
else
  build_if_missing
  # In client mode this JVM is the driver, so it takes the heap and log settings of run-local.sh.
  # The explicit log4j2 file wins over the log4j 1 style log4j2.properties in the Spark NLP jar.
  # shellcheck disable=SC2086 # HOT_TOPIC_MINER_JAVA_OPTS holds several options.
  submit=(java ${HOT_TOPIC_MINER_JAVA_OPTS:-} "${JAVA17_OPENS[@]}"
    -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties"
    -cp "$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit)
fi

# In cluster mode the config file travels with --files, so the driver reads it by name from its
# working folder. In client mode the driver runs here and reads it in place.
config_argument="$(basename "$config_file")"
if [[ "$deploy_mode" == "client" ]]; then
  config_argument="$(cd "$(dirname "$config_file")" && pwd)/$(basename "$config_file")"
fi
exec "${submit[@]}" \
  --master "$master" \
  --deploy-mode "$deploy_mode" \
  --name hot-topic-miner \
  --class "$MAIN_CLASS" \
  --files "$config_file" \
  --conf "spark.driver.extraJavaOptions=$java_options" \
  --conf "spark.executor.extraJavaOptions=$java_options" \
  "${spark_conf[@]+"${spark_conf[@]}"}" \
  "$jar" \
  "${job_args[@]+"${job_args[@]}"}" --config "$config_argument"
