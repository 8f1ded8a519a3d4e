package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apiguardian.api.API;

/**
 * One proxy: a listener, the connections it accepted, its toxics and its byte counters.
 *
 * <p>Toxics live in a copy-on-write list that connections read per chunk, so adding or removing one
 * never waits for traffic (Toxiproxy's API can hang there under load, issue 558).
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ToxicProxy {

  private static final System.Logger LOG = System.getLogger(ToxicProxy.class.getName());

  static {
    // A proxy logs when it runs out of descriptors, and the JDK's log format reads the time zone
    // database from a file on first use: read it now, while a descriptor is free.
    java.util.TimeZone.getDefault();
  }

  /**
   * At most one warning this often while accepting fails: at the limit it fails and works by turns.
   */
  private static final long WARNING_INTERVAL = TimeUnit.SECONDS.toNanos(10);

  private final String name;
  private final ServerThreads threads;
  private volatile String listen;
  private volatile String upstream;
  private volatile boolean enabled;
  private final List<Toxic> toxics = new CopyOnWriteArrayList<>();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private Listener listener;

  /** Connections accepted so far: numbers each one for its seeded randomness. */
  private final AtomicLong accepted = new AtomicLong();

  final LongAdder receivedUpstream = new LongAdder();
  final LongAdder receivedDownstream = new LongAdder();
  final LongAdder sentUpstream = new LongAdder();
  final LongAdder sentDownstream = new LongAdder();

  ToxicProxy(String name, String listen, String upstream, ServerThreads threads) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.threads = threads;
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

  synchronized void updateToxic(Toxic toxic, Map<String, Long> attributes, float toxicity) {
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
    InetSocketAddress address = ListenAddress.resolve(listen);
    ServerSocketChannel socket;
    try {
      socket = ServerSocketChannel.open();
    } catch (IOException e) {
      throw ListenAddress.failed(address, "socket", e);
    }
    try {
      socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      socket.bind(address, 1024);
    } catch (IOException e) {
      closeQuietly(socket);
      throw ListenAddress.failed(address, "bind", e);
    }
    InetSocketAddress bound = (InetSocketAddress) socket.socket().getLocalSocketAddress();
    Listener started = new Listener(socket);
    try {
      threads.pool().execute(() -> acceptLoop(started));
    } catch (RejectedExecutionException | OutOfMemoryError e) {
      // the server is closing, or the JVM can start no thread: nothing may stay bound
      closeQuietly(socket);
      throw new ListenException("listen tcp " + ListenAddress.format(bound), "accept: " + e);
    }
    listener = started;
    listen = ListenAddress.format(bound);
    enabled = true;
  }

  /**
   * Stops listening and closes every connection. The port is free when this returns: clients see
   * connection refused, and the address can be bound again at once.
   */
  synchronized void stop() {
    enabled = false;
    Listener stopping = listener;
    listener = null;
    if (stopping != null) {
      stopping.close();
    }
    dropConnections();
  }

  /** Closes every live connection; the listener, if any, keeps accepting. */
  synchronized void dropConnections() {
    for (Link link : links) {
      link.close();
    }
    links.clear();
  }

  synchronized void setListen(String newListen) {
    this.listen = newListen;
  }

  /** A bound socket and the thread that accepts its connections. */
  private final class Listener {
    final ServerSocketChannel socket;

    /** Counted down when the listener is closed: ends a back-off wait at once. */
    final CountDownLatch closing = new CountDownLatch(1);

    /** Counted down when the accept loop has left {@code accept()} for good. */
    final CountDownLatch done = new CountDownLatch(1);

    Listener(ServerSocketChannel socket) {
      this.socket = socket;
    }

    /**
     * Closes the socket and waits for the accept loop to leave {@code accept()}: until it does, the
     * kernel keeps the listening socket (and its port) alive, however closed the channel is.
     */
    void close() {
      closing.countDown();
      closeQuietly(socket);
      try {
        if (!done.await(5, TimeUnit.SECONDS)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "proxy {0}: the accept loop did not stop within 5 s; its port may still be bound",
              name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Accepts connections until the listener closes. Out of file descriptors (EMFILE) or memory, it
   * backs off (5 ms, doubling up to 1 s, as Go's HTTP server) and tries again: the waiting
   * connections stay queued, and are served once descriptors free up.
   */
  private void acceptLoop(Listener accepting) {
    Thread.currentThread().setName("toxiproxy-accept-" + name);
    long backoff = 0;
    boolean warned = false;
    long lastWarning = System.nanoTime() - WARNING_INTERVAL;
    Throwable failure = null;
    try {
      while (accepting.socket.isOpen()) {
        SocketChannel client;
        try {
          client = accepting.socket.accept();
        } catch (ClosedChannelException e) {
          return; // stopped
        } catch (IOException e) {
          if (backoff == 0 && System.nanoTime() - lastWarning >= WARNING_INTERVAL) {
            lastWarning = System.nanoTime();
            warned =
                log(
                    System.Logger.Level.WARNING,
                    "proxy {0}: cannot accept connections ({1}); retrying until it can",
                    e.getMessage());
          }
          backoff = backoff == 0 ? 5 : Math.min(2 * backoff, 1000);
          if (accepting.closing.await(backoff, TimeUnit.MILLISECONDS)) {
            return;
          }
          continue;
        }
        if (backoff > 0) {
          if (warned) {
            warned = !log(System.Logger.Level.INFO, "proxy {0}: accepting connections again", "");
          }
          backoff = 0;
        }
        long number = accepted.getAndIncrement();
        try {
          threads.pool().execute(() -> connect(client, accepting, number));
        } catch (RejectedExecutionException | OutOfMemoryError e) {
          closeQuietly(client); // closing, or no thread to be had: this client is refused
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is closing
    } catch (RuntimeException | Error e) {
      failure = e;
      closeQuietly(accepting.socket);
    } finally {
      accepting.done.countDown();
      Thread.currentThread().setName("toxiproxy-idle");
    }
    if (failure != null) {
      failed(accepting, failure);
    }
  }

  /**
   * Logs, and never fails: out of descriptors, a logger can itself fail (the JDK's formatter opens
   * its time zone file), and that must not stop the accept loop that is waiting for descriptors.
   *
   * @return whether the message was logged
   */
  private boolean log(System.Logger.Level level, String format, String detail) {
    try {
      LOG.log(level, format, name, detail);
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The accept loop died: the proxy stops listening and reports itself disabled, as it is. */
  private void failed(Listener dead, Throwable failure) {
    LOG.log(System.Logger.Level.ERROR, "proxy " + name + ": stopped listening", failure);
    synchronized (this) {
      if (listener == dead) {
        listener = null;
        enabled = false;
      }
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
  }

  private void connect(SocketChannel client, Listener acceptedBy, long number) {
    SocketChannel target = null;
    String connectingTo = upstream;
    try {
      target = SocketChannel.open();
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      String[] hostPort = splitHostPort(connectingTo);
      target
          .socket()
          .connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5000);
      target.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | RuntimeException e) {
      // the upstream is down or unknown, or no descriptor is left: the client is closed
      closeQuietly(target);
      closeQuietly(client);
      return;
    }
    Link link = new Link(this, threads.nextLoop(), client, target, threads.randomFor(name, number));
    synchronized (this) {
      if (acceptedBy != listener || !connectingTo.equals(upstream)) {
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
