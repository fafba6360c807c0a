package io.hottopicminer.rules;

import static io.hottopicminer.rules.RuleTestData.basketEvents;
import static io.hottopicminer.rules.RuleTestData.event;
import static io.hottopicminer.rules.RuleTestData.events;
import static io.hottopicminer.rules.RuleTestData.rulesByKey;
import static io.hottopicminer.rules.RuleTestData.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.ingest.InvalidInputException;
import io.hottopicminer.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class RuleStageTest {
  private static final double EXACT = 1e-12;

  /**
   * Ten baskets with these counts: bread 7, milk 7, butter 5, eggs 4, jam 1. Itemsets: {bread,
   * milk} 5, {bread, butter} 3, {milk, butter} 3, {milk, eggs} 3, {bread, eggs} 2, {butter, eggs}
   * 2, {bread, milk, butter} 2, {bread, milk, eggs} 2.
   */
  private static final List<List<String>> SHOP =
      List.of(
          List.of("bread", "milk"),
          List.of("bread", "butter"),
          List.of("bread", "milk", "butter"),
          List.of("milk", "butter"),
          List.of("bread", "milk", "eggs"),
          List.of("bread", "milk", "butter", "eggs"),
          List.of("milk", "eggs"),
          List.of("bread", "jam"),
          List.of("eggs", "butter"),
          List.of("bread", "milk"));

  private final SparkSession spark = SparkTestSession.get();

  private RuleResult mineShop(String overrides) {
    return RuleStage.mine(spark, settings(overrides), basketEvents(spark, SHOP));
  }

  @Test
  void shopRuleMetricsExact() {
    RuleResult result = mineShop("min-support = 0.2, min-confidence = 0.5");
    Map<String, Row> rules = rulesByKey(result.rules());

    Row breadMilk = rules.get("bread => milk");
    assertEquals(0.5, breadMilk.getAs("support"), EXACT);
    assertEquals(5.0 / 7, breadMilk.getAs("confidence"), EXACT);
    assertEquals(50.0 / 49, breadMilk.getAs("lift"), EXACT);
    assertEquals(0.01, breadMilk.getAs("leverage"), EXACT);
    assertEquals(1.05, breadMilk.getAs("conviction"), EXACT);
    assertEquals(7L, (long) breadMilk.getAs("antecedent_count"));
    assertEquals(7L, (long) breadMilk.getAs("consequent_count"));
    assertEquals(5L, (long) breadMilk.getAs("rule_count"));
    assertEquals(10L, (long) breadMilk.getAs("baskets"));

    Row eggsMilk = rules.get("eggs => milk");
    assertEquals(0.3, eggsMilk.getAs("support"), EXACT);
    assertEquals(0.75, eggsMilk.getAs("confidence"), EXACT);
    assertEquals(15.0 / 14, eggsMilk.getAs("lift"), EXACT);
    assertEquals(0.02, eggsMilk.getAs("leverage"), EXACT);
    assertEquals(1.2, eggsMilk.getAs("conviction"), EXACT);

    Row breadEggsMilk = rules.get("bread,eggs => milk");
    assertEquals(0.2, breadEggsMilk.getAs("support"), EXACT);
    assertEquals(1.0, breadEggsMilk.getAs("confidence"), EXACT);
    assertEquals(10.0 / 7, breadEggsMilk.getAs("lift"), EXACT);
    assertEquals(0.06, breadEggsMilk.getAs("leverage"), EXACT);
    assertNull(breadEggsMilk.getAs("conviction"));
    assertEquals(2L, (long) breadEggsMilk.getAs("antecedent_count"));
  }

  @Test
  void shopRuleSetComplete() {
    RuleResult result =
        mineShop("min-support = 0.2, min-confidence = 0.5, remove-redundant = false");

    // eggs => bread has confidence 2/4, exactly the threshold, so it is kept.
    Set<String> expected =
        Set.of(
            "bread => milk",
            "milk => bread",
            "butter => bread",
            "butter => milk",
            "eggs => bread",
            "eggs => milk",
            "eggs => butter",
            "bread,butter => milk",
            "butter,milk => bread",
            "bread,eggs => milk",
            "eggs,milk => bread");
    assertEquals(new TreeSet<>(expected), new TreeSet<>(rulesByKey(result.rules()).keySet()));
    assertEquals("11", result.summary().details().get("rules_found"));
    assertEquals("11", result.summary().details().get("rules"));
    assertEquals("4", result.summary().details().get("frequent_items"));
    assertEquals("2", result.summary().details().get("min_support_count"));
    assertEquals("0", result.summary().details().get("redundant_rules_removed"));
    assertEquals(24, result.summary().rowsIn());
    assertEquals(11, result.summary().rowsOut());
  }

  @Test
  void shopRedundantRulesRemoved() {
    RuleResult result = mineShop("min-support = 0.2, min-confidence = 0.5");
    Map<String, Row> rules = rulesByKey(result.rules());

    // bread,butter => milk (2/3) loses to bread => milk (5/7), butter,milk => bread (2/3) and
    // eggs,milk => bread (2/3) to milk => bread (5/7). bread,eggs => milk (2/2) beats both
    // bread => milk and eggs => milk (3/4), so it stays.
    Set<String> expected =
        Set.of(
            "bread => milk",
            "milk => bread",
            "butter => bread",
            "butter => milk",
            "eggs => bread",
            "eggs => milk",
            "eggs => butter",
            "bread,eggs => milk");
    assertEquals(new TreeSet<>(expected), new TreeSet<>(rules.keySet()));
    assertEquals("11", result.summary().details().get("rules_found"));
    assertEquals("3", result.summary().details().get("redundant_rules_removed"));
    assertEquals("8", result.summary().details().get("rules"));
    assertEquals(8, result.summary().rowsOut());
  }

  @Test
  void redundantRemovedBeforeMaxRules() {
    RuleResult result = mineShop("min-support = 0.2, min-confidence = 0.6, max-rules = 5");
    List<Row> rules = result.rules().collectAsList();

    // Without the removal, the redundant rules of lift 20/21 such as bread,butter => milk would
    // take the fifth place from butter => bread (lift 6/7).
    assertEquals(5, rules.size());
    assertEquals("5", result.summary().details().get("rules"));
    assertEquals(
        List.of(
            "bread,eggs => milk",
            "eggs => milk",
            "bread => milk",
            "milk => bread",
            "butter => bread"),
        rules.stream().map(r -> RuleTestData.ruleKey(r.getList(0), r.getList(1))).toList());
  }

  @Test
  void shopRulesOrderedByLift() {
    RuleResult result = mineShop("min-support = 0.2, min-confidence = 0.5, max-rules = 3");
    List<Row> rules = result.rules().collectAsList();

    assertEquals(3, rules.size());
    assertEquals(List.of("bread", "eggs"), rules.get(0).getList(0));
    assertEquals(List.of("milk"), rules.get(0).getList(1));
    assertEquals(List.of("eggs"), rules.get(1).getList(0));
    assertEquals(List.of("milk"), rules.get(1).getList(1));
    // bread => milk and milk => bread tie on lift and confidence, so the antecedent breaks the tie.
    assertEquals(List.of("bread"), rules.get(2).getList(0));
    assertEquals("11", result.summary().details().get("rules_found"));
    assertEquals("3", result.summary().details().get("rules"));
  }

  @Test
  void minSupportCountMatchesFraction() {
    RuleResult byCount =
        mineShop("min-support-count = 2, min-confidence = 0.5, remove-redundant = false");

    assertEquals(11L, byCount.rules().count());
    assertEquals("2", byCount.summary().details().get("min_support_count"));
  }

  @Test
  void partitionsSettingKeepsRules() {
    RuleResult result =
        mineShop(
            "min-support = 0.2, min-confidence = 0.5, partitions = 3, remove-redundant = false");
    Map<String, Row> rules = rulesByKey(result.rules());

    assertEquals(11, rules.size());
    assertEquals(5L, (long) rules.get("bread => milk").getAs("rule_count"));
  }

  @Test
  void rulesSchemaMatchesContract() {
    RuleResult result = mineShop("min-support = 0.2");

    assertArrayEquals(RuleStage.RULES_SCHEMA.fieldNames(), result.rules().schema().fieldNames());
    assertEquals(
        RuleStage.RULES_SCHEMA.fields()[0].dataType(),
        result.rules().schema().fields()[0].dataType());
  }

  @Test
  void basketItemsDeduplicated() {
    List<Row> rows =
        List.of(
            event("b1", "bread", "view"),
            event("b1", "bread", "cart"),
            event("b1", "milk", "purchase"),
            event("b2", "bread", "view"),
            event("b2", "milk", "view"),
            event("b2", "milk", "view"),
            event("b3", "bread", "view"),
            event("b3", "jam", "view"));

    RuleResult result =
        RuleStage.mine(
            spark, settings("min-support = 0.5, min-confidence = 0"), events(spark, rows));
    Row breadMilk = rulesByKey(result.rules()).get("bread => milk");

    assertEquals(3L, (long) breadMilk.getAs("antecedent_count"));
    assertEquals(2L, (long) breadMilk.getAs("consequent_count"));
    assertEquals(2L, (long) breadMilk.getAs("rule_count"));
    assertEquals("3", result.summary().details().get("baskets"));
    assertEquals("8", result.summary().details().get("events_used"));
  }

  @Test
  void basketSizeLimitsCounted() {
    List<List<String>> baskets =
        List.of(
            List.of("a"),
            List.of("a", "b"),
            List.of("a", "b", "c"),
            List.of("a", "b", "c", "d"),
            List.of("a", "b", "c", "d", "e"),
            List.of("POST", "POST"));

    RuleResult result =
        RuleStage.mine(
            spark,
            settings(
                "min-basket-size = 2, max-basket-size = 3, min-support = 1, min-confidence = 0,"
                    + " exclude-items = [POST]"),
            basketEvents(spark, baskets));
    Map<String, String> details = result.summary().details();

    assertEquals("6", details.get("baskets_found"));
    assertEquals("2", details.get("baskets"));
    // The basket of one item and the basket left empty by the exclusion are too small.
    assertEquals("2", details.get("baskets_too_small"));
    assertEquals("2", details.get("baskets_too_large"));
    assertEquals(Set.of("a => b", "b => a"), rulesByKey(result.rules()).keySet());
    Row ab = rulesByKey(result.rules()).get("a => b");
    assertEquals(2L, (long) ab.getAs("baskets"));
    assertEquals(2L, (long) ab.getAs("rule_count"));
  }

  @Test
  void excludedItemsRemoved() {
    List<List<String>> baskets =
        List.of(
            List.of("85123A", "22423", "POST"),
            List.of("85123A", "22423", "M"),
            List.of("85123A", "C2", "DCGSSBOY"),
            List.of("22423", "XC2", "85123A"));

    RuleResult result =
        RuleStage.mine(
            spark,
            settings(
                "min-support = 0.25, min-confidence = 0, exclude-items = [POST, M],"
                    + " exclude-item-pattern = \"C2|DCGS[A-Z]+\""),
            basketEvents(spark, baskets));
    Map<String, String> details = result.summary().details();
    Set<String> keys = rulesByKey(result.rules()).keySet();

    assertEquals("4", details.get("items_excluded"));
    assertEquals("3", details.get("baskets"));
    assertEquals("1", details.get("baskets_too_small"));
    for (String key : keys) {
      for (String excluded : List.of("POST", "M", "C2", "DCGSSBOY")) {
        assertFalse(Set.of(key.split(",| => ")).contains(excluded), key);
      }
    }
    // The pattern must match a whole code, so XC2 stays.
    assertTrue(keys.contains("85123A => XC2"), keys.toString());
    assertEquals(3L, (long) rulesByKey(result.rules()).get("22423 => 85123A").getAs("rule_count"));
  }

  @Test
  void eventTypesFiltered() {
    List<Row> rows =
        List.of(
            event("s1", "tent", "view"),
            event("s1", "stove", "Cart"),
            event("s1", "lamp", "purchase"),
            event("s2", "stove", "cart"),
            event("s2", "lamp", null),
            event("s2", "mat", "cart"),
            event("s3", "tent", "view"),
            event("s3", "lamp", "view"));

    RuleResult result =
        RuleStage.mine(
            spark,
            settings("event-types = [cart, PURCHASE], min-support = 0.5, min-confidence = 0"),
            events(spark, rows));
    Map<String, String> details = result.summary().details();

    assertEquals("4", details.get("events_used"));
    assertEquals("2", details.get("baskets_found"));
    assertEquals("2", details.get("baskets"));
    assertEquals(8, result.summary().rowsIn());
    Row stoveLamp = rulesByKey(result.rules()).get("stove => lamp");
    assertEquals(2L, (long) stoveLamp.getAs("antecedent_count"));
    assertEquals(1L, (long) stoveLamp.getAs("rule_count"));
    assertFalse(rulesByKey(result.rules()).containsKey("tent => lamp"));
  }

  @Test
  void categoryLevelMinesCategories() {
    List<Row> rows =
        List.of(
            categoryEvent("s1", "p1", "audio"),
            categoryEvent("s1", "p2", "cables"),
            categoryEvent("s2", "p3", "audio"),
            categoryEvent("s2", "p4", "cables"),
            categoryEvent("s3", "p1", "audio"),
            categoryEvent("s3", "p5", null),
            categoryEvent("s4", "p6", "audio"),
            categoryEvent("s4", "p7", "  "));

    RuleResult result =
        RuleStage.mine(
            spark,
            settings("item-level = category, min-support = 0.5, min-confidence = 0"),
            categoryEvents(rows));
    Map<String, Row> rules = rulesByKey(result.rules());
    Map<String, String> details = result.summary().details();

    assertEquals(Set.of("audio => cables", "cables => audio"), rules.keySet());
    assertEquals(2L, (long) rules.get("audio => cables").getAs("rule_count"));
    assertEquals(2L, (long) rules.get("audio => cables").getAs("antecedent_count"));
    // s3 and s4 hold one category each after the events without one are left out.
    assertEquals("2", details.get("baskets"));
    assertEquals("2", details.get("baskets_too_small"));
    assertEquals("2", details.get("events_without_item"));
    assertEquals("6", details.get("events_used"));
    assertEquals("category", details.get("item_level"));
  }

  @Test
  void categoryLevelNeedsColumn() {
    var e =
        assertThrows(
            InvalidInputException.class,
            () ->
                RuleStage.mine(
                    spark, settings("item-level = category"), basketEvents(spark, SHOP)));

    assertTrue(e.getMessage().contains("hot-topic-miner.rules.item-level"), e.getMessage());
    assertTrue(
        e.getMessage().contains("hot-topic-miner.inputs.events.columns.category"), e.getMessage());
  }

  @Test
  void categoryLevelAllNullRejected() {
    List<Row> rows = List.of(categoryEvent("s1", "p1", null), categoryEvent("s1", "p2", null));

    var e =
        assertThrows(
            InvalidInputException.class,
            () -> RuleStage.mine(spark, settings("item-level = category"), categoryEvents(rows)));

    assertTrue(e.getMessage().contains("none of the 2 events"), e.getMessage());
    assertTrue(
        e.getMessage().contains("hot-topic-miner.inputs.events.columns.category"), e.getMessage());
  }

  @Test
  void productLevelIgnoresCategory() {
    List<Row> rows =
        List.of(
            categoryEvent("s1", "p1", "audio"),
            categoryEvent("s1", "p2", "audio"),
            categoryEvent("s2", "p1", null),
            categoryEvent("s2", "p2", "cables"));

    RuleResult result =
        RuleStage.mine(
            spark, settings("min-support = 1, min-confidence = 0"), categoryEvents(rows));

    assertEquals(Set.of("p1 => p2", "p2 => p1"), rulesByKey(result.rules()).keySet());
    assertEquals("0", result.summary().details().get("events_without_item"));
  }

  private static Row categoryEvent(String basketId, String productId, String category) {
    return RowFactory.create(basketId, null, productId, "view", null, null, category);
  }

  private Dataset<Row> categoryEvents(List<Row> rows) {
    return spark.createDataFrame(rows, RuleTestData.EVENTS_SCHEMA.add("category", "string", true));
  }

  @Test
  void itemExplosionRejected() {
    var e =
        assertThrows(
            InvalidConfigException.class,
            () -> mineShop("min-support = 0.2, max-frequent-items = 3"));

    assertEquals("hot-topic-miner.rules.min-support", e.key());
    assertTrue(
        e.getMessage().contains("hot-topic-miner.rules.min-support = '0.2'"), e.getMessage());
    assertTrue(e.getMessage().contains("4 single items"), e.getMessage());
    assertTrue(e.getMessage().contains("max-frequent-items = 3"), e.getMessage());
  }

  @Test
  void itemExplosionNamesCountKey() {
    var e =
        assertThrows(
            InvalidConfigException.class,
            () -> mineShop("min-support-count = 2, max-frequent-items = 3"));

    assertEquals("hot-topic-miner.rules.min-support-count", e.key());
  }

  @Test
  void itemLimitReachedAccepted() {
    RuleResult result = mineShop("min-support = 0.2, max-frequent-items = 4");

    assertEquals("4", result.summary().details().get("frequent_items"));
  }

  @Test
  void noBasketsGivesNoRules() {
    RuleResult result = RuleStage.mine(spark, settings(""), events(spark, List.of()));

    assertEquals(0L, result.rules().count());
    assertArrayEquals(RuleStage.RULES_SCHEMA.fieldNames(), result.rules().schema().fieldNames());
    assertEquals("0", result.summary().details().get("baskets"));
    assertEquals(0, result.summary().rowsIn());
    assertEquals(0, result.summary().rowsOut());
  }

  @Test
  void viewOnlyEventsGiveNoBaskets() {
    List<Row> rows = List.of(event("s1", "tent", "view"), event("s1", "lamp", "view"));

    RuleResult result =
        RuleStage.mine(spark, settings("event-types = [purchase]"), events(spark, rows));

    assertEquals(0L, result.rules().count());
    assertEquals("0", result.summary().details().get("baskets_found"));
    assertEquals(2, result.summary().rowsIn());
  }

  @Test
  void noFrequentItemsGivesNoRules() {
    RuleResult result = mineShop("min-support = 0.9");

    assertEquals(0L, result.rules().count());
    assertEquals("0", result.summary().details().get("frequent_items"));
    assertEquals("9", result.summary().details().get("min_support_count"));
  }
}
