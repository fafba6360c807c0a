package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import io.hottopicminer.topics.TopicKeys.KeyedTerms;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics stage: fits an MLlib LDA model over the review texts and returns the topics, the topic
 * mixture of every review and a daily series per topic.
 *
 * <p>Texts are lower-cased and split into runs of letters, stop words (Spark's English list plus
 * {@code extra-stop-words}) are removed, the rest are stemmed with {@code stemmer} (see {@link
 * TermStemmer}), and a CountVectorizer keeps terms within the document frequency bounds. With {@code phrase-min-document-frequency} above 0, frequent bigrams join the
 * terms (see {@link Phrases}). Reviews with no vocabulary term left are not modelled and are counted as {@code
 * documents_empty} in the summary.
 *
 * <p>Each topic lists its {@code top-terms} terms with the highest LDAvis relevance (Sievert and
 * Shirley, 2014) for {@code label-relevance-lambda}, each with its p(w|t) as weight, so the list
 * is not sorted by weight unless lambda is 1. The label joins the first 3. The coherence column is
 * the NPMI coherence of the {@code coherence-terms} most probable terms, and the summary adds
 * mean_npmi, topic_diversity and MLlib's log_perplexity over the modelled reviews. With {@code
 * k-candidates} set, the stage fits one model per candidate, keeps the one with the highest mean
 * NPMI and lists every candidate's mean NPMI as k_candidates_npmi. Topics keep the
 * topic_key of the most similar topic of {@code previousTopics} (see {@link TopicKeys}). Unless
 * {@code warm-start} is off, an em fit of the previous run's number of topics also starts from the
 * previous topics' term_counts (see {@link LdaWarmStart}). With {@code compare} that fit is one
 * more candidate next to the random start (listed as "10-warm"), so a theme that the warm start
 * would fold into an old topic can still win with a fit of its own. Every run stores its own
 * term_counts.
 */
public final class TopicStage {
  private static final Logger LOG = LoggerFactory.getLogger(TopicStage.class);
  private static final String STAGE = "topics";
  private static final int LABEL_TERMS = 3;

  /** Schema of the topics table. */
  public static final StructType TOPICS_SCHEMA =
      new StructType()
          .add("topic", DataTypes.IntegerType, false)
          .add("label", DataTypes.StringType, false)
          .add(
              "terms",
              DataTypes.createArrayType(
                  new StructType()
                      .add("term", DataTypes.StringType, false)
                      .add("weight", DataTypes.DoubleType, false),
                  false),
              false)
          .add("topic_key", DataTypes.StringType, false)
          .add("coherence", DataTypes.DoubleType, false)
          .add("emerging", DataTypes.BooleanType, false)
          .add("term_counts", LdaWarmStart.TERM_COUNTS_TYPE, false);

  private TopicStage() {}

