package io.infraaware.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Replays every exchange recorded from the real Toxiproxy 2.12 against this server, in order, and
 * compares status, content type, the error and request-id headers and the exact body bytes.
 *
 * <p>Two values differ by nature and are mapped: the API's own port (the recording used 8474;
 * binding a proxy there is how it provoked "address already in use") and the port the kernel picked
 * for {@code listen: 127.0.0.1:0}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTests {

  private static final String RECORDED_API_PORT = "8474";
  private static final String RECORDED_EPHEMERAL_PORT = "40461";

  private ToxiproxyServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private String ephemeralPort;

  @BeforeAll
  void start() {
    server = ToxiproxyServer.builder().start();
  }

  @AfterAll
  void stop() {
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

  private void replay(Transcript.Exchange exchange) throws IOException, InterruptedException {
    String apiPort = Integer.toString(server.port());
    String body =
        exchange.requestBody().replace("127.0.0.1:" + RECORDED_API_PORT, "127.0.0.1:" + apiPort);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + exchange.path()))
            .timeout(Duration.ofSeconds(10));
    for (Map.Entry<String, String> header : exchange.requestHeaders().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    request.method(
        exchange.method(),
        body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    String actual =
        response.body().replace("127.0.0.1:" + apiPort, "127.0.0.1:" + RECORDED_API_PORT);
    if (exchange.number() == 13) {
      ephemeralPort = actual.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1");
    }
    if (ephemeralPort != null) {
      actual =
          actual.replace(
              "127.0.0.1:" + ephemeralPort + "\"", "127.0.0.1:" + RECORDED_EPHEMERAL_PORT + "\"");
    }
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(response.statusCode()).as("status").isEqualTo(exchange.status());
    softly
        .assertThat(response.headers().firstValue("Content-Type"))
        .as("Content-Type")
        .isEqualTo(Optional.ofNullable(exchange.responseHeaders().get("Content-Type")));
    softly
        .assertThat(response.headers().firstValue("X-Content-Type-Options"))
        .as("X-Content-Type-Options")
        .isEqualTo(Optional.ofNullable(exchange.responseHeaders().get("X-Content-Type-Options")));
    softly
        .assertThat(response.headers().firstValue("X-Toxiproxy-Request-Id").map(String::length))
        .as("X-Toxiproxy-Request-Id")
        .isEqualTo(
            exchange.responseHeaders().containsKey("X-Toxiproxy-Request-Id")
                ? Optional.of(20)
                : Optional.empty());
    softly.assertThat(actual).as("body").isEqualTo(exchange.responseBody());
    softly.assertAll();
  }
}
