package io.infraaware.sample;

import java.time.Duration;

/**
 * The time one user request may take, shared by every dependency call it makes, so that a request
 * that meets a hanging auth service and then a hanging database is still answered in time.
 */
final class Deadline {

  private final long endNanos;
  private final Duration total;

  private Deadline(long endNanos, Duration total) {
    this.endNanos = endNanos;
    this.total = total;
  }

  /** A deadline starting now. */
  static Deadline in(Duration total) {
    return new Deadline(System.nanoTime() + total.toNanos(), total);
  }

  /** What is left, never negative. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
  }

  /**
   * A deadline for a call that must leave a share of the whole for what comes after it, e.g. a
   * database read that leaves time for the cache to answer instead.
   *
   * @param share of the whole time, e.g. 0.25
   */
  Deadline leaving(double share) {
    return new Deadline(endNanos - Math.round(total.toNanos() * share), total);
  }

  /**
   * A deadline for a call that may take at most a share of the whole, e.g. the token check, which
   * must leave time for the work the token allows.
   *
   * @param share of the whole time, e.g. 0.4
   */
  Deadline atMost(double share) {
    long capped = System.nanoTime() + Math.round(total.toNanos() * share);
    return new Deadline(Math.min(endNanos, capped), total);
  }

  Duration total() {
    return total;
  }
}