  /**
   * Fits LDA over {@code scoredReviews} and derives the topic tables.
   *
   * @param scoredReviews scored-review contract; uses review_id, review_date, review_text,
   *     sentiment_label and sentiment_score
   * @param runDate run date, part of the keys of topics that match no previous topic
   * @param previousTopics the previous run's rows of the topics table, of which topic_key and
   *     terms are read for the keys, and topic and term_counts for the warm start. Empty on a
   *     first run. Rows without a topic_key column give no keys, and rows without a term_counts
   *     column give no warm start.
   * @throws IllegalArgumentException when too few reviews have terms left for {@code k} topics, or
   *     the document frequency bounds leave no vocabulary; the message names the setting to change
   */
  public static TopicResult model(
      SparkSession spark,
      TopicSettings settings,
      Dataset<Row> scoredReviews,
      LocalDate runDate,
      Optional<Dataset<Row>> previousTopics) {
    StageSummary.Builder summary = StageSummary.start(STAGE);

    Corpus corpus = vectorize(spark, settings, scoredReviews);
    Dataset<Row> documents = corpus.documents();
    String[] vocabulary = corpus.vocabulary();
    long documentsIn = corpus.documentsIn();
    long documentsModelled = corpus.documentsModelled();

    Vector termCounts = termCounts(spark, documents);
    Optional<LdaWarmStart> warmStart =
        settings.warmStart().equals(TopicSettings.WARM_START_OFF)
            ? Optional.empty()
            : previousTopics.flatMap(rows -> LdaWarmStart.fromPrevious(spark, STAGE, rows));
    Candidate chosen = null;
    List<String> candidateScores = new ArrayList<>();
    for (int k : settings.ksToFit()) {
      double[][] startShares =
          warmStart
              .filter(start -> start.topics() == k)
              .map(start -> start.termTopicShares(vocabulary))
              .orElse(null);
      List<double[][]> starts = new ArrayList<>();
      if (startShares != null) {
        starts.add(startShares);
      }
      if (startShares == null || settings.warmStart().equals(TopicSettings.WARM_START_COMPARE)) {
        starts.add(null);
      }
      for (double[][] start : starts) {
        Candidate candidate = fitCandidate(spark, settings, k, documents, termCounts, start);
        candidateScores.add(
            k + (candidate.warmStarted() ? "-warm" : "") + "=" + round(candidate.coherence().mean()));
        // Candidates come in ascending k, warm start first, so a tie keeps the smaller model and
        // the previous topics.
        if (chosen == null || candidate.coherence().mean() > chosen.coherence().mean()) {
          chosen = candidate;
        }
      }
    }
    int k = chosen.k();
    LdaFit model = chosen.model();
    TopicTerms terms = chosen.terms();
    int[][] coherenceTerms = chosen.coherenceTerms();
    TopicCoherence.Scores coherence = chosen.coherence();
    double diversity = TopicCoherence.diversity(coherenceTerms);
    double logPerplexity = model.logPerplexity();

    List<KeyedTerms> previous = previousTopics.map(rows -> keyedTerms(spark, rows)).orElse(List.of());
    TopicTable table =
        topicTable(
            settings, model, terms, vocabulary, coherence.perTopic(), previous, runDate);
    Dataset<Row> topics = spark.createDataFrame(table.rows(), TOPICS_SCHEMA);
    Dataset<Row> keys = topics.select(col("topic"), col("topic_key"));
    Dataset<Row> weights = topicWeights(model, documents);

    Dataset<Row> reviewTopics =
        weights.select(col("review_id"), col("review_date"), col("topic"), col("topic_weight"));
    Dataset<Row> topicDaily = topicDaily(weights).join(broadcast(keys), "topic");

    long documentsEmpty = documentsIn - documentsModelled;
    if (candidateScores.size() > 1) {
      summary.detail("k_candidates_npmi", String.join(" ", candidateScores));
    }
    StageSummary stageSummary =
        summary
            .detail("k", k)
            .detail("optimizer", settings.optimizer())
            .detail("documents_in", documentsIn)
            .detail("documents_empty", documentsEmpty)
            .detail("documents_modelled", documentsModelled)
            .detail("vocabulary_size", vocabulary.length)
            .detail("stemmer", settings.stemmer())
            .detail("phrases", corpus.phrases())
            .detail("mean_npmi", round(coherence.mean()))
            .detail("topic_diversity", round(diversity))
            .detail("log_perplexity", round(logPerplexity))
            .detail("previous_topics", previous.size())
            .detail("warm_start", chosen.warmStarted())
            .detail("topics_matched", table.matched())
            .finish(documentsIn, documentsModelled);
    LOG.info(
        "topics: modelled {} of {} reviews ({} empty after cleaning) into {} topics over {} terms"
            + " (mean NPMI {}, diversity {}, {} of {} previous topics matched) in {} s",
        documentsModelled,
        documentsIn,
        documentsEmpty,
        k,
        vocabulary.length,
        round(coherence.mean()),
        round(diversity),
        table.matched(),
        previous.size(),
        String.format(Locale.ROOT, "%.1f", stageSummary.seconds()));
    return new TopicResult(topics, reviewTopics, topicDaily, stageSummary);
  }

