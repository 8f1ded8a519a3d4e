package io.infraaware.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Messages in PostgreSQL through a HikariCP pool sized and timed for slow networks: 50 connections,
 * a 600 s connection timeout and a 900 s lifetime as configured, all scaled.
 */
final class MessageStore implements AutoCloseable {

  private final HikariDataSource pool;
  private final Duration connectTimeout;
  private final Duration maxLifetime;
  private final ConnectionOpener opener;
  private final String url;

  /** Whether the table is known to exist: created on start, or on first use after a cold start. */
  private volatile boolean schemaReady;

  private final Object schemaLock = new Object();

  MessageStore(SampleConfig config) {
    url = config.databaseUrl();
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("sample-database");
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(config.poolMinIdle());
    // HikariCP refuses a connection timeout under 250 ms and a lifetime under 30 s.
    connectTimeout = atLeast(config.effectiveConnectTimeout(), Duration.ofMillis(250));
    hikari.setConnectionTimeout(connectTimeout.toMillis());
    maxLifetime = atLeast(config.scaled(config.dbMaxLifetime()), Duration.ofSeconds(30));
    hikari.setMaxLifetime(maxLifetime.toMillis());
    hikari.setValidationTimeout(Math.min(connectTimeout.toMillis(), 5000));
    // Start without the database: the sample degrades instead of refusing to start.
    hikari.setInitializationFailTimeout(-1);
    opener = new ConnectionOpener(config, (int) Math.max(1, connectTimeout.toSeconds()));
    hikari.setDataSource(opener);
    pool = new HikariDataSource(hikari);
  }

  private static Duration atLeast(Duration value, Duration floor) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  /** Creates the table if it is missing; safe to run on every start. */
  void createSchema() throws SQLException {
    try (Connection connection = pooled()) {
      createSchema(connection);
    }
  }

  /**
   * A connection on which the table exists: a sample started while its database was down creates
   * the table when the database returns, instead of failing every write with "relation does not
   * exist" forever.
   */
  private Connection connection() throws SQLException {
    Connection connection = pooled();
    if (!schemaReady) {
      try {
        createSchema(connection);
      } catch (SQLException e) {
        connection.close();
        // not the message's fault: whatever waits for the table (the outbox) must wait on,
        // never be dropped as refused for good
        throw new java.sql.SQLTransientException(
            "The table sample_messages could not be made ready: " + e.getMessage(),
            e.getSQLState(),
            e);
      } catch (RuntimeException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  private void createSchema(Connection connection) throws SQLException {
    synchronized (schemaLock) {
      if (schemaReady) {
        return; // made ready while this waited
      }
      if (tableExists(connection)) {
        // no DDL where the table is: a role without CREATE on the schema can still write
        schemaReady = true;
        return;
      }
      try {
        createTable(connection);
      } catch (SQLException e) {
        if (!createdMeanwhile(e)) {
          throw e;
        }
        // another backend created it at the same moment: it exists now
        createTable(connection);
      }
      schemaReady = true;
    }
  }

  private static boolean tableExists(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet found =
            statement.executeQuery("SELECT to_regclass('sample_messages') IS NOT NULL")) {
      return found.next() && found.getBoolean(1);
    }
  }

  private static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sample_messages ("
              + "id BIGSERIAL PRIMARY KEY, room TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,"
              + " created_at TIMESTAMPTZ NOT NULL, client_key TEXT UNIQUE)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS sample_messages_room ON sample_messages (room, id)");
    }
  }

  /**
   * PostgreSQL's {@code IF NOT EXISTS} looks before it locks: two sessions creating the same table
   * at once can both look, and the one that loses fails with a unique violation on the catalog
   * (23505) or "already exists" (42P07), though the table is there.
   */
  private static boolean createdMeanwhile(SQLException e) {
    return "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
  }

  /**
   * Stores a message once: a second save with the same client key returns the first.
   *
   * <p>Saves to one room are serialized by a transaction-scoped advisory lock taken before the id
   * is drawn, so a room's ids become visible in order: a reader that has seen id N has seen every
   * smaller id of the room, which is what lets a reconnecting client resume "after N" without a
   * gap.
   *
   * @param clientKey identifies the message across retries (the outbox replays with it)
   */
  Message save(String room, String author, String text, Instant createdAt, String clientKey)
      throws SQLException {
    try (Connection connection = connection();
        PreparedStatement insert = connection.prepareStatement(SAVE)) {
      return save(insert, room, author, text, createdAt, clientKey);
    }
  }

