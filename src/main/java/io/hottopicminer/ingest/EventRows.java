package io.hottopicminer.ingest;

import static io.hottopicminer.ingest.RowChecks.blank;
import static io.hottopicminer.ingest.RowChecks.trimmedText;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.ingest.IngestSettings.EventColumns;
import io.hottopicminer.ingest.IngestSettings.EventInput;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Maps the events input onto the accepted events contract and gives every row that breaks it a
 * quarantine reason.
 */
final class EventRows {
  static final String[] CONTRACT_COLUMNS = {
    "basket_id", "user_id", "product_id", "event_type", "event_time", "event_date", "category"
  };

  /** Boolean column: an accepted row whose event type is not in event-types. */
  static final String SKIPPED = "_ingest_skipped";

  /** Array column of the item codes of each basket line. */
  static final String ITEMS = "_ingest_items";

  private EventRows() {}

  /**
   * Returns every row read (one per line for basket-lines), with the contract columns, {@link
   * RowChecks#REASON}, {@link RowChecks#REASON_COLUMN}, {@link #SKIPPED}, source_file and record.
   */
  static Dataset<Row> classify(SparkSession spark, EventInput input) {
    if (input.format().equals(IngestSettings.BASKET_LINES)) {
      return classifyBasketLines(spark, input);
    }
    InputReader.RawInput raw =
        InputReader.read(
            spark,
            "events",
            input.configKey() + ".path",
            input.path(),
            input.format(),
            input.options());
    EventColumns columns = input.columns();
    String columnsKey = input.configKey() + ".columns.";
    Column basket = raw.column(columns.basketId(), columnsKey + "basket-id", input.path());
    Column product = raw.column(columns.productId(), columnsKey + "product-id", input.path());
    Column nullText = lit(null).cast(DataTypes.StringType);
    Column user =
        columns.userId().isPresent()
            ? trimmedText(raw.column(columns.userId().get(), columnsKey + "user-id", input.path()))
            : nullText;
    Column eventType =
        columns.eventType().isPresent()
            ? lower(
                trimmedText(
                    raw.column(columns.eventType().get(), columnsKey + "event-type", input.path())))
            : nullText;
    Column time =
        columns.time().isPresent()
            ? raw.column(columns.time().get(), columnsKey + "time", input.path())
            : nullText;
    // A blank category reads as null, because REES46 leaves category_code empty for most events.
    Column category =
        columns.category().isPresent()
            ? trimmedText(
                raw.column(columns.category().get(), columnsKey + "category", input.path()))
            : nullText;
    DataType timeType = raw.rows().select(time).schema().fields()[0].dataType();

    List<Column> staged = new ArrayList<>();
    staged.add(col(InputReader.SOURCE_FILE).as("source_file"));
    staged.add(raw.record().as("record"));
    staged.add(col(InputReader.CORRUPT_RECORD).as("_corrupt"));
    staged.add(trimmedText(basket).as("basket_id"));
    staged.add(user.as("user_id"));
    staged.add(trimmedText(product).as("product_id"));
    staged.add(eventType.as("event_type"));
    staged.add(trimmedText(time).as("_time_raw"));
    staged.add(time.as("_time_source"));
    staged.add(category.as("category"));
    Dataset<Row> rows =
        raw.rows()
            .select(staged.toArray(Column[]::new))
            .withColumn(
                "event_time",
                RowChecks.parseTime("_time_raw", col("_time_source"), timeType, input.timeFormat()))
            .withColumn("event_date", to_date(col("event_time")));

    RowChecks checks =
        new RowChecks()
            .reject(
                col("_corrupt").isNotNull(),
                null,
                ReviewRows.malformedReason(input.format(), raw.sourceColumns().size()))
            .reject(blank("basket_id"), columns.basketId(), "missing basket id")
            .reject(blank("product_id"), columns.productId(), "missing product id");
    if (columns.time().isPresent()) {
      // A missing time is allowed because event_time is nullable, but a time that does not parse is
      // not.
      checks.reject(
          col("_time_raw").isNotNull().and(col("event_time").isNull()),
          columns.time().get(),
          concat(
              lit("unparseable time '"),
              col("_time_raw"),
              lit("' for time-format " + input.timeFormat())));
    }
    rows =
        rows.withColumn(RowChecks.REASON, checks.reason())
            .withColumn(RowChecks.REASON_COLUMN, checks.reasonColumn());
    Column skipped = lit(false);
    if (!input.eventTypes().isEmpty()) {
      skipped =
          col(RowChecks.REASON)
              .isNull()
              .and(
                  col("event_type")
                      .isNull()
                      .or(col("event_type").isin(input.eventTypes().toArray()).unary_$bang()));
    }
    return rows.withColumn(SKIPPED, skipped);
  }

  /**
   * Reads a text file with one basket per line. The basket id is the 1-based position of the line
   * among all lines read, in file and line order, and each comma-separated code is one event. Blank
   * lines are quarantined.
   */
  private static Dataset<Row> classifyBasketLines(SparkSession spark, EventInput input) {
    InputReader.requireExistingPath(spark, input.configKey() + ".path", input.path());
    Dataset<Row> lines =
        spark
            .read()
            .options(input.options())
            .text(input.path())
            .select(col("value"), input_file_name().as("source_file"));
    // zipWithIndex runs a job to size the partitions, so it is named like the other actions.
    JavaRDD<Row> numbered =
        SparkJobs.named(
            spark,
            "ingest",
            "number events basket lines",
            () ->
                lines
                    .javaRDD()
                    .zipWithIndex()
                    .map(
                        pair ->
                            RowFactory.create(
                                pair._1().getString(0), pair._1().getString(1), pair._2() + 1)));
    StructType schema =
        new StructType()
            .add("record", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("line_number", DataTypes.LongType);
    Column nullText = lit(null).cast(DataTypes.StringType);
    Column items = split(regexp_replace(trim(col("record")), "\\s*,\\s*", ","), ",");
    Column blankLine = regexp_replace(col("record"), "[,\\s]", "").equalTo("");
    return spark
        .createDataFrame(numbered, schema)
        .withColumn("basket_id", col("line_number").cast(DataTypes.StringType))
        .withColumn(ITEMS, items)
        .withColumn(
            RowChecks.REASON,
            new RowChecks().reject(blankLine, null, "blank basket line: no item codes").reason())
        .withColumn(RowChecks.REASON_COLUMN, nullText)
        .withColumn(SKIPPED, lit(false));
  }

  /** Returns one accepted event per item code of each accepted basket line. */
  static Dataset<Row> basketLineEvents(Dataset<Row> acceptedLines) {
    Column nullText = lit(null).cast(DataTypes.StringType);
    return acceptedLines
        .select(col("basket_id"), explode(col(ITEMS)).as("product_id"))
        .where(col("product_id").notEqual(""))
        .select(
            col("basket_id"),
            nullText.as("user_id"),
            col("product_id"),
            nullText.as("event_type"),
            lit(null).cast(DataTypes.TimestampType).as("event_time"),
            lit(null).cast(DataTypes.DateType).as("event_date"),
            nullText.as("category"));
  }
}
