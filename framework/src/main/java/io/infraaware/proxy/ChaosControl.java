package io.infraaware.proxy;

import io.infraaware.proxy.internal.EmbeddedToxiproxy;
import io.infraaware.proxy.internal.ToxiproxyApi;
import io.infraaware.proxy.internal.ToxiproxyApi.ProxyState;
import io.infraaware.proxy.internal.TrafficCounters;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.service.ServiceEndpoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The entry point to chaos: a connection to a Toxiproxy server (embedded or external) and the
 * proxies this control created on it. Closing it deletes those proxies and stops an embedded
 * server.
 *
 * <pre>{@code
 * try (ChaosControl chaos = ChaosControl.external(URI.create("http://127.0.0.1:8474"), Duration.ofSeconds(5))) {
 *   ServiceProxy postgres = chaos.proxy(postgresEndpoint);
 *   try (ActiveFault outage = postgres.outage()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ChaosControl implements AutoCloseable {

  /** The default bound on every call to the Toxiproxy server. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final ToxiproxyApi api;
  private final TrafficCounters counters;
  private final ProxyNetwork network;
  private final AutoCloseable server;
  private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ChaosControl(
      ToxiproxyApi api, TrafficCounters counters, ProxyNetwork network, AutoCloseable server) {
    this.api = api;
    this.counters = counters;
    this.network = network;
    this.server = server;
  }

  /** Connects to a server whose traffic is counted by {@code counters}; checks it answers. */
  private static ChaosControl connect(
      URI url,
      Duration timeout,
      AutoCloseable server,
      ProxyNetwork network,
      TrafficCounters counters) {
    ToxiproxyApi api = new ToxiproxyApi(url, timeout);
    api.version();
    return new ChaosControl(api, counters == null ? api : counters, network, server);
  }

  /**
   * Connects to a running Toxiproxy server (a compose stack, a shared environment). Proxies listen
   * on free ports of the server's host, and the server reaches services at their own addresses: it
   * must share the test's network (host networking); a Toxiproxy in a container is {@link
   * #owning(URI, Duration, AutoCloseable, ProxyNetwork)} with its network.
   *
   * @param url the API, e.g. {@code http://127.0.0.1:8474}
   * @param timeout the bound on every call
   * @return the control
   * @throws ChaosException when the server does not answer {@code /version}
   */
  public static ChaosControl external(URI url, Duration timeout) {
    return connect(url, timeout, () -> {}, ProxyNetwork.sameHost(host(url)), null);
  }

  /**
   * Starts the embedded Toxiproxy-compatible server on a free loopback port and controls it; its
   * traffic counters are read in-process. Closing the control stops the server.
   *
   * @param seed seeds the server's randomness (jitter, toxicity), for runs that replay
   * @param timeout the bound on every call
   * @return the control
   */
  public static ChaosControl embedded(Optional<Long> seed, Duration timeout) {
    return embedded(seed, 0, timeout);
  }

  /**
   * Starts the embedded Toxiproxy-compatible server with its API on a given loopback port.
   *
   * @param seed seeds the server's randomness (jitter, toxicity), for runs that replay
   * @param apiPort the API's port; 0 for a free one
   * @param timeout the bound on every call
   * @return the control
   * @throws ChaosException when the port is taken
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public static ChaosControl embedded(Optional<Long> seed, int apiPort, Duration timeout) {
    EmbeddedToxiproxy server;
    try {
      server = EmbeddedToxiproxy.start(seed, apiPort);
    } catch (java.io.UncheckedIOException e) {
      throw new ChaosException(
          "The embedded Toxiproxy server cannot listen on 127.0.0.1:"
              + apiPort
              + ": "
              + e.getCause().getMessage(),
          e);
    }
    try {
      return connect(
          server.uri(), timeout, server, ProxyNetwork.sameHost(host(server.uri())), server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Controls a server this object owns: closing the control closes {@code server} too.
   *
   * @param url the server's API
   * @param timeout the bound on every call
   * @param server what to close with the control, e.g. an embedded server
   * @return the control
   */
  public static ChaosControl owning(URI url, Duration timeout, AutoCloseable server) {
    return owning(url, timeout, server, ProxyNetwork.sameHost(host(url)));
  }

  /**
   * Controls a server this object owns that is addressed through {@code network}, such as a
   * Toxiproxy in a container: closing the control closes {@code server} too.
   *
   * @param url the server's API
   * @param timeout the bound on every call
   * @param server what to close with the control
   * @param network where proxies listen and how they and the services are reached
   * @return the control
   * @throws ChaosException when the server does not answer {@code /version}
   */
  public static ChaosControl owning(
      URI url, Duration timeout, AutoCloseable server, ProxyNetwork network) {
    return connect(url, timeout, server, network, null);
  }

  /** The URL's host without the brackets of an IPv6 literal ({@code URI} keeps them). */
  private static String host(URI url) {
    String host = url.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * The server's API address.
   *
   * @return the URI
   */
  public URI apiUrl() {
    return api.base();
  }

  /**
   * The server's version.
   *
   * @return e.g. {@code 2.12.0}
   */
  public String serverVersion() {
    return api.version();
  }

  /**
   * Puts a proxy, named after the service, in front of it on a free port.
   *
   * @param upstream the service
   * @return the proxy
   */
  public ServiceProxy proxy(ServiceEndpoint upstream) {
    return proxy(upstream.name(), upstream);
  }

  /**
   * Puts a named proxy in front of a service on a free port, replacing a proxy of that name.
   *
   * @param name the proxy name; distinct names keep parallel tests apart
   * @param upstream the service
   * @return the proxy
   */
  public ServiceProxy proxy(String name, ServiceEndpoint upstream) {
    return proxy(name, upstream, 0);
  }

  /**
   * Puts a named proxy in front of a service on a given port, replacing a proxy of that name: for
   * an application whose configuration or firewall names the port. One proxy at a time can hold a
   * port.
   *
   * @param name the proxy name
   * @param upstream the service
   * @param listenPort the port; 0 for a free one
   * @return the proxy
   * @throws ChaosException when the port is taken, or the server cannot pin ports
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public ServiceProxy proxy(String name, ServiceEndpoint upstream, int listenPort) {
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException(
          "A proxy's port is from 0 to 65535, not " + listenPort + " (proxy [" + name + "])");
    }
    if (closed) {
      throw new IllegalStateException("Chaos control for " + api.base() + " is closed");
    }
    // a service with a listener for its proxy (a provisioned Kafka broker): forward there, on the
    // port that listener advertises
    Optional<ProxyRoutes.Route> route = ProxyRoutes.find(upstream.address());
    ServiceEndpoint target = route.map(ProxyRoutes.Route::upstream).orElse(upstream);
    if (listenPort == 0 && route.isPresent()) {
      listenPort = route.get().listenPort();
    }
    ServiceProxy previous = proxies.remove(name);
    if (previous != null) {
      previous.delete();
      network.released(name);
    } else {
      api.deleteProxy(name);
    }
    ProxyState state;
    try {
      state =
          api.createProxy(name, network.listenAddress(name, listenPort), network.upstream(target));
    } catch (ChaosException e) {
      network.released(name);
      if (listenPort != 0) {
        throw new ChaosException(
            "Proxy ["
                + name
                + "] cannot listen on port "
                + listenPort
                + " (taken, or not allowed): "
                + e.getMessage(),
            e);
      }
      throw e;
    } catch (RuntimeException e) {
      network.released(name);
      throw e;
    }
    InetSocketAddress reach = network.reach(state.listen());
    ServiceProxy proxy =
        new ServiceProxy(
            api,
            counters,
            name,
            upstream,
            upstream.withAddress(reach.getHostString(), reach.getPort()));
    proxies.put(name, proxy);
    return proxy;
  }

  /**
   * A proxy this control created.
   *
   * @param name the proxy name
   * @return the proxy
   */
  public Optional<ServiceProxy> find(String name) {
    return Optional.ofNullable(proxies.get(name));
  }

  /**
   * The proxies this control created.
   *
   * @return a snapshot
   */
  public List<ServiceProxy> proxies() {
    return List.copyOf(proxies.values());
  }

  /**
   * Deletes one proxy this control created.
   *
   * @param proxy the proxy
   */
  public void remove(ServiceProxy proxy) {
    if (proxies.remove(proxy.name(), proxy)) {
      try {
        proxy.delete();
      } finally {
        network.released(proxy.name());
      }
    }
  }

  /**
   * Removes every fault from every proxy this control created: after each test. Every proxy is
   * healed even after one fails.
   *
   * @throws ChaosException the first failure, the later ones suppressed in it
   */
  public void heal() {
    Cleanup.forEach(proxies.values(), ServiceProxy::heal);
  }

  /**
   * Deletes this control's proxies and stops an owned server; idempotent. Every step is tried even
   * after one fails.
   *
   * @throws ChaosException the first failure, the later ones suppressed in it
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Cleanup.begin()
        .each(proxies.values(), ServiceProxy::delete)
        .run(proxies::clear)
        .run(
            () -> {
              try {
                server.close();
              } catch (Exception e) {
                throw new ChaosException(
                    "Stopping the Toxiproxy server at " + api.base() + " failed", e);
              }
            })
        .finishOrThrow();
  }
}
