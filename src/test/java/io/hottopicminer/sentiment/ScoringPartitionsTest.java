package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hottopicminer.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ScoringPartitionsTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> rows(int partitions) {
    return spark.range(0, 40).toDF("id").repartition(partitions);
  }

  private static int partitions(Dataset<Row> rows) {
    return rows.rdd().getNumPartitions();
  }

  @Test
  void oneThreadFillsEverySlot() {
    assertEquals(2, partitions(SentimentStage.scoringPartitions(rows(1), 2, 1)));
  }

  @Test
  void oneThreadKeepsMorePartitions() {
    assertEquals(3, partitions(SentimentStage.scoringPartitions(rows(3), 2, 1)));
  }

  @Test
  void twoThreadsRunOneTaskOnTwoSlots() {
    assertEquals(1, partitions(SentimentStage.scoringPartitions(rows(3), 2, 2)));
  }

  @Test
  void twoThreadsRunTwoTasksOnFourSlots() {
    assertEquals(2, partitions(SentimentStage.scoringPartitions(rows(1), 4, 2)));
  }

  @Test
  void moreThreadsThanSlotsKeepOneTask() {
    assertEquals(1, partitions(SentimentStage.scoringPartitions(rows(2), 2, 4)));
  }

  @Test
  void rowsKeptWhenCoalesced() {
    assertEquals(40, SentimentStage.scoringPartitions(rows(3), 2, 2).count());
  }
}
