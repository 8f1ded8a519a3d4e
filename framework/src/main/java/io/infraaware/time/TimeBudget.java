package io.infraaware.time;

import io.infraaware.config.internal.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A configured timeout at a time scale, and every bound derived from it: the stalls that must
 * succeed or fail, the tolerance for "fired at the timeout", and the waits and client timeouts that
 * must not outlive it.
 *
 * <p>A 600 s database connect timeout at time scale 0.01 is a 6 s budget: a stall of 4.8 s must
 * succeed, one of 7.2 s must fail at 6 s (within the tolerance), and a test waiting for that
 * failure waits at most {@link #awaitAtMost()}.
 *
 * <pre>{@code
 * TimeBudget connect = TimeBudget.of(Duration.ofSeconds(600), 0.01);
 * connect.effective();       // PT6S
 * connect.stallUnder();      // PT4.8S
 * connect.stallPast();       // PT7.2S
 * connect.firedAtBudget(Duration.ofMillis(6100)); // true
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class TimeBudget {

  private static final double STALL_MARGIN = 0.2;
  private static final Duration MIN_TOLERANCE = Duration.ofMillis(250);

  private final Duration configured;
  private final double timeScale;
  private final Duration tolerance;

  private TimeBudget(Duration configured, double timeScale, Duration tolerance) {
    this.configured = configured;
    this.timeScale = timeScale;
    this.tolerance = tolerance;
  }

  /**
   * A budget for a configured timeout at a time scale; the tolerance is 10% of the effective
   * timeout, at least 250 ms.
   *
   * @param configured the timeout as configured in production, e.g. 600 s
   * @param timeScale the multiplier for this run, greater than 0 (1 is full scale)
   * @return the budget
   */
  public static TimeBudget of(Duration configured, double timeScale) {
    Objects.requireNonNull(configured, "configured");
    if (configured.isNegative() || configured.isZero()) {
      throw new IllegalArgumentException(
          "A time budget needs a positive timeout, was " + configured);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("The time scale must be greater than 0, was " + timeScale);
    }
    Duration effective = scale(configured, timeScale);
    Duration tenth = effective.dividedBy(10);
    return new TimeBudget(
        configured, timeScale, tenth.compareTo(MIN_TOLERANCE) < 0 ? MIN_TOLERANCE : tenth);
  }

  /**
   * This budget with another tolerance.
   *
   * @param tolerance how far from the effective timeout a failure may fire
   * @return a new budget
   */
  public TimeBudget withTolerance(Duration tolerance) {
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("A tolerance cannot be negative, was " + tolerance);
    }
    return new TimeBudget(configured, timeScale, tolerance);
  }

  /**
   * Scales a duration the way the system under test does: {@code duration * timeScale}.
   *
   * @param duration the duration at full scale
   * @param timeScale the multiplier
   * @return the scaled duration, at least one millisecond
   */
  public static Duration scale(Duration duration, double timeScale) {
    long nanos = Math.round(duration.toNanos() * timeScale);
    return Duration.ofNanos(Math.max(nanos, 1_000_000L));
  }

  /**
   * Scales another duration by this budget's time scale.
   *
   * @param duration the duration at full scale
   * @return the scaled duration
   */
  public Duration scaled(Duration duration) {
    return scale(duration, timeScale);
  }

  /**
   * The timeout as configured.
   *
   * @return e.g. 600 s
   */
  public Duration configured() {
    return configured;
  }

  /**
   * The time scale.
   *
   * @return the multiplier
   */
  public double timeScale() {
    return timeScale;
  }

  /**
   * The timeout in this run: configured times scale.
   *
   * @return e.g. 6 s
   */
  public Duration effective() {
    return scale(configured, timeScale);
  }

  /**
   * How far from {@link #effective()} a failure may fire and still count as "at the timeout".
   *
   * @return the tolerance
   */
  public Duration tolerance() {
    return tolerance;
  }

  /**
   * A stall that the operation must survive: 80% of the effective timeout.
   *
   * @return the stall
   */
  public Duration stallUnder() {
    return scale(effective(), 1 - STALL_MARGIN);
  }

  /**
   * A stall that must make the operation fail at the timeout: 120% of the effective timeout.
   *
   * @return the stall
   */
  public Duration stallPast() {
    return scale(effective(), 1 + STALL_MARGIN);
  }

  /**
   * Whether an observed failure fired at the timeout: not before it (a timeout that fires early is
   * as wrong as one that never does; 1% is allowed for timer and clock granularity) and not later
   * than the tolerance allows.
   *
   * @param observed how long the operation took before it failed, measured from before it began
   * @return true when within {@code [effective - 1%, effective + tolerance]}
   */
  public boolean firedAtBudget(Duration observed) {
    return observed.compareTo(earliestFiring()) >= 0
        && observed.compareTo(effective().plus(tolerance)) <= 0;
  }

  /**
   * Whether an observed failure fired at the timeout on a machine as noisy as {@code noise}: not
   * before it, and not later than the tolerance plus the noise allows (the noise bounded by its
   * ceiling). {@link Noise#assertFiredAtBudget} says why when it did not.
   *
   * @param observed how long the operation took before it failed, measured from before it began
   * @param noise the machine's noise during the operation, from a {@link Calibration}
   * @return true when within {@code [effective - 1%, effective + tolerance + noise]}
   */
  public boolean firedAtBudget(Duration observed, Noise noise) {
    return observed.compareTo(earliestFiring()) >= 0
        && observed.compareTo(latestFiring(noise)) <= 0;
  }

  /**
   * The latest a failure may be observed on a machine as noisy as {@code noise} and still count as
   * the timeout.
   *
   * @param noise the machine's noise during the operation
   * @return effective plus tolerance plus the noise's allowance
   */
  public Duration latestFiring(Noise noise) {
    return effective().plus(tolerance).plus(noise.allowance());
  }

  /**
   * The earliest a failure may be observed and still count as the timeout: the effective timeout
   * less 1% for timer granularity.
   *
   * @return the bound
   */
  public Duration earliestFiring() {
    return effective().minus(effective().dividedBy(100));
  }

  /**
   * The longest a wait for the timeout to fire may last: effective plus tolerance plus the same
   * again as margin for a loaded machine. Awaitility's {@code atMost}.
   *
   * @return the bound
   */
  public Duration awaitAtMost() {
    return effective().plus(tolerance.multipliedBy(2));
  }

  /**
   * A client read timeout that lets the operation fail on its own first.
   *
   * @return effective plus twice the tolerance plus one second
   */
  public Duration clientTimeout() {
    return awaitAtMost().plusSeconds(1);
  }

  /**
   * A timeout for a whole JUnit test built around this budget: room for a stall past the budget,
   * the recovery after it and slack, so the test never hangs past its budget unnoticed.
   *
   * @return twice the past-budget stall plus 30 seconds
   */
  public Duration testTimeout() {
    return stallPast().multipliedBy(2).plusSeconds(30);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "TimeBudget[%s x %s = %s ± %s]",
        Durations.format(configured),
        timeScale,
        Durations.format(effective()),
        Durations.format(tolerance));
  }
}
