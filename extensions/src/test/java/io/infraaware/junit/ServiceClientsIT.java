package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@code @Service} clients against the machine's real PostgreSQL and Redis. */
@InfrastructureAware
@RequiresService({"postgres", "redis"})
class ServiceClientsIT {

  private static Connection connectionFromLastTest;

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
  void aConnectionIsOpenDuringTheTest(@Service("postgres") Connection connection)
      throws SQLException {
    assertThat(connection.isValid(2)).isTrue();
    connectionFromLastTest = connection;
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
    assertThat(endpoint.kind()).isEqualTo(ServiceKind.POSTGRES);
    assertThat(endpoint.address()).isEqualTo("127.0.0.1:5432");
    assertThat(endpoint.username()).contains("postgres");
  }

  @AfterAll
  static void connectionsAreClosedWhenTheirTestEnds() {
    if (connectionFromLastTest != null) {
      assertThatThrownBy(() -> connectionFromLastTest.createStatement())
          .isInstanceOf(SQLException.class);
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
