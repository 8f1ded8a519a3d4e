package io.infraaware.sample.docs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * The application of "Chaos on your own service": a gateway that answers {@code GET /quote} from a
 * downstream service through a Resilience4j breaker (Resilience4j's defaults but for the wait in
 * OPEN, which is configuration), and with a cached quote when the downstream fails or the breaker
 * is open. A user's own service stands here; nothing in it knows InfraAware.
 */
final class Gateway implements AutoCloseable {

  private final HttpServer server;
  private final CircuitBreaker breaker;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI downstream;

  private Gateway(URI downstream, Duration waitInOpen) throws IOException {
    this.downstream = downstream;
    this.breaker =
        CircuitBreaker.of(
            "downstream",
            CircuitBreakerConfig.custom()
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/quote", this::quote);
    server.start();
  }

  /**
   * Starts the gateway.
   *
   * @param downstream the downstream's base URL, e.g. {@code http://127.0.0.1:41234}
   * @param waitInOpen how long the breaker stays OPEN (Resilience4j's default is 60 s)
   */
  static Gateway start(String downstream, Duration waitInOpen) throws IOException {
    return new Gateway(URI.create(downstream), waitInOpen);
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private void quote(HttpExchange exchange) throws IOException {
    String quote;
    try {
      quote =
          breaker.executeCallable(
              () -> {
                HttpResponse<String> response =
                    client.send(
                        HttpRequest.newBuilder(downstream.resolve("/price"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                  throw new IOException("downstream answered " + response.statusCode());
                }
                return response.body();
              });
    } catch (Exception downstreamFailed) {
      quote = "cached";
    }
    byte[] body = quote.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** The downstream service: {@code GET /price} answers {@code fresh}. */
  static final class Downstream implements AutoCloseable {
    private final HttpServer server;

    private Downstream() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/price",
          exchange -> {
            byte[] body = "fresh".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    static Downstream start() throws IOException {
      return new Downstream();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
