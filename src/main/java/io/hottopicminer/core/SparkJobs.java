package io.hottopicminer.core;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Names Spark jobs so each action shows up in the Spark UI under its stage and purpose. */
public final class SparkJobs {
  private SparkJobs() {}

  /**
   * Runs {@code action} with the job group and description set to {@code stage} and {@code what},
   * restoring the previous description afterwards.
   */
  public static <T> T named(SparkSession spark, String stage, String what, Supplier<T> action) {
    var context = spark.sparkContext();
    String previousGroup = context.getLocalProperty("spark.jobGroup.id");
    String previousDescription = context.getLocalProperty("spark.job.description");
    context.setJobGroup(stage, stage + ": " + what, false);
    try {
      return action.get();
    } finally {
      context.setLocalProperty("spark.jobGroup.id", previousGroup);
      context.setLocalProperty("spark.job.description", previousDescription);
    }
  }
}
