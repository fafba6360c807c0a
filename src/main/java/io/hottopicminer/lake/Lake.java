package io.hottopicminer.lake;

import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output tables in an Iceberg catalog. Every table is partitioned by {@code run_date}, and a write
 * replaces exactly the rows of its run date in one Iceberg commit, so a rerun neither duplicates
 * nor half-writes a date and other dates stay untouched.
 */
public final class Lake {
  public static final String RUN_DATE = "run_date";
  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

  private final SparkSession spark;
  private final LakeSettings settings;

  public Lake(SparkSession spark, LakeSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Static Spark setting that enables Iceberg's SQL extensions; it must be set at start-up. */
  public static final String SQL_EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  /**
   * Returns the Spark settings that register the Iceberg catalog of {@code settings}; they can be
   * set on a running session.
   */
  public static Map<String, String> catalogConf(LakeSettings settings) {
    var conf = new java.util.LinkedHashMap<String, String>();
    String prefix = "spark.sql.catalog." + settings.catalogName();
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    settings.catalogProperties().forEach((key, value) -> conf.put(prefix + "." + key, value));
    return conf;
  }

  /** Creates the local lake folders (a SQLite catalog needs its parent folder) and the namespace. */
  public void prepare() {
    createLocalFolder(settings.root());
    String uri = settings.catalogProperties().getOrDefault("uri", "");
    if (uri.startsWith("jdbc:sqlite:")) {
      createLocalFolder(Path.of(uri.substring("jdbc:sqlite:".length())).getParent().toString());
    }
    spark.sql(
        "CREATE NAMESPACE IF NOT EXISTS " + settings.catalogName() + "." + settings.namespace());
  }

  /**
   * Replaces the rows of {@code runDate} in table {@code name} with {@code rows} (plus a run_date
   * column), creating the table on first use. Returns the number of rows written.
   */
  public long replaceRunDate(String name, Dataset<Row> rows, LocalDate runDate) {
    String table = settings.table(name);
    Column date = functions.lit(java.sql.Date.valueOf(runDate));
    Dataset<Row> dated = rows.withColumn(RUN_DATE, date);
    long started = System.nanoTime();
    SparkJobs.named(
        spark,
        "write",
        "replace " + RUN_DATE + "=" + runDate + " in " + table,
        () -> {
          write(table, dated, date);
          return null;
        });
    long written = rowCount(table, runDate);
    LOG.info(
        "write: {} rows into {} for {}={} in {} s",
        written,
        table,
        RUN_DATE,
        runDate,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return written;
  }

  private void write(String table, Dataset<Row> dated, Column date) {
    try {
      if (exists(table)) {
        // overwrite(condition) also clears the date when the new rows are empty, which
        // overwritePartitions() would not.
        dated.writeTo(table).overwrite(functions.col(RUN_DATE).equalTo(date));
      } else {
        dated
            .writeTo(table)
            .using("iceberg")
            .partitionedBy(functions.col(RUN_DATE), noMoreColumns())
            .tableProperty("format-version", "2")
            .create();
      }
    } catch (NoSuchTableException | TableAlreadyExistsException e) {
      throw new IllegalStateException(
          "Table " + table + " was created or dropped by another writer during this run; rerun", e);
    }
  }

  private static scala.collection.Seq<Column> noMoreColumns() {
    return scala.collection.JavaConverters.asScalaBuffer(new java.util.ArrayList<Column>());
  }

  /** Returns the number of rows of {@code runDate} in table {@code name}. */
  public long rowCount(String table, LocalDate runDate) {
    return SparkJobs.named(
        spark,
        "write",
        "count " + table,
        () ->
            spark
                .table(table)
                .where(functions.col(RUN_DATE).equalTo(functions.lit(java.sql.Date.valueOf(runDate))))
                .count());
  }

  public boolean exists(String table) {
    return spark.catalog().tableExists(table);
  }

  public LakeSettings settings() {
    return settings;
  }

  private static void createLocalFolder(String path) {
    if (LakeSettings.hasScheme(path) && !path.startsWith("file:")) {
      return;
    }
    try {
      Files.createDirectories(Path.of(path.replaceFirst("^file:", "")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create lake folder " + path, e);
    }
  }
}
