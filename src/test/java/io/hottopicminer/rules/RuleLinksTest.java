package io.hottopicminer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hottopicminer.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RuleLinksTest {
  private static final StructType HOT_TOPICS_SCHEMA =
      new StructType()
          .add("rank", DataTypes.IntegerType, false)
          .add("topic", DataTypes.IntegerType, false)
          .add("label", DataTypes.StringType, true)
          .add("top_product_ids", DataTypes.createArrayType(DataTypes.StringType), true);

  private final SparkSession spark = SparkTestSession.get();

  private static Row rule(
      List<String> antecedent, String consequent, double confidence, double lift) {
    return RowFactory.create(
        antecedent, List.of(consequent), 0.1, confidence, lift, 0.0, null, 10L, 10L, 5L, 50L);
  }

  private Dataset<Row> rules() {
    List<Row> rows =
        List.of(
            rule(List.of("p1"), "x", 0.5, 2.0),
            // Contains p1 and p2 of topic 7, so it is linked once, through p1 (listed first).
            rule(List.of("p2", "p3"), "p1", 0.5, 5.0),
            rule(List.of("y"), "p2", 0.5, 3.0),
            rule(List.of("p1"), "z", 0.5, 1.5),
            rule(List.of("p2"), "w", 0.4, 2.5),
            rule(List.of("p9"), "p1", 0.5, 4.0),
            rule(List.of("q"), "r", 0.9, 9.0),
            // Same lift as p2 => w, higher confidence, so it ranks first of the two.
            rule(List.of("p1"), "v", 0.6, 2.5));
    return spark.createDataFrame(rows, RuleStage.RULES_SCHEMA);
  }

  private Dataset<Row> hotTopics() {
    List<Row> rows =
        List.of(
            RowFactory.create(1, 7, "strings / tuner / capo", List.of("p1", "p2")),
            RowFactory.create(2, 3, "pedal / noise / hum", List.of("p9")),
            RowFactory.create(3, 4, "cable / plug / jack", List.of("p5")),
            RowFactory.create(4, 5, "no products", null));
    return spark.createDataFrame(rows, HOT_TOPICS_SCHEMA);
  }

  private static String describe(Row row) {
    return row.getInt(0)
        + " "
        + row.getInt(1)
        + " "
        + row.getString(2)
        + " "
        + RuleTestData.ruleKey(row.getList(3), row.getList(4));
  }

  @Test
  void linksTopRulesByLift() {
    Dataset<Row> links = RuleLinks.forTopics(spark, rules(), hotTopics(), 4);

    List<String> rows = links.collectAsList().stream().map(RuleLinksTest::describe).toList();
    assertEquals(
        List.of(
            "1 7 p1 p2,p3 => p1",
            "1 7 p1 p9 => p1",
            "1 7 p2 y => p2",
            "1 7 p1 p1 => v",
            "2 3 p9 p9 => p1"),
        rows);
  }

  @Test
  void linksCopyRuleMeasures() {
    Row first = RuleLinks.forTopics(spark, rules(), hotTopics(), 1).first();

    assertEquals(0.1, first.getDouble(5));
    assertEquals(0.5, first.getDouble(6));
    assertEquals(5.0, first.getDouble(7));
  }

  @Test
  void linksSchemaMatchesTable() {
    Dataset<Row> links = RuleLinks.forTopics(spark, rules(), hotTopics(), 5);

    assertEquals(
        RuleLinks.HOT_TOPIC_RULES_SCHEMA.simpleString(),
        links.schema().asNullable().simpleString());
    assertEquals(List.of(RuleLinks.HOT_TOPIC_RULES_SCHEMA.fieldNames()), List.of(links.columns()));
  }

  @Test
  void linksLimitPerTopic() {
    Dataset<Row> links = RuleLinks.forTopics(spark, rules(), hotTopics(), 2);

    assertEquals(2L, links.filter("topic = 7").count());
    assertEquals(1L, links.filter("topic = 3").count());
    assertEquals(0L, links.filter("topic IN (4, 5)").count());
  }

  @Test
  void linksZeroPerTopicRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> RuleLinks.forTopics(spark, rules(), hotTopics(), 0));
  }
}
