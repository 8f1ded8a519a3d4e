package io.infraaware.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.infraaware.proxy.Fault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire to Toxiproxy, recorded by a stand-in for its API. */
class ToxiproxyApiTests {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpServer recorder;

  ToxiproxyApiTests() throws IOException {
    recorder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    recorder.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body);
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    recorder.start();
  }

  @AfterEach
  void stop() {
    recorder.stop(0);
  }

  @Test
  void aToxicIsCreatedInOneRequestAtItsFinalToxicityAndAttributes() throws IOException {
    ToxiproxyApi api =
        new ToxiproxyApi(
            URI.create("http://127.0.0.1:" + recorder.getAddress().getPort()),
            Duration.ofSeconds(2));
    api.addToxic(
        "db",
        Fault.latency(Duration.ofMillis(250))
            .withJitter(Duration.ofMillis(20))
            .upstream()
            .toxicity(0.3));
    assertThat(requests).hasSize(1);
    String[] request = requests.get(0).split(" ", 3);
    assertThat(request[0] + " " + request[1]).isEqualTo("POST /proxies/db/toxics");
    JsonNode body = new ObjectMapper().readTree(request[2]);
    assertThat(body.path("type").asText()).isEqualTo("latency");
    assertThat(body.path("stream").asText()).isEqualTo("upstream");
    assertThat(body.path("toxicity").asDouble()).isEqualTo(0.3);
    assertThat(body.path("attributes").path("latency").asLong()).isEqualTo(250);
    assertThat(body.path("attributes").path("jitter").asLong()).isEqualTo(20);
  }
}
