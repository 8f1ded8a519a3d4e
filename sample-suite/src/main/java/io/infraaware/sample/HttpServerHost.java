package io.infraaware.sample;

import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One Grizzly HTTP server on one loopback port for both the HTTP handlers and the Tyrus WebSocket
 * endpoints.
 */
final class HttpServerHost implements AutoCloseable {

  private final HttpServer http;
  private final WebSocketContainer webSockets;
  private final String host;
  private final int port;

  private HttpServerHost(HttpServer http, WebSocketContainer webSockets, String host, int port) {
    this.http = http;
    this.webSockets = webSockets;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a server.
   *
   * @param requestedPort the port, 0 for a free one
   * @param workers threads serving requests: as many as requests may wait on dependencies at once
   * @param handler the HTTP handler for every path that is not a WebSocket upgrade
   * @param endpoints the WebSocket endpoints
   * @return the running server
   */
  static HttpServerHost start(
      String host,
      int requestedPort,
      int workers,
      HttpHandler handler,
      ServerEndpointConfig... endpoints) {
    // Port 0 is bound as such; Grizzly records the port it got, so no other process can take a
    // port picked in advance between the pick and the bind.
    HttpServer http = new HttpServer();
    NetworkListener listener = new NetworkListener("grizzly", host, requestedPort);
    // Handlers block on dependencies for up to the request deadline; Grizzly's default of two
    // workers per core would queue requests before their deadline even starts.
    listener
        .getTransport()
        .setWorkerThreadPoolConfig(
            ThreadPoolConfig.defaultConfig()
                .setPoolName("sample-http")
                .setCorePoolSize(workers)
                .setMaxPoolSize(workers));
    http.addListener(listener);
    WebSocketContainer webSockets = new WebSocketContainer();
    try {
      for (ServerEndpointConfig endpoint : endpoints) {
        webSockets.register(endpoint);
      }
      listener.registerAddOn(new WebSocketAddOn(webSockets, ""));
      http.getServerConfiguration().addHttpHandler(handler, "/");
      http.start();
    } catch (IOException e) {
      http.shutdownNow();
      throw new UncheckedIOException(
          "The sample cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    } catch (jakarta.websocket.DeploymentException e) {
      http.shutdownNow();
      throw new IllegalStateException(
          "A WebSocket endpoint could not be deployed: " + e.getMessage(), e);
    }
    return new HttpServerHost(http, webSockets, host, listener.getPort());
  }

  int port() {
    return port;
  }

  /** Where to reach it: its address, or loopback when it listens on every address. */
  URI uri() {
    String reach =
        host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
            ? "127.0.0.1"
            : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create("http://" + reach + ":" + port);
  }

  @Override
  public void close() {
    webSockets.stop();
    try {
      http.shutdown(2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // forced below
    }
    // A graceful shutdown leaves the server's delayed-executor threads running; this ends them.
    http.shutdownNow();
  }
}
