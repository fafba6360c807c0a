package io.hottopicminer.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.lake.Lake;
import io.hottopicminer.lake.LakeSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-contained HTML report of one run. It shows the ranked hot topics with their score
 * components. For each of the top topics it adds a trend chart of daily volume and negative share,
 * the top terms and top products, the association rules that contain those products and example
 * reviews.
 *
 * <p>The report collects only a few hundred rows to the driver, so it fits any lake size.
 */
public final class RunReport {
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);
  private static final String STAGE = "report";

  /** Topics that get a detail section with a chart; the ranking table lists every topic. */
  public static final int DETAILED_TOPICS = 5;

  /** Days of topic_daily shown in each chart, ending on the run date. */
  public static final int CHART_DAYS = 42;

  /** Rules listed per topic, highest lift first. */
  public static final int RULES_PER_TOPIC = 5;

  /** Review texts longer than this many characters are cut and end with an ellipsis. */
  public static final int MAX_REVIEW_CHARS = 600;

  /** Stage outputs of one run date that the report reads; extra columns are ignored. */
  public record Tables(
      Dataset<Row> hotTopics,
      Dataset<Row> topics,
      Dataset<Row> topicDaily,
      Dataset<Row> scoredReviews,
      Dataset<Row> rules) {

    /** Returns the rows of {@code runDate} from the tables in {@code lake}. */
    public static Tables fromLake(SparkSession spark, LakeSettings lake, LocalDate runDate) {
      Column sameRun = col(Lake.RUN_DATE).equalTo(lit(Date.valueOf(runDate)));
      return new Tables(
          spark.table(lake.table("hot_topics")).where(sameRun),
          spark.table(lake.table("topics")).where(sameRun),
          spark.table(lake.table("topic_daily")).where(sameRun),
          spark.table(lake.table("scored_reviews")).where(sameRun),
          spark.table(lake.table("association_rules")).where(sameRun));
    }
  }

  private RunReport() {}

  /**
   * Renders the report of {@code runDate} and writes it to {@code
   * <lake root>/reports/run_date=<runDate>/report.html} through the Hadoop file system of the lake
   * root, replacing an earlier report of the same date. Returns the fully qualified path.
   *
   * @param recentDays length of the ranking's recent window, shaded in the charts
   */
  public static String write(
      SparkSession spark, LakeSettings lake, LocalDate runDate, int recentDays) {
    long started = System.nanoTime();
    String html = render(spark, Tables.fromLake(spark, lake, runDate), runDate, recentDays);
    Path path = new Path(lake.root(), "reports/" + Lake.RUN_DATE + "=" + runDate + "/report.html");
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream stream = fs.create(path, true)) {
        stream.write(html.getBytes(StandardCharsets.UTF_8));
      }
      String written = fs.makeQualified(path).toString();
      LOG.info(
          "report: wrote {} characters to {} in {} s",
          html.length(),
          written,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the run report to " + path, e);
    }
  }

  /** Collects what the report shows from {@code tables} and returns the HTML page. */
  public static String render(
      SparkSession spark, Tables tables, LocalDate runDate, int recentDays) {
    return ReportHtml.page(collect(spark, tables, runDate, recentDays));
  }

  private static ReportHtml.Content collect(
      SparkSession spark, Tables tables, LocalDate runDate, int recentDays) {
    List<Row> ranked =
        SparkJobs.named(
            spark,
            STAGE,
            "collect hot topics",
            () -> tables.hotTopics().orderBy(col("rank")).collectAsList());
    List<Row> detailed = ranked.subList(0, Math.min(DETAILED_TOPICS, ranked.size()));

    List<Object> topicIds = new ArrayList<>();
    Set<String> products = new LinkedHashSet<>();
    Set<String> reviewIds = new LinkedHashSet<>();
    for (Row row : detailed) {
      topicIds.add(row.getAs("topic"));
      products.addAll(row.<String>getList(row.fieldIndex("top_product_ids")));
      reviewIds.addAll(row.<String>getList(row.fieldIndex("representative_review_ids")));
    }

    List<Row> terms =
        SparkJobs.named(
            spark,
            STAGE,
            "collect topic terms",
            () -> tables.topics().where(col("topic").isin(topicIds.toArray())).collectAsList());
    Date firstDay = Date.valueOf(runDate.minusDays(CHART_DAYS - 1L));
    List<Row> daily =
        SparkJobs.named(
            spark,
            STAGE,
            "collect daily series",
            () ->
                tables
                    .topicDaily()
                    .where(col("topic").isin(topicIds.toArray()))
                    .where(col("review_date").between(firstDay, Date.valueOf(runDate)))
                    .orderBy(col("topic"), col("review_date"))
                    .collectAsList());
    List<Row> rules = products.isEmpty() ? List.of() : rules(spark, tables, products);
    List<Row> reviews =
        SparkJobs.named(
            spark,
            STAGE,
            "collect example reviews",
            () ->
                tables
                    .scoredReviews()
                    .where(col("review_id").isin(reviewIds.toArray()))
                    .select("review_id", "product_id", "rating", "sentiment_label", "review_text")
                    .collectAsList());
    return ReportHtml.Content.of(runDate, recentDays, ranked, detailed, terms, daily, rules, reviews);
  }

  private static List<Row> rules(SparkSession spark, Tables tables, Set<String> products) {
    Column[] productLiterals = products.stream().map(product -> lit(product)).toArray(Column[]::new);
    Column productArray = array(productLiterals);
    return SparkJobs.named(
        spark,
        STAGE,
        "collect rules of top products",
        () ->
            tables
                .rules()
                .where(arrays_overlap(concat(col("antecedent"), col("consequent")), productArray))
                .orderBy(col("lift").desc(), col("confidence").desc())
                .limit(RULES_PER_TOPIC * DETAILED_TOPICS * 4)
                .collectAsList());
  }
}
