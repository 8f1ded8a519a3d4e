package io.infraaware.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import io.infraaware.websocket.WebSocketClient;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket probe and client against a real Tyrus server on loopback. */
class WebSocketProbeTests {

  private static Server server;
  private static int port;

  /** Echoes text frames. */
  @ServerEndpoint("/ws/echo")
  public static class Echo {
    @OnMessage
    public String echo(String message) {
      return message;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    port = LoopbackServer.closedPort();
    server = new Server("127.0.0.1", port, "/", Map.of(), Echo.class);
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static ProbeResult probe(String path) {
    return TestServices.probe(
        Map.of("infra.services.chat.url", "ws://127.0.0.1:" + port + path), "chat");
  }

  @Test
  void aWebSocketEndpointIsUpAfterAHandshake() {
    ProbeResult result = probe("/ws/echo");
    assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
  }

  @Test
  void aPathWithoutEndpointIsMissing() {
    ProbeResult result = probe("/ws/nothing-here");
    assertThat(result.status()).isEqualTo(ServiceStatus.MISCONFIGURED);
    assertThat(result.diagnosis().orElseThrow().code()).isEqualTo(DiagnosisCode.RESOURCE_MISSING);
    assertThat(result.diagnosis().orElseThrow().detail()).endsWith("/ws/nothing-here got HTTP 404");
  }

  @Test
  void theClientOpensSessionsAndClosesThemAll() {
    List<String> received = new CopyOnWriteArrayList<>();
    Session session;
    try (WebSocketClient client =
        new WebSocketClient(TestServices.endpoint("chat", "ws://127.0.0.1:" + port + "/ws/echo"))) {
      session =
          client.connect(
              new Endpoint() {
                @Override
                public void onOpen(Session opened, EndpointConfig endpointConfig) {
                  opened.addMessageHandler(
                      String.class, (MessageHandler.Whole<String>) received::add);
                }
              });
      session.getAsyncRemote().sendText("hello");
      await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("hello"));
    }
    assertThat(session.isOpen()).isFalse();
  }
}
