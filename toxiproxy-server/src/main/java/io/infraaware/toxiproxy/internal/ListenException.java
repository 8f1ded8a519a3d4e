package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * A proxy could not listen; the message is Go's {@code net.Listen} text, as Toxiproxy reports it.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ListenException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * A failure to listen.
   *
   * @param prefix what Go puts first, e.g. {@code listen tcp 127.0.0.1:3310} or {@code listen tcp}
   * @param reason why, e.g. {@code address 99999: invalid port}
   */
  ListenException(String prefix, String reason) {
    super(prefix + ": " + reason);
    this.reason = reason;
  }

  /** Why, without the {@code listen tcp} part: Go's text when only resolving failed. */
  String reason() {
    return reason;
  }
}
