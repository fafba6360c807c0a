package io.hottopicminer.sentiment;

import java.util.List;

/** Accuracy and macro-averaged F1 of predicted labels against actual labels. */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** Returns the share of rows whose predicted label equals the actual label. */
  public static double accuracy(List<String> actual, List<String> predicted) {
    checkSizes(actual, predicted);
    int correct = 0;
    for (int i = 0; i < actual.size(); i++) {
      if (actual.get(i).equals(predicted.get(i))) {
        correct++;
      }
    }
    return (double) correct / actual.size();
  }

  /**
   * Returns the unweighted mean over {@code labels} of the per-label F1. A label with no actual and
   * no predicted rows counts as F1 0.
   */
  public static double macroF1(List<String> actual, List<String> predicted, List<String> labels) {
    checkSizes(actual, predicted);
    double sum = 0;
    for (String label : labels) {
      int truePositives = 0;
      int falsePositives = 0;
      int falseNegatives = 0;
      for (int i = 0; i < actual.size(); i++) {
        boolean isActual = label.equals(actual.get(i));
        boolean isPredicted = label.equals(predicted.get(i));
        if (isActual && isPredicted) {
          truePositives++;
        } else if (isPredicted) {
          falsePositives++;
        } else if (isActual) {
          falseNegatives++;
        }
      }
      int denominator = 2 * truePositives + falsePositives + falseNegatives;
      sum += denominator == 0 ? 0 : 2.0 * truePositives / denominator;
    }
    return sum / labels.size();
  }

  private static void checkSizes(List<String> actual, List<String> predicted) {
    if (actual.size() != predicted.size() || actual.isEmpty()) {
      throw new IllegalArgumentException(
          "Expected two non-empty label lists of equal size, got "
              + actual.size()
              + " and "
              + predicted.size());
    }
  }
}
