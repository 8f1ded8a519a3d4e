package io.infraaware.chaos;

import org.apiguardian.api.API;

/**
 * The phases of a scenario, in the order they run.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum Phase {
  /** Expectations checked before anything is injected. */
  STEADY_STATE("steady state"),
  /** The faults are applied. */
  INJECT("inject"),
  /** Expectations checked while the faults are on. */
  HOLD("hold"),
  /** The faults are removed, always. */
  HEAL("heal"),
  /** Expectations after healing, then the steady state again. */
  RECOVER("recover");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  /**
   * The phase as the console and the report name it.
   *
   * @return e.g. {@code steady state}
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
