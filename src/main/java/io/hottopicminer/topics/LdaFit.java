package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.col;

import io.hottopicminer.core.SparkJobs;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.mllib.clustering.DistributedLDAModel;
import org.apache.spark.mllib.clustering.LDA;
import org.apache.spark.mllib.clustering.LDAModel;
import org.apache.spark.mllib.clustering.LocalLDAModel;
import org.apache.spark.mllib.clustering.OnlineLDAOptimizer;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * One MLlib LDA fit over the term-count vectors of the modelled reviews.
 *
 * <p>The fit uses MLlib's RDD API because it returns the em optimizer's own topic mixture of each
 * training document: the document's expected term counts per topic, normalized to sum to 1. The
 * DataFrame API re-infers mixtures with variational inference, which adds alpha to every topic as
 * a pseudo-count. With the em prior alpha = 1.1 and k = 10, a review of 6
 * terms can then put at most (1.1 + 6) / (11 + 6) = 0.42 on any topic, and the rest spreads evenly
 * over the other topics. For the online optimizer both APIs run the same variational inference.
 *
 * @param topicsMatrix V x k matrix whose columns are proportional to p(w|t)
 * @param mixtures document_id LONG and weights ARRAY&lt;DOUBLE&gt; (k topic weights summing to 1)
 * @param logPerplexity MLlib's log perplexity over the modelled reviews (lower is better)
 * @param fitSeconds wall-clock seconds of the fit itself, without the perplexity pass
 */
public record LdaFit(
    Matrix topicsMatrix, Dataset<Row> mixtures, double logPerplexity, double fitSeconds) {

  private static final StructType MIXTURE_SCHEMA =
      new StructType()
          .add("document_id", DataTypes.LongType, false)
          .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  /**
   * Fits {@code k} topics over the {@code document_id} and {@code features} columns of {@code
   * documents}, with the optimizer, iterations, priors and seed of {@code settings}.
   */
  public static LdaFit fit(
      SparkSession spark, String stage, TopicSettings settings, int k, Dataset<Row> documents) {
    return fit(spark, stage, settings, k, documents, null);
  }

  /**
   * Fits like {@link #fit(SparkSession, String, TopicSettings, int, Dataset)}, but when {@code
   * termTopicShares} is not null the em optimizer starts from those topic shares of each vocabulary
   * term (see {@link LdaWarmStart}) instead of MLlib's random start. The shares must have {@code k}
   * topics; the online optimizer ignores them.
   */
  static LdaFit fit(
      SparkSession spark,
      String stage,
      TopicSettings settings,
      int k,
      Dataset<Row> documents,
      double[][] termTopicShares) {
    JavaPairRDD<Long, Vector> corpus =
        documents
            .select(col("document_id"), col("features"))
            .javaRDD()
            .mapToPair(
                row ->
                    new Tuple2<>(
                        row.getLong(0),
                        Vectors.fromML(row.<org.apache.spark.ml.linalg.Vector>getAs(1))));
    LDA lda =
        new LDA().setK(k).setMaxIterations(settings.maxIterations()).setSeed(settings.seed());
    if ("online".equals(settings.optimizer())) {
      // The DataFrame API learns alpha by default with online; keep that behaviour.
      lda.setOptimizer(new OnlineLDAOptimizer().setOptimizeDocConcentration(true));
    } else {
      lda.setOptimizer("em");
    }
    // MLlib reads -1 as "choose the default for the optimizer", the same sentinel as the settings.
    lda.setDocConcentration(settings.docConcentration());
    lda.setTopicConcentration(settings.topicConcentration());

    long start = System.nanoTime();
    boolean warm = termTopicShares != null && !"online".equals(settings.optimizer());
    LDAModel model =
        SparkJobs.named(
            spark,
            stage,
            (warm ? "fit LDA from the previous topics k=" : "fit LDA k=") + k,
            () -> warm ? LdaWarmStart.run(spark, lda, corpus, termTopicShares) : lda.run(corpus));
    double fitSeconds = (System.nanoTime() - start) / 1e9;
    LocalLDAModel local;
    JavaPairRDD<Long, Vector> mixtures;
    if (model instanceof DistributedLDAModel distributed) {
      local = distributed.toLocal();
      mixtures = distributed.javaTopicDistributions();
    } else {
      local = (LocalLDAModel) model;
      mixtures = local.topicDistributions(corpus);
    }
    Matrix topicsMatrix =
        SparkJobs.named(spark, stage, "collect topics matrix", () -> model.topicsMatrix().asML());
    double logPerplexity =
        SparkJobs.named(spark, stage, "log perplexity", () -> local.logPerplexity(corpus));
    Dataset<Row> mixtureRows =
        spark.createDataFrame(
            mixtures.map(pair -> RowFactory.create(pair._1(), pair._2().toArray())),
            MIXTURE_SCHEMA);
    return new LdaFit(topicsMatrix, mixtureRows, logPerplexity, fitSeconds);
  }
}
