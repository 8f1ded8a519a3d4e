package io.infraaware.chaos.breaker;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * A circuit breaker's state, in Resilience4j's words (the ones chaos checks care about).
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum BreakerState {
  /** Calls pass; failures are counted. */
  CLOSED,
  /** Calls are rejected without reaching the dependency. */
  OPEN,
  /** A few trial calls pass to see whether the dependency is back. */
  HALF_OPEN,
  /** Any other state a breaker reports (disabled, forced open, metrics only). */
  OTHER;

  /**
   * Reads a state name, ignoring case and {@code -}/{@code _}.
   *
   * @param name e.g. {@code HALF_OPEN} or {@code half-open}
   * @return the state, {@link #OTHER} for names it does not know
   */
  public static BreakerState parse(String name) {
    String normal = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (BreakerState state : values()) {
      if (state.name().equals(normal)) {
        return state;
      }
    }
    return OTHER;
  }
}
