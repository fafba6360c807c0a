package io.hottopicminer.job;

import com.typesafe.config.Config;
import io.hottopicminer.config.ConfigLoader;
import io.hottopicminer.config.ConfigReader;
import io.hottopicminer.config.InvalidConfigException;
import io.hottopicminer.ingest.IngestSettings;
import io.hottopicminer.lake.LakeSettings;
import io.hottopicminer.ranking.RankingSettings;
import io.hottopicminer.rules.RuleSettings;
import io.hottopicminer.sentiment.SentimentSettings;
import io.hottopicminer.topics.TopicSettings;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/** Every setting of one run, validated once at start-up into typed, immutable values. */
public record JobSettings(
    Optional<LocalDate> runDate,
    SparkSettings spark,
    LakeSettings lake,
    IngestSettings inputs,
    SentimentSettings sentiment,
    TopicSettings topics,
    RuleSettings rules,
    RankingSettings ranking,
    String configDigest) {

  /** Session settings: master (empty when spark-submit sets it), app name, extra Spark conf. */
  public record SparkSettings(Optional<String> master, String appName, Map<String, String> conf) {
    public SparkSettings {
      conf = Map.copyOf(conf);
    }
  }

  /**
   * Validates {@code config}; a {@code --run-date} on the command line wins over the config key.
   * Throws {@link InvalidConfigException} naming the first invalid key.
   */
  public static JobSettings from(Config config, Optional<LocalDate> runDateArgument) {
    ConfigReader root = new ConfigReader(config.getConfig(ConfigLoader.ROOT), ConfigLoader.ROOT);
    Optional<LocalDate> runDate =
        runDateArgument.isPresent() ? runDateArgument : root.optionalDate("run-date");
    ConfigReader sparkBlock = root.block("spark");
    SparkSettings spark =
        new SparkSettings(
            sparkBlock.optionalString("master"),
            sparkBlock.string("app-name"),
            sparkBlock.stringMap("conf"));
    JobSettings settings =
        new JobSettings(
            runDate,
            spark,
            LakeSettings.from(root.block("lake")),
            IngestSettings.from(root.block("inputs")),
            SentimentSettings.from(root.block("sentiment")),
            TopicSettings.from(root.block("topics")),
            RuleSettings.from(root.block("rules")),
            RankingSettings.from(root.block("ranking")),
            ConfigLoader.digest(config));
    settings.checkWindows();
    settings.rules().checkAgainst(settings.inputs());
    return settings;
  }

  /** The reviews' lookback must cover the ranking's baseline and recent windows. */
  private void checkWindows() {
    int needed = ranking.recentDays() + ranking.baselineDays();
    int lookback = inputs.reviews().lookbackDays();
    if (lookback < needed) {
      throw new InvalidConfigException(
          ConfigLoader.ROOT + ".inputs.reviews.lookback-days",
          lookback,
          "at least ranking.recent-days + ranking.baseline-days = " + needed);
    }
  }
}
