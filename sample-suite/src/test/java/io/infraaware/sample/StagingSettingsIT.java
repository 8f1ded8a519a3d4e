package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backend with staging's own settings: the promises those settings make hold on a running
 * backend, not only in {@link SampleConfig}.
 */
@RequiresService({"postgres", "redis"})
class StagingSettingsIT {

  /** Scaled like the end-to-end scenarios: a 25 s deadline becomes 0.5 s. */
  private static final Map<String, String> STAGING =
      Map.of(
          "ENVIRONMENT", "staging",
          "TIME_SCALE", "0.02",
          "REQUEST_DEADLINE", "25s",
          "REDIS_TIMEOUT", "10s");

  private SampleStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anIdleStagingBackendReportsNoPressureFromItsOwnWarmUp(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    // a window long enough to still hold the warm-up's calls when health is read
    Map<String, String> settings = new java.util.HashMap<>(STAGING);
    settings.put("STATS_WINDOW", "1000s");
    stack = SampleStack.start(postgres, redis, settings);
    JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
    assertThat(infrastructure.getString("environment")).isEqualTo("staging");
    assertThat(infrastructure.getList("pressure.indicator", String.class))
        .as("an idle backend that has served no user: %s", infrastructure.prettify())
        .isEmpty();
    for (String dependency : SampleConfig.DEPENDENCIES) {
      assertThat(infrastructure.getLong(dependency + ".calls.timeoutViolations"))
          .as("timeout violations of %s", dependency)
          .isZero();
    }
    // the reports' 600 s is what staging connects with (scaled), not 600 s times 1.5
    assertThat(infrastructure.getLong("database.connectTimeout.effectiveMillis"))
        .isEqualTo(Duration.ofSeconds(600).multipliedBy(2).dividedBy(100).toMillis());
    assertThat(infrastructure.getInt("retry.attempts")).isEqualTo(7);
  }

  @Test
  void stagingsSevenAttemptsAreAllMadeWithinTheDeadlineAndTheirExhaustionShows(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceProxy redis) {
    stack = SampleStack.start(postgres, redis.endpoint(), STAGING);
    String token = stack.token("alice");
    String presence = "/api/rooms/staging-" + UUID.randomUUID().toString().substring(0, 8);
    try (ActiveFault outage = redis.outage()) {
      // presence lives in Redis only; a refused connection fails fast and is retried. A call counts
      // as exhausted only when its last attempt failed before the request's deadline cut it off:
      // so all 7 attempts, and their waits, fitted in one deadline
      await("all 7 attempts were made within a request's deadline")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                stack.api(token).get(presence + "/presence");
                JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
                assertThat(infrastructure.getLong("redis.calls.retriesExhausted")).isPositive();
                assertThat(
                        infrastructure.getList(
                            "pressure.findAll { it.indicator == 'RETRY_EXHAUSTION' }.detail",
                            String.class))
                    .anySatisfy(detail -> assertThat(detail).contains("all 7 attempts"));
              });
    }
  }
}
