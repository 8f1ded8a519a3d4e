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
        return (host.contains(":") ? "[" + host + "]" : host) + ":0";
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
