package io.hottopicminer.lake;

import io.hottopicminer.core.SparkJobs;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table writes of one run, staged with Iceberg's write-audit-publish pattern. Each write
 * replaces the run date on a branch of its table named after the run date, and the main branch of
 * every table moves only in {@link #publish()}, after all tables are written. A run killed before
 * {@code publish()} leaves the main branch of every table as it was.
 *
 * <p>Iceberg commits one table at a time, so a run killed inside {@code publish()} can leave some
 * tables published and others not. That window is one metadata commit per table, and run_summary
 * should be the last table written, so that its row for a run id shows that every table of that run
 * is published.
 */
public final class StagedRun {
  private static final Logger LOG = LoggerFactory.getLogger(StagedRun.class);

  private final SparkSession spark;
  private final Lake lake;
  private final LocalDate runDate;
  private final String branch;
  private final List<String> stagedTables = new ArrayList<>();

  StagedRun(SparkSession spark, Lake lake, LocalDate runDate) {
    this.spark = spark;
    this.lake = lake;
    this.runDate = runDate;
    this.branch = branchName(runDate);
  }

  /** Returns the branch name of a run date, for example {@code run_2025_09_30}. */
  public static String branchName(LocalDate runDate) {
    return "run_" + runDate.toString().replace('-', '_');
  }

  /** Returns the name of the branch this run writes to. */
  public String branch() {
    return branch;
  }

  /**
   * Replaces the rows of the run date in table {@code name} with {@code rows} (plus a run_date
   * column) on this run's branch, creating the table on first use. Readers of the table see the
   * rows only after {@link #publish()}. Returns the number of rows written.
   */
  public long write(String name, Dataset<Row> rows) {
    String table = lake.settings().table(name);
    if (stagedTables.contains(table)) {
      throw new IllegalStateException("Table " + table + " is already written in this run");
    }
    Column date = functions.lit(java.sql.Date.valueOf(runDate));
    Dataset<Row> dated = rows.withColumn(Lake.RUN_DATE, date);
    long started = System.nanoTime();

    Table iceberg = lake.createIfMissing(table, dated.schema());
    Long mainSnapshot =
        iceberg.currentSnapshot() == null ? null : iceberg.currentSnapshot().snapshotId();
    if (mainSnapshot == null) {
      iceberg.manageSnapshots().createBranch(branch).commit();
    } else {
      iceberg.manageSnapshots().createBranch(branch, mainSnapshot).commit();
    }

    String branchTable = table + ".branch_" + branch;
    SparkJobs.named(
        spark,
        "write",
        "replace " + Lake.RUN_DATE + "=" + runDate + " in " + branchTable,
        () -> {
          try {
            // overwrite(condition) also clears the date when the new rows are empty, which
            // overwritePartitions() would not.
            dated.writeTo(branchTable).overwrite(functions.col(Lake.RUN_DATE).equalTo(date));
          } catch (NoSuchTableException e) {
            throw new IllegalStateException(
                "Table " + table + " was dropped by another writer during this run; rerun", e);
          }
          return null;
        });
    stagedTables.add(table);

    long written = lake.rowCount(branchTable, runDate);
    LOG.info(
        "write: {} rows into {} on branch {} for {}={} in {} s",
        written,
        table,
        branch,
        Lake.RUN_DATE,
        runDate,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return written;
  }

  /**
   * Moves the main branch of every written table to this run's branch, in the order the tables
   * were written, and drops the branches. Fails without changing a table whose main branch moved
   * after the run branched off it, because a fast-forward would then drop that other commit.
   */
  public void publish() {
    long started = System.nanoTime();
    for (String table : stagedTables) {
      Table iceberg = lake.icebergTable(table);
      if (iceberg.refs().containsKey(SnapshotRef.MAIN_BRANCH)) {
        iceberg
            .manageSnapshots()
            .fastForwardBranch(SnapshotRef.MAIN_BRANCH, branch)
            .removeBranch(branch)
            .commit();
      } else {
        // A table created by this run has no main branch until its first publish.
        long staged = iceberg.refs().get(branch).snapshotId();
        iceberg.manageSnapshots().setCurrentSnapshot(staged).removeBranch(branch).commit();
      }
    }
    LOG.info(
        "write: published {} tables from branch {} to main in {} s",
        stagedTables.size(),
        branch,
        String.format("%.2f", (System.nanoTime() - started) / 1e9));
    stagedTables.clear();
  }
}
