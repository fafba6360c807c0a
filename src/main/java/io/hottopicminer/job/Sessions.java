package io.hottopicminer.job;

import io.hottopicminer.lake.Lake;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session of a run: master, Iceberg catalog, serializer and time zone. */
final class Sessions {
  private Sessions() {}

  static SparkSession create(JobSettings settings) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(settings.spark().appName())
            .config("spark.sql.extensions", Lake.SQL_EXTENSIONS)
            // Spark NLP moves large annotation arrays between stages; Kryo keeps that cheaper.
            .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .config("spark.kryoserializer.buffer.max", "1000m")
            // Review dates and run dates are calendar days in UTC on every machine.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false");
    // Spark NLP reads its ONNX thread count once per JVM, on first use, from the session conf.
    builder.config(
        "spark.jsl.settings.onnx.intraOpNumThreads",
        String.valueOf(settings.sentiment().onnxThreads()));
    settings.spark().master().ifPresent(builder::master);
    Lake.catalogConf(settings.lake()).forEach(builder::config);
    settings.spark().conf().forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    // A session that already existed (tests, notebooks) keeps its static settings; the catalog
    // settings are runtime ones and are applied here in any case.
    Lake.catalogConf(settings.lake()).forEach((key, value) -> spark.conf().set(key, value));
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    return spark;
  }
}
