package io.hottopicminer.rules;

import static io.hottopicminer.rules.RuleTestData.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.ingest.IngestSettings;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RuleSettingsTest {

  @Test
  void defaultsFromReferenceConf() {
    RuleSettings defaults = settings("");

    assertEquals(List.of(), defaults.eventTypes());
    assertEquals(0.01, defaults.minSupport());
    assertEquals(OptionalLong.empty(), defaults.minSupportCount());
    assertEquals(0.3, defaults.minConfidence());
    assertEquals(2, defaults.minBasketSize());
    assertEquals(50, defaults.maxBasketSize());
    assertEquals(List.of(), defaults.excludeItems());
    assertEquals(Optional.empty(), defaults.excludeItemPattern());
    assertEquals(1000, defaults.maxRules());
    assertEquals(2000, defaults.maxFrequentItems());
    assertEquals(0, defaults.partitions());
    assertEquals(RuleSettings.ItemLevel.PRODUCT, defaults.itemLevel());
    assertTrue(defaults.removeRedundant());
    assertEquals(5, defaults.rulesPerTopic());
  }

  @Test
  void itemLevelCategoryRead() {
    RuleSettings categories = settings("item-level = category");

    assertEquals(RuleSettings.ItemLevel.CATEGORY, categories.itemLevel());
    assertEquals("category", categories.itemLevel().eventColumn());
  }

  @Test
  void itemLevelUnknownRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("item-level = brand"));
    assertEquals("hot-topic-miner.rules.item-level", e.key());
  }

  @Test
  void removeRedundantTextRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("remove-redundant = maybe"));
    assertEquals("hot-topic-miner.rules.remove-redundant", e.key());
  }

  @Test
  void rulesPerTopicZeroRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("rules-per-topic = 0"));
    assertEquals("hot-topic-miner.rules.rules-per-topic", e.key());
  }

  @Test
  void categoryNeedsMappedColumn() {
    IngestSettings unmapped = ingest("events { path = e.csv }");

    var e =
        assertThrows(
            InvalidConfigException.class,
            () -> settings("item-level = category").checkAgainst(unmapped));
    assertEquals("hot-topic-miner.rules.item-level", e.key());
    assertTrue(
        e.getMessage().contains("hot-topic-miner.inputs.events.columns.category"), e.getMessage());
  }

  @Test
  void categoryRejectsBasketLines() {
    IngestSettings basketLines = ingest("events { path = e.txt, format = basket-lines }");

    var e =
        assertThrows(
            InvalidConfigException.class,
            () -> settings("item-level = category").checkAgainst(basketLines));
    assertEquals("hot-topic-miner.rules.item-level", e.key());
    assertTrue(e.getMessage().contains("basket-lines"), e.getMessage());
  }

  @Test
  void categoryWithMappedColumnAccepted() {
    IngestSettings mapped = ingest("events { path = e.csv, columns.category = category_id }");

    settings("item-level = category").checkAgainst(mapped);
    settings("item-level = product").checkAgainst(ingest("events { path = e.csv }"));
  }

  /** Returns ingest settings with a reviews path and the given events block over reference.conf. */
  private static IngestSettings ingest(String eventsBlock) {
    Config config =
        ConfigFactory.parseString(
                "hot-topic-miner.inputs { reviews.path = r.csv\n" + eventsBlock + " }")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return IngestSettings.from(
        new ConfigReader(config.getConfig("hot-topic-miner.inputs"), "hot-topic-miner.inputs"));
  }

  @Test
  void minSupportZeroRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("min-support = 0"));
    assertEquals("hot-topic-miner.rules.min-support", e.key());
    assertTrue(
        e.getMessage().contains("hot-topic-miner.rules.min-support = '0.0'"), e.getMessage());
  }

  @Test
  void minSupportAboveOneRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("min-support = 1.5"));
    assertEquals("hot-topic-miner.rules.min-support", e.key());
  }

  @Test
  void minSupportTextRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("min-support = often"));
    assertEquals("hot-topic-miner.rules.min-support", e.key());
  }

  @Test
  void minSupportCountZeroRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("min-support-count = 0"));
    assertEquals("hot-topic-miner.rules.min-support-count", e.key());
  }

  @Test
  void minConfidenceAboveOneRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("min-confidence = 1.2"));
    assertEquals("hot-topic-miner.rules.min-confidence", e.key());
  }

  @Test
  void basketSizesCrossedRejected() {
    var e =
        assertThrows(
            InvalidConfigException.class,
            () -> settings("min-basket-size = 5, max-basket-size = 4"));
    assertEquals("hot-topic-miner.rules.max-basket-size", e.key());
  }

  @Test
  void invalidPatternRejected() {
    var e =
        assertThrows(
            InvalidConfigException.class, () -> settings("exclude-item-pattern = \"[A-Z\""));
    assertEquals("hot-topic-miner.rules.exclude-item-pattern", e.key());
  }

  @Test
  void maxRulesZeroRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("max-rules = 0"));
    assertEquals("hot-topic-miner.rules.max-rules", e.key());
  }

  @Test
  void negativePartitionsRejected() {
    var e = assertThrows(InvalidConfigException.class, () -> settings("partitions = -1"));
    assertEquals("hot-topic-miner.rules.partitions", e.key());
  }

  @Test
  void minSupportCountFromFraction() {
    assertEquals(7, settings("min-support = 0.07").minSupportCountFor(100));
    assertEquals(99, settings("min-support = 0.01").minSupportCountFor(9835));
    assertEquals(1, settings("min-support = 0.01").minSupportCountFor(5));
    assertEquals(10, settings("min-support = 1").minSupportCountFor(10));
  }

  @Test
  void minSupportCountWins() {
    RuleSettings countBased = settings("min-support = 0.5, min-support-count = 3");

    assertEquals(3, countBased.minSupportCountFor(1000));
    assertEquals("hot-topic-miner.rules.min-support-count", countBased.activeMinSupportKey());
    assertEquals("hot-topic-miner.rules.min-support", settings("").activeMinSupportKey());
  }
}
