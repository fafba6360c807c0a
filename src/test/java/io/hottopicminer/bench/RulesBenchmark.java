package io.hottopicminer.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.rules.RuleResult;
import io.hottopicminer.rules.RuleSettings;
import io.hottopicminer.rules.RuleStage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Runs the rules stage once on a public basket data set at one minimum support and appends one
 * tab-separated result line to a file. bench/rules/run.sh starts it in a fresh JVM per setting so
 * that peak memory belongs to one run.
 *
 * <p>Arguments: data set ({@code uci} or {@code instacart}), minimum support, data folder, result
 * file. UCI runs take the rules settings of {@code conf/musical-instruments-uci.conf}, Instacart
 * runs those of reference.conf, each with the given minimum support.
 *
 * <p>Result columns: data set, min_support, status (ok, or rejected with the explosion guard's
 * frequent item count), stage seconds, baskets, frequent items, frequent itemsets, rules found,
 * redundant rules removed, rules kept, peak RSS MiB (VmHWM of /proc/self/status at the end) and
 * peak JVM heap used MiB (sum of the peak usage of the heap memory pools).
 */
public final class RulesBenchmark {
  private RulesBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "expected arguments: uci|instacart MIN_SUPPORT DATA_FOLDER RESULT_FILE, got "
              + List.of(args));
    }
    String dataSet = args[0];
    double minSupport = Double.parseDouble(args[1]);
    Path data = Path.of(args[2]);
    Path resultFile = Path.of(args[3]);

    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("rules-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    String line;
    try {
      Dataset<Row> events = loadEvents(spark, dataSet, data).cache();
      events.count();
      RuleSettings settings = settings(dataSet, minSupport);
      line = run(spark, settings, events, dataSet, minSupport);
    } finally {
      spark.stop();
    }
    line += "\t" + peakRssMib() + "\t" + peakHeapMib();
    Files.writeString(
        resultFile,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String run(
      SparkSession spark,
      RuleSettings settings,
      Dataset<Row> events,
      String dataSet,
      double minSupport) {
    long start = System.nanoTime();
    String prefix = dataSet + "\t" + minSupport;
    try {
      RuleResult result = RuleStage.mine(spark, settings, events);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, String> details = result.summary().details();
      return String.join(
          "\t",
          prefix,
          "ok",
          String.format(Locale.ROOT, "%.1f", seconds),
          details.get("baskets"),
          details.get("frequent_items"),
          details.get("frequent_itemsets"),
          details.get("rules_found"),
          details.get("redundant_rules_removed"),
          details.get("rules"));
    } catch (InvalidConfigException e) {
      double seconds = (System.nanoTime() - start) / 1e9;
      String frequentItems = e.getMessage().replaceAll("(?s).*because (\\d+) single items.*", "$1");
      return String.join(
          "\t",
          prefix,
          "rejected",
          String.format(Locale.ROOT, "%.1f", seconds),
          "",
          frequentItems,
          "",
          "",
          "",
          "");
    }
  }

  /** Returns events in the accepted-events contract: one purchase per basket and item. */
  private static Dataset<Row> loadEvents(SparkSession spark, String dataSet, Path data) {
    if (dataSet.equals("uci")) {
      // One invoice per line, comma-separated stock codes, no header. The ids are materialized
      // before the explode, because Spark would otherwise give every exploded row its own id.
      Path file = data.resolve("uci_online_retail_baskets/online_retail_baskets.csv");
      Dataset<Row> lines =
          spark
              .read()
              .text(file.toString())
              .withColumn("basket_id", monotonically_increasing_id().cast(DataTypes.StringType))
              .cache();
      return contractEvents(
          lines
              .select(col("basket_id"), explode(split(col("value"), ",")).as("product_id"))
              .withColumn("product_id", trim(col("product_id"))));
    }
    if (dataSet.equals("instacart")) {
      // The last line of the sample is cut off after product_id, so rows without
      // add_to_cart_order are dropped.
      Path file = data.resolve("instacart_sample/order_products__train.csv");
      return contractEvents(
          spark
              .read()
              .option("header", "true")
              .csv(file.toString())
              .filter(col("add_to_cart_order").isNotNull())
              .select(col("order_id").as("basket_id"), col("product_id")));
    }
    throw new IllegalArgumentException(
        "unknown data set '" + dataSet + "', expected uci or instacart");
  }

  private static Dataset<Row> contractEvents(Dataset<Row> basketItems) {
    return basketItems.select(
        col("basket_id"),
        lit(null).cast(DataTypes.StringType).as("user_id"),
        col("product_id"),
        lit("purchase").as("event_type"),
        lit(null).cast(DataTypes.TimestampType).as("event_time"),
        lit(null).cast(DataTypes.DateType).as("event_date"));
  }

  private static RuleSettings settings(String dataSet, double minSupport) {
    Config user = ConfigFactory.empty();
    if (dataSet.equals("uci")) {
      Path conf = Path.of("conf/musical-instruments-uci.conf");
      user =
          ConfigFactory.parseFile(
              conf.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
    Config config =
        user.withValue(
                "hot-topic-miner.rules.min-support", ConfigValueFactory.fromAnyRef(minSupport))
            .withFallback(ConfigFactory.parseResources("reference.conf"))
            .resolve();
    return RuleSettings.from(
        new ConfigReader(config.getConfig("hot-topic-miner.rules"), "hot-topic-miner.rules"));
  }

  /** Returns VmHWM, the peak resident set size of this process, in MiB, or -1 off Linux. */
  private static long peakRssMib() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return kib / 1024;
      }
    }
    return -1;
  }

  private static long peakHeapMib() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }
}
