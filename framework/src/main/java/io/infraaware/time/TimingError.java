package io.infraaware.time;

import org.apiguardian.api.API;

/**
 * An observed time broke its promise by more than the machine's measured noise: the system under
 * test missed its deadline or its timeout fired at the wrong time. The message gives the numbers.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class TimingError extends AssertionError {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the error.
   *
   * @param message what took how long against which promise and noise
   */
  public TimingError(String message) {
    super(message);
  }
}
