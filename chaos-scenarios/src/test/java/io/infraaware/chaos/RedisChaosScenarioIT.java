package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.time.TimeBudget;
import io.infraaware.time.TimeScale;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos between a client and the machine's real Redis, through the embedded Toxiproxy server: an
 * outage the client survives, and a hang where the client's command timeout must fire at its
 * budget. Writes the run's chaos report.
 */
@RequiresService("redis")
class RedisChaosScenarioIT {

  private static final Duration CONFIGURED_COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private final TimeBudget commandTimeout;
  private RedisClient client;

  // snippet:start time-scale
  RedisChaosScenarioIT(TimeScale scale) {
    this.commandTimeout = scale.budget(CONFIGURED_COMMAND_TIMEOUT);
  }

  // snippet:end time-scale

  @AfterEach
  void shutdown() {
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private StatefulRedisConnection<String, String> connect(ServiceProxy redis) {
    RedisURI uri = RedisURI.create(redis.endpoint().url());
    uri.setTimeout(commandTimeout.effective());
    client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(500)).build())
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout.effective()))
            .build());
    return client.connect();
  }

  private static String ping(
      ScenarioContext context, StatefulRedisConnection<String, String> connection) {
    long start = System.nanoTime();
    try {
      String answer = connection.sync().ping();
      context
          .timeline()
          .request("PING", Outcome.OK, Duration.ofNanos(System.nanoTime() - start), answer);
      return answer;
    } catch (RuntimeException e) {
      context
          .timeline()
          .request(
              "PING",
              Outcome.ERROR,
              Duration.ofNanos(System.nanoTime() - start),
              e.getClass().getSimpleName());
      throw e;
    }
  }

  @Test
  void theClientSurvivesARedisOutage(@Service("redis") ServiceProxy redis) {
    StatefulRedisConnection<String, String> connection = connect(redis);
    // snippet:start scenario
    Scenario.named("redis outage")
        .steadyState(
            "PING answers PONG", ctx -> assertThat(ping(ctx, connection)).isEqualTo("PONG"))
        .inject(redis, Fault.outage())
        .hold(
            "commands fail within the command timeout instead of hanging",
            ctx ->
                assertThatThrownBy(() -> ping(ctx, connection))
                    .isInstanceOf(RuntimeException.class))
        .recover(
            "the client reconnects and PING answers again",
            ctx ->
                await("PONG after the outage")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> "PONG".equals(ping(ctx, connection))))
        .run();
    // snippet:end scenario
  }

  @Test
  @org.junit.jupiter.api.Tag("full-scale")
  void aHungRedisMakesTheCommandTimeOutAtItsBudget(@Service("redis") ServiceProxy redis) {
    java.util.concurrent.atomic.AtomicReference<StatefulRedisConnection<String, String>> current =
        new java.util.concurrent.atomic.AtomicReference<>(connect(redis));
    StatefulRedisConnection<String, String> connection = current.get();
    Scenario.named("redis hang: command timeout " + commandTimeout)
        .steadyState(
            "PING answers PONG", ctx -> assertThat(ping(ctx, current.get())).isEqualTo("PONG"))
        .inject(redis, Fault.hang())
        .hold(
            "PING fails at the command timeout, not earlier and not never",
            ctx -> {
              long start = System.nanoTime();
              assertThatThrownBy(() -> ping(ctx, connection)).hasMessageContaining("timed out");
              Duration observed = Duration.ofNanos(System.nanoTime() - start);
              ctx.timeline()
                  .note(
                      "timeout",
                      "fired after "
                          + observed.toMillis()
                          + " ms for a budget of "
                          + commandTimeout);
              ctx.assertFiredAtBudget("PING", commandTimeout, observed);
            })
        // A hang swallows the reply on a live connection; Lettuce then pairs the next reply with
        // the timed-out command and stays one reply behind. The cure is a fresh connection, which
        // the steady state then uses too (the client's shutdown closes it).
        .recover(
            "a fresh connection answers PONG once the hang is lifted",
            ctx -> {
              connection.close();
              current.set(client.connect());
              assertThat(ping(ctx, current.get())).isEqualTo("PONG");
            })
        .run();
  }
}
