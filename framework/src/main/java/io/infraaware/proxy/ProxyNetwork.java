package io.infraaware.proxy;

import io.infraaware.service.ServiceEndpoint;
import java.net.InetSocketAddress;
import org.apiguardian.api.API;

/**
 * How proxies on a Toxiproxy server are addressed: where a new proxy listens, where the test and
 * the system under test reach it, and how the server reaches a service. On the test's own host (the
 * embedded server, a Toxiproxy with host networking) all three are the plain addresses; a server in
 * a container listens on its exposed ports, is reached through their mapped ports, and reaches the
 * host's services through the container runtime's host alias.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface ProxyNetwork {

  /**
   * The address a new proxy listens on, as the server sees it.
   *
   * @param proxyName the proxy's name
   * @return e.g. {@code 127.0.0.1:0} for a free port
   */
  String listenAddress(String proxyName);

  /**
   * Where the test reaches a proxy, given the listen address the server reported.
   *
   * @param boundListen e.g. {@code 127.0.0.1:41234}
   * @return the host and port to connect to
   */
  InetSocketAddress reach(String boundListen);

  /**
   * How the server reaches a service.
   *
   * @param service the service
   * @return the upstream, {@code host:port}
   */
  String upstream(ServiceEndpoint service);

  /**
   * The address a new proxy listens on when its port is pinned, as the server sees it. Only a
   * server on the test's own network can pin a port the test reaches as it is.
   *
   * @param proxyName the proxy's name
   * @param port the port, or 0 for a free one
   * @return e.g. {@code 127.0.0.1:15432}
   * @throws ChaosException when this network cannot pin ports
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  default String listenAddress(String proxyName, int port) {
    if (port == 0) {
      return listenAddress(proxyName);
    }
    throw new ChaosException(
        "Proxy ["
            + proxyName
            + "] cannot listen on a pinned port "
            + port
            + ": the Toxiproxy server is not on the test's network (a container maps its ports);"
            + " use a free port",
        null);
  }

  /**
   * A proxy was deleted; its listen address may be given to another.
   *
   * @param proxyName the proxy's name
   */
  default void released(String proxyName) {}

  /**
   * Proxies that listen on free ports of {@code host}, reached there, in front of services reached
   * at their own addresses: a server that shares the test's network.
   *
   * @param host the server's host, e.g. {@code 127.0.0.1}
   * @return the network
   */
  static ProxyNetwork sameHost(String host) {
    return new ProxyNetwork() {
      @Override
      public String listenAddress(String proxyName) {
        return listenAddress(proxyName, 0);
      }

      @Override
      public String listenAddress(String proxyName, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      }

      @Override
      public InetSocketAddress reach(String boundListen) {
        return InetSocketAddress.createUnresolved(host, portOf(boundListen));
      }

      @Override
      public String upstream(ServiceEndpoint service) {
        return service.address();
      }
    };
  }

  /**
   * The port of a {@code host:port} address.
   *
   * @param address e.g. {@code 127.0.0.1:41234} or {@code [::1]:41234}
   * @return the port
   */
  static int portOf(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
