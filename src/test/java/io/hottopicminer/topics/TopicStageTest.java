package io.hottopicminer.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicStageTest {
  private static final List<List<String>> VOCABULARIES =
      List.of(
          List.of("guitar", "strings", "tuner", "chord", "fret", "amplifier", "pedal", "capo"),
          List.of(
              "delivery",
              "package",
              "courier",
              "arrived",
              "shipping",
              "tracking",
              "parcel",
              "damaged"),
          List.of(
              "battery", "charger", "charging", "voltage", "adapter", "cable", "plug", "outlet"));
  private static final int DOCUMENTS_PER_VOCABULARY = 40;
  private static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
  private static final LocalDate RUN_DATE = LocalDate.of(2024, 3, 3);

  static final StructType SCORED_REVIEWS =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("review_text", DataTypes.StringType)
          .add("rating", DataTypes.DoubleType)
          .add("review_time", DataTypes.TimestampType)
          .add("review_date", DataTypes.DateType)
          .add("sentiment_label", DataTypes.StringType)
          .add("negative_probability", DataTypes.DoubleType)
          .add("neutral_probability", DataTypes.DoubleType)
          .add("positive_probability", DataTypes.DoubleType)
          .add("sentiment_score", DataTypes.DoubleType)
          .add("model_version", DataTypes.StringType);

  private static TopicResult result;
  private static Dataset<Row> reviews;
  private static Map<String, Integer> vocabularyOfReview;

  @BeforeAll
  static void fitCorpus() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    vocabularyOfReview = new HashMap<>();
    Random random = new Random(7);
    for (int v = 0; v < VOCABULARIES.size(); v++) {
      for (int d = 0; d < DOCUMENTS_PER_VOCABULARY; d++) {
        StringBuilder text = new StringBuilder("The ");
        for (int w = 0; w < 10; w++) {
          List<String> words = VOCABULARIES.get(v);
          text.append(words.get(random.nextInt(words.size()))).append(w % 3 == 0 ? ", and " : " ");
        }
        text.append("- really great product!");
        String id = "v" + v + "-" + d;
        vocabularyOfReview.put(id, v);
        rows.add(review(id, text.toString(), FIRST_DAY.plusDays(d % 3), "positive", 0.5));
      }
    }
    // Empty after cleaning: no text, only stop words, and a word below min-document-frequency.
    rows.add(review("empty-null", null, FIRST_DAY, "neutral", 0.0));
    rows.add(
        review(
            "empty-stop-words",
            "It is a great product, I would buy it again!",
            FIRST_DAY,
            "positive",
            0.9));
    rows.add(review("empty-rare", "Zyxwvut!", FIRST_DAY, "negative", -0.9));

    TopicSettings settings = settings(3, 3);
    reviews = spark.createDataFrame(rows, SCORED_REVIEWS);
    result = TopicStage.model(
            spark, settings, reviews, RUN_DATE, Optional.empty());
  }

  static TopicSettings settings(int k, int minDocumentFrequency) {
    return settings(k, minDocumentFrequency, "");
  }

  /** Returns small-corpus settings, with {@code overrides} (HOCON, may be empty) replacing any. */
  static TopicSettings settings(int k, int minDocumentFrequency, String overrides) {
    return TopicTestSettings.of(
        "k = "
            + k
            + ", min-document-frequency = "
            + minDocumentFrequency
            + ", max-iterations = 30, vocabulary-size = 1000, max-document-frequency = 0.5"
            + ", min-token-length = 3, extra-stop-words = [great, product, really], top-terms = 10"
            + ", doc-concentration = -1, topic-concentration = -1, seed = 11"
            + ", label-relevance-lambda = 1.0, coherence-terms = 8, key-match-threshold = 0.5"
            + ", phrase-min-document-frequency = 0, k-candidates = [], stemmer = none\n"
            + overrides);
  }

  static Row review(String id, String text, LocalDate day, String label, double score) {
    double negative = label.equals("negative") ? 0.9 : 0.05;
    return RowFactory.create(
        id,
        "p-" + id,
        text,
        4.0,
        Timestamp.valueOf(day.atTime(12, 0)),
        Date.valueOf(day),
        label,
        negative,
        0.05,
        1.0 - negative - 0.05,
        score,
        "test");
  }

  @Test
  void topicsSeparateVocabularies() {
    List<Row> topics = result.topics().orderBy("topic").collectAsList();
    assertEquals(3, topics.size());
    Set<Integer> vocabulariesFound = new HashSet<>();
    for (Row topic : topics) {
      List<Row> terms = topic.getList(topic.fieldIndex("terms"));
      assertEquals(10, terms.size());
      int vocabulary = vocabularyOf(terms.get(0).getString(0));
      for (Row term : terms.subList(0, 8)) {
        assertEquals(vocabulary, vocabularyOf(term.getString(0)), "term " + term + " of " + topic);
      }
      vocabulariesFound.add(vocabulary);
      String label = topic.getString(topic.fieldIndex("label"));
      String expectedLabel =
          terms.get(0).getString(0)
              + " / "
              + terms.get(1).getString(0)
              + " / "
              + terms.get(2).getString(0);
      assertEquals(expectedLabel, label);
      assertTrue(terms.get(0).getDouble(1) >= terms.get(1).getDouble(1), "weights descending");
    }
    assertEquals(Set.of(0, 1, 2), vocabulariesFound);
  }

  @Test
  void topicsCoherentWithNewKeys() {
    // Reviews draw 10 words from one 8-word vocabulary, so a topic's 8 coherence terms co-occur
    // in most of its reviews: NPMI about log(0.20 / 0.245^2) / -log(0.20) = 0.75.
    for (Row topic : result.topics().collectAsList()) {
      int id = topic.getInt(topic.fieldIndex("topic"));
      assertEquals("t-2024-03-03-" + id, topic.getString(topic.fieldIndex("topic_key")));
      assertFalse(topic.getBoolean(topic.fieldIndex("emerging")), "first run is not emerging");
      double coherence = topic.getDouble(topic.fieldIndex("coherence"));
      assertTrue(coherence > 0.5, "coherence of topic " + id + ": " + coherence);
      assertTrue(coherence <= 1.0, "coherence of topic " + id + ": " + coherence);
    }
  }

  @Test
  void summaryReportsDiagnostics() {
    Map<String, String> details = result.summary().details();
    assertEquals("1.0000", details.get("topic_diversity"));
    assertTrue(Double.parseDouble(details.get("mean_npmi")) > 0.5, details.toString());
    double logPerplexity = Double.parseDouble(details.get("log_perplexity"));
    // Each review draws uniformly from 8 words, so no model gets below log(8) = 2.08 per token.
    // MLlib returns the negative of a variational lower bound, which lies above the true value:
    // 3.20 here, against log(24) = 3.18 for one uniform distribution over all 24 terms.
    assertTrue(logPerplexity > Math.log(8), "log perplexity " + logPerplexity);
    assertTrue(logPerplexity < 3.5, "log perplexity " + logPerplexity);
    assertEquals("0", details.get("previous_topics"));
    assertEquals("0", details.get("topics_matched"));
  }

  @Test
  void kChosenByCoherence() {
    // Three vocabularies never share a review. With k = 2 two of them share a topic whose top
    // terms never co-occur, and k = 3 matches the vocabularies, so it must beat both neighbours.
    TopicSettings candidates = settings(3, 3, "k-candidates = [2, 3, 4]");
    TopicResult chosen =
        TopicStage.model(
            SparkTestSession.get(), candidates, reviews, RUN_DATE, Optional.empty());

    Map<String, String> details = chosen.summary().details();
    assertEquals("3", details.get("k"), details.toString());
    assertEquals(3L, chosen.topics().count());
    String[] scores = details.get("k_candidates_npmi").split(" ");
    assertEquals(3, scores.length, details.toString());
    double npmi2 = Double.parseDouble(scores[0].substring("2=".length()));
    double npmi3 = Double.parseDouble(scores[1].substring("3=".length()));
    double npmi4 = Double.parseDouble(scores[2].substring("4=".length()));
    assertTrue(npmi3 > npmi2, details.toString());
    assertTrue(npmi3 > npmi4, details.toString());
    assertEquals(details.get("mean_npmi"), String.format(java.util.Locale.ROOT, "%.4f", npmi3));
  }

  @Test
  void topicKeysCarriedToNextRun() {
    SparkSession spark = SparkTestSession.get();
    TopicSettings otherSeed = settings(3, 3, "seed = 99, label-relevance-lambda = 0.6");
    TopicResult next =
        TopicStage.model(
            spark, otherSeed, reviews, RUN_DATE.plusDays(1), Optional.of(result.topics()));

    Map<String, String> keyOfTopTerm = new HashMap<>();
    for (Row topic : result.topics().collectAsList()) {
      List<Row> terms = topic.getList(topic.fieldIndex("terms"));
      keyOfTopTerm.put(
          String.valueOf(vocabularyOf(terms.get(0).getString(0))),
          topic.getString(topic.fieldIndex("topic_key")));
    }
    for (Row topic : next.topics().collectAsList()) {
      List<Row> terms = topic.getList(topic.fieldIndex("terms"));
      String vocabulary = String.valueOf(vocabularyOf(terms.get(0).getString(0)));
      assertEquals(
          keyOfTopTerm.get(vocabulary),
          topic.getString(topic.fieldIndex("topic_key")),
          "key of vocabulary " + vocabulary);
      assertFalse(topic.getBoolean(topic.fieldIndex("emerging")));
    }
    assertEquals("3", next.summary().details().get("topics_matched"));
    Set<String> dailyKeys = new HashSet<>();
    for (Row row : next.topicDaily().collectAsList()) {
      dailyKeys.add(row.getString(row.fieldIndex("topic_key")));
    }
    assertEquals(new HashSet<>(keyOfTopTerm.values()), dailyKeys);
  }

  @Test
  void warmStartKeepsTopicIds() {
    SparkSession spark = SparkTestSession.get();
    Map<Integer, String> previousKeys = new HashMap<>();
    for (Row topic : result.topics().collectAsList()) {
      List<Row> counts = topic.getList(topic.fieldIndex("term_counts"));
      assertFalse(counts.isEmpty(), "term_counts of topic " + topic.getInt(0));
      List<Row> terms = topic.getList(topic.fieldIndex("terms"));
      assertEquals(
          vocabularyOf(terms.get(0).getString(0)),
          vocabularyOf(counts.get(0).getString(0)),
          "most frequent term of topic " + topic.getInt(0));
      previousKeys.put(topic.getInt(0), topic.getString(topic.fieldIndex("topic_key")));
    }

    TopicResult next =
        TopicStage.model(
            spark,
            settings(3, 3, "warm-start = always"),
            reviews,
            RUN_DATE.plusDays(1),
            Optional.of(result.topics()));

    assertEquals("false", result.summary().details().get("warm_start"));
    assertNull(next.summary().details().get("k_candidates_npmi"), "one fit only");
    assertEquals("true", next.summary().details().get("warm_start"));
    for (Row topic : next.topics().collectAsList()) {
      assertEquals(
          previousKeys.get(topic.getInt(0)),
          topic.getString(topic.fieldIndex("topic_key")),
          "key of topic " + topic.getInt(0));
    }
  }

  @Test
  void warmStartOffIgnoresPreviousCounts() {
    TopicSettings cold = settings(3, 3, "warm-start = off");

    SparkSession spark = SparkTestSession.get();
    TopicResult next =
        TopicStage.model(spark, cold, reviews, RUN_DATE.plusDays(1), Optional.of(result.topics()));

    assertEquals("false", next.summary().details().get("warm_start"));
    assertEquals("3", next.summary().details().get("topics_matched"));
  }

  @Test
  void warmStartCompareFitsBothStarts() {
    SparkSession spark = SparkTestSession.get();
    TopicResult next =
        TopicStage.model(
            spark,
            settings(3, 3, "warm-start = compare"),
            reviews,
            RUN_DATE.plusDays(1),
            Optional.of(result.topics()));

    Map<String, String> details = next.summary().details();
    String[] scores = details.get("k_candidates_npmi").split(" ");
    assertEquals(2, scores.length, details.toString());
    assertTrue(scores[0].startsWith("3-warm="), details.toString());
    assertTrue(scores[1].startsWith("3="), details.toString());
    double warm = Double.parseDouble(scores[0].substring("3-warm=".length()));
    double random = Double.parseDouble(scores[1].substring("3=".length()));
    assertEquals(String.valueOf(warm >= random), details.get("warm_start"), details.toString());
    assertEquals("3", details.get("topics_matched"));
  }

  @Test
  void reviewTopicWeightsSumToOne() {
    List<Row> rows = result.reviewTopics().collectAsList();
    assertEquals(3 * 120, rows.size());
    Map<String, Double> totals = new HashMap<>();
    for (Row row : rows) {
      totals.merge(row.getString(0), row.getDouble(3), Double::sum);
    }
    assertEquals(120, totals.size());
    for (Map.Entry<String, Double> total : totals.entrySet()) {
      assertEquals(1.0, total.getValue(), 1e-6, "weights of " + total.getKey());
    }
  }

  @Test
  void reviewTopicsDominantMatchesVocabulary() {
    // Each review's heaviest topic must be the topic whose top term comes from its vocabulary.
    Map<Integer, Integer> topicOfVocabulary = new HashMap<>();
    for (Row topic : result.topics().collectAsList()) {
      List<Row> terms = topic.getList(2);
      topicOfVocabulary.put(vocabularyOf(terms.get(0).getString(0)), topic.getInt(0));
    }
    Map<String, Row> heaviest = new HashMap<>();
    for (Row row : result.reviewTopics().collectAsList()) {
      Row best = heaviest.get(row.getString(0));
      if (best == null || row.getDouble(3) > best.getDouble(3)) {
        heaviest.put(row.getString(0), row);
      }
    }
    for (Map.Entry<String, Row> entry : heaviest.entrySet()) {
      int expectedTopic = topicOfVocabulary.get(vocabularyOfReview.get(entry.getKey()));
      assertEquals(expectedTopic, entry.getValue().getInt(2), "topic of " + entry.getKey());
    }
  }

  @Test
  void topicDailyCountsDominantReviews() {
    // d % 3 spreads each vocabulary's 40 reviews over 3 days as 14, 13, 13; all are positive.
    List<Row> daily = result.topicDaily().collectAsList();
    assertEquals(9, daily.size());
    Map<LocalDate, Long> reviewsPerDay = new HashMap<>();
    Map<LocalDate, Double> volumePerDay = new HashMap<>();
    for (Row row : daily) {
      LocalDate day = row.getDate(1).toLocalDate();
      reviewsPerDay.merge(day, row.getLong(2), Long::sum);
      volumePerDay.merge(day, row.getDouble(3), Double::sum);
      assertEquals(0.0, row.getDouble(4), 1e-12, "negative_share");
      assertEquals(0.5, row.getDouble(5), 1e-9, "mean_sentiment");
    }
    long[] expectedReviews = {42, 39, 39};
    for (int day = 0; day < 3; day++) {
      LocalDate date = FIRST_DAY.plusDays(day);
      assertEquals(expectedReviews[day], reviewsPerDay.get(date), "reviews on " + date);
      assertEquals(expectedReviews[day], volumePerDay.get(date), 1e-6, "volume on " + date);
    }
  }

  @Test
  void topicDailyHandComputedDay() {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("review_date", DataTypes.DateType)
            .add("sentiment_label", DataTypes.StringType)
            .add("sentiment_score", DataTypes.DoubleType)
            .add("dominant_topic", DataTypes.IntegerType)
            .add("topic", DataTypes.IntegerType)
            .add("topic_weight", DataTypes.DoubleType);
    Date day = Date.valueOf(FIRST_DAY);
    List<Row> weights =
        List.of(
            RowFactory.create("a", day, "negative", -0.5, 0, 0, 0.8),
            RowFactory.create("a", day, "negative", -0.5, 0, 1, 0.2),
            RowFactory.create("b", day, "positive", 0.9, 1, 0, 0.4),
            RowFactory.create("b", day, "positive", 0.9, 1, 1, 0.6));
    List<Row> daily =
        TopicStage.topicDaily(spark.createDataFrame(weights, schema))
            .orderBy("topic")
            .collectAsList();

    assertEquals(2, daily.size());
    Row topic0 = daily.get(0);
    assertEquals(1L, topic0.getLong(2));
    assertEquals(1.2, topic0.getDouble(3), 1e-12);
    assertEquals(0.8 / 1.2, topic0.getDouble(4), 1e-12);
    assertEquals((0.8 * -0.5 + 0.4 * 0.9) / 1.2, topic0.getDouble(5), 1e-12);
    Row topic1 = daily.get(1);
    assertEquals(1L, topic1.getLong(2));
    assertEquals(0.8, topic1.getDouble(3), 1e-12);
    assertEquals(0.2 / 0.8, topic1.getDouble(4), 1e-12);
    assertEquals((0.2 * -0.5 + 0.6 * 0.9) / 0.8, topic1.getDouble(5), 1e-12);
  }

  @Test
  void summaryCountsEmptyDocuments() {
    assertEquals("123", result.summary().details().get("documents_in"));
    assertEquals("3", result.summary().details().get("documents_empty"));
    assertEquals("120", result.summary().details().get("documents_modelled"));
    assertEquals(123L, result.summary().rowsIn());
    assertEquals(120L, result.summary().rowsOut());
    assertEquals("24", result.summary().details().get("vocabulary_size"));
  }

  @Test
  void tooFewDocumentsRejected() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows =
        List.of(
            review("a", "guitar strings tuner", FIRST_DAY, "positive", 0.5),
            review("b", "guitar strings capo", FIRST_DAY, "positive", 0.5));
    Dataset<Row> reviews = spark.createDataFrame(rows, SCORED_REVIEWS);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> TopicStage.model(spark, settings(3, 1), reviews, RUN_DATE, Optional.empty()));
    assertTrue(error.getMessage().contains("only 2 of 2 reviews"), error.getMessage());
    assertTrue(error.getMessage().contains("hot-topic-miner.topics.k"), error.getMessage());
  }

  @Test
  void emptyVocabularyRejected() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(
          review(
              "r" + i, "word" + "abcdefghij".charAt(i) + "x unique", FIRST_DAY, "positive", 0.5));
    }
    Dataset<Row> reviews = spark.createDataFrame(rows, SCORED_REVIEWS);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> TopicStage.model(spark, settings(2, 2), reviews, RUN_DATE, Optional.empty()));
    assertTrue(error.getMessage().contains("vocabulary is empty"), error.getMessage());
    assertTrue(
        error.getMessage().contains("hot-topic-miner.topics.min-document-frequency"),
        error.getMessage());
  }

  private static int vocabularyOf(String term) {
    for (int v = 0; v < VOCABULARIES.size(); v++) {
      if (VOCABULARIES.get(v).contains(term)) {
        return v;
      }
    }
    throw new AssertionError("term not in any vocabulary: " + term);
  }
}
