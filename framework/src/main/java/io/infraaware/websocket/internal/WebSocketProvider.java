package io.infraaware.websocket.internal;

import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import io.infraaware.websocket.WebSocketClient;
import java.util.List;
import org.apiguardian.api.API;

/**
 * WebSocket endpoints: {@code ws://} and {@code wss://}. Probed with the opening handshake on the
 * wire; a {@link WebSocketClient} parameter needs the Tyrus client ({@code
 * org.glassfish.tyrus.bundles:tyrus-standalone-client}).
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class WebSocketProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of(
          "websocket", "WebSocket", UrlScheme.of("ws", 80), UrlScheme.secure("wss", 443));

  private static final String TYRUS = "org.glassfish.tyrus.client.ClientManager";

  /** Creates the provider; the service loader does this. */
  public WebSocketProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new WebSocketProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "io.infraaware.websocket.WebSocketClient",
            TYRUS,
            "org.glassfish.tyrus.bundles:tyrus-standalone-client",
            (endpoint, closeLater) -> TyrusClients.client(endpoint, closeLater)));
  }
}
