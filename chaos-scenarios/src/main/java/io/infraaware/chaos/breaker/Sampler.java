package io.infraaware.chaos.breaker;

import io.infraaware.runtime.internal.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A breaker's state read every so often on a daemon thread, its changes kept: the history of a
 * source that keeps none (or too little) itself.
 */
final class Sampler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Sampler.class.getName());

  private final Instant since = Instant.now();
  private final Duration every;
  private final List<BreakerState> states = new ArrayList<>();
  private final ScheduledExecutorService thread;

  Sampler(String name, Duration every, Supplier<BreakerState> read) {
    this.every = every;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("breaker-" + name));
    thread.scheduleWithFixedDelay(
        () -> {
          try {
            record(read.get());
          } catch (RuntimeException unavailable) {
            // the application may not answer for a moment; the next sample tries again
            LOG.log(
                System.Logger.Level.DEBUG, "sampling breaker [" + name + "] failed", unavailable);
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Records a state seen now, if it differs from the last one seen. */
  synchronized void record(BreakerState state) {
    if (states.isEmpty() || states.get(states.size() - 1) != state) {
      states.add(state);
    }
  }

  synchronized List<BreakerState> states() {
    return List.copyOf(states);
  }

  Instant since() {
    return since;
  }

  String how() {
    return "the state sampled every " + every.toMillis() + " ms";
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
