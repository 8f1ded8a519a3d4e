package io.infraaware.toxiproxy.internal;

import java.nio.charset.StandardCharsets;

/** A request the API server cannot read: it answers with Go's plain text and closes. */
final class MalformedRequest extends Exception {

  private static final long serialVersionUID = 1L;
  private final int status;

  /**
   * A request that cannot be read.
   *
   * @param status the answer's status, e.g. 400
   * @param detail what was wrong, or empty
   */
  MalformedRequest(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  /** Go's answer: a plain text status, then the connection closes. */
  byte[] response() {
    String line = status + " " + ApiResponse.reason(status);
    String body = getMessage().isEmpty() ? line : line + ": " + getMessage();
    return ("HTTP/1.1 "
            + line
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }
}
