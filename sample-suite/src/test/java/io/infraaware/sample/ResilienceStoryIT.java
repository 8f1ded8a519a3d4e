package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.sun.net.httpserver.HttpServer;
import io.infraaware.chaos.ChildProcess;
import io.infraaware.chaos.PromiseWait;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.time.Calibration;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' resilience story, against the machine's PostgreSQL and Redis behind proxies: alerts
 * when a critical breaker opens, health that sees a dead dependency and a healed one without any
 * traffic, pressure indicators with recommendations, and every breaker transition logged as one
 * JSON line by the standalone jar.
 *
 * <p>Each wait stands for a promise of the system (at this time scale, everything here happens
 * within {@link #PROMISE} on a quiet machine) and is judged with the noise of its own window, read
 * from the kernel for this JVM and, for the standalone jar, its process too ({@link PromiseWait}):
 * late because the machine was busy passes, never is blamed on the system, and only noise above the
 * ceiling ends as "machine overloaded".
 */
@RequiresService({"postgres", "redis"})
class ResilienceStoryIT {

  /** Scaled like the other ITs: a 10 s deadline becomes 0.5 s, a 30 s breaker wait 1.5 s. */
  private static final Map<String, String> SETTINGS =
      Map.of("TIME_SCALE", "0.05", "REQUEST_DEADLINE", "10s", "HEALTH_CHECK_INTERVAL", "5s");

  /** What the sample promises here: a breaker opens or closes, health or pressure notices. */
  private static final Duration PROMISE = Duration.ofSeconds(10);

  private static Calibration calibration;

  private final String room = "story-" + UUID.randomUUID().toString().substring(0, 8);
  private final String messages = "/api/rooms/" + room + "/messages";
  private SampleStack stack;
  private HttpServer webhook;

  @TempDir Path work;

  @BeforeAll
  static void calibrate() {
    calibration = Calibration.start(Calibration.DEFAULT_CEILING);
  }

  @AfterAll
  static void stopCalibrating() {
    calibration.close();
  }

  /** A wait for the sample's promise, judged with the noise of its own window. */
  // snippet:start promise-wait
  private static PromiseWait promise(String what) {
    return PromiseWait.of(what, PROMISE) // e.g. "the database breaker opens", within 10 s
        .judgedBy(calibration) // this JVM's threads and the watched child's, from the kernel
        .atMost(Duration.ofSeconds(90)); // the verdict by then, whatever the noise
  }

  // snippet:end promise-wait

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
    if (webhook != null) {
      webhook.stop(0);
    }
  }

  private void post(String token, String text) {
    stack.api(token).contentType(ContentType.JSON).body(Map.of("text", text)).post(messages);
  }

  @Test
  void anOpenCriticalBreakerRaisesAnAlertOnTheWebhookAndInHealthAndItsClosingResolvesIt(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    List<String> posted = new CopyOnWriteArrayList<>();
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/alerts",
        exchange -> {
          posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    webhook.start();
    Map<String, String> settings = new HashMap<>(SETTINGS);
    settings.put(
        "ALERT_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alerts");
    stack = SampleStack.start(postgres.endpoint(), redis, settings);
    String token = stack.token("alice");
    post(token, "before");
    try (ActiveFault outage = postgres.outage()) {
      promise("the database breaker opens and the webhook hears of it")
          .untilAsserted(
              () -> {
                post(token, "during");
                assertThat(posted).anyMatch(body -> body.contains("\"state\":\"OPEN\""));
              });
      JsonPath alert = JsonPath.from(posted.get(0));
      assertThat(alert.getString("dependency")).isEqualTo("database");
      assertThat(alert.getBoolean("critical")).isTrue();
      stack
          .api()
          .get("/health/resilience")
          .then()
          .body("openCriticalDependencies", hasItem("database"))
          .body("alerts.state", hasItem("OPEN"))
          .body("criticalDependencies", equalTo(List.of("database", "auth", "websocket")));
    }
    promise("the alert is resolved once the breaker closes, with no user traffic")
        .untilAsserted(
            () -> assertThat(posted).anyMatch(body -> body.contains("\"state\":\"RESOLVED\"")));
    stack
        .api()
        .get("/health/resilience")
        .then()
        .body("openCriticalDependencies", equalTo(List.of()));
  }

  @Test
  void aQuietSystemSeesADeadDependencyAndAHealedOneIsUpAgainWithoutAnyTraffic(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceProxy redis) {
    stack = SampleStack.start(postgres, redis.endpoint(), SETTINGS);
    stack.api().get("/health").then().body("status", equalTo("UP"));
    try (ActiveFault outage = redis.outage()) {
      // no request at all: only the background checks can tell
      promise("health sees Redis dead")
          .untilAsserted(
              () ->
                  stack
                      .api()
                      .get("/health")
                      .then()
                      .body("status", equalTo("DEGRADED"))
                      .body("dependencies.redis", equalTo("DOWN"))
                      .body("network", equalTo("DEGRADED")));
      stack
          .api()
          .get("/health/infrastructure")
          .then()
          .body("redis.lastCheck.ok", equalTo(false))
          .body("redis.network.reachable", equalTo(false));
    }
    // the breaker goes HALF_OPEN by itself; the background checks are its trial calls
    promise("health sees Redis healed, still without traffic")
        .untilAsserted(
            () ->
                stack
                    .api()
                    .get("/health")
                    .then()
                    .body("status", equalTo("UP"))
                    .body("dependencies.redis", equalTo("UP"))
                    .body("network", equalTo("UP")));
    assertThat(
            stack
                .api()
                .get("/health/circuit-breakers")
                .jsonPath()
                .getList("redis.transitions.to", String.class))
        .containsSubsequence("OPEN", "HALF_OPEN", "CLOSED");
  }

  @Test
  void pressureIndicatorsSayWhatIsWrongAndWhatToDo(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    stack = SampleStack.start(postgres.endpoint(), redis.endpoint(), SETTINGS);
    String token = stack.token("alice");
    post(token, "before");
    try (ActiveFault hang = postgres.inject(Fault.hang())) {
      promise("timeouts show as pressure")
          .untilAsserted(
              () -> {
                post(token, "during");
                JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
                assertThat(infrastructure.getList("pressure.indicator", String.class))
                    .contains("TIMEOUT_VIOLATIONS", "CRITICAL_BREAKER_OPEN");
                assertThat(infrastructure.getInt("database.calls.timeoutViolations")).isPositive();
                assertThat(infrastructure.getDouble("database.calls.successRate")).isLessThan(1.0);
                assertThat(infrastructure.getList("recommendations", String.class))
                    .anyMatch(text -> text.startsWith("database answers slower than the deadline"));
              });
    }
    try (ActiveFault outage = redis.outage()) {
      promise("retries used up show as pressure")
          .untilAsserted(
              () -> {
                // presence lives in Redis only; a refused connection fails fast, and is retried
                stack.api(token).get("/api/rooms/" + room + "/presence");
                assertThat(
                        stack
                            .api()
                            .get("/health/infrastructure")
                            .jsonPath()
                            .getList("pressure.indicator", String.class))
                    .contains("RETRY_EXHAUSTION");
              });
    }
  }

  @Test
  void theStandaloneJarLogsEveryBreakerTransitionAsOneJsonLine(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    SampleApp auth = SampleApp.auth("127.0.0.1", 0, SampleStack.AUTH_SECRET);
    try (ChildProcess backend =
        SampleProcess.start(
            work,
            SampleStack.services(
                postgres.endpoint(),
                redis,
                Map.of(
                    "PORT",
                    "0",
                    "AUTH_URL",
                    auth.uri().toString(),
                    "TIME_SCALE",
                    "0.05",
                    "REQUEST_DEADLINE",
                    "10s",
                    "HEALTH_CHECK_INTERVAL",
                    "5s")))) {
      java.net.http.HttpClient http =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build();
      java.net.URI breakers = SampleProcess.uri(backend).resolve("/health/circuit-breakers");
      calibration.watch(backend.pid());
      try (ActiveFault outage = postgres.outage()) {
        promise("the database breaker opens, from background checks alone")
            .until(
                () ->
                    JsonPath.from(get(http, breakers)).getString("database.state").equals("OPEN"));
      }
      promise("and closes again")
          .until(
              () ->
                  JsonPath.from(get(http, breakers)).getString("database.state").equals("CLOSED"));
      List<String> transitions =
          JsonPath.from(get(http, breakers)).getList("database.transitions.to", String.class);
      List<JsonPath> logged =
          backend.output().stream()
              .filter(line -> line.contains("\"event\":\"breaker.transition\""))
              // the whole line is the JSON: a log shipper takes it as it is
              .map(JsonPath::from)
              .filter(line -> line.getString("dependency").equals("database"))
              .toList();
      assertThat(logged).extracting(line -> line.getString("to")).isEqualTo(transitions);
      JsonPath opened = logged.get(0);
      assertThat(opened.getString("from")).isEqualTo("CLOSED");
      assertThat(opened.getString("to")).isEqualTo("OPEN");
      assertThat(opened.getBoolean("critical")).isTrue();
      assertThat(opened.getLong("waitInOpenMillis")).isEqualTo(1500);
      assertThat(opened.getString("cause")).isNotBlank();
      assertThat(opened.getString("target")).startsWith("jdbc:postgresql://127.0.0.1:");
      assertThat(backend.output())
          .anyMatch(line -> line.startsWith("{\"level\":\"ERROR\",\"event\":\"alert\""));
      assertThat(backend.output())
          .anyMatch(
              line ->
                  line.startsWith("{\"level\":\"WARN\",\"event\":\"health.check\"")
                      && line.contains("\"dependency\":\"database\"")
                      && line.contains("\"ok\":false"));
      // the proxy's port refused connections during the outage, and takes them again after it
      org.awaitility.Awaitility.await("the database reachable again, logged")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(backend.output())
                      .filteredOn(
                          line ->
                              line.startsWith("{\"level\":")
                                  && line.contains("\"event\":\"health.reach\"")
                                  && line.contains("\"dependency\":\"database\""))
                      .extracting(line -> JsonPath.from(line).getBoolean("reachable"))
                      .containsSubsequence(false, true));
      calibration.unwatch(backend.pid());
    } finally {
      auth.close();
    }
  }

  private static String get(java.net.http.HttpClient http, java.net.URI uri) throws Exception {
    return http.send(
            java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
