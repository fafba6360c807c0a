package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores reviews with the saved sentiment pipeline (sentence embeddings of the configured model and
 * a ClassifierDL head), training the head first when the configured version is not saved yet. With
 * {@code long-reviews = sentences}, the same head scores each sentence and a review gets the mean
 * of its sentences' probabilities.
 *
 * <p>Reviews whose review_text is null or blank produce no Spark NLP annotation. They get the label
 * neutral, all three probabilities 1/3 and sentiment_score 0, and the summary counts them as
 * {@code blank_texts}.
 */
public final class SentimentStage {
  private static final Logger LOG = LoggerFactory.getLogger(SentimentStage.class);
  static final String METADATA_FILE = "metadata.json";

  /**
   * Spark NLP 5.5.3 key for ONNX Runtime intra-op threads (default 6). Its ConfigLoader reads all
   * its settings once per JVM, through {@code spark.conf().get}, on first use (at the latest when
   * the first ONNX session is created). So a value set on the session conf before that takes
   * effect, and so does a JVM system property {@code -Dspark.jsl.settings.onnx.intraOpNumThreads=N}
   * set before the SparkSession is built, because SparkConf copies {@code spark.*} system
   * properties. A change after that first read is ignored for the rest of the JVM.
   */
  static final String ONNX_THREADS_KEY = "spark.jsl.settings.onnx.intraOpNumThreads";

  private static final double UNIFORM = 1.0 / 3;

  private SentimentStage() {}

  /**
   * Scores {@code reviewsToScore} and returns it with the sentiment columns added.
   *
   * <p>Loads the head saved for the configured embedding model and version. When none is saved,
   * imports the embeddings if they are missing and trains the head on {@code trainingPool}
   * (accepted reviews with ratings) first. The scored rows are persisted with MEMORY_AND_DISK.
   *
   * @throws InvalidConfigException when the saved head was trained for another embedding model,
   *     training sampling or label mapping (see {@link #loadHead})
   */
  public static SentimentResult score(
      SparkSession spark,
      SentimentSettings settings,
      String modelsPath,
      Dataset<Row> reviewsToScore,
      Dataset<Row> trainingPool) {
    StageSummary.Builder summary = StageSummary.start("sentiment");
    applyOnnxThreads(spark, settings.onnxThreads());
    String headPath = SentimentTrainer.headPath(modelsPath, settings);

    PipelineModel model;
    if (isHeadSaved(spark, headPath)) {
      model = loadHead(spark, settings, modelsPath);
      summary.detail("head_trained", false);
    } else {
      LOG.info("No sentiment head saved at {}; training it now", headPath);
      SentimentTrainer.TrainingResult training =
          SentimentTrainer.train(spark, settings, modelsPath, trainingPool);
      model = training.model();
      summary.detail("head_trained", true);
      summary.detail("validation_accuracy", training.metadata().validationAccuracy());
    }
    SentimentPipeline.applyInferenceSettings(model, settings);
    model = SentimentPipeline.forLongReviews(model, settings);

    String modelVersion = modelVersion(settings);
    Dataset<Row> scored =
        scoreWith(
                spark,
                model,
                reviewsToScore,
                modelVersion,
                settings.sortByLength(),
                settings.onnxThreads(),
                settings.longReviews().equals(SentimentSettings.LONG_REVIEWS_SENTENCES))
            .persist(StorageLevel.MEMORY_AND_DISK());

    long scoringStart = System.nanoTime();
    List<Row> labelCounts =
        SparkJobs.named(
            spark,
            "sentiment",
            "score reviews",
            () -> scored.groupBy(col("sentiment_label"), hasText()).count().collectAsList());
    double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;

    Map<String, Long> perLabel = new LinkedHashMap<>();
    SentimentLabels.ALL.forEach(label -> perLabel.put(label, 0L));
    long rows = 0;
    long blank = 0;
    for (Row row : labelCounts) {
      long count = row.getLong(2);
      perLabel.merge(row.getString(0), count, Long::sum);
      rows += count;
      if (!row.getBoolean(1)) {
        blank += count;
      }
    }
    StageSummary finished =
        summary
            .detail("model_version", modelVersion)
            .detail("long_reviews", settings.longReviews())
            .detail("blank_texts", blank)
            .detail("labels", perLabel)
            .detail("scoring_seconds", String.format("%.1f", scoringSeconds))
            .detail("texts_per_second", String.format("%.1f", rows / scoringSeconds))
            .finish(rows, rows);
    LOG.info(
        "sentiment: scored {} reviews ({} blank) with {} in {} s, labels {}",
        rows,
        blank,
        modelVersion,
        String.format("%.1f", finished.seconds()),
        perLabel);
    return new SentimentResult(scored, finished, modelVersion);
  }

