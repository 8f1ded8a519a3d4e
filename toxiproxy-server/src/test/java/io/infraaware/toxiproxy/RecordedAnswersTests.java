package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Toxiproxy 2.12.0 answers to raw requests, replayed byte for byte: every expected answer
 * below was recorded from the real server (built from its v2.12.0 tag) with the same request and
 * the same proxy {@code c} (a latency toxic {@code lat} downstream, a slicer {@code sl} upstream)
 * before it, and, for bodies, what {@code GET /proxies/c} shows after it, so a silent no-op cannot
 * pass. The {@code Date}, the request id and the ports vary and are compared as {@code <date>},
 * {@code <id>} and {@code <port>}; {@code <EOF>} is the server closing the connection.
 */
class RecordedAnswersTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ToxiproxyServer server;

  @BeforeAll
  static void start() {
    server = ToxiproxyServer.builder().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void theProxyOfTheRecording() throws Exception {
    Iterator<String> names =
        JSON.readTree(ApiCalls.call(server, "GET", "/proxies", null).body()).fieldNames();
    while (names.hasNext()) {
      String name = URLEncoder.encode(names.next(), StandardCharsets.UTF_8).replace("+", "%20");
      ApiCalls.call(server, "DELETE", "/proxies/" + name, null);
    }
    ApiCalls.call(
        server,
        "POST",
        "/proxies",
        "{\"name\":\"c\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:6379\"}");
    ApiCalls.call(
        server,
        "POST",
        "/proxies/c/toxics",
        "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":10,\"jitter\":1}}");
    ApiCalls.call(
        server,
        "POST",
        "/proxies/c/toxics",
        "{\"name\":\"sl\",\"type\":\"slicer\",\"stream\":\"upstream\","
            + "\"attributes\":{\"average_size\":5}}");
  }

  @ParameterizedTest(name = "[{index}] {0} {1} {2}")
  @MethodSource("bodies")
  void aBodyIsDecodedAsGoDecodesIt(
      String method, String path, String body, String answer, String proxyAfter) throws Exception {
    String request =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + body.length()
            + "\r\nConnection: close\r\n\r\n"
            + body;
    assertThat(exchange(request, false, answer)).isEqualTo(answer);
    assertThat(normalized(ApiCalls.call(server, "GET", "/proxies/c", null).body()))
        .isEqualTo(proxyAfter);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("requests")
  void aRequestIsReadAsGoReadsIt(String request, boolean halfClose, String answer)
      throws Exception {
    assertThat(exchange(request, halfClose, answer)).isEqualTo(answer);
  }

  @Test
  void aBodyCutByTheReadTimeoutIsAnsweredAsTheRealServerDoesThere() throws Exception {
    // what Toxiproxy 2.12.0 answers after its 15 s read timeout: an empty 503, then it closes
    try (ToxiproxyServer quick =
        ToxiproxyServer.builder()
            .apiTimeouts(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(60))
            .start()) {
      String answer =
          "HTTP/1.1 503 Service Unavailable\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r\n"
              + "Content-Length: 0\r\nConnection: close\r\n\r\n<EOF>";
      assertThat(
              exchange(
                  quick,
                  "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"name\":",
                  false,
                  answer))
          .isEqualTo(answer);
      // a head cut by the timeout is closed without a word, as there
      assertThat(exchange(quick, "GET /version HTTP/1.1\r\nHost: x\r\n", false, "<EOF>"))
          .isEqualTo("<EOF>");
    }
  }

  @Test
  void anUpdateThatDoesNotFitChangesNothingWhereTheRealServerKeepsWhatCameBeforeTheError()
      throws Exception {
    // Toxiproxy 2.12.0 answers the same 400 but has set latency to 5 by then; ours is whole or not
    var answer =
        ApiCalls.call(
            server,
            "POST",
            "/proxies/c/toxics/lat",
            "{\"attributes\":{\"latency\":5,\"jitter\":\"x\"}}");
    assertThat(answer.body())
        .isEqualTo(
            "{\"error\":\"bad request body: json: cannot unmarshal string into Go struct field"
                + " LatencyToxic.attributes.jitter of type int64\",\"status\":400}\n");
    assertThat(ApiCalls.call(server, "GET", "/proxies/c/toxics/lat", null).body())
        .contains("\"attributes\":{\"latency\":10,\"jitter\":1}");
  }

  @Test
  void aProxyWithoutAListenAddressListensOnLoopbackWhereTheRealServerListensEverywhere()
      throws Exception {
    // Toxiproxy 2.12.0 listens on [::]:<free port>; a test proxy should not be open to the network
    var answer = ApiCalls.call(server, "POST", "/proxies", "{\"name\":\"a\",\"upstream\":\"x:1\"}");
    assertThat(answer.statusCode()).isEqualTo(201);
    assertThat(normalized(answer.body())).contains("\"listen\":\"127.0.0.1:<port>\"");
  }

  private static String exchange(String request, boolean halfClose, String expected)
      throws IOException {
    return exchange(server, request, halfClose, expected);
  }

  /**
   * Sends a request as bytes and reads the answer: one response by its length, or to the end when
   * it has none or when the recording shows the server closing.
   */
  private static String exchange(
      ToxiproxyServer target, String request, boolean halfClose, String expected)
      throws IOException {
    try (Socket socket = new Socket(target.host(), target.port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      if (halfClose) {
        socket.shutdownOutput();
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      String head = readHead(in, got);
      if (head != null && !head.startsWith("HTTP/1.1 100 ")) {
        int length = contentLength(head);
        if (length >= 0) {
          got.write(in.readNBytes(length));
        }
        if (length < 0 || expected.endsWith("<EOF>")) {
          got.write(in.readAllBytes());
          got.write("<EOF>".getBytes(StandardCharsets.ISO_8859_1));
        }
      }
      if (head == null) {
        got.write("<EOF>".getBytes(StandardCharsets.ISO_8859_1));
      }
      return normalized(got.toString(StandardCharsets.ISO_8859_1));
    }
  }

  private static String readHead(InputStream in, ByteArrayOutputStream got) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      got.write(b);
      head.append((char) b);
    }
    return head.toString();
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.startsWith("Content-Length: ")) {
        return Integer.parseInt(line.substring("Content-Length: ".length()));
      }
    }
    return head.startsWith("HTTP/1.1 204 ") || head.startsWith("HTTP/1.0 204 ") ? 0 : -1;
  }

  private static String normalized(String wire) {
    return wire.replaceAll("Date: [^\r]*", "Date: <date>")
        .replaceAll("X-Toxiproxy-Request-Id: [^\r]*", "X-Toxiproxy-Request-Id: <id>")
        .replaceAll("127\\.0\\.0\\.1:\\d{4,5}", "127.0.0.1:<port>");
  }

  private static Arguments body(
      String method, String path, String body, String answer, String proxyAfter) {
    return Arguments.of(method, path, body, answer, proxyAfter);
  }

  private static Arguments wire(String request, boolean halfClose, String answer) {
    return Arguments.of(request, halfClose, answer);
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"NAME\":\"a\",\"Listen\":\"127.0.0.1:0\",\"UPSTREAM\":\"127.0.0.1:6379\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 106\r\nConnection: close\r\n\r"
                + "\n{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<"
                + "port>\",\"enabled\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"NAME\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1" + "\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"b\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"NAME\":\"b\",\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1" + "\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"\u00c5\u00bfname\":\"a\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 54\r\nConnection: close\r\n\r\n{\"error\":\"missing requir"
                + "ed field: name\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"li\u00c5\u00bften\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":"
                + "null}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"Enabled\":"
                + "false}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 92\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":"
                + "false,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":null,\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 54\r\nConnection: close\r\n\r\n{\"error\":\"missing requir"
                + "ed field: name\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":5,\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 120\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field Proxy.name of type s"
                + "tring\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"enabled\":"
                + "\"yes\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 121\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field Proxy.enabled of typ"
                + "e bool\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"Logger\":\""
                + "x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 130\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field Proxy.Logger of type"
                + " zerolog.Logger\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"logger\":{"
                + "\"a\":1}}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\",\"toxics\":5}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "null",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 54\r\nConnection: close\r\n\r\n{\"error\":\"missing requir"
                + "ed field: name\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "5",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 111\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go value of type toxiproxy.Proxy\",\""
                + "status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "\"x\"",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 111\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go value of type toxiproxy.Proxy\",\""
                + "status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a<b>&\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 114\r\nConnection: close\r\n\r"
                + "\n{\"name\":\"a\\u003cb\\u003e\\u0026\",\"listen\":\"127.0.0.1:<port>\",\"up"
                + "stream\":\"x:1\",\"enabled\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\\u2028\\u0001\\b\\f\",\"listen\":\"127.0.0.1:0\",\"upstream\":"
                + "\"x:1\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 119\r\nConnection: close\r\n\r"
                + "\n{\"name\":\"a\\u2028\\u0001\\u0008\\u000c\",\"listen\":\"127.0.0.1:<port>\""
                + ",\"upstream\":\"x:1\",\"enabled\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"} trailing ga"
                + "rbage",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 95\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"a\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"x:1\",\"enabl"
                + "ed\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\",}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 108\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: invalid character '}' looking for beginning of object key string\",\"st"
                + "atus\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\" \"a\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 83\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '\\\"' after object key\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"a\" \"x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 94\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '\\\"' after object key:value pair\",\"status\":400}\n"
                + "<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{name:\"a\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 108\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: invalid character 'n' looking for beginning of object key string\",\"st"
                + "atus\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "[1,]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 96\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character ']' looking for beginning of value\",\"status\":400}\n"
                + "<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "[1 2]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 85\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '2' after array element\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":00}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 93\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '0' after object key:value pair\",\"status\":400}\n<EO"
                + "F>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":-}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 84\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '}' in numeric literal\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":1.}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 104\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: invalid character '}' after decimal point in numeric literal\",\"status"
                + "\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":1e}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 96\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '}' in exponent of numeric literal\",\"status\":400}\n"
                + "<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":tru}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 97\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '}' in literal true (expecting 'e')\",\"status\":400}\n"
                + "<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":nul }",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 97\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character ' ' in literal null (expecting 'l')\",\"status\":400}\n"
                + "<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":\"\\x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 87\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character 'x' in string escape code\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":\"\\u12g4\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 101\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: invalid character 'g' in \\\\u hexadecimal character escape\",\"status\""
                + ":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":\"\u0001\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 87\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '\\\\x01' in string literal\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":'x'}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 98\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '\\\\'' looking for beginning of value\",\"status\":40"
                + "0}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":<}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 101\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: invalid character '\\u003c' looking for beginning of value\",\"status\""
                + ":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "\u00ef\u00bb\u00bf{}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 97\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '\u00c3\u00af' looking for beginning of value\",\"stat"
                + "us\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "   ",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 47\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: EOF\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "  {",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 58\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: unexpected EOF\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"a\":\"\u00ff\u00fe\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 54\r\nConnection: close\r\n\r\n{\"error\":\"missing requir"
                + "ed field: name\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"\u00e2\u0082\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 100\r\nConnection: close\r\n\r"
                + "\n{\"name\":\"\u00ef\u00bf\u00bd\u00ef\u00bf\u00bd\",\"listen\":\"127.0.0.1:"
                + "<port>\",\"upstream\":\"x:1\",\"enabled\":true,\"Logger\":{},\"toxics\":[]}<"
                + "EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"name\":\"\\ud800\\u0041\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 98\r\nConnection: close\r\n\r\n"
                + "{\"name\":\"\u00ef\u00bf\u00bdA\",\"listen\":\"127.0.0.1:<port>\",\"upstream"
                + "\":\"x:1\",\"enabled\":true,\"Logger\":{},\"toxics\":[]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "[".repeat(10000) + "]".repeat(10000),
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 110\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal array into Go value of type toxiproxy.Proxy\",\""
                + "status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "[".repeat(10001) + "]".repeat(10001),
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 84\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '[' exceeded max depth\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies",
            "{\"x\":" + "[".repeat(10000) + "]".repeat(10000) + "}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 84\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid character '[' exceeded max depth\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "null",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 335\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>"
                + "\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_siz"
                + "e\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\","
                + "\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"ji"
                + "tter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\""
                + "toxicity\":1}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"Enabled\":false}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 336\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>"
                + "\",\"enabled\":false,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_si"
                + "ze\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\""
                + ",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"j"
                + "itter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\""
                + "toxicity\":1}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":false,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average"
                + "_size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slice"
                + "r\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,"
                + "\"jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\""
                + ",\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"ENABLED\":false,\"enabled\":true}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 335\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>"
                + "\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_siz"
                + "e\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\","
                + "\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"ji"
                + "tter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\""
                + "toxicity\":1}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"upstream\":\"\"}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 321\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"\",\"enabled\":t"
                + "rue,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_size\":5,\"size_var"
                + "iation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\",\"stream\":\"ups"
                + "tream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"jitter\":1},\"name"
                + "\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}]}<"
                + "EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"\",\"enabled\""
                + ":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_size\":5,\"size_v"
                + "ariation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\",\"stream\":\"u"
                + "pstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"jitter\":1},\"na"
                + "me\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}]"
                + "}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"upstream\":null}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 335\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>"
                + "\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_siz"
                + "e\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\","
                + "\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"ji"
                + "tter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\""
                + "toxicity\":1}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"enabled\":1}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 121\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field Proxy.enabled of typ"
                + "e bool\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "[]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 110\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal array into Go value of type toxiproxy.Proxy\",\""
                + "status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c",
            "{\"name\":\"zz\"}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 335\r\nConnection: close\r\n\r\n{\""
                + "name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>"
                + "\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_siz"
                + "e\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer\","
                + "\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\"ji"
                + "tter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\",\""
                + "toxicity\":1}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"stream\":\"\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 82\r\nConnection: close\r\n\r\n{\"error\":\"stream was inv"
                + "alid, can be either upstream or downstream\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"stream\":null}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 119\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"Type\":\"latency\",\"Stream\":\"UpStream\",\"Name\":\"X\",\"Toxicity\":0."
                + "5,\"Attributes\":{\"Latency\":5,\"JITTER\":2}}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 102\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":5,\"jitter\":2},\"name\":\"X\",\"type\":\"latency\""
                + ",\"stream\":\"UpStream\",\"toxicity\":0.5}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":5,\""
                + "jitter\":2},\"name\":\"X\",\"type\":\"latency\",\"stream\":\"UpStream\",\"to"
                + "xicity\":0.5},{\"attributes\":{\"latency\":10,\"jitter\":1},\"name\":\"lat\""
                + ",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":null}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 119\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":5}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 143\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field ToxicWrapper.attribu"
                + "tes of type toxics.NoopToxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":[]}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 142\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal array into Go struct field ToxicWrapper.attribut"
                + "es of type toxics.NoopToxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":\"x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 143\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field ToxicWrapper.attribu"
                + "tes of type toxics.NoopToxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":1.5}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 144\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.att"
                + "ributes.latency of type int64\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":1e3}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 144\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number 1e3 into Go struct field LatencyToxic.att"
                + "ributes.latency of type int64\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":null,\"jitter\":3}}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 119\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":3},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":3},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"slicer\",\"attributes\":{\"average_size\":\"x\"}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 142\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field SlicerToxic.attribut"
                + "es.average_size of type int\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"slicer\",\"attributes\":{\"delay\":1.5}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 139\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number 1.5 into Go struct field SlicerToxic.attr"
                + "ibutes.delay of type int\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"toxicity\":\"x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 132\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field ToxicWrapper.toxicit"
                + "y of type float32\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"toxicity\":0.123456789}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 128\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":0.12345679}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":0.12345679}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"toxicity\":1e-7}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 122\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1e-7}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":1e-7}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"toxicity\":1e39}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 137\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number 1e39 into Go struct field ToxicWrapper.to"
                + "xicity of type float32\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"toxicity\":null}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 119\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"latency_downstream\",\""
                + "type\":\"latency\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1},{\"attributes\":{\"latency\":0,\"jitter\":0},\"name\":\"late"
                + "ncy_downstream\",\"type\":\"latency\",\"stream\":\"downstream\",\"toxicity\""
                + ":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"nope\",\"attributes\":{\"latency\":\"x\"}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 44\r\nConnection: close\r\n\r\n{\"error\":\"invalid toxic "
                + "type\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"name\":\"lat\",\"type\":\"latency\",\"attributes\":{\"latency\":\"x\"}}",
            "HTTP/1.1 409 Conflict\r\nContent-Type: text/plain; charset=utf-8\r\nX-Conten"
                + "t-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r\nC"
                + "ontent-Length: 46\r\nConnection: close\r\n\r\n{\"error\":\"toxic already exi"
                + "sts\",\"status\":409}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"stream\":\"x\",\"attributes\":5}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 143\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field ToxicWrapper.attribu"
                + "tes of type toxics.NoopToxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":5}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 127\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field ToxicWrapper.type of"
                + " type string\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "null",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 44\r\nConnection: close\r\n\r\n{\"error\":\"invalid toxic "
                + "type\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "[]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 114\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal array into Go value of type toxics.ToxicWrapper\""
                + ",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":null,\"attributes\":5}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 139\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field ToxicWrapper.attribu"
                + "tes of type toxics.Toxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics",
            "{\"type\":\"latency\",\"attributes\":null,\"attributes\":{\"latency\":4}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 139\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal object into Go struct field ToxicWrapper.attribu"
                + "tes of type toxics.Toxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"Attributes\":{\"Latency\":5},\"Toxicity\":0.5}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 106\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":5,\"jitter\":1},\"name\":\"lat\",\"type\":\"latenc"
                + "y\",\"stream\":\"downstream\",\"toxicity\":0.5}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":5,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":0.5}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "null",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 105\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":10,\"jitter\":1},\"name\":\"lat\",\"type\":\"laten"
                + "cy\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "5",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 202\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go value of type struct { Attributes"
                + " interface {} \\\"json:\\\\\\\"attributes\\\\\\\"\\\"; Toxicity float32 \\\""
                + "json:\\\\\\\"toxicity\\\\\\\"\\\" }\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "[]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 201\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal array into Go value of type struct { Attributes "
                + "interface {} \\\"json:\\\\\\\"attributes\\\\\\\"\\\"; Toxicity float32 \\\"j"
                + "son:\\\\\\\"toxicity\\\\\\\"\\\" }\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"attributes\":5}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 134\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal number into Go struct field .attributes of type "
                + "toxics.LatencyToxic\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"attributes\":null}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 105\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":10,\"jitter\":1},\"name\":\"lat\",\"type\":\"laten"
                + "cy\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"attributes\":{\"latency\":\"x\"}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 140\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field LatencyToxic.attribu"
                + "tes.latency of type int64\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"toxicity\":\"x\"}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 120\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field .toxicity of type fl"
                + "oat32\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/proxies/c/toxics/lat",
            "{\"toxicity\":null,\"attributes\":{\"latency\":null}}",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Toxiproxy-Request-Id:"
                + " <id>\r\nDate: <date>\r\nContent-Length: 105\r\nConnection: close\r\n\r\n{\""
                + "attributes\":{\"latency\":10,\"jitter\":1},\"name\":\"lat\",\"type\":\"laten"
                + "cy\",\"stream\":\"downstream\",\"toxicity\":1}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "PATCH",
            "/proxies/c/toxics/sl",
            "{\"attributes\":{\"delay\":\"x\"}}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 135\r\nConnection: close\r\n\r\n{\"error\":\"bad request b"
                + "ody: json: cannot unmarshal string into Go struct field SlicerToxic.attribut"
                + "es.delay of type int\",\"status\":400}\n<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "null",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 16\r\nConnection: close\r\n\r\n"
                + "{\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[null]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 79\r\nConnection: close\r\n"
                + "\r\n{\"error\":\"missing required field: name at proxy 1\",\"status\":400,\""
                + "proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[5]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 176\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal number into Go v"
                + "alue of type struct { toxiproxy.Proxy; Enabled *bool \\\"json:\\\\\\\"enable"
                + "d\\\\\\\"\\\" }\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[{\"NAME\":\"p\",\"UPSTREAM\":\"x:1\",\"LISTEN\":\"127.0.0.1:0\",\"Enabled\""
                + ":false}]",
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 106\r\nConnection: close\r\n\r"
                + "\n{\"proxies\":[{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:"
                + "1\",\"enabled\":false,\"Logger\":{},\"toxics\":[]}]}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[{\"name\":\"p\",\"upstream\":\"x:1\",\"listen\":\"127.0.0.1:0\",\"enabled\""
                + ":\"x\"}]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 130\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal string into Go s"
                + "truct field .enabled of type bool\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[{\"name\":5,\"upstream\":\"x:1\"}]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 129\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal number into Go s"
                + "truct field .name of type string\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[{\"name\":\"p\",\"upstream\":\"x:1\",\"listen\":\"127.0.0.1:0\",\"Logger\":" + "5}]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 139\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal number into Go s"
                + "truct field .Logger of type zerolog.Logger\",\"status\":400,\"proxies\":null"
                + "}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "[{\"name\":\"p\",\"upstream\":\"x:1\",\"listen\":\"127.0.0.1:0\"},7]",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 176\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal number into Go v"
                + "alue of type struct { toxiproxy.Proxy; Enabled *bool \\\"json:\\\\\\\"enable"
                + "d\\\\\\\"\\\" }\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "{}",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 178\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal object into Go v"
                + "alue of type []struct { toxiproxy.Proxy; Enabled *bool \\\"json:\\\\\\\"enab"
                + "led\\\\\\\"\\\" }\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"),
        // what Toxiproxy 2.12.0 answers
        body(
            "POST",
            "/populate",
            "\"x\"",
            "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Toxiproxy-Re"
                + "quest-Id: <id>\r\nDate: <date>\r\nContent-Length: 178\r\nConnection: close\r"
                + "\n\r\n{\"error\":\"bad request body: json: cannot unmarshal string into Go v"
                + "alue of type []struct { toxiproxy.Proxy; Enabled *bool \\\"json:\\\\\\\"enab"
                + "led\\\\\\\"\\\" }\",\"status\":400,\"proxies\":null}<EOF>",
            "{\"name\":\"c\",\"listen\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<po"
                + "rt>\",\"enabled\":true,\"Logger\":{},\"toxics\":[{\"attributes\":{\"average_"
                + "size\":5,\"size_variation\":0,\"delay\":0},\"name\":\"sl\",\"type\":\"slicer"
                + "\",\"stream\":\"upstream\",\"toxicity\":1},{\"attributes\":{\"latency\":10,\""
                + "jitter\":1},\"name\":\"lat\",\"type\":\"latency\",\"stream\":\"downstream\","
                + "\"toxicity\":1}]}"));
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        // nul in header value: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: invalid header value\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: invalid header va"
                + "lue<EOF>"),
        // ctl in header value: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: invalid header value\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: invalid header va"
                + "lue<EOF>"),
        // del in header value: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\u007fb\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: invalid header value\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: invalid header va"
                + "lue<EOF>"),
        // tab in header value: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\tb\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // high byte in header value: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\u00ffb\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // nul in host: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\u0000\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: malformed Host header\r\nContent-Type: text/plain;"
                + " charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: malformed Host h"
                + "eader<EOF>"),
        // short body then half-close: what Toxiproxy 2.12.0 answers (30 times in 30; its handler
        // races its TimeoutHandler there, and now and then the handler's 400 "bad request body:
        // unexpected EOF" wins)
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"name\":",
            true,
            "HTTP/1.1 503 Service Unavailable\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r\n"
                + "Content-Length: 0\r\n\r\n<EOF>"),
        // a cut body its handler does not read (no such proxy): what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies/nope/toxics HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"name\":",
            true,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "X-Content-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\n"
                + "Date: <date>\r\nContent-Length: 41\r\nConnection: close\r\n\r\n"
                + "{\"error\":\"proxy not found\",\"status\":404}\n<EOF>"),
        // obs-fold: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // obs-fold tab: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tb\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // fold first line: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\n Host: x\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // http2 preface: what Toxiproxy 2.12.0 answers
        wire(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            false,
            "HTTP/1.1 301 Moved Permanently\r\nLocation: /%2A\r\nDate: <date>\r\nContent-"
                + "Length: 0\r\nConnection: close\r\n\r\n<EOF>"),
        // http/2.0 GET: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/2.0\r\nHost: x\r\n\r\n",
            false,
            "HTTP/1.1 505 HTTP Version Not Supported: unsupported protocol version\r\nCon"
                + "tent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n505 HTTP Ve"
                + "rsion Not Supported: unsupported protocol version<EOF>"),
        // expect no body 404: what Toxiproxy 2.12.0 answers
        wire(
            "GET /nothing HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
            false,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Conte"
                + "nt-Type-Options: nosniff\r\nDate: <date>\r\nContent-Length: 19\r\n\r\n404 pa"
                + "ge not found\n"),
        // expect no body version: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // expect with body 404: what Toxiproxy 2.12.0 answers
        wire(
            "POST /nothing HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length:"
                + " 2\r\n\r\n",
            false,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Conte"
                + "nt-Type-Options: nosniff\r\nDate: <date>\r\nContent-Length: 19\r\nConnection"
                + ": close\r\n\r\n404 page not found\n"),
        // expect with body proxies: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length:"
                + " 2\r\n\r\n",
            false,
            "HTTP/1.1 100 Continue\r\n\r\n"),
        // expect with body wrong method: what Toxiproxy 2.12.0 answers
        wire(
            "PUT /proxies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + "2\r\n\r\n",
            false,
            "HTTP/1.1 405 Method Not Allowed\r\nDate: <date>\r\nContent-Length: 0\r\nConn"
                + "ection: close\r\n\r\n"),
        // expect other: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n",
            false,
            "HTTP/1.1 417 Expectation Failed\r\nConnection: close\r\nDate: <date>\r\nCont"
                + "ent-Length: 0\r\n\r\n<EOF>"),
        // http/1.0: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.0\r\n\r\n",
            false,
            "HTTP/1.0 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n<EOF>"),
        // http/1.0 keep-alive: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            false,
            "HTTP/1.0 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\nConnection: kee"
                + "p-alive\r\n\r\n{\"version\": \"2.12.0\"}\n"),
        // http/1.0 404: what Toxiproxy 2.12.0 answers
        wire(
            "GET /nothing HTTP/1.0\r\n\r\n",
            false,
            "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Conte"
                + "nt-Type-Options: nosniff\r\nDate: <date>\r\nContent-Length: 19\r\n\r\n404 pa"
                + "ge not found\n<EOF>"),
        // http/1.1 close: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\nConnection: clo"
                + "se\r\n\r\n{\"version\": \"2.12.0\"}\n<EOF>"),
        // http/1.0 post 201: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.0\r\nContent-Length: 63\r\n\r\n{\"name\":\"h\",\"listen"
                + "\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:6379\"}",
            false,
            "HTTP/1.0 201 Created\r\nContent-Type: application/json\r\nX-Toxiproxy-Reques"
                + "t-Id: <id>\r\nDate: <date>\r\nContent-Length: 106\r\n\r\n{\"name\":\"h\",\"l"
                + "isten\":\"127.0.0.1:<port>\",\"upstream\":\"127.0.0.1:<port>\",\"enabled\":t"
                + "rue,\"Logger\":{},\"toxics\":[]}<EOF>"),
        // http/1.0 204: what Toxiproxy 2.12.0 answers
        wire(
            "DELETE /proxies/nope HTTP/1.0\r\n\r\n",
            false,
            "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nX-Conte"
                + "nt-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r\n"
                + "Content-Length: 41\r\n\r\n{\"error\":\"proxy not found\",\"status\":404}\n<E"
                + "OF>"),
        // te and cl: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-L"
                + "ength: 3\r\n\r\n0\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 47\r\n\r\n{\"error\":\"bad request body: EOF\",\"status\":"
                + "400}\n"),
        // bad te: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            false,
            "HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain; charset=utf-8\r\nC"
                + "onnection: close\r\n\r\nUnsupported transfer encoding<EOF>"),
        // space before colon: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost : x\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: missing required Host header\r\nContent-Type: text"
                + "/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: missing r"
                + "equired Host header<EOF>"),
        // no host: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request: missing required Host header\r\nContent-Type: text"
                + "/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: missing r"
                + "equired Host header<EOF>"),
        // two hosts: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // bad cl: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // two cl differ: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r"
                + "\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // lf only: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\nHost: x\n\n",
            false,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\nX-Toxipro"
                + "xy-Request-Id: <id>\r\nDate: <date>\r\nContent-Length: 22\r\n\r\n{\"version\""
                + ": \"2.12.0\"}\n"),
        // bad method: what Toxiproxy 2.12.0 answers
        wire(
            "G(T /version HTTP/1.1\r\nHost: x\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // bad version: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.x\r\nHost: x\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // http/0.9: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // bad uri: what Toxiproxy 2.12.0 answers
        wire(
            "GET version HTTP/1.1\r\nHost: x\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // header no colon: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\nFoo\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // chunked body: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"
                + "{\"nam\r\n0\r\n\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 58\r\n\r\n{\"error\":\"bad request body: unexpected EOF\","
                + "\"status\":400}\n"),
        // bad chunk: what Toxiproxy 2.12.0 answers
        wire(
            "POST /proxies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            false,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nX-Con"
                + "tent-Type-Options: nosniff\r\nX-Toxiproxy-Request-Id: <id>\r\nDate: <date>\r"
                + "\nContent-Length: 72\r\nConnection: close\r\n\r\n{\"error\":\"bad request bo"
                + "dy: invalid byte in chunk length\",\"status\":400}\n<EOF>"),
        // half request then close: what Toxiproxy 2.12.0 answers
        wire(
            "GET /version HTTP/1.1\r\nHost: x\r\n",
            true,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"),
        // partial request line then close: what Toxiproxy 2.12.0 answers
        wire(
            "GET /vers",
            true,
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConne"
                + "ction: close\r\n\r\n400 Bad Request<EOF>"));
  }
}
