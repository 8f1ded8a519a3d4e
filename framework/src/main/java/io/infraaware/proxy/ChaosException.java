package io.infraaware.proxy;

import org.apiguardian.api.API;

/**
 * A chaos operation failed; the message names the Toxiproxy server, proxy and toxic involved.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class ChaosException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming proxy and toxic
   * @param cause the underlying failure, may be null
   */
  public ChaosException(String message, Throwable cause) {
    super(message, cause);
  }
}
