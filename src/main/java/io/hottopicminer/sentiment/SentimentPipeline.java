package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.classifier.dl.ClassifierDLModel;
import com.johnsnowlabs.nlp.annotators.sbd.pragmatic.SentenceDetector;
import com.johnsnowlabs.nlp.embeddings.BGEEmbeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.tensorflow.proto.framework.ConfigProto;
import org.tensorflow.proto.framework.GPUOptions;

/** Builds the Spark NLP pipeline stages and reads the classifier output columns. */
final class SentimentPipeline {
  static final String DOCUMENT = "sentiment_document";
  static final String SENTENCE = "sentiment_sentence";
  private static final String SENTENCE_EMBEDDING = "sentiment_sentence_embedding";
  private static final String ROW = "sentiment_row";
  static final String EMBEDDINGS = "sentiment_embeddings";
  static final String CLASS = "sentiment_class";

  private SentimentPipeline() {}

  /** Returns DocumentAssembler + saved BGEEmbeddings, with batch and length from settings. */
  static PipelineModel embedder(String embeddingsPath, SentimentSettings settings) {
    DocumentAssembler assembler = new DocumentAssembler();
    assembler.setInputCol("review_text");
    assembler.setOutputCol(DOCUMENT);
    BGEEmbeddings embeddings = (BGEEmbeddings) BGEEmbeddings.load(embeddingsPath);
    embeddings.setInputCols(new String[] {DOCUMENT});
    embeddings.setOutputCol(EMBEDDINGS);
    applyInferenceSettings(embeddings, settings);
    return new PipelineModel(
        Identifiable.randomUID("sentiment_embedder"), new Transformer[] {assembler, embeddings});
  }

  /**
   * Returns the stages of {@code model} (DocumentAssembler, BGEEmbeddings, head) set up for the
   * configured long-review mode. For {@code truncate} it returns {@code model} unchanged. For
   * {@code sentences} it adds a SentenceDetector after the DocumentAssembler and points the
   * embeddings at its sentences, so the head outputs one annotation per sentence.
   */
  static PipelineModel forLongReviews(PipelineModel model, SentimentSettings settings) {
    if (settings.longReviews().equals(SentimentSettings.LONG_REVIEWS_TRUNCATE)) {
      return model;
    }
    Transformer[] stages = model.stages();
    if (stages.length != 3 || !(stages[1] instanceof BGEEmbeddings embeddings)) {
      throw new IllegalStateException(
          "Expected a saved sentiment pipeline of DocumentAssembler, BGEEmbeddings and a head;"
              + " stages: "
              + Arrays.toString(stages));
    }
    embeddings.setInputCols(new String[] {SENTENCE});
    return new PipelineModel(
        Identifiable.randomUID("sentiment_sentences"),
        new Transformer[] {stages[0], sentenceDetector(), embeddings, stages[2]});
  }

  /**
   * Returns DocumentAssembler + SentenceDetector + saved BGEEmbeddings: one embedding annotation
   * per sentence.
   */
  static PipelineModel sentenceEmbedder(String embeddingsPath, SentimentSettings settings) {
    PipelineModel documents = embedder(embeddingsPath, settings);
    Transformer[] stages = documents.stages();
    ((BGEEmbeddings) stages[1]).setInputCols(new String[] {SENTENCE});
    return new PipelineModel(
        Identifiable.randomUID("sentiment_sentence_embedder"),
        new Transformer[] {stages[0], sentenceDetector(), stages[1]});
  }

  private static SentenceDetector sentenceDetector() {
    SentenceDetector detector = new SentenceDetector();
    detector.setInputCols(new String[] {DOCUMENT});
    detector.setOutputCol(SENTENCE);
    return detector;
  }

  /** Returns a pipeline of the embedder stages followed by the trained head. */
  static PipelineModel withHead(PipelineModel embedder, ClassifierDLModel head) {
    Transformer[] stages = Arrays.copyOf(embedder.stages(), embedder.stages().length + 1);
    stages[stages.length - 1] = head;
    return new PipelineModel(Identifiable.randomUID("sentiment"), stages);
  }

  /**
   * Sets batch size and max sentence length on the embeddings stage of a loaded pipeline, and the
   * TensorFlow session threads on its ClassifierDL head.
   */
  static void applyInferenceSettings(PipelineModel model, SentimentSettings settings) {
    boolean found = false;
    for (Transformer stage : model.stages()) {
      if (stage instanceof BGEEmbeddings embeddings) {
        applyInferenceSettings(embeddings, settings);
        found = true;
      } else if (stage instanceof ClassifierDLModel head && settings.headThreads() > 0) {
        head.setConfigProtoBytes(headSessionConfig(settings.headThreads()));
      }
    }
    if (!found) {
      throw new IllegalStateException(
          "The saved sentiment pipeline has no BGEEmbeddings stage; stages: "
              + Arrays.toString(model.stages()));
    }
  }

