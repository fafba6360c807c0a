package io.hottopicminer.lake;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyst views over the output tables, stored in the Iceberg catalog next to the tables. Iceberg
 * stores a view as its SQL text, so the views show every later write without being recreated. The
 * job still replaces them after each run, so that a changed definition reaches existing lakes.
 *
 * <p>Views need a catalog that implements Iceberg's {@code ViewCatalog}. Iceberg 1.12's JDBC
 * catalog does so with {@code jdbc.schema-version = V1}, which reference.conf sets.
 */
public final class LakeViews {
  private static final Logger LOG = LoggerFactory.getLogger(LakeViews.class);

  private final SparkSession spark;
  private final LakeSettings settings;

  public LakeViews(SparkSession spark, LakeSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Returns the SQL query of every view by view name, in creation order. */
  public Map<String, String> definitions() {
    String hotTopics = settings.table("hot_topics");
    String topicDaily = settings.table("topic_daily");
    String topics = settings.table("topics");
    String rules = settings.table("association_rules");
    String scoredReviews = settings.table("scored_reviews");
    Map<String, String> views = new LinkedHashMap<>();
    views.put(
        "latest_hot_topics",
        "SELECT * FROM "
            + hotTopics
            + " WHERE run_date = (SELECT max(run_date) FROM "
            + hotTopics
            + ")");
    views.put(
        "topic_history",
        "SELECT d.run_date, d.topic, d.topic_key, t.label,"
            + " transform(t.terms, x -> x.term) AS top_terms,"
            + " d.review_date, d.reviews, d.volume, d.negative_share, d.mean_sentiment"
            + " FROM "
            + topicDaily
            + " d JOIN "
            + topics
            + " t ON d.run_date = t.run_date AND d.topic = t.topic");
    views.put(
        "product_rules",
        "SELECT r.run_date, p.product_id,"
            + " CASE WHEN array_contains(r.antecedent, p.product_id) THEN 'antecedent'"
            + " ELSE 'consequent' END AS side,"
            + " r.antecedent, r.consequent, r.support, r.confidence, r.lift, r.leverage,"
            + " r.conviction, r.rule_count, r.baskets"
            + " FROM "
            + rules
            + " r LATERAL VIEW explode(array_distinct(concat(r.antecedent, r.consequent))) p"
            + " AS product_id");
    views.put(
        "product_sentiment",
        "SELECT run_date, product_id, review_date, count(*) AS reviews,"
            + " avg(rating) AS mean_rating, avg(sentiment_score) AS mean_sentiment,"
            + " avg(CASE WHEN sentiment_label = 'negative' THEN 1.0D ELSE 0.0D END)"
            + " AS negative_share,"
            + " sum(CASE WHEN sentiment_label = 'negative' THEN 1 ELSE 0 END) AS negative_reviews,"
            + " sum(CASE WHEN sentiment_label = 'positive' THEN 1 ELSE 0 END) AS positive_reviews"
            + " FROM "
            + scoredReviews
            + " GROUP BY run_date, product_id, review_date");
    return views;
  }

  /**
   * Creates or replaces every view and returns how many were created. A view that the catalog
   * rejects (a catalog without Iceberg view support) is logged as a warning and skipped, because
   * the tables are complete without it.
   */
  public int createOrReplace() {
    int created = 0;
    long started = System.nanoTime();
    for (Map.Entry<String, String> view : definitions().entrySet()) {
      String name = settings.table(view.getKey());
      try {
        spark.sql("CREATE OR REPLACE VIEW " + name + " AS " + view.getValue());
        created++;
      } catch (Exception e) {
        // Scala code throws the checked AnalysisException without declaring it.
        if (!(e instanceof AnalysisException) && !(e instanceof UnsupportedOperationException)) {
          throw e;
        }
        LOG.warn(
            "views: catalog {} rejected view {}, so it is not created: {}",
            settings.catalogName(),
            name,
            e.getMessage());
      }
    }
    LOG.info(
        "views: created or replaced {} of {} views in {}.{} in {} s",
        created,
        definitions().size(),
        settings.catalogName(),
        settings.namespace(),
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return created;
  }
}
