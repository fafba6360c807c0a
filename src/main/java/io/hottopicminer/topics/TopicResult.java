package io.hottopicminer.topics;

import io.hottopicminer.core.StageSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Output of the topics stage.
 *
 * @param topics one row per topic: topic, label, terms (top terms with weights, descending)
 * @param reviewTopics every topic of every modelled review: review_id, review_date, topic,
 *     topic_weight
 * @param topicDaily per topic and review_date: reviews, volume, negative_share, mean_sentiment
 * @param summary rows in (scored reviews) and out (modelled reviews) with stage counters
 */
public record TopicResult(
    Dataset<Row> topics,
    Dataset<Row> reviewTopics,
    Dataset<Row> topicDaily,
    StageSummary summary) {}
