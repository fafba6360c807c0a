package io.hottopicminer.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.typesafe.config.Config;
import io.hottopicminer.config.ConfigLoader;
import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import io.hottopicminer.ingest.Ingest;
import io.hottopicminer.ingest.IngestResult;
import io.hottopicminer.ingest.InvalidInputException;
import io.hottopicminer.lake.Lake;
import io.hottopicminer.lake.LakeViews;
import io.hottopicminer.lake.StagedRun;
import io.hottopicminer.ranking.HotTopicRanking;
import io.hottopicminer.ranking.RankingResult;
import io.hottopicminer.report.RunReport;
import io.hottopicminer.rules.RuleLinks;
import io.hottopicminer.rules.RuleResult;
import io.hottopicminer.rules.RuleStage;
import io.hottopicminer.sample.SampleGenerator;
import io.hottopicminer.sentiment.EmbeddingModelImporter;
import io.hottopicminer.sentiment.SentimentEvaluation;
import io.hottopicminer.sentiment.SentimentResult;
import io.hottopicminer.sentiment.SentimentStage;
import io.hottopicminer.topics.TopicResult;
import io.hottopicminer.topics.TopicStage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of hot-topic-miner for spark-submit and run-local.sh. The {@code run} command loads
 * the inputs, scores sentiment, models topics, mines rules, ranks hot topics and writes every table
 * for one run date.
 */
public final class HotTopicJob {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_INVALID = 2;

  /** Number of hot topics printed at the end of a run. */
  private static final int PRINTED_TOPICS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(HotTopicJob.class);

  private final PrintStream out;

  public HotTopicJob(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    // Results (tables, CSV, the JSON summary) go to the real stdout. Libraries that print progress
    // to System.out, such as Spark NLP's training loop, write to stderr with the logs instead.
    PrintStream results = System.out;
    System.setOut(System.err);
    int status = new HotTopicJob(results).execute(args);
    SparkSession.getActiveSession()
        .foreach(
            session -> {
              session.stop();
              return null;
            });
    System.exit(status);
  }

  /** Runs the command in {@code args} and returns the process exit code; never calls exit. */
  public int execute(String[] args) {
    try {
      CommandLine cli = CommandLine.parse(args);
      if (cli.help()) {
        out.println(CommandLine.USAGE);
        return EXIT_OK;
      }
      if (cli.command().equals("generate-sample")) {
        return generateSample(cli);
      }
      Config config = ConfigLoader.load(cli.configFile(), cli.overrides());
      JobSettings settings = JobSettings.from(config, cli.runDate());
      LOG.info("settings (secrets redacted):\n{}", ConfigLoader.redactedDump(config));
      SparkSession spark = Sessions.create(settings);
      return switch (cli.command()) {
        case "sql" -> new SqlCommand(spark, settings, out).execute(cli);
        case "import-model" -> {
          String path =
              EmbeddingModelImporter.importModel(
                  spark, settings.sentiment(), settings.lake().modelsPath());
          out.println("Imported " + settings.sentiment().embeddingModel() + " into " + path);
          yield EXIT_OK;
        }
        case "train" -> {
          IngestResult input = Ingest.load(spark, settings.inputs(), settings.runDate());
          SentimentStage.train(
              spark, settings.sentiment(), settings.lake().modelsPath(), input.reviews());
          yield EXIT_OK;
        }
        case "evaluate-sentiment" -> evaluateSentiment(spark, settings, cli);
        default -> run(spark, settings);
      };
    } catch (CommandLine.UsageException e) {
      System.err.println("hot-topic-miner: " + e.getMessage());
      return EXIT_INVALID;
    } catch (InvalidConfigException | InvalidInputException e) {
      String message = StorageAccess.deniedMessage(e).orElse(e.getMessage());
      LOG.error("{}", message);
      System.err.println("hot-topic-miner: " + message);
      printStatus("invalid", message);
      return EXIT_INVALID;
    } catch (RuntimeException e) {
      // Rejected credentials are a configuration error even when they surface in a table write.
      java.util.Optional<String> denied = StorageAccess.deniedMessage(e);
      if (denied.isPresent()) {
        LOG.error("{}", denied.get(), e);
        System.err.println("hot-topic-miner: " + denied.get());
        printStatus("invalid", denied.get());
        return EXIT_INVALID;
      }
      LOG.error("Run failed", e);
      System.err.println("hot-topic-miner: run failed: " + e);
      printStatus("failed", String.valueOf(e));
      return EXIT_FAILED;
    }
  }