  /**
   * Imports the embeddings if they are missing and trains and saves the configured head version on
   * {@code trainingPool}, replacing a saved head of that version. Used by the {@code train} command.
   */
  public static SentimentTrainer.TrainingResult train(
      SparkSession spark, SentimentSettings settings, String modelsPath, Dataset<Row> trainingPool) {
    applyOnnxThreads(spark, settings.onnxThreads());
    return SentimentTrainer.train(spark, settings, modelsPath, trainingPool);
  }

  /**
   * Loads the saved head after checking its metadata.json against the settings.
   *
   * @throws IllegalStateException when metadata.json is missing
   * @throws InvalidConfigException when metadata.json names another embedding model, training
   *     sampling or label mapping than the settings; the job exits with code 2
   */
  public static PipelineModel loadHead(
      SparkSession spark, SentimentSettings settings, String modelsPath) {
    String headPath = SentimentTrainer.headPath(modelsPath, settings);
    HeadMetadata metadata = readMetadata(spark, headPath);
    checkCompatible(metadata, settings, headPath);
    return SparkJobs.named(
        spark, "sentiment", "load classifier head", () -> PipelineModel.load(headPath));
  }

  /**
   * Loads the saved head as {@link #loadHead} does and applies the scoring settings (batch size,
   * max sentence length, head threads) as {@link #score} does.
   */
  public static PipelineModel loadForScoring(
      SparkSession spark, SentimentSettings settings, String modelsPath) {
    PipelineModel model = loadHead(spark, settings, modelsPath);
    SentimentPipeline.applyInferenceSettings(model, settings);
    return model;
  }

  /** Returns the value written to model_version: embedding model and head version. */
  public static String modelVersion(SentimentSettings settings) {
    return settings.embeddingModel() + "/" + settings.modelVersion();
  }

  static HeadMetadata readMetadata(SparkSession spark, String headPath) {
    String path = headPath + "/" + METADATA_FILE;
    if (!LakeFiles.exists(spark, path)) {
      throw new IllegalStateException(
          "Sentiment head metadata "
              + path
              + " not found. Delete "
              + headPath
              + " and rerun to train the head again.");
    }
    return HeadMetadata.fromJson(LakeFiles.readString(spark, path), path);
  }

  private static boolean isHeadSaved(SparkSession spark, String headPath) {
    if (LakeFiles.exists(spark, headPath + "/" + METADATA_FILE)) {
      return true;
    }
    if (LakeFiles.exists(spark, headPath)) {
      LOG.warn(
          "Sentiment head {} has no {}; treating it as an interrupted save",
          headPath,
          METADATA_FILE);
    }
    return false;
  }

  static void checkCompatible(HeadMetadata metadata, SentimentSettings settings, String headPath) {
    String fix =
        ". Otherwise set hot-topic-miner.sentiment.model-version to a new version to train a new"
            + " head, or delete "
            + headPath
            + " and rerun";
    if (!settings.embeddingModel().equals(metadata.embeddingModel())) {
      throw new InvalidConfigException(
          "hot-topic-miner.sentiment.embedding-model",
          settings.embeddingModel(),
          "'"
              + metadata.embeddingModel()
              + "', the embedding model of the saved sentiment head "
              + headPath
              + fix);
    }
    if (metadata.trainingSampling() == null) {
      LOG.warn(
          "Sentiment head {} does not record its training sampling (saved before it was"
              + " recorded); assuming it matches hot-topic-miner.sentiment.training.sampling = {}",
          headPath,
          settings.training().sampling());
    } else if (!settings.training().sampling().equals(metadata.trainingSampling())) {
      throw new InvalidConfigException(
          "hot-topic-miner.sentiment.training.sampling",
          settings.training().sampling(),
          "'"
              + metadata.trainingSampling()
              + "', the training sampling of the saved sentiment head "
              + headPath
              + fix);
    }
    if (!Objects.equals(SentimentLabels.RATING_MAPPING, metadata.labelMapping())) {
      throw new InvalidConfigException(
          "hot-topic-miner.sentiment.model-version",
          settings.modelVersion(),
          "a head trained with the label mapping "
              + SentimentLabels.RATING_MAPPING
              + ", but the saved head "
              + headPath
              + " has "
              + metadata.labelMapping()
              + fix);
    }
  }

