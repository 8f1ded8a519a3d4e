package io.infraaware.isolation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.jdbc.internal.JdbcDataSource;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.testing.MachineServices;
import io.infraaware.testing.TestServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's own database or schema on the machine's PostgreSQL and MariaDB: two runs never see each
 * other's rows, a run's is dropped when it ends, and a killed run's is dropped by the next.
 */
class IsolationIT {

  private static final String POSTGRES = "jdbc:postgresql://postgres@127.0.0.1:5432/test";
  private static final String MARIADB = "jdbc:mysql://root@127.0.0.1:3306/test";

  private static ServiceDefinition service(String kind, String url, String isolation) {
    return TestServices.define(
        Map.of(
            "infra.services." + kind + ".url",
            url,
            "infra.services." + kind + ".isolation",
            isolation),
        kind);
  }

  private static List<String> query(ServiceDefinition service, String driver, String sql)
      throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = JdbcDataSource.of(service.endpoint(), driver).getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static void execute(ServiceDefinition service, String driver, String sql)
      throws Exception {
    try (Connection connection = JdbcDataSource.of(service.endpoint(), driver).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> databases(ServiceDefinition admin) throws Exception {
    return query(
        admin,
        "org.postgresql.Driver",
        "SELECT datname FROM pg_database WHERE datname LIKE 'infraaware\\_%'");
  }

  @Test
  void twoRunsOnOnePostgresNeverSeeEachOthersRowsAndEachDropsItsDatabase() throws Exception {
    MachineServices.require("PostgreSQL", 5432);
    ServiceDefinition configured = service("postgres", POSTGRES, "database");
    String driver = "org.postgresql.Driver";
    try (Isolation first = Isolation.start(configured, Isolation.Mode.DATABASE);
        Isolation second = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      assertThat(first.definition().endpoint().path()).isEqualTo("/" + first.name());
      assertThat(query(first.definition(), driver, "SELECT current_database()"))
          .containsExactly(first.name());
      execute(first.definition(), driver, "CREATE TABLE orders (id text)");
      execute(first.definition(), driver, "INSERT INTO orders VALUES ('first run')");
      execute(second.definition(), driver, "CREATE TABLE orders (id text)");
      assertThat(query(second.definition(), driver, "SELECT id FROM orders")).isEmpty();
      assertThat(query(first.definition(), driver, "SELECT id FROM orders"))
          .containsExactly("first run");
      first.close();
      assertThat(databases(configured)).doesNotContain(first.name()).contains(second.name());
    }
  }

  @Test
  void aKilledRunsDatabaseIsDroppedByTheNextRunAndALiveRunsIsNot() throws Exception {
    MachineServices.require("PostgreSQL", 5432);
    ServiceDefinition configured = service("postgres", POSTGRES, "database");
    Isolation killed = Isolation.start(configured, Isolation.Mode.DATABASE);
    killed.abandon(); // as a JVM killed with SIGKILL: its lease ends, nothing is dropped
    assertThat(databases(configured)).contains(killed.name());
    try (Isolation live = Isolation.start(configured, Isolation.Mode.DATABASE);
        Isolation next = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      assertThat(databases(configured))
          .doesNotContain(killed.name())
          .contains(live.name(), next.name());
    }
  }

  @Test
  void aSchemaOfItsOwnIsTheRunsDefaultSchemaAndAKilledRunsIsCollected() throws Exception {
    MachineServices.require("PostgreSQL", 5432);
    ServiceDefinition configured = service("postgres", POSTGRES, "schema");
    String driver = "org.postgresql.Driver";
    Isolation killed = Isolation.start(configured, Isolation.Mode.SCHEMA);
    killed.abandon();
    try (Isolation run = Isolation.start(configured, Isolation.Mode.SCHEMA)) {
      assertThat(run.definition().endpoint().queryParameter("currentSchema")).hasValue(run.name());
      execute(run.definition(), driver, "CREATE TABLE orders (id text)");
      assertThat(query(run.definition(), driver, "SELECT current_schema()"))
          .containsExactly(run.name());
      assertThat(
              query(
                  configured,
                  driver,
                  "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'infraaware\\_%'"))
          .contains(run.name())
          .doesNotContain(killed.name());
    }
  }

  @Test
  void mariaDbRunsGetADatabaseEachAndAKilledRunsIsCollected() throws Exception {
    MachineServices.require("MariaDB", 3306);
    ServiceDefinition configured = service("mysql", MARIADB, "database");
    String driver = "org.mariadb.jdbc.Driver";
    Isolation killed = Isolation.start(configured, Isolation.Mode.DATABASE);
    killed.abandon();
    try (Isolation run = Isolation.start(configured, Isolation.Mode.DATABASE)) {
      assertThat(query(run.definition(), driver, "SELECT DATABASE()")).containsExactly(run.name());
      List<String> all =
          query(
              configured,
              driver,
              "SELECT schema_name FROM information_schema.schemata"
                  + " WHERE schema_name LIKE 'infraaware\\_%'");
      assertThat(all).contains(run.name()).doesNotContain(killed.name());
    }
  }

  @Test
  void aUserWithoutTheRightToCreateDatabasesIsToldWhatToGrant() throws Exception {
    MachineServices.require("PostgreSQL", 5432);
    ServiceDefinition admin = service("postgres", POSTGRES, "database");
    String role = "infraaware_norights_" + System.nanoTime();
    execute(admin, "org.postgresql.Driver", "CREATE ROLE " + role + " LOGIN");
    try {
      ServiceDefinition limited =
          service("postgres", "jdbc:postgresql://" + role + "@127.0.0.1:5432/test", "database");
      assertThatThrownBy(() -> Isolation.start(limited, Isolation.Mode.DATABASE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("infra.services.postgres.isolation")
          .hasMessageContaining("the user needs the right to create databases");
    } finally {
      execute(admin, "org.postgresql.Driver", "DROP ROLE " + role);
    }
  }

  @Test
  void onlyKnownModesAndKindsThatCanBeIsolated() {
    assertThatThrownBy(
            () ->
                Isolation.mode(
                    TestServices.config(
                        Map.of(
                            "infra.services.postgres.url",
                            POSTGRES,
                            "infra.services.postgres.isolation",
                            "tables")),
                    service("postgres", POSTGRES, "tables")))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("infra.services.postgres.isolation")
        .hasMessageContaining("expected none, database or schema");
    Map<String, String> nats =
        Map.of(
            "infra.services.queue.url", "nats://127.0.0.1:4222",
            "infra.services.queue.isolation", "database");
    assertThatThrownBy(
            () -> Isolation.mode(TestServices.config(nats), TestServices.define(nats, "queue")))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("cannot be isolated that way");
  }
}
