package io.hottopicminer.sentiment;

import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the sentiment stage, read from the block {@code hot-topic-miner.sentiment}.
 *
 * @param embeddingModel name of the sentence embedding model, which is also the folder name of
 *     the saved embeddings below {@code <models-path>/embeddings}
 * @param modelVersion folder name of the saved classifier head; a new value trains a new head
 * @param batchSize texts per ONNX inference call
 * @param maxSentenceLength tokens kept per embedded text (a review, or a sentence when {@code
 *     longReviews} is {@link #LONG_REVIEWS_SENTENCES}); longer texts are truncated
 * @param longReviews {@link #LONG_REVIEWS_TRUNCATE} embeds each review as one text, {@link
 *     #LONG_REVIEWS_SENTENCES} embeds each sentence and averages the head's probabilities
 * @param sortByLength whether scoring sorts the reviews of each partition by text length, so each
 *     ONNX batch contains texts of similar length and carries little padding
 * @param onnxThreads ONNX Runtime intra-op threads per Spark task; above 1 the stage scores in task
 *     slots / onnxThreads partitions
 * @param headThreads TensorFlow intra-op threads of the ClassifierDL head when scoring, with its
 *     ops run in the Spark task's own thread; 0 keeps TensorFlow's defaults (pools of one thread
 *     per core, which each call of the head is handed to)
 * @param importSourceJar jar holding the ONNX weights and tokenizer, or empty to read them from the
 *     class path
 * @param training settings of head training
 * @param evaluation settings of the {@code evaluate-sentiment} command
 */
public record SentimentSettings(
    String embeddingModel,
    String modelVersion,
    int batchSize,
    int maxSentenceLength,
    String longReviews,
    boolean sortByLength,
    int onnxThreads,
    int headThreads,
    Optional<String> importSourceJar,
    Training training,
    Evaluation evaluation) {

  /** Training sample that keeps up to the cap per class. */
  public static final String SAMPLING_BALANCED = "balanced";

  /** Training sample that keeps the class shares of the pool, up to three times the class cap. */
  public static final String SAMPLING_NATURAL = "natural";

  /** Scoring that embeds each review as one text, truncated to max-sentence-length tokens. */
  public static final String LONG_REVIEWS_TRUNCATE = "truncate";

  /** Scoring that embeds each sentence (Spark NLP SentenceDetector) and averages probabilities. */
  public static final String LONG_REVIEWS_SENTENCES = "sentences";

  /** Embedding models the importer can read. */
  public static final Set<String> EMBEDDING_MODELS =
      Set.of("bge-small-en-v1.5", "all-minilm-l6-v2");

  /**
   * Settings of the ClassifierDL head training.
   *
   * @param sampling {@link #SAMPLING_BALANCED} or {@link #SAMPLING_NATURAL}
   * @param maxReviewsPerClass cap per class of the balanced sample; the natural sample keeps up to
   *     three times this many reviews in total
   * @param minReviewsPerClass training is rejected when a class has fewer labelled reviews
   * @param epochs training epochs
   * @param learningRate learning rate of the classifier
   * @param batchSize training batch size
   * @param seed seed of the sampling and of the classifier initialisation
   * @param validationFraction share of the sampled reviews held out to measure accuracy
   */
  public record Training(
      String sampling,
      int maxReviewsPerClass,
      int minReviewsPerClass,
      int epochs,
      double learningRate,
      int batchSize,
      int seed,
      double validationFraction) {}

  /**
   * Settings of the time-split evaluation.
   *
   * @param testFraction share of the labelled reviews, the newest by review_time, held out as the
   *     test set; the older rest is the training pool
   */
  public record Evaluation(double testFraction) {}

  /** Reads and validates the settings from {@code reader}, positioned at the sentiment block. */
  public static SentimentSettings from(ConfigReader reader) {
    String embeddingModel = reader.oneOf("embedding-model", EMBEDDING_MODELS);
    String modelVersion = reader.string("model-version");
    if (!modelVersion.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new InvalidConfigException(
          reader.fullKey("model-version"),
          modelVersion,
          "a folder name of letters, digits, '.', '_' or '-' (for example v1)");
    }
    int batchSize = reader.intBetween("batch-size", 1, 1024);
    int maxSentenceLength = reader.intBetween("max-sentence-length", 8, 512);
    String longReviews =
        reader.oneOf("long-reviews", Set.of(LONG_REVIEWS_TRUNCATE, LONG_REVIEWS_SENTENCES));
    int onnxThreads = reader.intBetween("onnx-threads", 1, 64);
    int headThreads = reader.intBetween("head-threads", 0, 64);
    Optional<String> sourceJar = reader.optionalString("import.source-jar");

    ConfigReader trainingReader = reader.block("training");
    int maxPerClass = trainingReader.intBetween("max-reviews-per-class", 1, 1_000_000);
    int minPerClass = trainingReader.intBetween("min-reviews-per-class", 1, 1_000_000);
    if (minPerClass > maxPerClass) {
      throw new InvalidConfigException(
          trainingReader.fullKey("min-reviews-per-class"),
          minPerClass,
          "at most training.max-reviews-per-class (" + maxPerClass + ")");
    }
    Training training =
        new Training(
            trainingReader.oneOf("sampling", Set.of(SAMPLING_BALANCED, SAMPLING_NATURAL)),
            maxPerClass,
            minPerClass,
            trainingReader.intBetween("epochs", 1, 1000),
            trainingReader.doubleBetween("learning-rate", 1e-6, 1.0),
            trainingReader.intBetween("batch-size", 1, 4096),
            trainingReader.intBetween("seed", 0, Integer.MAX_VALUE),
            trainingReader.doubleBetween("validation-fraction", 0.0, 0.5));
    return new SentimentSettings(
        embeddingModel,
        modelVersion,
        batchSize,
        maxSentenceLength,
        longReviews,
        reader.bool("sort-by-length"),
        onnxThreads,
        headThreads,
        sourceJar,
        training,
        new Evaluation(reader.block("evaluation").doubleBetween("test-fraction", 0.05, 0.5)));
  }
}
