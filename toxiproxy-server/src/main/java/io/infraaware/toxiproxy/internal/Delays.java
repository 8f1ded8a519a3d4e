package io.infraaware.toxiproxy.internal;

/**
 * Delays in nanoseconds that saturate instead of overflowing: any attribute value, however large,
 * becomes a delay of at most {@link #FOREVER}, and a time that far ahead is never reached. Go's
 * timers behave the same way (a huge duration never fires; it never wraps into the past).
 *
 * <p>Times are {@link System#nanoTime()} values and are only ever compared by subtraction, so they
 * stay correct whatever the clock's origin, as long as they lie within {@code FOREVER} of now.
 */
final class Delays {

  /** About 73 years: a delay this long never ends while the server runs. */
  static final long FOREVER = 1L << 61;

  private Delays() {}

  /**
   * Milliseconds as nanoseconds, saturated.
   *
   * @param millis a non-negative number of milliseconds
   * @return the nanoseconds, at most {@link #FOREVER}
   */
  static long millis(long millis) {
    return millis >= FOREVER / 1_000_000 ? FOREVER : Math.max(0, millis) * 1_000_000;
  }

  /**
   * Microseconds as nanoseconds, saturated.
   *
   * @param micros a non-negative number of microseconds
   * @return the nanoseconds, at most {@link #FOREVER}
   */
  static long micros(long micros) {
    return micros >= FOREVER / 1_000 ? FOREVER : Math.max(0, micros) * 1_000;
  }

  /**
   * The sum of two delays, saturated.
   *
   * @param a a delay between 0 and {@link #FOREVER}
   * @param b another
   * @return their sum, at most {@link #FOREVER}
   */
  static long sum(long a, long b) {
    return Math.min(FOREVER, a + b);
  }

  /**
   * A time plus a delay, at most {@link #FOREVER} after now.
   *
   * @param time a time no later than {@code FOREVER} after now
   * @param delay a delay between 0 and {@link #FOREVER}
   * @param now the current time
   * @return the later time
   */
  static long after(long time, long delay, long now) {
    long later = time + Math.min(delay, FOREVER);
    return later - now > FOREVER ? now + FOREVER : later;
  }

  /**
   * The later of two times.
   *
   * @param a a time within {@link #FOREVER} of the other
   * @param b another
   * @return the later one
   */
  static long later(long a, long b) {
    return a - b >= 0 ? a : b;
  }

  /**
   * Whether a time is so far ahead that it will never come.
   *
   * @param time the time
   * @param now the current time
   * @return true for a time {@link #FOREVER} or more after now
   */
  static boolean never(long time, long now) {
    return time - now >= FOREVER;
  }
}