  /** Runs every stage for one run date, writes the tables and prints the top hot topics. */
  int run(SparkSession spark, JobSettings settings) {
    Instant started = Instant.now();
    String runId = UUID.randomUUID().toString();
    ExecutorLossCounter executorLosses = new ExecutorLossCounter();
    spark.sparkContext().addSparkListener(executorLosses);
    Lake lake = new Lake(spark, settings.lake());
    lake.prepare();

    IngestResult input = Ingest.load(spark, settings.inputs(), settings.runDate());
    LocalDate runDate = input.runDate();
    // Rules run before the transformer: they are cheap, and their explosion guard rejects bad
    // settings before minutes of sentiment scoring are spent.
    RuleResult rules = RuleStage.mine(spark, settings.rules(), input.eventsInWindow());
    SentimentResult sentiment =
        SentimentStage.score(
            spark,
            settings.sentiment(),
            settings.lake().modelsPath(),
            input.reviewsInWindow(),
            input.reviews());
    TopicResult topics =
        TopicStage.model(
            spark,
            settings.topics(),
            sentiment.scoredReviews(),
            runDate,
            previousTopics(spark, lake, runDate));
    RankingResult ranking =
        HotTopicRanking.rank(
            spark,
            settings.ranking(),
            runDate,
            topics,
            sentiment.scoredReviews(),
            input.eventsInWindow());

    Map<String, Long> written = new LinkedHashMap<>();
    StageSummary.Builder write = StageSummary.start("write");
    // Every table is written to a branch first and published after run_summary, so a run that
    // stops before publishing leaves the previous state of every table.
    StagedRun tables = lake.stage(runDate);
    written.put("scored_reviews", tables.write("scored_reviews", sentiment.scoredReviews()));
    written.put("review_topics", tables.write("review_topics", topics.reviewTopics()));
    written.put("topics", tables.write("topics", topics.topics()));
    written.put("topic_daily", tables.write("topic_daily", topics.topicDaily()));
    written.put("association_rules", tables.write("association_rules", rules.rules()));
    written.put("hot_topics", tables.write("hot_topics", ranking.hotTopics()));
    Dataset<Row> topicRules =
        RuleLinks.forTopics(
            spark, rules.rules(), ranking.hotTopics(), settings.rules().rulesPerTopic());
    written.put("hot_topic_rules", tables.write("hot_topic_rules", topicRules));
    written.put("quarantine", tables.write("quarantine", input.quarantine()));
    long rowsWritten = written.values().stream().mapToLong(Long::longValue).sum();
    written.forEach(write::detail);
    // The write stage ends the run, so its details carry this run-wide count.
    write.detail("executors_lost", executorLosses.count());
    spark.sparkContext().removeSparkListener(executorLosses);

    List<StageSummary> stages = new ArrayList<>(input.summaries());
    stages.add(sentiment.summary());
    stages.add(topics.summary());
    stages.add(rules.summary());
    stages.add(ranking.summary());
    stages.add(write.finish(rowsWritten, rowsWritten));
    RunSummary summary =
        new RunSummary(
            runId, runDate, started, stages, sentiment.modelVersion(), settings.configDigest());
    tables.write("run_summary", summary.toDataFrame(spark));
    tables.publish();
    new LakeViews(spark, settings.lake()).createOrReplace();

    // Stages persist what later stages reuse (embeddings, topic weights, rules); free it now.
    spark.catalog().clearCache();
    printHotTopics(spark, lake, runDate);
    String report =
        RunReport.write(spark, settings.lake(), runDate, settings.ranking().recentDays());
    out.println("Run report: " + report);
    out.println(summary.toJson("success", written.keySet()));
    return EXIT_OK;
  }

