package io.infraaware.sample;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.ProxyFaults;
import io.infraaware.junit.RequiresService;
import io.infraaware.proxy.Fault;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sample system end to end over HTTP: its database, Redis and auth service behind proxies on
 * the run's Toxiproxy, everything time-scaled ({@code infra.time-scale}, 0.02 in this suite). Every
 * request is recorded in the chaos report and held to the user-facing deadline.
 */
// snippet:start e2e-class
@RequiresService({"postgres", "redis"})
@ExtendWith(E2eStack.Resolver.class)
class ChatResilienceScenarioIT {

  // snippet:skip e2e-class
  /** The concurrent readers of the slow-database scenario. */
  @AutoClose("shutdownNow")
  private final ExecutorService users = Executors.newFixedThreadPool(16);

  // snippet:resume e2e-class

  @Test
  void databaseOutage(E2eStack system) {
    List<String> queued = new ArrayList<>();
    system.run(
        system
            .scenario("e2e: database outage")
            .steadyState("messages are stored and read back", system.messagesRoundTrip("steady"))
            .inject(system.postgres, Fault.outage())
            .hold(
                "the database breaker opens within its threshold; writes are queued and reads"
                    + " degraded, all within the deadline",
                ctx -> {
                  // snippet:skip e2e-class
                  ctx.assertThatBreaker(system.breaker(Breakers.DATABASE))
                      .opensWithinCalls(
                          system.minimumCalls(),
                          () -> {
                            String text = "during-" + queued.size();
                            Response response = system.post(ctx, text);
                            assertThat(response.statusCode()).isEqualTo(202);
                            assertThat(response.jsonPath().getBoolean("degraded")).isTrue();
                            queued.add(text);
                          });
                  ctx.assertThatBreaker(system.breaker(Breakers.DATABASE))
                      .rejectsCallsWhileOpen(
                          system.deadline().dividedBy(2),
                          () -> {
                            Response response = system.post(ctx, "while-open");
                            assertThat(response.statusCode()).isEqualTo(202);
                            queued.add("while-open");
                          });
                  Response read = system.read(ctx);
                  assertThat(read.statusCode()).isEqualTo(200);
                  assertThat(read.jsonPath().getBoolean("degraded")).isTrue();
                  assertThat(read.jsonPath().getList("messages.text", String.class))
                      .as("served from the cache")
                      .contains("steady-0");
                  assertThat(system.health()).as("the cache still serves").isEqualTo("DEGRADED");
                  assertThat(system.outboxSize()).isEqualTo(queued.size());
                  // snippet:resume e2e-class
                })
            .recover(
                "the breaker goes HALF_OPEN then CLOSED and every queued message is stored once",
                ctx -> {
                  // snippet:skip e2e-class
                  // HALF_OPEN closes on the outcome of its trial calls: users keep reading
                  ctx.assertThatBreaker(system.breaker(Breakers.DATABASE))
                      .whileCalling(system::readsOnce)
                      .reaches(CLOSED, system.recovery())
                      .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED);
                  assertThat(system.outboxSize()).as("outbox drained").isZero();
                  List<String> stored = system.storedTexts();
                  for (String text : queued) {
                    assertThat(stored).as("stored once: %s", text).containsOnlyOnce(text);
                  }
                  // snippet:resume e2e-class
                }));
  }

  // snippet:skip e2e-class
  // snippet:end e2e-class

  @Test
  void redisOutage(E2eStack system) {
    List<String> written = List.of("r1", "r2", "r3");
    system.run(
        system
            .scenario("e2e: redis outage")
            .steadyState(
                "the room's messages are read, and cached",
                ctx -> {
                  for (String text : written) {
                    if (!system.storedTexts().contains(text)) {
                      assertThat(system.post(ctx, text).statusCode()).isEqualTo(201);
                    }
                  }
                  assertThat(system.read(ctx).jsonPath().getList("messages.text", String.class))
                      .containsAll(written);
                  await("the cache holds the room")
                      .atMost(system.recovery())
                      .until(() -> cached(system) >= written.size());
                })
            .inject(system.redis, Fault.outage())
            .hold(
                "reads come from the database without errors or degradation; health DEGRADED",
                ctx -> {
                  for (int i = 0; i < 6; i++) {
                    Response read = system.read(ctx);
                    assertThat(read.statusCode()).isEqualTo(200);
                    assertThat(read.jsonPath().getBoolean("degraded")).isFalse();
                    assertThat(read.jsonPath().getList("messages.text", String.class))
                        .as("from the database")
                        .containsAll(written);
                  }
                  assertThat(system.post(ctx, "during").statusCode()).isEqualTo(201);
                  ctx.assertThatBreaker(system.breaker(Breakers.REDIS))
                      .reaches(OPEN, system.recovery());
                  assertThat(system.health()).isEqualTo("DEGRADED");
                })
            .recover(
                "the cache refills from reads, with what was written meanwhile, and health returns"
                    + " to UP",
                ctx -> {
                  system.read(ctx);
                  assertThat(cached(system)).isGreaterThanOrEqualTo(written.size() + 1);
                  assertThat(system.health()).isEqualTo("UP");
                }));
  }

  @Test
  void redisBehindASaturatedVpcConnector(E2eStack system) {
    AtomicInteger n = new AtomicInteger();
    system.run(
        system
            .scenario("e2e: Redis behind a saturated VPC connector")
            .steadyState("messages are stored and read back", system.messagesRoundTrip("steady"))
            .inject(ProxyFaults.saturatedLink(system.redis))
            .hold(
                "users are answered within the deadline, from the database, never with an error,"
                    + " however slow the cache",
                ctx -> {
                  for (int i = 0; i < 8; i++) {
                    String text = "vpc-" + n.getAndIncrement();
                    assertThat(system.post(ctx, text).statusCode()).isEqualTo(201);
                    Response read = system.read(ctx);
                    assertThat(read.statusCode()).isEqualTo(200);
                    assertThat(read.jsonPath().getBoolean("degraded"))
                        .as("the database answers: nothing to degrade")
                        .isFalse();
                    assertThat(read.jsonPath().getList("messages.text", String.class))
                        .contains(text);
                  }
                })
            .hold(
                "the backend measured the slow cache",
                ctx ->
                    await("a Redis call of 120 ms or more in /health/infrastructure")
                        .atMost(system.recovery())
                        .untilAsserted(
                            () -> {
                              system.read(ctx);
                              assertThat(
                                      system
                                          .stack
                                          .api()
                                          .get("/health/infrastructure")
                                          .jsonPath()
                                          .getLong("redis.lastLatencyMillis"))
                                  .isGreaterThanOrEqualTo(120);
                            }))
            .recover("health returns to UP", ctx -> assertThat(system.health()).isEqualTo("UP")));
  }

  /** How many messages of the stack's room the sample holds in Redis, read from Redis directly. */
  private static long cached(E2eStack system) {
    RedisClient client = RedisClient.create(system.redis.upstream().url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().zcard("infraaware-sample:room:" + system.room + ":recent-by-id");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  @Test
  void authOutage(E2eStack system) {
    String stranger = system.stack.token("bob");
    String neverValidated = "GET messages (a token never validated)";
    system.run(
        system
            .scenario("e2e: auth outage")
            .steadyState(
                "a validated token reads messages",
                ctx -> assertThat(system.read(ctx).statusCode()).isEqualTo(200))
            .inject(system.auth, Fault.outage())
            .hold(
                "recently validated tokens are accepted (degraded); unknown ones get 503, not 401",
                ctx -> {
                  Response known = system.read(ctx);
                  assertThat(known.statusCode()).isEqualTo(200);
                  assertThat(known.jsonPath().getBoolean("degraded")).isTrue();
                  assertThat(system.readAs(ctx, stranger, neverValidated).statusCode())
                      .isEqualTo(503);
                  assertThat(system.rememberedTokens()).isPositive();
                })
            .recover(
                "tokens are validated again: the unknown one is accepted, a forged one refused",
                ctx -> {
                  assertThat(system.readAs(ctx, stranger, neverValidated).statusCode())
                      .isEqualTo(200);
                  assertThat(system.readAs(ctx, "forged", "GET messages (forged)").statusCode())
                      .isEqualTo(401);
                }));
  }

  @Test
  void slowDatabase(E2eStack system) {
    Duration latency = system.deadline().multipliedBy(3);
    system.run(
        system
            .scenario("e2e: slow database")
            .steadyState("messages are stored and read back", system.messagesRoundTrip("steady"))
            .inject(system.postgres, Fault.latency(latency).upstream())
            .hold(
                "pool pressure shows in /health/infrastructure; every read is answered within"
                    + " its deadline, from the cache",
                ctx -> {
                  List<Future<Response>> answers = new ArrayList<>();
                  for (int i = 0; i < 16; i++) {
                    answers.add(users.submit(() -> system.read(ctx)));
                  }
                  await("pool pressure visible")
                      .atMost(latency.multipliedBy(2).plusSeconds(5))
                      .until(
                          () -> {
                            E2eStack.Pool pool = system.pool();
                            ctx.timeline().note("pool", pool.toString());
                            return pool.underPressure();
                          });
                  for (Future<Response> answer : answers) {
                    // each read checks its own deadline in E2eStack.timed; this only must
                    // not wait forever
                    Response response =
                        answer.get(system.recovery().toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.jsonPath().getBoolean("degraded"))
                        .as("answered from the cache in time")
                        .isTrue();
                  }
                }));
  }

  @Test
  void flappingDatabase(E2eStack system) {
    Duration waitInOpen = system.waitInOpen().effective();
    // A failing call costs a user its deadline (the pool waits for a connection until then), and
    // the breaker counts from its minimum calls (5 in development, 8 in staging): a bout of that
    // many deadlines and 3 more gives it room to open.
    Duration bout = system.deadline().multipliedBy(system.minimumCalls() + 3L);
    int bouts = 2;
    AtomicInteger posts = new AtomicInteger();
    system.run(
        system
            .scenario("e2e: flapping database network")
            .steadyState("messages are stored and read back", system.messagesRoundTrip("steady"))
            .inject(ProxyFaults.flapping(system.postgres, Fault.outage(), bout, bout, bouts))
            .hold(
                "users are answered throughout; the breaker notices the bouts but re-opens no"
                    + " faster than its wait in OPEN allows",
                ctx -> {
                  // a user posting every 50 ms for as long as the schedule plays
                  long until = System.nanoTime() + bout.multipliedBy(2L * bouts).toNanos();
                  await("the flapping plays out")
                      .atMost(bout.multipliedBy(2L * bouts).plus(system.recovery()))
                      .pollInterval(Duration.ofMillis(50))
                      .until(
                          () -> {
                            assertThat(
                                    system
                                        .post(ctx, "flap-" + posts.getAndIncrement())
                                        .statusCode())
                                .isIn(201, 202);
                            return System.nanoTime() >= until;
                          });
                  // Each bout can open the breaker once, once more for every full wait in OPEN
                  // that it outlasts (a failed trial call re-opens it), and once for a trial that
                  // straddles the bout's end (on a busy machine the pool's reconnect can miss a
                  // deadline just after the heal); more is thrashing.
                  int opensPerBout = 2 + (int) (bout.toMillis() / waitInOpen.toMillis());
                  ctx.assertThatBreaker(system.breaker(Breakers.DATABASE))
                      .openedAtLeast(bouts)
                      .openedAtMost(bouts * opensPerBout);
                })
            .recover(
                "the system ends healthy with nothing left in the outbox",
                ctx -> {
                  assertThat(system.outboxSize()).isZero();
                  assertThat(system.health()).isEqualTo("UP");
                }),
        system.recovery().multipliedBy(4).plus(bout.multipliedBy(2L * bouts)));
  }

  @Test
  void resetStormAndMidStreamCut(E2eStack system) {
    List<String> accepted = new ArrayList<>();
    system.run(
        system
            .scenario("e2e: reset storm and mid-stream cut on the database")
            .steadyState("messages are stored and read back", system.messagesRoundTrip("steady"))
            // half the connections are reset as they are used; the others are cut after 4 KiB
            // of answers, in the middle of a result once the connection has been in use a while
            .inject(system.postgres, Fault.reset(Duration.ZERO).toxicity(0.5))
            .inject(system.postgres, Fault.cutAfter(4096).named("cut"))
            .hold(
                "every write is answered, stored or queued; the breaker counts the failures",
                ctx -> {
                  for (int n = 0; n < 12; n++) {
                    String text = "storm-" + n + "-" + "x".repeat(40);
                    Response response = system.post(ctx, text);
                    assertThat(response.statusCode()).isIn(201, 202);
                    accepted.add(text);
                    system.read(ctx);
                  }
                  E2eStack.BreakerCounts breaker = system.breakerCounts(Breakers.DATABASE);
                  ctx.timeline().note("database breaker", breaker.toString());
                  assertThat(breaker.state().equals("OPEN") || breaker.failedCalls() > 0)
                      .as("the breaker saw the failures: %s", breaker)
                      .isTrue();
                })
            .recover(
                "every accepted message is stored once and intact, and nothing else",
                ctx -> {
                  assertThat(system.outboxSize()).as("outbox drained").isZero();
                  List<String> stored = system.storedTexts();
                  for (String text : accepted) {
                    assertThat(stored)
                        .as("stored once and intact: %s", text)
                        .containsOnlyOnce(text);
                  }
                  assertThat(stored)
                      .allMatch(text -> text.startsWith("steady-") || accepted.contains(text));
                }));
  }
}
