package io.hottopicminer.testing;

import io.hottopicminer.lake.Lake;
import io.hottopicminer.lake.LakeSettings;
import io.hottopicminer.lake.LakeViews;
import io.hottopicminer.ranking.HotTopicRanking;
import io.hottopicminer.rules.RuleStage;
import io.hottopicminer.topics.TopicStage;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Test fixture: hand-made stage outputs with known values, and a lake in a temporary folder that
 * contains them for one run date, plus hot_topics of the day before. Schemas come from the stages' declared schemas where a stage
 * declares one, and from the data contracts otherwise.
 */
public final class SmallLake {
  public static final LocalDate RUN_DATE = LocalDate.of(2025, 9, 30);
  public static final LocalDate PREVIOUS_RUN_DATE = RUN_DATE.minusDays(1);

  /** Review text that must appear HTML-escaped in any page. */
  public static final String SCRIPT_REVIEW_TEXT =
      "Hinge snapped <script>alert('x')</script> & the case fell apart";

  public static final StructType SCORED_REVIEWS_SCHEMA =
      StructType.fromDDL(
          "review_id STRING, product_id STRING, review_text STRING, rating DOUBLE,"
              + " review_time TIMESTAMP, review_date DATE, sentiment_label STRING,"
              + " negative_probability DOUBLE, neutral_probability DOUBLE,"
              + " positive_probability DOUBLE, sentiment_score DOUBLE, model_version STRING");
  public static final StructType REVIEW_TOPICS_SCHEMA =
      StructType.fromDDL("review_id STRING, review_date DATE, topic INT, topic_weight DOUBLE");
  private static final String KEY_BURST = "t-2025-09-01-0";
  private static final String KEY_SOUND = "t-2025-09-01-1";

  public static final StructType TOPIC_DAILY_SCHEMA =
      StructType.fromDDL(
          "topic INT, review_date DATE, reviews BIGINT, volume DOUBLE, negative_share DOUBLE,"
              + " mean_sentiment DOUBLE, topic_key STRING");
  public static final StructType QUARANTINE_SCHEMA =
      StructType.fromDDL(
          "input STRING, source_file STRING, record STRING, column_name STRING, reason STRING");

  public static final StructType RUN_SUMMARY_SCHEMA =
      StructType.fromDDL(
          "run_id STRING, stage STRING, rows_in BIGINT, rows_out BIGINT, seconds DOUBLE,"
              + " details MAP<STRING, STRING>, model_version STRING, config_digest STRING,"
              + " started_at TIMESTAMP, finished_at TIMESTAMP");

  /** Catalog name of the lake that {@link #shared()} writes. */
  public static final String SHARED_CATALOG = "smalllake";

  private static LakeSettings shared;

  private SmallLake() {}

  /**
   * Returns the settings of a lake that contains the tables and the views, written once per JVM
   * into a new folder below java.io.tmpdir (target/ under Maven).
   */
  public static synchronized LakeSettings shared() {
    if (shared == null) {
      SparkSession spark = SparkTestSession.get();
      Path root =
          Path.of(System.getProperty("java.io.tmpdir"), "small-lake-" + System.nanoTime());
      LakeSettings settings = settings(root, SHARED_CATALOG);
      write(spark, settings);
      new LakeViews(spark, settings).createOrReplace();
      shared = settings;
    }
    return shared;
  }

  /** Stage outputs of one run, as the job passes them to the lake. */
  public record Outputs(
      Dataset<Row> scoredReviews,
      Dataset<Row> reviewTopics,
      Dataset<Row> topics,
      Dataset<Row> topicDaily,
      Dataset<Row> rules,
      Dataset<Row> hotTopics,
      Dataset<Row> quarantine) {}

  /** Returns settings of a JDBC/SQLite lake under {@code root} with catalog {@code catalogName}. */
  public static LakeSettings settings(Path root, String catalogName) {
    String base = root.toAbsolutePath().toString();
    return new LakeSettings(
        base,
        base + "/models",
        catalogName,
        "hot_topics",
        Map.of(
            "type", "jdbc",
            "uri", "jdbc:sqlite:" + base + "/catalog.db",
            "jdbc.schema-version", "V1",
            "warehouse", base + "/warehouse"));
  }

  /** Registers the catalog of {@code settings} in {@code spark} and writes the tables. */
  public static Lake write(SparkSession spark, LakeSettings settings) {
    Lake.catalogConf(settings).forEach((key, value) -> spark.conf().set(key, value));
    Lake lake = new Lake(spark, settings);
    lake.prepare();
    // The previous run date gets only hot_topics, which latest_hot_topics must leave out,
    // because each extra Iceberg commit adds test time.
    lake.replaceRunDate(
        "hot_topics", outputs(spark, PREVIOUS_RUN_DATE).hotTopics(), PREVIOUS_RUN_DATE);
    Outputs outputs = outputs(spark, RUN_DATE);
    lake.replaceRunDate("scored_reviews", outputs.scoredReviews(), RUN_DATE);
    lake.replaceRunDate("review_topics", outputs.reviewTopics(), RUN_DATE);
    lake.replaceRunDate("topics", outputs.topics(), RUN_DATE);
    lake.replaceRunDate("topic_daily", outputs.topicDaily(), RUN_DATE);
    lake.replaceRunDate("association_rules", outputs.rules(), RUN_DATE);
    lake.replaceRunDate("hot_topics", outputs.hotTopics(), RUN_DATE);
    lake.replaceRunDate("quarantine", outputs.quarantine(), RUN_DATE);
    lake.replaceRunDate("run_summary", runSummary(spark, RUN_DATE), RUN_DATE);
    return lake;
  }

