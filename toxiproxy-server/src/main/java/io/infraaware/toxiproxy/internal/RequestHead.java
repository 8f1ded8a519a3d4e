package io.infraaware.toxiproxy.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of an HTTP/1.x request (request line and headers), checked as Go's server checks it.
 *
 * @param method e.g. {@code GET}
 * @param path the target's path, percent-encoded, without the query
 * @param headers by lower-case name, the first value of each
 * @param http11 whether the version is 1.1 (or a later 1.x)
 * @param keepAlive whether the connection stays open after the answer
 * @param expectContinue whether the client waits for {@code 100 Continue} before the body
 * @param chunked whether the body is chunked
 * @param contentLength the body's length when not chunked; 0 for none
 */
record RequestHead(
    String method,
    String path,
    Map<String, String> headers,
    boolean http11,
    boolean keepAlive,
    boolean expectContinue,
    boolean chunked,
    long contentLength) {

  /**
   * Reads a head.
   *
   * @param text the head's bytes as ISO-8859-1, up to and with its empty line
   * @return the head
   * @throws MalformedRequest with Go's status and text for what it cannot read
   */
  static RequestHead parse(String text) throws MalformedRequest {
    String[] lines = text.split("\n", -1);
    String line = strip(lines[0]);
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (first < 0 || second < 0) {
      throw new MalformedRequest(400, "malformed HTTP request \"" + line + "\"");
    }
    String method = line.substring(0, first);
    String version = line.substring(second + 1);
    if (!token(method)) {
      throw new MalformedRequest(400, "invalid method \"" + method + "\"");
    }
    if (!version.matches("HTTP/\\d\\.\\d")) {
      throw new MalformedRequest(400, "malformed HTTP version \"" + version + "\"");
    }
    if (version.charAt(5) != '1') {
      throw new MalformedRequest(505, "");
    }
    boolean http11 = version.charAt(7) != '0';
    String path = path(line.substring(first + 1, second));
    Map<String, String> headers = new HashMap<>();
    int hosts = 0;
    String length = null;
    for (int i = 1; i < lines.length; i++) {
      String header = strip(lines[i]);
      if (header.isEmpty()) {
        break;
      }
      int colon = header.indexOf(':');
      if (colon <= 0 || !token(header.substring(0, colon))) {
        throw new MalformedRequest(400, "malformed MIME header line: " + header);
      }
      String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).strip();
      hosts += name.equals("host") ? 1 : 0;
      if (name.equals("content-length")) {
        if (length != null && !length.equals(value)) {
          throw new MalformedRequest(400, "invalid Content-Length");
        }
        length = value;
      }
      headers.putIfAbsent(name, value);
    }
    if (http11 && hosts == 0) {
      throw new MalformedRequest(400, "missing required Host header");
    }
    if (hosts > 1) {
      throw new MalformedRequest(400, "too many Host headers");
    }
    String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
    String encoding = headers.get("transfer-encoding");
    boolean chunked = encoding != null;
    if (chunked && !encoding.equalsIgnoreCase("chunked")) {
      throw new MalformedRequest(501, "unsupported transfer encoding");
    }
    if (chunked && length != null) {
      throw new MalformedRequest(400, "Transfer-Encoding and Content-Length both present");
    }
    long contentLength = length == null ? 0 : contentLength(length);
    String expect = headers.get("expect");
    if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
      throw new MalformedRequest(417, "");
    }
    return new RequestHead(
        method,
        path,
        headers,
        http11,
        keepAlive,
        expect != null && (chunked || contentLength > 0),
        chunked,
        contentLength);
  }

  private static long contentLength(String length) throws MalformedRequest {
    if (length.isEmpty()
        || length.length() > 18
        || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedRequest(400, "bad Content-Length \"" + length + "\"");
    }
    return Long.parseLong(length);
  }

  /** The path of a request target (origin or absolute form), non-ASCII bytes percent-encoded. */
  private static String path(String target) throws MalformedRequest {
    String rest = target;
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int slash = target.indexOf('/', lower.indexOf("//") + 2);
      rest = slash < 0 ? "/" : target.substring(slash);
    } else if (!target.startsWith("/") && !target.equals("*")) {
      throw new MalformedRequest(400, "invalid request URI \"" + target + "\"");
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    StringBuilder encoded = new StringBuilder(rest.length());
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new MalformedRequest(400, "invalid character in request URI");
      }
      if (c == '%'
          && !(i + 2 < rest.length() && hex(rest.charAt(i + 1)) && hex(rest.charAt(i + 2)))) {
        throw new MalformedRequest(
            400,
            "invalid URL escape \"" + rest.substring(i, Math.min(i + 3, rest.length())) + "\"");
      }
      if (c >= 0x80) {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        encoded.append(c);
      }
    }
    return encoded.toString();
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }

  private static String strip(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** An HTTP token: a method or header name. */
  private static boolean token(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
