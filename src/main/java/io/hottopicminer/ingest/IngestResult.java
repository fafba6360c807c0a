package io.hottopicminer.ingest;

import io.hottopicminer.core.StageSummary;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Output of {@link Ingest#load}: accepted rows of both inputs, their run-date windows and the
 * rejected rows. The Datasets read from a cached frame that {@link Ingest#load} has already
 * materialized.
 *
 * @param reviews every accepted review, in the accepted reviews contract
 * @param reviewsInWindow accepted reviews with review_date in (runDate - lookback-days, runDate]
 * @param events every accepted event of the selected event types, in the accepted events contract
 * @param eventsInWindow accepted events in the events window, or all of them when it is not set
 * @param quarantine rejected rows of both inputs, in the quarantine contract
 * @param runDate the requested run date, else the latest review_date among accepted reviews
 * @param reviewsSummary rows read, accepted, quarantined and in window for the reviews input
 * @param eventsSummary rows read, accepted, quarantined and in window for the events input
 */
public record IngestResult(
    Dataset<Row> reviews,
    Dataset<Row> reviewsInWindow,
    Dataset<Row> events,
    Dataset<Row> eventsInWindow,
    Dataset<Row> quarantine,
    LocalDate runDate,
    StageSummary reviewsSummary,
    StageSummary eventsSummary) {

  /** Returns both summaries, reviews first. */
  public List<StageSummary> summaries() {
    return List.of(reviewsSummary, eventsSummary);
  }
}
