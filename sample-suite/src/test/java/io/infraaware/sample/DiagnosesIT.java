package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Each pressure indicator of {@code /health/infrastructure} fires for its cause, created through
 * the proxy, and not for another cause: a plain database outage is an outage (the breaker, the
 * network, the success rate), neither a flapping breaker nor a saturated pool; a slow database
 * under concurrent users saturates the pool, and is not called unreachable.
 */
@RequiresService({"postgres", "redis"})
class DiagnosesIT {

  /** Scaled like the end-to-end scenarios; breakers wait 0.2 s in OPEN, to cycle within seconds. */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "TIME_SCALE", "0.02",
          "REQUEST_DEADLINE", "25s",
          "REDIS_TIMEOUT", "10s",
          "BREAKER_WAIT_IN_OPEN", "10s",
          "DB_POOL_SIZE", "4",
          "OUTBOX_CAPACITY", "40");

  private final String room = "diagnoses-" + UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @AutoClose("shutdownNow")
  private final ExecutorService users = Executors.newFixedThreadPool(12);

  private SampleStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aPlainDatabaseOutageIsAnOutageNeitherFlappingNorASaturatedPool(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres.endpoint(), redis, SETTINGS);
    String token = stack.token("alice");
    try (ActiveFault outage = postgres.outage()) {
      // users keep posting and reading; the breaker opens, tries again and opens again, 3 times
      await("the database breaker opened 3 times while the database stayed down")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                concurrently(token, 6);
                return openings() >= 3;
              });
      await("the background check finds the database's address closed")
          .atMost(Duration.ofSeconds(10))
          .until(() -> indicators().contains("NETWORK_UNREACHABLE"));
      await("queued writes fill the outbox (40) past half")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                concurrently(token, 6);
                return indicators().contains("OUTBOX_FILLING");
              });
    }
    assertThat(seen)
        .as("indicators seen during a plain outage")
        .contains(
            "CRITICAL_BREAKER_OPEN",
            "NETWORK_UNREACHABLE",
            "CONNECTIONS_REFUSED",
            "LOW_SUCCESS_RATE",
            "OUTBOX_FILLING")
        .doesNotContain("BREAKER_FLAPPING", "POOL_SATURATED");
  }

  @Test
  void aSlowDatabaseUnderConcurrentUsersSaturatesThePoolAndIsNotCalledUnreachable(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    stack = SampleStack.start(postgres.endpoint(), redis, SETTINGS);
    String token = stack.token("alice");
    // each query takes longer than a request's deadline: the 4 connections stay busy
    try (ActiveFault slow = postgres.inject(Fault.latency(Duration.ofSeconds(1)))) {
      await("every connection in use shows as a saturated pool")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                List<Future<?>> reads = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                  reads.add(
                      users.submit(() -> stack.api(token).get("/api/rooms/" + room + "/messages")));
                }
                boolean saturated = indicators().contains("POOL_SATURATED");
                for (Future<?> read : reads) {
                  read.get(30, TimeUnit.SECONDS);
                }
                return saturated;
              });
    }
    assertThat(seen).contains("POOL_SATURATED").doesNotContain("NETWORK_UNREACHABLE");
  }

  @Test
  void theTimeToOpenAConnectionIsMeasuredAndShown(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis) {
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    // a slow link from the start: every new connection pays the latency on its login round trips
    try (ActiveFault slow = postgres.inject(Fault.latency(Duration.ofMillis(100)))) {
      stack = SampleStack.start(postgres.endpoint(), redis, settings);
      JsonPath connections =
          stack.api().get("/health/infrastructure").jsonPath().setRootPath("database.connections");
      assertThat(connections.getLong("opened")).isPositive();
      // a connection's login is several round trips, each delayed by 100 ms one way
      assertThat(connections.getLong("lastOpenMillis")).isGreaterThanOrEqualTo(100);
      assertThat(connections.getLong("maxOpenMillis"))
          .isGreaterThanOrEqualTo(connections.getLong("lastOpenMillis"));
    }
  }

  @Test
  void aDatabaseThatComesAndGoesFlapsTheBreakerAndThePoolIsNotBlamed(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
    // 2 s in OPEN: three closings and openings fit in the 20 s that flapping is judged over
    settings.put("BREAKER_WAIT_IN_OPEN", "100s");
    stack = SampleStack.start(postgres.endpoint(), redis, settings);
    String token = stack.token("alice");
    for (int bout = 0; bout < 3; bout++) {
      try (ActiveFault down = postgres.outage()) {
        await("the breaker opens in bout " + bout)
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> {
                  concurrently(token, 6);
                  return state().equals("OPEN");
                });
      }
      await("the breaker closes after bout " + bout)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                concurrently(token, 2);
                return state().equals("CLOSED");
              });
    }
    assertThat(indicators()).contains("BREAKER_FLAPPING");
    assertThat(seen).doesNotContain("POOL_SATURATED");
  }

  private String state() {
    return stack.api().get("/health/circuit-breakers").jsonPath().getString("database.state");
  }

  /** Posts and reads as {@code n} users at once, recording the indicators meanwhile. */
  private void concurrently(String token, int n) throws Exception {
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String text = "outage-" + i;
      calls.add(
          users.submit(
              () ->
                  stack
                      .api(token)
                      .contentType(ContentType.JSON)
                      .body(Map.of("text", text))
                      .post("/api/rooms/" + room + "/messages")));
    }
    indicators();
    for (Future<?> call : calls) {
      call.get(30, TimeUnit.SECONDS);
    }
    indicators();
  }

  private List<String> indicators() {
    List<String> now =
        stack.api().get("/health/infrastructure").jsonPath().getList("pressure.indicator");
    seen.addAll(now);
    return now;
  }

  private long openings() {
    JsonPath breakers = stack.api().get("/health/circuit-breakers").jsonPath();
    return breakers.getList("database.transitions.to", String.class).stream()
        .filter("OPEN"::equals)
        .count();
  }
}
