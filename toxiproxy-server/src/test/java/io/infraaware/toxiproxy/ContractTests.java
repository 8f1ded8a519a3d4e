package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays every exchange recorded from the real Toxiproxy 2.12 against this server, in order, over
 * one kept-alive connection, and compares what goes over the wire: the status line, the header
 * names in their order and case, the values of {@code Content-Type} and {@code
 * X-Content-Type-Options}, the shape of the request id and the date, and the exact body bytes.
 *
 * <p>Ports differ by nature and are mapped both ways: the API's own (8474 in the recording; binding
 * a proxy there is how it provoked "address already in use"), the one the kernel picked for {@code
 * listen: 127.0.0.1:0}, and every fixed proxy port of the recording (26379 to 26395), which is
 * replaced by a free port when it first appears, so that the replay binds no fixed port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTests {

  private static final String RECORDED_API_PORT = "8474";
  private static final String RECORDED_EPHEMERAL_PORT = "40461";
  private static final Pattern FIXED_PORT =
      Pattern.compile("(127\\.0\\.0\\.1|localhost):(263\\d\\d)(?!\\d)");

  private ToxiproxyServer server;
  private Socket connection;
  private String ephemeralPort;

  /** Recorded fixed port to the free port that stands in for it. */
  private final Map<String, String> ports = new HashMap<>();

  @BeforeAll
  void start() throws IOException {
    server = ToxiproxyServer.builder().start();
    connection = new Socket(server.host(), server.port());
    connection.setSoTimeout(10_000);
  }

  @AfterAll
  void stop() throws IOException {
    connection.close();
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedExchangeGetsTheSameAnswer() {
    List<Transcript.Exchange> exchanges = Transcript.load();
    assertThat(exchanges).hasSize(117);
    return exchanges.stream()
        .map(
            exchange ->
                DynamicTest.dynamicTest(
                    exchange.number()
                        + ". "
                        + exchange.method()
                        + " "
                        + exchange.path()
                        + " — "
                        + exchange.title(),
                    () -> replay(exchange)));
  }

  /** A port that is free now: it stands in for a recorded one from here on. */
  private String freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = Integer.toString(socket.getLocalPort());
      return ports.containsValue(port) ? freePort() : port;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recording's addresses as this run has them. */
  private String toActual(String recorded) {
    Matcher fixed = FIXED_PORT.matcher(recorded);
    StringBuilder actual = new StringBuilder();
    while (fixed.find()) {
      String port = ports.computeIfAbsent(fixed.group(2), unused -> freePort());
      fixed.appendReplacement(actual, fixed.group(1) + ":" + port);
    }
    fixed.appendTail(actual);
    return actual
        .toString()
        .replace("127.0.0.1:" + RECORDED_API_PORT, "127.0.0.1:" + server.port());
  }

  /** This run's addresses as the recording has them. */
  private String toRecorded(String actual) {
    List<String[]> mappings = new ArrayList<>();
    ports.forEach((recorded, port) -> mappings.add(new String[] {port, recorded}));
    mappings.add(new String[] {Integer.toString(server.port()), RECORDED_API_PORT});
    if (ephemeralPort != null) {
      mappings.add(new String[] {ephemeralPort, RECORDED_EPHEMERAL_PORT});
    }
    String text = actual;
    for (String[] mapping : mappings) {
      text =
          text.replaceAll("127\\.0\\.0\\.1:" + mapping[0] + "(?!\\d)", "127.0.0.1:" + mapping[1]);
    }
    return text;
  }

  private void replay(Transcript.Exchange exchange) throws IOException {
    byte[] body = toActual(exchange.requestBody()).getBytes(StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder()
            .append(exchange.method())
            .append(' ')
            .append(exchange.path())
            .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(server.port())
            .append("\r\n");
    for (Map.Entry<String, String> header : exchange.requestHeaders().entrySet()) {
      request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    request.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    connection.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
    connection.getOutputStream().write(body);
    RawResponse response = RawResponse.read(connection.getInputStream());

    if (exchange.number() == 13) {
      ephemeralPort = response.body().replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1");
    }
    SoftAssertions softly = new SoftAssertions();
    softly
        .assertThat(response.statusLine())
        .as("status line")
        .isEqualTo("HTTP/1.1 " + exchange.status() + " " + exchange.reason());
    softly
        .assertThat(response.headerNames())
        .as("header names, in order and case")
        .isEqualTo(List.copyOf(exchange.responseHeaders().keySet()));
    for (String exact : List.of("Content-Type", "X-Content-Type-Options")) {
      softly
          .assertThat(response.header(exact))
          .as(exact)
          .isEqualTo(exchange.responseHeaders().get(exact));
    }
    if (response.header("X-Toxiproxy-Request-Id") != null) {
      softly.assertThat(response.header("X-Toxiproxy-Request-Id")).matches("[0-9a-v]{20}");
    }
    softly
        .assertThat(response.header("Date"))
        .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    if (response.header("Content-Length") != null) {
      softly
          .assertThat(Integer.parseInt(response.header("Content-Length")))
          .isEqualTo(response.body().getBytes(StandardCharsets.UTF_8).length);
    }
    softly.assertThat(toRecorded(response.body())).as("body").isEqualTo(exchange.responseBody());
    softly.assertAll();
  }
}
