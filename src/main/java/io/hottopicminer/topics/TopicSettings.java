package io.hottopicminer.topics;

import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import java.util.List;
import java.util.Set;

/**
 * Settings of the topics stage, read from the block {@code hot-topic-miner.topics}.
 *
 * @param k number of LDA topics
 * @param optimizer LDA optimizer, {@code em} or {@code online}
 * @param maxIterations LDA iterations
 * @param vocabularySize maximum number of terms kept by the CountVectorizer
 * @param minDocumentFrequency minimum number of documents a term must appear in
 * @param maxDocumentFrequency maximum fraction of documents a term may appear in, in (0, 1]
 * @param minTokenLength shortest token kept, in characters
 * @param extraStopWords stop words removed in addition to Spark's English list
 * @param topTerms number of terms listed per topic
 * @param docConcentration LDA alpha, or -1 for the MLlib default
 * @param topicConcentration LDA beta, or -1 for the MLlib default
 * @param seed random seed of the LDA fit
 * @param labelRelevanceLambda weight lambda of log p(w|t) in the LDAvis term relevance that orders
 *     the listed terms and the label, in [0, 1]; 1 orders by p(w|t) alone
 * @param coherenceTerms number of most probable terms per topic scored by NPMI coherence
 * @param keyMatchThreshold minimum cosine similarity of the term weights of a topic and a topic of
 *     the previous run for the topic to keep that run's topic key, in (0, 1]
 * @param phraseMinDocumentFrequency minimum number of reviews a bigram must appear in to become a
 *     term of its own, or 0 for no bigrams
 * @param kCandidates numbers of topics to fit, of which the one with the highest mean NPMI is kept;
 *     empty to fit {@code k} only
 * @param stemmer English stemmer applied to the terms before the vocabulary is fitted: {@code
 *     kstem}, {@code porter}, {@code minimal} or {@code none} (see {@link TermStemmer})
 * @param warmStart how an em fit with a previous run of the same number of topics starts: {@code
 *     compare} fits from the previous run's topics and from MLlib's random start and keeps the
 *     fit with the higher mean NPMI, {@code always} fits from the previous topics only, {@code off}
 *     starts at random as on a first run
 */
public record TopicSettings(
    int k,
    String optimizer,
    int maxIterations,
    int vocabularySize,
    int minDocumentFrequency,
    double maxDocumentFrequency,
    int minTokenLength,
    List<String> extraStopWords,
    int topTerms,
    double docConcentration,
    double topicConcentration,
    long seed,
    double labelRelevanceLambda,
    int coherenceTerms,
    double keyMatchThreshold,
    int phraseMinDocumentFrequency,
    List<Integer> kCandidates,
    String stemmer,
    String warmStart) {

  /** {@code warm-start} value that fits both starts and keeps the more coherent fit. */
  public static final String WARM_START_COMPARE = "compare";

  /** {@code warm-start} value that starts from the previous topics whenever they fit. */
  public static final String WARM_START_ALWAYS = "always";

  /** {@code warm-start} value that always starts at random. */
  public static final String WARM_START_OFF = "off";

  private static final Set<String> WARM_START_MODES =
      Set.of(WARM_START_COMPARE, WARM_START_ALWAYS, WARM_START_OFF);

  /** Value of the concentration settings that leaves the prior to MLlib. */
  public static final double DEFAULT_CONCENTRATION = -1.0;

  public TopicSettings {
    extraStopWords = List.copyOf(extraStopWords);
    kCandidates = List.copyOf(kCandidates);
  }

  /** Returns the numbers of topics to fit: {@code kCandidates}, or {@code k} when it is empty. */
  public List<Integer> ksToFit() {
    return kCandidates.isEmpty() ? List.of(k) : kCandidates;
  }

  /** Returns the largest number of topics that will be fitted. */
  public int maxK() {
    return ksToFit().stream().mapToInt(Integer::intValue).max().orElse(k);
  }

  /**
   * Reads and validates the settings from a reader positioned at {@code hot-topic-miner.topics}.
   */
  public static TopicSettings from(ConfigReader reader) {
    String optimizer = reader.oneOf("optimizer", Set.of("em", "online"));
    double maxDocumentFrequency = reader.doubleBetween("max-document-frequency", 0.0, 1.0);
    if (maxDocumentFrequency <= 0.0) {
      throw new InvalidConfigException(
          reader.fullKey("max-document-frequency"),
          maxDocumentFrequency,
          "a fraction of documents greater than 0 and at most 1");
    }
    return new TopicSettings(
        reader.intBetween("k", 2, 200),
        optimizer,
        reader.intBetween("max-iterations", 1, 10_000),
        reader.intBetween("vocabulary-size", 2, 10_000_000),
        reader.intBetween("min-document-frequency", 1, Integer.MAX_VALUE),
        maxDocumentFrequency,
        reader.intBetween("min-token-length", 1, 100),
        reader.stringList("extra-stop-words"),
        reader.intBetween("top-terms", 1, 1_000),
        concentration(reader, "doc-concentration", optimizer),
        concentration(reader, "topic-concentration", optimizer),
        reader.longBetween("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        reader.doubleBetween("label-relevance-lambda", 0.0, 1.0),
        reader.intBetween("coherence-terms", 2, 100),
        keyMatchThreshold(reader),
        reader.intBetween("phrase-min-document-frequency", 0, Integer.MAX_VALUE),
        kCandidates(reader),
        reader.oneOf("stemmer", TermStemmer.NAMES),
        reader.oneOf("warm-start", WARM_START_MODES));
  }

  private static List<Integer> kCandidates(ConfigReader reader) {
    List<String> values = reader.stringList("k-candidates");
    Set<Integer> candidates = new java.util.TreeSet<>();
    for (String value : values) {
      int k;
      try {
        k = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(
            reader.fullKey("k-candidates"), values, "a list of whole numbers from 2 to 200");
      }
      if (k < 2 || k > 200) {
        throw new InvalidConfigException(
            reader.fullKey("k-candidates"), values, "a list of whole numbers from 2 to 200");
      }
      candidates.add(k);
    }
    return List.copyOf(candidates);
  }

  private static double keyMatchThreshold(ConfigReader reader) {
    double value = reader.doubleBetween("key-match-threshold", 0.0, 1.0);
    if (value <= 0.0) {
      throw new InvalidConfigException(
          reader.fullKey("key-match-threshold"), value, "a cosine similarity greater than 0, at most 1");
    }
    return value;
  }

  // EMLDAOptimizer in MLlib 3.5.9 rejects priors of 1 or less. A Dirichlet prior must be positive,
  // so 0 or less is rejected for the online optimizer as well.
  private static double concentration(ConfigReader reader, String key, String optimizer) {
    double value = reader.doubleBetween(key, -1.0, 1_000_000.0);
    if (value == DEFAULT_CONCENTRATION) {
      return value;
    }
    if ("em".equals(optimizer) && value <= 1.0) {
      throw new InvalidConfigException(
          reader.fullKey(key),
          value,
          "-1 (MLlib default) or a number greater than 1 when optimizer = em");
    }
    if (value <= 0.0) {
      throw new InvalidConfigException(
          reader.fullKey(key), value, "-1 (MLlib default) or a number greater than 0");
    }
    return value;
  }
}
