package io.hottopicminer.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  private static final List<String> LABELS = List.of("a", "b", "c");

  @Test
  void macroF1PerfectIsOne() {
    List<String> labels = List.of("a", "b", "c", "a");
    assertEquals(1.0, ClassificationMetrics.macroF1(labels, labels, LABELS), 1e-12);
  }

  @Test
  void macroF1MajorityGuessIsSixth() {
    List<String> actual = List.of("a", "b", "c");
    List<String> predicted = List.of("a", "a", "a");
    // F1(a) = 2*1 / (2*1 + 2 + 0) = 0.5, F1(b) = F1(c) = 0.
    assertEquals(0.5 / 3, ClassificationMetrics.macroF1(actual, predicted, LABELS), 1e-12);
    assertEquals(1.0 / 3, ClassificationMetrics.accuracy(actual, predicted), 1e-12);
  }

  @Test
  void sizeMismatchRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassificationMetrics.accuracy(List.of("a"), List.of("a", "b")));
  }
}
