package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reports' pool of 50 driven past saturation: 300 users in 100 rooms post at once while every
 * database round trip takes 100 ms longer, so 50 connections cannot keep up. What the sample
 * promises: a write waits for a connection within its deadline and is stored, a write that cannot
 * get one in time is queued in the outbox (202, degraded), nobody gets an error, nothing is lost or
 * stored twice, and {@code /health/infrastructure} says the pool is saturated (and not that the
 * database is down). Tagged {@code load}: the full build runs it, the main job does not.
 */
@RequiresService({"postgres", "redis"})
@Tag("load")
class PoolSaturationLoadIT {

  private static final int POOL = 50;
  private static final int USERS = 300;
  private static final int POSTS_PER_USER = 8;

  /** Users spread over rooms as a chat's are: one room's writes take turns by design. */
  private static final int ROOMS = 100;

  private final String room = "load-" + UUID.randomUUID().toString().substring(0, 8);

  @AutoClose("shutdownNow")
  private final ExecutorService users = Executors.newFixedThreadPool(USERS);

  @AutoClose("shutdownNow")
  private final java.util.concurrent.ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor();

  // JDK 17's HttpClient has no close(): its thread ends with the client
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void threeHundredUsersPastAPoolOfFiftyAreQueuedOrDegradedNeverFailedAndNothingIsLost(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    try (SampleStack stack =
        SampleStack.start(
            postgres.endpoint(),
            redis,
            Map.of(
                "DB_POOL_SIZE", Integer.toString(POOL),
                // a fixed pool, as HikariCP advises for spikes: a spike does not wait for
                // connections to be opened one at a time over a slow network
                "DB_POOL_MIN_IDLE", Integer.toString(POOL),
                "REQUEST_DEADLINE", "2s"))) {
      String token = stack.token("load");
      await("the pool opens its 50 connections")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                JsonPath pool = stack.api().get("/health/infrastructure").jsonPath();
                return pool.getInt("database.pool.active") + pool.getInt("database.pool.idle")
                    == POOL;
              });
      Map<Integer, AtomicInteger> answers = new TreeMap<>();
      for (int status : new int[] {201, 202}) {
        answers.put(status, new AtomicInteger());
      }
      Map<Integer, AtomicInteger> others = new ConcurrentHashMap<>();
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      AtomicInteger peakActive = new AtomicInteger();
      AtomicInteger peakWaiting = new AtomicInteger();
      Set<String> indicators = ConcurrentHashMap.newKeySet();
      try (ActiveFault slow = postgres.inject(Fault.latency(Duration.ofMillis(100)))) {
        List<Future<?>> posting = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
          int id = user;
          URI messages =
              stack.backendUri().resolve("/api/rooms/" + room + "-" + id % ROOMS + "/messages");
          posting.add(
              users.submit(
                  () -> {
                    for (int i = 0; i < POSTS_PER_USER; i++) {
                      String text = "u" + id + "-" + i;
                      HttpResponse<String> response =
                          http.send(
                              HttpRequest.newBuilder(messages)
                                  .timeout(Duration.ofSeconds(120))
                                  .header("Authorization", "Bearer " + token)
                                  .header("Content-Type", "application/json")
                                  .POST(
                                      HttpRequest.BodyPublishers.ofString(
                                          "{\"text\":\"" + text + "\"}"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      AtomicInteger counted = answers.get(response.statusCode());
                      if (counted != null) {
                        counted.incrementAndGet();
                        accepted.add(text);
                      } else {
                        others
                            .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        // what health says while the users wait, read every 100 ms (each read queues with them)
        java.util.concurrent.ScheduledFuture<?> watching =
            watcher.scheduleWithFixedDelay(
                () -> {
                  JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
                  peakActive.accumulateAndGet(
                      infrastructure.getInt("database.pool.active"), Math::max);
                  peakWaiting.accumulateAndGet(
                      infrastructure.getInt("database.pool.waiting"), Math::max);
                  indicators.addAll(infrastructure.getList("pressure.indicator", String.class));
                },
                0,
                100,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
          for (Future<?> user : posting) {
            user.get();
          }
        } finally {
          watching.cancel(false);
        }
        assertThat(slow.manifested()).isTrue();
      }
      Map<String, Object> calls =
          stack.api().get("/health/infrastructure").jsonPath().getMap("database.calls");
      int stored = answers.get(201).get();
      int queued = answers.get(202).get();
      System.out.printf(
          "[load] %d users x %d posts, pool %d, +100 ms per round trip: %d stored at once, %d"
              + " queued (degraded), other answers %s; pool peak %d active, %d waiting;"
              + " indicators %s; database calls in the stats window %s%n",
          USERS,
          POSTS_PER_USER,
          POOL,
          stored,
          queued,
          others,
          peakActive.get(),
          peakWaiting.get(),
          new java.util.TreeSet<>(indicators),
          calls);

      assertThat(others).as("no user got anything but 201 or 202").isEmpty();
      assertThat(stored + queued).isEqualTo(USERS * POSTS_PER_USER);
      assertThat(stored).as("writes that got a connection within the deadline").isPositive();
      // calls waited for a saturated pool: what health remembers for its stats window (the
      // sampled peaks above are printed only: a sample may fall between two waits)
      assertThat(indicators).contains("POOL_SATURATED");
      assertThat(indicators)
          .as("load is not an outage")
          .doesNotContain("CRITICAL_BREAKER_OPEN", "BREAKER_FLAPPING", "NETWORK_UNREACHABLE");
      assertThat(
              stack
                  .api()
                  .get("/health/circuit-breakers")
                  .jsonPath()
                  .getList("database.transitions", Object.class))
          .as("the database breaker never left CLOSED")
          .isEmpty();

      // nothing lost, nothing twice: every accepted message is stored once the outbox drains
      await("the outbox drains")
          .atMost(Duration.ofMinutes(2))
          .until(() -> stack.api().get("/health").jsonPath().getInt("outboxSize") == 0);
      Map<String, Integer> counts = new java.util.HashMap<>();
      for (int r = 0; r < ROOMS; r++) {
        counts.putAll(SampleStack.storedCounts(postgres.upstream(), room + "-" + r));
      }
      assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(counts.values()).containsOnly(1);
    }
  }
}
