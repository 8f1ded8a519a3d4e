package io.infraaware.sample;

import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * One Grizzly HTTP server on one loopback port for both the HTTP handlers and the Tyrus WebSocket
 * endpoints, guarded against slow and silent clients ({@link SampleConfig.HttpTimeouts}: a head, a
 * body and an idle connection each have their deadline, and a slow body holds no thread), and
 * answering in the sample's JSON error shape even where Grizzly answers by itself ({@link
 * JsonErrors}).
 */
final class HttpServerHost implements AutoCloseable {

  /** What serves a request, once its whole body is in. */
  @FunctionalInterface
  interface Handler {
    /**
     * Serves a request.
     *
     * @param body the request's body, empty when it has none
     */
    void serve(Request request, Response response, byte[] body) throws Exception;
  }

  private final HttpServer http;
  private final WebSocketContainer webSockets;
  private final ScheduledExecutorService deadlines;
  private final String host;
  private final int port;

  private HttpServerHost(
      HttpServer http,
      WebSocketContainer webSockets,
      ScheduledExecutorService deadlines,
      String host,
      int port) {
    this.http = http;
    this.webSockets = webSockets;
    this.deadlines = deadlines;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts a server.
   *
   * @param requestedPort the port, 0 for a free one
   * @param workers threads serving requests: as many as requests may wait on dependencies at once
   * @param timeouts how long a client may take to send a request, and to stay silent
   * @param handler the handler of every path that is not a WebSocket upgrade
   * @param endpoints the WebSocket endpoints
   * @return the running server
   */
  static HttpServerHost start(
      String host,
      int requestedPort,
      int workers,
      SampleConfig.HttpTimeouts timeouts,
      Handler handler,
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
    // Grizzly's own idle timeout: a connection with nothing under way, silent this long, is closed
    listener
        .getKeepAlive()
        .setIdleTimeoutInSeconds((int) Math.max(1, (timeouts.idle().toMillis() + 999) / 1000));
    http.addListener(listener);
    ScheduledExecutorService deadlines =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "sample-http-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    JsonErrors jsonErrors = new JsonErrors();
    listener.registerAddOn(jsonErrors);
    listener.registerAddOn(new RequestHeadDeadline(timeouts.requestHead(), deadlines));
    http.getServerConfiguration().setDefaultErrorPageGenerator(jsonErrors);
    // Grizzly answers 413 by itself (in JSON) to a Content-Length over the limit
    http.getServerConfiguration().setMaxPostSize(Http.MAX_BODY_BYTES);
    // TRACE goes to the handlers, which answer 405 in JSON, rather than to Grizzly's bodiless 405
    http.getServerConfiguration().setPassTraceRequest(true);
    WebSocketContainer webSockets = new WebSocketContainer();
    try {
      for (ServerEndpointConfig endpoint : endpoints) {
        webSockets.register(endpoint);
      }
      listener.registerAddOn(new WebSocketAddOn(webSockets, ""));
      http.getServerConfiguration()
          .addHttpHandler(new BodyFirstHandler(handler, timeouts.requestBody()), "/");
      http.start();
    } catch (IOException e) {
      deadlines.shutdownNow();
      http.shutdownNow();
      throw new UncheckedIOException(
          "The sample cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    } catch (jakarta.websocket.DeploymentException e) {
      deadlines.shutdownNow();
      http.shutdownNow();
      throw new IllegalStateException(
          "A WebSocket endpoint could not be deployed: " + e.getMessage(), e);
    }
    return new HttpServerHost(http, webSockets, deadlines, host, listener.getPort());
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
    deadlines.shutdownNow();
  }
}
