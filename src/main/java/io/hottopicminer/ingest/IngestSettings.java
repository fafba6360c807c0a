package io.hottopicminer.ingest;

import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the ingest stage, read from the block {@code hot-topic-miner.inputs}: where the
 * reviews and the events are, their file format, reader options and the mapping from source columns
 * to the contract columns.
 */
public record IngestSettings(ReviewInput reviews, EventInput events) {

  /**
   * Time formats with a fixed meaning. Any other value is a datetime pattern, see {@link
   * TimePattern}.
   */
  public static final String EPOCH_SECONDS = "epoch-seconds";

  public static final String EPOCH_MILLIS = "epoch-millis";
  public static final String ISO = "iso";

  /** Events format: a text file with one basket per line, item codes separated by commas. */
  public static final String BASKET_LINES = "basket-lines";

  private static final Set<String> REVIEW_FORMATS = Set.of("csv", "json", "parquet");
  private static final Set<String> EVENT_FORMATS = Set.of("csv", "json", "parquet", BASKET_LINES);
  private static final int MAX_LOOKBACK_DAYS = 36_500;

  /**
   * Location and layout of the reviews input.
   *
   * @param configKey full key of the block, used in error messages
   * @param options Spark reader options, for example header, multiLine, escape, sep
   * @param lookbackDays length of the window of days that ends at the run date
   * @param ratingMin lowest valid rating, below which rows are quarantined
   * @param ratingMax highest valid rating, above which rows are quarantined
   */
  public record ReviewInput(
      String configKey,
      String path,
      String format,
      Map<String, String> options,
      ReviewColumns columns,
      String timeFormat,
      int lookbackDays,
      double ratingMin,
      double ratingMax) {
    public ReviewInput {
      options = Map.copyOf(options);
    }
  }

  /**
   * Source column names of the reviews input.
   *
   * @param reviewId empty to derive the id as SHA-256 of product id, raw time and text
   */
  public record ReviewColumns(
      Optional<String> reviewId, String productId, String text, String rating, String time) {}

  /**
   * Location and layout of the events input.
   *
   * @param configKey full key of the block, used in error messages
   * @param options Spark reader options, for example header, sep
   * @param columns ignored for {@link #BASKET_LINES}, whose basket id is the line number
   * @param lookbackDays length of the window of days that ends at the run date, or empty for all
   *     events
   * @param eventTypes event types to keep, or empty for all
   */
  public record EventInput(
      String configKey,
      String path,
      String format,
      Map<String, String> options,
      EventColumns columns,
      String timeFormat,
      Optional<Integer> lookbackDays,
      List<String> eventTypes) {
    public EventInput {
      options = Map.copyOf(options);
      eventTypes = List.copyOf(eventTypes);
    }
  }

  /**
   * Source column names of the events input; optional columns are empty when not mapped.
   *
   * @param category product category column (category id or path), which the rules stage mines
   *     instead of product ids when {@code hot-topic-miner.rules.item-level = category}
   */
  public record EventColumns(
      String basketId,
      Optional<String> userId,
      String productId,
      Optional<String> eventType,
      Optional<String> time,
      Optional<String> category) {}

  /**
   * Reads and validates the settings from a reader positioned at {@code hot-topic-miner.inputs}.
   */
  public static IngestSettings from(ConfigReader reader) {
    rejectUnknownKeys(reader, Set.of("reviews", "events"));
    return new IngestSettings(
        reviewInput(reader.block("reviews"), reader.fullKey("reviews")),
        eventInput(reader.block("events"), reader.fullKey("events")));
  }

