package io.infraaware.toxiproxy.internal;

import java.nio.charset.StandardCharsets;

/**
 * A request the API server cannot take: it answers as Go's {@code net/http} server answers what its
 * {@code readRequest} refuses, and closes.
 */
final class MalformedRequest extends Exception {

  private static final long serialVersionUID = 1L;
  private static final String ERROR_HEADERS =
      "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";

  private final transient byte[] response;

  private MalformedRequest(String detail, String response) {
    super(detail, null, false, false);
    this.response = response.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** What Go says of most malformed requests: {@code 400 Bad Request}, no more. */
  static MalformedRequest badRequest(String why) {
    return new MalformedRequest(
        why, "HTTP/1.1 400 Bad Request" + ERROR_HEADERS + "400 Bad Request");
  }

  /**
   * What Go says with a reason in the status line and the body, for the few errors it names ({@code
   * 400 Bad Request: missing required Host header}).
   */
  static MalformedRequest withReason(int status, String reason) {
    String line = status + " " + ApiResponse.reason(status) + ": " + reason;
    return new MalformedRequest(reason, "HTTP/1.1 " + line + ERROR_HEADERS + line);
  }

  /** A head over Go's 1 MiB limit. */
  static MalformedRequest headTooLarge() {
    String line = "431 Request Header Fields Too Large";
    return new MalformedRequest(line, "HTTP/1.1 " + line + ERROR_HEADERS + line);
  }

  /** A transfer coding other than chunked; Go does not echo it. */
  static MalformedRequest unsupportedEncoding() {
    return new MalformedRequest(
        "unsupported transfer encoding",
        "HTTP/1.1 501 Not Implemented" + ERROR_HEADERS + "Unsupported transfer encoding");
  }

  /** The answer, whole; the connection closes after it. */
  byte[] response() {
    return response.clone();
  }
}
