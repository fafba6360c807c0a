package io.hottopicminer.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

import com.johnsnowlabs.nlp.DocumentAssembler;
import com.johnsnowlabs.nlp.annotators.classifier.dl.ClassifierDLModel;
import com.johnsnowlabs.nlp.embeddings.BGEEmbeddings;
import java.util.Arrays;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;

/** Builds the Spark NLP pipeline stages and reads the classifier output columns. */
final class SentimentPipeline {
  static final String DOCUMENT = "sentiment_document";
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

  /** Returns a pipeline of the embedder stages followed by the trained head. */
  static PipelineModel withHead(PipelineModel embedder, ClassifierDLModel head) {
    Transformer[] stages = Arrays.copyOf(embedder.stages(), embedder.stages().length + 1);
    stages[stages.length - 1] = head;
    return new PipelineModel(Identifiable.randomUID("sentiment"), stages);
  }

  /** Sets batch size and max sentence length on the embeddings stage of a loaded pipeline. */
  static void applyInferenceSettings(PipelineModel model, SentimentSettings settings) {
    boolean found = false;
    for (Transformer stage : model.stages()) {
      if (stage instanceof BGEEmbeddings embeddings) {
        applyInferenceSettings(embeddings, settings);
        found = true;
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

  /** Returns the label of the first (only) document annotation, or null when there is none. */
  static Column predictedLabel() {
    return element_at(col(CLASS), 1).getField("result");
  }

  /**
   * Returns the probability of {@code label}. ClassifierDLModel stores the softmax score of each
   * label as a string in the annotation metadata, keyed by the label.
   */
  static Column probability(String label) {
    return element_at(col(CLASS), 1).getField("metadata").getItem(label).cast("double");
  }
}
