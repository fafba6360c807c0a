package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.testing.JobProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submits the shaded jar with submit/spark-submit.sh (client mode) to a Spark standalone cluster of
 * one Master and two Workers with one core each, all started by this test on 127.0.0.1 from the
 * Spark jars Maven resolved. The lake is a local folder, which every executor reaches on one
 * machine. The sentiment head is trained beforehand, so the cluster run only loads it.
 */
// TODO: never run to the end yet; enable once it passes on a quiet machine.
@Disabled("Not yet run to completion: the standalone cluster set-up is unverified")
class StandaloneClusterIT {
  private static final List<String> JAVA17_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  @TempDir static Path folder;
  private static final List<Process> daemons = new ArrayList<>();
  private static String masterUrl;
  private static List<String> settings;

  @BeforeAll
  static void startCluster() throws Exception {
    Path sparkHome = fakeSparkHome();
    int port = freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    daemons.add(
        daemon(
            sparkHome,
            "master",
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            "0"));
    waitForPort(port);
    for (int i = 1; i <= 2; i++) {
      Path workDir = Files.createDirectories(folder.resolve("worker-" + i));
      daemons.add(
          daemon(
              sparkHome,
              "worker-" + i,
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
              masterUrl));
    }

    Path inputs = folder.resolve("inputs");
    TinyRun.writeInputs(inputs);
    settings =
        new ArrayList<>(
            TinyRun.settings(
                inputs.toString(),
                folder.resolve("lake").toString(),
                folder.resolve("catalog.db")));
    for (String setting :
        List.of(
            "lake.models-path=" + TinyRun.sharedLocalModels(),
            // spark-submit sets the master; local.conf's local[*] would override it.
            "spark.master=null")) {
      settings.add("--set");
      settings.add(setting);
    }
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    for (Process daemon : daemons) {
      daemon.descendants().forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly();
      daemon.waitFor();
    }
  }

  @Test
  void clientModeRunWritesTables() throws Exception {
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
    JobProcess.Result run =
        JobProcess.run(Map.of("SPARK_LOCAL_IP", "127.0.0.1"), "spark-submit.sh", 20, args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.tail());
    assertTrue(run.summaryJson().contains("\"status\":\"success\""), run.summaryJson());
    assertTrue(
        run.stderr().contains("Granted executor ID") || run.stderr().contains("Executor added"),
        "no executor registered with the standalone master:\n" + run.tail());

    JobProcess.Result sql =
        JobProcess.run(TinyRun.ENV, "sql.sh", 10, TinyRun.args(settings, TinyRun.countQuery()));
    assertEquals(0, sql.exitCode(), sql.tail());
    Map<String, Long> counts = TinyRun.parseCounts(sql.stdout());
    for (String table : TinyRun.FILLED_TABLES) {
      assertTrue(counts.getOrDefault(table, 0L) > 0, table + " is empty: " + counts);
    }
  }

  /**
   * Returns a folder that looks like a Spark distribution to the Worker, which builds each
   * executor's class path from SPARK_HOME/jars: a RELEASE file and links to the Spark jars.
   */
  private static Path fakeSparkHome() throws IOException {
    Path home = folder.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "Spark jars from target/classpath.txt\n");
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

  private static Process daemon(Path sparkHome, String name, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(JAVA17_OPENS);
    command.add("-cp");
    command.add(sparkHome.resolve("jars").toString() + "/*");
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
}
