package io.hottopicminer.ingest;

import static io.hottopicminer.ingest.IngestTestConfigs.fromInputsBlock;
import static io.hottopicminer.ingest.IngestTestConfigs.quoted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTest {
  private static final String REVIEWS_HEADER =
      "review_id,product_id,review_text,rating,review_time\n";
  private static final String CSV_OPTIONS =
      "options { header = \"true\", multiLine = \"true\", escape = \"\\\"\" }\n";

  @TempDir Path folder;

  private final SparkSession spark = SparkTestSession.get();

  private Path write(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** Writes a minimal valid events CSV and returns the HOCON events block that reads it. */
  private String simpleEvents() throws IOException {
    Path events =
        write(
            "events.csv",
            "session_id,user_id,product_id,event_type,event_time\n"
                + "s1,u1,p1,view,2025-09-01 10:00:00\n"
                + "s1,u1,p1,purchase,2025-09-01 10:05:00\n");
    return "events { path = " + quoted(events) + ", " + CSV_OPTIONS + "}\n";
  }

  private static Map<String, String> reasonsByRecordPrefix(Dataset<Row> quarantine) {
    Map<String, String> reasons = new TreeMap<>();
    for (Row row : quarantine.collectAsList()) {
      reasons.put(
          row.getString(row.fieldIndex("record")).substring(0, 2),
          row.getString(row.fieldIndex("reason")));
    }
    return reasons;
  }

  @Test
  void csvReviewsQuarantineReasons() throws IOException {
    Path reviews =
        write(
            "reviews.csv",
            REVIEWS_HEADER
                + "r1,p1,\"Great sound, deep bass\",5,2025-09-01 10:00:00\n"
                + "r2,p1,\"Line one\nline two \"\"quoted\"\"\",4,2025-09-02 11:00:00\n"
                + "r3,p2,Fine,3.0,2025-09-03 12:00:00\n"
                + "r4,p2,,2,2025-09-03 12:00:00\n"
                + "r5,,Text,2,2025-09-03 12:00:00\n"
                + "r6,p3,Text,7,2025-09-03 12:00:00\n"
                + "r7,p3,Text,abc,2025-09-03 12:00:00\n"
                + "r8,p3,Text,4,03/09/2025\n"
                + "r9,p3,Text,4,2025-09-03 12:00:00,extra\n"
                + "ra,p3,Text,,2025-09-03 12:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> details = result.reviewsSummary().details();
    assertEquals("10", details.get("rows_read"));
    assertEquals("3", details.get("accepted"));
    assertEquals("7", details.get("quarantined"));
    assertEquals(3L, result.reviews().count());
    Map<String, String> reasons =
        reasonsByRecordPrefix(result.quarantine().where("input = 'reviews'"));
    assertEquals("missing text", reasons.get("r4"));
    assertEquals("missing product id", reasons.get("r5"));
    assertEquals("rating '7' out of range 1..5", reasons.get("r6"));
    assertEquals("rating 'abc' is not a number", reasons.get("r7"));
    assertEquals(
        "unparseable time '03/09/2025' for time-format yyyy-MM-dd HH:mm:ss", reasons.get("r8"));
    assertTrue(reasons.get("r9").startsWith("malformed row: "), reasons.get("r9"));
    assertEquals("missing rating", reasons.get("ra"));
    Row multiLine = result.reviews().where("review_id = 'r2'").first();
    assertEquals(
        "Line one\nline two \"quoted\"", multiLine.getString(multiLine.fieldIndex("review_text")));
  }

  @Test
  void csvQuarantineColumnAndRecord() throws IOException {
    Path reviews =
        write(
            "reviews.csv",
            REVIEWS_HEADER
                + "r1,p1,Good,5,2025-09-01 10:00:00\n"
                + "r6,p3,Text,7,2025-09-03 12:00:00\n"
                + "r9,p3,Text,4,2025-09-03 12:00:00,extra\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    List<Row> rows = result.quarantine().orderBy("record").collectAsList();
    assertEquals(2, rows.size());
    assertEquals("reviews", rows.get(0).getString(0));
    assertTrue(rows.get(0).getString(1).endsWith("reviews.csv"), rows.get(0).getString(1));
    assertEquals("r6,p3,Text,7,2025-09-03 12:00:00", rows.get(0).getString(2));
    assertEquals("rating", rows.get(0).getString(3));
    assertEquals("r9,p3,Text,4,2025-09-03 12:00:00,extra", rows.get(1).getString(2));
    assertEquals(null, rows.get(1).get(3));
    assertEquals(
        List.of("input", "source_file", "record", "column_name", "reason"),
        List.of(result.quarantine().columns()));
  }

  @Test
  void reviewsContractSchema() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    StructType expected =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("review_text", DataTypes.StringType)
            .add("rating", DataTypes.DoubleType)
            .add("review_time", DataTypes.TimestampType)
            .add("review_date", DataTypes.DateType);
    assertEquals(expected.simpleString(), result.reviews().schema().simpleString());
    assertEquals(
        "struct<basket_id:string,user_id:string,product_id:string,event_type:string,"
            + "event_time:timestamp,event_date:date,category:string>",
        result.events().schema().simpleString());
    assertTrue(result.events().first().isNullAt(6), "category is null when unmapped");
    Row row = result.reviews().first();
    assertEquals(Timestamp.from(Instant.parse("2025-09-01T10:00:00Z")), row.getTimestamp(4));
    assertEquals(5.0, row.getDouble(3));
  }

  @Test
  void jsonReviewsEpochSecondsAndDerivedId() throws IOException {
    Path reviews =
        write(
            "reviews.json",
            "{\"asin\":\"A1\",\"reviewText\":\"Nice"
                + " strings\",\"overall\":5,\"unixReviewTime\":1393545600}\n"
                + "{\"asin\":\"A2\",\"reviewText\":\"Bad"
                + " tuner\",\"overall\":1.0,\"unixReviewTime\":\"1363392000\"}\n"
                + "{\"asin\":\"A3\",\"reviewText\":\"Odd\",\"overall\":4,\"unixReviewTime\":\"soon\"}\n"
                + "{\"asin\":\"A4\", broken json\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", format = json, time-format = epoch-seconds\n"
                + "columns { review-id = null, product-id = asin, text = reviewText,"
                + " rating = overall, time = unixReviewTime } }\n"
                + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> details = result.reviewsSummary().details();
    assertEquals("4", details.get("rows_read"));
    assertEquals("2", details.get("accepted"));
    assertEquals("2", details.get("quarantined"));
    Row first = result.reviews().where("product_id = 'A1'").first();
    assertEquals(Timestamp.from(Instant.parse("2014-02-28T00:00:00Z")), first.getTimestamp(4));
    assertEquals(java.sql.Date.valueOf("2014-02-28"), first.getDate(5));
    assertEquals(64, first.getString(0).length());
    IngestResult again = Ingest.load(spark, settings, Optional.empty());
    assertEquals(
        first.getString(0), again.reviews().where("product_id = 'A1'").first().getString(0));
    List<String> reasons =
        result
            .quarantine()
            .orderBy("reason")
            .select("reason")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertEquals(
        List.of(
            "malformed record: not a valid JSON object",
            "unparseable time 'soon' for time-format epoch-seconds"),
        reasons);
    Row badTime = result.quarantine().where("column_name = 'unixReviewTime'").first();
    assertTrue(badTime.getString(2).contains("\"asin\":\"A3\""), badTime.getString(2));
    assertEquals(LocalDate.of(2014, 2, 28), result.runDate());
  }

  @Test
  void parquetEventsEpochMillis() throws IOException {
    StructType schema =
        new StructType()
            .add("order_id", DataTypes.LongType)
            .add("sku", DataTypes.StringType)
            .add("ts", DataTypes.LongType);
    List<Row> rows =
        List.of(
            RowFactory.create(10L, "s1", 1569888000000L),
            RowFactory.create(10L, "s2", 1569888000500L),
            RowFactory.create(11L, null, 1569888000000L),
            RowFactory.create(12L, "s3", null));
    Path events = folder.resolve("events.parquet");
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(events.toString());
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2019-10-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", "
                + CSV_OPTIONS
                + "}\n"
                + "events { path = "
                + quoted(events)
                + ", format = parquet,"
                + " time-format = epoch-millis\n"
                + " columns { basket-id = order_id, user-id = null, product-id = sku,"
                + " event-type = null, time = ts } }\n");

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> details = result.eventsSummary().details();
    assertEquals("4", details.get("rows_read"));
    assertEquals("3", details.get("accepted"));
    assertEquals("1", details.get("quarantined"));
    Row second = result.events().where("product_id = 's2'").first();
    assertEquals("10", second.getString(0));
    assertEquals(Timestamp.from(Instant.parse("2019-10-01T00:00:00.500Z")), second.getTimestamp(4));
    Row noTime = result.events().where("product_id = 's3'").first();
    assertTrue(noTime.isNullAt(4));
    Row missing = result.quarantine().where("input = 'events'").first();
    assertEquals("missing product id", missing.getString(4));
    assertEquals("sku", missing.getString(3));
    assertTrue(missing.getString(2).contains("\"order_id\":11"), missing.getString(2));
  }

  @Test
  void eventsZonePatternAndTypeFilter() throws IOException {
    Path events =
        write(
            "clicks.csv",
            "event_time,event_type,product_id,user_id,user_session\n"
                + "2019-10-01 00:00:00 UTC,view,44600062,541312140,s-1\n"
                + "2019-10-01 02:30:00 UTC,purchase,3900821,554748717,s-2\n"
                + "2019-10-01 03:00:00 UTC,cart,3900821,554748717,s-2\n"
                + "yesterday,view,3900821,554748717,s-2\n"
                + "2019-10-1 00:00:00 UTC,view,3900821,554748717,s-3\n"
                + "2019-10-01 04:00:00 UTC,view,3900821,554748717,\n");
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2019-10-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", "
                + CSV_OPTIONS
                + "}\n"
                + "events { path = "
                + quoted(events)
                + ", options { header = \"true\" }\n"
                + " time-format = \"yyyy-MM-dd HH:mm:ss z\", event-types = [purchase, cart]\n"
                + " columns { basket-id = user_session, user-id = user_id, product-id = product_id,"
                + " event-type = event_type, time = event_time } }\n");

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> details = result.eventsSummary().details();
    assertEquals("6", details.get("rows_read"));
    assertEquals("2", details.get("accepted"));
    assertEquals("1", details.get("skipped_event_type"));
    assertEquals("3", details.get("quarantined"));
    Row purchase = result.events().where("event_type = 'purchase'").first();
    assertEquals(Timestamp.from(Instant.parse("2019-10-01T02:30:00Z")), purchase.getTimestamp(4));
    assertEquals("554748717", purchase.getString(1));
    Map<String, String> reasons = new TreeMap<>();
    for (Row row : result.quarantine().where("input = 'events'").collectAsList()) {
      reasons.put(row.getString(2).substring(0, 12), row.getString(4));
    }
    assertEquals(
        "unparseable time 'yesterday' for time-format yyyy-MM-dd HH:mm:ss z",
        reasons.get("yesterday,vi"));
    assertEquals(
        "unparseable time '2019-10-1 00:00:00 UTC' for time-format yyyy-MM-dd HH:mm:ss z",
        reasons.get("2019-10-1 00"));
    assertEquals("missing basket id", reasons.get("2019-10-01 0"));
  }

  @Test
  void eventsCategoryMapped() throws IOException {
    Path events =
        write(
            "clicks.csv",
            "user_session,product_id,category_id,category_code\n"
                + "s-1,44600062,2103807459595387724,\n"
                + "s-1,3900821,2053013552326770905,appliances.environment.water_heater\n"
                + "s-2,3900821,  ,appliances.environment.water_heater\n");
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2019-10-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", "
                + CSV_OPTIONS
                + "}\n"
                + "events { path = "
                + quoted(events)
                + ", options { header = \"true\" }\n"
                + " columns { basket-id = user_session, user-id = null, product-id = product_id,"
                + " event-type = null, time = null, category = category_id } }\n");

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    List<Row> rows = result.events().orderBy("basket_id", "product_id").collectAsList();
    assertEquals(3, rows.size());
    assertEquals("3900821", rows.get(0).getString(2));
    assertEquals("2053013552326770905", rows.get(0).getAs("category"));
    assertEquals("2103807459595387724", rows.get(1).getAs("category"));
    // A blank category is accepted as null, because the column is optional.
    assertNull(rows.get(2).getAs("category"));
    assertEquals("3", result.eventsSummary().details().get("accepted"));
  }

  @Test
  void eventsCategoryColumnMissing() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 10:00:00\n");
    Path events =
        write("events.csv", "session_id,user_id,product_id,event_type,event_time\ns1,u1,p1,,\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", "
                + CSV_OPTIONS
                + "}\n"
                + "events { path = "
                + quoted(events)
                + ", columns.category = category_code, "
                + CSV_OPTIONS
                + "}\n");

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Ingest.load(spark, settings, Optional.empty()));

    assertTrue(
        error.getMessage().contains("hot-topic-miner.inputs.events.columns.category"),
        error.getMessage());
    assertTrue(error.getMessage().contains("'category_code'"), error.getMessage());
  }

  @Test
  void windowAndRunDateDefault() throws IOException {
    Path reviews =
        write(
            "reviews.csv",
            REVIEWS_HEADER
                + "r1,p1,Old,5,2025-06-01 00:00:00\n"
                + "r2,p1,Edge out,5,2025-09-20 23:59:59\n"
                + "r3,p1,Edge in,5,2025-09-21 00:00:00\n"
                + "r4,p1,Last,5,2025-09-30 23:59:59\n");
    Path events =
        write(
            "events.csv",
            "session_id,user_id,product_id,event_type,event_time\n"
                + "s1,u1,p1,view,2025-09-01 10:00:00\n"
                + "s2,u1,p1,view,2025-09-29 10:00:00\n"
                + "s3,u1,p1,view,\n");
    String inputs =
        "reviews { path = "
            + quoted(reviews)
            + ", lookback-days = 10, "
            + CSV_OPTIONS
            + "}\n"
            + "events { path = "
            + quoted(events)
            + ", lookback-days = 7, "
            + CSV_OPTIONS
            + "}\n";

    IngestResult defaulted = Ingest.load(spark, fromInputsBlock(inputs), Optional.empty());
    IngestResult given =
        Ingest.load(spark, fromInputsBlock(inputs), Optional.of(LocalDate.of(2025, 9, 21)));

    assertEquals(LocalDate.of(2025, 9, 30), defaulted.runDate());
    assertEquals(
        List.of("r3", "r4"),
        defaulted
            .reviewsInWindow()
            .orderBy("review_id")
            .select("review_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    assertEquals("2", defaulted.reviewsSummary().details().get("in_window"));
    assertEquals(1L, defaulted.eventsInWindow().count());
    assertEquals("s2", defaulted.eventsInWindow().first().getString(0));
    assertEquals(3L, defaulted.events().count());
    assertEquals(LocalDate.of(2025, 9, 21), given.runDate());
    assertEquals(
        List.of("r2", "r3"),
        given
            .reviewsInWindow()
            .orderBy("review_id")
            .select("review_id")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList());
    assertEquals(4L, given.reviews().count());
  }

  @Test
  void eventsWithoutWindowKeepAll() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.of(LocalDate.of(2030, 1, 1)));

    assertEquals(2L, result.eventsInWindow().count());
    assertEquals("2", result.eventsSummary().details().get("in_window"));
    assertEquals(0L, result.reviewsInWindow().count());
  }

  @Test
  void basketLinesNumberedByLine() throws IOException {
    Path baskets = write("baskets.txt", "85123A,71053, 84406B\n22633,22632\n\n84879\n");
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", "
                + CSV_OPTIONS
                + "}\n"
                + "events { path = "
                + quoted(baskets)
                + ", format = basket-lines }\n");

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Map<String, String> details = result.eventsSummary().details();
    assertEquals("4", details.get("rows_read"));
    assertEquals("3", details.get("accepted"));
    assertEquals("1", details.get("quarantined"));
    assertEquals("6", details.get("basket_line_events"));
    List<Row> events = result.events().orderBy("basket_id", "product_id").collectAsList();
    assertEquals(6, events.size());
    assertEquals("1", events.get(0).getString(0));
    assertEquals("71053", events.get(0).getString(2));
    assertEquals("84406B", events.get(1).getString(2));
    assertEquals("4", events.get(5).getString(0));
    assertEquals("84879", events.get(5).getString(2));
    assertTrue(events.get(0).isNullAt(1));
    assertTrue(events.get(0).isNullAt(6), "basket lines carry no category");
    Row blank = result.quarantine().where("input = 'events'").first();
    assertEquals("blank basket line: no item codes", blank.getString(4));
    assertEquals(6L, result.eventsInWindow().count());
  }

  @Test
  void missingPathFailsFast() throws IOException {
    Path absent = folder.resolve("nowhere/reviews-*.csv");
    IngestSettings settings =
        fromInputsBlock("reviews { path = " + quoted(absent) + "}\n" + simpleEvents());

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Ingest.load(spark, settings, Optional.empty()));

    assertTrue(error.getMessage().contains(absent.toString()), error.getMessage());
    assertTrue(
        error.getMessage().contains("hot-topic-miner.inputs.reviews.path"), error.getMessage());
  }

  @Test
  void missingColumnListsAvailable() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", columns.text = reviewText, "
                + CSV_OPTIONS
                + "}\n"
                + simpleEvents());

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Ingest.load(spark, settings, Optional.empty()));

    assertTrue(error.getMessage().contains("'reviewText'"), error.getMessage());
    assertTrue(
        error.getMessage().contains("hot-topic-miner.inputs.reviews.columns.text"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("[review_id, product_id, review_text, rating, review_time]"),
        error.getMessage());
  }

  @Test
  void noAcceptedReviewNeedsRunDate() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,,5,2025-09-01 10:00:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());

    InvalidInputException error =
        assertThrows(
            InvalidInputException.class, () -> Ingest.load(spark, settings, Optional.empty()));

    assertTrue(error.getMessage().contains("hot-topic-miner.run-date"), error.getMessage());
  }

  @Test
  void ingestRestoresSessionTimeZone() throws IOException {
    Path reviews = write("reviews.csv", REVIEWS_HEADER + "r1,p1,Good,5,2025-09-01 23:30:00\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = " + quoted(reviews) + ", " + CSV_OPTIONS + "}\n" + simpleEvents());
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    IngestResult result;
    try {
      result = Ingest.load(spark, settings, Optional.empty());
      assertEquals("America/New_York", spark.conf().get("spark.sql.session.timeZone"));
    } finally {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
    }

    Row row = result.reviews().first();
    assertEquals(Timestamp.from(Instant.parse("2025-09-01T23:30:00Z")), row.getTimestamp(4));
    assertEquals(java.sql.Date.valueOf("2025-09-01"), row.getDate(5));
  }

  @Test
  void isoTimesWithAndWithoutZone() throws IOException {
    Path reviews =
        write(
            "reviews.csv",
            REVIEWS_HEADER
                + "r1,p1,Good,5,2025-09-01T10:00:00Z\n"
                + "r2,p1,Good,5,2025-09-01T12:00:00+02:00\n"
                + "r3,p1,Good,5,2025-09-01 10:00:00\n"
                + "r4,p1,Good,5,Sept 1 2025\n");
    IngestSettings settings =
        fromInputsBlock(
            "reviews { path = "
                + quoted(reviews)
                + ", time-format = iso, "
                + CSV_OPTIONS
                + "}\n"
                + simpleEvents());

    IngestResult result = Ingest.load(spark, settings, Optional.empty());

    Timestamp expected = Timestamp.from(Instant.parse("2025-09-01T10:00:00Z"));
    List<Row> accepted = result.reviews().orderBy("review_id").collectAsList();
    assertEquals(3, accepted.size());
    for (Row row : accepted) {
      assertEquals(expected, row.getTimestamp(4), row.getString(0));
    }
    assertEquals(
        "unparseable time 'Sept 1 2025' for time-format iso",
        result.quarantine().first().getString(4));
  }
}
