package io.hottopicminer.lake;

import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Output tables in an Iceberg catalog. Every table is partitioned by {@code run_date}, and a write
 * replaces exactly the rows of its run date, so a rerun neither duplicates nor half-writes a date
 * and other dates stay untouched. Writes go through {@link StagedRun}, which publishes all tables
 * of a run after the last one is written.
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

  /**
   * Creates the local lake folders (a SQLite catalog needs its parent folder) and the namespace.
   */
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
   * column), creating the table on first use, and publishes the change at once. Returns the number
   * of rows written. A run that writes several tables uses {@link #stage(LocalDate)} instead, so
   * that readers see all of its tables change together.
   */
  public long replaceRunDate(String name, Dataset<Row> rows, LocalDate runDate) {
    StagedRun run = stage(runDate);
    long written = run.write(name, rows);
    run.publish();
    return written;
  }

  /**
   * Starts the staged writes of one run for {@code runDate}. It first drops the branch of that run
   * date from every table of the namespace, because such a branch is left over from a run that was
   * killed before it published.
   */
  public StagedRun stage(LocalDate runDate) {
    String branch = StagedRun.branchName(runDate);
    String namespace = settings.catalogName() + "." + settings.namespace();
    List<Row> tables =
        SparkJobs.named(
            spark,
            "write",
            "list tables",
            () -> spark.sql("SHOW TABLES IN " + namespace).collectAsList());
    for (Row row : tables) {
      String table = namespace + "." + row.getString(row.fieldIndex("tableName"));
      Table iceberg = icebergTable(table);
      if (iceberg.refs().containsKey(branch)) {
        iceberg.manageSnapshots().removeBranch(branch).commit();
        LOG.warn(
            "write: dropped branch {} of table {}, left by an earlier run of {}={} that did not"
                + " publish",
            branch,
            table,
            RUN_DATE,
            runDate);
      }
    }
    return new StagedRun(spark, this, runDate);
  }

  /**
   * Returns the Iceberg table {@code table}, first creating it empty with {@code schema} and
   * partitioned by run_date when it does not exist. An existing table gains the top-level columns
   * of {@code schema} that it lacks, as optional columns, so that rows written before a column
   * existed read it as null.
   */
  Table createIfMissing(String table, StructType schema) {
    if (!exists(table)) {
      try {
        spark
            .createDataFrame(List.<Row>of(), schema)
            .writeTo(table)
            .using("iceberg")
            .partitionedBy(functions.col(RUN_DATE), noMoreColumns())
            .tableProperty("format-version", "2")
            .create();
      } catch (TableAlreadyExistsException e) {
        throw new IllegalStateException(
            "Table " + table + " was created by another writer during this run; rerun", e);
      }
      return icebergTable(table);
    }
    Table iceberg = icebergTable(table);
    UpdateSchema update = iceberg.updateSchema();
    List<String> added = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (iceberg.schema().findField(field.name()) == null) {
        update.addColumn(field.name(), SparkSchemaUtil.convert(field.dataType()));
        added.add(field.name());
      }
    }
    if (!added.isEmpty()) {
      update.commit();
      LOG.info("write: added columns {} to table {}", added, table);
    }
    return iceberg;
  }

  /** Returns the Iceberg table behind the Spark table name {@code table}. */
  Table icebergTable(String table) {
    try {
      return Spark3Util.loadIcebergTable(spark, table);
    } catch (NoSuchTableException e) {
      throw new IllegalStateException(
          "Table " + table + " was dropped by another writer during this run; rerun", e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("Invalid table name " + table, e);
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
                .where(
                    functions.col(RUN_DATE).equalTo(functions.lit(java.sql.Date.valueOf(runDate))))
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
