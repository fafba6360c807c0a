package io.hottopicminer.job;

import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Runs one SQL statement against the lake catalog with the output namespace as the current one. */
final class SqlCommand {
  private final SparkSession spark;
  private final JobSettings settings;
  private final PrintStream out;

  SqlCommand(SparkSession spark, JobSettings settings, PrintStream out) {
    this.spark = spark;
    this.settings = settings;
    this.out = out;
  }

  int execute(CommandLine cli) {
    String statement = statement(cli);
    new io.hottopicminer.lake.Lake(spark, settings.lake()).prepare();
    spark.sql("USE " + settings.lake().catalogName() + "." + settings.lake().namespace());
    Dataset<Row> result = spark.sql(statement);
    List<Row> rows = SparkJobs.named(spark, "sql", "collect query result", result::collectAsList);
    if (cli.sqlFormat().equals("table")) {
      TablePrinter.printTable(out, result.columns(), rows);
    } else {
      TablePrinter.printCsv(out, result.columns(), rows);
    }
    return HotTopicJob.EXIT_OK;
  }

  private static String statement(CommandLine cli) {
    if (cli.sqlFile().isPresent()) {
      if (!cli.arguments().isEmpty()) {
        throw new CommandLine.UsageException("Pass either --file or a statement, not both");
      }
      Path file = Path.of(cli.sqlFile().get());
      try {
        return Files.readString(file).trim().replaceAll(";\\s*$", "");
      } catch (IOException e) {
        throw new InvalidConfigException(
            "--file", file, "a readable file holding one SQL statement");
      }
    }
    if (cli.arguments().size() != 1) {
      throw new CommandLine.UsageException(
          "sql needs exactly one statement in quotes, for example: sql \"SELECT * FROM"
              + " hot_topics\"");
    }
    return cli.arguments().get(0);
  }
}
