package io.infraaware.time;

import org.apiguardian.api.API;

/**
 * A promise about time could not be judged: the machine was noisier than the ceiling allows, and
 * only that noise would explain the observed time. Not the system under test's failure; the message
 * gives the numbers. Recognise it by its type (also as the cause of a scenario's failure).
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class MachineOverloadedError extends AssertionError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what took how long, and how noisy the machine was
   */
  public MachineOverloadedError(String message) {
    super(message);
  }
}
