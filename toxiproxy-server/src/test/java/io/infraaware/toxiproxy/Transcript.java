package io.infraaware.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The recorded exchanges of the real Toxiproxy 2.12 (section A of the contract file), in order. */
final class Transcript {

  record Exchange(
      int number,
      String title,
      String method,
      String path,
      Map<String, String> requestHeaders,
      String requestBody,
      int status,
      String reason,
      Map<String, String> responseHeaders,
      String responseBody) {}

  private static final Pattern HEADING =
      Pattern.compile("^#### (\\d+)\\. `([A-Z]+) ([^`]+)` — (.*)$");
  private static final Pattern EXACT = Pattern.compile("^Exact body bytes \\((\\d+)\\): `(.*)`$");

  private Transcript() {}

  static List<Exchange> load() {
    String text;
    try (InputStream in = Transcript.class.getResourceAsStream("/toxiproxy-api-v2.12.md")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String sectionA = text.substring(text.indexOf("## A."), text.indexOf("## B."));
    List<Exchange> exchanges = new ArrayList<>();
    String[] lines = sectionA.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher heading = HEADING.matcher(lines[i]);
      if (!heading.matches()) {
        continue;
      }
      int requestStart = indexOf(lines, "```http", i) + 1;
      int requestEnd = indexOf(lines, "```", requestStart);
      int responseStart = indexOf(lines, "```http", requestEnd + 1) + 1;
      int responseEnd = indexOf(lines, "```", responseStart);
      Map<String, String> requestHeaders = new LinkedHashMap<>();
      int j = requestStart + 1;
      for (; j < requestEnd && !lines[j].isEmpty(); j++) {
        String[] header = lines[j].split(": ", 2);
        requestHeaders.put(header[0], header[1]);
      }
      StringBuilder body = new StringBuilder();
      for (j = j + 1; j < requestEnd; j++) {
        body.append(body.length() > 0 ? "\n" : "").append(lines[j]);
      }
      String[] statusLine = lines[responseStart].split(" ", 3);
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (int k = responseStart + 1; k < responseEnd && !lines[k].isEmpty(); k++) {
        String[] header = lines[k].split(": ", 2);
        responseHeaders.put(header[0], header[1]);
      }
      String exact = null;
      for (int k = responseEnd; k < lines.length; k++) {
        Matcher matcher = EXACT.matcher(lines[k]);
        if (matcher.matches()) {
          exact = unescape(matcher.group(2));
          break;
        }
      }
      exchanges.add(
          new Exchange(
              Integer.parseInt(heading.group(1)),
              heading.group(4),
              heading.group(2),
              heading.group(3),
              requestHeaders,
              body.toString(),
              Integer.parseInt(statusLine[1]),
              statusLine[2],
              responseHeaders,
              exact));
      i = responseEnd;
    }
    return exchanges;
  }

  private static int indexOf(String[] lines, String line, int from) {
    for (int i = from; i < lines.length; i++) {
      if (lines[i].equals(line)) {
        return i;
      }
    }
    throw new IllegalStateException("transcript: no [" + line + "] after line " + from);
  }

  /** Decodes the quoted, backslash-escaped literal of the transcript's exact bodies. */
  static String unescape(String quoted) {
    String inner = quoted.substring(1, quoted.length() - 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = inner.charAt(++i);
      switch (next) {
        case 'n':
          out.append('\n');
          break;
        case 't':
          out.append('\t');
          break;
        case 'r':
          out.append('\r');
          break;
        case 'x':
          out.append((char) Integer.parseInt(inner.substring(i + 1, i + 3), 16));
          i += 2;
          break;
        default:
          out.append(next);
      }
    }
    return out.toString();
  }
}
