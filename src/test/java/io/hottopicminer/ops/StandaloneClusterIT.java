package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.JobProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * Submits the shaded jar with submit/spark-submit.sh (client mode) to a Spark standalone cluster of
 * one Master and two Workers with one core each, all started by this test on 127.0.0.1 from the
 * Spark jars Maven resolved. Inputs, models, the Iceberg warehouse and the catalog (Iceberg's
 * Hadoop catalog) are on a MiniDFSCluster in this JVM, so executors reach them through hdfs:// as
 * they would on YARN or Kubernetes, and the run creates no local lake folder. The config file is
 * local: the driver reads it, and the copy that --files puts in each executor's folder is unused.
 *
 * <p>The second test kills one Worker and its executor while the job scores sentiment and checks
 * that the run still completes with the same tables and records the lost executor.
 *
 * <p>NOTE: the fake SPARK_HOME/jars links every jar of target/classpath.txt, not only Spark's, so
 * executors find Spark NLP and Iceberg there as well as in the shaded jar. This test does not show
 * that the shaded jar alone is enough on a cluster whose Spark has only its own jars.
 *
 * <p>Daemon logs (master.log, worker-N.log) and each executor's stderr (worker-N/app-.../N/stderr)
 * stay in the test's temporary folder while it runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  /**
   * Java 17 flags Spark needs in the Master and Worker JVMs: the ones this test JVM was started
   * with, which pom.xml sets from its java17.opens property.
   */
  private static final List<String> JAVA17_OPENS =
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(
              arg ->
                  arg.startsWith("--add-opens=")
                      || arg.startsWith("-Djdk.reflect.")
                      || arg.startsWith("-Dio.netty."))
          .toList();

  /** Log line of the rules stage, which runs right before sentiment scoring starts. */
  private static final String RULES_DONE = "RuleStage: rules: ";

  @TempDir static Path folder;
  private static MiniDFSCluster hdfs;
  private static FileSystem fileSystem;
  private static Path sparkHome;
  private static Process master;
  private static final List<Process> workers = new ArrayList<>();
  private static String masterUrl;
  private static List<String> settings;
  private static Map<String, Long> firstRunCounts;

  @BeforeAll
  static void startHdfsAndCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, folder.resolve("dfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fileSystem = hdfs.getFileSystem();
    String root = "hdfs://127.0.0.1:" + hdfs.getNameNodePort();

    Path inputs = folder.resolve("inputs");
    TinyRun.writeInputs(inputs);
    fileSystem.copyFromLocalFile(hadoopPath(inputs), new org.apache.hadoop.fs.Path("/raw"));
    // The head trained by TinyRun goes to the lake's default models path on HDFS, as a 'train'
    // run against this lake would have left it.
    fileSystem.copyFromLocalFile(
        hadoopPath(TinyRun.sharedLocalModels()), new org.apache.hadoop.fs.Path("/lake/models"));

    settings =
        new ArrayList<>(
            TinyRun.settings(root + "/raw", root + "/lake", folder.resolve("catalog.db")));
    settings.add("--set");
    settings.add("lake.catalog.type=hadoop");

    sparkHome = fakeSparkHome();
    int port = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    master =
        daemon(
            "master",
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            "0");
    waitForPort(port);
    for (int i = 1; i <= 2; i++) {
      workers.add(startWorker(i));
    }
    waitForLog(folder.resolve("master.log"), "Registering worker", 2);
  }

  @AfterAll
  static void stopClusterAndHdfs() throws InterruptedException {
    List<Process> daemons = new ArrayList<>(workers);
    if (master != null) {
      daemons.add(master);
    }
    for (Process daemon : daemons) {
      daemon.descendants().forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly();
      daemon.waitFor();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  @Order(1)
  void clientModeRunWritesTables() throws Exception {
    JobProcess.Result run = JobProcess.run(TinyRun.ENV, "spark-submit.sh", 20, submitArgs());
    assertEquals(0, run.exitCode(), run.tail());
    assertTrue(run.summaryJson().contains("\"status\":\"success\""), run.summaryJson());
    assertTrue(
        occurrences(run.stderr(), "Registered executor") >= 2,
        "fewer than two executors registered with the driver:\n" + run.tail());
    for (int i = 1; i <= 2; i++) {
      assertTrue(
          executorLogs(i).stream().anyMatch(log -> log.contains("Successfully registered")),
          "no executor of worker-" + i + " registered with the driver");
    }
    assertEquals("0", executorsLost(run.summaryJson()));

    firstRunCounts = tableCounts();
    assertEquals(0L, firstRunCounts.get("executors_lost"), "run_summary records a lost executor");
    for (String table : TinyRun.FILLED_TABLES) {
      assertTrue(
          firstRunCounts.getOrDefault(table, 0L) > 0, table + " is empty: " + firstRunCounts);
    }
    assertTrue(
        fileSystem.exists(
            new org.apache.hadoop.fs.Path("/lake/warehouse/hot_topics/hot_topics/metadata")),
        "no Hadoop catalog metadata on HDFS");
    assertFalse(Files.exists(folder.resolve("lake")), "the run created a local lake folder");
    assertFalse(Files.exists(folder.resolve("catalog.db")), "the run created a SQLite catalog");
  }

  @Test
  @Order(2)
  void workerKillDuringSentimentStillCompletes() throws Exception {
    JobProcess.Running running = JobProcess.start(TinyRun.ENV, "spark-submit.sh", submitArgs());
    long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000L;
    while (!running.stderrSoFar().contains(RULES_DONE) && running.process().isAlive()) {
      assertTrue(System.nanoTime() < deadline, "the rules stage did not end within 15 min");
      Thread.sleep(200);
    }
    assertTrue(running.process().isAlive(), "the run ended before sentiment scoring");
    Process worker = workers.get(0);
    List<ProcessHandle> executors = worker.descendants().toList();
    assertFalse(executors.isEmpty(), "worker-1 runs no executor");
    executors.forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
    worker.waitFor();

    JobProcess.Result run = running.await(20);
    assertEquals(0, run.exitCode(), run.tail());
    assertTrue(run.summaryJson().contains("\"status\":\"success\""), run.summaryJson());
    assertTrue(
        Integer.parseInt(executorsLost(run.summaryJson())) >= 1,
        "the summary records no lost executor: " + run.summaryJson());

    Map<String, Long> counts = tableCounts();
    assertTrue(counts.get("executors_lost") >= 1, "run_summary records no lost executor");
    for (String table : TinyRun.FILLED_TABLES) {
      assertEquals(firstRunCounts.get(table), counts.get(table), table + " differs after the kill");
    }
  }

  private static String[] submitArgs() {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--master",
            masterUrl,
            "--deploy-mode",
            "client",
            "--spark-conf",
            "spark.executor.memory=2g",
            "--spark-conf",
            "spark.driver.host=127.0.0.1"));
    args.addAll(settings);
    // spark-submit sets the master; local.conf's local[*] would override it.
    args.add("--set");
    args.add("spark.master=null");
    return args.toArray(String[]::new);
  }

  /**
   * Returns the row count of each table in {@link TinyRun#FILLED_TABLES} at the run date, plus the
   * executors_lost detail of run_summary, read by a local Spark from the lake on HDFS.
   */
  private static Map<String, Long> tableCounts() throws Exception {
    String query =
        TinyRun.countQuery()
            + " UNION ALL SELECT 'executors_lost', CAST(details['executors_lost'] AS BIGINT)"
            + " FROM run_summary WHERE stage = 'write' AND run_date = DATE'"
            + TinyRun.RUN_DATE
            + "'";
    // NOTE: local[2] queries over this lake sat idle for minutes with no task running, twice. With
    // the locality wait off the same query finished in a minute. The cause is not confirmed.
    List<String> local = new ArrayList<>(settings);
    local.add("--set");
    local.add("spark.conf.\"spark.locality.wait\"=0");
    JobProcess.Result sql = JobProcess.run(TinyRun.ENV, "sql.sh", 10, TinyRun.args(local, query));
    assertEquals(0, sql.exitCode(), sql.tail());
    return TinyRun.parseCounts(sql.stdout());
  }

  private static String executorsLost(String summaryJson) {
    return writeDetail(summaryJson, "executors_lost");
  }

  /** Returns the value of detail {@code key} of the write stage in the JSON run summary. */
  private static String writeDetail(String summaryJson, String key) {
    Matcher matcher =
        Pattern.compile("\"write\":\\{[^}]*\"" + key + "\":\"(\\d+)\"").matcher(summaryJson);
    assertTrue(matcher.find(), "no " + key + " in the write stage of " + summaryJson);
    return matcher.group(1);
  }

  /** Returns the stderr text of every executor that worker {@code index} has launched. */
  private static List<String> executorLogs(int index) throws IOException {
    List<String> logs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder.resolve("worker-" + index))) {
      for (Path file : files.filter(path -> path.endsWith("stderr")).toList()) {
        logs.add(Files.readString(file));
      }
    }
    return logs;
  }

  private static Process startWorker(int index) throws IOException {
    Path workDir = Files.createDirectories(folder.resolve("worker-" + index));
    return daemon(
        "worker-" + index,
        "org.apache.spark.deploy.worker.Worker",
        "--host",
        "127.0.0.1",
        "--cores",
        "1",
        "--memory",
        "3g",
        "--webui-port",
        "0",
        "--work-dir",
        workDir.toString(),
        masterUrl);
  }

  /**
   * Returns a folder that looks like a Spark distribution to the Worker, which builds each
   * executor's class path from SPARK_HOME/conf and SPARK_HOME/jars: a RELEASE file, a log4j2
   * configuration and links to the jars of target/classpath.txt. The configuration in conf/ comes
   * first on the class path, ahead of the log4j 1 style log4j2.properties inside the Spark NLP jar.
   */
  private static Path fakeSparkHome() throws IOException {
    Path home = folder.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.writeString(home.resolve("RELEASE"), "Spark jars from target/classpath.txt\n");
    Files.writeString(
        conf.resolve("log4j2.properties"),
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stderr.ref = stderr",
            "appender.stderr.type = Console",
            "appender.stderr.name = stderr",
            "appender.stderr.target = SYSTEM_ERR",
            "appender.stderr.layout.type = PatternLayout",
            "appender.stderr.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n",
            ""));
    String classPath =
        Files.readString(JobProcess.projectDir().resolve("target").resolve("classpath.txt")).trim();
    for (String jar : classPath.split(":")) {
      Path source = Path.of(jar);
      Path link = jars.resolve(source.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, source);
      }
    }
    return home;
  }

  private static Process daemon(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(JAVA17_OPENS);
    command.add("-cp");
    command.add(sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*");
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve(name + ".log").toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void waitForPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("Spark master did not listen on port " + port + " within 60 s");
  }

  private static void waitForLog(Path log, String line, int count)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && occurrences(Files.readString(log), line) >= count) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "'" + line + "' did not appear " + count + " times in " + log + " within 60 s");
  }
}
