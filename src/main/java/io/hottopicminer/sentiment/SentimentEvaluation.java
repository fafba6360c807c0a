package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.Normalizer;
import com.johnsnowlabs.nlp.annotators.Tokenizer;
import com.johnsnowlabs.nlp.annotators.classifier.dl.ClassifierDLModel;
import com.johnsnowlabs.nlp.annotators.sda.vivekn.ViveknSentimentApproach;
import io.hottopicminer.core.SparkJobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Time-split evaluation of the sentiment head: trains on the older reviews and measures on the
 * newer ones, so the test set contains only reviews written after every training review.
 *
 * <p>The labelled reviews (rating 1 to 5 and non-blank text) are ordered by review_time, then
 * review_id. The newest {@code evaluation.test-fraction} of them form the test set. The reviews are
 * embedded once, then a ClassifierDL head is trained on the older reviews with each sampling mode
 * ({@code balanced}, {@code natural}) and the other training settings as configured. Each head
 * scores the test set in both long-review modes: whole reviews truncated to max-sentence-length
 * tokens, and sentence by sentence with the probabilities averaged per review. Spark NLP's
 * ViveknSentimentApproach (a naive Bayes model on negation-marked words, binary only) is the
 * baseline; it trains on every older review rated 1-2 or 4-5. No model is saved.
 *
 * <p>Three-class figures use the predicted label. Binary figures use the test reviews rated 1-2 or
 * 4-5 only, and a head predicts positive when its positive probability is at least its negative
 * probability.
 */
