package io.hottopicminer.job;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts executors removed while a run is in progress (a lost worker, a killed container, or
 * dynamic allocation giving one back), so run_summary shows that Spark had to recompute tasks.
 */
final class ExecutorLossCounter extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorLossCounter.class);

  private final AtomicInteger removed = new AtomicInteger();

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
    int count = removed.incrementAndGet();
    LOG.warn(
        "Executor {} removed ({} so far in this run): {}",
        event.executorId(),
        count,
        event.reason());
  }

  int count() {
    return removed.get();
  }
}
