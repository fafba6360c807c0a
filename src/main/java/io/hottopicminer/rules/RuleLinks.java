package io.hottopicminer.rules;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Links association rules to hot topics through the topics' top products, so that a report can show
 * what is bought together with the products a hot topic is about.
 */
public final class RuleLinks {

  /** Schema of the {@code hot_topic_rules} table that {@link #forTopics} returns. */
  public static final StructType HOT_TOPIC_RULES_SCHEMA =
      new StructType()
          .add("rank", DataTypes.IntegerType, false)
          .add("topic", DataTypes.IntegerType, false)
          .add("product_id", DataTypes.StringType, false)
          .add("antecedent", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("consequent", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("support", DataTypes.DoubleType, false)
          .add("confidence", DataTypes.DoubleType, false)
          .add("lift", DataTypes.DoubleType, false);

  private RuleLinks() {}

  /**
   * Selects, for each hot topic, the {@code rulesPerTopic} rules with the highest lift whose
   * antecedent or consequent contains one of the topic's top products.
   *
   * <p>A rule that contains several of the topic's products appears once, with product_id set to
   * the one listed first in top_product_ids. Ties in lift are broken by confidence, then support
   * (both descending), then antecedent and consequent. Topics without a matching rule have no row.
   *
   * <p>NOTE: rules mined with {@code item-level = category} contain category codes, not product
   * ids, so they match no topic product unless a code happens to equal a product id.
   *
   * @param spark the job's session; no Spark action runs here
   * @param rules rules in the {@code association_rules} contract
   * @param hotTopics hot topics with at least rank, topic and top_product_ids
   * @param rulesPerTopic maximum number of rules per topic, at least 1
   * @return one row per (topic, rule) in the {@link #HOT_TOPIC_RULES_SCHEMA} columns, ordered by
   *     rank and then by lift, highest first
   */
  public static Dataset<Row> forTopics(
      SparkSession spark, Dataset<Row> rules, Dataset<Row> hotTopics, int rulesPerTopic) {
    if (rulesPerTopic < 1) {
      throw new IllegalArgumentException("rulesPerTopic must be at least 1, got " + rulesPerTopic);
    }

    Dataset<Row> topicProducts =
        hotTopics
            .select(
                col("rank").cast(DataTypes.IntegerType).as("rank"),
                col("topic").cast(DataTypes.IntegerType).as("topic"),
                posexplode(col("top_product_ids")).as(new String[] {"product_position", "item"}))
            .filter(col("item").isNotNull());
    // One row per distinct item of each rule, so that the join with topic products is an equi-join.
    Dataset<Row> ruleItems =
        rules.select(
            col("antecedent"),
            col("consequent"),
            col("support"),
            col("confidence"),
            col("lift"),
            explode(array_distinct(concat(col("antecedent"), col("consequent")))).as("item"));

    WindowSpec firstProduct =
        Window.partitionBy(col("topic"), col("antecedent"), col("consequent"))
            .orderBy(col("product_position"));
    Dataset<Row> matches =
        topicProducts
            .join(ruleItems, "item")
            .withColumn("product_match", row_number().over(firstProduct))
            .filter(col("product_match").equalTo(1));

    WindowSpec byLift =
        Window.partitionBy(col("topic"))
            .orderBy(
                col("lift").desc(),
                col("confidence").desc(),
                col("support").desc(),
                col("antecedent"),
                col("consequent"));
    return matches
        .withColumn("rule_position", row_number().over(byLift))
        .filter(col("rule_position").leq(rulesPerTopic))
        .orderBy(col("rank"), col("rule_position"))
        .select(
            col("rank"),
            col("topic"),
            col("item").as("product_id"),
            col("antecedent"),
            col("consequent"),
            col("support"),
            col("confidence"),
            col("lift"));
  }
}
