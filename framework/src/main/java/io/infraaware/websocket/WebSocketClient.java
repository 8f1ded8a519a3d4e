package io.infraaware.websocket;

import io.infraaware.config.internal.Secrets;
import io.infraaware.service.ServiceEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apiguardian.api.API;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A Tyrus WebSocket client bound to one service's URL; closing it closes every session it opened
 * and stops the client's threads.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class WebSocketClient implements AutoCloseable {

  private final ServiceEndpoint endpoint;
  private final ClientManager client = ClientManager.createClient();
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * Creates a client for a WebSocket service.
   *
   * @param endpoint the service; its URL is where sessions connect
   */
  public WebSocketClient(ServiceEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The service's URL.
   *
   * @return the URI sessions connect to
   */
  public URI uri() {
    return URI.create(endpoint.url());
  }

  /**
   * The underlying Tyrus client, for settings this class does not offer.
   *
   * @return the client
   */
  public ClientManager tyrus() {
    return client;
  }

  /**
   * Opens a session to the service's URL with a programmatic endpoint.
   *
   * @param handler receives the session's events
   * @return the open session
   * @throws UncheckedIOException naming the URL when the handshake fails
   */
  public Session connect(Endpoint handler) {
    return connect(handler, ClientEndpointConfig.Builder.create().build());
  }

  /**
   * Opens a session with a programmatic endpoint and configuration.
   *
   * @param handler receives the session's events
   * @param config headers, subprotocols and the like
   * @return the open session
   */
  public Session connect(Endpoint handler, ClientEndpointConfig config) {
    return track(() -> client.connectToServer(handler, config, uri()));
  }

  /**
   * Opens a session with an {@code @ClientEndpoint}-annotated object.
   *
   * @param annotatedEndpoint the endpoint instance
   * @return the open session
   */
  public Session connect(Object annotatedEndpoint) {
    return track(() -> client.connectToServer(annotatedEndpoint, uri()));
  }

  private interface Connect {
    Session open() throws DeploymentException, IOException;
  }

  private Session track(Connect connect) {
    if (closed) {
      throw new IllegalStateException(
          "WebSocket client for " + endpoint.maskedUrl() + " is closed");
    }
    try {
      Session session = connect.open();
      sessions.add(session);
      return session;
    } catch (DeploymentException | IOException e) {
      throw new UncheckedIOException(
          "WebSocket handshake with ["
              + endpoint.maskedUrl()
              + "] failed: "
              + Secrets.scrub(e.getMessage(), endpoint.password().orElse(null)),
          e instanceof IOException ? (IOException) e : new IOException(e));
    }
  }

  /** Closes every session this client opened and stops its threads; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Session session : sessions) {
      try {
        if (session.isOpen()) {
          session.close();
        }
      } catch (IOException | RuntimeException e) {
        // the peer may be gone already; the client still shuts down below
        System.getLogger(WebSocketClient.class.getName())
            .log(System.Logger.Level.DEBUG, "closing a WebSocket session failed: {0}", e);
      }
    }
    client.shutdown();
  }
}
