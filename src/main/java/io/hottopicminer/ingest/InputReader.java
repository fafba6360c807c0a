package io.hottopicminer.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one CSV, JSON lines or Parquet input as it is, with two extra columns: the raw text of rows
 * the reader could not parse and the source file name. Columns are read as strings from CSV and
 * JSON, so that bad values reach the quarantine instead of failing or turning null.
 */
final class InputReader {
  static final String CORRUPT_RECORD = "_ingest_corrupt_record";
  static final String SOURCE_FILE = "_ingest_source_file";

  private InputReader() {}

  /**
   * Raw rows of one input.
   *
   * @param rows source columns plus {@link #CORRUPT_RECORD} and {@link #SOURCE_FILE}
   * @param sourceColumns the source column names, in file order
   * @param record raw text of each row: the corrupt record, else the row re-joined or as JSON
   */
  record RawInput(Dataset<Row> rows, List<String> sourceColumns, Column record) {

    /**
     * Returns the column mapped by {@code configKey}, matching the name exactly or, failing that,
     * ignoring case.
     *
     * @throws InvalidInputException when the input has no such column
     */
    Column column(String name, String configKey, String path) {
      if (sourceColumns.contains(name)) {
        return col(quote(name));
      }
      List<String> caseInsensitive =
          sourceColumns.stream().filter(column -> column.equalsIgnoreCase(name)).toList();
      if (caseInsensitive.size() == 1) {
        return col(quote(caseInsensitive.get(0)));
      }
      throw new InvalidInputException(
          "Column '"
              + name
              + "' set in "
              + configKey
              + " was not found in "
              + path
              + "; available columns: "
              + sourceColumns
              + ". Fix the column mapping or the reader options (for example header = \"true\").");
    }
  }

  /** Reads {@code path} in {@code format} (csv, json or parquet) with the Spark reader options. */
  static RawInput read(
      SparkSession spark,
      String inputName,
      String pathKey,
      String path,
      String format,
      Map<String, String> options) {
    requireExistingPath(spark, pathKey, path);
    return switch (format) {
      case "csv" -> readCsv(spark, inputName, path, options);
      case "json" -> readJson(spark, inputName, path, options);
      case "parquet" -> readParquet(spark, inputName, path, options);
      default -> throw new IllegalArgumentException("unsupported format " + format);
    };
  }

  /**
   * Fails when {@code path} (a file, folder or glob) matches nothing.
   *
   * @throws InvalidInputException naming the path and its config key
   */
  static void requireExistingPath(SparkSession spark, String pathKey, String path) {
    Path hadoopPath = new Path(path);
    FileStatus[] matches;
    try {
      FileSystem fileSystem = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      matches = fileSystem.globStatus(hadoopPath);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "Failed to list input path " + path + " set in " + pathKey + ": " + e.getMessage(), e);
    }
    if (matches == null || matches.length == 0) {
      throw new InvalidInputException(
          "Input path not found: "
              + path
              + " (set in "
              + pathKey
              + "). Check the path, or generate the bundled sample with generate-sample.");
    }
  }

  private static RawInput readCsv(
      SparkSession spark, String inputName, String path, Map<String, String> options) {
    Map<String, String> readerOptions = withoutParseModeOptions(options);
    // Every column is read as a string, so inferring types would only cost a pass over the data.
    readerOptions.keySet().removeIf(key -> key.equalsIgnoreCase("inferSchema"));
    StructType header =
        SparkJobs.named(
            spark,
            "ingest",
            "read " + inputName + " header",
            () -> spark.read().options(readerOptions).csv(path).schema());
    List<String> sourceColumns = Arrays.asList(header.fieldNames());
    // A user schema with a corrupt-record column makes PERMISSIVE mode keep the raw text of rows
    // with
    // too few or too many fields. Without it, Spark pads or cuts such rows silently.
    List<StructField> fields = new ArrayList<>();
    for (String name : sourceColumns) {
      fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    Dataset<Row> rows =
        spark
            .read()
            .options(readerOptions)
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
            .schema(DataTypes.createStructType(fields))
            .csv(path)
            .withColumn(SOURCE_FILE, input_file_name());
    String separator = csvSeparator(readerOptions);
    Column[] fieldTexts =
        sourceColumns.stream()
            .map(name -> coalesce(col(quote(name)), lit("")))
            .toArray(Column[]::new);
    Column record = coalesce(col(CORRUPT_RECORD), concat_ws(separator, fieldTexts));
    return new RawInput(rows, sourceColumns, record);
  }

  private static RawInput readJson(
      SparkSession spark, String inputName, String path, Map<String, String> options) {
    Map<String, String> readerOptions = withoutParseModeOptions(options);
    // Strings keep "4 stars" or "2019-10-01" as they are, so the checks below can quarantine them.
    readerOptions.putIfAbsent("primitivesAsString", "true");
    readerOptions.put("mode", "PERMISSIVE");
    readerOptions.put("columnNameOfCorruptRecord", CORRUPT_RECORD);
    StructType inferred =
        SparkJobs.named(
            spark,
            "ingest",
            "infer " + inputName + " JSON schema",
            () -> spark.read().options(readerOptions).json(path).schema());
    List<String> sourceColumns =
        Arrays.stream(inferred.fieldNames()).filter(name -> !name.equals(CORRUPT_RECORD)).toList();
    StructType schema =
        inferred.getFieldIndex(CORRUPT_RECORD).isDefined()
            ? inferred
            : inferred.add(CORRUPT_RECORD, DataTypes.StringType, true);
    Dataset<Row> rows =
        spark
            .read()
            .options(readerOptions)
            .schema(schema)
            .json(path)
            .withColumn(SOURCE_FILE, input_file_name());
    return new RawInput(rows, sourceColumns, recordAsJson(sourceColumns));
  }

  private static RawInput readParquet(
      SparkSession spark, String inputName, String path, Map<String, String> options) {
    Dataset<Row> parquet =
        SparkJobs.named(
            spark,
            "ingest",
            "read " + inputName + " Parquet schema",
            () -> spark.read().options(options).parquet(path));
    List<String> sourceColumns = Arrays.asList(parquet.columns());
    // Parquet has no row-level parse errors, so the corrupt-record column is always null.
    Dataset<Row> rows =
        parquet
            .withColumn(CORRUPT_RECORD, lit(null).cast(DataTypes.StringType))
            .withColumn(SOURCE_FILE, input_file_name());
    return new RawInput(rows, sourceColumns, recordAsJson(sourceColumns));
  }

  private static Column recordAsJson(List<String> sourceColumns) {
    if (sourceColumns.isEmpty()) {
      return col(CORRUPT_RECORD);
    }
    Column[] fields = sourceColumns.stream().map(name -> col(quote(name))).toArray(Column[]::new);
    return coalesce(col(CORRUPT_RECORD), to_json(struct(fields)));
  }

  /** Copies the options without those that would hide malformed rows from the quarantine. */
  private static Map<String, String> withoutParseModeOptions(Map<String, String> options) {
    Map<String, String> copy = new HashMap<>(options);
    copy.keySet()
        .removeIf(
            key ->
                key.equalsIgnoreCase("mode") || key.equalsIgnoreCase("columnNameOfCorruptRecord"));
    return copy;
  }

  private static String csvSeparator(Map<String, String> options) {
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey().toLowerCase(Locale.ROOT);
      if (key.equals("sep") || key.equals("delimiter")) {
        return option.getValue();
      }
    }
    return ",";
  }

  /** Quotes a column name for {@code col()}, so names with dots or spaces resolve as one column. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
