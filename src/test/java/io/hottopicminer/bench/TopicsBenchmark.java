package io.hottopicminer.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_unixtime;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.to_date;

import cc.mallet.topics.ParallelTopicModel;
import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.IDSorter;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.topics.LdaFit;
import io.hottopicminer.topics.TopicCoherence;
import io.hottopicminer.topics.TopicSettings;
import io.hottopicminer.topics.TopicTestSettings;
import io.hottopicminer.topics.TopicStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.logging.Level;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits MLlib LDA and MALLET's ParallelTopicModel on the same term counts of the Amazon Musical
 * Instruments reviews. Each fit appends one line to a TSV file: round, text preparation, variant,
 * k, fit seconds, mean NPMI of the 10 most probable terms per topic, and those terms.
 *
 * <p>The term counts come from {@link TopicStage#vectorize} with the topics settings of
 * reference.conf, so both implementations see the stage's tokens and vocabulary. Spark runs as
 * local[2] and MALLET with 2 worker threads unless the variant sets another number. NPMI is {@link TopicCoherence} over the
 * same documents for both.
 *
 * <p>Arguments: REVIEWS_CSV RESULT_FILE K ROUNDS VARIANTS, where VARIANTS is a comma-separated
 * list such as {@code mllib-em:50,mallet:1000} (implementation and optimizer, then iterations).
 * An MLlib variant may add doc-concentration and topic-concentration, as in {@code
 * mllib-em:100:1.1:1.01}. Without them em keeps the reference.conf priors and online uses MLlib's.
 * A MALLET variant may add its number of threads, as in {@code mallet:1000:1} (default 2), and an
 * online variant its mini-batch fraction, as in {@code mllib-online:100:1.0}.
 * An optional sixth argument RUN_DATE:LOOKBACK_DAYS, such as {@code 2014-07-20:365}, keeps only the
 * reviews of that window, as a job run with that run date and lookback would.
 *
 * <p>The system property {@code bench.preprocessing} lists text preparations to compare, separated
 * by {@code ;}. Each is a comma-separated list of topics keys that override reference.conf, such as
 * {@code stemmer="kstem",min-document-frequency=5}, and an empty entry keeps reference.conf. Every
 * preparation is vectorized once and fitted with every variant, and its text is the second column
 * of the result file.
 */
public final class TopicsBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsBenchmark.class);
  private static final int TOP_TERMS = 10;
  private static final int THREADS = 2;
  private static final int SEED = 42;

  /** Priors of MALLET's train-topics command by default: alpha summed over topics, and beta. */
  private static final double MALLET_ALPHA_SUM = 5.0;

  private static final double MALLET_BETA = 0.01;

  private TopicsBenchmark() {}

  /** Runs the fits that the arguments list; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length != 5 && args.length != 6) {
      throw new IllegalArgumentException(
          "expected arguments: REVIEWS_CSV RESULT_FILE K ROUNDS VARIANTS [RUN_DATE:LOOKBACK_DAYS],"
              + " got "
              + List.of(args));
    }
    Path reviewsFile = Path.of(args[0]);
    Path resultFile = Path.of(args[1]);
    int k = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<String> variants = List.of(args[4].split(","));

    SparkSession spark =
        SparkSession.builder()
            .master("local[" + THREADS + "]")
            .appName("topics-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    // Without a checkpoint folder, em at 100 iterations overflowed the stack on the sample because
    // its GraphX lineage grows every iteration. With one, MLlib checkpoints every 10 iterations.
    spark.sparkContext().setCheckpointDir(Files.createTempDirectory("topics-bench").toString());
    try {
      Dataset<Row> reviews = reviews(spark, reviewsFile);
      if (args.length == 6) {
        String[] window = args[5].split(":");
        java.time.LocalDate runDate = java.time.LocalDate.parse(window[0]);
        int lookbackDays = Integer.parseInt(window[1]);
        reviews =
            reviews.filter(
                col("review_date")
                    .between(
                        lit(java.sql.Date.valueOf(runDate.minusDays(lookbackDays - 1L))),
                        lit(java.sql.Date.valueOf(runDate))));
      }
      for (String preparation : System.getProperty("bench.preprocessing", "").split(";", -1)) {
        TopicSettings settings = settings(preparation);
        TopicStage.Corpus corpus = TopicStage.vectorize(spark, settings, reviews);
        Dataset<Row> documents = corpus.documents();
        InstanceList instances = malletInstances(documents, corpus.vocabulary());
        LOG.info(
            "topics benchmark [{}]: {} documents, {} terms, {} tokens",
            preparation,
            corpus.documentsModelled(),
            corpus.vocabulary().length,
            tokenCount(instances));
        String label = preparation.isBlank() ? "reference.conf" : preparation.strip();
        for (int round = 1; round <= rounds; round++) {
          for (String variant : variants) {
            String line =
                fit(spark, preparation, documents, corpus.vocabulary(), instances, variant, k);
            Files.writeString(
                resultFile,
                round + "\t" + label + "\t" + line + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          }
        }
        documents.unpersist();
      }
    } finally {
      spark.stop();
    }
    // A failed MALLET fit leaves its worker threads waiting, and they would keep the JVM alive.
    System.exit(0);
  }

  /** Reads the reference.conf topics settings with the comma-separated overrides given. */
  private static TopicSettings settings(String overrides) {
    return TopicTestSettings.of(overrides.replace(',', '\n'));
  }

  /** Reads the reviews into the columns the topics stage uses; sentiment is not needed. */
  private static Dataset<Row> reviews(SparkSession spark, Path file) {
    return spark
        .read()
        .option("header", "true")
        .option("multiLine", "true")
        .option("escape", "\"")
        .csv(file.toString())
        .select(
            monotonically_increasing_id().cast("string").as("review_id"),
            to_date(from_unixtime(col("unixReviewTime").cast("long"))).as("review_date"),
            lit(null).cast(DataTypes.StringType).as("sentiment_label"),
            lit(null).cast(DataTypes.DoubleType).as("sentiment_score"),
            col("reviewText").as("review_text"));
  }

  private static String fit(
      SparkSession spark,
      String preparation,
      Dataset<Row> documents,
      String[] vocabulary,
      InstanceList instances,
      String variant,
      int k) {
    String[] parts = variant.split(":");
    String implementation = parts[0];
    int iterations = Integer.parseInt(parts[1]);
    double seconds;
    int[][] topTerms;
    if (implementation.equals("mallet")) {
      ParallelTopicModel model = new ParallelTopicModel(k, MALLET_ALPHA_SUM, MALLET_BETA);
      ParallelTopicModel.logger.setLevel(Level.WARNING);
      model.printLogLikelihood = false;
      model.setTopicDisplay(iterations + 1, 0);
      model.addInstances(instances);
      model.setNumThreads(parts.length > 2 ? Integer.parseInt(parts[2]) : THREADS);
      model.setNumIterations(iterations);
      model.setRandomSeed(SEED);
      long start = System.nanoTime();
      try {
        model.estimate();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (ArrayIndexOutOfBoundsException e) {
        // With 2 or more threads, MALLET 2.0.8 at times overflows its type-topic count arrays,
        // in a worker's sampling or when it merges the workers' counts. The run goes on.
        LOG.warn("topics benchmark: {} failed", variant, e);
        return String.join("\t", variant, Integer.toString(k), "NaN", "NaN", "failed");
      }
      seconds = (System.nanoTime() - start) / 1e9;
      topTerms = malletTopTerms(model, k);
    } else if (implementation.equals("mllib-online") && parts.length == 3) {
      double[] fitted = new double[1];
      Matrix topics = onlineFit(documents, k, iterations, Double.parseDouble(parts[2]), fitted);
      seconds = fitted[0];
      topTerms = mostProbable(topics, k);
    } else {
      String optimizer = implementation.substring("mllib-".length());
      // em keeps the preparation's priors unless the variant names them, and online takes MLlib's.
      String fit = "\noptimizer = " + optimizer + "\nmax-iterations = " + iterations;
      if (parts.length == 4) {
        fit += "\ndoc-concentration = " + parts[2] + "\ntopic-concentration = " + parts[3];
      } else if (!optimizer.equals("em")) {
        fit += "\ndoc-concentration = -1\ntopic-concentration = -1";
      }
      TopicSettings settings = settings(preparation + fit);
      LdaFit model = LdaFit.fit(spark, "bench", settings, k, documents);
      seconds = model.fitSeconds();
      topTerms = mostProbable(model.topicsMatrix(), k);
    }
    TopicCoherence.Scores coherence = TopicCoherence.npmi(spark, "bench", documents, topTerms);
    List<String> labels = new ArrayList<>();
    for (int[] terms : topTerms) {
      List<String> words = new ArrayList<>();
      for (int term : terms) {
        words.add(vocabulary[term]);
      }
      labels.add(String.join(" ", words));
    }
    String line =
        String.join(
            "\t",
            variant,
            Integer.toString(k),
            String.format(Locale.ROOT, "%.1f", seconds),
            String.format(Locale.ROOT, "%.4f", coherence.mean()),
            String.join(" | ", labels));
    LOG.info("topics benchmark: {}", line);
    return line;
  }

  /**
   * Fits MLlib's online LDA with the mini-batch fraction given, which {@link LdaFit} leaves at
   * MLlib's default of 0.05. A fraction of 1 makes each iteration a full pass of batch variational
   * Bayes. Stores the fit seconds in {@code seconds[0]} and returns the V x k topics matrix.
   */
  private static Matrix onlineFit(
      Dataset<Row> documents, int k, int iterations, double fraction, double[] seconds) {
    org.apache.spark.api.java.JavaPairRDD<Long, org.apache.spark.mllib.linalg.Vector> corpus =
        documents
            .select(col("document_id"), col("features"))
            .javaRDD()
            .mapToPair(
                row ->
                    new scala.Tuple2<>(
                        row.getLong(0),
                        org.apache.spark.mllib.linalg.Vectors.fromML(row.<Vector>getAs(1))))
            .cache();
    corpus.count();
    org.apache.spark.mllib.clustering.LDA lda =
        new org.apache.spark.mllib.clustering.LDA()
            .setK(k)
            .setMaxIterations(iterations)
            .setSeed(SEED)
            .setOptimizer(
                new org.apache.spark.mllib.clustering.OnlineLDAOptimizer()
                    .setMiniBatchFraction(fraction)
                    .setOptimizeDocConcentration(true));
    long start = System.nanoTime();
    org.apache.spark.mllib.clustering.LDAModel model = lda.run(corpus);
    seconds[0] = (System.nanoTime() - start) / 1e9;
    corpus.unpersist(false);
    return model.topicsMatrix().asML();
  }

  /** Expands each count vector into a token sequence over an alphabet in vocabulary order. */
  private static InstanceList malletInstances(Dataset<Row> documents, String[] vocabulary) {
    Alphabet alphabet = new Alphabet();
    for (String term : vocabulary) {
      alphabet.lookupIndex(term, true);
    }
    alphabet.stopGrowth();
    InstanceList instances = new InstanceList(alphabet, null);
    for (Row row : documents.select(col("document_id"), col("features")).collectAsList()) {
      Vector counts = row.getAs(1);
      int[] tokens = new int[(int) Arrays.stream(counts.toArray()).sum()];
      int next = 0;
      int[] indices = counts.toSparse().indices();
      double[] values = counts.toSparse().values();
      for (int i = 0; i < indices.length; i++) {
        for (int c = 0; c < (int) values[i]; c++) {
          tokens[next++] = indices[i];
        }
      }
      instances.add(
          new Instance(new FeatureSequence(alphabet, tokens), null, row.getLong(0), null));
    }
    return instances;
  }

  private static long tokenCount(InstanceList instances) {
    long tokens = 0;
    for (Instance instance : instances) {
      tokens += ((FeatureSequence) instance.getData()).getLength();
    }
    return tokens;
  }

  private static int[][] malletTopTerms(ParallelTopicModel model, int k) {
    List<TreeSet<IDSorter>> sorted = model.getSortedWords();
    int[][] top = new int[k][];
    for (int topic = 0; topic < k; topic++) {
      List<Integer> terms = new ArrayList<>();
      Iterator<IDSorter> iterator = sorted.get(topic).iterator();
      while (iterator.hasNext() && terms.size() < TOP_TERMS) {
        terms.add(iterator.next().getID());
      }
      top[topic] = terms.stream().mapToInt(Integer::intValue).toArray();
    }
    return top;
  }

  /** Returns the 10 terms of largest weight in each column of MLlib's V x k topics matrix. */
  private static int[][] mostProbable(Matrix topicsMatrix, int k) {
    int[][] top = new int[k][];
    for (int topic = 0; topic < k; topic++) {
      final int column = topic;
      top[topic] =
          java.util.stream.IntStream.range(0, topicsMatrix.numRows())
              .boxed()
              .sorted((a, b) -> Double.compare(topicsMatrix.apply(b, column), topicsMatrix.apply(a, column)))
              .limit(TOP_TERMS)
              .mapToInt(Integer::intValue)
              .toArray();
    }
    return top;
  }
}
