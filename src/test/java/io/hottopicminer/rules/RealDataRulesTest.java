package io.hottopicminer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.ingest.Ingest;
import io.hottopicminer.ingest.IngestResult;
import io.hottopicminer.ingest.IngestSettings;
import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs ingest and the rules stage on the UCI Online Retail invoices with the settings of {@code
 * conf/musical-instruments-uci.conf}. Skipped where ../shared/data is absent. The config names its
 * inputs relative to the project folder, the working folder of tests.
 */
class RealDataRulesTest {
  private static final Path PROJECT = Path.of(System.getProperty("project.basedir", "."));
  private static final Path DATA = PROJECT.resolve("../shared/data");

  /** Shape of a UCI product stock code: five digits, at most two letters (85123A, 15056BL). */
  private static final Pattern STOCK_CODE = Pattern.compile("[0-9]{5}[A-Za-z]{0,2}");

  private final SparkSession spark = SparkTestSession.get();

  /**
   * Loads a config file over reference.conf and resolves it, resolving includes relative to the
   * file.
   *
   * <p>TODO: call io.hottopicminer.config.ConfigLoader.load(Optional.of(path), List.of()) once this
   * branch has the config loader of the job.
   */
  private static Config loadConfig(Path file) {
    Config user =
        ConfigFactory.parseFile(
            file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    return user.withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
  }

  private static ConfigReader reader(Config config, String path) {
    return new ConfigReader(config.getConfig(path), path);
  }

  @Test
  void uciRulesFromBundledConf() {
    assumeData("amazon_musical_instruments/reviews.csv");
    assumeData("uci_online_retail_baskets/online_retail_baskets.csv");
    Config config = loadConfig(PROJECT.resolve("conf/musical-instruments-uci.conf"));
    IngestSettings ingestSettings = IngestSettings.from(reader(config, "hot-topic-miner.inputs"));
    RuleSettings settings = RuleSettings.from(reader(config, "hot-topic-miner.rules"));
    settings.checkAgainst(ingestSettings);
    assertTrue(settings.excludeItems().contains("POST"), settings.excludeItems().toString());

    IngestResult ingested = Ingest.load(spark, ingestSettings, Optional.empty());
    RuleResult result = RuleStage.mine(spark, settings, ingested.events());
    List<Row> rules = result.rules().collectAsList();
    result.rules().unpersist();
    Map<String, String> details = result.summary().details();

    assertFalse(rules.isEmpty(), details.toString());
    assertEquals("25900", details.get("baskets_found"));
    // Figures checked with a brute-force itemset count in Python over the same exclusions and
    // basket sizes. No rule with two or three antecedent items falls below the confidence of a
    // rule with fewer, so none is redundant at this support.
    assertEquals("2974", details.get("items_excluded"));
    assertEquals("17805", details.get("baskets"));
    assertEquals("438", details.get("frequent_items"));
    assertEquals("602", details.get("frequent_itemsets"));
    assertEquals("100", details.get("rules_found"));
    assertEquals("0", details.get("redundant_rules_removed"));
    assertEquals(100, rules.size());

    Pattern excludedPattern = Pattern.compile(settings.excludeItemPattern().orElseThrow());
    List<String> problems = new ArrayList<>();
    for (Row rule : rules) {
      List<String> antecedent = rule.getList(rule.fieldIndex("antecedent"));
      List<String> consequent = rule.getList(rule.fieldIndex("consequent"));
      String key = RuleTestData.ruleKey(antecedent, consequent);
      checkMeasures(rule, key, settings);

      Set<String> overlap = new HashSet<>(antecedent);
      overlap.retainAll(consequent);
      assertTrue(overlap.isEmpty(), "item on both sides: " + key);
      List<String> items = new ArrayList<>(antecedent);
      items.addAll(consequent);
      for (String item : items) {
        if (settings.excludeItems().contains(item)
            || excludedPattern.matcher(item).matches()
            || !STOCK_CODE.matcher(item).matches()) {
          problems.add(item + " in " + key);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  private static void checkMeasures(Row rule, String key, RuleSettings settings) {
    for (String measure : List.of("support", "confidence", "lift", "leverage")) {
      assertNotNull(rule.getAs(measure), measure + " of " + key);
    }
    double confidence = rule.getAs("confidence");
    assertTrue(confidence >= settings.minConfidence(), key);
    assertTrue((double) rule.getAs("support") >= settings.minSupport(), key);
    assertTrue((double) rule.getAs("lift") > 0, key);
    if (confidence == 1.0) {
      assertNull(rule.getAs("conviction"), "conviction of " + key);
    } else {
      assertNotNull(rule.getAs("conviction"), "conviction of " + key);
    }
  }

  private static void assumeData(String relativePath) {
    Path file = DATA.resolve(relativePath);
    Assumptions.assumeTrue(Files.isRegularFile(file), "public data not found at " + file);
  }
}
