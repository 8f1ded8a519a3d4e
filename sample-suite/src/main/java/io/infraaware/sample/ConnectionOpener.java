package io.infraaware.sample;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How HikariCP opens PostgreSQL connections: pgjdbc's data source, with every refusal remembered,
 * so health can say why the pool cannot grow, above all PostgreSQL refusing connections for
 * capacity ({@code 53300 too_many_connections}: {@code max_connections} reached, or the role's
 * {@code CONNECTION LIMIT}) while the connections the pool holds go on serving.
 */
final class ConnectionOpener implements DataSource {

  /**
   * The last connection PostgreSQL (or the network) refused.
   *
   * @param sqlState its SQLSTATE, e.g. 53300
   * @param message the driver's message
   * @param at when
   */
  record Refusal(String sqlState, String message, Instant at) {
    boolean capacity() {
      return "53300".equals(sqlState);
    }
  }

  private final PGSimpleDataSource postgres = new PGSimpleDataSource();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastOpenMillis = new AtomicLong(-1);
  private final AtomicLong maxOpenMillis = new AtomicLong(-1);
  private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
  private final AtomicReference<Instant> lastOpened = new AtomicReference<>();

  ConnectionOpener(SampleConfig config, int timeoutSeconds) {
    postgres.setURL(config.databaseUrl());
    postgres.setUser(config.databaseUser());
    postgres.setPassword(config.databasePassword());
    // socket-level bounds so a hung database cannot hold a connection longer than the pool waits
    postgres.setConnectTimeout(timeoutSeconds);
    postgres.setSocketTimeout(timeoutSeconds);
    postgres.setApplicationName("infraaware-sample");
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      long start = System.nanoTime();
      Connection connection = postgres.getConnection();
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      lastOpenMillis.set(tookMillis);
      maxOpenMillis.accumulateAndGet(tookMillis, Math::max);
      opened.incrementAndGet();
      lastOpened.set(Instant.now());
      return connection;
    } catch (SQLException e) {
      refused.incrementAndGet();
      lastRefusal.set(new Refusal(e.getSQLState(), e.getMessage(), Instant.now()));
      throw e;
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials come from the sample's configuration");
  }

  /** The last refusal, if there was one since the last connection opened. */
  Optional<Refusal> refusalSinceLastOpened() {
    Refusal refusal = lastRefusal.get();
    Instant success = lastOpened.get();
    if (refusal == null || (success != null && success.isAfter(refusal.at()))) {
      return Optional.empty();
    }
    return Optional.of(refusal);
  }

  long opened() {
    return opened.get();
  }

  long refused() {
    return refused.get();
  }

  /**
   * How long opening the last new connection took (TCP, TLS, login), in milliseconds; empty before
   * the first.
   */
  Optional<Long> lastOpenMillis() {
    long millis = lastOpenMillis.get();
    return millis < 0 ? Optional.empty() : Optional.of(millis);
  }

  /** The longest a new connection took to open since start, in milliseconds; empty before one. */
  Optional<Long> maxOpenMillis() {
    long millis = maxOpenMillis.get();
    return millis < 0 ? Optional.empty() : Optional.of(millis);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // pgjdbc logs through java.util.logging
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    postgres.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return postgres.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return postgres.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return postgres.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || postgres.isWrapperFor(type);
  }
}
