package io.hottopicminer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hottopicminer.testing.JobProcess;
import io.hottopicminer.testing.OutputTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job twice on real public data (Amazon Musical Instruments reviews with UCI Online Retail
 * baskets) when the shared data folder is next to the project.
 */
class RealDataIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = "conf/musical-instruments-uci.conf";
  private static final List<String> TABLES = OutputTables.NAMES;

  @TempDir static Path lake;
  private static JobProcess.Result first;
  private static String runDate;

  @BeforeAll
  static void runOnce() throws Exception {
    Assumptions.assumeTrue(
        Files.isDirectory(JobProcess.sharedData().resolve("amazon_musical_instruments")),
        "real data not found at " + JobProcess.sharedData());
    first = JobProcess.run("run-local.sh", 40, "--config", CONFIG, "--set", lakeRoot());
    assertEquals(0, first.exitCode(), first.tail());
    runDate = JSON.readTree(first.summaryJson()).get("run_date").asText();
  }

  private static String lakeRoot() {
    return "lake.root=" + lake.toAbsolutePath();
  }

  @Test
  void everyInputRowIsAcceptedOrQuarantined() throws Exception {
    JsonNode stages = JSON.readTree(first.summaryJson()).get("stages");
    for (String input : List.of("ingest-reviews", "ingest-events")) {
      JsonNode stage = stages.get(input);
      assertTrue(stage != null, "no stage " + input + " in " + stages);
      long read = stage.get("rows_in").asLong();
      long accepted = stage.get("rows_out").asLong();
      long quarantined = stage.get("quarantined").asLong();
      assertTrue(read > 0, input + " read no rows");
      assertEquals(read, accepted + quarantined, input + ": " + stage);
    }
    assertEquals(5050, stages.get("ingest-reviews").get("rows_in").asLong());
  }

  @Test
  void atLeastFiveTopicsAreRanked() throws Exception {
    List<String> rows =
        query(
            "SELECT rank, label FROM hot_topics WHERE run_date = DATE'"
                + runDate
                + "' ORDER BY rank");
    assertTrue(rows.size() - 1 >= 5, String.join("\n", rows));
  }

  @Test
  void someRuleHasLiftAboveOne() throws Exception {
    List<String> rows =
        query(
            "SELECT count(*) AS rules, max(lift) AS max_lift, sum(CASE WHEN"
                + " array_contains(consequent, antecedent[0]) THEN 1 ELSE 0 END) AS both_sides FROM"
                + " association_rules WHERE run_date = DATE'"
                + runDate
                + "'");
    String[] values = rows.get(1).split(",");
    assertTrue(Long.parseLong(values[0]) > 0, rows.toString());
    assertTrue(Double.parseDouble(values[1]) > 1.0, rows.toString());
    assertEquals("0", values[2], rows.toString());
  }

  @Test
  void explodingSupportExitsWithTwo() throws Exception {
    JobProcess.Result result =
        JobProcess.run(
            "run-local.sh",
            20,
            "--config",
            CONFIG,
            "--run-date",
            runDate,
            "--set",
            lakeRoot(),
            "--set",
            "rules.min-support=0.0005");
    assertEquals(2, result.exitCode(), result.tail());
    assertTrue(result.stderr().contains("hot-topic-miner.rules.min-support"), result.tail());
  }

  @Test
  void rerunOfSameDateKeepsRowCounts() throws Exception {
    String before = counts();
    JobProcess.Result second =
        JobProcess.run(
            "run-local.sh", 40, "--config", CONFIG, "--run-date", runDate, "--set", lakeRoot());
    assertEquals(0, second.exitCode(), second.tail());
    assertEquals(before, counts());
  }

  private static String counts() throws Exception {
    return String.join("\n", query(OutputTables.rowCountsQuery(runDate)));
  }

  private static List<String> query(String sql) throws Exception {
    JobProcess.Result result =
        JobProcess.run("sql.sh", 10, "--config", CONFIG, "--set", lakeRoot(), sql);
    assertEquals(0, result.exitCode(), result.tail());
    return result.stdout().lines().toList();
  }
}
