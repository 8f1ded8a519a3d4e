package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.path.json.JsonPath;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket error classes that {@code ChatWebSocketIT} and {@code HostileClientsIT} do not
 * meet, each as a client sees it: its close code or acknowledgement, whether to retry, and what the
 * WebSocket layer's health says. A client's mistake leaves the layer UP; a failure of the backend
 * (the auth service unreachable, the outbox full) makes it DEGRADED with an alert, until a session
 * is served again.
 */
@RequiresService({"postgres", "redis"})
class WebSocketErrorsIT {

  private static final Map<String, String> SETTINGS =
      Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s", "BREAKER_WAIT_IN_OPEN", "10s");

  private final String room = "ws-errors-" + UUID.randomUUID().toString().substring(0, 8);

  @AutoClose("shutdown")
  private final ClientManager client = ClientManager.createClient();

  private SampleStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private Session connect(ChatWebSocketIT.Recorder recorder, String query) throws Exception {
    URI uri = URI.create("ws://127.0.0.1:" + stack.backendUri().getPort() + "/ws/chat?" + query);
    return client.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(), uri);
  }

  private static CloseReason closedWith(ChatWebSocketIT.Recorder recorder) {
    await("the server closes the session")
        .atMost(Duration.ofSeconds(20))
        .until(() -> recorder.closed != null);
    return recorder.closed;
  }

  private static void send(Session session, String ref, String text) throws Exception {
    session
        .getBasicRemote()
        .sendText(Http.JSON.writeValueAsString(Map.of("text", text, "ref", ref)));
  }

  private static JsonNode ack(ChatWebSocketIT.Recorder recorder, String ref) {
    return await("the acknowledgement of " + ref)
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                recorder.frames.stream()
                    .filter(frame -> frame.path("type").asText().equals("ack"))
                    .filter(frame -> frame.path("ref").asText().equals(ref))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  /** Waits until the backend has admitted so many sessions (its token checked). */
  private void awaitOpenSessions(int sessions) {
    await("the backend admits the session")
        .atMost(Duration.ofSeconds(20))
        .until(() -> websocketHealth().getInt("openSessions") == sessions);
  }

  private JsonPath websocketHealth() {
    return stack.api().get("/health/websocket").jsonPath();
  }

  @Test
  void badRequestClosesWith1003AndLeavesTheLayerUp(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres, redis, SETTINGS);
    String token = stack.token("alice");
    ChatWebSocketIT.Recorder noRoom = new ChatWebSocketIT.Recorder();
    connect(noRoom, "token=" + token);
    ChatWebSocketIT.Recorder badAfter = new ChatWebSocketIT.Recorder();
    connect(badAfter, "room=" + room + "&after=yesterday&token=" + token);

    assertThat(closedWith(noRoom).getCloseCode().getCode()).isEqualTo(1003);
    assertThat(noRoom.closed.getReasonPhrase()).isEqualTo("BAD_REQUEST: a room is required");
    assertThat(closedWith(badAfter).getReasonPhrase())
        .isEqualTo("BAD_REQUEST: after must be a message id");
    JsonPath health = websocketHealth();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getInt("errors.BAD_REQUEST")).isEqualTo(2);
    assertThat(health.getBoolean("errorClasses.BAD_REQUEST.retry")).isFalse();
  }

  @Test
  void authUnavailableClosesWith1013DegradesTheLayerAndAlertsUntilASessionIsServedAgain(
      @Service("postgres") ServiceEndpoint postgres,
      @Service("redis") ServiceEndpoint redis,
      TestProxies proxies)
      throws Exception {
    stack = SampleStack.start(postgres, redis, SETTINGS, proxies);
    String known = stack.token("alice");
    String unknown = stack.token("bob");
    // validated while the auth service answers, so remembered: kept open until admitted
    connect(new ChatWebSocketIT.Recorder(), "room=" + room + "&token=" + known);
    awaitOpenSessions(1);
    try (ActiveFault outage = stack.authProxy().outage()) {
      ChatWebSocketIT.Recorder refused = new ChatWebSocketIT.Recorder();
      connect(refused, "room=" + room + "&token=" + unknown);
      assertThat(closedWith(refused).getCloseCode().getCode()).isEqualTo(1013);
      assertThat(refused.closed.getReasonPhrase())
          .isEqualTo("AUTH_UNAVAILABLE: the auth service is unavailable");

      JsonPath health = websocketHealth();
      assertThat(health.getString("status")).isEqualTo("DEGRADED");
      assertThat(health.getString("failing.errorType")).isEqualTo("AUTH_UNAVAILABLE");
      assertThat(stack.api().get("/health").jsonPath().getString("websocket"))
          .isEqualTo("DEGRADED");
      JsonPath resilience = stack.api().get("/health/resilience").jsonPath();
      assertThat(resilience.getList("openCriticalDependencies", String.class))
          .contains("websocket");
      JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
      assertThat(
              infrastructure.getList(
                  "pressure.findAll { it.indicator == 'WEBSOCKET_FAILING' }.level", String.class))
          .containsExactly("CRITICAL");
      assertThat(infrastructure.getList("pressure.indicator", String.class))
          .doesNotContain("POOL_SATURATED", "BREAKER_FLAPPING");

      // a token the auth service validated recently is still taken: the layer serves again
      ChatWebSocketIT.Recorder remembered = new ChatWebSocketIT.Recorder();
      Session served = connect(remembered, "room=" + room + "&token=" + known);
      assertThat(served.isOpen()).isTrue();
      await("the layer is UP again")
          .atMost(Duration.ofSeconds(10))
          .until(() -> websocketHealth().getString("status").equals("UP"));
      assertThat(
              stack
                  .api()
                  .get("/health/resilience")
                  .jsonPath()
                  .getList("alerts.findAll { it.dependency == 'websocket' }.state", String.class))
          .containsExactly("OPEN", "RESOLVED");
      assertThat(outage.manifested()).isTrue();
    }
  }

  @Test
  void notAcceptedNowIsAnAcknowledgementToRetryWhileTheDatabaseIsDownAndTheOutboxFull(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack =
        SampleStack.start(
            postgres.endpoint(),
            redis,
            Map.of(
                "TIME_SCALE", "0.05",
                "REQUEST_DEADLINE", "10s",
                "BREAKER_WAIT_IN_OPEN", "10s",
                "OUTBOX_CAPACITY", "1"));
    ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
    Session session = connect(recorder, "room=" + room + "&token=" + stack.token("alice"));
    try (ActiveFault outage = postgres.outage()) {
      send(session, "first", "kept in the outbox");
      assertThat(ack(recorder, "first").path("queued").asBoolean()).isTrue();
      send(session, "second", "no room for it");
      JsonNode refused = ack(recorder, "second");
      assertThat(refused.path("errorType").asText()).isEqualTo("NOT_ACCEPTED_NOW");
      assertThat(refused.path("retry").asBoolean()).isTrue();
      assertThat(session.isOpen()).isTrue();
      JsonPath health = websocketHealth();
      assertThat(health.getString("status")).isEqualTo("DEGRADED");
      assertThat(health.getString("failing.errorType")).isEqualTo("NOT_ACCEPTED_NOW");
      assertThat(outage.manifested()).isTrue();
    }
    // resent after the outage, as the acknowledgement said: taken, and the layer is UP again
    await("the message is taken once the database is back")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              String ref = "again-" + UUID.randomUUID();
              send(session, ref, "no room for it");
              assertThat(ack(recorder, ref).has("errorType")).isFalse();
            });
    assertThat(websocketHealth().getString("status")).isEqualTo("UP");
  }

  @Test
  void rejectedIsAnAcknowledgementNotToRetryAndTheMessageIsNotQueued(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String schema = "ws_rejected_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin =
            DriverManager.getConnection(
                postgres.url(),
                postgres.username().orElse("postgres"),
                postgres.password().orElse(""));
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE SCHEMA " + schema);
      try {
        String url =
            postgres.url() + (postgres.url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
        stack =
            SampleStack.start(postgres, redis, Map.of("TIME_SCALE", "0.05", "DATABASE_URL", url));
        // the database refuses this text for good, as a constraint of its own would
        sql.execute(
            "ALTER TABLE "
                + schema
                + ".sample_messages ADD CONSTRAINT no_forbidden CHECK (text NOT LIKE '%forbidden%')");
        ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
        Session session = connect(recorder, "room=" + room + "&token=" + stack.token("alice"));
        send(session, "bad", "a forbidden word");
        JsonNode refused = ack(recorder, "bad");
        assertThat(refused.path("errorType").asText()).isEqualTo("REJECTED");
        assertThat(refused.path("retry").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).contains("no_forbidden");
        send(session, "good", "an ordinary word");
        assertThat(ack(recorder, "good").path("id").asLong()).isPositive();
        assertThat(stack.api().get("/health").jsonPath().getInt("outboxSize")).isZero();
        assertThat(websocketHealth().getString("status")).isEqualTo("UP");
        stack.close();
        stack = null;
      } finally {
        sql.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void rateLimitedIsAnAcknowledgementSayingWhenToResendAndTheSessionStaysOpen(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack =
        SampleStack.start(
            postgres, redis, Map.of("TIME_SCALE", "0.05", "WS_MESSAGES_PER_MINUTE", "3"));
    ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
    Session session = connect(recorder, "room=" + room + "&token=" + stack.token("alice"));
    for (int i = 0; i < 4; i++) {
      send(session, "m" + i, "message " + i);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(ack(recorder, "m" + i).path("id").asLong()).as("m" + i).isPositive();
    }
    // three a minute: the fourth comes well inside the 20 s its turn takes
    JsonNode limited = ack(recorder, "m3");
    assertThat(limited.path("errorType").asText()).isEqualTo("RATE_LIMITED");
    assertThat(limited.path("retry").asBoolean()).isTrue();
    assertThat(limited.path("retryAfterMillis").asLong()).isBetween(1L, 20_000L);
    assertThat(session.isOpen()).isTrue();
    assertThat(
            stack
                .api(stack.token("alice"))
                .get("/api/rooms/" + room + "/messages")
                .jsonPath()
                .getList("messages.text", String.class))
        .as("what was refused is not stored")
        .doesNotContain("message 3");
    assertThat(websocketHealth().getString("status")).isEqualTo("UP");
  }

  @Test
  void serverStoppingClosesEverySessionWith1001(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres, redis, SETTINGS);
    ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
    connect(recorder, "room=" + room + "&token=" + stack.token("alice"));
    awaitOpenSessions(1);
    stack.close();
    stack = null;
    assertThat(closedWith(recorder).getCloseCode().getCode()).isEqualTo(1001);
    assertThat(recorder.closed.getReasonPhrase())
        .isEqualTo("SERVER_STOPPING: the backend is stopping");
  }
}
