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

/**
 * Messages in PostgreSQL through a HikariCP pool sized and timed for slow networks: 50 connections,
 * a 600 s connection timeout and a 900 s lifetime as configured, all scaled.
 */
final class MessageStore implements AutoCloseable {

  private final HikariDataSource pool;
  private final Duration connectTimeout;
  private final Duration maxLifetime;

  MessageStore(SampleConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("sample-database");
    hikari.setJdbcUrl(config.databaseUrl());
    hikari.setUsername(config.databaseUser());
    hikari.setPassword(config.databasePassword());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    // HikariCP refuses a connection timeout under 250 ms and a lifetime under 30 s.
    connectTimeout = atLeast(config.timeout(config.dbConnectTimeout()), Duration.ofMillis(250));
    hikari.setConnectionTimeout(connectTimeout.toMillis());
    maxLifetime = atLeast(config.scaled(config.dbMaxLifetime()), Duration.ofSeconds(30));
    hikari.setMaxLifetime(maxLifetime.toMillis());
    hikari.setValidationTimeout(Math.min(connectTimeout.toMillis(), 5000));
    // Start without the database: the sample degrades instead of refusing to start.
    hikari.setInitializationFailTimeout(-1);
    // Socket-level bounds so a hung database cannot hold a connection longer than the pool waits.
    hikari.addDataSourceProperty(
        "connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
    hikari.addDataSourceProperty(
        "socketTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
    pool = new HikariDataSource(hikari);
  }

  private static Duration atLeast(Duration value, Duration floor) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  /** Creates the table if it is missing; safe to run on every start. */
  void createSchema() throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS sample_messages ("
              + "id BIGSERIAL PRIMARY KEY, room TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL,"
              + " created_at TIMESTAMPTZ NOT NULL, client_key TEXT UNIQUE)");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS sample_messages_room ON sample_messages (room, id)");
    }
  }

  /**
   * Stores a message once: a second save with the same client key returns the first.
   *
   * @param clientKey identifies the message across retries (the outbox replays with it)
   */
  Message save(String room, String author, String text, Instant createdAt, String clientKey)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO sample_messages (room, author, text, created_at, client_key) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (client_key) DO UPDATE SET client_key = EXCLUDED.client_key"
                    + " RETURNING id, room, author, text, created_at")) {
      insert.setString(1, room);
      insert.setString(2, author);
      insert.setString(3, text);
      insert.setTimestamp(4, Timestamp.from(createdAt));
      insert.setString(5, clientKey);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return read(row);
      }
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

  /** The messages of a room after an id, oldest first: what a reconnecting client missed. */
  List<Message> after(String room, long id) throws SQLException {
    return query(
        "SELECT id, room, author, text, created_at FROM sample_messages WHERE room = ? AND id > ? ORDER BY id",
        room,
        id);
  }

  private List<Message> query(String sql, String room, long number) throws SQLException {
    try (Connection connection = pool.getConnection();
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

  /** The pool's connection timeout as used (scaled). */
  Duration connectTimeout() {
    return connectTimeout;
  }

  /** The pool's connection lifetime as used (scaled, at least 30 s). */
  Duration maxLifetime() {
    return maxLifetime;
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
