package io.hottopicminer.rules;

import static io.hottopicminer.rules.RuleTestData.event;
import static io.hottopicminer.rules.RuleTestData.events;
import static io.hottopicminer.rules.RuleTestData.ruleKey;
import static io.hottopicminer.rules.RuleTestData.rulesByKey;
import static io.hottopicminer.rules.RuleTestData.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compares the stage with a brute-force count on the Groceries basket data (9,835 baskets, one per
 * line, comma-separated item names, no header).
 */
class GroceriesRulesTest {
  private static final double MIN_SUPPORT = 0.01;
  private static final double MIN_CONFIDENCE = 0.5;
  private static final double CLOSE = 1e-9;

  private static Path groceriesFile() {
    return Path.of(
        System.getProperty("project.basedir", "."),
        "..",
        "shared",
        "data",
        "arules_groceries",
        "groceries.csv");
  }

  @Test
  void groceriesRulesMatchBruteForce() throws IOException {
    Path file = groceriesFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "Groceries data not found at " + file);
    List<List<String>> baskets = readBaskets(file);
    assertEquals(9835, baskets.size());

    Map<String, ReferenceRule> expected = bruteForceRules(baskets);
    assertEquals(15, expected.size(), expected.keySet().toString());

    var spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < baskets.size(); i++) {
      for (String item : baskets.get(i)) {
        rows.add(event(String.valueOf(i + 1), item, "purchase"));
      }
    }
    RuleResult result =
        RuleStage.mine(
            spark,
            settings(
                "min-support = 0.01, min-confidence = 0.5, min-basket-size = 1,"
                    + " max-basket-size = 1000"),
            events(spark, rows));
    Map<String, Row> actual = rulesByKey(result.rules());

    assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(actual.keySet()));
    for (Map.Entry<String, ReferenceRule> entry : expected.entrySet()) {
      Row row = actual.get(entry.getKey());
      ReferenceRule reference = entry.getValue();
      assertEquals(reference.support(), row.getAs("support"), CLOSE, entry.getKey());
      assertEquals(reference.confidence(), row.getAs("confidence"), CLOSE, entry.getKey());
      assertEquals(reference.lift(), row.getAs("lift"), CLOSE, entry.getKey());
      assertEquals(reference.ruleCount(), (long) row.getAs("rule_count"), entry.getKey());
      assertEquals(9835L, (long) row.getAs("baskets"), entry.getKey());
    }

    Row citrus = actual.get("citrus fruit,root vegetables => other vegetables");
    assertNotNull(citrus);
    assertEquals(0.5862068965517241, citrus.getAs("confidence"), CLOSE);
    assertEquals(3.0296084222733612, citrus.getAs("lift"), CLOSE);
    assertEquals(102L, (long) citrus.getAs("rule_count"));
    assertEquals("9835", result.summary().details().get("baskets"));
    assertEquals("99", result.summary().details().get("min_support_count"));
    // No rule with one antecedent item reaches confidence 0.5, so no rule has a general rule.
    assertEquals("0", result.summary().details().get("redundant_rules_removed"));
  }

  @Test
  void groceriesRedundantRulesRemoved() {
    Path file = groceriesFile();
    Assumptions.assumeTrue(Files.isRegularFile(file), "Groceries data not found at " + file);
    var spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    int basket = 0;
    for (String line : readLines(file)) {
      basket++;
      for (String item : line.split(",")) {
        rows.add(event(String.valueOf(basket), item, "purchase"));
      }
    }

    RuleResult result =
        RuleStage.mine(
            spark,
            settings(
                "min-support = 0.01, min-confidence = 0.3, min-basket-size = 1,"
                    + " max-basket-size = 1000"),
            events(spark, rows));
    Map<String, Row> rules = rulesByKey(result.rules());
    Map<String, String> details = result.summary().details();

    // Counts from a brute-force count in Python: other vegetables,sausage => whole milk has
    // confidence 100/265 = 0.377 below other vegetables => whole milk (736/1903 = 0.387), and
    // soda,yogurt => whole milk 103/269 = 0.383 below yogurt => whole milk (551/1372 = 0.402).
    assertEquals("125", details.get("rules_found"));
    assertEquals("2", details.get("redundant_rules_removed"));
    assertEquals(123, rules.size());
    assertFalse(rules.containsKey("other vegetables,sausage => whole milk"));
    assertFalse(rules.containsKey("soda,yogurt => whole milk"));
    assertTrue(rules.containsKey("other vegetables => whole milk"));
    assertTrue(rules.containsKey("yogurt => whole milk"));
    assertTrue(rules.containsKey("sausage => whole milk"));
    assertEquals(736L, (long) rules.get("other vegetables => whole milk").getAs("rule_count"));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<List<String>> readBaskets(Path file) throws IOException {
    List<List<String>> baskets = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        baskets.add(List.copyOf(new TreeSet<>(List.of(line.split(",")))));
      }
    }
    return baskets;
  }

  /**
   * Counts every itemset of frequent items directly, checks that none of size 4 is frequent (so
   * sizes up to 3 cover all rules), and derives the single-consequent rules.
   */
  private static Map<String, ReferenceRule> bruteForceRules(List<List<String>> baskets) {
    double n = baskets.size();
    Map<List<String>, Integer> counts = new HashMap<>();
    for (List<String> basket : baskets) {
      for (String item : basket) {
        counts.merge(List.of(item), 1, Integer::sum);
      }
    }
    TreeSet<String> frequentItems = new TreeSet<>();
    counts.forEach(
        (itemset, count) -> {
          if (count / n >= MIN_SUPPORT) {
            frequentItems.add(itemset.get(0));
          }
        });
    for (List<String> basket : baskets) {
      List<String> frequentInBasket = basket.stream().filter(frequentItems::contains).toList();
      countSubsets(frequentInBasket, 0, new ArrayList<>(), counts);
    }
    for (Map.Entry<List<String>, Integer> entry : counts.entrySet()) {
      if (entry.getKey().size() == 4) {
        assertTrue(entry.getValue() / n < MIN_SUPPORT, "frequent 4-itemset " + entry.getKey());
      }
    }

    Map<String, ReferenceRule> rules = new TreeMap<>();
    for (Map.Entry<List<String>, Integer> entry : counts.entrySet()) {
      List<String> itemset = entry.getKey();
      int count = entry.getValue();
      if (itemset.size() < 2 || itemset.size() > 3 || count / n < MIN_SUPPORT) {
        continue;
      }
      for (String consequent : itemset) {
        List<String> antecedent = itemset.stream().filter(i -> !i.equals(consequent)).toList();
        double confidence = (double) count / counts.get(antecedent);
        if (confidence >= MIN_CONFIDENCE) {
          double lift = confidence / (counts.get(List.of(consequent)) / n);
          rules.put(
              ruleKey(antecedent, List.of(consequent)),
              new ReferenceRule(count / n, confidence, lift, count));
        }
      }
    }
    return rules;
  }

  /** Adds 1 to the count of every subset of size 2 to 4 of the sorted {@code items}. */
  private static void countSubsets(
      List<String> items, int start, List<String> prefix, Map<List<String>, Integer> counts) {
    for (int i = start; i < items.size(); i++) {
      prefix.add(items.get(i));
      if (prefix.size() >= 2) {
        counts.merge(List.copyOf(prefix), 1, Integer::sum);
      }
      if (prefix.size() < 4) {
        countSubsets(items, i + 1, prefix, counts);
      }
      prefix.remove(prefix.size() - 1);
    }
  }

  private record ReferenceRule(double support, double confidence, double lift, long ruleCount) {}
}
