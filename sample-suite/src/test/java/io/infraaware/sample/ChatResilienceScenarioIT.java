package io.infraaware.sample;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.ProxyFaults;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.ScenarioContext;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.time.TimeScale;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sample system end to end, over HTTP, with its database and Redis behind proxies on the
 * embedded Toxiproxy server and everything time-scaled ({@code infra.time-scale}).
 */
@InfrastructureAware
@RequiresService({"postgres", "redis"})
class ChatResilienceScenarioIT {

  private final TimeScale scale;
  private final String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
  private SampleStack stack;
  private String token;

  ChatResilienceScenarioIT(TimeScale scale) {
    this.scale = scale;
  }

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private void start(ServiceProxy postgres, ServiceProxy redis) {
    stack =
        SampleStack.start(
            postgres.endpoint(),
            redis.endpoint(),
            Map.of(
                "DB_POOL_SIZE", "8",
                "TIME_SCALE", Double.toString(scale.factor()),
                // the user-facing deadline stays usable on a loaded machine at small scales
                "REQUEST_DEADLINE", "10s"));
    token = stack.token("alice");
  }

  private Duration deadline() {
    return scale.scale(Duration.ofSeconds(10));
  }

  private CircuitBreakerView breaker(String name) {
    return CircuitBreakerView.http(
        name,
        URI.create(stack.backendUri() + "/health/circuit-breakers"),
        "/" + name + "/state",
        "/" + name + "/transitions",
        "to");
  }

  private Response post(ScenarioContext ctx, String text) {
    long start = System.nanoTime();
    Response response =
        stack
            .api(token)
            .contentType(ContentType.JSON)
            .body(Map.of("text", text))
            .post("/api/rooms/" + room + "/messages");
    record(ctx, "POST message", response, start);
    return response;
  }

  private Response read(ScenarioContext ctx) {
    long start = System.nanoTime();
    Response response = stack.api(token).get("/api/rooms/" + room + "/messages");
    record(ctx, "GET messages", response, start);
    return response;
  }

  private void record(ScenarioContext ctx, String name, Response response, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    boolean degraded = Boolean.TRUE.equals(response.jsonPath().get("degraded"));
    String outcome = response.statusCode() >= 500 ? "error" : degraded ? "degraded" : "ok";
    ctx.timeline().request(name, outcome, took, Integer.toString(response.statusCode()));
    String health = stack.api().get("/health").jsonPath().getString("status");
    ctx.timeline().health(health);
    for (String name2 : List.of("database", "redis")) {
      ctx.timeline().breaker(name2, breaker(name2).read().state().name());
    }
    assertThat(took)
        .as("%s answered within the deadline", name)
        .isLessThan(deadline().plusSeconds(1));
  }

