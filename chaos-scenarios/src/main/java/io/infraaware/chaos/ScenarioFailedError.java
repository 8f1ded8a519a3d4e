package io.infraaware.chaos;

/**
 * A scenario did not hold; the message says which phase and expectation, and the cause is the
 * original failure.
 *
 * @since 0.1.0
 */
public class ScenarioFailedError extends AssertionError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message the scenario, phase and expectation that failed
   * @param cause the original failure
   */
  public ScenarioFailedError(String message, Throwable cause) {
    super(message, cause);
  }
}
