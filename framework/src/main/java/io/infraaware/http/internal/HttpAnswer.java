package io.infraaware.http.internal;

import io.infraaware.probe.ProbeConnection;
import io.infraaware.probe.ProbeContext;
import io.infraaware.service.ServiceEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A probe's HTTP/1.1 request and the answer to it, read from a {@link ProbeConnection}: the status
 * line, the headers and up to 64 KiB of body (by length, chunked, or to the end).
 *
 * <p>It is the opening exchange of HTTP and WebSocket, spoken on the probe's own connection so that
 * the probe timeout bounds the peer and nothing else; it is not a general HTTP client.
 *
 * @param status the status code
 * @param headers the headers, names in lower case
 * @param body the body, possibly cut at 64 KiB
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record HttpAnswer(int status, Map<String, String> headers, String body) {

  private static final int MAX_BODY = 64 * 1024;

  /**
   * A request's head: {@code GET <target> HTTP/1.1} with {@code Host}, basic auth when the endpoint
   * has a user, and extra headers.
   *
   * @param endpoint the service
   * @param target the path and query
   * @param extraHeaders more header lines, each ending in CRLF
   * @return the bytes to send
   */
  public static String request(ServiceEndpoint endpoint, String target, String extraHeaders) {
    StringBuilder request =
        new StringBuilder("GET ")
            .append(target.isEmpty() ? "/" : target)
            .append(" HTTP/1.1\r\nHost: ")
            .append(hostHeader(endpoint))
            .append("\r\nUser-Agent: infraaware-probe\r\n");
    if (endpoint.username().isPresent()) {
      String credentials = endpoint.username().get() + ":" + endpoint.password().orElse("");
      request
          .append("Authorization: Basic ")
          .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    return request.append(extraHeaders).append("\r\n").toString();
  }

  private static String hostHeader(ServiceEndpoint endpoint) {
    String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
    int defaultPort = endpoint.scheme().defaultPort();
    return endpoint.port() == defaultPort ? host : host + ":" + endpoint.port();
  }

  /**
   * Reads the status line and headers, and for {@code readBody} the body.
   *
   * @param context the probe's context, for a protocol mismatch
   * @param connection the connection the request went out on
   * @param readBody whether to read a body (not after a 101)
   * @return the answer
   * @throws IOException when the connection breaks
   */
  public static HttpAnswer read(ProbeContext context, ProbeConnection connection, boolean readBody)
      throws IOException {
    byte[] first = connection.peek(32);
    String statusLine = connection.readLine();
    if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12) {
      throw context.mismatch(first);
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw context.mismatch(first);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    while (true) {
      String line = connection.readLine();
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.merge(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    String body = readBody ? body(connection, headers, status) : "";
    return new HttpAnswer(status, Map.copyOf(headers), body);
  }

  private static String body(ProbeConnection connection, Map<String, String> headers, int status)
      throws IOException {
    if (status == 204 || status == 304 || status / 100 == 1) {
      return "";
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
    if (encoding.contains("chunked")) {
      while (body.size() < MAX_BODY) {
        String size = connection.readLine();
        int semicolon = size.indexOf(';');
        int length =
            Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (length == 0) {
          break;
        }
        byte[] chunk = connection.readExactly(Math.min(length, MAX_BODY - body.size()));
        body.write(chunk, 0, chunk.length);
        if (chunk.length < length) {
          break;
        }
        connection.readLine();
      }
    } else if (headers.containsKey("content-length")) {
      long length = Long.parseLong(headers.get("content-length").trim());
      byte[] bytes = connection.readExactly((int) Math.min(length, MAX_BODY));
      body.write(bytes, 0, bytes.length);
    } else {
      // Connection: close was asked for: the body runs to the end
      try {
        while (body.size() < MAX_BODY) {
          body.write(connection.readByte());
        }
      } catch (io.infraaware.probe.ProbeFailure end) {
        // the peer closed (or went quiet) after the body
      }
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  /**
   * A header's value.
   *
   * @param name the name, any case
   * @return the value
   */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
