package io.infraaware.toxiproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP response of the API: a status, headers in the order they go out (Go's canonical case),
 * and a body. The server adds {@code Date} and {@code Content-Length}.
 *
 * @param status e.g. 200
 * @param headers name and value pairs, in order
 * @param body the body
 */
record ApiResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

  static ApiResponse of(int status, List<Map.Entry<String, String>> headers, String body) {
    return new ApiResponse(status, List.copyOf(headers), body.getBytes(StandardCharsets.UTF_8));
  }

  /** Go's reason phrases for the statuses the API uses. */
  static String reason(int status) {
    switch (status) {
      case 100:
        return "Continue";
      case 200:
        return "OK";
      case 201:
        return "Created";
      case 204:
        return "No Content";
      case 301:
        return "Moved Permanently";
      case 400:
        return "Bad Request";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 409:
        return "Conflict";
      case 417:
        return "Expectation Failed";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 501:
        return "Not Implemented";
      case 503:
        return "Service Unavailable";
      case 505:
        return "HTTP Version Not Supported";
      default:
        return "Status " + status;
    }
  }
}
