package io.infraaware.toxiproxy;

import static org.apiguardian.api.API.Status.STABLE;

import io.infraaware.toxiproxy.internal.Api;
import io.infraaware.toxiproxy.internal.ApiServer;
import io.infraaware.toxiproxy.internal.Metrics;
import io.infraaware.toxiproxy.internal.Registry;
import io.infraaware.toxiproxy.internal.ServerThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;

/**
 * A Toxiproxy-compatible server in this JVM: Toxiproxy 2.12's HTTP API and data plane, so the
 * official clients and CLI work against it unchanged.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.builder().seed(42).start()) {
 *   URI api = server.uri();   // http://127.0.0.1:<free port>
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = STABLE, since = "0.1.0")
public final class ToxiproxyServer implements AutoCloseable {

  private final ApiServer http;
  private final Registry registry;
  private final ServerThreads threads;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ToxiproxyServer(ApiServer http, Registry registry, ServerThreads threads) {
    this.http = http;
    this.registry = registry;
    this.threads = threads;
  }

  /**
   * A builder: loopback, a free port, no seed, no metrics.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder("127.0.0.1", 0, null, null, false, ApiServer.Timeouts.TOXIPROXY);
  }

  /** How to start a server; every step returns a new builder. */
  @API(status = STABLE, since = "0.1.0")
  public static final class Builder {
    private final String host;
    private final int port;
    private final Long seed;
    private final Path config;
    private final boolean metrics;
    private final ApiServer.Timeouts timeouts;

    private Builder(
        String host,
        int port,
        Long seed,
        Path config,
        boolean metrics,
        ApiServer.Timeouts timeouts) {
      this.host = host;
      this.port = port;
      this.seed = seed;
      this.config = config;
      this.metrics = metrics;
      this.timeouts = timeouts;
    }

    /**
     * The API's host; loopback by default.
     *
     * @param apiHost a host name or address
     * @return a new builder
     */
    public Builder host(String apiHost) {
      return new Builder(
          Objects.requireNonNull(apiHost, "host"), port, seed, config, metrics, timeouts);
    }

    /**
     * The API's port; 0 (the default) picks a free one.
     *
     * @param apiPort the port
     * @return a new builder
     */
    public Builder port(int apiPort) {
      if (apiPort < 0 || apiPort > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + apiPort);
      }
      return new Builder(host, apiPort, seed, config, metrics, timeouts);
    }

    /**
     * Seeds jitter, toxicity and slicer sizes, for runs that replay.
     *
     * @param randomSeed the seed
     * @return a new builder
     */
    public Builder seed(long randomSeed) {
      return new Builder(host, port, randomSeed, config, metrics, timeouts);
    }

    /**
     * Proxies to create at start, in the format of {@code toxiproxy-server -config}.
     *
     * @param file a JSON array of proxies
     * @return a new builder
     */
    public Builder config(Path file) {
      return new Builder(
          host, port, seed, Objects.requireNonNull(file, "config"), metrics, timeouts);
    }

    /**
     * Serves {@code /metrics} with byte counters per proxy and direction (the real server's {@code
     * -proxy-metrics}).
     *
     * @param enabled whether to route {@code /metrics}
     * @return a new builder
     */
    public Builder proxyMetrics(boolean enabled) {
      return new Builder(host, port, seed, config, enabled, timeouts);
    }

    /**
     * The API's time limits for its clients (Toxiproxy's 15 s, 30 s and 60 s by default): a test
     * seam, so that tests of slow clients need not wait for them.
     */
    Builder apiTimeouts(Duration read, Duration write, Duration idle) {
      return new Builder(
          host, port, seed, config, metrics, new ApiServer.Timeouts(read, write, idle));
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws UncheckedIOException when the port cannot be bound or the config file read
     * @throws IllegalArgumentException when the config file is not a valid proxy list
     */
    public ToxiproxyServer start() {
      ServerThreads threads = new ServerThreads(seed);
      Registry registry = new Registry(threads);
      ApiServer http;
      try {
        http =
            ApiServer.start(
                new InetSocketAddress(InetAddress.getByName(host), port),
                new Api(registry, metrics ? new Metrics() : null),
                timeouts);
      } catch (IOException e) {
        threads.close();
        throw new UncheckedIOException(
            "Toxiproxy server cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      ToxiproxyServer server = new ToxiproxyServer(http, registry, threads);
      if (config != null) {
        try {
          server.populate(config);
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      return server;
    }
  }

  private void populate(Path file) {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read Toxiproxy config " + file + ": " + e.getMessage(), e);
    }
    try {
      registry.populate(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Toxiproxy config " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The API's address.
   *
   * @return e.g. {@code http://127.0.0.1:38411}
   */
  public URI uri() {
    String host = host();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  /**
   * The API's host address.
   *
   * @return e.g. {@code 127.0.0.1}
   */
  public String host() {
    return http.host();
  }

  /**
   * The API's port.
   *
   * @return the bound port
   */
  public int port() {
    return http.address().getPort();
  }

  /**
   * The bytes that have crossed a proxy so far, whether or not {@code /metrics} is served.
   *
   * @param proxy the proxy's name
   * @return a snapshot of its counters, or empty when there is no such proxy
   */
  public Optional<ProxyTraffic> traffic(String proxy) {
    return registry
        .find(proxy)
        .map(
            found ->
                new ProxyTraffic(
                    found.name(),
                    found.receivedBytes(true),
                    found.sentBytes(true),
                    found.receivedBytes(false),
                    found.sentBytes(false)));
  }

  /** Stops the API, every proxy listener and connection, and the server's threads; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
      registry.close();
      threads.close();
    }
  }
}
