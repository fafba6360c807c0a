package io.hottopicminer.sentiment;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Generated English product reviews with a known sentiment, built from hand-written phrases about
 * musical instrument accessories. The same seed always gives the same reviews.
 */
final class ReviewSamples {
  static final StructType SCHEMA =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("review_text", DataTypes.StringType)
          .add("rating", DataTypes.DoubleType)
          .add("review_time", DataTypes.TimestampType)
          .add("review_date", DataTypes.DateType);

  private static final String[] PRODUCTS = {
    "guitar strap", "clip-on tuner", "instrument cable", "overdrive pedal", "mic stand", "capo",
    "set of strings", "practice amp", "pair of headphones", "keyboard stand", "drum sticks",
    "pop filter"
  };

  private static final String[] POSITIVE = {
    "I love this %s, it works perfectly.",
    "This %s is excellent and built like a tank.",
    "Great %s for the money, I would buy it again.",
    "Fantastic quality, the %s exceeded my expectations.",
    "Best %s I have owned, highly recommended.",
    "The %s sounds amazing and arrived quickly.",
    "Really happy with this %s, five stars.",
    "Superb %s, solid and reliable at every gig.",
    "Wonderful %s, my whole band is impressed.",
    "The %s is a joy to use and feels premium.",
    "Absolutely worth it, this %s is fantastic.",
    "Outstanding %s, it does everything perfectly."
  };

  private static final String[] NEGATIVE = {
    "This %s broke after two days, total junk.",
    "Terrible %s, it stopped working within a week.",
    "Do not buy this %s, it is cheap garbage.",
    "The %s arrived damaged and support ignored me.",
    "Awful %s, it crackles and hums constantly.",
    "Worst %s I have ever bought, a complete waste of money.",
    "Very disappointed, the %s fell apart on the first use.",
    "The %s is flimsy and useless, I returned it.",
    "Horrible quality, the %s failed at my first gig.",
    "I regret buying this %s, it is defective.",
    "The %s snapped in half, absolutely terrible.",
    "Poorly made %s, it died after one rehearsal."
  };

  private static final String[] NEUTRAL = {
    "The %s is okay, nothing special.",
    "It's an average %s, it does the job.",
    "The %s is fine for the price, not great, not bad.",
    "Decent %s but the finish is only so-so.",
    "The %s works as described, it is just mediocre.",
    "An ordinary %s, neither good nor bad.",
    "The %s is acceptable, though I expected a bit more.",
    "It is an adequate %s with a few minor flaws.",
    "The %s is passable for beginners, it is just average.",
    "Middle of the road %s, it is fine I guess.",
    "The %s is alright, some good points and some bad.",
    "A basic %s, it is usable but unremarkable."
  };

  private static final String[] DETAILS = {
    "I use it at home most evenings.",
    "It came in a plain cardboard box.",
    "I bought it for my son who plays in a school band.",
    "Shipping took about four days.",
    "I play mostly blues and some rock.",
    "It replaced an older one I had for years.",
    ""
  };

  private ReviewSamples() {}

  /**
   * Returns {@code perClass} reviews of each sentiment, ratings 1-2 negative, 3 neutral, 4-5
   * positive, with ids prefixed by {@code idPrefix}.
   */
  static Dataset<Row> reviews(SparkSession spark, int perClass, long seed, String idPrefix) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    LocalDate firstDay = LocalDate.of(2024, 3, 1);
    int index = 0;
    for (int i = 0; i < perClass; i++) {
      for (String label : SentimentLabels.ALL) {
        String[] phrases =
            switch (label) {
              case SentimentLabels.NEGATIVE -> NEGATIVE;
              case SentimentLabels.NEUTRAL -> NEUTRAL;
              default -> POSITIVE;
            };
        double rating =
            switch (label) {
              case SentimentLabels.NEGATIVE -> 1 + random.nextInt(2);
              case SentimentLabels.NEUTRAL -> 3;
              default -> 4 + random.nextInt(2);
            };
        String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        String text =
            (String.format(phrases[random.nextInt(phrases.length)], product)
                    + " "
                    + DETAILS[random.nextInt(DETAILS.length)])
                .trim();
        LocalDate day = firstDay.plusDays(index % 30);
        rows.add(
            RowFactory.create(
                idPrefix + index,
                "P" + random.nextInt(20),
                text,
                rating,
                java.sql.Timestamp.valueOf(day.atTime(12, 0)),
                Date.valueOf(day)));
        index++;
      }
    }
    return spark.createDataFrame(rows, SCHEMA);
  }
}
