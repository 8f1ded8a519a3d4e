package io.infraaware.isolation.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.jdbc.internal.JdbcDataSource;
import io.infraaware.probe.ClientLibraries;
import io.infraaware.redis.internal.RedisDatabase;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A fresh database (or schema) for the run on a configured PostgreSQL or MySQL server: created when
 * the service is first found available, handed to the tests in place of the configured one, and
 * dropped when the run ends. While the run lives it holds a lease: an open connection to its
 * database (PostgreSQL refuses to drop a database someone is connected to), an advisory lock on its
 * schema, or a named lock (MySQL). Each run first drops the leftovers of runs that ended without
 * dropping theirs (killed JVMs): those whose lease is gone.
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class Isolation implements AutoCloseable {

  /** {@value}: the per-service key, {@code none} (default), {@code database} or {@code schema}. */
  public static final String KEY = "isolation";

  /** The advisory lock runs on a PostgreSQL server isolate under: "infraaware" in ASCII. */
  private static final long MUTEX_KEY = 0x696e667261617761L;

  /** What a run's databases and schemas are called: this prefix, then its start, then a token. */
  static final String PREFIX = "infraaware_";

  private static final System.Logger LOG = System.getLogger(Isolation.class.getName());

  /**
   * Made when a run's database is first named: a JVM that isolates nothing (most) does not load the
   * security providers before its first verdict, which every fork pays for.
   */
  private static final class Names {
    private static final SecureRandom RANDOM = new SecureRandom();

    static String suffix() {
      byte[] bytes = new byte[4];
      RANDOM.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }

  /** How a service is isolated. */
  public enum Mode {
    /** Not at all: the configured database. */
    NONE,
    /** A database of its own on the same server. */
    DATABASE,
    /** A schema of its own in the configured database (PostgreSQL). */
    SCHEMA
  }

  private final ServiceDefinition isolated;
  private final String name;
  private final Mode mode;
  private final Dialect dialect;
  private final JdbcDataSource admin;
  private final Connection lease;
  private final RedisDatabase redis;

  private Isolation(
      ServiceDefinition isolated,
      String name,
      Mode mode,
      Dialect dialect,
      JdbcDataSource admin,
      Connection lease) {
    this(isolated, name, mode, dialect, admin, lease, null);
  }

  private Isolation(ServiceDefinition isolated, String name, RedisDatabase redis) {
    this(isolated, name, Mode.DATABASE, null, null, null, redis);
  }

  private Isolation(
      ServiceDefinition isolated,
      String name,
      Mode mode,
      Dialect dialect,
      JdbcDataSource admin,
      Connection lease,
      RedisDatabase redis) {
    this.redis = redis;
    this.isolated = isolated;
    this.name = name;
    this.mode = mode;
    this.dialect = dialect;
    this.admin = admin;
    this.lease = lease;
  }

  /**
   * The isolation a service's configuration asks for.
   *
   * @param config the configuration
   * @param service the service
   * @return the mode; {@link Mode#NONE} when unset
   * @throws InfraConfigurationException for a value that is no mode, or one its kind cannot do
   */
  public static Mode mode(InfraConfig config, ServiceDefinition service) {
    String key = InfraConfig.serviceKey(service.name(), KEY);
    Optional<String> value = config.get(key).map(v -> v.trim().toLowerCase(Locale.ROOT));
    if (value.isEmpty() || value.get().equals("none")) {
      return Mode.NONE;
    }
    Mode mode;
    switch (value.get()) {
      case "database":
        mode = Mode.DATABASE;
        break;
      case "schema":
        mode = Mode.SCHEMA;
        break;
      default:
        throw InfraConfigurationException.invalid(
            key, value.get(), "expected none, database or schema");
    }
    String kind = service.kind().id();
    boolean databases = kind.equals("mysql") || kind.equals("redis");
    if (!kind.equals("postgres") && !(databases && mode == Mode.DATABASE)) {
      throw InfraConfigurationException.invalid(
          key,
          value.get(),
          "a "
              + service.kind().displayName()
              + " service cannot be isolated that way: database isolation is for PostgreSQL,"
              + " MySQL/MariaDB and Redis (a logical database), schema isolation for PostgreSQL");
    }
    return mode;
  }

  /**
   * Makes a fresh database or schema for the run on an available service, after dropping what
   * killed runs left.
   *
   * @param service the available service
   * @param mode how, not {@link Mode#NONE}
   * @return the isolation; its {@link #definition()} is what the tests get
   * @throws IllegalStateException when the driver is missing or the server refuses (no right to
   *     create databases, for example), naming the service and key
   */
  public static Isolation start(ServiceDefinition service, Mode mode) {
    if (service.kind().id().equals("redis")) {
      return startRedis(service);
    }
    Dialect dialect = Dialect.of(service);
    String key = InfraConfig.serviceKey(service.name(), KEY);
    if (!ClientLibraries.isPresent(dialect.driver)) {
      throw new IllegalStateException(
          key
              + "="
              + mode.name().toLowerCase(Locale.ROOT)
              + " needs the JDBC driver "
              + dialect.driver
              + " on the test class path ("
              + dialect.artifact
              + ")");
    }
    String name = PREFIX + (System.currentTimeMillis() / 1000) + "_" + Names.suffix();
    ServiceEndpoint configured = service.endpoint();
    JdbcDataSource admin;
    try {
      admin = JdbcDataSource.of(configured, dialect.driver);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot load " + dialect.driver + ": " + e, e);
    }
    ServiceEndpoint moved =
        mode == Mode.DATABASE
            ? withDatabase(configured, name)
            : withParameter(configured, "currentSchema", name);
    ServiceDefinition isolated = service.withEndpoint(moved);
    Connection lease = null;
    boolean created = false;
    try (Connection connection = admin.getConnection()) {
      // one run at a time collects, creates and leases: no collector sees a database between its
      // creation and its lease
      mutex(connection, dialect, true);
      try {
        collectLeftovers(connection, dialect, mode, configured);
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              (mode == Mode.DATABASE ? "CREATE DATABASE " : "CREATE SCHEMA ")
                  + dialect.quote(name));
          created = true;
        }
        lease = lease(isolated.endpoint(), dialect, mode, name);
      } finally {
        mutex(connection, dialect, false);
      }
      return new Isolation(isolated, name, mode, dialect, admin, lease);
    } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
      closeQuietly(lease);
      if (created) {
        drop(admin, dialect, mode, name);
      }
      throw new IllegalStateException(
          "Service ["
              + service.name()
              + "]: cannot create the "
              + mode.name().toLowerCase(Locale.ROOT)
              + " "
              + name
              + " for "
              + key
              + " on "
              + configured.maskedUrl()
              + ": "
              + configured.scrub(String.valueOf(e.getMessage()))
              + (created
                  ? ""
                  : " (the user needs the right to create "
                      + (mode == Mode.DATABASE ? "databases" : "schemas")
                      + ")"),
          e);
    }
  }

  private static Isolation startRedis(ServiceDefinition service) {
    String run = (System.currentTimeMillis() / 1000) + "_" + Names.suffix();
    ServiceEndpoint configured = service.endpoint();
    try {
      RedisDatabase database = RedisDatabase.claim(configured, run, Duration.ofSeconds(10));
      ServiceDefinition isolated =
          service.withEndpoint(withDatabase(configured, Integer.toString(database.index())));
      return new Isolation(isolated, "database " + database.index(), database);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Service ["
              + service.name()
              + "]: cannot claim a Redis database for "
              + InfraConfig.serviceKey(service.name(), KEY)
              + " on "
              + configured.maskedUrl()
              + ": "
              + configured.scrub(String.valueOf(e.getMessage()))
              + " (it needs CLIENT SETNAME, CLIENT LIST, SELECT, WATCH and FLUSHDB)",
          e);
    }
  }

  /** Takes or gives back the server-wide lock that runs isolate under, waiting up to 30 s. */
  private static void mutex(Connection connection, Dialect dialect, boolean take)
      throws SQLException {
    String sql =
        dialect == Dialect.POSTGRES
            ? (take ? "SELECT pg_advisory_lock(" : "SELECT pg_advisory_unlock(") + MUTEX_KEY + ")"
            : take
                ? "SELECT GET_LOCK('infraaware_isolation', 30)"
                : "SELECT RELEASE_LOCK('infraaware_isolation')";
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (take && dialect != Dialect.POSTGRES && (!result.next() || result.getInt(1) != 1)) {
        throw new SQLException("another run held the isolation lock for 30 s");
      }
    }
  }

  /** The service as the tests get it: the run's own database or schema. */
  public ServiceDefinition definition() {
    return isolated;
  }

  /** The database or schema's name. */
  public String name() {
    return name;
  }

  /** Ends the lease and drops nothing, as a killed JVM does: a test seam. */
  void abandon() {
    if (redis != null) {
      redis.abandon();
      return;
    }
    closeQuietly(lease);
  }

  /** Drops the run's database or schema: the lease goes first, then the data. */
  @Override
  public void close() {
    if (redis != null) {
      redis.close();
      return;
    }
    closeQuietly(lease);
    drop(admin, dialect, mode, name);
  }

  private static Connection lease(ServiceEndpoint endpoint, Dialect dialect, Mode mode, String name)
      throws SQLException, ReflectiveOperationException {
    Connection connection = JdbcDataSource.of(endpoint, dialect.driver).getConnection();
    try {
      if (dialect != Dialect.POSTGRES) {
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
          lock.setString(1, name);
          lock.execute();
        }
      } else if (mode == Mode.SCHEMA) {
        try (PreparedStatement lock =
            connection.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
          lock.setString(1, name);
          lock.execute();
        }
      }
      // a PostgreSQL database is leased by this open connection alone
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Drops the databases or schemas of runs whose lease is gone. A live run's survive: PostgreSQL
   * refuses to drop a database with a connection, an advisory or named lock is still held.
   */
  private static void collectLeftovers(
      Connection connection, Dialect dialect, Mode mode, ServiceEndpoint configured) {
    List<String> leftovers = new ArrayList<>();
    String list =
        mode == Mode.SCHEMA
            ? "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'infraaware\\_%'"
            : dialect == Dialect.POSTGRES
                ? "SELECT datname FROM pg_database WHERE datname LIKE 'infraaware\\_%'"
                : "SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name LIKE 'infraaware\\_%'";
    try (Statement statement = connection.createStatement();
        ResultSet names = statement.executeQuery(list)) {
      while (names.next()) {
        leftovers.add(names.getString(1));
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "listing leftovers on " + configured.maskedUrl(), e);
      return;
    }
    for (String leftover : leftovers) {
      try {
        if (mode == Mode.SCHEMA) {
          try (PreparedStatement lock =
              connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, leftover);
            try (ResultSet held = lock.executeQuery()) {
              if (!held.next() || !held.getBoolean(1)) {
                continue; // its run still holds it
              }
            }
          }
          try (Statement drop = connection.createStatement()) {
            drop.execute("DROP SCHEMA IF EXISTS " + dialect.quote(leftover) + " CASCADE");
          } finally {
            try (PreparedStatement unlock =
                connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
              unlock.setString(1, leftover);
              unlock.execute();
            }
          }
        } else if (dialect != Dialect.POSTGRES) {
          try (PreparedStatement free = connection.prepareStatement("SELECT IS_FREE_LOCK(?)")) {
            free.setString(1, leftover);
            try (ResultSet answer = free.executeQuery()) {
              if (!answer.next() || answer.getInt(1) != 1) {
                continue;
              }
            }
          }
          try (Statement drop = connection.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + dialect.quote(leftover));
          }
        } else {
          try (Statement drop = connection.createStatement()) {
            // without FORCE: a live run's lease connection makes this fail, and it stays
            drop.execute("DROP DATABASE IF EXISTS " + dialect.quote(leftover));
          }
        }
        LOG.log(System.Logger.Level.INFO, "dropped " + leftover + ", left by an earlier run");
      } catch (SQLException inUse) {
        LOG.log(System.Logger.Level.DEBUG, leftover + " is in use: kept", inUse);
      }
    }
  }

  private static void drop(JdbcDataSource admin, Dialect dialect, Mode mode, String name) {
    try (Connection connection = admin.getConnection();
        Statement statement = connection.createStatement()) {
      if (mode == Mode.SCHEMA) {
        statement.execute("DROP SCHEMA IF EXISTS " + dialect.quote(name) + " CASCADE");
      } else if (dialect == Dialect.POSTGRES) {
        try {
          // the tests' own pools may still hold connections to it
          statement.execute("DROP DATABASE IF EXISTS " + dialect.quote(name) + " WITH (FORCE)");
        } catch (SQLException beforePostgres13) {
          statement.execute("DROP DATABASE IF EXISTS " + dialect.quote(name));
        }
      } else {
        statement.execute("DROP DATABASE IF EXISTS " + dialect.quote(name));
      }
    } catch (SQLException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "could not drop "
              + name
              + " ("
              + e.getMessage()
              + "); the next run with isolation drops it");
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the lease", e);
      }
    }
  }

  /** The endpoint with another database in its path. */
  static ServiceEndpoint withDatabase(ServiceEndpoint endpoint, String database) {
    String url = endpoint.url();
    int authority = url.indexOf("//") + 2;
    int query = firstOf(url, "?#", authority);
    int at = url.lastIndexOf('@', query - 1);
    int path = firstOf(url, "/", Math.max(authority, at + 1));
    String moved =
        path >= query
            ? url.substring(0, query) + "/" + database + url.substring(query)
            : url.substring(0, path) + "/" + database + url.substring(query);
    return reparse(endpoint, moved);
  }

  /** The endpoint with a query parameter set (replacing one of that name). */
  static ServiceEndpoint withParameter(ServiceEndpoint endpoint, String parameter, String value) {
    String url = endpoint.url();
    int fragment = url.indexOf('#');
    String head = fragment < 0 ? url : url.substring(0, fragment);
    String tail = fragment < 0 ? "" : url.substring(fragment);
    int query = head.indexOf('?');
    StringBuilder moved = new StringBuilder(query < 0 ? head : head.substring(0, query));
    String separator = "?";
    if (query >= 0) {
      for (String pair : head.substring(query + 1).split("&")) {
        if (pair.isEmpty()
            || pair.regionMatches(true, 0, parameter + "=", 0, parameter.length() + 1)) {
          continue;
        }
        moved.append(separator).append(pair);
        separator = "&";
      }
    }
    moved.append(separator).append(parameter).append('=').append(value).append(tail);
    return reparse(endpoint, moved.toString());
  }

  private static ServiceEndpoint reparse(ServiceEndpoint endpoint, String url) {
    return ServiceEndpoint.parse(
        endpoint.name(),
        InfraConfig.serviceKey(endpoint.name(), KEY),
        url,
        endpoint.kind(),
        endpoint.username().orElse(null),
        endpoint.password().orElse(null));
  }

  private static int firstOf(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** What differs between the servers. */
  private enum Dialect {
    POSTGRES("org.postgresql.Driver", "org.postgresql:postgresql", '"'),
    MYSQL("com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j", '`'),
    MARIADB("org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client", '`');

    final String driver;
    final String artifact;
    final char quote;

    Dialect(String driver, String artifact, char quote) {
      this.driver = driver;
      this.artifact = artifact;
      this.quote = quote;
    }

    static Dialect of(ServiceDefinition service) {
      if (service.kind().id().equals("postgres")) {
        return POSTGRES;
      }
      return ClientLibraries.isPresent(MYSQL.driver) ? MYSQL : MARIADB;
    }

    /** A name of ours (prefix, digits, hex): quoted all the same. */
    String quote(String name) {
      return quote + name + quote;
    }
  }
}
