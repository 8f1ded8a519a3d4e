package io.infraaware.run;

import org.apiguardian.api.API;

/**
 * Fails a test whose service is unavailable when {@code infra.mode=require}, or once more tests
 * than {@code infra.max-skipped} were skipped in the build; the message is the diagnosis.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ServiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the diagnosis and why it fails rather than skips
   */
  public ServiceUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception for a service that went away during a test.
   *
   * @param message the diagnosis first, then what the test failed with
   * @param testFailure what the test failed with
   * @since 0.2.0
   */
  public ServiceUnavailableException(String message, Throwable testFailure) {
    super(message, testFailure);
  }
}
