package io.hottopicminer.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating view of one block of the configuration. Every getter rejects a missing or
 * malformed value with an {@link InvalidConfigException} that names the full key, so stage settings
 * classes never repeat the checks.
 */
public final class ConfigReader {
  private final Config config;
  private final String prefix;

  public ConfigReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** Returns a reader for the block at {@code path} below this one. */
  public ConfigReader block(String path) {
    String full = fullKey(path);
    if (!config.hasPath(path) || config.getValue(path).valueType() != ConfigValueType.OBJECT) {
      throw new InvalidConfigException(full, raw(path), "a block { ... }");
    }
    return new ConfigReader(config.getConfig(path), full);
  }

  public boolean has(String path) {
    return config.hasPath(path);
  }

  /** Full dotted key, used in error messages. */
  public String fullKey(String path) {
    return prefix.isEmpty() ? path : prefix + "." + path;
  }

  public String string(String path) {
    try {
      String value = config.getString(path);
      if (value.isBlank()) {
        throw new InvalidConfigException(fullKey(path), value, "a non-empty string");
      }
      return value;
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, "a non-empty string");
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), "a string");
    }
  }

  /** Returns the string, or empty when the key is absent, null or blank. */
  public Optional<String> optionalString(String path) {
    if (!config.hasPath(path)) {
      return Optional.empty();
    }
    try {
      String value = config.getString(path);
      return value.isBlank() ? Optional.empty() : Optional.of(value);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), "a string or null");
    }
  }

  public String oneOf(String path, Set<String> allowed) {
    String value = string(path);
    if (!allowed.contains(value)) {
      throw new InvalidConfigException(fullKey(path), value, "one of " + allowed);
    }
    return value;
  }

  public int intBetween(String path, int min, int max) {
    int value;
    try {
      value = config.getInt(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, rangeText("an integer", min, max));
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), rangeText("an integer", min, max));
    }
    if (value < min || value > max) {
      throw new InvalidConfigException(fullKey(path), value, rangeText("an integer", min, max));
    }
    return value;
  }

  public long longBetween(String path, long min, long max) {
    long value;
    try {
      value = config.getLong(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, rangeText("an integer", min, max));
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), rangeText("an integer", min, max));
    }
    if (value < min || value > max) {
      throw new InvalidConfigException(fullKey(path), value, rangeText("an integer", min, max));
    }
    return value;
  }

  public double doubleBetween(String path, double min, double max) {
    double value;
    try {
      value = config.getDouble(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, rangeText("a number", min, max));
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), rangeText("a number", min, max));
    }
    if (Double.isNaN(value) || value < min || value > max) {
      throw new InvalidConfigException(fullKey(path), value, rangeText("a number", min, max));
    }
    return value;
  }

  public boolean bool(String path) {
    try {
      return config.getBoolean(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, "true or false");
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), "true or false");
    }
  }

  public List<String> stringList(String path) {
    try {
      return List.copyOf(config.getStringList(path));
    } catch (ConfigException.Missing e) {
      throw new InvalidConfigException(fullKey(path), null, "a list of strings [\"a\", \"b\"]");
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(
          fullKey(path), raw(path), "a list of strings [\"a\", \"b\"]");
    }
  }

  /** Returns a flat map of string values below {@code path}, or an empty map when it is absent. */
  public Map<String, String> stringMap(String path) {
    if (!config.hasPath(path)) {
      return Map.of();
    }
    Config block;
    try {
      block = config.getConfig(path);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(fullKey(path), raw(path), "a block of key = value pairs");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, com.typesafe.config.ConfigValue> entry : block.entrySet()) {
      String key = entry.getKey();
      Object unwrapped = entry.getValue().unwrapped();
      if (unwrapped instanceof List || unwrapped instanceof Map) {
        throw new InvalidConfigException(fullKey(path + "." + key), unwrapped, "a single value");
      }
      values.put(stripQuotes(key), String.valueOf(unwrapped));
    }
    return Map.copyOf(values);
  }

  public Optional<LocalDate> optionalDate(String path) {
    Optional<String> text = optionalString(path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text.get()));
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(fullKey(path), text.get(), "a date YYYY-MM-DD or null");
    }
  }

  /** Returns the keys directly below this block, for reporting unknown keys. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    config.root().keySet().forEach(keys::add);
    return keys;
  }

  private Object raw(String path) {
    try {
      return config.hasPath(path) ? config.getValue(path).unwrapped() : null;
    } catch (ConfigException e) {
      return null;
    }
  }

  private static String stripQuotes(String key) {
    return key.length() > 1 && key.startsWith("\"") && key.endsWith("\"")
        ? key.substring(1, key.length() - 1)
        : key;
  }

  private static String rangeText(String kind, Object min, Object max) {
    return kind + " from " + min + " to " + max;
  }
}
