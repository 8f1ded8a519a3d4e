package io.infraaware.docker.internal;

import io.infraaware.proxy.ChaosException;
import io.infraaware.proxy.ProxyNetwork;
import io.infraaware.service.ServiceEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/**
 * The network of a Toxiproxy in a container: proxies listen on the container's exposed ports (one
 * each, handed out and taken back), the test reaches them through the mapped ports, and the server
 * reaches services on the test's host through the container runtime's host alias.
 */
final class ContainerNetwork implements ProxyNetwork {

  /** The name under which a container reaches the host's exposed ports (Testcontainers'). */
  static final String HOST_ALIAS = "host.testcontainers.internal";

  private final String host;
  private final IntUnaryOperator mappedPort;
  private final IntConsumer exposeHostPort;
  private final TreeSet<Integer> free = new TreeSet<>();
  private final Map<String, Integer> taken = new ConcurrentHashMap<>();

  /**
   * Creates the network.
   *
   * @param host where the container's mapped ports are, e.g. {@code localhost}
   * @param firstPort the first port the container exposes for proxies
   * @param lastPort the last
   * @param mappedPort the host port a container port is mapped to
   * @param exposeHostPort makes a port of the test's host reachable from the container
   */
  ContainerNetwork(
      String host,
      int firstPort,
      int lastPort,
      IntUnaryOperator mappedPort,
      IntConsumer exposeHostPort) {
    this.host = host;
    this.mappedPort = mappedPort;
    this.exposeHostPort = exposeHostPort;
    for (int port = firstPort; port <= lastPort; port++) {
      free.add(port);
    }
  }

  @Override
  public synchronized String listenAddress(String proxyName) {
    Integer port = taken.get(proxyName);
    if (port == null) {
      port = free.pollFirst();
      if (port == null) {
        throw new ChaosException(
            "Toxiproxy in a container: all "
                + taken.size()
                + " exposed proxy ports are in use, so proxy ["
                + proxyName
                + "] has none; delete proxies that are no longer needed",
            null);
      }
      taken.put(proxyName, port);
    }
    return "0.0.0.0:" + port;
  }

  @Override
  public InetSocketAddress reach(String boundListen) {
    return InetSocketAddress.createUnresolved(
        host, mappedPort.applyAsInt(ProxyNetwork.portOf(boundListen)));
  }

  @Override
  public String upstream(ServiceEndpoint service) {
    if (!isLoopback(service.host())) {
      return service.address();
    }
    // 127.0.0.1 inside the container is the container itself
    exposeHostPort.accept(service.port());
    return HOST_ALIAS + ":" + service.port();
  }

  @Override
  public synchronized void released(String proxyName) {
    Integer port = taken.remove(proxyName);
    if (port != null) {
      free.add(port);
    }
  }

  private static boolean isLoopback(String host) {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
