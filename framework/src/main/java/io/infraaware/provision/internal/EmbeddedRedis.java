package io.infraaware.provision.internal;

import io.infraaware.config.internal.Secrets;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} through {@code com.github.codemonstur:embedded-redis}, on a free
 * loopback port, keeping nothing on disk but its working directory; loaded only when that library
 * is present. It requires a random password ({@code requirepass}).
 */
final class EmbeddedRedis implements ProvisionedServer {

  static final String LIBRARY_CLASS = "redis.embedded.RedisServer";
  static final String ARTIFACT = "com.github.codemonstur:embedded-redis";

  private final RedisServer server;
  private final ServiceEndpoint endpoint;
  private boolean closed;

  private EmbeddedRedis(RedisServer server, ServiceEndpoint endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  static ProvisionedServer start(ServiceEndpoint configured, Path directory) throws IOException {
    IOException last = null;
    // the free port is free when asked, not necessarily when redis binds it: a few tries
    // a password, so that no other local user of a shared runner can use it (CONFIG SET dir)
    String password = RandomSecret.next();
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      RedisServer server =
          RedisServer.newRedisServer()
              .bind("127.0.0.1")
              .port(port)
              .setting("dir " + directory.toAbsolutePath())
              .setting("save \"\"")
              .setting("appendonly no")
              .setting("protected-mode yes")
              .setting("requirepass " + password)
              .build();
      try {
        server.start();
        // the run's clients log in with the random password, as the default user
        Secrets.remember(password);
        ServiceEndpoint moved =
            configured.withAddress("127.0.0.1", port).withCredentials(null, password);
        return new EmbeddedRedis(server, moved);
      } catch (IOException e) {
        last = e;
        stopQuietly(server);
      }
    }
    throw last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void stopQuietly(RedisServer server) {
    try {
      server.stop();
    } catch (IOException | RuntimeException e) {
      System.getLogger(EmbeddedRedis.class.getName())
          .log(System.Logger.Level.DEBUG, "stopping a redis that did not start: " + e);
    }
  }

  @Override
  public ServiceEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "embedded Redis";
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      stopQuietly(server);
    }
  }
}
