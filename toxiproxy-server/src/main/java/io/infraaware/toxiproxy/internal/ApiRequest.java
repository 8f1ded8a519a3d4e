package io.infraaware.toxiproxy.internal;

import java.util.Map;

/**
 * One HTTP request to the API, read whole.
 *
 * @param method e.g. {@code GET}
 * @param path the request target's path, still percent-encoded, without the query
 * @param headers by lower-case name, the first value of each
 * @param body the body (empty when there is none, or when it was too large)
 * @param bodyTooLarge whether the body was over the limit and was not kept
 */
record ApiRequest(
    String method, String path, Map<String, String> headers, byte[] body, boolean bodyTooLarge) {

  /** A header's first value, or null. */
  String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
