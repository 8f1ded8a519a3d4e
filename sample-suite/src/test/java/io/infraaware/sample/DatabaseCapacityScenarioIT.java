package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.chaos.Injection;
import io.infraaware.chaos.Scenario;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL refusing new connections for capacity (SQLSTATE 53300), one of the seeds' real
 * outages: the backend's role (one of this test's own) is limited to the connections its pool holds
 * already, so the pool cannot grow under load. The pool keeps serving with what it holds, users are
 * answered, and health says what is wrong and what to do; once the limit is lifted, the pool grows
 * again and health forgets the refusal.
 */
@RequiresService({"postgres", "redis"})
class DatabaseCapacityScenarioIT {

  private static final int USERS = 12;

  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String role = "sample_capacity_" + suffix;
  private final String rolePassword = java.util.UUID.randomUUID().toString();
  private final String schema = "capacity_" + suffix;
  private final String room = "capacity-" + suffix;

  @Test
  void thePoolHoldsItsOwnWhenPostgresRefusesConnectionsForCapacityAndHealthSaysSo(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis)
      throws Exception {
    try (Connection admin =
            DriverManager.getConnection(
                postgres.url(),
                postgres.username().orElse("postgres"),
                postgres.password().orElse(""));
        Statement sql = admin.createStatement()) {
      // with a password: a provisioned PostgreSQL asks every login for one
      sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + rolePassword + "'");
      sql.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
      try {
        run(postgres, redis, sql);
      } finally {
        // the backend is stopped: its connections are gone (and terminated if they linger)
        sql.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
                + role
                + "'");
        sql.execute("DROP SCHEMA " + schema + " CASCADE");
        sql.execute("DROP ROLE " + role);
      }
    }
  }

  private void run(ServiceEndpoint postgres, ServiceEndpoint redis, Statement sql)
      throws Exception {
    ServiceEndpoint ownRole =
        ServiceEndpoint.parse(
            "postgres",
            "DATABASE_URL",
            postgres.url() + "?currentSchema=" + schema,
            postgres.kind(),
            role,
            rolePassword);
    try (SampleStack stack =
        SampleStack.start(
            ownRole,
            redis,
            Map.of(
                "TIME_SCALE", "0.05",
                "REQUEST_DEADLINE", "10s",
                "DB_POOL_SIZE", "6",
                "DATABASE_USER", role))) {
      String token = stack.token("alice");
      List<String> posted = new ArrayList<>();
      AtomicInteger steady = new AtomicInteger();
      Scenario.named("e2e: PostgreSQL refuses connections for capacity")
          .steadyStateReturnsWithin(Duration.ofSeconds(30))
          .recoverWithin(Duration.ofSeconds(20))
          .steadyState(
              "messages are stored and read back from the database",
              ctx -> {
                String text = "m" + steady.getAndIncrement();
                stack
                    .api(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("text", text))
                    .post("/api/rooms/" + room + "/messages")
                    .then()
                    .statusCode(201);
                posted.add(text);
                Response read = stack.api(token).get("/api/rooms/" + room + "/messages");
                assertThat(read.jsonPath().getBoolean("degraded")).isFalse();
                assertThat(read.jsonPath().getList("messages.text", String.class))
                    .containsAll(posted);
              })
          .inject(connectionLimit(sql))
          .hold(
              "every user is answered, from the connections the pool holds or from the cache",
              ctx -> {
                for (Response read : concurrentReads(stack, token)) {
                  assertThat(read.statusCode()).isEqualTo(200);
                }
              })
          .hold(
              "health says PostgreSQL refuses connections for capacity, and what to do",
              ctx ->
                  await("the refusal in /health/infrastructure")
                      .atMost(Duration.ofSeconds(20))
                      .untilAsserted(
                          () -> {
                            concurrentReads(stack, token);
                            JsonPath infrastructure =
                                stack.api().get("/health/infrastructure").jsonPath();
                            assertThat(
                                    infrastructure.getString(
                                        "database.connections.lastRefusal.sqlState"))
                                .isEqualTo("53300");
                            assertThat(infrastructure.getList("pressure.indicator", String.class))
                                .contains("CONNECTIONS_REFUSED_FOR_CAPACITY");
                            assertThat(infrastructure.getList("pressure.detail", String.class))
                                .anyMatch(detail -> detail.contains("the pool keeps serving with"));
                            assertThat(infrastructure.getList("recommendations", String.class))
                                .anyMatch(text -> text.contains("CONNECTION LIMIT"));
                            assertThat(
                                    stack
                                        .api()
                                        .get("/health")
                                        .jsonPath()
                                        .getString("dependencies.database"))
                                .as("the database serves")
                                .isEqualTo("UP");
                          }))
          .recover(
              "the pool grows again and health forgets the refusal",
              ctx -> {
                concurrentReads(stack, token);
                assertThat(
                        stack
                            .api()
                            .get("/health/infrastructure")
                            .jsonPath()
                            .getList("pressure.indicator", String.class))
                    .doesNotContain("CONNECTIONS_REFUSED_FOR_CAPACITY");
              })
          .runWithin(Duration.ofSeconds(120));
    }
  }

  /**
   * The fault: the role may open no more connections than it holds now (at least one); lifted on
   * heal.
   */
  private Injection connectionLimit(Statement sql) {
    // snippet:start own-fault
    return Injection.of(
        "CONNECTION LIMIT on role [" + role + "] at what its pool holds",
        ctx -> {
          int held = Math.max(1, connections(sql));
          sql.execute("ALTER ROLE " + role + " CONNECTION LIMIT " + held);
          ctx.timeline()
              .note(
                  "postgres",
                  "role " + role + " limited to the " + held + " connection(s) it holds");
          return () -> sql.execute("ALTER ROLE " + role + " CONNECTION LIMIT -1");
        });
    // snippet:end own-fault
  }

  private int connections(Statement sql) throws SQLException {
    try (ResultSet count =
        sql.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE usename = '" + role + "'")) {
      count.next();
      return count.getInt(1);
    }
  }

  /** {@value #USERS} users read the room at once: more than the pool holds idle. */
  private List<Response> concurrentReads(SampleStack stack, String token) throws Exception {
    ExecutorService users = Executors.newFixedThreadPool(USERS);
    try {
      List<Future<Response>> reads = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        reads.add(users.submit(() -> stack.api(token).get("/api/rooms/" + room + "/messages")));
      }
      List<Response> answers = new ArrayList<>();
      for (Future<Response> read : reads) {
        answers.add(read.get(30, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      users.shutdownNow();
    }
  }
}
