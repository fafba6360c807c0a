package io.hottopicminer.ranking;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import io.hottopicminer.topics.TopicResult;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranking stage: scores each topic by how much more it is discussed in the recent window than in
 * the baseline window before it.
 *
 * <p>For run date D, the recent window is the {@code recent-days} days ending on D (inclusive) and
 * the baseline window is the {@code baseline-days} days before it. A topic's daily volume is the
 * sum of its topic weights over that day's reviews, and days without reviews count as volume 0.
 * With {@code volume-basis = share} (the default), each daily volume is divided by the day's
 * modelled reviews and multiplied by the baseline's mean daily reviews, so that a day with more
 * reviews of every kind lifts no topic. With smoothing s, recent daily mean r and baseline daily
 * mean b (volume divided by the window length in days) and sample standard deviation sd of the
 * baseline daily volumes:
 *
 * <pre>
 * growth            = log2((r + s) / (b + s))
 * z_score           = (r - b) / max(sd / sqrt(recent-days), s)
 * negative_shift    = negative_share_recent - negative_share_baseline   (null without reviews)
 * engagement_growth = log2((er + s) / (eb + s)), 0 when no event of the topic's top products
 *                     falls in either window; er, eb are events per day in each window
 * hot_score         = weights.growth * growth + weights.z-score * z_score
 *                     + weights.negative-shift * coalesce(negative_shift, 0)
 *                     + weights.engagement * engagement_growth
 * </pre>
 *
 * <p>Each topic lists the products with the highest lift of its recent reviews, smoothed by
 * {@code product-prior-reviews} (see {@link #topProducts}), and its engagement counts their events.
 *
 * <p>Topics are ranked by hot_score, highest first, except that topics with recent_volume below
 * {@code min-recent-volume} come after all others; ties go to the lower topic id.
 */
public final class HotTopicRanking {
  private static final Logger LOG = LoggerFactory.getLogger(HotTopicRanking.class);
  private static final String STAGE = "ranking";

  /** Event types counted as engagement. Events without a type, such as order lines, count too. */
  private static final Object[] ENGAGEMENT_EVENT_TYPES = {"view", "cart", "purchase"};

  /** Schema of the hot_topics table. */
  public static final StructType HOT_TOPICS_SCHEMA =
      new StructType()
          .add("rank", DataTypes.IntegerType, false)
          .add("topic", DataTypes.IntegerType, false)
          .add("label", DataTypes.StringType, true)
          .add("top_terms", DataTypes.createArrayType(DataTypes.StringType), true)
          .add("recent_volume", DataTypes.DoubleType, false)
          .add("baseline_volume", DataTypes.DoubleType, false)
          .add("baseline_daily_mean", DataTypes.DoubleType, false)
          .add("baseline_daily_stddev", DataTypes.DoubleType, false)
          .add("growth", DataTypes.DoubleType, false)
          .add("z_score", DataTypes.DoubleType, false)
          .add("negative_share_recent", DataTypes.DoubleType, true)
          .add("negative_share_baseline", DataTypes.DoubleType, true)
          .add("negative_shift", DataTypes.DoubleType, true)
          .add("engagement_growth", DataTypes.DoubleType, false)
          .add("hot_score", DataTypes.DoubleType, false)
          .add("recent_reviews", DataTypes.LongType, false)
          .add("top_product_ids", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("representative_review_ids", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("topic_key", DataTypes.StringType, false)
          .add("emerging", DataTypes.BooleanType, false);

  private HotTopicRanking() {}

  /**
   * Ranks every topic of {@code topics} for {@code runDate}.
   *
   * @param scoredReviews scored-review contract; uses review_id and product_id
   * @param events accepted-events contract; uses product_id, event_type, event_time, event_date
   */
  public static RankingResult rank(
      SparkSession spark,
      RankingSettings settings,
      LocalDate runDate,
      TopicResult topics,
      Dataset<Row> scoredReviews,
      Dataset<Row> events) {
    StageSummary.Builder summary = StageSummary.start(STAGE);
    Windows windows = Windows.ending(runDate, settings.recentDays(), settings.baselineDays());

    Dataset<Row> recentTopicReviews =
        topics.reviewTopics().filter(windows.recent(col("review_date")));
    Dataset<Row> topProducts = topProducts(settings, recentTopicReviews, scoredReviews);

    Dataset<Row> scored =
        topics
            .topics()
            .select(
                col("topic"),
                col("label"),
                expr("transform(terms, t -> t.term)").as("top_terms"),
                col("topic_key"),
                col("emerging"))
            .join(volumeStatistics(settings, windows, topics.topicDaily()), "topic", "left")
            .join(engagement(settings, windows, topProducts, events), "topic", "left")
            .join(productLists(topProducts), "topic", "left")
            .join(representativeReviews(settings, recentTopicReviews), "topic", "left");
    Dataset<Row> ordered =
        scores(settings, scored)
            .orderBy(col("eligible").desc(), col("hot_score").desc(), col("topic").asc());

    List<Row> collected = SparkJobs.named(spark, STAGE, "score topics", ordered::collectAsList);
    List<Row> ranked = new ArrayList<>();
    long belowMinimum = 0;
    for (Row row : collected) {
      Object[] values = new Object[HOT_TOPICS_SCHEMA.size()];
      values[0] = ranked.size() + 1;
      for (int i = 1; i < values.length; i++) {
        values[i] = row.get(row.fieldIndex(HOT_TOPICS_SCHEMA.fields()[i].name()));
      }
      if (!row.getBoolean(row.fieldIndex("eligible"))) {
        belowMinimum++;
      }
      ranked.add(RowFactory.create(values));
    }
    Dataset<Row> hotTopics = spark.createDataFrame(ranked, HOT_TOPICS_SCHEMA);

    String hottest = ranked.isEmpty() ? "none" : "topic " + ranked.get(0).get(1);
    StageSummary stageSummary =
        summary
            .detail("recent_window", windows.recentStart() + ".." + windows.recentEnd())
            .detail("baseline_window", windows.baselineStart() + ".." + windows.baselineEnd())
            .detail("topics_below_min_recent_volume", belowMinimum)
            .detail("hottest", hottest)
            .finish(collected.size(), ranked.size());
    LOG.info(
        "ranking: ranked {} topics for {} (hottest: {}, {} below min-recent-volume) in {} s",
        ranked.size(),
        runDate,
        hottest,
        belowMinimum,
        String.format(Locale.ROOT, "%.1f", stageSummary.seconds()));
    return new RankingResult(hotTopics, stageSummary);
  }

  /**
   * Sums volumes, review counts, squared volumes and negative weights per topic over each window.
   * The volumes summed are those of {@link #rankedVolumes}, and the negative shares stay weighted
   * by the raw topic volume.
   */
  private static Dataset<Row> volumeStatistics(
      RankingSettings settings, Windows windows, Dataset<Row> topicDaily) {
    Column day = col("review_date");
    Column recent = windows.recent(day);
    Column baseline = windows.baseline(day);
    Column volume = col("ranked_volume");
    Column weight = col("volume");
    Column shareKnown = col("negative_share").isNotNull();
    Column negativeWeight = col("negative_share").multiply(weight);
    return rankedVolumes(settings, windows, topicDaily.filter(recent.or(baseline)))
        .groupBy(col("topic"))
        .agg(
            sum(when(recent, volume)).as("recent_volume"),
            sum(when(baseline, volume)).as("baseline_volume"),
            sum(when(baseline, volume.multiply(volume))).as("baseline_squares"),
            sum(when(recent, col("reviews"))).as("recent_reviews"),
            sum(when(recent.and(shareKnown), negativeWeight))
                .divide(sum(when(recent.and(shareKnown), weight)))
                .as("negative_share_recent"),
            sum(when(baseline.and(shareKnown), negativeWeight))
                .divide(sum(when(baseline.and(shareKnown), weight)))
                .as("negative_share_baseline"));
  }

  /**
   * Adds ranked_volume, the daily volume that growth and z-score measure. With the count basis it
   * is the topic volume itself. With the share basis it is the topic's share of the day's volume
   * over all topics, which is the day's number of modelled reviews because each review's topic
   * weights sum to 1. That share is multiplied by the mean daily modelled reviews of the baseline
   * window, or of the recent window when the baseline has none. The rescaling keeps the unit of
   * reviews per day, so smoothing and min-recent-volume mean the same under both bases.
   */
  private static Dataset<Row> rankedVolumes(
      RankingSettings settings, Windows windows, Dataset<Row> windowDaily) {
    if (!RankingSettings.SHARE_BASIS.equals(settings.volumeBasis())) {
      return windowDaily.withColumn("ranked_volume", col("volume"));
    }
    Column day = col("review_date");
    Column dayVolume = col("day_volume");
    Dataset<Row> days = windowDaily.groupBy(day).agg(sum(col("volume")).as("day_volume"));
    Column baselineMean =
        coalesce(sum(when(windows.baseline(day), dayVolume)), lit(0.0))
            .divide(settings.baselineDays());
    Column recentMean =
        coalesce(sum(when(windows.recent(day), dayVolume)), lit(0.0)).divide(settings.recentDays());
    Dataset<Row> scale =
        days.agg(when(baselineMean.gt(0.0), baselineMean).otherwise(recentMean).as("scale"));
    return windowDaily
        .join(days, "review_date")
        .crossJoin(scale)
        .withColumn(
            "ranked_volume",
            when(dayVolume.gt(0.0), col("volume").divide(dayVolume).multiply(col("scale")))
                .otherwise(lit(0.0)));
  }

  /**
   * Picks the products whose recent reviews lean most toward each topic. For a product with n
   * recent modelled reviews carrying topic volume v, and the topic's share q of all recent topic
   * volume, lift = ((v + m q) / (n + m)) / q with m = product-prior-reviews. The pseudo-count m
   * pulls products with few reviews toward lift 1. Ties go to the larger v, then the product id.
   */
  private static Dataset<Row> topProducts(
      RankingSettings settings, Dataset<Row> recentTopicReviews, Dataset<Row> scoredReviews) {
    Dataset<Row> products = scoredReviews.select(col("review_id"), col("product_id"));
    Dataset<Row> productTopics =
        recentTopicReviews
            .join(products, "review_id")
            .filter(col("product_id").isNotNull())
            .groupBy(col("topic"), col("product_id"))
            .agg(sum(col("topic_weight")).as("product_volume"));
    // Each review's topic weights sum to 1, so a product's volume over all topics is its reviews.
    Dataset<Row> productReviews =
        productTopics.groupBy(col("product_id")).agg(sum(col("product_volume")).as("product_reviews"));
    Dataset<Row> topicShares =
        productTopics
            .groupBy(col("topic"))
            .agg(sum(col("product_volume")).as("topic_volume"))
            .crossJoin(productTopics.agg(sum(col("product_volume")).as("all_volume")))
            .select(col("topic"), col("topic_volume").divide(col("all_volume")).as("topic_share"));
    double prior = settings.productPriorReviews();
    Column share = col("topic_share");
    Column lift =
        col("product_volume")
            .plus(share.multiply(prior))
            .divide(col("product_reviews").plus(prior))
            .divide(share);
    return productTopics
        .join(productReviews, "product_id")
        .join(topicShares, "topic")
        .filter(share.gt(0.0))
        .withColumn("product_lift", lift)
        .withColumn(
            "position",
            row_number()
                .over(
                    Window.partitionBy(col("topic"))
                        .orderBy(
                            col("product_lift").desc(),
                            col("product_volume").desc(),
                            col("product_id").asc())))
        .filter(col("position").leq(settings.topProducts()));
  }

  private static Dataset<Row> productLists(Dataset<Row> topProducts) {
    return topProducts
        .groupBy(col("topic"))
        .agg(
            expr("transform(array_sort(collect_list(struct(position, product_id))), p ->"
                    + " p.product_id)")
                .as("top_product_ids"));
  }

  /**
   * Counts engagement events of each topic's top products per window. Events without event_date use
   * the date of event_time in the Spark session time zone, and events with neither are ignored.
   */
  private static Dataset<Row> engagement(
      RankingSettings settings, Windows windows, Dataset<Row> topProducts, Dataset<Row> events) {
    Column day = col("event_day");
    Column counted =
        col("event_type").isNull().or(lower(col("event_type")).isin(ENGAGEMENT_EVENT_TYPES));
    Dataset<Row> productEvents =
        events
            .select(
                col("product_id"),
                col("event_type"),
                coalesce(col("event_date"), to_date(col("event_time"))).as("event_day"))
            .filter(day.isNotNull().and(counted).and(windows.recent(day).or(windows.baseline(day))))
            .groupBy(col("product_id"))
            .agg(
                count(when(windows.recent(day), 1)).as("recent_events"),
                count(when(windows.baseline(day), 1)).as("baseline_events"));
    return topProducts
        .select(col("topic"), col("product_id"))
        .join(productEvents, "product_id")
        .groupBy(col("topic"))
        .agg(
            sum(col("recent_events")).as("recent_events"),
            sum(col("baseline_events")).as("baseline_events"));
  }

  private static Dataset<Row> representativeReviews(
      RankingSettings settings, Dataset<Row> recentTopicReviews) {
    return recentTopicReviews
        .withColumn(
            "position",
            row_number()
                .over(
                    Window.partitionBy(col("topic"))
                        .orderBy(col("topic_weight").desc(), col("review_id").asc())))
        .filter(col("position").leq(settings.representativeReviews()))
        .groupBy(col("topic"))
        .agg(
            array_sort(collect_list(struct(col("position"), col("review_id"))))
                .as("representatives"))
        .select(
            col("topic"),
            expr("transform(representatives, r -> r.review_id)").as("representative_review_ids"));
  }

  /** Derives the per-topic scores from the window sums. The class comment gives the formulas. */
  private static Dataset<Row> scores(RankingSettings settings, Dataset<Row> sums) {
    double smoothing = settings.smoothing();
    int recentDays = settings.recentDays();
    int baselineDays = settings.baselineDays();
    Column recentVolume = coalesce(col("recent_volume"), lit(0.0));
    Column baselineVolume = coalesce(col("baseline_volume"), lit(0.0));
    Column baselineSquares = coalesce(col("baseline_squares"), lit(0.0));
    Column recentMean = recentVolume.divide(recentDays);
    Column baselineMean = baselineVolume.divide(baselineDays);
    // Sample variance over all n baseline days, empty days as 0: (sum x^2 - n m^2) / (n - 1).
    Column baselineStddev =
        baselineDays > 1
            ? sqrt(
                greatest(
                    lit(0.0),
                    baselineSquares
                        .minus(baselineMean.multiply(baselineMean).multiply(baselineDays))
                        .divide(baselineDays - 1)))
            : lit(0.0);
    Column growth = log2(recentMean.plus(smoothing).divide(baselineMean.plus(smoothing)));
    Column standardError = greatest(baselineStddev.divide(Math.sqrt(recentDays)), lit(smoothing));
    Column zScore = recentMean.minus(baselineMean).divide(standardError);
    Column negativeShift = col("negative_share_recent").minus(col("negative_share_baseline"));

    Column recentEvents = coalesce(col("recent_events"), lit(0L));
    Column baselineEvents = coalesce(col("baseline_events"), lit(0L));
    Column engagementGrowth =
        when(recentEvents.plus(baselineEvents).equalTo(0), lit(0.0))
            .otherwise(
                log2(
                    recentEvents
                        .divide(recentDays)
                        .plus(smoothing)
                        .divide(baselineEvents.divide(baselineDays).plus(smoothing))));

    Column hotScore =
        col("growth")
            .multiply(settings.growthWeight())
            .plus(col("z_score").multiply(settings.zScoreWeight()))
            .plus(
                coalesce(col("negative_shift"), lit(0.0)).multiply(settings.negativeShiftWeight()))
            .plus(col("engagement_growth").multiply(settings.engagementWeight()));
    Column emptyIds = expr("cast(array() as array<string>)");
    return sums.select(
            col("topic"),
            col("label"),
            col("top_terms"),
            recentVolume.as("recent_volume"),
            baselineVolume.as("baseline_volume"),
            baselineMean.as("baseline_daily_mean"),
            baselineStddev.as("baseline_daily_stddev"),
            growth.as("growth"),
            zScore.as("z_score"),
            col("negative_share_recent"),
            col("negative_share_baseline"),
            negativeShift.as("negative_shift"),
            engagementGrowth.as("engagement_growth"),
            coalesce(col("recent_reviews"), lit(0L)).cast("long").as("recent_reviews"),
            coalesce(col("top_product_ids"), emptyIds).as("top_product_ids"),
            coalesce(col("representative_review_ids"), emptyIds).as("representative_review_ids"),
            recentVolume.geq(settings.minRecentVolume()).as("eligible"),
            col("topic_key"),
            col("emerging"))
        .withColumn("hot_score", hotScore);
  }

  /** Recent and baseline windows as inclusive date ranges. */
  record Windows(
      LocalDate baselineStart, LocalDate baselineEnd, LocalDate recentStart, LocalDate recentEnd) {

    static Windows ending(LocalDate runDate, int recentDays, int baselineDays) {
      LocalDate recentStart = runDate.minusDays(recentDays - 1L);
      return new Windows(
          recentStart.minusDays(baselineDays), recentStart.minusDays(1), recentStart, runDate);
    }

    Column recent(Column day) {
      return day.between(lit(Date.valueOf(recentStart)), lit(Date.valueOf(recentEnd)));
    }

    Column baseline(Column day) {
      return day.between(lit(Date.valueOf(baselineStart)), lit(Date.valueOf(baselineEnd)));
    }
  }
}
