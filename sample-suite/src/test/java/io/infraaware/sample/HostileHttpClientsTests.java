package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP server both services run on, against clients that are slow, silent or wrong on purpose
 * (the auth service here, which needs no database; the backend shares the server): a head or a body
 * that does not arrive in time ends its connection, a slow body holds no worker thread, and every
 * answer, Grizzly's own included, is the documented JSON.
 */
class HostileHttpClientsTests {

  /** How long a test waits for what should come within about a second. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private static final SampleConfig.HttpTimeouts ONE_SECOND =
      new SampleConfig.HttpTimeouts(
          Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30));

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
  }

  private SampleApp auth(SampleConfig.HttpTimeouts timeouts) {
    SampleApp auth = SampleApp.auth("127.0.0.1", 0, null, timeouts);
    closing.add(auth);
    return auth;
  }

  private RawHttp connect(SampleApp server) throws Exception {
    RawHttp raw = RawHttp.connect(server.uri(), BOUND);
    closing.add(0, raw);
    return raw;
  }

  private static String tokenRequestHead(int contentLength) {
    return "POST /auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  @Test
  void aBodyThatStopsHalfWayIsAnswered408InJsonAndItsConnectionClosed() throws Exception {
    SampleApp auth = auth(ONE_SECOND);
    RawHttp client = connect(auth).send(tokenRequestHead(1000) + "{\"us");
    // before: the worker waited on the body for Grizzly's 30 s read timeout, then answered 400
    RawHttp.Answer answer = client.read();
    assertThat(answer.status()).isEqualTo(408);
    assertThat(answer.headers().get("content-type")).startsWith("application/json");
    JsonNode body = Http.JSON.readTree(answer.body());
    assertThat(body.path("status").asInt()).isEqualTo(408);
    assertThat(body.path("error").asText()).contains("REQUEST_BODY_TIMEOUT");
    assertThat(client.closedByServer()).isTrue();
  }

  @Test
  void aBodySentAByteAtATimeIsCutOffAtItsDeadline() throws Exception {
    SampleApp auth = auth(ONE_SECOND);
    RawHttp client = connect(auth).send(tokenRequestHead(1000));
    // a byte every 200 ms: each blocking read got one, so Grizzly's read timeout never struck
    client.trickle(" ", Duration.ofMillis(200));
    assertThat(client.read().status()).isEqualTo(408);
    assertThat(client.closedByServer()).isTrue();
  }

  @Test
  void aHeadSentAByteAtATimeHasItsConnectionClosedAtItsDeadline() throws Exception {
    SampleApp auth = auth(ONE_SECOND);
    RawHttp client = connect(auth).send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // every byte restarted Grizzly's idle timeout: the connection stayed open for ever
    client.trickle("X-Slow: yes\r\n", Duration.ofMillis(200));
    assertThat(client.closedByServer()).as("closed within %s", BOUND).isTrue();
  }

  @Test
  void clientsThatSendHalfABodyHoldNoWorkerThread() throws Exception {
    // the body deadline far away: only not holding a thread can keep the service answering
    SampleApp auth =
        auth(
            new SampleConfig.HttpTimeouts(
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60)));
    Duration usual = tokenRequest(auth);
    // the auth service has 16 workers; before, 20 such clients locked every user out for 30 s
    for (int i = 0; i < 40; i++) {
      connect(auth).send(tokenRequestHead(1000) + "{\"us");
    }
    for (int i = 0; i < 5; i++) {
      assertThat(tokenRequest(auth))
          .as("a token request while 40 clients hold half a body (usually %s)", usual)
          .isLessThan(Duration.ofSeconds(1).plus(usual.multipliedBy(4)));
    }
  }

  /** How long a token request took; it must succeed. */
  private Duration tokenRequest(SampleApp auth) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(auth.uri().resolve("/auth/token"))
                .timeout(BOUND)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).isEqualTo(200);
    return took;
  }

  static Stream<Arguments> requestsTheServerAnswersItself() {
    return Stream.of(
        Arguments.of(
            "a malformed header",
            400,
            "POST /auth/token HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n"),
        Arguments.of(
            "two lengths",
            400,
            "POST /auth/token HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4"
                + "\r\n\r\nabcd"),
        Arguments.of(
            "a malformed chunk",
            400,
            "POST /auth/token HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"),
        Arguments.of("no Host", 400, "GET /health HTTP/1.1\r\n\r\n"),
        Arguments.of(
            "a body where the method allows none",
            400,
            "GET /health HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"),
        Arguments.of("an unknown HTTP version", 505, "GET /health HTTP/7.0\r\nHost: h\r\n\r\n"),
        Arguments.of(
            "a body over 64 KiB",
            413,
            "POST /auth/token HTTP/1.1\r\nHost: h\r\nContent-Length: 70000\r\n\r\n"),
        // Grizzly answered TRACE itself, 405 without a body; the service's route table answers now
        Arguments.of("TRACE", 404, "TRACE /auth/token HTTP/1.1\r\nHost: h\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("requestsTheServerAnswersItself")
  void everyAnswerOfTheServerItselfIsJson(String what, int status, String request)
      throws Exception {
    SampleApp auth = auth(ONE_SECOND);
    RawHttp.Answer answer = connect(auth).send(request).read();
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("application/json");
    JsonNode body = Http.JSON.readTree(answer.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).isNotBlank();
  }

  @Test
  void aHeadOverTheLimitIsAnswered400InJson() throws Exception {
    SampleApp auth = auth(ONE_SECOND);
    RawHttp.Answer answer =
        connect(auth)
            .send("GET /health HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n")
            .read();
    assertThat(answer.status()).isEqualTo(400);
    assertThat(Http.JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(400);
  }
}
