package io.hottopicminer.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Ordered list of rejection rules for one input. The first rule whose condition is true gives a row
 * its quarantine reason and column name, and rows that match no rule are accepted.
 */
final class RowChecks {
  /** Column of the quarantine reason, null for accepted rows. */
  static final String REASON = "_ingest_reason";

  /** Column of the source column name the reason is about, null when it is about the whole row. */
  static final String REASON_COLUMN = "_ingest_reason_column";

  // Epoch values at or above these bounds (about the year 5138) overflow Spark's microseconds.
  private static final double MAX_EPOCH_SECONDS = 1e11;
  private static final double MAX_EPOCH_MILLIS = 1e14;

  private record Rule(Column condition, String columnName, Column reason) {}

  private final List<Rule> rules = new ArrayList<>();

  /** Adds a rule; {@code columnName} may be null when the reason is about the whole row. */
  RowChecks reject(Column condition, String columnName, Column reason) {
    rules.add(new Rule(condition, columnName, reason));
    return this;
  }

  RowChecks reject(Column condition, String columnName, String reason) {
    return reject(condition, columnName, lit(reason));
  }

  /** Returns the reason column: the first matching rule's reason, else null. */
  Column reason() {
    Column chain = null;
    for (Rule rule : rules) {
      chain =
          chain == null
              ? when(rule.condition, rule.reason)
              : chain.when(rule.condition, rule.reason);
    }
    return chain == null ? lit(null).cast(DataTypes.StringType) : chain;
  }

  /** Returns the column-name column: the first matching rule's column name, else null. */
  Column reasonColumn() {
    Column chain = null;
    for (Rule rule : rules) {
      Column name = lit(rule.columnName).cast(DataTypes.StringType);
      chain = chain == null ? when(rule.condition, name) : chain.when(rule.condition, name);
    }
    return chain == null ? lit(null).cast(DataTypes.StringType) : chain;
  }

  /** Returns true where the string column is null, empty or only whitespace. */
  static Column blank(String column) {
    return col(column).isNull().or(trim(col(column)).equalTo(""));
  }

  /** Returns the column as a trimmed string, with blank values as null. */
  static Column trimmedText(Column source) {
    Column text = trim(source.cast(DataTypes.StringType));
    return when(text.equalTo(""), lit(null).cast(DataTypes.StringType)).otherwise(text);
  }

  /**
   * Parses the trimmed string column {@code rawColumn} as a UTC timestamp, giving null where the
   * value does not fit {@code timeFormat}. Sources already typed as date or timestamp are cast.
   */
  static Column parseTime(
      String rawColumn, Column typedSource, DataType sourceType, String format) {
    if (sourceType.equals(DataTypes.TimestampType)
        || sourceType.equals(DataTypes.TimestampNTZType)
        || sourceType.equals(DataTypes.DateType)) {
      return typedSource.cast(DataTypes.TimestampType);
    }
    Column raw = col(rawColumn);
    switch (format) {
      case IngestSettings.EPOCH_SECONDS:
        {
          Column seconds = expr("try_cast(" + rawColumn + " AS DECIMAL(24, 6))");
          return when(abs(seconds).lt(MAX_EPOCH_SECONDS), timestamp_seconds(seconds));
        }
      case IngestSettings.EPOCH_MILLIS:
        {
          Column millis = expr("try_cast(" + rawColumn + " AS DECIMAL(24, 6))");
          return when(abs(millis).lt(MAX_EPOCH_MILLIS), timestamp_seconds(millis.divide(1000)));
        }
      case IngestSettings.ISO:
        return expr("try_cast(" + rawColumn + " AS TIMESTAMP)");
      default:
        return udf(new TimePattern(format), DataTypes.TimestampType).apply(raw);
    }
  }

  /** Formats a rating bound without a trailing ".0" for whole numbers, as in "1..5". */
  static String formatBound(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