public final class SentimentEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentEvaluation.class);
  private static final String LABEL = SentimentTrainer.LABEL;
  private static final String TEST = "sentiment_test_row";
  private static final String ORDER = "sentiment_time_order";
  private static final String VIVEKN = "sentiment_vivekn";
  private static final List<String> BINARY =
      List.of(SentimentLabels.NEGATIVE, SentimentLabels.POSITIVE);

  private SentimentEvaluation() {}

  /**
   * Figures of one model on the test set.
   *
   * @param model model name, for example {@code bge-small-en-v1.5 + ClassifierDL}
   * @param sampling training sample: {@code balanced}, {@code natural} or {@code all}
   * @param longReviews how test reviews were scored: {@code truncate}, {@code sentences}, or {@code
   *     n/a} for a model without embeddings
   * @param trainingRowsPerClass rows the model was fitted on, per label
   * @param threeClass three-class report, or null for a binary-only model
   * @param binary report on test reviews rated 1-2 or 4-5
   * @param trainingSeconds wall time of fitting
   */
  public record ModelResult(
      String model,
      String sampling,
      String longReviews,
      Map<String, Long> trainingRowsPerClass,
      ClassificationReport threeClass,
      ClassificationReport binary,
      double trainingSeconds) {}

  /**
   * Result of one evaluation.
   *
   * @param testFraction configured share of the newest reviews held out
   * @param trainingRowsPerClass labelled training-pool reviews per label
   * @param testRowsPerClass labelled test reviews per label
   * @param trainingTimeRange first and last review_time of the training pool
   * @param testTimeRange first and last review_time of the test set
   * @param configuredSampling the {@code training.sampling} setting, which the train command uses
   * @param configuredLongReviews the {@code long-reviews} setting, which the daily run uses
   * @param poolEmbeddingSeconds wall time of embedding the training pool, one text per review
   * @param testEmbeddingSeconds wall time of embedding the test set, one text per review
   * @param testSentenceSeconds wall time of embedding the test set sentence by sentence
   * @param testSentences sentences found in the test reviews
   * @param results one entry per model, sampling and long-review mode
   */
  public record Report(
      double testFraction,
      Map<String, Long> trainingRowsPerClass,
      Map<String, Long> testRowsPerClass,
      List<String> trainingTimeRange,
      List<String> testTimeRange,
      String configuredSampling,
      String configuredLongReviews,
      double poolEmbeddingSeconds,
      double testEmbeddingSeconds,
      double testSentenceSeconds,
      long testSentences,
      List<ModelResult> results) {

    /** Returns the report as markdown: a summary table, then one section per model. */
    public String toMarkdown() {
      StringBuilder text = new StringBuilder();
      text.append("## Time split\n\n");
      text.append(
          String.format(
              Locale.ROOT,
              "Training pool: %d reviews %s, review_time %s to %s.%n"
                  + "Test set (newest %.0f%%): %d reviews %s, review_time %s to %s.%n%n"
                  + "Embedding the training pool took %.1f s (%.1f reviews/s). Embedding the test"
                  + " set took %.1f s as whole reviews (%.1f reviews/s) and %.1f s as %d sentences"
                  + " (%.1f reviews/s).%n%n",
              sum(trainingRowsPerClass),
              trainingRowsPerClass,
              trainingTimeRange.get(0),
              trainingTimeRange.get(1),
              testFraction * 100,
              sum(testRowsPerClass),
              testRowsPerClass,
              testTimeRange.get(0),
              testTimeRange.get(1),
              poolEmbeddingSeconds,
              sum(trainingRowsPerClass) / poolEmbeddingSeconds,
              testEmbeddingSeconds,
              sum(testRowsPerClass) / testEmbeddingSeconds,
              testSentenceSeconds,
              testSentences,
              sum(testRowsPerClass) / testSentenceSeconds));
      text.append("## Summary\n\n");
      text.append(
          "| model | training sample | long reviews | 3-class accuracy | 3-class macro-F1 |"
              + " negative recall (3-class) | binary accuracy | binary macro-F1 | negative recall"
              + " (binary) |\n");
      text.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
      for (ModelResult result : results) {
        ClassificationReport three = result.threeClass();
        text.append(
            String.format(
                Locale.ROOT,
                "| %s | %s%s | %s%s | %s | %s | %s | %.3f | %.3f | %.3f |%n",
                result.model(),
                result.sampling(),
                result.sampling().equals(configuredSampling) ? " (configured)" : "",
                result.longReviews(),
                result.longReviews().equals(configuredLongReviews) ? " (configured)" : "",
                three == null ? "n/a" : format(three.accuracy()),
                three == null ? "n/a" : format(three.macroF1()),
                three == null ? "n/a" : format(three.recall(SentimentLabels.NEGATIVE)),
                result.binary().accuracy(),
                result.binary().macroF1(),
                result.binary().recall(SentimentLabels.NEGATIVE)));
      }
      for (ModelResult result : results) {
        text.append(
            String.format(
                Locale.ROOT,
                "%n## %s, %s sample, long reviews: %s%n%nTrained on %s in %.1f s.%n%n",
                result.model(),
                result.sampling(),
                result.longReviews(),
                result.trainingRowsPerClass(),
                result.trainingSeconds()));
        if (result.threeClass() != null) {
          text.append("Three classes (1-2 negative, 3 neutral, 4-5 positive):\n\n");
          text.append(result.threeClass().toMarkdown()).append('\n');
        }
        text.append("Binary (1-2 negative, 4-5 positive, 3 left out):\n\n");
        text.append(result.binary().toMarkdown());
      }
      return text.toString();
    }

    private static String format(double value) {
      return String.format(Locale.ROOT, "%.3f", value);
    }

    private static long sum(Map<String, Long> counts) {
      return counts.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Splits {@code reviews} (review_id, review_text, rating, review_time) by time, trains the heads
   * and the baseline on the older part and returns their figures on the newer part.
   *
   * @throws IllegalArgumentException when a class has fewer than {@code
   *     training.min-reviews-per-class} reviews in the training pool or none in the test set
   */
  public static Report evaluate(
      SparkSession spark, SentimentSettings settings, String modelsPath, Dataset<Row> reviews) {
    long start = System.nanoTime();
    SentimentStage.applyOnnxThreads(spark, settings.onnxThreads());
    String embeddingsPath = EmbeddingModelImporter.importIfMissing(spark, settings, modelsPath);

    Dataset<Row> split = splitByTime(spark, reviews, settings.evaluation().testFraction());
    Map<Boolean, Map<String, Long>> counts = new LinkedHashMap<>();
    Map<Boolean, List<String>> timeRanges = new LinkedHashMap<>();
    SparkJobs.named(
        spark,
        "sentiment",
        "count evaluation split",
        () -> {
          summariseSplit(split, counts, timeRanges);
          return null;
        });
    checkClasses(counts, settings.training().minReviewsPerClass());

    PipelineModel embedder = SentimentPipeline.embedder(embeddingsPath, settings);
    PipelineModel sentenceEmbedder = SentimentPipeline.sentenceEmbedder(embeddingsPath, settings);
    int partitions = spark.sparkContext().defaultParallelism();
    Dataset<Row> pool = embed(embedder, split.filter(not(col(TEST))), partitions);
    Dataset<Row> test = embed(embedder, split.filter(col(TEST)), partitions);
    Dataset<Row> testSentences = embed(sentenceEmbedder, split.filter(col(TEST)), partitions);
    try {
      double poolSeconds = timeCount(spark, "embed training-pool reviews", pool);
      double testSeconds = timeCount(spark, "embed test reviews", test);
      long sentenceStart = System.nanoTime();
      long sentences =
          SparkJobs.named(
              spark,
              "sentiment",
              "embed test sentences",
              () ->
                  testSentences
                      .selectExpr("sum(size(" + SentimentPipeline.EMBEDDINGS + "))")
                      .first()
                      .getLong(0));
      double sentenceSeconds = (System.nanoTime() - sentenceStart) / 1e9;

      Map<String, Dataset<Row>> testSets = new LinkedHashMap<>();
      testSets.put(SentimentSettings.LONG_REVIEWS_TRUNCATE, test);
      testSets.put(SentimentSettings.LONG_REVIEWS_SENTENCES, testSentences);
      List<ModelResult> results = new ArrayList<>();
      for (String sampling :
          List.of(SentimentSettings.SAMPLING_BALANCED, SentimentSettings.SAMPLING_NATURAL)) {
        results.addAll(evaluateHead(spark, settings, pool, testSets, sampling));
      }
      results.add(evaluateVivekn(spark, split));
      Report report =
          new Report(
              settings.evaluation().testFraction(),
              counts.get(false),
              counts.get(true),
              timeRanges.get(false),
              timeRanges.get(true),
              settings.training().sampling(),
              settings.longReviews(),
              poolSeconds,
              testSeconds,
              sentenceSeconds,
              sentences,
              results);
      LOG.info(
          "sentiment: evaluated {} models on {} test reviews in {} s",
          results.size(),
          Report.sum(counts.get(true)),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
      return report;
    } finally {
      pool.unpersist();
      test.unpersist();
      testSentences.unpersist();
    }
  }

  /** Returns {@code rows} embedded by {@code embedder}, shortest texts first in each partition. */
  private static Dataset<Row> embed(PipelineModel embedder, Dataset<Row> rows, int partitions) {
    return embedder
        .transform(rows.repartition(partitions).sortWithinPartitions(length(col("review_text"))))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** Counts (and so computes and caches) {@code rows}, and returns the wall time in seconds. */
  private static double timeCount(SparkSession spark, String description, Dataset<Row> rows) {
    long start = System.nanoTime();
    SparkJobs.named(spark, "sentiment", description, rows::count);
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Keeps labelled reviews with text and marks the newest {@code testFraction} of them (by
   * review_time, then review_id) as test rows.
   */
  static Dataset<Row> splitByTime(SparkSession spark, Dataset<Row> reviews, double testFraction) {
    Dataset<Row> labelled =
        reviews
            .filter(SentimentStage.hasText())
            .withColumn(LABEL, SentimentLabels.fromRating("rating"))
            .filter(col(LABEL).isNotNull())
            .select(col("review_id"), col("review_text"), col("review_time"), col(LABEL));
    long rows = SparkJobs.named(spark, "sentiment", "count labelled reviews", labelled::count);
    long trainingRows = Math.round(rows * (1 - testFraction));
    // NOTE: a window without partitioning sorts all labelled reviews in one task. That suits an
    // evaluation of some hundred thousand reviews, not a full production history.
    return labelled
        .withColumn(ORDER, row_number().over(Window.orderBy(col("review_time"), col("review_id"))))
        .withColumn(TEST, col(ORDER).gt(trainingRows))
        .drop(ORDER);
  }

  private static void summariseSplit(
      Dataset<Row> split,
      Map<Boolean, Map<String, Long>> counts,
      Map<Boolean, List<String>> timeRanges) {
    for (boolean test : List.of(false, true)) {
      Map<String, Long> perLabel = new LinkedHashMap<>();
      SentimentLabels.ALL.forEach(label -> perLabel.put(label, 0L));
      counts.put(test, perLabel);
      timeRanges.put(test, List.of("none", "none"));
    }
    List<Row> rows =
        split
            .groupBy(col(TEST), col(LABEL))
            .agg(
                org.apache.spark.sql.functions.count(col(LABEL)).as("rows"),
                min(col("review_time")).as("time_from"),
                max(col("review_time")).as("time_to"))
            .collectAsList();
    Map<Boolean, String[]> ranges = new LinkedHashMap<>();
    for (Row row : rows) {
      boolean test = row.getBoolean(0);
      counts.get(test).put(row.getString(1), row.getLong(2));
      String[] range = ranges.computeIfAbsent(test, key -> new String[2]);
      String from = String.valueOf(row.get(3));
      String to = String.valueOf(row.get(4));
      range[0] = range[0] == null || from.compareTo(range[0]) < 0 ? from : range[0];
      range[1] = range[1] == null || to.compareTo(range[1]) > 0 ? to : range[1];
    }
    ranges.forEach((test, range) -> timeRanges.put(test, List.of(range[0], range[1])));
  }

  private static void checkClasses(Map<Boolean, Map<String, Long>> counts, int minimum) {
    for (String label : SentimentLabels.ALL) {
      long training = counts.get(false).get(label);
      long test = counts.get(true).get(label);
      if (training < minimum || test == 0) {
        throw new IllegalArgumentException(
            "Cannot evaluate sentiment: class '"
                + label
                + "' has "
                + training
                + " reviews in the training pool (at least"
                + " hot-topic-miner.sentiment.training.min-reviews-per-class = "
                + minimum
                + " needed) and "
                + test
                + " in the test set (at least 1 needed). Add labelled reviews or change"
                + " hot-topic-miner.sentiment.evaluation.test-fraction. Training pool: "
                + counts.get(false)
                + ", test set: "
                + counts.get(true));
      }
    }
  }

  /** Trains a head on {@code pool} and returns its figures on each of {@code testSets}. */
  private static List<ModelResult> evaluateHead(
      SparkSession spark,
      SentimentSettings settings,
      Dataset<Row> pool,
      Map<String, Dataset<Row>> testSets,
      String sampling) {
    SentimentSettings.Training configured = settings.training();
    SentimentSettings.Training training =
        new SentimentSettings.Training(
            sampling,
            configured.maxReviewsPerClass(),
            configured.minReviewsPerClass(),
            configured.epochs(),
            configured.learningRate(),
            configured.batchSize(),
            configured.seed(),
            configured.validationFraction());
    // Same rows as the train command fits on: the sample minus its validation rows.
    Dataset<Row> fitted =
        SentimentTrainer.sample(pool, training).filter(not(col(SentimentTrainer.VALIDATION)));
    long fitStart = System.nanoTime();
    ClassifierDLModel head =
        SparkJobs.named(
            spark,
            "sentiment",
            "train " + sampling + " head for evaluation",
            () -> SentimentTrainer.newApproach(training).fit(fitted));
    double trainingSeconds = (System.nanoTime() - fitStart) / 1e9;
    Map<String, Long> trainingRows =
        countLabels(
            SparkJobs.named(
                spark,
                "sentiment",
                "count " + sampling + " training sample",
                () -> fitted.groupBy(LABEL).count().collectAsList()));

    List<ModelResult> results = new ArrayList<>();
    for (Map.Entry<String, Dataset<Row>> testSet : testSets.entrySet()) {
      List<Row> predictions =
          SparkJobs.named(
              spark,
              "sentiment",
              "predict test " + testSet.getKey() + " with " + sampling + " head",
              () -> {
                Dataset<Row> probabilities =
                    SentimentPipeline.classify(
                        head,
                        testSet.getValue(),
                        testSet.getKey().equals(SentimentSettings.LONG_REVIEWS_SENTENCES),
                        List.of(LABEL));
                Column negative = probabilities.col("negative_probability");
                Column positive = probabilities.col("positive_probability");
                return probabilities
                    .select(
                        col(LABEL),
                        SentimentPipeline.labelOf(
                            negative, probabilities.col("neutral_probability"), positive),
                        negative,
                        positive)
                    .collectAsList();
              });
      results.add(
          headResult(
              settings, sampling, testSet.getKey(), trainingRows, trainingSeconds, predictions));
    }
    return results;
  }

  private static ModelResult headResult(
      SentimentSettings settings,
      String sampling,
      String longReviews,
      Map<String, Long> trainingRows,
      double trainingSeconds,
      List<Row> predictions) {
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<String> binaryActual = new ArrayList<>();
    List<String> binaryPredicted = new ArrayList<>();
    for (Row row : predictions) {
      String label = row.getString(0);
      actual.add(label);
      predicted.add(row.isNullAt(1) ? "" : row.getString(1));
      if (!label.equals(SentimentLabels.NEUTRAL)) {
        double negative = row.isNullAt(2) ? 0 : row.getDouble(2);
        double positive = row.isNullAt(3) ? 0 : row.getDouble(3);
        binaryActual.add(label);
        binaryPredicted.add(
            positive >= negative ? SentimentLabels.POSITIVE : SentimentLabels.NEGATIVE);
      }
    }
    return new ModelResult(
        settings.embeddingModel() + " + ClassifierDL",
        sampling,
        longReviews,
        trainingRows,
        ClassificationReport.of(actual, predicted, SentimentLabels.ALL),
        ClassificationReport.of(binaryActual, binaryPredicted, BINARY),
        trainingSeconds);
  }

  private static ModelResult evaluateVivekn(SparkSession spark, Dataset<Row> split) {
    Dataset<Row> binary = split.filter(col(LABEL).notEqual(SentimentLabels.NEUTRAL));
    Dataset<Row> trainingRows = binary.filter(not(col(TEST)));
    Pipeline pipeline = new Pipeline().setStages(viveknStages());
    long fitStart = System.nanoTime();
    PipelineModel model =
        SparkJobs.named(
            spark, "sentiment", "train Vivekn baseline", () -> pipeline.fit(trainingRows));
    double trainingSeconds = (System.nanoTime() - fitStart) / 1e9;
    Map<String, Long> trainingCounts =
        countLabels(
            SparkJobs.named(
                spark,
                "sentiment",
                "count Vivekn training reviews",
                () -> trainingRows.groupBy(LABEL).count().collectAsList()));

    List<Row> predictions =
        SparkJobs.named(
            spark,
            "sentiment",
            "predict test reviews with Vivekn baseline",
            () ->
                model
                    .transform(binary.filter(col(TEST)))
                    .select(col(LABEL), element_at(col(VIVEKN), 1).getField("result"))
                    .collectAsList());
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (Row row : predictions) {
      actual.add(row.getString(0));
      predicted.add(row.isNullAt(1) ? "" : row.getString(1));
    }
    return new ModelResult(
        "Spark NLP ViveknSentiment",
        "all",
        "n/a",
        trainingCounts,
        null,
        ClassificationReport.of(actual, predicted, BINARY),
        trainingSeconds);
  }

  private static PipelineStage[] viveknStages() {
    DocumentAssembler assembler = new DocumentAssembler();
    assembler.setInputCol("review_text");
    assembler.setOutputCol(SentimentPipeline.DOCUMENT);
    Tokenizer tokenizer = new Tokenizer();
    tokenizer.setInputCols(new String[] {SentimentPipeline.DOCUMENT});
    tokenizer.setOutputCol("sentiment_token");
    Normalizer normalizer = new Normalizer();
    normalizer.setInputCols(new String[] {"sentiment_token"});
    normalizer.setOutputCol("sentiment_normal");
    normalizer.setLowercase(true);
    ViveknSentimentApproach vivekn = new ViveknSentimentApproach();
    vivekn.setInputCols(new String[] {SentimentPipeline.DOCUMENT, "sentiment_normal"});
    vivekn.setOutputCol(VIVEKN);
    vivekn.setSentimentCol(LABEL);
    return new PipelineStage[] {assembler, tokenizer, normalizer, vivekn};
  }

  private static Map<String, Long> countLabels(List<Row> rows) {
    Map<String, Long> counts = new LinkedHashMap<>();
    SentimentLabels.ALL.forEach(label -> counts.put(label, 0L));
    rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
    return counts;
  }
}