  private static ReviewInput reviewInput(ConfigReader reader, String blockKey) {
    rejectUnknownKeys(
        reader,
        Set.of(
            "path",
            "format",
            "options",
            "columns",
            "time-format",
            "lookback-days",
            "rating-min",
            "rating-max"));
    ConfigReader columnsReader = reader.block("columns");
    rejectUnknownKeys(columnsReader, Set.of("review-id", "product-id", "text", "rating", "time"));
    ReviewColumns columns =
        new ReviewColumns(
            columnsReader.optionalString("review-id"),
            columnsReader.string("product-id"),
            columnsReader.string("text"),
            columnsReader.string("rating"),
            columnsReader.string("time"));
    double ratingMin = reader.doubleBetween("rating-min", 1, 5);
    double ratingMax = reader.doubleBetween("rating-max", 1, 5);
    if (ratingMin > ratingMax) {
      throw new InvalidConfigException(
          reader.fullKey("rating-min"), ratingMin, "a number not above rating-max " + ratingMax);
    }
    return new ReviewInput(
        blockKey,
        reader.string("path"),
        reader.oneOf("format", REVIEW_FORMATS),
        reader.stringMap("options"),
        columns,
        timeFormat(reader),
        reader.intBetween("lookback-days", 1, MAX_LOOKBACK_DAYS),
        ratingMin,
        ratingMax);
  }

  private static EventInput eventInput(ConfigReader reader, String blockKey) {
    rejectUnknownKeys(
        reader,
        Set.of(
            "path", "format", "options", "columns", "time-format", "lookback-days", "event-types"));
    String format = reader.oneOf("format", EVENT_FORMATS);
    ConfigReader columnsReader = reader.block("columns");
    rejectUnknownKeys(
        columnsReader,
        Set.of("basket-id", "user-id", "product-id", "event-type", "time", "category"));
    EventColumns columns =
        new EventColumns(
            columnsReader.string("basket-id"),
            columnsReader.optionalString("user-id"),
            columnsReader.string("product-id"),
            columnsReader.optionalString("event-type"),
            columnsReader.optionalString("time"),
            columnsReader.optionalString("category"));
    List<String> eventTypes = reader.stringList("event-types");
    boolean hasEventTypes = !format.equals(BASKET_LINES) && columns.eventType().isPresent();
    if (!eventTypes.isEmpty() && !hasEventTypes) {
      throw new InvalidConfigException(
          reader.fullKey("event-types"),
          eventTypes,
          "an empty list, because the events input has no event-type column"
              + (format.equals(BASKET_LINES) ? " in format basket-lines" : " mapped"));
    }
    Optional<Integer> lookbackDays =
        reader.has("lookback-days")
            ? Optional.of(reader.intBetween("lookback-days", 1, MAX_LOOKBACK_DAYS))
            : Optional.empty();
    return new EventInput(
        blockKey,
        reader.string("path"),
        format,
        reader.stringMap("options"),
        columns,
        timeFormat(reader),
        lookbackDays,
        eventTypes.stream().map(type -> type.trim().toLowerCase(java.util.Locale.ROOT)).toList());
  }

  private static String timeFormat(ConfigReader reader) {
    String format = reader.string("time-format");
    if (format.equals(EPOCH_SECONDS) || format.equals(EPOCH_MILLIS) || format.equals(ISO)) {
      return format;
    }
    try {
      TimePattern.formatter(format);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          reader.fullKey("time-format"),
          format,
          "epoch-seconds, epoch-millis, iso or a datetime pattern such as"
              + " 'yyyy-MM-dd HH:mm:ss' ("
              + e.getMessage()
              + ")");
    }
    if (!format.contains("y") && !format.contains("u")) {
      throw new InvalidConfigException(
          reader.fullKey("time-format"), format, "a datetime pattern that contains a year (yyyy)");
    }
    return format;
  }

  private static void rejectUnknownKeys(ConfigReader reader, Set<String> known) {
    for (String key : reader.keys()) {
      if (!known.contains(key)) {
        throw new InvalidConfigException(
            reader.fullKey(key),
            "<unknown key>",
            "one of the keys " + new java.util.TreeSet<>(known));
      }
    }
  }
}
