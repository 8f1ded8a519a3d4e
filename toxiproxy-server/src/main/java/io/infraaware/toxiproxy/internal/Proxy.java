package io.infraaware.toxiproxy.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * One proxy: a listener, the connections it accepted, its toxics and its byte counters.
 *
 * <p>Toxics live in a copy-on-write list that connections read per chunk, so adding or removing one
 * never waits for traffic (Toxiproxy's API can hang there under load, issue 558).
 */
public final class Proxy {

  private final String name;
  private final Runtime runtime;
  private volatile String listen;
  private volatile String upstream;
  private volatile boolean enabled;
  private final List<Toxic> toxics = new CopyOnWriteArrayList<>();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel server;

  /** Connections accepted so far: numbers each one for its seeded randomness. */
  private final java.util.concurrent.atomic.AtomicLong accepted =
      new java.util.concurrent.atomic.AtomicLong();

  final LongAdder receivedUpstream = new LongAdder();
  final LongAdder receivedDownstream = new LongAdder();
  final LongAdder sentUpstream = new LongAdder();
  final LongAdder sentDownstream = new LongAdder();

  Proxy(String name, String listen, String upstream, Runtime runtime) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.runtime = runtime;
  }

  public String name() {
    return name;
  }

  public String listen() {
    return listen;
  }

  public String upstream() {
    return upstream;
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Bytes read from one side so far.
   *
   * @param upstream true for bytes from clients, false for bytes from the upstream
   * @return the count
   */
  public long receivedBytes(boolean upstream) {
    return (upstream ? receivedUpstream : receivedDownstream).sum();
  }

  /**
   * Bytes written to one side so far.
   *
   * @param upstream true for bytes to the upstream, false for bytes to clients
   * @return the count
   */
  public long sentBytes(boolean upstream) {
    return (upstream ? sentUpstream : sentDownstream).sum();
  }

  /** Toxics as Toxiproxy lists them: upstream first, then downstream, each in insertion order. */
  public List<Toxic> toxics() {
    List<Toxic> ordered = new ArrayList<>();
    for (Toxic toxic : toxics) {
      if (toxic.isUpstream()) {
        ordered.add(toxic);
      }
    }
    for (Toxic toxic : toxics) {
      if (!toxic.isUpstream()) {
        ordered.add(toxic);
      }
    }
    return ordered;
  }

  List<Toxic> toxicsSnapshot() {
    return toxics;
  }

  Optional<Toxic> toxic(String toxicName) {
    for (Toxic toxic : toxics) {
      if (toxic.name().equals(toxicName)) {
        return Optional.of(toxic);
      }
    }
    return Optional.empty();
  }

  synchronized void addToxic(Toxic toxic) {
    toxics.add(toxic);
    links.forEach(link -> link.toxicChanged(toxic));
  }

  synchronized void updateToxic(Toxic toxic, Map<String, Long> attributes, Double toxicity) {
    toxic.update(attributes, toxicity);
    links.forEach(link -> link.toxicChanged(toxic));
  }

  synchronized boolean removeToxic(String toxicName) {
    Optional<Toxic> toxic = toxic(toxicName);
    toxic.ifPresent(this::remove);
    return toxic.isPresent();
  }

  synchronized void removeAllToxics() {
    toxics().forEach(this::remove);
  }

  /** Connections are told, never waited for: the API cannot hang on traffic. */
  private void remove(Toxic toxic) {
    toxics.remove(toxic);
    links.forEach(link -> link.toxicRemoved(toxic));
  }

  /**
   * Points the proxy at another upstream and closes the live connections to the old one, in one
   * step: no connection to the new upstream can be made (and then dropped) in between.
   */
  synchronized void redirect(String newUpstream) {
    this.upstream = newUpstream;
    dropConnections();
  }

  /** Starts listening on the current listen address; the address becomes the bound one. */
  synchronized void start() throws ListenException {
    if (enabled) {
      return;
    }
    InetSocketAddress address = resolve(listen);
    ServerSocketChannel socket = null;
    try {
      socket = ServerSocketChannel.open();
      socket.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
      socket.bind(address, 1024);
    } catch (BindException e) {
      closeQuietly(socket);
      throw new ListenException("listen tcp " + listen + ": bind: address already in use");
    } catch (IOException e) {
      closeQuietly(socket);
      throw new ListenException("listen tcp " + listen + ": " + e.getMessage());
    }
    server = socket;
    InetSocketAddress bound = (InetSocketAddress) socket.socket().getLocalSocketAddress();
    listen = format(bound.getAddress(), bound.getPort());
    enabled = true;
    ServerSocketChannel accepting = socket;
    runtime.threads().execute(() -> acceptLoop(accepting));
  }

  /** Stops listening and closes every connection: clients see connection refused from now on. */
  synchronized void stop() {
    enabled = false;
    closeQuietly(server);
    server = null;
    dropConnections();
  }

  /** Closes every live connection; the listener, if any, keeps accepting. */
  synchronized void dropConnections() {
    for (Link link : links) {
      link.close();
    }
    links.clear();
  }

  /** A disabled proxy echoes its listen address resolved, as an enabled one would. */
  static void resolveForEcho(Proxy proxy) {
    try {
      InetSocketAddress address = resolve(proxy.listen);
      if (address.getPort() != 0) {
        proxy.listen = format(address.getAddress(), address.getPort());
      }
    } catch (ListenException e) {
      // kept verbatim; enabling it later reports the error
    }
  }

  synchronized void setListen(String newListen) {
    this.listen = newListen;
  }

  private void acceptLoop(ServerSocketChannel accepting) {
    Thread.currentThread().setName("toxiproxy-accept-" + name);
    try {
      while (accepting.isOpen()) {
        SocketChannel client;
        try {
          client = accepting.accept();
        } catch (IOException e) {
          return;
        }
        long number = accepted.getAndIncrement();
        runtime.threads().execute(() -> connect(client, accepting, number));
      }
    } finally {
      Thread.currentThread().setName("toxiproxy-idle");
    }
  }

  private void connect(SocketChannel client, ServerSocketChannel acceptedBy, long number) {
    SocketChannel target = null;
    String connectingTo = upstream;
    try {
      target = SocketChannel.open();
      client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      String[] hostPort = splitHostPort(connectingTo);
      target
          .socket()
          .connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5000);
      target.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | RuntimeException e) {
      closeQuietly(target);
      closeQuietly(client);
      return;
    }
    Link link = new Link(this, runtime.nextLoop(), client, target, runtime.randomFor(name, number));
    synchronized (this) {
      if (acceptedBy != server || !connectingTo.equals(upstream)) {
        // disabled, moved or redirected while connecting: this connection belongs to the past
        link.close();
        return;
      }
      links.add(link);
    }
    link.start();
  }

  void forget(Link link) {
    links.remove(link);
  }

  int connections() {
    return links.size();
  }

  static InetSocketAddress resolve(String listen) throws ListenException {
    String[] hostPort = splitHostPort(listen);
    int port;
    try {
      port = Integer.parseInt(hostPort[1]);
      if (port < 0 || port > 65535) {
        throw new ListenException("listen tcp: address " + listen + ": invalid port");
      }
    } catch (NumberFormatException e) {
      throw new ListenException("listen tcp: address tcp/" + hostPort[1] + ": unknown port");
    }
    try {
      InetAddress host =
          hostPort[0].isEmpty()
              ? InetAddress.getByName("0.0.0.0")
              : InetAddress.getByName(hostPort[0]);
      return new InetSocketAddress(host, port);
    } catch (UnknownHostException e) {
      throw new ListenException("listen tcp: lookup " + hostPort[0] + ": no such host");
    }
  }

  static String[] splitHostPort(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      return new String[] {address, ""};
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new String[] {host, address.substring(colon + 1)};
  }

  static String format(InetAddress address, int port) {
    String host = address.getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  static void closeQuietly(java.io.Closeable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (IOException e) {
        // closing is best effort
      }
    }
  }
}
