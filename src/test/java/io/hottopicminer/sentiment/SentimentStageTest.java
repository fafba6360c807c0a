package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trains a head once on generated reviews, then checks scoring, reloading and metadata checks. */
class SentimentStageTest {
  private static final String OVERRIDES = "model-version = test-v1";

  private static SparkSession spark;
  private static String modelsPath;
  private static SentimentSettings settings;
  private static SentimentTrainer.TrainingResult training;
  private static SentimentResult heldOut;

  @BeforeAll
  static void trainAndScore() {
    spark = SparkTestSession.get();
    modelsPath = TestModels.modelsPath();
    settings = TestModels.settings(OVERRIDES);
    Dataset<Row> pool = ReviewSamples.reviews(spark, 90, 7L, "train-");
    training = SentimentStage.train(spark, settings, modelsPath, pool);

    // Scoring with the same settings loads the head that train saved.
    Dataset<Row> reviews = ReviewSamples.reviews(spark, 40, 99L, "test-");
    heldOut = SentimentStage.score(spark, settings, modelsPath, reviews, pool.limit(0));
  }

  @AfterAll
  static void release() {
    if (heldOut != null) {
      heldOut.scoredReviews().unpersist();
    }
  }

  @Test
  void trainedHeadBeatsMajorityGuess() {
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    Dataset<Row> rows =
        heldOut
            .scoredReviews()
            .select(SentimentLabels.fromRating("rating"), col("sentiment_label"));
    for (Row row : rows.collectAsList()) {
      actual.add(row.getString(0));
      predicted.add(row.getString(1));
    }
    double macroF1 = ClassificationMetrics.macroF1(actual, predicted, SentimentLabels.ALL);
    TestFigures.record("held_out_macro_f1", String.valueOf(macroF1));
    assertEquals(120, actual.size());
    // Always guessing one class of three balanced classes gives macro-F1 1/6.
    assertTrue(macroF1 >= 0.75, "held-out macro-F1 " + macroF1);
  }

  @Test
  void trainingMetadataDescribesSample() {
    HeadMetadata metadata = SentimentStage.readMetadata(spark, training.headPath());
    assertEquals("bge-small-en-v1.5", metadata.embeddingModel());
    assertEquals("test-v1", metadata.modelVersion());
    assertEquals(SentimentLabels.RATING_MAPPING, metadata.labelMapping());
    // Every 10th ranked row of 90 per class is held out.
    assertEquals(Map.of("negative", 81L, "neutral", 81L, "positive", 81L),
        metadata.trainingRowsPerClass());
    assertEquals(Map.of("negative", 9L, "neutral", 9L, "positive", 9L),
        metadata.validationRowsPerClass());
    assertEquals("2024-03-01", metadata.reviewDateFrom());
    assertEquals("2024-03-30", metadata.reviewDateTo());
    assertEquals("5.5.3", metadata.sparkNlpVersion());
    assertNotNull(metadata.validationAccuracy());
    assertNotNull(metadata.createdAt());
  }

  @Test
  void savedHeadScoresEveryReview() {
    Dataset<Row> scored = heldOut.scoredReviews();
    assertEquals(
        List.of(
            "review_id", "product_id", "review_text", "rating", "review_time", "review_date",
            "sentiment_label", "negative_probability", "neutral_probability",
            "positive_probability", "sentiment_score", "model_version"),
        List.of(scored.columns()));
    assertEquals("bge-small-en-v1.5/test-v1", heldOut.modelVersion());
    assertEquals("false", heldOut.summary().details().get("head_trained"));
    assertEquals(120, heldOut.summary().rowsOut());
    for (Row row : scored.collectAsList()) {
      String label = row.getAs("sentiment_label");
      double negative = row.getAs("negative_probability");
      double neutral = row.getAs("neutral_probability");
      double positive = row.getAs("positive_probability");
      double score = row.getAs("sentiment_score");
      assertTrue(SentimentLabels.ALL.contains(label), label);
      assertEquals(1.0, negative + neutral + positive, 1e-4, row.toString());
      assertEquals(positive - negative, score, 1e-9);
      assertEquals("bge-small-en-v1.5/test-v1", row.getAs("model_version"));
    }
  }

  @Test
  void trainingMetadataRecordsSampling() {
    HeadMetadata metadata = SentimentStage.readMetadata(spark, training.headPath());
    assertEquals("balanced", metadata.trainingSampling());
  }

  @Test
  void sentenceModeAveragesSentenceProbabilities() {
    String first = "This capo is excellent and I love it.";
    String second = "The strap broke after one day and I want a refund.";
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("s1", "P1", first, 5.0, null, null));
    rows.add(RowFactory.create("s2", "P1", second, 1.0, null, null));
    Dataset<Row> single = spark.createDataFrame(rows, ReviewSamples.SCHEMA);
    Dataset<Row> both =
        spark.createDataFrame(
            List.of(RowFactory.create("s3", "P1", first + " " + second, 3.0, null, null)),
            ReviewSamples.SCHEMA);
    SentimentSettings sentences =
        TestModels.settings(OVERRIDES + ", long-reviews = sentences");

