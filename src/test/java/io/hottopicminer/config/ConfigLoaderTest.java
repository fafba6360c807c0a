package io.hottopicminer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void overrideOfRootMovesDerivedPaths() {
    Config config = ConfigLoader.load(Optional.empty(), List.of("lake.root=/data/lake"));
    assertEquals("/data/lake/models", config.getString("hot-topic-miner.lake.models-path"));
  }

  @Test
  void setValueWinsOverFile(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("job.conf");
    Files.writeString(file, "hot-topic-miner.spark.app-name = from-file\n");
    Config config =
        ConfigLoader.load(Optional.of(file.toString()), List.of("spark.app-name=from-set"));
    assertEquals("from-set", config.getString("hot-topic-miner.spark.app-name"));
  }

  @Test
  void unknownKeyIsRejected() {
    var error =
        assertThrows(
            InvalidConfigException.class,
            () -> ConfigLoader.load(Optional.empty(), List.of("lake.rooot=/x")));
    assertEquals("hot-topic-miner.lake.rooot", error.key());
    assertTrue(error.getMessage().contains("known key"), error.getMessage());
  }

  @Test
  void freeFormBlocksAcceptAnyKey() {
    Config config =
        ConfigLoader.load(
            Optional.empty(), List.of("spark.conf.\"spark.sql.shuffle.partitions\"=7"));
    assertEquals(
        "7", config.getString("hot-topic-miner.spark.conf.\"spark.sql.shuffle.partitions\""));
  }

  @Test
  void missingFileIsRejected() {
    var error =
        assertThrows(
            InvalidConfigException.class,
            () -> ConfigLoader.load(Optional.of("/no/such/file.conf"), List.of()));
    assertTrue(error.getMessage().contains("/no/such/file.conf"), error.getMessage());
  }

  @Test
  void dumpRedactsSecrets() {
    Config config =
        ConfigLoader.load(
            Optional.empty(),
            List.of("spark.conf.\"spark.hadoop.fs.s3a.secret.key\"=topsecretvalue"));
    String dump = ConfigLoader.redactedDump(config);
    assertFalse(dump.contains("topsecretvalue"), dump);
    assertTrue(dump.contains("****"), dump);
  }

  @Test
  void digestChangesWithSettings() {
    String first = ConfigLoader.digest(ConfigLoader.load(Optional.empty(), List.of()));
    String second =
        ConfigLoader.digest(ConfigLoader.load(Optional.empty(), List.of("spark.app-name=other")));
    assertNotEquals(first, second);
    assertEquals(16, first.length());
  }

  @Test
  void readerNamesKeyOfBadNumber() {
    Config config = ConfigLoader.load(Optional.empty(), List.of("spark.app-name=x"));
    ConfigReader reader = new ConfigReader(config.getConfig("hot-topic-miner"), "hot-topic-miner");
    var error =
        assertThrows(InvalidConfigException.class, () -> reader.intBetween("spark.app-name", 1, 5));
    assertEquals("hot-topic-miner.spark.app-name", error.key());
    assertTrue(error.getMessage().contains("'x'"), error.getMessage());
    assertTrue(error.getMessage().contains("an integer from 1 to 5"), error.getMessage());
  }
}