  /**
   * Returns the topics table rows of the latest run date before {@code runDate}, whose topic keys
   * the topics stage carries over, or empty when there is no such table or run.
   */
  private static Optional<Dataset<Row>> previousTopics(
      SparkSession spark, Lake lake, LocalDate runDate) {
    String table = lake.settings().table("topics");
    if (!lake.exists(table)) {
      return Optional.empty();
    }
    Dataset<Row> earlier =
        spark.table(table).where(col(Lake.RUN_DATE).lt(lit(java.sql.Date.valueOf(runDate))));
    Row latest =
        SparkJobs.named(
            spark, "topics", "find previous run_date", () -> earlier.agg(max(Lake.RUN_DATE)).first());
    if (latest.isNullAt(0)) {
      return Optional.empty();
    }
    return Optional.of(earlier.where(col(Lake.RUN_DATE).equalTo(lit(latest.getDate(0)))));
  }

  private void printHotTopics(SparkSession spark, Lake lake, LocalDate runDate) {
    String table = lake.settings().table("hot_topics");
    Dataset<Row> top =
        spark.sql(
            "SELECT rank, label, slice(top_terms, 1, 6) AS top_terms, round(hot_score, 3) AS hot_score, round(growth, 3) AS growth,"
                + " round(z_score, 2) AS z_score, recent_reviews,"
                + " round(negative_share_recent, 3) AS negative_share_recent, top_product_ids"
                + " FROM "
                + table
                + " WHERE run_date = DATE'"
                + runDate
                + "' ORDER BY rank LIMIT "
                + PRINTED_TOPICS);
    List<Row> rows = SparkJobs.named(spark, "report", "collect top hot topics", top::collectAsList);
    out.println("Top hot topics for run_date " + runDate + " (table " + table + "):");
    TablePrinter.printTable(out, top.columns(), rows);
  }

  /** Runs the time-split sentiment evaluation, prints it and writes it to the optional file. */
  private int evaluateSentiment(SparkSession spark, JobSettings settings, CommandLine cli) {
    if (cli.arguments().size() > 1) {
      throw new CommandLine.UsageException(
          "evaluate-sentiment takes at most one argument: the markdown report file");
    }
    IngestResult input = Ingest.load(spark, settings.inputs(), settings.runDate());
    String report =
        SentimentEvaluation.evaluate(
                spark, settings.sentiment(), settings.lake().modelsPath(), input.reviews())
            .toMarkdown();
    out.print(report);
    if (!cli.arguments().isEmpty()) {
      Path file = Path.of(cli.arguments().get(0));
      try {
        Files.writeString(file, report);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("Failed to write the report to " + file, e);
      }
      LOG.info("sentiment: wrote the evaluation report to {}", file.toAbsolutePath());
    }
    return EXIT_OK;
  }

  private int generateSample(CommandLine cli) {
    if (cli.arguments().size() != 1) {
      throw new CommandLine.UsageException("generate-sample needs one argument: the output folder");
    }
    Path folder = Path.of(cli.arguments().get(0));
    try {
      Files.createDirectories(folder);
      SampleGenerator.write(folder);
    } catch (java.io.IOException e) {
      throw new InvalidInputException(
          "Cannot write the sample into " + folder + ": " + e.getMessage());
    }
    LOG.info("sample: wrote reviews.csv and events.csv into {}", folder.toAbsolutePath());
    return EXIT_OK;
  }

  private void printStatus(String status, String message) {
    out.println(RunSummary.statusJson(status, message));
  }
}
