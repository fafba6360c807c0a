package io.hottopicminer.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows in and out and wall-clock seconds of one stage, plus stage-specific counters (for example
 * quarantined rows or removed rules). The job writes one run_summary row per stage from these.
 */
public record StageSummary(
    String stage, long rowsIn, long rowsOut, double seconds, Map<String, String> details) {

  public StageSummary {
    details = Map.copyOf(details);
  }

  /** Starts a summary builder whose clock starts now. */
  public static Builder start(String stage) {
    return new Builder(stage);
  }

  /** Collects counters while a stage runs. */
  public static final class Builder {
    private final String stage;
    private final long startNanos = System.nanoTime();
    private final Map<String, String> details = new LinkedHashMap<>();

    private Builder(String stage) {
      this.stage = stage;
    }

    public Builder detail(String key, Object value) {
      details.put(key, String.valueOf(value));
      return this;
    }

    public StageSummary finish(long rowsIn, long rowsOut) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      return new StageSummary(stage, rowsIn, rowsOut, seconds, details);
    }
  }
}
