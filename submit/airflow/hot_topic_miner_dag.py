"""Daily hot-topic-miner run on a Spark cluster, scheduled by Apache Airflow.

Copy this file into the DAGs folder of an Airflow 2.x installation that has the
apache-airflow-providers-apache-spark package and a Spark connection named
``spark_default`` (its host is the master URL: yarn, k8s://https://HOST:PORT or
spark://HOST:7077). The job jar and the config file must be readable where
spark-submit runs; the paths below are examples.

Each run processes the DAG run's logical date (``{{ ds }}``). The job replaces
the rows of that run date in every table in one Iceberg commit per table, so a
retry or a rerun of the same date never duplicates rows and leaves other dates
untouched.

Backfill: ``airflow dags backfill hot_topic_miner --start-date 2025-09-01
--end-date 2025-09-30`` runs one job per day in date order (max_active_runs=1
keeps them sequential, which the daily series of the ranking expects). Reruns
of single days: clear the task instance in the UI or with ``airflow tasks
clear``. Exit code 2 (invalid configuration or input) will fail again on a
retry, so fix the config or the input before clearing.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JOB_JAR = "/opt/hot-topic-miner/hot-topic-miner.jar"
JOB_CONFIG = "/opt/hot-topic-miner/conf/cluster.conf"

# The same --add-opens list as submit/common.sh: Spark 3.5 on Java 17 needs it on the
# driver and on every executor.
JAVA17_OPTIONS = " ".join(
    [
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
        "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "-Djdk.reflect.useDirectMethodHandle=false",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-Dspark.jsl.settings.onnx.intraOpNumThreads=1",
    ]
)

default_args = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=15),
    "execution_timeout": timedelta(hours=2),
}

with DAG(
    dag_id="hot_topic_miner",
    description="Rank hot review topics and mine basket rules for one day",
    schedule="@daily",
    start_date=datetime(2025, 9, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["hot-topic-miner", "spark"],
) as dag:
    run_job = SparkSubmitOperator(
        task_id="run_hot_topic_miner",
        conn_id="spark_default",
        application=JOB_JAR,
        java_class="io.hottopicminer.job.HotTopicJob",
        name="hot-topic-miner-{{ ds }}",
        deploy_mode="cluster",
        # In cluster mode the driver finds the config by file name in its working folder.
        files=JOB_CONFIG,
        conf={
            "spark.driver.extraJavaOptions": JAVA17_OPTIONS,
            "spark.executor.extraJavaOptions": JAVA17_OPTIONS,
        },
        application_args=[
            "run",
            "--config",
            "cluster.conf",
            "--run-date",
            "{{ ds }}",
            "--set",
            "spark.app-name=hot-topic-miner-{{ ds }}",
        ],
    )
