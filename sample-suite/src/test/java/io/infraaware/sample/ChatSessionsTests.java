package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket layer's health: what a client did wrong leaves it UP; what the backend failed a
 * client with makes it DEGRADED, is written as an event and alerts while {@code websocket} is
 * critical, until a session is served again.
 */
class ChatSessionsTests {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Events sink = new Events(events::add);

  @AutoClose private ChatSessions sessions;

  private ChatSessions sessions(Map<String, String> env) {
    sessions = new ChatSessions(new Alerts(SampleConfig.from(env), sink), sink, 600);
    return sessions;
  }

  /** A server-side session: its properties, and the reason it was closed with. */
  private static Session session(AtomicReference<CloseReason> closed) {
    Map<String, Object> properties = new HashMap<>();
    return (Session)
        Proxy.newProxyInstance(
            Session.class.getClassLoader(),
            new Class<?>[] {Session.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getUserProperties" -> properties;
                  case "getRequestParameterMap" -> Map.of();
                  case "isOpen" -> closed.get() == null;
                  case "close" -> {
                    closed.set(args == null ? null : (CloseReason) args[0]);
                    yield null;
                  }
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "session";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aFailureOfTheBackendDegradesTheLayerAndAlertsUntilASessionIsServedAgain() throws Exception {
    ChatSessions layer = sessions(Map.of());
    AtomicReference<CloseReason> closed = new AtomicReference<>();
    ChatEndpoint endpoint =
        ChatEndpoint.config(null, null, null, layer)
            .getConfigurator()
            .getEndpointInstance(ChatEndpoint.class);
    // what Tyrus hands the endpoint when a handler throws
    endpoint.onError(session(closed), new IllegalStateException("a handler failed"));

    assertThat(closed.get().getCloseCode().getCode()).isEqualTo(1011);
    assertThat(closed.get().getReasonPhrase()).isEqualTo("INTERNAL: the backend failed");
    assertThat(layer.health()).containsEntry("status", "DEGRADED");
    assertThat(layer.health().get("failing").toString()).contains("errorType=INTERNAL");
    assertThat(events)
        .anyMatch(line -> line.startsWith("{\"level\":\"WARN\",\"event\":\"websocket.failing\""))
        .anyMatch(
            line ->
                line.startsWith("{\"level\":\"ERROR\",\"event\":\"alert\"")
                    && line.contains("\"dependency\":\"websocket\""));

    layer.opened(session(new AtomicReference<>()), Instant.MAX);
    assertThat(layer.health()).containsEntry("status", "UP").doesNotContainKey("failing");
    assertThat(events)
        .anyMatch(line -> line.contains("\"event\":\"websocket.recovered\""))
        .anyMatch(line -> line.contains("\"state\":\"RESOLVED\""));
  }

  @Test
  void whatAClientDidWrongLeavesTheLayerUp() {
    ChatSessions layer = sessions(Map.of());
    for (WebSocketError error : WebSocketError.values()) {
      if (error.backendFault()) {
        continue;
      }
      if (error.closeCode().isPresent()) {
        layer.close(session(new AtomicReference<>()), error, "detail");
      } else {
        layer.count(error, "detail");
      }
    }
    assertThat(layer.health()).containsEntry("status", "UP");
    assertThat(events).isEmpty();
  }

  @Test
  void aLayerThatIsNotCriticalDegradesWithoutAnAlert() {
    ChatSessions layer = sessions(Map.of("CRITICAL_DEPENDENCIES", "database"));
    layer.count(WebSocketError.NOT_ACCEPTED_NOW, "the outbox is full");
    assertThat(layer.health()).containsEntry("status", "DEGRADED");
    assertThat(events).noneMatch(line -> line.contains("\"event\":\"alert\""));
  }

  @Test
  void aSessionSendsAMinutesMessagesAtOnceAndThenWaitsItsTurn() {
    ChatSessions layer = new ChatSessions(new Alerts(SampleConfig.from(Map.of()), sink), sink, 3);
    sessions = layer;
    Session session = session(new AtomicReference<>());
    layer.opened(session, Instant.MAX);
    List<Long> waits =
        List.of(layer.takeMessage(session), layer.takeMessage(session), layer.takeMessage(session));
    assertThat(waits).containsOnly(0L);
    // three a minute: the next one comes a little under 20 s later
    assertThat(layer.takeMessage(session)).isBetween(1L, 20_000L);
  }
}
