package io.infraaware.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requests of Toxiproxy's own suites ({@code api_test.go}, the official clients) and the real
 * server's answers, recorded (the shared reference {@code toxiproxy-api-v2.12-more.md}), replayed
 * transcript by transcript on a fresh server: disabled proxies echo their address as given, listen
 * errors name the resolved address, the {@code noop} toxic, {@code /version}. The recording's
 * listen ports are replaced by free ones as they first appear.
 *
 * <p>Left out on purpose: the two last exchanges of transcript 2 and all of transcript 3, where the
 * real server accepts a negative attribute or a toxicity outside 0..1 and this one answers 400
 * (documented, and checked by {@code RobustnessTests} and {@code ToxicRangeTests}).
 */
class SuiteTranscriptTests {

  private static final Pattern LISTEN_PORT =
      Pattern.compile("(localhost|127\\.0\\.0\\.1):(3310|274\\d\\d)(?!\\d)");

  /** One request and the answer the real server gave. */
  private record Exchange(
      String method,
      String path,
      String body,
      String statusLine,
      List<String> headers,
      String answer) {}

  private static List<Exchange> transcript(int number) throws IOException {
    String text;
    try (InputStream in =
        SuiteTranscriptTests.class.getResourceAsStream("/toxiproxy-api-v2.12-more.md")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int start = text.indexOf("## Transcript " + number + ":");
    String section = text.substring(start, text.indexOf("\n```\n", text.indexOf("```", start) + 3));
    List<Exchange> exchanges = new ArrayList<>();
    String[] blocks = section.split("\n>>> ");
    for (int b = 1; b < blocks.length; b++) {
      String[] lines = blocks[b].split("\n", -1);
      String[] request = lines[0].split(" ", 3);
      List<String> headers = new ArrayList<>();
      int length = 0;
      int i = 2;
      for (; !lines[i].isEmpty(); i++) {
        String[] header = lines[i].split(": ", 2);
        headers.add(header[0]);
        if (header[0].equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(header[1]);
        }
      }
      String body = i + 1 < lines.length ? lines[i + 1] : "";
      String answer = length == body.length() + 1 ? body + "\n" : body.substring(0, length);
      exchanges.add(
          new Exchange(
              request[0],
              request[1],
              request.length > 2 ? request[2] : "",
              lines[1],
              headers,
              answer));
    }
    return exchanges;
  }

  @ParameterizedTest(name = "transcript {0}, its first {1} exchanges")
  @CsvSource({"1, 13", "2, 10"})
  void theRealServersAnswersToItsOwnSuites(int number, int count) throws Exception {
    List<Exchange> exchanges = transcript(number).subList(0, count);
    Map<String, String> ports = new HashMap<>();
    SoftAssertions softly = new SoftAssertions();
    try (ToxiproxyServer server = ToxiproxyServer.builder().start();
        Socket connection = new Socket(server.host(), server.port())) {
      connection.setSoTimeout(10_000);
      for (Exchange exchange : exchanges) {
        byte[] body = remap(exchange.body(), ports).getBytes(StandardCharsets.UTF_8);
        String head =
            exchange.method()
                + " "
                + exchange.path()
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + body.length
                + "\r\n\r\n";
        connection.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        connection.getOutputStream().write(body);
        RawResponse response = RawResponse.read(connection.getInputStream());
        String what = exchange.method() + " " + exchange.path() + " " + exchange.body();
        softly.assertThat(response.statusLine()).as(what).isEqualTo(exchange.statusLine());
        softly
            .assertThat(response.headerNames())
            .as(what + ": header names")
            .isEqualTo(
                number == 1
                    ? exchange.headers()
                    : response.headerNames().stream()
                        .filter(name -> exchange.headers().contains(name.toLowerCase(Locale.ROOT)))
                        .toList());
        softly
            .assertThat(response.headerNames())
            .as(what + ": as many headers")
            .hasSameSizeAs(exchange.headers());
        softly.assertThat(unmap(response.body(), ports)).as(what).isEqualTo(exchange.answer());
      }
    }
    softly.assertAll();
  }

  /** The recording's listen ports as this run has them: free ports, chosen as they appear. */
  private static String remap(String recorded, Map<String, String> ports) {
    Matcher port = LISTEN_PORT.matcher(recorded);
    StringBuilder actual = new StringBuilder();
    while (port.find()) {
      String free = ports.computeIfAbsent(port.group(2), unused -> freePort(ports));
      port.appendReplacement(actual, port.group(1) + ":" + free);
    }
    port.appendTail(actual);
    return actual.toString();
  }

  private static String unmap(String actual, Map<String, String> ports) {
    String text = actual;
    for (Map.Entry<String, String> port : ports.entrySet()) {
      text = text.replaceAll(":" + port.getValue() + "(?!\\d)", ":" + port.getKey());
    }
    return text;
  }

  private static String freePort(Map<String, String> taken) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(socket.getLocalPort());
      return taken.containsValue(port) ? freePort(taken) : port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
