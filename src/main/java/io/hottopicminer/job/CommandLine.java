package io.hottopicminer.job;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed command line. The syntax is kept stable because scripts, Airflow DAGs and checks depend on
 * it:
 *
 * <pre>
 * hot-topic-miner [COMMAND] [--config FILE] [--run-date YYYY-MM-DD] [--set key=value]... [ARGS]
 * </pre>
 *
 * <p>COMMAND is {@code run} (the default), {@code train}, {@code evaluate-sentiment}, {@code
 * import-model}, {@code sql} or {@code generate-sample}. Remaining positional arguments go to the
 * command (the SQL statement, the sample output folder, or the evaluation report file).
 */
public record CommandLine(
    String command,
    Optional<String> configFile,
    Optional<LocalDate> runDate,
    List<String> overrides,
    List<String> arguments,
    boolean help,
    Optional<String> sqlFile,
    String sqlFormat) {

  static final Set<String> COMMANDS =
      Set.of("run", "train", "evaluate-sentiment", "import-model", "sql", "generate-sample");

  static final String USAGE =
      String.join(
          "\n",
          "Usage: hot-topic-miner [COMMAND] [OPTIONS] [ARGS]",
          "",
          "Commands:",
          "  run               run every stage for one run date and write the tables (default)",
          "  train             import the embedding model if needed and train the sentiment head",
          "  evaluate-sentiment [REPORT.md]  train on older reviews, report on newer ones; write",
          "                    the markdown report to REPORT.md when given",
          "  import-model      import the bge-small-en-v1.5 ONNX model into the lake's models path",
          "  sql STATEMENT     run one Spark SQL statement against the lake catalog, print CSV",
          "  generate-sample DIR  write the bundled sample reviews and events into DIR",
          "",
          "Options:",
          "  --config FILE         configuration file (HOCON); defaults come from reference.conf",
          "  --run-date YYYY-MM-DD run date; default: the latest review date in the input",
          "  --set KEY=VALUE       override one setting; KEY may omit the 'hot-topic-miner.'"
              + " prefix",
          "  --file FILE           (sql) read the statement from FILE",
          "  --format csv|table    (sql) output format, default csv",
          "  --help                print this text",
          "",
          "Exit codes: 0 success, 2 invalid configuration or input, 1 any other failure.");

  /** Parses {@code args}; throws {@link UsageException} with a message naming the bad argument. */
  public static CommandLine parse(String[] args) {
    String command = "run";
    Optional<String> configFile = Optional.empty();
    Optional<LocalDate> runDate = Optional.empty();
    Optional<String> sqlFile = Optional.empty();
    String sqlFormat = "csv";
    List<String> overrides = new ArrayList<>();
    List<String> arguments = new ArrayList<>();
    boolean help = false;
    int i = 0;
    if (args.length > 0 && COMMANDS.contains(args[0])) {
      command = args[0];
      i = 1;
    }
    for (; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--config" -> configFile = Optional.of(value(args, ++i, arg));
        case "--run-date" -> runDate = Optional.of(date(value(args, ++i, arg)));
        case "--set" -> overrides.add(override(value(args, ++i, arg)));
        case "--file" -> sqlFile = Optional.of(value(args, ++i, arg));
        case "--format" -> sqlFormat = format(value(args, ++i, arg));
        default -> {
          if (arg.startsWith("--config=")) {
            configFile = Optional.of(arg.substring("--config=".length()));
          } else if (arg.startsWith("--run-date=")) {
            runDate = Optional.of(date(arg.substring("--run-date=".length())));
          } else if (arg.startsWith("--set=")) {
            overrides.add(override(arg.substring("--set=".length())));
          } else if (arg.startsWith("--")) {
            throw new UsageException("Unknown option " + arg + ". Run with --help for the list.");
          } else {
            arguments.add(arg);
          }
        }
      }
    }
    return new CommandLine(
        command,
        configFile,
        runDate,
        List.copyOf(overrides),
        List.copyOf(arguments),
        help,
        sqlFile,
        sqlFormat);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new UsageException("Option " + option + " needs a value. Run with --help for usage.");
    }
    return args[index];
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "Invalid --run-date '" + text + "'; expected a date YYYY-MM-DD, for example 2025-09-30.");
    }
  }

  private static String override(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      throw new UsageException(
          "Invalid --set '" + text + "'; expected KEY=VALUE, for example --set topics.k=12.");
    }
    return text;
  }

  private static String format(String text) {
    if (!text.equals("csv") && !text.equals("table")) {
      throw new UsageException("Invalid --format '" + text + "'; expected csv or table.");
    }
    return text;
  }

  /** Malformed command line; the job prints the message and exits with code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
