package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket chat against the machine's real PostgreSQL and Redis. */
@RequiresService({"postgres", "redis"})
class ChatWebSocketIT {

  private final String room = "ws-" + UUID.randomUUID().toString().substring(0, 8);
  private final ClientManager client = ClientManager.createClient();
  private SampleStack stack;

  /** A client that keeps every frame it receives, and how the server closed it. */
  static final class Recorder extends Endpoint {
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile CloseReason closed;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(
          String.class,
          (MessageHandler.Whole<String>)
              text -> {
                try {
                  frames.add(Http.JSON.readTree(text));
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      closed = reason;
    }

    /**
     * Connects this recorder to a room of the backend at {@code backend} as the holder of {@code
     * token}, resuming after message {@code after} (or from now, when null).
     */
    Session connect(ClientManager client, URI backend, String room, String token, Long after)
        throws Exception {
      URI uri =
          URI.create(
              "ws://127.0.0.1:"
                  + backend.getPort()
                  + "/ws/chat?room="
                  + room
                  + "&token="
                  + token
                  + (after == null ? "" : "&after=" + after));
      return client.connectToServer(this, ClientEndpointConfig.Builder.create().build(), uri);
    }

    /** The highest message id received: where a client resumes. */
    long lastId() {
      return frames.stream()
          .filter(f -> f.path("type").asText().equals("message"))
          .mapToLong(f -> f.at("/message/id").asLong())
          .max()
          .orElseThrow();
    }

    List<String> texts() {
      return frames.stream()
          .filter(f -> f.path("type").asText().equals("message"))
          .map(f -> f.at("/message/text").asText())
          .collect(Collectors.toList());
    }
  }

  @AfterEach
  void stop() {
    client.shutdown();
    if (stack != null) {
      stack.close();
    }
  }

  private String start(ServiceEndpoint postgres, ServiceEndpoint redis) {
    stack = SampleStack.start(postgres, redis, Map.of("BREAKER_WAIT_IN_OPEN", "2s"));
    return stack.token("alice");
  }

  private Session connect(Recorder recorder, String query) throws Exception {
    URI uri =
        URI.create(
            "ws://127.0.0.1:" + stack.backendUri().getPort() + "/ws/chat?room=" + room + query);
    return client.connectToServer(recorder, ClientEndpointConfig.Builder.create().build(), uri);
  }

  @Test
  void messagesAreAcknowledgedWithTheirIdAndPushedToTheRoom(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres, redis);
    Recorder sender = new Recorder();
    Recorder listener = new Recorder();
    Session sending = connect(sender, "&token=" + token);
    connect(listener, "&token=" + token);
    sending.getBasicRemote().sendText("{\"text\":\"hi\",\"ref\":\"r1\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.texts().contains("hi"));
    stack
        .api(token)
        .get("/api/rooms/" + room + "/presence")
        .then()
        .statusCode(200)
        .body("users", org.hamcrest.Matchers.contains("alice"));
    JsonNode ack =
        sender.frames.stream()
            .filter(f -> f.path("type").asText().equals("ack"))
            .findFirst()
            .orElseThrow();
    assertThat(ack.path("ref").asText()).isEqualTo("r1");
    assertThat(ack.path("id").asLong()).isPositive();
  }

  @Test
  void aReconnectingClientGetsExactlyWhatItMissed(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres, redis);
    Recorder first = new Recorder();
    Session session = connect(first, "&token=" + token);
    session.getBasicRemote().sendText("{\"text\":\"one\",\"ref\":\"1\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> first.texts().contains("one"));
    long lastSeen = first.lastId();
    session.close();
    Recorder other = new Recorder();
    Session otherSession = connect(other, "&token=" + token);
    otherSession.getBasicRemote().sendText("{\"text\":\"two\",\"ref\":\"2\"}");
    otherSession.getBasicRemote().sendText("{\"text\":\"three\",\"ref\":\"3\"}");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> other.texts().containsAll(List.of("two", "three")));
    Recorder resumed = new Recorder();
    connect(resumed, "&token=" + token + "&after=" + lastSeen);
    await().atMost(Duration.ofSeconds(5)).until(() -> resumed.texts().size() >= 2);
    // and nothing else arrives after: no "one" replayed, no duplicate
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> resumed.texts().equals(List.of("two", "three")));
  }

