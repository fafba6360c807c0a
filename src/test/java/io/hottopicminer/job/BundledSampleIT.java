package io.hottopicminer.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hottopicminer.lake.Lake;
import io.hottopicminer.lake.LakeSettings;
import io.hottopicminer.lake.LakeViews;
import io.hottopicminer.sample.SampleGenerator;
import io.hottopicminer.testing.JobProcess;
import io.hottopicminer.testing.Notebooks;
import io.hottopicminer.testing.OutputTables;
import io.hottopicminer.testing.SmallLake;
import io.hottopicminer.testing.SparkTestSession;
import io.hottopicminer.testing.TablesDoc;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Runs submit/run-local.sh on the bundled sample, as the README's first command does. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundledSampleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TABLES = OutputTables.NAMES;

  @TempDir static Path lake;
  private static String runDate;
  private static String firstCounts;

  private static String lakeRoot() {
    return "lake.root=" + lake.toAbsolutePath();
  }

  @Test
  @Order(1)
  void plantedBurstRanksFirst() throws Exception {
    JobProcess.Result result = JobProcess.run("run-local.sh", 30, "--set", lakeRoot());
    assertEquals(0, result.exitCode(), result.tail());

    JsonNode summary = JSON.readTree(result.summaryJson());
    assertEquals("success", summary.get("status").asText());
    runDate = summary.get("run_date").asText();
    assertEquals(SampleGenerator.LAST_DAY.toString(), runDate);

    String stdout = result.stdout();
    assertTrue(stdout.contains("Top hot topics for run_date " + runDate), stdout);
    // The planted burst topic is the one that carries most of the weight of the burst reviews:
    // hinge complaints written from the first burst day on.
    List<String> burst =
        JobProcess.run(
                "sql.sh",
                10,
                "--set",
                lakeRoot(),
                "SELECT h.rank, h.label FROM hot_topics h JOIN (SELECT t.topic, sum(t.topic_weight)"
                    + " AS burst_weight FROM review_topics t JOIN scored_reviews s ON t.review_id ="
                    + " s.review_id AND t.run_date = s.run_date WHERE s.run_date = DATE'"
                    + runDate
                    + "' AND s.review_date >= DATE'"
                    + SampleGenerator.BURST_FIRST_DAY
                    + "' AND lower(s.review_text) LIKE '%hinge%'"
                    + " GROUP BY t.topic ORDER BY burst_weight DESC LIMIT 1) b ON h.topic = b.topic"
                    + " WHERE h.run_date = DATE'"
                    + runDate
                    + "'")
            .stdout()
            .lines()
            .toList();
    assertEquals(2, burst.size(), String.join("\n", burst));
    assertTrue(burst.get(1).startsWith("1,"), "burst topic rank: " + burst + "\n" + stdout);
    String burstLabel = burst.get(1).substring(2);
    assertTrue(tableRow(stdout, 1).contains(burstLabel), stdout);

    Path report = reportPath(stdout);
    assertTrue(Files.isRegularFile(report), "missing run report " + report);
    String html = Files.readString(report);
    String firstSection = firstTopicSection(html);
    assertTrue(
        firstSection.contains(burstLabel),
        "the report's first topic should be the planted burst "
            + burstLabel
            + ":\n"
            + firstSection);
  }

  @Test
  @Order(2)
  void sqlPrintsRankedRows() throws Exception {
    JobProcess.Result result =
        JobProcess.run(
            "sql.sh", 10, "--set", lakeRoot(), "SELECT * FROM hot_topics ORDER BY rank LIMIT 5");
    assertEquals(0, result.exitCode(), result.tail());
    List<String> lines = result.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("rank,topic,label"), lines.get(0));
    assertEquals(6, lines.size(), result.stdout());
    assertTrue(lines.get(1).startsWith("1,"), lines.get(1));
    firstCounts = counts();
  }

  @Test
  @Order(2)
  void sqlReadsFileAsTable() throws Exception {
    Path query = lake.resolve("top3.sql");
    Files.writeString(query, "SELECT rank, label FROM latest_hot_topics\nORDER BY rank LIMIT 3;\n");
    JobProcess.Result result =
        JobProcess.run(
            "sql.sh", 10, "--set", lakeRoot(), "--format", "table", "--file", query.toString());
    assertEquals(0, result.exitCode(), result.tail());
    List<String> rows =
        result.stdout().lines().filter(line -> line.matches("\\|\\s*\\d+\\s*\\|.*")).toList();
    assertEquals(3, rows.size(), result.stdout());
    assertTrue(rows.get(0).matches("\\|\\s*1\\s*\\|.*"), rows.get(0));
    boolean header =
        result
            .stdout()
            .lines()
            .anyMatch(line -> line.matches("\\|\\s*rank\\s*\\|\\s*label\\s*\\|"));
    assertTrue(header, result.stdout());
  }

  @Test
  @Order(3)
  void rerunKeepsRowCounts() throws Exception {
    JobProcess.Result result =
        JobProcess.run("run-local.sh", 30, "--run-date", runDate, "--set", lakeRoot());
    assertEquals(0, result.exitCode(), result.tail());
    assertEquals(firstCounts, counts());
  }

  @Test
  @Order(4)
  void invalidSettingExitsWithTwo() throws Exception {
    JobProcess.Result result =
        JobProcess.run("run-local.sh", 10, "--set", lakeRoot(), "--set", "topics.k=1");
    assertEquals(2, result.exitCode(), result.tail());
    assertTrue(result.stderr().contains("hot-topic-miner.topics.k"), result.tail());
  }

  /**
   * Checks that a saved head whose metadata does not match the settings is rejected with exit
   * code 2 and the key to change, and that no table changes. The first run sets another training
   * sampling, and the second loads a copy of the head whose label mapping was edited.
   */
  @Test
  @Order(4)
  void mismatchedHeadExitsWithTwo() throws Exception {
    JobProcess.Result sampling =
        JobProcess.run(
            "run-local.sh",
            10,
            "--set",
            lakeRoot(),
            "--set",
            "sentiment.training.sampling=natural");
    assertEquals(2, sampling.exitCode(), sampling.tail());
    assertTrue(
        sampling.stderr().contains("hot-topic-miner.sentiment.training.sampling"),
        sampling.tail());

    Path head = lake.resolve("models/sentiment/bge-small-en-v1.5");
    copyFolder(head.resolve("v1"), head.resolve("v1-relabelled"));
    Path metadata = head.resolve("v1-relabelled/metadata.json");
    ObjectNode json = (ObjectNode) JSON.readTree(metadata.toFile());
    json.set("labelMapping", JSON.readTree("{\"negative\":[1],\"neutral\":[2,3],\"positive\":[4,5]}"));
    Files.writeString(metadata, json.toString());
    // Hadoop's local file system checks each file against its .crc file, which a hand edit leaves
    // stale.
    Files.delete(metadata.resolveSibling(".metadata.json.crc"));
    JobProcess.Result labels =
        JobProcess.run(
            "run-local.sh",
            10,
            "--set",
            lakeRoot(),
            "--set",
            "sentiment.model-version=v1-relabelled");
    assertEquals(2, labels.exitCode(), labels.tail());
    assertTrue(labels.stderr().contains("hot-topic-miner.sentiment.model-version"), labels.tail());
    assertTrue(labels.stderr().contains("label mapping"), labels.tail());
    assertEquals(firstCounts, counts());
  }

  @Test
  @Order(5)
  void lakeMatchesDocsViewsAndNotebooks() throws Exception {
    SparkSession spark = SparkTestSession.get();
    // Iceberg's JDBC catalog stores the catalog name with each table, so the name must be the
    // job's default, "lake".
    LakeSettings settings = SmallLake.settings(lake, "lake");
    Lake.catalogConf(settings).forEach((key, value) -> spark.conf().set(key, value));

    Map<String, List<TablesDoc.Column>> documented = TablesDoc.read();
    for (String table : TABLES) {
      StructType schema = spark.table(settings.table(table)).schema();
      assertEquals(documented.get(table), TablesDoc.columns(schema), "columns of " + table);
    }

    Date date = Date.valueOf(runDate);
    for (String view : new LakeViews(spark, settings).definitions().keySet()) {
      long rows = spark.table(settings.table(view)).where(col("run_date").equalTo(date)).count();
      assertTrue(rows > 0, "view " + view + " has no rows for " + runDate);
    }

    spark.sql("USE lake.hot_topics");
    int hottest = spark.sql("SELECT topic FROM latest_hot_topics WHERE rank = 1").first().getInt(0);
    Map<String, Object> values =
        Map.of(
            "run_date",
            date,
            "top",
            10,
            "topic",
            hottest,
            "limit",
            20,
            "product_id",
            SampleGenerator.BURST_PRODUCT_IDS.get(0));
    for (Path notebook : Notebooks.files()) {
      for (Notebooks.Statement statement : Notebooks.statements(notebook)) {
        List<Row> rows = spark.sql(statement.sql(), statement.arguments(values)).collectAsList();
        assertFalse(rows.isEmpty(), statement.notebook() + " has no rows for:\n" + statement.sql());
      }
    }
  }

  /** Returns "table=rows" for every table at the run date, one per line. */
  private static String counts() throws Exception {
    JobProcess.Result result =
        JobProcess.run("sql.sh", 10, "--set", lakeRoot(), OutputTables.rowCountsQuery(runDate));
    assertEquals(0, result.exitCode(), result.tail());
    String counts = result.stdout();
    for (String table : TABLES) {
      if (!table.equals("quarantine")
          && !table.equals("association_rules")
          && !table.equals("hot_topic_rules")) {
        assertTrue(!counts.contains(table + ",0\n"), "empty table " + table + ":\n" + counts);
      }
    }
    return counts;
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  /** Returns the local path of the "Run report: file:/..." line the job prints. */
  private static Path reportPath(String stdout) {
    String line =
        stdout
            .lines()
            .filter(text -> text.startsWith("Run report: "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run report line in:\n" + stdout));
    return Path.of(URI.create(line.substring("Run report: ".length()).trim()));
  }

  /** Returns the heading and top terms of the report's first topic section. */
  private static String firstTopicSection(String html) {
    int start = html.indexOf("<section class=\"topic\"");
    assertTrue(start >= 0, "no topic section in the report");
    int end = html.indexOf("<h3>Top products</h3>", start);
    return html.substring(start, end);
  }

  /** Returns the text of data row {@code rank} of the aligned table printed by the job. */
  private static String tableRow(String stdout, int rank) {
    return stdout
        .lines()
        .filter(line -> line.matches("\\|\\s*" + rank + "\\s*\\|.*"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + rank + " in:\n" + stdout));
  }
}
