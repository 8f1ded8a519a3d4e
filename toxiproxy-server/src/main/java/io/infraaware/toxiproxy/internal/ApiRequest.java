package io.infraaware.toxiproxy.internal;

import java.util.Map;

/**
 * One HTTP request to the API.
 *
 * @param method e.g. {@code GET}
 * @param path the request target's path, still percent-encoded, without the query
 * @param headers by lower-case name, the first value of each
 * @param body the body (empty when there is none, or when it could not be read whole)
 * @param bodyState whether the body was read whole, and if not, why
 * @param bodyError for a broken body, the error Go's body reader gives a handler that reads it
 */
record ApiRequest(
    String method,
    String path,
    Map<String, String> headers,
    byte[] body,
    BodyState bodyState,
    String bodyError) {

  /** What became of a request's body. */
  enum BodyState {
    /** Read whole (or none). */
    WHOLE,
    /** Over the limit, not kept. */
    TOO_LARGE,
    /** Malformed (a bad chunk): a handler that reads it gets {@link #bodyError()}. */
    BROKEN,
    /** The client closed its side before sending it all. */
    CUT_BY_CLIENT,
    /** The read timeout passed before it all came. */
    CUT_BY_TIMEOUT,
    /** Not read yet: the client waits for {@code 100 Continue}, sent if a handler reads it. */
    AWAITED
  }

  ApiRequest(String method, String path, Map<String, String> headers, byte[] body) {
    this(method, path, headers, body, BodyState.WHOLE, null);
  }

  /** A header's first value, or null. */
  String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** The same request, its body in another state. */
  ApiRequest withBody(BodyState state, String error) {
    return new ApiRequest(method, path, headers, new byte[0], state, error);
  }
}
