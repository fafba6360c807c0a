package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.xxhash64;

import com.johnsnowlabs.nlp.annotators.classifier.dl.ClassifierDLApproach;
import com.johnsnowlabs.nlp.annotators.classifier.dl.ClassifierDLModel;
import com.johnsnowlabs.util.Build;
import io.hottopicminer.core.SparkJobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the ClassifierDL head on top of the saved sentence embeddings and saves the whole
 * pipeline (DocumentAssembler, BGEEmbeddings, ClassifierDLModel) with a {@code metadata.json}.
 *
 * <p>Labels come from star ratings ({@link SentimentLabels#RATING_MAPPING}). The sample is chosen by
 * a seeded hash of review_id and review_text, so the same pool and seed always give the same
 * sample: {@code training.sampling = balanced} keeps up to {@code training.max-reviews-per-class}
 * reviews per class, {@code natural} keeps the class shares of the pool (see {@link #sample}).
 */
public final class SentimentTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentTrainer.class);
  static final String LABEL = "sentiment_training_label";
  private static final String RANK = "sentiment_training_rank";
  static final String VALIDATION = "sentiment_validation_row";

  private SentimentTrainer() {}

  /**
   * Saved head and its metadata.
   *
   * @param headPath folder of the saved PipelineModel
   * @param metadata contents of its metadata.json
   * @param model the fitted pipeline, ready to score
   */
  public record TrainingResult(String headPath, HeadMetadata metadata, PipelineModel model) {}

  /** Returns the folder of the saved head for the configured embedding model and version. */
  public static String headPath(String modelsPath, SentimentSettings settings) {
    return modelsPath + "/sentiment/" + settings.embeddingModel() + "/" + settings.modelVersion();
  }

  /**
   * Imports the embeddings if they are missing, trains a head on {@code trainingPool} and saves it,
   * replacing a head of the same version. The pool needs review_id, review_text and rating, and
   * review_date when the metadata should record the date range.
   *
   * @throws IllegalArgumentException when a class has fewer than {@code
   *     training.min-reviews-per-class} labelled reviews
   */
  public static TrainingResult train(
      SparkSession spark, SentimentSettings settings, String modelsPath, Dataset<Row> trainingPool) {
    long start = System.nanoTime();
    SentimentSettings.Training training = settings.training();
    String embeddingsPath = EmbeddingModelImporter.importIfMissing(spark, settings, modelsPath);

    Dataset<Row> labelled =
        trainingPool
            .filter(col("review_text").isNotNull().and(length(trim(col("review_text"))).gt(0)))
            .withColumn(LABEL, SentimentLabels.fromRating("rating"))
            .filter(col(LABEL).isNotNull());
    checkClassSizes(spark, labelled, training.minReviewsPerClass());

    Dataset<Row> sample = sampleForTraining(spark, labelled, training);
    PipelineModel embedder = SentimentPipeline.embedder(embeddingsPath, settings);
    Dataset<Row> embedded =
        embedder
            .transform(sample.sortWithinPartitions(length(col("review_text"))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, long[]> rows = new LinkedHashMap<>();
      String[] dateRange = new String[2];
      SparkJobs.named(
          spark,
          "sentiment",
          "embed training reviews",
          () -> {
            summariseSample(embedded, rows, dateRange);
            return null;
          });

      ClassifierDLModel head =
          SparkJobs.named(
              spark,
              "sentiment",
              "train classifier head",
              () -> newApproach(training).fit(embedded.filter(col(VALIDATION).equalTo(false))));
      double[] validation = validate(spark, head, embedded.filter(col(VALIDATION)));

      PipelineModel model = SentimentPipeline.withHead(embedder, head);
      String headPath = headPath(modelsPath, settings);
      HeadMetadata metadata =
          new HeadMetadata(
              settings.embeddingModel(),
              settings.modelVersion(),
              SentimentLabels.RATING_MAPPING,
              training.sampling(),
              countsAt(rows, 0),
              countsAt(rows, 1),
              dateRange[0],
              dateRange[1],
              validation == null ? null : validation[0],
              validation == null ? null : validation[1],
              Build.version(),
              Instant.now().toString());
      save(spark, model, headPath, metadata);
      LOG.info(
          "Trained sentiment head {} on {} rows in {} s (validation accuracy {}, macro-F1 {})",
          headPath,
          metadata.trainingRowsPerClass(),
          String.format("%.1f", (System.nanoTime() - start) / 1e9),
          metadata.validationAccuracy(),
          metadata.validationMacroF1());
      return new TrainingResult(headPath, metadata, model);
    } finally {
      embedded.unpersist();
    }
  }

  private static void checkClassSizes(SparkSession spark, Dataset<Row> labelled, int minimum) {
    List<Row> counts =
        SparkJobs.named(
            spark,
            "sentiment",
            "count labelled reviews",
            () -> labelled.groupBy(LABEL).count().collectAsList());
    Map<String, Long> perClass = new LinkedHashMap<>();
    SentimentLabels.ALL.forEach(label -> perClass.put(label, 0L));
    counts.forEach(row -> perClass.put(row.getString(0), row.getLong(1)));
    for (Map.Entry<String, Long> entry : perClass.entrySet()) {
      if (entry.getValue() < minimum) {
        throw new IllegalArgumentException(
            "Cannot train the sentiment head: class '"
                + entry.getKey()
                + "' (ratings "
                + SentimentLabels.RATING_MAPPING.get(entry.getKey())
                + ") has "
                + entry.getValue()
                + " reviews with text, fewer than"
                + " hot-topic-miner.sentiment.training.min-reviews-per-class = "
                + minimum
                + ". Add labelled reviews or lower that setting. Counts per class: "
                + perClass);
      }
    }
  }

  /** Selects the sample columns that training embeds and spreads them over the task slots. */
  private static Dataset<Row> sampleForTraining(
      SparkSession spark, Dataset<Row> labelled, SentimentSettings.Training training) {
    List<String> columns = new ArrayList<>(List.of("review_id", "review_text", LABEL, VALIDATION));
    if (List.of(labelled.columns()).contains("review_date")) {
      columns.add("review_date");
    }
    return sample(labelled, training)
        .select(columns.stream().map(name -> col(name)).toArray(Column[]::new))
        .repartition(spark.sparkContext().defaultParallelism());
  }

  /**
   * Returns the training sample of {@code labelled} (which needs review_id, review_text and the
   * {@link #LABEL} column) with a boolean {@link #VALIDATION} column added.
   *
   * <p>Rows are ranked by a seeded hash of review_id and review_text. The balanced sample keeps the
   * first {@code max-reviews-per-class} ranked rows of each class. The natural sample keeps the first
   * {@code 3 * max-reviews-per-class} ranked rows overall, so class shares follow the pool. Every
   * k-th ranked row is a validation row, where k = round(1 / validation-fraction) and at least 2.
   */
  static Dataset<Row> sample(Dataset<Row> labelled, SentimentSettings.Training training) {
    Column hash = xxhash64(lit(training.seed()), col("review_id"), col("review_text"));
    Dataset<Row> ranked;
    if (training.sampling().equals(SentimentSettings.SAMPLING_NATURAL)) {
      long cap = 3L * training.maxReviewsPerClass();
      // orderBy + limit runs as a top-k per partition, so the window below sees at most cap rows.
      ranked =
          labelled
              .orderBy(hash, col("review_id"))
              .limit((int) Math.min(cap, Integer.MAX_VALUE))
              .withColumn(RANK, row_number().over(Window.orderBy(hash, col("review_id"))));
    } else {
      var order = Window.partitionBy(LABEL).orderBy(hash, col("review_id"));
      ranked =
          labelled
              .withColumn(RANK, row_number().over(order))
              .filter(col(RANK).leq(training.maxReviewsPerClass()));
    }
    long step =
        training.validationFraction() == 0
            ? 0
            : Math.max(2, Math.round(1 / training.validationFraction()));
    return ranked
        .withColumn(VALIDATION, step == 0 ? lit(false) : col(RANK).mod(lit(step)).equalTo(0))
        .drop(RANK);
  }

  private static void summariseSample(
      Dataset<Row> embedded, Map<String, long[]> rows, String[] dateRange) {
    boolean hasDate = List.of(embedded.columns()).contains("review_date");
    Dataset<Row> summary =
        embedded
            .groupBy(col(LABEL), col(VALIDATION))
            .agg(
                count(lit(1)).as("rows"),
                (hasDate ? min(col("review_date")) : lit(null)).as("date_from"),
                (hasDate ? max(col("review_date")) : lit(null)).as("date_to"));
    SentimentLabels.ALL.forEach(label -> rows.put(label, new long[2]));
    for (Row row : summary.collectAsList()) {
      rows.get(row.getString(0))[row.getBoolean(1) ? 1 : 0] = row.getLong(2);
      dateRange[0] = minText(dateRange[0], row.get(3));
      dateRange[1] = maxText(dateRange[1], row.get(4));
    }
  }

  private static String minText(String current, Object value) {
    if (value == null) {
      return current;
    }
    String text = value.toString();
    return current == null || text.compareTo(current) < 0 ? text : current;
  }

  private static String maxText(String current, Object value) {
    if (value == null) {
      return current;
    }
    String text = value.toString();
    return current == null || text.compareTo(current) > 0 ? text : current;
  }

  private static Map<String, Long> countsAt(Map<String, long[]> rows, int index) {
    Map<String, Long> counts = new LinkedHashMap<>();
    rows.forEach((label, values) -> counts.put(label, values[index]));
    return counts;
  }

  static ClassifierDLApproach newApproach(SentimentSettings.Training training) {
    ClassifierDLApproach approach = new ClassifierDLApproach();
    approach.setInputCols(new String[] {SentimentPipeline.EMBEDDINGS});
    approach.setOutputCol(SentimentPipeline.CLASS);
    approach.setLabelColumn(LABEL);
    approach.setMaxEpochs(training.epochs());
    approach.setLr((float) training.learningRate());
    approach.setBatchSize(training.batchSize());
    approach.setRandomSeed(training.seed());
    approach.setValidationSplit(0f);
    approach.setEnableOutputLogs(false);
    return approach;
  }

  /** Returns {accuracy, macro-F1} on the validation rows, or null when there are none. */
  private static double[] validate(
      SparkSession spark, ClassifierDLModel head, Dataset<Row> validationRows) {
    List<Row> predictions =
        SparkJobs.named(
            spark,
            "sentiment",
            "validate classifier head",
            () ->
                head.transform(validationRows)
                    .select(col(LABEL), SentimentPipeline.predictedLabel())
                    .collectAsList());
    if (predictions.isEmpty()) {
      return null;
    }
    List<String> actual = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    for (Row row : predictions) {
      actual.add(row.getString(0));
      predicted.add(row.isNullAt(1) ? "" : row.getString(1));
    }
    return new double[] {
      ClassificationMetrics.accuracy(actual, predicted),
      ClassificationMetrics.macroF1(actual, predicted, SentimentLabels.ALL)
    };
  }

  private static void save(
      SparkSession spark, PipelineModel model, String headPath, HeadMetadata metadata) {
    SparkJobs.named(
        spark,
        "sentiment",
        "save classifier head",
        () -> {
          try {
            model.write().overwrite().save(headPath);
          } catch (IOException e) {
            throw new UncheckedIOException("Failed to save the sentiment head to " + headPath, e);
          }
          return null;
        });
    // metadata.json is written last, so a head without it is an interrupted save.
    LakeFiles.writeString(spark, headPath + "/" + SentimentStage.METADATA_FILE, metadata.toJson());
  }
}
