package io.infraaware.proxy;

import java.time.Duration;
import java.util.Objects;

/** The checks and the wording that the fault records share. */
final class FaultValues {

  private FaultValues() {}

  static void nonNegative(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          "The " + what + " of a fault cannot be negative: " + value);
    }
  }

  static void nonNegative(String what, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          "The " + what + " of a fault cannot be negative: " + value);
    }
  }

  /** A duration as a person reads it: {@code 300 ms}, {@code 250 µs}, {@code 0 ms}. */
  static String text(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos > 0 && nanos < 1_000_000) {
      return (nanos + 999) / 1000 + " µs";
    }
    return duration.toMillis() + " ms";
  }
}
