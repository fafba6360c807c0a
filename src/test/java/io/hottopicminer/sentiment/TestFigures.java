package io.hottopicminer.sentiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends measured figures (macro-F1, texts per second) to {@code
 * target/sentiment-test-figures.txt}, because INFO log lines do not reach the Surefire output
 * of this build and Surefire does not record JUnit report entries.
 */
final class TestFigures {
  private TestFigures() {}

  static void record(String name, Object value) {
    Path file =
        Path.of(System.getProperty("project.basedir", "."), "target", "sentiment-test-figures.txt");
    String line = Instant.now() + " " + name + "=" + value + System.lineSeparator();
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + file, e);
    }
  }
}
