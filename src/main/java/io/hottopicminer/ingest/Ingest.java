package io.hottopicminer.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest stage: reads the reviews and events inputs, maps them onto the accepted reviews and events
 * contracts, sends rows that break the contract to the quarantine, and selects the run-date
 * windows.
 */
public final class Ingest {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  private static final String STAGE = "ingest";
  private static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  private Ingest() {}

  /**
   * Loads both inputs and counts their rows. The parsed rows are cached, so the returned Datasets
   * do not read the files again.
   *
   * @param runDate the run date, or empty for the latest review_date among accepted reviews
   * @throws InvalidInputException when an input path matches no file, a mapped column is missing or
   *     no review is accepted and no run date is given
   * @throws IllegalStateException when accepted, skipped and quarantined rows do not add up to the
   *     rows read
   */
  public static IngestResult load(
      SparkSession spark, IngestSettings settings, Optional<LocalDate> runDate) {
    long startNanos = System.nanoTime();
    // Time zone-aware expressions take the session time zone when a Dataset is analyzed, which
    // happens as it is built. Building every Dataset under UTC makes zone-less times read as UTC
    // and review_date / event_date UTC dates, whatever the caller's session time zone is.
    String previousTimeZone = spark.conf().get(SESSION_TIME_ZONE);
    spark.conf().set(SESSION_TIME_ZONE, "UTC");
    try {
      IngestResult result = loadInUtc(spark, settings, runDate);
      logSummary(result, (System.nanoTime() - startNanos) / 1e9);
      return result;
    } finally {
      spark.conf().set(SESSION_TIME_ZONE, previousTimeZone);
    }
  }

  private static IngestResult loadInUtc(
      SparkSession spark, IngestSettings settings, Optional<LocalDate> requestedRunDate) {
    StageSummary.Builder reviewsSummary = StageSummary.start("ingest-reviews");
    Dataset<Row> reviewRows = ReviewRows.classify(spark, settings.reviews()).cache();
    Row reviewCounts =
        SparkJobs.named(
            spark,
            STAGE,
            "count reviews",
            () ->
                reviewRows
                    .agg(
                        count(lit(1)),
                        countWhere(col(RowChecks.REASON).isNull()),
                        countWhere(col(RowChecks.REASON).isNotNull()),
                        max(when(col(RowChecks.REASON).isNull(), col("review_date"))))
                    .first());
    long reviewsRead = reviewCounts.getLong(0);
    long reviewsAccepted = reviewCounts.getLong(1);
    long reviewsQuarantined = reviewCounts.getLong(2);
    requireBalanced("reviews", reviewsRead, reviewsAccepted, 0, reviewsQuarantined);

    LocalDate runDate = requestedRunDate.orElseGet(() -> latestReviewDate(reviewCounts, settings));
    Dataset<Row> reviews =
        reviewRows
            .where(col(RowChecks.REASON).isNull())
            .select(columns(ReviewRows.CONTRACT_COLUMNS));
    Dataset<Row> reviewsInWindow =
        reviews.where(inWindow(col("review_date"), runDate, settings.reviews().lookbackDays()));
    long reviewsWindowed =
        SparkJobs.named(spark, STAGE, "count reviews in window", reviewsInWindow::count);
    StageSummary reviewSummary =
        reviewsSummary
            .detail("rows_read", reviewsRead)
            .detail("accepted", reviewsAccepted)
            .detail("quarantined", reviewsQuarantined)
            .detail("in_window", reviewsWindowed)
            .detail("run_date", runDate)
            .detail("lookback_days", settings.reviews().lookbackDays())
            .finish(reviewsRead, reviewsAccepted);

    EventLoad events = loadEvents(spark, settings.events(), runDate);
    Dataset<Row> quarantine = quarantine(reviewRows, "reviews").unionByName(events.quarantine());
    return new IngestResult(
        reviews,
        reviewsInWindow,
        events.accepted(),
        events.inWindow(),
        quarantine,
        runDate,
        reviewSummary,
        events.summary());
  }

  private record EventLoad(
      Dataset<Row> accepted,
      Dataset<Row> inWindow,
      Dataset<Row> quarantine,
      StageSummary summary) {}

