package io.infraaware.toxiproxy.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
   * Reads a head, in the order of Go's checks: the request line, the header lines, the Host
   * headers, the body's length, the protocol version, then the Host value and each header's name
   * and value.
   *
   * @param text the head's bytes as ISO-8859-1, up to and with its empty line
   * @return the head
   * @throws MalformedRequest with Go's answer for what it cannot read
   */
  static RequestHead parse(String text) throws MalformedRequest {
    String[] lines = text.split("\n", -1);
    String line = strip(lines[0]);
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (first < 0 || second < 0) {
      throw MalformedRequest.badRequest("malformed HTTP request \"" + line + "\"");
    }
    String method = line.substring(0, first);
    String target = line.substring(first + 1, second);
    String version = line.substring(second + 1);
    if (!token(method)) {
      throw MalformedRequest.badRequest("invalid method \"" + method + "\"");
    }
    if (!version.startsWith("HTTP/")
        || version.length() != 8
        || !digit(version.charAt(5))
        || version.charAt(6) != '.'
        || !digit(version.charAt(7))) {
      throw MalformedRequest.badRequest("malformed HTTP version \"" + version + "\"");
    }
    boolean http10 = version.equals("HTTP/1.0");
    boolean http11 = version.charAt(5) == '1' && !http10;
    boolean preface = method.equals("PRI") && target.equals("*") && version.equals("HTTP/2.0");
    String path = preface ? "*" : path(target);
    // header lines, as Go's textproto reads them: a line that begins with a space or tab continues
    // the one before (obs-fold), joined by one space
    List<String[]> fields = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String header = strip(lines[i]);
      if (header.isEmpty()) {
        break;
      }
      if (header.charAt(0) == ' ' || header.charAt(0) == '\t') {
        if (fields.isEmpty()) {
          throw MalformedRequest.badRequest("malformed MIME header initial line: " + header);
        }
        String[] last = fields.get(fields.size() - 1);
        last[1] = trim(last[1]) + " " + trim(header);
        continue;
      }
      int colon = header.indexOf(':');
      if (colon < 0) {
        throw MalformedRequest.badRequest("malformed MIME header line: " + header);
      }
      if (colon > 0) {
        fields.add(new String[] {header.substring(0, colon), header.substring(colon + 1)});
      }
    }
    Map<String, String> headers = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    String badName = null;
    String badValue = null;
    String length = null;
    for (String[] field : fields) {
      String name = field[0].toLowerCase(Locale.ROOT);
      String value = trim(field[1]);
      if (!token(field[0])) {
        badName = badName == null ? field[0] : badName;
        name = field[0]; // Go keeps a name it cannot canonicalize as it is: it is no known header
      }
      if (!validValue(value)) {
        badValue = badValue == null ? value : badValue;
      }
      counts.merge(name, 1, Integer::sum);
      if (name.equals("content-length")) {
        if (length != null && !length.equals(value)) {
          throw MalformedRequest.badRequest("multiple Content-Length headers");
        }
        length = value;
      }
      headers.putIfAbsent(name, value);
    }
    int hosts = counts.getOrDefault("host", 0);
    if (hosts > 1) {
      throw MalformedRequest.badRequest("too many Host headers");
    }
    String encoding = http10 ? null : headers.get("transfer-encoding");
    boolean chunked = encoding != null;
    if (chunked && (counts.get("transfer-encoding") > 1 || !encoding.equalsIgnoreCase("chunked"))) {
      throw MalformedRequest.unsupportedEncoding();
    }
    // a chunked body is read as chunked whatever Content-Length says, as Go does
    long contentLength = length == null || chunked ? 0 : contentLength(length);
    if (version.charAt(5) != '1' && !preface) {
      throw MalformedRequest.withReason(505, "unsupported protocol version");
    }
    if (http11 && hosts == 0 && !preface && !method.equals("CONNECT")) {
      throw MalformedRequest.withReason(400, "missing required Host header");
    }
    if (hosts == 1 && !validHost(headers.get("host"))) {
      throw MalformedRequest.withReason(400, "malformed Host header");
    }
    if (badName != null) {
      throw MalformedRequest.withReason(400, "invalid header name");
    }
    if (badValue != null) {
      throw MalformedRequest.withReason(400, "invalid header value");
    }
    String connection = headers.getOrDefault("connection", "");
    boolean keepAlive =
        !preface && (http11 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive"));
    String expect = headers.get("expect");
    boolean continues = expect != null && hasToken(expect, "100-continue");
    return new RequestHead(
        method,
        path,
        headers,
        http11 || preface,
        keepAlive,
        continues && http11 && (chunked || contentLength > 0),
        chunked,
        contentLength);
  }

  private static long contentLength(String length) throws MalformedRequest {
    if (length.isEmpty()
        || length.length() > 18
        || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw MalformedRequest.badRequest("bad Content-Length \"" + length + "\"");
    }
    return Long.parseLong(length);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Go's {@code hasToken}: a comma-separated list holds the token, in any case. */
  static boolean hasToken(String list, String token) {
    for (String part : list.split(",", -1)) {
      if (trim(part).equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** Go's {@code httpguts.ValidHeaderFieldValue}: no control characters but tab. */
  private static boolean validValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' && c != '\t' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code httpguts.ValidHostHeader}: the bytes a host, port or IPv6 literal may hold. */
  private static boolean validHost(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || "!$%&'()*+,-.:;=[]_~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
      end--;
    }
    return text.substring(start, end);
  }

  /** The path of a request target (origin or absolute form), non-ASCII bytes percent-encoded. */
  private static String path(String target) throws MalformedRequest {
    String rest = target;
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int slash = target.indexOf('/', lower.indexOf("//") + 2);
      rest = slash < 0 ? "/" : target.substring(slash);
    } else if (!target.startsWith("/") && !target.equals("*")) {
      throw MalformedRequest.badRequest("invalid request URI \"" + target + "\"");
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    StringBuilder encoded = new StringBuilder(rest.length());
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw MalformedRequest.badRequest("invalid character in request URI");
      }
      if (c == '%'
          && !(i + 2 < rest.length() && hex(rest.charAt(i + 1)) && hex(rest.charAt(i + 2)))) {
        throw MalformedRequest.badRequest(
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
