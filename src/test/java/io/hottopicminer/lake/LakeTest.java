package io.hottopicminer.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
  private static final LocalDate DAY_ONE = LocalDate.of(2025, 9, 29);
  private static final LocalDate DAY_TWO = LocalDate.of(2025, 9, 30);
  private static final StructType SCHEMA =
      new StructType().add("topic", DataTypes.IntegerType).add("label", DataTypes.StringType);

  @TempDir static Path folder;
  private static SparkSession spark;
  private static Lake lake;

  @BeforeAll
  static void createLake() {
    spark = SparkTestSession.get();
    LakeSettings settings =
        new LakeSettings(
            folder.toString(),
            folder.resolve("models").toString(),
            "laketest",
            "hot_topics",
            Map.of(
                "type",
                "jdbc",
                "uri",
                "jdbc:sqlite:" + folder.resolve("catalog.db"),
                "jdbc.schema-version",
                "V1",
                "warehouse",
                folder.resolve("warehouse").toString()));
    Lake.catalogConf(settings).forEach((key, value) -> spark.conf().set(key, value));
    lake = new Lake(spark, settings);
    lake.prepare();
  }

  private static Dataset<Row> rows(int count, String label) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create(i, label));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void rerunReplacesOnlyItsDate() {
    assertEquals(3, lake.replaceRunDate("topics", rows(3, "first"), DAY_ONE));
    assertEquals(4, lake.replaceRunDate("topics", rows(4, "second"), DAY_TWO));
    assertEquals(5, lake.replaceRunDate("topics", rows(5, "rerun"), DAY_TWO));

    String table = lake.settings().table("topics");
    assertEquals(3, lake.rowCount(table, DAY_ONE));
    assertEquals(5, lake.rowCount(table, DAY_TWO));
    long stale =
        spark
            .sql(
                "SELECT * FROM "
                    + table
                    + " WHERE run_date = DATE'2025-09-30' AND label <> 'rerun'")
            .count();
    assertEquals(0, stale);
  }

  @Test
  void emptyRerunClearsItsDate() {
    lake.replaceRunDate("rules", rows(2, "old"), DAY_ONE);
    lake.replaceRunDate("rules", rows(2, "keep"), DAY_TWO);
    assertEquals(0, lake.replaceRunDate("rules", rows(0, "none"), DAY_ONE));
    assertEquals(2, lake.rowCount(lake.settings().table("rules"), DAY_TWO));
  }

  @Test
  void newColumnIsAddedToExistingTable() {
    lake.replaceRunDate("evolving", rows(2, "old"), DAY_ONE);
    StructType wider = SCHEMA.add("coherence", DataTypes.DoubleType, false);
    Dataset<Row> widerRows =
        spark.createDataFrame(List.of(RowFactory.create(7, "new", 0.25)), wider);

    assertEquals(1, lake.replaceRunDate("evolving", widerRows, DAY_TWO));

    String table = lake.settings().table("evolving");
    List<Row> read =
        spark.sql("SELECT topic, coherence FROM " + table + " ORDER BY topic").collectAsList();
    assertEquals(3, read.size());
    assertTrue(read.get(0).isNullAt(1), "rows written before the column existed read null");
    assertTrue(read.get(1).isNullAt(1), "rows written before the column existed read null");
    assertEquals(0.25, read.get(2).getDouble(1));
  }

  @Test
  void tableIsPartitionedByRunDate() {
    lake.replaceRunDate("partitioned", rows(1, "x"), DAY_ONE);
    List<Row> partitions =
        spark
            .sql("SELECT partition FROM " + lake.settings().table("partitioned") + ".partitions")
            .collectAsList();
    assertEquals(1, partitions.size());
    assertTrue(partitions.get(0).toString().contains("2025-09-29"), partitions.toString());
  }
}
