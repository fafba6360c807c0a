package io.hottopicminer.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session shared by all tests in the JVM; Spark allows one context per JVM. */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      // Surefire points java.io.tmpdir into target/; Spark NLP fails when that folder is missing.
      new java.io.File(System.getProperty("java.io.tmpdir")).mkdirs();
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("hot-topic-miner-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
              .config("spark.kryoserializer.buffer.max", "1000m")
              .config(
                  "spark.sql.extensions",
                  "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
              .getOrCreate();
    }
    return session;
  }
}
