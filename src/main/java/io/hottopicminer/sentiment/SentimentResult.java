package io.hottopicminer.sentiment;

import io.hottopicminer.core.StageSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Output of the sentiment stage.
 *
 * @param scoredReviews input reviews plus sentiment_label, the three probabilities,
 *     sentiment_score and model_version, persisted with MEMORY_AND_DISK (the caller unpersists it
 *     when done)
 * @param summary rows in and out, seconds and counters of the stage
 * @param modelVersion version of the head that scored the reviews
 */
public record SentimentResult(
    Dataset<Row> scoredReviews, StageSummary summary, String modelVersion) {}
