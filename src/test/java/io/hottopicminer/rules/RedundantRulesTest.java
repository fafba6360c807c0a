package io.hottopicminer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hottopicminer.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class RedundantRulesTest {
  private final SparkSession spark = SparkTestSession.get();

  /** Returns a rule in the association_rules contract; only the counts matter for redundancy. */
  private static Row rule(
      List<String> antecedent, String consequent, long ruleCount, long antecedentCount) {
    double confidence = (double) ruleCount / antecedentCount;
    return RowFactory.create(
        antecedent,
        List.of(consequent),
        ruleCount / 100.0,
        confidence,
        confidence * 2,
        0.0,
        null,
        antecedentCount,
        50L,
        ruleCount,
        100L);
  }

  private Map<String, Boolean> flags(List<Row> rules) {
    Dataset<Row> flagged =
        RedundantRules.flag(spark.createDataFrame(rules, RuleStage.RULES_SCHEMA));
    Map<String, Boolean> byKey = new TreeMap<>();
    for (Row row : flagged.collectAsList()) {
      String key = RuleTestData.ruleKey(row.getList(0), row.getList(1));
      byKey.put(key, row.getAs(RedundantRules.REDUNDANT));
    }
    return byKey;
  }

  @Test
  void redundantFlagsKnownAnswer() {
    List<Row> rules = new ArrayList<>();
    rules.add(rule(List.of("a"), "c", 6, 10));
    rules.add(rule(List.of("b"), "c", 4, 10));
    // 3/5 equals 6/10 of a => c, and an equal confidence is enough.
    rules.add(rule(List.of("a", "b"), "c", 3, 5));
    // 7/10 beats a => c, and d => c is not in the set.
    rules.add(rule(List.of("a", "d"), "c", 7, 10));
    // 5/7 beats every subset: a,b (3/5), a,d (7/10), a (6/10), b (4/10).
    rules.add(rule(List.of("a", "b", "d"), "c", 5, 7));
    // 2/3 loses to b,e => c (4/5), a subset two levels up; the antecedent arrives unsorted.
    rules.add(rule(List.of("e", "b", "a"), "c", 2, 3));
    rules.add(rule(List.of("b", "e"), "c", 4, 5));
    // a => d (1/10) has another consequent than a => c, so a,b => d (1/5) beats its only match.
    rules.add(rule(List.of("a"), "d", 1, 10));
    rules.add(rule(List.of("a", "b"), "d", 1, 5));

    Map<String, Boolean> flags = flags(rules);

    assertEquals(9, flags.size());
    assertEquals(false, flags.get("a => c"));
    assertEquals(false, flags.get("b => c"));
    assertEquals(true, flags.get("a,b => c"));
    assertEquals(false, flags.get("a,d => c"));
    assertEquals(false, flags.get("a,b,d => c"));
    assertEquals(true, flags.get("a,b,e => c"));
    assertEquals(false, flags.get("b,e => c"));
    assertEquals(false, flags.get("a => d"));
    assertEquals(false, flags.get("a,b => d"));
  }

  @Test
  void redundantIgnoresEmptyAntecedent() {
    // b => c has confidence 0.1 while c appears in half the baskets (lift 0.2). No rule in the
    // set is more general, so it stays.
    Map<String, Boolean> flags = flags(List.of(rule(List.of("b"), "c", 1, 10)));

    assertEquals(Map.of("b => c", false), flags);
  }

  @Test
  void redundantKeepsAllColumns() {
    Dataset<Row> flagged =
        RedundantRules.flag(
            spark.createDataFrame(List.of(rule(List.of("a"), "c", 6, 10)), RuleStage.RULES_SCHEMA));

    List<String> expected = new ArrayList<>(List.of(RuleStage.RULES_SCHEMA.fieldNames()));
    expected.add(RedundantRules.REDUNDANT);
    assertEquals(expected, List.of(flagged.columns()));
  }
}
