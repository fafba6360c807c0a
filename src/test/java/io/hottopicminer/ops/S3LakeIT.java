package io.hottopicminer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hottopicminer.sample.SampleGenerator;
import io.hottopicminer.testing.JobProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job against an S3 server (S3Proxy 2.9.0 with its in-memory store, started in this JVM on
 * 127.0.0.1, checking AWS signatures). Inputs and the Iceberg warehouse are on s3a://, and the
 * credentials are passed as Spark settings, which must never show up in the job's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3LakeIT {
  private static final String BUCKET = "hot-topics";
  private static final String ACCESS_KEY = "test-access-key";
  private static final String SECRET = "secret-" + UUID.randomUUID();

  @TempDir static Path folder;
  private static BlobStoreContext store;
  private static S3Proxy proxy;
  private static List<String> settings;

  @BeforeAll
  static void startS3() throws Exception {
    store = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(store.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!proxy.getState().equals("STARTED") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    BlobStore blobs = store.getBlobStore();
    blobs.createContainerInLocation(null, BUCKET);

    Path local = folder.resolve("inputs");
    TinyRun.writeInputs(local);
    for (String name : List.of(SampleGenerator.REVIEWS_FILE, SampleGenerator.EVENTS_FILE)) {
      blobs.putBlob(
          BUCKET, blobs.blobBuilder("raw/" + name).payload(local.resolve(name).toFile()).build());
    }

    settings =
        new ArrayList<>(
            TinyRun.settings(
                "s3a://" + BUCKET + "/raw",
                "s3a://" + BUCKET + "/lake",
                folder.resolve("catalog.db")));
    // The models stay local: the HDFS test covers models on a remote file system, and the
    // in-memory store would hold about 150 MB of model files in this JVM's heap.
    addSetting(settings, "lake.models-path=" + TinyRun.sharedLocalModels());
    for (Map.Entry<String, String> entry : s3aConf(SECRET).entrySet()) {
      addSetting(settings, "spark.conf.\"" + entry.getKey() + "\"=" + entry.getValue());
    }
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (proxy != null) {
      proxy.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  /** S3A settings for S3Proxy: path-style requests over plain HTTP with fixed credentials. */
  private static Map<String, String> s3aConf(String secret) {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    conf.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
    conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    conf.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("spark.hadoop.fs.s3a.access.key", ACCESS_KEY);
    conf.put("spark.hadoop.fs.s3a.secret.key", secret);
    // A rejected request should fail the run in seconds, not after minutes of retries.
    conf.put("spark.hadoop.fs.s3a.attempts.maximum", "2");
    conf.put("spark.hadoop.fs.s3a.retry.limit", "2");
    return conf;
  }

  private static void addSetting(List<String> args, String setting) {
    args.add("--set");
    args.add(setting);
  }

  private static String[] array() {
    return settings.toArray(String[]::new);
  }

  private static void assertSecretHidden(JobProcess.Result result) {
    assertFalse(result.stdout().contains(SECRET), "secret key printed on stdout");
    assertFalse(result.stderr().contains(SECRET), "secret key printed on stderr");
  }

  @Test
  @Order(1)
  void runWritesTablesOnS3() throws Exception {
    JobProcess.Result run = JobProcess.run(TinyRun.ENV, "run-local.sh", 15, array());
    assertEquals(0, run.exitCode(), run.tail());
    assertSecretHidden(run);
    assertTrue(
        run.stderr().contains("spark.hadoop.fs.s3a.secret.key\" = ****"),
        "the settings dump should list the secret key redacted");

    JobProcess.Result sql =
        JobProcess.run(TinyRun.ENV, "sql.sh", 10, TinyRun.args(settings, TinyRun.countQuery()));
    assertEquals(0, sql.exitCode(), sql.tail());
    assertSecretHidden(sql);
    Map<String, Long> counts = TinyRun.parseCounts(sql.stdout());
    for (String table : TinyRun.FILLED_TABLES) {
      assertTrue(counts.getOrDefault(table, 0L) > 0, table + " is empty: " + counts);
    }

    long warehouseObjects = 0;
    for (StorageMetadata object :
        store
            .getBlobStore()
            .list(BUCKET, ListContainerOptions.Builder.prefix("lake/warehouse/").recursive())) {
      if (object.getName().endsWith(".parquet")) {
        warehouseObjects++;
      }
    }
    assertTrue(
        warehouseObjects >= TinyRun.FILLED_TABLES.size(), "parquet files: " + warehouseObjects);
  }

  @Test
  @Order(2)
  void wrongSecretExitsWithTwo() throws Exception {
    String wrong = "wrong-" + UUID.randomUUID();
    JobProcess.Result run =
        JobProcess.run(
            TinyRun.ENV,
            "run-local.sh",
            10,
            TinyRun.args(
                settings, "--set", "spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=" + wrong));
    assertEquals(2, run.exitCode(), run.tail());
    assertTrue(run.stderr().contains("Access denied to s3a://" + BUCKET + "/raw/"), run.tail());
    assertTrue(run.stderr().contains("(bucket " + BUCKET + ")"), run.tail());
    assertTrue(run.stderr().contains("spark.hadoop.fs.s3a.secret.key"), run.tail());
    assertFalse(run.stdout().contains(wrong), "wrong secret printed on stdout");
    assertFalse(run.stderr().contains(wrong), "wrong secret printed on stderr");
    assertTrue(run.stdout().contains("\"status\":\"invalid\""), run.stdout());
  }

  @Test
  @Order(3)
  void missingS3InputExitsWithTwo() throws Exception {
    String missing = "s3a://" + BUCKET + "/raw/no-such-events.csv";
    JobProcess.Result run =
        JobProcess.run(
            TinyRun.ENV,
            "run-local.sh",
            10,
            TinyRun.args(settings, "--set", "inputs.events.path=" + missing));
    assertEquals(2, run.exitCode(), run.tail());
    assertTrue(run.stderr().contains("Input path not found: " + missing), run.tail());
    assertSecretHidden(run);
  }
}
