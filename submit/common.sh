# Shared set-up for run-local.sh and sql.sh: builds the jar when missing and runs the job's main
# class on the Spark jars that Maven resolved, so no Spark installation is needed.
# shellcheck shell=bash

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$PROJECT_DIR/target/hot-topic-miner.jar"
CLASSPATH_FILE="$PROJECT_DIR/target/classpath.txt"
MAIN_CLASS="io.hottopicminer.job.HotTopicJob"
# A local run serves Spark's driver and block manager on loopback only.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# Spark on Java 17 needs these opens; the same list is in pom.xml (surefire) and spark-submit.sh.
JAVA17_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
)

build_if_missing() {
  if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" ]]; then
    echo "Building $JAR (first run only; takes a few minutes)..." >&2
    (cd "$PROJECT_DIR" && mvn -B -q -DskipTests package dependency:build-classpath \
      -Dmdep.outputFile="$CLASSPATH_FILE" -Dmdep.includeScope=compile) >&2
  fi
}

# run_job ARGS...: runs the job in this JVM-per-call style with a scratch folder for temporary files.
run_job() {
  local scratch="${HOT_TOPIC_MINER_SCRATCH:-$PROJECT_DIR/target/scratch}"
  mkdir -p "$scratch"
  # One temporary folder per run, because runs from the same checkout may overlap and each one
  # deletes its folder at the end.
  local tmp
  tmp="$(mktemp -d "$scratch/tmp.XXXXXX")"
  local status=0
  (cd "$PROJECT_DIR" && java \
    ${HOT_TOPIC_MINER_JAVA_OPTS:--Xmx8g} \
    "${JAVA17_OPENS[@]}" \
    -Djava.io.tmpdir="$tmp" \
    -Dspark.jsl.settings.onnx.intraOpNumThreads=1 \
    -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
    -cp "$JAR:$(cat "$CLASSPATH_FILE")" \
    "$MAIN_CLASS" "$@") || status=$?
  # Spark NLP copies each model into java.io.tmpdir and never deletes the copies.
  rm -rf "$tmp"
  return "$status"
}

# absolute_path_args ARGS...: prints ARGS one per line (NUL-separated) with the values of --config
# and --file made absolute, because run_job starts the JVM in the project folder.
absolute_path_args() {
  local expect_path=false arg
  for arg in "$@"; do
    if [[ "$expect_path" == true && "$arg" != /* ]]; then
      arg="$PWD/$arg"
    fi
    expect_path=false
    case "$arg" in
      --config|--file) expect_path=true ;;
      --config=*) [[ "${arg#--config=}" != /* ]] && arg="--config=$PWD/${arg#--config=}" ;;
    esac
    printf '%s\0' "$arg"
  done
}
