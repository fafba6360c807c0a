package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.lake.StagedRun;
import io.hottopicminer.sample.SampleGenerator;
import io.hottopicminer.testing.JobProcess;
import io.hottopicminer.testing.OutputTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a run with SIGKILL while it writes its tables, as a lost node or an OOM killer would, and
 * checks that every table still reads exactly as before, that the rerun completes the date, and
 * that no run date contains duplicate rows. The killed run reads fewer reviews than the completed run
 * before it, so a table it had committed before the kill would differ from the earlier state.
 */
class InterruptedWriteIT {
  private static final String PREVIOUS_DATE = SampleGenerator.LAST_DAY.minusDays(1).toString();

  /** Number of tables the killed run writes (on its branch) before the kill. */
  private static final int WRITES_BEFORE_KILL = 2;

  /** Key columns per table: a run date contains each key once unless rows are duplicated. */
  private static final Map<String, String> KEYS =
      Map.of(
          "scored_reviews", "review_id",
          "review_topics", "review_id, topic",
          "topics", "topic",
          "topic_daily", "topic, review_date",
          "association_rules",
              "array_join(antecedent, ',') || ' => ' || array_join(consequent, ',')",
          "hot_topics", "rank",
          "hot_topic_rules", "to_json(struct(*))",
          "quarantine", "to_json(struct(*))",
          "run_summary", "run_id, stage");

  @TempDir static Path folder;
  private static List<String> settings;
  private static Path fewerReviews;

  @BeforeAll
  static void prepareInputs() throws Exception {
    Path inputs = folder.resolve("inputs");
    TinyRun.writeInputs(inputs);
    settings =
        new ArrayList<>(
            TinyRun.settings(
                inputs.toString(),
                folder.resolve("lake").toString(),
                folder.resolve("catalog.db")));
    settings.add("--set");
    settings.add("lake.models-path=" + TinyRun.sharedLocalModels());

    // The same reviews without every tenth one.
    List<String> reviews = Files.readAllLines(inputs.resolve(SampleGenerator.REVIEWS_FILE));
    List<String> fewerLines = new ArrayList<>();
    for (int i = 0; i < reviews.size(); i++) {
      if (i == 0 || i % 10 != 0) {
        fewerLines.add(reviews.get(i));
      }
    }
    fewerReviews = folder.resolve("fewer-reviews.csv");
    Files.write(fewerReviews, fewerLines);
  }

  @Test
  void killedWriteKeepsPreviousState() throws Exception {
    runToEnd(PREVIOUS_DATE, List.of());
    runToEnd(TinyRun.RUN_DATE, List.of());
    LakeState before = snapshot();

    List<String> changed = List.of("--set", "inputs.reviews.path=" + fewerReviews);
    List<String> killedArgs = new ArrayList<>(settings);
    killedArgs.addAll(changed);
    JobProcess.Running killed =
        JobProcess.start(
            TinyRun.ENV, "run-local.sh", TinyRun.args(killedArgs, "--run-date", TinyRun.RUN_DATE));
    long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000L;
    // The job logs "write: N rows into <table> on branch ..." after each table's branch commit.
    while (writesLogged(killed.stderrSoFar()) < WRITES_BEFORE_KILL && killed.process().isAlive()) {
      assertTrue(System.nanoTime() < deadline, "no write logged within 15 min");
      Thread.sleep(50);
    }
    assertTrue(killed.process().isAlive(), "the run ended before it could be killed");
    killed.kill();
    String log = killed.await(1).stderr();
    assertTrue(writesLogged(log) >= WRITES_BEFORE_KILL, log);
    assertTrue(!log.contains("write: published"), "the run published before the kill:\n" + log);

    LakeState afterKill = snapshot();
    assertEquals(before.tables(), afterKill.tables(), "a killed run changed what readers see");
    String branch = StagedRun.branchName(LocalDate.parse(TinyRun.RUN_DATE));
    assertEquals(List.of("main", branch), afterKill.refs(), "the killed run left no branch");

    runToEnd(TinyRun.RUN_DATE, changed);
    LakeState after = snapshot();
    assertEquals(List.of("main"), after.refs(), "the rerun left a branch behind");
    for (String table : OutputTables.NAMES) {
      String previousDay = table + " " + PREVIOUS_DATE;
      assertEquals(
          before.tables().get(previousDay),
          after.tables().get(previousDay),
          "rerun changed " + previousDay);
    }
    String scored = "scored_reviews " + TinyRun.RUN_DATE;
    String scoredBefore = before.tables().get(scored);
    String scoredAfter = after.tables().get(scored);
    assertNotEquals(scoredBefore, scoredAfter, "the rerun did not replace " + scored);
    assertTrue(
        rows(scoredAfter) < rows(scoredBefore),
        "the rerun read fewer reviews but wrote " + scoredAfter + " after " + scoredBefore);
  }

