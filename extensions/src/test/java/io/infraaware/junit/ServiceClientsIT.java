package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.infraaware.service.ServiceEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The {@code @Service} clients against the machine's real PostgreSQL and Redis. */
@InfrastructureAware
@RequiresService({"postgres", "redis"})
class ServiceClientsIT {

  @Test
  void aDataSourceReachesTheDatabase(@Service("postgres") DataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualTo("test");
    }
  }

  @Test
  void aRedisConnectionRoundTrips(@Service("redis") StatefulRedisConnection<String, String> redis) {
    String key = "infraaware:it:" + UUID.randomUUID();
    redis.sync().setex(key, 30, "value");
    assertThat(redis.sync().get(key)).isEqualTo("value");
    redis.sync().del(key);
  }

  @Test
  void aRedisClientIsHandedOut(@Service("redis") RedisClient client) {
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertThat(connection.sync().ping()).isEqualTo("PONG");
    }
  }

  @Test
  void theEndpointCarriesAddressAndCredentials(@Service("postgres") ServiceEndpoint endpoint) {
    assertThat(endpoint.kind().id()).isEqualTo("postgres");
    assertThat(endpoint.address()).isEqualTo("127.0.0.1:5432");
    assertThat(endpoint.username()).contains("postgres");
  }

  @Test
  void aMariaDbDataSourceConnects(@Service("mariadb") javax.sql.DataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aRabbitMqConnectionDeclaresAQueue(@Service("rabbitmq") com.rabbitmq.client.Connection amqp)
      throws Exception {
    try (com.rabbitmq.client.Channel channel = amqp.createChannel()) {
      String queue = channel.queueDeclare().getQueue();
      assertThat(queue).startsWith("amq.gen-");
    }
  }

  @Test
  void aNatsConnectionRoundTripsAMessage(@Service("nats") io.nats.client.Connection nats)
      throws Exception {
    String subject = "infraaware.it." + UUID.randomUUID();
    io.nats.client.Subscription subscription = nats.subscribe(subject);
    nats.publish(subject, "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    io.nats.client.Message message = subscription.nextMessage(java.time.Duration.ofSeconds(10));
    assertThat(new String(message.getData(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("hello");
  }

  @Test
  void anMqttClientIsConnected(
      @Service("mqtt") com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient mqtt) {
    assertThat(mqtt.getState().isConnected()).isTrue();
  }

  @Test
  void everyClientIsClosedWhenTheScopeThatAskedForItEnds() throws SQLException {
    ClosingTestCase.connection = null;
    ClosingTestCase.redis = null;
    ClosingTestCase.classRedis = null;
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(ClosingTestCase.class))
        .configurationParameters(
            Map.of(
                "infra.services.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test",
                "infra.services.postgres.username", "postgres",
                "infra.services.redis.url", "redis://127.0.0.1:6379"))
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1).failed(0));
    assertThat(ClosingTestCase.connection.isClosed()).as("the test's Connection").isTrue();
    assertThat(ClosingTestCase.redis.isOpen()).as("the test's Redis connection").isFalse();
    assertThat(ClosingTestCase.classRedis.isOpen())
        .as("the @BeforeAll Redis connection, with its class")
        .isFalse();
  }

  @InfrastructureAware
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class ClosingTestCase {
    static volatile Connection connection;
    static volatile StatefulRedisConnection<String, String> redis;
    static volatile StatefulRedisConnection<String, String> classRedis;

    @BeforeAll
    void connect(@Service("redis") StatefulRedisConnection<String, String> shared) {
      classRedis = shared;
    }

    @Test
    void usesThem(
        @Service("postgres") Connection db,
        @Service("redis") StatefulRedisConnection<String, String> cache)
        throws SQLException {
      assertThat(db.isValid(2)).isTrue();
      assertThat(cache.sync().ping()).isEqualTo("PONG");
      assertThat(classRedis.isOpen()).isTrue();
      connection = db;
      redis = cache;
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClassScopedClients {
    private StatefulRedisConnection<String, String> shared;

    @BeforeAll
    void connect(@Service("redis") StatefulRedisConnection<String, String> redis) {
      shared = redis;
    }

    @Test
    void aBeforeAllClientLivesForTheClass() {
      assertThat(shared.isOpen()).isTrue();
      assertThat(shared.sync().ping()).isEqualTo("PONG");
    }
  }
}
