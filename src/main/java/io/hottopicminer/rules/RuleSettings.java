package io.hottopicminer.rules;

import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.ingest.IngestSettings;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of the association-rules stage, read from the block {@code hot-topic-miner.rules}.
 *
 * @param eventTypes event types whose events form baskets, compared case-insensitively. An empty
 *     list takes every event type
 * @param minSupport minimum support of a frequent itemset as a fraction of the baskets, in (0, 1]
 * @param minSupportCount minimum support as an absolute basket count, which replaces {@code
 *     minSupport} when present
 * @param minConfidence minimum confidence of a rule, in [0, 1]
 * @param minBasketSize baskets with fewer distinct items are counted and left out
 * @param maxBasketSize baskets with more distinct items are counted and left out
 * @param excludeItems item codes removed from every basket before mining
 * @param excludeItemPattern regular expression (Java syntax) that removes every item code it
 *     matches in full
 * @param maxRules maximum number of rules kept, highest lift first
 * @param maxFrequentItems maximum number of single items reaching the minimum support before the
 *     stage rejects the run instead of running FPGrowth
 * @param partitions FPGrowth numPartitions; 0 keeps the partitioning of the input
 * @param itemLevel whether basket items are product ids or product categories
 * @param removeRedundant whether rules that a more general rule with the same consequent matches or
 *     beats in confidence are removed, see {@link RedundantRules}
 * @param rulesPerTopic maximum number of rules linked to each hot topic, see {@link RuleLinks}
 */
