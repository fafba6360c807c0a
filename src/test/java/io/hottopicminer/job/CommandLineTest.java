package io.hottopicminer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void defaultsToRunCommand() {
    CommandLine cli =
        CommandLine.parse(
            new String[] {
              "--config", "conf/local.conf", "--run-date", "2025-09-30", "--set", "topics.k=5"
            });
    assertEquals("run", cli.command());
    assertEquals(Optional.of("conf/local.conf"), cli.configFile());
    assertEquals(Optional.of(LocalDate.of(2025, 9, 30)), cli.runDate());
    assertEquals(List.of("topics.k=5"), cli.overrides());
  }

  @Test
  void sqlTakesStatementAndFormat() {
    CommandLine cli = CommandLine.parse(new String[] {"sql", "--format", "table", "SELECT 1"});
    assertEquals("sql", cli.command());
    assertEquals("table", cli.sqlFormat());
    assertEquals(List.of("SELECT 1"), cli.arguments());
  }

  @Test
  void invalidRunDateIsRejected() {
    var error =
        assertThrows(
            CommandLine.UsageException.class,
            () -> CommandLine.parse(new String[] {"--run-date", "30/09/2025"}));
    assertTrue(error.getMessage().contains("30/09/2025"), error.getMessage());
  }

  @Test
  void unknownOptionIsRejected() {
    var error =
        assertThrows(
            CommandLine.UsageException.class,
            () -> CommandLine.parse(new String[] {"--rundate", "2025-09-30"}));
    assertTrue(error.getMessage().contains("--rundate"), error.getMessage());
  }

  @Test
  void setWithoutEqualsIsRejected() {
    assertThrows(
        CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--set", "topics.k"}));
  }

  @Test
  void missingOptionValueIsRejected() {
    assertThrows(
        CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"--config"}));
  }
}
