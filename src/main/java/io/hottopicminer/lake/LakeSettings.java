package io.hottopicminer.lake;

import io.hottopicminer.config.ConfigReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Location of the lake: its root, the models folder, the Iceberg catalog and the namespace of the
 * output tables. Relative local paths are made absolute against the working folder, because Iceberg
 * stores table locations verbatim and a later reader may start elsewhere.
 */
public record LakeSettings(
    String root,
    String modelsPath,
    String catalogName,
    String namespace,
    Map<String, String> catalogProperties) {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String SQLITE_PREFIX = "jdbc:sqlite:";

  public LakeSettings {
    catalogProperties = Map.copyOf(catalogProperties);
  }

  public static LakeSettings from(ConfigReader reader) {
    String catalogName = identifier(reader, "catalog-name");
    String namespace = identifier(reader, "namespace");
    Map<String, String> properties = new LinkedHashMap<>(reader.stringMap("catalog"));
    if (!properties.containsKey("type") && !properties.containsKey("catalog-impl")) {
      throw new io.hottopicminer.config.InvalidConfigException(
          reader.fullKey("catalog.type"), null, "jdbc, hive, hadoop, rest or glue");
    }
    if (!"jdbc".equals(properties.get("type"))) {
      // reference.conf sets the JDBC catalog's keys. Other catalog types drop them, so switching
      // the type is a one-key change.
      properties.keySet().removeIf(key -> key.startsWith("jdbc."));
      properties.computeIfPresent("uri", (key, value) -> value.startsWith("jdbc:") ? null : value);
    }
    properties.computeIfPresent("warehouse", (key, value) -> absolute(value));
    properties.computeIfPresent(
        "uri",
        (key, value) ->
            value.startsWith(SQLITE_PREFIX)
                ? SQLITE_PREFIX + absolute(value.substring(SQLITE_PREFIX.length()))
                : value);
    return new LakeSettings(
        absolute(reader.string("root")),
        absolute(reader.string("models-path")),
        catalogName,
        namespace,
        properties);
  }

  /** Fully qualified name of an output table, for example {@code lake.hot_topics.topics}. */
  public String table(String name) {
    return catalogName + "." + namespace + "." + name;
  }

  private static String identifier(ConfigReader reader, String key) {
    String value = reader.string(key);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new io.hottopicminer.config.InvalidConfigException(
          reader.fullKey(key), value, "an SQL identifier of letters, digits and '_'");
    }
    return value;
  }

  /** Returns {@code path} unchanged when it has a scheme (hdfs:, s3a:), else absolute. */
  static String absolute(String path) {
    if (hasScheme(path)) {
      return path;
    }
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  static boolean hasScheme(String path) {
    try {
      String scheme = URI.create(path).getScheme();
      return scheme != null && scheme.length() > 1;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
