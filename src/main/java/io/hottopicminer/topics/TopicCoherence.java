package io.hottopicminer.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

import io.hottopicminer.core.SparkJobs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * NPMI coherence of topics over the modelled documents, and topic diversity.
 *
 * <p>With N documents, P(w) the fraction of documents containing w and P(a, b) the fraction
 * containing both, NPMI(a, b) = log(P(a, b) / (P(a) P(b))) / -log P(a, b). NPMI is -1 for a pair
 * that never co-occurs and 1 for a pair that always does. A topic's coherence is the mean NPMI over
 * all pairs of its scored terms. Only the document frequencies of the scored terms and of their
 * pairs reach the driver: at most k * n terms and (k * n)^2 / 2 pairs.
 */
public final class TopicCoherence {
  private TopicCoherence() {}

  /** Coherence per topic and the mean over topics. */
  public record Scores(double[] perTopic, double mean) {}

  /**
   * Scores each topic's {@code topTerms} (vocabulary indices) by NPMI over the term presence in the
   * {@code features} count vectors of {@code documents}.
   */
  public static Scores npmi(
      SparkSession spark, String stage, Dataset<Row> documents, int[][] topTerms) {
    Set<Integer> scored = new TreeSet<>();
    for (int[] terms : topTerms) {
      for (int term : terms) {
        scored.add(term);
      }
    }
    int[] scoredTerms = scored.stream().mapToInt(Integer::intValue).toArray();
    Dataset<Row> present =
        documents.select(presentTerms(scoredTerms).apply(col("features")).as("present"));

    long documentCount = SparkJobs.named(spark, stage, "count coherence documents", present::count);
    Map<Long, Long> frequencies = new HashMap<>();
    List<Row> counts =
        SparkJobs.named(
            spark,
            stage,
            "count term co-occurrence",
            () ->
                present
                    .select(explode(termPairs().apply(col("present"))).as("pair"))
                    .groupBy(col("pair"))
                    .agg(count(lit(1)).as("documents"))
                    .collectAsList());
    for (Row row : counts) {
      frequencies.put(row.getLong(0), row.getLong(1));
    }

    double[] perTopic = new double[topTerms.length];
    double total = 0.0;
    for (int topic = 0; topic < topTerms.length; topic++) {
      perTopic[topic] = topicNpmi(topTerms[topic], frequencies, documentCount);
      total += perTopic[topic];
    }
    return new Scores(perTopic, topTerms.length == 0 ? 0.0 : total / topTerms.length);
  }

  /** Returns the fraction of distinct terms among all top terms of all topics. */
  static double diversity(int[][] topTerms) {
    Set<Integer> distinct = new HashSet<>();
    int all = 0;
    for (int[] terms : topTerms) {
      for (int term : terms) {
        distinct.add(term);
        all++;
      }
    }
    return all == 0 ? 0.0 : (double) distinct.size() / all;
  }

  static double topicNpmi(int[] terms, Map<Long, Long> frequencies, long documents) {
    double sum = 0.0;
    int pairs = 0;
    for (int i = 0; i < terms.length; i++) {
      for (int j = i + 1; j < terms.length; j++) {
        long single = frequencies.getOrDefault(pairKey(terms[i], terms[i]), 0L);
        long other = frequencies.getOrDefault(pairKey(terms[j], terms[j]), 0L);
        long both = frequencies.getOrDefault(pairKey(terms[i], terms[j]), 0L);
        sum += npmi(single, other, both, documents);
        pairs++;
      }
    }
    return pairs == 0 ? 0.0 : sum / pairs;
  }

  /** NPMI of two terms from document counts; -1 when they never co-occur. */
  static double npmi(long first, long second, long both, long documents) {
    if (both == 0 || documents == 0) {
      return -1.0;
    }
    double joint = (double) both / documents;
    if (joint >= 1.0) {
      return 1.0;
    }
    double pmi = Math.log(joint / (((double) first / documents) * ((double) second / documents)));
    return pmi / -Math.log(joint);
  }

  /** Key of a term pair, order-free; a term paired with itself counts its documents. */
  static long pairKey(int first, int second) {
    int low = Math.min(first, second);
    int high = Math.max(first, second);
    return ((long) low << 32) | high;
  }

  private static UserDefinedFunction presentTerms(int[] scoredTerms) {
    return org.apache.spark.sql.functions.udf(
        (UDF1<Vector, int[]>)
            vector -> {
              List<Integer> found = new ArrayList<>();
              for (int term : scoredTerms) {
                if (vector.apply(term) != 0.0) {
                  found.add(term);
                }
              }
              return found.stream().mapToInt(Integer::intValue).toArray();
            },
        DataTypes.createArrayType(DataTypes.IntegerType, false));
  }

  private static UserDefinedFunction termPairs() {
    return org.apache.spark.sql.functions.udf(
        (UDF1<scala.collection.Seq<Integer>, long[]>)
            present -> {
              List<Integer> terms = scala.collection.JavaConverters.seqAsJavaList(present);
              long[] keys = new long[terms.size() * (terms.size() + 1) / 2];
              int next = 0;
              for (int i = 0; i < terms.size(); i++) {
                for (int j = i; j < terms.size(); j++) {
                  keys[next++] = pairKey(terms.get(i), terms.get(j));
                }
              }
              return keys;
            },
        DataTypes.createArrayType(DataTypes.LongType, false));
  }
}
