package io.infraaware.chaos;

import org.apiguardian.api.API;

/**
 * A scenario did not hold; the message says which phase and expectation, and the cause is the
 * original failure.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ScenarioFailedError extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final boolean machineOverloaded;

  /**
   * Creates the error.
   *
   * @param message the scenario, phase and expectation that failed
   * @param cause the original failure
   */
  public ScenarioFailedError(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates the error, saying whether the machine was overloaded when it happened.
   *
   * @param message the scenario, phase and expectation that failed
   * @param cause the original failure
   * @param machineOverloaded whether the run's calibration found the machine noisier than the
   *     scenario's ceiling
   */
  public ScenarioFailedError(String message, Throwable cause, boolean machineOverloaded) {
    super(io.infraaware.runtime.internal.SecretText.scrub(message), cause);
    this.machineOverloaded = machineOverloaded;
  }

  /**
   * Whether the machine was overloaded during the run: the failure may be the machine's rather than
   * the system under test's, and the message says why.
   *
   * @return true when the calibration found noise above the ceiling
   */
  public boolean machineOverloaded() {
    return machineOverloaded;
  }
}
