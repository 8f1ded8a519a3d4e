package io.infraaware.probe.internal;

import java.time.Duration;

/** A point in time that a probe must not outlive. */
final class Deadline {

  private final long startNanos;
  private final long endNanos;

  private Deadline(long startNanos, Duration budget) {
    this.startNanos = startNanos;
    this.endNanos = startNanos + budget.toNanos();
  }

  static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime(), budget);
  }

  /** Time left, at least one millisecond so that APIs treating 0 as infinite are never given 0. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(endNanos - System.nanoTime(), 1_000_000L));
  }

  int remainingMillis() {
    return (int) Math.min(Integer.MAX_VALUE, remaining().toMillis());
  }

  /** Time left rounded up to whole seconds, for drivers whose timeouts are in seconds. */
  int remainingSeconds() {
    return (int) Math.max(1, (remaining().toMillis() + 999) / 1000);
  }

  boolean expired() {
    return System.nanoTime() >= endNanos;
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
