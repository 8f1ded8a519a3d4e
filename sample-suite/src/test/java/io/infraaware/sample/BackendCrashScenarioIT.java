package io.infraaware.sample;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.ChildProcess;
import io.infraaware.chaos.Crash;
import io.infraaware.chaos.Outcome;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.ScenarioContext;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.time.TimeScale;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' worst outage, whole: the database goes away, the backend accepts writes (202), the
 * backend is killed (SIGKILL: the standalone jar as a child process), started again with the same
 * configuration and working directory while the database is still out, and once it returns every
 * accepted message is stored exactly once and a WebSocket client resumes without a gap.
 */
@RequiresService({"postgres", "redis"})
class BackendCrashScenarioIT {

  private static final String SECRET = "backend-crash-scenario-signing-secret-32b";
  private static SampleApp auth;
  private static String token;

  private final String room = "crash-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path work;

  @AutoClose("shutdown")
  private final ClientManager webSockets = ClientManager.createClient();

  @BeforeAll
  static void startAuth() {
    auth = SampleApp.auth("127.0.0.1", 0, SECRET);
    token = new AuthService(Duration.ofHours(1), SECRET).issue("alice");
  }

  @AfterAll
  static void stopAuth() {
    auth.close();
  }

  @Test
  void aBackendKilledDuringADatabaseOutageKeepsEverythingItAcceptedAndClientsResumeWithoutAGap(
      @Service("postgres") ServiceProxy postgres,
      @Service("redis") ServiceEndpoint redis,
      TimeScale scale)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.putAll(SampleStack.services(postgres.endpoint(), redis));
    env.put("AUTH_URL", auth.uri().toString());
    env.put("DB_POOL_SIZE", "4");
    env.put("TIME_SCALE", Double.toString(scale.factor()));
    env.put("REQUEST_DEADLINE", E2eStack.CONFIGURED_DEADLINE.toSeconds() + "s");
    env.put("BREAKER_WAIT_IN_OPEN", E2eStack.CONFIGURED_WAIT_IN_OPEN.toSeconds() + "s");
    env.put("REDIS_TIMEOUT", "10s");
    // the journal at its default place: "outbox" in the working directory, kept across the restart
    Duration recovery = Duration.ofSeconds(30);
    List<String> accepted = new ArrayList<>();
    AtomicLong lastSeen = new AtomicLong();
    AtomicInteger steady = new AtomicInteger();
    // snippet:start crash
    try (ChildProcess backend =
        ChildProcess.javaJar("backend", SampleProcess.jar())
            .directory(work)
            .environment(env)
            .readyWhenOutputMatches("infraaware sample backend listening on (http://\\S+)")
            .start()) {
      // snippet:skip crash
      ChatWebSocketIT.Recorder watching = new ChatWebSocketIT.Recorder();
      Session watcher = connect(uri(backend), watching, null);
      // snippet:resume crash
      Scenario.named("e2e: backend killed during a database outage")
          .steadyStateReturnsWithin(recovery)
          .recoverWithin(recovery)
          .observe(Duration.ofMillis(100), ctx -> sample(ctx, backend))
          .steadyState(
              "a message is stored and reaches a WebSocket client of the room",
              ctx -> {
                // snippet:skip crash
                String text = "s" + steady.getAndIncrement();
                assertThat(post(ctx, backend, text).statusCode()).isEqualTo(201);
                await(text + " delivered")
                    .atMost(recovery)
                    .until(() -> watching.texts().contains(text));
                // snippet:resume crash
              })
          .inject(postgres, Fault.outage())
          .hold(
              "writes are accepted (202 queued) while the database is out",
              ctx -> {
                // snippet:skip crash
                lastSeen.set(watching.lastId());
                watcher.close();
                for (int i = 0; i < 20; i++) {
                  String text = "q" + i;
                  Response posted = post(ctx, backend, text);
                  assertThat(posted.statusCode()).as("answer to %s", text).isEqualTo(202);
                  assertThat(posted.jsonPath().getString("status")).isEqualTo("queued");
                  accepted.add(text);
                }
                // snippet:resume crash
              })
          .inject(Crash.kill(backend))
          .hold(
              "the backend is gone: nothing answers at its address, and it logged no stop",
              ctx -> {
                // snippet:skip crash
                assertThat(backend.exitCode()).contains(137);
                URI gone = uri(backend); // the killed run's address, until the restart
                assertThatThrownBy(
                        () -> new java.net.Socket(gone.getHost(), gone.getPort()).close())
                    .isInstanceOf(java.net.ConnectException.class);
                // a SIGTERM would have drained and said "Stopping with ..."; a SIGKILL says nothing
                assertThat(backend.output()).noneMatch(line -> line.contains("Stopping with"));
                // snippet:resume crash
              })
          .recover(
              "every accepted message is stored exactly once, nothing else",
              ctx -> {
                // snippet:skip crash
                assertThat(outboxSize(backend))
                    .as("the restarted backend drained its journal")
                    .isZero();
                Map<String, Integer> stored = SampleStack.storedCounts(postgres.upstream(), room);
                for (String text : accepted) {
                  assertThat(stored).as("stored once: %s", text).containsEntry(text, 1);
                }
                assertThat(stored.keySet())
                    .as("only what was accepted or stored")
                    .allMatch(text -> text.matches("s\\d+") || accepted.contains(text));
                // snippet:resume crash
              })
          .recover(
              "a WebSocket client resumes from the last id it saw, with everything after it once",
              ctx -> {
                // snippet:skip crash
                ChatWebSocketIT.Recorder back = new ChatWebSocketIT.Recorder();
                Session resumed = connect(uri(backend), back, lastSeen.get());
                try {
                  await("what the client missed, once, in order")
                      .during(Duration.ofMillis(500))
                      .atMost(Duration.ofSeconds(10))
                      .until(() -> back.texts().equals(accepted));
                } finally {
                  resumed.close();
                }
                // the steady state is checked again with a client of the restarted backend
                watching.frames.clear();
                connect(uri(backend), watching, null);
                // snippet:resume crash
              })
          .runWithin(recovery.multipliedBy(4));
    }
    // snippet:end crash
  }

  private static URI uri(ChildProcess backend) {
    return URI.create(backend.readiness().group(1));
  }

  private Session connect(URI backend, ChatWebSocketIT.Recorder recorder, Long after)
      throws Exception {
    return recorder.connect(webSockets, backend, room, token, after);
  }

  private Response post(ScenarioContext ctx, ChildProcess backend, String text) {
    long start = System.nanoTime();
    Response response =
        given()
            .baseUri(uri(backend).toString())
            .auth()
            .oauth2(token)
            .contentType(ContentType.JSON)
            .body(Map.of("text", text))
            .post("/api/rooms/" + room + "/messages");
    ctx.timeline()
        .request(
            "POST message",
            response.statusCode() == 201
                ? Outcome.OK
                : response.statusCode() == 202 ? Outcome.DEGRADED : Outcome.ERROR,
            Duration.ofNanos(System.nanoTime() - start),
            Integer.toString(response.statusCode()));
    return response;
  }

  private static int outboxSize(ChildProcess backend) {
    return given()
        .baseUri(uri(backend).toString())
        .get("/health/resilience")
        .jsonPath()
        .getInt("outboxSize");
  }

  /** Breakers and health into the timeline; "not running" while the backend is down. */
  private static void sample(ScenarioContext ctx, ChildProcess backend) {
    if (!backend.isRunning()) {
      // a dead process has no breakers: no band may go on as if it had
      for (String name : List.of(Breakers.DATABASE, Breakers.REDIS, Breakers.AUTH)) {
        ctx.timeline().breaker(name, "not running");
      }
      ctx.timeline().health("not running");
      return;
    }
    var breakers =
        given().baseUri(uri(backend).toString()).get("/health/circuit-breakers").jsonPath();
    for (String name : List.of(Breakers.DATABASE, Breakers.REDIS, Breakers.AUTH)) {
      ctx.timeline().breaker(name, breakers.getString(name + ".state"));
    }
    ctx.timeline()
        .health(
            given().baseUri(uri(backend).toString()).get("/health").jsonPath().getString("status"));
  }
}
