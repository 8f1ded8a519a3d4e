package io.infraaware.websocket.internal;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.websocket.WebSocketClient;
import java.util.function.Consumer;

/** Tyrus-backed clients for {@code @Service} parameters; loaded only when Tyrus is present. */
final class TyrusClients {

  private TyrusClients() {}

  static Object client(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    WebSocketClient client = new WebSocketClient(endpoint);
    closeLater.accept(client);
    return client;
  }
}
