package io.hottopicminer.ingest;

import static io.hottopicminer.ingest.RowChecks.blank;
import static io.hottopicminer.ingest.RowChecks.trimmedText;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.to_date;

import io.hottopicminer.ingest.IngestSettings.ReviewColumns;
import io.hottopicminer.ingest.IngestSettings.ReviewInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

/**
 * Maps the reviews input onto the accepted reviews contract and gives every row that breaks it a
 * quarantine reason.
 */
final class ReviewRows {
  static final String[] CONTRACT_COLUMNS = {
    "review_id", "product_id", "review_text", "rating", "review_time", "review_date"
  };

  private ReviewRows() {}

  /**
   * Returns every row read, with the contract columns, {@link RowChecks#REASON} and {@link
   * RowChecks#REASON_COLUMN}, plus source_file and record for the quarantine.
   */
  static Dataset<Row> classify(SparkSession spark, ReviewInput input) {
    InputReader.RawInput raw =
        InputReader.read(
            spark,
            "reviews",
            input.configKey() + ".path",
            input.path(),
            input.format(),
            input.options());
    ReviewColumns columns = input.columns();
    String columnsKey = input.configKey() + ".columns.";
    Column product = raw.column(columns.productId(), columnsKey + "product-id", input.path());
    Column text = raw.column(columns.text(), columnsKey + "text", input.path());
    Column rating = raw.column(columns.rating(), columnsKey + "rating", input.path());
    Column time = raw.column(columns.time(), columnsKey + "time", input.path());
    DataType timeType = raw.rows().select(time).schema().fields()[0].dataType();

    List<Column> staged = new ArrayList<>();
    staged.add(col(InputReader.SOURCE_FILE).as("source_file"));
    staged.add(raw.record().as("record"));
    staged.add(col(InputReader.CORRUPT_RECORD).as("_corrupt"));
    staged.add(trimmedText(product).as("product_id"));
    staged.add(text.cast("string").as("review_text"));
    staged.add(trimmedText(rating).as("_rating_raw"));
    staged.add(trimmedText(time).as("_time_raw"));
    staged.add(time.as("_time_source"));
    if (columns.reviewId().isPresent()) {
      Column id = raw.column(columns.reviewId().get(), columnsKey + "review-id", input.path());
      staged.add(trimmedText(id).as("_id_raw"));
    }
    Dataset<Row> rows = raw.rows().select(staged.toArray(Column[]::new));

    Column reviewId =
        columns.reviewId().isPresent()
            ? col("_id_raw")
            : sha2(concat_ws("|", col("product_id"), col("_time_raw"), col("review_text")), 256);
    rows =
        rows.withColumn("review_id", reviewId)
            .withColumn("rating", expr("try_cast(_rating_raw AS DOUBLE)"))
            .withColumn(
                "review_time",
                RowChecks.parseTime("_time_raw", col("_time_source"), timeType, input.timeFormat()))
            .withColumn("review_date", to_date(col("review_time")));

    RowChecks checks = checks(input, raw.sourceColumns().size());
    return rows.withColumn(RowChecks.REASON, checks.reason())
        .withColumn(RowChecks.REASON_COLUMN, checks.reasonColumn());
  }

  private static RowChecks checks(ReviewInput input, int sourceColumnCount) {
    ReviewColumns columns = input.columns();
    String range =
        RowChecks.formatBound(input.ratingMin()) + ".." + RowChecks.formatBound(input.ratingMax());
    RowChecks checks =
        new RowChecks()
            .reject(
                col("_corrupt").isNotNull(),
                null,
                malformedReason(input.format(), sourceColumnCount))
            .reject(blank("product_id"), columns.productId(), "missing product id");
    if (columns.reviewId().isPresent()) {
      checks.reject(blank("_id_raw"), columns.reviewId().get(), "missing review id");
    }
    return checks
        .reject(blank("review_text"), columns.text(), "missing text")
        .reject(col("_rating_raw").isNull(), columns.rating(), "missing rating")
        .reject(
            col("rating").isNull(),
            columns.rating(),
            concat(lit("rating '"), col("_rating_raw"), lit("' is not a number")))
        .reject(
            isnan(col("rating"))
                .or(col("rating").lt(input.ratingMin()))
                .or(col("rating").gt(input.ratingMax())),
            columns.rating(),
            concat(lit("rating '"), col("_rating_raw"), lit("' out of range " + range)))
        .reject(
            col("_time_raw").isNull().and(col("_time_source").isNull()),
            columns.time(),
            "missing time")
        .reject(
            col("review_time").isNull(),
            columns.time(),
            concat(
                lit("unparseable time '"),
                col("_time_raw"),
                lit("' for time-format " + input.timeFormat())));
  }

  /** Returns the quarantine reason for rows the reader could not parse. */
  static String malformedReason(String format, int sourceColumnCount) {
    return switch (format) {
      case "csv" ->
          "malformed row: cannot be split into the "
              + sourceColumnCount
              + " header fields (wrong number of fields or unbalanced quotes)";
      case "json" -> "malformed record: not a valid JSON object";
      default -> "malformed record";
    };
  }
}
