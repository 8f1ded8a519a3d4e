package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.ChildProcess;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend and the auth service against hostile clients, with the machine's PostgreSQL and
 * Redis: slow clients hold no thread of either, so health answers and users keep posting; a token
 * with a control character is refused as malformed; and the standalone backend never prints a
 * bearer token or the alert webhook's secret, whatever a WebSocket client sends.
 */
@RequiresService({"postgres", "redis"})
class HostileClientsIT {

  /** The wait for what should come within about a second; far below the 30 s a held thread took. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final String room = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private SampleStack stack;

  @TempDir Path work;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private RawHttp raw(URI server, String head) throws Exception {
    RawHttp raw = RawHttp.connect(server, BOUND);
    closing.add(raw);
    return raw.send(head);
  }

  private static String postHead(String path, String token, int contentLength) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  /** How long {@code GET /health} took; it must be answered 200. */
  private Duration health() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(stack.backendUri().resolve("/health")).timeout(BOUND).build(),
            HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(response.statusCode()).isEqualTo(200);
    return took;
  }

  @Test
  void healthAnswersWithinASecondWhileAHundredSlowClientsAreConnected(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    // the body deadline far away: only holding no thread can keep health answering
    stack = SampleStack.start(postgres, redis, Map.of("REQUEST_BODY_TIMEOUT", "60s"));
    String token = stack.token("mallory");
    Duration usual = health();
    usual = usual.compareTo(health()) < 0 ? usual : health();
    // 36 workers here (DB_POOL_SIZE 4 + 32): before, 100 of these held them all for 30 s
    for (int i = 0; i < 100; i++) {
      raw(stack.backendUri(), postHead("/api/rooms/" + room + "/messages", token, 1000) + "{\"te");
    }
    // judged against this machine's own /health time, so a loaded machine does not fail it
    for (int i = 0; i < 5; i++) {
      assertThat(health())
          .as("/health with 100 slow clients connected (without: %s)", usual)
          .isLessThan(Duration.ofSeconds(1).plus(usual.multipliedBy(4)));
    }
  }

  @Test
  void usersWithValidTokensKeepPostingWhileSlowClientsHammerTheAuthService(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres, redis, Map.of());
    stack.token("warm");
    // the auth service has 16 workers: before, 20 of these locked every user out, no credentials
    for (int i = 0; i < 40; i++) {
      raw(stack.auth.uri(), postHead("/auth/token", null, 1000) + "{\"us");
    }
    for (int i = 0; i < 5; i++) {
      // a valid token the backend has never seen: only the auth service can vouch for it
      String fresh = SampleStack.token("user-" + i, Instant.now().plusSeconds(600));
      stack
          .api(fresh)
          .contentType(ContentType.JSON)
          .body(Map.of("text", "still here " + i))
          .post("/api/rooms/" + room + "/messages")
          .then()
          .statusCode(201);
    }
    assertThat(stack.token("newcomer")).isNotBlank();
    JsonPath health = stack.api().get("/health/resilience").then().extract().jsonPath();
    assertThat(health.getList("openCriticalDependencies")).isEmpty();
    String breaker = stack.api().get("/health/authentication").then().extract().path("breaker");
    assertThat(breaker).isEqualTo("CLOSED");
  }

  @Test
  void aTokenWithAControlCharacterIsRefused401AsMalformedNot503(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres, redis, Map.of());
    String token = stack.token("alice");
    String broken = token.substring(0, 20) + "\u0001" + token.substring(20);
    RawHttp.Answer answer =
        raw(
                stack.backendUri(),
                "GET /api/rooms/"
                    + room
                    + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + broken
                    + "\r\n\r\n")
            .read();
    assertThat(answer.status()).isEqualTo(401);
    assertThat(JsonPath.from(answer.body()).getString("reason")).isEqualTo("MALFORMED");
    // and over WebSocket, where the token is a query parameter
    ClientManager client = ClientManager.createClient();
    try {
      ChatWebSocketIT.Recorder recorder = new ChatWebSocketIT.Recorder();
      recorder.connect(
          client,
          stack.backendUri(),
          room,
          token.substring(0, 20) + "%01" + token.substring(20),
          null);
      await().atMost(BOUND).until(() -> recorder.closed != null);
      assertThat(recorder.closed.getReasonPhrase()).isEqualTo("AUTH_INVALID: MALFORMED");
    } finally {
      client.shutdown();
    }
  }

  @Test
  void theStandaloneBackendNeverPrintsTheBearerTokenOrTheWebhooksSecret(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    SampleApp auth = SampleApp.auth("127.0.0.1", 0, SampleStack.AUTH_SECRET);
    closing.add(auth);
    String token = SampleStack.token("alice", Instant.now().plusSeconds(600));
    String signature = token.substring(token.lastIndexOf('.') + 1);
    // one client per session (see below)
    ClientManager client = ClientManager.createClient();
    ClientManager secondClient = ClientManager.createClient();
    try (ChildProcess backend =
        SampleProcess.start(
            work,
            SampleStack.services(
                postgres,
                redis,
                Map.of(
                    "PORT", "0",
                    "AUTH_URL", auth.uri().toString(),
                    "DB_POOL_SIZE", "4",
                    "ALERT_WEBHOOK_URL",
                        "http://127.0.0.1:9/hooks/T0/pathS3cret?token=queryS3cret&key=keyS3cret")))) {
      URI uri = SampleProcess.uri(backend);

      ChatWebSocketIT.Recorder binary = new ChatWebSocketIT.Recorder();
      Session session = binary.connect(client, uri, room, token, null);
      session.getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      await("closed for a binary message").atMost(BOUND).until(() -> binary.closed != null);
      // before: 1011, and a stack trace in the log holding the URL with the token
      assertThat(binary.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.CANNOT_ACCEPT);
      assertThat(binary.closed.getReasonPhrase()).startsWith("UNSUPPORTED_DATA: ");

      // opened now, on a client of its own: a Tyrus client whose session closes stops the
      // executor its sessions schedule on, and a send on one of them is then rejected
      ChatWebSocketIT.Recorder big = new ChatWebSocketIT.Recorder();
      Session second = big.connect(secondClient, uri, room, token, null);
      assertThat(second.isOpen()).as("the second session, closed with %s", big.closed).isTrue();
      second.getBasicRemote().sendText("{\"text\":\"" + "x".repeat(70_000) + "\"}");
      await("closed for a frame too big").atMost(BOUND).until(() -> big.closed != null);
      // before: 1011 "Buffer overflow.", as if the backend had failed, and counted nowhere
      assertThat(big.closed.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG);
      assertThat(big.closed.getReasonPhrase()).startsWith("MESSAGE_TOO_BIG: ");

      JsonPath websocket = JsonPath.from(get(uri.resolve("/health/websocket")));
      assertThat(websocket.getInt("errors.UNSUPPORTED_DATA")).isEqualTo(1);
      assertThat(websocket.getInt("errors.MESSAGE_TOO_BIG")).isEqualTo(1);
      assertThat(websocket.getInt("errorClasses.UNSUPPORTED_DATA.closeCode")).isEqualTo(1003);

      String resilience = get(uri.resolve("/health/resilience"));
      assertThat(JsonPath.from(resilience).getString("alertWebhook"))
          .isEqualTo("http://127.0.0.1:9/****");
      List<String> printed = new ArrayList<>(backend.output());
      printed.add(resilience);
      assertThat(printed)
          .as("what the backend printed, and its unauthenticated /health/resilience")
          .isNotEmpty()
          .noneMatch(line -> line.contains(signature))
          .noneMatch(line -> line.contains("S3cret"));
    } finally {
      client.shutdown();
      secondClient.shutdown();
    }
  }

  private String get(URI uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(BOUND).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
