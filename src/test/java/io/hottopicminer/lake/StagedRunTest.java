package io.hottopicminer.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write-audit-publish of a run's tables, in the JDBC catalog (the local default) and in Iceberg's
 * Hadoop catalog, which keeps its metadata in the warehouse folder and needs no catalog service.
 */
class StagedRunTest {
  private static final LocalDate DAY_ONE = LocalDate.of(2025, 9, 29);
  private static final LocalDate DAY_TWO = LocalDate.of(2025, 9, 30);
  private static final StructType SCHEMA =
      new StructType().add("topic", DataTypes.IntegerType).add("label", DataTypes.StringType);

  @TempDir Path folder;

  private SparkSession spark;

  private Lake lake(String catalogType) {
    spark = SparkTestSession.get();
    String catalogName = "staged_" + catalogType + "_" + Math.abs(folder.hashCode());
    LakeSettings settings =
        new LakeSettings(
            folder.toString(),
            folder.resolve("models").toString(),
            catalogName,
            "hot_topics",
            catalogType.equals("jdbc")
                ? Map.of(
                    "type",
                    "jdbc",
                    "uri",
                    "jdbc:sqlite:" + folder.resolve("catalog.db"),
                    "jdbc.schema-version",
                    "V1",
                    "warehouse",
                    folder.resolve("warehouse").toString())
                : Map.of("type", "hadoop", "warehouse", folder.resolve("warehouse").toString()));
    Lake.catalogConf(settings).forEach((key, value) -> spark.conf().set(key, value));
    Lake lake = new Lake(spark, settings);
    lake.prepare();
    return lake;
  }

  private Dataset<Row> rows(int count, String label) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create(i, label));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private long count(Lake lake, String name, String where) {
    return spark.sql("SELECT * FROM " + lake.settings().table(name) + " WHERE " + where).count();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "hadoop"})
  void stagedTablesHiddenUntilPublish(String catalogType) {
    Lake lake = lake(catalogType);
    lake.replaceRunDate("topics", rows(3, "old"), DAY_TWO);
    lake.replaceRunDate("rules", rows(2, "old"), DAY_TWO);

    StagedRun run = lake.stage(DAY_TWO);
    assertEquals(4, run.write("topics", rows(4, "new")));
    assertEquals(5, run.write("rules", rows(5, "new")));
    assertEquals(1, run.write("created", rows(1, "new")));
    assertEquals(3, count(lake, "topics", "label = 'old'"));
    assertEquals(0, count(lake, "topics", "label = 'new'"));
    assertEquals(2, count(lake, "rules", "label = 'old'"));
    assertEquals(0, count(lake, "created", "true"));

    run.publish();
    assertEquals(4, count(lake, "topics", "label = 'new'"));
    assertEquals(0, count(lake, "topics", "label = 'old'"));
    assertEquals(5, count(lake, "rules", "label = 'new'"));
    assertEquals(1, count(lake, "created", "label = 'new'"));
    for (String name : List.of("topics", "rules", "created")) {
      assertEquals(
          List.of("main"), refs(lake, name), "branches left on " + name + " after publish");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "hadoop"})
  void rerunDropsUnpublishedBranch(String catalogType) {
    Lake lake = lake(catalogType);
    lake.replaceRunDate("topics", rows(3, "first"), DAY_ONE);
    lake.replaceRunDate("topics", rows(3, "old"), DAY_TWO);

    // A run that wrote its branch and was killed before publish().
    StagedRun killed = lake.stage(DAY_TWO);
    killed.write("topics", rows(7, "killed"));
    assertEquals(List.of("main", StagedRun.branchName(DAY_TWO)), refs(lake, "topics"));

    StagedRun rerun = lake.stage(DAY_TWO);
    assertEquals(List.of("main"), refs(lake, "topics"));
    assertEquals(2, rerun.write("topics", rows(2, "rerun")));
    rerun.publish();
    assertEquals(2, count(lake, "topics", "run_date = DATE'2025-09-30'"));
    assertEquals(2, count(lake, "topics", "label = 'rerun'"));
    assertEquals(0, count(lake, "topics", "label = 'killed'"));
    assertEquals(3, count(lake, "topics", "run_date = DATE'2025-09-29' AND label = 'first'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc", "hadoop"})
  void publishRejectsMovedMain(String catalogType) {
    Lake lake = lake(catalogType);
    lake.replaceRunDate("topics", rows(3, "old"), DAY_TWO);
    StagedRun run = lake.stage(DAY_TWO);
    run.write("topics", rows(4, "staged"));
    // Another writer commits to main after the run branched off it.
    lake.replaceRunDate("topics", rows(1, "other"), DAY_ONE);

    assertThrows(RuntimeException.class, run::publish);
    assertEquals(1, count(lake, "topics", "label = 'other'"));
    assertEquals(3, count(lake, "topics", "label = 'old'"));
    assertEquals(0, count(lake, "topics", "label = 'staged'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hadoop"})
  void hadoopCatalogSkipsViews(String catalogType) {
    Lake lake = lake(catalogType);
    lake.replaceRunDate("hot_topics", rows(1, "x"), DAY_TWO);
    int created = new LakeViews(spark, lake.settings()).createOrReplace();
    assertEquals(0, created);
    assertTrue(
        folder.resolve("warehouse/hot_topics/hot_topics/metadata").toFile().isDirectory(),
        "Hadoop catalog metadata is not under the warehouse folder");
    assertFalse(folder.resolve("catalog.db").toFile().exists(), "a SQLite catalog was created");
  }

  private List<String> refs(Lake lake, String name) {
    return spark
        .sql("SELECT name FROM " + lake.settings().table(name) + ".refs ORDER BY name")
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }
}
