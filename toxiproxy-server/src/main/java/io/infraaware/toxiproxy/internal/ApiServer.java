package io.infraaware.toxiproxy.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * The API's HTTP/1.1 server: one event loop accepts connections, reads requests and answers them. A
 * client cannot hold it: bytes are read as they come, only complete requests are handled, and a
 * client that takes too long to send a request (headers and body), to read its answer, or that
 * stays idle is closed, as Go's {@code http.Server} with Toxiproxy's timeouts does. Requests are
 * handled on the loop, one at a time, as each takes microseconds and none waits on the network.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads a request on a pool thread, so that
 * slow clients exhaust any fixed pool; its timeouts and {@code TCP_NODELAY} are JVM-wide system
 * properties, which an embedded server must not set in its users' test JVMs; and it sends headers
 * and body in two writes, which meet delayed ACK (about 40 ms a call on a kept-alive connection).
 * Why not a library: the server ships in users' test class paths, where Jetty, Undertow or Netty
 * would bring version conflicts; the API needs a small, fixed part of HTTP/1.1.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ApiServer implements AutoCloseable {

  /** The logger, made on first use: the JDK's logging costs a start-up a fifth of a second. */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(ApiServer.class.getName());
  }

  /**
   * How long a client may take: to send a whole request from its first byte (or from connecting),
   * to read an answer, and to stay idle between requests.
   *
   * @param read the request's deadline
   * @param write the answer's deadline
   * @param idle the idle time allowed on a kept-alive connection
   */
  @API(status = INTERNAL, since = "0.1.0")
  public record Timeouts(Duration read, Duration write, Duration idle) {

    /** Toxiproxy's own: 15 s to read a request, 30 s to write an answer, 60 s idle. */
    public static final Timeouts TOXIPROXY =
        new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60));

    /** Checks the values. */
    public Timeouts {
      Objects.requireNonNull(read, "read");
      Objects.requireNonNull(write, "write");
      Objects.requireNonNull(idle, "idle");
      for (Duration timeout : new Duration[] {read, write, idle}) {
        if (timeout.isNegative() || timeout.isZero()) {
          throw new IllegalArgumentException("API timeouts must be positive, was " + timeout);
        }
      }
    }

    long readNanos() {
      return read.toNanos();
    }

    long writeNanos() {
      return write.toNanos();
    }

    long idleNanos() {
      return idle.toNanos();
    }

    /** How often connections are checked against their deadlines. */
    long sweepNanos() {
      long shortest = Math.min(read.toNanos(), Math.min(write.toNanos(), idle.toNanos()));
      return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(shortest / 4, 250_000_000L));
    }
  }

  private final ServerSocketChannel server;
  private final Selector selector;
  private final SelectionKey serverKey;
  private final Api api;
  private final Timeouts timeouts;
  private final Thread thread;
  private final Set<ApiConnection> connections = new HashSet<>();
  private volatile boolean running = true;
  private long acceptBackoff;
  private long acceptAgainAt;
  private long lastWarning;

  private ApiServer(ServerSocketChannel server, Selector selector, Api api, Timeouts timeouts)
      throws IOException {
    this.server = server;
    this.selector = selector;
    this.api = api;
    this.timeouts = timeouts;
    this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
    this.lastWarning = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
    this.thread = new Thread(this::run, "toxiproxy-api");
    thread.setDaemon(true);
  }

  /**
   * Binds the API and starts serving it.
   *
   * @param address where to listen
   * @param api the API
   * @param timeouts the clients' time limits
   * @return the running server
   * @throws IOException when the address cannot be bound
   */
  public static ApiServer start(InetSocketAddress address, Api api, Timeouts timeouts)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    Selector selector = null;
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(address, 128);
      server.configureBlocking(false);
      selector = Selector.open();
      ApiServer started = new ApiServer(server, selector, api, timeouts);
      started.thread.start();
      return started;
    } catch (IOException | RuntimeException e) {
      ToxicProxy.closeQuietly(server);
      ToxicProxy.closeQuietly(selector);
      throw e;
    }
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.socket().getLocalSocketAddress();
  }

  /** The bound host as Go prints it: {@code 127.0.0.1}, {@code ::1}. */
  public String host() {
    InetAddress address = address().getAddress();
    return address instanceof Inet6Address
        ? ListenAddress.compress((Inet6Address) address)
        : address.getHostAddress();
  }

  private void run() {
    long lastSweep = System.nanoTime();
    try {
      while (running) {
        long now = System.nanoTime();
        long wait = timeouts.sweepNanos() - (now - lastSweep);
        if (acceptBackoff > 0) {
          wait = Math.min(wait, acceptAgainAt - now);
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        for (SelectionKey key : selector.selectedKeys()) {
          if (key == serverKey) {
            accept();
          } else if (key.isValid()) {
            ((ApiConnection) key.attachment()).ready();
          }
        }
        selector.selectedKeys().clear();
        now = System.nanoTime();
        if (now - lastSweep >= timeouts.sweepNanos()) {
          lastSweep = now;
          sweep(now);
        }
        if (acceptBackoff > 0 && now - acceptAgainAt >= 0 && serverKey.isValid()) {
          serverKey.interestOps(SelectionKey.OP_ACCEPT);
        }
      }
    } catch (IOException | RuntimeException e) {
      log(System.Logger.Level.ERROR, "the Toxiproxy API stopped: " + e);
    } finally {
      for (ApiConnection connection : new ArrayList<>(connections)) {
        connection.close();
      }
      ToxicProxy.closeQuietly(server);
      ToxicProxy.closeQuietly(selector); // deregisters and so releases every socket, the port too
    }
  }

  private void sweep(long now) {
    for (ApiConnection connection : new ArrayList<>(connections)) {
      if (connection.expired(now)) {
        connection.timedOut();
      }
    }
  }

  private void accept() {
    while (true) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        // Out of descriptors (EMFILE): the connection waits in the queue; try again soon, and
        // do not spin on a socket that stays ready.
        if (acceptBackoff == 0 && System.nanoTime() - lastWarning >= TimeUnit.SECONDS.toNanos(10)) {
          lastWarning = System.nanoTime();
          log(System.Logger.Level.WARNING, "the Toxiproxy API cannot accept connections: " + e);
        }
        acceptBackoff = acceptBackoff == 0 ? 5 : Math.min(2 * acceptBackoff, 1000);
        acceptAgainAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(acceptBackoff);
        serverKey.interestOps(0);
        return;
      }
      if (client == null) {
        acceptBackoff = 0;
        return;
      }
      acceptBackoff = 0;
      try {
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        SelectionKey key = client.register(selector, SelectionKey.OP_READ);
        ApiConnection connection =
            new ApiConnection(client, key, api, timeouts, connections::remove);
        key.attach(connection);
        connections.add(connection);
      } catch (IOException | RuntimeException e) {
        ToxicProxy.closeQuietly(client);
      }
    }
  }

  /** Logs, and never fails: out of descriptors, a logger may itself fail. */
  private static void log(System.Logger.Level level, String message) {
    try {
      Log.LOG.log(level, message);
    } catch (RuntimeException | LinkageError e) {
      // nothing more can be done
    }
  }

  /** Stops serving: closes every connection and the port, and ends the loop's thread. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
