package io.infraaware.proxy;

import io.infraaware.service.ServiceEndpoint;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Where a proxy in front of a service must forward to, and on which port it must listen, when the
 * service itself says so: a provisioned Kafka broker has a listener for its proxy, whose advertised
 * address is the port reserved for that proxy, so that clients that bootstrap through the proxy
 * stay on it. {@link ChaosControl#proxy(String, ServiceEndpoint, int)} follows the route registered
 * for the service's address.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class ProxyRoutes {

  /**
   * A route.
   *
   * @param upstream what the proxy forwards to instead of the service's address
   * @param listenPort the port the proxy listens on when no other is asked for
   */
  public record Route(ServiceEndpoint upstream, int listenPort) {
    /**
     * Checks the route.
     *
     * @param upstream what the proxy forwards to
     * @param listenPort from 1 to 65535
     */
    public Route {
      Objects.requireNonNull(upstream, "upstream");
      if (listenPort < 1 || listenPort > 65535) {
        throw new IllegalArgumentException("A proxy's port is from 1 to 65535: " + listenPort);
      }
    }
  }

  private static final Map<String, Route> ROUTES = new ConcurrentHashMap<>();

  private ProxyRoutes() {}

  /**
   * Routes proxies for the service at {@code address}.
   *
   * @param address the service's {@code host:port}
   * @param route where its proxies forward to and listen
   */
  public static void register(String address, Route route) {
    ROUTES.put(address, route);
  }

  /**
   * Forgets the route for {@code address}.
   *
   * @param address the service's {@code host:port}
   */
  public static void unregister(String address) {
    ROUTES.remove(address);
  }

  /**
   * The route for the service at {@code address}.
   *
   * @param address the service's {@code host:port}
   * @return the route, or empty for a proxy that forwards to the address itself
   */
  public static Optional<Route> find(String address) {
    return Optional.ofNullable(ROUTES.get(address));
  }
}
