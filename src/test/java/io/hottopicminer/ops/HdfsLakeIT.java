package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.JobProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job against a real HDFS (MiniDFSCluster with one DataNode, started in this JVM on
 * 127.0.0.1): inputs, Iceberg warehouse and models live on hdfs://, the JDBC catalog stays local.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsLakeIT {
  @TempDir static Path folder;
  private static MiniDFSCluster cluster;
  private static FileSystem hdfs;
  private static String root;
  private static List<String> settings;

  @BeforeAll
  static void startHdfsAndTrain() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, folder.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = "hdfs://127.0.0.1:" + cluster.getNameNodePort();

    Path local = folder.resolve("inputs");
    TinyRun.writeInputs(local);
    hdfs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path("/raw"));
    settings = TinyRun.settings(root + "/raw", root + "/lake", folder.resolve("catalog.db"));

    JobProcess.Result train =
        JobProcess.run(
            TinyRun.ENV, "run-local.sh", 15, TinyRun.args(List.of("train"), settingsArray()));
    assertEquals(0, train.exitCode(), train.tail());
  }

  @AfterAll
  static void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Test
  @Order(1)
  void runWritesTablesOnHdfs() throws Exception {
    JobProcess.Result run = JobProcess.run(TinyRun.ENV, "run-local.sh", 15, settingsArray());
    assertEquals(0, run.exitCode(), run.tail());
    assertTrue(run.summaryJson().contains("\"status\":\"success\""), run.summaryJson());

    JobProcess.Result sql =
        JobProcess.run(TinyRun.ENV, "sql.sh", 10, TinyRun.args(settings, TinyRun.countQuery()));
    assertEquals(0, sql.exitCode(), sql.tail());
    Map<String, Long> counts = TinyRun.parseCounts(sql.stdout());
    for (String table : TinyRun.FILLED_TABLES) {
      assertTrue(counts.getOrDefault(table, 0L) > 0, table + " is empty: " + counts);
    }

    org.apache.hadoop.fs.Path warehouse = new org.apache.hadoop.fs.Path("/lake/warehouse");
    assertTrue(hdfs.exists(warehouse), "no Iceberg warehouse on HDFS");
    assertTrue(
        hdfs.getContentSummary(new org.apache.hadoop.fs.Path(warehouse, "hot_topics/hot_topics"))
                .getFileCount()
            > 0,
        "no hot_topics files on HDFS");
    assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/lake/models/sentiment")));
  }

  @Test
  @Order(2)
  void missingHdfsInputExitsWithTwo() throws Exception {
    String missing = root + "/raw/no-such-reviews.csv";
    JobProcess.Result run =
        JobProcess.run(
            TinyRun.ENV,
            "run-local.sh",
            10,
            TinyRun.args(settings, "--set", "inputs.reviews.path=" + missing));
    assertEquals(2, run.exitCode(), run.tail());
    assertTrue(run.stderr().contains("Input path not found: " + missing), run.tail());
  }

  private static String[] settingsArray() {
    return settings.toArray(String[]::new);
  }
}