  @Test
  void databaseOutage(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    start(postgres, redis);
    List<String> queued = new ArrayList<>();
    Scenario.named("e2e: database outage")
        .steadyState(
            "messages are stored and read back",
            ctx -> {
              assertThat(post(ctx, "before").statusCode()).isEqualTo(201);
              assertThat(read(ctx).jsonPath().getBoolean("degraded")).isFalse();
              assertThatBreaker(breaker("database")).isIn(CLOSED);
            })
        .inject(ProxyFaults.on(postgres, Fault.outage()))
        .hold(
            "writes are queued and reads degraded within the deadline; the breaker opens",
            ctx -> {
              for (int i = 0; i < 6; i++) {
                Response response = post(ctx, "during-" + i);
                assertThat(response.statusCode()).isEqualTo(202);
                queued.add("during-" + i);
              }
              Response read = read(ctx);
              assertThat(read.statusCode()).isEqualTo(200);
              assertThat(read.jsonPath().getBoolean("degraded")).isTrue();
              assertThatBreaker(breaker("database")).reaches(OPEN, deadline());
              // while OPEN, calls are rejected without waiting for the database
              post(ctx, "while-open");
              queued.add("while-open");
              assertThat(
                      stack
                          .api()
                          .get("/health/circuit-breakers")
                          .jsonPath()
                          .getLong("database.notPermittedCalls"))
                  .isPositive();
              assertThat(stack.api().get("/health").jsonPath().getString("status"))
                  .isEqualTo("DEGRADED");
            })
        .recover(
            "the breaker goes HALF_OPEN then CLOSED and every queued message is stored once",
            ctx -> {
              Duration recovery =
                  scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10);
              assertThatBreaker(breaker("database"))
                  .reaches(CLOSED, recovery)
                  .transitionedThrough(OPEN, HALF_OPEN, CLOSED);
              await("outbox drained")
                  .atMost(recovery)
                  .until(
                      () ->
                          stack.api().get("/health/resilience").jsonPath().getInt("outboxSize")
                              == 0);
              List<String> stored = read(ctx).jsonPath().getList("messages.text");
              for (String text : queued) {
                assertThat(stored).as("stored once: %s", text).containsOnlyOnce(text);
              }
            })
        .run();
  }

  @Test
  void redisOutage(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    start(postgres, redis);
    Scenario.named("e2e: redis outage")
        .steadyState("reads are served", ctx -> assertThat(read(ctx).statusCode()).isEqualTo(200))
        .inject(ProxyFaults.on(redis, Fault.outage()))
        .hold(
            "reads come from the database without errors; health says DEGRADED",
            ctx -> {
              for (int i = 0; i < 6; i++) {
                Response read = read(ctx);
                assertThat(read.statusCode()).isEqualTo(200);
                assertThat(read.jsonPath().getBoolean("degraded")).isFalse();
              }
              assertThatBreaker(breaker("redis")).reaches(OPEN, deadline());
              assertThat(stack.api().get("/health").jsonPath().getString("status"))
                  .isEqualTo("DEGRADED");
            })
        .recover(
            "the cache is used again and health returns to UP",
            ctx -> {
              await("health UP")
                  .atMost(scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10))
                  .untilAsserted(
                      () -> {
                        read(ctx);
                        assertThat(stack.api().get("/health").jsonPath().getString("status"))
                            .isEqualTo("UP");
                      });
            })
        .run();
  }

  @Test
  void flappingDatabase(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    start(postgres, redis);
    Duration bout = scale.scale(Duration.ofSeconds(40));
    Scenario.named("e2e: flapping database network")
        .steadyState(
            "messages are stored",
            ctx -> assertThat(post(ctx, "steady").statusCode()).isEqualTo(201))
        .inject(ProxyFaults.flapping(postgres, Fault.outage(), bout, bout, 3))
        .hold(
            "users are answered throughout; the breaker re-opens no faster than its wait allows",
            ctx -> {
              long until = System.nanoTime() + bout.multipliedBy(6).toNanos();
              int i = 0;
              while (System.nanoTime() < until) {
                assertThat(post(ctx, "flap-" + i++).statusCode()).isIn(201, 202);
              }
              // Each bout can open the breaker once, and once more per full wait in OPEN that the
              // bout
              // outlasts (a failed trial call re-opens it); more would be thrashing.
              Duration waitInOpen = scale.scale(Duration.ofSeconds(30));
              int opensPerBout = 1 + (int) (bout.toMillis() / waitInOpen.toMillis());
              assertThatBreaker(breaker("database")).openedAtMost(3 * opensPerBout);
            })
        .recover(
            "the system ends healthy with nothing left in the outbox",
            ctx ->
                await("healthy")
                    .atMost(scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10))
                    .untilAsserted(
                        () -> {
                          post(ctx, "after");
                          assertThat(stack.api().get("/health").jsonPath().getString("status"))
                              .isEqualTo("UP");
                        }))
        .run();
  }

  @Test
  void slowDatabase(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis)
      throws Exception {
    start(postgres, redis);
    Duration latency = deadline().multipliedBy(2);
    java.util.concurrent.ExecutorService users =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      Scenario.named("e2e: slow database")
          .steadyState("reads are served", ctx -> assertThat(read(ctx).statusCode()).isEqualTo(200))
          .inject(ProxyFaults.on(postgres, Fault.latency(latency).upstream()))
          .hold(
              "pool pressure shows in /health/infrastructure; no request outlives its deadline",
              ctx -> {
                List<java.util.concurrent.Future<Response>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                  answers.add(users.submit(() -> read(ctx)));
                }
                await("pool pressure visible")
                    .atMost(deadline().plusSeconds(5))
                    .until(
                        () -> {
                          int active =
                              stack
                                  .api()
                                  .get("/health/infrastructure")
                                  .jsonPath()
                                  .getInt("database.pool.active");
                          int waiting =
                              stack
                                  .api()
                                  .get("/health/infrastructure")
                                  .jsonPath()
                                  .getInt("database.pool.waiting");
                          ctx.timeline().note("pool", "active " + active + ", waiting " + waiting);
                          return active + waiting > 0;
                        });
                for (java.util.concurrent.Future<Response> answer : answers) {
                  Response response =
                      answer.get(
                          deadline().plusSeconds(5).toMillis(),
                          java.util.concurrent.TimeUnit.MILLISECONDS);
                  assertThat(response.statusCode()).isEqualTo(200);
                  assertThat(response.jsonPath().getBoolean("degraded"))
                      .as("answered from the cache in time")
                      .isTrue();
                }
              })
          .recover(
              "reads are fresh again",
              ctx ->
                  await("not degraded")
                      .atMost(scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10))
                      .until(() -> !read(ctx).jsonPath().getBoolean("degraded")))
          .run();
    } finally {
      users.shutdownNow();
    }
  }

  @Test
  void resetStormAndMidStreamCut(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    start(postgres, redis);
    List<String> accepted = new ArrayList<>();
    Scenario.named("e2e: reset storm and mid-stream cut on the database")
        .steadyState(
            "messages are stored",
            ctx -> assertThat(post(ctx, "steady").statusCode()).isEqualTo(201))
        .inject(ProxyFaults.on(postgres, Fault.reset(Duration.ZERO).toxicity(0.5)))
        .inject(ProxyFaults.on(postgres, Fault.cutAfter(64).named("cut")))
        .hold(
            "every write is answered, stored or queued; the breaker counts the failures",
            ctx -> {
              for (int i = 0; i < 12; i++) {
                String text = "storm-" + i + "-" + "x".repeat(40);
                Response response = post(ctx, text);
                assertThat(response.statusCode()).isIn(201, 202);
                accepted.add(text);
              }
              float failureRate =
                  stack
                      .api()
                      .get("/health/circuit-breakers")
                      .jsonPath()
                      .getFloat("database.failureRate");
              String state = breaker("database").read().state().name();
              ctx.timeline().note("database breaker", state + ", failure rate " + failureRate);
              assertThat(state.equals("OPEN") || failureRate > 0)
                  .as("the breaker saw the failures")
                  .isTrue();
            })
        .recover(
            "every accepted message is stored once and intact",
            ctx -> {
              await("outbox drained")
                  .atMost(scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10))
                  .until(
                      () ->
                          stack.api().get("/health/resilience").jsonPath().getInt("outboxSize")
                              == 0);
              List<String> stored = read(ctx).jsonPath().getList("messages.text");
              for (String text : accepted) {
                assertThat(stored).as("stored once and intact: %s", text).containsOnlyOnce(text);
              }
              assertThat(stored).allMatch(text -> text.equals("steady") || accepted.contains(text));
            })
        .run();
  }

  @Test
  @org.junit.jupiter.api.Tag("full-scale")
  void theDatabaseTimeoutFiresAtItsBudget(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis)
      throws Exception {
    start(postgres, redis);
    // The sample's 600 s database timeout (DB_CONNECT_TIMEOUT: pool wait, driver connect and socket
    // timeouts), time-scaled; the store below is configured exactly like the backend's.
    io.infraaware.time.TimeBudget budget = scale.budget(Duration.ofSeconds(600));
    SampleConfig config =
        SampleConfig.from(
            Map.of(
                "DATABASE_URL", postgres.endpoint().url(),
                "DATABASE_USER", postgres.endpoint().username().orElse("postgres"),
                "DB_POOL_SIZE", "2",
                "TIME_SCALE", Double.toString(scale.factor())));
    java.util.concurrent.ExecutorService worker =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (MessageStore store = new MessageStore(config)) {
      store.recent(room, 1);
      for (boolean past : new boolean[] {false, true}) {
        Duration stall = past ? budget.stallPast() : budget.stallUnder();
        Scenario.named(
                "e2e: database stall "
                    + (past ? "past" : "under")
                    + " the 600 s timeout, "
                    + budget)
            .inject(ProxyFaults.on(postgres, Fault.latency(stall).upstream()))
            .hold(
                (past ? "the query fails at the timeout" : "the query succeeds")
                    + "; users are answered within the deadline",
                ctx -> {
                  long start = System.nanoTime();
                  java.util.concurrent.Future<List<Message>> query =
                      worker.submit(() -> store.recent(room, 1));
                  Response answer = read(ctx);
                  assertThat(answer.statusCode()).isEqualTo(200);
                  Throwable failure = null;
                  try {
                    query.get(
                        budget.clientTimeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                  } catch (java.util.concurrent.ExecutionException e) {
                    failure = e.getCause();
                  }
                  Duration observed = Duration.ofNanos(System.nanoTime() - start);
                  ctx.timeline()
                      .note(
                          "query",
                          (failure == null ? "succeeded" : "failed: " + failure.getMessage())
                              + " after "
                              + observed.toMillis()
                              + " ms; "
                              + budget);
                  if (past) {
                    assertThat(failure).as("a stall past the timeout fails").isNotNull();
                    assertThat(budget.firedAtBudget(observed))
                        .as("failed after %s ms, %s", observed.toMillis(), budget)
                        .isTrue();
                  } else {
                    assertThat(failure).as("a stall under the timeout succeeds").isNull();
                    assertThat(observed)
                        .isGreaterThanOrEqualTo(stall)
                        .isLessThan(budget.effective());
                  }
                })
            .run();
      }
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void authOutage(
      @Service("postgres") ServiceProxy postgres, @Service("redis") ServiceProxy redis) {
    io.infraaware.proxy.ChaosControl chaos =
        io.infraaware.proxy.ChaosControl.embedded(
            java.util.Optional.empty(), Duration.ofSeconds(5));
    try {
      io.infraaware.proxy.ServiceProxy[] authProxy = new io.infraaware.proxy.ServiceProxy[1];
      stack =
          SampleStack.start(
              postgres.endpoint(),
              redis.endpoint(),
              Map.of("TIME_SCALE", Double.toString(scale.factor()), "REQUEST_DEADLINE", "10s"),
              authUrl -> {
                authProxy[0] =
                    chaos.proxy(
                        io.infraaware.service.ServiceEndpoint.parse(
                            "auth", "AUTH_URL", authUrl, null, null));
                return authProxy[0].endpoint().url();
              });
      token = stack.token("alice");
      String stranger = stack.token("bob");
      Scenario.named("e2e: auth outage")
          .steadyState(
              "a validated token reads messages",
              ctx -> assertThat(read(ctx).statusCode()).isEqualTo(200))
          .inject(ProxyFaults.on(authProxy[0], Fault.outage()))
          .hold(
              "recently validated tokens are accepted (degraded); unknown ones get 503, not 401",
              ctx -> {
                Response known = read(ctx);
                assertThat(known.statusCode()).isEqualTo(200);
                assertThat(known.jsonPath().getBoolean("degraded")).isTrue();
                long start = System.nanoTime();
                int status =
                    stack.api(stranger).get("/api/rooms/" + room + "/messages").statusCode();
                ctx.timeline()
                    .request(
                        "GET messages (unknown token)",
                        status >= 500 ? "error" : "ok",
                        Duration.ofNanos(System.nanoTime() - start),
                        Integer.toString(status));
                assertThat(status).isEqualTo(503);
              })
          .recover(
              "unknown tokens are validated again",
              ctx ->
                  await("auth back")
                      .atMost(scale.scale(Duration.ofSeconds(30)).multipliedBy(4).plusSeconds(10))
                      .untilAsserted(
                          () ->
                              stack
                                  .api(stranger)
                                  .get("/api/rooms/" + room + "/messages")
                                  .then()
                                  .statusCode(200)))
          .run();
    } finally {
      chaos.close();
    }
  }
}
