package io.infraaware.toxiproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 response as it came over the wire: the status line, the headers in their order and
 * case, and the body, read by its {@code Content-Length}. For tests that check what a client's
 * library would hide.
 *
 * @param statusLine e.g. {@code HTTP/1.1 200 OK}
 * @param headers names and values in order
 * @param body the body
 */
record RawResponse(String statusLine, List<Map.Entry<String, String>> headers, String body) {

  /** Reads one response; fails when the connection closes before it is whole. */
  static RawResponse read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    int length = 0;
    for (int i = 1; i < lines.length; i++) {
      String[] header = lines[i].split(": ", 2);
      headers.add(Map.entry(header[0], header[1]));
      if (header[0].equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(header[1]);
      }
    }
    return new RawResponse(
        lines[0], headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  /** The status code. */
  int status() {
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  /** The header names, in order. */
  List<String> headerNames() {
    return headers.stream().map(Map.Entry::getKey).toList();
  }

  /** A header's first value, or null. */
  String header(String name) {
    return headers.stream()
        .filter(header -> header.getKey().equals(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** The whole head, for messages. */
  String head() {
    StringBuilder text = new StringBuilder(statusLine).append("\r\n");
    headers.forEach(h -> text.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    return text.toString();
  }
}
