package io.hottopicminer.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LdaWarmStartTest {
  private static final String[] VOCABULARY = {
    "strap", "buckle", "leather", "tuner", "pitch", "clip", "cable", "jack", "noise"
  };
  private static final StructType PREVIOUS_SCHEMA =
      new StructType()
          .add("topic", DataTypes.IntegerType, false)
          .add("term_counts", LdaWarmStart.TERM_COUNTS_TYPE, false);

  private static Row count(String term, double count) {
    return RowFactory.create(term, count);
  }

  @Test
  void sharesFollowTermsNotIndices() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> previous =
        spark.createDataFrame(
            List.of(
                RowFactory.create(1, List.of(count("tuner", 30.0), count("strap", 10.0))),
                RowFactory.create(0, List.of(count("strap", 30.0)))),
            PREVIOUS_SCHEMA);

    LdaWarmStart start = LdaWarmStart.fromPrevious(spark, "test", previous).orElseThrow();
    double[][] shares = start.termTopicShares(new String[] {"tuner", "strap", "cable"});

    assertEquals(2, start.topics());
    assertArrayEquals(new double[] {0.0, 1.0}, shares[0], 1e-12);
    assertArrayEquals(new double[] {0.75, 0.25}, shares[1], 1e-12);
    assertNull(shares[2], "a term no previous topic stored starts evenly split");
  }

  @Test
  void previousWithoutTermCountsIsEmpty() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> previous =
        spark.createDataFrame(
            List.of(RowFactory.create(0, "t-2014-03-31-0")),
            new StructType().add("topic", "int").add("topic_key", "string"));

    assertTrue(LdaWarmStart.fromPrevious(spark, "test", previous).isEmpty());
  }

  @Test
  void termCountRowsDropSmallCountsAndSort() {
    // Column-major 3 x 2: topic 0 has counts 0.2, 4.0, 1.5 and topic 1 has 9.0, 0.5, 0.49.
    Matrix counts = new DenseMatrix(3, 2, new double[] {0.2, 4.0, 1.5, 9.0, 0.5, 0.49});
    String[] vocabulary = {"strap", "tuner", "cable"};

    List<Row> topicZero = LdaWarmStart.termCountRows(counts, vocabulary, 0);
    List<Row> topicOne = LdaWarmStart.termCountRows(counts, vocabulary, 1);

    assertEquals(List.of(count("tuner", 4.0), count("cable", 1.5)), topicZero);
    assertEquals(List.of(count("strap", 9.0), count("tuner", 0.5)), topicOne);
  }

  /**
   * Three groups of three terms, each group only in its own documents. Started from shares that
   * put group g on topic (g + 1) mod 3, the fit must return the groups on exactly those topics,
   * which a random start would give only by chance (1 in 6).
   */
  @Test
  void fitKeepsTopicOrderOfStart() {
    SparkSession spark = SparkTestSession.get();
    TopicSettings settings = TopicTestSettings.of("k = 3, max-iterations = 10");
    List<Row> rows = new ArrayList<>();
    for (int document = 0; document < 60; document++) {
      int group = document % 3;
      double[] features = new double[VOCABULARY.length];
      for (int term = 0; term < 3; term++) {
        features[3 * group + term] = 1 + (document + term) % 3;
      }
      rows.add(RowFactory.create((long) document, Vectors.dense(features)));
    }
    Dataset<Row> documents =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("document_id", DataTypes.LongType, false)
                .add("features", SQLDataTypes.VectorType(), false));
    double[][] shares = new double[VOCABULARY.length][];
    for (int term = 0; term < VOCABULARY.length; term++) {
      int group = term / 3;
      shares[term] = new double[3];
      shares[term][(group + 1) % 3] = 0.8;
      shares[term][(group + 2) % 3] = 0.1;
      shares[term][group] = 0.1;
    }

    LdaFit fit = LdaFit.fit(spark, "test", settings, 3, documents, shares);

    for (int group = 0; group < 3; group++) {
      int topic = (group + 1) % 3;
      for (int term = 3 * group; term < 3 * group + 3; term++) {
        double inTopic = fit.topicsMatrix().apply(term, topic);
        double total = 0.0;
        for (int other = 0; other < 3; other++) {
          total += fit.topicsMatrix().apply(term, other);
        }
        assertTrue(
            inTopic > 0.95 * total,
            VOCABULARY[term] + " on topic " + topic + ": " + inTopic + " of " + total);
      }
    }
  }
}
