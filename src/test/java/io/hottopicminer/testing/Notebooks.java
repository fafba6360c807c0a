package io.hottopicminer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Extracts the SQL statements of the notebooks in notebooks/. A statement is a triple-quoted
 * string assigned to {@code sql} in a code cell. Its parameters are named markers such as {@code
 * :run_date}, which the notebooks bind with {@code spark.sql(sql, args=params)}.
 */
public final class Notebooks {
  private static final Pattern STATEMENT =
      Pattern.compile("\\bsql = \"\"\"(.*?)\"\"\"", Pattern.DOTALL);
  private static final Pattern MARKER = Pattern.compile("(?<![:\\w]):([a-z_]+)\\b");

  private Notebooks() {}

  /** One SQL statement, the notebook it came from and the names of its parameter markers. */
  public record Statement(String notebook, String sql, List<String> parameters) {
    /** Returns the arguments for {@code spark.sql(sql, args)}, taken from {@code values}. */
    public Map<String, Object> arguments(Map<String, Object> values) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      for (String name : parameters) {
        if (!values.containsKey(name)) {
          throw new AssertionError(notebook + ": no test value for parameter :" + name);
        }
        arguments.put(name, values.get(name));
      }
      return arguments;
    }
  }

  /** Returns the .ipynb files of notebooks/, sorted by name. */
  public static List<Path> files() throws IOException {
    Path folder = JobProcess.projectDir().resolve("notebooks");
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.filter(path -> path.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  /** Returns every statement of {@code notebook} in cell order. */
  public static List<Statement> statements(Path notebook) throws IOException {
    JsonNode root = new ObjectMapper().readTree(notebook.toFile());
    List<Statement> statements = new ArrayList<>();
    for (JsonNode cell : root.get("cells")) {
      if (!cell.get("cell_type").asText().equals("code")) {
        continue;
      }
      StringBuilder source = new StringBuilder();
      cell.get("source").forEach(line -> source.append(line.asText()));
      Matcher statement = STATEMENT.matcher(source);
      while (statement.find()) {
        String sql = statement.group(1).trim();
        List<String> parameters = new ArrayList<>();
        Matcher marker = MARKER.matcher(sql);
        while (marker.find()) {
          if (!parameters.contains(marker.group(1))) {
            parameters.add(marker.group(1));
          }
        }
        statements.add(new Statement(notebook.getFileName().toString(), sql, parameters));
      }
    }
    return statements;
  }
}
