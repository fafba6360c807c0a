package io.hottopicminer.ops;

import io.hottopicminer.sample.SampleGenerator;
import io.hottopicminer.testing.JobProcess;
import io.hottopicminer.testing.OutputTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small inputs and settings that keep the job runs of the integration tests short. The inputs are
 * a slice of the bundled sample (every seventh review, every eighth session). The model has three
 * topics and a sentiment head trained on at most 40 reviews per class.
 */
final class TinyRun {
  static final String RUN_DATE = SampleGenerator.LAST_DAY.toString();

  /**
   * Output tables of one run that must have rows on the tiny input. The other two, hot_topic_rules
   * and quarantine, may be empty there.
   */
  static final List<String> FILLED_TABLES =
      OutputTables.NAMES.stream()
          .filter(table -> !table.equals("hot_topic_rules") && !table.equals("quarantine"))
          .toList();

  /**
   * Environment of each job JVM: a 3 GB heap (several may share a 24 GB machine with the build),
   * and Spark bound to the loopback address, because the tests talk to no other address.
   */
  static final Map<String, String> ENV =
      Map.of("HOT_TOPIC_MINER_JAVA_OPTS", "-Xmx3g", "SPARK_LOCAL_IP", "127.0.0.1");

  private TinyRun() {}

  /** Writes reviews.csv and events.csv, cut from the bundled sample, into {@code folder}. */
  static void writeInputs(Path folder) throws IOException {
    Path full = Files.createTempDirectory("sample");
    SampleGenerator.write(full);
    Files.createDirectories(folder);
    List<String> reviews = Files.readAllLines(full.resolve(SampleGenerator.REVIEWS_FILE));
    List<String> events = Files.readAllLines(full.resolve(SampleGenerator.EVENTS_FILE));
    Files.write(folder.resolve(SampleGenerator.REVIEWS_FILE), everyNth(reviews, 7));
    List<String> keptEvents = new ArrayList<>();
    keptEvents.add(events.get(0));
    for (String line : events.subList(1, events.size())) {
      // Session ids are S000001, S000002, ...; keeping whole sessions keeps baskets intact.
      int session = Integer.parseInt(line.substring(1, line.indexOf(',')));
      if (session % 8 == 0) {
        keptEvents.add(line);
      }
    }
    Files.write(folder.resolve(SampleGenerator.EVENTS_FILE), keptEvents);
    for (String name : List.of(SampleGenerator.REVIEWS_FILE, SampleGenerator.EVENTS_FILE)) {
      Files.delete(full.resolve(name));
    }
    Files.delete(full);
  }

  private static List<String> everyNth(List<String> lines, int n) {
    List<String> kept = new ArrayList<>();
    kept.add(lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      if (i % n == 0) {
        kept.add(lines.get(i));
      }
    }
    return kept;
  }

  /**
   * Returns the job arguments for a tiny run: the bundled config with inputs under {@code
   * inputRoot}, the lake under {@code lakeRoot}, the JDBC catalog in the local {@code catalogDb},
   * and small model settings. Any Hadoop URI works for the two roots.
   */
  static List<String> settings(String inputRoot, String lakeRoot, Path catalogDb) {
    List<String> args = new ArrayList<>();
    args.add("--config");
    args.add(JobProcess.projectDir().resolve("conf").resolve("local.conf").toString());
    for (String setting :
        List.of(
            "spark.master=local[2]",
            "spark.conf.\"spark.sql.shuffle.partitions\"=4",
            "spark.conf.\"spark.ui.enabled\"=false",
            "inputs.reviews.path=" + inputRoot + "/" + SampleGenerator.REVIEWS_FILE,
            "inputs.events.path=" + inputRoot + "/" + SampleGenerator.EVENTS_FILE,
            "lake.root=" + lakeRoot,
            "lake.catalog.uri=jdbc:sqlite:" + catalogDb,
            "topics.k=3",
            "topics.max-iterations=10",
            "sentiment.training.max-reviews-per-class=40",
            "sentiment.training.min-reviews-per-class=5",
            "sentiment.training.epochs=3",
            "ranking.min-recent-volume=0")) {
      args.add("--set");
      args.add(setting);
    }
    return args;
  }

  /**
   * Returns a local models folder with the sentiment head trained on the tiny input, training it on
   * first use. Integration tests that keep models local share it, so the head is trained once per
   * build. The folder is under target/ and goes away with mvn clean.
   */
  static synchronized Path sharedLocalModels() throws IOException, InterruptedException {
    Path base = JobProcess.projectDir().resolve("target").resolve("ops-it-models");
    Path models = base.resolve("models");
    Path done = base.resolve("trained");
    if (Files.exists(done)) {
      return models;
    }
    Path inputs = base.resolve("inputs");
    writeInputs(inputs);
    List<String> train = new ArrayList<>(List.of("train"));
    train.addAll(
        settings(inputs.toString(), base.resolve("lake").toString(), base.resolve("catalog.db")));
    train.add("--set");
    train.add("lake.models-path=" + models);
    JobProcess.Result result =
        JobProcess.run(ENV, "run-local.sh", 15, train.toArray(String[]::new));
    if (result.exitCode() != 0) {
      throw new AssertionError("training the shared head failed:\n" + result.tail());
    }
    Files.writeString(done, RUN_DATE);
    return models;
  }

  /** Returns {@code first} followed by {@code rest}, as one argument array. */
  static String[] args(List<String> first, String... rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  /**
   * Returns a SELECT that counts the rows of each table in {@link #FILLED_TABLES} at the run date.
   */
  static String countQuery() {
    List<String> parts = new ArrayList<>();
    for (String table : FILLED_TABLES) {
      parts.add(
          "SELECT '"
              + table
              + "' AS name, count(*) AS row_count FROM "
              + table
              + " WHERE run_date = DATE'"
              + RUN_DATE
              + "'");
    }
    return String.join(" UNION ALL ", parts);
  }

  /** Parses the CSV printed for {@link #countQuery()} into table name and row count. */
  static Map<String, Long> parseCounts(String csv) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (String line : csv.lines().skip(1).toList()) {
      String[] cells = line.split(",");
      counts.put(cells[0], Long.parseLong(cells[1].trim()));
    }
    return counts;
  }
}
