package io.hottopicminer.topics;

import com.typesafe.config.ConfigFactory;
import io.hottopicminer.config.ConfigReader;

/** Topic settings for tests and benchmarks: reference.conf's topics block with overrides. */
public final class TopicTestSettings {
  private static final String BLOCK = "hot-topic-miner.topics";

  private TopicTestSettings() {}

  /**
   * Returns the settings of reference.conf's topics block with {@code overrides} applied, for
   * example {@code "k = 3, seed = 99"}. Keys are relative to the block.
   */
  public static TopicSettings of(String overrides) {
    return TopicSettings.from(
        new ConfigReader(
            ConfigFactory.parseString(overrides)
                .withFallback(
                    ConfigFactory.parseResources("reference.conf").resolve().getConfig(BLOCK)),
            BLOCK));
  }
}
