package io.infraaware.sample;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What happened to one dependency's calls over a sliding time window: attempts that succeeded,
 * failed or timed out, calls its open breaker rejected, and calls that used up every retry. Ten
 * buckets of a tenth of the window each, so the window slides in steps of a tenth.
 */
final class CallWindow {

  /** The outcomes counted. */
  enum Outcome {
    SUCCESS,
    FAILURE,
    /** An attempt that ran out of time: cut off at its deadline, or timed out by its client. */
    TIMEOUT,
    /** A call the open breaker did not let through. */
    REJECTED,
    /** A call whose every attempt failed. */
    RETRIES_EXHAUSTED,
    /**
     * An attempt cut off at its deadline while it waited for a connection of a saturated pool:
     * load, not a failure of the dependency, so neither a success nor a failure.
     */
    POOL_WAIT,
    /** A call that found every call thread busy and was not tried: neither success nor failure. */
    BUSY
  }

  /**
   * The counts over the window.
   *
   * @param window the window's length
   * @param successes attempts that succeeded
   * @param failures attempts that failed, timeouts included
   * @param timeouts attempts that ran out of time (timeout violations)
   * @param rejected calls rejected by the open breaker
   * @param retriesExhausted calls that failed after every attempt
   * @param poolWaits attempts cut off while they waited for a saturated pool (not attempts made)
   * @param busy calls not tried because every call thread was busy (not attempts made)
   */
  record Snapshot(
      Duration window,
      long successes,
      long failures,
      long timeouts,
      long rejected,
      long retriesExhausted,
      long poolWaits,
      long busy) {

    long attempts() {
      return successes + failures;
    }

    /** Successful attempts out of all, or -1 with no attempt in the window. */
    double successRate() {
      return attempts() == 0 ? -1 : (double) successes / attempts();
    }
  }

  private static final int BUCKETS = 10;

  private final Duration window;
  private final long bucketNanos;
  private final LongSupplier nanoTime;
  private final long[] epochs = new long[BUCKETS];
  private final long[][] counts = new long[BUCKETS][Outcome.values().length];

  CallWindow(Duration window) {
    this(window, System::nanoTime);
  }

  CallWindow(Duration window, LongSupplier nanoTime) {
    this.window = window;
    this.bucketNanos = Math.max(1_000_000L, window.toNanos() / BUCKETS);
    this.nanoTime = nanoTime;
    java.util.Arrays.fill(epochs, Long.MIN_VALUE);
  }

  synchronized void record(Outcome outcome) {
    long epoch = nanoTime.getAsLong() / bucketNanos;
    int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
    if (epochs[slot] != epoch) {
      epochs[slot] = epoch;
      java.util.Arrays.fill(counts[slot], 0);
    }
    counts[slot][outcome.ordinal()]++;
  }

  /** Forgets every count, as if the window had just started. */
  synchronized void clear() {
    java.util.Arrays.fill(epochs, Long.MIN_VALUE);
  }

  synchronized Snapshot snapshot() {
    long now = nanoTime.getAsLong() / bucketNanos;
    long[] sum = new long[Outcome.values().length];
    for (int slot = 0; slot < BUCKETS; slot++) {
      if (epochs[slot] > now - BUCKETS) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += counts[slot][i];
        }
      }
    }
    return new Snapshot(
        window,
        sum[Outcome.SUCCESS.ordinal()],
        sum[Outcome.FAILURE.ordinal()] + sum[Outcome.TIMEOUT.ordinal()],
        sum[Outcome.TIMEOUT.ordinal()],
        sum[Outcome.REJECTED.ordinal()],
        sum[Outcome.RETRIES_EXHAUSTED.ordinal()],
        sum[Outcome.POOL_WAIT.ordinal()],
        sum[Outcome.BUSY.ordinal()]);
  }

  Duration window() {
    return window;
  }
}