  private static String round(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /**
   * Modelled reviews as term-count vectors, with the vocabulary and the document counts.
   *
   * @param documents review_id, review_date, sentiment_label, sentiment_score, features (term
   *     counts over {@code vocabulary}) and document_id, persisted
   * @param vocabulary the terms, indexed as in features
   * @param documentsIn reviews read
   * @param documentsModelled reviews with at least one vocabulary term
   * @param phrases bigrams added as terms
   */
  public record Corpus(
      Dataset<Row> documents,
      String[] vocabulary,
      long documentsIn,
      long documentsModelled,
      int phrases) {}

  /**
   * Tokenizes the reviews, fits the vocabulary and returns the reviews that contain at least one
   * vocabulary term, persisted because LDA and the output tables read them again. Public so that
   * benchmarks can feed the stage's exact term counts to other LDA implementations.
   *
   * <p>NOTE: these documents and the per-review topic weights stay persisted after the stage
   * returns, because the returned tables are lazy. The caller owns the session lifetime.
   */
  public static Corpus vectorize(
      SparkSession spark, TopicSettings settings, Dataset<Row> scoredReviews) {
    Dataset<Row> tokenized =
        TermStemmer.stem(
                removeStopWords(settings, tokenize(settings, scoredReviews)),
                settings.stemmer(),
                stopWords(settings))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row counts =
          SparkJobs.named(
              spark,
              STAGE,
              "count reviews with terms",
              () ->
                  tokenized
                      .agg(count(lit(1)), sum(when(size(col("terms")).gt(0), 1).otherwise(0)))
                      .first());
      long documentsIn = counts.getLong(0);
      long documentsWithTerms = counts.isNullAt(1) ? 0L : counts.getLong(1);
      requireEnoughDocuments(settings, documentsWithTerms, documentsIn, "have terms left");
      double maxDocuments = settings.maxDocumentFrequency() * documentsWithTerms;
      if (maxDocuments < settings.minDocumentFrequency()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "topics: max-document-frequency %.3f of %d documents allows a term in at most %.1f"
                    + " documents, fewer than min-document-frequency %d. Raise"
                    + " hot-topic-miner.topics.max-document-frequency or lower"
                    + " hot-topic-miner.topics.min-document-frequency",
                settings.maxDocumentFrequency(),
                documentsWithTerms,
                maxDocuments,
                settings.minDocumentFrequency()));
      }

