package io.hottopicminer.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import org.junit.jupiter.api.Test;

class RankingSettingsTest {
  private static final String BLOCK = "hot-topic-miner.ranking";

  private static Config defaults() {
    return ConfigFactory.parseResources("reference.conf").resolve().getConfig(BLOCK);
  }

  private static RankingSettings read(Config config) {
    return RankingSettings.from(new ConfigReader(config, BLOCK));
  }

  @Test
  void defaultsFromReferenceConf() {
    RankingSettings settings = read(defaults());
    assertEquals(new RankingSettings(7, 28, 1.0, 1.0, 0.25, 2.0, 0.5, 3.0, 3, 3, "share", 5.0), settings);
  }

  @Test
  void zeroSmoothingRejected() {
    Config config = defaults().withValue("smoothing", ConfigValueFactory.fromAnyRef(0.0));
    InvalidConfigException error = assertThrows(InvalidConfigException.class, () -> read(config));
    assertEquals(BLOCK + ".smoothing", error.key());
  }

  @Test
  void missingWeightRejected() {
    Config config = defaults().withoutPath("weights.z-score");
    InvalidConfigException error = assertThrows(InvalidConfigException.class, () -> read(config));
    assertEquals(BLOCK + ".weights.z-score", error.key());
  }
}
