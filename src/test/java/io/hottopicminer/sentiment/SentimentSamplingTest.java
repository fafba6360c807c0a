package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hottopicminer.testing.SparkTestSession;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Training samples and the evaluation time split on a skewed pool, without any model. */
class SentimentSamplingTest {
  private static SparkSession spark;
  private static Dataset<Row> labelled;

  @BeforeAll
  static void createPool() {
    spark = SparkTestSession.get();
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("review_text", DataTypes.StringType)
            .add(SentimentTrainer.LABEL, DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    // 300 positive, 60 neutral, 40 negative: the skew of real star ratings.
    addRows(rows, "positive", 300);
    addRows(rows, "neutral", 60);
    addRows(rows, "negative", 40);
    labelled = spark.createDataFrame(rows, schema);
  }

  private static void addRows(List<Row> rows, String label, int count) {
    for (int i = 0; i < count; i++) {
      rows.add(RowFactory.create(label + i, "text " + label + " " + i, label));
    }
  }

  @Test
  void balancedSampleCapsEachClass() {
    Map<String, Long> counts = countPerLabel(sample("balanced", 50));
    assertEquals(50L, counts.get("positive"));
    assertEquals(50L, counts.get("neutral"));
    assertEquals(40L, counts.get("negative"));
  }

  @Test
  void naturalSampleKeepsShares() {
    Dataset<Row> sample = sample("natural", 50);
    Map<String, Long> counts = countPerLabel(sample);
    assertEquals(150L, counts.values().stream().mapToLong(Long::longValue).sum());
    // Expected shares 75%, 15% and 10% of 150; a hash sample lands near them.
    assertEquals(112.5, counts.get("positive"), 15.0);
    assertEquals(22.5, counts.get("neutral"), 10.0);
    assertEquals(15.0, counts.get("negative"), 10.0);
    // Every 10th of the 150 ranked rows is a validation row.
    assertEquals(15L, sample.filter(col(SentimentTrainer.VALIDATION)).count());
  }

  @Test
  void naturalSampleRepeatsWithSeed() {
    List<Row> first = sample("natural", 20).orderBy("review_id").collectAsList();
    List<Row> second = sample("natural", 20).orderBy("review_id").collectAsList();
    assertEquals(first, second);
  }

  @Test
  void timeSplitHoldsOutNewest() {
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("review_text", DataTypes.StringType)
            .add("rating", DataTypes.DoubleType)
            .add("review_time", DataTypes.TimestampType);
    List<Row> rows = new ArrayList<>();
    for (int day = 1; day <= 10; day++) {
      Timestamp time = Timestamp.valueOf(String.format("2014-01-%02d 12:00:00", day));
      rows.add(RowFactory.create("r" + day, "review " + day, (double) (day % 5 + 1), time));
    }
    rows.add(RowFactory.create("blank", " ", 5.0, Timestamp.valueOf("2014-02-01 00:00:00")));
    rows.add(RowFactory.create("unrated", "text", null, Timestamp.valueOf("2014-02-01 00:00:00")));
    Dataset<Row> split =
        SentimentEvaluation.splitByTime(spark, spark.createDataFrame(rows, schema), 0.2);
    List<String> testIds = new ArrayList<>();
    split
        .filter(col("sentiment_test_row"))
        .orderBy("review_id")
        .collectAsList()
        .forEach(row -> testIds.add(row.getString(0)));
    assertEquals(10, split.count());
    assertEquals(List.of("r10", "r9"), testIds);
  }

  private static Dataset<Row> sample(String sampling, int maxPerClass) {
    SentimentSettings.Training training =
        TestModels.settings(
                "training { sampling = " + sampling + ", max-reviews-per-class = " + maxPerClass
                    + ", min-reviews-per-class = 1 }")
            .training();
    return SentimentTrainer.sample(labelled, training);
  }

  private static Map<String, Long> countPerLabel(Dataset<Row> sample) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row : sample.groupBy(SentimentTrainer.LABEL).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
