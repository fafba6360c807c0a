package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hottopicminer.config.ConfigLoader;
import io.hottopicminer.job.CommandLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks the example Airflow DAG without Airflow: python3 parses the file, and the arguments its
 * SparkSubmitOperator passes to the job are accepted by the job's own command-line parser.
 */
class AirflowDagTest {
  private static final Path DAG =
      Path.of(System.getProperty("project.basedir", "."))
          .resolve("submit")
          .resolve("airflow")
          .resolve("hot_topic_miner_dag.py");

  /** Prints the literal application_args list of the DAG file as JSON. */
  private static final String EXTRACT_ARGS =
      String.join(
          "\n",
          "import ast, json, sys",
          "tree = ast.parse(open(sys.argv[1]).read())",
          "found = [ast.literal_eval(k.value) for node in ast.walk(tree)",
          "         if isinstance(node, ast.Call) for k in node.keywords",
          "         if k.arg == 'application_args']",
          "print(json.dumps(found))");

  @Test
  void dagArgumentsParse() throws Exception {
    List<List<String>> found = applicationArgs();
    assertEquals(1, found.size(), "application_args lists in the DAG: " + found);

    // Airflow renders {{ ds }} as the logical date, YYYY-MM-DD.
    String[] args =
        found.get(0).stream()
            .map(arg -> arg.replace("{{ ds }}", "2025-09-30"))
            .toArray(String[]::new);
    CommandLine cli = CommandLine.parse(args);
    assertEquals("run", cli.command());
    assertEquals(Optional.of(LocalDate.of(2025, 9, 30)), cli.runDate());
    assertEquals(Optional.of("cluster.conf"), cli.configFile());
    assertTrue(cli.arguments().isEmpty(), "stray arguments: " + cli.arguments());

    // load() rejects a --set key that reference.conf does not define.
    ConfigLoader.load(Optional.empty(), cli.overrides());
  }

  @Test
  void dagSchedulesDailyWithRetries() throws IOException {
    String dag = Files.readString(DAG, StandardCharsets.UTF_8);
    assertTrue(dag.contains("schedule=\"@daily\""), "DAG should run daily");
    assertTrue(dag.contains("\"retries\": 2"), "DAG should retry failed runs");
    assertTrue(dag.contains("java_class=\"io.hottopicminer.job.HotTopicJob\""), "main class");
  }

  private static List<List<String>> applicationArgs() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(DAG), "DAG file missing: " + DAG);
    Process python;
    try {
      python =
          new ProcessBuilder("python3", "-c", EXTRACT_ARGS, DAG.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not installed: " + e.getMessage());
      throw e;
    }
    assertTrue(python.waitFor(30, TimeUnit.SECONDS), "python3 timed out");
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, python.exitValue(), "python3 could not parse the DAG:\n" + output);
    return new ObjectMapper()
        .readValue(
            output, new com.fasterxml.jackson.core.type.TypeReference<List<List<String>>>() {});
  }
}
