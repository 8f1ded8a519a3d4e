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

  private final TyrusWebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();

  WebSocketContainer() {
    super((Set<Class<?>>) Set.<Class<?>>of());
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
