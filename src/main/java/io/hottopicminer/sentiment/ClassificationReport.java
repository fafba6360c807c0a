package io.hottopicminer.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confusion matrix and per-class precision, recall and F1 of predicted against actual labels.
 *
 * @param labels class labels, in the order of the matrix rows and columns
 * @param confusion {@code confusion[a][p]} counts rows of actual label {@code labels[a]} predicted
 *     as {@code labels[p]}; the extra last column counts predictions outside {@code labels}
 */
public record ClassificationReport(List<String> labels, long[][] confusion) {

  /** Counts {@code actual} against {@code predicted}; actual labels must be in {@code labels}. */
  public static ClassificationReport of(
      List<String> actual, List<String> predicted, List<String> labels) {
    if (actual.size() != predicted.size()) {
      throw new IllegalArgumentException(
          "Expected label lists of equal size, got " + actual.size() + " and " + predicted.size());
    }
    long[][] confusion = new long[labels.size()][labels.size() + 1];
    for (int i = 0; i < actual.size(); i++) {
      int row = labels.indexOf(actual.get(i));
      if (row < 0) {
        throw new IllegalArgumentException(
            "Actual label '" + actual.get(i) + "' is not one of " + labels);
      }
      int column = labels.indexOf(predicted.get(i));
      confusion[row][column < 0 ? labels.size() : column]++;
    }
    return new ClassificationReport(List.copyOf(labels), confusion);
  }

  /** Returns the number of rows counted. */
  public long rows() {
    long total = 0;
    for (long[] row : confusion) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  /** Returns the number of rows whose actual label is {@code labels[index]}. */
  public long support(int index) {
    long total = 0;
    for (long count : confusion[index]) {
      total += count;
    }
    return total;
  }

  /** Returns the share of rows predicted correctly, or 0 when there are no rows. */
  public double accuracy() {
    long correct = 0;
    for (int i = 0; i < labels.size(); i++) {
      correct += confusion[i][i];
    }
    long rows = rows();
    return rows == 0 ? 0 : (double) correct / rows;
  }

  /** Returns the precision of {@code labels[index]}, or 0 when it was never predicted. */
  public double precision(int index) {
    long predicted = 0;
    for (long[] row : confusion) {
      predicted += row[index];
    }
    return predicted == 0 ? 0 : (double) confusion[index][index] / predicted;
  }

  /** Returns the recall of {@code labels[index]}, or 0 when the class has no rows. */
  public double recall(int index) {
    long support = support(index);
    return support == 0 ? 0 : (double) confusion[index][index] / support;
  }

  /** Returns the F1 of {@code labels[index]}, or 0 when precision and recall are both 0. */
  public double f1(int index) {
    double precision = precision(index);
    double recall = recall(index);
    return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  }

  /** Returns the unweighted mean of the per-class F1. */
  public double macroF1() {
    double sum = 0;
    for (int i = 0; i < labels.size(); i++) {
      sum += f1(i);
    }
    return sum / labels.size();
  }

  /** Returns the recall of {@code label}. */
  public double recall(String label) {
    return recall(indexOf(label));
  }

  private int indexOf(String label) {
    int index = labels.indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("Label '" + label + "' is not one of " + labels);
    }
    return index;
  }

  /**
   * Returns two markdown tables: per-class precision, recall, F1 and support with accuracy and
   * macro-F1 below, and the confusion matrix (rows actual, columns predicted).
   */
  public String toMarkdown() {
    List<String> lines = new ArrayList<>();
    lines.add("| class | precision | recall | F1 | support |");
    lines.add("|---|---:|---:|---:|---:|");
    for (int i = 0; i < labels.size(); i++) {
      lines.add(
          String.format(
              Locale.ROOT,
              "| %s | %.3f | %.3f | %.3f | %d |",
              labels.get(i),
              precision(i),
              recall(i),
              f1(i),
              support(i)));
    }
    lines.add(
        String.format(
            Locale.ROOT, "| accuracy | | | %.3f | %d |", accuracy(), rows()));
    lines.add(String.format(Locale.ROOT, "| macro avg | | | %.3f | %d |", macroF1(), rows()));
    lines.add("");
    StringBuilder header = new StringBuilder("| actual \\ predicted |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String label : labels) {
      header.append(' ').append(label).append(" |");
      rule.append("---:|");
    }
    boolean hasOther = false;
    for (long[] row : confusion) {
      hasOther |= row[labels.size()] > 0;
    }
    if (hasOther) {
      header.append(" other |");
      rule.append("---:|");
    }
    lines.add(header.toString());
    lines.add(rule.toString());
    for (int i = 0; i < labels.size(); i++) {
      StringBuilder line = new StringBuilder("| ").append(labels.get(i)).append(" |");
      int columns = hasOther ? labels.size() + 1 : labels.size();
      for (int j = 0; j < columns; j++) {
        line.append(' ').append(confusion[i][j]).append(" |");
      }
      lines.add(line.toString());
    }
    return String.join("\n", lines) + "\n";
  }
}
