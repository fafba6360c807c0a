package io.hottopicminer.rules;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import io.hottopicminer.ingest.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.fpm.FPGrowth;
import org.apache.spark.ml.fpm.FPGrowthModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mines association rules over baskets of events with MLlib FPGrowth.
 *
 * <p>A basket is the set of distinct items of the events sharing a basket_id, after the event-type
 * filter and the item exclusions. An item is the event's product_id, or its category with {@code
 * item-level = category}. Every rule has a single-item consequent. The rule metrics are computed
 * here from the FPGrowth itemset counts so that the output carries the counts behind each ratio.
 * With {@code remove-redundant} the stage drops redundant rules ({@link RedundantRules}) before it
 * keeps the top {@code max-rules}.
 */
public final class RuleStage {
  private static final Logger LOG = LoggerFactory.getLogger(RuleStage.class);
  private static final String STAGE = "rules";

  /** Schema of the {@code association_rules} output. */
  public static final StructType RULES_SCHEMA =
      new StructType()
          .add("antecedent", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("consequent", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("support", DataTypes.DoubleType, false)
          .add("confidence", DataTypes.DoubleType, false)
          .add("lift", DataTypes.DoubleType, false)
          .add("leverage", DataTypes.DoubleType, false)
          .add("conviction", DataTypes.DoubleType, true)
          .add("antecedent_count", DataTypes.LongType, false)
          .add("consequent_count", DataTypes.LongType, false)
          .add("rule_count", DataTypes.LongType, false)
          .add("baskets", DataTypes.LongType, false);

  private static final Column[] RULE_COLUMNS =
      Arrays.stream(RULES_SCHEMA.fieldNames()).map(name -> col(name)).toArray(Column[]::new);

  private RuleStage() {}

  /**
   * Builds baskets from {@code events} and mines association rules from them.
   *
   * @param events accepted events with at least basket_id, product_id and event_type, and category
   *     for {@code item-level = category}
   * @return the rules (at most {@code max-rules}, highest lift first) and the stage summary
   * @throws InvalidConfigException when more single items reach the minimum support than {@code
   *     max-frequent-items} allows; the message names the minimum support key in effect
   * @throws InvalidInputException when {@code item-level = category} and the events have no
   *     category column or no used event has a category
   */
  public static RuleResult mine(SparkSession spark, RuleSettings settings, Dataset<Row> events) {
    StageSummary.Builder summary = StageSummary.start(STAGE);
    requireItemColumn(settings, events);
    Dataset<Row> grouped = groupBaskets(settings, events).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      BasketCounts counts = countBaskets(spark, settings, grouped);
      requireCategories(settings, counts);
      summary
          .detail("item_level", settings.itemLevel().configValue())
          .detail("events_used", counts.eventsUsed())
          .detail("events_without_item", counts.eventsWithoutItem())
          .detail("items_excluded", counts.itemsExcluded())
          .detail("baskets_found", counts.basketsFound())
          .detail("baskets", counts.baskets())
          .detail("baskets_too_small", counts.tooSmall())
          .detail("baskets_too_large", counts.tooLarge());

      if (counts.baskets() == 0) {
        LOG.warn(
            "rules: no baskets to mine, so no rules are returned. Events read: {}, used: {}"
                + " (event types: {}), baskets with a size outside {} to {} items: {}",
            counts.eventsRead(),
            counts.eventsUsed(),
            settings.eventTypes().isEmpty() ? "all" : settings.eventTypes(),
            settings.minBasketSize(),
            settings.maxBasketSize(),
            counts.tooSmall() + counts.tooLarge());
        return finish(spark, summary, counts, 0, 0, 0, 0);
      }

      Dataset<Row> baskets =
          grouped
              .filter(
                  col("basket_size").between(settings.minBasketSize(), settings.maxBasketSize()))
              .select(col("items"));
      long minCount = settings.minSupportCountFor(counts.baskets());
      summary.detail("min_support_count", minCount);

      long frequentItems = countFrequentItems(spark, baskets, minCount);
      summary.detail("frequent_items", frequentItems);
      rejectItemExplosion(settings, counts.baskets(), minCount, frequentItems);
      if (frequentItems == 0) {
        return finish(spark, summary, counts, 0, 0, 0, 0);
      }

      return mineRules(spark, settings, summary, counts, baskets, minCount);
    } finally {
      grouped.unpersist();
    }
  }

  /** Rejects item-level = category on events without a category column. */
  private static void requireItemColumn(RuleSettings settings, Dataset<Row> events) {
    String column = settings.itemLevel().eventColumn();
    if (!List.of(events.columns()).contains(column)) {
      throw new InvalidInputException(
          RuleSettings.ITEM_LEVEL_KEY
              + " = "
              + settings.itemLevel().configValue()
              + " needs the events column '"
              + column
              + "', but the events have only "
              + List.of(events.columns())
              + ". Map it with "
              + RuleSettings.CATEGORY_COLUMN_KEY
              + " or set "
              + RuleSettings.ITEM_LEVEL_KEY
              + " = product.");
    }
  }

  /**
   * Rejects item-level = category when no event of the configured types has a category, which is
   * what ingest returns when {@code inputs.events.columns.category} is not mapped.
   */
  private static void requireCategories(RuleSettings settings, BasketCounts counts) {
    if (settings.itemLevel() != RuleSettings.ItemLevel.CATEGORY
        || counts.eventsUsed() > 0
        || counts.eventsWithoutItem() == 0) {
      return;
    }
    throw new InvalidInputException(
        RuleSettings.ITEM_LEVEL_KEY
            + " = category, but none of the "
            + counts.eventsWithoutItem()
            + " events of the configured types has a category. Map the category column with "
            + RuleSettings.CATEGORY_COLUMN_KEY
            + " or set "
            + RuleSettings.ITEM_LEVEL_KEY
            + " = product.");
  }

  /**
   * Groups the events by basket_id into one row per basket with the distinct kept items and the
   * event counters the summary needs, so that one pass over the events serves both.
   */
  private static Dataset<Row> groupBaskets(RuleSettings settings, Dataset<Row> events) {
    Column typeMatches = lit(true);
    if (!settings.eventTypes().isEmpty()) {
      Object[] types =
          settings.eventTypes().stream().map(type -> type.toLowerCase(Locale.ROOT)).toArray();
      typeMatches = coalesce(lower(col("event_type")).isin(types), lit(false));
    }
    Column item = col(settings.itemLevel().eventColumn());
    Column typed = col("basket_id").isNotNull().and(typeMatches);
    Column hasItem = item.isNotNull().and(length(trim(item)).gt(0));
    Column used = typed.and(hasItem);

    Column excluded = lit(false);
    if (!settings.excludeItems().isEmpty()) {
      excluded = excluded.or(item.isin(settings.excludeItems().toArray()));
    }
    if (settings.excludeItemPattern().isPresent()) {
      // rlike finds the pattern anywhere, so anchor it to match whole item codes only.
      excluded = excluded.or(item.rlike("^(?:" + settings.excludeItemPattern().get() + ")$"));
    }
    excluded = coalesce(excluded, lit(false));

    return events
        .groupBy(col("basket_id"))
        .agg(
            count(lit(1)).as("events"),
            sum(when(used, 1L).otherwise(0L)).as("used_events"),
            sum(when(typed.and(not(hasItem)), 1L).otherwise(0L)).as("events_without_item"),
            sum(when(used.and(excluded), 1L).otherwise(0L)).as("excluded_events"),
            collect_set(when(used.and(not(excluded)), item)).as("items"))
        .withColumn("basket_size", size(col("items")));
  }

  private static BasketCounts countBaskets(
      SparkSession spark, RuleSettings settings, Dataset<Row> grouped) {
    Column isBasket = col("used_events").gt(0);
    Column size = col("basket_size");
    Row row =
        SparkJobs.named(
            spark,
            STAGE,
            "count baskets",
            () ->
                grouped
                    .agg(
                        coalesce(sum(col("events")), lit(0L)),
                        coalesce(sum(col("used_events")), lit(0L)),
                        coalesce(sum(col("excluded_events")), lit(0L)),
                        count(when(isBasket, 1)),
                        count(when(isBasket.and(size.lt(settings.minBasketSize())), 1)),
                        count(when(size.gt(settings.maxBasketSize()), 1)),
                        coalesce(sum(col("events_without_item")), lit(0L)))
                    .first());
    long basketsFound = row.getLong(3);
    long tooSmall = row.getLong(4);
    long tooLarge = row.getLong(5);
    return new BasketCounts(
        row.getLong(0),
        row.getLong(1),
        row.getLong(2),
        basketsFound,
        basketsFound - tooSmall - tooLarge,
        tooSmall,
        tooLarge,
        row.getLong(6));
  }

  /** Counts the single items whose basket count reaches {@code minCount}: the explosion guard. */
  private static long countFrequentItems(SparkSession spark, Dataset<Row> baskets, long minCount) {
    return SparkJobs.named(
        spark,
        STAGE,
        "count frequent items",
        () ->
            baskets
                .select(explode(col("items")).as("item"))
                .groupBy(col("item"))
                .count()
                .filter(col("count").geq(minCount))
                .count());
  }

  private static void rejectItemExplosion(
      RuleSettings settings, long baskets, long minCount, long frequentItems) {
    if (frequentItems <= settings.maxFrequentItems()) {
      return;
    }
    throw new InvalidConfigException(
        settings.activeMinSupportKey(),
        settings.activeMinSupportValue(),
        "a higher minimum support, because "
            + frequentItems
            + " single items reach it (in at least "
            + minCount
            + " of "
            + baskets
            + " baskets), more than hot-topic-miner.rules.max-frequent-items = "
            + settings.maxFrequentItems()
            + " allows. Raise max-frequent-items instead only if FPGrowth can handle that many"
            + " items");
  }

  private static RuleResult mineRules(
      SparkSession spark,
      RuleSettings settings,
      StageSummary.Builder summary,
      BasketCounts counts,
      Dataset<Row> baskets,
      long minCount) {
    // FPGrowth keeps itemsets with count >= ceil(minSupport * baskets). Half a basket below
    // minCount
    // gives exactly minCount without depending on how the fraction rounds.
    FPGrowth fpGrowth =
        new FPGrowth()
            .setItemsCol("items")
            .setMinSupport((minCount - 0.5) / counts.baskets())
            .setMinConfidence(settings.minConfidence());
    if (settings.partitions() > 0) {
      fpGrowth.setNumPartitions(settings.partitions());
    }
    FPGrowthModel model =
        SparkJobs.named(spark, STAGE, "fit FPGrowth", () -> fpGrowth.fit(baskets));

    // freqItemsets reruns the FP-tree mining on every action, so keep it while rules are built.
    Dataset<Row> itemsets =
        model
            .freqItemsets()
            .select(array_sort(col("items")).as("items"), col("freq").as("itemset_count"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long itemsetCount =
          SparkJobs.named(spark, STAGE, "count frequent itemsets", () -> itemsets.count());
      summary.detail("frequent_itemsets", itemsetCount);

      Dataset<Row> candidates = scoreRules(itemsets, counts.baskets(), settings.minConfidence());
      Dataset<Row> flagged =
          settings.removeRedundant()
              ? RedundantRules.flag(candidates)
              : candidates.withColumn(RedundantRules.REDUNDANT, lit(false));
      Row ruleCounts =
          SparkJobs.named(
              spark,
              STAGE,
              "count rules",
              () ->
                  flagged
                      .agg(
                          count(lit(1)),
                          coalesce(
                              sum(when(col(RedundantRules.REDUNDANT), 1L).otherwise(0L)), lit(0L)))
                      .first());
      long rulesFound = ruleCounts.getLong(0);
      long redundantRemoved = ruleCounts.getLong(1);

      Dataset<Row> rules =
          flagged
              .filter(not(col(RedundantRules.REDUNDANT)))
              .select(RULE_COLUMNS)
              .orderBy(
                  col("lift").desc(),
                  col("confidence").desc(),
                  col("rule_count").desc(),
                  col("antecedent"),
                  col("consequent"))
              .limit(settings.maxRules())
              .persist(StorageLevel.MEMORY_AND_DISK());
      long rulesKept = SparkJobs.named(spark, STAGE, "keep top rules", () -> rules.count());
      return finish(
          spark, summary, counts, itemsetCount, rulesFound, redundantRemoved, rulesKept, rules);
    } finally {
      itemsets.unpersist();
    }
  }

  /**
   * Derives every rule X => {c} from the frequent itemsets, where X ∪ {c} is a frequent itemset,
   * and keeps those reaching {@code minConfidence}. X and {c} are frequent because every subset of
   * a frequent itemset is, so both counts come from the same itemset table.
   */
  private static Dataset<Row> scoreRules(
      Dataset<Row> itemsets, long basketCount, double minConfidence) {
    Dataset<Row> antecedentCounts =
        itemsets.select(col("items").as("antecedent"), col("itemset_count").as("antecedent_count"));
    Dataset<Row> consequentCounts =
        itemsets
            .filter(size(col("items")).equalTo(1))
            .select(
                element_at(col("items"), 1).as("consequent_item"),
                col("itemset_count").as("consequent_count"));
    Dataset<Row> candidates =
        itemsets
            .filter(size(col("items")).geq(2))
            .select(
                col("items"),
                col("itemset_count").as("rule_count"),
                explode(col("items")).as("consequent_item"))
            .withColumn(
                "antecedent",
                array_sort(array_except(col("items"), array(col("consequent_item")))));

    Column n = lit((double) basketCount);
    Column ruleCount = col("rule_count").cast("double");
    Column antecedentCount = col("antecedent_count").cast("double");
    Column consequentCount = col("consequent_count").cast("double");
    Column confidence = ruleCount.divide(antecedentCount);
    Column consequentSupport = consequentCount.divide(n);

    return candidates
        .join(antecedentCounts, "antecedent")
        .join(consequentCounts, "consequent_item")
        .filter(confidence.geq(minConfidence))
        .select(
            col("antecedent"),
            array(col("consequent_item")).as("consequent"),
            ruleCount.divide(n).as("support"),
            confidence.as("confidence"),
            ruleCount.multiply(n).divide(antecedentCount.multiply(consequentCount)).as("lift"),
            ruleCount
                .divide(n)
                .minus(antecedentCount.divide(n).multiply(consequentSupport))
                .as("leverage"),
            // Conviction is infinite when every basket that contains X also contains c.
            when(
                    col("rule_count").notEqual(col("antecedent_count")),
                    lit(1.0).minus(consequentSupport).divide(lit(1.0).minus(confidence)))
                .as("conviction"),
            col("antecedent_count"),
            col("consequent_count"),
            col("rule_count"),
            lit(basketCount).as("baskets"));
  }

  private static RuleResult finish(
      SparkSession spark,
      StageSummary.Builder summary,
      BasketCounts counts,
      long itemsets,
      long rulesFound,
      long redundantRemoved,
      long rulesKept) {
    Dataset<Row> empty = spark.createDataFrame(List.of(), RULES_SCHEMA);
    return finish(spark, summary, counts, itemsets, rulesFound, redundantRemoved, rulesKept, empty);
  }

  private static RuleResult finish(
      SparkSession spark,
      StageSummary.Builder summary,
      BasketCounts counts,
      long itemsets,
      long rulesFound,
      long redundantRemoved,
      long rulesKept,
      Dataset<Row> rules) {
    StageSummary done =
        summary
            .detail("rules_found", rulesFound)
            .detail("redundant_rules_removed", redundantRemoved)
            .detail("rules", rulesKept)
            .finish(counts.eventsRead(), rulesKept);
    LOG.info(
        "rules: {} events read, {} baskets mined, {} frequent itemsets, {} rules kept of {} found"
            + " ({} redundant removed) in {} s",
        counts.eventsRead(),
        counts.baskets(),
        itemsets,
        rulesKept,
        rulesFound,
        redundantRemoved,
        String.format(Locale.ROOT, "%.1f", done.seconds()));
    return new RuleResult(rules, done);
  }

  /**
   * Event and basket counters from one aggregation over the grouped events.
   *
   * @param eventsRead every input event
   * @param eventsUsed events of the configured types with a basket_id and an item code
   * @param itemsExcluded used events whose item was removed by exclude-items or
   *     exclude-item-pattern
   * @param basketsFound basket ids with at least one used event
   * @param baskets baskets within the size limits, which are the ones mined
   * @param tooSmall baskets with fewer distinct kept items than min-basket-size
   * @param tooLarge baskets with more distinct kept items than max-basket-size
   * @param eventsWithoutItem events of the configured types with a basket_id but no item code
   */
  private record BasketCounts(
      long eventsRead,
      long eventsUsed,
      long itemsExcluded,
      long basketsFound,
      long baskets,
      long tooSmall,
      long tooLarge,
      long eventsWithoutItem) {}
}