    SentimentResult truncated = SentimentStage.score(spark, settings, modelsPath, single, single);
    SentimentResult split = SentimentStage.score(spark, sentences, modelsPath, both, both);
    try {
      Map<String, Row> byId = new java.util.HashMap<>();
      truncated.scoredReviews().collectAsList().forEach(r -> byId.put(r.getAs("review_id"), r));
      Row mixed = split.scoredReviews().collectAsList().get(0);
      assertEquals("sentences", split.summary().details().get("long_reviews"));
      for (String column :
          List.of("negative_probability", "neutral_probability", "positive_probability")) {
        double mean =
            ((double) byId.get("s1").getAs(column) + (double) byId.get("s2").getAs(column)) / 2;
        assertEquals(mean, (double) mixed.getAs(column), 1e-4, column);
      }
    } finally {
      truncated.scoredReviews().unpersist();
      split.scoredReviews().unpersist();
    }
  }

  @Test
  void blankTextGetsUniformNeutral() {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("b1", "P1", null, 5.0, null, null));
    rows.add(RowFactory.create("b2", "P1", "   ", 1.0, null, null));
    rows.add(RowFactory.create("t1", "P1", "This capo is excellent, I love it.", 5.0, null, null));
    Dataset<Row> reviews = spark.createDataFrame(rows, ReviewSamples.SCHEMA);
    SentimentResult result =
        SentimentStage.score(spark, settings, modelsPath, reviews, reviews.limit(0));
    try {
      Map<String, Row> byId = new java.util.HashMap<>();
      result.scoredReviews().collectAsList().forEach(row -> byId.put(row.getAs("review_id"), row));
      for (String id : List.of("b1", "b2")) {
        Row row = byId.get(id);
        assertEquals("neutral", row.getAs("sentiment_label"), id);
        assertEquals(1.0 / 3, (double) row.getAs("positive_probability"), 1e-9, id);
        assertEquals(0.0, (double) row.getAs("sentiment_score"), 1e-9, id);
      }
      assertEquals("positive", byId.get("t1").getAs("sentiment_label"));
      assertEquals("2", result.summary().details().get("blank_texts"));
      assertEquals(3, result.summary().rowsOut());
    } finally {
      result.scoredReviews().unpersist();
    }
  }

  @Test
  void scoringSpeedOnFewHundredTexts() {
    Dataset<Row> reviews = ReviewSamples.reviews(spark, 120, 1234L, "speed-");
    SentimentResult result =
        SentimentStage.score(spark, settings, modelsPath, reviews, reviews.limit(0));
    try {
      Map<String, String> details = result.summary().details();
      TestFigures.record("synthetic_scoring_seconds", details.get("scoring_seconds"));
      TestFigures.record("synthetic_texts_per_second", details.get("texts_per_second"));
      assertEquals(360, result.summary().rowsOut());
      assertTrue(Double.parseDouble(details.get("texts_per_second")) > 0);
    } finally {
      result.scoredReviews().unpersist();
    }
  }

  @Test
  void metadataMismatchRejectedWithPath() throws Exception {
    Path otherModels = Files.createTempDirectory("sentiment-mismatch-");
    String headPath = SentimentTrainer.headPath(otherModels.toString(), settings);
    HeadMetadata foreign =
        new HeadMetadata(
            "all-minilm-l6-v2",
            "test-v1",
            SentimentLabels.RATING_MAPPING,
            SentimentSettings.SAMPLING_BALANCED,
            Map.of(),
            Map.of(),
            null,
            null,
            null,
            null,
            "5.5.3",
            "2026-01-01T00:00:00Z");
    Files.createDirectories(Path.of(headPath));
    Files.writeString(Path.of(headPath, "metadata.json"), foreign.toJson());
    Dataset<Row> reviews = ReviewSamples.reviews(spark, 1, 5L, "m-");

    InvalidConfigException error =
        assertThrows(
            InvalidConfigException.class,
            () -> SentimentStage.score(spark, settings, otherModels.toString(), reviews, reviews));
    assertEquals("hot-topic-miner.sentiment.embedding-model", error.key());
    assertTrue(error.getMessage().contains(headPath), error.getMessage());
    assertTrue(error.getMessage().contains("all-minilm-l6-v2"), error.getMessage());
    assertTrue(error.getMessage().contains("model-version"), error.getMessage());
  }

  @Test
  void tooFewReviewsNamesClass() {
    Dataset<Row> pool =
        ReviewSamples.reviews(spark, 30, 11L, "few-")
            .filter(col("rating").notEqual(3.0).or(col("review_id").endsWith("1")));
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SentimentStage.train(
                    spark, TestModels.settings("model-version = test-few"), modelsPath, pool));
    assertTrue(error.getMessage().contains("class 'neutral'"), error.getMessage());
    assertTrue(error.getMessage().contains("min-reviews-per-class"), error.getMessage());
  }
}
