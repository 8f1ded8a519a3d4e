package io.infraaware.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listener on 127.0.0.1 for unavailable-service cases: it accepts and either stays silent (a hung
 * peer) or sends fixed bytes (another protocol). Counts the connections it accepted.
 */
public final class LoopbackServer implements AutoCloseable {

  private final ServerSocket server;
  private final byte[] greeting;
  private final boolean closeAtOnce;
  private final boolean echo;
  private final Handler handler;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** Serves one accepted connection, on a thread of its own. */
  @FunctionalInterface
  public interface Handler {
    /** Talks to the peer; the socket is closed afterwards. */
    void handle(Socket socket) throws IOException;
  }

  private LoopbackServer(byte[] greeting, boolean closeAtOnce) {
    this(greeting, closeAtOnce, false, null);
  }

  private LoopbackServer(byte[] greeting, boolean closeAtOnce, boolean echo, Handler handler) {
    this.handler = handler;
    this.greeting = greeting;
    this.closeAtOnce = closeAtOnce;
    this.echo = echo;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::acceptLoop, "loopback-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Accepts connections and never answers. */
  public static LoopbackServer silent() {
    return new LoopbackServer(null, false);
  }

  /** Accepts connections and sends {@code greeting} at once. */
  public static LoopbackServer answering(String greeting) {
    return new LoopbackServer(greeting.getBytes(java.nio.charset.StandardCharsets.US_ASCII), false);
  }

  /** Accepts connections and closes them at once: a proxy whose upstream is dead. */
  public static LoopbackServer closing() {
    return new LoopbackServer(null, true);
  }

  /** Echoes every byte back on every connection: an upstream for proxy tests. */
  public static LoopbackServer echo() {
    return new LoopbackServer(null, false, true, null);
  }

  /** Serves each connection with {@code handler}: a fake server of some protocol. */
  public static LoopbackServer serving(Handler handler) {
    return new LoopbackServer(null, false, false, handler);
  }

  /**
   * A line-based server of another protocol (like Redis or SMTP): it waits for a line and answers
   * it with an error, so a binary hello alone gets no answer.
   */
  public static LoopbackServer lineServer() {
    return serving(
        socket -> {
          java.io.InputStream in = socket.getInputStream();
          int b;
          while ((b = in.read()) >= 0) {
            if (b == '\n') {
              socket.getOutputStream().write("-ERR unknown command\r\n".getBytes());
              socket.getOutputStream().flush();
            }
          }
        });
  }

  /** A port on 127.0.0.1 where nothing listens. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        sockets.add(socket);
        if (greeting != null) {
          socket.getOutputStream().write(greeting);
          socket.getOutputStream().flush();
        }
        if (closeAtOnce) {
          socket.close();
        } else if (handler != null) {
          Thread serving =
              new Thread(
                  () -> {
                    try (socket) {
                      handler.handle(socket);
                    } catch (IOException e) {
                      // the peer went away
                    }
                  },
                  "loopback-handler-" + server.getLocalPort());
          serving.setDaemon(true);
          serving.start();
        } else if (echo) {
          Thread echoing = new Thread(() -> echo(socket), "loopback-echo-" + server.getLocalPort());
          echoing.setDaemon(true);
          echoing.start();
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = socket.getInputStream().read(buffer)) >= 0) {
        socket.getOutputStream().write(buffer, 0, n);
        socket.getOutputStream().flush();
      }
    } catch (IOException e) {
      // the peer went away: nothing to echo to
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