public record RuleSettings(
    List<String> eventTypes,
    double minSupport,
    OptionalLong minSupportCount,
    double minConfidence,
    int minBasketSize,
    int maxBasketSize,
    List<String> excludeItems,
    Optional<String> excludeItemPattern,
    int maxRules,
    int maxFrequentItems,
    int partitions,
    ItemLevel itemLevel,
    boolean removeRedundant,
    int rulesPerTopic) {

  /** Full key of the minimum support fraction, named in the explosion guard error. */
  public static final String MIN_SUPPORT_KEY = "hot-topic-miner.rules.min-support";

  /** Full key of the minimum support count, named in the explosion guard error when it is set. */
  public static final String MIN_SUPPORT_COUNT_KEY = "hot-topic-miner.rules.min-support-count";

  /** Full key of the item level, named when the events carry no category. */
  public static final String ITEM_LEVEL_KEY = "hot-topic-miner.rules.item-level";

  /** Full key of the events column mapping that {@code item-level = category} needs. */
  public static final String CATEGORY_COLUMN_KEY = "hot-topic-miner.inputs.events.columns.category";

  /** Kind of basket item: the product or the product's category. */
  public enum ItemLevel {
    PRODUCT("product_id"),
    CATEGORY("category");

    private final String eventColumn;

    ItemLevel(String eventColumn) {
      this.eventColumn = eventColumn;
    }

    /** Returns the accepted-events column that contains the item code at this level. */
    public String eventColumn() {
      return eventColumn;
    }

    /** Returns the value as written in the configuration. */
    public String configValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RuleSettings {
    eventTypes = List.copyOf(eventTypes);
    excludeItems = List.copyOf(excludeItems);
  }

  /** Reads and validates the settings from a reader positioned at {@code hot-topic-miner.rules}. */
  public static RuleSettings from(ConfigReader reader) {
    List<String> eventTypes = reader.stringList("event-types");
    for (String type : eventTypes) {
      if (type.isBlank()) {
        throw new InvalidConfigException(
            reader.fullKey("event-types"), eventTypes, "a list of non-blank event types or []");
      }
    }

    double minSupport = reader.doubleBetween("min-support", 0.0, 1.0);
    if (minSupport <= 0.0) {
      throw new InvalidConfigException(
          reader.fullKey("min-support"), minSupport, "a fraction greater than 0 and at most 1");
    }
    OptionalLong minSupportCount =
        reader.has("min-support-count")
            ? OptionalLong.of(reader.longBetween("min-support-count", 1, Long.MAX_VALUE))
            : OptionalLong.empty();

    double minConfidence = reader.doubleBetween("min-confidence", 0.0, 1.0);
    int minBasketSize = reader.intBetween("min-basket-size", 1, Integer.MAX_VALUE);
    int maxBasketSize = reader.intBetween("max-basket-size", 1, Integer.MAX_VALUE);
    if (maxBasketSize < minBasketSize) {
      throw new InvalidConfigException(
          reader.fullKey("max-basket-size"),
          maxBasketSize,
          "an integer at least min-basket-size (" + minBasketSize + ")");
    }

    List<String> excludeItems = reader.stringList("exclude-items");
    Optional<String> excludeItemPattern = reader.optionalString("exclude-item-pattern");
    if (excludeItemPattern.isPresent()) {
      try {
        Pattern.compile(excludeItemPattern.get());
      } catch (PatternSyntaxException e) {
        throw new InvalidConfigException(
            reader.fullKey("exclude-item-pattern"),
            excludeItemPattern.get(),
            "a valid Java regular expression (" + e.getDescription() + ")");
      }
    }

    int maxRules = reader.intBetween("max-rules", 1, Integer.MAX_VALUE);
    int maxFrequentItems = reader.intBetween("max-frequent-items", 1, Integer.MAX_VALUE);
    int partitions = reader.intBetween("partitions", 0, 1_000_000);
    ItemLevel itemLevel =
        ItemLevel.valueOf(
            reader.oneOf("item-level", Set.of("product", "category")).toUpperCase(Locale.ROOT));
    boolean removeRedundant = reader.bool("remove-redundant");
    int rulesPerTopic = reader.intBetween("rules-per-topic", 1, 1000);

    return new RuleSettings(
        eventTypes,
        minSupport,
        minSupportCount,
        minConfidence,
        minBasketSize,
        maxBasketSize,
        excludeItems,
        excludeItemPattern,
        maxRules,
        maxFrequentItems,
        partitions,
        itemLevel,
        removeRedundant,
        rulesPerTopic);
  }

  /**
   * Checks these settings against the ingest settings before any data is read.
   *
   * @throws InvalidConfigException naming {@link #ITEM_LEVEL_KEY} when {@code item-level =
   *     category} but the events input has no category column, because its format is basket-lines
   *     or {@code hot-topic-miner.inputs.events.columns.category} is not set
   */
  public void checkAgainst(IngestSettings ingest) {
    if (itemLevel != ItemLevel.CATEGORY) {
      return;
    }
    IngestSettings.EventInput events = ingest.events();
    if (events.format().equals(IngestSettings.BASKET_LINES)) {
      throw new InvalidConfigException(
          ITEM_LEVEL_KEY,
          itemLevel.configValue(),
          "product, because the events input has format basket-lines, which has no category");
    }
    if (events.columns().category().isEmpty()) {
      throw new InvalidConfigException(
          ITEM_LEVEL_KEY,
          itemLevel.configValue(),
          "product, or map the events category column with " + CATEGORY_COLUMN_KEY);
    }
  }

  /**
   * Returns the minimum number of baskets an itemset must appear in, out of {@code baskets}.
   *
   * <p>With a fraction s the threshold is the smallest count reaching s * baskets. The product is
   * reduced by 1e-9 first, so a product such as 0.07 * 100 = 7.000000000000001 still yields 7.
   */
  public long minSupportCountFor(long baskets) {
    if (minSupportCount.isPresent()) {
      return minSupportCount.getAsLong();
    }
    return Math.max(1L, (long) Math.ceil(minSupport * baskets - 1e-9));
  }

  /** Returns the full key of whichever minimum support setting is in effect. */
  public String activeMinSupportKey() {
    return minSupportCount.isPresent() ? MIN_SUPPORT_COUNT_KEY : MIN_SUPPORT_KEY;
  }

  /** Returns the value of whichever minimum support setting is in effect, for messages. */
  public Object activeMinSupportValue() {
    return minSupportCount.isPresent() ? minSupportCount.getAsLong() : minSupport;
  }
}
