package io.hottopicminer.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.core.StageSummary;
import io.hottopicminer.testing.SparkTestSession;
import io.hottopicminer.topics.TopicResult;
import io.hottopicminer.topics.TopicStage;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * Hand-made daily series for run date 2024-03-28: recent window 03-22..03-28, baseline window
 * 02-23..03-21 (28 days). Topic 0 bursts, 1 is steady, 2 declines, 3 is a tiny new topic below
 * min-recent-volume.
 */
class HotTopicRankingTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2024, 3, 28);
  private static final LocalDate RECENT_START = LocalDate.of(2024, 3, 22);
  private static final LocalDate BASELINE_START = LocalDate.of(2024, 2, 23);
  private static final double SMOOTHING = 0.1;
  private static final RankingSettings SETTINGS =
      new RankingSettings(7, 28, SMOOTHING, 1.0, 0.25, 2.0, 0.5, 3.0, 3, 2, "count", 1.0);

  private static final StructType TOPIC_DAILY =
      new StructType()
          .add("topic", DataTypes.IntegerType)
          .add("review_date", DataTypes.DateType)
          .add("reviews", DataTypes.LongType)
          .add("volume", DataTypes.DoubleType)
          .add("negative_share", DataTypes.DoubleType)
          .add("mean_sentiment", DataTypes.DoubleType);
  private static final StructType REVIEW_TOPICS =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("review_date", DataTypes.DateType)
          .add("topic", DataTypes.IntegerType)
          .add("topic_weight", DataTypes.DoubleType);
  private static final StructType REVIEWS =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("review_date", DataTypes.DateType);
  private static final StructType EVENTS =
      new StructType()
          .add("basket_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("event_date", DataTypes.DateType);

  private static TopicResult topics;
  private static Dataset<Row> reviews;
  private static Map<Integer, Row> byTopic;
  private static List<Row> ranked;

  @BeforeAll
  static void rankHandMadeTopics() {
    SparkSession spark = SparkTestSession.get();
    topics =
        new TopicResult(
            spark.createDataFrame(topicRows(), TopicStage.TOPICS_SCHEMA),
            spark.createDataFrame(reviewTopicRows(), REVIEW_TOPICS),
            spark.createDataFrame(dailyRows(), TOPIC_DAILY),
            StageSummary.start("topics").finish(0, 0));
    reviews = spark.createDataFrame(reviewRows(), REVIEWS);
    Dataset<Row> events = spark.createDataFrame(eventRows(), EVENTS);
    ranked =
        HotTopicRanking.rank(spark, SETTINGS, RUN_DATE, topics, reviews, events)
            .hotTopics()
            .collectAsList();
    byTopic = new HashMap<>();
    for (Row row : ranked) {
      byTopic.put(row.getInt(row.fieldIndex("topic")), row);
    }
  }

  private static List<Row> dailyRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 28; i++) {
      Date day = Date.valueOf(BASELINE_START.plusDays(i));
      if (i % 2 == 0) {
        rows.add(RowFactory.create(0, day, 2L, 2.0, 0.1, 0.3));
      }
      rows.add(RowFactory.create(1, day, 3L, 3.0, 0.2, 0.1));
      rows.add(RowFactory.create(2, day, 5L, 5.0, 0.2, 0.1));
    }
    for (int i = 0; i < 7; i++) {
      Date day = Date.valueOf(RECENT_START.plusDays(i));
      rows.add(RowFactory.create(0, day, 8L, 10.0, 0.4, -0.2));
      rows.add(RowFactory.create(1, day, 3L, 3.0, 0.2, 0.1));
      rows.add(RowFactory.create(2, day, 1L, 1.0, 0.2, 0.1));
    }
    rows.add(RowFactory.create(3, Date.valueOf(RUN_DATE), 0L, 0.5, 0.0, 0.5));
    // Outside both windows, so ignored.
    rows.add(RowFactory.create(0, Date.valueOf(RUN_DATE.plusDays(1)), 90L, 100.0, 1.0, -1.0));
    rows.add(RowFactory.create(0, Date.valueOf(BASELINE_START.minusDays(1)), 90L, 100.0, 1.0, 0.0));
    return rows;
  }

  private static List<Row> topicRows() {
    List<Row> rows = new ArrayList<>();
    String[][] terms = {
      {"strap", "buckle", "leather"},
      {"tuner", "pitch", "clip"},
      {"cable", "jack", "noise"},
      {"capo", "spring", "clamp"}
    };
    for (int topic = 0; topic < terms.length; topic++) {
      List<Row> weighted = new ArrayList<>();
      for (int i = 0; i < terms[topic].length; i++) {
        weighted.add(RowFactory.create(terms[topic][i], 0.3 - 0.1 * i));
      }
      rows.add(
          RowFactory.create(
              topic,
              String.join(" / ", terms[topic]),
              weighted,
              "t-2024-03-01-" + topic,
              0.1,
              topic == 3,
              List.of()));
    }
    return rows;
  }

  private static List<Row> reviewRows() {
    Date recent = Date.valueOf(RECENT_START.plusDays(2));
    return List.of(
        RowFactory.create("r1", "A", recent),
        RowFactory.create("r2", "A", recent),
        RowFactory.create("r3", "B", recent),
        RowFactory.create("r4", "C", recent),
        RowFactory.create("r5", "D", Date.valueOf(BASELINE_START.plusDays(3))));
  }

  private static List<Row> reviewTopicRows() {
    Date recent = Date.valueOf(RECENT_START.plusDays(2));
    Date baseline = Date.valueOf(BASELINE_START.plusDays(3));
    return List.of(
        RowFactory.create("r1", recent, 0, 0.9),
        RowFactory.create("r2", recent, 0, 0.8),
        RowFactory.create("r3", recent, 0, 0.7),
        RowFactory.create("r4", recent, 0, 0.3),
        RowFactory.create("r5", baseline, 0, 0.95),
        RowFactory.create("r1", recent, 1, 0.1),
        RowFactory.create("r2", recent, 1, 0.2),
        RowFactory.create("r3", recent, 1, 0.3),
        RowFactory.create("r4", recent, 1, 0.7),
        RowFactory.create("r5", baseline, 1, 0.05));
  }

  /**
   * Product A: 14 recent and 28 baseline events; B: 7 recent; C: none. Events of other types,
   * outside the windows or without any time are ignored.
   */
  private static List<Row> eventRows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      LocalDate day = RECENT_START.plusDays(i);
      rows.add(event("A", "view", day, true));
      rows.add(event("A", "purchase", day, false));
      rows.add(event("B", i % 2 == 0 ? "cart" : null, day, true));
      rows.add(event("A", "remove_from_cart", day, true));
    }
    for (int i = 0; i < 28; i++) {
      rows.add(event("A", "VIEW", BASELINE_START.plusDays(i), i % 2 == 0));
    }
    rows.add(event("A", "view", RUN_DATE.plusDays(1), true));
    rows.add(RowFactory.create("s", "u", "A", "view", null, null));
    return rows;
  }

  private static Row event(String product, String type, LocalDate day, boolean withDate) {
    return RowFactory.create(
        "s-" + day,
        "u1",
        product,
        type,
        Timestamp.valueOf(day.atTime(10, 30)),
        withDate ? Date.valueOf(day) : null);
  }

  private static double log2(double value) {
    return Math.log(value) / Math.log(2);
  }

  private static double value(int topic, String column) {
    Row row = byTopic.get(topic);
    return row.getDouble(row.fieldIndex(column));
  }

  @Test
  void burstRanksFirst() {
    assertEquals(4, ranked.size());
    assertEquals(0, ranked.get(0).getInt(1));
    assertEquals(1, ranked.get(0).getInt(0));
    assertEquals(1, ranked.get(1).getInt(1), "steady topic second");
    assertEquals(2, ranked.get(2).getInt(1), "declining topic third");
  }

  @Test
  void topicKeysAndEmergingCopied() {
    assertEquals("t-2024-03-01-0", byTopic.get(0).getString(byTopic.get(0).fieldIndex("topic_key")));
    assertFalse(byTopic.get(0).getBoolean(byTopic.get(0).fieldIndex("emerging")));
    assertTrue(byTopic.get(3).getBoolean(byTopic.get(3).fieldIndex("emerging")));
  }

  @Test
  void tinyTopicRanksLastBelowMinimum() {
    // Its score beats the declining topic, but its recent volume 0.5 is below min-recent-volume 3.
    assertTrue(value(3, "hot_score") > value(2, "hot_score"));
    assertEquals(4, ranked.get(3).getInt(0));
    assertEquals(3, ranked.get(3).getInt(1));
  }

  @Test
  void burstGrowthAndZScoreArithmetic() {
    // Baseline: 2.0 on 14 of 28 days, so mean 1.0 and sample variance (56 - 28) / 27.
    assertEquals(70.0, value(0, "recent_volume"), 1e-9);
    assertEquals(28.0, value(0, "baseline_volume"), 1e-9);
    assertEquals(1.0, value(0, "baseline_daily_mean"), 1e-9);
    double stddev = Math.sqrt(28.0 / 27.0);
    assertEquals(stddev, value(0, "baseline_daily_stddev"), 1e-9);
    assertEquals(log2(10.1 / 1.1), value(0, "growth"), 1e-9);
    assertEquals(9.0 / (stddev / Math.sqrt(7)), value(0, "z_score"), 1e-9);
    assertEquals(56L, byTopic.get(0).getLong(byTopic.get(0).fieldIndex("recent_reviews")));
  }

  @Test
  void steadyAndDecliningGrowth() {
    assertEquals(0.0, value(1, "growth"), 1e-12);
    assertEquals(0.0, value(1, "z_score"), 1e-12);
    assertEquals(0.0, value(1, "baseline_daily_stddev"), 1e-12);
    assertEquals(log2(1.1 / 5.1), value(2, "growth"), 1e-9);
    // Zero baseline spread: the standard error falls back to the smoothing floor 0.1.
    assertEquals(-4.0 / SMOOTHING, value(2, "z_score"), 1e-9);
    assertTrue(value(0, "hot_score") > value(1, "hot_score"));
    assertTrue(value(1, "hot_score") > value(2, "hot_score"));
  }

  @Test
  void negativeShiftOfBurst() {
    assertEquals(0.4, value(0, "negative_share_recent"), 1e-12);
    assertEquals(0.1, value(0, "negative_share_baseline"), 1e-12);
    assertEquals(0.3, value(0, "negative_shift"), 1e-12);
    assertEquals(0.0, value(1, "negative_shift"), 1e-12);
    Row tiny = byTopic.get(3);
    assertNull(tiny.get(tiny.fieldIndex("negative_share_baseline")));
    assertNull(tiny.get(tiny.fieldIndex("negative_shift")));
  }

  @Test
  void engagementFromTopProducts() {
    // Topic 0 products A, B: 21 recent events (3 a day), 28 baseline events (1 a day).
    assertEquals(log2(3.1 / 1.1), value(0, "engagement_growth"), 1e-9);
    // Topic 1 products C, B: 7 recent events of B (1 a day), none in the baseline.
    assertEquals(log2(1.1 / 0.1), value(1, "engagement_growth"), 1e-9);
    assertEquals(0.0, value(2, "engagement_growth"), 1e-12);
  }

  @Test
  void hotScoreWeightedSum() {
    double expected =
        log2(10.1 / 1.1)
            + 0.25 * 9.0 / (Math.sqrt(28.0 / 27.0) / Math.sqrt(7))
            + 2.0 * 0.3
            + 0.5 * log2(3.1 / 1.1);
    assertEquals(expected, value(0, "hot_score"), 1e-9);
  }

  @Test
  void productsAndRepresentativeReviews() {
    Row burst = byTopic.get(0);
    assertEquals(List.of("A", "B"), burst.getList(burst.fieldIndex("top_product_ids")));
    assertEquals(
        List.of("r1", "r2", "r3"), burst.getList(burst.fieldIndex("representative_review_ids")));
    // Topic 1 carries 0.325 of the recent volume. With prior m = 1 the lifts are C (0.7 + 0.325)
    // / 2 / 0.325 = 1.58, B (0.3 + 0.325) / 2 / 0.325 = 0.96 and A (0.3 + 0.325) / 3 / 0.325 =
    // 0.64, so A has the larger volume but the lowest lift.
    Row steady = byTopic.get(1);
    assertEquals(List.of("C", "B"), steady.getList(steady.fieldIndex("top_product_ids")));
    assertEquals(
        List.of("r4", "r3", "r2"), steady.getList(steady.fieldIndex("representative_review_ids")));
    Row declining = byTopic.get(2);
    assertEquals(List.of(), declining.getList(declining.fieldIndex("top_product_ids")));
    assertEquals(List.of("cable", "jack", "noise"), declining.getList(3));
  }

  @Test
  void shareBasisRescalesDailyVolumes() {
    SparkSession spark = SparkTestSession.get();
    RankingSettings share =
        new RankingSettings(7, 28, SMOOTHING, 1.0, 0.25, 2.0, 0.5, 3.0, 3, 2, "share", 1.0);
    Dataset<Row> events = spark.createDataFrame(eventRows(), EVENTS);
    Map<Integer, Row> rows = new HashMap<>();
    for (Row row :
        HotTopicRanking.rank(spark, share, RUN_DATE, topics, reviews, events)
            .hotTopics()
            .collectAsList()) {
      rows.put(row.getInt(row.fieldIndex("topic")), row);
    }
    // Baseline days hold 10 (even days) or 8 reviews, mean 9. Recent days hold 14, and 14.5 on
    // the run date. The steady topic's 3 a day becomes 3 / 10 * 9 or 3 / 8 * 9 in the baseline and
    // 3 / 14 * 9 or 3 / 14.5 * 9 in the recent window.
    Row steady = rows.get(1);
    double baseline = 14 * 2.7 + 14 * 3.375;
    double recent = 6 * 27.0 / 14 + 27.0 / 14.5;
    assertEquals(baseline, steady.getDouble(steady.fieldIndex("baseline_volume")), 1e-9);
    assertEquals(recent, steady.getDouble(steady.fieldIndex("recent_volume")), 1e-9);
    double growth = log2((recent / 7 + SMOOTHING) / (baseline / 28 + SMOOTHING));
    assertEquals(growth, steady.getDouble(steady.fieldIndex("growth")), 1e-9);
    assertTrue(growth < 0.0, "steady topic loses share to the burst: " + growth);
    // Negative shares keep the raw volume weights, so they match the count basis.
    Row burst = rows.get(0);
    assertEquals(0.3, burst.getDouble(burst.fieldIndex("negative_shift")), 1e-12);
    assertEquals(1, burst.getInt(burst.fieldIndex("rank")));
  }

  @Test
  void eventsWithoutTimeGiveZeroEngagement() {
    SparkSession spark = SparkTestSession.get();
    List<Row> untimed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      untimed.add(RowFactory.create("o" + i, null, "A", null, null, null));
    }
    List<Row> rows =
        HotTopicRanking.rank(
                spark, SETTINGS, RUN_DATE, topics, reviews, spark.createDataFrame(untimed, EVENTS))
            .hotTopics()
            .collectAsList();
    for (Row row : rows) {
      assertEquals(0.0, row.getDouble(row.fieldIndex("engagement_growth")), 1e-12);
    }
  }

  @Test
  void columnsMatchContract() {
    assertEquals(
        List.of(
            "rank",
            "topic",
            "label",
            "top_terms",
            "recent_volume",
            "baseline_volume",
            "baseline_daily_mean",
            "baseline_daily_stddev",
            "growth",
            "z_score",
            "negative_share_recent",
            "negative_share_baseline",
            "negative_shift",
            "engagement_growth",
            "hot_score",
            "recent_reviews",
            "top_product_ids",
            "representative_review_ids",
            "topic_key",
            "emerging"),
        List.of(HotTopicRanking.HOT_TOPICS_SCHEMA.fieldNames()));
  }
}