  /**
   * Runs a save and rolls it back: the statement, the driver's code path and the connection warmed
   * up before the first user's message, and nothing stored.
   */
  void rehearseSave(String room) throws SQLException {
    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(SAVE)) {
        save(
            insert,
            room,
            "warm-up",
            "warm-up",
            Instant.now(),
            java.util.UUID.randomUUID().toString());
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    }
  }

  private static final String SAVE =
      "WITH room_lock AS (SELECT pg_advisory_xact_lock(hashtext(?)))"
          + " INSERT INTO sample_messages (room, author, text, created_at, client_key)"
          + " SELECT ?, ?, ?, ?, ? FROM room_lock"
          + " ON CONFLICT (client_key) DO UPDATE SET client_key = EXCLUDED.client_key"
          + " RETURNING id, room, author, text, created_at";

  private static Message save(
      PreparedStatement insert,
      String room,
      String author,
      String text,
      Instant createdAt,
      String clientKey)
      throws SQLException {
    insert.setString(1, "infraaware-sample:" + room);
    insert.setString(2, room);
    insert.setString(3, author);
    insert.setString(4, text);
    insert.setTimestamp(5, Timestamp.from(createdAt));
    insert.setString(6, clientKey);
    try (ResultSet row = insert.executeQuery()) {
      row.next();
      return read(row);
    }
  }

  /** The newest {@code limit} messages of a room, oldest first. */
  List<Message> recent(String room, int limit) throws SQLException {
    return query(
        "SELECT * FROM (SELECT id, room, author, text, created_at FROM sample_messages WHERE room = ?"
            + " ORDER BY id DESC LIMIT ?) newest ORDER BY id",
        room,
        limit);
  }

  /** At most {@code limit} messages of a room after an id, oldest first. */
  List<Message> after(String room, long id, int limit) throws SQLException {
    try (Connection connection = connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, room, author, text, created_at FROM sample_messages"
                    + " WHERE room = ? AND id > ? ORDER BY id LIMIT ?")) {
      select.setString(1, room);
      select.setLong(2, id);
      select.setInt(3, limit);
      List<Message> messages = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          messages.add(read(rows));
        }
      }
      return messages;
    }
  }

  /**
   * Where a client that joined at {@code joinedAt} stands: every message after this id is news to
   * it. That is just before the first message accepted since the join; ids follow storing, not
   * accepting (a message queued in an outage is stored late), so a message accepted before the join
   * may come after it and be sent too, but none accepted after it is left out. With none accepted
   * since, it is the room's last id.
   */
  long positionAt(String room, Instant joinedAt) throws SQLException {
    try (Connection connection = connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT COALESCE(MIN(id) FILTER (WHERE created_at >= ?) - 1, MAX(id), 0)"
                    + " FROM sample_messages WHERE room = ?")) {
      select.setTimestamp(1, Timestamp.from(joinedAt));
      select.setString(2, room);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private List<Message> query(String sql, String room, long number) throws SQLException {
    try (Connection connection = connection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, room);
      select.setLong(2, number);
      try (ResultSet rows = select.executeQuery()) {
        List<Message> messages = new ArrayList<>();
        while (rows.next()) {
          messages.add(read(rows));
        }
        return messages;
      }
    }
  }

  private static Message read(ResultSet row) throws SQLException {
    return new Message(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getTimestamp(5).toInstant());
  }

  /** A cheap check that the database answers on a pooled connection: {@code SELECT 1}. */
  void ping() throws SQLException {
    try (Connection connection = pooled();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
  }

  /** Where PostgreSQL is (the first host of the URL), for the network check. */
  java.net.InetSocketAddress address() {
    java.util.regex.Matcher hostPort =
        java.util.regex.Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/,?]+)(?::(\\d+))?")
            .matcher(url);
    if (!hostPort.lookingAt()) {
      return java.net.InetSocketAddress.createUnresolved("localhost", 5432);
    }
    String host = hostPort.group(1).replace("[", "").replace("]", "");
    int port = hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2));
    return java.net.InetSocketAddress.createUnresolved(host, port);
  }

  /** How the pool's connections were opened, and the last refusal. */
  ConnectionOpener opener() {
    return opener;
  }

  /** The pool's connection timeout as used (scaled). */
  Duration connectTimeout() {
    return connectTimeout;
  }

  /** The pool's connection lifetime as used (scaled, at least 30 s). */
  Duration maxLifetime() {
    return maxLifetime;
  }

  /**
   * A connection from the pool, the wait for it marked on the running call ({@link
   * Guard#acquiring}): a call cut off at its deadline while it waited for a saturated pool never
   * reached the database.
   */
  private Connection pooled() throws SQLException {
    boolean saturated = saturated();
    if (saturated) {
      lastSaturated = Instant.now();
    }
    return Guard.acquiring(saturated, pool::getConnection);
  }

  private volatile Instant lastSaturated;

  /**
   * When a call last had to wait because the pool was saturated: a burst shows after it is over,
   * which a look at the pool's counts now would miss.
   */
  Optional<Instant> lastSaturated() {
    return Optional.ofNullable(lastSaturated);
  }

  /**
   * Whether the pool is saturated: no idle connection and no room to open one, so a call waiting
   * for one waits for the others' calls (load), not for the database.
   */
  private boolean saturated() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    return bean != null
        && bean.getIdleConnections() == 0
        && bean.getTotalConnections() >= pool.getMaximumPoolSize();
  }

  /** Active, idle and waiting connections, for {@code /health/infrastructure}. */
  int[] poolUsage() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return new int[] {0, 0, 0};
    }
    return new int[] {
      bean.getActiveConnections(), bean.getIdleConnections(), bean.getThreadsAwaitingConnection()
    };
  }

  @Override
  public void close() {
    pool.close();
  }
}