  private static void runToEnd(String runDate, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(settings);
    args.addAll(extra);
    JobProcess.Result run =
        JobProcess.run(
            TinyRun.ENV, "run-local.sh", 15, TinyRun.args(args, "--run-date", runDate));
    assertEquals(0, run.exitCode(), run.tail());
  }

  private static int writesLogged(String log) {
    return (int) log.lines().filter(line -> line.contains("StagedRun: write: ")).count();
  }

  private static long rows(String cells) {
    return Long.parseLong(cells.split(",")[0]);
  }

  /**
   * What readers of the lake see: per "table run_date" the text "rows,keys,checksum" (row count,
   * number of distinct keys, sum of a hash of every row), and the branch names of scored_reviews.
   */
  private record LakeState(Map<String, String> tables, List<String> refs) {}

  /**
   * Reads the {@link LakeState} in one query. Fails when a date contains duplicate keys, or
   * when run_summary contains more than one run for a date.
   */
  private static LakeState snapshot() throws Exception {
    List<String> parts = new ArrayList<>();
    for (String table : OutputTables.NAMES) {
      parts.add(
          "SELECT '"
              + table
              + "' AS t, string(run_date) AS d, count(*) AS n, count(DISTINCT "
              + KEYS.get(table)
              + ") AS k, count(DISTINCT run_id_or_null) AS r,"
              + " sum(CAST(hash(to_json(struct(*))) AS BIGINT)) AS h FROM (SELECT *, "
              + (table.equals("run_summary") ? "run_id" : "NULL")
              + " AS run_id_or_null FROM "
              + table
              + ") GROUP BY run_date");
    }
    parts.add("SELECT 'refs', name, 0, 0, 0, 0 FROM lake.hot_topics.scored_reviews.refs");
    String query = String.join(" UNION ALL ", parts) + " ORDER BY t, d";
    JobProcess.Result sql =
        JobProcess.run(TinyRun.ENV, "sql.sh", 10, TinyRun.args(settings, query));
    assertEquals(0, sql.exitCode(), sql.tail());
    Map<String, String> snapshot = new TreeMap<>();
    List<String> refs = new ArrayList<>();
    for (String line : sql.stdout().lines().skip(1).toList()) {
      String[] cells = line.split(",");
      if (cells[0].equals("refs")) {
        refs.add(cells[1]);
        continue;
      }
      long rows = Long.parseLong(cells[2]);
      long keys = Long.parseLong(cells[3]);
      assertEquals(rows, keys, "duplicate keys: " + line);
      if (cells[0].equals("run_summary")) {
        assertEquals("1", cells[4], "run_summary holds more than one run for a date: " + line);
      }
      snapshot.put(cells[0] + " " + cells[1], cells[2] + "," + cells[3] + "," + cells[5]);
    }
    for (String table : TinyRun.FILLED_TABLES) {
      for (String date : List.of(PREVIOUS_DATE, TinyRun.RUN_DATE)) {
        assertTrue(snapshot.containsKey(table + " " + date), "no rows in " + table + " " + date);
      }
    }
    return new LakeState(snapshot, refs);
  }
}
