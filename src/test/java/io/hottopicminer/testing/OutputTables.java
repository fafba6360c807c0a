package io.hottopicminer.testing;

import java.util.List;

/** Names of the tables a run writes, and a query that counts their rows for one run date. */
public final class OutputTables {
  public static final List<String> NAMES =
      List.of(
          "scored_reviews",
          "review_topics",
          "topics",
          "topic_daily",
          "association_rules",
          "hot_topics",
          "hot_topic_rules",
          "quarantine",
          "run_summary");

  private OutputTables() {}

  /** Returns SQL with one row (name, row_count) per table, for rows of {@code runDate}. */
  public static String rowCountsQuery(String runDate) {
    StringBuilder union = new StringBuilder();
    for (String table : NAMES) {
      if (union.length() > 0) {
        union.append(" UNION ALL ");
      }
      union.append("SELECT '").append(table).append("' AS name, count(*) AS row_count FROM ");
      union.append(table).append(" WHERE run_date = DATE'").append(runDate).append("'");
    }
    return union.toString();
  }
}
