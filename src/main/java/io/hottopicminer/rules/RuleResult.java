package io.hottopicminer.rules;

import io.hottopicminer.core.StageSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Output of the association-rules stage.
 *
 * @param rules association rules in the {@code association_rules} contract, highest lift first. The
 *     frame is persisted so that writing it does not rerun FPGrowth, and the caller unpersists it
 *     after writing.
 * @param summary rows in (events) and out (rules) with basket and itemset counters
 */
public record RuleResult(Dataset<Row> rules, StageSummary summary) {}
