package io.hottopicminer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reads the column lists of docs/TABLES.md, so tests can compare them with real schemas. */
public final class TablesDoc {
  private static final Pattern HEADING = Pattern.compile("^#{2,3} (?:Table|View) `(\\w+)`");
  private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| `([^`]+)` \\|");

  private TablesDoc() {}

  /** Column name and Spark SQL type as {@code DataType.simpleString()} prints it. */
  public record Column(String name, String type) {}

  /** Returns the documented columns of every table and view, by name, in document order. */
  public static Map<String, List<Column>> read() {
    Path file = JobProcess.projectDir().resolve("docs").resolve("TABLES.md");
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<Column>> tables = new LinkedHashMap<>();
    List<Column> current = null;
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (heading.find()) {
        current = new ArrayList<>();
        tables.put(heading.group(1), current);
        continue;
      }
      if (line.startsWith("#")) {
        current = null;
      }
      Matcher row = ROW.matcher(line);
      if (current != null && row.find()) {
        current.add(new Column(row.group(1), row.group(2)));
      }
    }
    return tables;
  }

  /** Returns the columns of {@code schema} in the form the document uses. */
  public static List<Column> columns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(new Column(field.name(), field.dataType().simpleString()));
    }
    return columns;
  }
}
