package io.hottopicminer.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hottopicminer.testing.SmallLake;
import io.hottopicminer.testing.SparkTestSession;
import io.hottopicminer.testing.TablesDoc;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LakeViewsTest {
  private static SparkSession spark;
  private static LakeSettings settings;

  @BeforeAll
  static void writeLake() {
    spark = SparkTestSession.get();
    settings = SmallLake.shared();
  }

  private static List<Row> rows(String query) {
    return spark.sql(query).collectAsList();
  }

  @Test
  void latestHotTopicsKeepsLatestRunDate() {
    List<Row> rows =
        rows("SELECT run_date, rank, topic FROM smalllake.hot_topics.latest_hot_topics ORDER BY rank");
    assertEquals(2, rows.size());
    assertEquals(SmallLake.RUN_DATE.toString(), rows.get(0).get(0).toString());
    assertEquals(0, rows.get(0).getInt(2));
  }

  @Test
  void topicHistoryJoinsLabels() {
    List<Row> rows =
        rows(
            "SELECT label, top_terms[0], count(*), sum(volume)"
                + " FROM smalllake.hot_topics.topic_history"
                + " WHERE run_date = DATE'2025-09-30' AND topic = 0 GROUP BY label, top_terms[0]");
    assertEquals(1, rows.size());
    assertEquals("hinge / case / charging", rows.get(0).getString(0));
    assertEquals("hinge", rows.get(0).getString(1));
    assertEquals(7L, rows.get(0).getLong(2));
    assertEquals(4.0 + 5.0 + 6.0 + 4 * 0.5, rows.get(0).getDouble(3), 1e-9);
  }

  @Test
  void productRulesListsBothSides() {
    List<Row> rows =
        rows(
            "SELECT product_id, side, lift FROM smalllake.hot_topics.product_rules"
                + " WHERE run_date = DATE'2025-09-30' ORDER BY product_id");
    assertEquals(4, rows.size());
    assertEquals("EB-201", rows.get(0).getString(0));
    assertEquals("antecedent", rows.get(0).getString(1));
    assertEquals("EB-202", rows.get(1).getString(0));
    assertEquals("consequent", rows.get(1).getString(1));
    assertEquals(2.5, rows.get(1).getDouble(2), 1e-9);
  }

  @Test
  void productSentimentAggregatesPerDay() {
    List<Row> rows =
        rows(
            "SELECT sum(reviews), sum(negative_reviews), max(negative_share)"
                + " FROM smalllake.hot_topics.product_sentiment"
                + " WHERE run_date = DATE'2025-09-30' AND product_id = 'EB-201'");
    assertEquals(3L, rows.get(0).getLong(0));
    assertEquals(2L, rows.get(0).getLong(1));
    assertEquals(1.0, ((Number) rows.get(0).get(2)).doubleValue(), 1e-9);
  }

  @Test
  void replaceKeepsViewCount() {
    assertEquals(4, new LakeViews(spark, settings).createOrReplace());
    List<Row> views = rows("SHOW VIEWS IN smalllake.hot_topics");
    assertEquals(4, views.size());
  }

  @Test
  void viewColumnsMatchDocs() {
    Map<String, List<TablesDoc.Column>> documented = TablesDoc.read();
    for (String view : new LakeViews(spark, settings).definitions().keySet()) {
      String documentedAs = view.equals("latest_hot_topics") ? "hot_topics" : view;
      StructType schema = spark.table(settings.table(view)).schema();
      assertEquals(
          documented.get(documentedAs), TablesDoc.columns(schema), "columns of view " + view);
    }
  }
}
