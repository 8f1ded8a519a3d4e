package io.infraaware.toxiproxy.internal;

/** An API error with Toxiproxy's status and message. */
final class ApiException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