  /**
   * Returns the outputs of a run on {@code runDate}: topic 0 ("hinge / case / charging") bursts
   * in the last 3 days and ranks first, topic 1 ("sound / bass / clear") is steady.
   */
  public static Outputs outputs(SparkSession spark, LocalDate runDate) {
    List<Row> scored = new ArrayList<>();
    List<Row> reviewTopics = new ArrayList<>();
    String[][] reviews = {
      {"r1", "EB-201", SCRIPT_REVIEW_TEXT, "1", "negative", "0"},
      {"r2", "EB-202", "The charging case hinge is loose", "2", "negative", "1"},
      {"r3", "SP-303", "Clear sound and deep bass", "5", "positive", "3"},
      {"r4", "EB-201", "Bass is fine, sound clear", "4", "positive", "5"},
      {"r5", "EB-201", "Case hinge cracked after a week", "1", "negative", "2"},
    };
    for (String[] review : reviews) {
      LocalDate day = runDate.minusDays(Integer.parseInt(review[5]));
      boolean negative = review[4].equals("negative");
      double negativeProbability = negative ? 0.8 : 0.1;
      double positiveProbability = negative ? 0.1 : 0.8;
      scored.add(
          RowFactory.create(
              review[0],
              review[1],
              review[2],
              Double.parseDouble(review[3]),
              Timestamp.valueOf(day.atTime(12, 0)),
              Date.valueOf(day),
              review[4],
              negativeProbability,
              0.1,
              positiveProbability,
              positiveProbability - negativeProbability,
              "test-model"));
      int topic = negative ? 0 : 1;
      reviewTopics.add(RowFactory.create(review[0], Date.valueOf(day), topic, 0.9));
      reviewTopics.add(RowFactory.create(review[0], Date.valueOf(day), 1 - topic, 0.1));
    }

    List<Row> topicDaily = new ArrayList<>();
    for (int daysBack = 6; daysBack >= 0; daysBack--) {
      Date day = Date.valueOf(runDate.minusDays(daysBack));
      double burstVolume = daysBack < 3 ? 4.0 + daysBack : 0.5;
      topicDaily.add(
          RowFactory.create(0, day, (long) burstVolume, burstVolume, 0.75, -0.6, KEY_BURST));
      topicDaily.add(RowFactory.create(1, day, 2L, 2.0, 0.1, 0.5, KEY_SOUND));
    }

    List<Row> topics =
        List.of(
            RowFactory.create(
                0,
                "hinge / case / charging",
                List.of(term("hinge", 0.3), term("case", 0.2), term("charging", 0.1)),
                KEY_BURST,
                0.4,
                false,
                List.of()),
            RowFactory.create(
                1,
                "sound / bass / clear",
                List.of(term("sound", 0.3), term("bass", 0.2), term("clear", 0.1)),
                KEY_SOUND,
                0.3,
                false,
                List.of()));

    List<Row> rules =
        List.of(
            RowFactory.create(
                List.of("EB-201"), List.of("EB-202"), 0.2, 0.5, 2.5, 0.12, 1.6, 8L, 8L, 4L, 20L),
            RowFactory.create(
                List.of("SP-303"), List.of("SP-304"), 0.1, 0.4, 2.0, 0.05, null, 5L, 4L, 2L,
                20L));

    List<Row> hotTopics =
        List.of(
            hotTopic(1, 0, "hinge / case / charging", List.of("hinge", "case", "charging"),
                2.1, 0.74, List.of("EB-201", "EB-202"), List.of("r1", "r2")),
            hotTopic(2, 1, "sound / bass / clear", List.of("sound", "bass", "clear"),
                0.1, -0.2, List.of("SP-303", "EB-201"), List.of("r3", "r4")));

    List<Row> quarantine =
        List.of(
            RowFactory.create(
                "reviews", "file:/in/reviews.csv", "r9,,x", "rating", "rating is not a number"));

    return new Outputs(
        spark.createDataFrame(scored, SCORED_REVIEWS_SCHEMA),
        spark.createDataFrame(reviewTopics, REVIEW_TOPICS_SCHEMA),
        spark.createDataFrame(topics, TopicStage.TOPICS_SCHEMA),
        spark.createDataFrame(topicDaily, TOPIC_DAILY_SCHEMA),
        spark.createDataFrame(rules, RuleStage.RULES_SCHEMA),
        spark.createDataFrame(hotTopics, HotTopicRanking.HOT_TOPICS_SCHEMA),
        spark.createDataFrame(quarantine, QUARANTINE_SCHEMA));
  }

  private static Dataset<Row> runSummary(SparkSession spark, LocalDate runDate) {
    Timestamp started = Timestamp.valueOf(runDate.plusDays(1).atTime(2, 0));
    Timestamp finished = Timestamp.valueOf(runDate.plusDays(1).atTime(2, 4));
    List<Row> rows = new ArrayList<>();
    for (String stage : List.of("sentiment", "topics", "ranking")) {
      rows.add(
          RowFactory.create(
              "run-" + runDate, stage, 5L, 5L, 1.5, Map.of("k", "2"), "test-model", "digest",
              started, finished));
    }
    return spark.createDataFrame(rows, RUN_SUMMARY_SCHEMA);
  }

  private static Row term(String term, double weight) {
    return RowFactory.create(term, weight);
  }

  private static Row hotTopic(
      int rank,
      int topic,
      String label,
      List<String> terms,
      double hotScore,
      double negativeShare,
      List<String> products,
      List<String> reviewIds) {
    return RowFactory.create(
        rank,
        topic,
        label,
        terms,
        12.0,
        3.5,
        0.125,
        0.2,
        1.4,
        3.2,
        negativeShare,
        0.1,
        negativeShare - 0.1,
        0.3,
        hotScore,
        9L,
        products,
        reviewIds,
        topic == 0 ? KEY_BURST : KEY_SOUND,
        false);
  }
}
