package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import io.hottopicminer.core.SparkJobs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Frequent bigrams as extra terms. Bigrams are formed from neighbouring terms after stop-word
 * removal (MLlib NGram), so "the battery life is short" gives "battery life" and "life short". A
 * bigram found in at least {@code min-document-frequency} reviews is appended to each review's
 * terms as one term with a space, beside its two words.
 */
final class Phrases {
  private Phrases() {}

  /** Frequent bigrams and the reviews with them appended to {@code terms}. */
  record Result(Dataset<Row> documents, int phrases) {}

  /**
   * Appends the bigrams of {@code terms} that occur in at least {@code minDocumentFrequency}
   * reviews, keeping at most {@code maxPhrases} of the most frequent ones.
   */
  static Result append(
      SparkSession spark,
      String stage,
      Dataset<Row> documents,
      int minDocumentFrequency,
      int maxPhrases) {
    Dataset<Row> withBigrams =
        new NGram().setN(2).setInputCol("terms").setOutputCol("bigrams").transform(documents);
    Dataset<Row> frequent =
        withBigrams
            .select(explode(array_distinct(col("bigrams"))).as("bigram"))
            .groupBy(col("bigram"))
            .agg(count(lit(1)).as("documents"))
            .filter(col("documents").geq(minDocumentFrequency))
            .orderBy(col("documents").desc(), col("bigram").asc())
            .limit(maxPhrases);
    List<Row> rows = SparkJobs.named(spark, stage, "find frequent bigrams", frequent::collectAsList);
    Set<String> phrases = new HashSet<>();
    for (Row row : rows) {
      phrases.add(row.getString(0));
    }
    Dataset<Row> appended =
        withBigrams
            .withColumn(
                "terms", concat(col("terms"), keepPhrases(phrases).apply(col("bigrams"))))
            .drop("bigrams");
    return new Result(appended, phrases.size());
  }

  private static UserDefinedFunction keepPhrases(Set<String> phrases) {
    return org.apache.spark.sql.functions.udf(
        (UDF1<scala.collection.Seq<String>, String[]>)
            bigrams -> {
              List<String> kept = new ArrayList<>();
              for (String bigram : scala.collection.JavaConverters.seqAsJavaList(bigrams)) {
                if (phrases.contains(bigram)) {
                  kept.add(bigram);
                }
              }
              return kept.toArray(new String[0]);
            },
        DataTypes.createArrayType(DataTypes.StringType, false));
  }
}
