package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL refusing new connections for capacity (SQLSTATE 53300), made with a role of its own
 * whose {@code CONNECTION LIMIT} is 1: the pool keeps serving with the connection it holds, users
 * are answered, and health says what is wrong and what to do.
 */
@InfrastructureAware
@RequiresService({"postgres", "redis"})
class DatabaseCapacityIT {

  @Test
  void thePoolHoldsItsOwnWhenPostgresRefusesConnectionsForCapacityAndHealthSaysSo(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String role = "sample_capacity_" + suffix;
    String schema = "capacity_" + suffix;
    String room = "capacity-" + suffix;
    try (Connection admin =
            DriverManager.getConnection(
                postgres.url(),
                postgres.username().orElse("postgres"),
                postgres.password().orElse(""));
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1");
      sql.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
      try {
        run(postgres, redis, role, schema, room);
      } finally {
        // the backend is stopped: its connection is gone (and terminated if it lingers)
        sql.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                + role
                + "'");
        sql.execute("DROP SCHEMA " + schema + " CASCADE");
        sql.execute("DROP ROLE " + role);
      }
    }
  }

  private static void run(
      ServiceEndpoint postgres, ServiceEndpoint redis, String role, String schema, String room)
      throws Exception {
    ServiceEndpoint limited =
        ServiceEndpoint.parse(
            "postgres",
            "DATABASE_URL",
            postgres.url() + "?currentSchema=" + schema,
            postgres.kind(),
            role,
            null);
    try (SampleStack stack =
        SampleStack.start(
            limited,
            redis,
            Map.of(
                "TIME_SCALE", "0.05",
                "REQUEST_DEADLINE", "10s",
                "DB_POOL_SIZE", "6",
                "DATABASE_USER", role))) {
      String token = stack.token("alice");
      // the pool wants two idle connections and more under load: PostgreSQL grants one
      for (int i = 0; i < 5; i++) {
        stack
            .api(token)
            .contentType(ContentType.JSON)
            .body(Map.of("text", "m" + i))
            .post("/api/rooms/" + room + "/messages")
            .then()
            .statusCode(201);
      }
      ExecutorService users = Executors.newFixedThreadPool(8);
      try {
        List<Future<Response>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          reads.add(users.submit(() -> stack.api(token).get("/api/rooms/" + room + "/messages")));
        }
        for (Future<Response> read : reads) {
          // every user is answered: from the one connection, or from the cache in time
          assertThat(read.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
      } finally {
        users.shutdownNow();
      }
      await("health says PostgreSQL refuses connections for capacity")
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonPath infrastructure = stack.api().get("/health/infrastructure").jsonPath();
                assertThat(infrastructure.getString("database.connections.lastRefusal.sqlState"))
                    .isEqualTo("53300");
                assertThat(infrastructure.getList("pressure.indicator", String.class))
                    .contains("CONNECTIONS_REFUSED_FOR_CAPACITY");
                assertThat(infrastructure.getList("pressure.detail", String.class))
                    .anyMatch(
                        detail -> detail.contains("the pool keeps serving with the 1 connection"));
                assertThat(infrastructure.getList("recommendations", String.class))
                    .anyMatch(text -> text.contains("CONNECTION LIMIT"));
              });
      assertThat(stack.api().get("/health").jsonPath().getString("dependencies.database"))
          .as("the database serves")
          .isEqualTo("UP");
      assertThat(
              stack
                  .api(token)
                  .get("/api/rooms/" + room + "/messages")
                  .jsonPath()
                  .getList("messages.text", String.class))
          .containsExactly("m0", "m1", "m2", "m3", "m4");
    }
  }
}
