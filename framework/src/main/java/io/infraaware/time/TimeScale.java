package io.infraaware.time;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * The run's time scale ({@code infra.time-scale}): the multiplier applied to every resilience
 * timing, so a 600 s timeout can be exercised in seconds. Hand {@link #factor()} to the system
 * under test (the sample's {@code TIME_SCALE}) and derive every wait from {@link
 * #budget(Duration)}.
 *
 * @param factor the multiplier, greater than 0; 1 is full scale
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record TimeScale(double factor) {

  /** Full scale: timings as configured in production. */
  public static final TimeScale FULL = new TimeScale(1);

  /** Checks the factor. */
  public TimeScale {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("A time scale must be greater than 0, was " + factor);
    }
  }

  /**
   * A duration at this scale.
   *
   * @param configured the duration at full scale
   * @return the scaled duration, at least a millisecond
   */
  public Duration scale(Duration configured) {
    return TimeBudget.scale(configured, factor);
  }

  /**
   * The budget of a configured timeout at this scale.
   *
   * @param configured the timeout at full scale, e.g. 600 s
   * @return the budget
   */
  public TimeBudget budget(Duration configured) {
    return TimeBudget.of(configured, factor);
  }

  /**
   * Whether this run is at full scale (a nightly job), where the long scenarios run for real.
   *
   * @return true for a factor of 1 or more
   */
  public boolean isFullScale() {
    return factor >= 1;
  }
}
