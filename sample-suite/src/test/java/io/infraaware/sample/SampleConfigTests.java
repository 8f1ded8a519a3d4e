package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleConfigTests {

  @Test
  void defaultsAreTheProductionValues() {
    SampleConfig config = SampleConfig.from(Map.of());
    assertThat(config.port()).as("the reports' backend port").isEqualTo(8000);
    assertThat(SampleConfig.listen(Map.of(), SampleConfig.AUTH_PORT).port()).isEqualTo(8081);
    assertThat(config.poolSize()).isEqualTo(50);
    assertThat(config.dbConnectTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.dbMaxLifetime()).isEqualTo(Duration.ofSeconds(900));
    assertThat(config.retryAttempts()).isEqualTo(3);
    assertThat(config.requestDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.breaker("database"))
        .isEqualTo(new SampleConfig.BreakerSettings(50, 10, 5, Duration.ofSeconds(30), 3));
  }

  @Test
  void stagingStretchesRedissTimeoutButConnectsWithinTheReports600sAndRetriesSevenTimes() {
    SampleConfig config = SampleConfig.from(Map.of("ENVIRONMENT", "staging"));
    assertThat(config.timeout(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.effectiveRedisTimeout()).isEqualTo(Duration.ofSeconds(3));
    // 600 s is already the allowance for slow infrastructure: not stretched to 900 s
    assertThat(config.effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.scaled(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.retryAttempts()).isEqualTo(7);
    assertThat(SampleConfig.from(Map.of("ENVIRONMENT", "Production")).retryAttempts()).isEqualTo(7);
    assertThat(
            SampleConfig.from(Map.of("ENVIRONMENT", "staging", "RETRY_ATTEMPTS", "2"))
                .retryAttempts())
        .isEqualTo(2);
  }

  @Test
  void everyEnvironmentsRetriesFitInHalfItsDeadlineJitterIncluded() {
    for (String environment : new String[] {"development", "staging", "production"}) {
      SampleConfig config = SampleConfig.from(Map.of("ENVIRONMENT", environment));
      assertThat(SampleConfig.worstRetryWaits(config.retryAttempts(), config.retryBackoff()))
          .as(environment)
          .isLessThanOrEqualTo(config.requestDeadline().dividedBy(2));
    }
    // 7 attempts in 2 s: waits of 10, 20, ... 320 ms, 945 ms at the most with jitter
    SampleConfig staging = SampleConfig.from(Map.of("ENVIRONMENT", "staging"));
    assertThat(staging.retryBackoff()).isEqualTo(Duration.ofMillis(10));
    assertThat(SampleConfig.worstRetryWaits(7, staging.retryBackoff()))
        .isEqualTo(Duration.ofMillis(945));
    // a longer deadline leaves room for longer waits, up to 200 ms
    assertThat(
            SampleConfig.from(Map.of("ENVIRONMENT", "staging", "REQUEST_DEADLINE", "25s"))
                .retryBackoff())
        .isEqualTo(Duration.ofMillis(132));
  }

  @Test
  void retriesThatCannotHappenWithinTheDeadlineAreRefusedAtStartNamingTheKeys() {
    assertThatThrownBy(
            () -> SampleConfig.from(Map.of("ENVIRONMENT", "staging", "RETRY_BACKOFF", "200ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid RETRY_BACKOFF=[200ms]: RETRY_ATTEMPTS=7 attempts")
        .hasMessageContaining("up to 18900 ms")
        .hasMessageContaining("REQUEST_DEADLINE=2000ms");
    assertThatThrownBy(
            () -> SampleConfig.from(Map.of("RETRY_ATTEMPTS", "13", "BREAKER_MINIMUM_CALLS", "10")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid RETRY_ATTEMPTS=[13]: with REQUEST_DEADLINE=2000ms");
  }

  @Test
  void retriesThatWouldOpenABreakerByThemselvesAreRefusedNamingTheBreakersKey() {
    assertThatThrownBy(
            () ->
                SampleConfig.from(
                    Map.of("ENVIRONMENT", "staging", "AUTH_BREAKER_MINIMUM_CALLS", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid RETRY_ATTEMPTS=[7]: one request's 7 failing attempts would open the auth"
                + " breaker by themselves (AUTH_BREAKER_MINIMUM_CALLS=5), so its retries could"
                + " never be used up: expected fewer than 5 attempts or a larger"
                + " BREAKER_MINIMUM_CALLS");
    // staging's own breakers count 8 calls of 16 before they judge
    assertThat(SampleConfig.from(Map.of("ENVIRONMENT", "staging")).breaker("database"))
        .isEqualTo(new SampleConfig.BreakerSettings(50, 16, 8, Duration.ofSeconds(30), 3));
  }

  @Test
  void outsideDevelopmentAMissingAuthSecretStopsTheAuthServiceNamingTheNearMisses() {
    String secret = "a-signing-secret-of-at-least-32-bytes!!";
    assertThatThrownBy(
            () ->
                SampleConfig.authSecret(
                    Map.of("ENVIRONMENT", "staging", "JWT_SECRET_KEY", secret, "JWT_SECRET", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Missing AUTH_SECRET (ENVIRONMENT=staging)")
        .hasMessageContaining(
            "JWT_SECRET, JWT_SECRET_KEY are set but not read: did you mean AUTH_SECRET?")
        .hasMessageNotContaining(secret);
    assertThatThrownBy(() -> SampleConfig.authSecret(Map.of("ENVIRONMENT", "production")))
        .hasMessageStartingWith("Missing AUTH_SECRET (ENVIRONMENT=production)")
        .hasMessageNotContaining("did you mean");
    // development keeps its random secret; the near miss is still named for the start line
    assertThat(SampleConfig.authSecret(Map.of("JWT_SECRET_KEY", secret))).isEmpty();
    assertThat(SampleConfig.nearMissSecrets(Map.of("JWT_SECRET_KEY", secret, "PORT", "0")))
        .containsExactly("JWT_SECRET_KEY");
    assertThat(SampleConfig.authSecret(Map.of("ENVIRONMENT", "staging", "AUTH_SECRET", secret)))
        .contains(secret);
  }

  @Test
  void theTimeScaleShrinksEveryTiming() {
    SampleConfig config = SampleConfig.from(Map.of("TIME_SCALE", "0.01", "ENVIRONMENT", "staging"));
    assertThat(config.effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(config.timeout(config.redisTimeout())).isEqualTo(Duration.ofMillis(30));
    assertThat(config.scaled(config.breaker("redis").waitInOpen()))
        .isEqualTo(Duration.ofMillis(300));
    assertThat(config.scaled(Duration.ofNanos(10))).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void stagingGivesBreakersALongerGraceInOpenUnlessConfiguredOtherwise() {
    SampleConfig development = SampleConfig.from(Map.of("TIME_SCALE", "0.1"));
    SampleConfig staging = SampleConfig.from(Map.of("TIME_SCALE", "0.1", "ENVIRONMENT", "staging"));
    assertThat(development.breakerWait("database")).isEqualTo(Duration.ofSeconds(3));
    assertThat(staging.breakerWait("database")).isEqualTo(Duration.ofSeconds(6));
    assertThat(
            SampleConfig.from(Map.of("ENVIRONMENT", "staging", "BREAKER_WAIT_FACTOR", "3"))
                .breakerWait("auth"))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void theTimeScaleStopsAtFloorsARealMachineNeeds() {
    SampleConfig tiny = SampleConfig.from(Map.of("TIME_SCALE", "0.02"));
    assertThat(tiny.effectiveDeadline()).isEqualTo(Duration.ofMillis(200));
    assertThat(tiny.effectiveRedisTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(tiny.effectiveHealthCheckInterval()).isEqualTo(Duration.ofMillis(250));
    SampleConfig scaled = SampleConfig.from(Map.of("TIME_SCALE", "0.5"));
    assertThat(scaled.effectiveDeadline()).isEqualTo(Duration.ofSeconds(1));
    // a value configured below its floor is kept as configured
    assertThat(
            SampleConfig.from(Map.of("TIME_SCALE", "0.02", "REQUEST_DEADLINE", "150ms"))
                .effectiveDeadline())
        .isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void thePoolKeepsTwoConnectionsWhenIdleUnlessToldAndNeverMoreThanItsSize() {
    assertThat(SampleConfig.from(Map.of()).poolMinIdle()).isEqualTo(2);
    assertThat(SampleConfig.from(Map.of("DB_POOL_SIZE", "1")).poolMinIdle()).isEqualTo(1);
    assertThat(
            SampleConfig.from(Map.of("DB_POOL_SIZE", "50", "DB_POOL_MIN_IDLE", "50")).poolMinIdle())
        .isEqualTo(50);
    assertThatThrownBy(
            () -> SampleConfig.from(Map.of("DB_POOL_SIZE", "10", "DB_POOL_MIN_IDLE", "11")))
        .hasMessage(
            "Invalid DB_POOL_MIN_IDLE=[11]: more than DB_POOL_SIZE=[10]; at most the pool size"
                + " (equal for a fixed pool)");
  }

  @Test
  void criticalDependenciesAndTheAlertWebhookAreRead() {
    SampleConfig defaults = SampleConfig.from(Map.of());
    assertThat(defaults.criticalDependencies()).containsExactly("database", "auth", "websocket");
    assertThat(defaults.alertWebhook()).isEmpty();
    SampleConfig set =
        SampleConfig.from(
            Map.of(
                "CRITICAL_DEPENDENCIES", "Redis, database",
                "ALERT_WEBHOOK_URL", "https://hooks:s3cret@127.0.0.1:9/alert"));
    assertThat(set.criticalDependencies()).containsExactly("redis", "database");
    assertThat(set.toString())
        .contains("alerts=https://****@127.0.0.1:9/****")
        .doesNotContain("s3cret");
    assertThat(SampleConfig.from(Map.of("CRITICAL_DEPENDENCIES", "none")).criticalDependencies())
        .isEmpty();
  }

  @Test
  void durationsComeInMillisecondsSecondsOrMinutes() {
    SampleConfig config =
        SampleConfig.from(
            Map.of(
                "REQUEST_DEADLINE", "750ms", "DB_CONNECT_TIMEOUT", "1.5m", "REDIS_TIMEOUT", "3s"));
    assertThat(config.requestDeadline()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.dbConnectTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.redisTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void eachDependencyMayOverrideTheSharedBreakerSettings() {
    SampleConfig config =
        SampleConfig.from(
            Map.of(
                "BREAKER_FAILURE_RATE", "60",
                "BREAKER_WAIT_IN_OPEN", "10s",
                "AUTH_BREAKER_WAIT_IN_OPEN", "5s",
                "DATABASE_BREAKER_HALF_OPEN_CALLS", "5"));
    assertThat(config.breaker("database").halfOpenCalls()).isEqualTo(5);
    assertThat(config.breaker("redis").halfOpenCalls()).isEqualTo(3);
    assertThat(config.breaker("auth").waitInOpen()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.breaker("redis").waitInOpen()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.breaker("auth").failureRate()).isEqualTo(60);
  }

  @ParameterizedTest
  @CsvSource({"50, 3, 2", "100, 3, 1", "1, 3, 3", "50, 4, 3"})
  void theSuccessThresholdFollowsFromTheFailureRateOfTheTrialCalls(
      int failureRate, int halfOpenCalls, int successes) {
    SampleConfig.BreakerSettings settings =
        new SampleConfig.BreakerSettings(failureRate, 10, 5, Duration.ofSeconds(1), halfOpenCalls);
    assertThat(settings.successesToClose()).isEqualTo(successes);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "TIME_SCALE | 0 | Invalid TIME_SCALE=[0]: expected a number greater than 0, e.g. 0.01",
        "TIME_SCALE | fast | Invalid TIME_SCALE=[fast]: expected a number greater than 0, e.g. 0.01",
        "ENVIRONMENT | moon | Invalid ENVIRONMENT=[moon]: expected development, staging or production",
        "PORT | 99999 | Invalid PORT=[99999]: expected a whole number from 0 to 65535",
        "DB_POOL_SIZE | 0 | Invalid DB_POOL_SIZE=[0]: expected a whole number from 1 to 1000",
        "DB_CONNECT_TIMEOUT | soon | Invalid DB_CONNECT_TIMEOUT=[soon]: expected a duration such as 500ms, 30s or 10m",
        "REQUEST_DEADLINE | 0ms | Invalid REQUEST_DEADLINE=[0ms]: expected a duration of at least 1ms",
        "DATABASE_URL | mysql://h/db | Invalid DATABASE_URL=[mysql://h/db]: expected a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database",
        "DATABASE_URL | jdbc:mysql://u:s3cret@h/db | Invalid DATABASE_URL=[jdbc:mysql://****@h/db]: expected a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database",
        "REDIS_URL | redis://:s3cret@ | Invalid REDIS_URL=[redis://****@]: expected a URL with scheme redis or rediss and a host",
        "AUTH_URL | ftp://127.0.0.1 | Invalid AUTH_URL=[ftp://127.0.0.1]: expected a URL with scheme http or https and a host",
        "REDIS_BREAKER_FAILURE_RATE | 101 | Invalid REDIS_BREAKER_FAILURE_RATE=[101]: expected a whole number from 1 to 100",
        "BREAKER_MINIMUM_CALLS | 11 | Invalid BREAKER_MINIMUM_CALLS=[11]: expected at most the breaker's window size 10",
        "OUTBOX_CAPACITY | 0 | Invalid OUTBOX_CAPACITY=[0]: expected a whole number from 1 to 10000000",
        "HOST | [::1 | Invalid HOST=[[::1]: expected an address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
        "REDIS_URL | redis://:s3cret@127.0.0.1:6379/abc | Invalid REDIS_URL=[redis://****@127.0.0.1:6379/abc]: Lettuce cannot read it",
        // a password with a character that ends a URL's authority, not percent-encoded
        "REDIS_URL | redis://:s3#cret@127.0.0.1:6379 | Invalid REDIS_URL=[redis://****@127.0.0.1:6379]",
        "REDIS_URL | redis://:s3/cret@127.0.0.1 | Invalid REDIS_URL=[redis://****@127.0.0.1]",
        "REDIS_URL | redis://:s3?cret@127.0.0.1:6379 | Invalid REDIS_URL=[redis://****@127.0.0.1:6379]",
        "REDIS_URL | redis://:s3 cret@127.0.0.1 | Invalid REDIS_URL=[redis://****@127.0.0.1]",
        "REDIS_URL | redis://user:s3cret@127.0.0.1:port | Invalid REDIS_URL=[redis://****@127.0.0.1:port]",
        "AUTH_URL | http://svc:s3#cret@127.0.0.1:8081 | Invalid AUTH_URL=[http://****@127.0.0.1:8081]",
        "DATABASE_URL | jdbc:mysql://u:s3/cret@h/db | Invalid DATABASE_URL=[jdbc:mysql://****@h/db]",
        "BREAKER_WAIT_FACTOR | 0 | Invalid BREAKER_WAIT_FACTOR=[0]: expected a factor from 0.1 to 100, e.g. 2",
        "CRITICAL_DEPENDENCIES | database,kafka | Invalid CRITICAL_DEPENDENCIES=[database,kafka]: expected a comma-separated list of database, redis, auth and websocket, or none",
        "ALERT_WEBHOOK_URL | ftp://u:s3cret@h/x | Invalid ALERT_WEBHOOK_URL=[ftp://****@h/****]: expected a URL with scheme http or https and a host",
        "ALERT_WEBHOOK_URL | ftp://h/hook?key=s3cret | Invalid ALERT_WEBHOOK_URL=[ftp://h/****]: expected a URL with scheme http or https and a host",
        "ALERT_WEBHOOK_URL | http://h/hook?key=s3 cret | Invalid ALERT_WEBHOOK_URL=[****]: expected a URL with scheme http or https and a host",
        "REQUEST_HEAD_TIMEOUT | 500ms | Invalid REQUEST_HEAD_TIMEOUT=[500ms]: expected a duration from 1s to 60m",
        "REQUEST_BODY_TIMEOUT | 2h | Invalid REQUEST_BODY_TIMEOUT=[2h]: expected a duration such as 500ms, 30s or 10m",
        "HTTP_IDLE_TIMEOUT | 61m | Invalid HTTP_IDLE_TIMEOUT=[61m]: expected a duration from 1s to 60m",
        "SHUTDOWN_GRACE | 0ms | Invalid SHUTDOWN_GRACE=[0ms]: expected a duration of at least 1ms",
        "OUTBOX_MIN_FREE_MB | -1 | Invalid OUTBOX_MIN_FREE_MB=[-1]: expected a whole number from 0 to 1000000000",
        "HEALTH_CHECK_INTERVAL | often | Invalid HEALTH_CHECK_INTERVAL=[often]: expected a duration such as 500ms, 30s or 10m"
      })
  void badValuesStopStartUpNamingTheVariable(String name, String value, String message) {
    assertThatThrownBy(() -> SampleConfig.from(Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message)
        .message()
        .doesNotContain("s3cret")
        .doesNotContain("cret");
  }

  @Test
  void passwordsAndUserInfoAreNeverPrinted() {
    SampleConfig config =
        SampleConfig.from(
            Map.of(
                "DATABASE_PASSWORD", "s3cret",
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=app&password=s3cret",
                "REDIS_URL", "redis://:s3cret@127.0.0.1:6379",
                "AUTH_URL", "http://svc:s3cret@127.0.0.1:8081"));
    assertThat(config.toString())
        .doesNotContain("s3cret")
        .contains("password=****")
        .contains("redis://****@127.0.0.1:6379")
        .contains("http://****@127.0.0.1:8081");
  }

  @Test
  void theWebhooksSecretIsNeverPrintedWhereverItIs() {
    for (String url :
        new String[] {
          "https://hooks.example.com/services/T0/B0/s3cretPath",
          "https://hooks.example.com/alert?token=s3cret&team=ops",
          "https://hooks.example.com/alert?key=s3cret",
          "https://hooks.example.com/alert?sig=a&X-Amz-Signature=s3cret",
          "https://ops:s3cret@hooks.example.com:8443/alert#s3cret"
        }) {
      SampleConfig config = SampleConfig.from(Map.of("ALERT_WEBHOOK_URL", url));
      assertThat(config.alertWebhook()).contains(url);
      assertThat(config.toString()).doesNotContain("s3cret").contains("hooks.example.com");
      assertThat(SampleConfig.maskWebhook(url)).doesNotContain("s3cret");
    }
    assertThat(SampleConfig.maskWebhook("https://hooks.example.com:8443/alert?key=s3cret"))
        .isEqualTo("https://hooks.example.com:8443/****");
    assertThat(SampleConfig.maskWebhook("http://127.0.0.1:9")).isEqualTo("http://127.0.0.1:9");
  }

  @Test
  void httpTimeoutsShutdownGraceAndTheJournalsMarginHaveDefaultsAndAreRead() {
    SampleConfig defaults = SampleConfig.from(Map.of());
    assertThat(defaults.httpTimeouts()).isEqualTo(SampleConfig.HttpTimeouts.DEFAULTS);
    assertThat(defaults.httpTimeouts().requestHead()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.httpTimeouts().requestBody()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.httpTimeouts().idle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.outboxMinFreeBytes()).isEqualTo(64L * 1024 * 1024);
    SampleConfig set =
        SampleConfig.from(
            Map.of(
                "REQUEST_HEAD_TIMEOUT", "2s",
                "REQUEST_BODY_TIMEOUT", "1.5m",
                "HTTP_IDLE_TIMEOUT", "5s",
                "SHUTDOWN_GRACE", "3s",
                "OUTBOX_MIN_FREE_MB", "0",
                // not scaled: they guard the server against its clients
                "TIME_SCALE", "0.01"));
    assertThat(set.httpTimeouts())
        .isEqualTo(
            new SampleConfig.HttpTimeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(90), Duration.ofSeconds(5)));
    assertThat(set.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(set.outboxMinFreeBytes()).isZero();
    // the auth service reads the same three
    assertThat(SampleConfig.httpTimeouts(Map.of("REQUEST_HEAD_TIMEOUT", "2s")).requestHead())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
