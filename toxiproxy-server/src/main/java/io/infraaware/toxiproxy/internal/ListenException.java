package io.infraaware.toxiproxy.internal;

/**
 * A proxy could not listen; the message is Go's {@code net.Listen} text, as Toxiproxy reports it.
 */
public final class ListenException extends Exception {

  private static final long serialVersionUID = 1L;

  ListenException(String message) {
    super(message);
  }
}
