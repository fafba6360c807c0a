package io.hottopicminer.ingest;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Parses times written with a datetime pattern such as {@code yyyy-MM-dd HH:mm:ss z}, following the
 * rules of Spark's own parser for the common letters: strict dates, case-insensitive names, 'y'
 * read as the proleptic year, times without a zone read as UTC, and a missing time of day as
 * midnight.
 *
 * <p>Spark's {@code to_timestamp} is not used because under its default
 * spark.sql.legacy.timeParserPolicy (EXCEPTION, Spark 3.5) a value such as "2019-10-1" that only
 * the pre-3.0 parser accepts fails the whole job instead of yielding null for the quarantine.
 */
final class TimePattern implements UDF1<String, Timestamp> {
  private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

  private final String pattern;

  TimePattern(String pattern) {
    this.pattern = pattern;
  }

  /**
   * Builds the formatter for {@code pattern}.
   *
   * @throws IllegalArgumentException when the pattern is invalid
   */
  static DateTimeFormatter formatter(String pattern) {
    // Like Spark, read 'y' as the proleptic year 'u' unless the pattern has an era, so that strict
    // resolution needs no era field.
    String proleptic = pattern.contains("G") ? pattern : pattern.replace('y', 'u');
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(proleptic)
        .toFormatter(Locale.US)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  /** Returns the instant {@code text} stands for, or null when it does not match the pattern. */
  static Instant parse(DateTimeFormatter formatter, String text) {
    try {
      TemporalAccessor parsed = formatter.parse(text);
      if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
        return Instant.from(parsed);
      }
      LocalDate date = parsed.query(TemporalQueries.localDate());
      if (date == null) {
        return null;
      }
      LocalTime time = parsed.query(TemporalQueries.localTime());
      ZoneId zone = parsed.query(TemporalQueries.zone());
      return date.atTime(time == null ? LocalTime.MIDNIGHT : time)
          .atZone(zone == null ? ZoneOffset.UTC : zone)
          .toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  @Override
  public Timestamp call(String text) {
    if (text == null) {
      return null;
    }
    Instant instant = parse(FORMATTERS.computeIfAbsent(pattern, TimePattern::formatter), text);
    return instant == null ? null : Timestamp.from(instant);
  }
}
