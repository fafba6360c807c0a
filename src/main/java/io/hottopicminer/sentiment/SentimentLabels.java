package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/** Sentiment labels and the star ratings each label is trained from. */
public final class SentimentLabels {
  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";

  /** Labels in the order of the probability columns. */
  public static final List<String> ALL = List.of(NEGATIVE, NEUTRAL, POSITIVE);

  /** Star ratings (rounded half up) of each label: 1-2 negative, 3 neutral, 4-5 positive. */
  public static final Map<String, List<Integer>> RATING_MAPPING = ratingMapping();

  private SentimentLabels() {}

  /** Returns the label of a rating column, or null for a null rating or one outside 1 to 5. */
  static Column fromRating(Column rating) {
    Column stars = round(rating, 0);
    return when(stars.between(1, 2), lit(NEGATIVE))
        .when(stars.equalTo(3), lit(NEUTRAL))
        .when(stars.between(4, 5), lit(POSITIVE));
  }

  static Column fromRating(String ratingColumn) {
    return fromRating(col(ratingColumn));
  }

  private static Map<String, List<Integer>> ratingMapping() {
    Map<String, List<Integer>> mapping = new LinkedHashMap<>();
    mapping.put(NEGATIVE, List.of(1, 2));
    mapping.put(NEUTRAL, List.of(3));
    mapping.put(POSITIVE, List.of(4, 5));
    return java.util.Collections.unmodifiableMap(mapping);
  }
}
