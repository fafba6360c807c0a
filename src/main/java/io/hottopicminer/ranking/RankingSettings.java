package io.hottopicminer.ranking;

import io.hottopicminer.config.ConfigReader;
import java.util.Set;

/**
 * Settings of the hot-topic ranking, read from the block {@code hot-topic-miner.ranking}.
 *
 * @param recentDays days in the recent window, which ends on the run date (inclusive)
 * @param baselineDays days in the baseline window, which ends the day before the recent window
 * @param smoothing pseudo-count added to daily means in growth ratios and floor of the z-score
 *     standard error, greater than 0
 * @param growthWeight weight of growth in hot_score
 * @param zScoreWeight weight of z_score in hot_score
 * @param negativeShiftWeight weight of negative_shift in hot_score
 * @param engagementWeight weight of engagement_growth in hot_score
 * @param minRecentVolume topics with a smaller recent_volume rank after all other topics
 * @param representativeReviews number of representative review ids per topic
 * @param topProducts number of top product ids per topic
 * @param volumeBasis {@code share} to compute volumes, growth and z-score on each topic's share of
 *     the day's modelled reviews (rescaled to the baseline's mean daily reviews), or {@code count}
 *     for the raw daily sums of topic weights
 * @param productPriorReviews pseudo-count of reviews that shrinks each product's topic share toward
 *     the topic's overall share before the lift that orders top products; 0 for the raw lift
 */
public record RankingSettings(
    int recentDays,
    int baselineDays,
    double smoothing,
    double growthWeight,
    double zScoreWeight,
    double negativeShiftWeight,
    double engagementWeight,
    double minRecentVolume,
    int representativeReviews,
    int topProducts,
    String volumeBasis,
    double productPriorReviews) {

  /** Volume basis that divides each day's topic volume by the day's modelled reviews. */
  public static final String SHARE_BASIS = "share";

  /** Volume basis that uses the raw daily sum of topic weights. */
  public static final String COUNT_BASIS = "count";

  private static final double MAX_WEIGHT = 1_000.0;

  /**
   * Reads and validates the settings from a reader positioned at {@code hot-topic-miner.ranking}.
   */
  public static RankingSettings from(ConfigReader reader) {
    ConfigReader weights = reader.block("weights");
    return new RankingSettings(
        reader.intBetween("recent-days", 1, 366),
        reader.intBetween("baseline-days", 1, 3_660),
        reader.doubleBetween("smoothing", 1e-6, 1e6),
        weights.doubleBetween("growth", -MAX_WEIGHT, MAX_WEIGHT),
        weights.doubleBetween("z-score", -MAX_WEIGHT, MAX_WEIGHT),
        weights.doubleBetween("negative-shift", -MAX_WEIGHT, MAX_WEIGHT),
        weights.doubleBetween("engagement", -MAX_WEIGHT, MAX_WEIGHT),
        reader.doubleBetween("min-recent-volume", 0.0, 1e12),
        reader.intBetween("representative-reviews", 0, 100),
        reader.intBetween("top-products", 0, 100),
        reader.oneOf("volume-basis", Set.of(SHARE_BASIS, COUNT_BASIS)),
        reader.doubleBetween("product-prior-reviews", 0.0, 1e6));
  }
}