  @Test
  void aClientResumingWhileTheRoomIsBusyGetsEveryMessageOnce(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres, redis);
    Recorder first = new Recorder();
    Session session = connect(first, "&token=" + token);
    session.getBasicRemote().sendText("{\"text\":\"seen\",\"ref\":\"0\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> first.texts().contains("seen"));
    long lastSeen = first.lastId();
    // messages keep arriving while the client reconnects: some are replayed, some broadcast,
    // some stored between its joining the room and its replay
    Recorder busy = new Recorder();
    Session sender = connect(busy, "&token=" + token);
    for (int i = 0; i < 10; i++) {
      sender.getBasicRemote().sendText("{\"text\":\"m" + i + "\",\"ref\":\"" + i + "\"}");
    }
    Recorder resumed = new Recorder();
    connect(resumed, "&token=" + token + "&after=" + lastSeen);
    for (int i = 10; i < 20; i++) {
      sender.getBasicRemote().sendText("{\"text\":\"m" + i + "\",\"ref\":\"" + i + "\"}");
    }
    List<String> all =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).collect(Collectors.toList());
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.texts().containsAll(all));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> resumed.texts().size() == 20);
    assertThat(resumed.texts()).containsExactlyInAnyOrderElementsOf(all).doesNotContain("seen");
  }

  @Test
  void aClientWithoutAValidTokenIsClosedWithAPolicyViolation(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    start(postgres, redis);
    Recorder stranger = new Recorder();
    connect(stranger, "&token=forged");
    await().atMost(Duration.ofSeconds(5)).until(() -> stranger.closed != null);
    assertThat(stranger.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY);
    assertThat(stranger.closed.getReasonPhrase()).isEqualTo("AUTH_INVALID: MALFORMED");
  }

  @Test
  void messagesSentDuringADatabaseOutageAreBufferedAndDeliveredAfterIt(
      @Service("postgres") io.infraaware.proxy.ServiceProxy postgres,
      @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres.endpoint(), redis);
    Recorder recorder = new Recorder();
    Session session = connect(recorder, "&token=" + token);
    try (io.infraaware.proxy.ActiveFault outage = postgres.outage()) {
      session.getBasicRemote().sendText("{\"text\":\"while down\",\"ref\":\"d1\"}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> recorder.frames.stream().anyMatch(f -> f.path("ref").asText().equals("d1")));
      JsonNode ack =
          recorder.frames.stream()
              .filter(f -> f.path("ref").asText().equals("d1"))
              .findFirst()
              .orElseThrow();
      assertThat(ack.path("queued").asBoolean()).isTrue();
      stack
          .api()
          .get("/health/resilience")
          .then()
          .statusCode(200)
          .body("bufferedWebSocketMessages", org.hamcrest.Matchers.equalTo(1));
      stack
          .api()
          .get("/health")
          .then()
          .statusCode(200)
          .body("status", org.hamcrest.Matchers.equalTo("DEGRADED"));
      assertThat(recorder.texts()).doesNotContain("while down");
    }
    await("delivered once the database is back")
        .atMost(Duration.ofSeconds(20))
        .until(() -> recorder.texts().contains("while down"));
    await("and only once")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> recorder.texts().stream().filter("while down"::equals).count() == 1);
  }

  @Test
  void aMessageAssembledFromManyContinuationFramesIsBoundedAsAWhole(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres, redis);
    Recorder sender = new Recorder();
    Session session = connect(sender, "&token=" + token);
    // each frame is small; together they are far beyond any chat message
    String part = "x".repeat(1024);
    try {
      session.getBasicRemote().sendText("{\"text\":\"", false);
      for (int i = 0; i < 2048 && session.isOpen(); i++) {
        session.getBasicRemote().sendText(part, false);
      }
      session.getBasicRemote().sendText("\"}", true);
    } catch (java.io.IOException | RuntimeException closedUnderUs) {
      // the server closed the session while frames were still going out
    }
    await("closed for a message too big")
        .atMost(Duration.ofSeconds(10))
        .until(() -> sender.closed != null);
    // the server closes with 1009; a client still writing frames may see its connection drop
    // before it reads that close frame (1006): the server's own count says what it decided
    assertThat(sender.closed.getCloseCode())
        .isIn(CloseReason.CloseCodes.TOO_BIG, CloseReason.CloseCodes.CLOSED_ABNORMALLY);
    assertThat(sender.frames).noneMatch(f -> f.path("type").asText().equals("ack"));
    stack
        .api()
        .get("/health/websocket")
        .then()
        .statusCode(200)
        .body("errors.MESSAGE_TOO_BIG", org.hamcrest.Matchers.equalTo(1));
    // and the next client is served as ever (a client manager of its own: Tyrus's ends its
    // executors once its last session is closed)
    ClientManager other = ClientManager.createClient();
    try {
      Recorder next = new Recorder();
      other
          .connectToServer(
              next,
              ClientEndpointConfig.Builder.create().build(),
              URI.create(
                  "ws://127.0.0.1:"
                      + stack.backendUri().getPort()
                      + "/ws/chat?room="
                      + room
                      + "&token="
                      + token))
          .getBasicRemote()
          .sendText("{\"text\":\"fine\",\"ref\":\"n\"}");
      await().atMost(Duration.ofSeconds(5)).until(() -> next.texts().contains("fine"));
    } finally {
      other.shutdown();
    }
  }

  @Test
  void aSessionEndsWhenItsTokenExpires(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    start(postgres, redis);
    java.time.Instant expiresAt = java.time.Instant.now().plusSeconds(3);
    String shortLived = SampleStack.token("alice", expiresAt);
    Recorder recorder = new Recorder();
    Session session = connect(recorder, "&token=" + shortLived);
    session.getBasicRemote().sendText("{\"text\":\"in time\",\"ref\":\"1\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.texts().contains("in time"));
    await("closed when the token expires")
        .atMost(Duration.ofSeconds(15))
        .until(() -> recorder.closed != null);
    assertThat(java.time.Instant.now())
        .isAfterOrEqualTo(expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(recorder.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.VIOLATED_POLICY);
    assertThat(recorder.closed.getReasonPhrase()).startsWith("AUTH_EXPIRED");
    // HTTP says the same of that token
    stack.api(shortLived).get("/api/rooms/" + room + "/messages").then().statusCode(401);
  }

  @Test
  void errorsThatKeepTheSessionOpenComeWithTheirClassAndWhetherToRetry(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String token = start(postgres, redis);
    Recorder recorder = new Recorder();
    Session session = connect(recorder, "&token=" + token);
    session.getBasicRemote().sendText("not json");
    session.getBasicRemote().sendText("{\"text\":\"\",\"ref\":\"empty\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.frames.size() >= 2);
    assertThat(recorder.frames)
        .extracting(f -> f.path("errorType").asText() + "/" + f.path("retry").asBoolean())
        .containsExactly("MALFORMED_MESSAGE/false", "INVALID_TEXT/false");
    assertThat(session.isOpen()).isTrue();
  }
}
