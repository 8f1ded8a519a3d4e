package io.infraaware.isolation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.testing.MachineServices;
import io.infraaware.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A run's own logical database on the machine's Redis (shared with other builds: every key here is
 * unique, and a database that holds someone else's keys is never taken): two runs never see each
 * other's keys, a run's database is flushed when it ends, and a killed run's by the next.
 */
class RedisIsolationIT {

  private static final String REDIS = "redis://127.0.0.1:6379";

  private static ServiceDefinition service(String isolation) {
    return TestServices.define(
        Map.of("infra.services.cache.url", REDIS, "infra.services.cache.isolation", isolation),
        "cache");
  }

  private static String get(ServiceDefinition service, String key) {
    return redis(service, r -> r.get(key));
  }

  /** A call through Lettuce, to the database the definition's URL names. */
  private static <T> T redis(
      ServiceDefinition service, Function<RedisCommands<String, String>, T> call) {
    RedisClient client = RedisClient.create(RedisURI.create(service.endpoint().url()));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return call.apply(connection.sync());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
    }
  }

  @Test
  void twoRunsGetADatabaseEachNeverSeeEachOthersKeysAndEachFlushesItsOwn() throws Exception {
    MachineServices.require("Redis", 6379);
    ServiceDefinition configured = service("database");
    String key = "isolation-it:" + UUID.randomUUID();
    ServiceDefinition firstRun;
    try (Isolation first = Isolation.start(configured, Isolation.Mode.DATABASE);
        Isolation second = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      firstRun = first.definition();
      String firstPath = first.definition().endpoint().path();
      assertThat(firstPath).matches("/\\d+").isNotEqualTo("/0");
      assertThat(second.definition().endpoint().path()).matches("/\\d+").isNotEqualTo(firstPath);

      redis(first.definition(), r -> r.set(key, "first run"));
      assertThat(get(second.definition(), key)).isNull();
      assertThat(get(first.definition(), key)).isEqualTo("first run");
      // a test may flush its own database: the claim lives in database 0, out of its way
      redis(second.definition(), RedisCommands::flushdb);
      assertThat(get(first.definition(), key)).isEqualTo("first run");
    }
    // nothing the run wrote survives it
    assertThat(get(firstRun, key)).isNull();
  }

  @Test
  void aKilledRunsDatabaseIsFlushedByTheNextRunAndSomeoneElsesDataIsNeverTouched()
      throws Exception {
    MachineServices.require("Redis", 6379);
    ServiceDefinition configured = service("database");
    String key = "isolation-it:" + UUID.randomUUID();
    Isolation killed = Isolation.start(configured, Isolation.Mode.DATABASE);
    ServiceDefinition killedRun = killed.definition();
    redis(killedRun, r -> r.set(key, "left behind"));
    killed.abandon(); // as a JVM killed with SIGKILL: its connection ends, nothing is flushed
    assertThat(get(killedRun, key)).isEqualTo("left behind");

    // someone else's data in the next free database: not a run's, never taken nor flushed
    ServiceDefinition foreign;
    try (Isolation probe = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      foreign = probe.definition();
    }
    String theirs = "isolation-it-theirs:" + UUID.randomUUID();
    redis(foreign, r -> r.set(theirs, "not InfraAware's"));
    try (Isolation next = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      assertThat(get(killedRun, key)).as("the killed run's key, collected").isNull();
      assertThat(next.definition().endpoint().path()).isNotEqualTo(foreign.endpoint().path());
      assertThat(get(foreign, theirs)).isEqualTo("not InfraAware's");
    } finally {
      redis(foreign, r -> r.del(theirs));
    }
  }

  @Test
  void redisHasDatabasesNotSchemas() {
    assertThatThrownBy(
            () ->
                Isolation.mode(
                    io.infraaware.testing.TestServices.config(
                        Map.of(
                            "infra.services.cache.url",
                            REDIS,
                            "infra.services.cache.isolation",
                            "schema")),
                    service("schema")))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("infra.services.cache.isolation")
        .hasMessageContaining("Redis (a logical database)");
  }
}
