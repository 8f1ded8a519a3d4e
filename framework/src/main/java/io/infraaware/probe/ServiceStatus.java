package io.infraaware.probe;

import org.apiguardian.api.API;

/**
 * What a probe concluded about a service.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public enum ServiceStatus {
  /** The service answered its protocol: tests run. */
  UP,
  /** The service answered but says it is degraded: tests run, the summary shows it. */
  DEGRADED,
  /** The service is down, unreachable or hung: tests skip, or fail in {@code require} mode. */
  UNAVAILABLE,
  /** The service is reachable but the configuration is wrong: tests fail in every mode. */
  MISCONFIGURED;

  /**
   * Whether tests that need a service with this status can run.
   *
   * @return true for {@link #UP} and {@link #DEGRADED}
   */
  public boolean isUsable() {
    return this == UP || this == DEGRADED;
  }
}
