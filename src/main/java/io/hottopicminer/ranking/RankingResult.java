package io.hottopicminer.ranking;

import io.hottopicminer.core.StageSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Output of the ranking stage.
 *
 * @param hotTopics one row per topic in rank order, with the hot_topics contract columns
 * @param summary rows in and out (both the number of topics) with the window dates
 */
public record RankingResult(Dataset<Row> hotTopics, StageSummary summary) {}
