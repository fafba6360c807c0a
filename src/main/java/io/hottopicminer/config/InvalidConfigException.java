package io.hottopicminer.config;

/**
 * Invalid configuration value. The message names the key, the rejected value and the expected form,
 * and the job exits with code 2 when it catches one.
 */
public final class InvalidConfigException extends RuntimeException {
  private final String key;

  public InvalidConfigException(String key, Object value, String expected) {
    super(
        "Invalid configuration: "
            + key
            + " = "
            + (value == null ? "<missing>" : "'" + value + "'")
            + "; expected "
            + expected
            + ". Fix it in your --config file or pass --set "
            + key
            + "=...");
    this.key = key;
  }

  /** Full path of the offending key, for example {@code hot-topic-miner.topics.k}. */
  public String key() {
    return key;
  }
}