  private static EventLoad loadEvents(
      SparkSession spark, IngestSettings.EventInput input, LocalDate runDate) {
    StageSummary.Builder summary = StageSummary.start("ingest-events");
    boolean basketLines = input.format().equals(IngestSettings.BASKET_LINES);
    Dataset<Row> eventRows = EventRows.classify(spark, input).cache();
    Row counts =
        SparkJobs.named(
            spark,
            STAGE,
            "count events",
            () ->
                eventRows
                    .agg(
                        count(lit(1)),
                        countWhere(
                            col(RowChecks.REASON)
                                .isNull()
                                .and(col(EventRows.SKIPPED).unary_$bang())),
                        countWhere(col(EventRows.SKIPPED)),
                        countWhere(col(RowChecks.REASON).isNotNull()))
                    .first());
    long read = counts.getLong(0);
    long accepted = counts.getLong(1);
    long skipped = counts.getLong(2);
    long quarantined = counts.getLong(3);
    requireBalanced("events", read, accepted, skipped, quarantined);

    Dataset<Row> acceptedRows =
        eventRows.where(col(RowChecks.REASON).isNull().and(col(EventRows.SKIPPED).unary_$bang()));
    Dataset<Row> events =
        basketLines
            ? EventRows.basketLineEvents(acceptedRows)
            : acceptedRows.select(columns(EventRows.CONTRACT_COLUMNS));
    Dataset<Row> inWindow = events;
    if (input.lookbackDays().isPresent()) {
      inWindow = events.where(inWindow(col("event_date"), runDate, input.lookbackDays().get()));
    }
    Dataset<Row> windowed = inWindow;
    long eventsInWindow = SparkJobs.named(spark, STAGE, "count events in window", windowed::count);
    summary
        .detail("rows_read", read)
        .detail("accepted", accepted)
        .detail("quarantined", quarantined)
        .detail("skipped_event_type", skipped)
        .detail("in_window", eventsInWindow)
        .detail("lookback_days", input.lookbackDays().map(String::valueOf).orElse("none"));
    if (basketLines) {
      long eventCount = SparkJobs.named(spark, STAGE, "count basket-line events", events::count);
      summary.detail("basket_line_events", eventCount);
    }
    return new EventLoad(
        events, inWindow, quarantine(eventRows, "events"), summary.finish(read, accepted));
  }

  private static Dataset<Row> quarantine(Dataset<Row> classified, String input) {
    return classified
        .where(col(RowChecks.REASON).isNotNull())
        .select(
            lit(input).as("input"),
            col("source_file"),
            col("record"),
            col(RowChecks.REASON_COLUMN).as("column_name"),
            col(RowChecks.REASON).as("reason"));
  }

  /** Returns true for dates in (runDate - lookbackDays, runDate]. */
  private static Column inWindow(Column date, LocalDate runDate, int lookbackDays) {
    return date.gt(lit(Date.valueOf(runDate.minusDays(lookbackDays))))
        .and(date.leq(lit(Date.valueOf(runDate))));
  }

  private static LocalDate latestReviewDate(Row reviewCounts, IngestSettings settings) {
    if (reviewCounts.isNullAt(3)) {
      throw new InvalidInputException(
          "No review in "
              + settings.reviews().path()
              + " was accepted, so the run date cannot default to the latest review date."
              + " Check the quarantine reasons or set hot-topic-miner.run-date.");
    }
    return reviewCounts.getDate(3).toLocalDate();
  }

  /** Fails loudly when a row was lost or counted twice between reading and classifying. */
  private static void requireBalanced(
      String input, long read, long accepted, long skipped, long quarantined) {
    if (accepted + skipped + quarantined != read) {
      throw new IllegalStateException(
          "Ingest of "
              + input
              + " lost rows: "
              + read
              + " read but "
              + accepted
              + " accepted + "
              + skipped
              + " skipped + "
              + quarantined
              + " quarantined");
    }
  }

  private static Column countWhere(Column condition) {
    return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
  }

  private static Column[] columns(String[] names) {
    Column[] columns = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      columns[i] = col(names[i]);
    }
    return columns;
  }

  private static void logSummary(IngestResult result, double seconds) {
    var reviews = result.reviewsSummary().details();
    var events = result.eventsSummary().details();
    LOG.info(
        "Ingest: reviews {} read, {} accepted, {} quarantined, {} in window; events {} read, {}"
            + " accepted, {} quarantined, {} in window; run date {}; {} s",
        reviews.get("rows_read"),
        reviews.get("accepted"),
        reviews.get("quarantined"),
        reviews.get("in_window"),
        events.get("rows_read"),
        events.get("accepted"),
        events.get("quarantined"),
        events.get("in_window"),
        result.runDate(),
        String.format(java.util.Locale.ROOT, "%.1f", seconds));
  }
}
