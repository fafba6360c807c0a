package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_unixtime;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Trains on real Amazon Musical Instruments reviews (80 per class) and scores 40 held-out reviews
 * per class. Skipped when the shared data folder is absent.
 */
class AmazonReviewsSentimentTest {

  @Test
  void realReviewsBeatMajorityGuess() {
    Path csv =
        Path.of(
            System.getProperty("project.basedir", "."),
            "..",
            "shared",
            "data",
            "amazon_musical_instruments",
            "reviews.csv");
    Assumptions.assumeTrue(Files.exists(csv), "shared review data not found at " + csv);
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> reviews = readReviews(spark, csv.toString());

    Dataset<Row> pool = reviews.filter(pmod(xxhash64(col("review_id")), lit(3)).notEqual(0));
    var order = Window.partitionBy(col("label")).orderBy(xxhash64(col("review_id"), lit(1)));
    Dataset<Row> heldOut =
        reviews
            .filter(pmod(xxhash64(col("review_id")), lit(3)).equalTo(0))
            .withColumn("label", SentimentLabels.fromRating("rating"))
            .withColumn("rank", row_number().over(order))
            .filter(col("rank").leq(40))
            .drop("label", "rank");

    SentimentSettings settings =
        TestModels.settings(
            "model-version = test-amazon, training { max-reviews-per-class = 80,"
                + " validation-fraction = 0 }");
    String modelsPath = TestModels.modelsPath();
    SentimentStage.train(spark, settings, modelsPath, pool);
    SentimentResult result = SentimentStage.score(spark, settings, modelsPath, heldOut, pool);
    try {
      List<String> actual = new ArrayList<>();
      List<String> predicted = new ArrayList<>();
      for (Row row :
          result
              .scoredReviews()
              .select(SentimentLabels.fromRating("rating"), col("sentiment_label"))
              .collectAsList()) {
        actual.add(row.getString(0));
        predicted.add(row.getString(1));
      }
      double macroF1 = ClassificationMetrics.macroF1(actual, predicted, SentimentLabels.ALL);
      TestFigures.record("amazon_held_out_macro_f1", String.valueOf(macroF1));
      Map<String, String> details = result.summary().details();
      TestFigures.record("amazon_scoring_seconds", details.get("scoring_seconds"));
      TestFigures.record("amazon_texts_per_second", details.get("texts_per_second"));
      assertEquals(120, actual.size());
      // Guessing one class of three balanced classes gives macro-F1 1/6.
      assertTrue(macroF1 >= 0.45, "held-out macro-F1 " + macroF1);
    } finally {
      result.scoredReviews().unpersist();
    }
  }

  private static Dataset<Row> readReviews(SparkSession spark, String path) {
    Dataset<Row> raw =
        spark
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .csv(path);
    return raw.select(
        concat_ws("-", col("reviewerID"), col("asin")).as("review_id"),
        col("asin").as("product_id"),
        col("reviewText").as("review_text"),
        col("overall").cast("double").as("rating"),
        from_unixtime(col("unixReviewTime").cast("long")).cast("timestamp").as("review_time"),
        to_date(from_unixtime(col("unixReviewTime").cast("long"))).as("review_date"));
  }
}