  private static void applyInferenceSettings(BGEEmbeddings embeddings, SentimentSettings settings) {
    embeddings.setBatchSize(settings.batchSize());
    embeddings.setMaxSentenceLength(settings.maxSentenceLength());
  }

  /**
   * Returns a TensorFlow ConfigProto, as the int array that ClassifierDLModel.setConfigProtoBytes
   * takes, that runs the head's ops in the calling thread with {@code threads} intra-op threads. It
   * keeps the two options of Spark NLP 5.5.3's default session config (soft placement, GPU memory
   * growth).
   *
   * <p>ClassifierDLModel (Spark NLP 5.5.3) makes one TensorFlow call per row. With the default
   * config the Spark task hands each call to TensorFlow's inter-op pool (one thread per core) and
   * waits for the result. So every row costs a hand-off to another thread and back, and the pool's
   * threads compete with the ONNX threads for the cores. A negative inter_op_parallelism_threads
   * runs the ops in the caller's thread instead (TensorFlow config.proto).
   *
   * <p>NOTE: Spark NLP creates the head's session on its first call and keeps it, so a head that
   * was already used (validated right after training in the same run) keeps the config it had.
   * TensorFlow sizes its process-wide intra-op pool from the first session of the JVM, so {@code
   * threads} holds only when the head's session is the first one. The head's ops are too small to
   * be split across threads, so that changes little.
   */
  static int[] headSessionConfig(int threads) {
    byte[] config =
        ConfigProto.newBuilder()
            .setAllowSoftPlacement(true)
            .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true))
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(-1)
            .build()
            .toByteArray();
    int[] values = new int[config.length];
    for (int i = 0; i < config.length; i++) {
      values[i] = config[i];
    }
    return values;
  }

  /**
   * Returns the label with the highest {@link #probability}, or null when there is no annotation.
   * Ties go to negative, then positive. With one annotation per review this is the label that
   * ClassifierDLModel outputs.
   */
  static Column predictedLabel() {
    return labelOf(
        probability(SentimentLabels.NEGATIVE),
        probability(SentimentLabels.NEUTRAL),
        probability(SentimentLabels.POSITIVE));
  }

  /**
   * Returns the label of the highest of three probabilities (ties as in {@link #predictedLabel}).
   */
  static Column labelOf(Column negative, Column neutral, Column positive) {
    return when(negative.geq(neutral).and(negative.geq(positive)), SentimentLabels.NEGATIVE)
        .when(positive.geq(neutral), SentimentLabels.POSITIVE)
        .when(neutral.isNotNull(), SentimentLabels.NEUTRAL);
  }

  /**
   * Returns the columns {@code inputColumns} of {@code embedded} and the three probabilities of {@code
   * head}, named {@code <label>_probability}, one row per row of {@code embedded}.
   *
   * <p>ClassifierDLModel (Spark NLP 5.5.3) classifies only the first sentence embedding of a row
   * and copies that result to every sentence of the row. So with {@code perSentence} each sentence
   * embedding is classified as a row of its own, and the probabilities are averaged per input row.
   */
  static Dataset<Row> classify(
      Transformer head, Dataset<Row> embedded, boolean perSentence, List<String> inputColumns) {
    List<Column> outputColumns = new ArrayList<>();
    if (!perSentence) {
      inputColumns.forEach(name -> outputColumns.add(col(name)));
      for (String label : SentimentLabels.ALL) {
        outputColumns.add(probability(label).as(label + "_probability"));
      }
      return head.transform(embedded).select(outputColumns.toArray(Column[]::new));
    }
    Metadata annotation = embedded.schema().apply(EMBEDDINGS).metadata();
    // NOTE: explode drops a row without sentence embeddings. SentenceDetector returns at least one
    // sentence for a non-blank text, and the stage scores blank texts apart, so none is expected.
    Dataset<Row> sentences =
        embedded
            .withColumn(ROW, monotonically_increasing_id())
            .withColumn(SENTENCE_EMBEDDING, explode(col(EMBEDDINGS)))
            .withColumn(EMBEDDINGS, array(col(SENTENCE_EMBEDDING)).as(EMBEDDINGS, annotation));
    List<Column> aggregates = new ArrayList<>();
    inputColumns.forEach(name -> aggregates.add(first(col(name)).as(name)));
    for (String label : SentimentLabels.ALL) {
      aggregates.add(avg(probability(label)).as(label + "_probability"));
    }
    return head.transform(sentences)
        .groupBy(col(ROW))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .drop(ROW);
  }

  /**
   * Returns the probability of {@code label}, averaged over the head's annotations of a row; null
   * when there are none. ClassifierDLModel stores the softmax score of each label as a string in
   * the annotation metadata, keyed by the label.
   */
  static Column probability(String label) {
    String sum =
        String.format(
            "aggregate(%s, 0D, (total, a) -> total + cast(a.metadata['%s'] AS DOUBLE))",
            CLASS, label);
    return expr("IF(size(" + CLASS + ") > 0, " + sum + " / size(" + CLASS + "), NULL)");
  }
}
