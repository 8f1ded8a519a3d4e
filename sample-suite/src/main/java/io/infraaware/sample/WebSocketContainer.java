package io.infraaware.sample;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus's WebSocket engine without a server of its own, so that its endpoints share the port of the
 * sample's Grizzly HTTP server (through Tyrus's Grizzly add-on).
 */
final class WebSocketContainer extends TyrusServerContainer {

  /** The largest frame taken: a chat message (2000 characters, JSON-escaped) fits many times. */
  static final int MAX_FRAME_BYTES = 64 * 1024;

  // Tyrus's default takes frames of 4 MiB, and sessions assemble messages without a bound: each
  // endpoint bounds its messages (ChatSessions.MAX_MESSAGE_CHARS), this bounds a single frame
  private final TyrusWebSocketEngine engine =
      TyrusWebSocketEngine.builder(this).incomingBufferSize(MAX_FRAME_BYTES).build();

  WebSocketContainer() {
    super((Set<Class<?>>) Set.<Class<?>>of());
    setDefaultMaxTextMessageBufferSize(MAX_FRAME_BYTES);
    setDefaultMaxBinaryMessageBufferSize(MAX_FRAME_BYTES);
  }

  @Override
  public void register(Class<?> endpoint) throws DeploymentException {
    engine.register(endpoint, "");
  }

  @Override
  public void register(ServerEndpointConfig config) throws DeploymentException {
    engine.register(config, "");
  }

  @Override
  public WebSocketEngine getWebSocketEngine() {
    return engine;
  }

  @Override
  public Map<String, Object> getProperties() {
    return Map.of();
  }
}
