package io.hottopicminer.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import io.hottopicminer.topics.TopicKeys.Assignment;
import io.hottopicminer.topics.TopicKeys.KeyedTerms;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Coherence, relevance, topic-key matching and phrases on hand-computed cases. */
class TopicDiagnosticsTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2024, 3, 28);

  @Test
  void npmiHandComputedPairs() {
    // 4 documents over terms 0, 1, 2: {0, 1}, {0, 1}, {0, 2}, {2}.
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(Vectors.sparse(3, new int[] {0, 1}, new double[] {2, 1})));
    rows.add(RowFactory.create(Vectors.sparse(3, new int[] {0, 1}, new double[] {1, 1})));
    rows.add(RowFactory.create(Vectors.sparse(3, new int[] {0, 2}, new double[] {1, 3})));
    rows.add(RowFactory.create(Vectors.sparse(3, new int[] {2}, new double[] {1})));
    Dataset<Row> documents = spark.createDataFrame(rows, schema);

    TopicCoherence.Scores scores =
        TopicCoherence.npmi(spark, "test", documents, new int[][] {{0, 1}, {1, 2}, {0, 1, 2}});

    // P(0) = 3/4, P(1) = 2/4, P(0, 1) = 2/4: log((1/2) / (3/8)) / -log(1/2) = 0.4150.
    double npmi01 = Math.log((0.5) / (0.75 * 0.5)) / -Math.log(0.5);
    // P(0, 2) = 1/4 with P(2) = 2/4: log((1/4) / (3/8)) / -log(1/4) = -0.2925.
    double npmi02 = Math.log(0.25 / (0.75 * 0.5)) / -Math.log(0.25);
    assertEquals(npmi01, scores.perTopic()[0], 1e-12);
    assertEquals(-1.0, scores.perTopic()[1], 1e-12, "terms 1 and 2 never co-occur");
    assertEquals((npmi01 + npmi02 - 1.0) / 3, scores.perTopic()[2], 1e-12);
    assertEquals((npmi01 - 1.0 + (npmi01 + npmi02 - 1.0) / 3) / 3, scores.mean(), 1e-12);
  }

  @Test
  void diversityCountsDistinctTerms() {
    assertEquals(1.0, TopicCoherence.diversity(new int[][] {{0, 1}, {2, 3}}), 1e-12);
    assertEquals(0.75, TopicCoherence.diversity(new int[][] {{0, 1}, {1, 2}}), 1e-12);
  }

  @Test
  void relevanceOrdersSpecificTerms() {
    // 3 terms x 2 topics, column-major. Term 0 is frequent everywhere, term 2 is rarer but only
    // in topic 0.
    DenseMatrix counts = new DenseMatrix(3, 2, new double[] {50, 10, 40, 50, 50, 0});
    TopicTerms terms = TopicTerms.of(counts, new double[] {100, 60, 40});

    assertEquals(0.5, terms.probability(0, 0), 1e-12);
    assertEquals(0.4, terms.probability(0, 2), 1e-12);
    assertArrayEquals(new int[] {0, 2, 1}, terms.mostProbable(0, 3));
    // lambda 0.6: term 0 = 0.6 log 0.5 + 0.4 log(0.5 / 0.5) = -0.416, term 2 = 0.6 log 0.4
    // + 0.4 log(0.4 / 0.2) = -0.272, so term 2 ranks first.
    assertArrayEquals(new int[] {2, 0, 1}, terms.mostRelevant(0, 3, 0.6));
    assertArrayEquals(new int[] {0, 2}, terms.mostRelevant(0, 2, 1.0));
    assertEquals(
        0.6 * Math.log(0.4) + 0.4 * Math.log(2.0), TopicTerms.relevance(0.4, 0.2, 0.6), 1e-12);
    assertEquals(Double.NEGATIVE_INFINITY, TopicTerms.relevance(0.0, 0.2, 0.6));
  }

  @Test
  void keysMatchMostSimilarPrevious() {
    List<KeyedTerms> previous =
        List.of(
            new KeyedTerms("t-old-a", Map.of("strap", 0.5, "buckle", 0.3)),
            new KeyedTerms("t-old-b", Map.of("tuner", 0.6, "clip", 0.2)));
    List<Map<String, Double>> current =
        List.of(
            Map.of("tuner", 0.5, "clip", 0.3, "pitch", 0.1),
            Map.of("capo", 0.7, "spring", 0.2),
            Map.of("strap", 0.4, "buckle", 0.4));

    List<Assignment> keys = TopicKeys.assign(current, previous, 0.5, RUN_DATE);

    assertEquals("t-old-b", keys.get(0).topicKey());
    assertFalse(keys.get(0).emerging());
    assertEquals("t-2024-03-28-1", keys.get(1).topicKey());
    assertTrue(keys.get(1).emerging());
    assertNull(keys.get(1).similarity());
    assertEquals("t-old-a", keys.get(2).topicKey());
    double expected = (0.5 * 0.4 + 0.3 * 0.4) / (Math.sqrt(0.34) * Math.sqrt(0.32));
    assertEquals(expected, keys.get(2).similarity(), 1e-12);
  }

  @Test
  void keysOnePreviousTopicEach() {
    // Both new topics resemble the same previous topic; only the closer one keeps its key.
    List<KeyedTerms> previous = List.of(new KeyedTerms("t-old", Map.of("cable", 1.0)));
    List<Map<String, Double>> current =
        List.of(Map.of("cable", 0.6, "jack", 0.4), Map.of("cable", 0.9, "noise", 0.1));

    List<Assignment> keys = TopicKeys.assign(current, previous, 0.5, RUN_DATE);

    assertEquals("t-2024-03-28-0", keys.get(0).topicKey());
    assertTrue(keys.get(0).emerging());
    assertEquals("t-old", keys.get(1).topicKey());
  }

  @Test
  void keysFirstRunNotEmerging() {
    List<Assignment> keys =
        TopicKeys.assign(List.of(Map.of("cable", 1.0)), List.of(), 0.5, RUN_DATE);
    assertEquals("t-2024-03-28-0", keys.get(0).topicKey());
    assertFalse(keys.get(0).emerging());
  }

  @Test
  void phrasesAppendFrequentBigrams() {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("terms", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows =
        List.of(
            RowFactory.create("a", List.of("battery", "life", "short")),
            RowFactory.create("b", List.of("great", "battery", "life", "battery", "life")),
            RowFactory.create("c", List.of("life", "short")),
            RowFactory.create("d", List.of("battery")));

    Phrases.Result result =
        Phrases.append(spark, "test", spark.createDataFrame(rows, schema), 2, 100);

    // "battery life" is in a and b, "life short" in a and c; "great battery" and "life battery"
    // are in b only.
    assertEquals(2, result.phrases());
    Map<String, List<String>> terms = new java.util.HashMap<>();
    for (Row row : result.documents().collectAsList()) {
      terms.put(row.getString(0), row.getList(1));
    }
    assertEquals(
        List.of("battery", "life", "short", "battery life", "life short"), terms.get("a"));
    assertEquals(
        List.of("great", "battery", "life", "battery", "life", "battery life", "battery life"),
        terms.get("b"));
    assertEquals(List.of("life", "short", "life short"), terms.get("c"));
    assertEquals(List.of("battery"), terms.get("d"));
  }

  @Test
  void phrasesLimitedToMostFrequent() {
    SparkSession spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("terms", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> rows =
        List.of(
            RowFactory.create("a", List.of("battery", "life", "short")),
            RowFactory.create("b", List.of("battery", "life")),
            RowFactory.create("c", List.of("battery", "life", "short")),
            RowFactory.create("d", List.of("life", "short")));

    Phrases.Result result =
        Phrases.append(spark, "test", spark.createDataFrame(rows, schema), 2, 1);

    // Both bigrams are in 3 reviews, so the tie goes to the alphabetically first.
    assertEquals(1, result.phrases());
    Row first = result.documents().filter("review_id = 'd'").first();
    assertEquals(List.of("life", "short"), first.getList(1));
  }
}
