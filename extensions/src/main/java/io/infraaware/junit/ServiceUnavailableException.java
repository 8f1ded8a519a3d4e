package io.infraaware.junit;

/**
 * Fails a test whose service is unavailable when {@code infra.mode=require}, or once more tests
 * than {@code infra.max-skipped} were skipped; the message is the diagnosis.
 *
 * @since 0.1.0
 */
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
}
