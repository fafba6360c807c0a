package io.hottopicminer.topics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.spark.ml.linalg.Matrix;

/**
 * Term distributions of the fitted topics on the driver: p(w|t) for every topic and vocabulary
 * term, and the corpus term probability p(w).
 *
 * <p>The arrays are k x V and V long, which the stage keeps small through {@code vocabulary-size}.
 */
final class TopicTerms {
  private final double[][] termProbabilities;
  private final double[] corpusProbabilities;

  private TopicTerms(double[][] termProbabilities, double[] corpusProbabilities) {
    this.termProbabilities = termProbabilities;
    this.corpusProbabilities = corpusProbabilities;
  }

  /**
   * Normalizes each column of MLlib's V x k {@code topicsMatrix} to p(w|t), and {@code termCounts}
   * (the corpus count of each term) to p(w). Both optimizers return unnormalized columns: expected
   * term counts for em and variational parameters for online.
   */
  static TopicTerms of(Matrix topicsMatrix, double[] termCounts) {
    int vocabularySize = topicsMatrix.numRows();
    int k = topicsMatrix.numCols();
    double[][] probabilities = new double[k][vocabularySize];
    for (int topic = 0; topic < k; topic++) {
      double total = 0.0;
      for (int term = 0; term < vocabularySize; term++) {
        total += topicsMatrix.apply(term, topic);
      }
      for (int term = 0; term < vocabularySize; term++) {
        probabilities[topic][term] = total > 0.0 ? topicsMatrix.apply(term, topic) / total : 0.0;
      }
    }
    double corpusTotal = Arrays.stream(termCounts).sum();
    double[] corpus = new double[termCounts.length];
    for (int term = 0; term < termCounts.length; term++) {
      corpus[term] = corpusTotal > 0.0 ? termCounts[term] / corpusTotal : 0.0;
    }
    return new TopicTerms(probabilities, corpus);
  }

  int topics() {
    return termProbabilities.length;
  }

  double probability(int topic, int term) {
    return termProbabilities[topic][term];
  }

  /** Returns the indices of the {@code n} most probable terms of {@code topic}, most probable first. */
  int[] mostProbable(int topic, int n) {
    double[] row = termProbabilities[topic];
    return top(n, term -> row[term]);
  }

  /**
   * Returns the indices of the {@code n} terms of {@code topic} with the highest LDAvis relevance
   * {@code lambda * log p(w|t) + (1 - lambda) * log(p(w|t) / p(w))}, highest first.
   */
  int[] mostRelevant(int topic, int n, double lambda) {
    double[] row = termProbabilities[topic];
    return top(n, term -> relevance(row[term], corpusProbabilities[term], lambda));
  }

  static double relevance(double termProbability, double corpusProbability, double lambda) {
    if (termProbability <= 0.0 || corpusProbability <= 0.0) {
      return Double.NEGATIVE_INFINITY;
    }
    double logProbability = Math.log(termProbability);
    return lambda * logProbability + (1.0 - lambda) * (logProbability - Math.log(corpusProbability));
  }

  /** Ties go to the lower term index, which CountVectorizer gives to the more frequent term. */
  private int[] top(int n, java.util.function.IntToDoubleFunction score) {
    int vocabularySize = corpusProbabilities.length;
    return IntStream.range(0, vocabularySize)
        .boxed()
        .sorted(
            Comparator.comparingDouble((Integer term) -> score.applyAsDouble(term))
                .reversed()
                .thenComparingInt(term -> term))
        .limit(Math.min(n, vocabularySize))
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
