package io.hottopicminer.rules;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Finds redundant rules the way arules {@code is.redundant(rules, measure = "confidence")} defines
 * them (arules 1.6 and later): a rule X => Y is redundant when the same rule set contains a more
 * general rule X' => Y, with X' a proper subset of X, whose confidence is at least that of X => Y.
 *
 * <p>Only non-empty X' count. This stage never produces a rule with an empty antecedent, so a rule
 * whose confidence is at most the consequent's support (lift at most 1) is not redundant for that
 * reason alone. arules returns the same flags on rules mined with {@code minlen = 2}.
 *
 * <p>Applied to every rule that reaches min-confidence, before max-rules cuts the list, the check
 * is complete: a more general rule with a confidence at least as high also reaches min-confidence,
 * and its itemset X' ∪ Y is frequent because X ∪ Y is.
 */
public final class RedundantRules {
  /** Boolean column that {@link #flag} adds. */
  public static final String REDUNDANT = "redundant";

  /**
   * Every proper non-empty subset of the sorted antecedent, each sorted, as an array of arrays. Bit
   * i of the mask m selects item i, and the masks run from 1 to 2^n - 2.
   */
  private static final String PROPER_SUBSETS =
      "transform(sequence(1L, shiftleft(1L, size(antecedent)) - 2L),"
          + " mask -> filter(antecedent, (item, i) -> (shiftright(mask, i) & 1L) = 1L))";

  private RedundantRules() {}

  /**
   * Adds the boolean column {@value #REDUNDANT} to {@code rules}, true for each redundant rule.
   *
   * <p>Confidences are compared as exact fractions of the counts, rule_count / antecedent_count, so
   * equal confidences count as equal whatever their floating-point rounding. The rules stay in
   * Spark: each rule with an antecedent of n >= 2 items expands to its 2^n - 2 proper subsets,
   * which are joined against the rules by antecedent and consequent.
   *
   * <p>NOTE: the expansion grows as 2^n. It stays within the size of the frequent itemset table,
   * because every subset of a frequent itemset is itself frequent, but an FPGrowth run with long
   * itemsets (n above about 15) makes this step slow.
   *
   * @param rules rules in the {@code association_rules} contract, at least antecedent, consequent,
   *     rule_count and antecedent_count, each (antecedent, consequent) pair once
   * @return the rules with the added column, in no particular order
   */
  public static Dataset<Row> flag(Dataset<Row> rules) {
    Dataset<Row> sorted = rules.withColumn("antecedent", array_sort(col("antecedent")));

    Dataset<Row> specific =
        sorted
            .filter(size(col("antecedent")).geq(2))
            .select(
                col("antecedent").as("specific_antecedent"),
                col("consequent").as("specific_consequent"),
                col("rule_count").as("specific_rule_count"),
                col("antecedent_count").as("specific_antecedent_count"),
                explode(expr(PROPER_SUBSETS)).as("general_antecedent"));
    Dataset<Row> general =
        sorted.select(
            col("antecedent").as("general_antecedent_key"),
            col("consequent").as("general_consequent"),
            col("rule_count").as("general_rule_count"),
            col("antecedent_count").as("general_antecedent_count"));

    // conf(general) >= conf(specific) as a / b >= c / d, written b > 0 and d > 0: a * d >= c * b.
    // Counts are at most the number of baskets, so the products fit in a long.
    Column generalAtLeastAsConfident =
        col("general_rule_count")
            .multiply(col("specific_antecedent_count"))
            .geq(col("specific_rule_count").multiply(col("general_antecedent_count")));
    Dataset<Row> redundantKeys =
        specific
            .join(
                general,
                col("general_antecedent")
                    .equalTo(col("general_antecedent_key"))
                    .and(col("specific_consequent").equalTo(col("general_consequent")))
                    .and(generalAtLeastAsConfident))
            .select(
                col("specific_antecedent").as("redundant_antecedent"),
                col("specific_consequent").as("redundant_consequent"))
            .distinct()
            .withColumn("redundant_match", lit(true));

    return sorted
        .join(
            redundantKeys,
            col("antecedent")
                .equalTo(col("redundant_antecedent"))
                .and(col("consequent").equalTo(col("redundant_consequent"))),
            "left")
        .withColumn(REDUNDANT, coalesce(col("redundant_match"), lit(false)))
        .drop("redundant_antecedent", "redundant_consequent", "redundant_match");
  }
}
