package io.hottopicminer.sentiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.testing.SparkTestSession;
import java.nio.file.Path;

/**
 * Test fixture: imports bge-small-en-v1.5 once into {@code target/test-models} and reuses that
 * copy in later runs, because importing is slow and only one import may run per JVM.
 */
final class TestModels {
  private static String modelsPath;

  private TestModels() {}

  /** Returns the models path, importing the embeddings the first time it is needed. */
  static synchronized String modelsPath() {
    if (modelsPath == null) {
      String path =
          Path.of(System.getProperty("project.basedir", "."), "target", "test-models")
              .toAbsolutePath()
              .toString();
      EmbeddingModelImporter.importIfMissing(SparkTestSession.get(), settings(""), path);
      modelsPath = path;
    }
    return modelsPath;
  }

  /** Returns settings from reference.conf with {@code overrides} (HOCON) applied. */
  static SentimentSettings settings(String overrides) {
    return SentimentSettings.from(reader(overrides));
  }

  static ConfigReader reader(String overrides) {
    Config config =
        ConfigFactory.parseString(overrides)
            .atPath("hot-topic-miner.sentiment")
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return new ConfigReader(
        config.getConfig("hot-topic-miner.sentiment"), "hot-topic-miner.sentiment");
  }
}
