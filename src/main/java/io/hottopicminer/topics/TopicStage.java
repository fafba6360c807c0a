package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.hottopicminer.core.SparkJobs;
import io.hottopicminer.core.StageSummary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
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
 * {@code extra-stop-words}) are removed, and a CountVectorizer keeps terms within the document
 * frequency bounds. Reviews with no vocabulary term left are not modelled and are counted as {@code
 * documents_empty} in the summary.
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
              false);

  private TopicStage() {}

  /**
   * Fits LDA over {@code scoredReviews} and derives the topic tables.
   *
   * @param scoredReviews scored-review contract; uses review_id, review_date, review_text,
   *     sentiment_label and sentiment_score
   * @throws IllegalArgumentException when too few reviews have terms left for {@code k} topics, or
   *     the document frequency bounds leave no vocabulary; the message names the setting to change
   */
  public static TopicResult model(
      SparkSession spark, TopicSettings settings, Dataset<Row> scoredReviews) {
    StageSummary.Builder summary = StageSummary.start(STAGE);

    Corpus corpus = vectorize(spark, settings, scoredReviews);
    Dataset<Row> documents = corpus.documents();
    String[] vocabulary = corpus.vocabulary();
    long documentsIn = corpus.documentsIn();
    long documentsModelled = corpus.documentsModelled();

    LDAModel model = SparkJobs.named(spark, STAGE, "fit LDA", () -> lda(settings).fit(documents));
    Dataset<Row> topics = describeTopics(spark, settings, model, vocabulary);
    Dataset<Row> weights = topicWeights(model, documents);

    Dataset<Row> reviewTopics =
        weights.select(col("review_id"), col("review_date"), col("topic"), col("topic_weight"));
    Dataset<Row> topicDaily = topicDaily(weights);

    long documentsEmpty = documentsIn - documentsModelled;
    StageSummary stageSummary =
        summary
            .detail("k", settings.k())
            .detail("optimizer", settings.optimizer())
            .detail("documents_in", documentsIn)
            .detail("documents_empty", documentsEmpty)
            .detail("documents_modelled", documentsModelled)
            .detail("vocabulary_size", vocabulary.length)
            .finish(documentsIn, documentsModelled);
    LOG.info(
        "topics: modelled {} of {} reviews ({} empty after cleaning) into {} topics over {} terms"
            + " in {} s",
        documentsModelled,
        documentsIn,
        documentsEmpty,
        settings.k(),
        vocabulary.length,
        String.format(Locale.ROOT, "%.1f", stageSummary.seconds()));
    return new TopicResult(topics, reviewTopics, topicDaily, stageSummary);
  }

  /** Documents as term-count vectors, with the vocabulary and the document counts. */
  private record Corpus(
      Dataset<Row> documents, String[] vocabulary, long documentsIn, long documentsModelled) {}

  /**
   * Tokenizes the reviews, fits the vocabulary and returns the reviews that contain at least one
   * vocabulary term, persisted because LDA and the output tables read them again.
   *
   * <p>NOTE: these documents and the per-review topic weights stay persisted after the stage
   * returns, because the returned tables are lazy. The caller owns the session lifetime.
   */
  private static Corpus vectorize(
      SparkSession spark, TopicSettings settings, Dataset<Row> scoredReviews) {
    Dataset<Row> tokenized =
        removeStopWords(settings, tokenize(settings, scoredReviews))
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

      Dataset<Row> withTerms = tokenized.filter(size(col("terms")).gt(0));
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
                      .fit(withTerms));
      String[] vocabulary = vectorizer.vocabulary();
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
              .persist(StorageLevel.MEMORY_AND_DISK());
      long documentsModelled =
          SparkJobs.named(spark, STAGE, "count modelled documents", documents::count);
      if (documentsModelled < settings.k()) {
        documents.unpersist();
      }
      requireEnoughDocuments(settings, documentsModelled, documentsIn, "contain a vocabulary term");
      return new Corpus(documents, vocabulary, documentsIn, documentsModelled);
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

  private static Dataset<Row> removeStopWords(TopicSettings settings, Dataset<Row> tokenized) {
    Set<String> stopWords =
        new LinkedHashSet<>(List.of(StopWordsRemover.loadDefaultStopWords("english")));
    for (String word : settings.extraStopWords()) {
      stopWords.add(word.toLowerCase(Locale.ROOT));
    }
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
    if (documents < settings.k()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "topics: only %d of %d reviews %s after tokenizing and stop-word removal, fewer than"
                  + " k = %d topics. Lower hot-topic-miner.topics.k, relax the document frequency"
                  + " bounds or supply more reviews",
              documents,
              documentsIn,
              condition,
              settings.k()));
    }
  }

  private static UserDefinedFunction nonZeroCount() {
    return org.apache.spark.sql.functions.udf(
        (UDF1<Vector, Integer>) vector -> vector.numNonzeros(), DataTypes.IntegerType);
  }

  private static LDA lda(TopicSettings settings) {
    LDA lda =
        new LDA()
            .setK(settings.k())
            .setOptimizer(settings.optimizer())
            .setMaxIter(settings.maxIterations())
            .setSeed(settings.seed())
            .setFeaturesCol("features")
            .setTopicDistributionCol("topic_distribution");
    if (settings.docConcentration() != TopicSettings.DEFAULT_CONCENTRATION) {
      lda.setDocConcentration(settings.docConcentration());
    }
    if (settings.topicConcentration() != TopicSettings.DEFAULT_CONCENTRATION) {
      lda.setTopicConcentration(settings.topicConcentration());
    }
    return lda;
  }

  /**
   * Builds the k topic rows on the driver, which is cheap because describeTopics returns k rows.
   */
  private static Dataset<Row> describeTopics(
      SparkSession spark, TopicSettings settings, LDAModel model, String[] vocabulary) {
    List<Row> described =
        SparkJobs.named(
            spark,
            STAGE,
            "describe topics",
            () -> model.describeTopics(settings.topTerms()).collectAsList());
    List<Row> rows = new ArrayList<>();
    for (Row topicRow : described) {
      int topic = topicRow.getInt(topicRow.fieldIndex("topic"));
      List<Integer> termIndices = topicRow.getList(topicRow.fieldIndex("termIndices"));
      List<Double> termWeights = topicRow.getList(topicRow.fieldIndex("termWeights"));
      List<Row> terms = new ArrayList<>();
      List<String> labelTerms = new ArrayList<>();
      for (int i = 0; i < termIndices.size(); i++) {
        String term = vocabulary[termIndices.get(i)];
        terms.add(RowFactory.create(term, termWeights.get(i)));
        if (labelTerms.size() < LABEL_TERMS) {
          labelTerms.add(term);
        }
      }
      rows.add(RowFactory.create(topic, String.join(" / ", labelTerms), terms));
    }
    rows.sort((left, right) -> Integer.compare(left.getInt(0), right.getInt(0)));
    return spark.createDataFrame(rows, TOPICS_SCHEMA);
  }

  /**
   * Returns one row per review and topic with the review's sentiment and its dominant topic (the
   * first topic of maximum weight).
   */
  private static Dataset<Row> topicWeights(LDAModel model, Dataset<Row> documents) {
    Column weights = col("weights");
    return model
        .transform(documents)
        .select(
            col("review_id"),
            col("review_date"),
            col("sentiment_label"),
            col("sentiment_score"),
            functions.vector_to_array(col("topic_distribution"), "float64").as("weights"))
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
