package io.hottopicminer.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.hottopicminer.config.ConfigReader;
import java.nio.file.Path;

/** Builds ingest settings for tests from HOCON text or a file, over the bundled reference.conf. */
final class IngestTestConfigs {
  private IngestTestConfigs() {}

  /** Returns settings from the body of the {@code hot-topic-miner.inputs} block. */
  static IngestSettings fromInputsBlock(String inputsBlock) {
    Config user = ConfigFactory.parseString("hot-topic-miner.inputs {\n" + inputsBlock + "\n}");
    return from(user);
  }

  /** Returns settings from a config file, resolving its includes relative to the file. */
  static IngestSettings fromFile(Path file) {
    Config user =
        ConfigFactory.parseFile(
            file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    return from(user);
  }

  /** Returns a reader positioned at {@code hot-topic-miner.inputs}. */
  static ConfigReader inputsReader(Config user) {
    Config config = user.withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
    return new ConfigReader(config.getConfig("hot-topic-miner.inputs"), "hot-topic-miner.inputs");
  }

  private static IngestSettings from(Config user) {
    return IngestSettings.from(inputsReader(user));
  }

  /** Returns {@code path} as a HOCON string literal. */
  static String quoted(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\") + "\"";
  }
}
