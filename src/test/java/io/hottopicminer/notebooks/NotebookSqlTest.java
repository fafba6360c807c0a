package io.hottopicminer.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.lake.LakeSettings;
import io.hottopicminer.testing.Notebooks;
import io.hottopicminer.testing.SmallLake;
import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Runs every SQL statement of notebooks/ against the fixture lake, with its parameters bound. */
class NotebookSqlTest {
  private static final Map<String, Object> VALUES =
      Map.of(
          "run_date", Date.valueOf(SmallLake.RUN_DATE),
          "top", 10,
          "topic", 0,
          "limit", 20,
          "product_id", "EB-201");

  @Test
  void notebooksHaveStatements() throws Exception {
    List<Path> files = Notebooks.files();
    assertEquals(3, files.size(), files.toString());
    for (Path file : files) {
      assertTrue(Notebooks.statements(file).size() >= 4, "too few SQL statements in " + file);
    }
  }

  @Test
  void notebookStatementsReturnRows() throws Exception {
    SparkSession spark = SparkTestSession.get();
    LakeSettings lake = SmallLake.shared();
    spark.sql("USE " + lake.catalogName() + "." + lake.namespace());
    List<String> empty = new ArrayList<>();
    int statements = 0;
    for (Path file : Notebooks.files()) {
      for (Notebooks.Statement statement : Notebooks.statements(file)) {
        List<Row> rows = spark.sql(statement.sql(), statement.arguments(VALUES)).collectAsList();
        statements++;
        if (rows.isEmpty()) {
          empty.add(statement.notebook() + ":\n" + statement.sql());
        }
      }
    }
    assertEquals(13, statements);
    assertFalse(!empty.isEmpty(), "statements without rows:\n" + String.join("\n\n", empty));
  }
}
