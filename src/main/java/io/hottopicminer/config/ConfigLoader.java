package io.hottopicminer.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads the configuration in the order reference.conf, then the --config file, then --set
 * overrides, and resolves substitutions last so that an override of {@code lake.root} also moves
 * the paths derived from it.
 */
public final class ConfigLoader {
  public static final String ROOT = "hot-topic-miner";

  /** Blocks whose keys are free-form (Spark settings, reader options, catalog properties). */
  private static final List<String> OPEN_BLOCKS =
      List.of(
          ROOT + ".spark.conf",
          ROOT + ".lake.catalog",
          ROOT + ".inputs.reviews.options",
          ROOT + ".inputs.events.options");

  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(secret|password|passwd|token|credential|access[.-]?key).*");

  private ConfigLoader() {}

  /**
   * Returns the resolved configuration, or throws {@link InvalidConfigException} for an unreadable
   * file, a malformed override or a key that reference.conf does not define.
   */
  public static Config load(Optional<String> configFile, List<String> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config file = ConfigFactory.empty();
    if (configFile.isPresent()) {
      File path = new File(configFile.get());
      if (!path.isFile()) {
        throw new InvalidConfigException(
            "--config",
            configFile.get(),
            "an existing HOCON file (path relative to " + cwd() + ")");
      }
      try {
        file = ConfigFactory.parseFile(path, ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new InvalidConfigException(
            "--config", configFile.get(), "valid HOCON: " + e.getMessage());
      }
    }
    Config sets = parseOverrides(overrides);
    Config user = sets.withFallback(file);
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException(
          e.origin() == null ? "--config" : e.origin().description(),
          e.getMessage(),
          "resolvable substitutions");
    }
    rejectUnknownKeys(user.resolveWith(merged), reference.resolveWith(merged));
    return merged;
  }

  private static Config parseOverrides(List<String> overrides) {
    Config result = ConfigFactory.empty();
    for (String override : overrides) {
      int equals = override.indexOf('=');
      String key = override.substring(0, equals).trim();
      String text = override.substring(equals + 1).trim();
      if (!key.startsWith(ROOT + ".")) {
        key = ROOT + "." + key;
      }
      ConfigValue value;
      try {
        value = overrideValue(text);
      } catch (ConfigException e) {
        throw new InvalidConfigException(key, text, "a HOCON value: " + e.getMessage());
      }
      try {
        result = result.withValue(key, value);
      } catch (ConfigException e) {
        throw new InvalidConfigException(key, text, "a key of letters, digits, '-' and '.'");
      }
    }
    return result;
  }

  /** Plain text stays a string; lists, blocks and null are parsed as HOCON. */
  private static ConfigValue overrideValue(String text) {
    if (text.equals("null")) {
      return ConfigValueFactory.fromAnyRef(null);
    }
    if (text.startsWith("[") || text.startsWith("{")) {
      return ConfigFactory.parseString("v = " + text).getValue("v");
    }
    return ConfigValueFactory.fromAnyRef(text);
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(ROOT + ".")) {
        continue;
      }
      if (OPEN_BLOCKS.stream().anyMatch(block -> key.startsWith(block + "."))) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        throw new InvalidConfigException(
            key, entry.getValue().unwrapped(), "a known key; see reference.conf for the keys");
      }
    }
  }

  /** Renders the job's settings as sorted key = value lines with secrets replaced by ****. */
  public static String redactedDump(Config config) {
    Map<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(ROOT).entrySet()) {
      String key = entry.getKey();
      String value =
          isSecret(key) ? "****" : entry.getValue().render(ConfigRenderOptions.concise());
      lines.put(key, value);
    }
    StringBuilder text = new StringBuilder();
    lines.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
    return text.toString();
  }

  public static boolean isSecret(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** Returns the SHA-256 of the redacted settings, recorded in run_summary to compare runs. */
  public static String digest(Config config) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(redactedDump(config).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String cwd() {
    return new File("").getAbsolutePath();
  }
}
