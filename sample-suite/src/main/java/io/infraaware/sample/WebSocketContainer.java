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

  // Tyrus's default takes frames of 4 MiB, and sessions assemble messages without a bound: each
  // endpoint bounds its messages (ChatSessions.MAX_MESSAGE_CHARS), FrameLimit bounds a single frame
  // (1009 from its header on). Tyrus's own buffer holds an unfinished frame plus what arrived with
  // it, so it is left well above the frame limit: a legal frame never overflows it (which Tyrus
  // answers with 1011).
  private final TyrusWebSocketEngine engine =
      TyrusWebSocketEngine.builder(this).incomingBufferSize(4 * FrameLimit.MAX_FRAME_BYTES).build();
  private final FrameLimit limited = new FrameLimit(engine);

  WebSocketContainer() {
    super((Set<Class<?>>) Set.<Class<?>>of());
    setDefaultMaxTextMessageBufferSize(FrameLimit.MAX_FRAME_BYTES);
    setDefaultMaxBinaryMessageBufferSize(FrameLimit.MAX_FRAME_BYTES);
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
    return limited;
  }

  @Override
  public Map<String, Object> getProperties() {
    return Map.of();
  }
}