  /**
   * Sets the ONNX intra-op threads on the session conf (see {@link #ONNX_THREADS_KEY} for when that
   * takes effect).
   */
  static void applyOnnxThreads(SparkSession spark, int threads) {
    // NOTE: checked in local mode only. On a cluster, also pass
    // -Dspark.jsl.settings.onnx.intraOpNumThreads=N in spark.executor.extraJavaOptions.
    spark.conf().set(ONNX_THREADS_KEY, String.valueOf(threads));
  }

  static Column hasText() {
    return col("review_text").isNotNull().and(length(trim(col("review_text"))).gt(0));
  }

  private static Dataset<Row> scoreWith(
      SparkSession spark,
      PipelineModel model,
      Dataset<Row> reviews,
      String modelVersion,
      boolean sortByLength,
      int onnxThreads,
      boolean perSentence) {
    Dataset<Row> input =
        scoringPartitions(reviews, spark.sparkContext().defaultParallelism(), onnxThreads);
    List<Column> inputColumns = new ArrayList<>();
    for (String name : reviews.columns()) {
      inputColumns.add(col(name));
    }

    Dataset<Row> withText = input.filter(hasText());
    if (sortByLength) {
      // Short texts first in each partition, so each ONNX batch pads to a similar length.
      withText = withText.sortWithinPartitions(length(col("review_text")));
    }
    Transformer[] stages = model.stages();
    PipelineModel embedder =
        new PipelineModel(
            Identifiable.randomUID("sentiment_embedder"),
            Arrays.copyOf(stages, stages.length - 1));
    Dataset<Row> probabilities =
        SentimentPipeline.classify(
            stages[stages.length - 1],
            embedder.transform(withText),
            perSentence,
            List.of(reviews.columns()));
    Column negative = probabilities.col("negative_probability");
    Column neutral = probabilities.col("neutral_probability");
    Column positive = probabilities.col("positive_probability");
    Dataset<Row> classified =
        probabilities.select(
            withOutputColumns(
                inputColumns,
                coalesce(
                    SentimentPipeline.labelOf(negative, neutral, positive),
                    lit(SentimentLabels.NEUTRAL)),
                coalesce(negative, lit(UNIFORM)),
                coalesce(neutral, lit(UNIFORM)),
                coalesce(positive, lit(UNIFORM))));
    Dataset<Row> blank =
        input
            .filter(not(hasText()))
            .select(
                withOutputColumns(
                    inputColumns,
                    lit(SentimentLabels.NEUTRAL),
                    lit(UNIFORM),
                    lit(UNIFORM),
                    lit(UNIFORM)));
    return classified
        .unionByName(blank)
        .withColumn(
            "sentiment_score", col("positive_probability").minus(col("negative_probability")))
        .withColumn("model_version", lit(modelVersion));
  }

  /**
   * Returns {@code reviews} in as many partitions as keep about one ONNX thread per task slot
   * busy. With one thread per task, reviews with fewer partitions than {@code slots} are
   * repartitioned to {@code slots} and others are left as they are. With more threads per task,
   * the reviews get exactly {@code slots / onnxThreads} partitions (at least 1), so no more tasks
   * run at once than the threads fit on the slots.
   */
  public static Dataset<Row> scoringPartitions(Dataset<Row> reviews, int slots, int onnxThreads) {
    int partitions = reviews.rdd().getNumPartitions();
    if (onnxThreads == 1) {
      return partitions < slots ? reviews.repartition(slots) : reviews;
    }
    int target = Math.max(1, slots / onnxThreads);
    if (partitions > target) {
      return reviews.coalesce(target);
    }
    return partitions < target ? reviews.repartition(target) : reviews;
  }

  private static Column[] withOutputColumns(
      List<Column> inputColumns, Column label, Column negative, Column neutral, Column positive) {
    List<Column> columns = new ArrayList<>(inputColumns);
    columns.add(label.as("sentiment_label"));
    columns.add(negative.as("negative_probability"));
    columns.add(neutral.as("neutral_probability"));
    columns.add(positive.as("positive_probability"));
    return columns.toArray(Column[]::new);
  }
}
