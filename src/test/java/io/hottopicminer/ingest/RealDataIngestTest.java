package io.hottopicminer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Loads the public data sets through the bundled configs. Skipped where ../shared/data is absent;
 * the config files name their inputs relative to the project folder, the working folder of tests.
 */
class RealDataIngestTest {
  private static final Path PROJECT = Path.of(System.getProperty("project.basedir", "."));
  private static final Path DATA = PROJECT.resolve("../shared/data");

  private final SparkSession spark = SparkTestSession.get();

  private static long count(Map<String, String> details, String key) {
    return Long.parseLong(details.get(key));
  }

  private static void assertBalanced(Map<String, String> details) {
    assertEquals(
        count(details, "rows_read"),
        count(details, "accepted")
            + count(details, "quarantined")
            + Long.parseLong(details.getOrDefault("skipped_event_type", "0")),
        details.toString());
  }

  @Test
  void realAmazonWithUciBaskets() {
    assumeTrue(Files.exists(DATA.resolve("amazon_musical_instruments/reviews.csv")));
    assumeTrue(Files.exists(DATA.resolve("uci_online_retail_baskets/online_retail_baskets.csv")));
    IngestSettings settings =
        IngestTestConfigs.fromFile(PROJECT.resolve("conf/musical-instruments-uci.conf"));

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> reviews = result.reviewsSummary().details();
    assertEquals(5050, count(reviews, "rows_read"));
    assertBalanced(reviews);
    // Figures checked with Python's csv module: two reviews have an empty reviewText.
    assertEquals(5048, count(reviews, "accepted"));
    assertEquals(2, count(reviews, "quarantined"));
    assertEquals(
        2L,
        result
            .quarantine()
            .where("reason = 'missing text' AND column_name = 'reviewText'")
            .count());
    assertEquals(LocalDate.of(2014, 7, 20), result.runDate());
    assertEquals(5048, result.reviews().select("review_id").distinct().count());
    long products = result.reviews().select("product_id").distinct().count();
    assertEquals(392, products);
    assertEquals(2090, count(reviews, "in_window"));
    Map<String, String> events = result.eventsSummary().details();
    assertEquals(25900, count(events, "rows_read"));
    assertBalanced(events);
    assertEquals(25900, count(events, "accepted"));
    assertEquals(541909, count(events, "basket_line_events"));
    assertEquals(count(events, "accepted"), result.events().select("basket_id").distinct().count());
  }

  @Test
  void realAmazonWithRees46Clicks() {
    assumeTrue(Files.exists(DATA.resolve("amazon_musical_instruments/reviews.csv")));
    assumeTrue(Files.exists(DATA.resolve("rees46_clickstream_sample/2019-Oct-sample.csv")));
    IngestSettings settings =
        IngestTestConfigs.fromFile(PROJECT.resolve("conf/musical-instruments-rees46.conf"));

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    assertEquals(5050, count(result.reviewsSummary().details(), "rows_read"));
    Map<String, String> events = result.eventsSummary().details();
    assertEquals(1000, count(events, "rows_read"));
    assertBalanced(events);
    assertEquals(1000, count(events, "accepted"), result.quarantine().collectAsList().toString());
    assertEquals(1000, count(events, "in_window"));
    assertEquals(
        1L,
        result.events().select("event_date").distinct().count(),
        "the sample covers 17 minutes of 2019-10-01");
    assertEquals(java.sql.Date.valueOf("2019-10-01"), result.events().first().getDate(5));
    assertEquals(
        0L, result.events().where("category IS NULL").count(), "category_id is never empty");
  }
}