      Dataset<Row> withTerms =
          tokenized.filter(size(col("terms")).gt(0)).drop(TermStemmer.FORMS_COLUMN);
      int phrases = 0;
      if (settings.phraseMinDocumentFrequency() > 0) {
        Phrases.Result appended =
            Phrases.append(
                spark,
                STAGE,
                withTerms,
                settings.phraseMinDocumentFrequency(),
                settings.vocabularySize());
        withTerms = appended.documents();
        phrases = appended.phrases();
      }
      Dataset<Row> vectorizerInput = withTerms;
      CountVectorizerModel vectorizer =
          SparkJobs.named(
              spark,
              STAGE,
              "fit vocabulary",
              () ->
                  new CountVectorizer()
                      .setInputCol("terms")
                      .setOutputCol("features")
                      .setVocabSize(settings.vocabularySize())
                      .setMinDF(settings.minDocumentFrequency())
                      .setMaxDF(maxDocuments)
                      .fit(vectorizerInput));
      String[] vocabulary =
          TermStemmer.surfaceForms(spark, STAGE, tokenized, vectorizer.vocabulary());
      if (vocabulary.length == 0) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "topics: no term appears in at least %d and at most %.1f of the %d documents, so"
                    + " the vocabulary is empty. Lower"
                    + " hot-topic-miner.topics.min-document-frequency or raise"
                    + " hot-topic-miner.topics.max-document-frequency",
                settings.minDocumentFrequency(),
                maxDocuments,
                documentsWithTerms));
      }

      Dataset<Row> documents =
          vectorizer
              .transform(withTerms)
              .filter(nonZeroCount().apply(col("features")).gt(0))
              .drop("terms")
              .withColumn("document_id", monotonically_increasing_id())
              .persist(StorageLevel.MEMORY_AND_DISK());
      long documentsModelled =
          SparkJobs.named(spark, STAGE, "count modelled documents", documents::count);
      if (documentsModelled < settings.maxK()) {
        documents.unpersist();
      }
      requireEnoughDocuments(settings, documentsModelled, documentsIn, "contain a vocabulary term");
      return new Corpus(documents, vocabulary, documentsIn, documentsModelled, phrases);
    } finally {
      tokenized.unpersist();
    }
  }

  private static Dataset<Row> tokenize(TopicSettings settings, Dataset<Row> scoredReviews) {
    Dataset<Row> texts =
        scoredReviews.select(
            col("review_id"),
            col("review_date"),
            col("sentiment_label"),
            col("sentiment_score"),
            coalesce(col("review_text"), lit("")).as("text"));
    return new RegexTokenizer()
        .setInputCol("text")
        .setOutputCol("tokens")
        .setToLowercase(true)
        .setGaps(false)
        .setPattern("\\p{L}+")
        .setMinTokenLength(settings.minTokenLength())
        .transform(texts)
        .drop("text");
  }

  /** Spark's English stop words plus {@code extra-stop-words}, lower-cased. */
  private static Set<String> stopWords(TopicSettings settings) {
    Set<String> stopWords =
        new LinkedHashSet<>(List.of(StopWordsRemover.loadDefaultStopWords("english")));
    for (String word : settings.extraStopWords()) {
      stopWords.add(word.toLowerCase(Locale.ROOT));
    }
    return stopWords;
  }

  private static Dataset<Row> removeStopWords(TopicSettings settings, Dataset<Row> tokenized) {
    Set<String> stopWords = stopWords(settings);
    return new StopWordsRemover()
        .setInputCol("tokens")
        .setOutputCol("terms")
        .setCaseSensitive(false)
        .setStopWords(stopWords.toArray(new String[0]))
        .transform(tokenized)
        .drop("tokens");
  }

  private static void requireEnoughDocuments(
      TopicSettings settings, long documents, long documentsIn, String condition) {
    if (documents < settings.maxK()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "topics: only %d of %d reviews %s after tokenizing and stop-word removal, fewer than"
                  + " k = %d topics. Lower hot-topic-miner.topics.k (or the largest of"
                  + " hot-topic-miner.topics.k-candidates), relax the document frequency bounds or"
                  + " supply more reviews",
              documents,
              documentsIn,
              condition,
              settings.maxK()));
    }
  }

  private static UserDefinedFunction nonZeroCount() {
    return org.apache.spark.sql.functions.udf(
        (UDF1<Vector, Integer>) vector -> vector.numNonzeros(), DataTypes.IntegerType);
  }

  /** One fitted model with its term distributions and the NPMI coherence of its topics. */
  private record Candidate(
      int k,
      LdaFit model,
      TopicTerms terms,
      int[][] coherenceTerms,
      TopicCoherence.Scores coherence,
      boolean warmStarted) {}

  private static Candidate fitCandidate(
      SparkSession spark,
      TopicSettings settings,
      int k,
      Dataset<Row> documents,
      Vector termCounts,
      double[][] startShares) {
    LdaFit model = LdaFit.fit(spark, STAGE, settings, k, documents, startShares);
    TopicTerms terms = TopicTerms.of(model.topicsMatrix(), termCounts.toArray());
    int[][] coherenceTerms = new int[k][];
    for (int topic = 0; topic < k; topic++) {
      coherenceTerms[topic] = terms.mostProbable(topic, settings.coherenceTerms());
    }
    TopicCoherence.Scores coherence = TopicCoherence.npmi(spark, STAGE, documents, coherenceTerms);
    boolean warmStarted = startShares != null && !"online".equals(settings.optimizer());
    return new Candidate(k, model, terms, coherenceTerms, coherence, warmStarted);
  }

  /** Sums the term-count vectors of all documents into the corpus count of each term. */
  private static Vector termCounts(SparkSession spark, Dataset<Row> documents) {
    Row sums =
        SparkJobs.named(
            spark,
            STAGE,
            "sum term counts",
            () -> documents.select(Summarizer.sum(col("features"))).first());
    return sums.getAs(0);
  }

  /** Topic rows and the number of topics that kept a previous run's key. */
  private record TopicTable(List<Row> rows, int matched) {}

  /**
   * Builds the k topic rows on the driver. Terms are the {@code top-terms} most relevant terms with
   * their p(w|t) as weight, and the label joins the first 3.
   */
  private static TopicTable topicTable(
      TopicSettings settings,
      LdaFit model,
      TopicTerms terms,
      String[] vocabulary,
      double[] coherence,
      List<KeyedTerms> previous,
      LocalDate runDate) {
    List<List<Row>> termRows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Map<String, Double>> termWeights = new ArrayList<>();
    for (int topic = 0; topic < terms.topics(); topic++) {
      List<Row> rows = new ArrayList<>();
      List<String> labelTerms = new ArrayList<>();
      Map<String, Double> weights = new HashMap<>();
      for (int term : terms.mostRelevant(topic, settings.topTerms(), settings.labelRelevanceLambda())) {
        double weight = terms.probability(topic, term);
        rows.add(RowFactory.create(vocabulary[term], weight));
        weights.put(vocabulary[term], weight);
        if (labelTerms.size() < LABEL_TERMS) {
          labelTerms.add(vocabulary[term]);
        }
      }
      termRows.add(rows);
      labels.add(String.join(" / ", labelTerms));
      termWeights.add(weights);
    }

    List<TopicKeys.Assignment> keys =
        TopicKeys.assign(termWeights, previous, settings.keyMatchThreshold(), runDate);
    List<Row> rows = new ArrayList<>();
    int matched = 0;
    for (int topic = 0; topic < terms.topics(); topic++) {
      TopicKeys.Assignment key = keys.get(topic);
      if (key.similarity() != null) {
        matched++;
      }
      rows.add(
          RowFactory.create(
              topic,
              labels.get(topic),
              termRows.get(topic),
              key.topicKey(),
              coherence[topic],
              key.emerging(),
              LdaWarmStart.termCountRows(model.topicsMatrix(), vocabulary, topic)));
    }
    return new TopicTable(rows, matched);
  }

  /** Collects the previous run's topic keys and term weights (k rows). */
  private static List<KeyedTerms> keyedTerms(SparkSession spark, Dataset<Row> previousTopics) {
    if (!List.of(previousTopics.columns()).contains("topic_key")) {
      return List.of();
    }
    Dataset<Row> keyedRows =
        previousTopics
            .select(col("topic_key"), col("terms"))
            .filter(col("topic_key").isNotNull())
            .orderBy(col("topic_key"));
    List<KeyedTerms> keyed = new ArrayList<>();
    for (Row row :
        SparkJobs.named(spark, STAGE, "collect previous topics", keyedRows::collectAsList)) {
      keyed.add(new KeyedTerms(row.getString(0), TopicKeys.weights(row.getList(1))));
    }
    return keyed;
  }

  /**
   * Returns one row per review and topic with the review's sentiment and its dominant topic (the
   * first topic of maximum weight).
   */
  private static Dataset<Row> topicWeights(LdaFit model, Dataset<Row> documents) {
    Column weights = col("weights");
    return documents
        .select(
            col("document_id"),
            col("review_id"),
            col("review_date"),
            col("sentiment_label"),
            col("sentiment_score"))
        .join(model.mixtures(), "document_id")
        .withColumn(
            "dominant_topic", array_position(weights, array_max(weights)).minus(1).cast("int"))
        .select(
            col("review_id"),
            col("review_date"),
            col("sentiment_label"),
            col("sentiment_score"),
            col("dominant_topic"),
            posexplode(weights).as(new String[] {"topic", "topic_weight"}))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Aggregates topic weights per topic and day. Shares and means are weighted by topic_weight over
   * the reviews whose sentiment_label or sentiment_score is present, and are null when none is.
   */
  static Dataset<Row> topicDaily(Dataset<Row> weights) {
    Column weight = col("topic_weight");
    Column labelled = col("sentiment_label").isNotNull();
    Column scored = col("sentiment_score").isNotNull();
    Column negative = col("sentiment_label").equalTo("negative");
    return weights
        .groupBy(col("topic"), col("review_date"))
        .agg(
            sum(when(col("topic").equalTo(col("dominant_topic")), 1L).otherwise(0L))
                .cast("long")
                .as("reviews"),
            sum(weight).as("volume"),
            sum(when(labelled, when(negative, weight).otherwise(0.0)))
                .divide(sum(when(labelled, weight)))
                .as("negative_share"),
            sum(when(scored, weight.multiply(col("sentiment_score"))))
                .divide(sum(when(scored, weight)))
                .as("mean_sentiment"))
        .select("topic", "review_date", "reviews", "volume", "negative_share", "mean_sentiment");
  }
}
