package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  // Actual: 2 negative, 1 neutral, 3 positive. Predicted: one negative as positive, the neutral
  // as negative, one positive as "" (no prediction).
  private static final ClassificationReport REPORT =
      ClassificationReport.of(
          List.of("negative", "negative", "neutral", "positive", "positive", "positive"),
          List.of("negative", "positive", "negative", "positive", "positive", ""),
          LABELS);

  @Test
  void confusionCountsUnknownPrediction() {
    assertArrayEquals(new long[] {1, 0, 1, 0}, REPORT.confusion()[0]);
    assertArrayEquals(new long[] {1, 0, 0, 0}, REPORT.confusion()[1]);
    assertArrayEquals(new long[] {0, 0, 2, 1}, REPORT.confusion()[2]);
    assertEquals(6, REPORT.rows());
  }

  @Test
  void perClassFigures() {
    assertEquals(0.5, REPORT.precision(0), 1e-12);
    assertEquals(0.5, REPORT.recall(0), 1e-12);
    assertEquals(0.5, REPORT.f1(0), 1e-12);
    assertEquals(0.0, REPORT.f1(1), 1e-12);
    assertEquals(2.0 / 3, REPORT.precision(2), 1e-12);
    assertEquals(2.0 / 3, REPORT.recall("positive"), 1e-12);
    assertEquals(0.5, REPORT.accuracy(), 1e-12);
    assertEquals((0.5 + 0 + 2.0 / 3) / 3, REPORT.macroF1(), 1e-12);
  }

  @Test
  void macroF1AgreesWithMetrics() {
    List<String> actual = List.of("negative", "neutral", "positive", "positive", "neutral");
    List<String> predicted = List.of("neutral", "neutral", "positive", "negative", "positive");
    assertEquals(
        ClassificationMetrics.macroF1(actual, predicted, LABELS),
        ClassificationReport.of(actual, predicted, LABELS).macroF1(),
        1e-12);
  }

  @Test
  void markdownListsOtherColumn() {
    String markdown = REPORT.toMarkdown();
    assertTrue(markdown.contains("| negative | 0.500 | 0.500 | 0.500 | 2 |"), markdown);
    assertTrue(markdown.contains("| accuracy | | | 0.500 | 6 |"), markdown);
    assertTrue(markdown.contains("| actual \\ predicted | negative | neutral | positive | other |"),
        markdown);
    assertTrue(markdown.contains("| positive | 0 | 0 | 2 | 1 |"), markdown);
  }

  @Test
  void unknownActualLabelRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassificationReport.of(List.of("mixed"), List.of("positive"), LABELS));
  }
}
