package io.hottopicminer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hottopicminer.lake.Lake;
import io.hottopicminer.ranking.HotTopicRanking;
import io.hottopicminer.rules.RuleStage;
import io.hottopicminer.testing.SmallLake;
import io.hottopicminer.testing.TablesDoc;
import io.hottopicminer.topics.TopicStage;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Compares docs/TABLES.md with the schemas the stages declare. Some tables get their schema from a
 * query and not from a declared StructType: scored_reviews, review_topics, topic_daily and
 * quarantine. BundledSampleIT compares those with the tables of a full run. Here the fixture's
 * hand-made schemas for them must match the document, so that fixture and docs cannot drift.
 */
class DocsTablesTest {
  private static final Map<String, List<TablesDoc.Column>> DOCUMENTED = TablesDoc.read();

  private static List<TablesDoc.Column> written(StructType stageSchema) {
    return TablesDoc.columns(stageSchema.add(Lake.RUN_DATE, DataTypes.DateType));
  }

  @Test
  void docsListEveryTableAndView() {
    assertEquals(
        List.of(
            "scored_reviews", "review_topics", "topics", "topic_daily", "association_rules",
            "hot_topics", "hot_topic_rules", "quarantine", "run_summary", "latest_hot_topics",
            "topic_history",
            "product_rules", "product_sentiment"),
        List.copyOf(DOCUMENTED.keySet()));
  }

  @Test
  void docsMatchDeclaredSchemas() {
    assertEquals(written(HotTopicRanking.HOT_TOPICS_SCHEMA), DOCUMENTED.get("hot_topics"));
    assertEquals(written(TopicStage.TOPICS_SCHEMA), DOCUMENTED.get("topics"));
    assertEquals(written(RuleStage.RULES_SCHEMA), DOCUMENTED.get("association_rules"));
    assertEquals(written(RunSummary.SCHEMA), DOCUMENTED.get("run_summary"));
    assertEquals(
        written(io.hottopicminer.rules.RuleLinks.HOT_TOPIC_RULES_SCHEMA),
        DOCUMENTED.get("hot_topic_rules"));
  }

  @Test
  void docsMatchFixtureSchemas() {
    assertEquals(written(SmallLake.SCORED_REVIEWS_SCHEMA), DOCUMENTED.get("scored_reviews"));
    assertEquals(written(SmallLake.REVIEW_TOPICS_SCHEMA), DOCUMENTED.get("review_topics"));
    assertEquals(written(SmallLake.TOPIC_DAILY_SCHEMA), DOCUMENTED.get("topic_daily"));
    assertEquals(written(SmallLake.QUARANTINE_SCHEMA), DOCUMENTED.get("quarantine"));
    assertEquals(written(SmallLake.RUN_SUMMARY_SCHEMA), DOCUMENTED.get("run_summary"));
  }
}
