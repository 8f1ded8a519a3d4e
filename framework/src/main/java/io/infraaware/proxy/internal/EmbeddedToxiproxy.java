package io.infraaware.proxy.internal;

import io.infraaware.proxy.TrafficBytes;
import io.infraaware.toxiproxy.ToxiproxyServer;
import java.net.URI;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The embedded Toxiproxy server, the one place that knows its classes: started on a free loopback
 * port, its traffic counters read in-process rather than through the Prometheus text it renders.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class EmbeddedToxiproxy implements TrafficCounters, AutoCloseable {

  private final ToxiproxyServer server;

  private EmbeddedToxiproxy(ToxiproxyServer server) {
    this.server = server;
  }

  /**
   * Starts the server.
   *
   * @param seed seeds its randomness (jitter, toxicity), for runs that replay
   * @return the running server
   */
  public static EmbeddedToxiproxy start(Optional<Long> seed) {
    return start(seed, 0);
  }

  /**
   * Starts the server with its API on a given port.
   *
   * @param seed seeds its randomness (jitter, toxicity), for runs that replay
   * @param port the API's port on loopback; 0 for a free one
   * @return the running server
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  public static EmbeddedToxiproxy start(Optional<Long> seed, int port) {
    ToxiproxyServer.Builder builder = ToxiproxyServer.builder().proxyMetrics(true).port(port);
    if (seed.isPresent()) {
      builder = builder.seed(seed.get());
    }
    return new EmbeddedToxiproxy(builder.start());
  }

  /**
   * The server's API.
   *
   * @return e.g. {@code http://127.0.0.1:38411}
   */
  public URI uri() {
    return server.uri();
  }

  /**
   * The bytes received from each side, as {@code /metrics} would count them; a proxy the server no
   * longer has has carried nothing.
   */
  @Override
  public Optional<TrafficBytes> traffic(String proxy) {
    return Optional.of(
        server
            .traffic(proxy)
            .map(
                counted ->
                    new TrafficBytes(counted.receivedUpstream(), counted.receivedDownstream()))
            .orElse(TrafficBytes.NONE));
  }

  @Override
  public void close() {
    server.close();
  }
}
