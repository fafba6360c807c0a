#!/usr/bin/env bash
# Sourced by the bench/*/run.sh scripts from the project folder. bench_prepare compiles the test
# classes offline and sets BENCH_CLASSPATH (test classes, classes and every test-scope jar) and
# BENCH_OPENS (the --add-opens flags Spark needs on Java 17, as pom.xml's java17.opens lists them).

bench_prepare() {
  local classpath_file=target/bench-classpath.txt
  mvn -B -q -o test-compile
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file"
  BENCH_CLASSPATH="target/test-classes:target/classes:$(cat "$classpath_file")"
  BENCH_OPENS=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' pom.xml)
}
